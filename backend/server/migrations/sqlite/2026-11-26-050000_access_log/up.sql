-- Access log (privacy policy: technical logs): one row per request to the API and the webhook
-- endpoint, written in batches by a background writer. Never bodies, query strings or tokens.
-- The user and API key ids are kept as recorded (no foreign key): the log states who acted
-- even after the account is gone, until retention purges the row.
CREATE TABLE access_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT REFERENCES organizations(id) ON DELETE CASCADE,
    user_id BIGINT,
    api_key_id BIGINT,
    method TEXT NOT NULL,
    -- The matched route pattern, e.g. /api/v1/conversations/{id}; absent when none matched.
    route TEXT,
    -- The path without the query string.
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    client_ip TEXT,
    user_agent TEXT,
    duration_ms BIGINT NOT NULL,
    request_id TEXT,
    created_at TIMESTAMP NOT NULL
);
-- Lists: an organization's entries newest first (keyset by id).
CREATE INDEX access_logs_org_id ON access_logs(organization_id, id);
-- Time filters within an organization.
CREATE INDEX access_logs_org_created ON access_logs(organization_id, created_at);
-- Retention: purging everything older than a cut-off, in batches.
CREATE INDEX access_logs_created ON access_logs(created_at);
