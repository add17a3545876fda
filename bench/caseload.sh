#!/usr/bin/env bash
# Caseload and work-list pages under load: a release `liaison serve` over SQLite with the demo (3,500 people by
# default), signed in as the demo practitioner, then wrk at 16 and 64 connections on "my caseload"
# (/worklist?mine=yes) and the whole work list (/worklist). Every request is a real, audited page view.
# Usage: bench/caseload.sh [PEOPLE]   Env: LIAISON_BIN, DURATION (default 20s)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
ensure_wrk
PEOPLE="${1:-3500}"
DURATION="${DURATION:-20s}"
WORK="$(mktemp -d /tmp/liaison-bench.XXXXXX)"
trap 'stop_server; rm -rf "$WORK"' EXIT
describe_machine
URL="sqlite:$WORK/caseload.sqlite"
"$LIAISON_BIN" migrate --database-url "$URL" >/dev/null
"$LIAISON_BIN" demo --database-url "$URL" --people "$PEOPLE" | tail -n 2
start_server "$URL" "$WORK/server.log"
COOKIE="$(python3 "$ROOT/bench/sign_in.py" "$BASE_URL" practitioner@demo.liaison.test liaison-demo-password)"
for path in "/worklist?mine=yes" "/worklist"; do
  for connections in 16 64; do
    echo "== $path, $connections connections, $DURATION =="
    wrk -t2 -c"$connections" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$BASE_URL$path" \
      | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|requests in"
  done
done
