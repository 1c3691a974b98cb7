//! What the Tasks screen shows, kept in its URL: the order, the filters, the page and the open
//! task, so that a link, a reload, back and forward all open the same view.

use budget_contract::analytics::TaskBreakdownSort;
use budget_contract::task::TaskStatus;

use crate::api::BreakdownFilter;
use crate::url::QueryString;

/// Tasks a page of the table holds.
pub const TASKS_PER_PAGE: u64 = 50;

/// Whose tasks the table lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Assignee {
    #[default]
    Anyone,
    NoOne,
    Person(i64),
}

impl Assignee {
    /// The value in the URL and in the filter's select: absent, `none` or the person's id.
    pub fn as_param(self) -> Option<String> {
        match self {
            Self::Anyone => None,
            Self::NoOne => Some("none".to_owned()),
            Self::Person(id) => Some(id.to_string()),
        }
    }

    pub fn from_param(value: &str) -> Self {
        match value {
            "none" => Self::NoOne,
            id => id.parse().map_or(Self::Anyone, Self::Person),
        }
    }
}

/// The view of the Tasks screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskQuery {
    pub sort: TaskBreakdownSort,
    pub status: Option<TaskStatus>,
    pub assignee: Assignee,
    /// Text the titles contain; empty for every title.
    pub search: String,
    /// Where the page starts: `next_cursor` of the page before; none on the first page.
    pub cursor: Option<String>,
    /// How many tasks come before the page (shown as "Tasks 51–100 of …").
    pub skipped: u64,
    /// The task whose panel is open.
    pub task: Option<i64>,
}

impl Default for TaskQuery {
    fn default() -> Self {
        Self {
            sort: TaskBreakdownSort::Title,
            status: None,
            assignee: Assignee::Anyone,
            search: String::new(),
            cursor: None,
            skipped: 0,
            task: None,
        }
    }
}

impl TaskQuery {
    /// Reads the URL's parameters (`param(name)`); what is missing or unreadable is the
    /// default.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = Self::default();
        let cursor = param("cursor").filter(|cursor| !cursor.is_empty());
        Self {
            sort: param("sort")
                .and_then(|sort| sort.parse().ok())
                .unwrap_or(defaults.sort),
            status: param("status").and_then(|status| status.parse().ok()),
            assignee: param("assignee").map_or(Assignee::Anyone, |a| Assignee::from_param(&a)),
            search: param("q").unwrap_or_default(),
            skipped: if cursor.is_some() {
                param("start")
                    .and_then(|start| start.parse::<u64>().ok())
                    .map_or(0, |start| start.saturating_sub(1))
            } else {
                0
            },
            cursor,
            task: param("task").and_then(|task| task.parse().ok()),
        }
    }

    /// The query string of this view (the default order and empty filters left out).
    pub fn to_search(&self) -> String {
        let defaults = Self::default();
        QueryString::new()
            .add(
                "sort",
                (self.sort != defaults.sort).then(|| self.sort.as_str()),
            )
            .add("status", self.status.map(TaskStatus::as_str))
            .add("assignee", self.assignee.as_param())
            .add(
                "q",
                Some(self.search.trim()).filter(|text| !text.is_empty()),
            )
            .add("cursor", self.cursor.as_deref())
            .add("start", self.cursor.is_some().then_some(self.skipped + 1))
            .add("task", self.task)
            .render()
    }

    /// The same filters in another order, or other filters: from the first page.
    pub fn first_page(&self) -> Self {
        Self {
            cursor: None,
            skipped: 0,
            ..self.clone()
        }
    }

    /// The filters the API applies.
    pub fn filter(&self) -> BreakdownFilter {
        BreakdownFilter {
            status: self.status,
            assignee_id: match self.assignee {
                Assignee::Person(id) => Some(id),
                _ => None,
            },
            unassigned: self.assignee == Assignee::NoOne,
            search: Some(self.search.trim().to_owned()).filter(|text| !text.is_empty()),
        }
    }

    /// Whether any filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.status.is_some() || self.assignee != Assignee::Anyone || !self.search.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> TaskQuery {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        TaskQuery::from_params(|name| map.get(name).cloned())
    }

    #[test]
    fn an_empty_url_is_every_task_by_title_from_the_first_page() {
        assert_eq!(parse(&[]), TaskQuery::default());
        assert_eq!(TaskQuery::default().to_search(), "");
    }

    #[test]
    fn a_view_survives_the_round_trip_through_its_url() {
        let view = TaskQuery {
            sort: TaskBreakdownSort::TotalDesc,
            status: Some(TaskStatus::InProgress),
            assignee: Assignee::Person(7),
            search: "logo review".to_owned(),
            cursor: Some("-total~12~500".to_owned()),
            skipped: 50,
            task: Some(12),
        };
        let search = view.to_search();
        assert_eq!(
            search,
            "?sort=-total&status=in_progress&assignee=7&q=logo%20review&cursor=-total~12~500&start=51&task=12"
        );
        let pairs: Vec<(String, String)> = search[1..]
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), v.replace("%20", " "))
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(parse(&borrowed), view);
    }

    #[test]
    fn unreadable_parameters_fall_back_to_the_defaults() {
        let view = parse(&[
            ("sort", "cost"),
            ("status", "started"),
            ("assignee", "someone"),
            ("start", "51"),
            ("task", "x"),
        ]);
        assert_eq!(view, TaskQuery::default());
        assert_eq!(parse(&[("assignee", "none")]).assignee, Assignee::NoOne);
    }

    #[test]
    fn the_api_filter_names_no_one_as_unassigned_and_trims_the_search() {
        let view = TaskQuery {
            assignee: Assignee::NoOne,
            search: "  logo ".to_owned(),
            ..TaskQuery::default()
        };
        let filter = view.filter();
        assert!(filter.unassigned);
        assert_eq!(filter.assignee_id, None);
        assert_eq!(filter.search.as_deref(), Some("logo"));
        assert!(view.is_filtered());
        assert!(!TaskQuery::default().is_filtered());
        assert_eq!(TaskQuery::default().filter().search, None);
    }
}
