//! Cursor pagination: stable under inserts (unlike offsets), capped whatever the client asks.
//! Every page also tells how many items the whole list holds with the request's filters
//! (`total`), counted in the same read transaction as the page so the two agree.

use budget_contract::page::{Page, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use sea_orm::{DbErr, FromQueryResult, Statement};

use crate::db::Database;
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

    /// [`PageRequest::fetch`] as an SQL value.
    pub fn fetch_value(&self) -> i64 {
        i64::try_from(self.fetch()).unwrap_or(i64::MAX)
    }

    /// The page that `rows` (read with [`PageRequest::fetch`] as their limit) make in a list of
    /// `total` items: the look-ahead row is cut off, and when it was there the last kept row
    /// names the next page.
    pub fn page<T>(&self, rows: Vec<T>, total: u64, cursor_of: impl Fn(&T) -> String) -> Page<T> {
        let (items, next_cursor) = self.cut(rows, cursor_of);
        Page {
            items,
            total,
            next_cursor,
        }
    }

    /// The rows of the page and the cursor of the next one, for a reader that does not count
    /// the list (an export, reading page after page): see [`PageRequest::page`].
    pub fn cut<T>(
        &self,
        mut rows: Vec<T>,
        cursor_of: impl Fn(&T) -> String,
    ) -> (Vec<T>, Option<String>) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(cursor_of)
        } else {
            None
        };
        (rows, next_cursor)
    }
}

/// Reads one page of a list and the list's total in one read transaction, so that both see
/// the same rows. `filtered` is the list with the request's filters and neither cursor nor
/// limit: the total is how many rows it selects. `window` is the page itself: the same list
/// after the cursor, in its order, at most [`PageRequest::fetch`] rows.
pub async fn read<T: FromQueryResult>(
    db: &Database,
    filtered: Statement,
    window: Statement,
) -> DomainResult<(Vec<T>, u64)> {
    #[derive(FromQueryResult)]
    struct Total {
        total: i64,
    }
    let count = Statement {
        sql: format!("SELECT COUNT(*) AS total FROM ({}) listed", filtered.sql),
        ..filtered
    };
    let txn = db.begin_read().await?;
    let total = Total::find_by_statement(count)
        .one(&txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("a count returned no row".to_owned()))?
        .total;
    let rows = T::find_by_statement(window).all(&txn).await?;
    txn.commit().await?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
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

/// Cursor of lists ordered by id.
pub fn decode_id(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|id: &i64| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(limit: u64) -> PageRequest<i64> {
        PageRequest { limit, after: None }
    }

    #[test]
    fn a_look_ahead_row_is_cut_off_and_names_the_next_page() {
        let page = request(2).page(vec![1, 2, 3], 7, |n| n.to_string());
        assert_eq!(page.items, [1, 2]);
        assert_eq!(page.total, 7);
        assert_eq!(page.next_cursor.as_deref(), Some("2"));
    }

    #[test]
    fn the_last_page_has_no_next_cursor_and_keeps_the_total() {
        let page = request(2).page(vec![3], 3, |n| n.to_string());
        assert_eq!(page.items, [3]);
        assert_eq!(page.total, 3);
        assert_eq!(page.next_cursor, None);
        let empty = request(2).page(Vec::<i64>::new(), 0, |n| n.to_string());
        assert_eq!(
            (empty.items.len(), empty.total, empty.next_cursor),
            (0, 0, None)
        );
    }
}
