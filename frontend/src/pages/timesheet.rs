//! A person's week on the board as a grid: a row per task, a column per day from Monday, row
//! and day totals. Hours are typed into the cells (arrow keys move between them, Tab too) and
//! saved together with the week's ETag as `If-Match`: a 412 means the week changed behind the
//! grid (it is read again), and a rule a cell breaks is shown in that cell. The week's state
//! and its submit / withdraw buttons sit above the grid; a closed week is read-only.

use std::collections::HashMap;

use budget_contract::timesheet::{
    Timesheet, TimesheetAction, TimesheetCell, TimesheetInput, TimesheetStatus,
};
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::components::{BoardHeading, BoardNav, ErrorNotice, TaskPicker};
use crate::effects::effect;
use crate::format::{self, parse_decimal};
use crate::requests::Fetch;
use crate::session::bump_refresh;
use crate::text::text;

/// The days of a week.
const DAYS: usize = 7;

/// The Monday of the week `date` falls in.
pub fn week_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// A row of the grid: its task, what each cell held when read, and what it holds now.
#[derive(Clone, Copy)]
struct GridRow {
    task_id: i64,
    title: RwSignal<String>,
    loaded: [Decimal; DAYS],
    cells: [RwSignal<String>; DAYS],
}

impl GridRow {
    fn new(task_id: i64, title: String, loaded: [Decimal; DAYS]) -> Self {
        Self {
            task_id,
            title: RwSignal::new(title),
            loaded,
            cells: std::array::from_fn(|day| RwSignal::new(cell_text(loaded[day]))),
        }
    }
}

/// How a cell shows its hours: blank for none, else two decimals.
fn cell_text(hours: Decimal) -> String {
    if hours.is_zero() {
        String::new()
    } else {
        format!("{:.2}", hours)
    }
}

/// A cell's hours as typed: blank is 0.
fn cell_value(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map(Option::unwrap_or_default)
}

fn rows_of(sheet: &Timesheet) -> Vec<GridRow> {
    sheet
        .rows
        .iter()
        .map(|row| {
            let loaded = std::array::from_fn(|day| {
                row.hours.get(day).map(|h| h.value()).unwrap_or_default()
            });
            GridRow::new(row.task_id, row.task_title.clone(), loaded)
        })
        .collect()
}

/// The (cell index in the save) of a field the API named: `cells[3].hours` → 3.
fn cell_index(field: &str) -> Option<usize> {
    field
        .strip_prefix("cells[")?
        .split(']')
        .next()?
        .parse()
        .ok()
}

fn cell_id(row: usize, day: usize) -> String {
    format!("ts-cell-{row}-{day}")
}

fn focus(id: &str) {
    let element = document().get_element_by_id(id);
    if let Some(input) = element.and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        let _ = input.focus();
        input.select();
    }
}

#[component]
pub fn TimesheetScreen(board_id: i64) -> impl IntoView {
    let words = &text().timesheet;
    let board = Fetch::new(move || api::board(board_id));
    let week = RwSignal::new(week_of(crate::clock::now().date_naive()));
    let sheet = RwSignal::new(None::<Timesheet>);
    let rows = RwSignal::new(Vec::<GridRow>::new());
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let cell_errors = RwSignal::new(HashMap::<(usize, usize), String>::new());
    let busy = RwSignal::new(false);

    let show = move |read: Timesheet| {
        rows.set(rows_of(&read));
        sheet.set(Some(read));
        cell_errors.set(HashMap::new());
    };
    let load = move || {
        let wanted = week.get_untracked();
        spawn_local(async move {
            match api::timesheet(board_id, wanted, None).await {
                Ok(read) => {
                    error.set(None);
                    show(read);
                }
                Err(failed) => error.set(Some(failed)),
            }
        });
    };
    effect(move || {
        week.track();
        notice.set(None);
        load();
    });

    let closed = move || {
        sheet.with(|sheet| {
            sheet
                .as_ref()
                .is_none_or(|sheet| sheet.locked_reason.is_some())
        })
    };
    let status = move || sheet.with(|sheet| sheet.as_ref().map(|s| s.status).unwrap_or_default());

    let save = move |_| {
        let Some(read) = sheet.get_untracked() else {
            return;
        };
        let mut cells = Vec::new();
        let mut places = Vec::new();
        let mut local = HashMap::new();
        for (row_index, row) in rows.get_untracked().iter().enumerate() {
            for day in 0..DAYS {
                match cell_value(&row.cells[day].get_untracked()) {
                    Ok(value) if value != row.loaded[day] => {
                        cells.push(TimesheetCell {
                            task_id: row.task_id,
                            work_date: read.week + Duration::days(day as i64),
                            hours: value,
                        });
                        places.push((row_index, day));
                    }
                    Ok(_) => {}
                    Err(message) => {
                        local.insert((row_index, day), message);
                    }
                }
            }
        }
        if !local.is_empty() {
            cell_errors.set(local);
            return;
        }
        busy.set(true);
        notice.set(None);
        spawn_local(async move {
            let body = TimesheetInput { cells };
            match api::save_timesheet(board_id, read.week, None, &body, &read.etag).await {
                Ok(saved) => {
                    error.set(None);
                    show(saved);
                    notice.set(Some(words.saved_notice.to_owned()));
                    bump_refresh();
                }
                Err(failed) if failed.status == 412 => {
                    notice.set(Some(words.changed_elsewhere_notice.to_owned()));
                    error.set(None);
                    load();
                }
                Err(failed) => {
                    let mut by_cell = HashMap::new();
                    if let Some(problem) = failed.problem.as_ref() {
                        for field_error in &problem.errors {
                            if let Some(place) =
                                cell_index(&field_error.field).and_then(|i| places.get(i))
                            {
                                by_cell.insert(*place, field_error.message.clone());
                            }
                        }
                    }
                    if by_cell.is_empty() {
                        error.set(Some(failed));
                    } else {
                        error.set(None);
                        cell_errors.set(by_cell);
                    }
                }
            }
            busy.set(false);
        });
    };

    let step = move |name: &'static str| {
        let wanted = week.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match api::timesheet_step(board_id, wanted, name, &TimesheetAction::default()).await {
                Ok(read) => {
                    error.set(None);
                    show(read);
                }
                Err(failed) => error.set(Some(failed)),
            }
            busy.set(false);
        });
    };

    // Rows of last week's tasks that this week does not have yet, empty.
    let copy_last_week = move |_| {
        let previous = week.get_untracked() - Duration::days(7);
        spawn_local(async move {
            match api::timesheet(board_id, previous, None).await {
                Ok(last) => rows.update(|rows| {
                    for row in last.rows {
                        if !rows.iter().any(|r| r.task_id == row.task_id) {
                            rows.push(GridRow::new(
                                row.task_id,
                                row.task_title,
                                [Decimal::ZERO; DAYS],
                            ));
                        }
                    }
                }),
                Err(failed) => error.set(Some(failed)),
            }
        });
    };
    let new_task = RwSignal::new(None::<(i64, String)>);
    let add_row = move |_| {
        let Some((task_id, title)) = new_task.get_untracked() else {
            return;
        };
        rows.update(|rows| {
            if !rows.iter().any(|r| r.task_id == task_id) {
                rows.push(GridRow::new(task_id, title, [Decimal::ZERO; DAYS]));
            }
        });
    };

    let day_total = move |day: usize| {
        rows.with(|rows| {
            rows.iter()
                .map(|row| row.cells[day].with(|text| cell_value(text).unwrap_or_default()))
                .sum::<Decimal>()
        })
    };
    let week_total = move || (0..DAYS).map(day_total).sum::<Decimal>();
    let hours_text = |value: Decimal| format!("{:.2}", value);

    let move_week = move |days: i64| week.update(|week| *week += Duration::days(days));
    let jump = move |event: leptos::ev::Event| {
        if let Some(date) = format::parse_date(&event_target_value(&event)) {
            week.set(week_of(date));
        }
    };

    let keydown = move |row: usize, day: usize, event: leptos::ev::KeyboardEvent| {
        let count = rows.with_untracked(Vec::len);
        let target = match event.key().as_str() {
            "ArrowRight" if day + 1 < DAYS => Some((row, day + 1)),
            "ArrowLeft" if day > 0 => Some((row, day - 1)),
            "ArrowDown" if row + 1 < count => Some((row + 1, day)),
            "ArrowUp" if row > 0 => Some((row - 1, day)),
            _ => None,
        };
        if let Some((row, day)) = target {
            event.prevent_default();
            focus(&cell_id(row, day));
        }
    };

    let header = move || {
        let monday = week.get();
        (0..DAYS)
            .map(|day| {
                let date = monday + Duration::days(day as i64);
                view! { <th scope="col">{format::weekday_day_month(date)}</th> }
            })
            .collect_view()
    };

    let grid_rows = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(row_index, row)| {
                let row_total = move || {
                    row.cells
                        .iter()
                        .map(|cell| cell.with(|text| cell_value(text).unwrap_or_default()))
                        .sum::<Decimal>()
                };
                let cells = (0..DAYS)
                    .map(|day| {
                        let value = row.cells[day];
                        let problem =
                            move || cell_errors.with(|errors| errors.get(&(row_index, day)).cloned());
                        let day_closed = move || {
                            sheet.with(|sheet| {
                                sheet.as_ref().is_none_or(|s| {
                                    s.days.get(day).is_none_or(|d| d.closed)
                                })
                            })
                        };
                        view! {
                            <td class:cell-error=move || problem().is_some()>
                                <input
                                    id=cell_id(row_index, day)
                                    data-testid=format!("ts-cell-{row_index}-{day}")
                                    class="timesheet-cell"
                                    inputmode="decimal"
                                    aria-label=move || (words.cell_label)(&row.title.get(), day + 1)
                                    prop:value=move || value.get()
                                    on:input=move |event| value.set(event_target_value(&event))
                                    on:keydown=move |event| keydown(row_index, day, event)
                                    readonly=day_closed
                                    aria-invalid=move || problem().is_some().to_string()
                                />
                                {move || problem().map(|message| view! {
                                    <span class="field-error" role="alert" data-testid=format!("ts-error-{row_index}-{day}")>{message}</span>
                                })}
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-testid="ts-row" data-task-id=row.task_id>
                        <th scope="row">{move || row.title.get()}</th>
                        {cells}
                        <td data-testid=format!("ts-row-total-{row_index}")>{move || hours_text(row_total())}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    let state_line = move || {
        sheet.get().map(|sheet| {
            let label = match sheet.status {
                TimesheetStatus::Open => words.status_open,
                TimesheetStatus::Submitted => words.status_submitted,
                TimesheetStatus::Approved => words.status_approved,
                TimesheetStatus::Rejected => words.status_rejected,
            };
            view! {
                <p data-testid="ts-status" data-status=sheet.status.as_str()>
                    <strong>{label}</strong>
                    {sheet.comment.map(|comment| (words.comment)(&comment))}
                    {sheet.locked_reason.map(|reason| view! { <span class="muted" data-testid="ts-locked">{(words.read_only)(&reason)}</span> })}
                </p>
            }
        })
    };

    view! {
        <section>
            <BoardHeading board section=words.section />
            <BoardNav board_id />
            <section class="card">
                <h2>{words.heading}</h2>
                <div class="toolbar">
                    <button type="button" data-testid="ts-previous" on:click=move |_| move_week(-7)>{words.previous_week_button}</button>
                    <label>
                        {words.week_label}
                        <input type="date" data-testid="ts-week" prop:value=move || week.get().to_string() on:change=jump />
                    </label>
                    <button type="button" data-testid="ts-next" on:click=move |_| move_week(7)>{words.next_week_button}</button>
                </div>
                {state_line}
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                {move || notice.get().map(|text| view! { <p role="status" data-testid="ts-notice">{text}</p> })}
                <div class="table-wrap" tabindex="0">
                <table class="timesheet" data-testid="timesheet-grid">
                    <thead>
                        <tr><th scope="col">{words.task_column}</th>{header}<th scope="col">{words.total_column}</th></tr>
                    </thead>
                    <tbody>{grid_rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{words.day_total_row}</th>
                            {(0..DAYS).map(|day| view! { <td data-testid=format!("ts-day-total-{day}")>{move || hours_text(day_total(day))}</td> }).collect_view()}
                            <td data-testid="ts-week-total">{move || hours_text(week_total())}</td>
                        </tr>
                    </tfoot>
                </table>
                </div>
                <Show when=move || !closed()>
                    <div class="toolbar">
                        <TaskPicker board_id id="ts-add-task" chosen=new_task blank=words.task_picker_blank>
                            {words.task_picker_label}
                        </TaskPicker>
                        <button type="button" data-testid="ts-add-row" on:click=add_row>{words.add_row_button}</button>
                        <button type="button" data-testid="ts-copy-last-week" on:click=copy_last_week>{words.copy_last_week_button}</button>
                        <button type="button" class="primary" data-testid="ts-save" on:click=save disabled=move || busy.get()>{words.save_button}</button>
                    </div>
                </Show>
                <div class="toolbar">
                    <Show when=move || matches!(status(), TimesheetStatus::Open | TimesheetStatus::Rejected)>
                        <button type="button" data-testid="ts-submit" on:click=move |_| step("submit") disabled=move || busy.get()>{words.submit_button}</button>
                    </Show>
                    <Show when=move || status() == TimesheetStatus::Submitted>
                        <button type="button" data-testid="ts-withdraw" on:click=move |_| step("withdraw") disabled=move || busy.get()>{words.withdraw_button}</button>
                    </Show>
                </div>
            </section>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_cells_name_their_index() {
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        assert_eq!(week_of(day("2026-11-25")), day("2026-11-23"));
        assert_eq!(week_of(day("2026-11-29")), day("2026-11-23"));
        assert_eq!(cell_index("cells[12].hours"), Some(12));
        assert_eq!(cell_index("cells[0]"), Some(0));
        assert_eq!(cell_index("comment"), None);
        assert_eq!(cell_value(""), Ok(Decimal::ZERO));
        assert_eq!(cell_text(Decimal::new(250, 2)), "2.50");
    }
}
