# WinMessages — developer entry points. `make run` and `make test` are all a newcomer needs.

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
# PostgreSQL server used by the PostgreSQL test run (each test creates its own database).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Python virtualenv for schemathesis.
VENV ?= $(CURDIR)/.venv
RELEASE_BIN := $(CARGO_TARGET_DIR)/release/winmessages
DEBUG_BIN := $(CARGO_TARGET_DIR)/debug/winmessages

.PHONY: run demo test test-sqlite test-postgres openapi client check-openapi check-client \
        frontend-deps frontend-build frontend-check e2e compose-check schemathesis bench fmt fmt-check lint

## run: install frontend deps, build the SPA and the server (release), serve on SQLite
run: frontend-build
	cargo build --release -p winmessages
	$(RELEASE_BIN) serve

## demo: server + Cloud API simulator + a demo organization with simulated customers writing in
demo: frontend-build
	cargo build -p winmessages -p wa-simulator
	SERVER_BIN=$(DEBUG_BIN) SIM_BIN=$(CARGO_TARGET_DIR)/debug/wa-simulator scripts/demo.sh

## test: formatting, lints, backend tests on SQLite and PostgreSQL, spec/client staleness,
## frontend lint/typecheck/tests/bundle size, end-to-end tests in headless Chromium, and
## schemathesis against the served OpenAPI document
test: fmt-check lint test-sqlite test-postgres check-client frontend-check e2e compose-check schemathesis
	@echo "make test: all checks passed"

test-sqlite:
	env -u TEST_DATABASE_URL TEST_LABEL="backend tests (SQLite)" \
	  scripts/cargo-test.sh --workspace --all-targets

# Every test of the server again, each on its own PostgreSQL database. Fails (never skips)
# when PostgreSQL is unreachable.
test-postgres:
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_LABEL="backend tests (PostgreSQL)" \
	  scripts/cargo-test.sh -p winmessages --all-targets

## openapi: regenerate openapi/openapi.json from the code
openapi:
	cargo run -q -p winmessages -- openapi > openapi/openapi.json.tmp
	mv openapi/openapi.json.tmp openapi/openapi.json

## client: regenerate the SPA's TypeScript API types from openapi/openapi.json
client: frontend-deps
	cd frontend && npm run gen:api

# The spec's staleness is a backend test (tests/api/openapi.rs); this target is a shortcut.
check-openapi:
	cargo test -p winmessages --test api openapi::committed_openapi_json_is_current

check-client: frontend-deps
	cd frontend && npm run check:api

frontend-deps: frontend/node_modules/.installed

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend-build: frontend-deps
	cd frontend && npm run build

frontend-check: frontend-deps
	cd frontend && npm run lint && npm run typecheck && npm test && npm run build && npm run size

## e2e: the SPA in headless Chromium against the real server and the Cloud API simulator
e2e: frontend-deps
	cargo build -p winmessages -p wa-simulator
	BIN=$(DEBUG_BIN) SIM_BIN=$(CARGO_TARGET_DIR)/debug/wa-simulator scripts/e2e.sh

## compose-check: docker-compose.yml is valid (client-side `config`; no engine needed)
compose-check:
	@if docker compose version >/dev/null 2>&1; then c="docker compose"; \
	 elif command -v docker-compose >/dev/null; then c=docker-compose; \
	 else echo "compose-check: no docker compose client installed (CI installs one)"; exit 1; fi; \
	 WINMESSAGES_JWT_SECRET=check WINMESSAGES_ENCRYPTION_KEY=check $$c config -q && echo "docker-compose.yml: valid"

## schemathesis: fuzz every documented endpoint of a running server with valid credentials
schemathesis:
	cargo build -p winmessages
	VENV=$(VENV) BIN=$(DEBUG_BIN) scripts/schemathesis.sh

## bench: start-up time, idle memory, throughput and inbox list latency at 100k/1M rows (release build)
bench:
	cargo build --release -p winmessages --bin winmessages --example jwt_verify
	BIN=$(RELEASE_BIN) scripts/bench.sh
	cargo build --release -p winmessages --example ingest_bench
	BIN=$(RELEASE_BIN) LOAD=$(CARGO_TARGET_DIR)/release/examples/ingest_bench scripts/bench_ingest.sh
	cargo build --release -p winmessages --example send_bench
	BIN=$(RELEASE_BIN) LOAD=$(CARGO_TARGET_DIR)/release/examples/send_bench scripts/bench_send.sh
	cargo build --release -p winmessages --example events_bench --example ingest_bench
	BIN=$(RELEASE_BIN) EVENTS=$(CARGO_TARGET_DIR)/release/examples/events_bench LOAD=$(CARGO_TARGET_DIR)/release/examples/ingest_bench scripts/bench_events.sh
	BIN=$(RELEASE_BIN) LOAD=$(CARGO_TARGET_DIR)/release/examples/ingest_bench scripts/bench_privacy.sh
	cargo bench -p whatsapp-cloud --bench webhook
	cargo bench -p wa-simulator --bench send
	BIN=$(RELEASE_BIN) scripts/bench_lists.sh

fmt:
	cargo fmt --all

fmt-check:
	cargo fmt --all -- --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings
