#!/usr/bin/env bash
# Privacy operations under load (release build, loopback only):
#  1. the retention purge of PURGE_MESSAGES expired messages (a seeded organization, its
#     messages spread over the last 90 days, messages kept 1 day) running in the server while
#     webhooks arrive at 1,000/s: time to 200 p50/p99 during the purge, and how long the
#     purge took;
#  2. the export of a contact with EXPORT_MESSAGES messages (GET /contacts/{id}/export).
set -euo pipefail
BIN=${BIN:?path to the release winmessages binary}
LOAD=${LOAD:?path to the release ingest_bench example}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PURGE_MESSAGES=${BENCH_PURGE_MESSAGES:-1000000}
EXPORT_MESSAGES=${BENCH_EXPORT_MESSAGES:-10000}
PACED_SECONDS=${BENCH_PURGE_PACED_SECONDS:-60}
BACKENDS=${BENCH_PRIVACY_BACKENDS:-sqlite postgres}
SECRET=bench-app-secret
PNID=100200300400

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # new_database runs in a subshell: its databases are found by their prefix.
  for d in $(psql -Atq "$PG_URL" -c "SELECT datname FROM pg_database WHERE datname LIKE 'wm_bench_privacy_$$\\_%'" 2>/dev/null); do
    psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

new_database() { # $1 backend, $2 label → prints a DATABASE_URL for an empty database
  case "$1" in
    sqlite) mkdir -p "$work/$2"; echo "sqlite://$work/$2/bench.db" ;;
    postgres)
      local name="wm_bench_privacy_$$_$2"
      psql -q "$PG_URL" -c "CREATE DATABASE $name" >/dev/null
      python3 -c 'import sys, urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p._replace(path="/"+sys.argv[2]).geturl())' "$PG_URL" "$name" ;;
  esac
}

serve() { # $1 DATABASE_URL, $2 name, then extra VAR=value settings → sets $port and $server
  local url=$1 name=$2
  shift 2
  port=$(free_port)
  env "$@" DATABASE_URL="$url" WINMESSAGES_BIND="127.0.0.1:$port" WINMESSAGES_DATA_DIR="$work/data-$name" \
    WINMESSAGES_STATIC_DIR="$work/none" WINMESSAGES_META_APP_SECRET="$SECRET" \
    RUST_LOG="error,winmessages::retention=info" WINMESSAGES_LOG_FORMAT=json \
    "$BIN" serve >"$work/server-$name.log" 2>&1 &
  server=$!
  pids+=("$server")
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.05; done
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

purge() { # $1 backend
  local backend=$1 url
  url=$(new_database "$backend" purge)
  echo "== $backend: seeding $PURGE_MESSAGES messages to expire"
  DATABASE_URL="$url" WINMESSAGES_DATA_DIR="$work/data-purge-$backend" "$BIN" seed \
    --conversations $((PURGE_MESSAGES / 50)) --messages "$PURGE_MESSAGES" | sed -n 2,3p
  "$LOAD" setup "$url" "$PNID"
  # Messages are kept one day; the first purge starts 5 s after start-up.
  serve "$url" "purge-$backend" WINMESSAGES_RETENTION_MESSAGES_DAYS=1 WINMESSAGES_PURGE_INTERVAL_SECS=5
  local log="$work/server-purge-$backend.log"
  echo "== $backend: webhooks at 1,000/s for $PACED_SECONDS s while the purge runs"
  "$LOAD" paced "http://127.0.0.1:$port" "$SECRET" "$PNID" 1000 "$PACED_SECONDS"
  local deadline=$((SECONDS + 1800))
  until grep -q "retention purge finished" "$log"; do
    if [ $SECONDS -gt $deadline ]; then echo "$backend: the purge did not finish in 30 minutes"; break; fi
    sleep 1
  done
  python3 - "$log" "$backend" <<'PY'
import json, sys
started = finished = None
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    msg = e.get("fields", {}).get("message", "")
    if msg == "retention purge started" and started is None:
        started = e
    if msg == "retention purge finished" and finished is None:
        finished = e
if finished:
    f = finished["fields"]
    print(f"{sys.argv[2]}: purge deleted {f.get('messages')} messages in {float(f.get('seconds')):.1f} s "
          f"({f.get('messages') / max(float(f.get('seconds')), 0.001):.0f} messages/s)")
PY
  stop "$server"
}

export_bench() { # $1 backend
  local backend=$1 url out key contact
  url=$(new_database "$backend" export)
  out=$(DATABASE_URL="$url" WINMESSAGES_DATA_DIR="$work/data-export-$backend" "$BIN" seed \
    --conversations 1 --messages "$EXPORT_MESSAGES")
  key=$(echo "$out" | sed -n 's/^  api key: //p')
  serve "$url" "export-$backend"
  contact=$(curl -fsS -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/contacts" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  echo "== $backend: export of a contact with $EXPORT_MESSAGES messages (5 runs)"
  for i in 1 2 3 4 5; do
    curl -fsS -o "$work/export.json" -w "%{time_total}\n" -H "Authorization: Bearer $key" \
      "http://127.0.0.1:$port/api/v1/contacts/$contact/export"
  done | python3 -c '
import sys
t = sorted(float(x) for x in sys.stdin)
print(f"'"$backend"': export time median {t[len(t)//2]*1000:.0f} ms, max {t[-1]*1000:.0f} ms")'
  python3 -c 'import json,os,sys; d=json.load(open(sys.argv[1])); print("  last export: %d messages, %.1f MB" % (len(d["messages"]), os.path.getsize(sys.argv[1]) / 1e6))' "$work/export.json"
  stop "$server"
}

pg_up=false
psql -q "$PG_URL" -c "SELECT 1" >/dev/null 2>&1 && pg_up=true
for backend in $BACKENDS; do
  if [ "$backend" = postgres ] && ! $pg_up; then echo "PostgreSQL at $PG_URL is unreachable: skipped"; continue; fi
  export_bench "$backend"
  purge "$backend"
done
