#!/usr/bin/env bash
# Matching benchmark: Liaison's engine against Splink (DuckDB) on the same files with ground truth.
# Each argument is a data set: a number N generates N records with generate.py (seed 42); febrl3, febrl4 and
# fake1000 are the public sets in ../shared/data/matching, written by others (convert.py only renames columns).
# Default: febrl3 febrl4 fake1000 10000 100000. For each: `liaison match evaluate` (trains on the file without
# its labels, scores every blocked pair), then Splink's recommended setup; a side-by-side table at the end.
# Usage: bench/matching/run.sh [SET ...]   Env: LIAISON_BIN (default .build/release/liaison), SPLINK_VENV
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
ensure_binary
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(febrl3 febrl4 fake1000 10000 100000)
VENV="${SPLINK_VENV:-$ROOT/.build-bench/splink-venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import splink, duckdb' 2>/dev/null; then
  echo "Installing Splink and DuckDB from PyPI into $VENV (benchmark only; never a Liaison dependency)…"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet splink duckdb
fi
WORK="$(mktemp -d /tmp/liaison-matching.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
describe_machine
results=()
for size in "${SIZES[@]}"; do
  file="$WORK/people-$size.csv"
  case "$size" in
    febrl3 | febrl4 | fake1000) python3 "$ROOT/bench/matching/convert.py" "$size" "$file" ;;
    *) python3 "$ROOT/bench/matching/generate.py" "$file" --records "$size" --seed 42 ;;
  esac
  echo "== $size: Liaison =="
  "$LIAISON_BIN" match evaluate --labelled "$file" --json "$WORK/liaison-$size.json"
  echo "== $size: Splink =="
  "$VENV/bin/python" "$ROOT/bench/matching/splink_run.py" "$file" --out "$WORK/splink-$size.json"
  results+=("$WORK/liaison-$size.json" "$WORK/splink-$size.json")
done
echo
python3 "$ROOT/bench/matching/compare.py" "${results[@]}"
