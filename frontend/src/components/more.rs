//! The end of a list read as the newest so many: "Show older" reads more, up to what one
//! request may ask for.

use budget_contract::page::MAX_PAGE_SIZE;
use leptos::prelude::*;

use crate::text::text;

/// How many more items each "Show older" asks for.
pub const STEP: u64 = 50;

/// Below a list of the newest `limit` items: when there are older ones (`more`), a "Show older"
/// button that asks for [`STEP`] more; at the most one request may read, a line saying only the
/// newest are shown.
#[component]
pub fn ShowOlder(limit: RwSignal<u64>, more: bool, testid: &'static str) -> impl IntoView {
    if !more {
        return None;
    }
    let shown = limit.get_untracked();
    let words = &text().common;
    Some(if shown >= MAX_PAGE_SIZE {
        view! { <p class="muted">{(words.showing_newest)(shown)}</p> }.into_any()
    } else {
        view! {
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid=testid
                    on:click=move |_| limit.update(|limit| *limit = (*limit + STEP).min(MAX_PAGE_SIZE))
                >
                    {words.show_older_button}
                </button>
            </div>
        }
        .into_any()
    })
}
