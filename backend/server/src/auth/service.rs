use super::jwt::JwtKeys;
use super::password::Passwords;
use super::ratelimit::LoginLimiter;
use crate::config::Config;
use crate::secrets;

/// Authentication services shared by all workers.
pub struct AuthService {
    pub jwt: JwtKeys,
    pub passwords: Passwords,
    pub login_limiter: LoginLimiter,
}

impl AuthService {
    pub fn new(config: &Config) -> Result<Self, String> {
        let secret = secrets::load_or_generate(
            config.jwt_secret.as_ref(),
            &config.data_dir,
            "jwt-secret",
            "WINMESSAGES_JWT_SECRET",
        )?;
        Ok(Self {
            jwt: JwtKeys::new(secret.expose().as_bytes()),
            passwords: Passwords::new()?,
            login_limiter: LoginLimiter::new(
                config.login_attempts_per_account,
                config.login_attempts_per_ip,
            ),
        })
    }
}
