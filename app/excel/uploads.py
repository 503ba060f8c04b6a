"""Uploaded files kept on the server between the preview and the confirmation.

The preview and the "Vastleggen" click are two requests. The file stays on the server under a
random token; the signed session cookie holds that token, the file's SHA-256 and the account, so
the client only ever sends back which preview it confirms, never the data. On confirmation the
file is read again, its hash compared and every row checked afresh (the database may have changed
in the meantime). Not chosen: a second upload of the same file with a hash check (the user would
have to pick it again), or the rows in the cookie (too large, and the client's to change).
A deployment on several hosts needs EXCEL_UPLOAD_DIR on storage they share.
"""

import contextlib
import hashlib
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, session

SESSION_KEY = "excel_import"
MAX_AGE_SECONDS = 3600  # a preview left alone for an hour has to be uploaded again


@dataclass(frozen=True)
class Pending:
    token: str
    sha256: str
    user_id: int
    file_name: str


def upload_dir() -> Path:
    configured = current_app.config.get("EXCEL_UPLOAD_DIR")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "e5-excel-imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def keep(data: bytes, *, user_id: int, file_name: str) -> Pending:
    """Store the upload and remember it in the session (replacing an earlier preview)."""
    _sweep()
    discard()
    token = secrets.token_urlsafe(32)
    path = upload_dir() / f"{token}.xlsx"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    pending = Pending(token, hashlib.sha256(data).hexdigest(), user_id, file_name[:200])
    session[SESSION_KEY] = pending.__dict__
    return pending


def pending_upload(token: str, *, user_id: int) -> tuple[Pending, bytes] | None:
    """The stored file this session previewed under `token`, if it is still there and intact."""
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        pending = Pending(**stored)
    except TypeError:
        return None
    if pending.user_id != user_id or not secrets.compare_digest(pending.token, token):
        return None
    path = upload_dir() / f"{pending.token}.xlsx"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != pending.sha256:
        return None
    return pending, data


def discard() -> None:
    """Forget the session's pending upload and remove its file."""
    stored = session.pop(SESSION_KEY, None)
    if isinstance(stored, dict) and isinstance(stored.get("token"), str):
        token = stored["token"]
        if token.replace("-", "").replace("_", "").isalnum():
            (upload_dir() / f"{token}.xlsx").unlink(missing_ok=True)


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in upload_dir().glob("*.xlsx"):
        with contextlib.suppress(OSError):  # another worker may have removed it first
            if path.stat().st_mtime < cutoff:
                path.unlink()
