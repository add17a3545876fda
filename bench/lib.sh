# Shared by the bench scripts: a release binary, a free port, a server that is healthy before we go on.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIAISON_BIN="${LIAISON_BIN:-$ROOT/.build/release/liaison}"

ensure_binary() {
  if [ ! -x "$LIAISON_BIN" ]; then
    echo "Building the release binary (swift build -c release)…"
    (cd "$ROOT" && swift build -c release --product liaison)
  fi
}

# wrk from apt, installed once.
ensure_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk (apt)…"
    "$ROOT/scripts/apt-install.sh" wrk
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_server DATABASE_URL LOG → sets SERVER_PID and BASE_URL
# Plain http on loopback: cookies without the Secure flag, so a scripted sign-in keeps its session.
start_server() {
  local port
  port="$(free_port)"
  BASE_URL="http://127.0.0.1:$port"
  LIAISON_LOG_LEVEL=warning LIAISON_INSECURE_COOKIES=1 "$LIAISON_BIN" serve --database-url "$1" --host 127.0.0.1 --port "$port" >>"$2" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + 60))
  until [[ "$(curl -fsS --max-time 2 "$BASE_URL/health" 2>/dev/null || true)" == *'"status":"ok"'* ]]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "liaison serve did not become healthy; log:" >&2
      tail -n 30 "$2" >&2
      exit 1
    fi
    sleep 0.5
  done
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

# A fixed piece of CPU work, timed: this VM's speed varies over time (a neighbour's load), and a run whose probe is
# well above the usual figure (33–43 ms here, 2026-12-02) measured a slower machine, not slower code.
cpu_probe() {
  python3 - <<'PY'
import statistics, time
def once():
    started = time.perf_counter()
    sum(i * i for i in range(1_000_000))
    return (time.perf_counter() - started) * 1000
print(f"CPU probe: {statistics.median(once() for _ in range(7)):.0f} ms (median of 7 fixed loops)")
PY
}

describe_machine() {
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr)"
}

# record_wrk KEY NAME ROUND RESULTS WRK-OUTPUT: appends "KEY NAME req/s p99 non-2xx" (tab-separated) to RESULTS and
# prints the round's line (with the median latency, where wrk ran with --latency). KEY groups rows in the summary (the round, or the setting under test).
record_wrk() {
  local rps p50 p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$5")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$5")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$5")"
  errors="$(awk '/Non-2xx/ {print $NF}' <<<"$5")"
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$rps" "$p99" "${errors:-0}" >>"$4"
  printf 'round %s  %-9s %10s req/s  p50 %8s  p99 %8s  non-2xx %s\n' "$3" "$2" "$rps" "${p50:-?}" "$p99" "${errors:-0}"
}

# load_demo PEOPLE → migrates the database at $URL and loads the demo with PEOPLE people (its last line printed).
load_demo() {
  "$LIAISON_BIN" migrate --database-url "$URL" >/dev/null
  "$LIAISON_BIN" demo --database-url "$URL" --people "$1" | tail -n 1
}

# choose_engine NAME → ENGINE (sqlite, the default, or postgres from $ENGINE), URL and query SQL (rows as lines,
# columns joined by "|"; statements committed, so DDL works): a SQLite file NAME.sqlite under $WORK, or the cluster
# of scripts/with-postgres.sh.
choose_engine() {
  ENGINE="${ENGINE:-sqlite}"
  if [ "$ENGINE" = postgres ]; then
    URL="${LIAISON_TEST_POSTGRES_URL:?run under scripts/with-postgres.sh}"
    query() { psql "$URL" -Atqc "$1"; }
  else
    DB="$WORK/$1.sqlite"
    URL="sqlite:$DB"
    query() {
      python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=60)
rows = c.execute(sys.argv[2]).fetchall()
c.commit()
print("\n".join("|".join(map(str, r)) for r in rows))' "$DB" "$1"
    }
  fi
  echo "Engine: $ENGINE"
}
