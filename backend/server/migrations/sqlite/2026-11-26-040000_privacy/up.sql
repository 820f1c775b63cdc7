-- Retention per organization and data type. NULL: the platform default
-- (WINMESSAGES_RETENTION_*); 0: keep forever; n > 0: delete after n days.
CREATE TABLE retention_policies (
    organization_id BIGINT PRIMARY KEY NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    messages_days INTEGER,
    media_days INTEGER,
    webhook_payloads_days INTEGER,
    api_calls_days INTEGER,
    access_logs_days INTEGER,
    audit_log_days INTEGER,
    updated_at TIMESTAMP NOT NULL
);

-- Stored media blobs whose rows are gone (purged or erased): deleted after the transaction
-- that removed their rows commits, retried by the purge job until the store confirms.
CREATE TABLE blob_deletions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    storage_key TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

-- The purge finds expired rows by age within an organization.
CREATE INDEX messages_org_created ON messages(organization_id, created_at);
CREATE INDEX media_org_created ON media(organization_id, created_at);
CREATE INDEX webhook_events_received ON webhook_events(received_at);
CREATE INDEX api_calls_created ON api_calls(created_at);
CREATE INDEX audit_log_created ON audit_log(created_at);
-- Deleting a message sets the references to it to NULL or deletes what hangs off it: each
-- of those foreign keys needs an index, or every deleted message scans the whole table.
CREATE INDEX messages_reply_to ON messages(reply_to_message_id);
CREATE INDEX idempotency_keys_message ON idempotency_keys(message_id);
CREATE INDEX outbox_jobs_media ON outbox_jobs(media_id);
-- Restricted contacts are looked up per organization to hide them from agents.
CREATE INDEX contacts_org_restricted ON contacts(organization_id, restricted_at);
