//! Logging time on a task, and the check of hours and day that logging and editing an entry share.

use budget_contract::board::{BoardRole, Member};
use budget_contract::time_entry::NewTimeEntry;
use budget_contract::Decimal;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::{self, idempotency_key, ApiError};
use crate::components::{field_error_id, on_answer, Checkbox, FieldError, FormActions, TextField};
use crate::effects::effect;
use crate::format::{self, parse_date, parse_decimal};
use crate::requests::{Fetch, Submit};
use crate::session::{bump_refresh, use_session};
use crate::text::text;

/// The hours and the day of a time entry as typed: both are required, the hours a number and the
/// day a date (ranges are the server's to check); otherwise the errors beside both fields.
pub fn hours_and_day(hours: &str, day: &str) -> Result<(Decimal, NaiveDate), ApiError> {
    let words = &text().tasks;
    let mut problems = Vec::new();
    let hours = match parse_decimal(hours) {
        Ok(Some(value)) => Some(value),
        Ok(None) => {
            problems.push(("hours", words.required_message.to_owned()));
            None
        }
        Err(message) => {
            problems.push(("hours", message));
            None
        }
    };
    let day = parse_date(day);
    if day.is_none() {
        problems.push(("work_date", words.not_a_date_message.to_owned()));
    }
    match (hours, day) {
        (Some(hours), Some(day)) => Ok((hours, day)),
        _ => Err(ApiError::local(problems)),
    }
}

/// Logging time on the task: hours, the day (today by default), a description, billable.
#[component]
pub fn TimeForm(
    board_id: i64,
    task_id: i64,
    today: Signal<Option<NaiveDate>>,
    currency: Signal<Option<String>>,
    members: Fetch<Vec<Member>>,
    /// Whether the caller may log for others on this board (its admins, and its editors where
    /// it lets editors log for others).
    logs_for_others: Signal<bool>,
) -> impl IntoView {
    let words = &text().tasks;
    // Whom the time is for: the caller (None), or someone they may log for.
    let for_person = RwSignal::new(None::<i64>);
    let hours = RwSignal::new(String::new());
    let work_date = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let billable = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);
    // One key per intended entry: a retry after a lost answer is not logged twice.
    let pending_key = RwSignal::new(None::<String>);

    // Today (the server's) as the default day, once it is known.
    effect(move || {
        if let Some(today) = today.get() {
            if work_date.get_untracked().is_empty() {
                work_date.set(today.to_string());
            }
        }
    });

    let log = Submit::new(move |(input, key): &(NewTimeEntry, String)| {
        api::log_time(board_id, task_id, input, key)
    });
    // `saved` is cleared when the form is sent, so a failure leaves it cleared.
    on_answer(log, error, move |entry| {
        pending_key.set(None);
        hours.set(String::new());
        description.set(String::new());
        let code = currency.try_get_untracked().flatten();
        saved.set(Some((words.time_logged)(
            &format::hours(&entry.hours),
            &format::date(entry.work_date),
            &format::money(&entry.labour_cost, code.as_deref()),
            &format::money(&entry.billable_amount, code.as_deref()),
        )));
        bump_refresh();
    });

    // A changed entry is another entry: it gets a new idempotency key.
    let changed = Callback::new(move |()| pending_key.set(None));
    let latest_day = Signal::derive(move || today.get().map(|today| today.to_string()));

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let (hours_value, date_value) =
            match hours_and_day(&hours.get_untracked(), &work_date.get_untracked()) {
                Ok(entry) => entry,
                Err(invalid) => {
                    error.set(Some(invalid));
                    return;
                }
            };
        let text = description.get_untracked();
        let key = pending_key.get_untracked().unwrap_or_else(idempotency_key);
        pending_key.set(Some(key.clone()));
        log.dispatch((
            NewTimeEntry {
                hours: hours_value,
                work_date: date_value,
                description: (!text.trim().is_empty()).then(|| text.trim().to_owned()),
                is_billable: Some(billable.get_untracked()),
                user_id: for_person.get_untracked(),
            },
            key,
        ));
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    let me = use_session().user;
    // The people the caller may log for, when they may.
    let others = move || {
        let allowed = logs_for_others.get();
        let my_id = me.with(|me| me.as_ref().map(|me| me.id));
        let people: Vec<Member> = members
            .get()
            .and_then(Result::ok)?
            .into_iter()
            .filter(|m| m.role >= BoardRole::Editor && Some(m.user_id) != my_id)
            .collect();
        (allowed && !people.is_empty()).then_some(people)
    };
    let person_field = move || {
        others().map(|people| {
            let options = people
                .into_iter()
                .map(|m| {
                    let id = m.user_id;
                    view! {
                        <option value=id.to_string() selected=move || for_person.get() == Some(id)>
                            {m.display_name}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for="time-person">{words.for_label}</label>
                    <select
                        id="time-person"
                        data-testid="time-person"
                        aria-describedby=field_error_id("user_id")
                        on:change=move |event| {
                            for_person.set(event_target_value(&event).parse().ok());
                            changed.run(());
                        }
                    >
                        <option value="" selected=move || for_person.get().is_none()>{words.me}</option>
                        {options}
                    </select>
                    <FieldError field="user_id" error=error_signal />
                </div>
            }
        })
    };

    view! {
        <form class="form-grid" on:submit=submit novalidate=true data-testid="time-form">
            {person_field}
            <TextField
                id="time-hours"
                testid="time-hours"
                field="hours"
                value=hours
                error=error_signal
                inputmode="decimal"
                autocomplete="off"
                placeholder=words.hours_placeholder
                on_input=changed
            >
                {words.hours_label}
            </TextField>
            <TextField
                id="time-date"
                testid="time-date"
                field="work_date"
                value=work_date
                error=error_signal
                kind="date"
                max=latest_day
                on_input=changed
            >
                {words.date_label}
            </TextField>
            <TextField
                id="time-description"
                testid="time-description"
                field="description"
                value=description
                error=error_signal
                class="field field--wide"
                maxlength=500
                on_input=changed
            >
                {words.description_label}
            </TextField>
            <Checkbox id="time-billable" testid="time-billable" checked=billable on_change=changed>
                {words.billable_label}
            </Checkbox>
            <FormActions
                pending=log.pending()
                label=words.log_time_button
                pending_label=words.log_time_pending
                testid="time-submit"
                saved=saved
                error=error
            />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_needs_hours_and_a_day() {
        assert_eq!(
            hours_and_day("2.5", "2026-11-25"),
            Ok((
                Decimal::new(25, 1),
                NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
            ))
        );
        let error = hours_and_day("", "25/11/2026").unwrap_err();
        assert_eq!(error.field("hours").as_deref(), Some("is required"));
        assert_eq!(error.field("work_date").as_deref(), Some("must be a date"));
        let error = hours_and_day("lots", "2026-11-25").unwrap_err();
        assert!(error.field("hours").is_some());
        assert_eq!(error.field("work_date"), None);
    }
}
