//! Time logged on tasks. Each entry snapshots the rate in force and its labour cost. The running
//! labour totals per task and per day follow every insert, update and delete by database
//! triggers in the same transaction (migration `running_totals`), so nothing here maintains a
//! total by read-modify-write.

use std::collections::HashMap;

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::limits::{MAX_DAY_CENTIHOURS, MAX_ENTRY_CENTIHOURS, NOTE_CHARS};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::time_entry::{NewTimeEntry, TimeEntry, TimeEntryPatch};
use budget_contract::{Currency, Money};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, Statement,
};

use crate::access::{board_access, BoardAccess};
use crate::amount::{from_hundredths, hours, money};
use crate::audit::{self, Change};
use crate::entity::time_entry;
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination::{self, PageRequest};
use crate::precondition::{abandon, refused, Expected};
use crate::pricing::Price;
use crate::rates;
use crate::sql;
use crate::validate::Checks;
use crate::{Clock, Database, Domain};

mod groups;
mod prices;
pub use groups::{EntryGroups, GroupStats, WriterStep};
use prices::{PriceBook, Prices};

/// The kind in a time entry's ETag.
pub const KIND: &str = "time_entry";

/// What logging on a task needs to know, read in one query.
#[derive(Debug, FromQueryResult)]
pub(crate) struct LoggingFacts {
    /// The entry's place among those asked for together.
    n: i64,
    day_total: i64,
    /// The budget's currency code: the write's currency, read after the writer's lock
    /// ([`lock_people`]).
    currency: Option<String>,
    /// Whether the budget has a hard stop: only then is the stop checked (one more statement).
    hard_stop: Option<bool>,
    /// The state of the person's week of the work date on the board (none: open).
    week_status: Option<String>,
    /// The organisation's lock date.
    closed_through: Option<NaiveDate>,
    /// The revision of every rate and exchange rate (see [`PriceBook`]).
    pricing_revision: Option<i64>,
}

impl LoggingFacts {
    /// The currency the write is priced in: the budget's, read after the writer's lock
    /// ([`lock_people`]), which holds it until the write commits.
    fn currency(&self) -> &'static Currency {
        crate::budget::currency_named(self.currency.as_deref())
    }
}

/// One entry to write: whose time, on which task and day, how long, described how.
#[derive(Clone, Debug)]
pub struct EntryWrite {
    pub task_id: i64,
    /// The person the time belongs to (the caller, or someone they log for).
    pub user_id: i64,
    pub work_date: NaiveDate,
    pub centihours: i64,
    pub description: String,
    pub is_billable: bool,
}

/// Logs time on a task; with `idempotent`, a retry of the same request answers the first
/// answer and logs nothing more.
pub async fn log(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    input: NewTimeEntry,
    idempotent: Option<Idempotent<TimeEntry>>,
) -> DomainResult<Created<TimeEntry>> {
    access.require(BoardRole::Editor)?;
    let user_id = match input.user_id {
        Some(other) if other != access.user_id => {
            require_logging_for_others(access)?;
            require_may_log(domain.db.conn(), access, other).await?;
            other
        }
        _ => access.user_id,
    };
    let mut checks = Checks::new();
    let centihours = check_hours(&mut checks, input.hours);
    check_work_date(&mut checks, domain, input.work_date);
    let description = checks.free_text("description", input.description.as_deref(), NOTE_CHARS);
    checks.finish()?;
    let write = EntryWrite {
        task_id,
        user_id,
        work_date: input.work_date,
        centihours,
        description,
        is_billable: input.is_billable.unwrap_or(true),
    };
    let (result, idempotent) = domain
        .entry_groups
        .log(domain, access.clone(), write, idempotent)
        .await;
    idempotency::settle(
        domain.db.conn(),
        domain.clock.now(),
        idempotent.as_ref(),
        result,
    )
    .await
}

/// Logs one entry in a transaction of its own.
async fn log_in_transaction(
    db: &Database,
    clock: &Clock,
    access: &BoardAccess,
    write: &EntryWrite,
    idempotent: Option<&Idempotent<TimeEntry>>,
) -> DomainResult<Created<TimeEntry>> {
    let txn = db.begin_write().await?;
    let now = clock.now();
    // The person's lock first, then the replay: a retry that waited for the first request sees
    // its stored answer, instead of a day that the first request already filled.
    lock_person(&*txn, access.board_id(), write.user_id).await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let view = insert_checked(&*txn, now, access, write).await?;
    idempotency::remember(&*txn, now, idempotent, &view).await?;
    txn.commit().await?;
    Ok(Created::New(view))
}

/// Writes one entry inside the caller's transaction with every rule of logging time: the task
/// on the board, the person's 24 hours a day (their day serialised first), closed time, the
/// hard stop, the rates in force for that person on that day, the audit event (its actor the
/// caller of `access`). The write's checks of its input (hours, date, text) are the caller's.
pub async fn log_within<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    access: &BoardAccess,
    write: &EntryWrite,
) -> DomainResult<TimeEntry> {
    lock_person(conn, access.board_id(), write.user_id).await?;
    insert_checked(conn, now, access, write).await
}

async fn insert_checked<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    access: &BoardAccess,
    write: &EntryWrite,
) -> DomainResult<TimeEntry> {
    let checked = check_entry(conn, now, access, write).await?;
    checked.store(conn, now, access).await
}

/// An entry that passed every rule of logging, ready to be stored.
pub(crate) struct CheckedEntry {
    entry: time_entry::ActiveModel,
    currency: &'static Currency,
    /// What the stored row must say back (see [`store_entries`]).
    write: EntryWrite,
}

/// An entry to log, on the board and by the caller of its access.
pub(crate) type EntryRequest<'a> = (&'a BoardAccess, &'a EntryWrite);

/// Every rule of logging one entry (see [`check_entries`]).
pub(crate) async fn check_entry<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    access: &BoardAccess,
    write: &EntryWrite,
) -> DomainResult<CheckedEntry> {
    let entries = [(access, write)];
    let facts = read_facts(conn, &entries).await?;
    check_entries(conn, now, &entries, facts, &mut PriceBook::default())
        .await?
        .pop()
        .unwrap_or(Err(DomainError::NotFound("task")))
}

/// What logging reads of each entry to log (see [`read_facts`]); `None` where the task is not
/// on the board.
pub(crate) struct Facts(Vec<Option<LoggingFacts>>);

impl Facts {
    /// The revision of the rates and exchange rates, as the query that read the facts saw it
    /// (none if no entry's task was found).
    fn pricing_revision(&self) -> Option<i64> {
        self.0
            .iter()
            .flatten()
            .find_map(|facts| facts.pricing_revision)
    }

    /// Whether an entry's budget has a hard stop.
    pub(crate) fn any_hard_stop(&self) -> bool {
        self.0
            .iter()
            .flatten()
            .any(|facts| facts.hard_stop == Some(true))
    }
}

/// [`logging_facts`] of each entry to log, in one query.
pub(crate) async fn read_facts<C: ConnectionTrait>(
    conn: &C,
    entries: &[EntryRequest<'_>],
) -> DomainResult<Facts> {
    let asked: Vec<FactsOf> = entries
        .iter()
        .map(|(access, write)| FactsOf {
            task_id: write.task_id,
            board_id: access.board_id(),
            user_id: write.user_id,
            work_date: write.work_date,
            except_entry: None,
        })
        .collect();
    Ok(Facts(facts_of(conn, &asked).await?))
}

/// Every rule of logging, for entries written in this order in one transaction, read inside it:
/// the task on the board, the person's 24 hours a day (counting the entries before it here),
/// closed time, the rates in force and the exchange rates (those `book` has not read yet), then
/// the budget's hard stop. Each entry is answered on its own: checked, or refused. Only the hard
/// stop may write (a board admin's write past it is audited), and it comes last: a refusal
/// leaves nothing written. The hard stop weighs the budget as it stands before these entries, so
/// entries are checked together only where no budget has one ([`Facts::any_hard_stop`]); a
/// database error ends it all.
pub(crate) async fn check_entries<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    entries: &[EntryRequest<'_>],
    facts: Facts,
    book: &mut PriceBook,
) -> DomainResult<Vec<DomainResult<CheckedEntry>>> {
    let prices = Prices::read(conn, entries, &facts, book).await?;
    let mut logged_here: HashMap<(i64, NaiveDate), i64> = HashMap::new();
    let mut checked = Vec::with_capacity(entries.len());
    for ((&(access, write), facts), price) in entries.iter().zip(facts.0).zip(prices.0) {
        let (Some(facts), Some((currency, price))) = (facts, price) else {
            checked.push(Err(DomainError::NotFound("task")));
            continue;
        };
        let day = (write.user_id, write.work_date);
        let before = logged_here.get(&day).copied().unwrap_or(0);
        let result = check_one(conn, now, access, write, &facts, before, currency, price).await;
        match result {
            Err(err @ DomainError::Database(_)) => return Err(err),
            Ok(entry) => {
                *logged_here.entry(day).or_insert(0) += write.centihours;
                checked.push(Ok(entry));
            }
            Err(refusal) => checked.push(Err(refusal)),
        }
    }
    Ok(checked)
}

/// One entry of [`check_entries`], after `logged_before` centihours of its person's day among
/// the entries before it, at `price` (the rates in force, not worked out yet).
#[allow(clippy::too_many_arguments)]
async fn check_one<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    access: &BoardAccess,
    write: &EntryWrite,
    facts: &LoggingFacts,
    logged_before: i64,
    currency: &'static Currency,
    price: Price,
) -> DomainResult<CheckedEntry> {
    check_day_total(facts.day_total + logged_before, write.centihours)?;
    if let Some(reason) = crate::locks::refusal(
        facts.week_status.as_deref(),
        facts.closed_through,
        write.work_date,
    ) {
        return Err(crate::locks::locked(reason));
    }
    let price = price
        .work_out(
            conn,
            access.board.organization_id,
            currency,
            write.centihours,
            write.is_billable,
            write.work_date,
        )
        .await?;
    if facts.hard_stop == Some(true) {
        let stop = crate::alerts::hard_stop::Write::TimeEntry;
        crate::alerts::hard_stop::check(conn, access, now, stop).await?;
    }
    let mut entry = time_entry::ActiveModel {
        board_id: Set(access.board_id()),
        task_id: Set(write.task_id),
        user_id: Set(write.user_id),
        centihours: Set(i32::try_from(write.centihours).unwrap_or(i32::MAX)),
        work_date: Set(write.work_date),
        description: Set(write.description.clone()),
        is_billable: Set(write.is_billable),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    price.set_on(&mut entry);
    Ok(CheckedEntry {
        entry,
        currency,
        write: write.clone(),
    })
}

impl CheckedEntry {
    /// Inserts the entry and records its audit event.
    pub(crate) async fn store<C: ConnectionTrait>(
        self,
        conn: &C,
        now: chrono::DateTime<chrono::Utc>,
        access: &BoardAccess,
    ) -> DomainResult<TimeEntry> {
        store_entries(conn, now, vec![(access, self)])
            .await?
            .pop()
            .ok_or_else(|| DbErr::RecordNotInserted.into())
    }
}

/// Inserts checked entries, in one statement, and records their audit events, in one more:
/// the stored entries in the same order. The database numbers the rows of one insert in the
/// order they are listed; each row read back is compared with its entry all the same, and a
/// mismatch is an error that undoes the transaction.
pub(crate) async fn store_entries<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    entries: Vec<(&BoardAccess, CheckedEntry)>,
) -> DomainResult<Vec<TimeEntry>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let models: Vec<time_entry::ActiveModel> = entries
        .iter()
        .map(|(_, checked)| checked.entry.clone())
        .collect();
    let mut rows = time_entry::Entity::insert_many(models)
        .exec_with_returning_many(conn)
        .await?;
    rows.sort_unstable_by_key(|row| row.id);
    let matches = rows.len() == entries.len()
        && rows.iter().zip(&entries).all(|(row, (_, checked))| {
            let write = &checked.write;
            row.task_id == write.task_id
                && row.user_id == write.user_id
                && row.work_date == write.work_date
                && i64::from(row.centihours) == write.centihours
                && row.description == write.description
                && row.is_billable == write.is_billable
        });
    if !matches {
        return Err(
            DbErr::Custom("the stored entries differ from those inserted".to_owned()).into(),
        );
    }
    let views: Vec<TimeEntry> = rows
        .into_iter()
        .zip(&entries)
        .map(|(row, (_, checked))| view(row, checked.currency))
        .collect();
    let changes = views
        .iter()
        .zip(&entries)
        .map(|(view, (access, _))| entry_change(access, None, Some(view)));
    audit::record_many(conn, now, changes).await?;
    Ok(views)
}

/// Refuses unless the caller may log and correct time for other people on the board: its
/// admins, and its editors where the board allows it.
pub fn require_logging_for_others(access: &BoardAccess) -> DomainResult<()> {
    let allowed = access.role == BoardRole::Admin
        || (access.role == BoardRole::Editor && access.board.editors_log_for_others);
    if allowed {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            ProblemCode::NotLoggingForOthers,
            "logging or correcting time for someone else takes a board admin, or an editor where \
             the board lets editors log for others",
        ))
    }
}

/// Refuses (422 on `user_id`) unless `user_id` may log time on the board of `access`.
pub async fn require_may_log<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    user_id: i64,
) -> DomainResult<()> {
    let theirs = crate::access::board_access_on(conn, access.board_id(), user_id).await;
    match theirs {
        Ok(theirs) if theirs.role >= BoardRole::Editor => Ok(()),
        Ok(_) | Err(DomainError::Forbidden { .. }) => Err(DomainError::field(
            "user_id",
            "cannot_log_time",
            "this person cannot log time on the board: they must be one of its editors or admins",
        )),
        Err(other) => Err(other),
    }
}

/// Loads an entry and the caller's access to its board: 404 when there is no such entry,
/// 403 when it belongs to a board the caller cannot see.
pub async fn entry_access(
    domain: &Domain,
    user_id: i64,
    entry_id: i64,
) -> DomainResult<(BoardAccess, time_entry::Model)> {
    let entry = time_entry::Entity::find_by_id(entry_id)
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::NotFound("time entry"))?;
    let access = board_access(domain, entry.board_id, user_id).await?;
    Ok((access, entry))
}

/// Editors change their own entries; board admins change anyone's, and so do editors where the
/// board lets editors log for others.
fn require_author_or_admin(access: &BoardAccess, entry: &time_entry::Model) -> DomainResult<()> {
    access.require(BoardRole::Editor)?;
    if entry.user_id == access.user_id || require_logging_for_others(access).is_ok() {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            ProblemCode::NotEntryAuthor,
            "only the person who logged the entry or a board admin may change it",
        ))
    }
}

/// The entry, locked for the rest of the transaction on PostgreSQL (SQLite's writers are
/// serialised already): read before a change, it stays as read until the change is written.
async fn lock_entry<C: ConnectionTrait>(
    conn: &C,
    entry_id: i64,
) -> DomainResult<time_entry::Model> {
    time_entry::Entity::find_by_id(entry_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("time entry"))
}

/// Changes an entry; with a precondition, only if it is at one of the expected versions.
pub async fn update(
    domain: &Domain,
    access: &BoardAccess,
    entry: time_entry::Model,
    patch: TimeEntryPatch,
    expected: Expected,
) -> DomainResult<TimeEntry> {
    require_author_or_admin(access, &entry)?;
    let mut checks = Checks::new();
    let new_centihours = patch.hours.map(|h| check_hours(&mut checks, h));
    if let Some(work_date) = patch.work_date {
        check_work_date(&mut checks, domain, work_date);
    }
    let new_description = patch
        .description
        .as_deref()
        .map(|text| checks.free_text("description", Some(text), NOTE_CHARS));
    checks.finish()?;

    let txn = domain.db.begin_write().await?;
    // Re-read inside the transaction, locked: the entry may have changed or gone since it was
    // loaded, and what is kept of it must be what gets written.
    let current = lock_entry(&*txn, entry.id).await?;
    lock_person(&*txn, access.board_id(), current.user_id).await?;
    let centihours = new_centihours.unwrap_or(i64::from(current.centihours));
    let work_date = patch.work_date.unwrap_or(current.work_date);
    let board = &access.board;
    crate::locks::refuse_if_closed(&*txn, board, current.user_id, current.work_date).await?;
    if work_date != current.work_date {
        crate::locks::refuse_if_closed(&*txn, board, current.user_id, work_date).await?;
    }
    let description = new_description.unwrap_or_else(|| current.description.clone());
    let facts = logging_facts(
        &*txn,
        access,
        current.task_id,
        current.user_id,
        work_date,
        Some(current.id),
    )
    .await?;
    check_day_total(facts.day_total, centihours)?;
    let currency = facts.currency();
    let old = view(current.clone(), currency);
    let is_billable = patch.is_billable.unwrap_or(current.is_billable);
    // An entry moved to another day takes the rates in force on that day; otherwise it keeps
    // the rates and exchange rates it was priced at, and only its hours and billable flag may
    // change its amounts.
    let price = if work_date == current.work_date {
        Price::stored(&current, currency)
    } else {
        let resolved = rates::for_hour(
            &*txn,
            access.board_id(),
            access.board.organization_id,
            current.task_id,
            current.user_id,
            work_date,
        )
        .await?;
        Price::resolved(&resolved, currency)
    };
    let price = price
        .work_out(
            &*txn,
            access.board.organization_id,
            currency,
            centihours,
            is_billable,
            work_date,
        )
        .await?;
    let now = domain.clock.now();
    let mut changes = time_entry::ActiveModel {
        centihours: Set(i32::try_from(centihours).unwrap_or(i32::MAX)),
        work_date: Set(work_date),
        description: Set(description),
        is_billable: Set(is_billable),
        updated_at: Set(now),
        ..Default::default()
    };
    price.set_on(&mut changes);
    let condition = expected.condition(time_entry::Column::Version);
    if write_versioned(&*txn, &current, changes, condition).await? == 0 {
        return Err(abandon(txn, refused(KIND, Some(current.version))).await);
    }
    let updated = view(lock_entry(&*txn, current.id).await?, currency);
    audit::record(&*txn, now, entry_change(access, Some(&old), Some(&updated))).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Deletes an entry; with a precondition, only if it is at one of the expected versions.
pub async fn delete(
    domain: &Domain,
    access: &BoardAccess,
    entry: time_entry::Model,
    expected: Expected,
) -> DomainResult<()> {
    require_author_or_admin(access, &entry)?;
    let txn = domain.db.begin_write().await?;
    let current = lock_entry(&*txn, entry.id).await?;
    crate::locks::refuse_if_closed(&*txn, &access.board, current.user_id, current.work_date)
        .await?;
    let result = time_entry::Entity::delete_many()
        .filter(time_entry::Column::Id.eq(current.id))
        .filter(time_entry::Column::Version.eq(current.version))
        .filter(expected.condition(time_entry::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(abandon(txn, refused(KIND, Some(current.version))).await);
    }
    let currency = crate::budget::currency_for_write(&*txn, access.board_id()).await?;
    let old = view(current, currency);
    audit::record(
        &*txn,
        domain.clock.now(),
        entry_change(access, Some(&old), None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets an entry's hours inside the caller's transaction, with the rules of a change: the
/// person's 24 hours a day, closed time, the compare-and-set on the version read (`current`,
/// read in this transaction), the audit event. The entry keeps the rates and exchange rates it
/// was priced at; its amounts follow its hours. The check of the hours (0.01–16.00) is the
/// caller's.
pub async fn set_hours_within<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    access: &BoardAccess,
    current: &time_entry::Model,
    centihours: i64,
) -> DomainResult<TimeEntry> {
    let facts = logging_facts(
        conn,
        access,
        current.task_id,
        current.user_id,
        current.work_date,
        Some(current.id),
    )
    .await?;
    check_day_total(facts.day_total, centihours)?;
    if let Some(reason) = crate::locks::refusal(
        facts.week_status.as_deref(),
        facts.closed_through,
        current.work_date,
    ) {
        return Err(crate::locks::locked(reason));
    }
    let currency = facts.currency();
    let old = view(current.clone(), currency);
    let price = Price::stored(current, currency)
        .work_out(
            conn,
            access.board.organization_id,
            currency,
            centihours,
            current.is_billable,
            current.work_date,
        )
        .await?;
    let mut changes = time_entry::ActiveModel {
        centihours: Set(i32::try_from(centihours).unwrap_or(i32::MAX)),
        updated_at: Set(now),
        ..Default::default()
    };
    price.set_on(&mut changes);
    if write_versioned(conn, current, changes, Condition::all()).await? == 0 {
        return Err(refused(KIND, Some(current.version)));
    }
    let updated = view(lock_entry(conn, current.id).await?, currency);
    audit::record(conn, now, entry_change(access, Some(&old), Some(&updated))).await?;
    Ok(updated)
}

/// Writes `changes` to the entry read as `current` and raises its version: a compare-and-set
/// on the version read and on `expected` (the versions the caller accepts). How many rows it
/// changed: 0 when the entry moved on or is gone.
async fn write_versioned<C: ConnectionTrait>(
    conn: &C,
    current: &time_entry::Model,
    changes: time_entry::ActiveModel,
    expected: Condition,
) -> DomainResult<u64> {
    let result = time_entry::Entity::update_many()
        .set(changes)
        .col_expr(
            time_entry::Column::Version,
            Expr::col(time_entry::Column::Version).add(1),
        )
        .filter(time_entry::Column::Id.eq(current.id))
        .filter(time_entry::Column::Version.eq(current.version))
        .filter(expected)
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Deletes an entry inside the caller's transaction (`current`, read in it), with its audit
/// event. Closed time is the caller's to check (see [`crate::locks::ClosedTime`]).
pub async fn delete_within<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    access: &BoardAccess,
    current: &time_entry::Model,
    currency: &Currency,
) -> DomainResult<()> {
    let result = time_entry::Entity::delete_many()
        .filter(time_entry::Column::Id.eq(current.id))
        .filter(time_entry::Column::Version.eq(current.version))
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        return Err(refused(KIND, Some(current.version)));
    }
    let old = view(current.clone(), currency);
    audit::record(conn, now, entry_change(access, Some(&old), None)).await?;
    Ok(())
}

/// Filters of the time-entry lists.
#[derive(Clone, Debug, Default)]
pub struct EntryFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub user_id: Option<i64>,
    pub task_id: Option<i64>,
    /// Only entries whose week is approved.
    pub approved_only: bool,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Entries of a board (or one of its tasks), newest work date first.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    filter: EntryFilter,
) -> DomainResult<Page<TimeEntry>> {
    let (page, filtered, window) = entry_query(domain, access, &filter).await?;
    let (rows, total) = pagination::read::<time_entry::Model>(&domain.db, filtered, window).await?;
    let currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    Ok(page
        .page(rows, total, entry_cursor)
        .map(|row| shown_to(view(row, currency), access)))
}

/// One page of the entries [`list`] answers, without counting the whole list: for an export,
/// which reads page after page, every page in the `currency` it read once at the start. The
/// entries and the cursor of the next page.
pub async fn export_page(
    domain: &Domain,
    access: &BoardAccess,
    filter: EntryFilter,
    currency: &Currency,
) -> DomainResult<(Vec<TimeEntry>, Option<String>)> {
    let (page, _, window) = entry_query(domain, access, &filter).await?;
    let rows = time_entry::Model::find_by_statement(window)
        .all(domain.db.conn())
        .await?;
    let (rows, next_cursor) = page.cut(rows, entry_cursor);
    Ok((
        rows.into_iter()
            .map(|row| shown_to(view(row, currency), access))
            .collect(),
        next_cursor,
    ))
}

fn entry_cursor(entry: &time_entry::Model) -> String {
    format!("{}_{}", entry.work_date, entry.id)
}

/// The checked page request of an entry list, the list with its filters (to count), and the
/// page itself (after the cursor, newest work date first, one row more than the page).
async fn entry_query(
    domain: &Domain,
    access: &BoardAccess,
    filter: &EntryFilter,
) -> DomainResult<(PageRequest<(NaiveDate, i64)>, Statement, Statement)> {
    let mut checks = Checks::new();
    checks.day_range(filter.from, filter.to);
    let page = PageRequest::parse(
        &mut checks,
        filter.limit,
        filter.cursor.as_deref(),
        decode_cursor,
    );
    checks.finish()?;
    if let Some(task_id) = filter.task_id {
        crate::tasks::find_in_board(domain.db.conn(), access.board_id(), task_id).await?;
    }

    let mut condition = covered(
        access.board_id(),
        filter.from,
        filter.to,
        filter.user_id,
        filter.task_id,
    );
    if filter.approved_only {
        condition = condition.add(time_entry::Column::Approved.eq(true));
    }
    let backend = domain.db.backend();
    let filtered = time_entry::Entity::find()
        .filter(condition.clone())
        .build(backend);
    if let Some((date, id)) = page.after {
        condition = condition.add(
            Condition::any()
                .add(time_entry::Column::WorkDate.lt(date))
                .add(
                    Condition::all()
                        .add(time_entry::Column::WorkDate.eq(date))
                        .add(time_entry::Column::Id.lt(id)),
                ),
        );
    }
    let window = time_entry::Entity::find()
        .filter(condition)
        .order_by_desc(time_entry::Column::WorkDate)
        .order_by_desc(time_entry::Column::Id)
        .limit(page.fetch())
        .build(backend);
    Ok((page, filtered, window))
}

/// The board's entries worked from `from` to `to` (each optional, inclusive), of one person and
/// one task when given.
pub fn covered(
    board_id: i64,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    user_id: Option<i64>,
    task_id: Option<i64>,
) -> Condition {
    let mut condition = Condition::all().add(time_entry::Column::BoardId.eq(board_id));
    if let Some(from) = from {
        condition = condition.add(time_entry::Column::WorkDate.gte(from));
    }
    if let Some(to) = to {
        condition = condition.add(time_entry::Column::WorkDate.lte(to));
    }
    if let Some(user_id) = user_id {
        condition = condition.add(time_entry::Column::UserId.eq(user_id));
    }
    if let Some(task_id) = task_id {
        condition = condition.add(time_entry::Column::TaskId.eq(task_id));
    }
    condition
}

fn decode_cursor(raw: &str) -> Option<(NaiveDate, i64)> {
    let (date, id) = raw.split_once('_')?;
    Some((date.parse().ok()?, pagination::decode_id(id)?))
}

/// Re-prices every entry of a task at the rates now in force on each entry's work date;
/// returns how many entries changed. Runs inside the caller's transaction.
pub async fn reprice_task<C: ConnectionTrait>(
    conn: &C,
    board: &crate::entity::board::Model,
    task_id: i64,
    currency: &'static Currency,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<u64> {
    let entries = time_entry::Entity::find()
        .filter(time_entry::Column::TaskId.eq(task_id))
        .all(conn)
        .await?;
    let mut users: Vec<i64> = entries.iter().map(|e| e.user_id).collect();
    users.sort_unstable();
    users.dedup();
    let candidates =
        rates::candidates(conn, board.id, board.organization_id, &[task_id], &users).await?;
    let mut changed = 0;
    for entry in entries {
        let resolved = rates::resolve(&candidates, task_id, entry.user_id, entry.work_date);
        let price = Price::resolved(&resolved, currency)
            .work_out(
                conn,
                board.organization_id,
                currency,
                i64::from(entry.centihours),
                entry.is_billable,
                entry.work_date,
            )
            .await?;
        if price == Price::stored(&entry, currency) {
            continue;
        }
        let entry_version = entry.version;
        let mut active: time_entry::ActiveModel = entry.into();
        price.set_on(&mut active);
        active.updated_at = Set(now);
        active.version = Set(entry_version + 1);
        active.update(conn).await?;
        changed += 1;
    }
    Ok(changed)
}

/// An entry as shown, its amounts in the board's currency. The rates are the ones it was
/// priced at, shown exactly in their own currencies: a rate may be finer than the board's
/// currency, while the amounts were rounded to it.
pub fn view(model: time_entry::Model, currency: &Currency) -> TimeEntry {
    let rate = |cents: Option<i64>, code: &Option<String>| {
        let in_currency = code.as_deref().and_then(Currency::find).unwrap_or(currency);
        cents.map(|cents| Money::exact_in_currency(from_hundredths(cents), in_currency))
    };
    let code = |cents: Option<i64>, code: &Option<String>| {
        cents.map(|_| code.clone().unwrap_or_else(|| currency.code.to_owned()))
    };
    TimeEntry {
        id: model.id,
        board_id: model.board_id,
        task_id: model.task_id,
        user_id: model.user_id,
        hours: hours(i64::from(model.centihours)),
        work_date: model.work_date,
        description: model.description,
        is_billable: model.is_billable,
        hourly_rate: rate(model.hourly_rate_cents, &model.rate_currency),
        rate_currency: code(model.hourly_rate_cents, &model.rate_currency),
        cost_rate_id: model.cost_rate_id,
        cost_exchange_rate: model
            .cost_exchange_units
            .map(|units| crate::exchange_rates::rate_value(units).to_string()),
        labour_cost: money(model.labour_cost_cents, currency),
        billable_rate: rate(model.billable_rate_cents, &model.billable_rate_currency),
        billable_rate_currency: code(model.billable_rate_cents, &model.billable_rate_currency),
        billable_rate_id: model.billable_rate_id,
        billable_exchange_rate: model
            .billable_exchange_units
            .map(|units| crate::exchange_rates::rate_value(units).to_string()),
        billable_amount: money(model.billable_cents, currency),
        created_at: model.created_at,
        updated_at: model.updated_at,
        approved: model.approved,
        version: model.version,
    }
}

/// An entry as the caller of `access` may see it: the rates it was priced at only for those who
/// may see this person's rates; the amounts for everyone on the board.
pub fn shown_to(mut entry: TimeEntry, access: &BoardAccess) -> TimeEntry {
    if !rates::may_see_rates(access, entry.user_id) {
        entry.hourly_rate = None;
        entry.rate_currency = None;
        entry.cost_rate_id = None;
        entry.cost_exchange_rate = None;
        entry.billable_rate = None;
        entry.billable_rate_currency = None;
        entry.billable_rate_id = None;
        entry.billable_exchange_rate = None;
    }
    entry
}

fn check_hours(checks: &mut Checks, value: Decimal) -> i64 {
    let centihours = checks.amount("hours", value, 2, Decimal::new(MAX_ENTRY_CENTIHOURS, 2));
    if centihours == 0 && value.is_zero() {
        checks.fail("hours", "out_of_range", "must be at least 0.01");
    }
    centihours
}

fn check_work_date(checks: &mut Checks, domain: &Domain, date: NaiveDate) {
    if date > domain.clock.today() {
        checks.fail("work_date", "in_future", "must not be in the future");
    }
}

fn check_day_total(already: i64, adding: i64) -> DomainResult<()> {
    if already + adding > MAX_DAY_CENTIHOURS {
        let left = Decimal::new((MAX_DAY_CENTIHOURS - already).max(0), 2);
        return Err(DomainError::field(
            "hours",
            "daily_limit_exceeded",
            format!("one person may log at most 24.00 hours per day; {left} left on that day"),
        ));
    }
    Ok(())
}

/// Serialises one person's logging on a board on PostgreSQL (see [`lock_people`]).
pub(crate) async fn lock_person<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    user_id: i64,
) -> DomainResult<()> {
    lock_people(conn, &[board_id], &[user_id]).await
}

/// The lock a write of time takes first, on PostgreSQL (SQLite already serialises writers), in
/// one statement: each person's, exclusive, so that two concurrent entries cannot both pass the
/// 24-hours-a-day check; and each board's, shared, so that the budget's currency cannot change
/// until the write commits (a change of currency locks the board exclusively; see
/// [`crate::budget::currency_for_write`]). What logging reads after it ([`logging_facts`],
/// [`read_facts`]) is what the write is checked against. People are locked in the order of
/// their ids, so that two writers locking people never wait for each other. A board that does
/// not exist locks nothing, and the write that follows finds no task on it. Without boards,
/// only the people are locked; without people, only the boards.
pub(crate) async fn lock_people<C: ConnectionTrait>(
    conn: &C,
    boards: &[i64],
    people: &[i64],
) -> DomainResult<()> {
    let backend = conn.get_database_backend();
    if backend != sea_orm::DbBackend::Postgres || (people.is_empty() && boards.is_empty()) {
        return Ok(());
    }
    let sorted = |ids: &[i64]| {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (boards, people) = (sorted(boards), sorted(people));
    let board_list = sql::placeholders(1, boards.len());
    let board_values = || boards.iter().map(|&id| sea_orm::Value::from(id));
    if people.is_empty() {
        let statement =
            format!("SELECT id FROM board WHERE id IN ({board_list}) ORDER BY id FOR SHARE");
        let values = board_values().collect();
        conn.execute(sql::statement(backend, &statement, values))
            .await?;
        return Ok(());
    }
    for chunk in people.chunks(500) {
        let people = sql::placeholders(boards.len() + 1, chunk.len());
        let statement = if boards.is_empty() {
            format!("SELECT id FROM app_user WHERE id IN ({people}) ORDER BY id FOR UPDATE")
        } else {
            format!(
                "SELECT u.id FROM app_user u JOIN board b ON b.id IN ({board_list}) \
                 WHERE u.id IN ({people}) ORDER BY u.id, b.id FOR UPDATE OF u FOR SHARE OF b"
            )
        };
        let values = board_values()
            .chain(chunk.iter().map(|&id| sea_orm::Value::from(id)))
            .collect();
        conn.execute(sql::statement(backend, &statement, values))
            .await?;
    }
    Ok(())
}

/// The task's presence on the board, the person's hours that day (leaving out `except_entry`,
/// the entry being edited), the budget's currency and hard stop, and whether the day is closed
/// (the state of the person's week, the organisation's lock date), in one query.
async fn logging_facts<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    task_id: i64,
    user_id: i64,
    work_date: NaiveDate,
    except_entry: Option<i64>,
) -> DomainResult<LoggingFacts> {
    let asked = FactsOf {
        task_id,
        board_id: access.board_id(),
        user_id,
        work_date,
        except_entry,
    };
    facts_of(conn, &[asked])
        .await?
        .pop()
        .flatten()
        .ok_or(DomainError::NotFound("task"))
}

/// An entry whose [`logging_facts`] are read.
struct FactsOf {
    task_id: i64,
    board_id: i64,
    user_id: i64,
    work_date: NaiveDate,
    except_entry: Option<i64>,
}

/// Values bound per entry in [`facts_of`].
const FACTS_VALUES: usize = 7;

/// [`logging_facts`] of several entries in one query, in their order; `None` where the task is
/// not on the board.
///
/// The entries asked about are `MATERIALIZED`, so that PostgreSQL plans the query without
/// looking at their values: planned with them, the person's day is estimated from that
/// person's share of all entries, always cheaper than the estimate of a plan for any values, so
/// the query would be planned again on every execution (planning costs several times what
/// running it does). Kept apart, every execution after the first few runs the one plan kept
/// for the prepared statement.
async fn facts_of<C: ConnectionTrait>(
    conn: &C,
    asked: &[FactsOf],
) -> DomainResult<Vec<Option<LoggingFacts>>> {
    let mut found: Vec<Option<LoggingFacts>> = asked.iter().map(|_| None).collect();
    for (chunk_index, chunk) in asked.chunks(500).enumerate() {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * FACTS_VALUES);
        let mut tuples = Vec::with_capacity(chunk.len());
        for (n, facts) in chunk.iter().enumerate() {
            let first = n * FACTS_VALUES + 1;
            tuples.push(format!("({})", sql::placeholders(first, FACTS_VALUES)));
            let index = chunk_index * 500 + n;
            values.extend([
                i64::try_from(index).unwrap_or(i64::MAX).into(),
                facts.task_id.into(),
                facts.board_id.into(),
                facts.user_id.into(),
                facts.work_date.into(),
                facts.except_entry.unwrap_or(0).into(),
                crate::locks::week_of(facts.work_date).into(),
            ]);
        }
        let rows: Vec<LoggingFacts> = sql::all(
            conn,
            &format!(
                "WITH asked (n, task_id, board_id, user_id, work_date, except_entry, week_start) \
                   AS MATERIALIZED (VALUES {}) \
                 SELECT asked.n AS n, \
                   (SELECT CAST(COALESCE(SUM(e.centihours), 0) AS BIGINT) FROM time_entry e \
                      WHERE e.user_id = asked.user_id AND e.work_date = asked.work_date \
                        AND e.id <> asked.except_entry) AS day_total, \
                   pb.currency AS currency, pb.hard_stop AS hard_stop, \
                   (SELECT w.status FROM timesheet_week w \
                      WHERE w.board_id = asked.board_id AND w.user_id = asked.user_id \
                        AND w.week_start = asked.week_start) AS week_status, \
                   (SELECT l.closed_through FROM organization_time_lock l \
                      WHERE l.organization_id = b.organization_id) AS closed_through, \
                   (SELECT p.version FROM pricing_revision p) AS pricing_revision \
                 FROM asked \
                 JOIN task t ON t.id = asked.task_id AND t.board_id = asked.board_id \
                 JOIN board b ON b.id = t.board_id \
                 LEFT JOIN project_budget pb ON pb.board_id = b.id",
                tuples.join(", ")
            ),
            values,
        )
        .await?;
        for row in rows {
            if let Some(slot) = usize::try_from(row.n).ok().and_then(|n| found.get_mut(n)) {
                *slot = Some(row);
            }
        }
    }
    Ok(found)
}

/// The audit record of a change to a time entry: `old` → `new` (absent before a creation and
/// after a deletion).
fn entry_change<'a>(
    access: &BoardAccess,
    old: Option<&'a TimeEntry>,
    new: Option<&'a TimeEntry>,
) -> Change<'a, TimeEntry> {
    let id = new.or(old).map_or(0, |entry| entry.id);
    Change::on_board(access, AuditKind::TimeEntry, id, old, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_limit_counts_what_is_already_logged() {
        assert!(check_day_total(2_300, 100).is_ok());
        assert!(check_day_total(2_300, 101).is_err());
        assert!(check_day_total(0, 1_600).is_ok());
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(
            decode_cursor("2026-11-01_42"),
            Some((NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), 42))
        );
        assert_eq!(decode_cursor("garbage"), None);
    }
}
