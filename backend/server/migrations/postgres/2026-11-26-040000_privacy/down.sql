DROP INDEX contacts_org_restricted;
DROP INDEX audit_log_created;
DROP INDEX api_calls_created;
DROP INDEX webhook_events_received;
DROP INDEX media_org_created;
DROP INDEX messages_org_created;
DROP TABLE blob_deletions;
DROP TABLE retention_policies;
