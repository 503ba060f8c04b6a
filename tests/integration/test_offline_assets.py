"""Nothing the app sends makes a browser fetch from the internet: users run it on closed networks.

Every script, style sheet and font is served by the app (vendored under app/static). The vendored
files may still hold an http(s) address only as an XML namespace name (never fetched) or inside a
licence banner; scripts/vendor_assets.sh blanks plotly.js's own endpoint defaults (Chart Studio
upload, map data). The browser tests check the same from the other side: a page requests nothing
from another origin (tests/browser/test_planning.py).
"""

import re
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

STATIC = PROJECT_ROOT / "app" / "static"
STATIC_DIRS = (STATIC, PROJECT_ROOT / "app" / "gantt" / "static")
TEMPLATES = PROJECT_ROOT / "app" / "templates"
URL_RE = re.compile(r"https?://[^\s\"'`)\\]+")
# XML namespace names: identifiers that no browser fetches.
NAMESPACE_RE = re.compile(
    r"^http://www\.w3\.org/(?:1999/xhtml|1999/xlink|2000/svg|2000/xmlns/|XML/1998/namespace)$"
)
LICENCE_RE = re.compile(r"@license|@preserve|@copyright|License:", re.IGNORECASE)
# What a template would make the browser load: a script, a style sheet, an image, a frame, a font.
TEMPLATE_ASSET_RE = re.compile(
    r"(?:<script[^>]*\ssrc|<link[^>]*\shref|<img[^>]*\ssrc|<iframe[^>]*\ssrc|url\()"
    r"""\s*=?\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def served_files() -> list[Path]:
    suffixes = {".js", ".css", ".html", ".svg", ".json"}
    return sorted(p for d in STATIC_DIRS for p in d.rglob("*") if p.suffix in suffixes)


def outside_addresses(path: Path, root: Path = PROJECT_ROOT) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for url in URL_RE.findall(line):
            if NAMESPACE_RE.match(url) or LICENCE_RE.search(line):
                continue
            found.append(f"{path.relative_to(root)}:{number}: {url}")
    return found


def test_there_are_vendored_files_to_check() -> None:
    names = {p.name for p in served_files()}
    assert {"plotly-basic.min.js", "htmx.min.js", "components.css", "gantt.js"} <= names


@pytest.mark.parametrize("path", served_files(), ids=lambda p: p.name)
def test_a_served_file_names_no_internet_address(path: Path) -> None:
    assert outside_addresses(path) == []


def test_plotly_endpoint_defaults_are_blank() -> None:
    bundle = (STATIC / "vendor" / "plotly" / "plotly-basic.min.js").read_text(encoding="utf-8")
    assert 'plotlyServerURL:{valType:"string",dflt:""}' in bundle
    assert 'topojsonURL:{valType:"string",noBlank:!0,dflt:""}' in bundle
    assert "cdn.plot.ly" not in bundle and "cloud.plotly.com" not in bundle


def test_the_check_finds_an_address_where_there_is_one(tmp_path: Path) -> None:
    sample = tmp_path / "probe.js"
    sample.write_text(
        'var x = "https://cdn.example.org/lib.js";\n// MIT License: http://example.org\n'
        'var ns = "http://www.w3.org/2000/svg";\n'
    )
    assert outside_addresses(sample, root=tmp_path) == [
        "probe.js:1: https://cdn.example.org/lib.js"
    ]


def test_no_template_loads_an_asset_from_elsewhere() -> None:
    offenders = [
        str(p.relative_to(PROJECT_ROOT))
        for p in TEMPLATES.rglob("*.html")
        if TEMPLATE_ASSET_RE.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
