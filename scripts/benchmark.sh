#!/usr/bin/env bash
# The benchmark of issue 16: the seed scaled 1x and 50x, on SQLite and PostgreSQL, under gunicorn on
# loopback; writes its tables into docs/benchmarks.md. Not part of the test suite.
# Usage: bash scripts/benchmark.sh [--quick] [--factors 1 50] [--databases sqlite postgresql]
#                                  [--section latest]
# Needs the test set-up (bash scripts/test.sh once: .venv and the local PostgreSQL). A full run takes
# about half an hour on two cores, --quick a few minutes at 1x; keep the machine otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/benchmark.py "$@"
