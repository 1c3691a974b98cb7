//! A task's time entries, each shown, edited in place or deleted after a confirmation.

use budget_contract::time_entry::{TimeEntry, TimeEntryPatch};
use budget_contract::Money;
use chrono::NaiveDate;
use leptos::prelude::*;

use super::time_form::hours_and_day;
use crate::api::{self, ApiError};
use crate::components::{on_answer, Checkbox, FormError, TextField};
use crate::effects::effect;
use crate::format;
use crate::requests::Submit;
use crate::session::bump_refresh;
use crate::text::text;

/// What a row of the entries table is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowMode {
    Showing,
    Editing,
    ConfirmingDelete,
}

/// One time entry: shown, edited in place (PATCH) or deleted after a confirmation.
#[component]
pub fn EntryRow(
    entry: TimeEntry,
    who: String,
    currency: Signal<Option<String>>,
    today: Signal<Option<NaiveDate>>,
) -> impl IntoView {
    let words = &text().tasks;
    let entry_id = entry.id;
    // The version the row was read at, sent back as If-Match: a concurrent edit is refused.
    let version = RwSignal::new(entry.version);
    let mode = RwSignal::new(RowMode::Showing);
    let hours = RwSignal::new(entry.hours.to_string());
    let work_date = RwSignal::new(entry.work_date.to_string());
    let description = RwSignal::new(entry.description.clone());
    let billable = RwSignal::new(entry.is_billable);
    let error = RwSignal::new(None::<ApiError>);

    let update = Submit::new(move |patch: &TimeEntryPatch| {
        api::update_time_entry(entry_id, version.get_untracked(), patch)
    });
    on_answer(update, error, move |updated| {
        version.set(updated.version);
        mode.set(RowMode::Showing);
        bump_refresh();
    });
    let remove = Submit::new(move |_: &()| async move {
        match api::delete_time_entry(entry_id, version.get_untracked()).await {
            Ok(()) => {
                error.set(None);
                bump_refresh();
            }
            Err(failure) => {
                mode.set(RowMode::Showing);
                error.set(Some(failure));
            }
        }
    });

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (hours_value, date_value) =
            match hours_and_day(&hours.get_untracked(), &work_date.get_untracked()) {
                Ok(entry) => entry,
                Err(invalid) => {
                    error.set(Some(invalid));
                    return;
                }
            };
        update.dispatch(TimeEntryPatch {
            hours: Some(hours_value),
            work_date: Some(date_value),
            description: Some(description.get_untracked()),
            is_billable: Some(billable.get_untracked()),
        });
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    let money = move |value: Money| format::money(&value, currency.get().as_deref());
    let rate = entry.hourly_rate;
    // A rate is in its own currency (the board's when the entry names none); amounts are in
    // the board's currency.
    let rate_currency = entry.rate_currency.clone();
    let labour = entry.labour_cost;
    let billable_amount = entry.billable_amount;
    // Absent when the caller may not see the rate of a billed entry.
    let billable_rate = match entry.billable_rate {
        Some(rate) => {
            let code = entry.billable_rate_currency.clone();
            Some((words.billed_at)(&format::money(&rate, code.as_deref())))
        }
        None if billable_amount.value().is_zero() => Some(words.no_billable_rate.to_owned()),
        None => None,
    };
    let shown = entry.clone();
    let edit_id = format!("entry-{entry_id}");
    // Leaving the editor or the confirmation puts the focus back on the button that opened it.
    let back_from = RwSignal::new(None::<RowMode>);
    let leave = move || {
        back_from.set(Some(mode.get_untracked()));
        error.set(None);
        mode.set(RowMode::Showing);
    };

    view! {
        <tr
            data-testid="time-entry-row"
            data-entry-id=entry_id
            on:keydown=move |event| {
                // Escape leaves editing or the delete confirmation.
                if event.key() == "Escape" && mode.get_untracked() != RowMode::Showing {
                    leave();
                }
            }
        >
            {move || match mode.get() {
                RowMode::Editing => {
                    let edit_id = edit_id.clone();
                    let hours_input = NodeRef::<leptos::html::Input>::new();
                    effect(move || {
                        if let Some(input) = hours_input.get() {
                            let _ = input.focus();
                        }
                    });
                    view! {
                        <td colspan="9">
                            <form class="form-grid form-grid--inline" on:submit=save novalidate=true>
                                <TextField
                                    id=format!("{edit_id}-hours")
                                    testid="entry-hours"
                                    field="hours"
                                    value=hours
                                    error=error_signal
                                    node_ref=hours_input
                                    inputmode="decimal"
                                >
                                    {words.hours_label}
                                </TextField>
                                <TextField
                                    id=format!("{edit_id}-date")
                                    testid="entry-date"
                                    field="work_date"
                                    value=work_date
                                    error=error_signal
                                    kind="date"
                                    max=Signal::derive(move || today.get().map(|today| today.to_string()))
                                >
                                    {words.date_label}
                                </TextField>
                                <TextField
                                    id=format!("{edit_id}-description")
                                    testid="entry-description"
                                    field="description"
                                    value=description
                                    error=error_signal
                                    class="field field--wide"
                                >
                                    {words.description_label}
                                </TextField>
                                <Checkbox id=format!("{edit_id}-billable") checked=billable>
                                    {words.billable_label}
                                </Checkbox>
                                <div class="actions">
                                    <button
                                        type="submit"
                                        class="button button--primary"
                                        data-testid="entry-save"
                                        disabled=move || update.pending().get()
                                    >
                                        {words.save_button}
                                    </button>
                                    <button type="button" class="button" on:click=move |_| leave()>
                                        {words.cancel_button}
                                    </button>
                                </div>
                                // A refusal that belongs to no field (someone else changed the
                                // entry first, a lost connection) shows here, in the editor.
                                <FormError error=error />
                            </form>
                        </td>
                    }
                    .into_any()
                }
                current => {
                    let shown = shown.clone();
                    let confirm_button = NodeRef::<leptos::html::Button>::new();
                    let edit_button = NodeRef::<leptos::html::Button>::new();
                    let delete_button = NodeRef::<leptos::html::Button>::new();
                    effect(move || {
                        let (confirm, edit, delete) =
                            (confirm_button.get(), edit_button.get(), delete_button.get());
                        let target = match back_from.get_untracked() {
                            _ if confirm.is_some() => confirm,
                            Some(RowMode::Editing) => edit,
                            Some(RowMode::ConfirmingDelete) => delete,
                            _ => None,
                        };
                        if let Some(button) = target {
                            back_from.set(None);
                            let _ = button.focus();
                        }
                    });
                    view! {
                        <td>{format::date(shown.work_date)}</td>
                        <td>{who.clone()}</td>
                        <td class="num">{format::hours(&shown.hours)}</td>
                        <td>{shown.description.clone()}</td>
                        <td>{if shown.is_billable { words.billable_yes } else { words.billable_no }}</td>
                        <td class="num">
                            {
                                let rate_currency = rate_currency.clone();
                                move || {
                                    rate
                                        .map(|rate| {
                                            let code = rate_currency.clone().or_else(|| currency.get());
                                            (words.per_hour)(&format::money(&rate, code.as_deref()))
                                        })
                                        // A priced entry without its rate: the rate is
                                        // hidden from this caller (people's rates are
                                        // sensitive), not missing.
                                        .unwrap_or_else(|| {
                                            if labour.value().is_zero() { words.no_rate } else { format::NONE }
                                                .to_owned()
                                        })
                                }
                            }
                        </td>
                        <td class="num">{move || money(labour)}</td>
                        <td class="num" data-testid="entry-billable-amount" title=billable_rate.clone()>
                            {move || money(billable_amount)}
                        </td>
                        <td class="actions">
                            {if current == RowMode::ConfirmingDelete {
                                view! {
                                    <span role="group" aria-label=words.delete_entry_group>
                                        {words.delete_entry_confirm}
                                        <button
                                            type="button"
                                            class="button button--danger"
                                            data-testid="time-entry-confirm-delete"
                                            node_ref=confirm_button
                                            disabled=move || remove.pending().get()
                                            on:click=move |_| {
                                                remove.dispatch(());
                                            }
                                        >
                                            {words.delete_button}
                                        </button>
                                        <button
                                            type="button"
                                            class="button"
                                            on:click=move |_| leave()
                                        >
                                            {words.keep_button}
                                        </button>
                                    </span>
                                }
                                .into_any()
                            } else {
                                view! {
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="time-entry-edit"
                                        node_ref=edit_button
                                        on:click=move |_| {
                                            error.set(None);
                                            mode.set(RowMode::Editing)
                                        }
                                    >
                                        {words.edit_button}
                                    </button>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="time-entry-delete"
                                        node_ref=delete_button
                                        on:click=move |_| mode.set(RowMode::ConfirmingDelete)
                                    >
                                        {words.delete_button}
                                    </button>
                                }
                                .into_any()
                            }}
                            <FormError error=error />
                        </td>
                    }
                    .into_any()
                }
            }}
        </tr>
    }
}
