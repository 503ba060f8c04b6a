"""Test data builders: each makes one row with sensible defaults that a test can override."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, select

from app.auth.accounts import create_user
from app.models import AccountRole, Afspraak, Mijlpaal, Partij, RecordedVia, User, Voortgang, utcnow

PASSWORD = "een-lang-testwachtwoord"


def make_user(
    session: Session,
    *,
    email: str = "rapporteur@knmp.nl",
    name: str = "Rapporteur KNMP",
    role: AccountRole = AccountRole.PARTIJ_RAPPORTEUR,
    partij_codes: Iterable[str] = ("KNMP",),
    password: str = PASSWORD,
) -> User:
    """An account; a partij-rapporteur is linked to the parties with these codes."""
    codes = list(partij_codes) if role is AccountRole.PARTIJ_RAPPORTEUR else []
    ids = {p.id for p in session.exec(select(Partij).where(Partij.code.in_(codes))) if p.id}  # type: ignore[attr-defined]
    assert len(ids) == len(codes), f"unknown partij among {codes}"
    user = create_user(
        session=session,
        email=email,
        name=name,
        password=password,
        role=role,
        partij_ids=frozenset(ids),
    )
    session.commit()
    return user


def make_voortgang(session: Session, *, afspraak_id: int, **overrides: Any) -> Voortgang:
    values: dict[str, Any] = {
        "recorded_by": "test",
        "recorded_via": RecordedVia.FORM,
        "recorded_at": utcnow(),
        "effective_date": date(2026, 11, 1),
        "public_text": "Voortgang uit een test.",
    }
    values.update(overrides)
    update = Voortgang(afspraak_id=afspraak_id, **values)
    session.add(update)
    session.commit()
    return update


def find_mijlpaal(session: Session, code: str, label: str) -> Mijlpaal:
    """The mijlpaal with this label in afspraak `code` (e.g. "5a", "A")."""
    return session.exec(
        select(Mijlpaal).join(Afspraak).where(Afspraak.code == code, Mijlpaal.label == label)
    ).one()
