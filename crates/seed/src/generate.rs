//! Writes a [`Plan`] of a given size into a freshly migrated database, fast: one transaction,
//! multi-row INSERTs as large as the engines' bind-parameter limits allow, ids read back once.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context;
use budget_domain::entity::{
    app_user, board, board_member, exchange_rate, expense, organization, project_budget,
    project_roi, task, task_cost,
};
use budget_domain::rates::{self, Scope};
use budget_domain::Database;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::bulk::insert_chunked;
use crate::sized::{self as plan, Plan, Size, OWNER, PEOPLE};

/// What was written, and how long writing it took.
pub struct Generated {
    pub board_id: i64,
    pub tasks: usize,
    pub task_costs: usize,
    /// Direct costs, one expense each, in the board's currency.
    pub expenses: usize,
    pub entries: usize,
    pub snapshots: usize,
    /// Planning in memory plus every INSERT and the statistics refresh; not the migrations.
    pub elapsed: Duration,
}

/// Migrates the empty database at `url` and writes a board of `size` ending on `today`. Every
/// person gets `password_hash` (hashing is deliberately slow, so it is done once per run).
pub async fn generate(
    url: &str,
    size: Size,
    today: NaiveDate,
    password_hash: &str,
) -> anyhow::Result<Generated> {
    // One connection: everything happens in one transaction anyway.
    let db = Database::connect(url, 1)
        .await
        .context("connecting to the new database")?;
    db.migrate().await.context("migrating the new database")?;
    let started = Instant::now();
    let plan = plan::plan(size, today);
    let txn = db.begin_write().await?;
    let mut generated = write(&*txn, &plan, password_hash).await?;
    txn.commit().await?;
    refresh_statistics(&db).await?;
    generated.elapsed = started.elapsed();
    db.close().await?;
    Ok(generated)
}

/// PostgreSQL: `VACUUM ANALYZE`, which autovacuum does soon after such a load in production
/// (the throwaway cluster of `scripts/with-postgres.sh` runs without autovacuum): without it
/// the planner guesses from empty-table defaults and index-only scans still visit the heap.
/// SQLite: fold the write-ahead log into the database file, the state a server finds after a
/// checkpoint; the service never runs SQLite's `ANALYZE`, so neither does the benchmark.
async fn refresh_statistics(db: &Database) -> Result<(), DbErr> {
    let statement = match db.backend() {
        DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "PRAGMA wal_checkpoint(TRUNCATE)",
    };
    db.conn().execute_unprepared(statement).await?;
    Ok(())
}

/// A moment on a day of the history, so stored timestamps agree with the dates they describe.
fn at(day: NaiveDate, hour: i64) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc() + TimeDelta::hours(hour)
}

fn missing(what: &str) -> DbErr {
    DbErr::Custom(format!("benchmark data: {what}"))
}

async fn write<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan,
    password_hash: &str,
) -> Result<Generated, DbErr> {
    let founded = at(plan.first_day, 8);
    let organization = organization::ActiveModel {
        name: Set("Benchmark Ltd".to_owned()),
        created_at: Set(founded),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    exchange_rate::ActiveModel {
        organization_id: Set(organization.id),
        from_currency: Set(plan::BILLABLE_RATE
            .currency
            .unwrap_or(plan::BOARD_CURRENCY)
            .to_owned()),
        to_currency: Set(plan::BOARD_CURRENCY.to_owned()),
        rate_units: Set(plan::BILLABLE_RATE.exchange_units.unwrap_or(100_000_000)),
        valid_from: Set(rates::EARLIEST),
        source: Set("manual".to_owned()),
        created_by: Set(None),
        created_at: Set(founded),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    rates::first_billable_rate(
        &Scope::Organization {
            organization_id: organization.id,
        },
        plan::BILLABLE_RATE.cents,
        plan::BILLABLE_RATE.currency,
        founded,
    )
    .insert(conn)
    .await?;

    let mut user_ids = Vec::with_capacity(PEOPLE.len());
    for person in &PEOPLE {
        let user = app_user::ActiveModel {
            email: Set(person.email.to_owned()),
            display_name: Set(person.display_name.to_owned()),
            password_hash: Set(password_hash.to_owned()),
            organization_id: Set(Some(organization.id)),
            org_role: Set(Some(person.org_role.to_owned())),
            created_at: Set(founded),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        rates::first_cost_rate(
            &Scope::Person {
                organization_id: Some(organization.id),
                user_id: user.id,
            },
            person.default_rate_cents,
            founded,
        )
        .insert(conn)
        .await?;
        user_ids.push(user.id);
    }
    let user_id = |person: usize| {
        user_ids
            .get(person)
            .copied()
            .ok_or_else(|| missing("unknown person"))
    };
    let owner_id = user_id(OWNER)?;

    let board_id = board::ActiveModel {
        name: Set("Benchmark board".to_owned()),
        organization_id: Set(Some(organization.id)),
        created_by: Set(owner_id),
        start_date: Set(plan.first_day),
        due_date: Set(Some(plan.due)),
        created_at: Set(at(plan.first_day, 9)),
        ..Default::default()
    }
    .insert(conn)
    .await?
    .id;

    let members = PEOPLE
        .iter()
        .enumerate()
        .map(|(index, person)| {
            Ok(board_member::ActiveModel {
                board_id: Set(board_id),
                user_id: Set(user_id(index)?),
                role: Set(person.board_role.to_owned()),
                created_at: Set(at(plan.first_day, 9)),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    insert_chunked(conn, members).await?;
    let member_rates = PEOPLE
        .iter()
        .enumerate()
        .filter_map(|(index, person)| Some((index, person.board_rate_cents?)))
        .map(|(index, cents)| {
            Ok(rates::first_cost_rate(
                &Scope::BoardMember {
                    board_id,
                    user_id: user_id(index)?,
                },
                cents,
                at(plan.first_day, 9),
            ))
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    insert_chunked(conn, member_rates).await?;

    let task_ids = write_tasks(conn, plan, board_id, &user_id).await?;
    let task_costs = write_costs(conn, plan, &task_ids).await?;
    let task_rates: Vec<_> = plan
        .tasks
        .iter()
        .zip(&task_ids)
        .filter_map(|(t, id)| Some((t, t.cost.as_ref()?.task_rate_cents?, *id)))
        .map(|(t, cents, task_id)| {
            rates::first_cost_rate(
                &Scope::Task { board_id, task_id },
                cents,
                at(t.created_on, 10),
            )
        })
        .collect();
    insert_chunked(conn, task_rates).await?;
    let expenses = write_expenses(conn, plan, board_id, &task_ids, owner_id).await?;
    let entries = write_entries(conn, plan, board_id, &task_ids, &user_id).await?;

    project_budget::ActiveModel {
        board_id: Set(board_id),
        allocated_budget_cents: Set(plan.allocated_cents),
        currency: Set(plan::BOARD_CURRENCY.to_owned()),
        allocated_centihours: Set(Some(plan.allocated_centihours)),
        warning_threshold: Set(80),
        critical_threshold: Set(95),
        ai_optimization_enabled: Set(true),
        last_ai_analysis: Set(None),
        created_by: Set(owner_id),
        created_at: Set(at(plan.first_day, 9)),
        updated_at: Set(at(plan.first_day, 9)),
        version: Set(1),
        ..Default::default()
    }
    .insert(conn)
    .await?;

    let snapshots: Vec<project_roi::ActiveModel> = plan
        .snapshots
        .iter()
        .map(|s| project_roi::ActiveModel {
            board_id: Set(board_id),
            expected_value_cents: Set(s.expected_cents),
            realized_value_cents: Set(s.realized_cents),
            total_cost_cents: Set(s.total_cost_cents),
            roi_basis_points: Set(s.roi_basis_points),
            completed_tasks: Set(s.completed_tasks),
            total_tasks: Set(s.total_tasks),
            snapshot_date: Set(at(s.day, 17)),
            created_by: Set(owner_id),
            ai_insights: Set(None),
            ai_risk_score: Set(Some(s.risk_score)),
            ..Default::default()
        })
        .collect();
    let snapshot_count = snapshots.len();
    insert_chunked(conn, snapshots).await?;

    Ok(Generated {
        board_id,
        tasks: task_ids.len(),
        task_costs,
        expenses,
        entries,
        snapshots: snapshot_count,
        elapsed: Duration::ZERO,
    })
}

/// Inserts the tasks and returns their ids in plan order. Multi-row INSERTs do not return every
/// id on both engines, so the ids are read back once, by the (unique) titles.
async fn write_tasks<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan,
    board_id: i64,
    user_id: &impl Fn(usize) -> Result<i64, DbErr>,
) -> Result<Vec<i64>, DbErr> {
    let rows = plan
        .tasks
        .iter()
        .map(|t| {
            Ok(task::ActiveModel {
                board_id: Set(board_id),
                title: Set(t.title.clone()),
                status: Set(t.status.to_owned()),
                progress: Set(t.progress),
                priority: Set(t.priority.to_owned()),
                assignee_id: Set(Some(user_id(t.assignee)?)),
                due_date: Set(Some(t.due)),
                completed_at: Set(t.completed_on.map(|day| at(day, 17))),
                created_at: Set(at(t.created_on, 9)),
                updated_at: Set(at(t.completed_on.unwrap_or(plan.today), 17)),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    insert_chunked(conn, rows).await?;
    let stored: HashMap<String, i64> = task::Entity::find()
        .filter(task::Column::BoardId.eq(board_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.title, t.id))
        .collect();
    plan.tasks
        .iter()
        .map(|t| {
            stored
                .get(&t.title)
                .copied()
                .ok_or_else(|| missing("a task was not stored"))
        })
        .collect()
}

async fn write_costs<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan,
    task_ids: &[i64],
) -> Result<usize, DbErr> {
    let rows: Vec<task_cost::ActiveModel> = plan
        .tasks
        .iter()
        .zip(task_ids)
        .filter_map(|(t, id)| Some((t, t.cost.as_ref()?, *id)))
        .map(|(t, cost, task_id)| task_cost::ActiveModel {
            task_id: Set(task_id),
            estimated_cost_cents: Set(cost.estimated_cents),
            estimated_centihours: Set(cost.estimated_centihours),
            actual_cost_cents: Set(0),
            resource_cost_cents: Set(cost.resource_cents),
            incurred_on: Set(cost.incurred_on),
            updated_at: Set(at(t.created_on, 10)),
            ..Default::default()
        })
        .collect();
    let count = rows.len();
    insert_chunked(conn, rows).await?;
    Ok(count)
}

/// Each planned direct cost as one expense in the board's currency (EUR), on the day it was
/// incurred, billable, recorded by the owner.
async fn write_expenses<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan,
    board_id: i64,
    task_ids: &[i64],
    owner_id: i64,
) -> Result<usize, DbErr> {
    let rows: Vec<expense::ActiveModel> = plan
        .tasks
        .iter()
        .zip(task_ids)
        .filter_map(|(t, id)| Some((t, t.cost.as_ref()?, *id)))
        .filter(|(_, cost, _)| cost.actual_cents > 0)
        .map(|(t, cost, task_id)| {
            let day = cost.incurred_on.unwrap_or(t.created_on);
            expense::ActiveModel {
                board_id: Set(board_id),
                task_id: Set(task_id),
                user_id: Set(Some(owner_id)),
                category: Set("purchases".to_owned()),
                amount_units: Set(cost.actual_cents),
                currency: Set(plan::BOARD_CURRENCY.to_owned()),
                incurred_on: Set(day),
                is_billable: Set(true),
                markup_hundredths: Set(None),
                note: Set(String::new()),
                exchange_rate_units: Set(None),
                exchange_rate_id: Set(None),
                cost_cents: Set(cost.actual_cents),
                billable_cents: Set(cost.actual_cents),
                created_at: Set(at(day, 10)),
                updated_at: Set(at(day, 10)),
                version: Set(1),
                ..Default::default()
            }
        })
        .collect();
    let count = rows.len();
    insert_chunked(conn, rows).await?;
    Ok(count)
}

async fn write_entries<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan,
    board_id: i64,
    task_ids: &[i64],
    user_id: &impl Fn(usize) -> Result<i64, DbErr>,
) -> Result<usize, DbErr> {
    let rows = plan
        .entries
        .iter()
        .map(|e| {
            let task_id = task_ids
                .get(e.task)
                .copied()
                .ok_or_else(|| missing("unknown task"))?;
            e.row(board_id, task_id, user_id(e.person)?, at(e.date, 18))
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let count = rows.len();
    insert_chunked(conn, rows).await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use budget_domain::entity::{expense, project_roi, task, task_cost, time_entry};
    use sea_orm::{EntityTrait, PaginatorTrait, QuerySelect};

    use super::*;

    #[tokio::test]
    async fn the_database_holds_what_the_plan_says() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/s.db?mode=rwc", dir.path().display());
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        // A stand-in hash: the password is never checked here.
        let generated = generate(&url, Size::S, today, "not-a-hash").await.unwrap();
        let plan = plan::plan(Size::S, today);
        let expected_costs = plan.tasks.iter().filter(|t| t.cost.is_some()).count();
        assert_eq!(
            (generated.tasks, generated.entries, generated.task_costs),
            (100, 1_000, expected_costs)
        );

        let db = Database::connect(&url, 1).await.unwrap();
        let conn = db.conn();
        assert_eq!(task::Entity::find().count(conn).await.unwrap(), 100);
        assert_eq!(
            task_cost::Entity::find().count(conn).await.unwrap(),
            expected_costs as u64
        );
        assert_eq!(project_roi::Entity::find().count(conn).await.unwrap(), 6);
        // Each planned direct cost is one expense of the same amount.
        let direct: Vec<i64> = plan
            .tasks
            .iter()
            .filter_map(|t| t.cost.as_ref())
            .map(|c| c.actual_cents)
            .filter(|cents| *cents > 0)
            .collect();
        assert_eq!(generated.expenses, direct.len());
        let stored_direct: Vec<i64> = expense::Entity::find()
            .select_only()
            .column(expense::Column::CostCents)
            .into_tuple()
            .all(conn)
            .await
            .unwrap();
        assert_eq!(
            stored_direct.iter().sum::<i64>(),
            direct.iter().sum::<i64>()
        );
        let stored_labour: Vec<i64> = time_entry::Entity::find()
            .select_only()
            .column(time_entry::Column::LabourCostCents)
            .into_tuple()
            .all(conn)
            .await
            .unwrap();
        assert_eq!(stored_labour.len(), 1_000);
        assert_eq!(
            stored_labour.iter().sum::<i64>(),
            plan.entries.iter().map(|e| e.labour_cents).sum::<i64>()
        );
    }
}
