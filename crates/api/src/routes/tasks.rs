//! Tasks of a board.

use actix_web::{web, HttpResponse};
use budget_contract::page::Page;
use budget_contract::task::{Task, TaskInput, TaskStatus};
use budget_domain::tasks::{self, TaskFilter};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created, no_content, ok, resource, Guard};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const TASKS: &str = "/boards/{board_id}/tasks";
const TASK: &str = "/boards/{board_id}/tasks/{task_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(list, create, get, replace, delete))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(TASKS, Guard::Token).get(list).post(create))
        .service(
            resource(TASK, Guard::Token)
                .get(get)
                .put(replace)
                .delete(delete),
        );
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    pub status: Option<TaskStatus>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = TASKS, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), TaskParams), responses((status = 200, body = Page<Task>)))]
pub async fn list(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(q): Query<TaskParams>,
) -> ApiResult<HttpResponse> {
    let filter = TaskFilter {
        status: q.status,
        limit: q.limit,
        cursor: q.cursor,
    };
    Ok(ok(&tasks::list(&state.domain, &access, filter).await?))
}

/// Creates a task (editors and admins).
#[utoipa::path(post, path = TASKS, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path)), request_body = TaskInput, responses((status = 201, body = Task)))]
pub async fn create(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<TaskInput>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        &tasks::create(&state.domain, &access, input).await?,
    ))
}

#[utoipa::path(get, path = TASK, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path)), responses((status = 200, body = Task)))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    Ok(ok(
        &tasks::get(&state.domain, &access, path.into_inner().1).await?
    ))
}

/// Replaces a task (editors and admins). Setting status `done` sets progress to 100.
#[utoipa::path(put, path = TASK, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path)), request_body = TaskInput, responses((status = 200, body = Task)))]
pub async fn replace(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<TaskInput>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&tasks::replace(
        &state.domain,
        &access,
        path.into_inner().1,
        input,
    )
    .await?))
}

/// Deletes a task with its cost and everyone's time entries on it (board admins); the audit
/// trail keeps the task and the time deleted with it.
#[utoipa::path(delete, path = TASK, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path)), responses((status = 204, description = "Deleted.")))]
pub async fn delete(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    tasks::delete(&state.domain, &access, path.into_inner().1).await?;
    Ok(no_content())
}
