//! The task table: each task joined with its figures from the task breakdown, sortable by
//! any column (the model is pure and unit-tested natively).

use std::cmp::Ordering;

use budget_contract::analytics::TaskBreakdown;
use budget_contract::page::Page;
use budget_contract::task::{Task, TaskStatus};
use budget_contract::{Decimal, Money, Percent};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::{read_view, Empty, Loading};
use crate::format;
use crate::labels;

/// A column the task table can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Title,
    Status,
    Estimated,
    Actual,
    Variance,
    VariancePercent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDirection {
    Ascending,
    Descending,
}

/// The sort in force: which column, which way.
pub type Sort = (SortKey, SortDirection);

/// One line of the task table: the task joined with its figures from the task breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub status: TaskStatus,
    pub progress: i32,
    pub estimated: Money,
    /// Total actual cost: labour + direct + resource.
    pub actual: Money,
    pub variance: Money,
    /// Null when nothing is estimated.
    pub variance_percent: Option<Percent>,
    pub over_budget: bool,
}

/// Joins the task list with the task breakdown (by task id). A task the breakdown does not
/// know yet (just created) shows zero cost and no variance percentage.
pub fn task_rows(tasks: &[Task], breakdown: &[TaskBreakdown]) -> Vec<TaskRow> {
    tasks
        .iter()
        .map(|task| {
            let figures = breakdown.iter().find(|row| row.task_id == task.id);
            TaskRow {
                id: task.id,
                title: task.title.clone(),
                status: task.status,
                progress: task.progress,
                estimated: figures.map_or(Money::ZERO, |row| row.estimated),
                actual: figures.map_or(Money::ZERO, |row| row.total),
                variance: figures.map_or(Money::ZERO, |row| row.variance),
                variance_percent: figures.and_then(|row| row.variance_percent),
                over_budget: figures.is_some_and(|row| row.over_budget),
            }
        })
        .collect()
}

fn status_rank(status: TaskStatus) -> u8 {
    match status {
        TaskStatus::Todo => 0,
        TaskStatus::InProgress => 1,
        TaskStatus::Done => 2,
    }
}

/// Sorts the rows in place. Titles compare without regard to case; statuses in workflow order
/// (to do, in progress, done). Rows without a variance percentage go last whichever the
/// direction, and ties keep a stable order by task id.
pub fn sort_rows(rows: &mut [TaskRow], (key, direction): Sort) {
    rows.sort_by(|a, b| {
        let ordering = match key {
            SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            SortKey::Status => status_rank(a.status).cmp(&status_rank(b.status)),
            SortKey::Estimated => a.estimated.cmp(&b.estimated),
            SortKey::Actual => a.actual.cmp(&b.actual),
            SortKey::Variance => a.variance.cmp(&b.variance),
            SortKey::VariancePercent => match (a.variance_percent, b.variance_percent) {
                (Some(a), Some(b)) => a.cmp(&b),
                // Absent values go last whatever the direction: decided before it applies.
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        let ordering = match direction {
            SortDirection::Ascending => ordering,
            SortDirection::Descending => ordering.reverse(),
        };
        ordering.then(a.id.cmp(&b.id))
    });
}

/// The sort after a click on a column header: the same column flips direction; a new column
/// starts A→Z for text and largest first for money (the overruns are what people look for).
pub fn next_sort((key, direction): Sort, clicked: SortKey) -> Sort {
    if key == clicked {
        let flipped = match direction {
            SortDirection::Ascending => SortDirection::Descending,
            SortDirection::Descending => SortDirection::Ascending,
        };
        return (key, flipped);
    }
    let direction = match clicked {
        SortKey::Title | SortKey::Status => SortDirection::Ascending,
        _ => SortDirection::Descending,
    };
    (clicked, direction)
}

/// The `aria-sort` of a column header.
pub fn aria_sort((key, direction): Sort, column: SortKey) -> &'static str {
    match (key == column, direction) {
        (false, _) => "none",
        (true, SortDirection::Ascending) => "ascending",
        (true, SortDirection::Descending) => "descending",
    }
}

fn sort_arrow(sort: Sort, column: SortKey) -> &'static str {
    match aria_sort(sort, column) {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    }
}

/// The task table: each task with its estimated and actual cost and the variance, sorted by the
/// column header last clicked; choosing a task's title opens it in `selected`.
#[component]
pub fn TaskTable(
    tasks: LocalResource<Result<Page<Task>, ApiError>>,
    figures: LocalResource<Result<Page<TaskBreakdown>, ApiError>>,
    currency: Signal<Option<String>>,
    selected: RwSignal<Option<(i64, String)>>,
) -> impl IntoView {
    let sort = RwSignal::new((SortKey::Title, SortDirection::Ascending));
    let selected_id =
        Memo::new(move |_| selected.with(|selected| selected.as_ref().map(|(id, _)| *id)));

    let header = move |column: SortKey, label: &'static str, numeric: bool| {
        view! {
            <th scope="col" class:num=numeric aria-sort=move || aria_sort(sort.get(), column)>
                <button
                    type="button"
                    class="sort"
                    data-sort=label
                    on:click=move |_| sort.update(|current| *current = next_sort(*current, column))
                >
                    {label}
                    <span aria-hidden="true">{move || sort_arrow(sort.get(), column)}</span>
                </button>
            </th>
        }
    };

    // The figures come from the task breakdown; their failure leaves the tasks listed with a
    // notice.
    read_view(tasks, move |task_page| {
        let Some(figures) = figures.get() else {
            return view! { <Loading /> }.into_any();
        };
        if task_page.items.is_empty() {
            return view! { <Empty message="No tasks on this board yet. Add the first one above." /> }
                .into_any();
        }
        let (breakdown, figures_error) = match figures {
            Ok(page) => (page.items, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        let mut rows = task_rows(&task_page.items, &breakdown);
        sort_rows(&mut rows, sort.get());
        let more = task_page.next_cursor.is_some();
        let currency = currency.get();
        let body = rows
            .into_iter()
            .map(|row| {
                let id = row.id;
                let money = |value: Money| format::money(&value, currency.as_deref());
                let overrun = row.variance.value() > Decimal::ZERO;
                view! {
                    <tr
                        data-testid="task-row"
                        data-task-id=id
                        class:selected=move || selected_id.get() == Some(id)
                        class:over-budget=row.over_budget
                    >
                        <th scope="row">
                            <button
                                type="button"
                                class="button button--link"
                                data-testid="task-select"
                                aria-pressed=move || (selected_id.get() == Some(id)).to_string()
                                // Only while the panel exists: a reference to no element is invalid.
                                aria-controls=move || selected_id.get().is_some().then_some("task-detail")
                                on:click={
                                    let title = row.title.clone();
                                    move |_| selected.set(Some((id, title.clone())))
                                }
                            >
                                {row.title.clone()}
                            </button>
                        </th>
                        <td>
                            <span data-status=row.status.as_str()>
                                {labels::task_status(row.status)}
                            </span>
                            <small class="muted">{format!(" {} %", row.progress)}</small>
                        </td>
                        <td class="num">{money(row.estimated)}</td>
                        <td class="num">{money(row.actual)}</td>
                        <td class="num" class:negative=overrun>
                            {money(row.variance)}
                        </td>
                        <td class="num">{format::percent(row.variance_percent.as_ref())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {figures_error.map(|error| view! {
                <p class="notice">"The cost figures could not be loaded: " {error.message}</p>
            })}
            <div class="table-wrap" tabindex="0">
                <table data-testid="tasks-table">
                    <caption class="visually-hidden">
                        "Tasks with estimated and actual cost. Column headers sort the table."
                    </caption>
                    <thead>
                        <tr>
                            {header(SortKey::Title, "Title", false)}
                            {header(SortKey::Status, "Status", false)}
                            {header(SortKey::Estimated, "Estimated", true)}
                            {header(SortKey::Actual, "Actual", true)}
                            {header(SortKey::Variance, "Variance", true)}
                            {header(SortKey::VariancePercent, "Variance %", true)}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {more.then(|| view! { <p class="muted">"Showing the first 500 tasks."</p> })}
        }
        .into_any()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::task::Priority;
    use chrono::{TimeZone, Utc};
    use std::str::FromStr;

    fn money(text: &str) -> Money {
        Money::new(Decimal::from_str(text).unwrap())
    }

    fn row(id: i64, title: &str, status: TaskStatus, estimated: &str, actual: &str) -> TaskRow {
        let estimated = money(estimated);
        let actual = money(actual);
        let variance = Money::new(actual.value() - estimated.value());
        let variance_percent = (!estimated.value().is_zero())
            .then(|| Percent::new(variance.value() / estimated.value() * Decimal::ONE_HUNDRED));
        TaskRow {
            id,
            title: title.to_owned(),
            status,
            progress: 0,
            estimated,
            actual,
            variance,
            variance_percent,
            over_budget: actual > estimated && !estimated.value().is_zero(),
        }
    }

    fn rows() -> Vec<TaskRow> {
        vec![
            row(1, "drafting", TaskStatus::Done, "1000", "1200"),
            row(2, "Build", TaskStatus::InProgress, "3000", "1500"),
            row(3, "analytics", TaskStatus::Todo, "0", "250"),
            row(4, "Copy", TaskStatus::InProgress, "500", "500"),
        ]
    }

    fn ids(rows: &[TaskRow]) -> Vec<i64> {
        rows.iter().map(|row| row.id).collect()
    }

    #[test]
    fn titles_sort_without_regard_to_case() {
        let mut rows = rows();
        sort_rows(&mut rows, (SortKey::Title, SortDirection::Ascending));
        assert_eq!(ids(&rows), vec![3, 2, 4, 1]);
        sort_rows(&mut rows, (SortKey::Title, SortDirection::Descending));
        assert_eq!(ids(&rows), vec![1, 4, 2, 3]);
    }

    #[test]
    fn statuses_sort_in_workflow_order_with_ties_by_id() {
        let mut rows = rows();
        sort_rows(&mut rows, (SortKey::Status, SortDirection::Ascending));
        assert_eq!(ids(&rows), vec![3, 2, 4, 1]);
        sort_rows(&mut rows, (SortKey::Status, SortDirection::Descending));
        // Ties (2 and 4, both in progress) stay in id order whichever the direction.
        assert_eq!(ids(&rows), vec![1, 2, 4, 3]);
    }

    #[test]
    fn money_columns_sort_by_exact_amount() {
        let mut rows = rows();
        sort_rows(&mut rows, (SortKey::Actual, SortDirection::Descending));
        assert_eq!(ids(&rows), vec![2, 1, 4, 3]);
        sort_rows(&mut rows, (SortKey::Variance, SortDirection::Descending));
        // +250 (no estimate), +200, 0, −1500.
        assert_eq!(ids(&rows), vec![3, 1, 4, 2]);
        sort_rows(&mut rows, (SortKey::Estimated, SortDirection::Ascending));
        assert_eq!(ids(&rows), vec![3, 4, 1, 2]);
    }

    #[test]
    fn rows_without_a_variance_percentage_go_last_both_ways() {
        let mut rows = rows();
        sort_rows(
            &mut rows,
            (SortKey::VariancePercent, SortDirection::Descending),
        );
        // +20 %, 0 %, −50 %, then the task without an estimate.
        assert_eq!(ids(&rows), vec![1, 4, 2, 3]);
        sort_rows(
            &mut rows,
            (SortKey::VariancePercent, SortDirection::Ascending),
        );
        assert_eq!(ids(&rows), vec![2, 4, 1, 3]);
    }

    #[test]
    fn clicking_a_header_flips_or_starts_a_sort() {
        let title_up = (SortKey::Title, SortDirection::Ascending);
        assert_eq!(
            next_sort(title_up, SortKey::Title),
            (SortKey::Title, SortDirection::Descending)
        );
        assert_eq!(
            next_sort(title_up, SortKey::Variance),
            (SortKey::Variance, SortDirection::Descending)
        );
        assert_eq!(
            next_sort(
                (SortKey::Variance, SortDirection::Descending),
                SortKey::Status
            ),
            (SortKey::Status, SortDirection::Ascending)
        );
        assert_eq!(aria_sort(title_up, SortKey::Title), "ascending");
        assert_eq!(aria_sort(title_up, SortKey::Actual), "none");
        assert_eq!(
            aria_sort(
                (SortKey::Actual, SortDirection::Descending),
                SortKey::Actual
            ),
            "descending"
        );
    }

    fn task(id: i64, title: &str) -> Task {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        Task {
            id,
            board_id: 1,
            title: title.to_owned(),
            status: TaskStatus::InProgress,
            progress: 40,
            priority: Priority::Medium,
            assignee_id: None,
            due_date: None,
            completed_at: None,
            created_at: at,
            updated_at: at,
            version: 1,
        }
    }

    #[test]
    fn rows_join_tasks_with_their_breakdown_and_default_to_zero() {
        let breakdown = TaskBreakdown {
            task_id: 7,
            title: "Build".to_owned(),
            status: TaskStatus::InProgress,
            assignee_id: None,
            progress: 40,
            estimated: money("1000"),
            labour: money("900"),
            direct: money("150"),
            resource: money("50"),
            total: money("1100"),
            variance: money("100"),
            variance_percent: Some(Percent::new(Decimal::from(10))),
            hours: budget_contract::Hours::new(Decimal::from(9)),
            over_budget: true,
            profitability: None,
        };
        let rows = task_rows(&[task(7, "Build"), task(8, "New")], &[breakdown]);
        assert_eq!(rows[0].actual, money("1100"));
        assert_eq!(rows[0].variance, money("100"));
        assert!(rows[0].over_budget);
        assert_eq!(rows[1].estimated, Money::ZERO);
        assert_eq!(rows[1].variance_percent, None);
        assert!(!rows[1].over_budget);
    }
}
