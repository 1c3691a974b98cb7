//! The audit trail: who changed which board, member, task, cost, entry, budget or
//! recommendation, old → new. Written inside the same transaction as the change, so a change and
//! its record stand or fall together; read by board admins (a board's trail) and organisation
//! admins (the organisation's, its boards' and its members' accounts').

use budget_contract::audit::{AuditAction, AuditEvent, AuditKind, KIND_CHARS};
use budget_contract::board::BoardRole;
use budget_contract::page::Page;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Set, Value};
use serde::Serialize;

use crate::access::BoardAccess;
use crate::entity::audit_event;
use crate::error::DomainResult;
use crate::organizations::require_org_admin;
use crate::pagination;
use crate::sql;
use crate::validate::Checks;
use crate::Domain;

pub struct Change<'a, T: Serialize> {
    pub actor_id: i64,
    pub board_id: Option<i64>,
    pub entity_type: AuditKind,
    pub entity_id: i64,
    pub action: AuditAction,
    pub old: Option<&'a T>,
    pub new: Option<&'a T>,
}

impl<'a, T: Serialize> Change<'a, T> {
    /// A change by the caller of `access` to something on that board: `old` → `new`, absent
    /// before a creation and after a deletion. The action says which: `create`, `update` or
    /// `delete`.
    pub fn on_board(
        access: &BoardAccess,
        entity_type: AuditKind,
        entity_id: i64,
        old: Option<&'a T>,
        new: Option<&'a T>,
    ) -> Self {
        let action = match (old, new) {
            (None, _) => AuditAction::Create,
            (Some(_), Some(_)) => AuditAction::Update,
            (Some(_), None) => AuditAction::Delete,
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
    pub fn named(self, action: AuditAction) -> Self {
        Self { action, ..self }
    }
}

pub async fn record<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    change: Change<'_, T>,
) -> Result<(), DbErr> {
    // Nothing of the stored event is needed back: one statement, without reading it again.
    audit_event::Entity::insert(event(now, change))
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// [`record`] for several changes, in one statement.
pub async fn record_many<'a, C: ConnectionTrait, T: Serialize + 'a>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    changes: impl IntoIterator<Item = Change<'a, T>>,
) -> Result<(), DbErr> {
    let events: Vec<_> = changes
        .into_iter()
        .map(|change| event(now, change))
        .collect();
    if events.is_empty() {
        return Ok(());
    }
    audit_event::Entity::insert_many(events)
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

fn event<T: Serialize>(
    now: chrono::DateTime<chrono::Utc>,
    change: Change<'_, T>,
) -> audit_event::ActiveModel {
    let json = |value: Option<&T>| value.and_then(|v| serde_json::to_value(v).ok());
    audit_event::ActiveModel {
        actor_id: Set(Some(change.actor_id)),
        board_id: Set(change.board_id),
        entity_type: Set(change.entity_type.as_str().to_owned()),
        entity_id: Set(change.entity_id),
        action: Set(change.action.as_str().to_owned()),
        old_value: Set(json(change.old)),
        new_value: Set(json(change.new)),
        created_at: Set(now),
        ..Default::default()
    }
}

/// Stamps the organisation a board belongs to on the board's events, so that they stay with the
/// organisation once the board (and with it the record of its organisation) is deleted. Runs in
/// the deletion's transaction.
pub async fn keep_with_organization<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    organization_id: i64,
) -> Result<(), DbErr> {
    conn.execute(sql::statement(
        conn.get_database_backend(),
        "UPDATE audit_event SET organization_id = $1 WHERE board_id = $2",
        vec![organization_id.into(), board_id.into()],
    ))
    .await
    .map(|_| ())
}

/// Stamps the organisation a member is leaving on the events of their account (made by them, or
/// done to it) that no organisation holds yet, so that the organisation's trail keeps what
/// happened to its member's account while they belonged to it. Runs in the departure's
/// transaction.
pub async fn keep_account_events_with_organization<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    organization_id: i64,
) -> Result<(), DbErr> {
    conn.execute(sql::statement(
        conn.get_database_backend(),
        "UPDATE audit_event SET organization_id = $1 \
         WHERE organization_id IS NULL AND board_id IS NULL \
           AND entity_type IN ('user', 'api_token') \
           AND (actor_id = $2 OR (entity_type = 'user' AND entity_id = $2))",
        vec![organization_id.into(), user_id.into()],
    ))
    .await
    .map(|_| ())
}

/// Filters of a trail; every one optional. `from` and `to` are days (UTC), both included.
#[derive(Clone, Debug, Default)]
pub struct TrailFilter {
    pub kind: Option<String>,
    pub actor_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The days a trail can be asked about.
const FIRST_DAY: (i32, u32, u32) = (1970, 1, 1);
const LAST_DAY: (i32, u32, u32) = (2200, 12, 31);

/// A board's trail, newest first: board admins only.
pub async fn board_trail(
    domain: &Domain,
    access: &BoardAccess,
    filter: TrailFilter,
) -> DomainResult<Page<AuditEvent>> {
    access.require(BoardRole::Admin)?;
    trail(
        domain,
        "e.board_id = $1",
        vec![access.board_id().into()],
        filter,
    )
    .await
}

/// An organisation's trail, newest first: organisation admins only. It holds the events on the
/// organisation itself, on its boards (including boards since deleted), and on the accounts of
/// its current members (as actor or as the account changed), and of its former members while
/// they belonged to it.
pub async fn organization_trail(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    filter: TrailFilter,
) -> DomainResult<Page<AuditEvent>> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins read its audit trail",
    )
    .await?;
    trail(
        domain,
        "(e.organization_id = $1 \
          OR (e.entity_type = 'organization' AND e.entity_id = $1) \
          OR e.board_id IN (SELECT id FROM board WHERE organization_id = $1) \
          OR (e.board_id IS NULL AND e.entity_type IN ('user', 'api_token') \
              AND (e.actor_id IN (SELECT id FROM app_user WHERE organization_id = $1) \
                   OR (e.entity_type = 'user' \
                       AND e.entity_id IN (SELECT id FROM app_user WHERE organization_id = $1)))))",
        vec![org_id.into()],
        filter,
    )
    .await
}

#[derive(Debug, FromQueryResult)]
struct EventRow {
    id: i64,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    actor_email: Option<String>,
    board_id: Option<i64>,
    entity_type: String,
    entity_id: i64,
    action: String,
    old_value: Option<serde_json::Value>,
    new_value: Option<serde_json::Value>,
    created_at: DateTime<Utc>,
}

impl From<EventRow> for AuditEvent {
    fn from(row: EventRow) -> Self {
        AuditEvent {
            id: row.id,
            at: row.created_at,
            actor_id: row.actor_id,
            actor_name: row.actor_name,
            actor_email: row.actor_email,
            board_id: row.board_id,
            kind: row.entity_type,
            entity_id: row.entity_id,
            action: row.action,
            before: row.old_value,
            after: row.new_value,
        }
    }
}

/// The events matching `scope` (whose placeholders are `$1`…) and the filter, newest first.
async fn trail(
    domain: &Domain,
    scope: &str,
    scope_values: Vec<Value>,
    filter: TrailFilter,
) -> DomainResult<Page<AuditEvent>> {
    let mut checks = Checks::new();
    let kind = filter
        .kind
        .as_deref()
        .map(|kind| checks.text("kind", kind, KIND_CHARS));
    let day = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
    let (first, last) = (day(FIRST_DAY), day(LAST_DAY));
    for (field, value) in [("from", filter.from), ("to", filter.to)] {
        if value.is_some_and(|v| Some(v) < first || Some(v) > last) {
            checks.fail(
                field,
                "out_of_range",
                "must be between 1970-01-01 and 2200-12-31",
            );
        }
    }
    checks.day_range(filter.from, filter.to);
    let page = pagination::by_id_parse(&mut checks, filter.limit, filter.cursor.as_deref());
    checks.finish()?;

    let mut conditions: Vec<(&str, Value)> = Vec::new();
    if let Some(kind) = kind {
        conditions.push(("e.entity_type =", kind.into()));
    }
    if let Some(actor) = filter.actor_id {
        conditions.push(("e.actor_id =", actor.into()));
    }
    if let Some(from) = filter.from.and_then(start_of) {
        conditions.push(("e.created_at >=", from.into()));
    }
    if let Some(end) = filter.to.and_then(|to| to.succ_opt()).and_then(start_of) {
        conditions.push(("e.created_at <", end.into()));
    }
    let mut values = scope_values;
    let mut sql = format!(
        "SELECT e.id, e.actor_id, u.display_name AS actor_name, u.email AS actor_email, \
                e.board_id, e.entity_type, e.entity_id, e.action, e.old_value, e.new_value, \
                e.created_at \
         FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id \
         WHERE {scope}"
    );
    for (condition, value) in conditions {
        values.push(value);
        sql.push_str(&format!(" AND {condition} ${}", values.len()));
    }
    let backend = domain.db.backend();
    let filtered = sql::statement(backend, &sql, values.clone());
    if let Some(after) = page.after {
        values.push(after.into());
        sql.push_str(&format!(" AND e.id < ${}", values.len()));
    }
    values.push(page.fetch_value().into());
    sql.push_str(&format!(" ORDER BY e.id DESC LIMIT ${}", values.len()));
    let window = sql::statement(backend, &sql, values);
    let (rows, total) = pagination::read::<EventRow>(&domain.db, filtered, window).await?;
    Ok(page
        .page(rows, total, |e| e.id.to_string())
        .map(AuditEvent::from))
}

fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0).map(|at| at.and_utc())
}
