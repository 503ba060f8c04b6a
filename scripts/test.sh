#!/usr/bin/env bash
# Install everything and run the whole test suite: lint, then pytest on SQLite and on PostgreSQL.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

echo "== ruff"
.venv/bin/ruff check app reports tests migrations wsgi.py
.venv/bin/ruff format --check app reports tests migrations wsgi.py
echo "== bandit (medium and high findings fail)"
.venv/bin/bandit -q -r app reports wsgi.py -ll
echo "== mypy --strict"
.venv/bin/mypy app reports wsgi.py

bash scripts/chromium.sh
bash scripts/libreoffice.sh

# Branch coverage of the app and the report builders, printed after each run.
coverage=(--cov=app --cov=reports --cov-branch --cov-report=term)

echo "== pytest on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest "${coverage[@]}" "$@"

echo "== pytest on PostgreSQL"
pg_url=$(bash scripts/postgres.sh)
DATABASE_URL="$pg_url" .venv/bin/python -m pytest "${coverage[@]}" "$@"
