//! The budget optimiser's operations. Each runs the configured engine (builtin, Gemini or an
//! OpenAI-compatible server, falling back to builtin) and stores what it finds.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::optimizer::{
    BudgetAnalysis, OverrunPrediction, PatternReport, RecommendationBatch, ResourcePlan,
};
use utoipa::OpenApi;

use super::{ok, resource, Guard};
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::BoardScope;
use crate::problem::ApiResult;
use crate::state::AppState;

const ANALYZE: &str = "/boards/{board_id}/budget/ai/analyze";
const RECOMMENDATIONS: &str = "/boards/{board_id}/budget/ai/recommendations";
const PREDICT: &str = "/boards/{board_id}/budget/ai/predict";
const LEARN_PATTERNS: &str = "/boards/{board_id}/budget/ai/learn-patterns";
const OPTIMIZE_RESOURCES: &str = "/boards/{board_id}/budget/ai/optimize-resources";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(analyze, recommendations, predict, learn_patterns, optimize_resources))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(ANALYZE, Guard::UserLimited).post(analyze))
        .service(resource(RECOMMENDATIONS, Guard::UserLimited).post(recommendations))
        .service(resource(PREDICT, Guard::UserLimited).post(predict))
        .service(resource(LEARN_PATTERNS, Guard::UserLimited).post(learn_patterns))
        .service(resource(OPTIMIZE_RESOURCES, Guard::UserLimited).post(optimize_resources));
}

/// Analyse the budget's health
///
/// Budget health: a 0–100 score, status, top risks and a summary with the figures used. Stored
/// on the budget (`last_ai_analysis`) and the latest ROI snapshot. Editors and admins; the
/// budget must exist with AI optimisation enabled (else 409).
#[utoipa::path(post, operation_id = "analyzeBudget", path = ANALYZE, tag = "optimizer", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, body = BudgetAnalysis),
        (status = 409, description = "No budget, or AI optimisation disabled (`no_budget`, `ai_disabled`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn analyze(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    Ok(ok(&state.optimizer.analyze(&state.domain, &access).await?))
}

/// Generate budget recommendations
///
/// 3–7 typed recommendations with estimated savings, stored as pending (a repeat of a pending
/// one with the same type and title is that one, not a duplicate). With `Idempotency-Key`, a
/// retry answers the first batch without running the optimiser again.
#[utoipa::path(post, operation_id = "generateRecommendations", path = RECOMMENDATIONS, tag = "optimizer", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader),
    responses((status = 200, body = RecommendationBatch),
        (status = 409, description = "No budget, or AI optimisation disabled (`no_budget`, `ai_disabled`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn recommendations(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    let idempotent = idempotency::answered(&req, access.user_id, &())?;
    let outcome = state
        .optimizer
        .recommend(&state.domain, &access, idempotent.as_ref())
        .await?;
    Ok(idempotency::respond(outcome, |batch| ok(&batch)))
}

/// Predict a budget overrun
///
/// The overrun prediction: the forecast with a narrative and its drivers.
#[utoipa::path(post, operation_id = "predictOverrun", path = PREDICT, tag = "optimizer", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, body = OverrunPrediction),
        (status = 409, description = "No budget, or AI optimisation disabled (`no_budget`, `ai_disabled`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn predict(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    Ok(ok(&state.optimizer.predict(&state.domain, &access).await?))
}

/// Learn recurring cost patterns
///
/// Recurring cost patterns (overruns by priority or assignee, weekday burn, estimate bias),
/// upserted with their confidence and occurrence counts.
#[utoipa::path(post, operation_id = "learnCostPatterns", path = LEARN_PATTERNS, tag = "optimizer", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, body = PatternReport),
        (status = 409, description = "No budget, or AI optimisation disabled (`no_budget`, `ai_disabled`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn learn_patterns(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    Ok(ok(&state
        .optimizer
        .learn_patterns(&state.domain, &access)
        .await?))
}

/// Optimise the board's resource allocation
///
/// Who is over- or under-used against the estimates, and reassignments that would save money.
#[utoipa::path(post, operation_id = "optimizeResources", path = OPTIMIZE_RESOURCES, tag = "optimizer", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, body = ResourcePlan),
        (status = 409, description = "No budget, or AI optimisation disabled (`no_budget`, `ai_disabled`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn optimize_resources(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    Ok(ok(&state
        .optimizer
        .optimize_resources(&state.domain, &access)
        .await?))
}
