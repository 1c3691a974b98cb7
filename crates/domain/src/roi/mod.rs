//! Return on investment of a board: snapshots of expected and realised value
//! against the cost spent, the current ROI and the comparison of two snapshots.
//!
//! A snapshot stores its inputs (values, cost, task counts) and what was derived from them at
//! the time (realised ROI in hundredths of a percent, the builtin risk score and insights);
//! every other figure is recomputed from the stored cents by [`formulas`], so a snapshot reads
//! the same whenever it is read. Reads cost a fixed number of queries whatever the board's size.

pub mod formulas;

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::limits::MAX_ROI_SNAPSHOTS_PER_BOARD;
use budget_contract::page::Page;
use budget_contract::roi::{CurrentRoi, NewRoiSnapshot, RoiComparison, RoiSnapshot};
use budget_contract::{Currency, Money, Percent};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};

use crate::access::BoardAccess;
use crate::amount::money;
use crate::audit::{self, Change};
use crate::budget;
use crate::entity::project_roi;
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::metrics::formulas::{BoardTotals, BudgetFigures, DEFAULT_WINDOW_DAYS};
use crate::metrics::{board_totals, cached_totals};
use crate::pagination;
use crate::validate::{max_amount, Checks};
use crate::Domain;
use formulas::{basis_points, risk_score, Figures};

/// How many snapshots the current ROI lists.
pub const LATEST_SNAPSHOTS: u64 = 5;

/// Snapshot values that passed every rule, in cents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckedValues {
    pub expected_cents: i64,
    /// None: the board's revenue when the snapshot is taken.
    pub realized_cents: Option<i64>,
}

/// Both values are money ≥ 0 with at most two decimals; an absent realised value is 0.00 (a
/// board that has delivered nothing yet), an absent expected value is refused by the body's
/// shape.
pub fn check(input: &NewRoiSnapshot, currency: &Currency) -> DomainResult<CheckedValues> {
    let mut checks = Checks::new();
    let expected_cents = checks.money(
        "expected_value",
        input.expected_value,
        currency,
        max_amount(),
    );
    let realized_cents = checks.optional_money(
        "realized_value",
        input.realized_value,
        currency,
        max_amount(),
    );
    if input.realized_value_from_revenue && realized_cents.is_some() {
        checks.fail(
            "realized_value",
            "conflict",
            "must be absent when the realised value is taken from revenue",
        );
    }
    let realized_cents = match (input.realized_value_from_revenue, realized_cents) {
        (true, _) => None,
        (false, cents) => Some(cents.unwrap_or(0)),
    };
    checks.finish()?;
    Ok(CheckedValues {
        expected_cents,
        realized_cents,
    })
}

/// Takes a snapshot (editors and admins): the values given, set against the board's spent and
/// task counts read in the same transaction, with the risk score and insights of that moment.
pub async fn take_snapshot(
    domain: &Domain,
    access: &BoardAccess,
    input: NewRoiSnapshot,
    idempotent: Option<&Idempotent<RoiSnapshot>>,
) -> DomainResult<Created<RoiSnapshot>> {
    let result = take_snapshot_in_transaction(domain, access, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn take_snapshot_in_transaction(
    domain: &Domain,
    access: &BoardAccess,
    input: NewRoiSnapshot,
    idempotent: Option<&Idempotent<RoiSnapshot>>,
) -> DomainResult<Created<RoiSnapshot>> {
    access.require(BoardRole::Editor)?;
    let currency = budget::currency(domain.db.conn(), access.board_id()).await?;
    let values = check(&input, currency)?;
    let board_id = access.board_id();
    let today = domain.clock.today();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, domain.clock.now(), idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    budget::hold_currency(&*txn, board_id, currency).await?;
    let budget = budget::find(&*txn, board_id)
        .await?
        .map(BudgetFigures::from);
    // The burn window is irrelevant here: only the all-time sums and counts are used.
    let totals = board_totals(&*txn, board_id, today, today).await?;
    let figures = figures(values, &totals, budget.as_ref());
    let risk = risk_score(&totals, budget.as_ref());
    let insights = formulas::insights(&figures, risk.as_ref(), currency);
    let now = domain.clock.now();
    let model = project_roi::ActiveModel {
        board_id: Set(board_id),
        expected_value_cents: Set(figures.expected_cents),
        realized_value_cents: Set(figures.realized_cents),
        total_cost_cents: Set(figures.total_cost_cents),
        roi_basis_points: Set(figures.realized_roi().map(basis_points)),
        completed_tasks: Set(to_i32(figures.completed_tasks)),
        total_tasks: Set(to_i32(figures.total_tasks)),
        snapshot_date: Set(now),
        created_by: Set(access.user_id),
        ai_insights: Set(Some(serde_json::Value::from(insights))),
        ai_risk_score: Set(risk.map(|r| r.score)),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let snapshot = view(model, currency);
    prune_snapshots(&*txn, board_id).await?;
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::RoiSnapshot,
            snapshot.id,
            None,
            Some(&snapshot),
        ),
    )
    .await?;
    idempotency::remember(&*txn, now, idempotent, &snapshot).await?;
    txn.commit().await?;
    Ok(Created::New(snapshot))
}

/// Keeps the newest [`MAX_ROI_SNAPSHOTS_PER_BOARD`] snapshots of the board and removes older
/// ones, so a board's history (and what listing it costs) stays bounded.
async fn prune_snapshots<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<()> {
    let oldest_kept = project_roi::Entity::find()
        .select_only()
        .column(project_roi::Column::Id)
        .filter(project_roi::Column::BoardId.eq(board_id))
        .order_by_desc(project_roi::Column::Id)
        .offset(MAX_ROI_SNAPSHOTS_PER_BOARD - 1)
        .limit(1)
        .into_tuple::<i64>()
        .one(conn)
        .await?;
    if let Some(oldest_kept) = oldest_kept {
        project_roi::Entity::delete_many()
            .filter(project_roi::Column::BoardId.eq(board_id))
            .filter(project_roi::Column::Id.lt(oldest_kept))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Snapshots of the board, newest first (ids grow with the snapshot time), one query.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<RoiSnapshot>> {
    let page = pagination::by_id(limit, cursor)?;
    let mut query =
        project_roi::Entity::find().filter(project_roi::Column::BoardId.eq(access.board_id()));
    let backend = domain.db.backend();
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(project_roi::Column::Id.lt(after));
    }
    let window = query
        .order_by_desc(project_roi::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) =
        pagination::read::<project_roi::Model>(&domain.db, filtered, window).await?;
    let currency = budget::currency(domain.db.conn(), access.board_id()).await?;
    Ok(page
        .page(rows, total, |s| s.id.to_string())
        .map(|row| view(row, currency)))
}

/// The ROI now: today's cost and task figures against the latest snapshot's values, and the
/// latest snapshots. Two queries (the board's totals, the latest snapshots) at any size, one
/// when the totals are kept for this data revision (the metrics share them; snapshots do not
/// change the revision, so they are always read).
pub async fn current(domain: &Domain, access: &BoardAccess) -> DomainResult<CurrentRoi> {
    let conn = domain.db.conn();
    let board_id = access.board_id();
    let today = domain.clock.today();
    // The ROI needs no burn window; the metrics' one shares their kept totals.
    let totals = cached_totals(domain, access, today, DEFAULT_WINDOW_DAYS).await?;
    let latest = project_roi::Entity::find()
        .filter(project_roi::Column::BoardId.eq(board_id))
        .order_by_desc(project_roi::Column::Id)
        .limit(LATEST_SNAPSHOTS)
        .all(conn)
        .await?;
    let valued = latest.first().map(|s| CheckedValues {
        expected_cents: s.expected_value_cents,
        realized_cents: Some(s.realized_value_cents),
    });
    let now = figures(valued.unwrap_or(CheckedValues::ZERO), &totals, None);
    // Read with the totals: the same data revision, no query of its own.
    let currency = totals.currency();
    let with_value = |roi: Option<rust_decimal::Decimal>| valued.and(roi).map(Percent::new);
    Ok(CurrentRoi {
        board_id,
        total_cost: money(now.total_cost_cents, currency),
        completed_tasks: count(now.completed_tasks),
        total_tasks: count(now.total_tasks),
        completion_rate_percent: now.completion_rate().map(Percent::new),
        cost_per_completed_task: now
            .cost_per_completed_task()
            .map(|cost| Money::in_currency(cost, currency)),
        expected_value: valued.map(|v| money(v.expected_cents, currency)),
        realized_value: valued.map(|_| money(now.realized_cents, currency)),
        expected_roi_percent: with_value(now.expected_roi()),
        realized_roi_percent: with_value(now.realized_roi()),
        valued_at: latest.first().map(|s| s.snapshot_date),
        latest_snapshots: latest
            .into_iter()
            .map(|snapshot| view(snapshot, currency))
            .collect(),
    })
}

/// One snapshot of this board; one of another board is as absent as one that does not exist
/// (404).
pub async fn snapshot(
    domain: &Domain,
    access: &BoardAccess,
    snapshot_id: i64,
) -> DomainResult<RoiSnapshot> {
    let row = project_roi::Entity::find_by_id(snapshot_id)
        .filter(project_roi::Column::BoardId.eq(access.board_id()))
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::NotFound("ROI snapshot"))?;
    let currency = budget::currency(domain.db.conn(), access.board_id()).await?;
    Ok(view(row, currency))
}

/// Two snapshots of this board and the change of every figure from `from` to `to`, in one
/// query. A snapshot of another board is as absent as one that does not exist (404).
pub async fn compare(
    domain: &Domain,
    access: &BoardAccess,
    from: Option<i64>,
    to: Option<i64>,
) -> DomainResult<RoiComparison> {
    let mut checks = Checks::new();
    let from = required_id(&mut checks, "from", from);
    let to = required_id(&mut checks, "to", to);
    checks.finish()?;
    let rows = project_roi::Entity::find()
        .filter(project_roi::Column::BoardId.eq(access.board_id()))
        .filter(project_roi::Column::Id.is_in([from, to]))
        .all(domain.db.conn())
        .await?;
    let currency = budget::currency(domain.db.conn(), access.board_id()).await?;
    let pick = |id: i64| {
        rows.iter()
            .find(|row| row.id == id)
            .cloned()
            .map(|row| view(row, currency))
            .ok_or(DomainError::NotFound("ROI snapshot"))
    };
    let (from, to) = (pick(from)?, pick(to)?);
    let changes = formulas::changes(&from, &to, currency);
    Ok(RoiComparison { from, to, changes })
}

impl CheckedValues {
    const ZERO: Self = Self {
        expected_cents: 0,
        realized_cents: Some(0),
    };
}

/// A snapshot id the caller must give; 0 (never an id) when absent, with the field refused.
fn required_id(checks: &mut Checks, field: &str, value: Option<i64>) -> i64 {
    value.unwrap_or_else(|| {
        checks.fail(
            field,
            "required",
            "is required: the id of a snapshot of this board",
        );
        0
    })
}

fn figures(values: CheckedValues, totals: &BoardTotals, budget: Option<&BudgetFigures>) -> Figures {
    Figures {
        expected_cents: values.expected_cents,
        realized_cents: values
            .realized_cents
            .unwrap_or_else(|| crate::metrics::formulas::revenue_cents(totals, budget)),
        total_cost_cents: totals.cost_cents(),
        completed_tasks: totals.completed_tasks,
        total_tasks: totals.total_tasks,
    }
}

/// A stored snapshot as the API shows it. The realised ROI is the stored one; the other derived
/// figures are recomputed from the stored cents and counts, with the same rounding.
pub fn view(model: project_roi::Model, currency: &Currency) -> RoiSnapshot {
    let figures = Figures {
        expected_cents: model.expected_value_cents,
        realized_cents: model.realized_value_cents,
        total_cost_cents: model.total_cost_cents,
        completed_tasks: i64::from(model.completed_tasks),
        total_tasks: i64::from(model.total_tasks),
    };
    let insights = model
        .ai_insights
        .and_then(|json| serde_json::from_value::<Vec<String>>(json).ok())
        .unwrap_or_default();
    RoiSnapshot {
        id: model.id,
        board_id: model.board_id,
        snapshot_date: model.snapshot_date,
        created_by: model.created_by,
        expected_value: money(model.expected_value_cents, currency),
        realized_value: money(model.realized_value_cents, currency),
        total_cost: money(model.total_cost_cents, currency),
        expected_roi_percent: figures.expected_roi().map(Percent::new),
        realized_roi_percent: model.roi_basis_points.map(Percent::from_hundredths),
        completed_tasks: count(figures.completed_tasks),
        total_tasks: count(figures.total_tasks),
        completion_rate_percent: figures.completion_rate().map(Percent::new),
        cost_per_completed_task: figures
            .cost_per_completed_task()
            .map(|cost| Money::in_currency(cost, currency)),
        risk_score: model.ai_risk_score,
        insights,
    }
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn to_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> &'static Currency {
        Currency::find_or_default("USD")
    }
    use chrono::{TimeZone, Utc};
    use rust_decimal_macros::dec;

    fn input(
        expected: rust_decimal::Decimal,
        realized: Option<rust_decimal::Decimal>,
    ) -> NewRoiSnapshot {
        NewRoiSnapshot {
            expected_value: expected,
            realized_value: realized,
            realized_value_from_revenue: false,
        }
    }

    fn failing_fields(input: NewRoiSnapshot) -> Vec<(String, String)> {
        match check(&input, usd()) {
            Err(DomainError::Validation(errors)) => {
                errors.into_iter().map(|e| (e.field, e.code)).collect()
            }
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn roi_values_are_money_of_at_most_two_decimals() {
        assert_eq!(
            check(&input(dec!(12000.00), Some(dec!(8750.5))), usd()).unwrap(),
            CheckedValues {
                expected_cents: 1_200_000,
                realized_cents: Some(875_050)
            }
        );
        // An absent realised value is nothing realised yet.
        assert_eq!(
            check(&input(dec!(0), None), usd()).unwrap(),
            CheckedValues::ZERO
        );
        // Taken from revenue: known when the snapshot is taken, and never with a value given.
        let from_revenue = NewRoiSnapshot {
            realized_value_from_revenue: true,
            ..input(dec!(10), None)
        };
        assert_eq!(check(&from_revenue, usd()).unwrap().realized_cents, None);
        assert_eq!(
            failing_fields(NewRoiSnapshot {
                realized_value: Some(dec!(5)),
                ..from_revenue
            }),
            [("realized_value".into(), "conflict".into())]
        );
        assert_eq!(
            failing_fields(input(dec!(-1), Some(dec!(1.005)))),
            [
                ("expected_value".into(), "out_of_range".into()),
                ("realized_value".into(), "too_precise".into())
            ]
        );
    }

    fn model(
        id: i64,
        expected: i64,
        realized: i64,
        cost: i64,
        done: i32,
        tasks: i32,
    ) -> project_roi::Model {
        project_roi::Model {
            id,
            board_id: 7,
            expected_value_cents: expected,
            realized_value_cents: realized,
            total_cost_cents: cost,
            roi_basis_points: formulas::roi_percent(realized, cost).map(basis_points),
            completed_tasks: done,
            total_tasks: tasks,
            snapshot_date: Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap(),
            created_by: 1,
            ai_insights: Some(serde_json::json!(["a", "b"])),
            ai_risk_score: Some(40),
        }
    }

    #[test]
    fn a_stored_roi_snapshot_reads_back_with_its_derived_figures() {
        let s = view(model(1, 1_200_000, 875_000, 1_000_000, 3, 8), usd());
        assert_eq!(s.expected_value.to_string(), "12000.00");
        assert_eq!(s.expected_roi_percent.unwrap().to_string(), "20.00");
        assert_eq!(s.realized_roi_percent.unwrap().to_string(), "-12.50");
        assert_eq!(s.completion_rate_percent.unwrap().to_string(), "37.50");
        assert_eq!(s.cost_per_completed_task.unwrap().to_string(), "3333.33");
        assert_eq!(s.insights, ["a", "b"]);
        let free = view(model(2, 100, 0, 0, 0, 0), usd());
        assert_eq!(free.expected_roi_percent, None);
        assert_eq!(free.realized_roi_percent, None);
        assert_eq!(free.completion_rate_percent, None);
        assert_eq!(free.cost_per_completed_task, None);
    }

    #[test]
    fn comparing_roi_snapshots_changes_every_field() {
        let from = view(model(1, 1_200_000, 875_000, 1_000_000, 3, 8), usd());
        let mut later = model(2, 1_500_000, 1_250_000, 1_250_000, 4, 8);
        later.ai_risk_score = Some(50);
        let to = view(later, usd());
        let c = formulas::changes(&from, &to, usd());
        let money = |m: Option<Money>| m.map(|m| m.to_string());
        let pct = |p: Option<Percent>| p.map(|p| p.to_string());
        // 12,000 → 15,000: +3,000.00, +25 %.
        assert_eq!(money(c.expected_value.change).unwrap(), "3000.00");
        assert_eq!(pct(c.expected_value.change_percent).unwrap(), "25.00");
        // 8,750 → 12,500: +3,750.00, +42.857… → 42.86 %.
        assert_eq!(money(c.realized_value.change).unwrap(), "3750.00");
        assert_eq!(pct(c.realized_value.change_percent).unwrap(), "42.86");
        // 10,000 → 12,500: +2,500.00, +25 %.
        assert_eq!(money(c.total_cost.change).unwrap(), "2500.00");
        // Expected ROI 20.00 → 20.00: 0 points, 0 %.
        assert_eq!(pct(c.expected_roi_percent.change).unwrap(), "0.00");
        assert_eq!(pct(c.expected_roi_percent.change_percent).unwrap(), "0.00");
        // Realised ROI −12.50 → 0.00: +12.50 points, +100 % of |−12.50|.
        assert_eq!(pct(c.realized_roi_percent.to).unwrap(), "0.00");
        assert_eq!(pct(c.realized_roi_percent.change).unwrap(), "12.50");
        assert_eq!(
            pct(c.realized_roi_percent.change_percent).unwrap(),
            "100.00"
        );
        // 3 → 4 completed: +1, +33.33 %; 8 → 8 tasks: 0, 0 %.
        assert_eq!(c.completed_tasks.change, Some(1));
        assert_eq!(pct(c.completed_tasks.change_percent).unwrap(), "33.33");
        assert_eq!(c.total_tasks.change, Some(0));
        // 37.50 → 50.00 %: +12.50 points, +33.33 %.
        assert_eq!(pct(c.completion_rate_percent.change).unwrap(), "12.50");
        assert_eq!(
            pct(c.completion_rate_percent.change_percent).unwrap(),
            "33.33"
        );
        // 3,333.33 → 3,125.00: −208.33, −6.25 % (−208.33 / 3,333.33 = −6.2499…).
        assert_eq!(money(c.cost_per_completed_task.change).unwrap(), "-208.33");
        assert_eq!(
            pct(c.cost_per_completed_task.change_percent).unwrap(),
            "-6.25"
        );
        // Risk 40 → 50: +10, +25 %.
        assert_eq!(c.risk_score.change, Some(10));
        assert_eq!(pct(c.risk_score.change_percent).unwrap(), "25.00");
    }

    #[test]
    fn comparing_roi_from_zero_or_null_has_no_relative_change() {
        let from = view(model(1, 0, 0, 0, 0, 0), usd());
        let to = view(model(2, 100_000, 50_000, 80_000, 1, 2), usd());
        let c = formulas::changes(&from, &to, usd());
        assert_eq!(c.expected_value.change.unwrap().to_string(), "1000.00");
        assert_eq!(c.expected_value.change_percent, None);
        assert_eq!(c.realized_roi_percent.from, None);
        assert_eq!(c.realized_roi_percent.change, None);
        assert_eq!(c.realized_roi_percent.change_percent, None);
        assert_eq!(c.cost_per_completed_task.change, None);
        assert_eq!(c.total_tasks.change_percent, None);
    }
}
