//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn TasksPage() -> impl IntoView {
    view! { <p>"TasksPage"</p> }
}
