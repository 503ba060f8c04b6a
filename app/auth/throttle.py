"""Slow down password guessing: after a few failed logins an address must wait a while."""

from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from app.models import LoginFailure

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def is_throttled(email: str, *, session: Session, now: datetime) -> bool:
    """Too many recent failures for this address (known or not)."""
    recent = session.exec(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.email == email, col(LoginFailure.failed_at) > now - WINDOW)
    ).one()
    return recent >= MAX_FAILURES


def record_failure(email: str, *, session: Session, now: datetime) -> None:
    session.add(LoginFailure(email=email, failed_at=now))
    # Old failures say nothing any more; dropping them keeps the table small.
    session.exec(delete(LoginFailure).where(col(LoginFailure.failed_at) <= now - WINDOW))


def clear_failures(email: str, *, session: Session) -> None:
    session.exec(delete(LoginFailure).where(col(LoginFailure.email) == email))
