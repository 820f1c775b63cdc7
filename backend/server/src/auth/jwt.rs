//! Access tokens: HS256 JWTs with issuer, audience, expiry and a token id. Validation accepts
//! exactly the configured algorithm; time claims are checked against the application clock.

use super::Role;
use crate::ids::{OrgId, UserId};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "winmessages";
pub const AUDIENCE: &str = "winmessages-api";
pub const ACCESS_TOKEN_TTL_SECS: i64 = 15 * 60;
/// Tolerated clock skew for `nbf`/`exp`.
const LEEWAY_SECS: i64 = 5;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: String,
    pub org: Option<i64>,
    pub role: Role,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessToken {
    pub user: UserId,
    pub org: Option<OrgId>,
    pub role: Role,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the access token is malformed or its signature is invalid")]
    Invalid,
    #[error("the access token has expired")]
    Expired,
    #[error("the access token is not valid yet")]
    NotYetValid,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // Expiry and not-before are checked below against the application clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// Issues an access token; returns it with its lifetime in seconds.
    pub fn issue(&self, token: AccessToken, now: DateTime<Utc>) -> Result<(String, i64), String> {
        let iat = now.timestamp();
        let claims = Claims {
            sub: token.user.0.to_string(),
            org: token.org.map(|o| o.0),
            role: token.role,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat,
            nbf: iat,
            exp: iat + ACCESS_TOKEN_TTL_SECS,
            jti: hex::encode(rand::random::<[u8; 16]>()),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map(|t| (t, ACCESS_TOKEN_TTL_SECS))
            .map_err(|e| format!("token signing failed: {e}"))
    }

    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<AccessToken, TokenError> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| TokenError::Invalid)?;
        let c = data.claims;
        let now = now.timestamp();
        if c.exp + LEEWAY_SECS <= now {
            return Err(TokenError::Expired);
        }
        if c.nbf - LEEWAY_SECS > now {
            return Err(TokenError::NotYetValid);
        }
        let user = c.sub.parse().map(UserId).map_err(|_| TokenError::Invalid)?;
        // A platform admin has no organization; everyone else has exactly one.
        if (c.role == Role::PlatformAdmin) != c.org.is_none() {
            return Err(TokenError::Invalid);
        }
        Ok(AccessToken {
            user,
            org: c.org.map(OrgId),
            role: c.role,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use chrono::Duration;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"0123456789abcdef0123456789abcdef")
    }

    fn token() -> AccessToken {
        AccessToken {
            user: UserId(7),
            org: Some(OrgId(3)),
            role: Role::Agent,
        }
    }

    #[test]
    fn round_trip_and_expiry() {
        let now = Utc::now();
        let (t, ttl) = keys().issue(token(), now).unwrap();
        assert_eq!(ttl, 900);
        assert_eq!(keys().verify(&t, now).unwrap(), token());
        assert_eq!(
            keys().verify(&t, now + Duration::minutes(16)),
            Err(TokenError::Expired)
        );
        assert_eq!(
            keys().verify(&t, now - Duration::minutes(1)),
            Err(TokenError::NotYetValid)
        );
    }

    #[test]
    fn rejects_other_secret_alg_none_and_garbage() {
        let now = Utc::now();
        let (t, _) = keys().issue(token(), now).unwrap();
        let other = JwtKeys::new(b"another-secret-another-secret-xx");
        assert_eq!(other.verify(&t, now), Err(TokenError::Invalid));
        let payload = t.split('.').nth(1).unwrap();
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let unsigned = format!("{none_header}.{payload}.");
        assert_eq!(keys().verify(&unsigned, now), Err(TokenError::Invalid));
        assert_eq!(keys().verify("garbage", now), Err(TokenError::Invalid));
    }
}
