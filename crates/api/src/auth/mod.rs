//! Authentication at the edge: `Authorization: Bearer` carries either a session JWT or a
//! personal access token (`brt_…`); both become a [`Principal`]. Read-scoped tokens are held
//! to safe methods here, once, for every route.

pub mod jwt;

use std::future::{ready, Ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use budget_contract::auth::TokenScope;
use budget_domain::access::board_access;
use budget_domain::auth::account;
use budget_domain::auth::tokens::{self, TOKEN_PREFIX};
use budget_domain::Principal;

use crate::problem::{ApiError, ProblemCode};
use crate::state::AppState;

/// The authenticated caller of a route, as established by [`authenticate_first`].
pub struct Caller(pub Principal);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Principal>()
                .copied()
                .map(Caller)
                .ok_or_else(|| ApiError::unauthenticated("this route needs a token")),
        )
    }
}

/// Middleware on every protected resource: authenticates the caller and, on board routes,
/// settles their access to the board — before any extractor reads the body. actix-web runs a
/// handler's extractors concurrently, so without this a refused caller could be told about
/// their body (415, 413, 422) instead of their credentials (401, 403), and an outsider could
/// learn something about a board they may not see.
pub async fn authenticate_first(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let (principal, epoch) = match credential(req.request()).await {
        Ok(found) => found,
        Err(err) => return Ok(req.error_response(err).map_into_right_body()),
    };
    req.extensions_mut().insert(principal);
    let board_id = req.match_info().get("board_id").map(str::to_owned);
    let checked = match board_id {
        // Off board paths the session's epoch costs a query of its own.
        None => match epoch {
            Some(epoch) => check_epoch(req.request(), principal.user_id, epoch, None).await,
            None => Ok(()),
        },
        Some(raw) => {
            let access = match raw.parse::<i64>() {
                Ok(board_id) => match state(req.request()) {
                    Ok(state) => board_access(&state.domain, board_id, principal.user_id)
                        .await
                        .map_err(ApiError::from),
                    Err(err) => Err(err),
                },
                Err(_) => Err(ApiError::not_found("no such board path")),
            };
            match (access, epoch) {
                // On board paths the access query read the epoch too.
                (Ok(access), Some(epoch)) => check_epoch(
                    req.request(),
                    principal.user_id,
                    epoch,
                    Some(access.session_epoch),
                )
                .await
                .map(|()| {
                    req.extensions_mut().insert(access);
                }),
                (Ok(access), None) => {
                    req.extensions_mut().insert(access);
                    Ok(())
                }
                // A session that has ended hears so before anything about the board.
                (Err(refusal), Some(epoch)) => {
                    check_epoch(req.request(), principal.user_id, epoch, None)
                        .await
                        .and(Err(refusal))
                }
                (Err(refusal), None) => Err(refusal),
            }
        }
    };
    if let Err(err) = checked {
        return Ok(req.error_response(err).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// Refuses a session issued before the account's current epoch, or whose account is gone.
/// `known` is the account's epoch when the caller has already read it.
async fn check_epoch(
    req: &HttpRequest,
    user_id: i64,
    epoch: i64,
    known: Option<Option<i64>>,
) -> Result<(), ApiError> {
    let current = match known {
        Some(current) => current,
        None => account::session_epoch(&state(req)?.domain, user_id).await?,
    };
    match current {
        Some(current) if current <= epoch => Ok(()),
        Some(_) => Err(ApiError::unauthenticated(
            "this session has ended (password changed or signed out everywhere); sign in again",
        )),
        None => Err(ApiError::unauthenticated("the account no longer exists")),
    }
}

/// The app's state, which every app this crate builds carries.
pub fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("reading the app state", "the app has no state"))
}

/// The caller, with the session epoch their session token carries (none for an access token),
/// not yet checked against the account's.
async fn credential(req: &HttpRequest) -> Result<(Principal, Option<i64>), ApiError> {
    let state = state(req)?;
    let token = bearer_token(req)?;
    let (principal, epoch) = if token.starts_with(TOKEN_PREFIX) {
        (tokens::authenticate(&state.domain, token).await?, None)
    } else {
        let (user_id, epoch) = state.jwt.verify_session(token).ok_or_else(|| {
            ApiError::unauthenticated("the session token is invalid or has expired; sign in again")
        })?;
        let principal = Principal {
            user_id,
            scope: TokenScope::Write,
            session: true,
        };
        (principal, Some(epoch))
    };
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if principal.scope == TokenScope::Read && !safe {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ProblemCode::InsufficientScope,
            "this access token is read-only",
        ));
    }
    Ok((principal, epoch))
}

fn bearer_token(req: &HttpRequest) -> Result<&str, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthenticated("send `Authorization: Bearer <token>`"))?;
    value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            ApiError::unauthenticated("the Authorization header must be `Bearer <token>`")
        })
}
