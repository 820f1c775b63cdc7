//! Builders for organizations, users, tokens and API keys, written straight to the database
//! (fast) with tokens minted by the application's own key.

use super::TestApp;
use winmessages::auth::jwt::AccessToken;
use winmessages::auth::{Role, password, tokens};
use winmessages::clock::Clock;
use winmessages::ids::{ApiKeyId, OrgId, UserId};
use winmessages::{api_keys, organizations, users};

pub const PASSWORD: &str = "tangerine-bicycle-42";

/// An organization with an admin and an agent, ready to call the API.
#[derive(Debug, Clone)]
#[allow(dead_code)] // fields used by some test modules only
pub struct TestOrg {
    pub id: OrgId,
    pub name: String,
    pub admin: TestUser,
    pub agent: TestUser,
}

#[derive(Debug, Clone)]
#[allow(dead_code)]
pub struct TestUser {
    pub id: UserId,
    pub email: String,
    pub token: String,
}

impl TestUser {
    pub fn bearer(&self) -> (&'static str, String) {
        ("authorization", format!("Bearer {}", self.token))
    }
}

impl TestApp {
    /// Mints an access token as login would.
    pub fn token_for(&self, user: UserId, org: Option<OrgId>, role: Role) -> String {
        self.state
            .auth
            .jwt
            .issue(AccessToken { user, org, role }, self.clock.now())
            .unwrap()
            .0
    }

    pub fn user(&self, org: Option<OrgId>, email: &str, role: Role) -> TestUser {
        let hash = password::hash(PASSWORD).unwrap();
        let now = self.clock.now().naive_utc();
        let mut conn = self.state.pool.get().unwrap();
        let id = users::store::insert(
            &mut conn,
            &users::store::NewUser {
                organization_id: org.map(|o| o.0),
                email,
                name: email.split('@').next().unwrap(),
                password_hash: &hash,
                role: role.as_str(),
                created_at: now,
                updated_at: now,
            },
        )
        .unwrap();
        TestUser {
            id,
            email: email.to_owned(),
            token: self.token_for(id, org, role),
        }
    }

    pub fn platform_admin(&self) -> TestUser {
        self.user(None, "staff@winmessages.test", Role::PlatformAdmin)
    }

    /// An organization named `name` with `admin@<name>.test` and `agent@<name>.test`.
    pub fn org(&self, name: &str) -> TestOrg {
        let now = self.clock.now().naive_utc();
        let id =
            organizations::store::insert(&mut self.state.pool.get().unwrap(), name, now).unwrap();
        let domain = name.to_lowercase().replace(' ', "-");
        TestOrg {
            id,
            name: name.to_owned(),
            admin: self.user(Some(id), &format!("admin@{domain}.test"), Role::OrgAdmin),
            agent: self.user(Some(id), &format!("agent@{domain}.test"), Role::Agent),
        }
    }

    /// Creates an API key for the organization; returns its id and the key.
    pub fn api_key(&self, org: OrgId, admin_scope: bool) -> (ApiKeyId, String) {
        let key = tokens::new_api_key();
        let now = self.clock.now().naive_utc();
        let id = api_keys::store::insert(
            &mut self.state.pool.get().unwrap(),
            &api_keys::store::NewApiKey {
                organization_id: org.0,
                name: "test key",
                prefix: &key[..7],
                key_hash: &tokens::digest(&key),
                scope: if admin_scope { "admin" } else { "agent" },
                created_by: None,
                created_at: now,
            },
        )
        .unwrap();
        (id, key)
    }
}
