//! Organisations and their members.

use actix_web::{web, HttpResponse};
use budget_contract::organization::{NewOrgMember, NewOrganization, OrgMember, Organization};
use budget_domain::organizations;

use super::{created, ok, resource};
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::ApiResult;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/organizations").post(create))
        .service(resource("/organizations/{org_id}").get(get))
        .service(
            resource("/organizations/{org_id}/members")
                .get(members)
                .post(add_member),
        );
}

/// Creates an organisation with the caller as its admin.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", security(("bearer" = [])),
    request_body = NewOrganization, responses((status = 201, body = Organization),
    (status = 409, description = "The caller already belongs to an organisation (`already_in_organization`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<NewOrganization>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        &organizations::create(&state.domain, caller.user_id, input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/organizations/{org_id}", tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)), responses((status = 200, body = Organization)))]
pub async fn get(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&organizations::get(
        &state.domain,
        caller.user_id,
        path.into_inner(),
    )
    .await?))
}

#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/members", tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)), responses((status = 200, body = Vec<OrgMember>)))]
pub async fn members(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&organizations::members(
        &state.domain,
        caller.user_id,
        path.into_inner(),
    )
    .await?))
}

/// Adds a registered person without an organisation (organisation admins only).
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/members", tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)), request_body = NewOrgMember, responses((status = 201, body = OrgMember),
    (status = 409, description = "The person already belongs to an organisation (`already_in_organization`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn add_member(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(input): Json<NewOrgMember>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        &organizations::add_member(&state.domain, caller.user_id, path.into_inner(), input).await?,
    ))
}
