#!/usr/bin/env bash
# Runs the browser tests (browser-tests/, pytest + Selenium + headless Chromium + axe) against a real
# `liaison serve` with a fresh SQLite database holding the demo data.
#
# Installs what it needs if missing: apt chromium + chromium-driver, pip pytest + selenium + axe-selenium-python +
# axe-core-python (only for its newer axe-core script, axe 4.4 instead of 3.1).
# Env: LIAISON_BIN (default .build/debug/liaison; it is not built here), extra pytest arguments as "$@".
# On failure the server log goes to browser-tests/artifacts/server.log (screenshots of failed tests go there too).
# Exit code: pytest's.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
ARTIFACTS="$ROOT/browser-tests/artifacts"
LIAISON_BIN="${LIAISON_BIN:-.build/debug/liaison}"
case "$LIAISON_BIN" in /*) ;; *) LIAISON_BIN="$ROOT/$LIAISON_BIN" ;; esac

# --- Tools -------------------------------------------------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "Installing chromium and chromium-driver (apt)…"
  scripts/apt-install.sh chromium chromium-driver
fi
if ! python3 -c 'import pytest, selenium, axe_selenium_python, axe_core_python' >/dev/null 2>&1; then
  echo "Installing pytest, selenium, axe-selenium-python and axe-core-python (pip)…"
  python3 -m pip install -q pytest selenium axe-selenium-python axe-core-python \
    || python3 -m pip install -q --break-system-packages pytest selenium axe-selenium-python axe-core-python
fi

# --- The binary (another build may be replacing it: wait a little) -----------------------------------------------
for _ in $(seq 1 60); do
  [ -x "$LIAISON_BIN" ] && break
  sleep 2
done
if [ ! -x "$LIAISON_BIN" ]; then
  echo "No liaison binary at $LIAISON_BIN (build it first, or set LIAISON_BIN)" >&2
  exit 2
fi

# --- A fresh database and server ---------------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/liaison-browser.XXXXXX)"
SERVER_LOG="$WORK/server.log"
SERVER_PID=""
RC=1
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$RC" != "0" ] && [ -f "$SERVER_LOG" ]; then
    mkdir -p "$ARTIFACTS"
    cp "$SERVER_LOG" "$ARTIFACTS/server.log"
    echo "Server log saved to browser-tests/artifacts/server.log"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export LIAISON_DATABASE_URL="$WORK/liaison.sqlite"
"$LIAISON_BIN" migrate >>"$SERVER_LOG" 2>&1
"$LIAISON_BIN" demo --people 200 >>"$SERVER_LOG" 2>&1

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BASE_URL="http://127.0.0.1:$PORT"
"$LIAISON_BIN" serve --insecure-cookies --host 127.0.0.1 --port "$PORT" >>"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + 60))
until [[ "$(curl -fsS --max-time 2 "$BASE_URL/health" 2>/dev/null || true)" == *'"status":"ok"'* ]]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "liaison serve exited before it was healthy; log:" >&2
    tail -n 50 "$SERVER_LOG" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "liaison serve was not healthy at $BASE_URL/health within 60 s; log:" >&2
    tail -n 50 "$SERVER_LOG" >&2
    exit 1
  fi
  sleep 0.5
done
echo "liaison serving at $BASE_URL (database $LIAISON_DATABASE_URL)"

# --- Tests -------------------------------------------------------------------------------------------------------
export LIAISON_BASE_URL="$BASE_URL"
set +e
python3 -m pytest browser-tests -q "$@"
RC=$?
set -e
exit "$RC"
