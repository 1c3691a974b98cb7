//! Live budget metrics of a board: two queries whatever the board's size (the budget row and
//! the board's running totals with its burn window), then the pure [`formulas`].

pub mod formulas;

use std::borrow::Cow;
use std::sync::Arc;

use budget_contract::budget::BudgetBasis;
use budget_contract::metrics::BudgetMetrics;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::access::BoardAccess;
use crate::analytics::approved::Unapproved;
use crate::analytics::queries::{task_rows, Spending};
use crate::budget;
use crate::error::DomainResult;
use crate::read_cache::Stamp;
use crate::sql;
use crate::Domain;
use formulas::{window_start, BoardTotals, BudgetFigures, DEFAULT_WINDOW_DAYS};

#[derive(Debug, FromQueryResult)]
struct TotalsRow {
    total_tasks: i64,
    completed_tasks: i64,
    over_budget_tasks: i64,
    labour_cents: i64,
    direct_cents: i64,
    resource_cents: i64,
    centihours: i64,
    window_cost_cents: i64,
    billable_cents: i64,
    window_billable_cents: i64,
    currency: Option<String>,
}

/// Every sum the metrics need, in one statement that reads the board's running totals (the
/// `board_totals` row the database keeps in every write's transaction: tasks, done tasks, tasks
/// over their estimate, labour, hours, direct and resource costs and their billable amounts;
/// see the `board_totals` migration) and the burn window's days, so its cost does not grow with
/// the board's tasks, entries or expenses. The window's cost is dated as everywhere (see
/// [`crate::analytics::queries`]): resource costs on the day they were incurred, expenses on
/// the day each was incurred, and labour by work date; the billable amounts of the entries and
/// expenses are summed alike, for revenue and for a budget kept on them.
pub async fn board_totals<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<BoardTotals> {
    let (cost, billable) = (
        Spending::of(BudgetBasis::Cost),
        Spending::of(BudgetBasis::Billable),
    );
    let row: TotalsRow = sql::one(
        conn,
        &format!(
            "SELECT \
               CAST(COALESCE(s.tasks, 0) AS BIGINT) AS total_tasks, \
               CAST(COALESCE(s.done_tasks, 0) AS BIGINT) AS completed_tasks, \
               CAST(COALESCE(s.over_tasks, 0) AS BIGINT) AS over_budget_tasks, \
               CAST(COALESCE(s.labour_cents, 0) AS BIGINT) AS labour_cents, \
               CAST(COALESCE(s.direct_cents, 0) AS BIGINT) AS direct_cents, \
               CAST(COALESCE(s.resource_cents, 0) AS BIGINT) AS resource_cents, \
               CAST(COALESCE(s.centihours, 0) AS BIGINT) AS centihours, \
               CAST(COALESCE(wl.cost, 0) + COALESCE(wc.cost, 0) AS BIGINT) AS window_cost_cents, \
               CAST(COALESCE(s.labour_billable_cents, 0) + COALESCE(s.direct_billable_cents, 0) \
                 AS BIGINT) AS billable_cents, \
               CAST(COALESCE(wl.billable, 0) + COALESCE(wc.billable, 0) AS BIGINT) \
                 AS window_billable_cents, \
               (SELECT p.currency FROM project_budget p WHERE p.board_id = $1) AS currency \
             FROM board b LEFT JOIN board_totals s ON s.board_id = b.id \
             CROSS JOIN (SELECT SUM({labour_cost}) AS cost, SUM({labour_billable}) AS billable \
                         FROM board_day_labour d \
                         WHERE d.board_id = $1 AND d.work_date >= $2 AND d.work_date <= $3) wl \
             CROSS JOIN (SELECT SUM({other_cost}) AS cost, SUM({other_billable}) AS billable \
                         FROM board_day_costs c \
                         WHERE c.board_id = $1 AND c.day >= $2 AND c.day <= $3) wc \
             WHERE b.id = $1",
            labour_cost = cost.labour,
            labour_billable = billable.labour,
            other_cost = cost.other,
            other_billable = billable.other,
        ),
        vec![board_id.into(), from.into(), to.into()],
    )
    .await?;
    Ok(BoardTotals {
        total_tasks: row.total_tasks,
        completed_tasks: row.completed_tasks,
        over_budget_tasks: row.over_budget_tasks,
        labour_cents: row.labour_cents,
        direct_cents: row.direct_cents,
        resource_cents: row.resource_cents,
        centihours: row.centihours,
        window_cost_cents: row.window_cost_cents,
        billable_cents: row.billable_cents,
        window_billable_cents: row.window_billable_cents,
        currency: row.currency,
    })
}

/// The board's totals with a burn window of `window_days` ending on `as_of`, computed once per
/// data revision and day and shared by metrics, analytics and ROI.
pub async fn cached_totals(
    domain: &Domain,
    access: &BoardAccess,
    as_of: NaiveDate,
    window_days: u32,
) -> DomainResult<Arc<BoardTotals>> {
    let stamp = Stamp::new(access, as_of, window_days);
    let from = window_start(as_of, window_days);
    domain
        .cache
        .totals
        .get_or_compute(
            stamp,
            board_totals(domain.db.conn(), access.board_id(), from, as_of),
        )
        .await
}

/// The metrics as the caller of `access` may see them: without profitability for viewers, who
/// see no margins.
pub fn shown_to<'a>(metrics: &'a BudgetMetrics, access: &BoardAccess) -> Cow<'a, BudgetMetrics> {
    if may_see_margins(access) {
        Cow::Borrowed(metrics)
    } else {
        Cow::Owned(BudgetMetrics {
            profitability: None,
            ..metrics.clone()
        })
    }
}

/// Editors and admins see revenue, profit and margins; viewers do not.
pub fn may_see_margins(access: &BoardAccess) -> bool {
    access.role >= budget_contract::board::BoardRole::Editor
}

/// The board's metrics now, computed once per data revision and day.
pub async fn live(domain: &Domain, access: &BoardAccess) -> DomainResult<Arc<BudgetMetrics>> {
    let as_of = domain.clock.today();
    let stamp = Stamp::new(access, as_of, DEFAULT_WINDOW_DAYS);
    domain
        .cache
        .metrics
        .get_or_compute(stamp, compute(domain, access, as_of))
        .await
}

/// The board's metrics now counting only approved time (see
/// [`crate::analytics::approved`]), computed on each request.
pub async fn approved_only(domain: &Domain, access: &BoardAccess) -> DomainResult<BudgetMetrics> {
    let as_of = domain.clock.today();
    let window_days = DEFAULT_WINDOW_DAYS;
    let conn = domain.db.conn();
    let budget = budget::find(conn, access.board_id())
        .await?
        .map(BudgetFigures::from);
    let mut totals = BoardTotals::clone(&*cached_totals(domain, access, as_of, window_days).await?);
    let unapproved = Unapproved::read(conn, access.board_id()).await?;
    let mut tasks = task_rows(conn, access.board_id()).await?;
    unapproved.take_from_tasks(&mut tasks);
    let from = window_start(as_of, window_days);
    unapproved.take_from_totals(&mut totals, from, as_of, &tasks);
    Ok(formulas::compute(
        access.board_id(),
        as_of,
        window_days,
        &totals,
        budget.as_ref(),
    ))
}

async fn compute(
    domain: &Domain,
    access: &BoardAccess,
    as_of: NaiveDate,
) -> DomainResult<BudgetMetrics> {
    let window_days = DEFAULT_WINDOW_DAYS;
    let conn = domain.db.conn();
    let budget = budget::find(conn, access.board_id())
        .await?
        .map(BudgetFigures::from);
    let totals = cached_totals(domain, access, as_of, window_days).await?;
    Ok(formulas::compute(
        access.board_id(),
        as_of,
        window_days,
        &totals,
        budget.as_ref(),
    ))
}
