//! What a task is expected to cost and what it has cost beyond labour. Labour comes from the
//! task's time entries; the totals here are computed on read, never stored.

use budget_contract::board::BoardRole;
use budget_contract::task_cost::{TaskCost, TaskCostInput};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set,
    TryIntoModel,
};

use crate::access::BoardAccess;
use crate::amount::{hours, money, optional_money};
use crate::audit::{self, Change};
use crate::entity::task_cost;
use crate::error::DomainResult;
use crate::metrics::formulas::task_variance;
use crate::sql;
use crate::tasks::find_in_board;
use crate::time_entries::reprice_task;
use crate::validate::{max_amount, max_hours, max_rate, Checks};
use crate::Domain;

#[derive(Debug, Default, FromQueryResult)]
struct LabourRow {
    labour_cents: i64,
    centihours: i64,
}

async fn labour<C: ConnectionTrait>(conn: &C, task_id: i64) -> DomainResult<LabourRow> {
    Ok(sql::one(
        conn,
        "SELECT CAST(COALESCE(SUM(labour_cost_cents), 0) AS BIGINT) AS labour_cents, \
                CAST(COALESCE(SUM(centihours), 0) AS BIGINT) AS centihours \
         FROM task_labour WHERE task_id = $1",
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

/// A task without recorded costs reads as all zeros.
pub async fn get(domain: &Domain, access: &BoardAccess, task_id: i64) -> DomainResult<TaskCost> {
    let conn = domain.db.conn();
    find_in_board(conn, access.board_id(), task_id).await?;
    let cost = find(conn, task_id).await?;
    let labour = labour(conn, task_id).await?;
    Ok(view(task_id, cost.as_ref(), &labour, None))
}

pub async fn put(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    input: TaskCostInput,
) -> DomainResult<TaskCost> {
    access.require(BoardRole::Editor)?;
    let mut checks = Checks::new();
    let estimated = checks.amount("estimated_cost", input.estimated_cost, 2, max_amount());
    let estimated_hours = checks.amount("estimated_hours", input.estimated_hours, 2, max_hours());
    let direct = checks.amount("actual_cost", input.actual_cost, 2, max_amount());
    let rate = checks.optional_amount("hourly_rate", input.hourly_rate, 2, max_rate());
    let resource = checks.amount("resource_cost", input.resource_cost, 2, max_amount());
    let today = domain.clock.today();
    if input.incurred_on.is_some_and(|day| day > today) {
        checks.fail("incurred_on", "in_future", "must not be in the future");
    }
    checks.finish()?;

    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    find_in_board(&*txn, access.board_id(), task_id).await?;
    let current = find(&*txn, task_id).await?;
    let old_labour = labour(&*txn, task_id).await?;
    let old = current
        .as_ref()
        .map(|c| view(task_id, Some(c), &old_labour, None));
    let incurred_on: Option<NaiveDate> = input
        .incurred_on
        .or_else(|| current.as_ref().and_then(|c| c.incurred_on))
        .or(Some(today));
    let mut active: task_cost::ActiveModel = match current {
        Some(model) => model.into(),
        None => task_cost::ActiveModel {
            task_id: Set(task_id),
            ..Default::default()
        },
    };
    active.estimated_cost_cents = Set(estimated);
    active.estimated_centihours = Set(estimated_hours);
    active.actual_cost_cents = Set(direct);
    active.hourly_rate_cents = Set(rate);
    active.resource_cost_cents = Set(resource);
    active.incurred_on = Set(incurred_on);
    active.updated_at = Set(now);
    let saved = active.save(&*txn).await?;
    let model: task_cost::Model = saved.try_into_model()?;
    let repriced = if input.reprice_existing_entries {
        Some(reprice_task(&*txn, access.board_id(), task_id, rate, now).await?)
    } else {
        None
    };
    let labour = if repriced.unwrap_or(0) > 0 {
        labour(&*txn, task_id).await?
    } else {
        old_labour
    };
    let new = view(task_id, Some(&model), &labour, repriced);
    audit::record(
        &*txn,
        now,
        Change::on_board(access, "task_cost", task_id, old.as_ref(), Some(&new)),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

fn view(
    task_id: i64,
    cost: Option<&task_cost::Model>,
    labour: &LabourRow,
    repriced: Option<u64>,
) -> TaskCost {
    let estimated = cost.map_or(0, |c| c.estimated_cost_cents);
    let direct = cost.map_or(0, |c| c.actual_cost_cents);
    let resource = cost.map_or(0, |c| c.resource_cost_cents);
    let total = direct + resource + labour.labour_cents;
    let variance = task_variance(estimated, total);
    TaskCost {
        task_id,
        estimated_cost: money(estimated),
        estimated_hours: hours(cost.map_or(0, |c| c.estimated_centihours)),
        actual_cost: money(direct),
        hourly_rate: optional_money(cost.and_then(|c| c.hourly_rate_cents)),
        resource_cost: money(resource),
        incurred_on: cost.and_then(|c| c.incurred_on),
        labour_cost: money(labour.labour_cents),
        logged_hours: hours(labour.centihours),
        total_actual_cost: money(total),
        variance: variance.variance,
        variance_percent: variance.variance_percent,
        over_budget: variance.over_budget,
        repriced_entries: repriced,
        updated_at: cost.map(|c| c.updated_at),
    }
}
