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
use crate::text::text;

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
    let words = &text().analytics;
    let error = |value: &Option<Percent>| format::percent(value.as_ref());
    let brier = |value: Option<Decimal>| format::score(value);
    vec![
        MethodScore {
            name: words.forecast_method,
            median_error: error(&summary.median_error_percent),
            brier: brier(summary.brier),
        },
        MethodScore {
            name: words.eac_method,
            median_error: error(&summary.eac_median_error_percent),
            brier: brier(summary.brier_eac),
        },
        MethodScore {
            name: words.linear_method,
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
    let words = &text().analytics;
    let summary = calibration.summary;
    if summary.forecasts == 0 {
        return view! {
            <div data-testid="calibration-empty"><Empty message=words.nothing_scored /></div>
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
                <dt>{words.forecasts_scored_label}</dt>
                <dd data-testid="calibration-forecasts">{summary.forecasts}</dd>
            </div>
            <div>
                <dt>{words.coverage_label}</dt>
                <dd data-testid="calibration-coverage">{format::percent(summary.coverage_80.as_ref())}</dd>
            </div>
        </dl>
        <div class="table-wrap" tabindex="0">
            <table data-testid="calibration-summary">
                <caption class="visually-hidden">{words.scores_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{words.predicted_by_column}</th>
                        <th scope="col" class="num">{words.median_error_column}</th>
                        <th scope="col" class="num">{words.brier_column}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="muted">{words.scores_hint}</p>
        {if plotted {
            view! { <ReliabilityChart bands=calibration.reliability /> }.into_any()
        } else {
            view! { <div data-testid="reliability-empty"><Empty message=words.nothing_to_plot /></div> }.into_any()
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
    let words = &text().analytics;
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
                    <td>{if forecast.covered { words.covered_yes } else { words.covered_no }}</td>
                    <td class="num">{money(&forecast.eac)}</td>
                    <td class="num">{money(&forecast.linear)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details>
            <summary>{(words.scored_summary)(forecasts.len())}</summary>
            <div class="table-wrap" tabindex="0">
                <table data-testid="calibration-forecast-table">
                    <thead>
                        <tr>
                            <th scope="col">{words.made_on_column}</th>
                            <th scope="col">{words.source_column}</th>
                            <th scope="col">{words.completion_column}</th>
                            <th scope="col" class="num">{words.scored_projected_column}</th>
                            <th scope="col" class="num">{words.chance_column}</th>
                            <th scope="col" class="num">{words.outcome_column}</th>
                            <th scope="col">{words.covered_column}</th>
                            <th scope="col" class="num">{words.eac_column}</th>
                            <th scope="col" class="num">{words.linear_column}</th>
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
