//! Registration and sign-in: both answer with a session token.

use std::time::Instant;

use actix_web::{web, HttpResponse};
use budget_contract::auth::{LoginRequest, PasswordResetRequest, RegisterRequest, Session, User};
use budget_contract::limits::EMAIL_CHARS;
use budget_domain::auth::{account, users};
use budget_domain::DomainError;
use utoipa::OpenApi;

use super::{created_at, no_content, ok, resource, Guard};
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult};
use crate::state::AppState;

const REGISTER: &str = "/auth/register";
const LOGIN: &str = "/auth/login";
const PASSWORD_RESET: &str = "/auth/password-reset";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(register, login, reset_password))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(REGISTER, Guard::IpLimited).post(register))
        .service(resource(LOGIN, Guard::IpLimited).post(login))
        .service(resource(PASSWORD_RESET, Guard::IpLimited).post(reset_password));
}

/// A new session for `user` in their current session `epoch`.
pub(crate) fn session(state: &AppState, user: User, epoch: i64) -> ApiResult<Session> {
    let token = state
        .jwt
        .issue_in_epoch(user.id, epoch, state.domain.clock.now())
        .map_err(|err| ApiError::internal("cannot sign a session token", err))?;
    Ok(Session {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: state.jwt.ttl_secs,
        user,
    })
}

/// Register an account
///
/// Creates an account and signs it in.
#[utoipa::path(post, operation_id = "registerAccount", path = REGISTER, tag = "auth", security(), request_body = RegisterRequest,
    responses((status = 201, body = Session, headers(("Location" = String, description = "The new account's URL, `/api/v1/me`: read with the session in this answer."))),
        (status = 409, description = "The email is taken (`email_taken`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn register(
    state: web::Data<AppState>,
    Json(input): Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let user = users::register(&state.domain, input).await?;
    Ok(created_at("/me").json(session(&state, user, 0)?))
}

/// Sign in
///
/// Signs in with email and password. A wrong email and a wrong password look the same. After
/// a few failed sign-ins for one email, each further attempt for it must wait longer (429 with
/// `Retry-After`), whether or not an account has that email.
#[utoipa::path(post, operation_id = "signIn", path = LOGIN, tag = "auth", security(), request_body = LoginRequest,
    responses((status = 200, body = Session)))]
pub async fn login(
    state: web::Data<AppState>,
    Json(input): Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    // Keyed by the email as given (normalised, bounded), whether or not an account has it.
    let email_key: String = users::normalise_email(&input.email)
        .chars()
        .take(EMAIL_CHARS)
        .collect();
    let backoff = &state.limits.sign_in_backoff;
    if let Err(seconds) = backoff.check(&email_key, Instant::now()) {
        return Err(ApiError::rate_limited(
            format!("too many failed sign-ins for this email; retry in {seconds} s"),
            seconds,
        ));
    }
    match users::login(&state.domain, input).await {
        Ok((user, epoch)) => {
            backoff.succeeded(&email_key);
            Ok(ok(&session(&state, user, epoch)?))
        }
        Err(err) => {
            if matches!(err, DomainError::InvalidCredentials) {
                backoff.failed(&email_key, Instant::now());
            }
            Err(err.into())
        }
    }
}

/// Set a new password with a reset token
///
/// Sets a new password with a one-time reset token an organisation admin issued, without
/// signing in. Every session of the account ends and its personal access tokens are revoked.
/// An unknown, used or expired token answers 422 with the field `token`.
#[utoipa::path(post, operation_id = "resetPassword", path = PASSWORD_RESET, tag = "auth", security(), request_body = PasswordResetRequest,
    responses((status = 204, description = "The password is set; sign in with it."),
    (status = 422, description = "Invalid fields, or the token is unknown, used or expired (`validation_failed`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn reset_password(
    state: web::Data<AppState>,
    Json(input): Json<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    account::reset_password(&state.domain, input).await?;
    Ok(no_content())
}
