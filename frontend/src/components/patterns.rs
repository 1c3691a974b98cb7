//! The board's learned cost patterns, as stored by the optimiser: what recurs in its spending
//! (priorities or people that overrun, weekend burn, estimate bias), how consistently the data
//! shows it, and when it was last seen. Self-contained: give it the board id.

use budget_contract::optimizer::CostPattern;
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::api;
use crate::components::{read_view, Empty};
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::session::use_refresh;
use crate::text::text;

/// Patterns shown: a board has a handful, so one page covers them.
const SHOWN: u32 = 100;

/// A 0–1 confidence for people: `0.67` → `"67 %"`.
pub fn confidence_percent(confidence: Decimal) -> String {
    format!("{} %", (confidence * Decimal::ONE_HUNDRED).normalize())
}

/// The learned patterns of a board, re-read whenever the app reports a write (the optimiser
/// learns them while it works).
#[component]
pub fn LearnedPatterns(board_id: i64) -> impl IntoView {
    let refresh = use_refresh();
    let patterns = Fetch::new(move || {
        refresh.track();
        api::cost_patterns(board_id, SHOWN)
    });
    let words = &text().optimiser;
    view! {
        <section class="card" aria-labelledby="patterns-heading" data-testid="learned-patterns">
            <h2 id="patterns-heading">{words.patterns_heading}</h2>
            {read_view(patterns, move |page| {
                if page.items.is_empty() {
                    return view! {
                        <Empty message=words.patterns_empty />
                    }
                    .into_any();
                }
                view! {
                    <ul class="patterns" aria-label=words.patterns_label>
                        {page.items.into_iter().map(|pattern| view! { <PatternItem pattern /> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}

#[component]
fn PatternItem(pattern: CostPattern) -> impl IntoView {
    let words = &text().optimiser;
    view! {
        <li class="pattern" data-pattern-type=pattern.pattern_type.clone()>
            <h3>{pattern.name}</h3>
            <p class="meta">
                <span>{labels::pattern_type(&pattern.pattern_type)}</span>
                <span>{(words.pattern_confidence)(&confidence_percent(pattern.confidence))}</span>
                <span>{(words.pattern_seen)(pattern.occurrence_count)}</span>
                <span>{(words.pattern_last)(&format::timestamp(pattern.last_occurred))}</span>
            </p>
            <p>{pattern.description}</p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn confidence_reads_as_a_percentage() {
        let percent = |text: &str| confidence_percent(Decimal::from_str(text).unwrap());
        assert_eq!(percent("0.67"), "67 %");
        assert_eq!(percent("1.00"), "100 %");
        assert_eq!(percent("0.05"), "5 %");
        assert_eq!(percent("0.00"), "0 %");
    }
}
