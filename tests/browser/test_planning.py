"""The planning charts in headless Chromium: drawn without errors, the markers the rows ask for,
accessible, exportable as PNG and SVG, readable at the Werkagenda's size and at ten times that.

test_screenshot_of_the_whole_planning writes a full-page screenshot of /planning (planning.png) and
one of the chart alone (planning-grafiek.png): to the test's tmp_path, or to $E5_SCREENSHOT_DIR
when that is set, e.g.

    E5_SCREENSHOT_DIR=/tmp/shots .venv/bin/python -m pytest tests/browser -k screenshot
"""

import dataclasses
import json
import os
import struct
from pathlib import Path
from typing import Any

import plotly.io as pio
import pytest
from playwright.sync_api import Page, expect

from app.clock import today
from app.db import get_session
from app.gantt.figures import build_gantt, figure_config
from app.gantt.queries import load_planning
from app.gantt.rows import GanttRow
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import LiveServer

PAGES = [
    "/planning",
    "/planning?periode=alles",
    "/planning/afspraken/5b",
    "/planning/afspraken/5",
    "/planning/partijen/KNMP",
    "/planning?periode=Q3-2026",
    "/planning/verschuivingen",
]
RENDER_TIMEOUT_MS = 30_000

# Per trace of the chart: its kind, and how many points the data has and the SVG draws.
DRAWN = """() => {
  const gd = document.getElementById("grafiek");
  const bars = Array.from(gd.querySelectorAll(".subplot.xy .barlayer g.trace"));
  let bar = 0;
  return gd._fullData.map((t) => {
    const group = t.type === "bar" ? bars[bar++] : gd.querySelector(".trace" + t.uid);
    const data = (t.x || []).filter((x) => x !== null).length;
    const drawn = group ? group.querySelectorAll(".point").length : 0;
    return {kind: t.meta.kind, type: t.type, mode: t.mode || "", data: data, drawn: drawn};
  });
}"""


def open_chart(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_selector("#grafiek[data-rendered=true]", timeout=RENDER_TIMEOUT_MS)


def drawn(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(DRAWN)
    return result


def count(traces: list[dict[str, Any]], kind: str, key: str = "drawn") -> int:
    return sum(t[key] for t in traces if t["kind"] == kind)


@pytest.mark.parametrize("path", PAGES)
def test_chart_renders_without_errors_and_draws_every_point(
    page: Page,
    live_server: LiveServer,
    page_errors: list[str],
    failed_requests: list[str],
    path: str,
) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )

    open_chart(page, live_server.url + path)

    traces = drawn(page)
    assert traces, "no traces"
    for t in traces:
        if t["kind"] == "as" or t["mode"] == "lines":
            continue  # the invisible lower-axis trace and the slip lines have no markers
        assert t["drawn"] == t["data"] > 0, t
    # The today line and its label, unless today lies outside the chosen period.
    today_shown = 0 if "Q3-2026" in path else 1
    expect(page.locator("#grafiek .annotation-text", has_text="vandaag")).to_have_count(today_shown)
    assert page_errors == []
    assert failed_requests == []
    assert outside == []  # nothing from a CDN or anywhere else


@pytest.mark.parametrize("path", [p for p in PAGES if "verschuivingen" not in p])
def test_markers_match_the_rows_of_the_table(
    page: Page, live_server: LiveServer, path: str
) -> None:
    open_chart(page, live_server.url + path)

    traces = drawn(page)
    table = page.locator("#planning-tabel tbody tr")
    dated_mijlpalen = table.locator("xpath=self::*[@data-kind='mijlpaal'][@data-dated='ja']")
    undated = table.locator("xpath=self::*[@data-dated='nee']")
    dated_activities = table.locator("xpath=self::*[@data-kind='activiteit'][@data-dated='ja']")
    assert count(traces, "mijlpaal") == dated_mijlpalen.count() > 0
    assert count(traces, "activiteit") == dated_activities.count()
    assert count(traces, "ntb") == undated.count()
    # Every row of the table is a row of the chart, in the same order.
    labels = page.locator("#grafiek .ytick").count()
    assert labels == table.count()


def test_whole_planning_draws_the_werkagenda(page: Page, live_server: LiveServer) -> None:
    open_chart(page, live_server.url + "/planning?periode=alles")

    traces = drawn(page)
    assert count(traces, "mijlpaal") == 44  # 47, of which 3 have no date (n.t.b.)
    assert count(traces, "ntb") == 3 + 41
    assert count(traces, "activiteit") == 75 - 41
    assert count(traces, "looptijd") == 17
    # Quarter labels ("Q1" over "2026", so the text runs together),
    # above and below the rows.
    quarters = page.locator("#grafiek .xtick text").all_text_contents()
    assert quarters[:2] == ["Q32024", "Q42024"] and "Q12026" in quarters
    assert len(quarters) == 19  # Q3 2024 to Q1 2029
    assert page.locator("#grafiek .x2tick text").all_text_contents() == quarters


def test_default_period_draws_its_quarters_and_the_labels_fit(
    page: Page, live_server: LiveServer
) -> None:
    open_chart(page, live_server.url + "/planning")

    quarters = page.locator("#grafiek .xtick text").all_text_contents()
    # From the oldest open late mijlpaal (3's A, Q1 2025) to five quarters after today's.
    assert quarters[0] == "Q12025" and quarters[-1] == "Q12028"
    assert labels_fit(page, "#grafiek") == []
    # gantt.js sized the left margin itself: plotly's automargin would draw the chart twice.
    fitted = page.evaluate(
        """() => { const gd = document.getElementById("grafiek");
          return [gd.layout.yaxis.automargin, gd._fullLayout.margin.l]; }"""
    )
    assert fitted[0] is False and fitted[1] > 100


def test_period_form_puts_the_period_in_the_url(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/planning")
    page.select_option("#kwartaal-periode", "alles")
    page.get_by_role("button", name="Toon periode").click()
    page.wait_for_selector("#grafiek[data-rendered=true]", timeout=RENDER_TIMEOUT_MS)

    assert page.url.endswith("/planning?periode=alles")
    expect(page.locator("#periode-getoond")).to_contain_text("Getoond: alles")


def test_planning_pages_have_no_serious_axe_violations(page: Page, live_server: LiveServer) -> None:
    for path in PAGES:
        open_chart(page, live_server.url + path)
        assert_no_serious_axe_violations(page)


def test_png_and_svg_downloads(page: Page, live_server: LiveServer, tmp_path: Path) -> None:
    open_chart(page, live_server.url + "/planning/afspraken/5b")

    with page.expect_download() as svg_download:
        page.locator("button[data-gantt-download=svg]").click()
    with page.expect_download() as png_download:
        page.locator("button[data-gantt-download=png]").click()

    svg = svg_download.value
    assert svg.suggested_filename == "werkagenda-e5-planning-afspraak-5b.svg"
    svg_path = tmp_path / svg.suggested_filename
    svg.save_as(svg_path)
    text = svg_path.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "vandaag" in text and "Mijlpaal A" in text
    png = png_download.value
    assert png.suggested_filename == "werkagenda-e5-planning-afspraak-5b.png"
    png_path = tmp_path / png.suggested_filename
    png.save_as(png_path)
    width, height = png_size(png_path)
    layout_height = page.evaluate("() => document.getElementById('grafiek').layout.height")
    assert (width, height) == (1400 * 2, layout_height * 2)  # every row, at twice the pixels


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def labels_fit(page: Page, holder: str) -> list[str]:
    """Row labels that stick out of the chart on the left or run into the plot area."""
    result: list[str] = page.evaluate(
        """(holder) => {
          const gd = document.querySelector(holder);
          const left = gd.getBoundingClientRect().left;
          const plot = gd.querySelector(".draglayer .xy .nsewdrag").getBoundingClientRect().left;
          return Array.from(gd.querySelectorAll(".ytick text"))
            .filter((t) => {
              const box = t.getBoundingClientRect();
              return box.left < left - 0.5 || box.right > plot + 0.5;
            })
            .map((t) => t.textContent);
        }""",
        holder,
    )
    return result


def test_screenshot_of_the_whole_planning(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    open_chart(page, live_server.url + "/planning")
    folder = Path(os.environ.get("E5_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "planning.png"

    page.screenshot(path=str(path), full_page=True)
    page.locator("#grafiek").screenshot(path=str(folder / "planning-grafiek.png"))

    width, height = png_size(path)
    figure = page.locator("#grafiek").bounding_box()
    assert figure is not None
    assert width == 1280 and height >= figure["y"] + figure["height"]
    assert labels_fit(page, "#grafiek") == []
    # Rows are 24 pixels apart: the labels do not overlap.
    ticks = page.locator("#grafiek .ytick text")
    first, second = ticks.nth(0).bounding_box(), ticks.nth(1).bounding_box()
    assert first and second and second["y"] - first["y"] >= 23


def test_ten_times_the_werkagenda_stays_readable(page: Page, live_server: LiveServer) -> None:
    with live_server.app.app_context():
        planning = load_planning(session=get_session(), today=today())
    rows = [copy(row, n) for n in range(10) for row in planning.rows]
    figure = build_gantt(rows, today=planning.today, dependencies=planning.dependencies)
    single = build_gantt(planning.rows, today=planning.today, dependencies=planning.dependencies)
    open_chart(page, live_server.url + "/planning")

    # Both figures drawn side by side: the browser database is shared with tests that add
    # forecasts and reached dates, so the marker count is compared, not hard-coded.
    result = page.evaluate(
        """async ([figures, config]) => {
          const drawn = [];
          for (const [id, figure] of figures) {
            const holder = document.createElement("div");
            holder.id = id;
            document.querySelector("main").appendChild(holder);
            await Plotly.newPlot(holder, figure.data, figure.layout, config);
            drawn.push({
              traces: holder.data.length,
              height: holder.getBoundingClientRect().height,
              points: holder.querySelectorAll(".scatterlayer .point").length,
            });
          }
          return drawn;
        }""",
        [
            [
                ["tien", json.loads(pio.to_json(figure))],  # validated by plotly on the way
                ["een", json.loads(pio.to_json(single))],
            ],
            figure_config("tien"),
        ],
    )
    result, one = result

    assert len(rows) == 10 * len(planning.rows)
    assert result["traces"] == len(single["data"])
    assert result["height"] == figure["layout"]["height"] > 10 * len(planning.rows) * 24
    assert one["points"] > 40  # mijlpalen and n.t.b. markers of the real plan
    assert result["points"] == 10 * one["points"]
    assert labels_fit(page, "#tien") == []


def copy(row: GanttRow, n: int) -> GanttRow:
    """The row in the n-th copy of the plan, under its own keys."""
    code = f"{row.afspraak_code}-{n}"
    return dataclasses.replace(
        row,
        key=f"{row.key}#{n}",
        afspraak_code=code,
        group=f"{row.group}-{n}",
    )
