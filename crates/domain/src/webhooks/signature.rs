//! The Standard Webhooks signature: `v1,` and the base64 of HMAC-SHA256 over
//! `{id}.{timestamp}.{body}`, keyed with the base64-decoded part of the secret after `whsec_`.
//! Pure functions: the dispatcher signs with them, nothing else does.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use budget_contract::webhook::SECRET_PREFIX;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Random bytes in a new secret's key (the specification asks for 24 to 64).
pub const KEY_BYTES: usize = 32;

/// A new secret: `whsec_` and the base64 of [`KEY_BYTES`] random bytes.
pub fn new_secret() -> String {
    let mut key = [0u8; KEY_BYTES];
    rand::thread_rng().fill_bytes(&mut key);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(key))
}

/// The HMAC key of a secret; None when it is not `whsec_` and base64.
pub fn key_of(secret: &str) -> Option<Vec<u8>> {
    STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok()
}

/// One signature, `v1,<base64>`, of a message with this id, timestamp (unix seconds) and body;
/// None when the secret is unreadable.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let key = key_of(secret)?;
    // HMAC takes a key of any length: this never fails for a decoded key.
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The `webhook-signature` header: one signature per secret that still signs (the current one,
/// and the one a rotation replaced while it is valid), separated by a space.
pub fn header(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let signatures = secrets
        .iter()
        .map(|secret| sign(secret, id, timestamp, body))
        .collect::<Option<Vec<_>>>()?;
    Some(signatures.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specification_test_vector_is_reproduced() {
        // The Standard Webhooks reference implementations' vector.
        assert_eq!(
            sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#,
            )
            .as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn a_rotation_signs_with_both_secrets() {
        let (new, old) = (new_secret(), new_secret());
        let both = header(&[&new, &old], "evt_1", 10, b"{}").unwrap_or_default();
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(Some(parts[0].to_owned()), sign(&new, "evt_1", 10, b"{}"));
        assert_eq!(Some(parts[1].to_owned()), sign(&old, "evt_1", 10, b"{}"));
    }

    #[test]
    fn new_secrets_carry_32_random_bytes() {
        let secret = new_secret();
        assert!(secret.starts_with("whsec_"));
        assert_eq!(key_of(&secret).map(|key| key.len()), Some(KEY_BYTES));
        assert_ne!(secret, new_secret());
        assert_eq!(key_of("not-a-secret"), None);
    }
}
