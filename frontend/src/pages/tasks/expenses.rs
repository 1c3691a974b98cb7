//! A task's expenses: a form to record one (in the board's currency or another, on a day, with a
//! markup when it is billed on) and the list of what was recorded, each with the cost and the
//! billable amount it was converted to, and deletable after a confirmation.

use budget_contract::expense::{Expense, NewExpense};
use budget_contract::{Decimal, Money};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::{self, idempotency_key, ApiError};
use crate::components::{
    on_answer, Checkbox, ConfirmDelete, Empty, FormActions, FormError, TextField,
};
use crate::effects::effect;
use crate::format::{self, parse_date, parse_decimal};
use crate::requests::Submit;
use crate::session::bump_refresh;
use crate::text::text;

/// What the form's text reads as: the amount and the day are required, the markup optional;
/// otherwise the errors beside the fields. Ranges are the server's to check.
pub fn amount_day_markup(
    amount: &str,
    day: &str,
    markup: &str,
) -> Result<(Decimal, NaiveDate, Option<Decimal>), ApiError> {
    let words = &text().tasks;
    let mut problems = Vec::new();
    let amount = match parse_decimal(amount) {
        Ok(Some(value)) => Some(value),
        Ok(None) => {
            problems.push(("amount", words.required_message.to_owned()));
            None
        }
        Err(message) => {
            problems.push(("amount", message));
            None
        }
    };
    let day = parse_date(day);
    if day.is_none() {
        problems.push(("incurred_on", words.not_a_date_message.to_owned()));
    }
    let markup = match parse_decimal(markup) {
        Ok(value) => value,
        Err(message) => {
            problems.push(("markup_percent", message));
            None
        }
    };
    match (amount, day) {
        (Some(amount), Some(day)) if problems.is_empty() => Ok((amount, day, markup)),
        _ => Err(ApiError::local(problems)),
    }
}

/// Recording an expense: category, amount, currency (blank: the board's), the day (today by
/// default), billable, markup and a note.
#[component]
pub fn ExpenseForm(
    board_id: i64,
    task_id: i64,
    today: Signal<Option<NaiveDate>>,
    currency: Signal<Option<String>>,
) -> impl IntoView {
    let words = &text().tasks;
    let category = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let expense_currency = RwSignal::new(String::new());
    let incurred_on = RwSignal::new(String::new());
    let markup = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let billable = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);
    // One key per intended expense: a retry after a lost answer is not recorded twice.
    let pending_key = RwSignal::new(None::<String>);

    effect(move || {
        if let Some(today) = today.get() {
            if incurred_on.get_untracked().is_empty() {
                incurred_on.set(today.to_string());
            }
        }
    });

    let record = Submit::new(move |(input, key): &(NewExpense, String)| {
        api::create_expense(board_id, task_id, input, key)
    });
    on_answer(record, error, move |expense| {
        pending_key.set(None);
        category.set(String::new());
        amount.set(String::new());
        note.set(String::new());
        saved.set(Some((words.expense_recorded)(
            &expense.amount.to_string(),
            &expense.currency,
            &format::date(expense.incurred_on),
            &format::money(&expense.cost, Some(&expense.board_currency)),
        )));
        bump_refresh();
    });

    let changed = Callback::new(move |()| pending_key.set(None));
    let latest_day = Signal::derive(move || today.get().map(|today| today.to_string()));

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let (amount_value, day, markup_value) = match amount_day_markup(
            &amount.get_untracked(),
            &incurred_on.get_untracked(),
            &markup.get_untracked(),
        ) {
            Ok(read) => read,
            Err(invalid) => {
                error.set(Some(invalid));
                return;
            }
        };
        let code = expense_currency.get_untracked();
        let text = note.get_untracked();
        let key = pending_key.get_untracked().unwrap_or_else(idempotency_key);
        pending_key.set(Some(key.clone()));
        record.dispatch((
            NewExpense {
                category: category.get_untracked().trim().to_owned(),
                amount: amount_value,
                currency: (!code.trim().is_empty()).then(|| code.trim().to_uppercase()),
                incurred_on: Some(day),
                is_billable: Some(billable.get_untracked()),
                markup_percent: markup_value,
                note: (!text.trim().is_empty()).then(|| text.trim().to_owned()),
            },
            key,
        ));
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    let board_currency = move || currency.get().unwrap_or_default();

    view! {
        <form class="form-grid" on:submit=submit novalidate=true data-testid="expense-form">
            <TextField
                id="expense-category"
                testid="expense-category"
                field="category"
                value=category
                error=error_signal
                maxlength=60
                placeholder=words.category_placeholder
                on_input=changed
            >
                {words.category_label}
            </TextField>
            <TextField
                id="expense-amount"
                testid="expense-amount"
                field="amount"
                value=amount
                error=error_signal
                inputmode="decimal"
                autocomplete="off"
                on_input=changed
            >
                {words.amount_label}
            </TextField>
            <TextField
                id="expense-currency"
                testid="expense-currency"
                field="currency"
                value=expense_currency
                error=error_signal
                maxlength=3
                autocomplete="off"
                on_input=changed
            >
                {words.currency_label}
                <small class="muted">{move || (words.currency_blank)(&board_currency())}</small>
            </TextField>
            <TextField
                id="expense-date"
                testid="expense-date"
                field="incurred_on"
                value=incurred_on
                error=error_signal
                kind="date"
                max=latest_day
                on_input=changed
            >
                {words.incurred_on_label}
            </TextField>
            <TextField
                id="expense-markup"
                testid="expense-markup"
                field="markup_percent"
                value=markup
                error=error_signal
                inputmode="decimal"
                autocomplete="off"
                on_input=changed
            >
                {words.markup_label}
            </TextField>
            <TextField
                id="expense-note"
                testid="expense-note"
                field="note"
                value=note
                error=error_signal
                class="field field--wide"
                maxlength=2000
                on_input=changed
            >
                {words.note_label}
            </TextField>
            <Checkbox id="expense-billable" testid="expense-billable" checked=billable on_change=changed>
                {words.billable_label}
            </Checkbox>
            <FormActions
                pending=record.pending()
                label=words.record_expense_button
                pending_label=words.record_expense_pending
                testid="expense-submit"
                saved=saved
                error=error
            />
        </form>
    }
}

/// The task's expenses, the latest day first.
#[component]
pub fn ExpenseList(expenses: Vec<Expense>) -> impl IntoView {
    let words = &text().tasks;
    if expenses.is_empty() {
        return view! { <Empty message=words.expenses_empty /> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid="expenses">
                <thead>
                    <tr>
                        <th scope="col">{words.date_column}</th>
                        <th scope="col">{words.category_column}</th>
                        <th scope="col" class="num">{words.amount_column}</th>
                        <th scope="col" class="num">{words.rate_column}</th>
                        <th scope="col" class="num">{words.cost_column}</th>
                        <th scope="col" class="num">{words.billable_column}</th>
                        <th scope="col">{words.note_column}</th>
                        <th scope="col">{words.actions_column}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || expenses.clone()
                        key=|expense| (expense.id, expense.version)
                        children=move |expense| view! { <ExpenseRow expense=expense /> }
                    />
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One expense, deleted after a confirmation.
#[component]
fn ExpenseRow(expense: Expense) -> impl IntoView {
    let words = &text().tasks;
    let expense_id = expense.id;
    let version = expense.version;
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let remove = Submit::new(move |_: &()| async move {
        match api::delete_expense(expense_id, version).await {
            Ok(()) => {
                error.set(None);
                bump_refresh();
            }
            Err(failure) => {
                confirming.set(false);
                error.set(Some(failure));
            }
        }
    });
    let board_money = |value: &Money| format::money(value, Some(&expense.board_currency));
    let billable = if expense.is_billable {
        let markup = expense
            .markup_percent
            .map(|m| format!(" (+{} %)", m))
            .unwrap_or_default();
        format!("{}{markup}", board_money(&expense.billable_amount))
    } else {
        words.not_billed.to_owned()
    };
    view! {
        <tr data-testid="expense-row" data-expense-id=expense_id>
            <td>{format::date(expense.incurred_on)}</td>
            <td>{expense.category.clone()}</td>
            <td class="num">{format!("{} {}", expense.amount, expense.currency)}</td>
            <td class="num">{expense.exchange_rate.map(|rate| rate.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
            <td class="num">{board_money(&expense.cost)}</td>
            <td class="num">{billable}</td>
            <td>{expense.note.clone()}</td>
            <td class="actions">
                <ConfirmDelete
                    question=words.delete_expense_confirm
                    testid="expense"
                    confirming=confirming
                    pending=remove.pending()
                    on_confirm=move |()| {
                        remove.dispatch(());
                    }
                />
                <FormError error=error />
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expense_needs_an_amount_and_a_day_and_may_have_a_markup() {
        assert_eq!(
            amount_day_markup("12345", "2026-11-20", "15"),
            Ok((
                Decimal::new(12345, 0),
                NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                Some(Decimal::new(15, 0))
            ))
        );
        assert_eq!(
            amount_day_markup("20.50", "2026-11-20", ""),
            Ok((
                Decimal::new(2050, 2),
                NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                None
            ))
        );
        let error = amount_day_markup("", "20/11/2026", "lots").unwrap_err();
        assert_eq!(error.field("amount").as_deref(), Some("is required"));
        assert_eq!(
            error.field("incurred_on").as_deref(),
            Some("must be a date")
        );
        assert!(error.field("markup_percent").is_some());
    }
}
