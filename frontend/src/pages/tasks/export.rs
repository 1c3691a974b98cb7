//! Exporting the board's time entries as the API's CSV file: every entry, or those worked in a
//! date range, or approved time only.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{CsvDownload, TextField};
use crate::format;
use crate::text::text;

#[component]
pub fn EntriesExport(board_id: i64) -> impl IntoView {
    let words = &text().tasks;
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let approved_only = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let error_signal: Signal<Option<ApiError>> = error.into();
    // The dates as typed: empty is no limit; anything else must be a date.
    let fetch = move || {
        let from_text = from.get_untracked();
        let to_text = to.get_untracked();
        let approved = approved_only.get_untracked();
        async move {
            let mut problems = Vec::new();
            let from = format::parse_optional_date(&from_text)
                .map_err(|message| problems.push(("from", message)))
                .ok()
                .flatten();
            let to = format::parse_optional_date(&to_text)
                .map_err(|message| problems.push(("to", message)))
                .ok()
                .flatten();
            if !problems.is_empty() {
                let invalid = ApiError::local(problems);
                error.set(Some(invalid.clone()));
                return Err(invalid);
            }
            error.set(None);
            api::time_entries_csv(board_id, from, to, approved).await
        }
    };
    view! {
        <section class="card" aria-labelledby="entries-export-heading" data-testid="entries-export">
            <h2 id="entries-export-heading">{words.export_heading}</h2>
            <p class="muted">{words.export_intro}</p>
            <div class="form-row">
                <TextField id="export-from" testid="export-from" field="from" value=from error=error_signal kind="date">
                    {words.from_label}
                </TextField>
                <TextField id="export-to" testid="export-to" field="to" value=to error=error_signal kind="date">
                    {words.to_label}
                </TextField>
                <div class="field">
                    <label>
                        <input
                            type="checkbox"
                            data-testid="export-approved"
                            prop:checked=move || approved_only.get()
                            on:change=move |event| approved_only.set(event_target_checked(&event))
                        />
                        {words.approved_only_label}
                    </label>
                </div>
            </div>
            <CsvDownload
                fetch=fetch
                file_name=format!("board-{board_id}-time-entries.csv")
                testid="entries-csv"
                label=words.export_button
            />
        </section>
    }
}
