//! The task table: one page of the board's tasks with their figures (the task breakdown), in
//! the order and with the filters of the screen's URL. The API filters, sorts and pages, so the
//! screen holds one page whatever the board's size; a search, a filter or a header click asks
//! for a new first page.

use std::collections::HashMap;

use budget_contract::analytics::{TaskBreakdown, TaskBreakdownSort};
use budget_contract::board::Member;
use budget_contract::page::Page;
use budget_contract::task::TaskStatus;
use budget_contract::{Decimal, Money};
use leptos::prelude::*;

use super::query::{Assignee, TaskQuery, TASKS_PER_PAGE};
use crate::api;
use crate::components::{read_view, Empty, Pager, SortHeader};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::session::use_refresh;
use crate::text::text;

#[component]
pub fn TaskTable(
    board_id: i64,
    query: Memo<TaskQuery>,
    go: Callback<TaskQuery>,
    members: Fetch<Vec<Member>>,
    currency: Signal<Option<String>>,
) -> impl IntoView {
    let words = &text().tasks;
    let refresh = use_refresh();
    // What the page depends on: opening a task's panel does not read the page again.
    let listing = Memo::new(move |_| {
        query.with(|view| (view.sort, view.filter(), view.cursor.clone(), view.skipped))
    });
    let page = Fetch::new(move || {
        refresh.track();
        let (sort, filter, cursor, _) = listing.get();
        async move {
            api::task_breakdown(board_id, sort, TASKS_PER_PAGE, cursor.as_deref(), filter).await
        }
    });
    // Where each page seen in this order and with these filters starts, by the tasks before
    // it: what "Previous" goes back to, however the page was reached (links, back, forward).
    let starts = RwSignal::new(HashMap::<u64, Option<String>>::new());
    let order = Memo::new(move |_| query.with(|view| (view.sort, view.filter())));
    Effect::new(
        move |previous: Option<(TaskBreakdownSort, api::BreakdownFilter)>| {
            let current = order.get();
            if previous.as_ref() != Some(&current) {
                starts.set(HashMap::new());
            }
            let (skipped, cursor) =
                listing.with(|(_, _, cursor, skipped)| (*skipped, cursor.clone()));
            starts.update(|starts| {
                starts.insert(skipped, cursor);
            });
            current
        },
    );

    let current_sort = Signal::derive(move || query.with(|view| view.sort));
    let on_sort = Callback::new(move |sort: TaskBreakdownSort| {
        go.run(TaskQuery {
            sort,
            ..query.get_untracked().first_page()
        });
    });
    let header = move |column: TaskBreakdownSort, label: &'static str, numeric: bool| {
        view! { <SortHeader column label numeric current=current_sort on_sort /> }
    };
    let selected = Memo::new(move |_| query.with(|view| view.task));

    let table = read_view(page, move |page: Page<TaskBreakdown>| {
        let view_now = query.get_untracked();
        if page.items.is_empty() {
            return if view_now.is_filtered() {
                view! {
                    <Empty message=words.no_match />
                    <button
                        type="button"
                        class="button"
                        data-testid="task-filters-clear"
                        on:click=move |_| go.run(TaskQuery {
                            sort: query.get_untracked().sort,
                            ..TaskQuery::default()
                        })
                    >
                        {words.clear_filters_button}
                    </button>
                }
                .into_any()
            } else {
                view! { <Empty message=words.empty_board /> }.into_any()
            };
        }
        let currency = currency.get_untracked();
        let rows = page
            .items
            .iter()
            .map(|task| task_row(task, currency.as_deref(), selected, query, go))
            .collect_view();
        let skipped = view_now.skipped;
        let shown = page.items.len();
        let next = page.next_cursor.clone();
        let has_next = next.is_some();
        let has_previous = view_now.cursor.is_some();
        let on_next = Callback::new(move |()| {
            if let Some(cursor) = next.clone() {
                let view = query.get_untracked();
                go.run(TaskQuery {
                    cursor: Some(cursor),
                    skipped: view.skipped + shown as u64,
                    task: None,
                    ..view
                });
            }
        });
        let on_previous = Callback::new(move |()| {
            let view = query.get_untracked();
            let before = view.skipped.saturating_sub(TASKS_PER_PAGE);
            let known = starts.with_untracked(|starts| starts.get(&before).cloned());
            go.run(match known {
                // A page seen before: the one before this.
                Some(cursor) if view.skipped > 0 => TaskQuery {
                    cursor,
                    skipped: before,
                    task: None,
                    ..view
                },
                // A page reached through a link: back to the first.
                _ => TaskQuery {
                    task: None,
                    ..view.first_page()
                },
            });
        });
        view! {
            <div class="table-wrap" tabindex="0">
                <table data-testid="tasks-table">
                    <caption class="visually-hidden">{words.table_caption}</caption>
                    <thead>
                        <tr>
                            {header(TaskBreakdownSort::Title, words.title_column, false)}
                            <th scope="col">{words.status_column}</th>
                            {header(TaskBreakdownSort::Estimated, words.estimated_column, true)}
                            {header(TaskBreakdownSort::Total, words.actual_column, true)}
                            {header(TaskBreakdownSort::Variance, words.variance_column, true)}
                            {header(TaskBreakdownSort::VariancePercent, words.variance_percent_column, true)}
                            {header(TaskBreakdownSort::Hours, words.hours_column, true)}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Pager
                prefix="tasks-page"
                skipped
                shown
                total=page.total
                has_previous
                has_next
                on_previous
                on_next
            />
        }
        .into_any()
    });

    view! {
        <TaskFilters query go members />
        {table}
    }
}

fn task_row(
    task: &TaskBreakdown,
    currency: Option<&str>,
    selected: Memo<Option<i64>>,
    query: Memo<TaskQuery>,
    go: Callback<TaskQuery>,
) -> impl IntoView {
    let id = task.task_id;
    let money = |value: Money| format::money(&value, currency);
    let overrun = task.variance.value() > Decimal::ZERO;
    view! {
        <tr
            data-testid="task-row"
            data-task-id=id
            class:selected=move || selected.get() == Some(id)
            class:over-budget=task.over_budget
        >
            <th scope="row">
                <button
                    type="button"
                    class="button button--link"
                    data-testid="task-select"
                    aria-pressed=move || (selected.get() == Some(id)).to_string()
                    // Only while the panel exists: a reference to no element is invalid.
                    aria-controls=move || selected.get().is_some().then_some("task-detail")
                    on:click=move |_| go.run(TaskQuery {
                        task: Some(id),
                        ..query.get_untracked()
                    })
                >
                    {task.title.clone()}
                </button>
            </th>
            <td>
                <span data-status=task.status.as_str()>{labels::task_status(task.status)}</span>
                <small class="muted">{format!(" {} %", task.progress)}</small>
            </td>
            <td class="num">{money(task.estimated)}</td>
            <td class="num">{money(task.total)}</td>
            <td class="num" class:negative=overrun>{money(task.variance)}</td>
            <td class="num">{format::percent(task.variance_percent.as_ref())}</td>
            <td class="num">{format::hours(&task.hours)}</td>
        </tr>
    }
}

/// The search box and the status and assignee filters. A search applies when submitted, a
/// filter when chosen; each starts again from the first page.
#[component]
fn TaskFilters(
    query: Memo<TaskQuery>,
    go: Callback<TaskQuery>,
    members: Fetch<Vec<Member>>,
) -> impl IntoView {
    let words = &text().tasks;
    let search = RwSignal::new(query.get_untracked().search);
    // Back, forward and links change the URL: the box follows.
    effect(move || search.set(query.with(|view| view.search.clone())));
    let apply = move |change: &dyn Fn(&mut TaskQuery)| {
        let mut view = query.get_untracked().first_page();
        view.task = None;
        change(&mut view);
        go.run(view);
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = search.get_untracked();
        apply(&|view| view.search = text.trim().to_owned());
    };
    let on_status = move |event: leptos::ev::Event| {
        let status = event_target_value(&event).parse::<TaskStatus>().ok();
        apply(&|view| view.status = status);
    };
    let on_assignee = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let assignee = if value.is_empty() {
            Assignee::Anyone
        } else {
            Assignee::from_param(&value)
        };
        apply(&|view| view.assignee = assignee);
    };
    let people = move || {
        let chosen = query.with(|view| view.assignee);
        members
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|member| {
                let id = member.user_id;
                view! {
                    <option value=id.to_string() selected=chosen == Assignee::Person(id)>
                        {member.display_name}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <form class="form-row" role="search" aria-label=words.filters_label on:submit=on_submit data-testid="task-filters">
            <div class="field field--grow">
                <label for="task-search">{words.search_label}</label>
                <input
                    id="task-search"
                    type="search"
                    data-testid="task-search"
                    maxlength="200"
                    prop:value=move || search.get()
                    on:input=move |event| search.set(event_target_value(&event))
                />
            </div>
            <div class="field">
                <label for="task-filter-status">{words.status_label}</label>
                <select id="task-filter-status" data-testid="task-filter-status" on:change=on_status>
                    <option value="" selected=move || query.with(|view| view.status.is_none())>{words.any_status}</option>
                    {TaskStatus::ALL
                        .iter()
                        .map(|status| {
                            let status = *status;
                            view! {
                                <option
                                    value=status.as_str()
                                    selected=move || query.with(|view| view.status == Some(status))
                                >
                                    {labels::task_status(status)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="task-filter-assignee">{words.assignee_label}</label>
                <select id="task-filter-assignee" data-testid="task-filter-assignee" on:change=on_assignee>
                    <option value="" selected=move || query.with(|view| view.assignee == Assignee::Anyone)>{words.anyone}</option>
                    <option value="none" selected=move || query.with(|view| view.assignee == Assignee::NoOne)>{words.no_one}</option>
                    {people}
                </select>
            </div>
            <div class="actions">
                <button type="submit" class="button" data-testid="task-search-submit">{words.search_button}</button>
            </div>
        </form>
    }
}
