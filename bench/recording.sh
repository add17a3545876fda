#!/usr/bin/env bash
# Recording under load (issue 21: at least 1,000 writes a second with synchronous=FULL, p99 ≤ 50 ms). A release
# `liaison serve` over the demo on SQLite (WAL, synchronous=FULL: every answer is on disk before it is sent), and
# wrk at 32 connections posting through the JSON API as a practitioner: complete GAD-7 screenings (each a write
# transaction with its audit event) and new referrals (each with its needs, first step and audit event), spread
# over the organisation's open episodes, and a court report's autosave (one section saved again over 64 draft
# reports, each save with the version the last returned: the report read, checked, written and audited). Every request is a real, authorised, audited write; a non-2xx answer is
# counted and reported. Prints req/s, p99 and non-2xx per round, the rows written, and the server's RSS.
# Each setting of GROUP_LIMITS gets its own server over its own copy of the same demo: 64 is what ships (up to 64
# write transactions share one commit and one sync); 1 is one commit per transaction, as before group commit.
# Usage: bench/recording.sh [PEOPLE]   Env: LIAISON_BIN, DURATION (default 10s), ROUNDS (default 3), CONNECTIONS (32),
#        GROUP_LIMITS (default "64 1"), ENGINE (sqlite, the default; or postgres: run under scripts/with-postgres.sh
#        with LIAISON_PG_FSYNC=on, one database for every setting, the rows of each run added to the last's)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
ensure_wrk
PEOPLE="${1:-3500}"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
GROUP_LIMITS="${GROUP_LIMITS:-64 1}"
WORK="$(mktemp -d /tmp/liaison-recording.XXXXXX)"
trap 'stop_server; rm -rf "$WORK"' EXIT
describe_machine
cpu_probe
choose_engine base
BASE="${DB:-}"
EMAIL=practitioner@demo.liaison.test
load_demo "$PEOPLE"
TOKEN="$("$LIAISON_BIN" tokens issue --database-url "$URL" --email "$EMAIL" --name "recording bench" 2>/dev/null)"
# The practitioner's organisation's open episodes, and a service it may refer to, written into the Lua script.
EPISODES="$(query "SELECT e.id FROM episodes e JOIN users u ON u.organisation_id = e.organisation_id
    WHERE u.email = '$EMAIL' AND e.closed_at IS NULL ORDER BY e.id LIMIT 500")"
SERVICE="$(query "SELECT id FROM services WHERE is_active ORDER BY id LIMIT 1")"
python3 - "$SERVICE" "$WORK" $EPISODES <<'PY'
import json, sys
service, episodes = sys.argv[1], sys.argv[3:]
assert episodes, "the demo has no open episodes for the practitioner's organisation"
screening = json.dumps({"instrumentId": "gad7", "answers": {str(i): 1 for i in range(1, 8)}})
referral = json.dumps({"serviceId": service, "reason": "Support with housing", "needs": ["housing"]})
for name, body, path in (("screening", screening, "screenings"), ("referral", referral, "referrals")):
    with open(f"{sys.argv[2]}/{name}.lua", "w") as script:
        script.write(f"""
local episodes = {{{", ".join(json.dumps(e) for e in episodes)}}}
local body = {json.dumps(body)}
local next_index = 0
request = function()
  next_index = next_index % #episodes + 1
  return wrk.format("POST", "/api/v1/episodes/" .. episodes[next_index] .. "/{path}",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("LIAISON_TOKEN")}}, body)
end
""")
print(f"{len(episodes)} open episodes, service {service}")
PY
COURTS="$(query "SELECT id FROM sites WHERE kind IN ('magistrates_court', 'crown_court', 'youth_court') ORDER BY id")"
RESULTS="$WORK/results.tsv"
count() { query "SELECT COUNT(*) FROM $1"; }
# The autosave's wrk script, with each report's version as stored now (a save with an older one would be refused).
autosave_script() {
  query "SELECT id, version FROM court_reports WHERE case_reference LIKE 'BENCH-%' ORDER BY id" |
    python3 "$ROOT/bench/autosave_reports.py" script "$WORK/autosave.lua"
}
# Every save of the bench's reports (a report's version counts its saves since it was started at 1).
saves() { query "SELECT COALESCE(SUM(version - 1), 0) FROM court_reports WHERE case_reference LIKE 'BENCH-%'"; }
rss() { awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$SERVER_PID/status"; }
for limit in $GROUP_LIMITS; do
  if [ "$ENGINE" = sqlite ]; then
    # Each setting over its own copy of the same demo.
    DB="$WORK/limit-$limit.sqlite"
    cp "$BASE" "$DB"
    URL="sqlite:$DB"
  fi
  echo "--- LIAISON_WRITE_GROUP_LIMIT=$limit"
  LIAISON_WRITE_GROUP_LIMIT="$limit" start_server "$URL" "$WORK/server-$limit.log"
  echo "Server RSS before: $(rss)"
  python3 "$ROOT/bench/autosave_reports.py" start "$BASE_URL" "$TOKEN" 64 --courts $COURTS --episodes $EPISODES
  # One of each first: a write that is not 201 would measure an error.
  for name in screening referral autosave; do
    [ "$name" = autosave ] && autosave_script
    out="$(LIAISON_TOKEN="$TOKEN" wrk -t1 -c1 -d1s -s "$WORK/$name.lua" "$BASE_URL")"
    if grep -q "Non-2xx" <<<"$out"; then
      echo "$name answered non-2xx; server log:" >&2; tail -n 20 "$WORK/server-$limit.log" >&2; exit 1
    fi
  done
  before_screenings="$(count screening_responses)"; before_referrals="$(count referrals)"
  before_audit="$(count audit_events)"; before_saves="$(saves)"
  for round in $(seq 1 "$ROUNDS"); do
    for name in screening referral autosave; do
      [ "$name" = autosave ] && autosave_script
      out="$(LIAISON_TOKEN="$TOKEN" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/$name.lua" "$BASE_URL")"
      record_wrk "$limit" "$name" "$round" "$RESULTS" "$out"
    done
  done
  echo "Server RSS after: $(rss)"
  stop_server
  echo "Written: $(( $(count screening_responses) - before_screenings )) screenings," \
    "$(( $(count referrals) - before_referrals )) referrals, $(( $(saves) - before_saves )) autosaves," \
    "$(( $(count audit_events) - before_audit )) audit events"
  "$LIAISON_BIN" audit verify --database-url "$URL" | tail -n 1
  if [ "$ENGINE" = postgres ]; then
    # Write groups that waited on each other crosswise, which PostgreSQL breaks after deadlock_timeout (a second).
    echo "Deadlocks so far: $(query "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")"
  fi
done
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float("nan")
print("\n| write | transactions per commit, at most | req/s (median of rounds) | p99 (worst round) | non-2xx |")
print("| --- | ---: | ---: | ---: | ---: |")
for key in dict.fromkeys((r[1], r[0]) for r in rows):
    mine = [r for r in rows if (r[1], r[0]) == key]
    print(f"| {key[0]} | {key[1]} | {statistics.median(float(r[2]) for r in mine):,.0f} "
          f"| {max(ms(r[3]) for r in mine):.1f} ms | {sum(int(r[4]) for r in mine)} |")
PY
