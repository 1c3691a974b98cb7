//! Weekly timesheets: a person's week on a board as a grid, saved in one transaction; its
//! submission and approval; the approvals queues; an organisation's lock date.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::timesheet::{
    TimeLock, Timesheet, TimesheetAction, TimesheetInput, TimesheetStatus, TimesheetWeek,
};
use budget_domain::timesheets::{self, approval, lock_date};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::{BoardScope, Json, Query};
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;

const TIMESHEET: &str = "/boards/{board_id}/timesheets/{week}";
const SUBMIT: &str = "/boards/{board_id}/timesheets/{week}/submit";
const WITHDRAW: &str = "/boards/{board_id}/timesheets/{week}/withdraw";
const APPROVE: &str = "/boards/{board_id}/timesheets/{week}/approve";
const REJECT: &str = "/boards/{board_id}/timesheets/{week}/reject";
const REOPEN: &str = "/boards/{board_id}/timesheets/{week}/reopen";
const BOARD_APPROVALS: &str = "/boards/{board_id}/timesheet-approvals";
const ORG_APPROVALS: &str = "/organizations/{org_id}/timesheet-approvals";
const ORG_LOCK: &str = "/organizations/{org_id}/lock";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(
    get,
    save,
    submit,
    withdraw,
    approve,
    reject,
    reopen,
    board_approvals,
    organization_approvals,
    get_lock,
    put_lock
))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(TIMESHEET, Guard::Token).get(get).put(save))
        .service(resource(SUBMIT, Guard::Token).post(submit))
        .service(resource(WITHDRAW, Guard::Token).post(withdraw))
        .service(resource(APPROVE, Guard::Token).post(approve))
        .service(resource(REJECT, Guard::Token).post(reject))
        .service(resource(REOPEN, Guard::Token).post(reopen))
        .service(resource(BOARD_APPROVALS, Guard::Token).get(board_approvals))
        .service(resource(ORG_APPROVALS, Guard::Token).get(organization_approvals))
        .service(resource(ORG_LOCK, Guard::Token).get(get_lock).put(put_lock));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WhoseWeek {
    /// Whose week; absent: the caller's.
    pub user_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// The weeks in this state; default `submitted`.
    pub status: Option<TimesheetStatus>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl QueueParams {
    fn filter(self) -> approval::QueueFilter {
        approval::QueueFilter {
            status: self.status,
            limit: self.limit,
            cursor: self.cursor,
        }
    }
}

fn with_etag(response: &mut HttpResponse, sheet: &Timesheet) {
    if let Ok(value) = header::HeaderValue::from_str(&sheet.etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
}

fn answer(sheet: &Timesheet) -> HttpResponse {
    let mut response = ok(sheet);
    with_etag(&mut response, sheet);
    response
}

/// Get a week's timesheet
///
/// One person's week on the board (any role on the board may read it): a row per task with time
/// that week, its hours on each day from Monday, row and day totals, which days are closed, the
/// week's state (`open`, `submitted`, `approved`, `rejected`) and the decision's comment. The
/// `ETag` (also `etag` in the body) changes with the week's state and with any entry behind the
/// grid: send it as `If-Match` to save the week.
#[utoipa::path(get, operation_id = "getTimesheet", path = TIMESHEET, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("week" = String, Path, description = "The week's Monday, e.g. `2026-11-30` (another day: 422 `not_monday`)."), WhoseWeek),
    responses((status = 200, body = Timesheet, headers(("ETag" = String, description = "The timesheet's tag for If-Match.")))))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, String)>,
    Query(params): Query<WhoseWeek>,
) -> ApiResult<HttpResponse> {
    let week = timesheets::parse_week(&path.into_inner().1)?;
    let sheet = timesheets::get(&state.domain, &access, week, params.user_id).await?;
    Ok(answer(&sheet))
}

/// Save a week's timesheet
///
/// Brings each listed cell (a task on a day of the week) to its new total in one transaction,
/// through the rules of every entry (editors their own week; board admins, and editors where the
/// board lets them log for others, anyone's): a cell without entries gets one new entry, a cell
/// set to 0 loses its entries, a cell with entries has its newest entry take the difference
/// (refused, `several_entries`, when that entry would be left without time). Cells not listed,
/// and cells whose total does not change, are untouched. A rule a cell breaks is reported under
/// `cells[i].hours`, `cells[i].work_date` or `cells[i].task_id` (`i` from 0, in the body's
/// order), all in one 422, and nothing is written.
#[utoipa::path(put, operation_id = "saveTimesheet", path = TIMESHEET, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("week" = String, Path, description = "The week's Monday, e.g. `2026-11-30` (another day: 422 `not_monday`)."), WhoseWeek,
        ("If-Match" = String, Header, description = "The timesheet's ETag as last read (required).")),
    request_body = TimesheetInput,
    responses((status = 200, body = Timesheet, headers(("ETag" = String, description = "The timesheet's tag for If-Match."))),
        (status = 409, description = "Some of the changed time is closed (`entry_locked`): the week is submitted or approved, or the days lie on or before the organisation's lock date.", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The timesheet changed since it was read (`precondition_failed`); `ETag` names its current tag.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current tag."))),
        (status = 428, description = "`If-Match` is missing (`precondition_required`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, String)>,
    Query(params): Query<WhoseWeek>,
    Json(input): Json<TimesheetInput>,
) -> ApiResult<HttpResponse> {
    let week = timesheets::parse_week(&path.into_inner().1)?;
    let Some(if_match) = req
        .headers()
        .get(header::IF_MATCH)
        .and_then(|value| value.to_str().ok())
    else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            ProblemCode::PreconditionRequired,
            "saving a timesheet needs If-Match: its ETag as last read",
        ));
    };
    let sheet = timesheets::save(
        &state.domain,
        &access,
        week,
        params.user_id,
        input,
        if_match,
    )
    .await?;
    Ok(answer(&sheet))
}

async fn transition(
    state: web::Data<AppState>,
    access: budget_domain::BoardAccess,
    raw_week: String,
    transition: approval::Transition,
    action: TimesheetAction,
) -> ApiResult<HttpResponse> {
    let week = timesheets::parse_week(&raw_week)?;
    let sheet = approval::transition(&state.domain, &access, week, transition, action).await?;
    Ok(answer(&sheet))
}

/// Submit a week
///
/// Submits the week of `user_id` (absent: the caller) for approval: its person (an editor or
/// admin of the board), or whoever may log time for them. Its time is closed until a board
/// admin rejects the week or its person withdraws it.
#[utoipa::path(post, operation_id = "submitTimesheet", path = SUBMIT, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("week" = String, Path, description = "The week's Monday.")),
    request_body = TimesheetAction,
    responses((status = 200, body = Timesheet),
        (status = 409, description = "The week is submitted or approved already (`timesheet_not_open`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn submit(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, String)>,
    Json(action): Json<TimesheetAction>,
) -> ApiResult<HttpResponse> {
    let week = path.into_inner().1;
    transition(state, access, week, approval::Transition::Submit, action).await
}

/// Withdraw a submitted week
///
/// Takes a submitted week back (its person, or whoever may log time for them): it is open again.
#[utoipa::path(post, operation_id = "withdrawTimesheet", path = WITHDRAW, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("week" = String, Path, description = "The week's Monday.")),
    request_body = TimesheetAction,
    responses((status = 200, body = Timesheet),
        (status = 409, description = "The week is not submitted (`timesheet_not_submitted`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn withdraw(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, String)>,
    Json(action): Json<TimesheetAction>,
) -> ApiResult<HttpResponse> {
    let week = path.into_inner().1;
    transition(state, access, week, approval::Transition::Withdraw, action).await
}

/// Approve a week
///
/// Approves a submitted week (board admins), with an optional comment: its entries are marked
/// `approved` and stay closed until a board admin reopens the week.
#[utoipa::path(post, operation_id = "approveTimesheet", path = APPROVE, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("week" = String, Path, description = "The week's Monday.")),
    request_body = TimesheetAction,
    responses((status = 200, body = Timesheet),
        (status = 409, description = "The week is not submitted (`timesheet_not_submitted`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn approve(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, String)>,
    Json(action): Json<TimesheetAction>,
) -> ApiResult<HttpResponse> {
    let week = path.into_inner().1;
    transition(state, access, week, approval::Transition::Approve, action).await
}

/// Reject a week
///
/// Rejects a submitted week (board admins) with a comment (required) for its person: the week is
/// open again.
#[utoipa::path(post, operation_id = "rejectTimesheet", path = REJECT, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("week" = String, Path, description = "The week's Monday.")),
    request_body = TimesheetAction,
    responses((status = 200, body = Timesheet),
        (status = 409, description = "The week is not submitted (`timesheet_not_submitted`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn reject(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, String)>,
    Json(action): Json<TimesheetAction>,
) -> ApiResult<HttpResponse> {
    let week = path.into_inner().1;
    transition(state, access, week, approval::Transition::Reject, action).await
}

/// Reopen an approved week
///
/// Reopens an approved week (board admins; audited): its entries lose their `approved` mark and
/// may change again.
#[utoipa::path(post, operation_id = "reopenTimesheet", path = REOPEN, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("week" = String, Path, description = "The week's Monday.")),
    request_body = TimesheetAction,
    responses((status = 200, body = Timesheet),
        (status = 409, description = "The week is not approved (`timesheet_not_approved`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn reopen(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, String)>,
    Json(action): Json<TimesheetAction>,
) -> ApiResult<HttpResponse> {
    let week = path.into_inner().1;
    transition(state, access, week, approval::Transition::Reopen, action).await
}

/// List a board's weeks awaiting approval
///
/// The board's weeks in one state (board admins), by default those submitted, in the order they
/// were first submitted, with each person's hours that week.
#[utoipa::path(get, operation_id = "listBoardTimesheetApprovals", path = BOARD_APPROVALS, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), QueueParams),
    responses((status = 200, body = Page<TimesheetWeek>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn board_approvals(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<QueueParams>,
) -> ApiResult<HttpResponse> {
    let weeks = approval::board_queue(&state.domain, &access, params.filter()).await?;
    Ok(page(&req, &weeks))
}

/// List an organisation's weeks awaiting approval
///
/// The weeks in one state on every board of the organisation (its admins), by default those
/// submitted, in the order they were first submitted.
#[utoipa::path(get, operation_id = "listOrganizationTimesheetApprovals", path = ORG_APPROVALS, tag = "time", security(("bearer" = [])),
    params(("org_id" = i64, Path), QueueParams),
    responses((status = 200, body = Page<TimesheetWeek>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn organization_approvals(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(params): Query<QueueParams>,
) -> ApiResult<HttpResponse> {
    let weeks = approval::organization_queue(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        params.filter(),
    )
    .await?;
    Ok(page(&req, &weeks))
}

/// Get an organisation's lock date
///
/// The day up to which the organisation's time is closed (its members), or null.
#[utoipa::path(get, operation_id = "getOrganizationTimeLock", path = ORG_LOCK, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)), responses((status = 200, body = TimeLock)))]
pub async fn get_lock(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&lock_date::get(
        &state.domain,
        caller.user_id,
        path.into_inner(),
    )
    .await?))
}

/// Set an organisation's lock date
///
/// Sets, moves or clears (null) the day up to which the organisation's time is closed
/// (organisation admins; audited): entries of its boards worked on or before it are not
/// created, changed or deleted (409 `entry_locked`).
#[utoipa::path(put, operation_id = "setOrganizationTimeLock", path = ORG_LOCK, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)), request_body = TimeLock, responses((status = 200, body = TimeLock)))]
pub async fn put_lock(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(input): Json<TimeLock>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&lock_date::put(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        input,
    )
    .await?))
}
