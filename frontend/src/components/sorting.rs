//! Column headers that sort a table of tasks through the API (`TaskBreakdownSort`): which
//! order a click asks for, and how the header says the order in force.

use budget_contract::analytics::TaskBreakdownSort;
use leptos::prelude::*;

use crate::text::text;

/// The same column sorted the other way: `total` ↔ `-total`.
pub fn flipped(sort: TaskBreakdownSort) -> TaskBreakdownSort {
    let name = sort.as_str();
    let other = match name.strip_prefix('-') {
        Some(ascending) => ascending.to_owned(),
        None => format!("-{name}"),
    };
    other.parse().unwrap_or(sort)
}

/// The sort after a click on the header of the column whose ascending sort is `column`: the
/// same column flips direction; another starts A→Z for the title and largest first for figures
/// (the costliest tasks and the overruns are what people look for).
pub fn next_task_sort(current: TaskBreakdownSort, column: TaskBreakdownSort) -> TaskBreakdownSort {
    if current == column || flipped(current) == column {
        return flipped(current);
    }
    match column {
        TaskBreakdownSort::Title | TaskBreakdownSort::Id => column,
        _ => flipped(column),
    }
}

/// The `aria-sort` of the header of the column whose ascending sort is `column`.
pub fn task_aria_sort(current: TaskBreakdownSort, column: TaskBreakdownSort) -> &'static str {
    if current == column {
        "ascending"
    } else if flipped(current) == column {
        "descending"
    } else {
        "none"
    }
}

/// The header of a column sorted by `column` (its ascending sort): a button that asks for
/// [`next_task_sort`], with `aria-sort` and an arrow for the order in force.
#[component]
pub fn SortHeader(
    column: TaskBreakdownSort,
    label: &'static str,
    #[prop(optional)] numeric: bool,
    #[prop(into)] current: Signal<TaskBreakdownSort>,
    on_sort: Callback<TaskBreakdownSort>,
) -> impl IntoView {
    view! {
        <th scope="col" class:num=numeric aria-sort=move || task_aria_sort(current.get(), column)>
            <button
                type="button"
                class="sort"
                data-sort=column.as_str()
                on:click=move |_| on_sort.run(next_task_sort(current.get_untracked(), column))
            >
                {label}
                <span aria-hidden="true">
                    {move || match task_aria_sort(current.get(), column) {
                        "ascending" => " ▲",
                        "descending" => " ▼",
                        _ => "",
                    }}
                </span>
            </button>
        </th>
    }
}

/// "Tasks 51–100 of 5,000", Previous and Next under a paged table. `prefix` names the test
/// ids (`{prefix}-range`, `{prefix}-previous`, `{prefix}-next`).
#[component]
pub fn Pager(
    prefix: &'static str,
    /// Tasks before the page.
    skipped: u64,
    shown: usize,
    total: u64,
    has_previous: bool,
    has_next: bool,
    on_previous: Callback<()>,
    on_next: Callback<()>,
) -> impl IntoView {
    let words = &text().tasks;
    view! {
        <nav class="toolbar" aria-label=words.pages_label data-testid=format!("{prefix}s")>
            <span data-testid=format!("{prefix}-range") aria-live="polite">
                {page_range(skipped, shown, total)}
            </span>
            <span>
                <button
                    type="button"
                    class="button"
                    data-testid=format!("{prefix}-previous")
                    disabled=!has_previous
                    on:click=move |_| on_previous.run(())
                >
                    {words.previous_button}
                </button>
                " "
                <button
                    type="button"
                    class="button"
                    data-testid=format!("{prefix}-next")
                    disabled=!has_next
                    on:click=move |_| on_next.run(())
                >
                    {words.next_button}
                </button>
            </span>
        </nav>
    }
}

/// "Tasks 51–100 of 5,000"; "No tasks" when there are none.
pub fn page_range(skipped: u64, shown: usize, total: u64) -> String {
    let words = &text().tasks;
    if total == 0 {
        return words.no_tasks.to_owned();
    }
    (words.page_range)(
        &crate::format::count(skipped + 1),
        &crate::format::count(skipped + shown as u64),
        &crate::format::count(total),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_click_flips_its_column_or_starts_another_largest_first() {
        use TaskBreakdownSort as S;
        assert_eq!(flipped(S::Total), S::TotalDesc);
        assert_eq!(flipped(S::VariancePercentDesc), S::VariancePercent);
        assert_eq!(next_task_sort(S::TotalDesc, S::Total), S::Total);
        assert_eq!(next_task_sort(S::Total, S::Total), S::TotalDesc);
        assert_eq!(next_task_sort(S::TotalDesc, S::Variance), S::VarianceDesc);
        assert_eq!(next_task_sort(S::TotalDesc, S::Title), S::Title);
        assert_eq!(next_task_sort(S::Title, S::Title), S::TitleDesc);
        assert_eq!(task_aria_sort(S::TotalDesc, S::Total), "descending");
        assert_eq!(task_aria_sort(S::Hours, S::Hours), "ascending");
        assert_eq!(task_aria_sort(S::Hours, S::Total), "none");
    }

    #[test]
    fn the_range_of_a_page_counts_from_one() {
        assert_eq!(page_range(0, 25, 36), "Tasks 1–25 of 36");
        assert_eq!(page_range(4950, 50, 5000), "Tasks 4,951–5,000 of 5,000");
        assert_eq!(page_range(0, 0, 0), "No tasks");
    }
}
