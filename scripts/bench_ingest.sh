#!/usr/bin/env bash
# Webhook ingest on SQLite and PostgreSQL (release build, loopback only): sustained inbound
# messages/s (signed webhooks posted as fast as possible until every one is processed), time
# to 200 at 1,000 webhooks/s, the raw diesel insert rate of the same rows, and peak RSS.
set -euo pipefail
BIN=${BIN:?path to the release winmessages binary}
LOAD=${LOAD:?path to the release ingest_bench example}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
COUNT=${BENCH_INGEST_COUNT:-30000}
CONCURRENCY=${BENCH_INGEST_CONCURRENCY:-64}
PACED_SECONDS=${BENCH_PACED_SECONDS:-10}
SECRET=bench-app-secret
PNID=100200300400

work=$(mktemp -d)
server=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null
  wait 2>/dev/null || true
  # new_database runs in a subshell: its databases are found by their prefix.
  for d in $(psql -Atq "$PG_URL" -c "SELECT datname FROM pg_database WHERE datname LIKE 'wm_bench_$$\\_%'" 2>/dev/null); do
    psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

new_database() { # $1 backend, $2 label → prints a DATABASE_URL for an empty database
  case "$1" in
    sqlite) mkdir -p "$work/$2"; echo "sqlite://$work/$2/bench.db" ;;
    postgres)
      local name="wm_bench_$$_$2"
      psql -q "$PG_URL" -c "CREATE DATABASE $name" >/dev/null
      python3 -c 'import sys, urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path="/"+sys.argv[2]).geturl())' "$PG_URL" "$name" ;;
  esac
}

run() { # $1 backend
  local backend=$1 url port t0 t1
  url=$(new_database "$backend" ingest)
  "$LOAD" setup "$url" "$PNID"
  port=$(free_port)
  DATABASE_URL="$url" WINMESSAGES_BIND="127.0.0.1:$port" WINMESSAGES_DATA_DIR="$work/data-$backend" \
    WINMESSAGES_STATIC_DIR="$work/none" WINMESSAGES_META_APP_SECRET="$SECRET" RUST_LOG=error \
    "$BIN" serve >"$work/server-$backend.log" 2>&1 &
  server=$!
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.05; done
  echo 0 >"$work/rss-$backend"
  ( peak=0; while kill -0 "$server" 2>/dev/null; do
      r=$(awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
      if [ "${r:-0}" -gt "$peak" ]; then peak=$r; echo "$peak" >"$work/rss-$backend"; fi
      sleep 0.2
    done ) &
  sampler=$!

  echo "== $backend: $COUNT signed webhooks (one text message each), $CONCURRENCY connections"
  t0=$(now)
  "$LOAD" flood "http://127.0.0.1:$port" "$SECRET" "$PNID" "$COUNT" "$CONCURRENCY"
  "$LOAD" drain "http://127.0.0.1:$port" "$COUNT" 600
  t1=$(now)
  sustained=$(python3 -c "print(round($COUNT / ($t1 - $t0)))")
  echo "$backend: sustained ingest (received, stored, processed): $sustained messages/s"

  echo "== $backend: time to 200 at 1000 webhooks/s for ${PACED_SECONDS} s"
  "$LOAD" paced "http://127.0.0.1:$port" "$SECRET" "$PNID" 1000 "$PACED_SECONDS"
  "$LOAD" drain "http://127.0.0.1:$port" $((COUNT + 1000 * PACED_SECONDS)) 600
  echo "$backend: peak RSS under load: $(( $(cat "$work/rss-$backend") / 1024 )) MB"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""

  echo "== $backend: raw diesel inserts of the same rows"
  url=$(new_database "$backend" raw)
  "$LOAD" setup "$url" "$PNID"
  raw=$("$LOAD" raw "$url" "$COUNT")
  echo "$raw"
  rate=$(echo "$raw" | sed -E 's/.*= ([0-9]+) messages.*/\1/')
  echo "$backend: ingest / raw insert ratio: $(python3 -c "print(round($sustained / $rate, 2))")"
}

run sqlite
if psql -q "$PG_URL" -c "SELECT 1" >/dev/null 2>&1; then
  run postgres
else
  echo "PostgreSQL at $PG_URL is unreachable: skipped"
fi
