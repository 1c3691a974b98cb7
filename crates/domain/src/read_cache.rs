//! Answers computed from a board's data, reused while the board's data revision holds.
//!
//! Dashboards poll the metrics and read the forecast far more often than anyone logs time, and
//! each computation reads every task of the board (and the forecast resamples its history two
//! thousand times). The database raises `board_revision.version` in the same transaction as
//! every change to a board's inputs (migration `running_totals`), and the access check reads it
//! in the statement it runs anyway, so a stored answer is checked against the current revision
//! without another query. Keyed by revision rather than invalidated by the writer, each
//! server instance's cache stays correct behind a load balancer: a write through any instance
//! changes the revision every instance reads next.
//!
//! An answer stored under revision `r` was computed from data at least as new as `r` (the
//! revision is read first), so a reader never gets data older than the revision it saw.

use std::future::Future;
use std::sync::Arc;

use budget_contract::analytics::Analytics;
use budget_contract::forecast::Forecast;
use budget_contract::metrics::BudgetMetrics;
use chrono::NaiveDate;

use crate::access::BoardAccess;
use crate::error::DomainResult;
use crate::metrics::formulas::BoardTotals;

/// Boards whose answers are kept per kind; old revisions fall out as new ones arrive.
const CAPACITY: usize = 4_096;

/// What an answer was computed from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    board_id: i64,
    revision: i64,
    /// Answers depend on "today" (windows, elapsed time), so a new day is a new answer.
    as_of: NaiveDate,
    /// The request's own parameters (a window length, a history length, a date range), packed
    /// into one number by the caller.
    variant: u64,
}

impl Stamp {
    pub fn new(access: &BoardAccess, as_of: NaiveDate, variant: u64) -> Self {
        Self {
            board_id: access.board_id(),
            revision: access.data_revision,
            as_of,
            variant,
        }
    }
}

/// One kind of answer, by stamp. Concurrent misses for the same stamp compute once; the others
/// wait for that result.
pub struct Memo<V> {
    answers: quick_cache::sync::Cache<Stamp, Arc<V>>,
}

impl<V> Memo<V> {
    fn new() -> Self {
        Self {
            answers: quick_cache::sync::Cache::new(CAPACITY),
        }
    }

    /// The stored answer for `stamp`, or the one `compute` gives (stored unless it failed).
    pub async fn get_or_compute(
        &self,
        stamp: Stamp,
        compute: impl Future<Output = DomainResult<V>>,
    ) -> DomainResult<Arc<V>> {
        self.answers
            .get_or_insert_async(&stamp, async { compute.await.map(Arc::new) })
            .await
    }
}

/// The cached answers of one server process.
///
/// Everything kept here is computed only from rows whose changes raise the revision (tasks,
/// task costs, time entries, the budget, the board) plus the people's display names, which
/// nothing changes after registration; an endpoint that lets people rename themselves must
/// raise the revision of their boards too.
#[derive(Clone)]
pub struct ReadCache {
    pub metrics: Arc<Memo<BudgetMetrics>>,
    /// The aggregate behind metrics, analytics and ROI, by burn-window length.
    pub totals: Arc<Memo<BoardTotals>>,
    pub analytics: Arc<Memo<Analytics>>,
    pub forecast: Arc<Memo<Forecast>>,
}

impl Default for ReadCache {
    fn default() -> Self {
        Self {
            metrics: Arc::new(Memo::new()),
            totals: Arc::new(Memo::new()),
            analytics: Arc::new(Memo::new()),
            forecast: Arc::new(Memo::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn stamp(revision: i64) -> Stamp {
        Stamp {
            board_id: 7,
            revision,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            variant: 30,
        }
    }

    #[tokio::test]
    async fn an_answer_is_computed_once_per_revision() {
        let memo: Memo<i64> = Memo::new();
        let computed = AtomicUsize::new(0);
        let compute = |value: i64| {
            let computed = &computed;
            async move {
                computed.fetch_add(1, Ordering::SeqCst);
                Ok(value)
            }
        };
        assert_eq!(
            *memo.get_or_compute(stamp(1), compute(10)).await.unwrap(),
            10
        );
        assert_eq!(
            *memo.get_or_compute(stamp(1), compute(11)).await.unwrap(),
            10
        );
        assert_eq!(
            *memo.get_or_compute(stamp(2), compute(12)).await.unwrap(),
            12
        );
        assert_eq!(computed.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failure_is_not_kept() {
        let memo: Memo<i64> = Memo::new();
        let failed = memo
            .get_or_compute(stamp(1), async {
                Err(crate::error::DomainError::NotFound("budget"))
            })
            .await;
        assert!(failed.is_err());
        assert_eq!(
            *memo
                .get_or_compute(stamp(1), async { Ok(5) })
                .await
                .unwrap(),
            5
        );
    }
}
