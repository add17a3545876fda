#!/usr/bin/env bash
# Runs a command with a real OpenID Connect provider on loopback, then stops it: oidc-provider-mock (PyPI, MIT,
# built on Authlib), which signs RS256 ID tokens with its own key, serves discovery and JWKS, and requires a nonce.
# Its users' claims can be set over HTTP (PUT /users/<sub>), which the browser tests use to make it issue tokens for
# another audience or already expired. Exports LIAISON_TEST_OIDC_ISSUER. Usage: scripts/with-oidc-provider.sh CMD...
set -euo pipefail

VERSION="0.3.4"
if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('oidc-provider-mock') != '$VERSION')" \
  >/dev/null 2>&1; then
  echo "Installing oidc-provider-mock $VERSION (pip)…"
  python3 -m pip install -q "oidc-provider-mock==$VERSION" httpx \
    || python3 -m pip install -q --break-system-packages "oidc-provider-mock==$VERSION" httpx
fi

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
ISSUER="http://127.0.0.1:$PORT"
LOG="$(mktemp /tmp/liaison-oidc.XXXXXX.log)"
python3 -m oidc_provider_mock --host 127.0.0.1 --port "$PORT" --require-nonce >"$LOG" 2>&1 &
PID=$!
stop() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -f "$LOG"
}
trap stop EXIT

deadline=$((SECONDS + 30))
until curl -fsS --max-time 2 "$ISSUER/.well-known/openid-configuration" >/dev/null 2>&1; do
  if ! kill -0 "$PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "The OpenID Connect provider did not start at $ISSUER; log:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.3
done
export LIAISON_TEST_OIDC_ISSUER="$ISSUER"
echo "OpenID Connect provider at $ISSUER"
"$@"
