//! A board's budget: money, hours, alert thresholds and currency, edited with optimistic
//! concurrency (each change bumps `version`; a stale `If-Match` is refused).

use budget_contract::board::BoardRole;
use budget_contract::budget::{Budget, BudgetInput};
use budget_contract::currency::{Currency, CURRENCIES};
use budget_contract::limits::{CRITICAL_THRESHOLD, WARNING_THRESHOLD};
use budget_contract::problem::ProblemCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::access::BoardAccess;
use crate::amount::money;
use crate::audit::{self, Change};
use crate::entity::project_budget;
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::metrics::formulas::BudgetFigures;
use crate::precondition::{abandon, missed, refused, Expected};
use crate::validate::{max_amount, Checks};
use crate::Domain;

/// The kind in the budget's ETag.
pub const KIND: &str = "budget";

pub const DEFAULT_CURRENCY: &str = "USD";
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
    let places = Currency::find(&currency).map_or_else(
        || {
            let known: Vec<_> = CURRENCIES.iter().map(|known| known.code).collect();
            checks.fail(
                "currency",
                "unsupported_currency",
                format!("must be one of {}", known.join(", ")),
            );
            2
        },
        |known| known.minor_units,
    );
    let allocated_cents = checks.amount(
        "allocated_budget",
        input.allocated_budget,
        places,
        max_amount(),
    );
    let allocated_centihours =
        checks.optional_amount("allocated_hours", input.allocated_hours, 2, max_amount());
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
    checks.finish()?;
    Ok(CheckedBudget {
        allocated_budget_cents: Set(allocated_cents),
        currency: Set(currency),
        allocated_centihours: Set(allocated_centihours),
        warning_threshold: Set(warning),
        critical_threshold: Set(critical),
        ai_optimization_enabled: Set(input.ai_optimization_enabled.unwrap_or(true)),
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
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = find(&*txn, access.board_id()).await?;
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
            (model, true, None)
        }
    };
    let budget = Budget::from(model);
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            "budget",
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
        Change::on_board(access, "budget", old.board_id, Some(&old), None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

impl From<project_budget::Model> for Budget {
    fn from(model: project_budget::Model) -> Self {
        Budget {
            board_id: model.board_id,
            allocated_budget: money(model.allocated_budget_cents),
            currency: model.currency,
            allocated_hours: model.allocated_centihours.map(crate::amount::hours),
            warning_threshold: model.warning_threshold,
            critical_threshold: model.critical_threshold,
            ai_optimization_enabled: model.ai_optimization_enabled,
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
        }
    }
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
                currency: Set("USD".into()),
                allocated_centihours: Set(None),
                warning_threshold: Set(80),
                critical_threshold: Set(95),
                ai_optimization_enabled: Set(true),
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
        let mut unknown = input();
        unknown.currency = Some("ABC".into());
        assert_eq!(
            failing_fields(unknown),
            [("currency".into(), "unsupported_currency".into())]
        );
    }
}
