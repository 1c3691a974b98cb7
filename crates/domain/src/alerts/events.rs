//! The transactional outbox: every event is written in the same transaction as its cause (a
//! rule's firing, a recommendation stored or reviewed), with a stable id (`evt_` and 32 hex
//! digits) that lets a receiver de-duplicate deliveries. The same statement-pair tells every
//! person who can see the board (see [`crate::access`]: its creator, its members, the members of
//! its organisation) through a notification.

use budget_contract::alert::EventType;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::Value as Json;

use crate::error::DomainResult;
use crate::sql;

/// The prefix of every event id.
pub const EVENT_ID_PREFIX: &str = "evt_";

/// A new event id: `evt_` and 128 random bits in hex.
pub fn new_event_id() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("{EVENT_ID_PREFIX}{}", hex::encode(bytes))
}

/// An event about a board, to be written with its cause.
#[derive(Clone, Debug)]
pub struct Event {
    pub event_type: EventType,
    pub board_id: i64,
    /// A sentence for people (the notification's text).
    pub message: String,
    /// The figures of the event, as JSON (decimals as exact strings).
    pub data: Json,
}

/// Writes `event` to the outbox and a notification of it for each person who can see its board,
/// on `conn` (the transaction of the event's cause). Returns the event's id.
pub async fn publish<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    event: &Event,
) -> DomainResult<String> {
    let id = new_event_id();
    let payload = serde_json::to_string(&event.data)
        .map_err(|err| DbErr::Custom(format!("the event's payload as JSON: {err}")))?;
    sql::execute(
        conn,
        "INSERT INTO event_outbox (id, event_type, board_id, created_at, payload_json) \
         VALUES ($1, $2, $3, $4, $5)",
        vec![
            id.clone().into(),
            event.event_type.as_str().into(),
            event.board_id.into(),
            now.into(),
            payload.clone().into(),
        ],
    )
    .await?;
    // The people the board's access rule gives a role: its creator, its members and the members
    // of its organisation (each once: UNION removes duplicates).
    sql::execute(
        conn,
        "INSERT INTO notification (user_id, event_id, event_type, board_id, message, \
           payload_json, created_at) \
         SELECT seen.user_id, $2, $3, $1, $4, $5, $6 FROM ( \
           SELECT b.created_by AS user_id FROM board b WHERE b.id = $1 \
           UNION SELECT m.user_id FROM board_member m WHERE m.board_id = $1 \
           UNION SELECT u.id FROM app_user u JOIN board b ON b.organization_id = u.organization_id \
             WHERE b.id = $1 \
         ) seen",
        vec![
            event.board_id.into(),
            id.clone().into(),
            event.event_type.as_str().into(),
            event.message.clone().into(),
            payload.into(),
            now.into(),
        ],
    )
    .await?;
    Ok(id)
}
