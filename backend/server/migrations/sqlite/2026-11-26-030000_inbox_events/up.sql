-- Live inbox events (GET /api/v1/events): one row per change of a message or conversation,
-- written by triggers in the transaction that makes the change, so no write path can forget
-- its event and an event exists exactly when its change was committed. The ids are the SSE
-- event ids (`Last-Event-ID`); rows older than the retention window are purged.
-- Ids are never reused: the purge always keeps the newest row (rowids continue from it),
-- which spares AUTOINCREMENT's bookkeeping write on every insert.
CREATE TABLE inbox_events (
    id INTEGER PRIMARY KEY,
    organization_id BIGINT NOT NULL,
    -- message.created | message.updated | conversation.created | conversation.updated
    kind TEXT NOT NULL,
    conversation_id BIGINT NOT NULL,
    message_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX inbox_events_organization ON inbox_events(organization_id, id);
CREATE INDEX inbox_events_created ON inbox_events(created_at);

CREATE TRIGGER inbox_events_message_created AFTER INSERT ON messages
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    VALUES (NEW.organization_id, 'message.created', NEW.conversation_id, NEW.id,
            strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

CREATE TRIGGER inbox_events_message_updated AFTER UPDATE ON messages
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    VALUES (NEW.organization_id, 'message.updated', NEW.conversation_id, NEW.id,
            strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

-- A download finished or failed: the message's `media` changed.
CREATE TRIGGER inbox_events_media_status AFTER UPDATE OF status ON media
WHEN NEW.message_id IS NOT NULL AND NEW.status IS NOT OLD.status
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    SELECT m.organization_id, 'message.updated', m.conversation_id, m.id,
           strftime('%Y-%m-%d %H:%M:%f', 'now')
    FROM messages m WHERE m.id = NEW.message_id;
END;

CREATE TRIGGER inbox_events_reaction_added AFTER INSERT ON message_reactions
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    SELECT m.organization_id, 'message.updated', m.conversation_id, m.id,
           strftime('%Y-%m-%d %H:%M:%f', 'now')
    FROM messages m WHERE m.id = NEW.message_id;
END;

CREATE TRIGGER inbox_events_reaction_changed AFTER UPDATE ON message_reactions
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    SELECT m.organization_id, 'message.updated', m.conversation_id, m.id,
           strftime('%Y-%m-%d %H:%M:%f', 'now')
    FROM messages m WHERE m.id = NEW.message_id;
END;

CREATE TRIGGER inbox_events_reaction_removed AFTER DELETE ON message_reactions
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    SELECT m.organization_id, 'message.updated', m.conversation_id, m.id,
           strftime('%Y-%m-%d %H:%M:%f', 'now')
    FROM messages m WHERE m.id = OLD.message_id;
END;

CREATE TRIGGER inbox_events_conversation_created AFTER INSERT ON conversations
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    VALUES (NEW.organization_id, 'conversation.created', NEW.id, NULL,
            strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;

-- Only what the Conversation JSON shows (ingestion's bookkeeping columns are left out).
CREATE TRIGGER inbox_events_conversation_updated AFTER UPDATE ON conversations
WHEN NEW.status IS NOT OLD.status
  OR NEW.assignee_id IS NOT OLD.assignee_id
  OR NEW.unread_count IS NOT OLD.unread_count
  OR NEW.last_message_id IS NOT OLD.last_message_id
  OR NEW.last_message_at IS NOT OLD.last_message_at
  OR NEW.window_expires_at IS NOT OLD.window_expires_at
  OR NEW.contact_id IS NOT OLD.contact_id
BEGIN
    INSERT INTO inbox_events (organization_id, kind, conversation_id, message_id, created_at)
    VALUES (NEW.organization_id, 'conversation.updated', NEW.id, NULL,
            strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
