//! Organisations and their members.

use actix_web::{web, HttpResponse};
use budget_contract::organization::{NewOrgMember, NewOrganization, OrgMember, Organization};
use budget_domain::organizations;
use utoipa::OpenApi;

use super::{created, ok, resource, Guard};
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::ApiResult;
use crate::state::AppState;

const ORGANIZATIONS: &str = "/organizations";
const ORGANIZATION: &str = "/organizations/{org_id}";
const MEMBERS: &str = "/organizations/{org_id}/members";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(create, get, members, add_member))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(ORGANIZATIONS, Guard::Token).post(create))
        .service(resource(ORGANIZATION, Guard::Token).get(get))
        .service(
            resource(MEMBERS, Guard::Token)
                .get(members)
                .post(add_member),
        );
}

/// Creates an organisation with the caller as its admin.
#[utoipa::path(post, path = ORGANIZATIONS, tag = "organizations", security(("bearer" = [])),
    request_body = NewOrganization, responses((status = 201, body = Organization),
    (status = 409, description = "The caller already belongs to an organisation (`already_in_organization`), or another organisation has this name (`organization_name_taken`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<NewOrganization>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        &organizations::create(&state.domain, caller.user_id, input).await?,
    ))
}

#[utoipa::path(get, path = ORGANIZATION, tag = "organizations", security(("bearer" = [])),
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

#[utoipa::path(get, path = MEMBERS, tag = "organizations", security(("bearer" = [])),
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
#[utoipa::path(post, path = MEMBERS, tag = "organizations", security(("bearer" = [])),
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
