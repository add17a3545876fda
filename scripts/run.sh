#!/usr/bin/env bash
# make run: release build, migrate ./data/liaison.sqlite (created if missing), load the demo if empty, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-libraries.sh
swift build -c release --product liaison
BIN="$(swift build -c release --show-bin-path)/liaison"
# Unless another database is named, the first run's demo database is built aside and moved into place when whole.
[ -n "${LIAISON_DATABASE_URL:-}" ] || scripts/first-demo.sh "$BIN" data/liaison.sqlite
"$BIN" migrate
"$BIN" demo --if-empty
echo
echo "Liaison: http://${LIAISON_HOST:-127.0.0.1}:${LIAISON_PORT:-8080}"
echo "Demo sign-in (demo data only): admin@demo.liaison.test / liaison-demo-password"
echo
exec "$BIN" serve --insecure-cookies
