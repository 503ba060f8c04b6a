"""Database engine per app, one session per request, and the one rule that hides removed rows.

Plan rows that leave the Werkagenda are never deleted: they get a `removed_at` (history and
progress may point at them, and calendar feeds must send their events as cancelled). Every
ORM read on any session leaves such rows out, whichever table they are selected or joined
from: `_hide_removed` adds `removed_at IS NULL` for each table that has the column. Code that
must see them too (the seed loader, the feeds' cancelled events) says so with
`including_removed(session)`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import orm
from sqlmodel import Session, SQLModel

import app.models  # noqa: F401  (every table mapped before `removable_models` first looks)
import app.revision  # noqa: F401  (its listeners renew the data token on every write)

INCLUDE_REMOVED = "e5_include_removed"  # key in Session.info and in execution options

F = TypeVar("F", bound=Callable[..., Any])


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written without a driver (as most hosts hand them out)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> sa.Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout (see below)."""
    url = normalise_url(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine


# How long a write waits for another one to finish before SQLite gives up ("database is locked").
SQLITE_BUSY_TIMEOUT_MS = 30_000
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions lazily and commits before DDL, which breaks SAVEPOINTs and
    # transactional migrations; let SQLAlchemy emit BEGIN itself (the SQLAlchemy docs' recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # WAL: readers neither wait for the writer nor block it (a file database only; an in-memory
    # one answers "memory" and stays as it is).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    # A request that may write takes the write lock up front (IMMEDIATE): with a plain BEGIN, two
    # requests that both read and then write can deadlock, and SQLite answers one of them
    # "database is locked" at once instead of waiting its busy timeout. A reading request begins
    # a deferred transaction, which in WAL mode takes no lock at all, so reads never queue
    # behind writes. Outside a request (CLI, migrations) every transaction may write.
    if _reads_only(connection):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _reads_only(connection: sa.Connection) -> bool:
    if connection.get_execution_options().get(READ_ONLY):
        return True
    return has_request_context() and request.method in _SAFE_METHODS and not _writes_on_get()


def writes_on_get(view: F) -> F:
    """Mark a GET view that writes (e.g. notes when a feed was fetched): it begins IMMEDIATE."""
    setattr(view, _WRITES_ON_GET, True)
    return view


_WRITES_ON_GET = "_e5_writes_on_get"


def _writes_on_get() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, _WRITES_ON_GET, False))


@cache
def removable_models() -> tuple[type[SQLModel], ...]:
    """Every table class with a `removed_at` column, in a fixed order (for the statement cache)."""
    mappers = sorted(SQLModel._sa_registry.mappers, key=lambda m: m.class_.__name__)
    return tuple(m.class_ for m in mappers if "removed_at" in m.columns)


@contextmanager
def including_removed(session: orm.Session) -> Iterator[orm.Session]:
    """Within this block, reads on `session` also return rows marked removed."""
    previous = session.info.get(INCLUDE_REMOVED, False)
    session.info[INCLUDE_REMOVED] = True
    try:
        yield session
    finally:
        session.info[INCLUDE_REMOVED] = previous


@sa.event.listens_for(orm.Session, "do_orm_execute")
def _hide_removed(state: orm.ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if state.session.info.get(INCLUDE_REMOVED) or state.execution_options.get(INCLUDE_REMOVED):
        return
    state.statement = state.statement.options(
        *(
            orm.with_loader_criteria(model, _not_removed, include_aliases=True)
            for model in removable_models()
        )
    )


def _not_removed(model: Any) -> Any:
    # A plain function (not a lambda per model): SQLAlchemy caches the criteria by its code.
    return model.removed_at.is_(None)


def get_engine() -> sa.Engine | sa.Connection:
    """The current app's engine (a test may bind the app to a connection inside a transaction)."""
    bind: sa.Engine | sa.Connection = current_app.extensions["e5_engine"]
    return bind


def new_session() -> Session:
    """A session on the app's database; on a test connection, commits become savepoints.

    Objects stay loaded after a commit: a view that reads one after committing must not start
    a new transaction that could fail (or wait) although its write already succeeded.
    """
    return Session(get_engine(), join_transaction_mode="create_savepoint", expire_on_commit=False)


def read_session() -> Session:
    """A session of its own for reads only, which never waits for a writer.

    On SQLite it begins a deferred transaction even inside a POST (in WAL mode that takes no
    lock), so it does not queue behind the write lock the request's own session may hold.
    """
    bind = get_engine()
    if isinstance(bind, sa.Engine):
        bind = bind.execution_options(**{READ_ONLY: True})
    return Session(bind, join_transaction_mode="create_savepoint", expire_on_commit=False)


READ_ONLY = "e5_read_only"  # execution option of `read_session`'s connections


def get_session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = new_session()
    session: Session = g.db_session
    return session


def _close_session(exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()


def init_app(app: Flask) -> None:
    """Bind an engine to the app; a test may pass a connection as DATABASE_BIND instead."""
    app.extensions["e5_engine"] = app.config.get("DATABASE_BIND") or make_engine(
        app.config["DATABASE_URL"]
    )
    app.teardown_appcontext(_close_session)
