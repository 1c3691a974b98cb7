//! The caller's in-app notifications (`budget_domain::alerts::notifications`): the events on
//! the boards they can see.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::alert::{MarkedRead, Notification, UnreadCount};
use budget_contract::page::Page;
use budget_domain::alerts::notifications;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::Query;
use crate::problem::ApiResult;
use crate::state::AppState;

const NOTIFICATIONS: &str = "/me/notifications";
const READ: &str = "/me/notifications/{notification_id}/read";
const READ_ALL: &str = "/me/notifications/read-all";
const UNREAD_COUNT: &str = "/me/notifications/unread-count";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(list_notifications, mark_read, mark_all_read, count_unread))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The fixed paths before the one with an id.
    cfg.service(resource(READ_ALL, Guard::Token).post(mark_all_read))
        .service(resource(UNREAD_COUNT, Guard::Token).get(count_unread))
        .service(resource(NOTIFICATIONS, Guard::Token).get(list_notifications))
        .service(resource(READ, Guard::Token).post(mark_read));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationParams {
    /// Only the notifications not read yet. Default false.
    pub unread: Option<bool>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List the caller's notifications
///
/// The events on the boards the caller could see when each happened (alert firings,
/// recommendations created or reviewed), newest first; `unread=true` for the unread ones.
#[utoipa::path(get, operation_id = "listNotifications", path = NOTIFICATIONS, tag = "alerts", security(("bearer" = [])),
    params(NotificationParams), responses((status = 200, body = Page<Notification>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_notifications(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Query(params): Query<NotificationParams>,
) -> ApiResult<HttpResponse> {
    let listed = notifications::list(
        &state.domain,
        caller.user_id,
        params.unread.unwrap_or(false),
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &listed))
}

/// Mark a notification read
///
/// Marking it again keeps the time it was first read.
#[utoipa::path(post, operation_id = "markNotificationRead", path = READ, tag = "alerts", security(("bearer" = [])),
    params(("notification_id" = i64, Path)), responses((status = 200, body = Notification)))]
pub async fn mark_read(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let read = notifications::mark_read(&state.domain, caller.user_id, path.into_inner()).await?;
    Ok(ok(&read))
}

/// Mark every notification read
#[utoipa::path(post, operation_id = "markAllNotificationsRead", path = READ_ALL, tag = "alerts", security(("bearer" = [])),
    responses((status = 200, body = MarkedRead)))]
pub async fn mark_all_read(
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    Ok(ok(&notifications::mark_all_read(
        &state.domain,
        caller.user_id,
    )
    .await?))
}

/// Count the caller's unread notifications
#[utoipa::path(get, operation_id = "countUnreadNotifications", path = UNREAD_COUNT, tag = "alerts", security(("bearer" = [])),
    responses((status = 200, body = UnreadCount)))]
pub async fn count_unread(
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    Ok(ok(&notifications::unread_count(
        &state.domain,
        caller.user_id,
    )
    .await?))
}
