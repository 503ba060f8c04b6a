"""The data revision: a token that changes with every write to the plan or its progress.

The read model (`app.read_model`) keeps what the pages derive from the data (the Werkagenda
with its statuses, the late commitments, a feed) per revision, so a page reads one row per
request instead of the whole history, and every worker answers alike: they all read the same
token from the database. The token is random rather than a counter: a rolled
back transaction puts the old token back together with the old data, so a token always names
one state of the data, and no two states share one.

Writes through the ORM (objects added, changed or deleted, and `session.execute(insert(Model))`)
renew the token by themselves, in the same transaction. Code that writes past the ORM (the seed
loader's COPY, a restore) calls `mark_changed` itself.
"""

import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm
from sqlmodel import Session

from app.models import DataRevision, FeedToken, LoginThrottle, User, UserPartij

# Tables that hold no plan, progress or Kamer data: accounts, logins and feed secrets (and the
# token itself). Writing them (a login, a feed fetch) leaves the token alone; every other table
# renews it, so whatever is kept per revision follows every change of the content.
UNWATCHED: frozenset[str] = frozenset(
    model.__table__.name  # type: ignore[union-attr]
    for model in (User, LoginThrottle, UserPartij, FeedToken, DataRevision)
)
_ROW_ID = 1
_table: sa.Table = DataRevision.__table__  # type: ignore[attr-defined]


def current_token(session: Session) -> str:
    """The token of the data `session` sees ("" before the first write)."""
    token = session.connection().scalar(sa.select(_table.c.token).where(_table.c.id == _ROW_ID))
    return str(token or "")


# Set in a session's info while its transaction holds a change of the content (app/excel/store.py
# builds the export ahead once it is committed).
CHANGED_INFO = "e5_changed"


def mark_changed(session: orm.Session) -> None:
    """Give the data a new token, in the session's transaction."""
    renew_token(session.connection())
    session.info[CHANGED_INFO] = True


def renew_token(connection: sa.Connection) -> None:
    """Give the data a new token, on a connection (for writes past any session)."""
    token = secrets.token_hex(16)
    updated = connection.execute(
        sa.update(_table).where(_table.c.id == _ROW_ID).values(token=token)
    )
    if not updated.rowcount:
        connection.execute(sa.insert(_table).values(id=_ROW_ID, token=token))


@sa.event.listens_for(orm.Session, "after_flush")
def _renew_after_flush(session: orm.Session, _context: Any) -> None:
    # In after_flush the new, dirty and deleted sets still hold what the flush wrote.
    written = (*session.new, *session.dirty, *session.deleted)
    if any(_watched(_table_name(type(row))) for row in written):
        mark_changed(session)


@sa.event.listens_for(orm.Session, "do_orm_execute")
def _renew_on_bulk_write(state: orm.ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if _watched(getattr(table, "name", None)):
        mark_changed(state.session)


def _table_name(model: type[Any]) -> str | None:
    table = getattr(model, "__table__", None)
    return getattr(table, "name", None)


def _watched(table_name: str | None) -> bool:
    return table_name is not None and table_name not in UNWATCHED
