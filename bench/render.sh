#!/usr/bin/env bash
# Rendering candidates for the work list's rows (ADR 0008): `liaison render-bench` renders one page of ROWS rows
# with a STAFF-practitioner allocation list from a fixture, in process, by each candidate (Mustache over reflected
# structs, as every page did; HTMLBuilder, typed and compiled, as shipped), and prints the median time per page of
# rows over 7 batches and the bytes written (the same for both: a test holds them equal).
# Usage: bench/render.sh   Env: LIAISON_BIN, ROWS (default 50), STAFF (default 12), ITERATIONS (default 700)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_binary
describe_machine
cpu_probe
echo "| candidate | per page of ${ROWS:-50} rows (median) | bytes |"
echo "| --- | ---: | ---: |"
"$LIAISON_BIN" render-bench --rows "${ROWS:-50}" --staff "${STAFF:-12}" --iterations "${ITERATIONS:-700}"
