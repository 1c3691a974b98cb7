//! Repricing a board's time entries at the rates in force now: preview, apply, list, read,
//! revert (board and organisation admins).

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::repricing::{Repricing, RepricingPreview, RepricingRequest};
use budget_domain::repricings;
use utoipa::OpenApi;

use super::boards::PageParams;
use super::{created_at, ok, page, resource, Guard};
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const REPRICINGS: &str = "/boards/{board_id}/repricings";
const PREVIEW: &str = "/boards/{board_id}/repricings/preview";
const REPRICING: &str = "/boards/{board_id}/repricings/{repricing_id}";
const REVERT: &str = "/boards/{board_id}/repricings/{repricing_id}/revert";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(preview, apply, list, get, revert))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The fixed path before the one with an id, which would otherwise take it.
    cfg.service(resource(PREVIEW, Guard::Token).post(preview))
        .service(resource(REPRICINGS, Guard::Token).get(list).post(apply))
        .service(resource(REVERT, Guard::Token).post(revert))
        .service(resource(REPRICING, Guard::Token).get(get));
}

/// Preview a repricing
///
/// What pricing the board's time entries again at the rates and exchange rates in force now for
/// their work dates would change (board and organisation admins): every entry whose price would
/// change, old → new, and the change to spent, revenue and margin overall, by person and by
/// task. Changes nothing. At most 10000 entries may change at once.
#[utoipa::path(post, operation_id = "previewRepricing", path = PREVIEW, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path)), request_body = RepricingRequest,
    responses((status = 200, body = RepricingPreview)))]
pub async fn preview(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(request): Json<RepricingRequest>,
) -> ApiResult<HttpResponse> {
    Ok(ok(
        &repricings::preview(&state.domain, &access, request).await?
    ))
}

/// Apply a repricing
///
/// Prices the board's time entries that the request covers again at the rates and exchange
/// rates in force now for their work dates, in one operation that keeps every price it
/// replaces (board and organisation admins). An entry changed meanwhile fails it as a whole.
#[utoipa::path(post, operation_id = "applyRepricing", path = REPRICINGS, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader), request_body = RepricingRequest,
    responses((status = 201, body = Repricing, headers(
        ("Location" = String, description = "The repricing's URL, `/api/v1/boards/{board_id}/repricings/{repricing_id}`; it is reverted at its `/revert`."))),
    (status = 409, description = "Time entries changed while they were being repriced (`entries_changed`); preview and apply again.", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn apply(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(request): Json<RepricingRequest>,
) -> ApiResult<HttpResponse> {
    let board_id = access.board_id();
    let location =
        move |repricing: &Repricing| format!("/boards/{board_id}/repricings/{}", repricing.id);
    let idempotent = idempotency::created(&req, access.user_id, &request, location)?;
    let outcome = repricings::apply(&state.domain, &access, request, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |repricing| {
        created_at(&location(&repricing)).json(&repricing)
    }))
}

/// List a board's repricings
///
/// The board's repricings, oldest first, each with its change but with `entries` left empty:
/// read one repricing for them (board and organisation admins).
#[utoipa::path(get, operation_id = "listRepricings", path = REPRICINGS, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), PageParams), responses((status = 200, body = Page<Repricing>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let repricings = repricings::list(
        &state.domain,
        &access,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &repricings))
}

/// Get a repricing
///
/// One repricing of the board with every entry it changed, old → new (board and organisation
/// admins).
#[utoipa::path(get, operation_id = "getRepricing", path = REPRICING, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("repricing_id" = i64, Path)),
    responses((status = 200, body = Repricing),
    (status = 404, description = "No such repricing on the board (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&repricings::get(
        &state.domain,
        &access,
        path.into_inner().1,
    )
    .await?))
}

/// Revert a repricing
///
/// Restores exactly the prices a repricing replaced, in one operation (board and organisation
/// admins): only while every entry it changed is still as it left it, and only once.
#[utoipa::path(post, operation_id = "revertRepricing", path = REVERT, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("repricing_id" = i64, Path)),
    responses((status = 200, body = Repricing),
    (status = 404, description = "No such repricing on the board (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Reverted already (`repricing_reverted`), or entries it changed were changed or deleted since (`entries_changed`, naming them).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn revert(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&repricings::revert(
        &state.domain,
        &access,
        path.into_inner().1,
    )
    .await?))
}
