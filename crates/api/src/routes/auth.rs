//! Registration and sign-in: both answer with a session token.

use actix_web::{web, HttpResponse};
use budget_contract::auth::{LoginRequest, RegisterRequest, Session, User};
use budget_domain::auth::users;

use super::{created, ip_limited_resource, ok};
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult, ProblemCode};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(ip_limited_resource("/auth/register").post(register))
        .service(ip_limited_resource("/auth/login").post(login));
}

fn session(state: &AppState, user: User) -> ApiResult<Session> {
    let token = state
        .jwt
        .issue(user.id, state.domain.clock.now())
        .map_err(|err| {
            tracing::error!(error = %err, "cannot sign a session token");
            ApiError::new(
                actix_web::http::StatusCode::INTERNAL_SERVER_ERROR,
                ProblemCode::InternalError,
                "cannot issue a session token",
            )
        })?;
    Ok(Session {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: state.jwt.ttl_secs,
        user,
    })
}

/// Creates an account and signs it in.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = Session), (status = 409, description = "The email is taken (`email_taken`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn register(
    state: web::Data<AppState>,
    Json(input): Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let user = users::register(&state.domain, input).await?;
    Ok(created(&session(&state, user)?))
}

/// Signs in with email and password. A wrong email and a wrong password look the same.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Session)))]
pub async fn login(
    state: web::Data<AppState>,
    Json(input): Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let user = users::login(&state.domain, input).await?;
    Ok(ok(&session(&state, user)?))
}
