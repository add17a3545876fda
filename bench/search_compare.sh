#!/usr/bin/env bash
# Two builds' person search on one register, alternated (this VM's speed drifts by more than most changes between
# runs): N people from bench/generate_people.py, `match reindex` and `match train` once with the first binary, then
# a copy of the database per binary (PostgreSQL: CREATE DATABASE … TEMPLATE; SQLite: a copy of the file), each
# migrated by its own binary (so a build with a newer schema gets it; each migration's time is printed), and PASSES
# passes of: each binary's server in turn, a warm-up pass and three rounds of the 400 queries
# (bench/search_bench.py), a CPU probe before each.
# Usage: bench/search_compare.sh BEFORE_BIN AFTER_BIN [N]   (default 1000000)
# Env: ENGINE=postgres (default; fsync on, as a production database would run) or sqlite; PASSES (default 2)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN [N]" >&2; exit 2; }
export BEFORE_BIN="$(realpath "$1")" AFTER_BIN="$(realpath "$2")" SIZE="${3:-1000000}" PASSES="${PASSES:-2}"
export ENGINE="${ENGINE:-postgres}" LIAISON_PG_FSYNC=on BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
compare() {
  set -euo pipefail
  source "$BENCH_DIR/lib.sh"
  local work url side token pass
  work="$(mktemp -d /tmp/liaison-compare.XXXXXX)"
  trap 'stop_server; rm -rf "'"$work"'"' EXIT
  describe_machine
  url() {
    if [ "$ENGINE" = sqlite ]; then echo "sqlite:$work/$1.sqlite"; else echo "${LIAISON_TEST_POSTGRES_URL%/*}/$1?sslmode=disable"; fi
  }
  [ "$ENGINE" = sqlite ] || psql "$LIAISON_TEST_POSTGRES_URL" -qc "CREATE DATABASE register"
  "$BEFORE_BIN" migrate --database-url "$(url register)" >/dev/null
  "$BEFORE_BIN" demo --database-url "$(url register)" --people 0 >/dev/null
  python3 "$ROOT/bench/generate_people.py" "$(url register)" "$SIZE" --queries "$work/queries.jsonl"
  "$BEFORE_BIN" match reindex --database-url "$(url register)" | tail -n 1
  "$BEFORE_BIN" match train --database-url "$(url register)" | tail -n 1
  for side in before after; do
    if [ "$ENGINE" = sqlite ]; then
      cp "$work/register.sqlite" "$work/$side.sqlite"
    else
      psql "$LIAISON_TEST_POSTGRES_URL" -qc "CREATE DATABASE $side TEMPLATE register"
    fi
  done
  for side in before after; do
    local bin="$BEFORE_BIN" started
    [ "$side" = before ] || bin="$AFTER_BIN"
    started=$(date +%s%N)
    "$bin" migrate --database-url "$(url $side)" | tail -n 1
    echo "  $side migrated in $((($(date +%s%N) - started) / 1000000)) ms"
  done
  for pass in $(seq "$PASSES"); do
    for side in before after; do
      if [ "$side" = before ]; then LIAISON_BIN="$BEFORE_BIN"; else LIAISON_BIN="$AFTER_BIN"; fi
      token="$("$LIAISON_BIN" tokens issue --database-url "$(url $side)" --email practitioner@demo.liaison.test --name bench)"
      start_server "$(url $side)" "$work/server-$side.log"
      cpu_probe
      python3 "$ROOT/bench/search_bench.py" "$BASE_URL" "$token" "$work/queries.jsonl" \
        --label "== pass $pass, $side ($LIAISON_BIN), $ENGINE, $SIZE people =="
      stop_server
    done
  done
}
if [ "$ENGINE" = sqlite ]; then
  compare
else
  export -f compare
  exec "$BENCH_DIR/../scripts/with-postgres.sh" bash -c compare
fi
