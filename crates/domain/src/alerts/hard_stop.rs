//! The budget's hard stop: with `hard_stop` on, once the money (on the budget's basis) or the
//! hours are spent — spent ≥ budget, hours logged ≥ budget hours — new time entries and expenses
//! are refused with 409 `budget_exhausted`, except for board admins, whose writes past the stop
//! are audited. Checked inside the write's transaction from the board's running totals, in one
//! query.

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::board::BoardRole;
use budget_contract::budget::BudgetBasis;
use budget_contract::problem::ProblemCode;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::access::BoardAccess;
use crate::amount::{from_hundredths, hours};
use crate::audit::{self, Change};
use crate::error::{DomainError, DomainResult};
use crate::metrics::formulas::BoardTotals;
use crate::sql;

/// What a write past the stop adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    TimeEntry,
    Expense,
}

impl Write {
    fn noun(self) -> &'static str {
        match self {
            Self::TimeEntry => "time entry",
            Self::Expense => "expense",
        }
    }
}

#[derive(Debug, FromQueryResult)]
struct StopRow {
    hard_stop: bool,
    basis: String,
    currency: String,
    allocated_budget_cents: i64,
    allocated_centihours: Option<i64>,
    labour_cents: i64,
    direct_cents: i64,
    resource_cents: i64,
    billable_cents: i64,
    centihours: i64,
}

/// What is exhausted, in words, or `None`.
fn exhausted(row: &StopRow) -> Option<String> {
    let basis: BudgetBasis = row.basis.parse().unwrap_or_default();
    let totals = BoardTotals {
        labour_cents: row.labour_cents,
        direct_cents: row.direct_cents,
        resource_cents: row.resource_cents,
        billable_cents: row.billable_cents,
        centihours: row.centihours,
        ..BoardTotals::default()
    };
    let spent = totals.spent_cents(basis);
    let mut what = Vec::new();
    if spent >= row.allocated_budget_cents {
        what.push(format!(
            "the money ({} {} spent on the {} basis of a budget of {} {})",
            from_hundredths(spent),
            row.currency,
            basis.as_str(),
            from_hundredths(row.allocated_budget_cents),
            row.currency
        ));
    }
    if let Some(allocated) = row.allocated_centihours {
        if row.centihours >= allocated {
            what.push(format!(
                "the hours ({} logged of {})",
                hours(row.centihours),
                hours(allocated)
            ));
        }
    }
    (!what.is_empty()).then(|| what.join(" and "))
}

/// The audit record of an admin's write past the stop.
#[derive(Serialize)]
struct PastTheStop<'a> {
    write: &'static str,
    exhausted: &'a str,
}

/// Refuses a new time entry or expense on a board whose hard-stopped budget is spent, unless
/// the caller is a board admin (then the write is audited). Run inside the write's transaction.
pub async fn check<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    now: DateTime<Utc>,
    write: Write,
) -> DomainResult<()> {
    let row: Option<StopRow> = sql::all(
        conn,
        "SELECT p.hard_stop, p.basis, p.currency, p.allocated_budget_cents, \
           p.allocated_centihours, \
           CAST(COALESCE(s.labour_cents, 0) AS BIGINT) AS labour_cents, \
           CAST(COALESCE(s.direct_cents, 0) AS BIGINT) AS direct_cents, \
           CAST(COALESCE(s.resource_cents, 0) AS BIGINT) AS resource_cents, \
           CAST(COALESCE(s.labour_billable_cents, 0) + COALESCE(s.direct_billable_cents, 0) \
             AS BIGINT) AS billable_cents, \
           CAST(COALESCE(s.centihours, 0) AS BIGINT) AS centihours \
         FROM project_budget p LEFT JOIN board_totals s ON s.board_id = p.board_id \
         WHERE p.board_id = $1",
        vec![access.board_id().into()],
    )
    .await?
    .into_iter()
    .next();
    let Some(row) = row.filter(|row| row.hard_stop) else {
        return Ok(());
    };
    let Some(what) = exhausted(&row) else {
        return Ok(());
    };
    if access.role >= BoardRole::Admin {
        audit::record(
            conn,
            now,
            Change {
                actor_id: access.user_id,
                board_id: Some(access.board_id()),
                entity_type: AuditKind::HardStop,
                entity_id: access.board_id(),
                action: AuditAction::Override,
                old: None,
                new: Some(&PastTheStop {
                    write: write.noun(),
                    exhausted: &what,
                }),
            },
        )
        .await?;
        return Ok(());
    }
    Err(DomainError::conflict(
        ProblemCode::BudgetExhausted,
        format!(
            "the budget has a hard stop and is exhausted — {what}: no new {} may be added; a \
             board admin may still add one, or lift the stop by turning the budget's hard_stop off \
             (or raising the budget)",
            write.noun()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(allocated_cents: i64, spent_cents: i64, hours: Option<(i64, i64)>) -> StopRow {
        StopRow {
            hard_stop: true,
            basis: "cost".to_owned(),
            currency: "EUR".to_owned(),
            allocated_budget_cents: allocated_cents,
            allocated_centihours: hours.map(|(_, allocated)| allocated),
            labour_cents: spent_cents,
            direct_cents: 0,
            resource_cents: 0,
            billable_cents: 0,
            centihours: hours.map_or(0, |(logged, _)| logged),
        }
    }

    #[test]
    fn money_is_exhausted_from_spent_equal_to_the_budget() {
        assert_eq!(exhausted(&row(50_000, 49_999, None)), None);
        assert_eq!(
            exhausted(&row(50_000, 50_000, None)).as_deref(),
            Some("the money (500.00 EUR spent on the cost basis of a budget of 500.00 EUR)")
        );
    }

    #[test]
    fn hours_are_exhausted_from_logged_equal_to_the_budget_hours() {
        assert_eq!(exhausted(&row(100_000, 0, Some((499, 500)))), None);
        assert_eq!(
            exhausted(&row(100_000, 0, Some((500, 500)))).as_deref(),
            Some("the hours (5.00 logged of 5.00)")
        );
        let both = exhausted(&row(100, 100, Some((500, 500)))).unwrap();
        assert!(both.starts_with("the money") && both.ends_with("the hours (5.00 logged of 5.00)"));
    }

    #[test]
    fn a_billable_budget_is_spent_by_the_billable_amounts() {
        let mut billable = row(10_000, 20_000, None);
        billable.basis = "billable".to_owned();
        billable.billable_cents = 9_999;
        assert_eq!(exhausted(&billable), None);
        billable.billable_cents = 10_000;
        assert!(exhausted(&billable).is_some());
    }
}
