#!/usr/bin/env bash
# Make LibreOffice available for the conversion tests of the reports (tests/integration/
# test_brief_conversion.py and the Excel export's): `soffice --headless --convert-to pdf` opens
# the .docx and .xlsx the app writes as Word and Excel users would, and pdftoppm (poppler-utils)
# turns the PDF into images to look at. Installs the Debian packages when missing; needs root (or
# sudo) for that. Everything it prints goes to stderr.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer libreoffice-calc)
if command -v soffice >/dev/null 2>&1 && ! dpkg -s libreoffice-calc >/dev/null 2>&1; then
  missing+=(libreoffice-calc)
fi
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} (apt-get)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi
