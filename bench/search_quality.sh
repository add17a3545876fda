#!/usr/bin/env bash
# Search-before-create quality on labelled files (bench/labelled_people.py): for each data set, a fresh SQLite
# database with the demo partnership, the first dated record of each cluster registered, `match reindex` and
# `match train`, a release `liaison serve`, then every search (at most 2,000) through the JSON API once after a
# warm-up pass: the share whose registered record is among the ten results, per kind of search, and the times; and
# for the people left out of the register ("absent"), how often anyone is listed or called a possible match.
# Data sets as bench/matching/run.sh names them: febrl3, febrl4, fake1000, or a number N for generate.py's N records.
# Usage: bench/search_quality.sh [SET ...]   (default: febrl4 fake1000 100000)
# Env: LIAISON_BIN; POSTCODES (yes, the default: each search gives its record's postcode where it has one; no: names,
# date of birth and identifiers only, as searches were before the search took a postcode); MISSES_DIR (a folder: each set's missed searches are written there as misses-SET.jsonl, with
# the set's file as SET.csv, to read what the engine got wrong)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
SETS=("$@")
[ ${#SETS[@]} -gt 0 ] || SETS=(febrl4 fake1000 100000)
WORK="$(mktemp -d /tmp/liaison-search-quality.XXXXXX)"
trap 'stop_server; rm -rf "$WORK"' EXIT
describe_machine
for set in "${SETS[@]}"; do
  file="$WORK/$set.csv"
  case "$set" in
    febrl3 | febrl4 | fake1000) python3 "$ROOT/bench/matching/convert.py" "$set" "$file" ;;
    *) python3 "$ROOT/bench/matching/generate.py" "$file" --records "$set" --seed 42 ;;
  esac
  url="sqlite:$WORK/$set.sqlite"
  "$LIAISON_BIN" migrate --database-url "$url" >/dev/null
  "$LIAISON_BIN" demo --database-url "$url" --people 0 >/dev/null
  postcodes=()
  [ "${POSTCODES:-yes}" = no ] && postcodes=(--no-postcodes)
  python3 "$ROOT/bench/labelled_people.py" "$url" "$file" --queries "$WORK/queries-$set.jsonl" "${postcodes[@]}"
  "$LIAISON_BIN" match reindex --database-url "$url" | tail -n 1
  "$LIAISON_BIN" match train --database-url "$url" | tail -n 1
  token="$("$LIAISON_BIN" tokens issue --database-url "$url" --email practitioner@demo.liaison.test --name bench)"
  start_server "$url" "$WORK/server-$set.log"
  misses=()
  if [ -n "${MISSES_DIR:-}" ]; then
    mkdir -p "$MISSES_DIR" && cp "$file" "$MISSES_DIR/$set.csv"
    misses=(--misses "$MISSES_DIR/misses-$set.jsonl")
  fi
  python3 "$ROOT/bench/search_bench.py" "$BASE_URL" "$token" "$WORK/queries-$set.jsonl" --rounds 1 \
    --label "== $set (postcodes: ${POSTCODES:-yes}): registered record among the ten results ==" "${misses[@]}"
  stop_server
  rm -f "$WORK/$set.sqlite"*
done
