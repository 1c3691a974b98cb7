//! Board admins' approvals: the weeks waiting for a decision, each opened as its grid, approved
//! or rejected with a comment; and the approved weeks, which an admin may reopen.

use budget_contract::timesheet::{Timesheet, TimesheetAction, TimesheetStatus, TimesheetWeek};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{read_view, BoardHeading, BoardNav, Empty, ErrorNotice};
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;

#[component]
pub fn ApprovalsScreen(board_id: i64) -> impl IntoView {
    let words = &text().approvals;
    let refresh = use_refresh();
    let board = Fetch::new(move || api::board(board_id));
    let waiting = Fetch::new(move || {
        refresh.track();
        api::timesheet_approvals(board_id, TimesheetStatus::Submitted)
    });
    let approved = Fetch::new(move || {
        refresh.track();
        api::timesheet_approvals(board_id, TimesheetStatus::Approved)
    });
    let error = RwSignal::new(None::<ApiError>);
    let opened = RwSignal::new(None::<Timesheet>);

    let decide = move |week: NaiveDate, user_id: i64, step: &'static str, comment: String| {
        spawn_local(async move {
            let body = TimesheetAction {
                user_id: Some(user_id),
                comment: (!comment.trim().is_empty()).then_some(comment),
            };
            match api::timesheet_step(board_id, week, step, &body).await {
                Ok(sheet) => {
                    error.set(None);
                    opened.set(Some(sheet));
                    bump_refresh();
                }
                Err(failed) => error.set(Some(failed)),
            }
        });
    };
    let open = move |week: NaiveDate, user_id: i64| {
        spawn_local(async move {
            match api::timesheet(board_id, week, Some(user_id)).await {
                Ok(sheet) => opened.set(Some(sheet)),
                Err(failed) => error.set(Some(failed)),
            }
        });
    };

    let waiting_list = read_view(waiting, move |page| {
        if page.items.is_empty() {
            return view! { <Empty message=words.waiting_empty /> }.into_any();
        }
        // The list only around items: its loading, empty and error states are not list items.
        let weeks = page
            .items
            .into_iter()
            .map(|week| view! { <WaitingWeek week open decide /> })
            .collect_view();
        view! { <ul class="plain">{weeks}</ul> }.into_any()
    });
    let approved_list = read_view(approved, move |page| {
        if page.items.is_empty() {
            return view! { <Empty message=words.approved_empty /> }.into_any();
        }
        let weeks = page.items
            .into_iter()
            .map(|item| {
                let (week, user_id) = (item.week, item.user_id);
                view! {
                    <li data-testid="approved-week" data-user-id=user_id data-week=week.to_string()>
                        {(words.week_line)(&item.user_name, &format::date(week), &format::hours(&item.total))}
                        " "
                        <button type="button" data-testid="approval-reopen" on:click=move |_| decide(week, user_id, "reopen", String::new())>{words.reopen_button}</button>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain">{weeks}</ul> }.into_any()
    });

    view! {
        <section>
            <BoardHeading board section=words.section />
            <BoardNav board_id />
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            <section class="card">
                <h2>{words.waiting_heading}</h2>
                {waiting_list}
            </section>
            {move || opened.get().map(|sheet| view! { <OpenedWeek sheet /> })}
            <section class="card">
                <h2>{words.approved_heading}</h2>
                {approved_list}
            </section>
        </section>
    }
}

/// A week in the queue: who, which week, how many hours; open, approve, or reject with a
/// comment.
#[component]
fn WaitingWeek(
    week: TimesheetWeek,
    open: impl Fn(NaiveDate, i64) + Copy + Send + Sync + 'static,
    decide: impl Fn(NaiveDate, i64, &'static str, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let words = &text().approvals;
    let comment = RwSignal::new(String::new());
    let (monday, user_id) = (week.week, week.user_id);
    view! {
        <li data-testid="waiting-week" data-user-id=user_id data-week=monday.to_string()>
            <p>{(words.week_line)(&week.user_name, &format::date(monday), &format::hours(&week.total))}</p>
            <button type="button" data-testid="approval-open" on:click=move |_| open(monday, user_id)>{words.open_button}</button>
            " "
            <button type="button" class="primary" data-testid="approval-approve" on:click=move |_| decide(monday, user_id, "approve", comment.get_untracked())>{words.approve_button}</button>
            " "
            <label>
                {words.comment_label}
                <input type="text" data-testid="approval-comment" prop:value=move || comment.get() on:input=move |event| comment.set(event_target_value(&event)) />
            </label>
            " "
            <button type="button" data-testid="approval-reject" on:click=move |_| decide(monday, user_id, "reject", comment.get_untracked())>{words.reject_button}</button>
        </li>
    }
}

/// A week opened from the queue, read-only: its rows and totals and where it stands.
#[component]
fn OpenedWeek(sheet: Timesheet) -> impl IntoView {
    let words = &text().approvals;
    let days = sheet
        .days
        .iter()
        .map(|day| view! { <th scope="col">{format::weekday_day_month(day.date)}</th> })
        .collect_view();
    let rows = sheet
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .hours
                .iter()
                .map(|hours| view! { <td>{hours.to_string()}</td> })
                .collect_view();
            view! { <tr><th scope="row">{row.task_title.clone()}</th>{cells}<td>{row.total.to_string()}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="opened-week" data-status=sheet.status.as_str()>
            <h2>{(words.opened_heading)(&format::date(sheet.week), labels::timesheet_status(sheet.status))}</h2>
            <div class="table-wrap" tabindex="0">
                <table class="timesheet">
                    <thead><tr><th scope="col">{words.task_column}</th>{days}<th scope="col">{words.total_column}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p>{(words.opened_total)(&format::hours(&sheet.total))}</p>
        </section>
    }
}
