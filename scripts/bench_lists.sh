#!/usr/bin/env bash
# Inbox list latency at scale: for each backend and data set, seeds a fresh database with
# `winmessages seed`, starts the release server on it and measures p50/p99 of the first page
# of `GET /api/v1/conversations?limit=50` and of `GET /api/v1/conversations/{id}/messages?limit=50`
# (the busiest conversation) with an API key. Targets: p99 < 10 ms at 100k conversations /
# 1M messages, and within 2x of the 10k / 100k figures.
#
#   BIN                 release binary (required)
#   BENCH_DURATION      seconds per measurement (default 10)
#   BENCH_CONNECTIONS   concurrency levels to measure at (default "1 8": one client alone,
#                       then eight at once on these 2 cores)
#   BENCH_LIST_SIZES    "conversations:messages ..." (default "10000:100000 100000:1000000")
#   BENCH_BACKENDS      "sqlite postgres" (default both; postgres is skipped when unreachable)
#   BENCH_DATABASE_URL  PostgreSQL server to create the bench databases on
#                       (default postgres://postgres@127.0.0.1:5432/postgres)
set -euo pipefail
BIN=${BIN:?path to the release winmessages binary}
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-"1 8"}
SIZES=${BENCH_LIST_SIZES:-"10000:100000 100000:1000000"}
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
PG_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -q wrk >/dev/null; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
server=""
pg_db=""
drop_pg() {
  if [ -n "$pg_db" ]; then
    psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  pg_db=""
}
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
cleanup() { stop_server || true; drop_pg || true; rm -rf "$work"; }
trap cleanup EXIT

# p50 and p99 in ms from wrk --latency output, plus requests/s.
wrk_figures() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "p50 %.2f ms  p99 %.2f ms  %.0f req/s%s", p50, p99, rps, (bad ? "  NON-2XX: " bad : "") }'
}

measure() { # $1 label, $2 url, $3 api key; appends one result line per concurrency level
  curl -fsS -o /dev/null -H "Authorization: Bearer $3" "$2" || { echo "$1: request failed"; return 1; }
  wrk -t2 -c4 -d2s -H "Authorization: Bearer $3" "$2" >/dev/null # warm-up
  local out c figures
  for c in $CONNECTIONS; do
    out=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${DURATION}s" --latency -H "Authorization: Bearer $3" "$2")
    figures=$(echo "$out" | wrk_figures)
    printf '  %-34s c=%-3s %s\n' "$1" "$c" "$figures"
    results+=("$backend $conversations $1 c=$c $figures")
  done
}

results=()
for backend in $BACKENDS; do
  if [ "$backend" = postgres ]; then
    if ! command -v psql >/dev/null || ! psql -q "$PG_URL" -c "SELECT 1" >/dev/null 2>&1; then
      echo "== postgres: $PG_URL unreachable (or no psql), skipped"
      continue
    fi
  fi
  for size in $SIZES; do
    conversations=${size%%:*}
    messages=${size##*:}
    dir="$work/$backend-$conversations"
    mkdir -p "$dir"
    if [ "$backend" = postgres ]; then
      pg_db="wm_bench_${conversations}_$$"
      psql -q "$PG_URL" -c "CREATE DATABASE $pg_db" >/dev/null
      url=$(python3 -c 'import sys, urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path="/"+sys.argv[2]).geturl())' "$PG_URL" "$pg_db")
    else
      url="sqlite://$dir/winmessages.db"
    fi
    echo "== $backend: $conversations conversations, $messages messages"
    seed_out=$(DATABASE_URL="$url" WINMESSAGES_DATA_DIR="$dir" RUST_LOG=error "$BIN" seed \
      --conversations "$conversations" --messages "$messages" --organization-name "Bench $conversations")
    echo "$seed_out" | sed -n '2,4p'
    key=$(echo "$seed_out" | awk '/api key:/ {print $3}')
    busiest=$(echo "$seed_out" | awk '/busiest conversation:/ {print $3}')
    port=$(free_port)
    DATABASE_URL="$url" WINMESSAGES_DATA_DIR="$dir" WINMESSAGES_BIND="127.0.0.1:$port" \
      WINMESSAGES_STATIC_DIR="$work/none" RUST_LOG=error "$BIN" serve >"$dir/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.05; done
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$dir/server.log"; exit 1; }
    base="http://127.0.0.1:$port/api/v1"
    measure "conversations" "$base/conversations?limit=50" "$key"
    measure "messages" "$base/conversations/$busiest/messages?limit=50" "$key"
    measure "conversations:open,unread" "$base/conversations?limit=50&status=open&unread=true" "$key"
    echo "  server RSS: $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$server/status")"
    stop_server
    drop_pg
  done
done

echo "== summary (wrk --latency, ${DURATION}s per line; target: p99 < 10 ms, largest set within 2x of smallest)"
# Fields: backend size endpoint c=N p50 X ms p99 Y ms Z req/s
printf '%s\n' "${results[@]}" | awk '
  { key = $1 " " $3 " " $4; line[NR] = $0; size[NR] = $2 + 0; p99[NR] = $9
    if (!(key in small) || $2 + 0 < smallsize[key]) { small[key] = $9; smallsize[key] = $2 + 0 } }
  END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); k = f[1] " " f[3] " " f[4]
          printf "%-9s %7s %-26s %-5s %s  (p99 x%.2f of %s)\n", f[1], f[2], f[3], f[4],
            substr(line[i], index(line[i], "p50")), p99[i] / small[k], smallsize[k] } }'
