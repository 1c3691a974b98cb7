//! Tasks on a board: the units that carry estimates, costs and time.

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::limits::{MAX_TASKS_PER_BOARD, NAME_CHARS, PROGRESS};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::task::{Task, TaskInput, TaskStatus};
use budget_contract::{Hours, Money};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde::Serialize;

use crate::access::{board_access_on, BoardAccess};
use crate::amount::{hours, money};
use crate::audit::{self, Change};
use crate::entity::{board, task};
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination;
use crate::precondition::{self, Expected};
use crate::sql;
use crate::validate::Checks;
use crate::Domain;

/// The task, if it is on the board; a task of another board is "not found" here, so ids from
/// one board cannot reach into another.
pub async fn find_in_board<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    task_id: i64,
) -> DomainResult<task::Model> {
    task::Entity::find_by_id(task_id)
        .filter(task::Column::BoardId.eq(board_id))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("task"))
}

/// The kind in a task's ETag.
pub const KIND: &str = "task";

/// The task, locked for the rest of the transaction on PostgreSQL (SQLite's writers are
/// serialised already): read before a change, it stays as read until the change is written.
async fn lock_in_board<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    task_id: i64,
) -> DomainResult<task::Model> {
    task::Entity::find_by_id(task_id)
        .filter(task::Column::BoardId.eq(board_id))
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("task"))
}

/// After a compare-and-set touched no row: the task is gone (404) or at another version (412).
async fn missed<C: ConnectionTrait>(conn: &C, board_id: i64, task_id: i64) -> DomainError {
    match find_in_board(conn, board_id, task_id).await {
        Ok(current) => precondition::refused(KIND, Some(current.version)),
        Err(err) => err,
    }
}

pub async fn get(domain: &Domain, access: &BoardAccess, task_id: i64) -> DomainResult<Task> {
    find_in_board(domain.db.conn(), access.board_id(), task_id)
        .await
        .map(view)
}

#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    filter: TaskFilter,
) -> DomainResult<Page<Task>> {
    let page = pagination::by_id(filter.limit, filter.cursor.as_deref())?;
    let mut query = task::Entity::find().filter(task::Column::BoardId.eq(access.board_id()));
    if let Some(status) = filter.status {
        query = query.filter(task::Column::Status.eq(status.as_str()));
    }
    let backend = domain.db.backend();
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(task::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(task::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<task::Model>(&domain.db, filtered, window).await?;
    Ok(page.page(rows, total, |t| t.id.to_string()).map(view))
}

struct Checked {
    title: String,
    progress: i32,
}

async fn check(domain: &Domain, access: &BoardAccess, input: &TaskInput) -> DomainResult<Checked> {
    let mut checks = Checks::new();
    let title = checks.text("title", &input.title, NAME_CHARS);
    let progress = match (input.status, input.progress) {
        (TaskStatus::Done, _) => 100,
        (_, Some(progress)) => checks.int_between("progress", progress, PROGRESS.0, PROGRESS.1),
        (_, None) => 0,
    };
    checks.finish()?;
    if let Some(assignee) = input.assignee_id {
        // The assignee must be someone who can see the board.
        if board_access_on(domain.db.conn(), access.board_id(), assignee)
            .await
            .is_err()
        {
            return Err(DomainError::field(
                "assignee_id",
                "not_a_board_user",
                "the assignee must have access to the board",
            ));
        }
    }
    Ok(Checked { title, progress })
}

/// Creates a task (editors and admins).
pub async fn create(
    domain: &Domain,
    access: &BoardAccess,
    input: TaskInput,
    idempotent: Option<&Idempotent<Task>>,
) -> DomainResult<Created<Task>> {
    let result = create_in_transaction(domain, access, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn create_in_transaction(
    domain: &Domain,
    access: &BoardAccess,
    input: TaskInput,
    idempotent: Option<&Idempotent<Task>>,
) -> DomainResult<Created<Task>> {
    access.require(BoardRole::Editor)?;
    let checked = check(domain, access, &input).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    // The board's row lock (PostgreSQL; SQLite has one writer) makes concurrent creations
    // count one after another, so the bound holds exactly.
    board::Entity::find_by_id(access.board_id())
        .lock_exclusive()
        .one(&*txn)
        .await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let tasks = task::Entity::find()
        .filter(task::Column::BoardId.eq(access.board_id()))
        .count(&*txn)
        .await?;
    if tasks >= MAX_TASKS_PER_BOARD {
        return Err(DomainError::conflict(
            ProblemCode::TaskLimitReached,
            format!("a board holds at most {MAX_TASKS_PER_BOARD} tasks; delete some first"),
        ));
    }
    let model = task::ActiveModel {
        board_id: Set(access.board_id()),
        title: Set(checked.title),
        status: Set(input.status.as_str().to_owned()),
        progress: Set(checked.progress),
        priority: Set(input.priority.as_str().to_owned()),
        assignee_id: Set(input.assignee_id),
        due_date: Set(input.due_date),
        completed_at: Set((input.status == TaskStatus::Done).then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let task = view(model);
    audit::record(
        &*txn,
        now,
        Change::on_board(access, AuditKind::Task, task.id, None, Some(&task)),
    )
    .await?;
    idempotency::remember(&*txn, now, idempotent, &task).await?;
    txn.commit().await?;
    Ok(Created::New(task))
}

pub async fn replace(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    input: TaskInput,
    expected: Expected,
) -> DomainResult<Task> {
    access.require(BoardRole::Editor)?;
    let checked = check(domain, access, &input).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = lock_in_board(&*txn, access.board_id(), task_id).await?;
    let was_done = current.status == TaskStatus::Done.as_str();
    let completed_at = match (was_done, input.status == TaskStatus::Done) {
        (true, true) => current.completed_at,
        (false, true) => Some(now),
        (_, false) => None,
    };
    let changes = task::ActiveModel {
        title: Set(checked.title),
        status: Set(input.status.as_str().to_owned()),
        progress: Set(checked.progress),
        priority: Set(input.priority.as_str().to_owned()),
        assignee_id: Set(input.assignee_id),
        due_date: Set(input.due_date),
        completed_at: Set(completed_at),
        updated_at: Set(now),
        ..Default::default()
    };
    // Compare-and-set on the version read above and the one the caller expects.
    let result = task::Entity::update_many()
        .set(changes)
        .col_expr(
            task::Column::Version,
            Expr::col(task::Column::Version).add(1),
        )
        .filter(task::Column::Id.eq(current.id))
        .filter(task::Column::Version.eq(current.version))
        .filter(expected.condition(task::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        let err = missed(&*txn, access.board_id(), task_id).await;
        return Err(precondition::abandon(txn, err).await);
    }
    let task = view(find_in_board(&*txn, access.board_id(), task_id).await?);
    // Kept for the forecast's past days too (progress then).
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::Task,
            task_id,
            Some(&view(current)),
            Some(&task),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(task)
}

/// Deleting a task deletes its cost and everyone's time entries on it (foreign-key cascade), so
/// only board admins may, and the audit trail keeps what was lost.
pub async fn delete(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    expected: Expected,
) -> DomainResult<()> {
    access.require(BoardRole::Admin)?;
    let txn = domain.db.begin_write().await?;
    let current = task::Entity::find_by_id(task_id)
        .filter(task::Column::BoardId.eq(access.board_id()))
        .one(&*txn)
        .await?;
    let time: LoggedTime = sql::one(
        &*txn,
        "SELECT CAST(COUNT(*) AS BIGINT) AS entries, \
                CAST(COALESCE(SUM(centihours), 0) AS BIGINT) AS centihours, \
                CAST(COALESCE(SUM(labour_cost_cents), 0) AS BIGINT) AS labour_cents \
         FROM time_entry WHERE task_id = $1",
        vec![task_id.into()],
    )
    .await?;
    let result = task::Entity::delete_many()
        .filter(task::Column::Id.eq(task_id))
        .filter(task::Column::BoardId.eq(access.board_id()))
        .filter(expected.condition(task::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        let err = missed(&*txn, access.board_id(), task_id).await;
        return Err(precondition::abandon(txn, err).await);
    }
    if let Some(current) = current {
        let deleted = DeletedTask {
            task: view(current),
            time_entries: time.entries,
            logged_hours: hours(time.centihours),
            labour_cost: money(
                time.labour_cents,
                crate::budget::currency(&*txn, access.board_id()).await?,
            ),
        };
        audit::record(
            &*txn,
            domain.clock.now(),
            Change::on_board(access, AuditKind::Task, task_id, Some(&deleted), None),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct LoggedTime {
    entries: i64,
    centihours: i64,
    labour_cents: i64,
}

/// A deleted task as the trail keeps it: the task and the time that went with it.
#[derive(Serialize)]
struct DeletedTask {
    #[serde(flatten)]
    task: Task,
    time_entries: i64,
    logged_hours: Hours,
    labour_cost: Money,
}

pub fn view(model: task::Model) -> Task {
    Task {
        id: model.id,
        board_id: model.board_id,
        title: model.title,
        status: model.status.parse().unwrap_or_default(),
        progress: model.progress,
        priority: model.priority.parse().unwrap_or_default(),
        assignee_id: model.assignee_id,
        due_date: model.due_date,
        completed_at: model.completed_at,
        created_at: model.created_at,
        updated_at: model.updated_at,
        version: model.version,
    }
}
