//! The one board-access extractor (DESIGN §7): every board-scoped route takes a [`BoardScope`]
//! and so cannot forget to authenticate the caller or check their access to the board.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use budget_domain::access::board_access;
use budget_domain::BoardAccess;

use crate::auth::authenticate;
use crate::problem::ApiError;
use crate::startup::AppState;

/// The caller's proven access to the board named by the `{board_id}` path segment.
pub struct BoardScope(pub BoardAccess);

impl FromRequest for BoardScope {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let principal = authenticate(&req).await?;
            let board_id = req
                .match_info()
                .get("board_id")
                .and_then(|id| id.parse::<i64>().ok())
                .ok_or_else(|| ApiError::not_found("no such board path"))?;
            let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    "no state",
                )
            })?;
            let access = board_access(&state.domain, board_id, principal.user_id).await?;
            Ok(BoardScope(access))
        })
    }
}
