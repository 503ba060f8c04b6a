#!/usr/bin/env bash
# Install the app (only when pyproject.toml changed since the last install), bring the database up
# to date, load the Werkagenda if it is empty, offer to make the first account, and serve the app.
# Uses SQLite in instance/ unless DATABASE_URL is set.
#
# Usage: bash scripts/run.sh [--host HOST] [--port PORT]
#   or set E5_HOST / E5_PORT; the default is 127.0.0.1 and 5000 (on macOS, AirPlay may hold 5000).
set -euo pipefail
cd "$(dirname "$0")/.."

host=${E5_HOST:-127.0.0.1}
port=${E5_PORT:-5000}
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host=${2:?"--host needs a value, e.g. --host 0.0.0.0"}; shift 2 ;;
    --host=*) host=${1#--host=}; shift ;;
    --port) port=${2:?"--port needs a value, e.g. --port 8000"}; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    -h | --help) sed -n '2,7s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "Onbekende optie '$1'. Gebruik: bash scripts/run.sh [--host HOST] [--port PORT]" >&2
       exit 2 ;;
  esac
done
if ! [[ $port =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "Ongeldige poort '$port': geef een getal van 1 tot en met 65535, bijvoorbeeld --port 8000." >&2
  exit 2
fi

# The stamp holds a hash of what the install depends on; a start with the same hash skips pip.
stamp=.venv/.e5-installed
wanted=$( (python3 --version; cat pyproject.toml) | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  echo "== Virtuele omgeving maken in .venv"
  python3 -m venv .venv
  .venv/bin/python -m pip install --upgrade pip
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "== Installeren (de eerste keer een paar minuten; daarna alleen als pyproject.toml wijzigt)"
  .venv/bin/python -m pip install --progress-bar on -e .
  echo "$wanted" > "$stamp"
else
  echo "== Al geïnstalleerd (pyproject.toml is niet gewijzigd)"
fi

export FLASK_APP=wsgi
echo "== Database bijwerken"
.venv/bin/flask db upgrade
.venv/bin/flask seed load --if-empty

accounts=$(.venv/bin/flask users list)
echo "$accounts"
# `users list` says this (and only this) when there is no account yet.
if [[ $accounts == "Er zijn nog geen accounts"* ]] && [ -t 0 ]; then
  read -r -p "Nu het eerste secretariaatsaccount aanmaken? [J/n] " answer
  if [[ ! $answer =~ ^[nN] ]]; then
    while true; do
      read -r -p "E-mailadres (leeg laten: overslaan): " email
      [ -n "$email" ] || break
      read -r -p "Naam (zoals die in de app verschijnt): " name
      if .venv/bin/flask users create-secretariaat "$email" --name "$name"; then
        break
      fi
      echo "Probeer het nog eens."
    done
  fi
fi

echo "== De app draait op http://$host:$port (inloggen: http://$host:$port/inloggen; stoppen: Ctrl-C)"
exec .venv/bin/flask run --host "$host" --port "$port"
