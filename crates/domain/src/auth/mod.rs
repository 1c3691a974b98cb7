//! Who is calling: accounts with argon2 passwords, and personal access tokens for scripts.
//! Session JWTs are minted and checked by the API layer; both end up as a [`Principal`].

pub mod password;
pub mod tokens;
pub mod users;

use budget_contract::auth::TokenScope;

/// An authenticated caller. `scope` is `Write` for sessions; personal access tokens carry the
/// scope they were created with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub scope: TokenScope,
}
