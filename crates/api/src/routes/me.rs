//! The caller's own account and personal access tokens.

use actix_web::{web, HttpResponse};
use budget_contract::auth::{ApiToken, CreatedApiToken, NewApiToken, User};
use budget_domain::auth::{tokens, users};
use utoipa::OpenApi;

use super::{created, no_content, ok, resource, Guard};
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::ApiResult;
use crate::state::AppState;

const ME: &str = "/me";
const TOKENS: &str = "/me/tokens";
const TOKEN: &str = "/me/tokens/{token_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(me, list_tokens, create_token, revoke_token))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(ME, Guard::Token).get(me))
        .service(
            resource(TOKENS, Guard::Token)
                .get(list_tokens)
                .post(create_token),
        )
        .service(resource(TOKEN, Guard::Token).delete(revoke_token));
}

#[utoipa::path(get, path = ME, tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = User)))]
pub async fn me(state: web::Data<AppState>, Caller(caller): Caller) -> ApiResult<HttpResponse> {
    Ok(ok(&users::get(&state.domain, caller.user_id).await?))
}

/// The caller's tokens (never the secrets).
#[utoipa::path(get, path = TOKENS, tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiToken>)))]
pub async fn list_tokens(
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    Ok(ok(&tokens::list(&state.domain, caller.user_id).await?))
}

/// Creates a personal access token. The token is in this response only.
#[utoipa::path(post, path = TOKENS, tag = "auth", security(("bearer" = [])),
    request_body = NewApiToken, responses((status = 201, body = CreatedApiToken)))]
pub async fn create_token(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    Json(input): Json<NewApiToken>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        &tokens::create(&state.domain, caller.user_id, input).await?,
    ))
}

/// Revokes a token at once; later requests with it get 401.
#[utoipa::path(delete, path = TOKEN, tag = "auth", security(("bearer" = [])),
    params(("token_id" = i64, Path)), responses((status = 204, description = "Revoked.")))]
pub async fn revoke_token(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    tokens::revoke(&state.domain, caller.user_id, path.into_inner()).await?;
    Ok(no_content())
}
