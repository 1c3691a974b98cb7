//! The titles of a board's tasks by id, read as a screen needs them: a list that names a few of
//! a big board's tasks reads only those, once each, whatever the board's size.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// Titles read so far on one screen; `None` while one is being read.
#[derive(Clone, Copy)]
pub struct TaskTitles {
    board_id: i64,
    known: RwSignal<HashMap<i64, Option<String>>>,
}

impl TaskTitles {
    pub fn new(board_id: i64) -> Self {
        Self {
            board_id,
            known: RwSignal::new(HashMap::new()),
        }
    }

    /// The title of `task` (tracked): read from the API the first time it is asked for, `…`
    /// meanwhile, and `task #id` when it cannot be read (deleted since, say).
    pub fn title(&self, task: i64) -> String {
        self.want([task]);
        self.known
            .with(|known| known.get(&task).cloned().flatten())
            .unwrap_or_else(|| "…".to_owned())
    }

    /// Reads the titles of `tasks` not read nor being read yet (untracked).
    pub fn want(&self, tasks: impl IntoIterator<Item = i64>) {
        for task in tasks {
            if self.known.with_untracked(|known| known.contains_key(&task)) {
                continue;
            }
            // Marked as being read before the read starts, so it is asked for once.
            self.known.update_untracked(|known| {
                known.insert(task, None);
            });
            let (board_id, known) = (self.board_id, self.known);
            spawn_local(async move {
                let title = api::task(board_id, task)
                    .await
                    .map_or_else(|_| format!("task #{task}"), |found| found.title);
                known.update(|known| {
                    known.insert(task, Some(title));
                });
            });
        }
    }

    /// Reads the titles of `tasks` not read yet, and returns once they are known: for words
    /// written once, after the read (a saved scenario's changes, say).
    pub async fn load(&self, tasks: impl IntoIterator<Item = i64>) {
        for task in tasks {
            let read = self
                .known
                .with_untracked(|known| matches!(known.get(&task), Some(Some(_))));
            if read {
                continue;
            }
            let title = api::task(self.board_id, task)
                .await
                .map_or_else(|_| format!("task #{task}"), |found| found.title);
            self.known.update(|known| {
                known.insert(task, Some(title));
            });
        }
    }

    /// Every title read so far, by task id (tracked).
    pub fn known(&self) -> Vec<(i64, String)> {
        self.known.with(|known| {
            known
                .iter()
                .filter_map(|(task, title)| Some((*task, title.clone()?)))
                .collect()
        })
    }
}
