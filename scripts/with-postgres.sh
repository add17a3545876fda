#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster on loopback, then stops and deletes it.
# The cluster lives in a temp dir, owned by the 'postgres' user (initdb refuses root), with fsync off for tests;
# benchmarks that compare with SQLite's synchronous=FULL set LIAISON_PG_FSYNC=on.
# Exports LIAISON_TEST_POSTGRES_URL for the command. Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

if ! command -v pg_config >/dev/null 2>&1 || [ ! -x "$(pg_config --bindir)/initdb" ]; then
  echo "Installing PostgreSQL (apt)…"
  "$(dirname "$0")/apt-install.sh" postgresql libpq-dev
fi
PGBIN="$(pg_config --bindir)"
PGPORT="${LIAISON_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
PGDATA="$(mktemp -d /tmp/liaison-pg.XXXXXX)"
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$PGDATA"
  as_postgres() { runuser -u postgres -- "$@"; }
else
  as_postgres() { "$@"; }
fi
stop() {
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap stop EXIT
as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust --no-sync >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=${LIAISON_PG_FSYNC:-off} -c max_connections=${LIAISON_PG_MAX_CONNECTIONS:-600}" start >/dev/null
export LIAISON_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
echo "PostgreSQL test cluster on 127.0.0.1:$PGPORT"
"$@"
