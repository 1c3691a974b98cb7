//! Who works on a board, in which role and at which hourly rate.

use actix_web::{web, HttpResponse};
use budget_contract::board::{Member, MemberUpdate, NewMember};
use budget_domain::members;
use utoipa::OpenApi;

use super::{created, no_content, ok, resource, Guard};
use crate::extract::{BoardScope, Json};
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

#[utoipa::path(get, path = MEMBERS, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path)), responses((status = 200, body = Vec<Member>)))]
pub async fn list(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    Ok(ok(&members::list(&state.domain, &access).await?))
}

/// Adds a registered person to the board (board admins).
#[utoipa::path(post, path = MEMBERS, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path)), request_body = NewMember, responses((status = 201, body = Member),
    (status = 409, description = "Already a member (`already_member`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn add(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<NewMember>,
) -> ApiResult<HttpResponse> {
    Ok(created(&members::add(&state.domain, &access, input).await?))
}

/// Changes a member's role and board rate (board admins). Past time entries keep their rate.
#[utoipa::path(put, path = MEMBER, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("user_id" = i64, Path)), request_body = MemberUpdate, responses((status = 200, body = Member)))]
pub async fn update(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<MemberUpdate>,
) -> ApiResult<HttpResponse> {
    let (_, user_id) = path.into_inner();
    Ok(ok(
        &members::update(&state.domain, &access, user_id, input).await?
    ))
}

#[utoipa::path(delete, path = MEMBER, tag = "boards", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("user_id" = i64, Path)), responses((status = 204, description = "Removed.")))]
pub async fn remove(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, user_id) = path.into_inner();
    members::remove(&state.domain, &access, user_id).await?;
    Ok(no_content())
}
