#!/usr/bin/env bash
# API fuzzing with Schemathesis against the contract the server itself serves (/api/v1/openapi.yaml): every
# operation, once as a practitioner (West and North West trust) and once as the administrator of another organisation
# (the charity), with every check that applies (bench/fuzz/schemathesis.toml says which do not, and why), all four
# phases (examples, coverage, fuzzing, and the stateful phase, which chains operations through the spec's OpenAPI
# links and the links Schemathesis infers from the response schemas) and a fixed seed.
#
# Usage: bench/fuzz/fuzz.sh [--long] [--bin PATH] [--seed N] [--examples N]
#   default   the short pass for make test (about 8,000 cases, 1.5 minutes on 2 cores with a debug build)
#   --long    the long pass (about 17,000 cases, 5 minutes)
# Env: LIAISON_BIN (default .build/debug/liaison), FUZZ_SEED, FUZZ_VENV (default .build-bench/fuzz-venv).
# Schemathesis (pinned below) is installed into its own venv on first use, never as a project dependency.
# Reports (JUnit, NDJSON events, HAR, a pytest file reproducing each failure, the spec as served, the server's log)
# are left in .build-bench/fuzz-report/; bench/fuzz/statuses.py tables each operation's statuses from the HAR files.
# Exits non-zero if Schemathesis reports a failure or an error, or if the server dies.
set -euo pipefail

SCHEMATHESIS_VERSION="4.32.5"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LIAISON_BIN="${LIAISON_BIN:-$ROOT/.build/debug/liaison}"
SEED="${FUZZ_SEED:-20261203}"
MODE=short
EXAMPLES=""
while [ $# -gt 0 ]; do
  case "$1" in
    --long) MODE=long ;;
    --bin) LIAISON_BIN="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --examples) EXAMPLES="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# EXAMPLES: the most cases per operation in the fuzzing phase (the coverage phase adds its own boundary and negative
# cases on top, whatever this is). SCENARIOS and STEPS: the stateful phase's chains of linked calls.
if [ "$MODE" = long ]; then
  EXAMPLES="${EXAMPLES:-60}" SCENARIOS=400 STEPS=12
else
  EXAMPLES="${EXAMPLES:-6}" SCENARIOS=40 STEPS=8
fi
PEOPLE=200
VENV="${FUZZ_VENV:-$ROOT/.build-bench/fuzz-venv}"
REPORTS="$ROOT/.build-bench/fuzz-report"
# shellcheck source=../lib.sh
source "$ROOT/bench/lib.sh"

if [ ! -x "$LIAISON_BIN" ]; then
  echo "No liaison binary at $LIAISON_BIN (build it, or pass --bin / LIAISON_BIN)" >&2
  exit 2
fi

# Schemathesis, pinned, in a venv of its own (idempotent: reused when the pinned version is there).
if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  echo "Installing schemathesis $SCHEMATHESIS_VERSION into $VENV…"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
  PIP_NO_INPUT=1 "$VENV/bin/pip" install --disable-pip-version-check --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

WORK="$(mktemp -d /tmp/liaison-fuzz.XXXXXX)"
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only our own LIAISON_ variables: a developer's LIAISON_DATABASE_URL must never be the one fuzzed.
for name in $(compgen -e); do
  case "$name" in LIAISON_BIN) ;; LIAISON_*) unset "$name" ;; esac
done
DB="sqlite:$WORK/fuzz.sqlite"
"$LIAISON_BIN" migrate --database-url "$DB" >"$WORK/setup.log" 2>&1
"$LIAISON_BIN" demo --database-url "$DB" --people "$PEOPLE" >>"$WORK/setup.log" 2>&1 \
  || { cat "$WORK/setup.log" >&2; exit 1; }

# identity name, demo account
IDENTITIES=(
  "practitioner practitioner@demo.liaison.test"
  "administrator admin@demo.liaison.test"
)
declare -A TOKENS
PEERS=""
for entry in "${IDENTITIES[@]}"; do
  read -r who email <<<"$entry"
  TOKENS[$who]="$("$LIAISON_BIN" tokens issue --database-url "$DB" --email "$email" --name "schemathesis $who" \
    --days 1 2>>"$WORK/setup.log" | tail -n 1)"
  PEERS="${PEERS:+$PEERS, }\"$who\""
done

COMMON="$WORK/common.toml"
{
  cat "$HERE/schemathesis.toml"
  printf '\n# Added by fuzz.sh (%s pass)\n[phases.stateful]\nmax-steps = %d\n\n' "$MODE" "$STEPS"
  printf '[phases.stateful.generation]\nmax-examples = %d\n\n' "$SCENARIOS"
  # Per phase here, not --max-examples on the command line, which would cap the stateful scenarios as well.
  printf '[phases.fuzzing.generation]\nmax-examples = %d\n' "$EXAMPLES"
  python3 "$HERE/test_data.py" "$WORK/fuzz.sqlite" --seed "$SEED"
} >"$COMMON"
# Both identities' tokens in a Web Fuzzing Commons auth file; each run pins one and probes with the other.
args=()
for entry in "${IDENTITIES[@]}"; do
  read -r who _ <<<"$entry"
  args+=("$who" "${TOKENS[$who]}")
done
python3 - "$WORK/auth.json" "${args[@]}" <<'PY'
import json, sys
out, *pairs = sys.argv[1:]
json.dump({"auth": [{"name": who, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {token}"}]}
                    for who, token in zip(pairs[::2], pairs[1::2])]}, open(out, "w"))
PY

start_server "$DB" "$WORK/server.log"
SPEC="$BASE_URL/api/v1/openapi.yaml"
echo "== Schemathesis $SCHEMATHESIS_VERSION, $MODE pass: $SPEC, seed $SEED, $EXAMPLES examples an operation, $SCENARIOS stateful scenarios of up to $STEPS steps"

rm -rf "$REPORTS"
mkdir -p "$REPORTS"
STARTED=$SECONDS
FAILED=()
for entry in "${IDENTITIES[@]}"; do
  read -r who email <<<"$entry"
  echo "== as $email ($who)"
  status=0
  mkdir -p "$REPORTS/$who"
  CONFIG="$WORK/schemathesis-$who.toml"
  { cat "$COMMON"; printf '\n[auth.wfc]\npath = "%s"\nuser = "%s"\npeers = [%s]\n' \
      "$WORK/auth.json" "$who" "$PEERS"; } >"$CONFIG"
  (cd "$WORK" && "$VENV/bin/schemathesis" --config-file "$CONFIG" --no-color \
    run "$SPEC" --seed "$SEED" \
    --report junit,ndjson,pytest,har --report-dir "$REPORTS/$who") \
    | tee "$REPORTS/$who/output.txt" || status=$?
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "liaison serve died during the run as $who; its log:" >&2
    tail -n 50 "$WORK/server.log" >&2
    cp "$WORK/server.log" "$REPORTS/server.log"
    exit 1
  fi
  [ "$status" -eq 0 ] || FAILED+=("$who")
done
cp "$WORK/server.log" "$REPORTS/server.log"
SPEC_FILE="$REPORTS/openapi.yaml"
curl -fsS "$SPEC" -o "$SPEC_FILE"

echo "== Fuzzing done in $((SECONDS - STARTED)) s ($MODE pass, seed $SEED); reports in $REPORTS"
CASES=0
FAILURES=0
for entry in "${IDENTITIES[@]}"; do
  read -r who _ <<<"$entry"
  line="$(grep -A1 -E "^Test cases:" "$REPORTS/$who/output.txt" | tail -n 1 | xargs || true)"
  printf "%-14s %s\n" "$who" "$line"
  generated="$(sed -nE 's/^([0-9]+) generated.*/\1/p' <<<"$line")"
  failed="$(sed -nE 's/.* found ([0-9]+) unique failures?.*/\1/p' <<<"$line")"
  # Errors (a case Schemathesis could not run or check) count as failures too.
  errors="$(tail -n 1 "$REPORTS/$who/output.txt" | sed -nE 's/.* ([0-9]+) errors?[, ].*/\1/p')"
  CASES=$((CASES + ${generated:-0}))
  FAILURES=$((FAILURES + ${failed:-0} + ${errors:-0}))
done
python3 "$HERE/statuses.py" "$SPEC_FILE" "$REPORTS"/*/har-*.json | tail -n 1 || true
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "Schemathesis found failures as: ${FAILED[*]} (reproduce with the same --seed; see $REPORTS)" >&2
fi
# The plain closing line a CI log is read for: cases that passed (of all generated), unique failures.
echo "schemathesis: $((CASES - FAILURES)) passed, $FAILURES failed"
[ "${#FAILED[@]}" -eq 0 ]
