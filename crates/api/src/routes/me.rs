//! The caller's own account and personal access tokens.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::auth::{
    ApiToken, CreatedApiToken, NewApiToken, PasswordChange, Session, User,
};
use budget_contract::page::Page;
use budget_domain::auth::{account, tokens, users};
use utoipa::OpenApi;

use super::boards::PageParams;
use super::{created_at, no_content, ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::Json;
use crate::extract::Query;
use crate::problem::ApiResult;
use crate::state::AppState;

const ME: &str = "/me";
const TOKENS: &str = "/me/tokens";
const TOKEN: &str = "/me/tokens/{token_id}";
const PASSWORD: &str = "/me/password";
const SIGN_OUT_EVERYWHERE: &str = "/me/sign-out-everywhere";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(
    me,
    list_tokens,
    create_token,
    revoke_token,
    change_password,
    sign_out_everywhere
))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(ME, Guard::Token).get(me))
        .service(
            resource(TOKENS, Guard::Token)
                .get(list_tokens)
                .post(create_token),
        )
        .service(resource(TOKEN, Guard::Token).delete(revoke_token))
        .service(resource(PASSWORD, Guard::Token).post(change_password))
        .service(resource(SIGN_OUT_EVERYWHERE, Guard::Token).post(sign_out_everywhere));
}

/// Get the signed-in user
///
/// The account of the caller: who the token belongs to.
#[utoipa::path(get, operation_id = "getCurrentUser", path = ME, tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = User)))]
pub async fn me(state: web::Data<AppState>, Caller(caller): Caller) -> ApiResult<HttpResponse> {
    Ok(ok(&users::get(&state.domain, caller.user_id).await?))
}

/// List personal access tokens
///
/// The caller's tokens (never the secrets).
#[utoipa::path(get, operation_id = "listApiTokens", path = TOKENS, tag = "auth", security(("bearer" = [])),
    params(PageParams), responses((status = 200, body = Page<ApiToken>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_tokens(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Query(params): Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let tokens = tokens::list(
        &state.domain,
        caller.user_id,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &tokens))
}

/// Create a personal access token
///
/// Creates a personal access token. The token is in this response only. Only a signed-in
/// session may create one: a request with a personal access token gets 403 `session_required`.
#[utoipa::path(post, operation_id = "createApiToken", path = TOKENS, tag = "auth", security(("bearer" = [])),
    params(IdempotencyKeyHeader), request_body = NewApiToken,
    responses((status = 201, body = CreatedApiToken, headers(("Location" = String, description = "The token's URL, `/api/v1/me/tokens/{token_id}`: there it is revoked (DELETE); it is read in the caller's token list."))),
    (status = 403, description = "Sent with a personal access token (`session_required`) or a read-only one (`insufficient_scope`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<NewApiToken>,
) -> ApiResult<HttpResponse> {
    let location = |created: &CreatedApiToken| format!("/me/tokens/{}", created.info.id);
    let idempotent = idempotency::created(&req, caller.user_id, &input, location)?;
    let outcome = tokens::create(&state.domain, &caller, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |created| {
        created_at(&location(&created)).json(&created)
    }))
}

/// Revoke a personal access token
///
/// Revokes a token at once; later requests with it get 401.
#[utoipa::path(delete, operation_id = "revokeApiToken", path = TOKEN, tag = "auth", security(("bearer" = [])),
    params(("token_id" = i64, Path)), responses((status = 204, description = "Revoked.")))]
pub async fn revoke_token(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    tokens::revoke(&state.domain, caller.user_id, path.into_inner()).await?;
    Ok(no_content())
}

/// Change the caller's password
///
/// Changes the caller's password (the current one required). Every session issued before ends,
/// this one included; the answer is a new session. Needs a signed-in session.
#[utoipa::path(post, operation_id = "changePassword", path = PASSWORD, tag = "auth", security(("bearer" = [])),
    request_body = PasswordChange, responses((status = 200, body = Session),
    (status = 403, description = "Sent with a personal access token (`session_required`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "The current password is wrong or the new one too short (`validation_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn change_password(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<PasswordChange>,
) -> ApiResult<HttpResponse> {
    let (user, epoch) = account::change_password(&state.domain, &caller, input).await?;
    Ok(ok(&super::auth::session(&state, user, epoch)?))
}

/// End every session of the caller
///
/// Ends every session of the caller, this one included. Personal access tokens are not
/// sessions: revoke them one by one. Needs a signed-in session.
#[utoipa::path(post, operation_id = "signOutEverywhere", path = SIGN_OUT_EVERYWHERE, tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Every session has ended."),
    (status = 403, description = "Sent with a personal access token (`session_required`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    account::sign_out_everywhere(&state.domain, &caller).await?;
    Ok(no_content())
}
