"""A first visit to a planning page in headless Chromium: the time until the chart is drawn.

Each visit is a new browser context (an empty cache), as for someone who never came before. The
time runs from the start of the navigation until gantt.js marks the chart drawn
(`#grafiek[data-rendered=true]`); the bytes are what went over the wire for the page and everything
it loaded. Used by scripts/benchmark.py; alone: python scripts/first_visit.py URL [VISITS].
"""

import statistics
import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
DRAWN = "#grafiek[data-rendered=true]"


def first_visits(url: str, visits: int = 5) -> tuple[float, float, int]:
    """Median and worst milliseconds until the chart is drawn, and the bytes of one visit."""
    times: list[float] = []
    transferred = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(visits):
                context = browser.new_context()
                page = context.new_page()
                page.goto(url, wait_until="commit", timeout=120_000)
                page.wait_for_selector(DRAWN, timeout=120_000)
                times.append(page.evaluate("performance.now()"))
                transferred = page.evaluate(
                    """performance.getEntriesByType("navigation")[0].transferSize +
                    performance.getEntriesByType("resource")
                      .reduce((sum, r) => sum + r.transferSize, 0)"""
                )
                context.close()
        finally:
            browser.close()
    return statistics.median(times), max(times), int(transferred)


if __name__ == "__main__":
    median, worst, size = first_visits(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    sys.stdout.write(f"median {median:.0f} ms, worst {worst:.0f} ms, {size:,} bytes\n")
