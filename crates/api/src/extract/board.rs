//! The one board-access extractor: every board-scoped route takes a [`BoardScope`]
//! and so cannot run without an authenticated caller whose access to the board was checked.
//! The check itself runs in [`crate::auth::authenticate_first`], before the body is read.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use budget_domain::BoardAccess;

use crate::problem::ApiError;

/// The caller's proven access to the board named by the `{board_id}` path segment.
pub struct BoardScope(pub BoardAccess);

impl FromRequest for BoardScope {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<BoardAccess>()
                .cloned()
                .map(BoardScope)
                // Only a board path registered without a token guard (`Guard::Token` or
                // `Guard::UserLimited`) can get here.
                .ok_or_else(|| ApiError::not_found("no board in this path")),
        )
    }
}
