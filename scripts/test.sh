#!/usr/bin/env bash
# Install everything and run the whole test suite: lint, then pytest on SQLite and on PostgreSQL.
# Usage: bash scripts/test.sh [extra pytest arguments]
# E5_TEST_PG_URL names another PostgreSQL test database than the one scripts/postgres.sh makes
# (the suite drops every table in it).
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
pg_url=$(bash scripts/postgres.sh)
pg_url=${E5_TEST_PG_URL:-$pg_url}

# The two runs go side by side, one per core; each has its own temporary directory, pytest cache
# and log, and the logs are printed whole once both are done, so no failure report interleaves.
# Branch coverage of the app and the report builders is measured on the SQLite run only: under
# Python 3.11 coverage's tracer slows every line of every library down about 2.5 times, and on
# both runs it would double the suite's time for a report that differs by a few PostgreSQL lines.
coverage=(--cov=app --cov=reports --cov-branch --cov-report=term)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

suite() {
  local name=$1
  shift
  mkdir -p "$work/$name"
  "$@" --basetemp="$work/$name/tmp" -o cache_dir=".pytest_cache/$name" >"$work/$name.log" 2>&1
}

echo "== pytest on SQLite and on PostgreSQL, side by side"
start=$SECONDS
# The SQLite run takes the browser tests last, so the two runs mostly do not drive Chromium at the
# same time. On PostgreSQL they stay first: they copy the seeded database as a template, which
# PostgreSQL refuses while any connection to it is open.
suite sqlite env -u DATABASE_URL \
  .venv/bin/python -m pytest "${coverage[@]}" --browser-tests-last "$@" &
sqlite_pid=$!
suite postgresql env DATABASE_URL="$pg_url" .venv/bin/python -m pytest "$@" &
postgresql_pid=$!
sqlite_rc=0
wait "$sqlite_pid" || sqlite_rc=$?
postgresql_rc=0
wait "$postgresql_pid" || postgresql_rc=$?

echo "== pytest on SQLite (with branch coverage)"
cat "$work/sqlite.log"
echo "== pytest on PostgreSQL"
cat "$work/postgresql.log"

verdict() { if [ "$1" -eq 0 ]; then echo "passed"; else echo "FAILED (exit $1)"; fi; }
echo "== pytest after $((SECONDS - start)) s:" \
  "SQLite $(verdict "$sqlite_rc"), PostgreSQL $(verdict "$postgresql_rc")"
[ "$sqlite_rc" -eq 0 ] && [ "$postgresql_rc" -eq 0 ]
