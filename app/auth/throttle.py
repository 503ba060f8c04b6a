"""Slow down password guessing without letting a stranger lock the owner out for long.

Failed logins are counted under three keys: the address from this client IP, the address from
anywhere, and this client IP for any address. Each key has a number of free failures; after
those, every further attempt must wait a delay that starts short and doubles with each failure,
up to a cap. The tight limit is on the address from one IP; the address alone and the IP alone
get looser limits (an attacker with many IPs; one IP trying many addresses). The owner's usual IP
(that of the last successful login) skips the address-wide limit, so guesses from elsewhere do
not keep the right password out; guesses from that IP still meet the tight limit.

Attempts are counted before the password is checked, in one transaction that locks the key rows,
so parallel guesses cannot slip past a limit. A refused attempt is not counted: retrying while
waiting does not make the wait longer. Counters live in the database, so every app host shares
them, and a key is forgotten a day after its last failure.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, select, update

from app.models import LoginThrottle


@dataclass(frozen=True)
class Limit:
    free: int  # failures before any wait
    first_wait: timedelta
    max_wait: timedelta

    def wait_after(self, failures: int) -> timedelta:
        """How long after the last failure the next attempt may come."""
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 20)  # 2**20 × 30 s is past any cap
        return min(self.first_wait * (1 << doublings), self.max_wait)


ADDRESS_FROM_IP = Limit(free=5, first_wait=timedelta(seconds=30), max_wait=timedelta(minutes=15))
ADDRESS = Limit(free=20, first_wait=timedelta(seconds=30), max_wait=timedelta(minutes=15))
# Loose: an office or a mobile network may put many honest users behind one address.
IP = Limit(free=100, first_wait=timedelta(seconds=30), max_wait=timedelta(minutes=15))
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Attempt:
    """The keys of one login attempt, hashed as they are stored."""

    address_from_ip: str
    address: str
    ip: str

    @classmethod
    def of(cls, email: str, ip: str) -> "Attempt":
        return cls(_key("address-ip", f"{email}\n{ip}"), _key("address", email), _key("ip", ip))

    def limits(self, *, usual_ip: bool) -> dict[str, Limit]:
        checked = {self.address_from_ip: ADDRESS_FROM_IP, self.ip: IP}
        if not usual_ip:
            checked[self.address] = ADDRESS
        return checked


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def begin_attempt(
    attempt: Attempt, *, usual_ip: bool, session: Session, now: datetime
) -> timedelta | None:
    """Count the attempt as a failure and return None, or return how long it must wait first.

    The caller commits straight away, before the slow password check, and calls `succeeded`
    if the password turns out right.
    """
    keys = sorted({attempt.address_from_ip, attempt.address, attempt.ip})
    # Make sure each key has a row, then lock the rows in key order (two attempts sharing keys
    # lock them in the same order, so they wait for each other instead of deadlocking). On
    # SQLite this first statement is a write, which takes the database's write lock up front.
    session.exec(_insert_missing(session, keys, now))
    rows = {
        row.key: row
        for row in session.exec(
            select(LoginThrottle)
            .where(col(LoginThrottle.key).in_(keys))
            .order_by(col(LoginThrottle.key))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    for row in rows.values():
        if now - row.last_failure_at >= FORGET_AFTER:
            row.failures = 0
    # Only a key past its free attempts makes anyone wait. (`now` was read before the lock, so a
    # parallel attempt that got it first may have stamped a later time: that alone is no wait.)
    waits = [
        rows[key].last_failure_at + wait - now
        for key, limit in attempt.limits(usual_ip=usual_ip).items()
        if (wait := limit.wait_after(rows[key].failures)) > timedelta(0)
    ]
    longest = max(waits, default=timedelta(0))
    if longest > timedelta(0):
        return longest
    for row in rows.values():
        row.failures += 1
        row.last_failure_at = now
        session.add(row)
    # Keys quiet for a day say nothing any more; dropping them keeps the table small.
    session.exec(
        delete(LoginThrottle).where(col(LoginThrottle.last_failure_at) < now - FORGET_AFTER)
    )
    return None


def succeeded(attempt: Attempt, *, session: Session) -> None:
    """The password was right: forget this address's failures from this IP, undo the count."""
    session.exec(delete(LoginThrottle).where(col(LoginThrottle.key) == attempt.address_from_ip))
    # The address-wide and IP-wide counts keep the other failures: one good login (say of an
    # attacker's own account) must not wipe what was guessed elsewhere.
    session.exec(
        update(LoginThrottle)
        .where(
            col(LoginThrottle.key).in_([attempt.address, attempt.ip]),
            col(LoginThrottle.failures) > 0,
        )
        .values(failures=col(LoginThrottle.failures) - 1)
    )


def _insert_missing(session: Session, keys: list[str], now: datetime) -> sa.Insert:
    values = [{"key": key, "failures": 0, "last_failure_at": now} for key in keys]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(LoginThrottle).values(values).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(LoginThrottle).values(values).on_conflict_do_nothing()
    # The app runs on SQLite and PostgreSQL only (app/db.py); say so rather than miscount.
    raise RuntimeError(
        f"login throttle: database '{dialect}' is not supported (SQLite, PostgreSQL)"
    )


def wait_text(wait: timedelta) -> str:
    """'30 seconden', '2 minuten': the wait rounded up, as the login page says it."""
    seconds = math.ceil(wait.total_seconds())
    if seconds < 60:
        return f"{seconds} seconden" if seconds != 1 else "1 seconde"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minuten" if minutes != 1 else "1 minuut"
