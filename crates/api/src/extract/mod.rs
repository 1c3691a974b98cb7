//! Request extractors that turn HTTP into checked inputs, each failing as problem+json.

pub mod board;
pub mod idempotency;
pub mod json;
pub mod preconditions;
pub mod query;

pub use board::BoardScope;
pub use json::{BodyReadTimeout, Json};
pub use query::Query;
