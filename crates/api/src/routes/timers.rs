//! Timers: the caller's running timer, started on a task, stopped into time entries or
//! discarded.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::timer::{
    CurrentTimer, StartedTimer, StoppedTimer, Timer, TimerPatch, TimerStart,
};
use budget_domain::idempotency::Created;
use budget_domain::timers;
use utoipa::OpenApi;

use super::{created_at, no_content, ok, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{BoardScope, Json};
use crate::problem::ApiResult;
use crate::state::AppState;

const MY_TIMER: &str = "/me/timer";
const STOP: &str = "/me/timer/stop";
const TASK_TIMER: &str = "/boards/{board_id}/tasks/{task_id}/timer";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(current, start, update, stop, discard))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource(MY_TIMER, Guard::Token)
            .get(current)
            .patch(update)
            .delete(discard),
    )
    .service(resource(STOP, Guard::Token).post(stop))
    .service(resource(TASK_TIMER, Guard::Token).post(start));
}

/// Get the running timer
///
/// The caller's running timer with its task, board, start, elapsed time and whether it has run
/// past its cap; `{"timer": null}` when none is running.
#[utoipa::path(get, operation_id = "getCurrentTimer", path = MY_TIMER, tag = "time", security(("bearer" = [])),
    responses((status = 200, body = CurrentTimer)))]
pub async fn current(
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    Ok(ok(&timers::current(&state.domain, caller.user_id).await?))
}

/// Start a timer on a task
///
/// Starts the caller's timer on a task (editors and admins of the board). One timer runs per
/// person: a timer already running is stopped first and its entries logged, in the same
/// transaction, and the answer's `stopped` lists them; if they are refused (the 24 hours a day,
/// closed time, the hard stop), nothing changes. With `Idempotency-Key`, a retry of the same
/// request returns the first answer and starts nothing more.
#[utoipa::path(post, operation_id = "startTimer", path = TASK_TIMER, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path), IdempotencyKeyHeader),
    request_body = TimerStart,
    responses((status = 201, body = StartedTimer, headers(("Location" = String, description = "`/api/v1/me/timer`, where the running timer is read (GET), stopped (`/stop`) or discarded (DELETE)."))),
        (status = 409, description = "Stopping the timer already running was refused: its time is in a closed period or week (`entry_locked`), or the budget has a hard stop and is spent (`budget_exhausted`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<TimerStart>,
) -> ApiResult<HttpResponse> {
    let location = |_: &StartedTimer| MY_TIMER.to_owned();
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let task_id = path.into_inner().1;
    let outcome =
        timers::start(&state.domain, &access, task_id, input, idempotent.as_ref()).await?;
    // The path's board is marked changed by the middleware; a timer stopped on another board
    // changed that one too.
    if let Created::New(StartedTimer {
        stopped: Some(stopped),
        ..
    }) = &outcome
    {
        if stopped.timer.board_id != access.board_id() {
            state.alerts.mark(stopped.timer.board_id);
        }
    }
    Ok(idempotency::respond(outcome, |started| {
        created_at(MY_TIMER).json(&started)
    }))
}

/// Change the running timer
///
/// Changes the caller's running timer: its description and billable flag (those of the entries
/// it becomes), its start (moved back for a timer started late; not in the future; the cap
/// counts from it) or its UTC offset.
#[utoipa::path(patch, operation_id = "updateTimer", path = MY_TIMER, tag = "time", security(("bearer" = [])),
    request_body = TimerPatch,
    responses((status = 200, body = Timer),
        (status = 404, description = "No timer is running (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn update(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(patch): Json<TimerPatch>,
) -> ApiResult<HttpResponse> {
    Ok(ok(
        &timers::update(&state.domain, caller.user_id, patch).await?
    ))
}

/// Stop the running timer
///
/// Stops the caller's timer and logs its time: one entry per day of the offset given at the
/// start, each rounded by the board's `time_rounding`, the time after the cap
/// (`TIMER_CAP_HOURS`) left out and reported. All entries are logged or none: when one is
/// refused, the timer keeps running. A person who can no longer log time on the timer's board
/// (no longer its editor or admin) is refused with 403: such a timer can only be discarded.
#[utoipa::path(post, operation_id = "stopTimer", path = STOP, tag = "time", security(("bearer" = [])),
    responses((status = 200, body = StoppedTimer),
        (status = 404, description = "No timer is running (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "An entry's day is closed (`entry_locked`), or the budget has a hard stop and is spent (`budget_exhausted`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A day would pass 24.00 hours (`validation_failed`, field `hours`, code `daily_limit_exceeded`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn stop(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    let (access, stopped) = timers::stop(&state.domain, caller.user_id).await?;
    super::alerts::changes_board(&req, &access);
    Ok(ok(&stopped))
}

/// Discard the running timer
///
/// Discards the caller's timer: nothing is logged.
#[utoipa::path(delete, operation_id = "discardTimer", path = MY_TIMER, tag = "time", security(("bearer" = [])),
    responses((status = 204, description = "Discarded."),
        (status = 404, description = "No timer is running (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn discard(
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    timers::discard(&state.domain, caller.user_id).await?;
    Ok(no_content())
}
