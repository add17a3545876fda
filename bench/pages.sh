#!/usr/bin/env bash
# Pages against the framework's ceiling (issue 21): a release `liaison serve` over the demo on SQLite, and in the
# same run a bare Hummingbird 2 server (`liaison plaintext`, the ceiling on this machine). wrk at 32 connections
# on each target in turn, ROUNDS times interleaved (ceiling, /health, the person page, my caseload, the first page
# of the work list), so each page's share of the ceiling is measured against the ceiling of its own round. Every
# page request is a real, signed-in, audited page view. Prints req/s and p99 per round, the median share, and the
# server's RSS before and after.
# Usage: bench/pages.sh [PEOPLE]   Env: LIAISON_BIN, DURATION (default 10s), ROUNDS (default 3), CONNECTIONS (32),
#        ENGINE (sqlite, the default, or postgres: run under scripts/with-postgres.sh with LIAISON_PG_FSYNC=on so that
#        commits are as durable as SQLite's synchronous=FULL)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
ensure_wrk
PEOPLE="${1:-3500}"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
WORK="$(mktemp -d /tmp/liaison-pages.XXXXXX)"
PLAIN_PID=""
trap 'stop_server; [ -n "$PLAIN_PID" ] && kill "$PLAIN_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
describe_machine
cpu_probe
choose_engine pages
load_demo "$PEOPLE"
start_server "$URL" "$WORK/server.log"
PLAIN_PORT="$(free_port)"
"$LIAISON_BIN" plaintext --port "$PLAIN_PORT" >"$WORK/plain.log" 2>&1 &
PLAIN_PID=$!
until curl -fsS --max-time 2 "http://127.0.0.1:$PLAIN_PORT/" >/dev/null 2>&1; do sleep 0.2; done
COOKIE="$(python3 "$ROOT/bench/sign_in.py" "$BASE_URL" practitioner@demo.liaison.test liaison-demo-password)"
PERSON="$(query "SELECT e.person_id FROM episodes e JOIN users u ON u.organisation_id = e.organisation_id
    WHERE u.email = 'practitioner@demo.liaison.test' AND e.closed_at IS NULL ORDER BY e.identified_at DESC LIMIT 1")"
rss() { awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$SERVER_PID/status"; }
echo "Server RSS before: $(rss)"
# A page that is not 200 would measure an error page: check each once.
for path in "/people/$PERSON" "/worklist?mine=yes" "/worklist"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE_URL$path")"
  [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
done
TARGETS=("ceiling|http://127.0.0.1:$PLAIN_PORT/" "health|$BASE_URL/health" "person|$BASE_URL/people/$PERSON"
  "caseload|$BASE_URL/worklist?mine=yes" "worklist|$BASE_URL/worklist")
RESULTS="$WORK/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    name="${target%%|*}"; url="${target#*|}"
    out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$url")"
    record_wrk "$round" "$name" "$round" "$RESULTS" "$out"
  done
done
echo "Server RSS after: $(rss)"
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
ceiling = {r[0]: float(r[2]) for r in rows if r[1] == "ceiling"}
print(f"\n| page | req/s (median of {len(ceiling)}) | share of the ceiling in its round (median) | p99 (worst round) |")
print("| --- | ---: | ---: | ---: |")
def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float("nan")
for name in dict.fromkeys(r[1] for r in rows):
    mine = [r for r in rows if r[1] == name]
    share = statistics.median(float(r[2]) / ceiling[r[0]] * 100 for r in mine)
    worst = max(ms(r[3]) for r in mine)
    print(f"| {name} | {statistics.median(float(r[2]) for r in mine):,.0f} | {share:.1f}% | {worst:.1f} ms |")
PY
