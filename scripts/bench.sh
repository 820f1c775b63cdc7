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

admin_email=bench@example.com
admin_password=orchid-lantern-7731-ops
start_server() { # $1 data dir, $2 port; sets $server
  WINMESSAGES_DATA_DIR="$1" WINMESSAGES_BIND="127.0.0.1:$2" WINMESSAGES_STATIC_DIR="$work/none" \
    WINMESSAGES_LOGIN_ATTEMPTS_PER_ACCOUNT=1000000 WINMESSAGES_LOGIN_ATTEMPTS_PER_IP=1000000 \
    RUST_LOG=error "$BIN" serve >"$work/server.log" 2>&1 &
  server=$!
}

echo "== start-up: process start to first 200 from /readyz, empty SQLite data dir (5 runs)"
times=()
for i in 1 2 3 4 5; do
  port=$(free_port)
  t0=$(now_ms)
  start_server "$work/startup-$i" "$port"
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.002
  done
  t1=$(now_ms)
  times+=($((t1 - t0)))
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "ready after (ms): $sorted(median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms)"

echo "== idle memory and /healthz throughput"
WINMESSAGES_DATA_DIR="$work/main" "$BIN" create-admin --email "$admin_email" --password "$admin_password" >/dev/null
port=$(free_port)
start_server "$work/main" "$port"
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.01
done
sleep 2
echo "idle RSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"
wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$port/healthz" | sed -n '1,20p'
echo "RSS after load: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status)"

echo "== login latency (argon2id, sequential, 40 logins)"
python3 - "http://127.0.0.1:$port" "$admin_email" "$admin_password" "$work/token" <<'PY'
import json, sys, time, urllib.request
base, email, password = sys.argv[1:4]
body = json.dumps({"email": email, "password": password, "token_delivery": "body"}).encode()
times = []
for _ in range(40):
    req = urllib.request.Request(base + "/api/v1/auth/login", data=body, headers={"content-type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        token = json.load(r)["access_token"]
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(f"login p50 {times[len(times)//2]:.1f} ms, p90 {times[int(len(times)*0.9)]:.1f} ms, min {times[0]:.1f} ms")
with open(sys.argv[4], "w") as f:
    f.write(token)
PY
token=$(cat "$work/token")
echo "== authenticated GET /api/v1/me (JWT check) vs /healthz above"
wrk -t2 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" | sed -n '1,20p'
echo "RSS after logins and load: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$server/status) (argon2 buffers stay in the allocator's arena)"
echo "== JWT verification alone (in-process, one core)"
"$(dirname "$BIN")/examples/jwt_verify" 2>/dev/null || echo "(build the example with: cargo build --release -p winmessages --example jwt_verify)"
