//! A board's budget (with ETag / If-Match for concurrent edits) and its live metrics.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::budget::{Budget, BudgetInput};
use budget_contract::metrics::BudgetMetrics;
use budget_domain::budget::{self, KIND};
use budget_domain::metrics;
use utoipa::OpenApi;

use super::{created_at, no_content, resource, Guard, TimeScope};
use crate::encoded::{as_json, way_shown_to};
use crate::extract::preconditions::{if_match, not_modified, with_etag};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;

const BUDGET: &str = "/boards/{board_id}/budget";
const METRICS: &str = "/boards/{board_id}/budget/metrics";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(get, put, delete, live_metrics))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource(BUDGET, Guard::Token)
            .get(get)
            .put(put)
            .delete(delete),
    )
    .service(resource(METRICS, Guard::Token).get(live_metrics));
}

/// Get a board's budget
///
/// The budget, with its ETag for a later conditional PUT or DELETE.
#[utoipa::path(get, operation_id = "getBudget", path = BUDGET, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, body = Budget, headers(("ETag" = String, description = "Version tag for If-Match.")))))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    let budget = budget::get(&state.domain, &access).await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, budget.version, &budget))
}

/// Create or replace a board's budget
///
/// Creates (201) or replaces (200) the budget (board admins). Absent optional fields take their
/// defaults. With `If-Match`, the write happens only if the budget is still at that ETag.
#[utoipa::path(put, operation_id = "replaceBudget", path = BUDGET, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("If-Match" = Option<String>, Header, description = "ETag of the budget as last read, or `*`.")),
    request_body = BudgetInput,
    responses(
        (status = 200, description = "Replaced.", body = Budget, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 201, description = "Created.", body = Budget, headers(("ETag" = String, description = "Version tag for If-Match."),
            ("Location" = String, description = "The budget's URL, `/api/v1/boards/{board_id}/budget`."))),
        (status = 409, description = "Created concurrently by someone else (`budget_created_concurrently`), or a currency without a minor unit (JPY, KRW) while the board holds an amount with cents (`amounts_finer_than_currency`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The budget changed since it was read (`precondition_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn put(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<BudgetInput>,
) -> ApiResult<HttpResponse> {
    let (budget, created) =
        budget::put(&state.domain, &access, input, if_match(&req, KIND)).await?;
    let builder = if created {
        created_at(&format!("/boards/{}/budget", access.board_id()))
    } else {
        HttpResponse::Ok()
    };
    Ok(with_etag(builder, KIND, budget.version, &budget))
}

/// Delete a board's budget
///
/// Deletes the budget (board admins); `If-Match` as for PUT.
#[utoipa::path(delete, operation_id = "deleteBudget", path = BUDGET, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("If-Match" = Option<String>, Header, description = "ETag of the budget as last read, or `*`.")),
    responses((status = 204, description = "Deleted."),
        (status = 412, description = "The budget changed since it was read (`precondition_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    budget::delete(&state.domain, &access, if_match(&req, KIND)).await?;
    Ok(no_content())
}

/// Get the budget's live metrics
///
/// The budget's live figures (spend, burn rate, projection, status), as of today. Send
/// `If-None-Match` with the last ETag to get 304 when nothing changed.
#[utoipa::path(get, operation_id = "getBudgetMetrics", path = METRICS, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), TimeScope, ("If-None-Match" = Option<String>, Header, description = "ETags of the metrics as last read (comma-separated), or `*`: answers 304 while they still match.")),
    responses((status = 200, body = BudgetMetrics, headers(("ETag" = String, description = "Version tag of these figures for If-None-Match."))),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match.")))]
pub async fn live_metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(scope): Query<TimeScope>,
) -> ApiResult<HttpResponse> {
    // The figures change only with the board's data or the day: both name the answer.
    let today = state.domain.clock.today();
    // Viewers get the figures without margins, and approved time only is another figure:
    // another answer, another tag.
    let view = if metrics::may_see_margins(&access) {
        "m"
    } else {
        "v"
    };
    let time = if scope.approved_only { "-approved" } else { "" };
    let etag = format!("\"metrics-r{}-{today}-{view}{time}\"", access.data_revision);
    if not_modified(&req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let body = if scope.approved_only {
        // Computed for this request alone: nothing to share.
        let computed = metrics::approved_only(&state.domain, &access).await?;
        as_json(&metrics::shown_to(&computed, &access))
            .map(Bytes::from)
            .map_err(|err| ApiError::internal("serialising the metrics", err))?
    } else {
        let kept = metrics::live(&state.domain, &access).await?;
        let way = way_shown_to(&access);
        state.metrics_json.json(&kept, way, |kept| {
            as_json(&metrics::shown_to(kept, &access))
        })?
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .content_type("application/json")
        .body(body))
}
