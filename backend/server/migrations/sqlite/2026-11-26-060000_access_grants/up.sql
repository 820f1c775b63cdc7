-- Restricted administrative access: platform staff read an organization's data only while
-- the organization's admin has granted it for a limited time, or after opening break-glass
-- access with a recorded reason. Every grant, revocation and staff read is in the
-- organization's audit log.
CREATE TABLE access_grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- grant (by the organization) | break_glass (by platform staff)
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by BIGINT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX access_grants_org ON access_grants(organization_id, id);
