"""Reporting rounds: list, find, open, and the brief of a cut-off (session keyword-only)."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.garbage_collection import fewer_collections
from app.models import Rapportageronde
from app.public.models import WerkagendaSnapshot
from app.rounds.as_of import earlier_as_of, werkagenda_as_of
from reports.brief_content import BriefContent, Earlier, build_brief_content


def list_rounds(*, session: Session) -> list[Rapportageronde]:
    """Newest cut-off first."""
    return list(
        session.exec(
            select(Rapportageronde).order_by(
                col(Rapportageronde.cutoff).desc(), col(Rapportageronde.id).desc()
            )
        )
    )


def previous_round(cutoff: date, *, session: Session) -> Rapportageronde | None:
    """The round with the latest cut-off before `cutoff`: what "since the previous round" means."""
    return session.exec(
        select(Rapportageronde)
        .where(col(Rapportageronde.cutoff) < cutoff)
        .order_by(col(Rapportageronde.cutoff).desc(), col(Rapportageronde.id).desc())
        .limit(1)
    ).first()


def round_on(cutoff: date, *, session: Session) -> Rapportageronde | None:
    return session.exec(
        select(Rapportageronde)
        .where(Rapportageronde.cutoff == cutoff)
        .order_by(col(Rapportageronde.id))
        .limit(1)
    ).first()


@dataclass(frozen=True)
class Brief:
    content: BriefContent
    snapshot: WerkagendaSnapshot
    previous: Earlier | None
    generated_on: date

    @fewer_collections()
    def docx(self) -> bytes:
        # Here, not at the top: python-docx and lxml cost every web worker memory (app/excel).
        from reports.brief import render_docx

        return render_docx(self.content, generated_on=self.generated_on)


@fewer_collections()
def brief_for(
    cutoff: date, *, session: Session, generated_on: date, round_name: str | None = None
) -> Brief:
    """The brief of `cutoff`: of the round on that day, or a preview named after the date."""
    if round_name is None:
        found = round_on(cutoff, session=session)
        round_name = found.name if found else "voorvertoning (geen ronde)"
    before = previous_round(cutoff, session=session)
    snapshot = werkagenda_as_of(session=session, cutoff=cutoff)
    previous = earlier_as_of(session=session, cutoff=before.cutoff) if before else None
    content = build_brief_content(
        snapshot, previous, round_name=round_name, generated_on=generated_on
    )
    return Brief(content, snapshot, previous, generated_on)
