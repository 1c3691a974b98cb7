//! Authentication at the edge: `Authorization: Bearer` carries either a session JWT or a
//! personal access token (`brt_…`); both become a [`Principal`]. Read-scoped tokens are held
//! to safe methods here, once, for every route.

pub mod jwt;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{header, Method, StatusCode};
use actix_web::{web, FromRequest, HttpRequest};
use budget_contract::auth::TokenScope;
use budget_domain::auth::tokens::{self, TOKEN_PREFIX};
use budget_domain::Principal;

use crate::problem::ApiError;
use crate::startup::AppState;

/// The authenticated caller of a route.
pub struct Caller(pub Principal);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await.map(Caller) })
    }
}

pub async fn authenticate(req: &HttpRequest) -> Result<Principal, ApiError> {
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "no state",
        )
    })?;
    let token = bearer_token(req)?;
    let principal = if token.starts_with(TOKEN_PREFIX) {
        tokens::authenticate(&state.domain, token).await?
    } else {
        let user_id = state.jwt.verify(token).ok_or_else(|| {
            ApiError::unauthenticated("the session token is invalid or has expired; sign in again")
        })?;
        Principal {
            user_id,
            scope: TokenScope::Write,
        }
    };
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if principal.scope == TokenScope::Read && !safe {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "this access token is read-only",
        ));
    }
    Ok(principal)
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
