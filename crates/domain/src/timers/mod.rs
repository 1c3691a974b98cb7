//! Timers: at most one running per person, on a task of a board they log time on. Starting one
//! while another runs stops the other first, in the same transaction; stopping logs its time as
//! entries (the rules in [`time`] and on `budget_contract::timer`), each through
//! [`time_entries::log_within`] so that every rule of logging time holds, all or nothing;
//! discarding logs nothing.

pub mod time;

use budget_contract::board::BoardRole;
use budget_contract::limits::DATE_RANGE;
use budget_contract::limits::{NOTE_CHARS, UTC_OFFSET_MINUTES};
use budget_contract::timer::{
    CurrentTimer, StartedTimer, StoppedTimer, Timer, TimerPatch, TimerStart,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Set,
};

use crate::access::{board_access_on, BoardAccess};
use crate::amount::hours;
use crate::entity::timer;
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::time_entries::{self, EntryWrite};
use crate::validate::Checks;
use crate::{boards, sql, Domain};

/// How long a timer may count: time after the cap is not logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub cap: Duration,
}

/// A timer counts 12 hours at most unless the server says otherwise (`TIMER_CAP_HOURS`).
pub const DEFAULT_CAP_HOURS: u32 = 12;

impl Default for Policy {
    fn default() -> Self {
        Self {
            cap: Duration::hours(i64::from(DEFAULT_CAP_HOURS)),
        }
    }
}

/// The caller's running timer, if any, as of now.
pub async fn current(domain: &Domain, user_id: i64) -> DomainResult<CurrentTimer> {
    let conn = domain.db.conn();
    let timer = match find(conn, user_id, false).await? {
        Some(model) => Some(view(conn, &model, domain.clock.now(), domain.timers).await?),
        None => None,
    };
    Ok(CurrentTimer { timer })
}

/// Starts the caller's timer on a task of the board of `access` (editors and admins). A timer
/// already running is stopped first, its entries logged, in the same transaction; if that is
/// refused (the 24 hours a day, closed time, the hard stop), nothing changes.
pub async fn start(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    input: TimerStart,
    idempotent: Option<&Idempotent<StartedTimer>>,
) -> DomainResult<Created<StartedTimer>> {
    access.require(BoardRole::Editor)?;
    let mut checks = Checks::new();
    let description = checks.free_text("description", input.description.as_deref(), NOTE_CHARS);
    let (low, high) = UTC_OFFSET_MINUTES;
    let offset = checks.int_between(
        "utc_offset_minutes",
        input.utc_offset_minutes.unwrap_or(0),
        low,
        high,
    );
    checks.finish()?;
    let model = timer::ActiveModel {
        user_id: Set(access.user_id),
        board_id: Set(access.board_id()),
        task_id: Set(task_id),
        started_at: Set(domain.clock.now()),
        utc_offset_minutes: Set(offset),
        description: Set(description),
        is_billable: Set(input.is_billable.unwrap_or(true)),
        ..Default::default()
    };
    let result = start_in_transaction(domain, access, task_id, model, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn start_in_transaction(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    model: timer::ActiveModel,
    idempotent: Option<&Idempotent<StartedTimer>>,
) -> DomainResult<Created<StartedTimer>> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    // The person first, then the replay: a retry that waited for the first request sees its
    // answer rather than the timer that request started.
    time_entries::lock_person(&*txn, access.board_id(), access.user_id).await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    crate::tasks::find_in_board(&*txn, access.board_id(), task_id).await?;
    let stopped = match find(&*txn, access.user_id, true).await? {
        Some(running) => Some(stop_within(&*txn, now, domain.timers, running).await?),
        None => None,
    };
    let started = model.insert(&*txn).await?;
    let answer = StartedTimer {
        timer: view(&*txn, &started, now, domain.timers).await?,
        stopped: stopped.map(|(_, stopped)| stopped),
    };
    idempotency::remember(&*txn, now, idempotent, &answer).await?;
    txn.commit().await?;
    Ok(Created::New(answer))
}

/// Stops the caller's timer and logs its time; 404 when none is running. Also the access to
/// the timer's board, which the entries changed.
pub async fn stop(domain: &Domain, user_id: i64) -> DomainResult<(BoardAccess, StoppedTimer)> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    // The timer's board is not known yet: the person only (logging its time locks the board).
    time_entries::lock_people(&*txn, &[], &[user_id]).await?;
    let running = find(&*txn, user_id, true)
        .await?
        .ok_or(DomainError::NotFound("running timer"))?;
    let stopped = stop_within(&*txn, now, domain.timers, running).await?;
    txn.commit().await?;
    Ok(stopped)
}

/// Changes the caller's running timer (its description, billable flag, start or offset); 404
/// when none is running. A start may move back (a timer started late) or forward, never past
/// now.
pub async fn update(domain: &Domain, user_id: i64, patch: TimerPatch) -> DomainResult<Timer> {
    let now = domain.clock.now();
    let mut checks = Checks::new();
    let description = patch
        .description
        .as_deref()
        .map(|text| checks.free_text("description", Some(text), NOTE_CHARS));
    let (low, high) = UTC_OFFSET_MINUTES;
    let offset = patch
        .utc_offset_minutes
        .map(|offset| checks.int_between("utc_offset_minutes", offset, low, high));
    if let Some(started_at) = patch.started_at {
        if started_at > now {
            checks.fail("started_at", "in_future", "must not be in the future");
        } else if started_at.date_naive() < DATE_RANGE.0 {
            checks.fail(
                "started_at",
                "out_of_range",
                format!("must be on or after {}", DATE_RANGE.0),
            );
        }
    }
    checks.finish()?;
    let txn = domain.db.begin_write().await?;
    // The timer's board is not known yet: the person only (logging its time locks the board).
    time_entries::lock_people(&*txn, &[], &[user_id]).await?;
    let running = find(&*txn, user_id, true)
        .await?
        .ok_or(DomainError::NotFound("running timer"))?;
    let mut changes: timer::ActiveModel = running.into();
    if let Some(description) = description {
        changes.description = Set(description);
    }
    if let Some(is_billable) = patch.is_billable {
        changes.is_billable = Set(is_billable);
    }
    if let Some(started_at) = patch.started_at {
        changes.started_at = Set(started_at);
    }
    if let Some(offset) = offset {
        changes.utc_offset_minutes = Set(offset);
    }
    let changed = changes.update(&*txn).await?;
    let shown = view(&*txn, &changed, now, domain.timers).await?;
    txn.commit().await?;
    Ok(shown)
}

/// Discards the caller's timer: nothing is logged. 404 when none is running.
pub async fn discard(domain: &Domain, user_id: i64) -> DomainResult<()> {
    let deleted = timer::Entity::delete_many()
        .filter(timer::Column::UserId.eq(user_id))
        .exec(domain.db.conn())
        .await?;
    if deleted.rows_affected == 0 {
        return Err(DomainError::NotFound("running timer"));
    }
    Ok(())
}

/// Logs a running timer's time as of `now` and removes it, inside the caller's transaction.
/// Its person must still be able to log time on its board.
async fn stop_within<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    policy: Policy,
    running: timer::Model,
) -> DomainResult<(BoardAccess, StoppedTimer)> {
    let access = board_access_on(conn, running.board_id, running.user_id).await?;
    access.require(BoardRole::Editor)?;
    let rule = boards::time_rounding(&access.board);
    let plan = time::plan(
        running.started_at,
        now,
        running.utc_offset_minutes,
        policy.cap,
        rule,
    );
    let mut entries = Vec::with_capacity(plan.entries.len());
    for (work_date, centihours) in plan.entries {
        let write = EntryWrite {
            task_id: running.task_id,
            user_id: running.user_id,
            work_date,
            centihours,
            description: running.description.clone(),
            is_billable: running.is_billable,
        };
        let entry = time_entries::log_within(conn, now, &access, &write).await?;
        entries.push(time_entries::shown_to(entry, &access));
    }
    let timer = view(conn, &running, now, policy).await?;
    timer::Entity::delete_by_id(running.id).exec(conn).await?;
    let stopped = StoppedTimer {
        timer,
        entries,
        capped: plan.capped,
        uncounted_hours: hours(time::nearest_centihours(plan.uncounted_seconds)),
    };
    Ok((access, stopped))
}

/// The person's timer; with `lock`, locked for the rest of the transaction on PostgreSQL.
async fn find<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    lock: bool,
) -> DomainResult<Option<timer::Model>> {
    let mut query = timer::Entity::find().filter(timer::Column::UserId.eq(user_id));
    if lock && conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    Ok(query.one(conn).await?)
}

#[derive(Debug, FromQueryResult)]
struct Names {
    board_name: String,
    task_title: String,
}

/// A timer as shown at `now`.
async fn view<C: ConnectionTrait>(
    conn: &C,
    model: &timer::Model,
    now: DateTime<Utc>,
    policy: Policy,
) -> DomainResult<Timer> {
    let names: Names = sql::one(
        conn,
        "SELECT b.name AS board_name, t.title AS task_title \
           FROM task t JOIN board b ON b.id = t.board_id WHERE t.id = $1",
        vec![model.task_id.into()],
    )
    .await?;
    let cap_at = model.started_at + policy.cap;
    Ok(Timer {
        board_id: model.board_id,
        board_name: names.board_name,
        task_id: model.task_id,
        task_title: names.task_title,
        started_at: model.started_at,
        utc_offset_minutes: model.utc_offset_minutes,
        description: model.description.clone(),
        is_billable: model.is_billable,
        elapsed_seconds: (now - model.started_at).num_seconds().max(0),
        cap_at,
        past_cap: now > cap_at,
    })
}
