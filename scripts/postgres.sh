#!/usr/bin/env bash
# Make a local PostgreSQL available for the test suite and print its DATABASE_URL on stdout.
# Installs the server if it is missing, starts the cluster if it is down, and creates the test role
# and database. Needs root (or sudo) for the install and start; everything it prints besides the URL
# goes to stderr.
set -euo pipefail

ROLE=e5test
DB=e5test
PASSWORD=e5test

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "PostgreSQL not found: installing it (apt-get)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

cluster=$(pg_lsclusters --no-header | head -n 1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  echo "No PostgreSQL cluster: creating $version/main..." >&2
  as_root pg_createcluster "$version" main >&2
  cluster=$(pg_lsclusters --no-header | head -n 1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  echo "Starting PostgreSQL $version/$name on port $port..." >&2
  as_root pg_ctlcluster "$version" "$name" start >&2
fi

for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p "$port" && break
  sleep 1
done

if [ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  as_postgres psql -q -p "$port" -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >&2
else
  # The browser tests create and drop their own database next to the test database.
  as_postgres psql -q -p "$port" -c "ALTER ROLE $ROLE CREATEDB" >&2
fi
if [ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  as_postgres createdb -p "$port" -O "$ROLE" "$DB" >&2
fi

echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$port/$DB"
