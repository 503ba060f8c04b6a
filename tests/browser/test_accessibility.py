"""axe-core on every page and state of the app: no serious or critical WCAG 2.1 A/AA violation.

Pages are checked as the visitor who sees them (anonymous, partij-rapporteur, secretariaat,
lezer), with their forms blank, with validation errors, and opened inline with htmx. Nothing here
saves anything: every submitted form is refused, so the shared database stays as it was.
"""

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, expect

from reports.excel_template import SHEET, TemplateItem, build_template
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import (
    LEAD,
    LEZER,
    SECRETARIAAT,
    Account,
    LiveServer,
    SignIn,
    new_context,
    wait_for_htmx,
    watch,
)

Visit = Callable[[Account | None], Page]


@pytest.fixture(scope="module")
def contexts(
    browser: Browser, live_server: LiveServer, sign_in: SignIn
) -> Iterator[Callable[[Account | None], BrowserContext]]:
    """One browser context per visitor for this module: pages share its cookies and cache.

    That is safe here because nothing in this module saves anything or leaves a flash message.
    """
    made: dict[str, BrowserContext] = {}

    def context_for(account: Account | None) -> BrowserContext:
        key = account.email if account else ""
        if key not in made:
            made[key] = new_context(browser, live_server)
            if account:
                sign_in(made[key], account)
        return made[key]

    yield context_for
    for context in made.values():
        context.close()


@pytest.fixture
def visit(
    contexts: Callable[[Account | None], BrowserContext],
    live_server: LiveServer,
    page_errors: list[str],
    failed_requests: list[str],
) -> Iterator[Visit]:
    """`visit(account)`: a new tab as that visitor (None: anonymous), recording its errors."""
    pages: list[Page] = []

    def visit(account: Account | None) -> Page:
        page = watch(contexts(account).new_page(), live_server, page_errors, failed_requests)
        pages.append(page)
        return page

    yield visit
    for page in pages:
        page.close()


# (who, path, expected status); "{lezer}" is the lezer's user id.
PAGES = [
    pytest.param(None, "/", 200, id="overzicht"),
    pytest.param(None, "/?partij=KNMP&rol=opsteller", 200, id="overzicht-gefilterd"),
    pytest.param(None, "/?partij=KPMG&rol=opsteller", 200, id="overzicht-leeg"),
    pytest.param(None, "/?partij=ONBEKEND&rol=baas", 200, id="overzicht-onbekend-filter"),
    pytest.param(None, "/afspraken/1", 200, id="afspraak-1"),
    pytest.param(None, "/afspraken/3", 200, id="afspraak-3"),
    pytest.param(None, "/afspraken/5", 200, id="afspraak-5"),
    pytest.param(None, "/afspraken/5b", 200, id="afspraak-5b"),
    pytest.param(None, "/afspraken/5d", 200, id="afspraak-5d"),
    pytest.param(None, "/partijen", 200, id="partijen"),
    pytest.param(None, "/partijen/KNMP", 200, id="partij-knmp"),
    pytest.param(None, "/toegankelijkheid", 200, id="toegankelijkheid"),
    pytest.param(None, "/open-data", 200, id="open-data"),
    pytest.param(None, "/inloggen", 200, id="inloggen"),
    pytest.param(None, "/bestaat-niet", 404, id="404"),
    pytest.param(LEAD, "/te-rapporteren", 200, id="lead-te-rapporteren"),
    pytest.param(LEAD, "/afspraken/3", 200, id="lead-afspraak-3"),
    pytest.param(LEAD, "/afspraken/4", 200, id="lead-afspraak-4"),
    pytest.param(LEAD, "/afspraken/3/voortgang", 200, id="lead-voortgang-afspraak"),
    pytest.param(LEAD, "/afspraken/3/mijlpalen/A/voortgang", 200, id="lead-voortgang-mijlpaal"),
    pytest.param(LEAD, "/afspraken/4/mijlpalen/Mijlpaal%202/voortgang", 200, id="lead-voortgang-4"),
    pytest.param(LEAD, "/afspraken/5c/voortgang", 403, id="lead-403"),
    pytest.param(LEAD, "/excel/inlezen", 200, id="lead-excel-inlezen"),
    pytest.param(SECRETARIAAT, "/te-rapporteren", 200, id="secretariaat-te-rapporteren"),
    pytest.param(SECRETARIAAT, "/afspraken/10", 200, id="secretariaat-afspraak-10"),
    pytest.param(SECRETARIAAT, "/afspraken/3/mijlpalen/A/plan", 200, id="secretariaat-plan"),
    pytest.param(SECRETARIAAT, "/gebruikers", 200, id="gebruikers"),
    pytest.param(SECRETARIAAT, "/gebruikers/nieuw", 200, id="gebruiker-nieuw"),
    pytest.param(SECRETARIAAT, "/gebruikers/{lezer}", 200, id="gebruiker-bewerken"),
    pytest.param(LEZER, "/te-rapporteren", 200, id="lezer-te-rapporteren"),
    pytest.param(LEZER, "/afspraken/3", 200, id="lezer-afspraak-3"),
    pytest.param(LEZER, "/gebruikers", 403, id="lezer-403"),
]


@pytest.mark.parametrize(("account", "path", "status"), PAGES)
def test_page_has_no_serious_axe_violations(
    visit: Visit,
    accounts: dict[str, int],
    page_errors: list[str],
    account: Account | None,
    path: str,
    status: int,
) -> None:
    page = visit(account)

    response = page.goto(path.format(lezer=accounts[LEZER.email]))

    assert response is not None and response.status == status
    assert_no_serious_axe_violations(page)
    assert page_errors == []


# --- Forms with their errors shown -------------------------------------------------------------


def test_failed_login(visit: Visit, accounts: dict[str, int], page_errors: list[str]) -> None:
    page = visit(None)
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(LEAD.email)
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_new_user_form_with_errors(visit: Visit, page_errors: list[str]) -> None:
    page = visit(SECRETARIAAT)
    page.goto("/gebruikers/nieuw")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_label("Wachtwoord").fill("kort")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("alert")).to_contain_text("Er is niets opgeslagen")
    expect(page.get_by_label("Naam", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_edit_user_form_with_errors(
    visit: Visit, accounts: dict[str, int], page_errors: list[str]
) -> None:
    page = visit(SECRETARIAAT)
    page.goto(f"/gebruikers/{accounts[LEZER.email]}")
    page.get_by_label("Naam", exact=True).fill("")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("alert")).to_contain_text("Er is niets opgeslagen")
    expect(page.get_by_label("Naam", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_afspraak_form_page_with_errors(visit: Visit, page_errors: list[str]) -> None:
    page = visit(LEAD)
    page.goto("/afspraken/3/voortgang")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("alert")).to_contain_text("Vul minstens een status")
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_excel_preview_with_errors(visit: Visit, page_errors: list[str], tmp_path: Path) -> None:
    # A row the tracker does not know: the preview lists it as an error and records nothing.
    item = TemplateItem("3/ZZ", True, "Onbekend", "Q1-2027", "Op schema", None, "")
    data = build_template("KNMP", "KNMP", [item], datetime(2026, 11, 25, tzinfo=UTC))
    workbook = load_workbook(BytesIO(data))
    workbook[SHEET]["I2"] = "Tekst die niet wordt vastgelegd."
    path = tmp_path / "knmp.xlsx"
    workbook.save(path)
    page = visit(LEAD)
    page.goto("/excel/inlezen")
    page.get_by_label("Ingevuld sjabloon (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Inlezen").click()

    expect(page.get_by_role("alert")).to_contain_text("er wordt niets vastgelegd")
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_mijlpaal_form_page_with_errors(visit: Visit, page_errors: list[str]) -> None:
    page = visit(LEAD)
    page.goto("/afspraken/3/mijlpalen/A/voortgang")
    page.get_by_label("Nieuwe verwachte datum").fill("volgende week")
    page.get_by_label("Bereikt op").fill("2026-11-01")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_label("Nieuwe verwachte datum")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Vink 'Mijlpaal bereikt' aan")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_plan_form_page_with_errors(visit: Visit, page_errors: list[str]) -> None:
    page = visit(SECRETARIAAT)
    page.goto("/afspraken/3/mijlpalen/A/plan")
    page.get_by_label("Omschrijving van de mijlpaal").fill("")
    page.get_by_label("Geplande datum").fill("ooit eens")
    page.get_by_role("button", name="Plan wijzigen").click()

    expect(page.get_by_label("Reden van de wijziging")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Geplande datum")).to_have_attribute("aria-invalid", "true")
    assert_no_serious_axe_violations(page)
    assert page_errors == []


# --- Inline forms (htmx) -----------------------------------------------------------------------


def test_inline_progress_forms_with_errors(visit: Visit, page_errors: list[str]) -> None:
    """Both inline forms open at once on afspraak 4 (labels with spaces), blank and refused."""
    page = visit(LEAD)
    page.goto("/afspraken/4")

    page.get_by_role("link", name="Voortgang melden over 4").click()
    afspraak_form = page.get_by_role("region", name="Voortgang melden over afspraak 4")
    expect(afspraak_form.get_by_label("Status")).to_be_focused()
    page.get_by_role("link", name="Voortgang melden voor mijlpaal Mijlpaal 2").click()
    mijlpaal_form = page.get_by_role("form", name=re.compile("^Voortgang melden voor mijlpaal"))
    expect(mijlpaal_form.get_by_label("Status")).to_be_focused()
    wait_for_htmx(page)
    assert_no_serious_axe_violations(page)

    afspraak_form.get_by_role("button", name="Opslaan").click()
    expect(afspraak_form.get_by_role("alert")).to_contain_text("Vul minstens")
    mijlpaal_form.get_by_label("Nieuwe verwachte datum").fill("volgende week")
    mijlpaal_form.get_by_label("Mijlpaal bereikt").check()
    mijlpaal_form.get_by_role("button", name="Opslaan").click()
    expect(mijlpaal_form.get_by_label("Bereikt op")).to_have_attribute("aria-invalid", "true")
    expect(mijlpaal_form.get_by_label("Nieuwe verwachte datum")).to_have_attribute(
        "aria-invalid", "true"
    )
    wait_for_htmx(page)
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_inline_plan_form_with_errors(visit: Visit, page_errors: list[str]) -> None:
    page = visit(SECRETARIAAT)
    page.goto("/afspraken/10")

    page.get_by_role("link", name="Plan wijzigen van mijlpaal Mijlpaal 1").click()
    form = page.get_by_role("form", name="Plan wijzigen van mijlpaal Mijlpaal 1")
    expect(form.get_by_label("Geplande datum")).to_be_focused()
    page.get_by_role("link", name="Voortgang melden voor mijlpaal Mijlpaal 2").click()
    expect(page.get_by_role("form", name=re.compile("^Voortgang melden voor"))).to_be_visible()
    wait_for_htmx(page)
    assert_no_serious_axe_violations(page)

    form.get_by_label("Geplande datum").fill("ooit eens")
    form.get_by_role("button", name="Plan wijzigen").click()
    expect(form.get_by_label("Reden van de wijziging")).to_have_attribute("aria-invalid", "true")
    wait_for_htmx(page)
    assert_no_serious_axe_violations(page)
    assert page_errors == []


def test_refused_htmx_request_shows_a_message(
    visit: Visit, page_errors: list[str], failed_requests: list[str]
) -> None:
    """A write htmx cannot swap (here a 403) is announced in the message area, not lost."""
    page = visit(LEAD)
    page.goto("/afspraken/3")

    page.evaluate(
        "() => htmx.ajax('POST', '/afspraken/5c/voortgang', "
        "{target: '#status', swap: 'outerHTML', values: {public_text: 'x'}})"
    )

    expect(page.locator("#meldingen")).to_contain_text("U mag geen voortgang melden")
    assert failed_requests == ["403 POST /afspraken/5c/voortgang"]
    assert_no_serious_axe_violations(page)
    # htmx itself logs the refused request in the console; nothing else may log an error.
    assert [e for e in page_errors if "Response Status Error Code 403" not in e] == []


# --- Keyboard ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/afspraken/3"])
def test_skip_link_is_first_and_moves_focus_to_main(
    visit: Visit, page_errors: list[str], path: str
) -> None:
    page = visit(None)
    page.goto(path)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert in_main, "the next Tab after the skip link leaves the main content"
    assert page_errors == []


def test_overview_filters_work_with_the_keyboard(visit: Visit, page_errors: list[str]) -> None:
    page = visit(None)
    page.goto("/")
    page.get_by_label("Partij", exact=True).focus()
    page.keyboard.press("End")  # the last party in the list; a change event, as for a mouse
    wait_for_htmx(page)
    expect(page).to_have_url(re.compile(r"[?&]partij="))
    expect(page.get_by_label("Partij", exact=True)).to_be_focused()
    expect(page.locator("#filter-status")).to_contain_text("afspraken getoond")
    assert_no_serious_axe_violations(page)
    assert page_errors == []


@pytest.mark.parametrize(
    "path", ["/", "/afspraken/5d", "/partijen/KNMP", "/planning", "/agenda", "/toegankelijkheid"]
)
def test_pages_reflow_on_a_phone_without_sideways_scrolling(
    page: Page, live_server: LiveServer, path: str
) -> None:
    """WCAG 1.4.10: at 320 CSS pixels only wide tables may scroll, inside their own box."""
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(path)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
