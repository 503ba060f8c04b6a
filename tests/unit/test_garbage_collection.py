"""The process that serves the app collects garbage in larger batches (app/garbage_collection)."""

import os
import subprocess
import sys
from pathlib import Path

from app.garbage_collection import THRESHOLDS

ROOT = Path(__file__).resolve().parents[2]


def test_the_served_app_collects_in_larger_batches_but_still_collects(tmp_path: Path) -> None:
    # A process of its own: what gunicorn and `flask --app wsgi` import, and nothing else.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'e5.sqlite'}"}
    shown = subprocess.run(
        [sys.executable, "-c", "import gc, wsgi; print(gc.get_threshold(), gc.isenabled())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.strip() == f"{THRESHOLDS} True"
    assert THRESHOLDS[0] > 700  # CPython's default
