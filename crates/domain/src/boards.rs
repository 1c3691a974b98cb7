//! Boards: the projects whose budgets are tracked.

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::auth::OrgRole;
use budget_contract::board::{
    Board, BoardInput, BoardMove, BoardRole, OwnershipTransfer, TimeRounding,
};
use budget_contract::limits::NAME_CHARS;
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::json;

use crate::access::{visible_boards, BoardAccess};
use crate::audit::{self, Change};
use crate::entity::{app_user, board, board_member};
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::organizations::is_org_admin;
use crate::pagination;
use crate::precondition::{self, Expected};
use crate::validate::Checks;
use crate::Domain;

struct Checked {
    name: String,
    start_date: NaiveDate,
}

/// Checks a board's details; `joining` is the organisation the board is being put in, which
/// the caller must belong to.
async fn check(
    domain: &Domain,
    user_id: i64,
    input: &BoardInput,
    joining: Option<i64>,
) -> DomainResult<Checked> {
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
    if let Some(org) = joining {
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

/// Creates a board; its creator is its admin.
pub async fn create(
    domain: &Domain,
    user_id: i64,
    input: BoardInput,
    idempotent: Option<&Idempotent<Board>>,
) -> DomainResult<Created<Board>> {
    let result = create_in_transaction(domain, user_id, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn create_in_transaction(
    domain: &Domain,
    user_id: i64,
    input: BoardInput,
    idempotent: Option<&Idempotent<Board>>,
) -> DomainResult<Created<Board>> {
    let checked = check(domain, user_id, &input, input.organization_id).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let model = board::ActiveModel {
        name: Set(checked.name),
        organization_id: Set(input.organization_id),
        created_by: Set(user_id),
        start_date: Set(checked.start_date),
        due_date: Set(input.due_date),
        created_at: Set(now),
        time_rounding: Set(input.time_rounding.unwrap_or_default().as_str().to_owned()),
        editors_log_for_others: Set(input.editors_log_for_others.unwrap_or(false)),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let board = view(model, BoardRole::Admin);
    idempotency::remember(&*txn, now, idempotent, &board).await?;
    txn.commit().await?;
    Ok(Created::New(board))
}

pub async fn list(
    domain: &Domain,
    user_id: i64,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<Board>> {
    let page = pagination::by_id(limit, cursor)?;
    Ok(visible_boards(&domain.db, user_id, &page)
        .await?
        .map(|a| view(a.board, a.role)))
}

pub fn get(access: &BoardAccess) -> Board {
    view(access.board.clone(), access.role)
}

/// The kind in a board's ETag.
pub const KIND: &str = "board";

/// After a compare-and-set touched no row: the board is gone (404) or at another version (412).
async fn missed<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<DomainError> {
    let current = board::Entity::find_by_id(board_id).one(conn).await?;
    Ok(precondition::missed(
        KIND,
        "board",
        current.map(|b| b.version),
    ))
}

/// Replaces the board's details. Its organisation is not one of them: absent means unchanged,
/// the same is accepted, and another one is refused (409 `board_move_required`), since a board
/// changes organisation only by [`move_board`].
pub async fn replace(
    domain: &Domain,
    access: &BoardAccess,
    input: BoardInput,
    expected: Expected,
) -> DomainResult<Board> {
    access.require(BoardRole::Admin)?;
    let mut input = input;
    // Keep the start date unless the request moves it.
    input.start_date = input.start_date.or(Some(access.board.start_date));
    if input
        .organization_id
        .is_some_and(|org| Some(org) != access.board.organization_id)
    {
        return Err(DomainError::conflict(
            ProblemCode::BoardMoveRequired,
            "a board changes organisation only by its move route (POST /boards/{board_id}/move)",
        ));
    }
    let checked = check(domain, access.user_id, &input, None).await?;
    let txn = domain.db.begin_write().await?;
    let mut changes = board::ActiveModel {
        name: Set(checked.name),
        start_date: Set(checked.start_date),
        due_date: Set(input.due_date),
        ..Default::default()
    };
    if let Some(rounding) = input.time_rounding {
        changes.time_rounding = Set(rounding.as_str().to_owned());
    }
    if let Some(allowed) = input.editors_log_for_others {
        changes.editors_log_for_others = Set(allowed);
    }
    // Compare-and-set on the version the caller expects.
    let result = board::Entity::update_many()
        .set(changes)
        .col_expr(
            board::Column::Version,
            Expr::col(board::Column::Version).add(1),
        )
        .filter(board::Column::Id.eq(access.board_id()))
        .filter(expected.condition(board::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        let err = missed(&*txn, access.board_id()).await?;
        return Err(precondition::abandon(txn, err).await);
    }
    let model = board::Entity::find_by_id(access.board_id())
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("board"))?;
    txn.commit().await?;
    Ok(view(model, access.role))
}

/// Refuses unless the caller is the board's creator (still a member of the board's
/// organisation, if it has one) or an admin of the board's organisation: the people who may
/// move a board or hand over its ownership.
async fn require_governor<C: ConnectionTrait>(
    conn: &C,
    current: &board::Model,
    user_id: i64,
) -> DomainResult<()> {
    let caller = app_user::Entity::find_by_id(user_id).one(conn).await?;
    let caller_org = caller.as_ref().and_then(|u| u.organization_id);
    let in_board_org = current.organization_id.is_none() || caller_org == current.organization_id;
    let org_admin = current.organization_id.is_some()
        && caller_org == current.organization_id
        && caller.as_ref().and_then(|u| u.org_role.as_deref()) == Some(OrgRole::Admin.as_str());
    let creator = current.created_by == user_id && in_board_org;
    if org_admin || creator {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            ProblemCode::InsufficientRole,
            "only the board's creator or an admin of its organisation may do this",
        ))
    }
}

pub(crate) async fn locked_board<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
) -> DomainResult<board::Model> {
    board::Entity::find_by_id(board_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("board"))
}

/// Moves the board, with everything on it, into another organisation (or out of any, with
/// `null`). The caller must be its creator or an admin of its current organisation, and an
/// admin of the organisation it goes to; taking a board out of every organisation is for an
/// admin of its current one.
pub async fn move_board(
    domain: &Domain,
    access: &BoardAccess,
    input: BoardMove,
) -> DomainResult<()> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = locked_board(&*txn, access.board_id()).await?;
    require_governor(&*txn, &current, access.user_id).await?;
    match input.organization_id {
        Some(target) => {
            if !is_org_admin(&*txn, access.user_id, target).await? {
                return Err(DomainError::field(
                    "organization_id",
                    "not_an_admin",
                    "you can only move a board into an organisation you administer",
                ));
            }
        }
        None => {
            if let Some(org) = current.organization_id {
                if !is_org_admin(&*txn, access.user_id, org).await? {
                    return Err(DomainError::forbidden(
                        ProblemCode::InsufficientRole,
                        "only an admin of the board's organisation may take it out of the organisation",
                    ));
                }
            }
        }
    }
    if current.organization_id != input.organization_id {
        let before = json!({"organization_id": current.organization_id});
        let after = json!({"organization_id": input.organization_id});
        let changes = board::ActiveModel {
            organization_id: Set(input.organization_id),
            ..Default::default()
        };
        update_audited(
            &*txn,
            now,
            access.user_id,
            current,
            changes,
            AuditAction::Move,
            before,
            after,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Hands the board's ownership (the creator's place, which makes its holder an admin of the
/// board) to another member of the board. By the creator or an admin of the board's
/// organisation; the previous owner stays on the board as an ordinary admin member, whom the
/// board's admins can change or remove like anyone else.
pub async fn transfer_ownership(
    domain: &Domain,
    access: &BoardAccess,
    input: OwnershipTransfer,
) -> DomainResult<()> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = locked_board(&*txn, access.board_id()).await?;
    require_governor(&*txn, &current, access.user_id).await?;
    let previous = current.created_by;
    if input.user_id != previous {
        let is_member = board_member::Entity::find()
            .filter(board_member::Column::BoardId.eq(current.id))
            .filter(board_member::Column::UserId.eq(input.user_id))
            .one(&*txn)
            .await?
            .is_some();
        if !is_member {
            return Err(DomainError::field(
                "user_id",
                "not_a_member",
                "ownership goes to a member of the board",
            ));
        }
        let previous_is_member = board_member::Entity::find()
            .filter(board_member::Column::BoardId.eq(current.id))
            .filter(board_member::Column::UserId.eq(previous))
            .one(&*txn)
            .await?
            .is_some();
        if !previous_is_member {
            board_member::ActiveModel {
                board_id: Set(current.id),
                user_id: Set(previous),
                role: Set(BoardRole::Admin.as_str().to_owned()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
        }
        let changes = board::ActiveModel {
            created_by: Set(input.user_id),
            ..Default::default()
        };
        update_audited(
            &*txn,
            now,
            access.user_id,
            current,
            changes,
            AuditAction::TransferOwnership,
            json!({"created_by": previous}),
            json!({"created_by": input.user_id}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Writes `changes` to the board `current` (read under its lock) as a new version, and records
/// the change as `action`, `old` → `new`, by `actor_id` in the same transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn update_audited<C: ConnectionTrait>(
    conn: &C,
    now: chrono::DateTime<chrono::Utc>,
    actor_id: i64,
    current: board::Model,
    mut changes: board::ActiveModel,
    action: AuditAction,
    old: serde_json::Value,
    new: serde_json::Value,
) -> DomainResult<()> {
    let board_id = current.id;
    changes.id = Set(board_id);
    changes.version = Set(current.version + 1);
    changes.update(conn).await?;
    audit::record(
        conn,
        now,
        Change {
            actor_id,
            board_id: Some(board_id),
            entity_type: AuditKind::Board,
            entity_id: board_id,
            action,
            old: Some(&old),
            new: Some(&new),
        },
    )
    .await?;
    Ok(())
}

/// Deletes the board and everything on it (tasks, costs, time, budget: foreign-key cascades).
/// With a precondition, only if the board is at one of the expected versions. Its audit trail
/// stays, with the organisation it belonged to.
pub async fn delete(domain: &Domain, access: &BoardAccess, expected: Expected) -> DomainResult<()> {
    access.require(BoardRole::Admin)?;
    let txn = domain.db.begin_write().await?;
    let before = board::Entity::find_by_id(access.board_id())
        .one(&*txn)
        .await?;
    let result = board::Entity::delete_many()
        .filter(board::Column::Id.eq(access.board_id()))
        .filter(expected.condition(board::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 && expected != Expected::Anything {
        let err = missed(&*txn, access.board_id()).await?;
        return Err(precondition::abandon(txn, err).await);
    }
    if let (Some(current), true) = (before, result.rows_affected > 0) {
        let old = view(current.clone(), access.role);
        audit::record(
            &*txn,
            domain.clock.now(),
            Change::on_board(access, AuditKind::Board, old.id, Some(&old), None),
        )
        .await?;
        if let Some(org) = current.organization_id {
            audit::keep_with_organization(&*txn, current.id, org).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

pub fn view(model: board::Model, my_role: BoardRole) -> Board {
    let time_rounding = time_rounding(&model);
    Board {
        id: model.id,
        name: model.name,
        organization_id: model.organization_id,
        created_by: model.created_by,
        start_date: model.start_date,
        due_date: model.due_date,
        created_at: model.created_at,
        time_rounding,
        editors_log_for_others: model.editors_log_for_others,
        my_role,
        version: model.version,
    }
}

/// How the board rounds timers' time (`none` for a value this build does not know).
pub fn time_rounding(model: &board::Model) -> TimeRounding {
    model.time_rounding.parse().unwrap_or_default()
}
