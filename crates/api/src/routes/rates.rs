//! Hourly rates, dated and layered: a board's (task, person on the board, board) and an
//! organisation's (person, organisation), and which of them applies to an hour. People's rates
//! are sensitive: board and organisation admins read and set them.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::rate::{NewRate, Rate, RateLevel, RatesInForce};
use budget_domain::rates::{self, RateFilter};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created_at, no_content, ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const BOARD_RATES: &str = "/boards/{board_id}/rates";
const BOARD_RATE: &str = "/boards/{board_id}/rates/{rate_id}";
const IN_FORCE: &str = "/boards/{board_id}/rates/in-force";
const ORG_RATES: &str = "/organizations/{org_id}/rates";
const ORG_RATE: &str = "/organizations/{org_id}/rates/{rate_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(
    list_for_board,
    create_for_board,
    delete_for_board,
    in_force,
    list_for_organization,
    create_for_organization,
    delete_for_organization
))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The fixed path before the one with an id, which would otherwise take it.
    cfg.service(resource(IN_FORCE, Guard::Token).get(in_force))
        .service(
            resource(BOARD_RATES, Guard::Token)
                .get(list_for_board)
                .post(create_for_board),
        )
        .service(resource(BOARD_RATE, Guard::Token).delete(delete_for_board))
        .service(
            resource(ORG_RATES, Guard::Token)
                .get(list_for_organization)
                .post(create_for_organization),
        )
        .service(resource(ORG_RATE, Guard::Token).delete(delete_for_organization));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RateParams {
    /// Only rates of this level.
    pub level: Option<RateLevel>,
    /// Only rates of this person.
    pub user_id: Option<i64>,
    /// Only rates of this task.
    pub task_id: Option<i64>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl RateParams {
    fn filter(self) -> RateFilter {
        RateFilter {
            level: self.level,
            user_id: self.user_id,
            task_id: self.task_id,
            limit: self.limit,
            cursor: self.cursor,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InForceParams {
    /// The person whose hour it is.
    pub user_id: i64,
    /// The task on this board the hour is logged on.
    pub task_id: i64,
    /// The day of the hour (`YYYY-MM-DD`).
    pub on: NaiveDate,
}

/// List a board's rates
///
/// The rates the board keeps (levels `task`, `board_member`, `board`), every one of their
/// history, oldest entered first (board and organisation admins).
#[utoipa::path(get, operation_id = "listBoardRates", path = BOARD_RATES, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), RateParams), responses((status = 200, body = Page<Rate>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_for_board(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<RateParams>,
) -> ApiResult<HttpResponse> {
    let rates = rates::list_for_board(&state.domain, &access, params.filter()).await?;
    Ok(page(&req, &rates))
}

/// Add a rate to a board
///
/// Adds a cost and billable rate pair at one of the board's levels from a day on (board and
/// organisation admins): `task` (with `task_id`), `board_member` (with `user_id`) or `board`.
/// The earlier rates stay and apply to the days before it. Time already logged keeps the rates
/// it was priced at.
#[utoipa::path(post, operation_id = "createBoardRate", path = BOARD_RATES, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader), request_body = NewRate,
    responses((status = 201, body = Rate, headers(
        ("Location" = String, description = "Where the new rate is addressed (it is deleted there): `/api/v1/boards/{board_id}/rates/{rate_id}`."))),
    (status = 409, description = "A rate for this scope and day is already stored (`rate_exists`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create_for_board(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<NewRate>,
) -> ApiResult<HttpResponse> {
    let board_id = access.board_id();
    let location = move |rate: &Rate| format!("/boards/{board_id}/rates/{}", rate.id);
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let outcome = rates::add_for_board(&state.domain, &access, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |rate| {
        created_at(&location(&rate)).json(&rate)
    }))
}

/// Delete a board's rate
///
/// Deletes a rate the board keeps (board and organisation admins), e.g. to enter a corrected one
/// for its day; refused while time entries were priced with it.
#[utoipa::path(delete, operation_id = "deleteBoardRate", path = BOARD_RATE, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("rate_id" = i64, Path)),
    responses((status = 204, description = "Deleted."),
    (status = 404, description = "No such rate on the board (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Time entries were priced with it (`rate_in_use`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn delete_for_board(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    rates::delete_for_board(&state.domain, &access, path.into_inner().1).await?;
    Ok(no_content())
}

/// The rates that apply to an hour
///
/// Which cost rate and which billable rate apply to a person's hour on a task of the board on a
/// day, and the level and stored rate each came from (board and organisation admins). Each is
/// taken from the most specific level that sets it: task, person on the board, board, person in
/// the organisation, organisation.
#[utoipa::path(get, operation_id = "getRatesInForce", path = IN_FORCE, tag = "rates", security(("bearer" = [])),
    params(("board_id" = i64, Path), InForceParams), responses((status = 200, body = RatesInForce),
    (status = 404, description = "No such task on the board (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn in_force(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<InForceParams>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&rates::in_force(
        &state.domain,
        &access,
        params.user_id,
        params.task_id,
        params.on,
    )
    .await?))
}

/// List an organisation's rates
///
/// The rates the organisation keeps (levels `person`, `organization`), every one of their
/// history, oldest entered first (organisation admins).
#[utoipa::path(get, operation_id = "listOrganizationRates", path = ORG_RATES, tag = "rates", security(("bearer" = [])),
    params(("org_id" = i64, Path), RateParams), responses((status = 200, body = Page<Rate>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_for_organization(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(params): Query<RateParams>,
) -> ApiResult<HttpResponse> {
    let rates = rates::list_for_organization(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        params.filter(),
    )
    .await?;
    Ok(page(&req, &rates))
}

/// Add a rate to an organisation
///
/// Adds a cost and billable rate pair at one of the organisation's levels from a day on (its
/// admins): `person` (with `user_id`, a member of the organisation) or `organization`. The
/// earlier rates stay and apply to the days before it. Time already logged keeps the rates it
/// was priced at.
#[utoipa::path(post, operation_id = "createOrganizationRate", path = ORG_RATES, tag = "rates", security(("bearer" = [])),
    params(("org_id" = i64, Path), IdempotencyKeyHeader), request_body = NewRate,
    responses((status = 201, body = Rate, headers(
        ("Location" = String, description = "Where the new rate is addressed (it is deleted there): `/api/v1/organizations/{org_id}/rates/{rate_id}`."))),
    (status = 409, description = "A rate for this scope and day is already stored (`rate_exists`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create_for_organization(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(input): Json<NewRate>,
) -> ApiResult<HttpResponse> {
    let org_id = path.into_inner();
    let location = move |rate: &Rate| format!("/organizations/{org_id}/rates/{}", rate.id);
    let idempotent = idempotency::created(&req, caller.user_id, &input, location)?;
    let outcome = rates::add_for_organization(
        &state.domain,
        caller.user_id,
        org_id,
        input,
        idempotent.as_ref(),
    )
    .await?;
    Ok(idempotency::respond(outcome, |rate| {
        created_at(&location(&rate)).json(&rate)
    }))
}

/// Delete an organisation's rate
///
/// Deletes a rate the organisation keeps (its admins), e.g. to enter a corrected one for its
/// day; refused while time entries were priced with it.
#[utoipa::path(delete, operation_id = "deleteOrganizationRate", path = ORG_RATE, tag = "rates", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("rate_id" = i64, Path)),
    responses((status = 204, description = "Deleted."),
    (status = 404, description = "No such rate in the organisation (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Time entries were priced with it (`rate_in_use`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn delete_for_organization(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, rate_id) = path.into_inner();
    rates::delete_for_organization(&state.domain, caller.user_id, org_id, rate_id).await?;
    Ok(no_content())
}
