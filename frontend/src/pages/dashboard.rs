//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! { <p>"DashboardPage"</p> }
}
