//! A board's expenses, every task's together, the latest day first: each amount in the currency
//! it was spent in, and its cost and billable amount in the board's currency, narrowed by the
//! days incurred and a category and read fifty at a time. Recording and deleting stay on the
//! task screen, where an expense belongs to its task.

use budget_contract::expense::Expense;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, ExpenseFilter};
use crate::components::{
    joined_read_view, BoardHeading, BoardNav, Empty, ErrorNotice, FormError, TaskTitles, TextField,
};
use crate::effects::effect;
use crate::format::{self, parse_optional_date};
use crate::requests::Fetch;
use crate::routing::{use_url_view, UrlView};
use crate::session::use_refresh;
use crate::text::text;
use crate::url::QueryString;

/// The filter the form's text reads as: blank fields do not narrow; a date must be a date and
/// `from` not after `to`; the category is matched as typed, surrounding spaces ignored.
pub fn read_filter(from: &str, to: &str, category: &str) -> Result<ExpenseFilter, ApiError> {
    let mut problems = Vec::new();
    let from = parse_optional_date(from).unwrap_or_else(|message| {
        problems.push(("from", message));
        None
    });
    let to = parse_optional_date(to).unwrap_or_else(|message| {
        problems.push(("to", message));
        None
    });
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            problems.push(("to", text().expenses.to_before_from_message.to_owned()));
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::local(problems));
    }
    let category = category.trim();
    Ok(ExpenseFilter {
        from,
        to,
        category: (!category.is_empty()).then(|| category.to_owned()),
    })
}

/// The filter is kept in the screen's URL: `?from=…&to=…&category=…`.
impl UrlView for ExpenseFilter {
    fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        let date = |name: &str| param(name).and_then(|text| text.parse().ok());
        Self {
            from: date("from"),
            to: date("to"),
            category: param("category")
                .map(|text| text.trim().to_owned())
                .filter(|text| !text.is_empty()),
        }
    }

    fn to_search(&self) -> String {
        QueryString::new()
            .add("from", self.from)
            .add("to", self.to)
            .add("category", self.category.as_deref())
            .render()
    }
}

#[component]
pub fn ExpensesScreen(board_id: i64) -> impl IntoView {
    let words = &text().expenses;
    let refresh = use_refresh();
    let board = Fetch::new(move || api::board(board_id));
    let (filter, choose) = use_url_view::<ExpenseFilter>();
    let first_page = Fetch::new(move || {
        refresh.track();
        let filter = filter.get();
        api::board_expenses(board_id, &filter, None)
    });
    // The titles of the tasks the listed expenses are on, read as the rows need them.
    let titles = TaskTitles::new(board_id);

    // Pages read with "More", after the first; the cursor of the next one once any was read.
    let more = RwSignal::new(Vec::<Expense>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let more_error = RwSignal::new(None::<ApiError>);
    let loading_more = RwSignal::new(false);
    let forget_more = move || {
        more.set(Vec::new());
        more_cursor.set(None);
        more_error.set(None);
    };
    // A write anywhere in the app reads the list again from its first page.
    effect(move || {
        refresh.track();
        forget_more();
    });
    let load_more = move |cursor: String| {
        loading_more.set(true);
        spawn_local(async move {
            let filter = filter.get_untracked();
            match api::board_expenses(board_id, &filter, Some(&cursor)).await {
                Ok(page) => {
                    more.update(|expenses| expenses.extend(page.items));
                    more_cursor.set(Some(page.next_cursor));
                    more_error.set(None);
                }
                Err(error) => more_error.set(Some(error)),
            }
            loading_more.set(false);
        });
    };

    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    // The form follows the URL (links, back and forward), and a new filter reads from the
    // first page.
    effect(move || {
        let current = filter.get();
        from.set(current.from.map(|day| day.to_string()).unwrap_or_default());
        to.set(current.to.map(|day| day.to_string()).unwrap_or_default());
        category.set(current.category.unwrap_or_default());
        error.set(None);
        forget_more();
    });
    let apply = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match read_filter(
            &from.get_untracked(),
            &to.get_untracked(),
            &category.get_untracked(),
        ) {
            Ok(read) => choose.run(read),
            Err(invalid) => error.set(Some(invalid)),
        }
    };
    let clear = move |_| choose.run(ExpenseFilter::default());
    let error_signal: Signal<Option<ApiError>> = error.into();

    let list = joined_read_view(move || async move {
        let page = first_page.await?;
        Ok::<_, ApiError>(
            view! { <ExpenseTable page_items=page.items total=page.total first_cursor=page.next_cursor titles more more_cursor more_error loading_more load_more /> },
        )
    });

    view! {
        <section>
            <BoardHeading board section="expenses" />
            <BoardNav board_id />
            <section class="card">
                <h2>{words.heading}</h2>
                <p class="muted">{words.intro}</p>
                <form class="form-grid" on:submit=apply novalidate=true data-testid="expense-filters">
                    <TextField id="expenses-from" testid="expenses-from" field="from" value=from error=error_signal kind="date">
                        {words.from_label}
                    </TextField>
                    <TextField id="expenses-to" testid="expenses-to" field="to" value=to error=error_signal kind="date">
                        {words.to_label}
                    </TextField>
                    <TextField
                        id="expenses-category"
                        testid="expenses-category"
                        field="category"
                        value=category
                        error=error_signal
                        maxlength=60
                        placeholder=words.category_placeholder
                    >
                        {words.category_label}
                    </TextField>
                    <div class="actions">
                        <button type="submit" class="button button--primary" data-testid="expenses-apply">{words.show_button}</button>
                        " "
                        <button type="button" class="button" data-testid="expenses-clear" on:click=clear>
                            {words.clear_button}
                        </button>
                    </div>
                    <FormError error=error />
                </form>
                {list}
            </section>
        </section>
    }
}

/// The first page of expenses and those read with "More" after it.
#[component]
#[allow(clippy::too_many_arguments)]
fn ExpenseTable(
    page_items: Vec<Expense>,
    total: u64,
    first_cursor: Option<String>,
    titles: TaskTitles,
    more: RwSignal<Vec<Expense>>,
    more_cursor: RwSignal<Option<Option<String>>>,
    more_error: RwSignal<Option<ApiError>>,
    loading_more: RwSignal<bool>,
    load_more: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let words = &text().expenses;
    if page_items.is_empty() {
        return view! { <Empty message=words.empty /> }.into_any();
    }
    let title = move |task_id: i64| Signal::derive(move || titles.title(task_id));
    let next = move || more_cursor.get().unwrap_or_else(|| first_cursor.clone());
    view! {
        <p class="muted" data-testid="expenses-total">
            {(words.total)(total)}
        </p>
        <div class="table-wrap" tabindex="0">
            <table data-testid="board-expenses">
                <thead>
                    <tr>
                        <th scope="col">{words.date_column}</th>
                        <th scope="col">{words.task_column}</th>
                        <th scope="col">{words.category_column}</th>
                        <th scope="col" class="num">{words.amount_column}</th>
                        <th scope="col" class="num">{words.rate_column}</th>
                        <th scope="col" class="num">{words.cost_column}</th>
                        <th scope="col" class="num">{words.billable_column}</th>
                        <th scope="col">{words.note_column}</th>
                    </tr>
                </thead>
                <tbody>
                    {page_items
                        .into_iter()
                        .map(|expense| {
                            let task = title(expense.task_id);
                            view! { <ExpenseRow expense task /> }
                        })
                        .collect_view()}
                    {move || {
                        more.get()
                            .into_iter()
                            .map(|expense| {
                                let task = title(expense.task_id);
                                view! { <ExpenseRow expense task /> }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
        {move || more_error.get().map(|error| view! { <ErrorNotice error /> })}
        {move || {
            next()
                .map(|cursor| {
                    view! {
                        <button
                            type="button"
                            data-testid="expenses-more"
                            disabled=move || loading_more.get()
                            on:click=move |_| load_more(cursor.clone())
                        >
                            {move || if loading_more.get() { words.loading_more } else { words.more_button }}
                        </button>
                    }
                })
        }}
    }
    .into_any()
}

/// One expense: its amount in its own currency; cost and billable amount in the board's, with
/// the raw API values in `data-value` (a billable amount of an expense not billed is "not
/// billed").
#[component]
fn ExpenseRow(expense: Expense, #[prop(into)] task: Signal<String>) -> impl IntoView {
    let words = &text().expenses;
    let board_money =
        |value: &budget_contract::Money| format::money(value, Some(&expense.board_currency));
    let billable = if expense.is_billable {
        let markup = expense
            .markup_percent
            .map(|markup| format!(" (+{markup} %)"))
            .unwrap_or_default();
        format!("{}{markup}", board_money(&expense.billable_amount))
    } else {
        words.not_billed.to_owned()
    };
    view! {
        <tr data-testid="board-expense" data-expense-id=expense.id data-task-id=expense.task_id>
            <td>{format::date(expense.incurred_on)}</td>
            <td>{task}</td>
            <td>{expense.category.clone()}</td>
            <td class="num" data-testid="expense-amount" data-value=expense.amount.to_string() data-currency=expense.currency.clone()>
                {format::money(&expense.amount, Some(&expense.currency))}
            </td>
            <td class="num">
                {expense.exchange_rate.map_or_else(|| format::NONE.to_owned(), |rate| rate.to_string())}
            </td>
            <td class="num" data-testid="expense-cost" data-value=expense.cost.to_string()>
                {board_money(&expense.cost)}
            </td>
            <td class="num" data-testid="expense-billable" data-value=expense.billable_amount.to_string()>
                {billable}
            </td>
            <td>{expense.note.clone()}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn blank_filters_do_not_narrow_the_list() {
        assert_eq!(read_filter("", " ", "  "), Ok(ExpenseFilter::default()));
    }

    #[test]
    fn a_filter_reads_its_days_and_a_trimmed_category() {
        assert_eq!(
            read_filter("2026-11-01", "2026-11-25", " travel "),
            Ok(ExpenseFilter {
                from: NaiveDate::from_ymd_opt(2026, 11, 1),
                to: NaiveDate::from_ymd_opt(2026, 11, 25),
                category: Some("travel".to_owned()),
            })
        );
    }

    #[test]
    fn a_filter_refuses_text_that_is_not_a_date_and_days_out_of_order() {
        let error = read_filter("01/11/2026", "", "").unwrap_err();
        assert_eq!(error.field("from").as_deref(), Some("must be a date"));
        let error = read_filter("2026-11-25", "2026-11-01", "").unwrap_err();
        assert_eq!(
            error.field("to").as_deref(),
            Some("must not be before the first day")
        );
    }

    #[test]
    fn the_filter_survives_its_url() {
        use crate::routing::UrlView;
        let filter = read_filter("2026-11-01", "2026-11-25", " travel & food ").unwrap();
        assert_eq!(
            filter.to_search(),
            "?from=2026-11-01&to=2026-11-25&category=travel%20%26%20food"
        );
        let params = [
            ("from", "2026-11-01"),
            ("to", "2026-11-25"),
            ("category", "travel & food"),
        ];
        let read = ExpenseFilter::from_params(|name| {
            params
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        });
        assert_eq!(read, filter);
    }
}
