#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, if missing (idempotent; apt as root in CI, through sudo elsewhere):
# libhpdf-dev (libharu, the PDF library court reports are rendered with), fonts-dejavu-core (the Unicode font the
# reports embed), libqrencode-dev (the second factor's enrolment QR code) and poppler-utils (pdftotext, which the
# tests use to read the PDFs back).
set -euo pipefail
missing=()
[ -f /usr/include/hpdf.h ] || missing+=(libhpdf-dev)
[ -f /usr/include/qrencode.h ] || missing+=(libqrencode-dev)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (apt)…"
  "$(dirname "$0")/apt-install.sh" "${missing[@]}"
fi
