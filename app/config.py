"""Configuration objects; values come from environment variables."""

import os
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


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
