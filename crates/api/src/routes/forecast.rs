//! The cost forecast of a board: projected cost at completion, its 80 % interval, the chance and
//! date of exceeding the budget (method in `budget_domain::forecast`), and the history of the
//! forecasts kept once a day (`budget_domain::forecast::history`).

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::forecast::{Calibration, Forecast, ForecastSnapshot};
use budget_contract::page::Page;
use budget_contract::scenario::{
    NewScenario, SavedScenario, SavedScenarioResult, ScenarioComparison, ScenarioEvaluation,
    ScenarioInput,
};
use budget_domain::forecast::{self, history, saved};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created_at, no_content, ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const FORECAST: &str = "/boards/{board_id}/budget/forecast";
const HISTORY: &str = "/boards/{board_id}/budget/forecast/history";
const CALIBRATION: &str = "/boards/{board_id}/budget/forecast/calibration";
const ORG_CALIBRATION: &str = "/organizations/{org_id}/forecast-calibration";
const SCENARIO_PREVIEW: &str = "/boards/{board_id}/budget/scenarios/preview";
const SCENARIOS: &str = "/boards/{board_id}/budget/scenarios";
const SCENARIO: &str = "/boards/{board_id}/budget/scenarios/{scenario_id}";
const COMPARISON: &str = "/boards/{board_id}/budget/scenarios/comparison";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(
    get,
    list_history,
    get_calibration,
    get_organization_calibration,
    preview_scenario,
    list_scenarios,
    create_scenario,
    get_scenario,
    delete_scenario,
    compare_scenarios
))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(FORECAST, Guard::Token).get(get))
        .service(resource(HISTORY, Guard::Token).get(list_history))
        .service(resource(CALIBRATION, Guard::Token).get(get_calibration))
        .service(resource(ORG_CALIBRATION, Guard::Token).get(get_organization_calibration))
        // The fixed paths before the one with an id, which would otherwise take them.
        .service(resource(SCENARIO_PREVIEW, Guard::Token).post(preview_scenario))
        .service(resource(COMPARISON, Guard::Token).get(compare_scenarios))
        .service(
            resource(SCENARIOS, Guard::Token)
                .get(list_scenarios)
                .post(create_scenario),
        )
        .service(
            resource(SCENARIO, Guard::Token)
                .get(get_scenario)
                .delete(delete_scenario),
        );
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastParams {
    /// Days of daily cost history to learn from, today included: 1 to 730, default 180 (never
    /// before the board's start).
    #[param(minimum = 1, maximum = 730)]
    pub history_days: Option<u32>,
    /// The day to forecast from, from the board's start to today (default today): a past day
    /// gives the forecast as it would have been made at its end, from the costs dated on or
    /// before it and the estimates, progress and budget then recorded.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub as_of: Option<NaiveDate>,
}

/// Get the cost forecast
///
/// The projected cost at completion with an 80 % interval, the probability of exceeding the
/// budget and the day it would be exceeded, from draws that mix the earned-value estimate with
/// block-bootstrapped burn projections in three regimes and a remaining-scope factor.
/// Deterministic for the same data; the method and every input are returned. `as_of` asks for
/// the forecast of a past day. Any role on the board may read it.
#[utoipa::path(get, operation_id = "getBudgetForecast", path = FORECAST, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ForecastParams),
    responses((status = 200, body = Forecast)))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<ForecastParams>,
) -> ApiResult<HttpResponse> {
    let forecast =
        forecast::board_forecast(&state.domain, &access, params.history_days, params.as_of).await?;
    Ok(ok(&forecast))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// First day to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub from: Option<NaiveDate>,
    /// Last day to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub to: Option<NaiveDate>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List the forecast history
///
/// The board's default forecast as it was on each day it was kept, oldest first: the projected
/// cost at completion with its 80 % interval, the probability of overrun and the actual cost
/// and budget of that day, with the method and the server version that made it. A board with
/// a budget has one kept each day, by the first read of its forecast or the server's periodic
/// sweep, whichever comes first. Any role on the board may read it.
#[utoipa::path(get, operation_id = "listForecastHistory", path = HISTORY, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), HistoryParams), responses((status = 200, body = Page<ForecastSnapshot>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_history(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<HistoryParams>,
) -> ApiResult<HttpResponse> {
    let filter = history::HistoryFilter {
        from: params.from,
        to: params.to,
        limit: params.limit,
        cursor: params.cursor,
    };
    Ok(page(
        &req,
        &history::list(&state.domain, &access, filter).await?,
    ))
}

/// Get how well the board's forecasts have done
///
/// Every forecast of the board whose completion date has passed — the ones it kept each day and
/// a backtest as of every seventh day since it started (made from the costs dated on or before
/// that day and the estimates, progress and budget then recorded) — against what was spent by
/// that date: how often the 80 % interval contained it, the median percentage error against
/// EAC = BAC / CPI and a linear extrapolation of the burn on the same data, the Brier score of
/// the probability of overrun, and a reliability table. Any role on the board may read it.
#[utoipa::path(get, operation_id = "getForecastCalibration", path = CALIBRATION, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, body = Calibration)))]
pub async fn get_calibration(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    Ok(ok(
        &forecast::calibration::board(&state.domain, &access).await?
    ))
}

/// Get how well the organisation's forecasts have done
///
/// The board calibration across every board of the organisation, scored together. For the
/// organisation's members.
#[utoipa::path(get, operation_id = "getOrganizationForecastCalibration", path = ORG_CALIBRATION, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)),
    responses((status = 200, body = Calibration)))]
pub async fn get_organization_calibration(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&forecast::calibration::organization(
        &state.domain,
        caller.user_id,
        path.into_inner(),
    )
    .await?))
}

/// Try a what-if scenario
///
/// Today's forecast without and with changes to the plan — a new budget or due date, fixed
/// daily costs, people added or taken away, a person's new cost rate, tasks added, re-estimated
/// or removed — by the same method, data and seed, side by side with the difference: cost at
/// completion with its 80 % interval, probability of overrun, exhaustion date, and ROI at the
/// latest snapshot's expected value. Nothing is written. Editors and admins.
#[utoipa::path(post, operation_id = "previewScenario", path = SCENARIO_PREVIEW, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    request_body = ScenarioInput,
    responses((status = 200, body = ScenarioEvaluation)))]
pub async fn preview_scenario(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<ScenarioInput>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&forecast::scenario::evaluate(
        &state.domain,
        &access,
        input,
    )
    .await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScenarioParams {
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List saved scenarios
///
/// The board's saved what-if scenarios, oldest first, with their changes as saved (each is
/// evaluated by `getScenario` or `compareScenarios`). Editors and admins.
#[utoipa::path(get, operation_id = "listScenarios", path = SCENARIOS, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ScenarioParams), responses((status = 200, body = Page<SavedScenario>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_scenarios(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<ScenarioParams>,
) -> ApiResult<HttpResponse> {
    let filter = saved::ScenarioFilter {
        limit: params.limit,
        cursor: params.cursor,
    };
    Ok(page(
        &req,
        &saved::list(&state.domain, &access, filter).await?,
    ))
}

/// Save a scenario
///
/// Keeps a what-if scenario under a name unique on the board, its changes checked as
/// `previewScenario` checks them (a failing change is named under `changes`, e.g.
/// `changes.daily_costs[0].from`), and answers it with its evaluation. Nothing else is written.
/// Editors and admins.
#[utoipa::path(post, operation_id = "createScenario", path = SCENARIOS, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader), request_body = NewScenario,
    responses((status = 201, body = SavedScenarioResult, headers(
        ("Location" = String, description = "The saved scenario's URL, `/api/v1/boards/{board_id}/budget/scenarios/{scenario_id}`."))),
    (status = 409, description = "The board already has a scenario of this name (`scenario_name_taken`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create_scenario(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<NewScenario>,
) -> ApiResult<HttpResponse> {
    let board_id = access.board_id();
    let location = move |saved: &SavedScenarioResult| {
        format!("/boards/{board_id}/budget/scenarios/{}", saved.scenario.id)
    };
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let outcome = saved::create(&state.domain, &access, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |saved| {
        created_at(&location(&saved)).json(&saved)
    }))
}

/// Evaluate a saved scenario
///
/// The saved scenario against today's data: a change whose first day has passed starts
/// tomorrow; a daily cost or person whose last day has passed, a due date that has passed, a
/// task no longer on the board and a new rate for someone with no time on it in the last 28
/// days are left out, each listed in `adjustments`; the changes applied are then evaluated as
/// `previewScenario` evaluates them. Editors and admins.
#[utoipa::path(get, operation_id = "getScenario", path = SCENARIO, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("scenario_id" = i64, Path)),
    responses((status = 200, body = SavedScenarioResult)))]
pub async fn get_scenario(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    Ok(ok(
        &saved::get(&state.domain, &access, path.into_inner().1).await?
    ))
}

/// Delete a saved scenario
///
/// Editors and admins.
#[utoipa::path(delete, operation_id = "deleteScenario", path = SCENARIO, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("scenario_id" = i64, Path)),
    responses((status = 204, description = "Deleted."),
    (status = 404, description = "No such scenario on the board (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn delete_scenario(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    saved::delete(&state.domain, &access, path.into_inner().1).await?;
    Ok(no_content())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComparisonParams {
    /// The saved scenarios to compare, 1 to 10 ids separated by commas, each once: `4,7`.
    #[param(pattern = r"^\s*[0-9]+\s*(,\s*[0-9]+\s*){0,9}$", example = "4,7")]
    pub ids: String,
}

/// Compare saved scenarios
///
/// Saved scenarios side by side against one baseline, today, in the order asked: each adjusted
/// to today's data as `getScenario` adjusts it, with its outcome and its difference from the
/// baseline. Editors and admins.
#[utoipa::path(get, operation_id = "compareScenarios", path = COMPARISON, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ComparisonParams),
    responses((status = 200, body = ScenarioComparison)))]
pub async fn compare_scenarios(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<ComparisonParams>,
) -> ApiResult<HttpResponse> {
    Ok(ok(
        &saved::compare(&state.domain, &access, &params.ids).await?
    ))
}
