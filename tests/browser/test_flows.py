"""The main flows in a real browser: log in, filter, report progress inline, refusals, plan edits.

The browser tests share one database, so every test that writes does so on mijlpalen no other test
writes to, and asserts only on texts it made unique itself.
"""

import json
import re
from uuid import uuid4

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import (
    LEAD,
    LEZER,
    LOGS_OUT,
    NHG_LEAD,
    SECRETARIAAT,
    Account,
    LiveServer,
    SignIn,
    login,
    new_context,
    wait_for_htmx,
)

MARKER = "window.__zonderHerladen"


def unique(text: str) -> str:
    """A text no other test (or earlier run against the same database) can have written."""
    return f"{text} {uuid4().hex[:10]}"


def mark(page: Page) -> None:
    """Put a marker on the window: it survives htmx swaps, but not a navigation or reload."""
    page.evaluate(f"() => {{ {MARKER} = true }}")


def still_marked(page: Page) -> bool:
    return bool(page.evaluate(f"() => {MARKER} === true"))


def mark_element(page: Page, selector: str) -> None:
    """Mark one element, to tell later whether htmx kept it or put a new one in its place."""
    page.locator(selector).evaluate("element => { element.dataset.zelfde = 'ja' }")


def same_element(page: Page, selector: str) -> bool:
    return page.locator(selector).get_attribute("data-zelfde") == "ja"


def csrf_token(page: Page) -> str:
    """The session's CSRF token, as htmx sends it: from the `hx-headers` on <body>."""
    headers = page.locator("body").get_attribute("hx-headers")
    assert headers, "no hx-headers on <body>"
    token: str = json.loads(headers)["X-CSRFToken"]
    return token


def history(page: Page) -> Locator:
    """The entries of "Voortgang (nieuwste eerst)" on an afspraak page."""
    section = page.get_by_role("region", name="Voortgang (nieuwste eerst)")
    return section.get_by_role("listitem")


def afspraak_codes(page: Page) -> list[str]:
    rows = page.locator("#resultaten tr[data-afspraak]")
    codes: list[str] = rows.evaluate_all("rows => rows.map(row => row.dataset.afspraak)")
    return codes


# --- Logging in and the overview ---------------------------------------------------------------


def test_lead_logs_in_and_filters_the_overview_in_place(
    page: Page, accounts: dict[str, int], page_errors: list[str]
) -> None:
    login(page, LEAD.email, LEAD.password)

    expect(page).to_have_url(re.compile(r"/te-rapporteren$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Te rapporteren")
    expect(page.locator("#meldingen")).to_contain_text("Welkom, Rapporteur KNMP.")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht van de afspraken")
    expect(page.locator("#resultaten tr[data-afspraak]")).to_have_count(17)
    wait_for_htmx(page)
    mark(page)

    page.get_by_label("Partij", exact=True).select_option("KNMP")
    expect(page).to_have_url(re.compile(r"[?&]partij=KNMP(&|$)"))
    page.get_by_label("Rol van de partij").select_option(label="Opsteller")
    expect(page).to_have_url(re.compile(r"[?&]rol=opsteller(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]partij=KNMP(&|$)"))

    rows = page.locator("#resultaten tr[data-afspraak]")
    expect(rows).to_have_count(4)
    assert afspraak_codes(page) == ["3", "4", "5", "5d"]
    expect(page.get_by_role("table", name="4 van 17 afspraken (gefilterd)")).to_be_visible()
    assert still_marked(page), "filtering reloaded the whole page instead of swapping the list"
    expect(page.locator("#filter-status")).to_have_text("4 van 17 afspraken getoond.")
    expect(page.get_by_role("link", name="Filters wissen")).to_be_visible()

    # Back undoes the last filter, and the form shows what the list shows.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"rol=opsteller"))
    expect(page.get_by_label("Rol van de partij")).to_have_value("")
    expect(page.get_by_label("Partij", exact=True)).to_have_value("KNMP")
    page.go_forward()
    expect(rows).to_have_count(4)
    expect(page.get_by_label("Rol van de partij")).to_have_value("opsteller")

    # The URL is the view: reloading (or sharing) it gives the same list, with the filters set.
    page.reload()
    assert not still_marked(page)
    expect(rows).to_have_count(4)
    assert afspraak_codes(page) == ["3", "4", "5", "5d"]
    expect(page.get_by_label("Partij", exact=True)).to_have_value("KNMP")
    expect(page.get_by_label("Rol van de partij")).to_have_value("opsteller")
    expect(page.get_by_role("link", name="Filters wissen")).to_be_visible()

    page.locator("#resultaten").get_by_role("link", name=re.compile(r"^3\. ")).click()
    expect(page).to_have_url(re.compile(r"/afspraken/3$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("3. Juridische verankering")
    expect(page.get_by_role("link", name="Voortgang melden over 3")).to_be_visible()
    assert page_errors == []


def test_logout_ends_the_session(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    accounts: dict[str, int],
    page_errors: list[str],
) -> None:
    login(page, LOGS_OUT.email, LOGS_OUT.password)
    copied = page.context.storage_state()  # the session cookie, as someone might copy it

    page.get_by_role("button", name="Uitloggen").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#meldingen")).to_contain_text("U bent uitgelogd.")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Hoofdmenu")).not_to_contain_text("Te rapporteren")
    page.goto("/te-rapporteren")
    expect(page).to_have_url(re.compile(r"/inloggen\?next=(/|%2F)te-rapporteren$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.locator("#meldingen")).to_contain_text("Log in om verder te gaan.")
    assert page_errors == []

    # The copy is dead too: a browser holding it is not signed in.
    other = new_context(browser, live_server, storage_state=copied)
    try:
        response = other.new_page().goto("/te-rapporteren")
        assert response is not None and "/inloggen" in response.url
    finally:
        other.close()


def test_a_wrong_password_keeps_the_user_out(
    page: Page, accounts: dict[str, int], page_errors: list[str], failed_requests: list[str]
) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(LEAD.email)
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    expect(page.get_by_label("E-mailadres")).to_have_value(LEAD.email)
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    assert failed_requests == ["401 POST /inloggen"]
    assert page_errors == []


# --- Reporting progress inline (htmx) ----------------------------------------------------------


def test_lead_reports_on_a_mijlpaal_inline(
    page: Page, sign_in: SignIn, page_errors: list[str], failed_requests: list[str]
) -> None:
    sign_in(page, LEAD)
    page.goto("/afspraken/3")
    url = page.url
    mark(page)
    mark_element(page, "#meldingen")
    row = page.locator("#mijlpaal-3-B")

    row.get_by_role("link", name="Voortgang melden voor mijlpaal B").click()

    form = page.get_by_role("form", name=re.compile(r"^Voortgang melden voor mijlpaal B:"))
    expect(form).to_be_visible()
    expect(form.get_by_label("Status")).to_be_focused()
    assert page.url == url

    # A forecast the app cannot read: the error shows at the field, and nothing is saved.
    rejected = unique("Afgewezen melding")
    form.get_by_label("Nieuwe verwachte datum").fill("volgende week")
    form.get_by_label("Tekst voor de voortgangsbrief").fill(rejected)
    form.get_by_role("button", name="Opslaan").click()

    forecast = form.get_by_label("Nieuwe verwachte datum")
    expect(form.get_by_text("'volgende week' is geen datum die de app kent")).to_be_visible()
    expect(forecast).to_have_attribute("aria-invalid", "true")
    expect(forecast).to_have_value("volgende week")
    expect(form.get_by_label("Tekst voor de voortgangsbrief")).to_have_value(rejected)
    expect(form.get_by_role("alert")).to_contain_text("Er is niets opgeslagen")
    expect(history(page).filter(has_text=rejected)).to_have_count(0)
    wait_for_htmx(page)

    # A valid update: the row comes back, with the message and the entry on top of the history.
    accepted = unique("Werkversie leidraad verschuift")
    forecast.fill("Q1-2027")
    form.get_by_label("Status").select_option(label="Vertraagd")
    form.get_by_label("Tekst voor de voortgangsbrief").fill(accepted)
    form.get_by_role("button", name="Opslaan").click()

    expect(page.locator("#meldingen")).to_contain_text("Voortgang voor mijlpaal 3-B is opgeslagen.")
    expect(form).to_have_count(0)
    expect(row.get_by_role("link", name="Voortgang melden voor mijlpaal B")).to_be_visible()
    expect(row.get_by_role("cell").nth(2)).to_contain_text("Q1-2027")  # Verwacht
    newest = history(page).first
    expect(newest).to_contain_text(accepted)
    expect(newest).to_contain_text("mijlpaal B")
    expect(newest).to_contain_text("Vertraagd")
    expect(newest).to_contain_text("Nieuwe verwachte datum: Q1-2027")
    expect(newest).to_contain_text("Rapporteur KNMP")
    assert page.url == url
    assert still_marked(page), "saving reloaded the page instead of swapping the row"
    assert same_element(page, "#meldingen"), "the live region was replaced, not updated"
    assert failed_requests == []  # a refused form comes back as 200, to be swapped in place
    assert_no_serious_axe_violations(page)

    page.reload()
    expect(history(page).first).to_contain_text(accepted)
    expect(page.locator("#mijlpaal-3-B")).to_contain_text("Q1-2027")
    expect(page.get_by_text(rejected)).to_have_count(0)
    assert page_errors == []


def test_lead_reports_on_the_afspraak_inline(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    sign_in(page, LEAD)
    page.goto("/afspraken/3")
    url = page.url
    mark(page)

    page.get_by_role("link", name="Voortgang melden over 3").click()

    form = page.get_by_role("region", name="Voortgang melden over afspraak 3")
    expect(form).to_be_visible()
    expect(form.get_by_label("Status")).to_be_focused()
    assert page.url == url

    # Only an internal note is no progress report: refused in place, nothing saved.
    note = unique("Alleen een notitie")
    form.get_by_label("Interne notitie").fill(note)
    form.get_by_role("button", name="Opslaan").click()

    expect(form.get_by_role("alert")).to_contain_text("Alleen een interne notitie is geen")
    expect(form.get_by_label("Interne notitie")).to_have_value(note)
    expect(history(page).filter(has_text=note)).to_have_count(0)
    wait_for_htmx(page)

    accepted = unique("Leidraad besproken met de werkgroep")
    form.get_by_label("Status").select_option(label="Op schema")
    form.get_by_label("Tekst voor de voortgangsbrief").fill(accepted)
    form.get_by_role("button", name="Opslaan").click()

    expect(page.locator("#meldingen")).to_contain_text("Voortgang voor afspraak 3 is opgeslagen.")
    status = page.get_by_role("region", name="Status", exact=True)
    expect(status.get_by_role("link", name="Voortgang melden over 3")).to_be_visible()
    expect(status).to_contain_text(accepted)
    newest = history(page).first
    expect(newest).to_contain_text(accepted)
    expect(newest).to_contain_text("afspraak 3")
    expect(newest).to_contain_text("Op schema")
    expect(newest).to_contain_text(note)  # the internal note, shown to a signed-in user
    assert still_marked(page)

    page.reload()
    expect(history(page).first).to_contain_text(accepted)
    assert page_errors == []


def test_saving_one_form_keeps_another_open_form_and_its_text(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    sign_in(page, LEAD)
    page.goto("/afspraken/3")
    page.get_by_role("link", name="Voortgang melden over 3").click()
    afspraak_form = page.get_by_role("region", name="Voortgang melden over afspraak 3")
    draft = unique("Half geschreven tekst")
    afspraak_form.get_by_label("Tekst voor de voortgangsbrief").fill(draft)
    wait_for_htmx(page)

    row = page.locator("#mijlpaal-3-C")
    row.get_by_role("link", name="Voortgang melden voor mijlpaal C").click()
    form = page.get_by_role("form", name=re.compile(r"^Voortgang melden voor mijlpaal C:"))
    form.get_by_label("Status").select_option(label="Aandacht nodig")
    form.get_by_role("button", name="Opslaan").click()

    expect(page.locator("#meldingen")).to_contain_text("Voortgang voor mijlpaal 3-C is opgeslagen.")
    expect(afspraak_form.get_by_label("Tekst voor de voortgangsbrief")).to_have_value(draft)
    expect(page.locator("#status-samenvatting")).to_be_visible()
    assert page_errors == []


def test_cancel_brings_the_row_back_without_saving(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    sign_in(page, LEAD)
    page.goto("/afspraken/3")
    mark(page)
    row = page.locator("#mijlpaal-3-C")
    row.get_by_role("link", name="Voortgang melden voor mijlpaal C").click()
    form = page.get_by_role("form", name=re.compile(r"^Voortgang melden voor mijlpaal C:"))
    text = unique("Geannuleerd")
    form.get_by_label("Tekst voor de voortgangsbrief").fill(text)
    wait_for_htmx(page)

    form.get_by_role("link", name="Annuleren").click()

    expect(form).to_have_count(0)
    expect(row.get_by_role("link", name="Voortgang melden voor mijlpaal C")).to_be_visible()
    expect(page.get_by_text(text)).to_have_count(0)
    assert still_marked(page)
    assert page_errors == []


# --- Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "code", "label"),
    [
        pytest.param(LEAD, "5c", "1", id="knmp-not-on-5c"),
        # NHG is only informed about afspraak 1: informing is not taking part.
        pytest.param(NHG_LEAD, "1", "A", id="nhg-only-informed-on-1"),
    ],
)
def test_a_lead_cannot_report_on_another_partys_afspraak(
    page: Page,
    sign_in: SignIn,
    page_errors: list[str],
    failed_requests: list[str],
    account: Account,
    code: str,
    label: str,
) -> None:
    sign_in(page, account)
    page.goto(f"/afspraken/{code}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{code}.")
    expect(page.get_by_role("link", name=re.compile("^Voortgang melden"))).to_have_count(0)
    expect(page.get_by_role("columnheader", name="Acties")).to_have_count(0)

    # The form pages themselves are refused too.
    response = page.goto(f"/afspraken/{code}/mijlpalen/{label}/voortgang")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")

    # Posting straight from the signed-in browser, with a valid CSRF token, is refused as well:
    # the hidden field (as a plain form sends it) and the header (as htmx sends it).
    page.goto(f"/afspraken/{code}")
    token = csrf_token(page)
    text = unique("Ongevraagde melding")
    refused = page.request.post(
        f"/afspraken/{code}/voortgang",
        form={"csrf_token": token, "status": "op_schema", "public_text": text},
        max_redirects=0,
    )
    assert refused.status == 403, refused.text()
    refused = page.request.post(
        f"/afspraken/{code}/mijlpalen/{label}/voortgang",
        form={"status": "vertraagd", "public_text": text, "forecast_text": "Q1-2027"},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
        max_redirects=0,
    )
    assert refused.status == 403, refused.text()
    assert "U mag geen voortgang melden" in refused.text()

    page.reload()
    expect(page.get_by_text(text)).to_have_count(0)
    expect(history(page).filter(has_text=text)).to_have_count(0)
    assert failed_requests == [f"403 GET /afspraken/{code}/mijlpalen/{label}/voortgang"]
    assert page_errors == []


def test_a_post_without_csrf_token_is_refused(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    sign_in(page, LEAD)
    text = unique("Zonder token")

    for path in ("/afspraken/3/voortgang", "/afspraken/3/mijlpalen/A/voortgang"):
        refused = page.request.post(
            path, form={"status": "op_schema", "public_text": text}, max_redirects=0
        )
        assert refused.status == 400, refused.text()
        assert "niets opgeslagen" in refused.text()

    page.goto("/afspraken/3")
    expect(page.get_by_text(text)).to_have_count(0)
    assert page_errors == []


def test_a_lezer_sees_no_report_buttons(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    sign_in(page, LEZER)
    page.goto("/afspraken/3")
    expect(page.get_by_role("link", name=re.compile("^Voortgang melden"))).to_have_count(0)
    response = page.request.post(
        "/afspraken/3/voortgang",
        form={"csrf_token": csrf_token(page), "public_text": unique("Lezer")},
        max_redirects=0,
    )
    assert response.status == 403
    assert page_errors == []


# --- Without JavaScript ------------------------------------------------------------------------


def test_reporting_works_without_javascript(
    nojs_page: Page, accounts: dict[str, int], page_errors: list[str], failed_requests: list[str]
) -> None:
    page = nojs_page
    login(page, LEAD.email, LEAD.password)
    expect(page).to_have_url(re.compile(r"/te-rapporteren$"))
    page.goto("/afspraken/5d")

    page.get_by_role("link", name="Voortgang melden voor mijlpaal 2").click()

    expect(page).to_have_url(re.compile(r"/afspraken/5d/mijlpalen/2/voortgang$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Voortgang melden: mijlpaal 2 van afspraak 5d"
    )
    page.get_by_label("Nieuwe verwachte datum").fill("volgende week")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("'volgende week' is geen datum die de app kent")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/afspraken/5d/mijlpalen/2/voortgang$"))

    text = unique("Doorlooptijd preferentiebeleid gehaald")
    page.get_by_label("Nieuwe verwachte datum").fill("")
    page.get_by_label("Tekst voor de voortgangsbrief").fill(text)
    page.get_by_label("Mijlpaal bereikt").check()
    page.get_by_label("Bereikt op").fill("2026-11-20")
    page.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(re.compile(r"/afspraken/5d#mijlpaal-5d-2$"))
    expect(page.locator("#meldingen")).to_contain_text(
        "Voortgang voor mijlpaal 5d-2 is opgeslagen."
    )
    newest = history(page).first
    expect(newest).to_contain_text(text)
    expect(newest).to_contain_text("Bereikt op 20 november 2026")
    expect(page.locator("#mijlpaal-5d-2")).to_contain_text("Afgerond")
    assert failed_requests == ["422 POST /afspraken/5d/mijlpalen/2/voortgang"]
    assert page_errors == []


# --- Secretariaat: plan edits ------------------------------------------------------------------


def test_secretariaat_changes_a_plan_inline(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    sign_in(page, SECRETARIAAT)
    page.goto("/afspraken/5e")
    mark(page)
    row = page.locator("#mijlpaal-5e-C")

    row.get_by_role("link", name="Plan wijzigen van mijlpaal C").click()

    form = page.get_by_role("form", name="Plan wijzigen van mijlpaal C")
    planned = form.get_by_label("Geplande datum")
    expect(planned).to_be_focused()
    old = planned.input_value()
    assert old == "Q4-2026"

    # Without a reason nothing changes, and the error shows at the field.
    planned.fill("Q2-2027")
    form.get_by_role("button", name="Plan wijzigen").click()
    reason_field = form.get_by_label("Reden van de wijziging")
    expect(reason_field).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_text("Schrijf waarom het plan verandert")).to_be_visible()
    wait_for_htmx(page)

    reason = unique("Besluit BO Farmacie")
    reason_field.fill(reason)
    form.get_by_role("button", name="Plan wijzigen").click()

    expect(page.locator("#meldingen")).to_contain_text("Plan van mijlpaal 5e-C gewijzigd")
    expect(form).to_have_count(0)
    expect(row.get_by_role("cell").nth(1)).to_contain_text("Q2-2027")  # Gepland
    changes = page.get_by_role("region", name="Planwijzigingen")
    change = changes.get_by_role("listitem").filter(has_text=reason)
    expect(change).to_have_count(1)  # one edit, one entry: the derived fields are not listed
    expect(change).to_contain_text(f"Mijlpaal C: '{old}' → 'Q2-2027', reden: {reason}")
    expect(change).to_contain_text("– Secretariaat VBG")
    assert still_marked(page)
    assert_no_serious_axe_violations(page)

    page.reload()
    expect(
        page.get_by_role("region", name="Planwijzigingen")
        .get_by_role("listitem")
        .filter(has_text=reason)
    ).to_have_count(1)
    expect(page.locator("#mijlpaal-5e-C")).to_contain_text("Q2-2027")
    assert page_errors == []


def test_a_lead_cannot_change_a_plan(page: Page, sign_in: SignIn, page_errors: list[str]) -> None:
    sign_in(page, LEAD)
    page.goto("/afspraken/3")
    expect(page.get_by_role("link", name=re.compile("^Plan wijzigen"))).to_have_count(0)
    refused = page.request.post(
        "/afspraken/3/mijlpalen/A/plan",
        form={
            "csrf_token": csrf_token(page),
            "text": "x",
            "planned_text": "Q1-2027",
            "reason": "x",
        },
        max_redirects=0,
    )
    assert refused.status == 403
    assert page_errors == []
