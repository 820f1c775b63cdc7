#!/usr/bin/env bash
# Prints two access tokens for schemathesis, the organization admin's then the platform
# admin's: signs in as the platform administrator, creates an organization with an admin
# (plus an agent and an API key, so lists have content), and signs in as that admin.
set -euo pipefail
BASE=${BASE:?} EMAIL=${EMAIL:?} PASSWORD=${PASSWORD:?}

json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
login() {
  curl -fsS -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$2\", \"token_delivery\": \"body\"}" | json '["access_token"]'
}

staff=$(login "$EMAIL" "$PASSWORD")
org_password="harbor-violet-5521-own"
curl -fsS -X POST "$BASE/api/v1/admin/organizations" \
  -H "authorization: Bearer $staff" -H 'content-type: application/json' \
  -d "{\"name\": \"Fuzz Org\", \"admin\": {\"email\": \"fuzz-owner@example.com\", \"name\": \"Owner\", \"password\": \"$org_password\"}}" >/dev/null
admin=$(login fuzz-owner@example.com "$org_password")
curl -fsS -X POST "$BASE/api/v1/users" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
  -d '{"email": "fuzz-agent@example.com", "name": "Agent", "password": "meadow-copper-8812-agt", "role": "agent"}' >/dev/null
curl -fsS -X POST "$BASE/api/v1/api-keys" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
  -d '{"name": "fuzz"}' >/dev/null
echo "$admin $staff"
