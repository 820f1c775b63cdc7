#!/usr/bin/env bash
# Start-up time, idle memory and /healthz throughput of the release binary (loopback only).
set -euo pipefail
BIN=${BIN:?path to the release winmessages binary}
DURATION=${BENCH_DURATION:-10}

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -q wrk >/dev/null; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_server() { # $1 data dir, $2 port; sets $server
  WINMESSAGES_DATA_DIR="$1" WINMESSAGES_BIND="127.0.0.1:$2" WINMESSAGES_STATIC_DIR="$work/none" \
    RUST_LOG=error "$BIN" serve >"$work/server.log" 2>&1 &
  server=$!
}

echo "== start-up: process start to first 200 from /readyz, empty SQLite data dir (5 runs)"
times=()
for i in 1 2 3 4 5; do
  port=$(free_port)
  t0=$(now_ms)
  start_server "$work/startup-$i" "$port"
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.002; done
  t1=$(now_ms)
  times+=($((t1 - t0)))
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "ready after (ms): $sorted(median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms)"

echo "== idle memory and /healthz throughput"
port=$(free_port)
start_server "$work/main" "$port"
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.01; done
sleep 2
echo "idle RSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"
wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$port/healthz" | sed -n '1,20p'
echo "RSS after load: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"
