DROP INDEX contacts_org;
DROP INDEX messages_conversation_time;
DROP INDEX conversations_org_assignee_activity;
DROP INDEX conversations_org_status_activity;
DROP INDEX conversations_org_last_activity;
CREATE INDEX conversations_org_activity ON conversations(organization_id, last_message_at, id);
