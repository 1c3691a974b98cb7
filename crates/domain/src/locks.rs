//! Which recorded time may still change. Time in a closed period (an organisation's lock date)
//! or in a submitted or approved week of its person on its board is closed: entries there are
//! not created, changed or deleted (409 `entry_locked`) until a board admin reopens the week (or
//! its person withdraws it while it is submitted) or an organisation admin moves the lock date
//! back. A rejected week is open again.
//!
//! Every path that writes time asks here: a single entry through [`refuse_if_closed`] (or, for a
//! new entry, through [`refusal`] on facts read with the write's other facts), many at once (an
//! import, a timesheet) through [`ClosedTime`], read once.

use std::collections::HashMap;

use budget_contract::problem::ProblemCode;
use budget_contract::timesheet::TimesheetStatus;
use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::entity::board;
use crate::error::{DomainError, DomainResult};
use crate::sql;

/// The Monday of the week `date` falls in: the week's name.
pub fn week_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Whether a week in this state closes its person's time.
pub fn closes(status: TimesheetStatus) -> bool {
    matches!(
        status,
        TimesheetStatus::Submitted | TimesheetStatus::Approved
    )
}

/// Why time on `work_date` may not change, given the state of its week (`None`: no row, open)
/// and the organisation's lock date: the lock date first, then the week.
pub fn refusal(
    week_status: Option<&str>,
    closed_through: Option<NaiveDate>,
    work_date: NaiveDate,
) -> Option<String> {
    if let Some(closed_through) = closed_through.filter(|through| work_date <= *through) {
        return Some(format!(
            "the organisation closed time up to {closed_through}; an organisation admin can \
             move its lock date back"
        ));
    }
    let status = week_status.and_then(|status| status.parse::<TimesheetStatus>().ok())?;
    let week = week_of(work_date);
    match status {
        TimesheetStatus::Approved => Some(format!(
            "the week of {week} is approved; a board admin can reopen it"
        )),
        TimesheetStatus::Submitted => Some(format!(
            "the week of {week} is submitted for approval; its person can withdraw it, or a \
             board admin can reject it"
        )),
        TimesheetStatus::Open | TimesheetStatus::Rejected => None,
    }
}

/// The 409 `entry_locked` answer for a refusal.
pub fn locked(reason: String) -> DomainError {
    DomainError::conflict(ProblemCode::EntryLocked, reason)
}

#[derive(Debug, FromQueryResult)]
struct DayFacts {
    week_status: Option<String>,
    closed_through: Option<NaiveDate>,
}

/// Refuses (409 `entry_locked`) when `user_id`'s time on `board` on `work_date` is closed.
pub async fn refuse_if_closed<C: ConnectionTrait>(
    conn: &C,
    board: &board::Model,
    user_id: i64,
    work_date: NaiveDate,
) -> DomainResult<()> {
    let facts: Vec<DayFacts> = sql::all(
        conn,
        "SELECT \
           (SELECT w.status FROM timesheet_week w \
             WHERE w.board_id = $1 AND w.user_id = $2 AND w.week_start = $3) AS week_status, \
           (SELECT l.closed_through FROM organization_time_lock l \
             WHERE l.organization_id = $4) AS closed_through",
        vec![
            board.id.into(),
            user_id.into(),
            week_of(work_date).into(),
            board.organization_id.unwrap_or(0).into(),
        ],
    )
    .await?;
    let facts = facts.into_iter().next();
    let reason = facts.and_then(|facts| {
        refusal(
            facts.week_status.as_deref(),
            facts.closed_through,
            work_date,
        )
    });
    match reason {
        Some(reason) => Err(locked(reason)),
        None => Ok(()),
    }
}

#[derive(Debug, FromQueryResult)]
struct ClosedWeek {
    user_id: i64,
    week_start: NaiveDate,
    status: String,
}

#[derive(Debug, FromQueryResult)]
struct LockDate {
    closed_through: NaiveDate,
}

/// What is closed on a board from one day to another, read once for a batch of writes.
#[derive(Clone, Debug, Default)]
pub struct ClosedTime {
    /// The organisation's lock date.
    pub closed_through: Option<NaiveDate>,
    /// The state of each week in the range that closes its person's time, by (person, Monday).
    weeks: HashMap<(i64, NaiveDate), String>,
}

impl ClosedTime {
    /// Reads what is closed on `board` for anyone from `from` to `to` (inclusive).
    pub async fn load<C: ConnectionTrait>(
        conn: &C,
        board: &board::Model,
        from: NaiveDate,
        to: NaiveDate,
    ) -> DomainResult<Self> {
        let weeks: Vec<ClosedWeek> = sql::all(
            conn,
            "SELECT user_id, week_start, status FROM timesheet_week \
             WHERE board_id = $1 AND week_start >= $2 AND week_start <= $3 \
               AND status IN ('submitted', 'approved')",
            vec![board.id.into(), week_of(from).into(), to.into()],
        )
        .await?;
        let closed_through = match board.organization_id {
            Some(org_id) => sql::all::<LockDate, _>(
                conn,
                "SELECT closed_through FROM organization_time_lock WHERE organization_id = $1",
                vec![org_id.into()],
            )
            .await?
            .into_iter()
            .next()
            .map(|lock| lock.closed_through),
            None => None,
        };
        Ok(Self {
            closed_through,
            weeks: weeks
                .into_iter()
                .map(|week| ((week.user_id, week.week_start), week.status))
                .collect(),
        })
    }

    /// Why `user_id`'s time on `work_date` may not change, if it may not.
    pub fn refusal(&self, user_id: i64, work_date: NaiveDate) -> Option<String> {
        let status = self.weeks.get(&(user_id, week_of(work_date)));
        refusal(status.map(String::as_str), self.closed_through, work_date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_week_is_named_by_its_monday() {
        assert_eq!(week_of(day("2026-11-30")), day("2026-11-30"));
        assert_eq!(week_of(day("2026-12-06")), day("2026-11-30"));
        assert_eq!(week_of(day("2026-12-03")), day("2026-11-30"));
        assert_eq!(week_of(day("2026-11-29")), day("2026-11-23"));
    }

    #[test]
    fn submitted_and_approved_weeks_and_the_lock_date_close_time() {
        let thursday = day("2026-12-03");
        assert_eq!(refusal(None, None, thursday), None);
        assert_eq!(refusal(Some("open"), None, thursday), None);
        assert_eq!(refusal(Some("rejected"), None, thursday), None);
        assert_eq!(
            refusal(Some("approved"), None, thursday).as_deref(),
            Some("the week of 2026-11-30 is approved; a board admin can reopen it")
        );
        assert!(refusal(Some("submitted"), None, thursday).is_some());
        assert_eq!(
            refusal(None, Some(day("2026-12-03")), thursday).as_deref(),
            Some(
                "the organisation closed time up to 2026-12-03; an organisation admin can move \
                 its lock date back"
            )
        );
        assert_eq!(refusal(None, Some(day("2026-12-02")), thursday), None);
    }
}
