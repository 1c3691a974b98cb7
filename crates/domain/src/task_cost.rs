//! What a task is expected to cost and what it has cost beyond labour. Labour comes from the
//! task's time entries and direct costs from its expenses ([`crate::expenses`]), both read from
//! the task's running sums; the totals here are computed on read, never stored.

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::task_cost::{TaskCost, TaskCostInput};
use budget_contract::{Currency, Money};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Set,
};

use crate::access::BoardAccess;
use crate::amount::{from_hundredths, hours, money};
use crate::audit::{self, Change};
use crate::entity::task_cost;
use crate::error::{DomainError, DomainResult};
use crate::metrics::formulas::task_variance;
use crate::precondition::{abandon, refused, Expected};
use crate::rates::{self, Scope};
use crate::sql;
use crate::tasks::find_in_board;
use crate::time_entries::reprice_task;
use crate::validate::{max_amount, max_hours, max_rate, Checks};
use crate::Domain;

/// What a task's time entries and expenses add up to, from its running sums (one row).
#[derive(Debug, Default, FromQueryResult)]
struct LabourRow {
    labour_cents: i64,
    centihours: i64,
    /// Σ cost of the task's expenses: its direct cost.
    expense_cents: i64,
}

async fn labour<C: ConnectionTrait>(conn: &C, task_id: i64) -> DomainResult<LabourRow> {
    Ok(sql::one(
        conn,
        "SELECT CAST(COALESCE(SUM(labour_cents), 0) AS BIGINT) AS labour_cents, \
                CAST(COALESCE(SUM(centihours), 0) AS BIGINT) AS centihours, \
                CAST(COALESCE(SUM(direct_cents), 0) AS BIGINT) AS expense_cents \
         FROM task_sums WHERE task_id = $1",
        vec![task_id.into()],
    )
    .await?)
}

async fn find<C: ConnectionTrait>(
    conn: &C,
    task_id: i64,
) -> DomainResult<Option<task_cost::Model>> {
    Ok(task_cost::Entity::find()
        .filter(task_cost::Column::TaskId.eq(task_id))
        .one(conn)
        .await?)
}

/// The kind in a task cost's ETag.
pub const KIND: &str = "task_cost";

/// A task without recorded costs reads as all zeros, at version 0.
pub async fn get(domain: &Domain, access: &BoardAccess, task_id: i64) -> DomainResult<TaskCost> {
    let conn = domain.db.conn();
    find_in_board(conn, access.board_id(), task_id).await?;
    let cost = find(conn, task_id).await?;
    let labour = labour(conn, task_id).await?;
    let currency = crate::budget::currency(conn, access.board_id()).await?;
    let rate = rates::cost_rate_today(
        conn,
        &Scope::Task {
            board_id: access.board_id(),
            task_id,
        },
        domain.clock.today(),
    )
    .await?;
    Ok(view(task_id, cost.as_ref(), &labour, rate, None, currency))
}

pub async fn put(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    input: TaskCostInput,
    expected: Expected,
) -> DomainResult<TaskCost> {
    access.require(BoardRole::Editor)?;
    // Money is checked against the board's currency: whole yen on a yen board.
    let currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    let mut checks = Checks::new();
    let estimated = checks.money(
        "estimated_cost",
        input.estimated_cost,
        currency,
        max_amount(),
    );
    let estimated_hours = checks.amount("estimated_hours", input.estimated_hours, 2, max_hours());
    if input.actual_cost.as_ref().is_some_and(is_an_amount) {
        checks.fail(
            "actual_cost",
            "read_only",
            "a task's direct costs are its expenses: record each one as an expense of the task",
        );
    }
    let rate = checks.optional_money("hourly_rate", input.hourly_rate, currency, max_rate());
    let resource = checks.money("resource_cost", input.resource_cost, currency, max_amount());
    let today = domain.clock.today();
    if input.incurred_on.is_some_and(|day| day > today) {
        checks.fail("incurred_on", "in_future", "must not be in the future");
    }
    checks.finish()?;

    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    find_in_board(&*txn, access.board_id(), task_id).await?;
    crate::budget::hold_currency(&*txn, access.board_id(), currency).await?;
    // A task has at most one cost row (unique index). Make sure it exists without a
    // check-then-insert race: a row created here starts at version 0, as the cost of a task
    // without recorded costs reads; a concurrent first write makes this insert nothing.
    let created = task_cost::Entity::insert(task_cost::ActiveModel {
        task_id: Set(task_id),
        estimated_cost_cents: Set(0),
        estimated_centihours: Set(0),
        actual_cost_cents: Set(0),
        resource_cost_cents: Set(0),
        incurred_on: Set(None),
        updated_at: Set(now),
        version: Set(0),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(task_cost::Column::TaskId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&*txn)
    .await?
        > 0;
    // Locked (PostgreSQL) until the change is written: what the audit calls "before" and the
    // kept incurred day are what gets replaced.
    let current = task_cost::Entity::find()
        .filter(task_cost::Column::TaskId.eq(task_id))
        .lock_exclusive()
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("task"))?;
    let old_labour = labour(&*txn, task_id).await?;
    let scope = Scope::Task {
        board_id: access.board_id(),
        task_id,
    };
    let old_rate = rates::cost_rate_today(&*txn, &scope, today).await?;
    let old = (!created).then(|| {
        view(
            task_id,
            Some(&current),
            &old_labour,
            old_rate,
            None,
            currency,
        )
    });
    let incurred_on: Option<NaiveDate> = input.incurred_on.or(current.incurred_on).or(Some(today));
    let changes = task_cost::ActiveModel {
        estimated_cost_cents: Set(estimated),
        estimated_centihours: Set(estimated_hours),
        resource_cost_cents: Set(resource),
        incurred_on: Set(incurred_on),
        updated_at: Set(now),
        ..Default::default()
    };
    // Compare-and-set on the version read above and the one the caller expects.
    let result = task_cost::Entity::update_many()
        .set(changes)
        .col_expr(
            task_cost::Column::Version,
            Expr::col(task_cost::Column::Version).add(1),
        )
        .filter(task_cost::Column::Id.eq(current.id))
        .filter(task_cost::Column::Version.eq(current.version))
        .filter(expected.condition(task_cost::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(abandon(txn, refused(KIND, Some(current.version))).await);
    }
    let model = find(&*txn, task_id)
        .await?
        .ok_or(DomainError::NotFound("task"))?;
    if input.reprice_existing_entries {
        rates::set_cost_rate_for_all_days(&*txn, now, access.user_id, &scope, rate).await?;
    } else {
        rates::set_cost_rate(&*txn, now, today, access.user_id, &scope, rate).await?;
    }
    let repriced = if input.reprice_existing_entries {
        Some(reprice_task(&*txn, &access.board, task_id, currency, now).await?)
    } else {
        None
    };
    let labour = if repriced.unwrap_or(0) > 0 {
        labour(&*txn, task_id).await?
    } else {
        old_labour
    };
    let new_rate = rates::cost_rate_today(&*txn, &scope, today).await?;
    let new = view(task_id, Some(&model), &labour, new_rate, repriced, currency);
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::TaskCost,
            task_id,
            old.as_ref(),
            Some(&new),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

/// Whether a value sent as `actual_cost` states an amount: anything but null or a zero.
fn is_an_amount(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => false,
        serde_json::Value::String(text) => {
            budget_contract::money::parse_decimal(text).is_none_or(|amount| !amount.is_zero())
        }
        _ => true,
    }
}

fn view(
    task_id: i64,
    cost: Option<&task_cost::Model>,
    labour: &LabourRow,
    task_rate: Option<i64>,
    repriced: Option<u64>,
    currency: &Currency,
) -> TaskCost {
    let estimated = cost.map_or(0, |c| c.estimated_cost_cents);
    let direct = labour.expense_cents;
    let resource = cost.map_or(0, |c| c.resource_cost_cents);
    let total = direct + resource + labour.labour_cents;
    let variance = task_variance(estimated, total, currency);
    TaskCost {
        task_id,
        estimated_cost: money(estimated, currency),
        estimated_hours: hours(cost.map_or(0, |c| c.estimated_centihours)),
        actual_cost: money(direct, currency),
        hourly_rate: task_rate
            .map(|cents| Money::exact_in_currency(from_hundredths(cents), currency)),
        resource_cost: money(resource, currency),
        incurred_on: cost.and_then(|c| c.incurred_on),
        labour_cost: money(labour.labour_cents, currency),
        logged_hours: hours(labour.centihours),
        total_actual_cost: money(total, currency),
        variance: variance.variance,
        variance_percent: variance.variance_percent,
        over_budget: variance.over_budget,
        repriced_entries: repriced,
        updated_at: cost.map(|c| c.updated_at),
        version: cost.map_or(0, |c| c.version),
    }
}
