//! The cost forecast of a board: projected cost at completion, its 80 % interval, the chance and
//! date of exceeding the budget (method in `budget_domain::forecast`).

use actix_web::{web, HttpResponse};
use budget_contract::forecast::Forecast;
use budget_domain::forecast;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{ok, resource, Guard};
use crate::extract::{BoardScope, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const FORECAST: &str = "/boards/{board_id}/budget/forecast";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(get))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(FORECAST, Guard::Token).get(get));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastParams {
    /// Days of daily cost history to learn from, today included: 1 to 730, default 180 (never
    /// before the board's start).
    #[param(minimum = 1, maximum = 730)]
    pub history_days: Option<u32>,
}

/// Get the cost forecast
///
/// The projected cost at completion with an 80 % interval, the probability of exceeding the
/// budget and the day it would be exceeded, from a 7-day block bootstrap of the daily cost series
/// blended with the earned-value estimate at completion. Deterministic for the same data; the
/// method and every input are returned. Any role on the board may read it.
#[utoipa::path(get, operation_id = "getBudgetForecast", path = FORECAST, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), ForecastParams),
    responses((status = 200, body = Forecast)))]
pub async fn get(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<ForecastParams>,
) -> ApiResult<HttpResponse> {
    let forecast = forecast::board_forecast(&state.domain, &access, params.history_days).await?;
    Ok(ok(&forecast))
}
