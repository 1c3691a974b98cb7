//! Horizontal bars of amounts: the cost split and the breakdowns.

use budget_contract::{Decimal, Money, Percent};
use leptos::prelude::*;

use super::scale::share_percent;
use crate::components::states::Empty;
use crate::format;
use crate::text::text;

/// Horizontal bars of amounts (the cost split, a breakdown), longest = the largest amount, each
/// with its label and formatted value. Negative amounts draw no bar.
#[component]
pub fn BarList(items: Vec<(String, Money)>, currency: Option<String>) -> impl IntoView {
    if items.is_empty() {
        return view! { <Empty message=text().charts.bars_empty /> }.into_any();
    }
    let max = items
        .iter()
        .map(|(_, amount)| amount.value())
        .max()
        .unwrap_or_default();
    let total: Decimal = items
        .iter()
        .map(|(_, amount)| amount.value())
        .filter(|amount| *amount > Decimal::ZERO)
        .sum();
    let rows = items
        .into_iter()
        .map(|(label, amount)| {
            let width = share_percent(amount.value(), max);
            let of_total = if total > Decimal::ZERO && amount.value() > Decimal::ZERO {
                let share = Percent::new(amount.value() / total * Decimal::ONE_HUNDRED);
                format!(" ({})", format::percent(Some(&share)))
            } else {
                String::new()
            };
            let value = format::money(&amount, currency.as_deref());
            view! {
                <li class="bar-list__row" data-value=amount.to_string()>
                    <span class="bar-list__label">{label}</span>
                    <span class="bar-list__track" aria-hidden="true">
                        <span class="bar-list__bar" style=format!("width: {width:.2}%")></span>
                    </span>
                    <span class="bar-list__value">{value}<small>{of_total}</small></span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="bar-list">{rows}</ul> }.into_any()
}
