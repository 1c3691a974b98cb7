//! Cursor pagination shared by every list.

use serde::{Deserialize, Serialize};

/// One page of a list. Pass `next_cursor` back as `cursor` to read on; it is absent on the last page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Items per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: u64 = 50;
/// The most items a page may hold, whatever the client asks.
pub const MAX_PAGE_SIZE: u64 = 500;
