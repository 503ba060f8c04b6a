"""Database engine per app and one session per request."""

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlmodel import Session


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written without a driver (as most hosts hand them out)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> sa.Engine:
    """Create an engine; SQLite gets foreign keys switched on, which it leaves off by default."""
    url = normalise_url(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions lazily and commits before DDL, which breaks SAVEPOINTs and
    # transactional migrations; let SQLAlchemy emit BEGIN itself (the SQLAlchemy docs' recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    # IMMEDIATE takes the write lock up front. With a plain (deferred) BEGIN, two requests that
    # both read and then write can deadlock, and SQLite answers one of them "database is locked"
    # at once instead of waiting its busy timeout. SQLite serves one writer at a time anyway.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def get_engine() -> sa.Engine | sa.Connection:
    """The current app's engine (a test may bind the app to a connection inside a transaction)."""
    bind: sa.Engine | sa.Connection = current_app.extensions["e5_engine"]
    return bind


def new_session() -> Session:
    """A session on the app's database; on a test connection, commits become savepoints."""
    return Session(get_engine(), join_transaction_mode="create_savepoint")


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
