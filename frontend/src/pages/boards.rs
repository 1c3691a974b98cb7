//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn BoardsPage() -> impl IntoView {
    view! { <p>"BoardsPage"</p> }
}
