-- Read side of the inbox. Conversation lists are sorted by last activity: the last message,
-- or the creation time of a conversation without messages. Queries use exactly the
-- expression `COALESCE(last_message_at, created_at)` so these indexes serve both the order
-- and the keyset condition, for the unfiltered list and the two most selective filters.
DROP INDEX conversations_org_activity;
CREATE INDEX conversations_org_last_activity
    ON conversations(organization_id, (COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_org_status_activity
    ON conversations(organization_id, status, (COALESCE(last_message_at, created_at)), id);
CREATE INDEX conversations_org_assignee_activity
    ON conversations(organization_id, assignee_id, (COALESCE(last_message_at, created_at)), id);

-- Messages of a conversation, newest first by their timestamp (webhooks arrive out of order).
CREATE INDEX messages_conversation_time ON messages(conversation_id, sent_at, id);

-- Contacts of an organization, newest first (search filters this scan).
CREATE INDEX contacts_org ON contacts(organization_id, id);
