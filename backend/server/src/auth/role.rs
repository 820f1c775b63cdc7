use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a caller may do. Platform admins are our own staff and belong to no organization;
/// org admins manage their organization; agents work the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    OrgAdmin,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::OrgAdmin => "org_admin",
            Role::Agent => "agent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "platform_admin" => Some(Role::PlatformAdmin),
            "org_admin" => Some(Role::OrgAdmin),
            "agent" => Some(Role::Agent),
            _ => None,
        }
    }
}

/// Roles an organization can give its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    OrgAdmin,
    Agent,
}

impl From<MemberRole> for Role {
    fn from(r: MemberRole) -> Self {
        match r {
            MemberRole::OrgAdmin => Role::OrgAdmin,
            MemberRole::Agent => Role::Agent,
        }
    }
}
