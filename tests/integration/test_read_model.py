"""The read model: the latest updates give the status the whole history gives, and the kept
Werkagenda follows every write (app/afspraken/queries.py, app/afspraken/cache.py, app/revision.py).
"""

import gc
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, col, select

from app.afspraken.cache import current_werkagenda
from app.afspraken.queries import (
    HistoryNotLoaded,
    Werkagenda,
    load_afspraak_scope,
    load_werkagenda,
    with_history,
)
from app.domain.labels import STATUS_LABELS
from app.domain.status import Status
from app.garbage_collection import THRESHOLDS
from app.models import (
    AccountRole,
    Afspraak,
    AfspraakPartij,
    Mijlpaal,
    Partij,
    RecordedVia,
    Rol,
    Voortgang,
    utcnow,
)
from app.read_model import SIZE, kept
from app.revision import current_token
from app.seeding.load import LoadReport
from tests.conftest import AuthActions
from tests.factories import make_user, make_voortgang

TODAY = date(2026, 12, 3)
STATUSES = [None, None, *Status]


def random_history(session: Session, rng: random.Random, afspraken: list[Afspraak]) -> None:
    """Many updates with every kind of field, several on the same day, in no particular order."""
    mijlpalen = session.exec(select(Mijlpaal)).all()
    base = utcnow()
    for _ in range(600):
        # Some updates recorded at the very same moment (the id decides), some a few
        # microseconds apart (the time's last digits decide), most minutes apart.
        recorded_at = rng.choice(
            [
                base - timedelta(minutes=rng.randrange(3)),
                base - timedelta(minutes=rng.randrange(3), microseconds=rng.randrange(1000)),
                base - timedelta(minutes=rng.randrange(10_000)),
            ]
        )
        mijlpaal = rng.choice(mijlpalen) if rng.random() < 0.8 else None
        afspraak_id = mijlpaal.afspraak_id if mijlpaal else rng.choice(afspraken).id
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 330, 7))
        forecast = rng.choice(["", "", "", "Q3-2027", "data n.t.b."])
        session.add(
            Voortgang(
                afspraak_id=afspraak_id,
                mijlpaal_id=mijlpaal.id if mijlpaal else None,
                recorded_by="test",
                recorded_via=RecordedVia.FORM,
                recorded_at=recorded_at,
                effective_date=day,
                status=rng.choice(STATUSES),
                public_text=rng.choice(["", f"tekst {rng.random()}"]),
                internal_note=rng.choice(["", "", f"notitie {rng.random()}"]),
                forecast_text=forecast,
                forecast_end=date(2027, 9, 30) if forecast == "Q3-2027" else None,
                reached_on=day if rng.random() < 0.2 else None,
            )
        )
    session.commit()


def first(updates: list[Voortgang], field: str) -> int | None:
    return next((u.id for u in updates if getattr(u, field)), None)


def assert_same_picture(latest: Werkagenda, full: Werkagenda) -> None:
    assert [a.code for a in latest.afspraken] == [a.code for a in full.afspraken]
    for mine, whole in zip(latest.afspraken, full.afspraken, strict=True):
        assert mine.status == whole.status, mine.code
        pairs = [(mine.updates, whole.updates)]
        for m, w in zip(mine.mijlpalen, whole.mijlpalen, strict=True):
            assert m.status == w.status, m.key
            pairs.append((m.updates, w.updates))
        for few, every in pairs:
            assert [u.id for u in few[:1]] == [u.id for u in every[:1]]
            for field in ("public_text", "internal_note", "forecast_text", "status"):
                assert first(few, field) == first(every, field), (mine.code, field)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_latest_updates_give_the_status_the_whole_history_gives(
    session: Session, seeded: LoadReport, seed: int
) -> None:
    afspraken = list(session.exec(select(Afspraak)).all())
    random_history(session, random.Random(seed), afspraken)
    latest = load_werkagenda(session=session, today=TODAY)
    full = load_werkagenda(session=session, today=TODAY, history=True)
    assert_same_picture(latest, full)
    # The random history really exercises the rules: reached, undone, late and forecast ones.
    statuses = {m.status.status for a in full.afspraken for m in a.mijlpalen}
    assert {Status.AFGEROND, Status.VERTRAAGD} <= statuses
    assert sum(
        len(a.updates) + sum(len(m.updates) for m in a.mijlpalen) for a in latest.afspraken
    ) < (sum(len(a.updates) + sum(len(m.updates) for m in a.mijlpalen) for a in full.afspraken))


@pytest.mark.parametrize("seed", [1, 2])
def test_one_afspraaks_scope_gives_it_the_status_the_whole_plan_gives(
    session: Session, seeded: LoadReport, seed: int
) -> None:
    afspraken = list(session.exec(select(Afspraak)).all())
    random_history(session, random.Random(seed), afspraken)
    whole = load_werkagenda(session=session, today=TODAY)
    waiting = 0
    for view in whole.afspraken:
        scope = load_afspraak_scope(session=session, code=view.code, today=TODAY)
        assert scope is not None
        mine = scope.get(view.code)
        assert mine is not None, view.code
        assert mine.status == view.status, view.code
        assert [m.status for m in mine.mijlpalen] == [m.status for m in view.mijlpalen]
        assert [u.id for u in mine.updates] == [u.id for u in view.updates]
        assert [(d.partij.code, d.role) for d in mine.deelnames] == [
            (d.partij.code, d.role) for d in view.deelnames
        ]
        assert len(scope.afspraken) < len(whole.afspraken)  # not the whole plan
        waiting += bool(view.status.waits_on)
    assert waiting, "no afspraak waited on a late one: the one-step rule went untested"
    assert load_afspraak_scope(session=session, code="99", today=TODAY) is None


def test_a_latest_only_view_refuses_to_give_its_history_and_with_history_reads_it(
    session: Session, seeded: LoadReport
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    for week in range(5):
        make_voortgang(session, afspraak_id=afspraak.id, effective_date=date(2026, 10, 1 + week))
    view = load_werkagenda(session=session, today=TODAY).get("3")
    assert view is not None
    with pytest.raises(HistoryNotLoaded, match="Afspraak 3"):
        _ = view.history
    whole = with_history(view, session=session)
    assert len(whole.history) >= 5
    assert whole.status == view.status


def test_the_kept_werkagenda_follows_every_write(
    app: Flask, client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    with app.test_request_context():
        before = current_werkagenda(TODAY)
        assert current_werkagenda(TODAY) is before  # unchanged data: the same object
        token = current_token(session)
        make_voortgang(
            session,
            afspraak_id=afspraak.id,
            status="vertraagd",
            public_text="Leesmodel-test: vertraagd gemeld.",
            effective_date=date(2026, 12, 2),
        )
        assert current_token(session) != token
        after = current_werkagenda(TODAY)
        assert after is not before
        view = after.get("3")
        assert view is not None and view.status.reported is Status.VERTRAAGD
        assert current_werkagenda(TODAY + timedelta(days=1)) is not after  # another day
    assert "Leesmodel-test: vertraagd gemeld." in client.get("/afspraken/3").get_data(as_text=True)


def test_a_rolled_back_write_leaves_the_token_as_it_was(
    session: Session, seeded: LoadReport
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    token = current_token(session)
    afspraak.title = "Een titel die niet blijft"
    session.flush()
    assert current_token(session) != token
    session.rollback()
    assert current_token(session) == token


def test_a_value_is_computed_once_per_revision_and_key_and_the_oldest_are_dropped(
    app: Flask, session: Session, seeded: LoadReport
) -> None:
    calls: list[int] = []

    def compute(n: int) -> Callable[[Session], int]:
        def run(_session: Session) -> int:
            calls.append(n)
            return n * 10

        return run

    with app.test_request_context():
        assert [kept(("n", n), compute(n)) for n in (1, 1, 2, 1)] == [10, 10, 20, 10]
        assert calls == [1, 2]
        for n in range(3, SIZE + 2):  # one more than fits: the least recently used (2) goes
            kept(("n", n), compute(n))
        calls.clear()
        kept(("n", 1), compute(1))
        kept(("n", 2), compute(2))
        assert calls == [2]
        make_voortgang(session, afspraak_id=seeded_afspraak_id(session))  # a new revision
        calls.clear()
        kept(("n", 1), compute(1))
        assert calls == [1]


def test_a_kept_value_is_computed_with_fewer_garbage_collections(app: Flask) -> None:
    # Only while it is built (app/garbage_collection.py): a page's own objects are collected
    # as often as CPython's default says.
    with app.test_request_context():
        assert kept(("gc",), lambda _session: gc.get_threshold()) == THRESHOLDS
    assert gc.get_threshold() != THRESHOLDS


def seeded_afspraak_id(session: Session) -> int:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    assert afspraak.id is not None
    return afspraak.id


def test_feeds_planning_register_and_export_show_a_write_at_once(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    pages = [
        "/agenda/afspraken/3.ics?terug=alles",
        "/planning/afspraken/3",
        "/export/werkagenda.xlsx",
    ]
    before = {path: client.get(path).data for path in pages}
    for path in (pages[0], pages[2]):  # kept: the same bytes (a page has a fresh nonce)
        assert client.get(path).data == before[path]
    mijlpaal = session.exec(
        select(Mijlpaal).join(Afspraak).where(Afspraak.code == "3", Mijlpaal.label == "A")
    ).one()
    make_voortgang(
        session,
        afspraak_id=mijlpaal.afspraak_id,
        mijlpaal_id=mijlpaal.id,
        forecast_text="Q4-2027",
        forecast_end=date(2027, 12, 31),
        public_text="Leesmodel: verschoven naar Q4-2027.",
    )
    after = {path: client.get(path).data for path in pages}
    for path in pages:
        assert after[path] != before[path], path
    assert b"Q4-2027" in after["/planning/afspraken/3"]
    assert b"20271231" in after["/agenda/afspraken/3.ics?terug=alles"]


def test_a_feed_is_kept_by_its_options_not_by_its_query_string(
    app: Flask, client: FlaskClient, seeded: LoadReport
) -> None:
    plain = client.get("/agenda/mijlpalen.ics?terug=alles").data
    cache = app.extensions["e5_read_model"]
    kept_before = len(cache._values)
    assert client.get("/agenda/mijlpalen.ics?terug=alles&x=1").data == plain
    assert len(cache._values) == kept_before  # the extra parameter built nothing anew
    assert client.get("/agenda/mijlpalen.ics?terug=alles&herinnering=7").data != plain


def test_kept_page_parts_show_a_write_at_once_and_nothing_of_the_visitor(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    afspraak = session.exec(select(Afspraak).where(Afspraak.code == "3")).one()
    partij = session.exec(
        select(Partij)
        .join(AfspraakPartij, col(AfspraakPartij.partij_id) == Partij.id)
        .where(AfspraakPartij.afspraak_id == afspraak.id, AfspraakPartij.role == Rol.OPSTELLER)
    ).first()
    assert partij is not None
    pages = [
        "/",
        "/?status=" + afspraak_status(client),
        f"/partijen/{partij.code}",
        "/agenda",
        "/agenda?periode=span",
    ]
    before = {path: client.get(path).get_data(as_text=True) for path in pages}
    afspraak.title = "Leesmodel: een nieuwe titel"
    session.add(afspraak)
    session.commit()
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert "Leesmodel: een nieuwe titel" in html, path
        assert "Leesmodel: een nieuwe titel" not in before[path], path
    # The agenda's feed addresses are kept per option: each keeps its own.
    assert "/agenda/afspraken/3.ics?periode=span" in before["/agenda?periode=span"]
    assert "/agenda/afspraken/3.ics?periode=span" not in before["/agenda"]
    # The party's lists are kept, the Excel link beside them is the visitor's own.
    template_link = f"/partijen/{partij.code}/sjabloon.xlsx"
    assert template_link not in client.get(pages[2]).get_data(as_text=True)
    make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    assert template_link in client.get(pages[2]).get_data(as_text=True)


def test_the_kept_party_table_shows_a_renamed_party_at_once(
    client: FlaskClient, session: Session, seeded: LoadReport
) -> None:
    assert "Leesmodel-partij" not in client.get("/partijen").get_data(as_text=True)
    partij = session.exec(select(Partij).where(Partij.code == "KNMP")).one()
    partij.name = "Leesmodel-partij"
    session.add(partij)
    session.commit()
    assert "Leesmodel-partij" in client.get("/partijen").get_data(as_text=True)


def afspraak_status(client: FlaskClient) -> str:
    """The status afspraak 3 has on the overview, as its filter value."""
    html = client.get("/").get_data(as_text=True)
    row = html.split('data-afspraak="3"', 1)[1].split("</tr>", 1)[0]
    for value, label in STATUS_LABELS.items():
        if f">{label}<" in row:
            return str(value)
    raise AssertionError("afspraak 3 shows no status")


@pytest.mark.parametrize("path", ["/", "/planning", "/partijen/KNMP", "/agenda"])
def test_a_page_reads_the_token_once_however_many_kept_values_it_uses(
    app: Flask, client: FlaskClient, seeded: LoadReport, path: str
) -> None:
    client.get(path)  # computes and keeps
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    bind = app.extensions["e5_engine"]
    sa.event.listen(bind, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(bind, "before_cursor_execute", record)
    assert len([s for s in statements if "FROM data_revision" in s]) == 1


def test_the_kept_history_shows_internal_notes_only_to_those_who_may_read_them(
    client: FlaskClient, session: Session, seeded: LoadReport, auth: AuthActions
) -> None:
    note = "Leesmodel: interne notitie 4f1c"
    make_voortgang(session, afspraak_id=seeded_afspraak_id(session), internal_note=note)
    make_user(session, email="sec@vbg.nl", name="Sec", role=AccountRole.SECRETARIAAT)
    auth.login("sec@vbg.nl")
    assert note in client.get("/afspraken/3").get_data(as_text=True)  # kept with notes
    auth.logout()
    assert note not in client.get("/afspraken/3").get_data(as_text=True)
    auth.login("sec@vbg.nl")
    assert note in client.get("/afspraken/3").get_data(as_text=True)
