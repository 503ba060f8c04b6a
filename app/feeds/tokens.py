"""Personal feed tokens: made, looked up, revoked. Only a token's SHA-256 is ever stored.

A token opens one thing: the personal calendar feed of the user it belongs to. It is not a
session, so it never signs anyone in to the web app, and it works only while the user's account is
active and the token is not revoked.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from app.models import AccountRole, FeedToken, User, UserPartij, utcnow

TOKEN_BYTES = 32  # 256 random bits; the issue asks for at least 128
# What secrets.token_urlsafe(32) gives: 43 characters of the URL-safe base64 alphabet.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
# Clients poll often; note the last use at most this often, so polling is not a write each time.
LAST_USED_RESOLUTION = timedelta(hours=1)


@dataclass(frozen=True)
class FeedOwner:
    """Whose personal feed a token opens, as the feed needs it."""

    user_id: int
    name: str
    role: AccountRole
    partij_ids: frozenset[int]

    @property
    def sees_everything(self) -> bool:
        """Secretariaat and lezers follow the whole Werkagenda; a rapporteur its own parties'."""
        return self.role is not AccountRole.PARTIJ_RAPPORTEUR


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user_id: int, *, session: Session) -> str:
    """A new token for the user, revoking any earlier one; the caller shows it once and commits."""
    revoke_tokens(user_id, session=session)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(FeedToken(user_id=user_id, token_hash=hash_token(token)))
    session.flush()
    return token


def revoke_tokens(user_id: int, *, session: Session) -> int:
    """Revoke the user's active token(s) at once; returns how many there were."""
    result = session.exec(
        update(FeedToken)
        .where(col(FeedToken.user_id) == user_id, col(FeedToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount or 0)


def active_token(user_id: int, *, session: Session) -> FeedToken | None:
    """The user's usable token (never its value: that is not stored), or None."""
    return session.exec(
        select(FeedToken).where(FeedToken.user_id == user_id, col(FeedToken.revoked_at).is_(None))
    ).first()


def feed_owner(token: str, *, session: Session, now: datetime | None = None) -> FeedOwner | None:
    """The owner of an active token of an active account, or None (unknown, revoked, disabled)."""
    if not _TOKEN_RE.fullmatch(token):
        return None
    # Looked up by its hash: equal hashes of a 256-bit secret cannot be found by timing.
    found = session.exec(
        select(FeedToken, User)
        .join(User, col(User.id) == FeedToken.user_id)
        .where(
            FeedToken.token_hash == hash_token(token),
            col(FeedToken.revoked_at).is_(None),
            col(User.active).is_(True),
        )
    ).first()
    if found is None:
        return None
    feed_token, user = found
    assert user.id is not None
    now = now or utcnow()
    if feed_token.last_used_at is None or now - feed_token.last_used_at >= LAST_USED_RESOLUTION:
        feed_token.last_used_at = now
        session.add(feed_token)
    partij_ids = session.exec(select(UserPartij.partij_id).where(UserPartij.user_id == user.id))
    return FeedOwner(user.id, user.name, user.role, frozenset(partij_ids))
