#!/usr/bin/env bash
# Installs Debian packages with apt, for the scripts that find them missing: directly as root (CI), through
# passwordless sudo otherwise (or sudo asking for a password, at a terminal); with neither, says what to install and
# exits 2. Usage: scripts/apt-install.sh PACKAGE...
set -euo pipefail
if [ "$(id -u)" = "0" ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  # -n: never a password prompt (CI has no stdin); fails at once instead.
  as_root=(sudo -n)
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
  # Someone at a terminal: sudo may ask for their password.
  as_root=(sudo)
else
  echo "Installing $* needs root (no passwordless sudo here): run 'apt-get install $*' as root first" >&2
  exit 2
fi
"${as_root[@]}" apt-get update -q >/dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
