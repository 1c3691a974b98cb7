//! Cursor pagination shared by every list.

use serde::{Deserialize, Serialize};

/// One page of a list. Pass `next_cursor` back as `cursor` to read on; it is absent on the last
/// page (the answer's `Link: <…>; rel="next"` header names the same next page as a URL).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items the whole list holds with the request's filters, whatever the cursor and
    /// limit.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub total: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Items per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: u64 = 50;
/// The most items a page may hold, whatever the client asks.
pub const MAX_PAGE_SIZE: u64 = 500;

impl<T> Page<T> {
    /// The same page with each item turned into another type.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            next_cursor: self.next_cursor,
        }
    }
}
