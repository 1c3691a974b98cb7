//! The tabs of a board's screens.

use leptos::prelude::*;
use leptos_router::components::A;

/// The tabs of a board's screens; the current one has `aria-current="page"`.
#[component]
pub fn BoardNav(board_id: i64) -> impl IntoView {
    let tabs = [
        ("Dashboard", "", "nav-dashboard"),
        ("Budget", "/budget", "nav-budget"),
        ("Tasks & time", "/tasks", "nav-tasks"),
        ("Analytics", "/analytics", "nav-analytics"),
        ("ROI", "/roi", "nav-roi"),
        ("Recommendations", "/recommendations", "nav-recommendations"),
        ("Members", "/members", "nav-members"),
    ];
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
            </ul>
        </nav>
    }
}
