"""The agenda page in a real browser: accessible, and the copy button copies the feed address."""

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import LiveServer


def test_agenda_page_copies_a_feed_address_and_has_no_serious_axe_violations(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    page_errors: list[str],
    failed_requests: list[str],
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    response = page.goto(live_server.url + "/agenda")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda-abonnementen")
    address = f"{live_server.url}/agenda/mijlpalen.ics"
    subscribe = page.get_by_role("link", name="Abonneren op alle mijlpalen")
    expect(subscribe).to_have_attribute("href", address.replace("http://", "webcal://"))

    page.get_by_role("button", name="Kopieer het adres van alle mijlpalen").click()

    feed = page.locator(".app-feed").filter(has=page.locator("#feed-mijlpalen"))
    expect(feed.get_by_role("status")).to_have_text("Adres gekopieerd.")
    assert page.evaluate("navigator.clipboard.readText()") == address

    for summary in page.locator("details > summary").all():
        summary.click()  # axe only checks what is rendered: open the per-afspraak/partij tables
    expect(page.get_by_role("table", name="Agenda-adres per partij")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert page_errors == []
    assert failed_requests == []


def test_without_javascript_the_address_is_there_to_select_and_no_dead_button(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/agenda")
        expect(page.locator("#feed-mijlpalen")).to_have_text(
            f"{live_server.url}/agenda/mijlpalen.ics"
        )
        expect(page.locator("#feed-mijlpalen")).to_be_visible()
        expect(
            page.get_by_role("button", name="Kopieer het adres van alle mijlpalen")
        ).to_be_hidden()
    finally:
        context.close()
