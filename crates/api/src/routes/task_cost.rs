//! A task's estimate and non-labour costs, with its labour total and variance.

use actix_web::{web, HttpResponse};
use budget_contract::task_cost::{TaskCost, TaskCostInput};
use budget_domain::task_cost;

use super::{ok, resource};
use crate::extract::{BoardScope, Json};
use crate::problem::ApiResult;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/boards/{board_id}/tasks/{task_id}/cost")
            .get(get)
            .put(put),
    );
}

/// The task's cost figures; all zeros when none were recorded.
#[utoipa::path(get, path = "/api/v1/boards/{board_id}/tasks/{task_id}/cost", tag = "costs", security(("bearer" = [])),
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
#[utoipa::path(put, path = "/api/v1/boards/{board_id}/tasks/{task_id}/cost", tag = "costs", security(("bearer" = [])),
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
