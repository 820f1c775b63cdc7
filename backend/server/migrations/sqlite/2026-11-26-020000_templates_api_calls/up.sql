-- Message templates of each connected number, synced from the Graph API (template picker,
-- checks before a template is sent).
CREATE TABLE message_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- Meta's template id; absent only for rows not yet confirmed by a sync.
    meta_template_id TEXT,
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    -- APPROVED | PENDING | REJECTED | PAUSED | DISABLED | … as Meta reports it
    status TEXT NOT NULL,
    category TEXT,
    -- POSITIONAL | NAMED
    parameter_format TEXT,
    -- The components array exactly as Meta returned it (JSON text).
    components TEXT NOT NULL,
    synced_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The key Meta uses: a name exists once per language.
CREATE UNIQUE INDEX message_templates_account_name_language
    ON message_templates(account_id, name, language);
-- The template picker: an account's templates of one status, in id order.
CREATE INDEX message_templates_account_status ON message_templates(account_id, status, id);
CREATE INDEX message_templates_meta_id ON message_templates(meta_template_id);

-- Technical log of every Graph API call (privacy policy: technical logs). Written in
-- batches by a background writer; bodies are truncated and secrets redacted before storage.
CREATE TABLE api_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT REFERENCES organizations(id) ON DELETE CASCADE,
    account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    method TEXT NOT NULL,
    -- URL path and query, without any access token.
    path TEXT NOT NULL,
    -- HTTP status; absent when no answer arrived.
    status INTEGER,
    duration_ms BIGINT NOT NULL,
    meta_error_code BIGINT,
    error TEXT,
    request_body TEXT,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX api_calls_org ON api_calls(organization_id, id);
CREATE INDEX api_calls_org_account ON api_calls(organization_id, account_id, id);
