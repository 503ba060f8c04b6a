#!/usr/bin/env bash
# Install the app, bring the database up to date, load the Werkagenda if it is empty, and serve it
# on http://127.0.0.1:5000. Uses SQLite in instance/ unless DATABASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .

export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask seed load --if-empty
.venv/bin/flask users list
exec .venv/bin/flask run --host 127.0.0.1 --port 5000
