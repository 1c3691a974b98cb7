//! The boards list: every board the person can see with its budget status, and a form to start
//! a new board (which then asks for its budget).

use budget_contract::board::{Board, BoardInput};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError};
use crate::components::charts::{decimal_px, ProgressBar};
use crate::components::{
    on_answer, read_view, Empty, ErrorNotice, FormActions, StatusBadge, TextField,
};
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;

#[component]
pub fn BoardsScreen() -> impl IntoView {
    let refresh = use_refresh();
    let boards = Fetch::new(move || {
        refresh.get();
        api::boards()
    });
    let words = &text().app;

    view! {
        <section>
            <h1>{words.boards_heading}</h1>
            {read_view(boards, move |page| {
                if page.items.is_empty() {
                    view! { <Empty message=words.boards_empty /> }.into_any()
                } else {
                    view! {
                        <ul class="board-grid">
                            {page
                                .items
                                .into_iter()
                                .map(|board| view! { <BoardCard board /> })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            })}
            <NewBoardForm />
        </section>
    }
}

/// One board with its live budget status (its own metrics request).
#[component]
fn BoardCard(board: Board) -> impl IntoView {
    let refresh = use_refresh();
    let id = board.id;
    let metrics = Fetch::new(move || {
        refresh.get();
        api::metrics(id)
    });
    let name = board.name.clone();
    let words = &text().app;
    let dates = match board.due_date {
        Some(due) => (words.board_dates)(&format::date(board.start_date), &format::date(due)),
        None => (words.board_dates_from)(&format::date(board.start_date)),
    };
    view! {
        <li class="card board-card" data-testid="board-card" data-board-id=id>
            <div class="board-card__head">
                <h2>
                    <A href=format!("/boards/{id}")>{board.name.clone()}</A>
                </h2>
                {move || match metrics.get() {
                    None => view! { <span class="badge badge--pending">{words.board_status_pending}</span> }.into_any(),
                    Some(Err(_)) => {
                        view! { <span class="badge badge--unknown" data-testid="board-status">{words.board_status_unknown}</span> }
                            .into_any()
                    }
                    Some(Ok(metrics)) => {
                        view! { <StatusBadge status=metrics.status testid="board-status" /> }.into_any()
                    }
                }}
            </div>
            <p class="muted">{(words.board_dates_and_role)(&dates, labels::board_role(board.my_role))}</p>
            {move || {
                metrics
                    .get()
                    .and_then(Result::ok)
                    .map(|metrics| {
                        let currency = metrics.currency.clone();
                        let currency = currency.as_deref();
                        match metrics.allocated_budget {
                            Some(allocated) => {
                                let percent = metrics
                                    .utilisation_percent
                                    .map(|percent| decimal_px(percent.value()));
                                view! {
                                    <p>
                                        {(words.board_spent)(
                                            &format::money(&metrics.spent, currency),
                                            &format::money(&allocated, currency),
                                            &format::percent(metrics.utilisation_percent.as_ref()),
                                        )}
                                    </p>
                                    <ProgressBar
                                        percent
                                        status=metrics.status.as_str()
                                        label=(words.board_budget_used_label)(&name)
                                    />
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <p>
                                        {words.board_no_budget}
                                        <A href=format!("/boards/{id}/budget")>{words.board_set_up_budget_link}</A>
                                    </p>
                                }
                                    .into_any()
                            }
                        }
                    })
            }}
        </li>
    }
}

#[component]
fn NewBoardForm() -> impl IntoView {
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let words = &text().app;

    let create = Submit::new(move |input: &BoardInput| api::create_board(input));
    let pending = create.pending();
    on_answer(create, error, move |board| {
        name.set(String::new());
        bump_refresh();
        // A new board has no budget: its budget form is the next step.
        navigate(
            &format!("/boards/{}/budget", board.id),
            NavigateOptions::default(),
        );
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (Ok(start_date), Ok(due_date)) = (
            format::parse_optional_date(&start.get_untracked()),
            format::parse_optional_date(&due.get_untracked()),
        ) else {
            error.set(Some(ApiError::local([(
                "start_date",
                words.new_board_dates_invalid,
            )])));
            return;
        };
        create.dispatch(BoardInput {
            name: name.get_untracked().trim().to_owned(),
            organization_id: None,
            start_date,
            due_date,
            time_rounding: None,
            editors_log_for_others: None,
        });
    };
    let field_error = Signal::derive(move || error.get());

    view! {
        <section class="card">
            <h2>{words.new_board_heading}</h2>
            <form class="form-grid" on:submit=on_submit novalidate=true>
                <TextField id="new-board-name" testid="new-board-name" field="name" value=name error=field_error required=true>
                    {words.new_board_name_label}
                </TextField>
                <TextField
                    id="new-board-start"
                    testid="new-board-start"
                    field="start_date"
                    value=start
                    error=field_error
                    kind="date"
                    hint=words.new_board_start_hint
                >
                    {words.new_board_start_label}
                </TextField>
                <TextField id="new-board-due" testid="new-board-due" field="due_date" value=due error=field_error kind="date">
                    {words.new_board_due_label}
                </TextField>
                {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                <FormActions
                    pending
                    label=words.new_board_submit
                    pending_label=words.new_board_submitting
                    testid="new-board-submit"
                />
            </form>
        </section>
    }
}
