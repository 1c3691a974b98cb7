//! The audit trail: a board's (board admins) and an organisation's (organisation admins).

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::audit::AuditEvent;
use budget_contract::page::Page;
use budget_domain::audit::{self, TrailFilter};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{page, resource, Guard};
use crate::auth::Caller;
use crate::extract::{BoardScope, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const BOARD_TRAIL: &str = "/boards/{board_id}/audit";
const ORGANIZATION_TRAIL: &str = "/organizations/{org_id}/audit";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(board_trail, organization_trail))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(BOARD_TRAIL, Guard::Token).get(board_trail))
        .service(resource(ORGANIZATION_TRAIL, Guard::Token).get(organization_trail));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrailParams {
    /// Only changes to this kind of thing: one of the events' `kind` values (`task`,
    /// `time_entry`…).
    #[param(max_length = 50)]
    pub kind: Option<String>,
    /// Only changes made by this person (a user id).
    pub actor: Option<i64>,
    /// First day (UTC) to include, from 1970-01-01.
    pub from: Option<NaiveDate>,
    /// Last day (UTC) to include, up to 2200-12-31.
    pub to: Option<NaiveDate>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl From<TrailParams> for TrailFilter {
    fn from(q: TrailParams) -> Self {
        TrailFilter {
            kind: q.kind,
            actor_id: q.actor,
            from: q.from,
            to: q.to,
            limit: q.limit,
            cursor: q.cursor,
        }
    }
}

/// List a board's audit trail
///
/// The board's audit trail, newest first: who changed what, when, before → after (board
/// admins).
#[utoipa::path(get, operation_id = "listBoardAuditEvents", path = BOARD_TRAIL, tag = "audit", security(("bearer" = [])),
    params(("board_id" = i64, Path), TrailParams), responses((status = 200, body = Page<AuditEvent>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn board_trail(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(q): Query<TrailParams>,
) -> ApiResult<HttpResponse> {
    Ok(page(
        &req,
        &audit::board_trail(&state.domain, &access, q.into()).await?,
    ))
}

/// List an organisation's audit trail
///
/// The organisation's audit trail, newest first: changes to the organisation, to its boards
/// (deleted ones included) and to its current members' accounts (organisation admins).
#[utoipa::path(get, operation_id = "listOrganizationAuditEvents", path = ORGANIZATION_TRAIL, tag = "audit", security(("bearer" = [])),
    params(("org_id" = i64, Path), TrailParams), responses((status = 200, body = Page<AuditEvent>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn organization_trail(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(q): Query<TrailParams>,
) -> ApiResult<HttpResponse> {
    let events =
        audit::organization_trail(&state.domain, caller.user_id, path.into_inner(), q.into())
            .await?;
    Ok(page(&req, &events))
}
