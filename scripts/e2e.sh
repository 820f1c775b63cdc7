#!/usr/bin/env bash
# End-to-end tests of the SPA in real headless Chromium: builds the SPA, starts the Cloud API
# simulator and the server on free loopback ports with a temporary data dir, runs
# frontend/e2e/*.e2e.mjs (node:test + playwright-core), and always stops what it started.
#
#   BIN=target/debug/winmessages SIM_BIN=target/debug/wa-simulator scripts/e2e.sh
#
# CHROMIUM_PATH overrides /usr/bin/chromium; E2E_ARTIFACTS (default frontend/e2e-artifacts)
# receives screenshots and, on failure, the server and simulator logs. A second server runs on
# a database seeded with E2E_SCROLL_CONVERSATIONS conversations (default 10000; 0 skips it)
# for the scrolling measurement of frontend/e2e/scroll.e2e.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:?path to the winmessages binary}
SIM_BIN=${SIM_BIN:?path to the wa-simulator binary}
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$PWD/frontend/e2e-artifacts}
for exe in "$BIN" "$SIM_BIN" "$CHROMIUM_PATH"; do
  [ -x "$exe" ] || { echo "e2e: $exe is missing or not executable" >&2; exit 1; }
done

echo "== building the SPA"
(cd frontend && npm run build >/dev/null)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
server_port=$(free_port)
sim_port=$(free_port)
export E2E_SERVER="http://127.0.0.1:$server_port"
export E2E_SIM="http://127.0.0.1:$sim_port"
export E2E_APP_SECRET=e2e-app-secret
export E2E_ACCESS_TOKEN=e2e-access-token
export E2E_PNID=106540352242922
export E2E_WABA=419561257915477
export E2E_STAFF_EMAIL=staff@e2e.example
export E2E_STAFF_PASSWORD=violet-harbor-lantern-42
scroll_conversations=${E2E_SCROLL_CONVERSATIONS:-10000}

"$SIM_BIN" --bind "127.0.0.1:$sim_port" --app-secret "$E2E_APP_SECRET" \
  --webhook-url "$E2E_SERVER/webhooks/whatsapp" --access-token "$E2E_ACCESS_TOKEN" \
  --phone-number-id "$E2E_PNID" --waba-id "$E2E_WABA" \
  --sent-delay-ms 200 --delivered-delay-ms 500 --read-delay-ms 1000 >"$work/simulator.log" 2>&1 &
pids+=($!)
WINMESSAGES_DATA_DIR="$work/data" WINMESSAGES_BIND="127.0.0.1:$server_port" \
  WINMESSAGES_STATIC_DIR="$PWD/frontend/dist" \
  WINMESSAGES_META_APP_SECRET="$E2E_APP_SECRET" WINMESSAGES_META_VERIFY_TOKEN=e2e-verify \
  WINMESSAGES_GRAPH_API_BASE="$E2E_SIM" \
  WINMESSAGES_ADMIN_EMAIL="$E2E_STAFF_EMAIL" WINMESSAGES_ADMIN_PASSWORD="$E2E_STAFF_PASSWORD" \
  WINMESSAGES_OUTBOX_RETRY_BASE_MS=200 RUST_LOG=${RUST_LOG:-warn} \
  "$BIN" serve >"$work/server.log" 2>&1 &
pids+=($!)

# The big inbox: its own seeded database and server, for the scrolling measurement.
if [ "$scroll_conversations" -gt 0 ]; then
  big_port=$(free_port)
  big_env=(WINMESSAGES_DATA_DIR="$work/big-data" WINMESSAGES_BIND="127.0.0.1:$big_port"
    WINMESSAGES_STATIC_DIR="$PWD/frontend/dist" WINMESSAGES_META_APP_SECRET="$E2E_APP_SECRET"
    WINMESSAGES_META_VERIFY_TOKEN=e2e-verify WINMESSAGES_GRAPH_API_BASE="$E2E_SIM" RUST_LOG=${RUST_LOG:-warn})
  echo "== seeding $scroll_conversations conversations for the scrolling measurement"
  env "${big_env[@]}" "$BIN" seed --conversations "$scroll_conversations" \
    --messages $((scroll_conversations * 2)) >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; exit 1; }
  login_line=$(grep -E '^ +admin: ' "$work/seed.log")
  export E2E_BIG_EMAIL=$(echo "$login_line" | awk '{print $2}')
  export E2E_BIG_PASSWORD=$(echo "$login_line" | awk '{print $4}')
  export E2E_BIG_SERVER="http://127.0.0.1:$big_port"
  export E2E_BIG_CONVERSATIONS=$scroll_conversations
  env "${big_env[@]}" "$BIN" serve >"$work/big-server.log" 2>&1 &
  pids+=($!)
fi

for _ in $(seq 1 300); do
  curl -fsS "$E2E_SERVER/readyz" >/dev/null 2>&1 && curl -fsS "$E2E_SIM/_sim/phone-numbers" >/dev/null 2>&1 && break
  sleep 0.1
done
if ! curl -fsS "$E2E_SERVER/readyz" >/dev/null; then
  echo "e2e: the server did not become ready" >&2
  tail -n 30 "$work/server.log" "$work/simulator.log" >&2
  exit 1
fi
if [ -n "${E2E_BIG_SERVER:-}" ]; then
  for _ in $(seq 1 300); do curl -fsS "$E2E_BIG_SERVER/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "$E2E_BIG_SERVER/readyz" >/dev/null || { echo "e2e: the seeded server did not become ready" >&2; tail -n 30 "$work/big-server.log" >&2; exit 1; }
fi

echo "== end-to-end tests (server $E2E_SERVER, simulator $E2E_SIM, $("$CHROMIUM_PATH" --version 2>/dev/null | head -n 1))"
mkdir -p "$E2E_ARTIFACTS"
status=0
node --test --test-concurrency=1 --test-reporter=spec frontend/e2e/*.e2e.mjs || status=$?
if [ "$status" -ne 0 ]; then
  cp "$work/server.log" "$work/simulator.log" "$work"/big-server.log "$E2E_ARTIFACTS/" 2>/dev/null || true
  echo "== last server errors (full logs in $E2E_ARTIFACTS):"
  grep -E "ERROR|WARN|panicked" "$work/server.log" | tail -n 20 || true
fi
echo "screenshots: $E2E_ARTIFACTS"
exit "$status"
