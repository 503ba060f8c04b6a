"""Smoke tests: the Werkagenda overview in a real browser."""

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import LiveServer


def test_overview_page_renders_the_seeded_werkagenda(
    page: Page, live_server: LiveServer, page_errors: list[str], failed_requests: list[str]
) -> None:
    response = page.goto(live_server.url + "/")

    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_title(re.compile("Werkagenda E5"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht van de afspraken")
    expect(page.get_by_role("link", name=re.compile(r"^5a\. Uniforme definities"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("17 van 17 afspraken"))).to_be_visible()
    page.wait_for_load_state("load")
    assert page_errors == []
    assert failed_requests == []


def test_overview_page_has_no_serious_axe_violations(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")

    assert_no_serious_axe_violations(page)
