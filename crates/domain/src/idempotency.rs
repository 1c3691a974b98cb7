//! `Idempotency-Key`: a retried create answers what the first one answered instead of acting
//! twice.
//!
//! One rule for every create that takes a key ([`Idempotent`]):
//! - a key belongs to the person who sent it: two people using the same key do not meet;
//! - the key is remembered with a fingerprint of the request (method, path and body) and the
//!   answer (status, body, `Location`), in the same transaction as the effect, so "done" and
//!   "remembered" cannot disagree; a create that fails remembers nothing, so a corrected retry
//!   with the same key is a new request;
//! - the same key with the same request gets the remembered answer, and nothing is created
//!   again; the same key with a different request is refused (422, `Idempotency-Key`
//!   `reused`) rather than answered with another request's result;
//! - a record is kept for [`IDEMPOTENCY_HOURS`]: an older key is a new request (its record is
//!   replaced), and [`crate::retention`] removes expired records.
//!
//! A create runs [`replay`] first thing in its write transaction and [`remember`] last, and
//! hands its result to [`settle`], which answers a lost race with the winner's answer.
//!
//! What is remembered is kept from whoever reads the database: an answer may carry a secret
//! shown once (a new access token, an invitation or password-reset token). The key is stored
//! only as a digest, and the answer's body sealed (ChaCha20-Poly1305) with a key derived from
//! the `Idempotency-Key` itself, which only the client holds (a key someone could guess, such
//! as `1`, protects nothing: clients send random keys). Records written before sealing
//! (the key as sent, the body as JSON) are still found and replayed until they expire.

use budget_contract::limits::IDEMPOTENCY_HOURS;
use budget_contract::problem::FieldError;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ModelTrait, QueryFilter,
    Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::entity::idempotency_record;
use crate::error::{DomainError, DomainResult};

pub const MAX_KEY_CHARS: usize = budget_contract::limits::IDEMPOTENCY_KEY_CHARS;

/// An answer as it was sent, kept to be sent again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replay {
    pub status: u16,
    /// The JSON body, byte for byte.
    pub body: String,
    /// Where the created resource is addressed, when the answer named it.
    pub location: Option<String>,
}

/// The outcome of a create: what it made, or the remembered answer to an identical earlier
/// request.
#[derive(Debug)]
pub enum Created<T> {
    New(T),
    Replayed(Replay),
}

/// Where a created `T` is addressed (the answer's `Location`).
type Locate<T> = Box<dyn Fn(&T) -> Option<String> + Send + Sync>;

/// A create sent with an `Idempotency-Key`: who sent it, the key, the request's fingerprint,
/// and how its answer reads (status and `Location`), decided by whoever shapes the answer.
pub struct Idempotent<T> {
    user_id: i64,
    key: String,
    request_hash: String,
    status: u16,
    locate: Locate<T>,
}

impl<T> std::fmt::Debug for Idempotent<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Idempotent")
            .field("user_id", &self.user_id)
            .field("key", &self.key)
            .field("request_hash", &self.request_hash)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl<T: Serialize> Idempotent<T> {
    /// `request` names what was asked besides the body (`POST /boards`); the key must be 1 to
    /// [`MAX_KEY_CHARS`] printable characters.
    pub fn new(
        user_id: i64,
        key: &str,
        request: &str,
        body: &impl Serialize,
        status: u16,
        locate: impl Fn(&T) -> Option<String> + Send + Sync + 'static,
    ) -> DomainResult<Self> {
        validate_key(key)?;
        Ok(Self {
            user_id,
            key: key.to_owned(),
            request_hash: request_hash(request, body),
            status,
            locate: Box::new(locate),
        })
    }

    /// Whether `other` is the same person's request under the same key.
    pub(crate) fn same_key(&self, other: &Self) -> bool {
        self.user_id == other.user_id && self.key == other.key
    }

    /// The remembered answer to this request, if it was already done within
    /// [`IDEMPOTENCY_HOURS`]; 422 if the key was used for a different request. An expired
    /// record is removed, so the key can be used again.
    pub async fn replay<C: ConnectionTrait>(
        &self,
        conn: &C,
        now: DateTime<Utc>,
    ) -> DomainResult<Option<Replay>> {
        let found = idempotency_record::Entity::find()
            .filter(idempotency_record::Column::UserId.eq(self.user_id))
            .filter(
                idempotency_record::Column::IdempotencyKey
                    .is_in([key_digest(&self.key), self.key.clone()]),
            )
            .one(conn)
            .await?;
        match found {
            None => Ok(None),
            Some(record) if record.created_at <= expired_before(now) => {
                record.delete(conn).await?;
                Ok(None)
            }
            Some(record) if record.request_hash == self.request_hash => Ok(Some(Replay {
                status: u16::try_from(record.response_status).unwrap_or(self.status),
                body: open(&self.key, &record.response_body)?,
                location: record.response_location,
            })),
            Some(_) => Err(DomainError::Validation(vec![FieldError {
                field: "Idempotency-Key".to_owned(),
                code: "reused".to_owned(),
                message: "this key was already used for a different request".to_owned(),
            }])),
        }
    }

    /// Remembers the answer to this request, `created` as its body: call it inside the
    /// transaction that creates it.
    pub async fn remember<C: ConnectionTrait>(
        &self,
        conn: &C,
        now: DateTime<Utc>,
        created: &T,
    ) -> DomainResult<()> {
        let body = serde_json::to_string(created)
            .map_err(|err| DbErr::Custom(format!("cannot keep the answer for a retry: {err}")))?;
        idempotency_record::ActiveModel {
            user_id: Set(self.user_id),
            idempotency_key: Set(key_digest(&self.key)),
            request_hash: Set(self.request_hash.clone()),
            response_status: Set(i32::from(self.status)),
            response_body: Set(seal(&self.key, &body)?),
            response_location: Set((self.locate)(created)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        Ok(())
    }
}

/// [`Idempotent::replay`] when the create was sent with a key.
pub async fn replay<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    now: DateTime<Utc>,
    idempotent: Option<&Idempotent<T>>,
) -> DomainResult<Option<Replay>> {
    match idempotent {
        Some(idempotent) => idempotent.replay(conn, now).await,
        None => Ok(None),
    }
}

/// [`Idempotent::remember`] when the create was sent with a key.
pub async fn remember<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    now: DateTime<Utc>,
    idempotent: Option<&Idempotent<T>>,
    created: &T,
) -> DomainResult<()> {
    match idempotent {
        Some(idempotent) => idempotent.remember(conn, now, created).await,
        None => Ok(()),
    }
}

/// The outcome of a create sent with a key, once its transaction is over. Two identical
/// requests that ran at once both found nothing to replay; the one that committed second then
/// fails on a unique index (the key's, or the resource's own) or on a conflict its check saw.
/// Such a loser answers what the winner answered; any other failure stands.
pub async fn settle<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    now: DateTime<Utc>,
    idempotent: Option<&Idempotent<T>>,
    result: DomainResult<Created<T>>,
) -> DomainResult<Created<T>> {
    match (result, idempotent) {
        (Err(err), Some(idempotent)) if lost_a_race(&err) => {
            match idempotent.replay(conn, now).await {
                Ok(Some(replay)) => Ok(Created::Replayed(replay)),
                Ok(None) | Err(DomainError::Database(_)) => Err(err),
                Err(refused) => Err(refused),
            }
        }
        (result, _) => result,
    }
}

fn lost_a_race(err: &DomainError) -> bool {
    err.is_unique_violation() || matches!(err, DomainError::Conflict { .. })
}

pub fn validate_key(key: &str) -> DomainResult<()> {
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS || key.chars().any(char::is_control) {
        return Err(DomainError::field(
            "Idempotency-Key",
            "invalid",
            format!("must be 1 to {MAX_KEY_CHARS} printable characters"),
        ));
    }
    Ok(())
}

/// How a key is stored: a digest, so that the stored records do not hold the keys that open
/// them.
fn key_digest(key: &str) -> String {
    hex::encode(Sha256::digest(format!("idempotency-key\n{key}").as_bytes()))
}

/// Marks a sealed body; a body without it is one written before sealing, kept as JSON.
const SEALED: &str = "sealed:";
const NONCE_BYTES: usize = 12;

/// The cipher that seals the answers to requests sent with `key`.
fn cipher(key: &str) -> ChaCha20Poly1305 {
    let derived = Sha256::digest(format!("idempotent-replay\n{key}").as_bytes());
    ChaCha20Poly1305::new(&derived)
}

/// `body` sealed with a key derived from the idempotency key: a fresh nonce, then the
/// ciphertext, as hex.
fn seal(key: &str, body: &str) -> Result<String, DbErr> {
    let mut nonce = [0_u8; NONCE_BYTES];
    rand::thread_rng().fill_bytes(&mut nonce);
    let sealed = cipher(key)
        .encrypt(&Nonce::from(nonce), body.as_bytes())
        .map_err(|_| DbErr::Custom("cannot seal the answer for a retry".to_owned()))?;
    Ok(format!(
        "{SEALED}{}{}",
        hex::encode(nonce),
        hex::encode(sealed)
    ))
}

/// The body [`seal`] sealed with the same key (or a body kept before sealing, as it is).
fn open(key: &str, stored: &str) -> Result<String, DbErr> {
    let Some(sealed) = stored.strip_prefix(SEALED) else {
        return Ok(stored.to_owned());
    };
    let unreadable = || DbErr::Custom("a remembered answer cannot be opened".to_owned());
    let bytes = hex::decode(sealed).map_err(|_| unreadable())?;
    if bytes.len() < NONCE_BYTES {
        return Err(unreadable());
    }
    let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
    let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| unreadable())?;
    let body = cipher(key)
        .decrypt(&Nonce::from(nonce), ciphertext)
        .map_err(|_| unreadable())?;
    String::from_utf8(body).map_err(|_| unreadable())
}

/// A fingerprint of what the request asked for (its method and path, and its body).
fn request_hash(request: &str, body: &impl Serialize) -> String {
    let body = serde_json::to_string(body).unwrap_or_default();
    hex::encode(Sha256::digest(format!("{request}\n{body}").as_bytes()))
}

/// Records created at or before this moment have expired.
pub fn expired_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::hours(IDEMPOTENCY_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_body_opens_only_with_its_key() {
        let body = r#"{"token":"brt_secret"}"#;
        let sealed = seal("key-1", body).unwrap();
        assert!(sealed.starts_with(SEALED));
        assert!(!sealed.contains("brt_secret"));
        // A fresh nonce each time: two seals of one body differ.
        assert_ne!(sealed, seal("key-1", body).unwrap());
        assert_eq!(open("key-1", &sealed).unwrap(), body);
        assert!(open("key-2", &sealed).is_err());
        // A body kept before sealing is read as it is.
        assert_eq!(open("key-1", body).unwrap(), body);
        assert_ne!(key_digest("key-1"), "key-1");
        assert_eq!(key_digest("key-1"), key_digest("key-1"));
    }

    fn keyed(key: &str, request: &str, body: &str) -> DomainResult<Idempotent<String>> {
        Idempotent::new(7, key, request, &body, 201, |_| None)
    }

    #[test]
    fn a_key_is_one_to_the_bound_printable_characters() {
        assert!(keyed("a", "POST /boards", "x").is_ok());
        assert!(keyed(&"k".repeat(MAX_KEY_CHARS), "POST /boards", "x").is_ok());
        assert!(keyed("", "POST /boards", "x").is_err());
        assert!(keyed(&"k".repeat(MAX_KEY_CHARS + 1), "POST /boards", "x").is_err());
        assert!(keyed("a\tb", "POST /boards", "x").is_err());
    }

    #[test]
    fn the_fingerprint_covers_the_target_and_the_body() {
        let hash = |request, body| keyed("k", request, body).map(|i| i.request_hash);
        assert_eq!(
            hash("POST /boards", "x").ok(),
            hash("POST /boards", "x").ok()
        );
        assert_ne!(
            hash("POST /boards", "x").ok(),
            hash("POST /boards", "y").ok()
        );
        assert_ne!(
            hash("POST /boards", "x").ok(),
            hash("POST /tasks", "x").ok()
        );
    }
}
