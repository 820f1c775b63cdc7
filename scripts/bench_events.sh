#!/usr/bin/env bash
# Live inbox events (release build, loopback only):
#  1. latency across replicas: two servers on one PostgreSQL database; a webhook accepted by
#     A → the message.created frame read on B's stream (p50, p99);
#  2. 1,000 open streams on one server: extra RSS, and ingest throughput with them open
#     compared with none (streams spread over 100 organizations: 10 of them in the flooded
#     one, each receiving every event of the flood), as medians of alternating runs; the
#     server's CPU time per run shows the streams' cost apart from the load generator's.
set -euo pipefail
# A failing step inside $(…) (a setup, a server that does not start) ends the bench.
shopt -s inherit_errexit
BIN=${BIN:?path to the release winmessages binary}
EVENTS=${EVENTS:?path to the release events_bench example}
LOAD=${LOAD:?path to the release ingest_bench example}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
LATENCY_COUNT=${BENCH_EVENTS_LATENCY_COUNT:-500}
STREAMS=${BENCH_EVENTS_STREAMS:-1000}
COUNT=${BENCH_INGEST_COUNT:-20000}
CONCURRENCY=${BENCH_INGEST_CONCURRENCY:-64}
BACKENDS=${BENCH_EVENTS_BACKENDS:-sqlite postgres}
# Organizations the streams are spread over (the flooded one is the first).
ORGS=${BENCH_EVENTS_ORGS:-100}
SKIP_LATENCY=${BENCH_EVENTS_SKIP_LATENCY:-false}
# Ingest runs of each kind (their medians are compared): one run's figure varies by several
# per cent on a shared machine.
ROUNDS=${BENCH_EVENTS_ROUNDS:-5}
# false: no stream in the flooded organization (only the cost of the open streams).
WATCH_FLOODED=${BENCH_EVENTS_WATCH_FLOODED:-true}
# Scheduling priority of the stream holder. It stands for the agents' browsers, which run on
# other machines: at the lowest priority (19) its reading of ~400 MB per flood takes CPU the
# server leaves idle instead of an equal share of the two cores, so the figure measures what
# the server itself spends. The holder still has to keep up: a stream that falls behind is
# dropped by the server, and the run then reports that the flooded organization's streams
# did not receive every message. 0 runs it like the load generator.
HOLDER_NICE=${BENCH_EVENTS_HOLDER_NICE:-19}
SECRET=bench-app-secret
PNID=100200300400

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # new_database runs in a subshell: its databases are found by their prefix.
  for d in $(psql -Atq "$PG_URL" -c "SELECT datname FROM pg_database WHERE datname LIKE 'wm_bench_events_$$\\_%'" 2>/dev/null); do
    psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
# CPU seconds (user + system) a process has used so far.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }

new_database() { # $1 backend, $2 label → prints a DATABASE_URL for an empty database
  case "$1" in
    sqlite) mkdir -p "$work/$2"; echo "sqlite://$work/$2/bench.db" ;;
    postgres)
      local name="wm_bench_events_$$_$2"
      psql -q "$PG_URL" -c "CREATE DATABASE $name" >/dev/null
      python3 -c 'import sys, urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path="/"+sys.argv[2]).geturl())' "$PG_URL" "$name" ;;
  esac
}

serve() { # $1 DATABASE_URL, $2 name → sets $port and $server
  port=$(free_port)
  DATABASE_URL="$1" WINMESSAGES_BIND="127.0.0.1:$port" WINMESSAGES_DATA_DIR="$work/data-$2" \
    WINMESSAGES_STATIC_DIR="$work/none" WINMESSAGES_META_APP_SECRET="$SECRET" RUST_LOG=error \
    "$BIN" serve >"$work/server-$2.log" 2>&1 &
  server=$!
  pids+=("$server")
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.05; done
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

latency() {
  echo "== postgres: latency across two replicas ($LATENCY_COUNT webhooks, one every ~10 ms)"
  local url a b
  url=$(new_database postgres latency)
  "$LOAD" setup "$url" "$PNID"
  "$EVENTS" keys "$url" 1 >"$work/latency-keys"
  serve "$url" a; a=$server; local port_a=$port
  serve "$url" b; b=$server; local port_b=$port
  "$EVENTS" latency "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b" "$SECRET" "$PNID" \
    "$(head -1 "$work/latency-keys")" "$LATENCY_COUNT"
  stop "$a"; stop "$b"
}

ingest() { # $1 backend, $2 streams (0 or more), $3 round → prints messages/s
  local backend=$1 streams=$2 url t0 t1 holder=""
  # Every run starts from an empty database of its own.
  local run="ingest_${streams}_r$3"
  url=$(new_database "$backend" "$run")
  "$LOAD" setup "$url" "$PNID"
  "$EVENTS" keys "$url" "$ORGS" >"$work/keys-$backend-$run"
  if ! $WATCH_FLOODED; then sed -i 1d "$work/keys-$backend-$run"; fi
  serve "$url" "$backend-$run"
  local before
  before=$(rss_mb "$server")
  if [ "$streams" -gt 0 ]; then
    rm -f "$work/ready" "$work/stop" "$work/caught-up"
    # Every stream of the flooded organization receives every message.
    local expect=0
    if $WATCH_FLOODED; then expect=$((COUNT * ((streams + ORGS - 1) / ORGS))); fi
    nice -n "$HOLDER_NICE" "$EVENTS" hold "http://127.0.0.1:$port" "$work/keys-$backend-$run" "$streams" \
      "$work/ready" "$work/stop" "$expect" "$work/caught-up" >"$work/hold.out" &
    holder=$!
    pids+=("$holder")
    until [ -f "$work/ready" ]; do sleep 0.1; done
    sleep 1
    echo "$backend: server RSS $before MB idle, $(rss_mb "$server") MB with $streams open streams" >&2
  fi
  local cpu0 hcpu0=0
  cpu0=$(cpu_s "$server")
  [ -n "$holder" ] && hcpu0=$(cpu_s "$holder")
  t0=$(now)
  "$LOAD" flood "http://127.0.0.1:$port" "$SECRET" "$PNID" "$COUNT" "$CONCURRENCY" >/dev/null
  "$LOAD" drain "http://127.0.0.1:$port" "$COUNT" 600 >/dev/null
  t1=$(now)
  local cpu1
  cpu1=$(cpu_s "$server")
  echo "$backend, $streams streams: server used $(python3 -c "print(round($cpu1 - $cpu0, 2))") CPU s for $COUNT webhooks$([ -n "$holder" ] && echo ", the stream holder $(python3 -c "print(round($(cpu_s "$holder") - $hcpu0, 2))") CPU s")" >&2
  if [ -n "$holder" ] && $WATCH_FLOODED; then
    local waited=0
    until [ -f "$work/caught-up" ] || [ $waited -ge 600 ]; do sleep 0.1; waited=$((waited + 1)); done
    if [ -f "$work/caught-up" ]; then
      echo "$backend: the flooded organization's streams had every message $(python3 -c "print(max(0, round(1000 * ($(cat "$work/caught-up") - $t1))))") ms after the last webhook was stored" >&2
    else
      echo "$backend: the flooded organization's streams did not receive every message within 60 s" >&2
    fi
  fi
  if [ -n "$holder" ]; then
    sleep 1
    echo "$backend: server RSS $(rss_mb "$server") MB after the flood with $streams streams" >&2
    touch "$work/stop"; wait "$holder" || true
    echo "$backend: $(cat "$work/hold.out")" >&2
  fi
  stop "$server"
  # The fan-out's rendering cost per event, measured alone on the flooded database.
  if [ "$streams" -gt 0 ]; then echo "$backend: $("$EVENTS" render "$url" 256)" >&2; fi
  python3 -c "print(round($COUNT / ($t1 - $t0)))"
}

pg_up=false
psql -q "$PG_URL" -c "SELECT 1" >/dev/null 2>&1 && pg_up=true
if $SKIP_LATENCY; then :; elif $pg_up; then latency; else echo "PostgreSQL at $PG_URL is unreachable: latency skipped"; fi
median() { python3 -c 'import statistics, sys; print(round(statistics.median(map(float, sys.argv[1:]))))' "$@"; }
for backend in $BACKENDS; do
  if [ "$backend" = postgres ] && ! $pg_up; then continue; fi
  echo "== $backend: ingest of $COUNT webhooks without streams and with $STREAMS open streams, $ROUNDS rounds"
  bases=() withs=()
  for round in $(seq "$ROUNDS"); do
    # Alternate which run goes first, so that a drift of the machine's speed cancels out.
    if [ $((round % 2)) -eq 1 ]; then
      base=$(ingest "$backend" 0 "$round"); with=$(ingest "$backend" "$STREAMS" "$round")
    else
      with=$(ingest "$backend" "$STREAMS" "$round"); base=$(ingest "$backend" 0 "$round")
    fi
    echo "$backend round $round: $base messages/s without streams, $with with $STREAMS streams ($(python3 -c "print(round(100 * ($with - $base) / $base, 1))") %)"
    bases+=("$base"); withs+=("$with")
  done
  base=$(median "${bases[@]}"); with=$(median "${withs[@]}")
  echo "$backend: ingest median $base messages/s without streams, $with messages/s with $STREAMS streams ($(python3 -c "print(round(100 * ($with - $base) / $base, 1))") %)"
done
