"""Accessibility checks with axe-core (vendored in tests/browser/vendor/axe-core)."""

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}
MAX_NODES = 3


def run_axe(page: Page, tags: list[str] | None = None) -> dict[str, Any]:
    """Run axe on the page's current document, limited to the WCAG 2.0/2.1 A and AA rules."""
    if not AXE_JS.is_file():
        raise AssertionError(f"axe-core is not vendored: {AXE_JS} is missing.")
    # A test may get here as soon as the new page's DOM is there; contrast is only meaningful
    # once its stylesheets have loaded (on a busy machine they lag, and the footer link would be
    # measured in the browser's default blue on the footer's dark blue).
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as an inline <script>: the app's CSP would (rightly) block that.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    # Only violations are reported in full: collecting every pass costs more than the check.
    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    result: dict[str, Any] = page.evaluate("(options) => axe.run(document, options)", options)
    return result


def serious_violations(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in result["violations"] if v.get("impact") in SERIOUS]


def format_violations(violations: list[dict[str, Any]], url: str = "") -> str:
    """One readable block per rule: id, impact, help (with link) and the first few elements."""
    lines = [f"{len(violations)} serious/critical axe violation(s)" + (f" on {url}" if url else "")]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        nodes = violation["nodes"]
        for node in nodes[:MAX_NODES]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
        if len(nodes) > MAX_NODES:
            lines.append(f"    ... and {len(nodes) - MAX_NODES} more element(s)")
    return "\n".join(lines)


def assert_no_serious_axe_violations(page: Page, tags: list[str] | None = None) -> None:
    """Fail with a readable list if axe finds serious or critical WCAG 2.1 A/AA violations."""
    violations = serious_violations(run_axe(page, tags))
    if violations:
        raise AssertionError(format_violations(violations, page.url))
