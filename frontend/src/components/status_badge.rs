//! The coloured badge of a budget status.

use budget_contract::metrics::BudgetStatus;
use leptos::prelude::*;

/// A coloured badge with the status word (`ok`, `warning`, `critical`, `over`, `no budget`);
/// the wire name is its CSS modifier and `data-status`.
#[component]
pub fn StatusBadge(
    status: BudgetStatus,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let text = status.as_str();
    view! {
        <span class=format!("badge badge--{text}") data-testid=testid data-status=text>
            {crate::labels::budget_status(status)}
        </span>
    }
}
