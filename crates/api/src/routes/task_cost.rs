//! A task's estimate and non-labour costs, with its labour total and variance.

use actix_web::{web, HttpResponse};
use budget_contract::task_cost::{TaskCost, TaskCostInput};
use budget_domain::task_cost;
use utoipa::OpenApi;

use super::{ok, resource, Guard};
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

/// The task's cost figures; all zeros when none were recorded.
#[utoipa::path(get, path = COST, tag = "costs", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path)), responses((status = 200, body = TaskCost)))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&task_cost::get(
        &state.domain,
        &access,
        path.into_inner().1,
    )
    .await?))
}

/// Replaces the task's cost figures (editors and admins). A new `hourly_rate` applies to time
/// logged from now on, unless `reprice_existing_entries` re-rates the past entries too.
#[utoipa::path(put, path = COST, tag = "costs", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path)), request_body = TaskCostInput, responses((status = 200, body = TaskCost)))]
pub async fn put(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<TaskCostInput>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&task_cost::put(
        &state.domain,
        &access,
        path.into_inner().1,
        input,
    )
    .await?))
}
