//! The caller's own account and personal access tokens.

use actix_web::{web, HttpResponse};
use budget_contract::auth::{ApiToken, CreatedApiToken, NewApiToken, User};
use budget_domain::auth::{tokens, users};

use super::{created, no_content, ok, resource};
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::ApiResult;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/me").get(me))
        .service(resource("/me/tokens").get(list_tokens).post(create_token))
        .service(resource("/me/tokens/{token_id}").delete(revoke_token));
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = User)))]
pub async fn me(state: web::Data<AppState>, Caller(caller): Caller) -> ApiResult<HttpResponse> {
    Ok(ok(&users::get(&state.domain, caller.user_id).await?))
}

/// The caller's tokens (never the secrets).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiToken>)))]
pub async fn list_tokens(
    state: web::Data<AppState>,
    Caller(caller): Caller,
) -> ApiResult<HttpResponse> {
    Ok(ok(&tokens::list(&state.domain, caller.user_id).await?))
}

/// Creates a personal access token. The token is in this response only.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "auth", security(("bearer" = [])),
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
#[utoipa::path(delete, path = "/api/v1/me/tokens/{token_id}", tag = "auth", security(("bearer" = [])),
    params(("token_id" = i64, Path)), responses((status = 204, description = "Revoked.")))]
pub async fn revoke_token(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    tokens::revoke(&state.domain, caller.user_id, path.into_inner()).await?;
    Ok(no_content())
}
