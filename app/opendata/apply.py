"""Bring the register in line with the Kamer's open data: match each toezegging, record what
differs with its source, and report it. The caller commits or rolls back (a dry run is the same
work, rolled back), so the report always says exactly what --commit records.

Rules (docs/kamer-open-data.md):
- an item is found by `Nummer` (our `tk_number`); else, when the register has no toezegging with
  that number, by its normalised text among toezeggingen not linked to a number yet;
- an empty field in the file leaves ours alone: the Kamer often leaves DatumNakoming and
  KamerbriefNakoming empty, and the seed may know more;
- a status change goes through record_status_change with ref "file:Nummer:Status", so the
  same file imported twice records it once, and a later correction in the register is not undone
  by importing the old file again;
- a closing status needs the fulfilling letter; without one it is reported, not recorded.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from app.domain.commitments import NEEDS_DOCUMENT, StatusChangeError, record_status_change
from app.domain.labels import FIELD_LABELS
from app.models import (
    CommitmentKind,
    CommitmentStatus,
    CommitmentVenue,
    DocumentSoort,
    KamerCommitment,
    KamerCommitmentRelation,
    KamerStatusWijziging,
    Kamerstuk,
    PlanWijziging,
    RecordedVia,
)
from app.opendata.parse import Export, Kamerbrief, OpenDataError, OpenToezegging

CHANGED_BY = "flask kamer import"
LABELS = FIELD_LABELS | {"tk_number": "nummer (open data)"}
RELATION_WORDS = {
    "herhaling": "herhaling van",
    "wijziging": "wijziging van",
    "aanvulling": "aanvulling op",
}
_QUOTES = str.maketrans(dict.fromkeys("'\"`´‘’‚‛“”„‟«»‹›", ""))
_NOT_WORD = re.compile(r"[^\w]+")


def normalise_text(text: str) -> str:
    """Text as compared for a match: case, accents' composition, quotes, punctuation and
    whitespace do not count ("U zegt toe: ‘X’." equals "u zegt toe x")."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(_NOT_WORD.sub(" ", text).split())


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as the CLI prints it."""
        lines = [*self.created, *self.changed]
        lines.append(f"Ongewijzigd: {self.unchanged} toezegging(en).")
        if not self.created and not self.changed:
            lines.insert(0, "Geen wijzigingen: het register komt overeen met het bestand.")
        lines.extend(f"Let op: {note}" for note in self.notes)
        return lines


class _Import:
    def __init__(self, session: Session, file_name: str) -> None:
        self.session = session
        self.file_name = file_name
        self.reason = f"Import van Tweede Kamer open data uit {file_name}"
        self.report = ImportReport()
        rows = session.exec(select(KamerCommitment)).all()
        # Numbers are unique over both kinds, so a motie's number is known too: to refuse it.
        self.by_number = {r.tk_number: r for r in rows if r.tk_number}
        self.by_text: dict[str, list[KamerCommitment]] = defaultdict(list)
        for r in rows:
            if r.removed_at is None and r.kind == CommitmentKind.TOEZEGGING:
                self.by_text[normalise_text(r.text)].append(r)
        self.keys = set(session.exec(select(KamerCommitment.key)))
        self.documents: dict[str, Kamerstuk] = {}
        self.document_keys = set(session.exec(select(Kamerstuk.key)))

    def match(self, item: OpenToezegging) -> KamerCommitment | None:
        if item.number and item.number in self.by_number:
            row = self.by_number[item.number]
            if row.kind != CommitmentKind.TOEZEGGING:
                raise OpenDataError(
                    [
                        f"{item.label}: dit Nummer hoort in het register bij de motie {row.key}; "
                        "controleer het Nummer"
                    ]
                )
            return row
        candidates = [
            r
            for r in self.by_text.get(normalise_text(item.text), [])
            if item.number is None or r.tk_number is None
        ]
        if len(candidates) > 1:
            keys = ", ".join(r.key for r in candidates)
            raise OpenDataError(
                [
                    f"{item.label}: de tekst past bij meer dan één toezegging ({keys}); "
                    "geef het item een Nummer of koppel het nummer eerst in het register"
                ]
            )
        return candidates[0] if candidates else None

    def audit(self, row: KamerCommitment, name: str, old: Any, new: Any) -> None:
        self.session.add(
            PlanWijziging(
                changed_by=CHANGED_BY,
                reason=self.reason,
                entity=row.kind.value,
                entity_key=row.key,
                field=name,
                old_value=_display(old),
                new_value=_display(new),
            )
        )
        self.report.changed.append(
            f"Gewijzigd: toezegging {row.key}, {LABELS.get(name, name)}: "
            f"{_short(_display(old))} → {_short(_display(new))}"
        )

    def update(self, row: KamerCommitment, item: OpenToezegging) -> bool:
        wanted: dict[str, Any] = {
            "tk_number": item.number,
            "fulfil_by": item.fulfil_by,
            "ministry": item.ministry or None,
            "promised_by": item.promised_by or None,
            "debate_number": item.debate_number,
            "made_to": item.made_to,
        }
        if normalise_text(row.text) != normalise_text(item.text):
            wanted["text"] = item.text
        changed = False
        for name, new in wanted.items():
            old = getattr(row, name)
            if new is None or new == old:
                continue
            setattr(row, name, new)
            self.audit(row, name, old, new)
            changed = True
        if item.number:
            self.by_number[item.number] = row
        return changed

    def create(self, item: OpenToezegging) -> KamerCommitment:
        row = KamerCommitment(
            kind=CommitmentKind.TOEZEGGING,
            key=self._new_key(item),
            tk_number=item.number,
            text=item.text,
            origin=f"Activiteit {item.debate_number}" if item.debate_number else "",
            origin_date=item.created_on,
            made_in=CommitmentVenue.DEBAT if item.debate_number else None,
            made_to=item.made_to,
            fulfil_by=item.fulfil_by,
            promised_by=item.promised_by,
            ministry=item.ministry,
            debate_number=item.debate_number,
            status=CommitmentStatus.OPEN,
        )
        self.session.add(row)
        self.session.flush()
        if item.number:
            self.by_number[item.number] = row
        self.report.created.append(
            f"Nieuw: toezegging {row.key} ({item.number or 'zonder Nummer'}): {_short(item.text)}"
        )
        return row

    def status(self, row: KamerCommitment, item: OpenToezegging, *, first: bool) -> bool:
        ref = f"{self.file_name}:{item.number or '#' + str(item.index)}:{item.status_word}"
        seen = self.session.exec(
            select(KamerStatusWijziging.id).where(
                KamerStatusWijziging.recorded_via == RecordedVia.OPEN_DATA,
                KamerStatusWijziging.recorded_ref == ref,
            )
        ).first()
        if seen is not None:
            return False
        document = self.document(item.letter) if item.letter else None
        document_id = document.id if document else None
        status = item.status
        if status in NEEDS_DOCUMENT and document_id is None:
            if not first and row.status == status:
                return False
            self.report.notes.append(
                f"{item.label}: status '{item.status_word}' niet overgenomen voor {row.key}: "
                "het bestand noemt geen KamerbriefNakoming; leg de status met het document vast "
                "in het register"
            )
            if not first:
                return False
            status = CommitmentStatus.OPEN
        reason = f"{self.reason}: Status '{item.status_word}'"
        effective = item.letter.document_date if item.letter else None
        effective = effective or (document.document_date if document else None)
        if first:
            assert row.id is not None
            self.session.add(
                KamerStatusWijziging(
                    commitment_id=row.id,
                    changed_by=CHANGED_BY,
                    recorded_via=RecordedVia.OPEN_DATA,
                    recorded_ref=ref,
                    new_status=status,
                    document_id=document_id,
                    reason=reason,
                    effective_date=effective or item.created_on,
                )
            )
            row.status, row.status_source_id = status, document_id
            return True
        if status == row.status and document_id in (None, row.status_source_id):
            return False
        old = row.status
        try:
            record_status_change(
                self.session,
                row,
                status,
                changed_by=CHANGED_BY,
                via=RecordedVia.OPEN_DATA,
                document_id=document_id,
                reason=reason,
                effective_date=effective,
                ref=ref,
            )
        except StatusChangeError as exc:
            self.report.notes.append(f"{item.label}: status niet overgenomen: {exc}")
            return False
        shown = f" (document {document.key})" if document else ""
        self.report.changed.append(
            f"Gewijzigd: toezegging {row.key}, status: {old.value} → {status.value}{shown}"
        )
        return True

    def document(self, letter: Kamerbrief) -> Kamerstuk:
        normal = letter.reference.normal
        if normal in self.documents:
            return self.documents[normal]
        found = self.session.exec(select(Kamerstuk).where(Kamerstuk.reference == normal)).first()
        if found is None:
            is_question = letter.reference.zaak or letter.reference.aanhangsel
            prefix = "" if normal.startswith("ah-") else ("kv-" if is_question else "kst-")
            key = _unique(prefix + normal, self.document_keys)
            found = Kamerstuk(
                key=key,
                kind=DocumentSoort.KAMERVRAGEN if is_question else DocumentSoort.KAMERSTUK,
                reference=normal,
                citation=letter.citation,
                document_date=letter.document_date,
            )
            self.session.add(found)
            self.session.flush()
            self.report.created.append(f"Nieuw document: {key} ({letter.reference.label})")
        self.documents[normal] = found
        return found

    def relations(self, items: list[OpenToezegging], rows: dict[int, KamerCommitment]) -> None:
        existing = {
            (r.commitment_id, r.related_id, r.kind)
            for r in self.session.exec(select(KamerCommitmentRelation))
        }
        for item in items:
            row = rows[item.index]
            for kind, number in item.relations:
                target = self.by_number.get(number)
                if target is None:
                    self.report.notes.append(
                        f"{item.label}: relatie '{RELATION_WORDS[kind.value]} {number}' niet "
                        "vastgelegd: die toezegging staat niet in het register of in dit bestand"
                    )
                    continue
                assert row.id is not None and target.id is not None
                if (row.id, target.id, kind) in existing or row.id == target.id:
                    continue
                self.session.add(
                    KamerCommitmentRelation(commitment_id=row.id, related_id=target.id, kind=kind)
                )
                existing.add((row.id, target.id, kind))
                self.report.changed.append(
                    f"Nieuwe relatie: toezegging {row.key} is {RELATION_WORDS[kind.value]} "
                    f"{target.key}"
                )

    def _new_key(self, item: OpenToezegging) -> str:
        if item.number:
            # TZ202604-012 becomes tz-202604-012, as the seed's keys start with "tz-".
            number = item.number.casefold().removeprefix("tz")
            base = f"tz-{_NOT_WORD.sub('-', number).strip('-')}"
        else:
            words = normalise_text(item.text).split()[:8]
            base = "tz-" + "-".join(words)[:60].strip("-")
        return _unique(base, self.keys)


def import_toezeggingen(session: Session, export: Export, *, file_name: str) -> ImportReport:
    """Match and record every toezegging of the export; raise OpenDataError, changing nothing
    the caller keeps, when an item cannot be placed."""
    work = _Import(session, file_name)
    work.report.notes.extend(export.skipped)
    rows: dict[int, KamerCommitment] = {}
    claimed: dict[int, OpenToezegging] = {}
    for item in export.items:
        row = work.match(item)
        if row is not None:
            assert row.id is not None
            if row.id in claimed:
                raise OpenDataError(
                    [
                        f"{item.label}: past bij dezelfde toezegging ({row.key}) als "
                        f"{claimed[row.id].label}; geef elk item een eigen Nummer"
                    ]
                )
            claimed[row.id] = item
            if row.removed_at is not None:
                work.report.notes.append(
                    f"{item.label}: {row.key} is in het register verwijderd; niets gewijzigd"
                )
                continue
            changed = work.update(row, item)
            changed = work.status(row, item, first=False) or changed
            work.report.unchanged += not changed
        else:
            row = work.create(item)
            work.status(row, item, first=True)
        rows[item.index] = row
    session.flush()
    work.relations([i for i in export.items if i.index in rows], rows)
    session.flush()
    return work.report


def _unique(base: str, taken: set[str]) -> str:
    key, n = base[:80], 2
    while key in taken:
        key = f"{base[:76]}-{n}"
        n += 1
    taken.add(key)
    return key


def _display(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _short(text: str | None, limit: int = 80) -> str:
    if text is None:
        return "(leeg)"
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
