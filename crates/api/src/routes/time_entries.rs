//! Time logged on tasks: per task, per board (filtered, paginated), and by id.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::time_entry::{NewTimeEntry, TimeEntry, TimeEntryPatch};
use budget_domain::time_entries::{self, EntryFilter, Logged};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{created, no_content, ok, resource};
use crate::auth::Caller;
use crate::extract::preconditions::idempotency_key;
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/boards/{board_id}/tasks/{task_id}/time-entries")
            .get(list_for_task)
            .post(log),
    )
    .service(resource("/boards/{board_id}/time-entries").get(list_for_board))
    .service(
        resource("/time-entries/{entry_id}")
            .patch(update)
            .delete(delete),
    );
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryParams {
    /// First work date to include.
    pub from: Option<NaiveDate>,
    /// Last work date to include.
    pub to: Option<NaiveDate>,
    /// Only this person's entries.
    pub user: Option<i64>,
    /// 1 to 500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

impl EntryParams {
    fn filter(self, task_id: Option<i64>) -> EntryFilter {
        EntryFilter {
            from: self.from,
            to: self.to,
            user_id: self.user,
            task_id,
            limit: self.limit,
            cursor: self.cursor,
        }
    }
}

/// Logs time on a task (editors and admins) at the rate in force, snapshotted on the entry.
/// With `Idempotency-Key`, a retry of the same request returns the first answer and logs
/// nothing more.
#[utoipa::path(post, path = "/api/v1/boards/{board_id}/tasks/{task_id}/time-entries", tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: same key and body, same single entry.")),
    request_body = NewTimeEntry, responses((status = 201, body = TimeEntry)))]
pub async fn log(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<NewTimeEntry>,
) -> ApiResult<HttpResponse> {
    let key = idempotency_key(&req)?;
    let logged = time_entries::log(
        &state.domain,
        &access,
        path.into_inner().1,
        input,
        key.as_deref(),
    )
    .await?;
    Ok(match logged {
        Logged::Created(entry) => created(&entry),
        Logged::Replayed(replay) => {
            HttpResponse::build(StatusCode::from_u16(replay.status).unwrap_or(StatusCode::CREATED))
                .insert_header(("Idempotent-Replayed", "true"))
                .content_type("application/json")
                .body(replay.body)
        }
    })
}

/// Entries of one task, newest work date first.
#[utoipa::path(get, path = "/api/v1/boards/{board_id}/tasks/{task_id}/time-entries", tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path), EntryParams), responses((status = 200, body = Page<TimeEntry>)))]
pub async fn list_for_task(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Query(params): Query<EntryParams>,
) -> ApiResult<HttpResponse> {
    let filter = params.filter(Some(path.into_inner().1));
    Ok(ok(
        &time_entries::list(&state.domain, &access, filter).await?
    ))
}

/// Entries of the whole board, filtered by dates and person, newest work date first.
#[utoipa::path(get, path = "/api/v1/boards/{board_id}/time-entries", tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), EntryParams), responses((status = 200, body = Page<TimeEntry>)))]
pub async fn list_for_board(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<EntryParams>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&time_entries::list(
        &state.domain,
        &access,
        params.filter(None),
    )
    .await?))
}

/// Changes an entry (its author, or a board admin). It keeps the rate it was logged at.
#[utoipa::path(patch, path = "/api/v1/time-entries/{entry_id}", tag = "time", security(("bearer" = [])),
    params(("entry_id" = i64, Path)), request_body = TimeEntryPatch, responses((status = 200, body = TimeEntry)))]
pub async fn update(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(patch): Json<TimeEntryPatch>,
) -> ApiResult<HttpResponse> {
    let (access, entry) =
        time_entries::entry_access(&state.domain, caller.user_id, path.into_inner()).await?;
    Ok(ok(&time_entries::update(
        &state.domain,
        &access,
        entry,
        patch,
    )
    .await?))
}

/// Deletes an entry (its author, or a board admin).
#[utoipa::path(delete, path = "/api/v1/time-entries/{entry_id}", tag = "time", security(("bearer" = [])),
    params(("entry_id" = i64, Path)), responses((status = 204, description = "Deleted.")))]
pub async fn delete(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (access, entry) =
        time_entries::entry_access(&state.domain, caller.user_id, path.into_inner()).await?;
    time_entries::delete(&state.domain, &access, entry).await?;
    Ok(no_content())
}
