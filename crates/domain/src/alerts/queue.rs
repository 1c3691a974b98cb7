//! Coalesced evaluation: a committed change marks its board dirty in memory, and one background
//! task evaluates the dirty boards a short delay after the first mark, so that a burst of
//! writes to a board costs one evaluation. Nothing here is durable: a mark lost with the
//! process is caught by the periodic sweep.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

use crate::Domain;

/// The boards changed since their last evaluation.
#[derive(Clone, Default)]
pub struct DirtyBoards {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    boards: Mutex<BTreeSet<i64>>,
    changed: Notify,
}

impl DirtyBoards {
    /// Marks a board changed (after its change committed).
    pub fn mark(&self, board_id: i64) {
        let inserted = match self.inner.boards.lock() {
            Ok(mut boards) => boards.insert(board_id),
            // A panic while holding the lock leaves a set that is still a set.
            Err(poisoned) => poisoned.into_inner().insert(board_id),
        };
        if inserted {
            self.inner.changed.notify_one();
        }
    }

    /// Takes every marked board, leaving none.
    pub fn take(&self) -> Vec<i64> {
        let mut boards = match self.inner.boards.lock() {
            Ok(boards) => boards,
            Err(poisoned) => poisoned.into_inner(),
        };
        std::mem::take(&mut *boards).into_iter().collect()
    }

    /// Evaluates the marked boards for as long as the runtime runs: waits for a mark, lets
    /// `delay` pass (more marks gather meanwhile), then evaluates each marked board once.
    pub async fn run(self, domain: Domain, delay: Duration) {
        loop {
            self.inner.changed.notified().await;
            tokio::time::sleep(delay).await;
            for board_id in self.take() {
                if let Err(err) = super::evaluate_board(&domain, board_id).await {
                    tracing::warn!(board_id, error = %err, "evaluating the alert rules failed");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_marks_is_one_board_to_evaluate() {
        let dirty = DirtyBoards::default();
        for _ in 0..100 {
            dirty.mark(7);
        }
        dirty.mark(3);
        assert_eq!(dirty.take(), vec![3, 7]);
        assert!(dirty.take().is_empty());
    }
}
