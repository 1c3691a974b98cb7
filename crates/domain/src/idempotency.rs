//! `Idempotency-Key`: a retried POST returns the first response instead of acting twice.
//!
//! The key is stored with a hash of the request and the response, in the same transaction as
//! the effect, so "done" and "remembered" cannot disagree. Reusing a key for a different request
//! is refused (422) rather than silently answered with another request's result.
//!
//! A record is kept for [`IDEMPOTENCY_HOURS`]: a key older than that is a new request (its
//! record is replaced), and [`crate::retention`] removes expired records.

use budget_contract::limits::IDEMPOTENCY_HOURS;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

use crate::entity::idempotency_record;
use crate::error::{DomainError, DomainResult};

pub const MAX_KEY_CHARS: usize = budget_contract::limits::IDEMPOTENCY_KEY_CHARS;

/// A stored response to replay.
#[derive(Clone, Debug)]
pub struct Replay {
    pub status: u16,
    pub body: String,
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

/// A fingerprint of what the request asked for (its target and body).
pub fn request_hash(target: &str, body: &impl serde::Serialize) -> String {
    let body = serde_json::to_string(body).unwrap_or_default();
    hex::encode(Sha256::digest(format!("{target}\n{body}").as_bytes()))
}

/// Records created at or before this moment have expired.
pub fn expired_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::hours(IDEMPOTENCY_HOURS)
}

/// The earlier response for this key, if the same request was already done within
/// [`IDEMPOTENCY_HOURS`]. An expired record is removed, so the key can be used again.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    user_id: i64,
    key: &str,
    hash: &str,
) -> DomainResult<Option<Replay>> {
    let found = idempotency_record::Entity::find()
        .filter(idempotency_record::Column::UserId.eq(user_id))
        .filter(idempotency_record::Column::IdempotencyKey.eq(key))
        .one(conn)
        .await?;
    match found {
        None => Ok(None),
        Some(record) if record.created_at <= expired_before(now) => {
            record.delete(conn).await?;
            Ok(None)
        }
        Some(record) if record.request_hash == hash => Ok(Some(Replay {
            status: u16::try_from(record.response_status).unwrap_or(200),
            body: record.response_body,
        })),
        Some(_) => Err(DomainError::Validation(vec![
            budget_contract::problem::FieldError {
                field: "Idempotency-Key".to_owned(),
                code: "reused".to_owned(),
                message: "this key was already used for a different request".to_owned(),
            },
        ])),
    }
}

pub async fn remember<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    user_id: i64,
    key: &str,
    hash: &str,
    replay: &Replay,
) -> DomainResult<()> {
    idempotency_record::ActiveModel {
        user_id: Set(user_id),
        idempotency_key: Set(key.to_owned()),
        request_hash: Set(hash.to_owned()),
        response_status: Set(i32::from(replay.status)),
        response_body: Set(replay.body.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
