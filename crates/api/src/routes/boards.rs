//! Boards the caller can see, and their administration.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::board::{Board, BoardInput, BoardMove, OwnershipTransfer};
use budget_contract::page::Page;
use budget_domain::boards::{self, KIND};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created_at, no_content, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::preconditions::{if_match, with_etag};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const BOARDS: &str = "/boards";
const BOARD: &str = "/boards/{board_id}";
const MOVE: &str = "/boards/{board_id}/move";
const OWNER: &str = "/boards/{board_id}/owner";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(list, create, get, replace, delete, move_board, transfer_ownership))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(BOARDS, Guard::Token).get(list).post(create))
        .service(
            resource(BOARD, Guard::Token)
                .get(get)
                .put(replace)
                .delete(delete),
        )
        .service(resource(MOVE, Guard::Token).post(move_board))
        .service(resource(OWNER, Guard::Token).put(transfer_ownership));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List boards
///
/// Boards the caller created, is a member of, or that belong to their organisation.
#[utoipa::path(get, operation_id = "listBoards", path = BOARDS, tag = "boards", security(("bearer" = [])),
    params(PageParams), responses((status = 200, body = Page<Board>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let boards = boards::list(
        &state.domain,
        caller.user_id,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &boards))
}

/// Create a board
///
/// Creates a board; the creator is its admin.
#[utoipa::path(post, operation_id = "createBoard", path = BOARDS, tag = "boards", security(("bearer" = [])),
    params(IdempotencyKeyHeader), request_body = BoardInput,
    responses((status = 201, body = Board, headers(("ETag" = String, description = "Version tag for If-Match."),
        ("Location" = String, description = "The new board's URL, `/api/v1/boards/{board_id}`.")))))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<BoardInput>,
) -> ApiResult<HttpResponse> {
    let location = |board: &Board| format!("/boards/{}", board.id);
    let idempotent = idempotency::created(&req, caller.user_id, &input, location)?;
    let outcome = boards::create(&state.domain, caller.user_id, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |board| {
        with_etag(created_at(&location(&board)), KIND, board.version, &board)
    }))
}

/// Get a board
///
/// The board, with its ETag for a later conditional PUT or DELETE.
#[utoipa::path(get, operation_id = "getBoard", path = BOARD, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, body = Board, headers(("ETag" = String, description = "Version tag for If-Match.")))))]
pub async fn get(BoardScope(access): BoardScope) -> HttpResponse {
    let board = boards::get(&access);
    with_etag(HttpResponse::Ok(), KIND, board.version, &board)
}

/// Replace a board's details
///
/// Replaces the board's details (board admins). An absent `organization_id` leaves the
/// organisation as it is; a different one is refused: a board changes organisation only by
/// `POST /boards/{board_id}/move`. With `If-Match`, only if the board is still at one of the
/// ETags given (`*`: any).
#[utoipa::path(put, operation_id = "replaceBoard", path = BOARD, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the board as last read (comma-separated; weak tags never match), or `*`.")),
    request_body = BoardInput,
    responses((status = 200, body = Board, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 409, description = "A different `organization_id` (`board_move_required`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The board changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn replace(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<BoardInput>,
) -> ApiResult<HttpResponse> {
    let board = boards::replace(&state.domain, &access, input, if_match(&req, KIND)).await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, board.version, &board))
}

/// Delete a board
///
/// Deletes the board with its tasks, costs, time entries and budget (board admins);
/// `If-Match` as for PUT.
#[utoipa::path(delete, operation_id = "deleteBoard", path = BOARD, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the board as last read (comma-separated; weak tags never match), or `*`.")),
    responses((status = 204, description = "Deleted."),
        (status = 412, description = "The board changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    boards::delete(&state.domain, &access, if_match(&req, KIND)).await?;
    Ok(no_content())
}

/// Move a board to another organisation
///
/// Moves the board, with everything on it, into another organisation (`null`: out of any).
/// Allowed to its creator (while a member of its organisation) and to admins of its current
/// organisation, into an organisation the caller administers; taking it out of every
/// organisation is for an admin of its current one. Recorded in the audit trail.
#[utoipa::path(post, operation_id = "moveBoard", path = MOVE, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path)), request_body = BoardMove,
    responses((status = 204, description = "Moved."),
    (status = 422, description = "The caller does not administer the target organisation (`validation_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn move_board(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<BoardMove>,
) -> ApiResult<HttpResponse> {
    boards::move_board(&state.domain, &access, input).await?;
    Ok(no_content())
}

/// Hand over a board's ownership
///
/// Hands the board's ownership to another member of the board (by its creator or an admin of
/// its organisation). The previous owner stays on the board as an admin member, whom the
/// board's admins may change or remove.
#[utoipa::path(put, operation_id = "transferBoardOwnership", path = OWNER, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path)), request_body = OwnershipTransfer,
    responses((status = 204, description = "Ownership handed over."),
    (status = 422, description = "The new owner is not a member of the board (`validation_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn transfer_ownership(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<OwnershipTransfer>,
) -> ApiResult<HttpResponse> {
    boards::transfer_ownership(&state.domain, &access, input).await?;
    Ok(no_content())
}
