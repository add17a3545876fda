#!/usr/bin/env bash
# The first `make run`'s demo database: built beside its place (DATABASE.loading) and moved there once migrated and
# loaded, so that a first run interrupted part-way leaves no half-loaded database for the next run to take as
# loaded; the next run starts it again. Does nothing if DATABASE exists.
# Usage: scripts/first-demo.sh LIAISON-BINARY DATABASE-PATH [liaison demo options...]
set -euo pipefail
BIN="$1"
DATABASE="$2"
shift 2
[ ! -e "$DATABASE" ] || exit 0
mkdir -p "$(dirname "$DATABASE")"
# Without the database, a log or index beside its name belongs to no database (a run stopped between the two moves
# below, or a database deleted without them): SQLite would replay that log into the new one.
rm -f "$DATABASE-wal" "$DATABASE-shm" "$DATABASE.loading" "$DATABASE.loading-wal" "$DATABASE.loading-shm"
"$BIN" migrate --database-url "sqlite:$DATABASE.loading"
"$BIN" demo --database-url "sqlite:$DATABASE.loading" "$@"
# A write-ahead log left beside it (connections closed uncleanly) goes with it; the shared-memory index is rebuilt.
[ ! -e "$DATABASE.loading-wal" ] || mv "$DATABASE.loading-wal" "$DATABASE-wal"
rm -f "$DATABASE.loading-shm"
mv "$DATABASE.loading" "$DATABASE"
