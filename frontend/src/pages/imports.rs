//! Importing time entries from a CSV file (Toggl Track, Clockify, Kimai, or this app's own
//! export), for the board's editors and admins: choose the file and the options, try it (the
//! dry run: every refused row with its reason, the first rows, the totals), apply it, and follow
//! its progress until it is done.

use budget_contract::import::{
    ImportFormat, ImportOptions, ImportOutcome, ImportReport, ImportRow, ImportStatus,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::components::{BoardHeading, BoardNav, Checkbox, Empty, ErrorNotice};
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::text::text;

/// How often a running import's progress is read, in milliseconds.
const POLL_MS: i32 = 500;

#[component]
pub fn ImportScreen(board_id: i64) -> impl IntoView {
    let words = &text().imports;
    let board = Fetch::new(move || api::board(board_id));
    // The chosen file: its name and its text.
    let file = RwSignal::new(None::<(String, String)>);
    let format = RwSignal::new(None::<ImportFormat>);
    let create_missing_tasks = RwSignal::new(false);
    let skip_refused = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let report = RwSignal::new(None::<ImportReport>);
    let busy = RwSignal::new(false);

    let on_file = move |event: leptos::ev::Event| {
        report.set(None);
        error.set(None);
        let chosen = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(chosen) = chosen else {
            file.set(None);
            return;
        };
        spawn_local(async move {
            let name = chosen.name();
            match wasm_bindgen_futures::JsFuture::from(chosen.text()).await {
                Ok(text) => {
                    file.try_set(Some((name, text.as_string().unwrap_or_default())));
                }
                Err(_) => {
                    error.try_set(Some(ApiError::local([("file", words.file_unreadable)])));
                }
            }
        });
    };

    let send = move |dry_run: bool| {
        let Some((_, text)) = file.get_untracked() else {
            error.set(Some(ApiError::local([("file", words.file_missing)])));
            return;
        };
        let options = ImportOptions {
            format: format.get_untracked(),
            dry_run,
            create_missing_tasks: create_missing_tasks.get_untracked(),
            skip_refused: skip_refused.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::import_time_entries(board_id, text, &options).await {
                Ok(answer) => {
                    let running = answer.status == Some(ImportStatus::Running);
                    let id = answer.id;
                    if report.try_set(Some(answer)).is_some() {
                        return;
                    }
                    if let (true, Some(id)) = (running, id) {
                        follow(board_id, id, report, error).await;
                    }
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
            busy.try_set(false);
        });
    };

    let on_format = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        format.set(value.parse().ok());
    };
    let field_error = move || error.get().and_then(|error| error.field("file"));
    let other_error = move || {
        error
            .get()
            .filter(|error| error.field("file").is_none() || error.status != 0)
    };

    view! {
        <section>
            <BoardHeading board section=words.section />
            <BoardNav board_id />
            <section class="card">
                <h2>{words.heading}</h2>
                <p class="muted">{words.intro}</p>
                <form class="form-grid" on:submit=|event| event.prevent_default() novalidate=true>
                    <div class="field field--wide">
                        <label for="import-file">{words.file_label}</label>
                        <input id="import-file" data-testid="import-file" type="file" accept=".csv,text/csv" on:change=on_file />
                        {move || field_error().map(|message| view! { <p class="field-error" data-testid="field-error" data-field="file">{message}</p> })}
                        {move || file.get().map(|(name, text)| view! {
                            <p class="hint" data-testid="import-file-name">{(words.file_lines)(&name, text.lines().count())}</p>
                        })}
                    </div>
                    <div class="field">
                        <label for="import-format">{words.format_label}</label>
                        <select id="import-format" data-testid="import-format" on:change=on_format>
                            <option value="" selected=true>{words.format_from_header}</option>
                            {ImportFormat::ALL
                                .iter()
                                .map(|f| view! { <option value=f.as_str()>{labels::import_format(*f)}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <Checkbox id="import-create-tasks" testid="import-create-tasks" checked=create_missing_tasks>
                        {words.create_tasks_label}
                    </Checkbox>
                    <Checkbox id="import-skip-refused" testid="import-skip-refused" checked=skip_refused>
                        {words.skip_refused_label}
                    </Checkbox>
                    <div class="actions field--wide">
                        <button type="button" class="button" data-testid="import-dry-run" disabled=move || busy.get() on:click=move |_| send(true)>
                            {words.dry_run_button}
                        </button>
                        <button type="button" class="button button--primary" data-testid="import-apply" disabled=move || busy.get() on:click=move |_| send(false)>
                            {words.import_button}
                        </button>
                    </div>
                </form>
                {move || other_error().map(|error| view! { <ErrorNotice error /> })}
            </section>
            {move || report.get().map(|report| view! { <ReportView report /> })}
        </section>
    }
}

/// Reads a running import's progress until it is no longer running.
async fn follow(
    board_id: i64,
    id: i64,
    report: RwSignal<Option<ImportReport>>,
    error: RwSignal<Option<ApiError>>,
) {
    loop {
        pause(POLL_MS).await;
        match api::import(board_id, id).await {
            Ok(answer) => {
                let running = answer.status == Some(ImportStatus::Running);
                if report.try_set(Some(answer)).is_some() || !running {
                    return;
                }
            }
            Err(failure) => {
                error.try_set(Some(failure));
                return;
            }
        }
    }
}

/// Waits `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// What an import did or would do: totals, progress, new tasks and the listed rows.
#[component]
fn ReportView(report: ImportReport) -> impl IntoView {
    let words = &text().imports;
    let status = match (report.dry_run, report.status) {
        (true, _) => words.status_dry_run,
        (false, Some(ImportStatus::Running)) => words.status_running,
        (false, Some(ImportStatus::Done)) => words.status_done,
        (false, Some(ImportStatus::Failed)) => words.status_failed,
        (false, None) => "",
    };
    let status_code = report.status.map_or("dry_run", ImportStatus::as_str);
    let totals = if report.dry_run {
        words.dry_run_totals
    } else {
        words.import_totals
    };
    let progress = (!report.dry_run).then(|| {
        view! {
            <p>
                <label for="import-progress">{(words.progress)(report.rows_done, report.rows_total)}</label>
                " "
                <progress id="import-progress" data-testid="import-progress" max=report.rows_total.max(1) value=report.rows_done></progress>
            </p>
        }
    });
    let new_tasks = (!report.new_tasks.is_empty()).then(|| (words.new_tasks)(&report.new_tasks));
    let rows = report.rows.clone();
    view! {
        <section class="card" data-testid="import-report" data-status=status_code>
            <h2>{(words.report_heading)(labels::import_format(report.format), status)}</h2>
            {progress}
            <p data-testid="import-totals">
                {totals(
                    report.rows_total,
                    report.accepted,
                    &format::hours(&report.hours),
                    report.refused,
                )}
            </p>
            {new_tasks.map(|text| view! { <p data-testid="import-new-tasks">{text}</p> })}
            {report.error.clone().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            {if rows.is_empty() {
                view! { <Empty message=words.no_rows /> }.into_any()
            } else {
                view! { <RowsTable rows /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn RowsTable(rows: Vec<ImportRow>) -> impl IntoView {
    let words = &text().imports;
    view! {
        <p class="muted">{words.rows_intro}</p>
        <div class="table-wrap" tabindex="0">
            <table data-testid="import-rows">
                <thead>
                    <tr>
                        <th scope="col">{words.line_column}</th>
                        <th scope="col">{words.outcome_column}</th>
                        <th scope="col">{words.person_column}</th>
                        <th scope="col">{words.task_column}</th>
                        <th scope="col">{words.date_column}</th>
                        <th scope="col" class="num">{words.hours_column}</th>
                        <th scope="col">{words.description_column}</th>
                        <th scope="col">{words.why_refused_column}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let outcome = row.outcome.as_str();
                            let person = row
                                .email
                                .clone()
                                .or_else(|| row.user_id.map(|id| format!("#{id}")))
                                .unwrap_or_default();
                            let task = match (&row.task_title, row.task_id, row.new_task) {
                                (Some(title), _, true) => (words.new_task)(title),
                                (Some(title), _, false) => title.clone(),
                                (None, Some(id), _) => format!("#{id}"),
                                (None, None, _) => String::new(),
                            };
                            view! {
                                <tr data-testid="import-row" data-outcome=outcome data-code=row.code.map(|c| c.as_str())>
                                    <td>{row.line}</td>
                                    <td>{outcome_label(row.outcome)}</td>
                                    <td>{person}</td>
                                    <td>{task}</td>
                                    <td>{row.work_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                                    <td class="num">{row.hours.as_ref().map(format::hours).unwrap_or_default()}</td>
                                    <td>{row.description.clone().unwrap_or_default()}</td>
                                    <td>{row.message.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn outcome_label(outcome: ImportOutcome) -> &'static str {
    let words = &text().imports;
    match outcome {
        ImportOutcome::WouldCreate => words.outcome_would_create,
        ImportOutcome::Created => words.outcome_created,
        ImportOutcome::Refused => words.outcome_refused,
    }
}
