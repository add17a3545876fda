#!/usr/bin/env bash
# make run: release build, migrate ./data/liaison.sqlite (created if missing), load the demo if empty, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-libraries.sh
swift build -c release --product liaison
BIN="$(swift build -c release --show-bin-path)/liaison"
"$BIN" migrate
"$BIN" demo --if-empty
echo
echo "Liaison: http://${LIAISON_HOST:-127.0.0.1}:${LIAISON_PORT:-8080}"
echo "Demo sign-in (demo data only): admin@demo.liaison.test / liaison-demo-password"
echo
exec "$BIN" serve --insecure-cookies
