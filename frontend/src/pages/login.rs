//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <p>"LoginPage"</p> }
}
