"""Configuration objects; values come from environment variables."""

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER_SECRET = "dev-only-change-me"


def default_database_url() -> str:
    """SQLite in the instance folder: the embedded default for a single machine."""
    return f"sqlite:///{PROJECT_ROOT / 'instance' / 'e5.sqlite'}"


class Config:
    # "development" on a developer's machine; anything else (e.g. "production") demands a real key.
    ENV_NAME = os.environ.get("E5_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", PLACEHOLDER_SECRET)
    DATABASE_URL = os.environ.get("DATABASE_URL") or default_database_url()
    SEED_FILE = os.environ.get("E5_SEED_FILE") or str(PROJECT_ROOT / "seed" / "werkagenda.yaml")
    TESTING = False
    # Sessions end after two hours without activity, and twelve hours after login in any case.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=2)
    SESSION_MAX_AGE = timedelta(hours=12)
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = ENV_NAME != "development"
    # The CSRF token lives as long as the session: a form left open for an hour still saves.
    WTF_CSRF_TIME_LIMIT = None
    # Our forms are a few kilobytes; anything far larger is refused with 413 before it is read.
    MAX_CONTENT_LENGTH = int(os.environ.get("E5_MAX_CONTENT_LENGTH", 1024 * 1024))
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    MAX_FORM_PARTS = 200
    # How many reverse proxies stand in front of the app (0: clients connect to it directly).
    # Only then is X-Forwarded-For trusted, for the client IP that the login throttle counts.
    PROXY_HOPS = int(os.environ.get("E5_PROXY_HOPS") or 0)
    # Where the Excel export is kept as a file per data revision (app/excel/store.py); the
    # workers of one host share it.
    EXPORT_DIR = os.environ.get("E5_EXPORT_DIR") or str(PROJECT_ROOT / "instance" / "exports")
    # After a write, the new export is built once the data have been quiet this many seconds.
    EXPORT_PREBUILD = os.environ.get("E5_EXPORT_PREBUILD", "1") != "0"
    EXPORT_PREBUILD_DELAY = float(os.environ.get("E5_EXPORT_PREBUILD_DELAY") or 10)
    # Pin "today" (YYYY-MM-DD) for demos; unset, it is today's date in Europe/Amsterdam.
    TODAY = os.environ.get("E5_TODAY") or None
    # Who answers questions about the open-data API (info.contact of its OpenAPI document).
    API_CONTACT_NAME = os.environ.get("E5_API_CONTACT_NAME") or "Secretariaat Werkgroep VBG"
    API_CONTACT_EMAIL = os.environ.get("E5_API_CONTACT_EMAIL") or ""


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SESSION_COOKIE_SECURE = False
    # Statuses depend on the date; tests see the Werkagenda as it stood on this day.
    TODAY = "2026-11-25"
    # A test that writes must not leave a process behind that builds the export after it.
    EXPORT_PREBUILD = False
