-- Outbound delivery: the outbox of Graph API calls (sends and read receipts), idempotency
-- keys of send requests, and the read receipt already sent per conversation.
CREATE TABLE outbox_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    -- send | mark_read
    kind TEXT NOT NULL,
    -- The Graph API request body (send), without credentials.
    request TEXT NOT NULL,
    -- Our media record to upload to WhatsApp before sending, if any.
    media_id BIGINT REFERENCES media(id) ON DELETE SET NULL,
    -- queued | sending | done | failed | unknown
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX outbox_jobs_message ON outbox_jobs(message_id, kind);
CREATE INDEX outbox_jobs_due ON outbox_jobs(state, next_attempt_at);

CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX idempotency_keys_key ON idempotency_keys(organization_id, idempotency_key);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

ALTER TABLE conversations ADD COLUMN read_receipt_message_id BIGINT;
