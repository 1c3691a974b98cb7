//! How well the forecast has done, shared by the analytics screen (one board) and the
//! organisation screen (all its boards): the API's verdict, the scores next to the two
//! baselines, the reliability plot, and the table of the scored forecasts.

use budget_contract::forecast::{Calibration, CalibrationSummary, ScoredForecast};
use budget_contract::{Decimal, Percent};
use leptos::prelude::*;

use crate::components::charts::ReliabilityChart;
use crate::components::Empty;
use crate::format;
use crate::labels;

/// Shown instead of the scores while no forecast's completion date has passed.
pub const NOTHING_SCORED: &str = "No forecast has reached its completion date yet: the forecasts are scored against what was really spent once their completion date has passed.";

/// Shown instead of the reliability plot when no scored forecast gave a probability of overrun.
pub const NOTHING_TO_PLOT: &str = "None of the scored forecasts had a budget on its day, so there is no probability of overrunning it to set against what happened.";

/// One way of predicting the final cost, as the summary table compares them.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodScore {
    pub name: &'static str,
    /// Median of |projected − outcome| / outcome, as a percentage for people.
    pub median_error: String,
    /// Brier score of its "over budget" call; `—` when it makes none or nothing had a budget.
    pub brier: String,
}

/// The forecast and its two baselines, in the order people compare them.
pub fn method_scores(summary: &CalibrationSummary) -> Vec<MethodScore> {
    let error = |value: &Option<Percent>| format::percent(value.as_ref());
    let brier = |value: Option<Decimal>| format::score(value);
    vec![
        MethodScore {
            name: "The forecast",
            median_error: error(&summary.median_error_percent),
            brier: brier(summary.brier),
        },
        MethodScore {
            name: "EAC = BAC / CPI",
            median_error: error(&summary.eac_median_error_percent),
            brier: brier(summary.brier_eac),
        },
        MethodScore {
            name: "Linear extrapolation of the spend so far",
            median_error: error(&summary.linear_median_error_percent),
            // The linear baseline gives no probability, so it has no Brier score.
            brier: format::NONE.to_owned(),
        },
    ]
}

/// The verdict, the summary table and the reliability plot of a calibration; the empty state
/// while nothing has been scored.
#[component]
pub fn CalibrationOverview(calibration: Calibration) -> impl IntoView {
    let summary = calibration.summary;
    if summary.forecasts == 0 {
        return view! {
            <div data-testid="calibration-empty"><Empty message=NOTHING_SCORED /></div>
        }
        .into_any();
    }
    // The plot needs a probability of overrun, which only a forecast with a budget gives.
    let plotted = calibration
        .reliability
        .iter()
        .any(|band| band.forecasts > 0);
    let rows = method_scores(&summary)
        .into_iter()
        .map(|method| {
            view! {
                <tr>
                    <th scope="row">{method.name}</th>
                    <td class="num">{method.median_error}</td>
                    <td class="num">{method.brier}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="calibration-verdict" data-testid="calibration-verdict">{summary.verdict.clone()}</p>
        <dl class="figures">
            <div>
                <dt>"Forecasts scored"</dt>
                <dd data-testid="calibration-forecasts">{summary.forecasts}</dd>
            </div>
            <div>
                <dt>"Outcomes inside the 80 % interval"</dt>
                <dd data-testid="calibration-coverage">{format::percent(summary.coverage_80.as_ref())}</dd>
            </div>
        </dl>
        <div class="table-wrap" tabindex="0">
            <table data-testid="calibration-summary">
                <caption class="visually-hidden">"The forecast's errors next to the two baselines"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Predicted by"</th>
                        <th scope="col" class="num">"Median error"</th>
                        <th scope="col" class="num">"Brier score"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="muted">
            "The median error is the middle of |predicted − outcome| ÷ outcome. The Brier score "
            "rates the chance of going over budget: 0 is perfect, always saying 50 % scores 0.25; "
            "EAC's call is “over” exactly when EAC exceeds the budget."
        </p>
        {if plotted {
            view! { <ReliabilityChart bands=calibration.reliability /> }.into_any()
        } else {
            view! { <div data-testid="reliability-empty"><Empty message=NOTHING_TO_PLOT /></div> }.into_any()
        }}
    }
    .into_any()
}

/// Every scored forecast, newest first, with the money in `currency` (the board's).
#[component]
pub fn ScoredForecastTable(
    forecasts: Vec<ScoredForecast>,
    currency: Option<String>,
) -> impl IntoView {
    if forecasts.is_empty() {
        return ().into_any();
    }
    let mut forecasts = forecasts;
    forecasts.sort_by(|a, b| {
        b.as_of
            .cmp(&a.as_of)
            .then(a.source.as_str().cmp(b.source.as_str()))
    });
    let money = move |value: &budget_contract::Money| format::money(value, currency.as_deref());
    let rows = forecasts
        .iter()
        .map(|forecast| {
            view! {
                <tr data-testid="calibration-forecast" data-source=forecast.source.as_str()>
                    <td>{format::date(forecast.as_of)}</td>
                    <td>{labels::forecast_source(forecast.source)}</td>
                    <td>{format::date(forecast.completion_date)}</td>
                    <td class="num">
                        {money(&forecast.projected_cost_at_completion)}
                        <br />
                        <small>{money(&forecast.interval_80.low)} " – " {money(&forecast.interval_80.high)}</small>
                    </td>
                    <td class="num">{format::percent(forecast.probability_over_budget.as_ref())}</td>
                    <td class="num">{money(&forecast.outcome)}</td>
                    <td>{if forecast.covered { "yes" } else { "no" }}</td>
                    <td class="num">{money(&forecast.eac)}</td>
                    <td class="num">{money(&forecast.linear)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details>
            <summary>{format!("The {} scored forecasts", forecasts.len())}</summary>
            <div class="table-wrap" tabindex="0">
                <table data-testid="calibration-forecast-table">
                    <thead>
                        <tr>
                            <th scope="col">"Made on"</th>
                            <th scope="col">"Source"</th>
                            <th scope="col">"Completion date"</th>
                            <th scope="col" class="num">"Projected (80 % interval)"</th>
                            <th scope="col" class="num">"Chance over budget"</th>
                            <th scope="col" class="num">"Outcome"</th>
                            <th scope="col">"Inside the interval"</th>
                            <th scope="col" class="num">"EAC"</th>
                            <th scope="col" class="num">"Linear"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn the_forecast_is_compared_with_both_baselines() {
        let summary = CalibrationSummary {
            forecasts: 8,
            coverage_80: Some(Percent::new(d("100"))),
            median_error_percent: Some(Percent::new(d("3.5"))),
            eac_median_error_percent: Some(Percent::new(d("46.72"))),
            linear_median_error_percent: Some(Percent::new(d("0"))),
            brier: Some(d("0.15")),
            brier_eac: None,
            verdict: "v".to_owned(),
        };
        let scores = method_scores(&summary);
        let table: Vec<(&str, &str, &str)> = scores
            .iter()
            .map(|s| (s.name, s.median_error.as_str(), s.brier.as_str()))
            .collect();
        assert_eq!(
            table,
            vec![
                ("The forecast", "3.50 %", "0.1500"),
                ("EAC = BAC / CPI", "46.72 %", "—"),
                ("Linear extrapolation of the spend so far", "0.00 %", "—"),
            ]
        );
    }
}
