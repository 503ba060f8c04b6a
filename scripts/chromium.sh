#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests (tests/browser): Playwright drives
# /usr/bin/chromium instead of downloading its own browsers. Installs the `chromium` package when it
# is missing; needs root (or sudo) for that. Everything it prints goes to stderr.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium not found: installing it (apt-get)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi
