//! The titles of a board's tasks by id, read as a screen needs them: a list that names a few of
//! a big board's tasks reads only those; one that names many reads the board's task list a page
//! of 500 at a time, until it has them all. Either way the titles arrive together, so what shows
//! them is drawn again once, not once per title.

use std::collections::{BTreeSet, HashMap};

use budget_contract::page::MAX_PAGE_SIZE;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::text::text;

/// Up to this many titles are read one by one; more, through the task list.
const READ_ONE_BY_ONE: usize = 10;

/// Titles read so far on one screen; `None` while one is being read.
#[derive(Clone, Copy)]
pub struct TaskTitles {
    board_id: i64,
    known: RwSignal<HashMap<i64, Option<String>>>,
}

/// Which reads find `wanted` (ascending): each one, or the task list's pages.
#[derive(Debug, PartialEq, Eq)]
pub enum TitleReads {
    OneByOne,
    ListPages,
}

pub fn title_reads(wanted: usize) -> TitleReads {
    if wanted <= READ_ONE_BY_ONE {
        TitleReads::OneByOne
    } else {
        TitleReads::ListPages
    }
}

/// The title shown for a task that cannot be read (deleted since, say).
fn unreadable(task: i64) -> String {
    (text().tasks.unreadable_task)(task)
}

/// The titles of `wanted` (ascending ids), each one: its title, or [`unreadable`].
async fn read_titles(board_id: i64, wanted: &[i64]) -> Vec<(i64, String)> {
    let mut found: HashMap<i64, String> = HashMap::new();
    match title_reads(wanted.len()) {
        TitleReads::OneByOne => {
            for task in wanted {
                if let Ok(read) = api::task(board_id, *task).await {
                    found.insert(*task, read.title);
                }
            }
        }
        TitleReads::ListPages => {
            // Oldest first, by id: once a page passes the largest id wanted, the rest is not.
            let last = wanted.last().copied().unwrap_or_default();
            let mut page = api::tasks(board_id, MAX_PAGE_SIZE, None).await;
            while let Ok(read) = page {
                let passed = read.items.last().is_some_and(|task| task.id >= last);
                for task in read.items {
                    if wanted.binary_search(&task.id).is_ok() {
                        found.insert(task.id, task.title);
                    }
                }
                match read.next_cursor {
                    Some(cursor) if !passed => {
                        page = api::tasks(board_id, MAX_PAGE_SIZE, Some(&cursor)).await;
                    }
                    _ => break,
                }
            }
        }
    }
    wanted
        .iter()
        .map(|task| {
            let title = found.remove(task).unwrap_or_else(|| unreadable(*task));
            (*task, title)
        })
        .collect()
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
            .unwrap_or_else(|| text().tasks.title_pending.to_owned())
    }

    /// The ids of `tasks` neither read nor being read yet, ascending, marked as being read.
    fn claim(&self, tasks: impl IntoIterator<Item = i64>) -> Vec<i64> {
        let wanted: BTreeSet<i64> = tasks.into_iter().collect();
        let missing: Vec<i64> = self.known.with_untracked(|known| {
            wanted
                .into_iter()
                .filter(|task| !known.contains_key(task))
                .collect()
        });
        self.known.update_untracked(|known| {
            for task in &missing {
                known.insert(*task, None);
            }
        });
        missing
    }

    fn remember(&self, titles: Vec<(i64, String)>) {
        self.known.update(|known| {
            for (task, title) in titles {
                known.insert(task, Some(title));
            }
        });
    }

    /// Reads the titles of `tasks` not read nor being read yet (untracked).
    pub fn want(&self, tasks: impl IntoIterator<Item = i64>) {
        let missing = self.claim(tasks);
        if missing.is_empty() {
            return;
        }
        let titles = *self;
        spawn_local(async move {
            titles.remember(read_titles(titles.board_id, &missing).await);
        });
    }

    /// Reads the titles of `tasks` not read yet, and returns once they are known: for words
    /// written once, after the read (a saved scenario's changes, say).
    pub async fn load(&self, tasks: impl IntoIterator<Item = i64>) {
        let unread: BTreeSet<i64> = tasks.into_iter().collect();
        let unread: Vec<i64> = self.known.with_untracked(|known| {
            unread
                .into_iter()
                .filter(|task| !matches!(known.get(task), Some(Some(_))))
                .collect()
        });
        if !unread.is_empty() {
            self.remember(read_titles(self.board_id, &unread).await);
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

#[cfg(test)]
mod tests {
    use super::{title_reads, TitleReads};

    #[test]
    fn a_few_titles_are_read_one_by_one_and_many_through_the_list() {
        assert_eq!(title_reads(1), TitleReads::OneByOne);
        assert_eq!(title_reads(10), TitleReads::OneByOne);
        assert_eq!(title_reads(11), TitleReads::ListPages);
        assert_eq!(title_reads(242), TitleReads::ListPages);
    }
}
