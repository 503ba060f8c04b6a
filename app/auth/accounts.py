"""The logged-in account as Flask-Login sees it, and the queries that load and change accounts."""

import hashlib
from dataclasses import dataclass

from flask_login import UserMixin
from sqlmodel import Session, col, delete, func, select, update

from app.auth.passwords import hash_password
from app.domain.labels import ACCOUNT_ROLE_LABELS
from app.models import AccountRole, Partij, User, UserPartij


@dataclass(frozen=True)
class Account(UserMixin):  # type: ignore[misc]  # flask_login ships no type hints
    """A snapshot of the user for one request."""

    id: int
    email: str
    name: str
    role: AccountRole
    partij_ids: frozenset[int]
    session_id: str

    def get_id(self) -> str:
        return self.session_id

    @property
    def role_label(self) -> str:
        return ACCOUNT_ROLE_LABELS[self.role]

    @property
    def is_secretariaat(self) -> bool:
        return self.role is AccountRole.SECRETARIAAT


def session_id(user: User) -> str:
    """What the session cookie holds: user id, session version, fingerprint of the password hash.

    Logout, a new password or disabling the account raise the version (`end_sessions`), which
    ends every copy of every session of that user at once: a copied cookie no longer matches.
    The fingerprint also ends them when the hash is changed some other way.
    """
    fingerprint = hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]
    return f"{user.id}:{user.session_version}:{fingerprint}"


def end_sessions(user_id: int, *, session: Session) -> None:
    """End every session of the account, on every device and app host; the caller commits."""
    # One UPDATE that adds 1 in the database, so two logouts at once both count.
    session.exec(
        update(User)
        .where(col(User.id) == user_id)
        .values(session_version=col(User.session_version) + 1)
    )


def load_account(value: str, *, session: Session) -> Account | None:
    """The active account for a session id, or None if it no longer matches."""
    user_id, _, _ = value.partition(":")
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or session_id(user) != value:
        return None
    return to_account(user, session=session)


def to_account(user: User, *, session: Session) -> Account:
    assert user.id is not None
    partij_ids = session.exec(select(UserPartij.partij_id).where(UserPartij.user_id == user.id))
    return Account(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        partij_ids=frozenset(partij_ids),
        session_id=session_id(user),
    )


def find_user(email: str, *, session: Session) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def list_users(*, session: Session) -> list[tuple[User, list[Partij]]]:
    """Every account with the parties it reports for, by name."""
    users = session.exec(select(User).order_by(func.lower(User.name))).all()
    partijen: dict[int, list[Partij]] = {u.id: [] for u in users if u.id is not None}
    for link, partij in session.exec(
        select(UserPartij, Partij)
        .join(Partij, col(Partij.id) == UserPartij.partij_id)
        .order_by(col(Partij.code))
    ):
        partijen.setdefault(link.user_id, []).append(partij)
    return [(u, partijen.get(u.id or 0, [])) for u in users]


def create_user(
    *,
    session: Session,
    email: str,
    name: str,
    password: str,
    role: AccountRole,
    partij_ids: frozenset[int] = frozenset(),
) -> User:
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.flush()
    set_partijen(user, partij_ids, session=session)
    return user


def set_partijen(user: User, partij_ids: frozenset[int], *, session: Session) -> None:
    assert user.id is not None
    session.exec(delete(UserPartij).where(col(UserPartij.user_id) == user.id))
    session.add_all(UserPartij(user_id=user.id, partij_id=p) for p in sorted(partij_ids))
