//! Who works on a board, in which role and at which hourly rate.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::board::{Member, MemberUpdate, NewMember};
use budget_contract::page::Page;
use budget_domain::members::{self, KIND};
use utoipa::OpenApi;

use super::boards::PageParams;
use super::{created_at, no_content, page, resource, Guard};
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::preconditions::{if_match, with_etag};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const MEMBERS: &str = "/boards/{board_id}/members";
const MEMBER: &str = "/boards/{board_id}/members/{user_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(list, add, update, remove))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(MEMBERS, Guard::Token).get(list).post(add))
        .service(resource(MEMBER, Guard::Token).put(update).delete(remove));
}

/// List a board's members
///
/// The board's members with their roles and board rates; any role on the board may read them.
#[utoipa::path(get, operation_id = "listBoardMembers", path = MEMBERS, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path), PageParams), responses((status = 200, body = Page<Member>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let members = members::list(
        &state.domain,
        &access,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &members))
}

/// Add a member to a board
///
/// Adds a registered person to the board (board admins).
#[utoipa::path(post, operation_id = "addBoardMember", path = MEMBERS, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader), request_body = NewMember,
    responses((status = 201, body = Member, headers(("ETag" = String, description = "Version tag for If-Match."),
        ("Location" = String, description = "The membership's URL, `/api/v1/boards/{board_id}/members/{user_id}`: there it is changed (PUT) or ended (DELETE); it is read in the board's members list."))),
    (status = 409, description = "Already a member (`already_member`), or the budget's currency changed while this was written (`currency_changed`; send it again).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<NewMember>,
) -> ApiResult<HttpResponse> {
    let board_id = access.board_id();
    let location = move |member: &Member| format!("/boards/{board_id}/members/{}", member.user_id);
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let outcome = members::add(&state.domain, &access, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |member| {
        with_etag(
            created_at(&location(&member)),
            KIND,
            member.version,
            &member,
        )
    }))
}

/// Change a board member's role and rate
///
/// Changes a member's role and board rate (board admins). Past time entries keep their rate.
/// With `If-Match` (the member's `version` as `"member-v<version>"`), only if the membership is
/// still at one of the ETags given (`*`: any).
#[utoipa::path(put, operation_id = "replaceBoardMember", path = MEMBER, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("user_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the membership as last read (comma-separated; weak tags never match), or `*`.")),
    request_body = MemberUpdate,
    responses((status = 200, body = Member, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 409, description = "The budget's currency changed while this was written (`currency_changed`); send it again.", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The membership changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<MemberUpdate>,
) -> ApiResult<HttpResponse> {
    let (_, user_id) = path.into_inner();
    let member =
        members::update(&state.domain, &access, user_id, input, if_match(&req, KIND)).await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, member.version, &member))
}

/// Remove a member from a board
///
/// Removes a member (board admins); `If-Match` as for PUT.
#[utoipa::path(delete, operation_id = "removeBoardMember", path = MEMBER, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("user_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the membership as last read (comma-separated; weak tags never match), or `*`.")),
    responses((status = 204, description = "Removed."),
        (status = 412, description = "The membership changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, user_id) = path.into_inner();
    members::remove(&state.domain, &access, user_id, if_match(&req, KIND)).await?;
    Ok(no_content())
}
