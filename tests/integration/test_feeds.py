"""The calendar feeds over HTTP on the seeded Werkagenda: content, scopes, caching, history."""

import http.client
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from icalendar import Calendar, Event
from markupsafe import escape
from sqlmodel import Session, col, func, select, update
from werkzeug.http import http_date
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from app.feeds.tokens import create_token
from app.models import (
    AccountRole,
    Afspraak,
    AfspraakPartij,
    CommitmentKind,
    KamerCommitment,
    Mijlpaal,
    Partij,
    PlanWijziging,
    Rol,
)
from app.seeding.load import LoadReport
from tests.conftest import SEED_FILE, AuthActions
from tests.factories import find_mijlpaal, make_user, make_voortgang
from tests.icalendar_checks import days, events_by_uid, parse_feed, text, whole

PUBLIC_FEEDS = [
    "/agenda/mijlpalen.ics",
    "/agenda/mijlpalen.ics?periode=span&herinnering=7",
    "/agenda/afspraken/5.ics",
    "/agenda/afspraken/5a.ics",
    "/agenda/afspraken/8.ics",
    "/agenda/partijen/KNMP.ics",
    "/agenda/partijen/BG%20Pharma.ics",
    "/agenda/toezeggingen.ics",
    "/agenda/toezeggingen.ics?periode=span",
]
UID_5A_A = "mijlpaal-5a-A@e5-werkagenda"
UID_5A_B = "mijlpaal-5a-B@e5-werkagenda"
LONG_AGO = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def feed(client: FlaskClient, url: str, **kwargs: Any) -> tuple[TestResponse, Calendar]:
    """The feed with its whole history (see `whole`), parsed; the window has tests of its own."""
    response = client.get(whole(url), **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response, parse_feed(response.get_data())


def event(client: FlaskClient, uid: str, url: str = "/agenda/mijlpalen.ics") -> Event:
    return events_by_uid(feed(client, url)[1])[uid]


def afspraak_codes(calendar: Calendar) -> set[str]:
    """The afspraak codes of the milestone events, read from their UIDs."""
    return {str(e["UID"]).split("-")[1] for e in calendar.walk("VEVENT") if "mijlpaal-" in e["UID"]}


@pytest.fixture
def dated_long_ago(session: Session, seeded: LoadReport) -> None:
    """Date every milestone's creation in January, so that later changes show in LAST-MODIFIED."""
    session.exec(update(Mijlpaal).values(created_at=LONG_AGO))
    session.exec(update(KamerCommitment).values(created_at=LONG_AGO))
    session.commit()


@pytest.mark.parametrize("url", PUBLIC_FEEDS)
def test_every_public_feed_is_valid_icalendar(
    client: FlaskClient, seeded: LoadReport, url: str
) -> None:
    response, calendar = feed(client, url)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=900"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert str(calendar["X-WR-CALNAME"]).startswith("Werkagenda E5 – ")
    assert calendar.walk("VEVENT"), "a feed of the seeded plan has events"
    for item in calendar.walk("VEVENT"):
        assert str(item["UID"]).endswith("@e5-werkagenda")
        assert " " not in str(item["UID"])
        assert str(item["URL"]).startswith("http://localhost/")


def test_all_milestones_feed_has_every_dated_milestone_once(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    dated = session.exec(
        select(Afspraak.code, Mijlpaal.label)
        .join(Afspraak)
        .where(col(Mijlpaal.removed_at).is_(None), col(Mijlpaal.planned_end).is_not(None))
    ).all()
    _, calendar = feed(client, "/agenda/mijlpalen.ics")
    uids = set(events_by_uid(calendar))
    assert len(dated) == 44  # 47 milestones, three without a date ("data n.t.b." and none)
    assert uids == {f"mijlpaal-{c}-{label.replace(' ', '_')}@e5-werkagenda" for c, label in dated}
    assert "mijlpaal-8-Mijlpaal_3@e5-werkagenda" in uids  # labels with a space


def test_milestone_event_as_in_the_issue(client: FlaskClient, seeded: LoadReport) -> None:
    item = event(client, UID_5A_A)
    assert days(item) == (date(2026, 6, 30), date(2026, 6, 30))  # "Juni 2026": its last day
    assert text(item, "SUMMARY") == (
        "E5 5a – A: Een document met definitieve definities, vastgesteld in het BO Farmacie."
    )
    description = text(item, "DESCRIPTION")
    assert description.startswith("Afspraak 5a: Uniforme definities\n")
    assert "Opsteller: Het ministerie van VWS" in description
    assert "Gepland: Juni 2026 (1 juni 2026 t/m 30 juni 2026)" in description
    # On the pinned day (25 November 2026) it is past its due date and not reached.
    assert "Status: Vertraagd: te laat, uiterlijk 30 juni 2026 is voorbij." in description
    assert str(item["URL"]) == "http://localhost/afspraken/5a#mijlpaal-5a-A"
    assert item["SEQUENCE"] == 1


def test_a_quarter_ends_on_its_last_day_or_spans_it_on_request(
    client: FlaskClient, seeded: LoadReport
) -> None:
    uid = "mijlpaal-5b-A@e5-werkagenda"  # "Q3-2026"
    assert days(event(client, uid)) == (date(2026, 9, 30), date(2026, 9, 30))
    assert "Gepland: Q3-2026 (1 juli 2026 t/m 30 september 2026)" in text(
        event(client, uid), "DESCRIPTION"
    )
    spanned = event(client, uid, "/agenda/mijlpalen.ics?periode=span")
    assert days(spanned) == (date(2026, 7, 1), date(2026, 9, 30))
    assert spanned.decoded("DTEND") == date(2026, 10, 1)


def test_reminder_option_adds_an_alarm_to_open_milestones(
    client: FlaskClient, seeded: LoadReport
) -> None:
    _, calendar = feed(client, "/agenda/mijlpalen.ics?herinnering=7")
    alarms = [a for e in calendar.walk("VEVENT") for a in e.walk("VALARM")]
    assert len(alarms) == len(calendar.walk("VEVENT"))  # none reached in the seed
    assert {a.decoded("TRIGGER") for a in alarms} == {-timedelta(days=7) + timedelta(hours=9)}
    assert {a["TRIGGER"].params.get("RELATED", "START") for a in alarms} == {"START"}
    _, plain = feed(client, "/agenda/mijlpalen.ics")
    assert not [a for e in plain.walk("VEVENT") for a in e.walk("VALARM")]


def test_reminder_on_a_planned_span_rings_before_the_due_date_not_before_the_start(
    client: FlaskClient, seeded: LoadReport
) -> None:
    _, calendar = feed(client, "/agenda/mijlpalen.ics?periode=span&herinnering=7")
    for item in calendar.walk("VEVENT"):
        (alarm,) = item.walk("VALARM")
        start, last_day = days(item)
        rings = datetime.combine(start, time()) + alarm.decoded("TRIGGER")
        assert rings == datetime.combine(last_day - timedelta(days=7), time(9)), item["UID"]
    q3 = events_by_uid(calendar)["mijlpaal-5b-A@e5-werkagenda"]
    assert days(q3) == (date(2026, 7, 1), date(2026, 9, 30))
    assert q3.walk("VALARM")[0].decoded("TRIGGER") == timedelta(days=84, hours=9)  # 23 September


def test_afspraak_feed_holds_its_own_and_its_sub_afspraken_milestones(
    client: FlaskClient, seeded: LoadReport
) -> None:
    assert afspraak_codes(feed(client, "/agenda/afspraken/5a.ics")[1]) == {"5a"}
    _, five = feed(client, "/agenda/afspraken/5.ics")
    assert afspraak_codes(five) == {"5a", "5b", "5c", "5d", "5e", "5f"}
    assert str(five["X-WR-CALNAME"]) == "Werkagenda E5 – afspraak 5"


def test_partij_feed_holds_what_it_writes_or_works_on(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    owned = set(
        session.exec(
            select(Afspraak.code)
            .join(AfspraakPartij, col(AfspraakPartij.afspraak_id) == Afspraak.id)
            .join(Partij, col(Partij.id) == AfspraakPartij.partij_id)
            .where(Partij.code == "KNMP", col(AfspraakPartij.role).in_(["opsteller", "samen_met"]))
        )
    )
    _, calendar = feed(client, "/agenda/partijen/KNMP.ics")
    codes = afspraak_codes(calendar)
    assert codes == owned - {"5", "6"}  # 5 has no milestones of its own, 6 none with a date
    assert {"5c", "8", "9", "11"}.isdisjoint(codes)  # KNMP is not opsteller or samen met there
    assert str(calendar["X-WR-CALNAME"]) == "Werkagenda E5 – KNMP"


def test_toezeggingen_feed_has_the_dated_toezeggingen_and_moties(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    _, calendar = feed(client, "/agenda/toezeggingen.ics")
    items = events_by_uid(calendar)
    dated = session.exec(
        select(KamerCommitment.key).where(
            KamerCommitment.kind == CommitmentKind.TOEZEGGING,
            col(KamerCommitment.due_end).is_not(None),
        )
    ).all()
    assert {f"toezegging-{key}@e5-werkagenda" for key in dated} <= set(items)
    assert "toezegging-tz-2026-data-uitwisseling@e5-werkagenda" not in items  # no deadline
    motie = items["motie-mt-evaluatie-preferentiebeleid@e5-werkagenda"]
    assert days(motie) == (date(2026, 12, 31), date(2026, 12, 31))  # "eind 2026"
    item = items["toezegging-tz-2026-vergoedingstermijnen-preferentiewissel@e5-werkagenda"]
    assert days(item) == (date(2026, 9, 30), date(2026, 9, 30))
    assert "Termijn: in het derde kwartaal – Q3-2026" in text(item, "DESCRIPTION")
    assert str(item["URL"]) == "http://localhost/afspraken/6#kamer-kop"
    settled = items["toezegging-tz-2026-werkagenda-e5@e5-werkagenda"]
    assert "(gestand gedaan)" in text(settled, "SUMMARY")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/agenda/afspraken/99.ics", "Niet gevonden: Afspraak '99' bestaat niet.\n"),
        ("/agenda/partijen/Onbekend.ics", "Niet gevonden: Partij 'Onbekend' bestaat niet.\n"),
        ("/agenda/afspraken/<b>x.ics", "Niet gevonden: Afspraak '<b>x' bestaat niet.\n"),
        ("/agenda/onbekend.ics", "Niet gevonden: Deze pagina bestaat niet."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_unknown_afspraak_or_partij_is_a_404_in_plain_text(
    client: FlaskClient, seeded: LoadReport, url: str, message: str, htmx: bool
) -> None:
    response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 404
    # A calendar client shows the body as it is: plain text, so nothing in it is markup.
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    body = response.get_data(as_text=True)
    # A page that fetched it with htmx gets the quoted part escaped, like every fragment.
    assert body.startswith(str(escape(message)) if htmx else message)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("herinnering=abc", "Ongeldige herinnering 'abc'"),
        ("herinnering=365", "van 0 tot en met 90"),
        ("periode=maand", "Onbekende periode 'maand'"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_options_are_a_400_with_a_dutch_message_in_plain_text(
    client: FlaskClient, seeded: LoadReport, query: str, message: str, htmx: bool
) -> None:
    for path in ("/agenda/mijlpalen.ics", "/agenda/afspraken/5a.ics", "/agenda/toezeggingen.ics"):
        response = client.get(f"{path}?{query}", headers={"HX-Request": "true"} if htmx else {})
        assert response.status_code == 400
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        body = response.get_data(as_text=True)
        assert body.startswith("Het verzoek kon niet worden verwerkt: ")
        assert (str(escape(message)) if htmx else message) in body


def test_errors_outside_the_feeds_stay_html_and_htmx_gets_them_escaped(
    client: FlaskClient, seeded: LoadReport
) -> None:
    page = client.get("/agenda?herinnering=abc")
    assert page.status_code == 400
    assert page.headers["Content-Type"].startswith("text/html")
    fragment = client.get("/afspraken/<b>x", headers={"HX-Request": "true"})
    assert fragment.status_code == 404
    assert fragment.get_data(as_text=True) == "Afspraak &#39;&lt;b&gt;x&#39; bestaat niet."


def test_an_afspraak_without_dated_milestones_is_a_calendar_with_a_time_zone_only(
    client: FlaskClient, seeded: LoadReport
) -> None:
    _, calendar = feed(client, "/agenda/afspraken/6.ics")  # its milestones have no date yet
    assert calendar.walk("VEVENT") == []
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    _, dated = feed(client, "/agenda/afspraken/5a.ics")
    assert "VTIMEZONE" not in [c.name for c in dated.subcomponents]


def test_calendar_names_leave_out_the_comma_of_a_party_name(
    client: FlaskClient, seeded: LoadReport
) -> None:
    response, calendar = feed(client, "/agenda/partijen/VWS.ics")
    assert str(calendar["X-WR-CALDESC"]) == (
        "Mijlpalen van de afspraken waarvan Ministerie van Volksgezondheid Welzijn en Sport "
        "opsteller is of waaraan zij meewerkt."
    )
    assert "Volksgezondheid, Welzijn en Sport" in str(calendar["DESCRIPTION"])


def test_a_feed_over_http_carries_one_date_header(app: Flask, seeded: LoadReport) -> None:
    server = make_server("127.0.0.1", 0, app)
    answers: list[tuple[int, list[str], bytes]] = []

    def fetch() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        connection.request("GET", "/agenda/afspraken/5a.ics")
        response = connection.getresponse()
        answers.append((response.status, response.msg.get_all("Date") or [], response.read()))
        connection.close()

    # The server handles the request here, on the thread that owns the test's connection.
    client_thread = threading.Thread(target=fetch)
    client_thread.start()
    server.handle_request()
    client_thread.join(timeout=30)
    server.server_close()
    ((status, dates, body),) = answers
    assert status == 200
    assert body.startswith(b"BEGIN:VCALENDAR")
    assert len(dates) == 1, dates


def test_conditional_requests_get_304_until_the_data_changes(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    url = whole("/agenda/afspraken/5a.ics")
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    again = client.get(url)
    assert again.headers["ETag"] == etag  # the same plan gives the same bytes

    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    earlier = http_date(datetime(2026, 1, 1, tzinfo=UTC))
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    m = find_mijlpaal(session, "5a", "A")
    make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        forecast_text="Q1-2027",
        forecast_start=date(2027, 1, 1),
        forecast_end=date(2027, 3, 31),
        recorded_at=datetime.now(UTC) + timedelta(seconds=2),
    )
    changed = client.get(url, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.headers["Last-Modified"] != modified


def test_a_text_only_update_leaves_the_event_and_the_etag_alone(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    url = whole("/agenda/afspraken/5a.ics")
    before = client.get(url)
    m = find_mijlpaal(session, "5a", "A")
    make_voortgang(session, afspraak_id=m.afspraak_id, mijlpaal_id=m.id, public_text="Loopt.")
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 304


def test_forecast_moves_the_event_and_raises_sequence_and_last_modified(
    client: FlaskClient, session: Session, dated_long_ago: None
) -> None:
    late = event(client, UID_5A_A)
    assert late["SEQUENCE"] == 1  # overdue on the pinned day, and changed by that since 1 July
    assert late.decoded("LAST-MODIFIED") == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    m = find_mijlpaal(session, "5a", "A")
    recorded = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        forecast_text="Q1-2027",
        forecast_start=date(2027, 1, 1),
        forecast_end=date(2027, 3, 31),
        recorded_at=recorded,
    )
    after = event(client, UID_5A_A)
    assert days(after) == (date(2027, 3, 31), date(2027, 3, 31))
    assert "Verwacht: Q1-2027 (1 januari 2027 t/m 31 maart 2027)" in text(after, "DESCRIPTION")
    # No longer late, but moved without a word on the status: it needs attention.
    assert "Status: Aandacht nodig." in text(after, "DESCRIPTION")
    assert after["SEQUENCE"] == 2  # one stored change and no longer late: still above 1
    assert after.decoded("LAST-MODIFIED") == recorded
    assert after.decoded("DTSTAMP") == after.decoded("LAST-MODIFIED")


def test_reached_milestone_says_so(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    before = event(client, UID_5A_A)
    m = find_mijlpaal(session, "5a", "A")
    make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        status="afgerond",
        reached_on=date(2026, 6, 12),
    )
    after = event(client, UID_5A_A, "/agenda/mijlpalen.ics?herinnering=3")
    assert text(after, "SUMMARY").startswith("E5 5a – A (bereikt): ")
    assert "Status: bereikt op 12 juni 2026." in text(after, "DESCRIPTION")
    assert not after.walk("VALARM")  # nothing to be reminded of
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_public_feeds_never_show_internal_notes(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    m = find_mijlpaal(session, "5b", "B")  # Q1-2027: not late, so the reported status shows
    make_voortgang(
        session,
        afspraak_id=m.afspraak_id,
        mijlpaal_id=m.id,
        status="aandacht_nodig",
        internal_note="INTERN-NIET-DELEN: de achterban twijfelt",
    )
    seen = event(client, "mijlpaal-5b-B@e5-werkagenda")
    assert "Aandacht nodig" in text(seen, "DESCRIPTION")  # the update did reach the feed
    for url in PUBLIC_FEEDS:
        body = client.get(url).get_data(as_text=True)
        assert "INTERN-NIET-DELEN" not in body, url
        assert "Interne notitie" not in body, url


def edited_seed(tmp_path: Path, edits: list[tuple[str, str]]) -> Path:
    seed = SEED_FILE.read_text(encoding="utf-8")
    for old, new in edits:
        assert seed.count(old) == 1, f"expected {old!r} once in the seed"
        seed = seed.replace(old, new)
    path = tmp_path / "werkagenda.yaml"
    path.write_text(seed, encoding="utf-8")
    return path


def reseed(runner: FlaskCliRunner, path: Path) -> None:
    result = runner.invoke(args=["seed", "load", "--file", str(path)])
    assert result.exit_code == 0, result.output


B5_TEXT = 'tekst: "Uitwerking en afronding van sub-afpraak 5f."\n            periode: '
UID_5B_B = "mijlpaal-5b-B@e5-werkagenda"
B_BLOCK = (
    '          - label: B\n            tekst: "Document publiceren"\n'
    '            periode: "Begin Q3-2026"\n'
)


def test_reseed_with_a_new_date_keeps_the_uid_and_raises_sequence(
    client: FlaskClient, runner: FlaskCliRunner, dated_long_ago: None, tmp_path: Path
) -> None:
    # 5b/B is not late on the pinned day, so its LAST-MODIFIED is its (backdated) creation.
    before = event(client, UID_5B_B)
    assert before.decoded("LAST-MODIFIED") == LONG_AGO
    reseed(runner, edited_seed(tmp_path, [(B5_TEXT + "Q1-2027", B5_TEXT + "Q2-2027")]))
    after = event(client, UID_5B_B)
    assert days(after) == (date(2027, 6, 30), date(2027, 6, 30))
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert after.decoded("CREATED") == before.decoded("CREATED")
    # Loading the same file again changes nothing: same event, same sequence.
    reseed(runner, tmp_path / "werkagenda.yaml")
    assert event(client, UID_5B_B)["SEQUENCE"] == after["SEQUENCE"]


def test_dropped_milestone_stays_as_cancelled_under_its_uid(
    client: FlaskClient, runner: FlaskCliRunner, seeded: LoadReport, tmp_path: Path
) -> None:
    before = event(client, UID_5A_B)
    reseed(runner, edited_seed(tmp_path, [(B_BLOCK, "")]))
    for url in ("/agenda/mijlpalen.ics", "/agenda/afspraken/5a.ics", "/agenda/partijen/KNMP.ics"):
        after = event(client, UID_5A_B, url)
        assert str(after["STATUS"]) == "CANCELLED"
        assert after["SEQUENCE"] > before["SEQUENCE"]
        assert days(after) == days(before)
    assert str(event(client, UID_5A_A)["STATUS"]) == "CONFIRMED"


def test_renamed_label_cancels_the_old_uid_and_adds_a_new_one(
    client: FlaskClient, runner: FlaskCliRunner, seeded: LoadReport, tmp_path: Path
) -> None:
    reseed(runner, edited_seed(tmp_path, [(B_BLOCK, B_BLOCK.replace("label: B", "label: B1"))]))
    _, calendar = feed(client, "/agenda/afspraken/5a.ics")
    items = events_by_uid(calendar)
    assert str(items[UID_5A_B]["STATUS"]) == "CANCELLED"
    assert str(items["mijlpaal-5a-B1@e5-werkagenda"]["STATUS"]) == "CONFIRMED"


def test_plan_edit_in_the_app_keeps_the_uid_and_raises_sequence(
    client: FlaskClient, session: Session, dated_long_ago: None, auth: AuthActions
) -> None:
    before = event(client, UID_5A_A)
    make_user(session, email="sec@vbg.nl", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    response = auth.post(
        "/afspraken/5a/mijlpalen/A/plan",
        {
            "text": "Document met definities vastgesteld in BO Farmacie",
            "planned_text": "Q4-2026",
            "reason": "Besluit BO Farmacie",
            "version": str(find_mijlpaal(session, "5a", "A").version),
        },
    )
    assert response.status_code == 302
    after = event(client, UID_5A_A)
    assert text(after, "SUMMARY") == "E5 5a – A: Document met definities vastgesteld in BO Farmacie"
    assert days(after) == (date(2026, 12, 31), date(2026, 12, 31))
    assert after["SEQUENCE"] > before["SEQUENCE"]
    edited = session.exec(
        select(func.max(PlanWijziging.changed_at)).where(PlanWijziging.entity_key == "5a/A")
    ).one()
    assert edited is not None
    assert after.decoded("LAST-MODIFIED") == edited.replace(microsecond=0)


def test_removed_afspraak_feed_answers_with_cancelled_events(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    # What a seed load does when 5c leaves the file: the rows stay, marked removed.
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "5c")).one()
    now = datetime.now(UTC)
    afspraak.removed_at = now
    session.add(afspraak)
    session.exec(
        update(Mijlpaal).where(col(Mijlpaal.afspraak_id) == afspraak.id).values(removed_at=now)
    )
    session.commit()

    assert client.get("/afspraken/5c").status_code == 404  # gone from the pages
    _, calendar = feed(client, "/agenda/afspraken/5c.ics")  # but its subscribers hear of it
    items = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in items] == ["mijlpaal-5c-1@e5-werkagenda"]
    assert str(items[0]["STATUS"]) == "CANCELLED"
    assert str(calendar["X-WR-CALNAME"]) == "Werkagenda E5 – afspraak 5c"


@pytest.fixture
def statements(connection: sa.Connection) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    sa.event.listen(connection, "before_cursor_execute", record)
    yield seen
    sa.event.remove(connection, "before_cursor_execute", record)


@pytest.mark.parametrize("url", ["/agenda/mijlpalen.ics", "/agenda/partijen/KNMP.ics"])
def test_statement_count_does_not_grow_with_the_history(
    client: FlaskClient,
    session: Session,
    seeded: LoadReport,
    statements: list[str],
    url: str,
) -> None:
    # The first request after a change reads the Werkagenda anew (the read model keeps it per
    # data revision); the next one reads it from what was kept. Both counts must stay the same.
    statements.clear()
    client.get(url)
    cold = len(statements)
    statements.clear()
    client.get(url)
    baseline = len(statements)
    for afspraak, label in [("5a", "A"), ("5b", "A"), ("1", "C"), ("10", "Mijlpaal 2")]:
        m = find_mijlpaal(session, afspraak, label)
        for note in ("een", "twee"):
            make_voortgang(
                session,
                afspraak_id=m.afspraak_id,
                mijlpaal_id=m.id,
                status="op_schema",
                internal_note=note,
            )
    statements.clear()
    client.get(url)
    assert len(statements) == cold
    statements.clear()
    client.get(url)
    assert len(statements) == baseline < cold < 25


def test_agenda_page_lists_every_feed_with_webcal_links(
    client: FlaskClient, seeded: LoadReport
) -> None:
    html = client.get("/agenda").get_data(as_text=True)
    assert 'href="webcal://localhost/agenda/mijlpalen.ics"' in html
    assert 'href="webcal://localhost/agenda/toezeggingen.ics"' in html
    assert 'href="webcal://localhost/agenda/afspraken/5a.ics"' in html
    assert 'href="webcal://localhost/agenda/partijen/BG%20Pharma.ics"' in html
    assert ">http://localhost/agenda/mijlpalen.ics</code>" in html  # selectable without JS
    assert 'data-copy="feed-mijlpalen"' in html
    assert "Log in</a> om hem te maken" in html
    assert "/agenda/persoonlijk" not in html  # no token form for strangers


def test_agenda_page_options_go_into_every_link(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/agenda?periode=span&herinnering=7").get_data(as_text=True)
    assert "webcal://localhost/agenda/mijlpalen.ics?periode=span&amp;herinnering=7" in html
    assert "webcal://localhost/agenda/afspraken/5a.ics?periode=span&amp;herinnering=7" in html
    bad = client.get("/agenda?herinnering=morgen")
    assert bad.status_code == 400
    assert "Ongeldige herinnering &#39;morgen&#39;" in bad.get_data(as_text=True)
    assert "webcal://localhost/agenda/mijlpalen.ics" in bad.get_data(as_text=True)


def test_agenda_page_keeps_its_lists_once_whatever_other_parameters_come(
    client: FlaskClient, seeded: LoadReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.feeds.routes as routes

    made: list[int] = []
    real = routes._lists

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(routes, "_lists", counted)
    pages = [
        client.get(f"/agenda?herinnering=7&{junk}").get_data(as_text=True)
        for junk in ("x=1", "x=2", "utm_source=mail")
    ]
    assert len(made) == 1
    assert "x=1" not in pages[0] and "utm_source" not in pages[0]
    assert "webcal://localhost/agenda/afspraken/5a.ics?herinnering=7" in pages[2]
    client.get("/agenda?herinnering=1")
    assert len(made) == 2  # other options are other links


def test_afspraak_and_partij_pages_link_to_their_feed(
    client: FlaskClient, seeded: LoadReport
) -> None:
    afspraak = client.get("/afspraken/5a").get_data(as_text=True)
    assert 'href="webcal://localhost/agenda/afspraken/5a.ics"' in afspraak
    partij = client.get("/partijen/BG%20Pharma").get_data(as_text=True)
    assert 'href="webcal://localhost/agenda/partijen/BG%20Pharma.ics"' in partij
    assert '<a class="nl-link rhc-nav-bar__link" href="/agenda"' in partij


def test_opsteller_links_count_for_the_partij_scope(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    # Guard for the fixture data used above: VWS writes 5a, so its feed has 5a's milestones.
    vws = session.exec(select(Partij).where(Partij.code == "VWS")).one()
    link = session.exec(
        select(AfspraakPartij)
        .join(Afspraak, col(Afspraak.id) == AfspraakPartij.afspraak_id)
        .where(Afspraak.code == "5a", AfspraakPartij.partij_id == vws.id)
    ).one()
    assert link.role is Rol.OPSTELLER
    assert "5a" in afspraak_codes(feed(client, "/agenda/partijen/VWS.ics")[1])


def without_afspraak_11(tmp_path: Path) -> Path:
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith('  - code: "11"'))
    end = next(i for i, line in enumerate(lines) if line.startswith("documenten:"))
    path = tmp_path / "werkagenda.yaml"
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return path


def test_dropping_a_whole_afspraak_cancels_its_milestones_with_a_higher_sequence(
    client: FlaskClient, runner: FlaskCliRunner, seeded: LoadReport, tmp_path: Path
) -> None:
    uid = "mijlpaal-11-Mijlpaal_1@e5-werkagenda"
    before = event(client, uid)
    reseed(runner, without_afspraak_11(tmp_path))
    after = event(client, uid)
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_an_internal_note_does_not_move_public_last_modified(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    first = client.get("/agenda/mijlpalen.ics")
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    assert afspraak.id is not None
    make_voortgang(
        session,
        afspraak_id=afspraak.id,
        public_text="",
        internal_note="Alleen intern",
        recorded_at=datetime(2026, 11, 28, 12, tzinfo=UTC),
    )
    again = client.get("/agenda/mijlpalen.ics")
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
    assert again.headers["ETag"] == first.headers["ETag"]
    assert b"Alleen intern" not in again.get_data()


def test_a_forecast_of_data_ntb_takes_the_milestone_off_the_calendar(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    uid = "mijlpaal-5d-1@e5-werkagenda"
    assert uid in events_by_uid(feed(client, "/agenda/mijlpalen.ics")[1])
    mijlpaal = find_mijlpaal(session, "5d", "1")
    make_voortgang(
        session,
        afspraak_id=mijlpaal.afspraak_id,
        mijlpaal_id=mijlpaal.id,
        forecast_text="data n.t.b.",
        effective_date=date(2026, 11, 20),
    )
    assert uid not in events_by_uid(feed(client, "/agenda/mijlpalen.ics")[1])


def test_a_feed_leaves_out_what_ended_more_than_three_months_ago(
    client: FlaskClient, seeded: LoadReport
) -> None:
    """On the pinned day (25 November 2026) the window starts on 1 August 2026."""
    response = client.get("/agenda/mijlpalen.ics")
    assert response.status_code == 200
    windowed = events_by_uid(parse_feed(response.get_data()))
    everything = events_by_uid(feed(client, "/agenda/mijlpalen.ics?terug=alles")[1])
    assert set(windowed) < set(everything)
    assert {uid for uid, item in everything.items() if days(item)[1] >= date(2026, 8, 1)} == set(
        windowed
    )
    assert UID_5A_A not in windowed  # June 2026, overdue: in the app, but long past in a calendar
    assert "mijlpaal-5b-A@e5-werkagenda" in windowed  # Q3-2026: ends 30 September
    # Further back on request; the option is in the feed's own address (SOURCE) too.
    _, year = feed(client, "/agenda/mijlpalen.ics?terug=6")
    assert UID_5A_A in events_by_uid(year)
    assert str(year["SOURCE"]) == "http://localhost/agenda/mijlpalen.ics?terug=6"
    _, default = feed(client, "/agenda/mijlpalen.ics?terug=3")
    assert set(events_by_uid(default)) == set(windowed)
    assert str(default["SOURCE"]) == "http://localhost/agenda/mijlpalen.ics"


@pytest.fixture
def rapporteur_token(session: Session, seeded: LoadReport) -> str:
    """The secret of a KNMP rapporteur's personal feed."""
    user = make_user(session, email="venster@knmp.nl", name="Venster", partij_codes=("KNMP",))
    assert user.id is not None
    token = create_token(user.id, session=session)
    session.commit()
    return token


def test_the_window_applies_to_every_feed(
    client: FlaskClient, seeded: LoadReport, rapporteur_token: str
) -> None:
    for url in (
        "/agenda/afspraken/5.ics",
        "/agenda/partijen/KNMP.ics",
        "/agenda/toezeggingen.ics",
        f"/agenda/persoonlijk/{rapporteur_token}.ics",
    ):
        windowed = parse_feed(client.get(url).get_data())
        kept = [days(item)[1] for item in windowed.walk("VEVENT")]
        assert all(end >= date(2026, 8, 1) for end in kept), url
        everything = feed(client, url)[1].walk("VEVENT")
        assert len(everything) > len(kept), url


def test_what_left_the_window_counts_for_last_modified(
    client: FlaskClient, session: Session, dated_long_ago: None
) -> None:
    """If-Modified-Since must not keep a client on a copy that still holds an event that left.

    With `terug=0` on 25 November the window starts on 1 November; 5b's Q3-2026 milestones
    (30 September) left it on 1 October, 00:00 in Amsterdam. Nothing the feed still shows changed
    later (every row and plan change is dated in January), so that moment is its Last-Modified.
    """
    session.exec(update(PlanWijziging).values(changed_at=LONG_AGO))
    session.commit()
    url = "/agenda/afspraken/5b.ics?terug=0"
    windowed = client.get(url)
    calendar = parse_feed(windowed.get_data())
    assert all(days(item)[1] >= date(2026, 11, 1) for item in calendar.walk("VEVENT"))
    left = datetime(2026, 9, 30, 22, 0, tzinfo=UTC)
    assert windowed.last_modified == left
    before = http_date(left - timedelta(days=1))
    assert client.get(url, headers={"If-Modified-Since": before}).status_code == 200
    since = http_date(left)
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304


@pytest.mark.parametrize("value", ["-1", "121", "ooit"])
def test_a_bad_terug_is_a_400_with_a_dutch_message(client: FlaskClient, value: str) -> None:
    response = client.get(f"/agenda/mijlpalen.ics?terug={value}")
    assert response.status_code == 400
    assert "geef een aantal maanden van 0 tot en met 120" in response.get_data(as_text=True)


def test_agenda_page_offers_how_far_back(client: FlaskClient, seeded: LoadReport) -> None:
    html = client.get("/agenda?terug=alles").get_data(as_text=True)
    assert "webcal://localhost/agenda/mijlpalen.ics?terug=alles" in html
    assert "webcal://localhost/agenda/partijen/KNMP.ics?terug=alles" in html
    assert '<option value="alles" selected>Alles, hoe oud ook</option>' in html
    assert "?terug=alles</code> (alles, hoe oud ook)" in html
    plain = client.get("/agenda").get_data(as_text=True)
    assert '<option value="3" selected>3 maanden</option>' in plain
    assert "terug=" not in plain.split('id="alles-kop"', 1)[1].split("</section>", 1)[0]
