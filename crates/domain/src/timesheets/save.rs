//! Saving a week's grid: every changed cell is brought to its new total in one transaction,
//! through the rules of each entry (16 hours per entry, 24 hours per person and day, closed
//! time, the person's rates in force, the audit trail), or nothing is written.
//!
//! A cell's new total is reached this way:
//! - unchanged (the same total): its entries are left as they are;
//! - 0: its entries are deleted;
//! - no entry yet: one entry is created (at most 16.00 hours), billable, without description;
//! - one entry or more: the newest entry (highest id) takes the difference, keeping its rates;
//!   when that would leave it with no time or more than 16.00 hours the cell is refused
//!   (`cells[i].hours`, `several_entries` or `out_of_range`): its entries are changed one by
//!   one in the list of entries, or the cell is set to 0.
//!
//! Cells that lower a total are written first, so time moves between tasks of one day without
//! passing 24 hours. A rule a cell breaks is reported under that cell: `cells[i].hours`,
//! `cells[i].work_date`, `cells[i].task_id` (`i` counts from 0 in the body's order), all of
//! them in one 422. Closed time answers 409 `entry_locked`; a stale `If-Match` 412.

use std::collections::{HashMap, HashSet};

use budget_contract::board::BoardRole;
use budget_contract::limits::{MAX_DAY_CENTIHOURS, MAX_ENTRY_CENTIHOURS, TIMESHEET_CELLS};
use budget_contract::problem::FieldError;
use budget_contract::timesheet::{Timesheet, TimesheetInput};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{person, read, week_end, WeekFacts};
use crate::access::BoardAccess;
use crate::entity::time_entry;
use crate::error::{DomainError, DomainResult};
use crate::precondition::abandon;
use crate::time_entries::{self, EntryWrite};
use crate::validate::Checks;
use crate::Domain;

/// A checked cell of the body.
struct Cell {
    index: usize,
    task_id: i64,
    work_date: NaiveDate,
    centihours: i64,
}

/// Saves the cells of `input` into the week of `user_id` (absent: the caller), if the
/// timesheet is still at `if_match` (its ETag as last read).
pub async fn save(
    domain: &Domain,
    access: &BoardAccess,
    week: NaiveDate,
    user_id: Option<i64>,
    input: TimesheetInput,
    if_match: &str,
) -> DomainResult<Timesheet> {
    access.require(BoardRole::Editor)?;
    let person = person(access, user_id);
    if person != access.user_id {
        time_entries::require_logging_for_others(access)?;
        time_entries::require_may_log(domain.db.conn(), access, person).await?;
    }
    let cells = check_cells(domain, week, &input)?;

    let txn = domain.db.begin_write().await?;
    // The person's lock first (PostgreSQL): their logging elsewhere waits for this save.
    time_entries::lock_person(&*txn, access.board_id(), person).await?;
    let facts = WeekFacts::read(&*txn, access, person, week, true).await?;
    let current = facts.etag();
    if !if_match.split(',').any(|tag| tag.trim() == current) {
        let stale = DomainError::PreconditionFailed {
            etag: Some(current),
        };
        return Err(abandon(txn, stale).await);
    }
    let mut by_cell: HashMap<(i64, NaiveDate), Vec<&time_entry::Model>> = HashMap::new();
    for entry in &facts.entries {
        by_cell
            .entry((entry.task_id, entry.work_date))
            .or_default()
            .push(entry);
    }
    // The changed cells, those lowering a total first.
    let mut changes: Vec<(&Cell, i64)> = cells
        .iter()
        .filter_map(|cell| {
            let now: i64 = by_cell
                .get(&(cell.task_id, cell.work_date))
                .map_or(0, |entries| {
                    entries.iter().map(|e| i64::from(e.centihours)).sum()
                });
            (now != cell.centihours).then_some((cell, now))
        })
        .collect();
    changes.sort_by_key(|(cell, now)| (cell.centihours > *now, cell.index));
    for (cell, _) in &changes {
        if let Some(reason) = facts.closed.refusal(person, cell.work_date) {
            return Err(abandon(txn, crate::locks::locked(reason)).await);
        }
    }

    let now = domain.clock.now();
    // The person's lock above share-locked the board: the currency read now holds until the
    // save commits.
    let currency = crate::budget::currency(&*txn, access.board_id()).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    for (cell, current_total) in changes {
        let entries = by_cell
            .get(&(cell.task_id, cell.work_date))
            .cloned()
            .unwrap_or_default();
        let written = write_cell(
            &*txn,
            now,
            access,
            person,
            cell,
            current_total,
            &entries,
            currency,
        )
        .await;
        match written {
            Ok(()) => {}
            Err(DomainError::Validation(failed)) => errors.extend(failed),
            Err(other) => return Err(abandon(txn, other).await),
        }
    }
    if !errors.is_empty() {
        return Err(abandon(txn, DomainError::Validation(errors)).await);
    }
    let sheet = read(&*txn, access, person, week, false).await?;
    txn.commit().await?;
    Ok(sheet)
}

/// Brings one cell to its new total (see the module's rules); a broken rule comes back as a
/// validation error under the cell's fields.
#[allow(clippy::too_many_arguments)]
async fn write_cell<C: sea_orm::ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    access: &BoardAccess,
    person: i64,
    cell: &Cell,
    current_total: i64,
    entries: &[&time_entry::Model],
    currency: &'static budget_contract::Currency,
) -> DomainResult<()> {
    let field = |name: &str| format!("cells[{}].{name}", cell.index);
    let prefix = format!("cells[{}]", cell.index);
    if cell.centihours == 0 {
        for entry in entries {
            time_entries::delete_within(conn, now, access, entry, currency).await?;
        }
        return Ok(());
    }
    let Some(newest) = entries.last() else {
        if cell.centihours > MAX_ENTRY_CENTIHOURS {
            return Err(DomainError::field(
                &field("hours"),
                "out_of_range",
                "a cell without entries becomes one entry: at most 16.00",
            ));
        }
        let write = EntryWrite {
            task_id: cell.task_id,
            user_id: person,
            work_date: cell.work_date,
            centihours: cell.centihours,
            description: String::new(),
            is_billable: true,
        };
        return match time_entries::log_within(conn, now, access, &write).await {
            Ok(_) => Ok(()),
            Err(DomainError::NotFound("task")) => Err(DomainError::field(
                &field("task_id"),
                "not_found",
                "no such task on the board",
            )),
            Err(other) => Err(other.nested_under(&prefix)),
        };
    };
    let newest_hours = i64::from(newest.centihours) + cell.centihours - current_total;
    if newest_hours <= 0 {
        return Err(DomainError::field(
            &field("hours"),
            "several_entries",
            format!(
                "this cell holds {} entries and its newest cannot take the difference: set the \
                 cell to 0, or change its entries one by one",
                entries.len()
            ),
        ));
    }
    if newest_hours > MAX_ENTRY_CENTIHOURS {
        return Err(DomainError::field(
            &field("hours"),
            "out_of_range",
            format!(
                "the cell's newest entry would hold {}: one entry holds at most 16.00",
                Decimal::new(newest_hours, 2)
            ),
        ));
    }
    time_entries::set_hours_within(conn, now, access, newest, newest_hours)
        .await
        .map(|_| ())
        .map_err(|err| err.nested_under(&prefix))
}

/// Checks the body: the number of cells, each cell's day (in the week, not in the future when
/// it holds time) and hours, one cell per task and day.
fn check_cells(
    domain: &Domain,
    week: NaiveDate,
    input: &TimesheetInput,
) -> DomainResult<Vec<Cell>> {
    if input.cells.len() > TIMESHEET_CELLS {
        return Err(DomainError::field(
            "cells",
            "too_many",
            format!("at most {TIMESHEET_CELLS} cells in one save"),
        ));
    }
    let mut checks = Checks::new();
    let mut seen = HashSet::new();
    let mut cells = Vec::with_capacity(input.cells.len());
    let today = domain.clock.today();
    for (index, cell) in input.cells.iter().enumerate() {
        let field = |name: &str| format!("cells[{index}].{name}");
        let centihours = checks.amount(
            &field("hours"),
            cell.hours,
            2,
            Decimal::new(MAX_DAY_CENTIHOURS, 2),
        );
        if cell.work_date < week || cell.work_date > week_end(week) {
            checks.fail(
                &field("work_date"),
                "outside_week",
                format!("must be a day from {week} to {}", week_end(week)),
            );
        } else if cell.work_date > today && centihours > 0 {
            checks.fail(
                &field("work_date"),
                "in_future",
                "must not be in the future",
            );
        }
        if !seen.insert((cell.task_id, cell.work_date)) {
            checks.fail(
                &format!("cells[{index}]"),
                "duplicate",
                "another cell names the same task and day",
            );
        }
        cells.push(Cell {
            index,
            task_id: cell.task_id,
            work_date: cell.work_date,
            centihours,
        });
    }
    checks.finish()?;
    Ok(cells)
}
