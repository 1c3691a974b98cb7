//! The heading and the tabs of a board's screens.

use budget_contract::board::{Board, BoardRole};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;

/// The caller's role on the board of the screen, once the board has loaded: provided by the
/// parent of the board screens, read by [`BoardNav`].
#[derive(Clone, Copy, Debug)]
pub struct MyRole(pub Signal<Option<BoardRole>>);

/// A board screen's heading: the board's name (`Board` until it has loaded, or when it could
/// not be read) and the screen's section, e.g. "Apollo — members".
#[component]
pub fn BoardHeading(
    board: LocalResource<Result<Board, ApiError>>,
    section: &'static str,
) -> impl IntoView {
    let name = move || {
        board
            .get()
            .and_then(Result::ok)
            .map(|board| board.name)
            .unwrap_or_else(|| "Board".to_owned())
    };
    view! { <h1>{name} {format!(" — {section}")}</h1> }
}

/// The tabs of a board's screens; the current one has `aria-current="page"`. Rates, Approvals
/// (the weeks waiting for a decision) and History (the audit trail) are shown to the board's
/// admins, the only ones who may read them: people's
/// rates are sensitive.
#[component]
pub fn BoardNav(board_id: i64) -> impl IntoView {
    let tabs = [
        ("Dashboard", "", "nav-dashboard"),
        ("Budget", "/budget", "nav-budget"),
        ("Tasks & time", "/tasks", "nav-tasks"),
        ("Timesheet", "/timesheet", "nav-timesheet"),
        ("Expenses", "/expenses", "nav-expenses"),
        ("Analytics", "/analytics", "nav-analytics"),
        ("ROI", "/roi", "nav-roi"),
        ("What if", "/what-if", "nav-what-if"),
        ("Recommendations", "/recommendations", "nav-recommendations"),
        ("Resources", "/resources", "nav-resources"),
        ("Alerts", "/alerts", "nav-alerts"),
        ("Members", "/members", "nav-members"),
    ];
    let role = use_context::<MyRole>();
    let is_editor = move || {
        role.and_then(|MyRole(role)| role.get())
            .is_some_and(|role| role >= BoardRole::Editor)
    };
    let is_admin = move || role.and_then(|MyRole(role)| role.get()) == Some(BoardRole::Admin);
    view! {
        <nav class="board-nav" aria-label="Board sections">
            <ul>
                {tabs
                    .into_iter()
                    .map(|(label, suffix, testid)| {
                        let href = format!("/boards/{board_id}{suffix}");
                        view! {
                            <li>
                                <A href=href exact=true attr:data-testid=testid>
                                    {label}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
                <Show when=is_editor>
                    <li>
                        <A href=format!("/boards/{board_id}/import") exact=true attr:data-testid="nav-import">
                            "Import"
                        </A>
                    </li>
                </Show>
                <Show when=is_admin>
                    <li>
                        <A href=format!("/boards/{board_id}/rates") exact=true attr:data-testid="nav-rates">
                            "Rates"
                        </A>
                    </li>
                    <li>
                        <A href=format!("/boards/{board_id}/approvals") exact=true attr:data-testid="nav-approvals">
                            "Approvals"
                        </A>
                    </li>
                    <li>
                        <A href=format!("/boards/{board_id}/history") exact=true attr:data-testid="nav-history">
                            "History"
                        </A>
                    </li>
                </Show>
            </ul>
        </nav>
    }
}
