#!/usr/bin/env bash
# Two builds' person search on one PostgreSQL register, alternated (this VM's speed drifts by more than most
# changes between runs): N people from bench/generate_people.py, `match reindex` and `match train` once with the
# first binary, then a copy of the database per binary (CREATE DATABASE … TEMPLATE, each migrated by its own binary,
# so a build with a newer schema gets it), and PASSES passes of: each binary's server in turn, a warm-up pass and
# three rounds of the 400 queries (bench/search_bench.py), a CPU probe before each.
# Usage: bench/search_compare.sh BEFORE_BIN AFTER_BIN [N]   (default 1000000)   Env: PASSES (default 2)
# PostgreSQL runs with fsync on, as a production database would (scripts/with-postgres.sh, LIAISON_PG_FSYNC).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN [N]" >&2; exit 2; }
export BEFORE_BIN="$(realpath "$1")" AFTER_BIN="$(realpath "$2")" SIZE="${3:-1000000}" PASSES="${PASSES:-2}"
export LIAISON_PG_FSYNC=on
exec "$(dirname "$0")/../scripts/with-postgres.sh" bash -c '
  set -euo pipefail
  source "$(dirname "'"$0"'")/lib.sh"
  WORK="$(mktemp -d /tmp/liaison-compare.XXXXXX)"
  trap "stop_server; rm -rf \"$WORK\"" EXIT
  describe_machine
  base="${LIAISON_TEST_POSTGRES_URL%/*}"
  url() { echo "$base/$1?sslmode=disable"; }
  psql "$LIAISON_TEST_POSTGRES_URL" -qc "CREATE DATABASE register"
  "$BEFORE_BIN" migrate --database-url "$(url register)" >/dev/null
  "$BEFORE_BIN" demo --database-url "$(url register)" --people 0 >/dev/null
  python3 "$ROOT/bench/generate_people.py" "$(url register)" "$SIZE" --queries "$WORK/queries.jsonl"
  "$BEFORE_BIN" match reindex --database-url "$(url register)" | tail -n 1
  "$BEFORE_BIN" match train --database-url "$(url register)" | tail -n 1
  for side in before after; do
    psql "$LIAISON_TEST_POSTGRES_URL" -qc "CREATE DATABASE $side TEMPLATE register"
  done
  "$BEFORE_BIN" migrate --database-url "$(url before)" | tail -n 1
  "$AFTER_BIN" migrate --database-url "$(url after)" | tail -n 1
  for pass in $(seq "$PASSES"); do
    for side in before after; do
      if [ "$side" = before ]; then LIAISON_BIN="$BEFORE_BIN"; else LIAISON_BIN="$AFTER_BIN"; fi
      token="$("$LIAISON_BIN" tokens issue --database-url "$(url $side)" --email practitioner@demo.liaison.test --name bench)"
      start_server "$(url $side)" "$WORK/server-$side.log"
      cpu_probe
      python3 "$ROOT/bench/search_bench.py" "$BASE_URL" "$token" "$WORK/queries.jsonl" \
        --label "== pass $pass, $side ($LIAISON_BIN), PostgreSQL, $SIZE people =="
      stop_server
    done
  done
'
