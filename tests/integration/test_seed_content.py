"""The loaded seed holds the Werkagenda (shared/seeds/002) and the Kamer commitments as written."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from app.domain.periods import Precision
from app.models import (
    Activiteit,
    ActiviteitPartij,
    Afhankelijkheid,
    AfhankelijkheidSoort,
    Afspraak,
    AfspraakPartij,
    CommitmentKind,
    CommitmentStatus,
    CommitmentVenue,
    KamerCommitment,
    KamerCommitmentAfspraak,
    KamerCommitmentKamerstuk,
    Kamerstuk,
    Mijlpaal,
    Partij,
    Rol,
    Voortgang,
)
from app.seeding.validate import ValidSeed
from tests.conftest import SeededDatabase


@pytest.fixture(scope="module")
def db(seeded_database: SeededDatabase) -> Iterator[Session]:
    """The seeded database for the read-only checks of this module, rolled back afterwards."""
    with seeded_database.engine.connect() as connection:
        transaction = connection.begin()
        with Session(connection, join_transaction_mode="create_savepoint") as session:
            yield session
        transaction.rollback()


def afspraak(db: Session, code: str) -> Afspraak:
    return db.exec(select(Afspraak).where(Afspraak.code == code)).one()


def mijlpalen(db: Session, code: str) -> list[Mijlpaal]:
    return list(
        db.exec(
            select(Mijlpaal)
            .where(Mijlpaal.afspraak_id == afspraak(db, code).id)
            .order_by(col(Mijlpaal.position))
        )
    )


def mijlpaal(db: Session, code: str, label: str) -> Mijlpaal:
    return next(m for m in mijlpalen(db, code) if m.label == label)


def linked(
    db: Session, value: Any, link_to_value: Any, link_owner: Any, owner_id: int | None
) -> list[Any]:
    """Values reached from one owner row through a link table, e.g. the parties of an activity."""
    target = value.class_.id
    return list(
        db.exec(
            select(value)
            .join(link_to_value.class_, col(link_to_value) == col(target))
            .where(link_owner == owner_id)
        )
    )


def role_codes(db: Session, code: str, role: Rol) -> set[str]:
    rows = db.exec(
        select(Partij.code)
        .join(AfspraakPartij, col(AfspraakPartij.partij_id) == col(Partij.id))
        .where(AfspraakPartij.afspraak_id == afspraak(db, code).id, AfspraakPartij.role == role)
    )
    return set(rows)


ORDER = [
    "1",
    "2",
    "3",
    "4",
    "5",
    "5a",
    "5b",
    "5c",
    "5d",
    "5e",
    "5f",
    "6",
    "7",
    "8",
    "9",
    "10",
    "11",
]

# (activities, milestones) per afspraak, counted in 002 by hand.
COUNTS = {
    "1": (4, 5), "2": (5, 4), "3": (2, 3), "4": (8, 4), "5": (0, 0), "5a": (3, 2), "5b": (2, 2),
    "5c": (4, 1), "5d": (4, 4), "5e": (6, 3), "5f": (4, 2), "6": (3, 1), "7": (9, 3), "8": (6, 3),
    "9": (2, 2), "10": (6, 3), "11": (7, 5),
}  # fmt: skip


def test_afspraken_in_werkagenda_order_with_5a_to_5f_under_5(db: Session) -> None:
    rows = db.exec(select(Afspraak).order_by(col(Afspraak.position))).all()
    assert [a.code for a in rows] == ORDER
    parent_of = {a.code: a.parent_id for a in rows}
    five = afspraak(db, "5").id
    assert {c for c, p in parent_of.items() if p == five} == {"5a", "5b", "5c", "5d", "5e", "5f"}
    assert all(parent_of[c] is None for c in ORDER if not c.startswith("5") or c == "5")


@pytest.mark.parametrize(("code", "expected"), COUNTS.items())
def test_activities_and_milestones_per_afspraak(
    db: Session, code: str, expected: tuple[int, int]
) -> None:
    activities = db.exec(
        select(Activiteit).where(Activiteit.afspraak_id == afspraak(db, code).id)
    ).all()
    assert (len(activities), len(mijlpalen(db, code))) == expected


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("1", "Duidelijke informatie voor patiënten"),
        (
            "3",
            "Juridische verankering van afspraken over farmacotherapeutische substitutie "
            "door de apotheker",
        ),
        ("5", "Goed afgestemde en snelle reactie op (dreigende) tekorten"),
        ("5a", "Uniforme definities"),
        ("5d", "Snelle aanpassing van de vergoeding"),
        ("5f", "Informatie-uitwisseling via een informatiepunt tekorten"),
        ("8", "Herziening geneesmiddelenvergoedingssysteem en de wet Geneesmiddelenprijzen"),
        ("11", "Doorhaling van registraties"),
    ],
)
def test_titles_as_written(db: Session, code: str, title: str) -> None:
    assert afspraak(db, code).title == title


def test_dutch_texts_are_kept(db: Session) -> None:
    a5a = afspraak(db, "5a")
    assert a5a.goal.startswith("Het komen tot een eenduidige basis voor communicatie")
    assert a5a.result == (
        "Een gedragen lijst met definities van de termen die gehanteerd worden om de "
        "(on)beschikbaarheid van geneesmiddelen te beschrijven."
    )
    assert mijlpaal(db, "5a", "A").text.startswith("Een document met definitieve definities")
    assert (
        "Geneesmiddelenwet, artikel 49" in afspraak(db, "5c").context + afspraak(db, "5c").remarks
    )
    assert "MIND en LederIn" in afspraak(db, "1").attention_points


FOOTNOTE_PARTIES = [
    "NHG", "NVZ", "FMS", "Bogin", "LHV", "IGJ", "ZN", "BG Pharma", "CBG", "ASKA", "OptimaFarma",
    "KNMP", "NVZA", "UMCNL", "PFN", "NAPCO", "VIG", "GLN", "ZIN",
]  # fmt: skip
OTHER_PARTIES = [
    "VWS", "LCG", "NZa", "NFU", "Z-Index", "VES", "MIND", "LederIn", "Taakgroep GIB",
    "Werkgroep VBG", "Werkgroep EFZ", "Werkgroep DG", "BO Farmacie", "OTG",
]  # fmt: skip


def test_every_named_organisation_is_a_partij(db: Session) -> None:
    codes = set(db.exec(select(Partij.code)))
    assert len(FOOTNOTE_PARTIES) == 19
    assert set(FOOTNOTE_PARTIES) <= codes
    assert set(OTHER_PARTIES) <= codes


def test_spellings_are_aliases(db: Session, valid_seed: ValidSeed) -> None:
    for spelling, code in [
        ("NApCo", "NAPCO"), ("NApCO", "NAPCO"), ("Optima Farma", "OptimaFarma"),
        ("Patiëntenfederatie Nederland", "PFN"), ("Z-index", "Z-Index"), ("BOGIN", "Bogin"),
    ]:  # fmt: skip
        assert valid_seed.partij_code(spelling) == code
    taakgroep = db.exec(select(Partij).where(Partij.code == "Taakgroep GIB")).one()
    assert taakgroep.kind == "werkgroep"


@pytest.mark.parametrize(
    ("code", "role", "expected"),
    [
        ("1", Rol.OPSTELLER, {"PFN"}),
        ("1", Rol.SAMEN_MET, {"LHV", "OptimaFarma", "KNMP", "VWS", "NVZA", "FMS"}),
        ("2", Rol.OPSTELLER, {"NAPCO"}),
        ("2", Rol.SAMEN_MET, {"ZN", "NVZA", "OptimaFarma", "LHV", "KNMP", "LCG"}),
        ("2", Rol.INFORMEREN, {"IGJ"}),
        ("3", Rol.OPSTELLER, {"KNMP"}),
        ("5a", Rol.OPSTELLER, {"VWS"}),
        (
            "5a",
            Rol.SAMEN_MET,
            {"KNMP", "NAPCO", "ASKA", "ZN", "BG Pharma", "Bogin", "VIG", "GLN", "CBG", "LCG"},
        ),
        ("5d", Rol.OPSTELLER, {"KNMP", "ZN"}),
        ("6", Rol.OPSTELLER, {"ZN"}),
        ("6", Rol.SAMEN_MET, {"KNMP", "VIG", "Bogin", "GLN", "BG Pharma", "VWS"}),
        ("9", Rol.OPSTELLER, {"BG Pharma", "VWS"}),
        ("10", Rol.OPSTELLER, {"IGJ"}),
        (
            "10",
            Rol.SAMEN_MET,
            {"VWS", "BG Pharma", "Bogin", "GLN", "KNMP", "NVZA", "LCG", "CBG", "PFN"},
        ),
        ("10", Rol.INFORMEREN, {"OTG", "Werkgroep VBG"}),
        ("11", Rol.OPSTELLER, {"NVZA", "Bogin"}),
    ],
)
def test_parties_per_role(db: Session, code: str, role: Rol, expected: set[str]) -> None:
    assert role_codes(db, code, role) == expected


def test_role_note_is_kept(db: Session) -> None:
    lhv = db.exec(
        select(AfspraakPartij)
        .join(Partij, col(Partij.id) == col(AfspraakPartij.partij_id))
        .where(AfspraakPartij.afspraak_id == afspraak(db, "2").id, Partij.code == "LHV")
    ).one()
    assert lhv.note == "mogelijk"
    assert afspraak(db, "8").samen_met_note.startswith(
        "Dit betreft een wijziging van wet- en regelgeving."
    )


def test_activity_parties_as_written_and_resolved(db: Session) -> None:
    first = db.exec(
        select(Activiteit).where(
            Activiteit.afspraak_id == afspraak(db, "2").id, Activiteit.number == 1
        )
    ).one()
    assert "Artsen en apothekers en verzekeraars, Commissie ATG(+)" in first.partijen_note
    partijen = linked(
        db, Partij.code, ActiviteitPartij.partij_id, ActiviteitPartij.activiteit_id, first.id
    )
    assert "Commissie ATG" in partijen


def test_5d_has_four_milestones_the_last_due_end_of_q1_2027(db: Session) -> None:
    rows = mijlpalen(db, "5d")
    assert len(rows) == 4
    assert [m.planned_text for m in rows] == ["Q2-2026", "Q3-2026", "Q4-2026", "Q1-2027"]
    assert rows[-1].due_date == date(2027, 3, 31)
    assert rows[-1].planned_precision == Precision.QUARTER


def test_afspraak_8_last_milestone_is_1_january_2029(db: Session) -> None:
    last = mijlpalen(db, "8")[-1]
    assert last.label == "Mijlpaal 3"
    assert last.planned_text == "1 januari 2029"
    assert (last.planned_start, last.due_date) == (date(2029, 1, 1), date(2029, 1, 1))
    assert last.planned_precision == Precision.DAY


def test_afspraak_4_later_milestones_have_no_date_yet(db: Session) -> None:
    rows = {m.label: m for m in mijlpalen(db, "4")}
    assert rows["Mijlpaal 2"].due_date == date(2026, 5, 31)  # "voorjaar 2026"
    for label in ("Mijlpaal 3", "Mijlpaal 4"):
        assert rows[label].planned_text == "data n.t.b."
        assert rows[label].due_date is None
        assert rows[label].planned_precision == Precision.UNKNOWN


@pytest.mark.parametrize(
    ("code", "label", "text", "start", "end", "precision"),
    [
        ("1", "E", "Q3-2026", date(2026, 7, 1), date(2026, 9, 30), Precision.QUARTER),
        (
            "3",
            "A",
            "Q3/4 2024 – Q1 2025",
            date(2024, 7, 1),
            date(2025, 3, 31),
            Precision.QUARTER_RANGE,
        ),
        ("3", "B", "maart 25", date(2025, 3, 1), date(2025, 3, 31), Precision.MONTH),
        ("3", "C", "2025 – Q1 2026", date(2025, 1, 1), date(2026, 3, 31), Precision.QUARTER_RANGE),
        ("5a", "A", "Juni 2026", date(2026, 6, 1), date(2026, 6, 30), Precision.MONTH),
        (
            "5a",
            "B",
            "Begin Q3-2026",
            date(2026, 7, 1),
            date(2026, 7, 31),
            Precision.PART_OF_QUARTER,
        ),
        ("8", "Mijlpaal 2", "Najaar 2026", date(2026, 9, 1), date(2026, 11, 30), Precision.SEASON),
        (
            "9",
            "Mijlpaal 2",
            "afronding in 2026",
            date(2026, 1, 1),
            date(2026, 12, 31),
            Precision.YEAR,
        ),
        (
            "10",
            "Mijlpaal 1",
            "eind Q2-2026",
            date(2026, 6, 1),
            date(2026, 6, 30),
            Precision.PART_OF_QUARTER,
        ),
        (
            "10",
            "Mijlpaal 3",
            "eind 2026",
            date(2026, 10, 1),
            date(2026, 12, 31),
            Precision.PART_OF_YEAR,
        ),
        (
            "11",
            "Mijlpaal 2",
            "Q2-3 2026",
            date(2026, 4, 1),
            date(2026, 9, 30),
            Precision.QUARTER_RANGE,
        ),
        (
            "11",
            "Mijlpaal 5",
            "Q3-4 2027",
            date(2027, 7, 1),
            date(2027, 12, 31),
            Precision.QUARTER_RANGE,
        ),
    ],
)
def test_milestone_dates_as_written_and_parsed(
    db: Session, code: str, label: str, text: str, start: date, end: date, precision: Precision
) -> None:
    row = mijlpaal(db, code, label)
    assert (row.planned_text, row.planned_start, row.due_date, row.planned_precision) == (
        text,
        start,
        end,
        precision,
    )


def test_afspraak_2_phrases_without_year_take_the_context_year(db: Session) -> None:
    phrases = {m.planned_text: m.due_date for m in mijlpalen(db, "2")}
    assert phrases["Q2-Q3"] == date(2026, 9, 30)
    assert phrases["Q1 – Q2"] == date(2026, 6, 30)


def test_every_dated_row_has_a_parsed_period(db: Session) -> None:
    for model in (Mijlpaal, Activiteit):
        for row in db.exec(select(model)):
            if row.planned_text and row.planned_precision != Precision.UNKNOWN:
                assert row.planned_start is not None and row.planned_end is not None, row
                assert row.planned_start <= row.planned_end
            else:
                assert row.planned_end is None


def test_month_range_of_an_activity(db: Session) -> None:
    first = db.exec(
        select(Activiteit).where(
            Activiteit.afspraak_id == afspraak(db, "7").id, Activiteit.number == 1
        )
    ).one()
    assert (first.planned_text, first.planned_start, first.planned_end) == (
        "April - Mei 2026",
        date(2026, 4, 1),
        date(2026, 5, 31),
    )


def dependencies(db: Session, kind: AfhankelijkheidSoort) -> set[tuple[str, str]]:
    codes = {a.id: a.code for a in db.exec(select(Afspraak))}
    rows = db.exec(select(Afhankelijkheid).where(Afhankelijkheid.kind == kind))
    return {(codes[r.afspraak_id], codes[r.depends_on_id]) for r in rows}


def test_hard_prerequisites_as_the_text_states(db: Session) -> None:
    hard = dependencies(db, AfhankelijkheidSoort.RANDVOORWAARDE)
    assert {("5b", "5a"), ("5c", "5a"), ("5f", "5a"), ("9", "5")} <= hard
    assert ("5d", "5a") not in hard


def test_soft_relations_as_the_text_states(db: Session) -> None:
    soft = dependencies(db, AfhankelijkheidSoort.SAMENHANG)
    assert {("5d", "5a"), ("5d", "2"), ("5d", "6"), ("1", "2")} <= soft


def commitment(db: Session, kind: CommitmentKind, key: str) -> KamerCommitment:
    return db.exec(
        select(KamerCommitment).where(KamerCommitment.kind == kind, KamerCommitment.key == key)
    ).one()


def document_key(db: Session, kamerstuk_id: int | None) -> str:
    return db.exec(select(Kamerstuk.key).where(Kamerstuk.id == kamerstuk_id)).one()


def test_documents_cited_by_the_sources(db: Session) -> None:
    citations = dict(db.exec(select(Kamerstuk.key, Kamerstuk.citation)).all())
    assert citations["kst-29477-969"] == "Kamerstukken II, 2025-2026, 29477, nr. 969"
    assert citations["kv-2026Z03383"] == "2026Z03383"
    assert "29 477, nr. 845" in citations["kst-29477-845"]


@pytest.mark.parametrize(
    ("key", "name", "fraction"),
    [
        ("mt-thiadens-medicatietekorten-buffervoorraden", "Thiadens", "PVV"),
        ("mt-bushoff-centraal-meldpunt", "Bushoff", "GroenLinks-PvdA"),
    ],
)
def test_moties_settled_in_the_2026_nota(db: Session, key: str, name: str, fraction: str) -> None:
    motie = commitment(db, CommitmentKind.MOTIE, key)
    assert motie.members == [{"name": name, "fraction": fraction}]
    assert motie.status == CommitmentStatus.AFGEDAAN
    assert document_key(db, motie.status_source_id) == "nota-2026-03-23"


def test_new_toezegging_next_progress_letter_q1_2027(db: Session) -> None:
    toezegging = commitment(db, CommitmentKind.TOEZEGGING, "tz-2026-voortgangsbrief-q1-2027")
    assert toezegging.status == CommitmentStatus.OPEN
    assert "eerste kwartaal van 2027" in toezegging.text + toezegging.due_text
    assert (toezegging.due_phrase, toezegging.due_end) == ("Q1-2027", date(2027, 3, 31))


def test_preferentiebeleid_evaluation_links_nota_and_kamervragen(db: Session) -> None:
    toezegging = commitment(
        db, CommitmentKind.TOEZEGGING, "tz-evaluatie-preferentiebeleid-uitkomsten"
    )
    assert toezegging.due_end == date(2026, 12, 31)
    assert toezegging.members == []  # made following the motie, repeated in answers to Coenradie
    answer = commitment(
        db, CommitmentKind.TOEZEGGING, "tz-2026-aandacht-koepels-preferent-niet-voorradig"
    )
    assert answer.members == [{"name": "Coenradie", "fraction": "JA21"}]
    documents = linked(
        db,
        Kamerstuk.key,
        KamerCommitmentKamerstuk.kamerstuk_id,
        KamerCommitmentKamerstuk.commitment_id,
        toezegging.id,
    )
    assert "kv-2026Z03383" in documents


def test_kept_toezeggingen_cite_the_nota(db: Session) -> None:
    toezegging = commitment(db, CommitmentKind.TOEZEGGING, "tz-inkoopleidraad-taakgroep")
    assert toezegging.status == CommitmentStatus.GESTAND_GEDAAN
    assert document_key(db, toezegging.status_source_id) == "nota-2026-03-23"
    related = linked(
        db,
        Afspraak.code,
        KamerCommitmentAfspraak.afspraak_id,
        KamerCommitmentAfspraak.commitment_id,
        toezegging.id,
    )
    assert related == ["4"]


def progress(db: Session, key: str) -> Voortgang:
    return db.exec(select(Voortgang).where(Voortgang.seed_key == key)).one()


def test_history_starts_from_stated_facts(db: Session) -> None:
    grondslag = progress(db, "vg-10-grondslag-vrijstellingen")
    assert grondslag.afspraak_id == afspraak(db, "10").id
    assert grondslag.effective_date == date(2025, 9, 9)
    assert "9 september 2025" in grondslag.public_text
    assert document_key(db, grondslag.source_id) == "werkagenda-e5-2026"

    added = progress(db, "vg-5f-toegevoegd-bo-farmacie")
    assert (added.afspraak_id, added.effective_date) == (afspraak(db, "5f").id, date(2026, 3, 11))

    leidraad = progress(db, "vg-3-leidraad-95-procent")
    assert leidraad.mijlpaal_id == mijlpaal(db, "3", "B").id
    assert "95% versie" in leidraad.public_text


def test_every_toezegging_and_motie_of_the_sources_is_in_the_seed(db: Session) -> None:
    # docs/kamer-audit.md §1: T1–T29 (T15 added after the audit) and M1–M6.
    kinds = db.exec(select(KamerCommitment.kind, func.count()).group_by(KamerCommitment.kind))
    assert dict(kinds.all()) == {CommitmentKind.TOEZEGGING: 29, CommitmentKind.MOTIE: 6}
    added = commitment(
        db, CommitmentKind.TOEZEGGING, "tz-2026-maatschappelijke-kosten-preferentiebeleid"
    )
    assert added.text.startswith("Ja, de evaluatie van het preferentiebeleid")
    assert (added.made_to, added.made_in) == ("lid Coenradie (JA21)", CommitmentVenue.BRIEF)
    assert (added.status, added.due_end) == (CommitmentStatus.OPEN, date(2026, 12, 31))


@pytest.mark.parametrize(
    ("key", "number"),
    [
        ("mt-worsdorfer-productielijn", "35537-6"),
        ("mt-slootweg-van-den-berg-inkoopbeleid-vws", "29477-767"),
        ("mt-van-der-staaij-zuurstof", "25295-1596"),
    ],
)
def test_moties_settled_in_2023_are_afgedaan_with_their_kamerstuk(
    db: Session, key: str, number: str
) -> None:
    motie = commitment(db, CommitmentKind.MOTIE, key)
    assert (motie.status, motie.kamerstuk_number) == (CommitmentStatus.AFGEDAAN, number)
    assert document_key(db, motie.status_source_id) == "kst-29477-845"


def test_toezeggingen_use_the_kamers_words(db: Session) -> None:
    statuses = db.exec(select(KamerCommitment.kind, KamerCommitment.status).distinct()).all()
    assert (CommitmentKind.TOEZEGGING, CommitmentStatus.AFGEDAAN) not in statuses
    assert (CommitmentKind.MOTIE, CommitmentStatus.GESTAND_GEDAAN) not in statuses
    # "Ik doe hiermee mijn toezegging af" (003): in the Kamer's words, gestand gedaan.
    closed = commitment(db, CommitmentKind.TOEZEGGING, "tz-productielocaties-eu")
    assert (closed.status, closed.made_to) == (
        CommitmentStatus.GESTAND_GEDAAN,
        "lid Van den Berg (CDA)",
    )


def test_where_toezeggingen_were_made(db: Session) -> None:
    venues = dict(db.exec(select(KamerCommitment.key, KamerCommitment.made_in)).all())
    assert venues["tz-2024-slimmere-inkoopcycli"] == CommitmentVenue.DEBAT  # Dertigledendebat
    assert venues["tz-2022-productielandschap-nl"] == CommitmentVenue.DEBAT
    assert venues["tz-2021-afbouw-noodvoorraad"] == CommitmentVenue.BRIEF
    assert venues["tz-inkoopleidraad-taakgroep"] is None  # 001 does not say
    assert venues["mt-bushoff-centraal-meldpunt"] is None


def test_the_letter_of_1_april_2026_kept_the_spring_toezegging(db: Session) -> None:
    kept = commitment(db, CommitmentKind.TOEZEGGING, "tz-2025-voortgangsbrief-voorjaar-2026")
    assert document_key(db, kept.status_source_id) == "kst-29477-969"


def test_2023_deadlines_are_in_2023_and_2024(db: Session) -> None:
    # 003 has no date in the seed, so its "na de zomer" is written out as that of 2023.
    after_summer = commitment(db, CommitmentKind.TOEZEGGING, "tz-2023-derde-pijler-innovatie")
    assert (after_summer.due_start, after_summer.due_end) == (date(2023, 9, 1), date(2023, 12, 31))
    next_letter = commitment(
        db, CommitmentKind.TOEZEGGING, "tz-2023-acties-werkgroep-gezonde-markt"
    )
    assert next_letter.due_end == date(2024, 3, 31)


def test_the_rapportage_sent_with_the_letter_is_a_document(db: Session) -> None:
    title = db.exec(
        select(Kamerstuk.title).where(Kamerstuk.key == "rapportage-beschikbaarheid-in-perspectief")
    ).one()
    assert title.startswith("Beschikbaarheid in Perspectief")
