//! A horizontal progress bar of a percentage.

use leptos::prelude::*;

use crate::text::text;

/// A horizontal progress bar of a percentage coloured by `status` (`ok`, `warning`, `critical`,
/// `over`, `no_budget`), for screen readers a `progressbar` with its value. Above 100 % the bar
/// is full; without a value it is empty and says so.
#[component]
pub fn ProgressBar(
    percent: Option<f64>,
    #[prop(into)] status: String,
    #[prop(into)] label: String,
) -> impl IntoView {
    let width = percent.map(|value| value.clamp(0.0, 100.0)).unwrap_or(0.0);
    let value_text = match percent {
        Some(value) => format!("{value:.2} %"),
        None => text().charts.progress_no_value.to_owned(),
    };
    view! {
        <div
            class=format!("progress progress--{status}")
            role="progressbar"
            aria-label=label
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=percent.map(|value| format!("{value:.2}"))
            aria-valuetext=value_text
        >
            <div class="progress__fill" style=format!("width: {width:.2}%")></div>
        </div>
    }
}
