//! Who is calling: accounts with argon2 passwords, and personal access tokens for scripts.
//! Session JWTs are minted and checked by the API layer; both end up as a [`Principal`].

pub mod account;
pub mod password;
pub mod tokens;
pub mod users;

use budget_contract::auth::TokenScope;

use budget_contract::problem::ProblemCode;

use crate::error::{DomainError, DomainResult};

/// An authenticated caller. `scope` is `Write` for sessions; personal access tokens carry the
/// scope they were created with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub scope: TokenScope,
    /// True for a signed-in session, false for a personal access token.
    pub session: bool,
}

impl Principal {
    /// Account changes (a new access token, a new password, ending sessions) need a session:
    /// a personal access token, which may have leaked into a script, cannot make itself
    /// permanent or lock its owner out.
    pub fn require_session(&self) -> DomainResult<()> {
        if self.session {
            Ok(())
        } else {
            Err(DomainError::forbidden(
                ProblemCode::SessionRequired,
                "this needs a signed-in session; a personal access token cannot do it",
            ))
        }
    }
}
