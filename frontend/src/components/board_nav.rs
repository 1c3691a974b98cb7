//! The heading and the tabs of a board's screens.

use budget_contract::board::{Board, BoardRole};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::requests::Fetch;
use crate::text::text;

/// The caller's role on the board of the screen, once the board has loaded: provided by the
/// parent of the board screens, read by [`BoardNav`].
#[derive(Clone, Copy, Debug)]
pub struct MyRole(pub Signal<Option<BoardRole>>);

/// A board screen's heading: the board's name (`Board` until it has loaded, or when it could
/// not be read) and the screen's section, e.g. "Apollo — members".
#[component]
pub fn BoardHeading(board: Fetch<Board>, section: &'static str) -> impl IntoView {
    let words = &text().app;
    let heading = move || {
        let name = board
            .get()
            .and_then(Result::ok)
            .map(|board| board.name)
            .unwrap_or_else(|| words.board_name_unknown.to_owned());
        (words.board_heading)(&name, section)
    };
    view! { <h1>{heading}</h1> }
}

/// The tabs of a board's screens; the current one has `aria-current="page"`. Rates, Approvals
/// (the weeks waiting for a decision) and History (the audit trail) are shown to the board's
/// admins, the only ones who may read them: people's
/// rates are sensitive.
#[component]
pub fn BoardNav(board_id: i64) -> impl IntoView {
    let words = &text().app;
    let tabs = [
        (words.tab_dashboard, "", "nav-dashboard"),
        (words.tab_budget, "/budget", "nav-budget"),
        (words.tab_tasks, "/tasks", "nav-tasks"),
        (words.tab_timesheet, "/timesheet", "nav-timesheet"),
        (words.tab_expenses, "/expenses", "nav-expenses"),
        (words.tab_analytics, "/analytics", "nav-analytics"),
        (words.tab_roi, "/roi", "nav-roi"),
        (words.tab_what_if, "/what-if", "nav-what-if"),
        (
            words.tab_recommendations,
            "/recommendations",
            "nav-recommendations",
        ),
        (words.tab_resources, "/resources", "nav-resources"),
        (words.tab_alerts, "/alerts", "nav-alerts"),
        (words.tab_members, "/members", "nav-members"),
    ];
    let role = use_context::<MyRole>();
    let is_editor = move || {
        role.and_then(|MyRole(role)| role.get())
            .is_some_and(|role| role >= BoardRole::Editor)
    };
    let is_admin = move || role.and_then(|MyRole(role)| role.get()) == Some(BoardRole::Admin);
    view! {
        <nav class="board-nav" aria-label=words.board_nav_label>
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
                            {words.tab_import}
                        </A>
                    </li>
                </Show>
                <Show when=is_admin>
                    <li>
                        <A href=format!("/boards/{board_id}/rates") exact=true attr:data-testid="nav-rates">
                            {words.tab_rates}
                        </A>
                    </li>
                    <li>
                        <A href=format!("/boards/{board_id}/approvals") exact=true attr:data-testid="nav-approvals">
                            {words.tab_approvals}
                        </A>
                    </li>
                    <li>
                        <A href=format!("/boards/{board_id}/history") exact=true attr:data-testid="nav-history">
                            {words.tab_history}
                        </A>
                    </li>
                </Show>
            </ul>
        </nav>
    }
}
