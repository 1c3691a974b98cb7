//! The frame of a board's screens (`/boards/:board_id/…`): reads the board id from the address
//! once and hands it to the screen the child route names, with the caller's role on the board
//! for the board's tabs.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::MyRole;
use crate::requests::Fetch;
use crate::text::text;

/// The board the address names, for the screens under [`BoardLayout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BoardId(i64);

/// The parent of the board screens. Another board in the address rebuilds the screen, so its
/// reads start afresh for that board; an id that is not a number is said so instead.
#[component]
pub fn BoardLayout() -> impl IntoView {
    let params = use_params_map();
    let board_id =
        Memo::new(move |_| params.with(|params| params.get("board_id")?.parse::<i64>().ok()));
    move || match board_id.get() {
        Some(id) => {
            provide_context(BoardId(id));
            let board = Fetch::new(move || api::board(id));
            provide_context(MyRole(Signal::derive(move || {
                board.get().and_then(Result::ok).map(|board| board.my_role)
            })));
            view! { <Outlet /> }.into_any()
        }
        None => {
            view! { <p class="error" role="alert">{text().app.board_not_in_address}</p> }.into_any()
        }
    }
}

/// The board [`BoardLayout`] read, for a child route's screen.
pub fn board_in_context() -> Option<i64> {
    use_context::<BoardId>().map(|BoardId(id)| id)
}
