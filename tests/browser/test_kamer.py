"""The Kamer register in a real browser: filter, search, open a motie, mark it afgedaan by a
document as secretariaat, see the history; and axe on the register's pages.

The browser tests share one database: the motie this test changes is one it adds itself, with a
word no other test uses.
"""

import re
from uuid import uuid4

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import LEAD, SECRETARIAAT, SignIn, wait_for_htmx


def rows(page: Page) -> list[str]:
    found: list[str] = page.locator("#resultaten tr[data-commitment]").evaluate_all(
        "rows => rows.map(row => row.dataset.commitment)"
    )
    return found


def test_walk_the_register_and_mark_a_motie_afgedaan(
    page: Page, sign_in: SignIn, page_errors: list[str], failed_requests: list[str]
) -> None:
    word = f"zuurstof{uuid4().hex[:8]}"
    sign_in(page, SECRETARIAAT)

    # Add the motie this walk is about, as after a debate.
    page.goto("/kamer/moties")
    page.get_by_role("link", name="Motie toevoegen").click()
    page.get_by_label("Tekst", exact=True).fill(
        f"Verzoekt de regering een voorraad {word} aan te leggen."
    )
    page.get_by_label("Indieners").fill("Tielen (VVD)")
    page.get_by_label("Kamerstuk van de motie").fill("29 477, nr. 999")
    page.get_by_role("button", name="Motie toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Motie mt-")
    key = page.url.rsplit("/", 1)[-1]

    # Filter and search: htmx swaps the list and puts the choices in the address.
    page.get_by_role("navigation", name="Kamerregister").get_by_role("link", name="Moties").click()
    # The list page must have loaded (and htmx with it) before a choice can trigger its swap.
    expect(page).to_have_url(re.compile(r"/kamer/moties$"))
    page.wait_for_load_state("load")
    page.get_by_label("Status", exact=True).select_option("open")
    wait_for_htmx(page)
    expect(page).to_have_url(re.compile(r"[?&]status=open(&|$)"))
    expect(page.locator(f'#resultaten tr[data-commitment="{key}"]')).to_have_count(1)
    page.get_by_label("Zoeken").fill(word)
    wait_for_htmx(page)
    expect(page).to_have_url(re.compile(rf"[?&]q={word}(&|$)"))
    expect(page.locator("#resultaten tr[data-commitment]")).to_have_count(1)
    assert rows(page) == [key]
    expect(page.get_by_role("table")).to_contain_text("Tielen (VVD)")
    assert_no_serious_axe_violations(page)

    # Open it and mark it afgedaan by the nota.
    page.locator("#resultaten").get_by_role("link", name=re.compile(word)).click()
    expect(page).to_have_url(re.compile(rf"/kamer/moties/{key}$"))
    expect(page.locator("#status")).to_contain_text("Open")
    page.get_by_role("link", name="Status wijzigen").click()
    assert_no_serious_axe_violations(page)
    page.get_by_label("Nieuwe status").select_option("afgedaan")
    page.get_by_label("Reden").fill(f"Afgedaan in de voortgangsbrief ({word}).")
    page.get_by_role("button", name="Status opslaan").click()
    # Without the document the Kamer cannot see how it was settled: refused, explained.
    expect(page.get_by_label("Document")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_serious_axe_violations(page)
    expect(page.get_by_label("Reden")).to_have_value(f"Afgedaan in de voortgangsbrief ({word}).")
    page.get_by_label("Document").select_option("nota-2026-03-23")
    page.get_by_role("button", name="Status opslaan").click()

    expect(page).to_have_url(re.compile(rf"/kamer/moties/{key}#statusgeschiedenis$"))
    expect(page.locator("#meldingen")).to_contain_text("is nu 'Afgedaan'")
    expect(page.locator("#status")).to_contain_text("Afgedaan")
    newest = page.locator("#statusgeschiedenis li").first
    expect(newest).to_contain_text("Open → Afgedaan")
    expect(newest).to_contain_text("Secretariaat VBG")
    expect(newest).to_contain_text(f"Reden: Afgedaan in de voortgangsbrief ({word}).")
    expect(newest.get_by_role("link")).to_have_attribute(
        "href", "/kamer/kamerstukken/nota-2026-03-23"
    )
    expect(page.locator("#statusgeschiedenis li")).to_have_count(2)
    assert_no_serious_axe_violations(page)

    # The document page now lists it among what it settled.
    newest.get_by_role("link").click()
    expect(page.locator("[data-sectie=vervult]")).to_contain_text(key)
    assert page_errors == []
    assert failed_requests == ["422 POST /kamer/moties/" + key + "/status"]


def test_filters_work_without_javascript(nojs_page: Page, page_errors: list[str]) -> None:
    page = nojs_page
    page.goto("/kamer/toezeggingen")
    page.get_by_label("Termijn").select_option("te_laat")
    page.get_by_role("button", name="Filter toepassen").click()
    expect(page).to_have_url(re.compile(r"periode=te_laat"))
    late = page.locator("#resultaten tr[data-commitment]")
    expect(late.first).to_be_visible()
    assert late.count() == page.locator("#resultaten [data-te-laat]").count()
    assert page_errors == []


def test_register_pages_have_no_serious_axe_violations(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    for path in (
        "/kamer/toezeggingen",
        "/kamer/toezeggingen?periode=te_laat&partij=KNMP",
        "/kamer/toezeggingen?status=onbekend&afspraak=99",
        "/kamer/moties?q=bestaat-nergens",
        "/kamer/toezeggingen/tz-2026-herziening-wgp-gvs",
        "/kamer/moties/mt-bushoff-centraal-meldpunt",
        "/kamer/kamerstukken",
        "/kamer/kamerstukken/nota-2026-03-23",
        "/kamer/kamerstukken/kst-29477-969",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_no_serious_axe_violations(page)
    sign_in(page, SECRETARIAAT)
    for path in (
        "/kamer/toezeggingen/nieuw",
        "/kamer/moties/nieuw",
        "/kamer/toezeggingen/tz-2026-herziening-wgp-gvs/bewerken",
        "/kamer/moties/mt-bushoff-centraal-meldpunt/status",
        "/te-rapporteren",
        "/",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_no_serious_axe_violations(page)
    # A form with its errors shown.
    page.goto("/kamer/toezeggingen/nieuw")
    page.get_by_label("Termijn zoals geschreven").fill("ooit")
    page.get_by_role("button", name="Toezegging toevoegen").click()
    expect(page.get_by_label("Tekst", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_no_serious_axe_violations(page)
    sign_in(page, LEAD)
    page.goto("/te-rapporteren")
    assert_no_serious_axe_violations(page)
    assert page_errors == []
