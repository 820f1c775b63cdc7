#!/usr/bin/env bash
# A living inbox without a Meta account: starts the Cloud API simulator and the server,
# creates a demo organization with an agent, connects the simulator's number, and lets
# simulated customers write in now and then. Ctrl-C stops everything.
set -euo pipefail

SERVER_BIN=${SERVER_BIN:?}
SIM_BIN=${SIM_BIN:?}
DATA_DIR=${DEMO_DATA_DIR:-data/demo}
SERVER=http://127.0.0.1:${DEMO_PORT:-8080}
SIM=http://127.0.0.1:${DEMO_SIM_PORT:-8090}
APP_SECRET=demo-app-secret
ACCESS_TOKEN=demo-access-token
PNID=106540352242922
WABA=419561257915477
STAFF_EMAIL=staff@demo.example
STAFF_PASSWORD=violet-harbor-lantern-42
ADMIN_EMAIL=owner@demo.example
AGENT_EMAIL=agent@demo.example
PASSWORD=copper-meadow-lantern-42

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

mkdir -p "$DATA_DIR"
"$SIM_BIN" --bind "${SIM#http://}" --app-secret "$APP_SECRET" \
  --webhook-url "$SERVER/webhooks/whatsapp" --access-token "$ACCESS_TOKEN" \
  --phone-number-id "$PNID" --waba-id "$WABA" >"$DATA_DIR/simulator.log" 2>&1 &
pids+=($!)
WINMESSAGES_DATA_DIR="$DATA_DIR" WINMESSAGES_BIND="${SERVER#http://}" \
  WINMESSAGES_META_APP_SECRET="$APP_SECRET" WINMESSAGES_META_VERIFY_TOKEN=demo-verify \
  WINMESSAGES_GRAPH_API_BASE="$SIM" \
  WINMESSAGES_ADMIN_EMAIL="$STAFF_EMAIL" WINMESSAGES_ADMIN_PASSWORD="$STAFF_PASSWORD" \
  "$SERVER_BIN" serve >"$DATA_DIR/server.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 200); do curl -fsS "$SERVER/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$SERVER/readyz" >/dev/null || { tail -n 20 "$DATA_DIR/server.log"; exit 1; }

json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
login() {
  curl -fsS -X POST "$SERVER/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$2\", \"token_delivery\": \"body\"}" | json '["access_token"]'
}
post() { # token, path, body
  curl -sS -o /dev/null -w '%{http_code}' -X POST "$SERVER$2" -H "authorization: Bearer $1" \
    -H 'content-type: application/json' -d "$3"
}

staff=$(login "$STAFF_EMAIL" "$STAFF_PASSWORD")
post "$staff" /api/v1/admin/organizations \
  "{\"name\": \"Demo Bakery\", \"admin\": {\"email\": \"$ADMIN_EMAIL\", \"name\": \"Olivia Owner\", \"password\": \"$PASSWORD\"}}" >/dev/null
admin=$(login "$ADMIN_EMAIL" "$PASSWORD")
post "$admin" /api/v1/users \
  "{\"email\": \"$AGENT_EMAIL\", \"name\": \"Ari Agent\", \"password\": \"$PASSWORD\", \"role\": \"agent\"}" >/dev/null
status=$(post "$admin" /api/v1/accounts \
  "{\"waba_id\": \"$WABA\", \"phone_number_id\": \"$PNID\", \"access_token\": \"$ACCESS_TOKEN\"}")
case "$status" in 201|409) ;; *) echo "connecting the demo number failed ($status)"; exit 1;; esac

cat <<TXT

  WinMessages demo is running: $SERVER
    agent:  $AGENT_EMAIL / $PASSWORD
    admin:  $ADMIN_EMAIL / $PASSWORD
    staff:  $STAFF_EMAIL / $STAFF_PASSWORD
  Simulated customers write in every few seconds.
  Logs: $DATA_DIR/server.log, $DATA_DIR/simulator.log. Ctrl-C stops the demo.

TXT

customers=("15550101001:Sheena Nelson" "15550101002:Marco Rossi" "15550101003:Aiko Tanaka" "15550101004:Lena Fischer")
lines=("Hi! Is my order ready for pickup?" "Do you have gluten-free bread today?" "Can I change my delivery address?"
       "Thanks, that was quick 🙏" "What time do you open on Sunday?" "I'd like two croissants and a baguette.")
while true; do
  c=${customers[$((RANDOM % ${#customers[@]}))]}
  wa_id=${c%%:*}; name=${c#*:}
  text=${lines[$((RANDOM % ${#lines[@]}))]}
  curl -fsS -o /dev/null -X POST "$SIM/_sim/customers/$wa_id/messages" -H 'content-type: application/json' \
    -d "{\"phone_number_id\": \"$PNID\", \"profile_name\": \"$name\", \"message\": {\"type\": \"text\", \"body\": \"$text\"}}" || true
  sleep $((4 + RANDOM % 8))
done
