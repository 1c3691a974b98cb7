//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    view! { <p>"AnalyticsPage"</p> }
}
