//! Today's forecast of a board is a pure function of its [`ForecastInput`]: the last outcome is
//! kept per board and history length with the input it came from, and the bootstrap runs again
//! only when a new input differs from it. A write that leaves every input as it was (a task's
//! title, a member, a comment, an estimate moved between two tasks) costs the forecast its
//! queries, not another 2,000 draws; the answer is the one the bootstrap gives that input, as
//! always.
//!
//! The runs are counted and timed, for monitoring (`/metrics`) and the benchmark.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::bootstrap::{forecast, ForecastInput, ForecastOutcome};

/// Boards × history lengths whose last outcome is kept; past it, every kept outcome is dropped
/// (each is a few hundred bytes plus its daily series).
const KEPT: usize = 4_096;

/// The bootstrap's runs and reuses so far, and the time the runs took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    pub runs: u64,
    pub reused: u64,
    pub run_nanos: u64,
}

type Kept = Arc<(ForecastInput, ForecastOutcome)>;

#[derive(Default)]
pub struct ForecastRuns {
    last: Mutex<HashMap<(i64, u32), Kept>>,
    runs: AtomicU64,
    reused: AtomicU64,
    run_nanos: AtomicU64,
}

impl ForecastRuns {
    /// The outcome of `input` for `board_id`'s forecast on `history_days` of history: the kept
    /// one when the input is the one it came from, else a new run (kept in its place).
    pub fn outcome(
        &self,
        board_id: i64,
        history_days: u32,
        input: &ForecastInput,
    ) -> ForecastOutcome {
        let key = (board_id, history_days);
        if let Some(kept) = self.kept(key) {
            if kept.0 == *input {
                self.reused.fetch_add(1, Ordering::Relaxed);
                return kept.1.clone();
            }
        }
        let started = Instant::now();
        let outcome = forecast(input);
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.runs.fetch_add(1, Ordering::Relaxed);
        self.run_nanos.fetch_add(nanos, Ordering::Relaxed);
        if let Ok(mut last) = self.last.lock() {
            if last.len() >= KEPT && !last.contains_key(&key) {
                last.clear();
            }
            last.insert(key, Arc::new((input.clone(), outcome.clone())));
        }
        outcome
    }

    fn kept(&self, key: (i64, u32)) -> Option<Kept> {
        self.last.lock().ok()?.get(&key).cloned()
    }

    pub fn stats(&self) -> RunStats {
        RunStats {
            runs: self.runs.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            run_nanos: self.run_nanos.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::bootstrap::{seed_for_board, Model, RESAMPLES};
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn input(daily: Vec<i64>, ac_cents: i64) -> ForecastInput {
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        ForecastInput {
            today,
            start: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 8, 31),
            daily_cents: daily,
            ac_cents,
            bac_cents: Some(5_000_000),
            planned_cents: 4_000_000,
            planned_before_cents: Some(4_000_000),
            planned_before_days: 15,
            ev: dec!(15000),
            resamples: RESAMPLES,
            seed: seed_for_board(7),
            model: Model::SERVICE,
            extra_costs: Vec::new(),
        }
    }

    #[test]
    fn an_unchanged_input_reuses_the_outcome_and_a_changed_one_runs_again() {
        let runs = ForecastRuns::default();
        let first = input(vec![60_000; 30], 1_800_000);
        let outcome = runs.outcome(7, 180, &first);
        assert_eq!(outcome, forecast(&first));
        assert_eq!(runs.outcome(7, 180, &first), outcome);
        assert_eq!(
            (runs.stats().runs, runs.stats().reused),
            (1, 1),
            "the same input is not run twice"
        );

        // A cent more today is another input: the bootstrap runs, and its answer is that input's.
        let mut changed = first.clone();
        *changed.daily_cents.last_mut().unwrap() += 1;
        changed.ac_cents += 1;
        assert_eq!(runs.outcome(7, 180, &changed), forecast(&changed));
        // Another history length or board is kept apart.
        runs.outcome(7, 30, &changed);
        runs.outcome(8, 180, &changed);
        let stats = runs.stats();
        assert_eq!((stats.runs, stats.reused), (4, 1));
        assert!(stats.run_nanos > 0);
    }
}
