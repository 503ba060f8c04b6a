"""The Excel export as a file per data revision, made once per host and shared by its workers.

At 50 times the seed's size the workbook takes seconds to write and its build holds about 35 MB
(the public models of every item, XlsxWriter's row table). Kept in each worker's memory, as the
pages' parts are (app/read_model.py), every worker would build it and hold the peak. So:

- it is written to `EXPORT_DIR/<database>/<day>-<token>.xlsx` and served from there, so the
  workers of a host build it once per revision and day, and none keeps its bytes;
- one worker builds it while the others wait on a file lock, then they all read the file;
- the build runs in a child process forked from the worker, which starts at once with the
  worker's loaded Werkagenda, and gives its memory back to the system when it exits. Only a
  process with one thread forks (gunicorn's sync workers): a child forked beside other threads
  can wait forever on a lock one of them held (SQLite's, seen in a test), so a threaded server
  builds in the thread that asks.

A test app bound to one connection (inside a transaction that is rolled back, which brings an
old token back) has no files: it builds in its own process and keeps the bytes per revision.
"""

import fcntl
import hashlib
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app.db import get_engine


class ExportFailed(RuntimeError):
    """The child process that writes the workbook did not finish."""


def export_file(day: str, token: str, build: Callable[[], bytes]) -> Path | None:
    """The workbook of data revision `token` on `day`, built by `build` if no worker has yet;
    None when the app is bound to a test connection (the caller then keeps the bytes itself)."""
    engine = get_engine()
    if not isinstance(engine, sa.Engine):
        return None
    folder = _folder(engine)
    path = folder / f"{day}-{token}.xlsx"
    if path.exists():
        return path
    with _locked(folder / ".lock"):
        if path.exists():  # another worker built it while this one waited
            return path
        partial = path.with_suffix(".part")
        _build_apart(build, partial, engine)
        partial.replace(path)  # atomic: a reader sees the whole file or none
        for old in folder.glob("*.xlsx"):
            if old != path:
                old.unlink(missing_ok=True)
    return path


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
    if threading.active_count() > 1 or not hasattr(os, "fork"):
        try:
            out.write_bytes(build())
        except Exception as error:
            out.unlink(missing_ok=True)
            raise ExportFailed(f"the export's build failed: {error!r}") from error
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
