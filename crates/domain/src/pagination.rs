//! Cursor pagination: stable under inserts (unlike offsets), capped whatever the client asks.

use budget_contract::page::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

use crate::error::DomainResult;
use crate::validate::Checks;

/// A validated page request; `after` is the position the previous page ended at.
#[derive(Clone, Debug)]
pub struct PageRequest<C> {
    pub limit: u64,
    pub after: Option<C>,
}

impl<C> PageRequest<C> {
    /// Checks `limit` (1..=MAX_PAGE_SIZE) and decodes `cursor`, reporting both as field errors.
    pub fn parse(
        checks: &mut Checks,
        limit: Option<u64>,
        cursor: Option<&str>,
        decode: impl FnOnce(&str) -> Option<C>,
    ) -> Self {
        let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            checks.fail(
                "limit",
                "out_of_range",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            );
        }
        let after = match cursor {
            None => None,
            Some(raw) => {
                let decoded = decode(raw);
                if decoded.is_none() {
                    checks.fail("cursor", "invalid", "is not a cursor this list returned");
                }
                decoded
            }
        };
        Self {
            limit: limit.clamp(1, MAX_PAGE_SIZE),
            after,
        }
    }

    /// Rows to fetch: one more than the page, to learn whether another page follows.
    pub fn fetch(&self) -> u64 {
        self.limit + 1
    }
}

/// A page of a list ordered by id: `limit` and an id `cursor` checked, each failure a field
/// error of the answer.
pub fn by_id(limit: Option<u64>, cursor: Option<&str>) -> DomainResult<PageRequest<i64>> {
    let mut checks = Checks::new();
    let page = by_id_parse(&mut checks, limit, cursor);
    checks.finish()?;
    Ok(page)
}

/// [`by_id`] for a list with other filters: its failures join theirs.
pub fn by_id_parse(
    checks: &mut Checks,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> PageRequest<i64> {
    PageRequest::parse(checks, limit, cursor, decode_id)
}

/// Cuts the look-ahead row off and returns the cursor of the last kept row when more follow.
pub fn finish<T>(
    mut rows: Vec<T>,
    limit: u64,
    cursor_of: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(cursor_of);
        (rows, next)
    } else {
        (rows, None)
    }
}

/// Cursor of lists ordered by id.
pub fn decode_id(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|id: &i64| *id > 0)
}
