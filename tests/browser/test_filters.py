"""The overview's filters keep every choice, however fast they are made (issue 11).

In the seed KNMP is opsteller of 3, 4, 5 and 5d: party KNMP plus role opsteller lists those four.
"""

import contextlib
import re

from playwright.sync_api import Error, Page, Route, expect

from tests.browser.conftest import SECRETARIAAT, SignIn, wait_for_htmx

BOTH = ["3", "4", "5", "5d"]


def codes(page: Page) -> list[str]:
    rows = page.locator("#resultaten tr[data-afspraak]")
    found: list[str] = rows.evaluate_all("rows => rows.map(row => row.dataset.afspraak)")
    return found


def choose_party_then_role(page: Page, *, gap_ms: int) -> None:
    """Pick party KNMP and, `gap_ms` later, role opsteller, in one go inside the page."""
    page.evaluate(
        """(gap) => new Promise(resolve => {
            const pick = (id, value) => {
                const select = document.getElementById(id);
                select.value = value;
                select.dispatchEvent(new Event("change", {bubbles: true}));
            };
            pick("partij", "KNMP");
            setTimeout(() => { pick("rol", "opsteller"); resolve(); }, gap);
        })""",
        gap_ms,
    )


def expect_both_choices(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"[?&]partij=KNMP(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]rol=opsteller(&|$)"))
    expect(page.get_by_role("table", name="4 van 17 afspraken (gefilterd)")).to_be_visible()
    assert codes(page) == BOTH
    expect(page.get_by_label("Partij", exact=True)).to_have_value("KNMP")
    expect(page.get_by_label("Rol van de partij")).to_have_value("opsteller")


def test_two_choices_within_100_ms_both_count(page: Page, page_errors: list[str]) -> None:
    page.goto("/")
    expect(page.locator("#resultaten tr[data-afspraak]")).to_have_count(17)

    choose_party_then_role(page, gap_ms=80)
    wait_for_htmx(page)

    expect_both_choices(page)
    expect(page.get_by_role("link", name="Filters wissen")).to_be_visible()

    # Back restores the unfiltered list and a form that says so.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#resultaten tr[data-afspraak]")).to_have_count(17)
    expect(page.get_by_label("Partij", exact=True)).to_have_value("")
    expect(page.get_by_label("Rol van de partij")).to_have_value("")
    expect(page.get_by_role("link", name="Filters wissen")).to_have_count(0)
    page.go_forward()
    expect_both_choices(page)
    assert page_errors == []


def test_a_late_answer_to_the_first_choice_does_not_undo_the_second(
    page: Page, page_errors: list[str]
) -> None:
    """The reported race: the second choice is made while the list for the first is loading."""
    held: list[Route] = []

    def hold_party_only(route: Route) -> None:
        url = route.request.url
        if "partij=KNMP" in url and "rol=opsteller" not in url:
            held.append(route)  # answered only after the second choice has been made
        else:
            route.continue_()

    page.goto("/")
    page.route(re.compile(r"/\?"), hold_party_only)
    with page.expect_request(re.compile(r"partij=KNMP")):
        page.get_by_label("Partij", exact=True).select_option("KNMP")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(20)
    assert len(held) == 1

    page.get_by_label("Rol van de partij").select_option("opsteller")
    expect(page.get_by_role("table", name="4 van 17 afspraken (gefilterd)")).to_be_visible()
    for route in held:
        # htmx dropped that request already, so Playwright may find nothing left to answer.
        with contextlib.suppress(Error):
            route.continue_()
    page.wait_for_timeout(300)
    wait_for_htmx(page)

    expect_both_choices(page)
    # hx-sync dropped the first request when the second choice came; htmx logs each abort as an
    # error on the console. Nothing else may go wrong.
    abort = re.compile(r"console error: htmx:(afterRequest|sendAbort)")
    aborts = [e for e in page_errors if abort.match(e)]
    assert aborts, "the first request was answered instead of dropped"
    assert [e for e in page_errors if e not in aborts] == []


def test_back_after_two_slow_choices_restores_each_step(page: Page, page_errors: list[str]) -> None:
    page.goto("/")
    page.get_by_label("Partij", exact=True).select_option("KNMP")
    expect(page).to_have_url(re.compile(r"[?&]partij=KNMP(&|$)"))
    wait_for_htmx(page)
    page.get_by_label("Rol van de partij").select_option("opsteller")
    expect(page).to_have_url(re.compile(r"[?&]rol=opsteller(&|$)"))
    wait_for_htmx(page)
    expect_both_choices(page)

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"rol=opsteller"))
    expect(page.get_by_label("Partij", exact=True)).to_have_value("KNMP")
    expect(page.get_by_label("Rol van de partij")).to_have_value("")
    expect(page.get_by_role("table", name="13 van 17 afspraken (gefilterd)")).to_be_visible()
    page.go_back()
    expect(page.get_by_label("Partij", exact=True)).to_have_value("")
    expect(page.locator("#resultaten tr[data-afspraak]")).to_have_count(17)
    assert page_errors == []


def test_party_checkboxes_on_a_new_account_can_be_filtered(
    page: Page, sign_in: SignIn, page_errors: list[str]
) -> None:
    sign_in(page, SECRETARIAAT)
    page.goto("/gebruikers/nieuw")
    boxes = page.locator("#partij-keuzes input[type=checkbox]")
    total = boxes.count()
    assert total > 30

    search = page.get_by_label("Partijen zoeken")
    search.fill("apoth")
    visible = page.locator("#partij-keuzes input[type=checkbox]:visible")
    expect(visible).to_have_count(4)
    expect(page.get_by_role("status").filter(has_text="partijen getoond")).to_have_text(
        f"4 van {total} partijen getoond."
    )
    page.get_by_label("Nederlands Apothekers Collectief (NAPCO)").check()
    search.fill("KNMP")  # a ticked party stays in view
    expect(page.get_by_label("Nederlands Apothekers Collectief (NAPCO)")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"\(KNMP\)$"))).to_be_visible()
    search.press("Enter")  # filters; does not submit the half-filled form
    expect(page).to_have_url(re.compile(r"/gebruikers/nieuw$"))
    search.fill("")
    expect(visible).to_have_count(total)
    assert page_errors == []
