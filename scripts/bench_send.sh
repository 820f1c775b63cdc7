#!/usr/bin/env bash
# Outbound send benchmark on SQLite and PostgreSQL (release build, loopback only): replies
# POSTed through the API until the simulator (the Graph API) accepted every one, and the time
# from POST to Graph API call when idle.
set -euo pipefail
BIN=${BIN:?path to the release winmessages binary}
LOAD=${LOAD:?path to the release send_bench example}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
COUNT=${BENCH_SEND_COUNT:-5000}
CONCURRENCY=${BENCH_SEND_CONCURRENCY:-32}

work=$(mktemp -d)
db=""
cleanup() {
  [ -n "$db" ] && psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== sqlite: $COUNT replies, $CONCURRENCY at once"
mkdir -p "$work/sqlite"
"$LOAD" "sqlite://$work/sqlite/bench.db" "$BIN" "$work/sqlite" "$COUNT" "$CONCURRENCY"

if psql -q "$PG_URL" -c "SELECT 1" >/dev/null 2>&1; then
  db="wm_bench_send_$$"
  psql -q "$PG_URL" -c "CREATE DATABASE $db" >/dev/null
  url=$(python3 -c 'import sys, urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path="/"+sys.argv[2]).geturl())' "$PG_URL" "$db")
  echo "== postgres: $COUNT replies, $CONCURRENCY at once"
  mkdir -p "$work/postgres"
  "$LOAD" "$url" "$BIN" "$work/postgres" "$COUNT" "$CONCURRENCY"
else
  echo "PostgreSQL at $PG_URL is unreachable: skipped"
fi
