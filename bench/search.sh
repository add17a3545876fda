#!/usr/bin/env bash
# Person search benchmark: for each size (default 100000 and 1000000) and engine (SQLite, PostgreSQL), a fresh
# database with the demo partnership and N bulk-generated people, a release `liaison serve`, then 400 searches
# one at a time through the JSON API (bench/search_bench.py): one unmeasured pass, then three measured rounds, each
# printed, and p50/p95 per kind of query as the median over the rounds. The bulk rows are written directly, so
# `liaison match reindex` files them under their blocking keys (and refreshes the planner's statistics) and
# `match train` fits the model.
# Usage: bench/search.sh [N ...]     Env: LIAISON_BIN (default .build/release/liaison), ENGINES="sqlite postgres"
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
ENGINES="${ENGINES:-sqlite postgres}"
WORK="$(mktemp -d /tmp/liaison-bench.XXXXXX)"
trap 'stop_server; rm -rf "$WORK"' EXIT
describe_machine

run_one() { # engine url size
  local engine="$1" url="$2" size="$3"
  local log="$WORK/server-$engine-$size.log"
  "$LIAISON_BIN" migrate --database-url "$url" >/dev/null
  "$LIAISON_BIN" demo --database-url "$url" --people 0 >/dev/null
  local started=$SECONDS
  python3 "$ROOT/bench/generate_people.py" "$url" "$size" --queries "$WORK/queries.jsonl"
  echo "  generated $size people in $((SECONDS - started)) s"
  started=$SECONDS
  "$LIAISON_BIN" match reindex --database-url "$url" | tail -n 1
  "$LIAISON_BIN" match train --database-url "$url" | tail -n 1
  echo "  filed under blocking keys and trained in $((SECONDS - started)) s"
  local token
  token="$("$LIAISON_BIN" tokens issue --database-url "$url" --email practitioner@demo.liaison.test --name bench)"
  start_server "$url" "$log"
  cpu_probe
  python3 "$ROOT/bench/search_bench.py" "$BASE_URL" "$token" "$WORK/queries.jsonl" \
    --label "== $engine, $size people =="
  cpu_probe
  stop_server
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
      WORK="'"$WORK"'"; LIAISON_BIN="'"$LIAISON_BIN"'"
      '"$(declare -f run_one)"'
      trap stop_server EXIT
      run_one postgres "$LIAISON_TEST_POSTGRES_URL" '"$size"'
    '
  fi
done
