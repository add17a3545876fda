#!/usr/bin/env bash
# Community support and supported housing under load (issue 19). A release `liaison serve` over the demo and, in the
# same run, `liaison plaintext` (a bare Hummingbird 2 server, the ceiling on this machine).
# 1. Recording a contact: wrk at 32 connections posting attended phone contacts through the JSON API as the demo
#    support worker, round-robin over their open support cases. Each is a real write: the policy asked, the draft
#    checked, the contact inserted and an audit event appended, in one transaction. Ceiling and contacts are
#    interleaved, ROUNDS times, so each round's share is of its own ceiling.
# 2. Placements at capacity: a fresh five-place unit, then 40 placement requests at once for 40 different people
#    (ROUNDS times, each round's placements ended before the next): exactly five must be placed, the rest refused
#    as full (422), and the unit must never hold more than five.
# Prints req/s, p99, non-2xx, rows written, `liaison audit verify`, and the placement rounds.
# Usage: bench/support.sh [PEOPLE]   Env: LIAISON_BIN, DURATION (default 10s), ROUNDS (3), CONNECTIONS (32),
#        ENGINE (sqlite, the default: WAL and synchronous=FULL; or postgres: run under scripts/with-postgres.sh with
#        LIAISON_PG_FSYNC=on so that commits are as durable as SQLite's)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
ensure_wrk
PEOPLE="${1:-3500}"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
WORK="$(mktemp -d /tmp/liaison-support.XXXXXX)"
PLAIN_PID=""
trap 'stop_server; [ -n "$PLAIN_PID" ] && kill "$PLAIN_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
describe_machine
cpu_probe
choose_engine support
load_demo "$PEOPLE"
WORKER=support@demo.liaison.test
WORKER_TOKEN="$("$LIAISON_BIN" tokens issue --database-url "$URL" --email "$WORKER" --name "support bench" 2>/dev/null)"
MANAGER_TOKEN="$("$LIAISON_BIN" tokens issue --database-url "$URL" --email manager.east@demo.liaison.test --name "bench" 2>/dev/null)"
PLACER_TOKEN="$("$LIAISON_BIN" tokens issue --database-url "$URL" --email womens.practitioner@demo.liaison.test --name "bench" 2>/dev/null)"
CASES="$(query "SELECT c.id FROM support_cases c JOIN users u ON u.id = c.worker_id
    WHERE u.email = '$WORKER' AND c.closed_on IS NULL ORDER BY c.id LIMIT 500")"
[ -n "$CASES" ] || { echo "the demo support worker has no open cases" >&2; exit 1; }
AT="$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ"))')"
python3 - "$WORK/contact.lua" "$AT" $CASES <<'PY'
import json, sys
path, at, cases = sys.argv[1], sys.argv[2], sys.argv[3:]
body = json.dumps({"at": at, "mode": "phone", "outcome": "attended", "minutes": 20, "location": "remote",
                   "note": "Checked in about the housing appointment"})
with open(path, "w") as script:
    script.write(f"""
local cases = {{{", ".join(json.dumps(c) for c in cases)}}}
local body = {json.dumps(body)}
local next_index = 0
request = function()
  next_index = next_index % #cases + 1
  return wrk.format("POST", "/api/v1/support-cases/" .. cases[next_index] .. "/contacts",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("LIAISON_TOKEN")}}, body)
end
""")
print(f"{len(cases)} open support cases of the demo support worker")
PY
start_server "$URL" "$WORK/server.log"
PLAIN_PORT="$(free_port)"
"$LIAISON_BIN" plaintext --port "$PLAIN_PORT" >"$WORK/plain.log" 2>&1 &
PLAIN_PID=$!
until curl -fsS --max-time 2 "http://127.0.0.1:$PLAIN_PORT/" >/dev/null 2>&1; do sleep 0.2; done
rss() { awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$SERVER_PID/status"; }
echo "Server RSS before: $(rss)"
out="$(LIAISON_TOKEN="$WORKER_TOKEN" wrk -t1 -c1 -d1s -s "$WORK/contact.lua" "$BASE_URL")"
if grep -q "Non-2xx" <<<"$out"; then echo "a contact answered non-2xx; server log:" >&2; tail -n 20 "$WORK/server.log" >&2; exit 1; fi
before_contacts="$(query "SELECT COUNT(*) FROM support_contacts")"
before_audit="$(query "SELECT COUNT(*) FROM audit_events")"
RESULTS="$WORK/results.tsv"
for round in $(seq 1 "$ROUNDS"); do
  out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PLAIN_PORT/")"
  record_wrk "$round" ceiling "$round" "$RESULTS" "$out"
  out="$(LIAISON_TOKEN="$WORKER_TOKEN" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/contact.lua" "$BASE_URL")"
  record_wrk "$round" contact "$round" "$RESULTS" "$out"
done
echo "Server RSS after: $(rss)"
echo "Written: $(( $(query "SELECT COUNT(*) FROM support_contacts") - before_contacts )) contacts," \
  "$(( $(query "SELECT COUNT(*) FROM audit_events") - before_audit )) audit events"
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float("nan")
ceiling = {r[0]: float(r[2]) for r in rows if r[1] == "ceiling"}
contacts = [r for r in rows if r[1] == "contact"]
print("\n| target | req/s (median of rounds) | p99 (worst round) | share of its round's ceiling (median) | non-2xx |")
print("| --- | ---: | ---: | ---: | ---: |")
for name in ("ceiling", "contact"):
    mine = [r for r in rows if r[1] == name]
    share = statistics.median(float(r[2]) / ceiling[r[0]] for r in mine)
    print(f"| {name} | {statistics.median(float(r[2]) for r in mine):,.0f} | {max(ms(r[3]) for r in mine):.1f} ms "
          f"| {share:.1%} | {sum(int(r[4]) for r in mine)} |")
PY
# Placements at capacity.
PEOPLE_IDS="$(query "SELECT DISTINCT p.id FROM people p JOIN episodes e ON e.person_id = p.id
    JOIN users u ON u.organisation_id = e.organisation_id
    WHERE u.email = 'womens.practitioner@demo.liaison.test' AND NOT p.is_restricted
      AND p.id NOT IN (SELECT person_id FROM placements WHERE ended_on IS NULL)
    ORDER BY p.id LIMIT $((40 * ROUNDS))")"
BOROUGH="$(query "SELECT id FROM boroughs WHERE name = 'Hackney'")"
python3 - "$BASE_URL" "$MANAGER_TOKEN" "$PLACER_TOKEN" "$BOROUGH" "$ROUNDS" $PEOPLE_IDS <<'PY'
import concurrent.futures, datetime, json, statistics, sys, time, urllib.error, urllib.request
base, manager, placer, borough, rounds, people = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6:]
def call(method, path, token, body=None, if_match=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    if if_match: request.add_header("If-Match", if_match)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read()), (time.perf_counter() - started) * 1000
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), (time.perf_counter() - started) * 1000
today = datetime.date.today()
status, unit, _ = call("POST", "/api/v1/housing-units", manager, {
    "provider": "Bench housing", "label": "Bench house", "boroughId": borough, "womenOnly": False,
    "funder": "Bench", "fundedFrom": str(today - datetime.timedelta(days=10)),
    "fundedUntil": str(today + datetime.timedelta(days=300)), "capacity": 5})
assert status == 201, (status, unit)
print(f"\n| round | requests at once | placed (201) | refused as full (422) | other | p50 | p99 |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for round in range(rounds):
    batch = people[round * 40:(round + 1) * 40]
    body = lambda person: {"personId": person, "reason": "avoid_remand", "startOn": str(today),
                           "plannedEndOn": str(today + datetime.timedelta(days=28))}
    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda p: call("POST", f"/api/v1/housing-units/{unit['id']}/placements", placer, body(p)), batch))
    placed = [a for a in answers if a[0] == 201]
    full = [a for a in answers if a[0] == 422 and "full" in a[1].get("detail", "")]
    latencies = sorted(a[2] for a in answers)
    print(f"| {round + 1} | {len(batch)} | {len(placed)} | {len(full)} | {len(batch) - len(placed) - len(full)} "
          f"| {statistics.median(latencies):.0f} ms | {latencies[int(len(latencies) * 0.99) - 1]:.0f} ms |")
    status, units, _ = call("GET", "/api/v1/housing-units", placer)
    taken = next(u["takenToday"] for u in units if u["id"] == unit["id"])
    assert len(placed) == 5 and taken == 5, f"placed {len(placed)}, taken {taken}: capacity broken"
    for answer in placed:
        status, ended, _ = call("POST", f"/api/v1/placements/{answer[1]['id']}/ending", placer,
                                {"endedOn": str(today), "moveOn": "Bench"}, if_match=f'"{answer[1]["version"]}"')
        assert status == 200, (status, ended)
PY
stop_server
"$LIAISON_BIN" audit verify --database-url "$URL" | tail -n 1
