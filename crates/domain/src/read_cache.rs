//! Answers computed from a board's data, reused while the board's data revision holds.
//!
//! Dashboards poll the metrics, analytics and forecast far more often than anyone logs time,
//! and each computation reads every task of the board (and the forecast resamples its history
//! two thousand times). The database raises `board_revision.version` in the same transaction as
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

/// How much each kind keeps, in [`Weigh`] units (about one table row of an answer each): a
/// hard bound on the memory the cache can take, whatever the boards and queries.
const METRICS_WEIGHT: u64 = 4_096;
const TOTALS_WEIGHT: u64 = 4_096;
const FORECAST_WEIGHT: u64 = 4_096;
/// A board's scores weigh one unit per scored forecast (at most some 470 a board).
const CALIBRATION_WEIGHT: u64 = 200_000;
/// An analytics answer weighs one unit per task, trend day, assignee and overrun: 200,000 units
/// are some 40 boards of 5,000 tasks, about 60 MB.
const ANALYTICS_WEIGHT: u64 = 200_000;

/// What an answer was computed from, but for the data revision: the place where one answer at
/// a time is kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Slot {
    board_id: i64,
    /// Answers depend on "today" (windows, elapsed time), so a new day is a new answer.
    as_of: NaiveDate,
    /// The request's own length parameter (a burn window, a history length).
    days: u32,
    /// The request's date range, for answers that take one (analytics).
    range: Option<(NaiveDate, NaiveDate)>,
}

/// What an answer was computed from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    slot: Slot,
    revision: i64,
}

impl Stamp {
    pub fn new(access: &BoardAccess, as_of: NaiveDate, days: u32) -> Self {
        Self {
            slot: Slot {
                board_id: access.board_id(),
                as_of,
                days,
                range: None,
            },
            revision: access.data_revision,
        }
    }

    /// The stamp of an answer about `board_id` at data revision `revision` (for answers made
    /// for no caller, such as an organisation's view of its boards).
    pub fn for_board(board_id: i64, revision: i64, as_of: NaiveDate, days: u32) -> Self {
        Self {
            slot: Slot {
                board_id,
                as_of,
                days,
                range: None,
            },
            revision,
        }
    }

    /// The same, for an answer about the days `from..=to`.
    #[must_use]
    pub fn with_range(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.slot.range = Some((from, to));
        self
    }
}

/// The size of an answer in rows, for the cache's weight bound.
pub trait Weigh {
    fn weight(&self) -> u64;
}

impl Weigh for BudgetMetrics {
    fn weight(&self) -> u64 {
        1
    }
}

impl Weigh for BoardTotals {
    fn weight(&self) -> u64 {
        1
    }
}

impl Weigh for Forecast {
    fn weight(&self) -> u64 {
        1
    }
}

impl Weigh for Analytics {
    fn weight(&self) -> u64 {
        let rows = self.breakdown.assignees.len() + self.trend.len() + self.overruns.len();
        1 + rows as u64
    }
}

#[derive(Clone, Copy, Default)]
struct ByWeight;

impl<V: Weigh> quick_cache::Weighter<Stamp, Arc<V>> for ByWeight {
    fn weight(&self, _stamp: &Stamp, answer: &Arc<V>) -> u64 {
        answer.weight()
    }
}

/// One kind of answer, by stamp. Concurrent misses for the same stamp compute once; the others
/// wait for that result.
///
/// A reader is also served an answer of a newer revision of its slot, kept or being computed:
/// it was computed from data at least as new as the revision the reader saw, so it holds every
/// change committed before the reader's request. On a board being written to, where the
/// revision moves faster than an answer is computed, readers share the newest computation
/// instead of each computing the revision it happened to see.
pub struct Memo<V> {
    answers: quick_cache::sync::Cache<Stamp, Arc<V>, ByWeight>,
    /// The newest revision kept per slot. Every write makes a new revision, so without this the
    /// superseded answers would stay until the weight bound pushed them out, taking the room of
    /// answers still in use.
    newest: quick_cache::sync::Cache<Slot, i64>,
    /// The newest revision whose computation started, per slot (it may still be running).
    started: quick_cache::sync::Cache<Slot, i64>,
}

impl<V: Weigh> Memo<V> {
    fn new(weight_capacity: u64) -> Self {
        let slots = usize::try_from(weight_capacity)
            .unwrap_or(usize::MAX)
            .min(4_096);
        Self {
            answers: quick_cache::sync::Cache::with_weighter(slots, weight_capacity, ByWeight),
            newest: quick_cache::sync::Cache::new(slots),
            started: quick_cache::sync::Cache::new(slots),
        }
    }

    /// The stored answer for `stamp`, or the one `compute` gives (stored unless it failed).
    pub async fn get_or_compute(
        &self,
        stamp: Stamp,
        compute: impl Future<Output = DomainResult<V>>,
    ) -> DomainResult<Arc<V>> {
        if let Some(answer) = self.newer_than(&stamp).await {
            return Ok(answer);
        }
        if self
            .started
            .get(&stamp.slot)
            .is_none_or(|started| started < stamp.revision)
        {
            self.started.insert(stamp.slot.clone(), stamp.revision);
        }
        let answer = self
            .answers
            .get_or_insert_async(&stamp, async { compute.await.map(Arc::new) })
            .await?;
        self.retire_superseded(&stamp);
        Ok(answer)
    }

    /// The answer of the newest revision of `stamp`'s slot that is at least `stamp`'s, kept or
    /// (waited for) being computed; `None` when there is none, or its computation failed.
    async fn newer_than(&self, stamp: &Stamp) -> Option<Arc<V>> {
        let newer = |revision: i64| Stamp {
            slot: stamp.slot.clone(),
            revision,
        };
        if let Some(newest) = self.newest.get(&stamp.slot) {
            if newest >= stamp.revision {
                if let Some(answer) = self.answers.get(&newer(newest)) {
                    return Some(answer);
                }
            }
        }
        let started = self.started.get(&stamp.slot)?;
        if started < stamp.revision {
            return None;
        }
        // Joins the computation if it still runs; a guard means it ended without a kept
        // answer (failed, or already retired), and is dropped unused.
        self.answers
            .get_value_or_guard_async(&newer(started))
            .await
            .ok()
    }

    /// Drops the answer `stamp` replaces (or `stamp`'s own, if a newer one is already kept).
    /// Races between two revisions only leave an answer for the weight bound to evict; a
    /// reader is never served a wrong one, because its stamp names the revision it saw.
    fn retire_superseded(&self, stamp: &Stamp) {
        match self.newest.get(&stamp.slot) {
            Some(newest) if newest == stamp.revision => {}
            Some(newest) if newest > stamp.revision => {
                self.answers.remove(stamp);
            }
            newest => {
                if let Some(older) = newest {
                    self.answers.remove(&Stamp {
                        slot: stamp.slot.clone(),
                        revision: older,
                    });
                }
                self.newest.insert(stamp.slot.clone(), stamp.revision);
            }
        }
    }

    #[cfg(test)]
    fn kept(&self) -> usize {
        self.answers.len()
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
    /// A board's past forecasts scored against what happened (its calibration).
    pub calibration: Arc<Memo<crate::forecast::calibration::BoardScores>>,
    /// The boards whose forecast of the day is stored in the history already.
    pub kept_forecasts: Arc<crate::forecast::history::KeptDays>,
    /// Each board's last forecast input and outcome, so that an unchanged input is not run again.
    pub forecast_runs: Arc<crate::forecast::runs::ForecastRuns>,
}

impl Default for ReadCache {
    fn default() -> Self {
        Self {
            metrics: Arc::new(Memo::new(METRICS_WEIGHT)),
            totals: Arc::new(Memo::new(TOTALS_WEIGHT)),
            analytics: Arc::new(Memo::new(ANALYTICS_WEIGHT)),
            forecast: Arc::new(Memo::new(FORECAST_WEIGHT)),
            calibration: Arc::new(Memo::new(CALIBRATION_WEIGHT)),
            kept_forecasts: Arc::default(),
            forecast_runs: Arc::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Weigh for i64 {
        fn weight(&self) -> u64 {
            1
        }
    }
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::sync::oneshot;

    fn stamp(revision: i64) -> Stamp {
        Stamp {
            slot: Slot {
                board_id: 7,
                as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                days: 30,
                range: None,
            },
            revision,
        }
    }

    #[tokio::test]
    async fn an_answer_is_computed_once_per_revision() {
        let memo: Memo<i64> = Memo::new(16);
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
        let memo: Memo<i64> = Memo::new(16);
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

    #[tokio::test]
    async fn a_new_revision_replaces_the_answer_it_supersedes() {
        let memo: Memo<i64> = Memo::new(16);
        for revision in 1..=10 {
            memo.get_or_compute(stamp(revision), async move { Ok(revision) })
                .await
                .unwrap();
        }
        assert_eq!(memo.kept(), 1, "only the newest revision's answer is kept");
        // A reader that saw an older revision is served the newer answer, computing nothing.
        let late = memo
            .get_or_compute(stamp(4), async { Ok(40) })
            .await
            .unwrap();
        assert_eq!(*late, 10);
        assert_eq!(memo.kept(), 1);
        assert_eq!(
            *memo
                .get_or_compute(stamp(10), async { Ok(0) })
                .await
                .unwrap(),
            10
        );
    }

    #[tokio::test]
    async fn answers_for_different_ranges_are_kept_apart() {
        let memo: Memo<i64> = Memo::new(16);
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let first = stamp(1).with_range(day(1), day(20));
        let second = stamp(1).with_range(day(1), day(21));
        memo.get_or_compute(first.clone(), async { Ok(1) })
            .await
            .unwrap();
        memo.get_or_compute(second.clone(), async { Ok(2) })
            .await
            .unwrap();
        assert_eq!(
            *memo.get_or_compute(first, async { Ok(0) }).await.unwrap(),
            1
        );
        assert_eq!(
            *memo.get_or_compute(second, async { Ok(0) }).await.unwrap(),
            2
        );
        assert_eq!(
            *memo
                .get_or_compute(stamp(1), async { Ok(3) })
                .await
                .unwrap(),
            3
        );
    }

    #[tokio::test]
    async fn a_reader_waits_for_a_newer_revision_being_computed_but_never_an_older_one() {
        let memo: Arc<Memo<i64>> = Arc::new(Memo::new(16));
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let running = {
            let memo = Arc::clone(&memo);
            tokio::spawn(async move {
                memo.get_or_compute(stamp(5), async move {
                    released.await.ok();
                    Ok(50)
                })
                .await
            })
        };
        // Let the computation of revision 5 start.
        while memo.started.get(&stamp(5).slot).is_none() {
            tokio::task::yield_now().await;
        }
        // Revision 6 is newer than what is running: computed on its own, at once.
        let newer = memo
            .get_or_compute(stamp(6), async { Ok(60) })
            .await
            .unwrap();
        assert_eq!(*newer, 60);
        // Revision 3 is older: served revision 6's answer, kept by now.
        let older = memo
            .get_or_compute(stamp(3), async { Ok(30) })
            .await
            .unwrap();
        assert_eq!(*older, 60);
        release.send(()).unwrap();
        assert_eq!(*running.await.unwrap().unwrap(), 50);
    }

    type Answer = tokio::task::JoinHandle<DomainResult<Arc<i64>>>;

    /// Starts computing revision 5 (50), held until `release` says whether it succeeds, and
    /// returns once it has started.
    async fn newer_computation(memo: &Arc<Memo<i64>>) -> (oneshot::Sender<bool>, Answer) {
        let (release, released) = oneshot::channel::<bool>();
        let running = {
            let memo = Arc::clone(memo);
            tokio::spawn(async move {
                memo.get_or_compute(stamp(5), async move {
                    if released.await.unwrap_or(false) {
                        Ok(50)
                    } else {
                        Err(crate::error::DomainError::NotFound("budget"))
                    }
                })
                .await
            })
        };
        while memo.started.get(&stamp(5).slot).is_none() {
            tokio::task::yield_now().await;
        }
        (release, running)
    }

    /// A reader of revision 4, whose own computation (40) counts in `computed`; returns once it
    /// has had its turns (the test runtime runs one task at a time, each until it waits).
    async fn older_reader(memo: &Arc<Memo<i64>>, computed: &Arc<AtomicUsize>) -> Answer {
        let waiting = {
            let memo = Arc::clone(memo);
            let computed = Arc::clone(computed);
            tokio::spawn(async move {
                memo.get_or_compute(stamp(4), async move {
                    computed.fetch_add(1, Ordering::SeqCst);
                    Ok(40)
                })
                .await
            })
        };
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        waiting
    }

    #[tokio::test]
    async fn a_reader_joins_a_newer_computation_and_computes_itself_if_it_fails() {
        let memo: Arc<Memo<i64>> = Arc::new(Memo::new(16));
        let (release, running) = newer_computation(&memo).await;
        let computed = Arc::new(AtomicUsize::new(0));
        let waiting = older_reader(&memo, &computed).await;
        assert!(!waiting.is_finished(), "the reader waits for revision 5");
        assert_eq!(computed.load(Ordering::SeqCst), 0, "computing nothing");
        release.send(false).unwrap();
        assert!(running.await.unwrap().is_err());
        // The newer computation failed: the reader of revision 4 computed its own answer.
        assert_eq!(*waiting.await.unwrap().unwrap(), 40);
        assert_eq!(computed.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_reader_of_an_older_revision_is_given_the_newer_computations_answer() {
        let memo: Arc<Memo<i64>> = Arc::new(Memo::new(16));
        let (release, running) = newer_computation(&memo).await;
        let computed = Arc::new(AtomicUsize::new(0));
        let waiting = older_reader(&memo, &computed).await;
        assert!(!waiting.is_finished(), "the reader waits for revision 5");
        release.send(true).unwrap();
        assert_eq!(*running.await.unwrap().unwrap(), 50);
        assert_eq!(*waiting.await.unwrap().unwrap(), 50);
        assert_eq!(computed.load(Ordering::SeqCst), 0);
    }
}
