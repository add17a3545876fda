#!/usr/bin/env bash
# Soak: `liaison serve` on a temp SQLite database with the demo (3,500 people by default), a steady mixed load for N
# minutes (wrk reads: person page, API person and episodes, work list, searches through the API and the find page;
# about two API writes a second: person updates with If-Match and GAD-7 screenings), the server's RSS
# (/proc/PID/status VmRSS) every 30 s. Prints RSS at the start, after warm-up and at the end, the requests and the
# errors; exits non-zero on any error or if the server dies. bench/soak/soak.py is the driver.
#
# Usage: bench/soak/soak.sh [--minutes 10] [--bin PATH] [--people 3500] [--connections 4] [--writes-per-second 2]
# Env: LIAISON_BIN (default .build/release/liaison). The RSS series is left in .build-bench/soak-rss.tsv.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LIAISON_BIN="${LIAISON_BIN:-$ROOT/.build/release/liaison}"
MINUTES=10
PEOPLE=3500
CONNECTIONS=4
WRITES=2
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift ;;
    --bin) LIAISON_BIN="$2"; shift ;;
    --people) PEOPLE="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --writes-per-second) WRITES="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"
if [ ! -x "$LIAISON_BIN" ]; then
  echo "No liaison binary at $LIAISON_BIN (build it, or pass --bin / LIAISON_BIN)" >&2
  exit 2
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk (apt)…"
  "$(dirname "$0")/../../scripts/apt-install.sh" wrk
fi

WORK="$(mktemp -d /tmp/liaison-soak.XXXXXX)"
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for name in $(compgen -e); do
  case "$name" in LIAISON_BIN) ;; LIAISON_*) unset "$name" ;; esac
done

describe_machine
echo "Binary: $LIAISON_BIN (file dated $(date -r "$LIAISON_BIN" "+%F %T"))"
DB="$WORK/soak.sqlite"
"$LIAISON_BIN" migrate --database-url "sqlite:$DB" >/dev/null
"$LIAISON_BIN" demo --database-url "sqlite:$DB" --people "$PEOPLE" | tail -n 2
TOKEN="$("$LIAISON_BIN" tokens issue --database-url "sqlite:$DB" --email practitioner@demo.liaison.test \
  --name soak --days 1 2>/dev/null | tail -n 1)"
# Plain http on loopback: without this the session and CSRF cookies are Secure and never sent back, so sign-in fails.
export LIAISON_INSECURE_COOKIES=1
start_server "sqlite:$DB" "$WORK/server.log"
COOKIE="$(python3 "$ROOT/bench/sign_in.py" "$BASE_URL" practitioner@demo.liaison.test liaison-demo-password)"
mkdir -p "$ROOT/.build-bench"
status=0
python3 "$HERE/soak.py" --base "$BASE_URL" --pid "$SERVER_PID" --database "$DB" --cookie "$COOKIE" --token "$TOKEN" \
  --minutes "$MINUTES" --connections "$CONNECTIONS" --writes-per-second "$WRITES" \
  --series "$ROOT/.build-bench/soak-rss.tsv" || status=$?
if grep -qiE 'fatal error|assertion|crash' "$WORK/server.log"; then
  echo "The server's log has errors:" >&2
  grep -iE 'fatal error|assertion|crash' "$WORK/server.log" | head -n 20 >&2
  status=1
fi
exit "$status"
