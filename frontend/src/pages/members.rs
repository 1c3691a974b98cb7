//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn MembersPage() -> impl IntoView {
    view! { <p>"MembersPage"</p> }
}
