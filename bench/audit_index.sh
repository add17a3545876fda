#!/usr/bin/env bash
# What the audit log's actor index (`audit_events_actor`, migration 0047: an administrator's audit page reads its own
# organisation's staff's events from it) costs every audited request: one server over the demo on SQLite, the person
# page (a signed-in, audited view: one audit event each) under wrk at 32 connections, ROUNDS times with the index
# and without it, interleaved on the same binary and data (the index dropped and made again between runs).
# Usage: bench/audit_index.sh [PEOPLE]   Env: LIAISON_BIN, DURATION (default 10s), ROUNDS (default 4), CONNECTIONS (32),
#        ENGINE (sqlite, the default, or postgres: run under scripts/with-postgres.sh with LIAISON_PG_FSYNC=on)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
ensure_wrk
PEOPLE="${1:-3500}"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-4}"
CONNECTIONS="${CONNECTIONS:-32}"
WORK="$(mktemp -d /tmp/liaison-audit-index.XXXXXX)"
trap 'stop_server; rm -rf "$WORK"' EXIT
describe_machine
cpu_probe
choose_engine bench
load_demo "$PEOPLE"
start_server "$URL" "$WORK/server.log"
COOKIE="$(python3 "$ROOT/bench/sign_in.py" "$BASE_URL" practitioner@demo.liaison.test liaison-demo-password)"
PERSON="$(query "SELECT e.person_id FROM episodes e JOIN users u ON u.organisation_id = e.organisation_id
    WHERE u.email = 'practitioner@demo.liaison.test' AND e.closed_at IS NULL ORDER BY e.identified_at DESC LIMIT 1")"
code="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE_URL/people/$PERSON")"
[ "$code" = 200 ] || { echo "/people/$PERSON answered $code" >&2; exit 1; }
echo "Audit events before: $(query 'SELECT COUNT(*) FROM audit_events')"
RESULTS="$WORK/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for variant in with without; do
    if [ "$variant" = without ]; then query "DROP INDEX audit_events_actor" >/dev/null; fi
    out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$BASE_URL/people/$PERSON")"
    record_wrk "$round" "$variant" "$round" "$RESULTS" "$out"
    if [ "$variant" = without ]; then
      query "CREATE INDEX audit_events_actor ON audit_events (actor_id, sequence)" >/dev/null
    fi
  done
done
echo "Audit events after: $(query 'SELECT COUNT(*) FROM audit_events')"
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
print("\n| round | with the index req/s | without req/s | with / without |")
print("| ---: | ---: | ---: | ---: |")
ratios = []
for r in sorted({row[0] for row in rows}, key=int):
    w = float(next(x[2] for x in rows if x[0] == r and x[1] == "with"))
    o = float(next(x[2] for x in rows if x[0] == r and x[1] == "without"))
    ratios.append(w / o)
    print(f"| {r} | {w:,.0f} | {o:,.0f} | {w / o:.3f} |")
print(f"\nMedian with / without: {statistics.median(ratios):.3f}")
PY
