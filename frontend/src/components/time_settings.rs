//! A board's settings for recording time, for its admins: how timers round, and whether editors
//! may log and correct time for other people.

use budget_contract::board::{Board, BoardInput, TimeRounding};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{on_answer, Checkbox, FormActions};
use crate::labels;
use crate::requests::Submit;
use crate::text::text;

/// The form, filled from `board`; saving sends the board's version (a 412 is explained).
#[component]
pub fn TimeSettings(board: Board, on_saved: Callback<Board>) -> impl IntoView {
    let words = &text().timer;
    let board_id = board.id;
    let version = RwSignal::new(board.version);
    // A replace sets every detail: the others are sent back as read (the version guards them).
    let name = board.name.clone();
    let start_date = board.start_date;
    let due_date = board.due_date;
    let rounding = RwSignal::new(board.time_rounding);
    let for_others = RwSignal::new(board.editors_log_for_others);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);
    let save = Submit::new(move |input: &BoardInput| {
        let version = version.get_untracked();
        api::replace_board(board_id, version, input)
    });
    on_answer(save, error, move |board: Board| {
        version.set(board.version);
        saved.set(Some(words.settings_saved.to_owned()));
        on_saved.run(board);
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        save.dispatch(BoardInput {
            name: name.clone(),
            organization_id: None,
            start_date: Some(start_date),
            due_date,
            time_rounding: Some(rounding.get_untracked()),
            editors_log_for_others: Some(for_others.get_untracked()),
        });
    };
    let options = TimeRounding::ALL
        .iter()
        .map(|choice| {
            let wire = choice.as_str();
            let choice = *choice;
            view! {
                <option value=wire selected=move || rounding.get() == choice>
                    {labels::time_rounding(choice)}
                </option>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="time-settings-heading" data-testid="time-settings">
            <h2 id="time-settings-heading">{words.settings_heading}</h2>
            <form class="form-grid" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="time-rounding">{words.rounding_label}</label>
                    <select
                        id="time-rounding"
                        data-testid="time-rounding"
                        on:change=move |event| {
                            if let Ok(choice) = event_target_value(&event).parse() {
                                rounding.set(choice);
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <Checkbox id="editors-log-for-others" testid="editors-log-for-others" checked=for_others>
                    {words.log_for_others_label}
                </Checkbox>
                <FormActions
                    pending=save.pending()
                    label=words.settings_save_button
                    pending_label=words.settings_saving
                    testid="time-settings-save"
                    saved=saved
                    error=error
                />
            </form>
        </section>
    }
}
