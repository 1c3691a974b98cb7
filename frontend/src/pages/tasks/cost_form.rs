//! The form of a task's cost figures: estimate, resource cost, the task's own hourly rate, when
//! the resource cost was incurred, and re-rating the time already logged. The direct cost is the
//! sum of the task's expenses, shown here and changed through them.

use budget_contract::task_cost::{TaskCost, TaskCostInput};
use budget_contract::{Decimal, Money};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{on_answer, Checkbox, FormActions, TextField};
use crate::format::{parse_decimal, parse_optional_date};
use crate::requests::Submit;
use crate::session::bump_refresh;
use crate::text::text;

/// A money amount typed into a form, for a request: blank means zero.
fn amount_or_zero(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map(Option::unwrap_or_default)
}

/// The task's cost figures (PUT replaces them all; blank amounts are zero, a blank rate means
/// no task rate).
#[component]
pub fn CostForm(
    board_id: i64,
    task_id: i64,
    initial: TaskCost,
    currency: Signal<Option<String>>,
) -> impl IntoView {
    let words = &text().tasks;
    let text = |value: Money| value.to_string();
    let estimated_cost = RwSignal::new(text(initial.estimated_cost));
    let estimated_hours = RwSignal::new(initial.estimated_hours.to_string());
    let direct = RwSignal::new(text(initial.actual_cost));
    let resource = RwSignal::new(text(initial.resource_cost));
    let rate = RwSignal::new(initial.hourly_rate.map(text).unwrap_or_default());
    let incurred_on = RwSignal::new(
        initial
            .incurred_on
            .map(|date| date.to_string())
            .unwrap_or_default(),
    );
    let reprice = RwSignal::new(false);
    // The version the form was read at, sent back as If-Match: a concurrent save is refused.
    let version = RwSignal::new(initial.version);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);

    let save = Submit::new(move |input: &TaskCostInput| {
        api::save_task_cost(board_id, task_id, version.get_untracked(), input)
    });
    // `saved` is cleared when the form is sent, so a failure leaves it cleared.
    on_answer(save, error, move |cost| {
        version.set(cost.version);
        direct.set(cost.actual_cost.to_string());
        reprice.set(false);
        let message = cost
            .repriced_entries
            .map_or_else(|| words.costs_saved.to_owned(), words.costs_saved_repriced);
        saved.set(Some(message));
        bump_refresh();
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let mut problems = Vec::new();
        let mut amount = |field: &'static str, value: String| match amount_or_zero(&value) {
            Ok(amount) => amount,
            Err(message) => {
                problems.push((field, message));
                Decimal::ZERO
            }
        };
        let estimated_cost_value = amount("estimated_cost", estimated_cost.get_untracked());
        let estimated_hours_value = amount("estimated_hours", estimated_hours.get_untracked());
        let resource_value = amount("resource_cost", resource.get_untracked());
        let rate_value = match parse_decimal(&rate.get_untracked()) {
            Ok(rate) => rate,
            Err(message) => {
                problems.push(("hourly_rate", message));
                None
            }
        };
        let incurred_value = match parse_optional_date(&incurred_on.get_untracked()) {
            Ok(date) => date,
            Err(message) => {
                problems.push(("incurred_on", message));
                None
            }
        };
        if !problems.is_empty() {
            error.set(Some(ApiError::local(problems)));
            return;
        }
        save.dispatch(TaskCostInput {
            estimated_cost: estimated_cost_value,
            estimated_hours: estimated_hours_value,
            actual_cost: None,
            hourly_rate: rate_value,
            resource_cost: resource_value,
            incurred_on: incurred_value,
            reprice_existing_entries: reprice.get_untracked(),
        });
    };

    let error_signal: Signal<Option<ApiError>> = error.into();
    let unit = move || currency.get().unwrap_or_default();
    // An amount (or hours): its id and test id are `cost-{id}`.
    let field = move |id: &'static str,
                      label: &'static str,
                      api_field: &'static str,
                      value: RwSignal<String>,
                      with_unit: bool| {
        let input_id = format!("cost-{id}");
        view! {
            <TextField
                id=input_id.clone()
                testid=input_id
                field=api_field
                value
                error=error_signal
                inputmode="decimal"
                autocomplete="off"
            >
                {label}
                {with_unit.then(|| view! {
                    <small class="muted">{move || (words.currency_unit)(&unit())}</small>
                })}
            </TextField>
        }
    };

    view! {
        <form class="form-grid" on:submit=submit novalidate=true data-testid="cost-form">
            {field("estimated", words.estimated_cost_label, "estimated_cost", estimated_cost, true)}
            {field("hours", words.estimated_hours_label, "estimated_hours", estimated_hours, false)}
            <p class="muted" data-testid="cost-direct">
                {move || (words.direct_cost)(&direct.get(), &unit())}
            </p>
            {field("resource", words.resource_cost_label, "resource_cost", resource, true)}
            {field("rate", words.task_rate_label, "hourly_rate", rate, true)}
            <TextField
                id="cost-incurred"
                testid="cost-incurred"
                field="incurred_on"
                value=incurred_on
                error=error_signal
                kind="date"
            >
                {words.resource_incurred_label}
            </TextField>
            <Checkbox id="cost-reprice" testid="cost-reprice" checked=reprice>
                {words.reprice_label}
            </Checkbox>
            <FormActions
                pending=save.pending()
                label=words.save_costs_button
                pending_label=words.saving
                testid="cost-submit"
                saved=saved
                error=error
            />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn blank_amounts_are_zero_and_words_are_refused() {
        assert_eq!(amount_or_zero(""), Ok(Decimal::ZERO));
        assert_eq!(
            amount_or_zero("12.5"),
            Ok(Decimal::from_str("12.5").unwrap())
        );
        assert!(amount_or_zero("twelve").is_err());
    }
}
