//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn RoiPage() -> impl IntoView {
    view! { <p>"RoiPage"</p> }
}
