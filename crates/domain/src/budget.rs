//! A board's budget: money, hours, alert thresholds and currency, edited with optimistic
//! concurrency (each change bumps `version`; a stale `If-Match` is refused).

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::budget::{Budget, BudgetBasis, BudgetInput};
use budget_contract::currency::Currency;
use budget_contract::limits::{CRITICAL_THRESHOLD, WARNING_THRESHOLD};
use budget_contract::problem::ProblemCode;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Set,
};

use crate::access::BoardAccess;
use crate::amount::money;
use crate::audit::{self, Change};
use crate::entity::{board, project_budget};
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::metrics::formulas::BudgetFigures;
use crate::precondition::{abandon, missed, refused, Expected};
use crate::validate::{max_amount, max_hours, Checks};
use crate::Domain;

/// The kind in the budget's ETag.
pub const KIND: &str = "budget";

pub const DEFAULT_CURRENCY: &str = budget_contract::currency::DEFAULT_CURRENCY.code;
pub const DEFAULT_WARNING: i32 = 80;
pub const DEFAULT_CRITICAL: i32 = 95;

pub async fn find<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
) -> DomainResult<Option<project_budget::Model>> {
    Ok(project_budget::Entity::find()
        .filter(project_budget::Column::BoardId.eq(board_id))
        .one(conn)
        .await?)
}

/// The currency of a board's amounts: its budget's, else the default currency.
pub async fn currency<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
) -> DomainResult<&'static Currency> {
    Ok(currency_of(find(conn, board_id).await?.as_ref()))
}

/// The currency a money write is rounded and checked in, read inside the write's transaction.
/// The board row stays share-locked (PostgreSQL) until the write commits, and a change of the
/// budget's currency locks it exclusively before it checks the stored amounts: either the change
/// sees this write's amounts, or this write sees the new currency. The currency is read by a
/// statement after the lock's: a statement that waited for the lock still reads the rows of
/// other tables as they were when it began. SQLite has one writer at a time, which gives the
/// same. Logging time takes this lock with the people's (`time_entries::lock_people`) and reads
/// the currency with the rest of what it checks.
pub async fn currency_for_write<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
) -> DomainResult<&'static Currency> {
    board::Entity::find_by_id(board_id)
        .select_only()
        .column(board::Column::Id)
        .lock_shared()
        .into_tuple::<i64>()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("board"))?;
    currency(conn, board_id).await
}

/// The currency of a budget's stored currency code, or the default without a budget.
pub fn currency_named(code: Option<&str>) -> &'static Currency {
    Currency::find_or_default(code.unwrap_or(DEFAULT_CURRENCY))
}

/// Holds the currency that a write's amounts were checked in (see [`currency_for_write`]);
/// if the budget changed currency since they were checked, the write is refused: 409
/// `currency_changed`, to be sent again.
pub async fn hold_currency<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    checked_in: &Currency,
) -> DomainResult<()> {
    if currency_for_write(conn, board_id).await? == checked_in {
        Ok(())
    } else {
        Err(DomainError::conflict(
            ProblemCode::CurrencyChanged,
            "the budget's currency changed while this was being written; send it again",
        ))
    }
}

/// The currency of the amounts of a board with this budget (or none).
pub fn currency_of(budget: Option<&project_budget::Model>) -> &'static Currency {
    currency_named(budget.map(|b| b.currency.as_str()))
}

/// How many stored amounts of a board have a part finer than a minor unit of `currency`.
#[derive(Debug, Default, FromQueryResult)]
struct FinerAmounts {
    task_costs: i64,
    time_entries: i64,
    expenses: i64,
    roi_snapshots: i64,
    realized_savings: i64,
}

/// Refuses a currency that cannot hold an amount the board already stores (a cost with cents
/// on a board turning to yen): the amounts are the board's records, never silently rounded.
/// Rates are not amounts: an hour's rate may be finer than the currency, and what it comes to
/// is rounded once, when the hour is priced.
async fn check_amounts_fit<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    currency: &Currency,
) -> DomainResult<()> {
    if currency.minor_units >= 2 {
        return Ok(());
    }
    let step = 10_i64.pow(2 - currency.minor_units);
    let finer: FinerAmounts = crate::sql::one(
        conn,
        "SELECT \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM task_cost c JOIN task t ON t.id = c.task_id \
             WHERE t.board_id = $1 AND (c.estimated_cost_cents % $2 <> 0 \
               OR c.actual_cost_cents % $2 <> 0 OR c.resource_cost_cents % $2 <> 0)) AS task_costs, \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM time_entry \
             WHERE board_id = $1 AND (labour_cost_cents % $2 <> 0 OR billable_cents % $2 <> 0)) \
             AS time_entries, \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM expense \
             WHERE board_id = $1 AND (cost_cents % $2 <> 0 OR billable_cents % $2 <> 0)) \
             AS expenses, \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM project_roi \
             WHERE board_id = $1 AND (expected_value_cents % $2 <> 0 \
               OR realized_value_cents % $2 <> 0 OR total_cost_cents % $2 <> 0)) AS roi_snapshots, \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM budget_recommendation \
             WHERE board_id = $1 AND COALESCE(realized_savings_cents, 0) % $2 <> 0) \
             AS realized_savings",
        vec![board_id.into(), step.into()],
    )
    .await?;
    let kinds: Vec<String> = [
        (finer.task_costs, "task cost", "task costs"),
        (
            finer.time_entries,
            "time entry's amounts",
            "time entries' amounts",
        ),
        (finer.expenses, "expense's cost", "expenses' costs"),
        (finer.roi_snapshots, "ROI snapshot", "ROI snapshots"),
        (
            finer.realized_savings,
            "recommendation's realised savings",
            "recommendations' realised savings",
        ),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, several)| format!("{count} {}", if count == 1 { one } else { several }))
    .collect();
    if kinds.is_empty() {
        return Ok(());
    }
    Err(DomainError::conflict(
        ProblemCode::AmountsFinerThanCurrency,
        format!(
            "{}, and this board holds amounts that are not: {}; make them whole {} before \
             changing the currency",
            currency.precision_message(),
            kinds.join(", "),
            currency.units
        ),
    ))
}

pub async fn get(domain: &Domain, access: &BoardAccess) -> DomainResult<Budget> {
    find(domain.db.conn(), access.board_id())
        .await?
        .map(Budget::from)
        .ok_or(DomainError::NotFound("budget"))
}

/// A budget input that passed every rule, as the columns a PUT writes (in storage units): the
/// same values for the insert and for the compare-and-set update.
pub type CheckedBudget = project_budget::ActiveModel;

/// Absent optional fields take their defaults: PUT replaces the whole budget.
pub fn check(input: &BudgetInput) -> DomainResult<CheckedBudget> {
    let mut checks = Checks::new();
    let currency = input
        .currency
        .as_deref()
        .map_or_else(|| DEFAULT_CURRENCY.to_owned(), |c| c.trim().to_uppercase());
    let known = checks.currency("currency", &currency);
    let allocated_cents = checks.money(
        "allocated_budget",
        input.allocated_budget,
        known,
        max_amount(),
    );
    let allocated_centihours =
        checks.optional_amount("allocated_hours", input.allocated_hours, 2, max_hours());
    let warning = input.warning_threshold.unwrap_or(DEFAULT_WARNING);
    let critical = input.critical_threshold.unwrap_or(DEFAULT_CRITICAL);
    checks.int_between(
        "warning_threshold",
        warning,
        WARNING_THRESHOLD.0,
        WARNING_THRESHOLD.1,
    );
    checks.int_between(
        "critical_threshold",
        critical,
        CRITICAL_THRESHOLD.0,
        CRITICAL_THRESHOLD.1,
    );
    if warning >= critical {
        checks.fail(
            "warning_threshold",
            "not_below_critical",
            "must be lower than the critical threshold",
        );
    }
    let fixed_fee = checks.optional_money("fixed_fee", input.fixed_fee, known, max_amount());
    checks.finish()?;
    Ok(CheckedBudget {
        fixed_fee_cents: Set(fixed_fee),
        allocated_budget_cents: Set(allocated_cents),
        currency: Set(currency),
        allocated_centihours: Set(allocated_centihours),
        warning_threshold: Set(warning),
        critical_threshold: Set(critical),
        ai_optimization_enabled: Set(input.ai_optimization_enabled.unwrap_or(true)),
        basis: Set(input.basis.unwrap_or_default().as_str().to_owned()),
        hard_stop: Set(input.hard_stop.unwrap_or(false)),
        ..Default::default()
    })
}

/// Creates or replaces the budget; with a precondition, only if the budget is still as the
/// caller last read it. Returns the budget and whether it was created.
pub async fn put(
    domain: &Domain,
    access: &BoardAccess,
    input: BudgetInput,
    expected: Expected,
) -> DomainResult<(Budget, bool)> {
    access.require(BoardRole::Admin)?;
    let checked = check(&input)?;
    let new_currency = match &checked.currency {
        Set(code) => Currency::find_or_default(code),
        _ => Currency::find_or_default(DEFAULT_CURRENCY),
    };
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    // Exclusive until the change is written: a money write in flight finishes first and its
    // amounts are checked below, or it waits and sees the new currency.
    crate::boards::locked_board(&*txn, access.board_id()).await?;
    let current = find(&*txn, access.board_id()).await?;
    if currency_of(current.as_ref()) != new_currency {
        if let Err(err) = check_amounts_fit(&*txn, access.board_id(), new_currency).await {
            return Err(abandon(txn, err).await);
        }
    }
    let (model, created, old) = match current {
        Some(current) => {
            // Compare-and-set on the version: a concurrent edit makes this touch no row.
            let result = project_budget::Entity::update_many()
                .set(CheckedBudget {
                    updated_at: Set(now),
                    ..checked
                })
                .col_expr(
                    project_budget::Column::Version,
                    Expr::col(project_budget::Column::Version).add(1),
                )
                .filter(project_budget::Column::Id.eq(current.id))
                .filter(project_budget::Column::Version.eq(current.version))
                .filter(expected.condition(project_budget::Column::Version))
                .exec(&*txn)
                .await?;
            if result.rows_affected == 0 {
                let now_at = find(&*txn, access.board_id()).await?.map(|c| c.version);
                return Err(abandon(txn, missed(KIND, "budget", now_at)).await);
            }
            let model = project_budget::Entity::find_by_id(current.id)
                .one(&*txn)
                .await?
                .ok_or(DomainError::NotFound("budget"))?;
            (model, false, Some(Budget::from(current)))
        }
        // A precondition on a budget that does not exist cannot hold.
        None if expected != Expected::Anything => return Err(refused(KIND, None)),
        None => {
            let model = CheckedBudget {
                board_id: Set(access.board_id()),
                last_ai_analysis: Set(None),
                created_by: Set(access.user_id),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..checked
            }
            .insert(&*txn)
            .await
            .map_err(|err| {
                if is_unique_violation(&err) {
                    DomainError::conflict(
                        ProblemCode::BudgetCreatedConcurrently,
                        "someone created this budget at the same moment; reload and retry",
                    )
                } else {
                    err.into()
                }
            })?;
            // Every budget starts with money rules at its thresholds and at 100 %.
            crate::alerts::rules::create_defaults(
                &*txn,
                model.board_id,
                model.warning_threshold,
                model.critical_threshold,
                now,
            )
            .await?;
            (model, true, None)
        }
    };
    let budget = Budget::from(model);
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::Budget,
            budget.board_id,
            old.as_ref(),
            Some(&budget),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok((budget, created))
}

pub async fn delete(domain: &Domain, access: &BoardAccess, expected: Expected) -> DomainResult<()> {
    access.require(BoardRole::Admin)?;
    let txn = domain.db.begin_write().await?;
    let current = find(&*txn, access.board_id())
        .await?
        .ok_or(DomainError::NotFound("budget"))?;
    let result = project_budget::Entity::delete_many()
        .filter(project_budget::Column::Id.eq(current.id))
        .filter(expected.condition(project_budget::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        let now_at = find(&*txn, access.board_id()).await?.map(|c| c.version);
        return Err(abandon(txn, missed(KIND, "budget", now_at)).await);
    }
    let old = Budget::from(current);
    audit::record(
        &*txn,
        domain.clock.now(),
        Change::on_board(access, AuditKind::Budget, old.board_id, Some(&old), None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

impl From<project_budget::Model> for Budget {
    fn from(model: project_budget::Model) -> Self {
        let currency = Currency::find_or_default(&model.currency);
        Budget {
            board_id: model.board_id,
            allocated_budget: money(
                model.allocated_budget_cents,
                Currency::find_or_default(&model.currency),
            ),
            currency: model.currency,
            allocated_hours: model.allocated_centihours.map(crate::amount::hours),
            warning_threshold: model.warning_threshold,
            critical_threshold: model.critical_threshold,
            ai_optimization_enabled: model.ai_optimization_enabled,
            basis: basis_of(&model.basis),
            fixed_fee: model.fixed_fee_cents.map(|cents| money(cents, currency)),
            hard_stop: model.hard_stop,
            last_ai_analysis: model.last_ai_analysis,
            created_by: model.created_by,
            created_at: model.created_at,
            updated_at: model.updated_at,
            version: model.version,
        }
    }
}

/// The figures of a budget the metrics are computed from.
impl From<project_budget::Model> for BudgetFigures {
    fn from(model: project_budget::Model) -> Self {
        BudgetFigures {
            allocated_cents: model.allocated_budget_cents,
            currency: model.currency,
            allocated_centihours: model.allocated_centihours,
            warning_threshold: model.warning_threshold,
            critical_threshold: model.critical_threshold,
            fixed_fee_cents: model.fixed_fee_cents,
            basis: basis_of(&model.basis),
        }
    }
}

/// The basis a stored budget is kept on (only wire names are ever stored).
fn basis_of(stored: &str) -> BudgetBasis {
    stored.parse().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn input() -> BudgetInput {
        BudgetInput {
            allocated_budget: dec!(50000.00),
            currency: None,
            allocated_hours: None,
            warning_threshold: None,
            critical_threshold: None,
            ai_optimization_enabled: None,
            fixed_fee: None,
            basis: None,
            hard_stop: None,
        }
    }

    fn failing_fields(input: BudgetInput) -> Vec<(String, String)> {
        match check(&input) {
            Err(DomainError::Validation(errors)) => {
                errors.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn defaults_apply_to_absent_fields() {
        let checked = check(&input()).unwrap();
        assert_eq!(
            checked,
            CheckedBudget {
                allocated_budget_cents: Set(5_000_000),
                fixed_fee_cents: Set(None),
                currency: Set("USD".into()),
                allocated_centihours: Set(None),
                warning_threshold: Set(80),
                critical_threshold: Set(95),
                ai_optimization_enabled: Set(true),
                basis: Set("cost".into()),
                hard_stop: Set(false),
                ..Default::default()
            }
        );
    }

    #[test]
    fn thresholds_must_be_ordered_and_in_range() {
        let mut bad = input();
        bad.warning_threshold = Some(95);
        bad.critical_threshold = Some(90);
        assert_eq!(
            failing_fields(bad),
            [("warning_threshold".into(), "not_below_critical".into())]
        );
        let mut bad = input();
        bad.warning_threshold = Some(0);
        bad.critical_threshold = Some(101);
        assert_eq!(
            failing_fields(bad),
            [
                ("warning_threshold".into(), "out_of_range".into()),
                ("critical_threshold".into(), "out_of_range".into())
            ]
        );
        let mut edge = input();
        edge.warning_threshold = Some(1);
        edge.critical_threshold = Some(100);
        assert!(check(&edge).is_ok());
    }

    #[test]
    fn currency_decides_the_allowed_decimals() {
        let mut yen = input();
        yen.currency = Some("jpy".into());
        yen.allocated_budget = dec!(1000.5);
        assert_eq!(
            failing_fields(yen),
            [("allocated_budget".into(), "too_precise".into())]
        );
        let mut whole_yen = input();
        whole_yen.currency = Some("JPY".into());
        whole_yen.allocated_budget = dec!(100000.00);
        assert_eq!(
            check(&whole_yen).unwrap().allocated_budget_cents,
            Set(10_000_000)
        );
        let mut unknown = input();
        unknown.currency = Some("ABC".into());
        assert_eq!(
            failing_fields(unknown),
            [("currency".into(), "unsupported_currency".into())]
        );
    }
}
