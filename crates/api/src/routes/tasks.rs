//! Tasks of a board.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::task::{Task, TaskInput, TaskStatus};
use budget_domain::tasks::{self, TaskFilter, KIND};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created_at, no_content, page, resource, Guard};
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::preconditions::{if_match, with_etag};
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
    /// Only tasks with this status.
    pub status: Option<TaskStatus>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List a board's tasks
///
/// The board's tasks, a page at a time, optionally only those with one status.
#[utoipa::path(get, operation_id = "listTasks", path = TASKS, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), TaskParams), responses((status = 200, body = Page<Task>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(q): Query<TaskParams>,
) -> ApiResult<HttpResponse> {
    let filter = TaskFilter {
        status: q.status,
        limit: q.limit,
        cursor: q.cursor,
    };
    Ok(page(
        &req,
        &tasks::list(&state.domain, &access, filter).await?,
    ))
}

/// Create a task
///
/// Creates a task (editors and admins).
#[utoipa::path(post, operation_id = "createTask", path = TASKS, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader), request_body = TaskInput,
    responses((status = 201, body = Task, headers(("ETag" = String, description = "Version tag for If-Match."),
            ("Location" = String, description = "The new task's URL, `/api/v1/boards/{board_id}/tasks/{task_id}`."))),
        (status = 409, description = "The board already holds 10000 tasks, the most it may (`task_limit_reached`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<TaskInput>,
) -> ApiResult<HttpResponse> {
    let board_id = access.board_id();
    let location = move |task: &Task| format!("/boards/{board_id}/tasks/{}", task.id);
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let outcome = tasks::create(&state.domain, &access, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |task| {
        with_etag(created_at(&location(&task)), KIND, task.version, &task)
    }))
}

/// Get a task
///
/// The task, with its ETag for a later conditional PUT or DELETE.
#[utoipa::path(get, operation_id = "getTask", path = TASK, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path)),
    responses((status = 200, body = Task, headers(("ETag" = String, description = "Version tag for If-Match.")))))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let task = tasks::get(&state.domain, &access, path.into_inner().1).await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, task.version, &task))
}

/// Replace a task
///
/// Replaces a task (editors and admins). Setting status `done` sets progress to 100. With
/// `If-Match`, only if the task is still at one of the ETags given (`*`: any).
#[utoipa::path(put, operation_id = "replaceTask", path = TASK, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the task as last read (comma-separated; weak tags never match), or `*`.")),
    request_body = TaskInput,
    responses((status = 200, body = Task, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 412, description = "The task changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn replace(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<TaskInput>,
) -> ApiResult<HttpResponse> {
    let task = tasks::replace(
        &state.domain,
        &access,
        path.into_inner().1,
        input,
        if_match(&req, KIND),
    )
    .await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, task.version, &task))
}

/// Delete a task
///
/// Deletes a task with its cost and everyone's time entries on it (board admins); the audit
/// trail keeps the task and the time deleted with it. `If-Match` as for PUT.
#[utoipa::path(delete, operation_id = "deleteTask", path = TASK, tag = "tasks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the task as last read (comma-separated; weak tags never match), or `*`.")),
    responses((status = 204, description = "Deleted."),
        (status = 412, description = "The task changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    tasks::delete(
        &state.domain,
        &access,
        path.into_inner().1,
        if_match(&req, KIND),
    )
    .await?;
    Ok(no_content())
}
