//! Stored optimiser output: recommendations listed without regenerating and acted on by board
//! admins; learned cost patterns listed without learning again.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::optimizer::{
    CostPattern, Recommendation, RecommendationActionInput, RecommendationStatus,
    RecommendationType,
};
use budget_contract::page::Page;
use budget_optimizer::patterns;
use budget_optimizer::recommendations::{self, RecommendationFilter, KIND};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::preconditions::{if_match, with_etag};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const BOARD_RECOMMENDATIONS: &str = "/boards/{board_id}/recommendations";
const ACTION: &str = "/recommendations/{recommendation_id}/action";
const SCENARIO: &str = "/recommendations/{recommendation_id}/scenario";
const BOARD_PATTERNS: &str = "/boards/{board_id}/budget/patterns";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(list, act, get_scenario, list_patterns))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(BOARD_RECOMMENDATIONS, Guard::Token).get(list))
        .service(resource(ACTION, Guard::Token).post(act))
        .service(resource(SCENARIO, Guard::Token).get(get_scenario))
        .service(resource(BOARD_PATTERNS, Guard::Token).get(list_patterns));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationParams {
    /// Only recommendations with this status.
    pub status: Option<RecommendationStatus>,
    #[serde(rename = "type")]
    /// Only recommendations of this type.
    #[param(rename = "type")]
    pub kind: Option<RecommendationType>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List a board's recommendations
///
/// The board's recommendations, newest first, filtered by status and type.
#[utoipa::path(get, operation_id = "listRecommendations", path = BOARD_RECOMMENDATIONS, tag = "optimizer", security(("bearer" = [])),
    params(("board_id" = i64, Path), RecommendationParams), responses((status = 200, body = Page<Recommendation>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<RecommendationParams>,
) -> ApiResult<HttpResponse> {
    let filter = RecommendationFilter {
        status: params.status,
        kind: params.kind,
        limit: params.limit,
        cursor: params.cursor,
    };
    Ok(page(
        &req,
        &recommendations::list(&state.domain, &access, filter).await?,
    ))
}

/// Accept, reject or implement a recommendation
///
/// Accept, reject or implement (board admins): pending → accepted | rejected, accepted →
/// implemented (optionally with the savings realised and a note). Anything else is 409. With
/// `If-Match` (the recommendation's `version` as `"recommendation-v<version>"`), only if it is
/// still at one of the ETags given (`*`: any).
#[utoipa::path(post, operation_id = "reviewRecommendation", path = ACTION, tag = "optimizer", security(("bearer" = [])),
    params(("recommendation_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the recommendation as last read (comma-separated; weak tags never match), or `*`.")),
    request_body = RecommendationActionInput,
    responses((status = 200, body = Recommendation, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 409, description = "The lifecycle does not allow this step (`invalid_transition`), or the budget's currency changed while the realised savings were written (`currency_changed`; send it again).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The recommendation changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn act(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(input): Json<RecommendationActionInput>,
) -> ApiResult<HttpResponse> {
    let recommendation = recommendations::act(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        input,
        if_match(&req, KIND),
    )
    .await?;
    Ok(with_etag(
        HttpResponse::Ok(),
        KIND,
        recommendation.version,
        &recommendation,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PatternParams {
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List a board's learned cost patterns
///
/// The cost patterns learned for the board (`learnCostPatterns`) as stored, in the order they
/// were first learned; learning again updates a pattern of the same name in place. Reading
/// never learns. Anyone on the board may read them, as they may read its recommendations.
#[utoipa::path(get, operation_id = "listCostPatterns", path = BOARD_PATTERNS, tag = "optimizer", security(("bearer" = [])),
    params(("board_id" = i64, Path), PatternParams), responses((status = 200, body = Page<CostPattern>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_patterns(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<PatternParams>,
) -> ApiResult<HttpResponse> {
    let patterns = patterns::list(
        &state.domain,
        &access,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &patterns))
}

/// Get a recommendation's effect
///
/// The recommendation's `scenario` — the changes to the plan that carry it out — evaluated
/// against today's data, as a saved scenario is (`getScenario`): the baseline and the forecast
/// with the changes, side by side. Editors and admins of its board.
#[utoipa::path(get, operation_id = "getRecommendationScenario", path = SCENARIO, tag = "optimizer", security(("bearer" = [])),
    params(("recommendation_id" = i64, Path)),
    responses((status = 200, body = budget_contract::scenario::ScenarioResult),
    (status = 404, description = "No such recommendation, or it has no scenario (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn get_scenario(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&recommendations::scenario(
        &state.domain,
        caller.user_id,
        path.into_inner(),
    )
    .await?))
}
