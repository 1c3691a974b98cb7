//! Placeholder until the screen is built.

use leptos::prelude::*;

#[component]
pub fn BudgetFormPage() -> impl IntoView {
    view! { <p>"BudgetFormPage"</p> }
}
