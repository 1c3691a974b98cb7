//! Session tokens: HS256 JWTs with the algorithm pinned and exp, nbf, iat, iss and aud checked.

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

const ISSUER: &str = "budget-roi-tracker";
const AUDIENCE: &str = "budget-roi-api";
/// Clock skew tolerated between servers behind a load balancer.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    aud: String,
    iat: i64,
    nbf: i64,
    exp: i64,
    /// The account's session epoch when the token was issued: once the account's epoch is
    /// higher (a password change, "sign out everywhere"), the token is refused.
    #[serde(default)]
    ep: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl_secs: i64,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl_secs,
        }
    }

    /// A token in the account's first session epoch.
    pub fn issue(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        self.issue_in_epoch(user_id, 0, now)
    }

    pub fn issue_in_epoch(
        &self,
        user_id: i64,
        epoch: i64,
        now: DateTime<Utc>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let iat = now.timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat,
            nbf: iat,
            exp: iat + self.ttl_secs,
            ep: epoch,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The user id of a valid token; `None` for anything expired, tampered, foreign or malformed.
    pub fn verify(&self, token: &str) -> Option<i64> {
        self.verify_session(token).map(|(user_id, _)| user_id)
    }

    /// The user id and session epoch of a valid token.
    pub fn verify_session(&self, token: &str) -> Option<(i64, i64)> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        Some((data.claims.sub.parse().ok()?, data.claims.ep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"0123456789abcdef0123456789abcdef", 3_600)
    }

    #[test]
    fn a_fresh_token_verifies() {
        let token = keys().issue(42, Utc::now()).unwrap();
        assert_eq!(keys().verify(&token), Some(42));
    }

    #[test]
    fn expired_tampered_and_foreign_tokens_fail() {
        let expired = keys().issue(42, Utc::now() - Duration::hours(2)).unwrap();
        assert_eq!(keys().verify(&expired), None);
        let token = keys().issue(42, Utc::now()).unwrap();
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(keys().verify(&tampered), None);
        let other = JwtKeys::new(b"another-secret-another-secret-xx", 3_600);
        assert_eq!(other.verify(&token), None);
        let not_yet = keys().issue(42, Utc::now() + Duration::hours(1)).unwrap();
        assert_eq!(keys().verify(&not_yet), None);
    }

    #[test]
    fn the_algorithm_is_pinned() {
        // A token signed with "none" must not pass.
        let header = base64_url(r#"{"alg":"none","typ":"JWT"}"#);
        let now = Utc::now().timestamp();
        let body = base64_url(&format!(
            r#"{{"sub":"1","iss":"{ISSUER}","aud":"{AUDIENCE}","iat":{now},"nbf":{now},"exp":{}}}"#,
            now + 60
        ));
        assert_eq!(keys().verify(&format!("{header}.{body}.")), None);
    }

    fn base64_url(text: &str) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let bytes = text.as_bytes();
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }
}
