//! A board's alert rules and their firings (`budget_domain::alerts`): board admins write the
//! rules, every role on the board reads them.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use budget_contract::alert::{AlertFiring, AlertRule, AlertRuleUpdate, NewAlertRule};
use budget_contract::page::Page;
use budget_domain::alerts::rules;
use budget_domain::BoardAccess;
use utoipa::OpenApi;

use super::boards::PageParams;
use super::{created_at, no_content, ok, page, resource, Guard};
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const RULES: &str = "/boards/{board_id}/budget/alert-rules";
const RULE: &str = "/boards/{board_id}/budget/alert-rules/{rule_id}";
const FIRINGS: &str = "/boards/{board_id}/budget/alerts";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(list_rules, create_rule, update_rule, delete_rule, list_firings))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource(RULES, Guard::Token)
            .get(list_rules)
            .post(create_rule),
    )
    .service(
        resource(RULE, Guard::Token)
            .patch(update_rule)
            .delete(delete_rule),
    )
    .service(resource(FIRINGS, Guard::Token).get(list_firings));
}

/// Middleware on every authenticated resource: a write to a board that succeeded (its
/// transaction committed before the answer) marks the board for a coalesced evaluation of its
/// alert rules, outside the request's transaction and without delaying its answer.
pub async fn mark_changed(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.call(req).await?;
    if write && response.status().is_success() {
        let request = response.request();
        let board_id = request
            .extensions()
            .get::<BoardAccess>()
            .map(BoardAccess::board_id);
        if let (Some(board_id), Some(state)) = (board_id, request.app_data::<web::Data<AppState>>())
        {
            state.alerts.mark(board_id);
        }
    }
    Ok(response)
}

/// Names the board a request on a path without `{board_id}` (a time entry or expense by id)
/// changes, so that [`mark_changed`] marks it when the write succeeds.
pub fn changes_board(req: &HttpRequest, access: &BoardAccess) {
    req.extensions_mut().insert(access.clone());
}

/// List alert rules
///
/// The board's alert rules, oldest first: the money rules every budget starts with (its
/// warning and critical thresholds and 100 %) and those added since. Any role on the board.
#[utoipa::path(get, operation_id = "listAlertRules", path = RULES, tag = "alerts", security(("bearer" = [])),
    params(("board_id" = i64, Path), PageParams), responses((status = 200, body = Page<AlertRule>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_rules(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let rules = rules::list(
        &state.domain,
        &access,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &rules))
}

/// Add an alert rule
///
/// A rule fires once when its condition becomes true — storing a firing with the figures that
/// made it fire, an event in the outbox and a notification for everyone who can see the board —
/// and fires again only after its condition was false in between. Rules are evaluated a few
/// seconds after a change to the board's data and every few minutes. Board admins.
#[utoipa::path(post, operation_id = "createAlertRule", path = RULES, tag = "alerts", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader), request_body = NewAlertRule,
    responses((status = 201, body = AlertRule, headers(
        ("Location" = String, description = "The rule's URL, `/api/v1/boards/{board_id}/budget/alert-rules/{rule_id}`: there it is changed (PATCH) or deleted; it is read in the board's rule list.")))))]
pub async fn create_rule(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<NewAlertRule>,
) -> ApiResult<HttpResponse> {
    let board_id = access.board_id();
    let location =
        move |rule: &AlertRule| format!("/boards/{board_id}/budget/alert-rules/{}", rule.id);
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let outcome = rules::create(&state.domain, &access, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |rule| {
        created_at(&location(&rule)).json(&rule)
    }))
}

/// Change an alert rule
///
/// Its threshold or whether it is active; the fields sent replace the stored ones. A new
/// threshold, or a rule made active again, re-arms it. Board admins.
#[utoipa::path(patch, operation_id = "updateAlertRule", path = RULE, tag = "alerts", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("rule_id" = i64, Path)), request_body = AlertRuleUpdate,
    responses((status = 200, body = AlertRule)))]
pub async fn update_rule(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<AlertRuleUpdate>,
) -> ApiResult<HttpResponse> {
    let rule = rules::update(&state.domain, &access, path.into_inner().1, input).await?;
    Ok(ok(&rule))
}

/// Delete an alert rule
///
/// Its firings stay in the board's list. Board admins.
#[utoipa::path(delete, operation_id = "deleteAlertRule", path = RULE, tag = "alerts", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("rule_id" = i64, Path)),
    responses((status = 204, description = "Deleted.")))]
pub async fn delete_rule(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    rules::delete(&state.domain, &access, path.into_inner().1).await?;
    Ok(no_content())
}

/// List alert firings
///
/// Every firing of the board's rules, newest first, with the figures that made each fire and
/// the id of the event it emitted. Any role on the board.
#[utoipa::path(get, operation_id = "listAlertFirings", path = FIRINGS, tag = "alerts", security(("bearer" = [])),
    params(("board_id" = i64, Path), PageParams), responses((status = 200, body = Page<AlertFiring>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_firings(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let firings = rules::list_firings(
        &state.domain,
        &access,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &firings))
}
