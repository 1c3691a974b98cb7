//! Organisations, their members and invitations.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::auth::CreatedPasswordReset;
use budget_contract::organization::{
    AcceptInvitation, CreatedInvitation, Invitation, InvitationPreview, NewInvitation,
    NewOrganization, OrgMember, OrgMemberUpdate, Organization,
};
use budget_contract::page::Page;
use budget_domain::auth::account;
use budget_domain::organizations;
use utoipa::OpenApi;

use super::boards::PageParams;
use super::{created_at, no_content, ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::Json;
use crate::extract::Query;
use crate::problem::ApiResult;
use crate::state::AppState;

const ORGANIZATIONS: &str = "/organizations";
const ORGANIZATION: &str = "/organizations/{org_id}";
const MEMBERS: &str = "/organizations/{org_id}/members";
const MEMBER: &str = "/organizations/{org_id}/members/{member_id}";
const MEMBER_PASSWORD_RESET: &str = "/organizations/{org_id}/members/{member_id}/password-reset";
const LEAVE: &str = "/organizations/{org_id}/leave";
const INVITATIONS: &str = "/organizations/{org_id}/invitations";
const INVITATION: &str = "/organizations/{org_id}/invitations/{invitation_id}";
const ACCEPT: &str = "/invitations/accept";
const PREVIEW: &str = "/invitations/preview";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(
    create,
    get,
    members,
    change_member_role,
    remove_member,
    reset_member_password,
    leave,
    invite,
    invitations,
    revoke_invitation,
    preview_invitation,
    accept
))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(ORGANIZATIONS, Guard::Token).post(create))
        .service(resource(ORGANIZATION, Guard::Token).get(get))
        .service(resource(MEMBERS, Guard::Token).get(members))
        .service(
            resource(MEMBER, Guard::Token)
                .put(change_member_role)
                .delete(remove_member),
        )
        .service(resource(MEMBER_PASSWORD_RESET, Guard::Token).post(reset_member_password))
        .service(resource(LEAVE, Guard::Token).post(leave))
        .service(
            resource(INVITATIONS, Guard::Token)
                .get(invitations)
                .post(invite),
        )
        .service(resource(INVITATION, Guard::Token).delete(revoke_invitation))
        .service(resource(PREVIEW, Guard::Token).post(preview_invitation))
        .service(resource(ACCEPT, Guard::Token).post(accept));
}

/// Create an organisation
///
/// Creates an organisation with the caller as its admin.
#[utoipa::path(post, operation_id = "createOrganization", path = ORGANIZATIONS, tag = "organizations", security(("bearer" = [])),
    params(IdempotencyKeyHeader), request_body = NewOrganization,
    responses((status = 201, body = Organization, headers(("Location" = String, description = "The new organisation's URL, `/api/v1/organizations/{org_id}`."))),
    (status = 409, description = "The caller already belongs to an organisation (`already_in_organization`), or another organisation has this name (`organization_name_taken`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<NewOrganization>,
) -> ApiResult<HttpResponse> {
    let location = |org: &Organization| format!("/organizations/{}", org.id);
    let idempotent = idempotency::created(&req, caller.user_id, &input, location)?;
    let outcome =
        organizations::create(&state.domain, caller.user_id, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |org| {
        created_at(&location(&org)).json(&org)
    }))
}

/// Get an organisation
///
/// The organisation, for its members.
#[utoipa::path(get, operation_id = "getOrganization", path = ORGANIZATION, tag = "organizations", security(("bearer" = [])),
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

/// List an organisation's members
///
/// The organisation's members with their roles, for its members.
#[utoipa::path(get, operation_id = "listOrganizationMembers", path = MEMBERS, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), PageParams), responses((status = 200, body = Page<OrgMember>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn members(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let members = organizations::members(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &members))
}

/// Change a member's organisation role
///
/// Makes a member an admin or a member (organisation admins only; an admin may change their
/// own role). The organisation's admins administer every board of the organisation. The last
/// admin cannot stop being one. Setting the role the member already has changes nothing.
#[utoipa::path(put, operation_id = "replaceOrganizationMember", path = MEMBER, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("member_id" = i64, Path)), request_body = OrgMemberUpdate,
    responses((status = 200, body = OrgMember),
    (status = 404, description = "No such member of the organisation (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "The member is the organisation's last admin and the role is not `admin` (`last_org_admin`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn change_member_role(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
    Json(input): Json<OrgMemberUpdate>,
) -> ApiResult<HttpResponse> {
    let (org_id, member_id) = path.into_inner();
    Ok(ok(&organizations::change_member_role(
        &state.domain,
        caller.user_id,
        org_id,
        member_id,
        input,
    )
    .await?))
}

/// Remove a member from an organisation
///
/// Removes a member (organisation admins only): their memberships on the organisation's boards
/// end, the boards they created there pass to the admin removing them, and their personal
/// access tokens are revoked. The last admin cannot be removed.
#[utoipa::path(delete, operation_id = "removeOrganizationMember", path = MEMBER, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("member_id" = i64, Path)),
    responses((status = 204, description = "Removed."),
    (status = 404, description = "No such member of the organisation (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "The organisation's last admin (`last_org_admin`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn remove_member(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, member_id) = path.into_inner();
    organizations::remove_member(&state.domain, caller.user_id, org_id, member_id).await?;
    Ok(no_content())
}

/// Issue a password-reset token for a member
///
/// Issues a one-time password-reset token for a member (organisation admins only; not for
/// another admin, since whoever holds the token can act as its owner), valid 24 hours; earlier
/// unused ones stop working. The token is in this answer only: hand it to the
/// person, who sets a new password with `POST /auth/password-reset`.
#[utoipa::path(post, operation_id = "createMemberPasswordReset", path = MEMBER_PASSWORD_RESET, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("member_id" = i64, Path), IdempotencyKeyHeader),
    responses((status = 201, body = CreatedPasswordReset, headers(("Location" = String, description = "The URL of the member's password reset, `/api/v1/organizations/{org_id}/members/{member_id}/password-reset`, where it was issued: a member has one usable reset token at a time, and it is not read back."))),
    (status = 404, description = "No such member of the organisation (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn reset_member_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, member_id) = path.into_inner();
    let location = move |reset: &CreatedPasswordReset| {
        format!(
            "/organizations/{org_id}/members/{}/password-reset",
            reset.user_id
        )
    };
    let idempotent = idempotency::created(&req, caller.user_id, &(), location)?;
    let outcome = account::issue_reset(
        &state.domain,
        &caller,
        org_id,
        member_id,
        idempotent.as_ref(),
    )
    .await?;
    Ok(idempotency::respond(outcome, |reset| {
        created_at(&location(&reset)).json(&reset)
    }))
}

/// Leave an organisation
///
/// The caller leaves the organisation: their memberships on its boards end and the boards they
/// created there pass to one of its admins. The last admin cannot leave.
#[utoipa::path(post, operation_id = "leaveOrganization", path = LEAVE, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)),
    responses((status = 204, description = "Left."),
    (status = 409, description = "The caller is the organisation's last admin (`last_org_admin`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn leave(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    organizations::leave(&state.domain, caller.user_id, path.into_inner()).await?;
    Ok(no_content())
}

/// Invite someone to an organisation
///
/// Invites an e-mail address (organisation admins only). The answer is the same for every
/// address, registered or not, in an organisation or not. The token, valid seven days, is in
/// this answer only: hand it to the invitee, who accepts while signed in with that address.
#[utoipa::path(post, operation_id = "createInvitation", path = INVITATIONS, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), IdempotencyKeyHeader), request_body = NewInvitation,
    responses((status = 201, body = CreatedInvitation, headers(("Location" = String, description = "The invitation's URL, `/api/v1/organizations/{org_id}/invitations/{invitation_id}`: there it is revoked (DELETE); it is read in the organisation's invitations list.")))))]
pub async fn invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(input): Json<NewInvitation>,
) -> ApiResult<HttpResponse> {
    let org_id = path.into_inner();
    let location = move |created: &CreatedInvitation| {
        format!("/organizations/{org_id}/invitations/{}", created.info.id)
    };
    let idempotent = idempotency::created(&req, caller.user_id, &input, location)?;
    let outcome = organizations::invite(
        &state.domain,
        caller.user_id,
        org_id,
        input,
        idempotent.as_ref(),
    )
    .await?;
    Ok(idempotency::respond(outcome, |created| {
        created_at(&location(&created)).json(&created)
    }))
}

/// List an organisation's invitations
///
/// The organisation's invitations, without their tokens (organisation admins only).
#[utoipa::path(get, operation_id = "listInvitations", path = INVITATIONS, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), PageParams), responses((status = 200, body = Page<Invitation>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn invitations(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let invitations = organizations::invitations(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &invitations))
}

/// Revoke an invitation
///
/// Revokes an invitation that has not been accepted (organisation admins only).
#[utoipa::path(delete, operation_id = "revokeInvitation", path = INVITATION, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("invitation_id" = i64, Path)),
    responses((status = 204, description = "Revoked."),
    (status = 404, description = "No such invitation of the organisation (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, invitation_id) = path.into_inner();
    organizations::revoke_invitation(&state.domain, caller.user_id, org_id, invitation_id).await?;
    Ok(no_content())
}

/// Read an invitation before accepting it
///
/// What an invitation made for the caller's e-mail address offers: the organisation (its id
/// and name) and the role, so the invitee sees what they join before accepting. Nothing
/// changes. The token travels in the body, not the URL, so it stays out of access logs. An
/// unknown, expired, revoked, used or someone else's token answers 422 with the field `token`,
/// as accepting it would.
#[utoipa::path(post, operation_id = "previewInvitation", path = PREVIEW, tag = "organizations", security(("bearer" = [])),
    request_body = AcceptInvitation, responses((status = 200, body = InvitationPreview),
    (status = 422, description = "The token is not a valid invitation for the caller (`validation_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn preview_invitation(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<AcceptInvitation>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&organizations::preview(
        &state.domain,
        caller.user_id,
        input,
    )
    .await?))
}

/// Accept an invitation
///
/// Accepts an invitation made for the caller's e-mail address: the caller joins its
/// organisation. An unknown, expired, revoked, used or someone else's token answers 422 with
/// the field `token`.
#[utoipa::path(post, operation_id = "acceptInvitation", path = ACCEPT, tag = "organizations", security(("bearer" = [])),
    request_body = AcceptInvitation, responses((status = 200, body = OrgMember),
    (status = 409, description = "The caller already belongs to an organisation (`already_in_organization`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "The token is not a valid invitation for the caller (`validation_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn accept(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<AcceptInvitation>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&organizations::accept(
        &state.domain,
        caller.user_id,
        input,
    )
    .await?))
}
