#!/usr/bin/env bash
# Reporting benchmark (issue 20): for each engine, a fresh database with the demo partnership, PEOPLE bulk people
# (bench/generate_people.py) and EPISODES episodes over two years with screenings, assessments and referrals
# (bench/generate_episodes.py); then, in the same run, three times each:
#   floor      the single aggregate the dashboard is built from (episodes and distinct people in the last 365 days);
#   dashboard  every figure of the service dashboard for the last 365 days, whole service (`liaison report
#              dashboard`, the store's own time, no process start);
#   floor      the national return's rows for last month, read and counted (one SELECT of the same join);
#   return     the national return for last month as CSV (`liaison export national`, process wall time).
# Prints each median. Usage: bench/reporting.sh   Env: PEOPLE (1000000), EPISODES (5000000), ENGINES, LIAISON_BIN
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
PEOPLE="${PEOPLE:-1000000}"
EPISODES="${EPISODES:-5000000}"
ENGINES="${ENGINES:-sqlite postgres}"
WORK="$(mktemp -d /tmp/liaison-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
describe_machine
cpu_probe

# floor_sql ENGINE URL SQL → milliseconds of one run of SQL (the rows read, not shown).
floor_sql() {
  python3 - "$1" "$2" "$3" <<'PY'
import subprocess, sys, time, sqlite3
engine, url, sql = sys.argv[1:4]
if engine == "sqlite":
    db = sqlite3.connect(url[len("sqlite:"):])
    started = time.perf_counter()
    db.execute(sql).fetchall()
    print(f"{(time.perf_counter() - started) * 1000:.0f}")
else:
    out = subprocess.run(["psql", url, "-At", "-c", "\\timing on", "-c", sql], capture_output=True, check=True)
    line = [l for l in out.stdout.decode().splitlines() if l.startswith("Time:")][-1]
    print(f"{float(line.split()[1]):.0f}")
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_one() { # engine url
  local engine="$1" url="$2"
  "$LIAISON_BIN" migrate --database-url "$url" >/dev/null
  "$LIAISON_BIN" demo --database-url "$url" --people 0 >/dev/null
  python3 "$ROOT/bench/generate_people.py" "$url" "$PEOPLE" --queries "$WORK/queries.jsonl"
  python3 "$ROOT/bench/generate_episodes.py" "$url" "$PEOPLE" "$EPISODES"
  local from until month first next
  from="$(python3 -c 'import datetime as d; print((d.datetime.now(d.timezone.utc) - d.timedelta(days=365)).strftime("%Y-%m-%dT00:00:00.000Z"))')"
  until="$(python3 -c 'import datetime as d; print((d.datetime.now(d.timezone.utc) + d.timedelta(days=1)).strftime("%Y-%m-%dT00:00:00.000Z"))')"
  month="$(python3 -c 'import datetime as d; t = d.date.today().replace(day=1) - d.timedelta(days=1); print(t.strftime("%Y-%m"))')"
  first="${month}-01T00:00:00.000Z"
  next="$(python3 -c "import datetime as d; t = d.date.fromisoformat('${month}-01') + d.timedelta(days=32); print(t.replace(day=1).isoformat() + 'T00:00:00.000Z')")"
  local dashboard_floor="SELECT COUNT(*), COUNT(DISTINCT e.person_id) FROM episodes e JOIN people p ON p.id = e.person_id WHERE e.identified_at >= '$from' AND e.identified_at < '$until'"
  local return_floor="SELECT COUNT(*), COUNT(p.nhs_number), COUNT(s.name), COUNT(o.ods_code) FROM episodes e JOIN people p ON p.id = e.person_id JOIN sites s ON s.id = e.site_id JOIN organisations o ON o.id = e.organisation_id WHERE e.identified_at >= '$first' AND e.identified_at < '$next'"
  echo "== $engine: $PEOPLE people, $EPISODES episodes =="
  local floors=() dashboards=() rfloors=() returns=() rows=0
  for round in 1 2 3; do
    floors+=("$(floor_sql "$engine" "$url" "$dashboard_floor")")
    dashboards+=("$("$LIAISON_BIN" report dashboard --database-url "$url" --days 365 | sed -n 's/^Counted in \([0-9]*\) ms$/\1/p')")
    rfloors+=("$(floor_sql "$engine" "$url" "$return_floor")")
    local started
    started=$(python3 -c 'import time; print(time.time())')
    "$LIAISON_BIN" export national --database-url "$url" --month "$month" --out "$WORK/return.csv" 2>"$WORK/problems.txt"
    returns+=("$(python3 -c "import time; print(f'{(time.time() - $started) * 1000:.0f}')")")
    rows=$(($(wc -l <"$WORK/return.csv") - 1))
    echo "  round $round: floor ${floors[-1]} ms, dashboard ${dashboards[-1]} ms; return floor ${rfloors[-1]} ms, return ${returns[-1]} ms ($rows rows)"
  done
  printf '  median: dashboard floor %s ms, dashboard %s ms; national return floor %s ms, return %s ms (%s rows, %s)\n' \
    "$(printf '%s\n' "${floors[@]}" | median)" "$(printf '%s\n' "${dashboards[@]}" | median)" \
    "$(printf '%s\n' "${rfloors[@]}" | median)" "$(printf '%s\n' "${returns[@]}" | median)" "$rows" "$month"
}

if [[ " $ENGINES " == *" sqlite "* ]]; then
  run_one sqlite "sqlite:$WORK/reporting.sqlite"
  rm -f "$WORK/reporting.sqlite"*
fi
if [[ " $ENGINES " == *" postgres "* ]]; then
  "$ROOT/scripts/with-postgres.sh" bash -c '
    set -euo pipefail
    source "'"$ROOT"'/bench/lib.sh"
    WORK="'"$WORK"'"; LIAISON_BIN="'"$LIAISON_BIN"'"; PEOPLE="'"$PEOPLE"'"; EPISODES="'"$EPISODES"'"
    '"$(declare -f floor_sql median run_one)"'
    run_one postgres "$LIAISON_TEST_POSTGRES_URL"
  '
fi
