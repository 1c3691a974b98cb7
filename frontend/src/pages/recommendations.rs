//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn RecommendationsPage() -> impl IntoView {
    view! { <p>"RecommendationsPage"</p> }
}
