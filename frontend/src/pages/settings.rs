//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <p>"SettingsPage"</p> }
}
