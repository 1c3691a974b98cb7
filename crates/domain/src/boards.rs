//! Boards: the projects whose budgets are tracked.

use budget_contract::board::{Board, BoardInput, BoardRole};
use budget_contract::limits::NAME_CHARS;
use budget_contract::page::Page;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, EntityTrait, ModelTrait, Set};

use crate::access::{visible_boards, BoardAccess};
use crate::audit::{self, Change};
use crate::entity::{app_user, board};
use crate::error::{DomainError, DomainResult};
use crate::pagination;
use crate::validate::Checks;
use crate::Domain;

struct Checked {
    name: String,
    start_date: NaiveDate,
}

async fn check(domain: &Domain, user_id: i64, input: &BoardInput) -> DomainResult<Checked> {
    let mut checks = Checks::new();
    let name = checks.text("name", &input.name, NAME_CHARS);
    let start_date = input.start_date.unwrap_or_else(|| domain.clock.today());
    if let Some(due) = input.due_date {
        if due < start_date {
            checks.fail(
                "due_date",
                "out_of_range",
                "must not be before the start date",
            );
        }
    }
    if let Some(org) = input.organization_id {
        let caller = app_user::Entity::find_by_id(user_id)
            .one(domain.db.conn())
            .await?;
        if caller.and_then(|u| u.organization_id) != Some(org) {
            checks.fail(
                "organization_id",
                "not_a_member",
                "you can only put a board in your own organisation",
            );
        }
    }
    checks.finish()?;
    Ok(Checked { name, start_date })
}

pub async fn create(domain: &Domain, user_id: i64, input: BoardInput) -> DomainResult<Board> {
    let checked = check(domain, user_id, &input).await?;
    let txn = domain.db.begin_write().await?;
    let model = board::ActiveModel {
        name: Set(checked.name),
        organization_id: Set(input.organization_id),
        created_by: Set(user_id),
        start_date: Set(checked.start_date),
        due_date: Set(input.due_date),
        created_at: Set(domain.clock.now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(view(model, BoardRole::Admin))
}

pub async fn list(
    domain: &Domain,
    user_id: i64,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<Board>> {
    let page = pagination::by_id(limit, cursor)?;
    let rows = visible_boards(
        domain.db.conn(),
        user_id,
        page.after.unwrap_or(0),
        page.fetch(),
    )
    .await?;
    let (rows, next_cursor) = pagination::finish(rows, page.limit, |a| a.board.id.to_string());
    Ok(Page {
        items: rows.into_iter().map(|a| view(a.board, a.role)).collect(),
        next_cursor,
    })
}

pub fn get(access: &BoardAccess) -> Board {
    view(access.board.clone(), access.role)
}

pub async fn replace(
    domain: &Domain,
    access: &BoardAccess,
    input: BoardInput,
) -> DomainResult<Board> {
    access.require(BoardRole::Admin)?;
    let mut input = input;
    // Keep the start date unless the request moves it.
    input.start_date = input.start_date.or(Some(access.board.start_date));
    let checked = check(domain, access.user_id, &input).await?;
    let txn = domain.db.begin_write().await?;
    let current = board::Entity::find_by_id(access.board_id())
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("board"))?;
    let mut active: board::ActiveModel = current.into();
    active.name = Set(checked.name);
    active.organization_id = Set(input.organization_id);
    active.start_date = Set(checked.start_date);
    active.due_date = Set(input.due_date);
    let model = active.update(&*txn).await?;
    txn.commit().await?;
    Ok(view(model, access.role))
}

/// Deletes the board and everything on it (tasks, costs, time, budget: foreign-key cascades).
/// Its audit trail stays, with the organisation it belonged to.
pub async fn delete(domain: &Domain, access: &BoardAccess) -> DomainResult<()> {
    access.require(BoardRole::Admin)?;
    let txn = domain.db.begin_write().await?;
    if let Some(current) = board::Entity::find_by_id(access.board_id())
        .one(&*txn)
        .await?
    {
        let old = view(current.clone(), access.role);
        audit::record(
            &*txn,
            domain.clock.now(),
            Change::on_board(access, "board", old.id, Some(&old), None),
        )
        .await?;
        if let Some(org) = current.organization_id {
            audit::keep_with_organization(&*txn, current.id, org).await?;
        }
        current.delete(&*txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

pub fn view(model: board::Model, my_role: BoardRole) -> Board {
    Board {
        id: model.id,
        name: model.name,
        organization_id: model.organization_id,
        created_by: model.created_by,
        start_date: model.start_date,
        due_date: model.due_date,
        created_at: model.created_at,
        my_role,
    }
}
