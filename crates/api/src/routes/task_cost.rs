//! A task's estimate and non-labour costs, with its labour total and variance.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::task_cost::{TaskCost, TaskCostInput};
use budget_domain::task_cost::{self, KIND};
use utoipa::OpenApi;

use super::{resource, Guard};
use crate::extract::preconditions::{if_match, with_etag};
use crate::extract::{BoardScope, Json};
use crate::problem::ApiResult;
use crate::state::AppState;

const COST: &str = "/boards/{board_id}/tasks/{task_id}/cost";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(get, put))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(COST, Guard::Token).get(get).put(put));
}

/// Get a task's cost figures
///
/// The task's cost figures; all zeros (at version 0) when none were recorded. The ETag serves a
/// later conditional PUT.
#[utoipa::path(get, operation_id = "getTaskCost", path = COST, tag = "costs", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path)),
    responses((status = 200, body = TaskCost, headers(("ETag" = String, description = "Version tag for If-Match.")))))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let cost = task_cost::get(&state.domain, &access, path.into_inner().1).await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, cost.version, &cost))
}

/// Replace a task's cost figures
///
/// Replaces the task's cost figures (editors and admins). A new `hourly_rate` applies to time
/// logged from now on, unless `reprice_existing_entries` re-rates the past entries too. With
/// `If-Match`, only if the figures are still at one of the ETags given (`*`: any; the ETag of a
/// task without recorded costs is `"task_cost-v0"`). Concurrent writes without `If-Match` are
/// applied one after the other.
#[utoipa::path(put, operation_id = "replaceTaskCost", path = COST, tag = "costs", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the cost as last read (comma-separated; weak tags never match), or `*`.")),
    request_body = TaskCostInput,
    responses((status = 200, body = TaskCost, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 409, description = "The budget's currency changed while this was written (`currency_changed`); send it again.", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The cost changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn put(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<TaskCostInput>,
) -> ApiResult<HttpResponse> {
    let cost = task_cost::put(
        &state.domain,
        &access,
        path.into_inner().1,
        input,
        if_match(&req, KIND),
    )
    .await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, cost.version, &cost))
}
