"""The Excel export as a file per data revision, made once per host and shared by its workers.

At 50 times the seed's size the workbook takes seconds to write and its build holds about 35 MB
(the public models of every item, XlsxWriter's row table). Kept in each worker's memory, as the
pages' parts are (app/read_model.py), every worker would build it and hold the peak. So:

- it is written to `EXPORT_DIR/<database>/<day>-<token>.xlsx` and served from there, so the
  workers of a host build it once per revision and day, and none keeps its bytes;
- one worker builds it while the others wait on a file lock, then they all read the file;
- the build runs in a child process forked from the worker, which starts at once with what the
  worker has loaded (the Werkagenda, if kept), and gives its memory back to the system when it
  exits. Only a
  process with one thread forks (gunicorn's sync workers): a child forked beside other threads
  can wait forever on a lock one of them held (SQLite's, seen in a test), so a threaded server
  builds in the thread that asks.

After a request that changed the data, a worker starts a process that builds the new revision's
workbook once the data have been quiet for EXPORT_PREBUILD_DELAY seconds, so whoever downloads it
next rarely waits; a burst of writes makes one build, not one per write.

A test app bound to one connection (inside a transaction that is rolled back, which brings an
old token back) has no files: it builds in its own process and keeps the bytes per revision.
"""

import fcntl
import hashlib
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context
from sqlalchemy import orm

from app.clock import today
from app.db import get_engine, read_session
from app.revision import CHANGED_INFO, current_token


class ExportFailed(RuntimeError):
    """The child process that writes the workbook did not finish."""


def export_file(
    day: date, token: str, build: Callable[[], bytes], *, fork: bool = True
) -> BinaryIO | None:
    """The workbook of data revision `token` on `day`, open for reading, built by `build` if no
    worker has yet; None when the app is bound to a test connection (the caller then keeps the
    bytes itself). Open, because a worker building a newer revision removes the older file: an
    open file stays readable after that."""
    engine = get_engine()
    if not isinstance(engine, sa.Engine):
        return None
    folder = _folder(engine)
    path = folder / f"{day.isoformat()}-{token}.xlsx"
    try:
        return path.open("rb")
    except FileNotFoundError:
        pass
    with _locked(folder / ".lock"):  # files are made and removed only under the lock
        if not path.exists():  # else another worker built it while this one waited
            partial = path.with_suffix(".part")
            if fork:
                _build_apart(build, partial, engine)
            else:
                _build_here(build, partial)
            partial.replace(path)  # atomic: a reader sees the whole file or none
            _remove_older(folder, path)
        return path.open("rb")


def _remove_older(folder: Path, newest: Path) -> None:
    # Older only: a worker that still read an old token may build after a newer file was made.
    made = newest.stat().st_mtime_ns
    for old in folder.glob("*.xlsx"):
        if old != newest and old.stat().st_mtime_ns <= made:
            old.unlink(missing_ok=True)


def _folder(engine: sa.Engine) -> Path:
    # One folder per database, so two apps on one host never serve each other's files.
    url = engine.url.render_as_string(hide_password=False)
    folder = Path(current_app.config["EXPORT_DIR"]) / hashlib.sha256(url.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def _locked(lock: Path) -> Iterator[None]:
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_apart(build: Callable[[], bytes], out: Path, engine: sa.Engine) -> None:
    """`build()` written to `out` by a forked child (the worker waits for it), or by this thread
    where forking is not safe."""
    if not _can_fork():
        _build_here(build, out)
        return
    pid = os.fork()
    if pid == 0:  # the child: its own database connections, never the worker's
        status = 1
        try:
            engine.dispose(close=False)
            out.write_bytes(build())
            status = 0
        except BaseException:
            traceback.print_exc(file=sys.stderr)
        finally:
            os._exit(status)  # no cleanup of the worker's state: that belongs to the worker
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        out.unlink(missing_ok=True)
        raise ExportFailed(f"the export's build process ended with exit code {code}")


def _build_here(build: Callable[[], bytes], out: Path) -> None:
    try:
        out.write_bytes(build())
    except Exception as error:
        out.unlink(missing_ok=True)
        raise ExportFailed(f"the export's build failed: {error!r}") from error


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


# --- building ahead, after a write --------------------------------------------------------------

_CHANGED = "e5_data_changed"


@sa.event.listens_for(orm.Session, "after_commit")
def _note_committed_change(session: orm.Session) -> None:
    if session.info.pop(CHANGED_INFO, False) and has_request_context():
        setattr(g, _CHANGED, True)


@sa.event.listens_for(orm.Session, "after_rollback")
def _forget_change(session: orm.Session) -> None:
    session.info.pop(CHANGED_INFO, None)


def _build_ahead(exc: BaseException | None) -> None:
    """After a request that committed a change: the new workbook, built by a process of its own."""
    if exc is not None or not g.pop(_CHANGED, False) or not current_app.config["EXPORT_PREBUILD"]:
        return
    engine = get_engine()
    if not isinstance(engine, sa.Engine) or not _can_fork():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # at once: the child only forks the builder and exits
        return
    status = 1
    try:
        if os.fork() == 0:  # the builder, adopted by init: the worker has no process to wait for
            engine.dispose(close=False)
            _build_when_quiet(app)
        status = 0
    except BaseException:
        traceback.print_exc(file=sys.stderr)
    finally:
        os._exit(status)


def _build_when_quiet(app: Flask) -> None:
    from app.excel.queries import export_workbook

    with app.app_context():
        token = _token_now()
        time.sleep(app.config["EXPORT_PREBUILD_DELAY"])
        if _token_now() != token:
            return  # written again meanwhile: the process of that write builds
        day = today()
        built = export_file(day, token, lambda: export_workbook(day=day), fork=False)
        if built is not None:
            built.close()


def _token_now() -> str:
    with read_session() as session:
        return current_token(session)


def init_app(app: Flask) -> None:
    app.teardown_request(_build_ahead)
