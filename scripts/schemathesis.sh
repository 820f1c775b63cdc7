#!/usr/bin/env bash
# Fuzzes every operation of the served OpenAPI document with schemathesis (all checks; see
# schemathesis.toml), authenticated as an organization administrator, and as a platform
# administrator for platform administration. Fails on any 5xx, any undocumented status code
# or content type, any response that does not match its schema, and any accepted invalid input.
set -euo pipefail

BIN=${BIN:?path to the winmessages binary}
VENV=${VENV:-.venv}
SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-40}

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
admin_email="fuzz-admin@example.com"
admin_password="orchid-lantern-7731-staff"

WINMESSAGES_DATA_DIR="$work/data" WINMESSAGES_BIND="127.0.0.1:$port" \
  WINMESSAGES_ADMIN_EMAIL="$admin_email" WINMESSAGES_ADMIN_PASSWORD="$admin_password" \
  WINMESSAGES_STATIC_DIR="$work/none" RUST_LOG=error \
  WINMESSAGES_META_APP_SECRET=fuzz-app-secret WINMESSAGES_META_VERIFY_TOKEN=fuzz-verify-token \
  "$BIN" serve >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 200); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.05
done
curl -fsS "$base/readyz" >/dev/null || { cat "$work/server.log"; exit 1; }

read -r WM_TOKEN WM_STAFF_TOKEN < <(BASE="$base" EMAIL="$admin_email" PASSWORD="$admin_password" scripts/fuzz-credentials.sh)
export WM_TOKEN WM_STAFF_TOKEN

echo "schemathesis $SCHEMATHESIS_VERSION against $base (max $MAX_EXAMPLES examples per operation)"
status=0
# The event stream never ends (heartbeats keep it open), so every call would run into the
# request timeout; tests/api/events covers it.
"$VENV/bin/schemathesis" run "$base/api-docs/openapi.json" \
  --exclude-path /api/v1/events \
  --max-examples "$MAX_EXAMPLES" \
  --seed 20261125 \
  --no-color \
  --request-timeout 10 || status=$?
if [ "$status" -ne 0 ]; then
  echo "== server errors logged during the run:"
  grep -E "ERROR|panicked" "$work/server.log" | tail -n 20 || true
fi
exit "$status"
