#!/usr/bin/env bash
# Matching benchmark: Liaison's engine against Splink (DuckDB) on the same synthetic files with ground truth.
# For each size (default 10000 100000): generate the file (seed 42), `liaison match evaluate` (trains on the file
# without its labels, scores every blocked pair), then Splink's recommended setup; a side-by-side table at the end.
# Usage: bench/matching/run.sh [N ...]   Env: LIAISON_BIN (default .build/release/liaison), SPLINK_VENV
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
ensure_binary
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
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
  python3 "$ROOT/bench/matching/generate.py" "$file" --records "$size" --seed 42
  echo "== $size records: Liaison =="
  "$LIAISON_BIN" match evaluate --labelled "$file" --json "$WORK/liaison-$size.json"
  echo "== $size records: Splink =="
  "$VENV/bin/python" "$ROOT/bench/matching/splink_run.py" "$file" --out "$WORK/splink-$size.json"
  results+=("$WORK/liaison-$size.json" "$WORK/splink-$size.json")
done
echo
python3 "$ROOT/bench/matching/compare.py" "${results[@]}"
