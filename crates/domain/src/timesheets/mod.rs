//! Weekly timesheets: one person's week on one board as a grid (rows = tasks, columns = the
//! seven days from Monday, each cell the total of that person's entries on that task and day),
//! saved in one transaction ([`save`]), and the week's approval ([`approval`]): a person submits
//! a week, a board admin approves or rejects it, and reopens an approved one. Submitted and
//! approved weeks close their time ([`crate::locks`]); so does an organisation's lock date
//! ([`lock_date`]).
//!
//! A week is named by its Monday. The timesheet's ETag changes whenever the week's state or any
//! entry behind its grid changes (its hash covers the state's version and every entry's id and
//! version), so a save sent with a stale `If-Match` is refused (412) and writes nothing.

pub mod approval;
pub mod lock_date;
pub mod save;

use std::collections::{BTreeMap, HashMap};

use budget_contract::board::BoardRole;
use budget_contract::timesheet::{Timesheet, TimesheetDay, TimesheetRow, TimesheetStatus};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use sha2::{Digest, Sha256};

use crate::access::BoardAccess;
use crate::amount::hours;
use crate::entity::{task, time_entry, timesheet_week};
use crate::error::{DomainError, DomainResult};
use crate::locks::ClosedTime;
use crate::Domain;

pub use save::save;

/// The days of a week.
pub const DAYS: usize = 7;

/// The week a path names: a date that is a Monday (422 on `week` otherwise).
pub fn parse_week(raw: &str) -> DomainResult<NaiveDate> {
    let date: NaiveDate = raw
        .parse()
        .map_err(|_| DomainError::field("week", "invalid", "must be a date such as 2026-11-30"))?;
    let (low, high) = budget_contract::limits::DATE_RANGE;
    if date < low || date > high {
        return Err(DomainError::field(
            "week",
            "out_of_range",
            format!("must be a date from {low} to {high}"),
        ));
    }
    if date.weekday() != Weekday::Mon {
        return Err(DomainError::field(
            "week",
            "not_monday",
            format!(
                "a week is named by its Monday; {date} is a {:?} (its week is {})",
                date.weekday(),
                crate::locks::week_of(date)
            ),
        ));
    }
    Ok(date)
}

/// The week's Sunday.
pub fn week_end(week: NaiveDate) -> NaiveDate {
    week + Duration::days(6)
}

/// The person a timesheet request is about: `user_id`, or the caller.
pub fn person(access: &BoardAccess, user_id: Option<i64>) -> i64 {
    user_id.unwrap_or(access.user_id)
}

/// A person's week on a board (any role on the board may read it; rates are not part of it).
pub async fn get(
    domain: &Domain,
    access: &BoardAccess,
    week: NaiveDate,
    user_id: Option<i64>,
) -> DomainResult<Timesheet> {
    access.require(BoardRole::Viewer)?;
    let person = person(access, user_id);
    let txn = domain.db.begin_read().await?;
    let sheet = read(&txn, access, person, week, false).await?;
    txn.commit().await?;
    Ok(sheet)
}

/// What a week is made of, read together.
pub(crate) struct WeekFacts {
    pub state: Option<timesheet_week::Model>,
    /// The person's entries on the board that week, oldest first.
    pub entries: Vec<time_entry::Model>,
    pub closed: ClosedTime,
}

impl WeekFacts {
    pub async fn read<C: ConnectionTrait>(
        conn: &C,
        access: &BoardAccess,
        person: i64,
        week: NaiveDate,
        lock: bool,
    ) -> DomainResult<Self> {
        let state = state(conn, access.board_id(), person, week).await?;
        let mut query = time_entry::Entity::find()
            .filter(time_entry::Column::BoardId.eq(access.board_id()))
            .filter(time_entry::Column::UserId.eq(person))
            .filter(time_entry::Column::WorkDate.gte(week))
            .filter(time_entry::Column::WorkDate.lte(week_end(week)))
            .order_by_asc(time_entry::Column::Id);
        if lock {
            query = query.lock_exclusive();
        }
        let entries = query.all(conn).await?;
        let closed = ClosedTime::load(conn, &access.board, week, week_end(week)).await?;
        Ok(Self {
            state,
            entries,
            closed,
        })
    }

    pub fn status(&self) -> TimesheetStatus {
        status_of(self.state.as_ref())
    }

    /// The timesheet's ETag: a digest of the week's state version and every entry's id and
    /// version.
    pub fn etag(&self) -> String {
        let mut digest = Sha256::new();
        let version = self.state.as_ref().map_or(0, |state| state.version);
        digest.update(format!("w{version};"));
        for entry in &self.entries {
            digest.update(format!("{}.{};", entry.id, entry.version));
        }
        let hash = hex::encode(digest.finalize());
        format!("\"timesheet-{}\"", &hash[..20])
    }
}

/// The state a stored week is in (no row: open).
pub(crate) fn status_of(state: Option<&timesheet_week::Model>) -> TimesheetStatus {
    state
        .and_then(|state| state.status.parse().ok())
        .unwrap_or_default()
}

pub(crate) async fn state<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    person: i64,
    week: NaiveDate,
) -> DomainResult<Option<timesheet_week::Model>> {
    Ok(timesheet_week::Entity::find()
        .filter(timesheet_week::Column::BoardId.eq(board_id))
        .filter(timesheet_week::Column::UserId.eq(person))
        .filter(timesheet_week::Column::WeekStart.eq(week))
        .one(conn)
        .await?)
}

/// Reads a week and shapes its grid.
pub(crate) async fn read<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    person: i64,
    week: NaiveDate,
    lock: bool,
) -> DomainResult<Timesheet> {
    let facts = WeekFacts::read(conn, access, person, week, lock).await?;
    let titles = titles(conn, &facts.entries).await?;
    Ok(grid(access.board_id(), person, week, &facts, &titles))
}

#[derive(Debug, FromQueryResult)]
struct Title {
    id: i64,
    title: String,
}

async fn titles<C: ConnectionTrait>(
    conn: &C,
    entries: &[time_entry::Model],
) -> DomainResult<HashMap<i64, String>> {
    let mut ids: Vec<i64> = entries.iter().map(|entry| entry.task_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = task::Entity::find()
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::Title)
        .filter(task::Column::Id.is_in(ids))
        .into_model::<Title>()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|row| (row.id, row.title)).collect())
}

/// The grid of a week: rows by task title then id, each cell the sum of its entries.
fn grid(
    board_id: i64,
    person: i64,
    week: NaiveDate,
    facts: &WeekFacts,
    titles: &HashMap<i64, String>,
) -> Timesheet {
    let mut cells: BTreeMap<i64, ([i64; DAYS], [u32; DAYS])> = BTreeMap::new();
    for entry in &facts.entries {
        let day = usize::try_from((entry.work_date - week).num_days()).unwrap_or(0);
        let row = cells.entry(entry.task_id).or_default();
        if let (Some(hours), Some(count)) = (row.0.get_mut(day), row.1.get_mut(day)) {
            *hours += i64::from(entry.centihours);
            *count += 1;
        }
    }
    let mut day_totals = [0_i64; DAYS];
    let mut rows: Vec<TimesheetRow> = cells
        .into_iter()
        .map(|(task_id, (centihours, entries))| {
            for (total, cell) in day_totals.iter_mut().zip(centihours) {
                *total += cell;
            }
            TimesheetRow {
                task_id,
                task_title: titles.get(&task_id).cloned().unwrap_or_default(),
                hours: centihours.iter().map(|cell| hours(*cell)).collect(),
                entries: entries.to_vec(),
                total: hours(centihours.iter().sum()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.task_title
            .cmp(&b.task_title)
            .then(a.task_id.cmp(&b.task_id))
    });
    let days = (0..DAYS)
        .map(|offset| {
            let date = week + Duration::days(offset as i64);
            TimesheetDay {
                date,
                total: hours(day_totals[offset]),
                closed: facts.closed.refusal(person, date).is_some(),
            }
        })
        .collect();
    let state = facts.state.as_ref();
    Timesheet {
        board_id,
        user_id: person,
        week,
        status: facts.status(),
        submitted_by: state.and_then(|s| s.submitted_by),
        submitted_at: state.and_then(|s| s.submitted_at),
        decided_by: state.and_then(|s| s.decided_by),
        decided_at: state.and_then(|s| s.decided_at),
        comment: state.and_then(|s| s.comment.clone()),
        days,
        rows,
        total: hours(day_totals.iter().sum()),
        closed_through: facts.closed.closed_through,
        // The whole week is closed when its last day is: by the lock date or by its state.
        locked_reason: facts.closed.refusal(person, week_end(week)),
        etag: facts.etag(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_named_by_their_monday() {
        assert_eq!(
            parse_week("2026-11-30").unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        for (raw, code) in [
            ("2026-12-01", "not_monday"),
            ("30/11/2026", "invalid"),
            ("1960-01-04", "out_of_range"),
        ] {
            match parse_week(raw) {
                Err(DomainError::Validation(errors)) => assert_eq!(errors[0].code, code),
                other => panic!("{raw}: {other:?}"),
            }
        }
    }
}
