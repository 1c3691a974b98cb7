//! Webhook endpoints of a board (its admins) or an organisation (its admins) and their
//! deliveries (`budget_domain::webhooks`). The same operations exist under both owners; each
//! handler names its owner and calls one domain function.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::webhook::{
    CreatedWebhookEndpoint, NewWebhookEndpoint, RotatedWebhookSecret, WebhookDelivery,
    WebhookEndpoint, WebhookEndpointUpdate,
};
use budget_domain::webhooks::endpoints::{self, Owner};
use utoipa::OpenApi;

use super::boards::PageParams;
use super::{created_at, no_content, ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const BOARD_HOOKS: &str = "/boards/{board_id}/webhooks";
const BOARD_HOOK: &str = "/boards/{board_id}/webhooks/{webhook_id}";
const BOARD_ROTATE: &str = "/boards/{board_id}/webhooks/{webhook_id}/rotate-secret";
const BOARD_DELIVERIES: &str = "/boards/{board_id}/webhooks/{webhook_id}/deliveries";
const BOARD_REDELIVER: &str =
    "/boards/{board_id}/webhooks/{webhook_id}/deliveries/{event_id}/redeliver";
const ORG_HOOKS: &str = "/organizations/{org_id}/webhooks";
const ORG_HOOK: &str = "/organizations/{org_id}/webhooks/{webhook_id}";
const ORG_ROTATE: &str = "/organizations/{org_id}/webhooks/{webhook_id}/rotate-secret";
const ORG_DELIVERIES: &str = "/organizations/{org_id}/webhooks/{webhook_id}/deliveries";
const ORG_REDELIVER: &str =
    "/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}/redeliver";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(
    list_board_webhooks,
    create_board_webhook,
    get_board_webhook,
    update_board_webhook,
    delete_board_webhook,
    rotate_board_webhook_secret,
    list_board_webhook_deliveries,
    redeliver_board_webhook_event,
    list_org_webhooks,
    create_org_webhook,
    get_org_webhook,
    update_org_webhook,
    delete_org_webhook,
    rotate_org_webhook_secret,
    list_org_webhook_deliveries,
    redeliver_org_webhook_event
))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource(BOARD_HOOKS, Guard::Token)
            .get(list_board_webhooks)
            .post(create_board_webhook),
    )
    .service(
        resource(BOARD_HOOK, Guard::Token)
            .get(get_board_webhook)
            .patch(update_board_webhook)
            .delete(delete_board_webhook),
    )
    .service(resource(BOARD_ROTATE, Guard::Token).post(rotate_board_webhook_secret))
    .service(resource(BOARD_DELIVERIES, Guard::Token).get(list_board_webhook_deliveries))
    .service(resource(BOARD_REDELIVER, Guard::Token).post(redeliver_board_webhook_event))
    .service(
        resource(ORG_HOOKS, Guard::Token)
            .get(list_org_webhooks)
            .post(create_org_webhook),
    )
    .service(
        resource(ORG_HOOK, Guard::Token)
            .get(get_org_webhook)
            .patch(update_org_webhook)
            .delete(delete_org_webhook),
    )
    .service(resource(ORG_ROTATE, Guard::Token).post(rotate_org_webhook_secret))
    .service(resource(ORG_DELIVERIES, Guard::Token).get(list_org_webhook_deliveries))
    .service(resource(ORG_REDELIVER, Guard::Token).post(redeliver_org_webhook_event));
}

fn org(caller_id: i64, org_id: i64) -> Owner<'static> {
    Owner::Organization {
        user_id: caller_id,
        org_id,
    }
}

/// The shared answer of both creates: 201, `Location`, the endpoint with its secret.
async fn create(
    req: &HttpRequest,
    state: &AppState,
    owner: Owner<'_>,
    base: String,
    user_id: i64,
    input: NewWebhookEndpoint,
) -> ApiResult<HttpResponse> {
    let location =
        move |created: &CreatedWebhookEndpoint| format!("{base}/webhooks/{}", created.endpoint.id);
    let idempotent = idempotency::created(req, user_id, &input, location.clone())?;
    let outcome = endpoints::create(&state.domain, owner, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |created| {
        created_at(&location(&created)).json(&created)
    }))
}

/// List a board's webhook endpoints
///
/// Oldest first, without their secrets. Board admins.
#[utoipa::path(get, operation_id = "listBoardWebhooks", path = BOARD_HOOKS, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), PageParams), responses((status = 200, body = Page<WebhookEndpoint>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_board_webhooks(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,

    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let endpoints = endpoints::list(
        &state.domain,
        Owner::Board(&access),
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &endpoints))
}

/// Add a webhook endpoint to a board
///
/// The board's events are POSTed to `url`, signed as Standard Webhooks
/// specifies (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The answer holds the
/// signing secret (`whsec_…`): it is shown this once. The URL must be http(s) and its host must
/// not be a private, loopback or link-local address unless the server allows them (422 on
/// `url`, code `address_not_allowed`). Board admins.
#[utoipa::path(post, operation_id = "createBoardWebhook", path = BOARD_HOOKS, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader), request_body = NewWebhookEndpoint,
    responses((status = 201, body = CreatedWebhookEndpoint, headers(
        ("Location" = String, description = "The endpoint's URL, `/api/v1/boards/{board_id}/webhooks/{webhook_id}`: there it is read (GET), changed (PATCH) or deleted.")))))]
pub async fn create_board_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,

    Json(input): Json<NewWebhookEndpoint>,
) -> ApiResult<HttpResponse> {
    create(
        &req,
        &state,
        Owner::Board(&access),
        format!("/boards/{}", access.board_id()),
        access.user_id,
        input,
    )
    .await
}

/// Read a webhook endpoint of a board
///
/// Without its secret. Board admins.
#[utoipa::path(get, operation_id = "getBoardWebhook", path = BOARD_HOOK, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("webhook_id" = i64, Path)), responses((status = 200, body = WebhookEndpoint)))]
pub async fn get_board_webhook(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, webhook_id) = path.into_inner();
    Ok(ok(&endpoints::get(
        &state.domain,
        Owner::Board(&access),
        webhook_id,
    )
    .await?))
}

/// Change a webhook endpoint of a board
///
/// Its URL (checked as on creation), its event filter (null: every type) or whether it is
/// enabled; the fields sent replace the stored ones. Enabling it again clears its failures. Board admins.
#[utoipa::path(patch, operation_id = "updateBoardWebhook", path = BOARD_HOOK, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("webhook_id" = i64, Path)), request_body = WebhookEndpointUpdate,
    responses((status = 200, body = WebhookEndpoint)))]
pub async fn update_board_webhook(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<WebhookEndpointUpdate>,
) -> ApiResult<HttpResponse> {
    let (_, webhook_id) = path.into_inner();
    Ok(ok(&endpoints::update(
        &state.domain,
        Owner::Board(&access),
        webhook_id,
        input,
    )
    .await?))
}

/// Delete a webhook endpoint of a board
///
/// With its delivery log; deliveries not yet made are dropped. Board admins.
#[utoipa::path(delete, operation_id = "deleteBoardWebhook", path = BOARD_HOOK, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("webhook_id" = i64, Path)), responses((status = 204, description = "Deleted.")))]
pub async fn delete_board_webhook(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, webhook_id) = path.into_inner();
    endpoints::delete(&state.domain, Owner::Board(&access), webhook_id).await?;
    Ok(no_content())
}

/// Rotate a webhook endpoint's secret (board)
///
/// A new secret, shown this once. The previous one keeps signing alongside it (two signatures
/// in `webhook-signature`) for 24 hours, so receivers can switch without losing a delivery.
/// Board admins.
#[utoipa::path(post, operation_id = "rotateBoardWebhookSecret", path = BOARD_ROTATE, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("webhook_id" = i64, Path)), responses((status = 200, body = RotatedWebhookSecret)))]
pub async fn rotate_board_webhook_secret(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, webhook_id) = path.into_inner();
    Ok(ok(&endpoints::rotate(
        &state.domain,
        Owner::Board(&access),
        webhook_id,
    )
    .await?))
}

/// List a webhook endpoint's deliveries (board)
///
/// Newest first: each event sent (or to be sent) to the endpoint, its state, attempts, the last
/// attempt's status, latency and the start of its answer (at most 1 KiB), and when the next
/// attempt is due. Board admins.
#[utoipa::path(get, operation_id = "listBoardWebhookDeliveries", path = BOARD_DELIVERIES, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("webhook_id" = i64, Path), PageParams), responses((status = 200, body = Page<WebhookDelivery>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_board_webhook_deliveries(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let (_, webhook_id) = path.into_inner();
    let deliveries = endpoints::deliveries(
        &state.domain,
        Owner::Board(&access),
        webhook_id,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &deliveries))
}

/// Redeliver an event to a webhook endpoint (board)
///
/// Sends the event again as soon as a dispatcher is free (a disabled endpoint: once it is
/// enabled again), with the same `webhook-id` and a fresh retry window, whatever its
/// delivery's state. Board admins.
#[utoipa::path(post, operation_id = "redeliverBoardWebhookEvent", path = BOARD_REDELIVER, tag = "webhooks", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("webhook_id" = i64, Path), ("event_id" = String, Path)), responses((status = 202, body = WebhookDelivery)))]
pub async fn redeliver_board_webhook_event(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64, String)>,
) -> ApiResult<HttpResponse> {
    let (_, webhook_id, event_id) = path.into_inner();
    let delivery =
        endpoints::redeliver(&state.domain, Owner::Board(&access), webhook_id, &event_id).await?;
    Ok(HttpResponse::Accepted().json(&delivery))
}

/// List an organisation's webhook endpoints
///
/// Oldest first, without their secrets. Organisation admins.
#[utoipa::path(get, operation_id = "listOrgWebhooks", path = ORG_HOOKS, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), PageParams), responses((status = 200, body = Page<WebhookEndpoint>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_org_webhooks(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let org_id = path.into_inner();
    let endpoints = endpoints::list(
        &state.domain,
        org(caller.user_id, org_id),
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &endpoints))
}

/// Add a webhook endpoint to an organisation
///
/// The events of every board of the organisation are POSTed to `url`, signed as Standard Webhooks
/// specifies (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The answer holds the
/// signing secret (`whsec_…`): it is shown this once. The URL must be http(s) and its host must
/// not be a private, loopback or link-local address unless the server allows them (422 on
/// `url`, code `address_not_allowed`). Organisation admins.
#[utoipa::path(post, operation_id = "createOrgWebhook", path = ORG_HOOKS, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), IdempotencyKeyHeader), request_body = NewWebhookEndpoint,
    responses((status = 201, body = CreatedWebhookEndpoint, headers(
        ("Location" = String, description = "The endpoint's URL, `/api/v1/organizations/{org_id}/webhooks/{webhook_id}`: there it is read (GET), changed (PATCH) or deleted.")))))]
pub async fn create_org_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(input): Json<NewWebhookEndpoint>,
) -> ApiResult<HttpResponse> {
    let org_id = path.into_inner();
    create(
        &req,
        &state,
        org(caller.user_id, org_id),
        format!("/organizations/{org_id}"),
        caller.user_id,
        input,
    )
    .await
}

/// Read a webhook endpoint of an organisation
///
/// Without its secret. Organisation admins.
#[utoipa::path(get, operation_id = "getOrgWebhook", path = ORG_HOOK, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("webhook_id" = i64, Path)), responses((status = 200, body = WebhookEndpoint)))]
pub async fn get_org_webhook(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, webhook_id) = path.into_inner();
    Ok(ok(&endpoints::get(
        &state.domain,
        org(caller.user_id, org_id),
        webhook_id,
    )
    .await?))
}

/// Change a webhook endpoint of an organisation
///
/// Its URL (checked as on creation), its event filter (null: every type) or whether it is
/// enabled; the fields sent replace the stored ones. Enabling it again clears its failures. Organisation admins.
#[utoipa::path(patch, operation_id = "updateOrgWebhook", path = ORG_HOOK, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("webhook_id" = i64, Path)), request_body = WebhookEndpointUpdate,
    responses((status = 200, body = WebhookEndpoint)))]
pub async fn update_org_webhook(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
    Json(input): Json<WebhookEndpointUpdate>,
) -> ApiResult<HttpResponse> {
    let (org_id, webhook_id) = path.into_inner();
    Ok(ok(&endpoints::update(
        &state.domain,
        org(caller.user_id, org_id),
        webhook_id,
        input,
    )
    .await?))
}

/// Delete a webhook endpoint of an organisation
///
/// With its delivery log; deliveries not yet made are dropped. Organisation admins.
#[utoipa::path(delete, operation_id = "deleteOrgWebhook", path = ORG_HOOK, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("webhook_id" = i64, Path)), responses((status = 204, description = "Deleted.")))]
pub async fn delete_org_webhook(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, webhook_id) = path.into_inner();
    endpoints::delete(&state.domain, org(caller.user_id, org_id), webhook_id).await?;
    Ok(no_content())
}

/// Rotate a webhook endpoint's secret (organisation)
///
/// A new secret, shown this once. The previous one keeps signing alongside it (two signatures
/// in `webhook-signature`) for 24 hours, so receivers can switch without losing a delivery.
/// Organisation admins.
#[utoipa::path(post, operation_id = "rotateOrgWebhookSecret", path = ORG_ROTATE, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("webhook_id" = i64, Path)), responses((status = 200, body = RotatedWebhookSecret)))]
pub async fn rotate_org_webhook_secret(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, webhook_id) = path.into_inner();
    Ok(ok(&endpoints::rotate(
        &state.domain,
        org(caller.user_id, org_id),
        webhook_id,
    )
    .await?))
}

/// List a webhook endpoint's deliveries (organisation)
///
/// Newest first: each event sent (or to be sent) to the endpoint, its state, attempts, the last
/// attempt's status, latency and the start of its answer (at most 1 KiB), and when the next
/// attempt is due. Organisation admins.
#[utoipa::path(get, operation_id = "listOrgWebhookDeliveries", path = ORG_DELIVERIES, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("webhook_id" = i64, Path), PageParams), responses((status = 200, body = Page<WebhookDelivery>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_org_webhook_deliveries(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let (org_id, webhook_id) = path.into_inner();
    let deliveries = endpoints::deliveries(
        &state.domain,
        org(caller.user_id, org_id),
        webhook_id,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &deliveries))
}

/// Redeliver an event to a webhook endpoint (organisation)
///
/// Sends the event again as soon as a dispatcher is free (a disabled endpoint: once it is
/// enabled again), with the same `webhook-id` and a fresh retry window, whatever its
/// delivery's state. Organisation admins.
#[utoipa::path(post, operation_id = "redeliverOrgWebhookEvent", path = ORG_REDELIVER, tag = "webhooks", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("webhook_id" = i64, Path), ("event_id" = String, Path)), responses((status = 202, body = WebhookDelivery)))]
pub async fn redeliver_org_webhook_event(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64, String)>,
) -> ApiResult<HttpResponse> {
    let (org_id, webhook_id, event_id) = path.into_inner();
    let delivery = endpoints::redeliver(
        &state.domain,
        org(caller.user_id, org_id),
        webhook_id,
        &event_id,
    )
    .await?;
    Ok(HttpResponse::Accepted().json(&delivery))
}
