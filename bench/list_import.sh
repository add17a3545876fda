#!/usr/bin/env bash
# Court-list import benchmark: for each size (default 100000 and 1000000) and engine (SQLite, PostgreSQL), a fresh
# database with the demo partnership and N bulk-generated people (filed under their blocking keys, model trained),
# then `liaison lists import` of a 500-line court list (bench/court_list.py: 400 people who are there, misspelt or
# not, and strangers), then the same list again. Prints the wall time of each import and how the lines matched.
# Usage: bench/list_import.sh [N ...]     Env: LIAISON_BIN (default .build/release/liaison), ENGINES, LINES (500)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
ENGINES="${ENGINES:-sqlite postgres}"
LINES="${LINES:-500}"
WORK="$(mktemp -d /tmp/liaison-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
describe_machine

run_one() { # engine url size
  local engine="$1" url="$2" size="$3"
  "$LIAISON_BIN" migrate --database-url "$url" >/dev/null
  "$LIAISON_BIN" demo --database-url "$url" --people 0 >/dev/null
  python3 "$ROOT/bench/generate_people.py" "$url" "$size" --queries "$WORK/queries.jsonl" 2>/dev/null
  "$LIAISON_BIN" match reindex --database-url "$url" >/dev/null
  "$LIAISON_BIN" match train --database-url "$url" >/dev/null
  python3 "$ROOT/bench/court_list.py" "$WORK/queries.jsonl" "$WORK/court.csv" --lines "$LINES"
  echo "== $engine, $size people, $LINES-line court list =="
  for attempt in first again; do
    local started
    started=$(python3 -c 'import time; print(time.time())')
    local out
    out="$("$LIAISON_BIN" lists import "$WORK/court.csv" --kind court --day 2026-11-23 \
      --as practitioner@demo.liaison.test --database-url "$url" | tail -n 1)"
    printf '  %-6s import: %s (process wall %.2f s)\n' "$attempt" "$out" "$(python3 -c "import time; print(time.time() - $started)")"
  done
}

for size in "${SIZES[@]}"; do
  if [[ " $ENGINES " == *" sqlite "* ]]; then
    run_one sqlite "sqlite:$WORK/bench-$size.sqlite" "$size"
    rm -f "$WORK/bench-$size.sqlite"*
  fi
  if [[ " $ENGINES " == *" postgres "* ]]; then
    "$ROOT/scripts/with-postgres.sh" bash -c '
      set -euo pipefail
      source "'"$ROOT"'/bench/lib.sh"
      WORK="'"$WORK"'"; LIAISON_BIN="'"$LIAISON_BIN"'"; LINES="'"$LINES"'"
      '"$(declare -f run_one)"'
      run_one postgres "$LIAISON_TEST_POSTGRES_URL" '"$size"'
    '
  fi
done
