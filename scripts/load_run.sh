#!/usr/bin/env bash
# A 60-second load run on loopback: gunicorn with 4 workers on a fresh PostgreSQL database,
# 8 clients reading pages and a feed and posting progress, then a count of lost updates.
# Usage: bash scripts/load_run.sh [seconds] [factor]   (needs the test set-up: bash scripts/test.sh
# once). With a factor above 1 the seed is scaled as the benchmark scales it (scripts/bench_seed.py).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
factor=${2:-1}
port=8765
pg_url=$(bash scripts/postgres.sh)
load_url="${pg_url%/*}/e5load"
runuser -u postgres -- dropdb --if-exists --force e5load 2>/dev/null || true
runuser -u postgres -- createdb -O e5test e5load

# Development mode only so that session cookies travel over plain HTTP on loopback (production
# sends them over HTTPS only); workers, database and code are as in production.
export FLASK_APP=wsgi DATABASE_URL="$load_url" E5_ENV=development
export SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_hex(32))")
password="load-run-$(.venv/bin/python -c "import secrets; print(secrets.token_hex(8))")"
.venv/bin/flask db upgrade >/dev/null
if [ "$factor" -gt 1 ]; then
  seed_file=$(mktemp --suffix=.yaml)
  .venv/bin/python -c "import sys; from pathlib import Path; sys.path.insert(0, 'scripts'); \
from bench_seed import write_scaled_seed; write_scaled_seed($factor, Path('$seed_file'))"
  .venv/bin/flask seed load --file "$seed_file" >/dev/null
  rm -f "$seed_file"
else
  .venv/bin/flask seed load >/dev/null
fi
# One account per client, as eight people would be: parallel logins of one address are throttled.
for n in $(seq 0 7); do
  .venv/bin/flask users create-secretariaat "load$n@vbg.nl" --name "Load run $n" \
    --password "$password" >/dev/null
done

.venv/bin/gunicorn --workers 4 --bind "127.0.0.1:$port" \
  --access-logfile /dev/null wsgi:app &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

out=$(mktemp)
status=0
.venv/bin/python scripts/load_run.py --url "http://127.0.0.1:$port" --email "load{n}@vbg.nl" \
  --password "$password" --seconds "$seconds" --out "$out" || status=$?

.venv/bin/python - "$out" <<'PY'
import json, sys
import sqlalchemy as sa
from app import create_app
figures = json.load(open(sys.argv[1]))
app = create_app()
with app.extensions["e5_engine"].connect() as connection:
    stored = set(connection.execute(sa.text(
        "SELECT public_text FROM voortgang WHERE public_text LIKE 'load-%'")).scalars())
lost = [t for t in figures["saved_texts"] if t not in stored]
print(f"saved posts: {len(figures['saved_texts'])}, stored: {len(stored)}, lost: {len(lost)}")
sys.exit(1 if lost else 0)
PY
exit $status
