//! The audit trail: who changed which budget, cost, entry or recommendation, old → new.
//! Written inside the same transaction as the change, so a change and its record stand or fall
//! together.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde::Serialize;

use crate::access::BoardAccess;
use crate::entity::audit_event;

pub struct Change<'a, T: Serialize> {
    pub actor_id: i64,
    pub board_id: Option<i64>,
    pub entity_type: &'static str,
    pub entity_id: i64,
    pub action: &'static str,
    pub old: Option<&'a T>,
    pub new: Option<&'a T>,
}

impl<'a, T: Serialize> Change<'a, T> {
    /// A change by the caller of `access` to something on that board: `old` → `new`, absent
    /// before a creation and after a deletion. The action says which: `create`, `update` or
    /// `delete`.
    pub fn on_board(
        access: &BoardAccess,
        entity_type: &'static str,
        entity_id: i64,
        old: Option<&'a T>,
        new: Option<&'a T>,
    ) -> Self {
        let action = match (old, new) {
            (None, _) => "create",
            (Some(_), Some(_)) => "update",
            (Some(_), None) => "delete",
        };
        Self {
            actor_id: access.user_id,
            board_id: Some(access.board_id()),
            entity_type,
            entity_id,
            action,
            old,
            new,
        }
    }

    /// The same change under another name (a recommendation is accepted, not updated).
    pub fn named(self, action: &'static str) -> Self {
        Self { action, ..self }
    }
}

pub async fn record<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    change: Change<'_, T>,
) -> Result<(), DbErr> {
    let json = |value: Option<&T>| value.and_then(|v| serde_json::to_value(v).ok());
    audit_event::ActiveModel {
        actor_id: Set(Some(change.actor_id)),
        board_id: Set(change.board_id),
        entity_type: Set(change.entity_type.to_owned()),
        entity_id: Set(change.entity_id),
        action: Set(change.action.to_owned()),
        old_value: Set(json(change.old)),
        new_value: Set(json(change.new)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map(|_| ())
}
