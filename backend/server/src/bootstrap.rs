//! The first platform administrator: from `winmessages create-admin`, or from
//! `WINMESSAGES_ADMIN_EMAIL` + `WINMESSAGES_ADMIN_PASSWORD` when the database has no user.

use crate::auth::{Role, password};
use crate::db::DbPool;
use crate::users::store as users;
use chrono::Utc;

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("`{0}` is not a valid email address")]
    InvalidEmail(String),
    #[error("the password {0}")]
    WeakPassword(String),
    #[error("{0}")]
    Hashing(String),
    #[error("a user with this email already exists")]
    Exists,
    #[error("database: {0}")]
    Database(String),
}

/// Creates a platform administrator; returns its id.
pub fn create_platform_admin(
    pool: &DbPool,
    email: &str,
    password_plain: &str,
) -> Result<i64, BootstrapError> {
    let email = users::normalize_email(email);
    if !validator::ValidateEmail::validate_email(&email) {
        return Err(BootstrapError::InvalidEmail(email));
    }
    if let Some(why) = password::weakness(password_plain, &email) {
        return Err(BootstrapError::WeakPassword(why));
    }
    let hash = password::hash(password_plain).map_err(BootstrapError::Hashing)?;
    let mut conn = pool
        .get()
        .map_err(|e| BootstrapError::Database(e.to_string()))?;
    let now = Utc::now().naive_utc();
    users::insert(
        &mut conn,
        &users::NewUser {
            organization_id: None,
            email: &email,
            name: "Platform administrator",
            password_hash: &hash,
            role: Role::PlatformAdmin.as_str(),
            created_at: now,
            updated_at: now,
        },
    )
    .map(|id| id.0)
    .map_err(|e| {
        if users::is_unique_violation(&e) {
            BootstrapError::Exists
        } else {
            BootstrapError::Database(e.to_string())
        }
    })
}

/// At start: create the configured administrator when no user exists yet.
pub fn ensure_first_admin(pool: &DbPool, admin: Option<(&str, &str)>) -> Result<(), String> {
    let Some((email, password_plain)) = admin else {
        return Ok(());
    };
    let mut conn = pool.get().map_err(|e| format!("DATABASE_URL: {e}"))?;
    let count = users::count_all(&mut conn).map_err(|e| format!("database: {e}"))?;
    drop(conn);
    if count > 0 {
        return Ok(());
    }
    match create_platform_admin(pool, email, password_plain) {
        Ok(id) => {
            tracing::info!(user_id = id, "created the first platform administrator");
            Ok(())
        }
        // Another replica created it at the same moment.
        Err(BootstrapError::Exists) => Ok(()),
        Err(e @ BootstrapError::InvalidEmail(_)) => Err(format!("WINMESSAGES_ADMIN_EMAIL: {e}")),
        Err(e @ BootstrapError::WeakPassword(_)) => Err(format!("WINMESSAGES_ADMIN_PASSWORD: {e}")),
        Err(e) => Err(e.to_string()),
    }
}
