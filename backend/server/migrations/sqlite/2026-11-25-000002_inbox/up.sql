-- Connected WhatsApp Business phone numbers (one row per phone number id).
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    waba_id TEXT NOT NULL,
    phone_number_id TEXT NOT NULL UNIQUE,
    display_phone_number TEXT NOT NULL,
    verified_name TEXT NOT NULL,
    quality_rating TEXT,
    -- AEAD ciphertext (nonce + sealed token), base64; the token itself is never stored.
    access_token_ciphertext TEXT NOT NULL,
    name TEXT,
    disabled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX accounts_organization_id ON accounts(organization_id);

-- Every signed webhook POST, stored before it is acknowledged.
CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Set once routed; NULL while pending or when no account matched (unrouted).
    organization_id BIGINT REFERENCES organizations(id) ON DELETE SET NULL,
    account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    payload TEXT NOT NULL,
    -- pending | processed | failed | unrouted
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    remote_ip TEXT,
    received_at TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP,
    processed_at TIMESTAMP
);
CREATE INDEX webhook_events_status ON webhook_events(status, next_attempt_at);
CREATE INDEX webhook_events_org ON webhook_events(organization_id, id);

-- A person writing to an organization. Keyed by the business-scoped user id when known,
-- else by wa_id (both unique per organization; NULLs never collide).
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    wa_id TEXT,
    user_id TEXT,
    parent_user_id TEXT,
    username TEXT,
    profile_name TEXT,
    -- Name given by the business (rectification); shown instead of profile_name when set.
    name TEXT,
    phone_number TEXT,
    notes TEXT,
    attributes TEXT,
    restricted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (organization_id, wa_id),
    UNIQUE (organization_id, user_id)
);

CREATE TABLE conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    -- open | pending | resolved
    status TEXT NOT NULL,
    assignee_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    unread_count INTEGER NOT NULL,
    last_message_id BIGINT,
    last_message_at TIMESTAMP,
    last_inbound_at TIMESTAMP,
    window_expires_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, contact_id)
);
CREATE INDEX conversations_org_activity ON conversations(organization_id, last_message_at, id);
CREATE INDEX conversations_contact ON conversations(contact_id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    -- inbound | outbound
    direction TEXT NOT NULL,
    -- the Cloud API message type: text, image, reaction, template, unsupported, ...
    kind TEXT NOT NULL,
    wamid TEXT,
    -- text body or media caption, for previews and search
    body TEXT,
    -- JSON: the type-specific content as the API returns it
    content TEXT NOT NULL,
    context_wamid TEXT,
    reply_to_message_id BIGINT REFERENCES messages(id) ON DELETE SET NULL,
    -- received | pending | sent | delivered | read | played | failed | unknown
    status TEXT NOT NULL,
    -- JSON: {code, title, message, details} from Meta, when failed
    error TEXT,
    sent_by_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    -- Meta's timestamp of the message (or of sending, for outbound)
    sent_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, wamid)
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
CREATE INDEX messages_org ON messages(organization_id, id);

-- Previous versions of edited messages.
CREATE TABLE message_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    previous_body TEXT,
    previous_content TEXT NOT NULL,
    edited_at TIMESTAMP NOT NULL
);
CREATE INDEX message_edits_message ON message_edits(message_id);

-- Reactions attached to a message; one per reactor (the contact, or an agent).
CREATE TABLE message_reactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    -- 'contact' or 'user:<id>'
    reactor TEXT NOT NULL,
    emoji TEXT NOT NULL,
    wamid TEXT,
    reacted_at TIMESTAMP NOT NULL,
    UNIQUE (message_id, reactor)
);

-- Statuses that arrived before their message was known (applied when it appears).
CREATE TABLE pending_statuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    wamid TEXT NOT NULL,
    status TEXT NOT NULL,
    payload TEXT NOT NULL,
    status_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pending_statuses_wamid ON pending_statuses(account_id, wamid);

-- Media content of messages (inbound downloads and outbound uploads).
CREATE TABLE media (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    message_id BIGINT REFERENCES messages(id) ON DELETE SET NULL,
    meta_media_id TEXT,
    mime_type TEXT,
    sha256 TEXT,
    size_bytes BIGINT,
    filename TEXT,
    storage_key TEXT,
    -- pending | stored | failed
    status TEXT NOT NULL,
    error TEXT,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX media_org ON media(organization_id, id);
CREATE INDEX media_message ON media(message_id);
CREATE INDEX media_status ON media(status, next_attempt_at);
