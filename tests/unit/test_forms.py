"""Tests for app.afspraken.forms: the progress form and the plan form (pure parsing, no app)."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.afspraken.forms import (
    MAX_TEXT,
    PlanInput,
    VoortgangInput,
    parse_plan_form,
    parse_voortgang_form,
)
from app.domain.periods import Period, Precision
from app.domain.status import Status

D = date.fromisoformat
TODAY = D("2026-11-25")


def voortgang(
    fields: dict[str, str], *, for_mijlpaal: bool = True
) -> tuple[VoortgangInput, dict[str, str]]:
    return parse_voortgang_form(MultiDict(fields), today=TODAY, for_mijlpaal=for_mijlpaal)


FORM_ERROR_MIJLPAAL = (
    "Vul minstens een status, een tekst voor de voortgangsbrief, een nieuwe verwachte datum of "
    "'bereikt' in. Alleen een interne notitie is geen voortgangsmelding."
)
FORM_ERROR_AFSPRAAK = (  # as it should read; the "," before "een tekst" must become "of"
    "Vul minstens een status of een tekst voor de voortgangsbrief in. Alleen een interne notitie "
    "is geen voortgangsmelding."
)


# --- an update must say something ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "for_mijlpaal"),
    [
        pytest.param({}, True, id="empty-mijlpaal"),
        pytest.param({}, False, id="empty-afspraak"),
        pytest.param(
            {"status": "  ", "public_text": " \n ", "forecast_text": " "},
            True,
            id="only-whitespace",
        ),
        pytest.param({"internal_note": "Gebeld met KNMP"}, True, id="only-note"),
        pytest.param({"internal_note": "Gebeld met KNMP"}, False, id="only-note-afspraak"),
        pytest.param(
            {"forecast_text": "Q1-2027", "reached": "on", "reached_on": "20-11-2026"},
            False,
            id="afspraak-ignores-mijlpaal-fields",
        ),
    ],
)
def test_an_update_must_say_something(fields: dict[str, str], for_mijlpaal: bool) -> None:
    _, errors = voortgang(fields, for_mijlpaal=for_mijlpaal)
    assert list(errors) == ["form"]
    assert errors["form"].startswith("Vul minstens een status")
    assert errors["form"].endswith("Alleen een interne notitie is geen voortgangsmelding.")
    assert ("verwachte datum" in errors["form"]) is for_mijlpaal


def test_empty_mijlpaal_update_message() -> None:
    _, errors = voortgang({"internal_note": "Gebeld met KNMP"})
    assert errors == {"form": FORM_ERROR_MIJLPAAL}


def test_empty_afspraak_update_message() -> None:
    _, errors = voortgang({"internal_note": "Gebeld met KNMP"}, for_mijlpaal=False)
    assert errors == {"form": FORM_ERROR_AFSPRAAK}


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"status": "op_schema"}, id="status"),
        pytest.param({"public_text": "Werkplan is in concept klaar."}, id="public-text"),
        pytest.param({"forecast_text": "Q1-2027"}, id="forecast"),
        pytest.param({"reached": "on", "reached_on": "2026-11-20"}, id="reached"),
    ],
)
def test_one_thing_is_enough(fields: dict[str, str]) -> None:
    _, errors = voortgang(fields)
    assert errors == {}


def test_values_are_stripped_and_kept() -> None:
    value, errors = voortgang(
        {
            "status": " aandacht_nodig ",
            "public_text": "  Tekst  ",
            "internal_note": " Notitie ",
            "forecast_text": " Q1-2027 ",
        }
    )
    assert errors == {}
    assert (value.status, value.public_text, value.internal_note, value.forecast_text) == (
        "aandacht_nodig",
        "Tekst",
        "Notitie",
        "Q1-2027",
    )
    assert value.status_value is Status.AANDACHT_NODIG
    assert value.reached is False
    assert value.reached_on is None


# --- status -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["klaar", "Op_schema", "OP_SCHEMA", "1"])
def test_unknown_status(status: str) -> None:
    _, errors = voortgang({"status": status, "public_text": "x"})
    assert errors == {"status": "Kies een status uit de lijst."}


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.AFGEROND], ids=str)
def test_every_other_status_is_accepted(status: Status) -> None:
    value, errors = voortgang({"status": status.value})
    assert errors == {}
    assert value.status_value is status


def test_no_status_has_no_status_value() -> None:
    value, errors = voortgang({"public_text": "x"})
    assert errors == {}
    assert value.status_value is None


# --- forecast -----------------------------------------------------------------------------------

FORECASTS = [
    pytest.param("Q1-2027", D("2027-01-01"), D("2027-03-31"), Precision.QUARTER, id="quarter"),
    pytest.param("15-12-2026", D("2026-12-15"), D("2026-12-15"), Precision.DAY, id="day-dmy"),
    pytest.param("2026-12-15", D("2026-12-15"), D("2026-12-15"), Precision.DAY, id="day-iso"),
    pytest.param("eind 2026", D("2026-10-01"), D("2026-12-31"), Precision.PART_OF_YEAR, id="eind"),
    pytest.param("Q2", D("2026-04-01"), D("2026-06-30"), Precision.QUARTER, id="this-year"),
    pytest.param("data n.t.b.", None, None, Precision.UNKNOWN, id="ntb"),
    pytest.param("Q1-2025", D("2025-01-01"), D("2025-03-31"), Precision.QUARTER, id="last-year"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), FORECASTS)
def test_forecast_is_parsed(
    text: str, start: date | None, end: date | None, precision: Precision
) -> None:
    value, errors = voortgang({"forecast_text": text})
    assert errors == {}
    assert value.forecast == Period(text, start, end, precision)
    assert value.forecast_text == text


def test_unknown_forecast_phrase_gets_dutch_examples() -> None:
    value, errors = voortgang({"forecast_text": "volgende week"})
    assert value.forecast is None
    assert errors == {
        "forecast_text": "'volgende week' is geen datum die de app kent. Schrijf bijvoorbeeld "
        "'Q4-2026', 'eind 2026', 'december 2026' of '15-12-2026'."
    }


def test_impossible_forecast_date_gives_the_parser_message() -> None:
    _, errors = voortgang({"forecast_text": "31-02-2026"})
    assert errors == {
        "forecast_text": "Ongeldige datum in '31-02-2026': controleer dag en maand, bijvoorbeeld "
        "'1 januari 2029' of '2029-01-01'."
    }


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        pytest.param("1-1-2025", True, id="first-day-of-last-year"),
        pytest.param("31-12-2024", False, id="two-years-back"),
        pytest.param("Q4-2024", False, id="quarter-two-years-back"),
    ],
)
def test_forecast_not_too_far_back(text: str, ok: bool) -> None:
    _, errors = voortgang({"forecast_text": text})
    expected = {} if ok else {"forecast_text": "Een nieuwe verwachte datum ligt niet zo ver terug."}
    assert errors == expected


# --- reached ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        pytest.param("2026-11-20", D("2026-11-20"), id="iso"),
        pytest.param("20-11-2026", D("2026-11-20"), id="dmy"),
        pytest.param("20 november 2026", D("2026-11-20"), id="words"),
        pytest.param(" 2026-11-25 ", TODAY, id="today"),
    ],
)
def test_reached_date_is_parsed(text: str, day: date) -> None:
    value, errors = voortgang({"reached": "on", "reached_on": text})
    assert errors == {}
    assert value.reached is True
    assert value.reached_on == day
    assert value.status_value is Status.AFGEROND


def test_reached_makes_the_status_afgerond_whatever_was_chosen() -> None:
    value, errors = voortgang({"status": "vertraagd", "reached": "on", "reached_on": "2026-11-20"})
    assert errors == {}
    assert value.status == "vertraagd"
    assert value.status_value is Status.AFGEROND


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "Vul de datum in waarop de mijlpaal is bereikt.", id="missing"),
        pytest.param("   ", "Vul de datum in waarop de mijlpaal is bereikt.", id="blank"),
        pytest.param(
            "2026-11-26",
            "Een mijlpaal kan niet in de toekomst bereikt zijn. Controleer de datum.",
            id="tomorrow-iso",
        ),
        pytest.param(
            "15-01-2027",
            "Een mijlpaal kan niet in de toekomst bereikt zijn. Controleer de datum.",
            id="future-dmy",
        ),
        pytest.param("november 2026", "Vul één dag in, bijvoorbeeld 15-10-2026.", id="a-month"),
        pytest.param("Q4-2026", "Vul één dag in, bijvoorbeeld 15-10-2026.", id="a-quarter"),
        pytest.param(
            "gisteren", "'gisteren' is geen datum. Schrijf bijvoorbeeld 15-10-2026.", id="word"
        ),
        pytest.param(
            "31-11-2026", "'31-11-2026' is geen datum. Schrijf bijvoorbeeld 15-10-2026.", id="31nov"
        ),
        pytest.param(
            "0001-01-01",
            "'0001-01-01' ligt niet tussen 2000 en 2100. Controleer het jaartal.",
            id="year-1-iso",
        ),
        pytest.param(
            "31-12-1999",
            "'31-12-1999' ligt niet tussen 2000 en 2100. Controleer het jaartal.",
            id="year-1999-dmy",
        ),
    ],
)
def test_bad_reached_date(text: str, message: str) -> None:
    value, errors = voortgang({"reached": "on", "reached_on": text})
    assert errors == {"reached_on": message}
    assert value.reached_on is None


REACHED_WITH_FORECAST = (
    "Een bereikte mijlpaal krijgt geen nieuwe verwachte datum. Maak dit veld leeg, of vink "
    "'Mijlpaal bereikt' uit als de mijlpaal nog niet bereikt is."
)


@pytest.mark.parametrize("forecast", ["Q2-2027", "data n.t.b.", "15-12-2026"])
def test_reached_together_with_a_new_forecast_is_refused_at_the_forecast(forecast: str) -> None:
    # Issue 11 point 2: both were saved, and the chart and the feed put the mijlpaal on two dates.
    _, errors = voortgang({"reached": "on", "reached_on": "2026-11-01", "forecast_text": forecast})
    assert errors == {"forecast_text": REACHED_WITH_FORECAST}


def test_an_unreadable_forecast_beside_reached_keeps_its_own_message() -> None:
    _, errors = voortgang({"reached": "on", "reached_on": "2026-11-01", "forecast_text": "ooit"})
    assert set(errors) == {"forecast_text"}
    assert "'ooit' is geen datum die de app kent" in errors["forecast_text"]


@pytest.mark.parametrize("forecast", ["Q4-9999", "31-12-9999", "eind 1999", "2101"])
def test_forecast_outside_the_year_window(forecast: str) -> None:
    _, errors = voortgang({"forecast_text": forecast})
    assert set(errors) == {"forecast_text"}
    assert errors["forecast_text"].startswith("Jaartal ")
    assert (
        f"valt buiten de jaren 2000–2100 in '{forecast}': gebruik een jaartal van 2000 tot en "
        "met 2100" in errors["forecast_text"]
    )


def test_reached_date_without_the_checkbox() -> None:
    value, errors = voortgang({"reached_on": "2026-11-20", "public_text": "x"})
    assert errors == {"reached": "Vink 'Mijlpaal bereikt' aan, of laat de datum leeg."}
    assert value.reached is False
    assert value.reached_on is None


@pytest.mark.parametrize("checkbox", ["", "off", "true", "1"])
def test_only_on_ticks_the_checkbox(checkbox: str) -> None:
    value, errors = voortgang({"reached": checkbox, "public_text": "x"})
    assert value.reached is False
    assert errors == {}


def test_afgerond_on_a_mijlpaal_needs_reached() -> None:
    _, errors = voortgang({"status": "afgerond"})
    assert errors == {"reached": "Is de mijlpaal bereikt? Vink dat aan en vul de datum in."}


def test_afgerond_on_an_afspraak_needs_no_date() -> None:
    value, errors = voortgang({"status": "afgerond"}, for_mijlpaal=False)
    assert errors == {}
    assert value.status_value is Status.AFGEROND


def test_afspraak_form_ignores_the_mijlpaal_fields() -> None:
    value, errors = voortgang(
        {
            "status": "op_schema",
            "forecast_text": "volgende week",  # would be an error on a mijlpaal
            "reached": "on",
            "reached_on": "morgen",
        },
        for_mijlpaal=False,
    )
    assert errors == {}
    assert (value.forecast_text, value.forecast, value.reached, value.reached_on_text) == (
        "",
        None,
        False,
        "",
    )
    assert value.reached_on is None
    assert value.status_value is Status.OP_SCHEMA


# --- length -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["public_text", "internal_note"])
def test_texts_up_to_the_maximum(name: str) -> None:
    _, errors = voortgang({"status": "op_schema", name: "a" * MAX_TEXT})
    assert errors == {}


@pytest.mark.parametrize("name", ["public_text", "internal_note"])
def test_over_long_texts(name: str) -> None:
    _, errors = voortgang({"status": "op_schema", name: "a" * (MAX_TEXT + 1)})
    assert MAX_TEXT == 4000
    assert errors == {name: "Gebruik hoogstens 4000 tekens (nu 4001)."}


def test_over_long_note_alone_reports_the_length_not_the_empty_update() -> None:
    _, errors = voortgang({"internal_note": "a" * 5000})
    assert errors == {"internal_note": "Gebruik hoogstens 4000 tekens (nu 5000)."}


def test_several_errors_at_once() -> None:
    _, errors = voortgang(
        {
            "status": "klaar",
            "public_text": "a" * 4001,
            "forecast_text": "volgende week",
            "reached_on": "2026-11-20",
        }
    )
    assert set(errors) == {"status", "public_text", "forecast_text", "reached"}


# --- plan form ----------------------------------------------------------------------------------

PLAN = {"text": "Werkplan opgesteld", "planned_text": "Q3-2026", "reason": "Besluit BO Farmacie"}
REASON_ERROR = "Schrijf waarom het plan verandert, bijvoorbeeld 'Besluit BO Farmacie 12 november'."
EMPTY_DATE_ERROR = (
    "Vul de geplande datum in zoals de Werkagenda die schrijft, bijvoorbeeld 'Q3-2026', of "
    "'data n.t.b.'."
)


def plan(**changes: str) -> tuple[PlanInput, dict[str, str]]:
    return parse_plan_form(MultiDict({**PLAN, **changes}), context_year=2026)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param({"reason": ""}, {"reason": REASON_ERROR}, id="no-reason"),
        pytest.param({"reason": "   "}, {"reason": REASON_ERROR}, id="blank-reason"),
        pytest.param({"text": ""}, {"text": "Beschrijf de mijlpaal."}, id="no-text"),
        pytest.param({"text": " \t "}, {"text": "Beschrijf de mijlpaal."}, id="blank-text"),
        pytest.param(
            {"text": "a" * 4001}, {"text": "Gebruik hoogstens 4000 tekens."}, id="long-text"
        ),
        pytest.param({"planned_text": ""}, {"planned_text": EMPTY_DATE_ERROR}, id="no-date"),
        pytest.param(
            {"planned_text": "volgende week"},
            {
                "planned_text": "Onbekende datumaanduiding 'volgende week': gebruik bijvoorbeeld "
                "'Q2-2026', 'eind 2026', 'Voorjaar 2026' of 'data n.t.b.'. Schrijf 'data n.t.b.' "
                "als de datum nog niet bekend is."
            },
            id="bad-date",
        ),
    ],
)
def test_plan_form_errors(changes: dict[str, str], errors: dict[str, str]) -> None:
    _, found = plan(**changes)
    assert found == errors


def test_plan_phrase_outside_the_year_window() -> None:
    _, errors = parse_plan_form(MultiDict({**PLAN, "planned_text": "Q4-9999"}), context_year=2026)
    assert errors == {
        "planned_text": "Jaartal 9999 valt buiten de jaren 2000–2100 in 'Q4-9999': gebruik een "
        "jaartal van 2000 tot en met 2100, bijvoorbeeld 'Q4-2026'. Schrijf 'data n.t.b.' als de "
        "datum nog niet bekend is."
    }


def test_empty_plan_form() -> None:
    value, errors = parse_plan_form(MultiDict(), context_year=2026)
    assert errors == {
        "text": "Beschrijf de mijlpaal.",
        "planned_text": EMPTY_DATE_ERROR,
        "reason": REASON_ERROR,
    }
    assert value.planned is None


@pytest.mark.parametrize(
    ("planned_text", "period"),
    [
        pytest.param(
            "Q3-2026",
            Period("Q3-2026", D("2026-07-01"), D("2026-09-30"), Precision.QUARTER),
            id="quarter",
        ),
        pytest.param(
            "Q2-Q3",
            Period("Q2-Q3", D("2026-04-01"), D("2026-09-30"), Precision.QUARTER_RANGE),
            id="context-year",
        ),
        pytest.param("data n.t.b.", Period("data n.t.b.", None, None, Precision.UNKNOWN), id="ntb"),
    ],
)
def test_valid_plan_form(planned_text: str, period: Period) -> None:
    value, errors = parse_plan_form(
        MultiDict({**PLAN, "planned_text": f" {planned_text} ", "text": " Werkplan  "}),
        context_year=2026,
    )
    assert errors == {}
    assert value.planned == period
    assert (value.text, value.planned_text, value.reason) == (
        "Werkplan",
        planned_text,
        "Besluit BO Farmacie",
    )
