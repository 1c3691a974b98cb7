//! The forecasts of what-if scenarios drawn together: for today's plan and for each plan with
//! changes (one scenario tried, or several saved ones compared), the 80 % interval of the cost
//! at completion as a bar, its median as a tick, and that plan's budget as a dashed line across
//! its row. Every row shares one money axis from zero, so their bars compare by length. Its
//! geometry is pure and unit-tested natively.

use budget_contract::scenario::ScenarioOutcome;
use leptos::prelude::*;

use super::scale::{nice_ticks, Scale};
use super::{px, tick_label, WIDTH};
use crate::format;
use crate::text::text;

/// A row's height, in `viewBox` units: the plot is as high as its rows and margins.
const ROW_HEIGHT: f64 = 66.0;
/// Room for the rows' names on the left.
const MARGIN_LEFT: f64 = 128.0;
/// Room for half the last tick's label, so it is not cut off.
const MARGIN_RIGHT: f64 = 32.0;
const MARGIN_TOP: f64 = 12.0;
const MARGIN_BOTTOM: f64 = 46.0;
/// A row's bar height, as a share of the row.
const BAR_FILL: f64 = 0.45;
/// The longest row name drawn in full; longer ones are cut with an ellipsis (the hover title
/// and the screen readers' label keep the whole name).
const NAME_CHARS: usize = 18;

/// One forecast, placed on its row.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeMark {
    /// The row's name: `"Today's plan"`, `"With the changes"`, a saved scenario's name.
    pub name: String,
    /// The name as drawn, cut to [`NAME_CHARS`].
    pub short_name: String,
    /// The bar of the 80 % interval: its left end, width, top and height.
    pub bar_x: f64,
    pub bar_width: f64,
    pub bar_y: f64,
    pub bar_height: f64,
    /// The median's x.
    pub median_x: f64,
    /// The row's middle (its name and median tick are centred on it).
    pub row_y: f64,
    /// The budget line's x, when the plan has a budget.
    pub budget_x: Option<f64>,
    /// For screen readers and the hover title.
    pub label: String,
}

/// The geometry of the scenario plot, in `viewBox` units.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioGeometry {
    /// In the order given: today's plan first, then the plans with changes.
    pub rows: Vec<OutcomeMark>,
    /// Money ticks: value and x position.
    pub ticks: Vec<(f64, f64)>,
    /// The plot's height: its rows and margins.
    pub height: f64,
}

/// `name` cut to [`NAME_CHARS`] characters, the last one an ellipsis when cut.
fn short_name(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        return name.to_owned();
    }
    let mut short: String = name.chars().take(NAME_CHARS - 1).collect();
    short.push('…');
    short
}

/// The x axis runs from zero (or the lowest value, when one is negative) to the highest of
/// every interval's high end and every budget, rounded out to nice ticks.
pub fn scenario_geometry(
    outcomes: &[(String, ScenarioOutcome)],
    currency: Option<&str>,
) -> ScenarioGeometry {
    let values = outcomes.iter().flat_map(|(_, outcome)| {
        [
            Some(px(outcome.interval_80.low)),
            Some(px(outcome.interval_80.high)),
            Some(px(outcome.projected_cost_at_completion)),
            outcome.budget.map(px),
        ]
        .into_iter()
        .flatten()
    });
    let (low, high) = values.fold((0.0_f64, 0.0_f64), |(low, high), value| {
        (low.min(value), high.max(value))
    });
    let ticks = nice_ticks(low, high, 5);
    let domain = match (ticks.first(), ticks.last()) {
        (Some(first), Some(last)) => (*first, *last),
        _ => (low, high),
    };
    let x = Scale::new(domain, (MARGIN_LEFT, WIDTH - MARGIN_RIGHT));
    let mark = |index: usize, name: &str, outcome: &ScenarioOutcome| {
        let row_y = MARGIN_TOP + ROW_HEIGHT * (index as f64 + 0.5);
        let bar_height = ROW_HEIGHT * BAR_FILL;
        let left = x.map_clamped(px(outcome.interval_80.low));
        let right = x.map_clamped(px(outcome.interval_80.high));
        OutcomeMark {
            name: name.to_owned(),
            short_name: short_name(name),
            bar_x: left,
            bar_width: (right - left).max(0.0),
            bar_y: row_y - bar_height / 2.0,
            bar_height,
            median_x: x.map_clamped(px(outcome.projected_cost_at_completion)),
            row_y,
            budget_x: outcome.budget.map(|budget| x.map_clamped(px(budget))),
            label: (text().charts.scenario_row)(
                name,
                &format::money(&outcome.projected_cost_at_completion, currency),
                &format::money(&outcome.interval_80.low, currency),
                &format::money(&outcome.interval_80.high, currency),
                outcome
                    .budget
                    .map(|budget| format::money(&budget, currency))
                    .as_deref(),
            ),
        }
    };
    ScenarioGeometry {
        rows: outcomes
            .iter()
            .enumerate()
            .map(|(index, (name, outcome))| mark(index, name, outcome))
            .collect(),
        ticks: ticks.into_iter().map(|tick| (tick, x.map(tick))).collect(),
        height: MARGIN_TOP + ROW_HEIGHT * outcomes.len() as f64 + MARGIN_BOTTOM,
    }
}

/// Forecasts on one money axis, a row each: `rows` holds each plan's name and forecast, today's
/// plan first.
#[component]
pub fn ScenarioChart(
    rows: Vec<(String, ScenarioOutcome)>,
    currency: Option<String>,
) -> impl IntoView {
    let words = &text().charts;
    let currency = currency.as_deref();
    let geometry = scenario_geometry(&rows, currency);
    let height = geometry.height;
    let axis_bottom = height - MARGIN_BOTTOM;
    let grid = geometry
        .ticks
        .iter()
        .map(|(value, x)| {
            view! {
                <g>
                    <line x1=*x x2=*x y1=MARGIN_TOP y2=axis_bottom class="chart-grid" />
                    <text x=*x y=axis_bottom dy="1.35em" text-anchor="middle">{tick_label(*value, currency)}</text>
                </g>
            }
        })
        .collect_view();
    let rows = geometry
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            // Today's plan, then the plans with changes.
            let kind = if index == 0 { "baseline" } else { "scenario" };
            let half = row.bar_height;
            view! {
                <g class=format!("scenario-row scenario-row--{kind}") data-testid=format!("scenario-chart-{kind}")>
                    <title>{row.label.clone()}</title>
                    <text x=MARGIN_LEFT - 8.0 y=row.row_y dy="0.35em" text-anchor="end">{row.short_name.clone()}</text>
                    <rect x=row.bar_x y=row.bar_y width=row.bar_width height=row.bar_height class="scenario-interval" />
                    <line x1=row.median_x x2=row.median_x y1=row.row_y - half / 2.0 - 4.0 y2=row.row_y + half / 2.0 + 4.0 class="scenario-median" />
                    {row
                        .budget_x
                        .map(|budget_x| {
                            view! {
                                <g class="chart-budget">
                                    <line x1=budget_x x2=budget_x y1=row.row_y - half y2=row.row_y + half />
                                </g>
                            }
                        })}
                </g>
            }
        })
        .collect_view();
    let labels: Vec<&str> = geometry.rows.iter().map(|row| row.label.as_str()).collect();
    let description = (words.scenario_description)(&labels.join("; "));
    view! {
        <figure class="chart chart--scenario" tabindex="0" data-testid="scenario-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-label=description
                preserveAspectRatio="xMidYMid meet"
            >
                {grid}
                <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=axis_bottom y2=axis_bottom class="chart-axis" />
                <text x=MARGIN_LEFT y=axis_bottom dy="2.8em" class="chart-axis-title">{words.scenario_x_axis}</text>
                {rows}
            </svg>
            <figcaption>
                <div class="chart-legend" aria-hidden="true">
                    <span class="legend legend--band">{words.interval_legend}</span>
                    <span class="legend legend--median">{words.scenario_median_legend}</span>
                    <span class="legend legend--budget">{words.budget}</span>
                </div>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::forecast::CostInterval;
    use budget_contract::{Decimal, Money};
    use std::str::FromStr;

    fn m(text: &str) -> Money {
        Money::new(Decimal::from_str(text).unwrap())
    }

    fn outcome(low: &str, median: &str, high: &str, budget: Option<&str>) -> ScenarioOutcome {
        ScenarioOutcome {
            projected_cost_at_completion: m(median),
            interval_80: CostInterval {
                low: m(low),
                high: m(high),
            },
            probability_over_budget: None,
            projected_exhaustion_date: None,
            budget: budget.map(m),
            due_date: None,
            roi_percent: None,
        }
    }

    #[test]
    fn both_forecasts_share_one_axis_from_zero() {
        // Ticks 0..50k in steps of 10k over x 128..528: 8 px per thousand.
        let geometry = scenario_geometry(
            &[
                (
                    "Today's plan".to_owned(),
                    outcome("30000", "35000", "40000", Some("45000")),
                ),
                (
                    "With the changes".to_owned(),
                    outcome("40000", "45000", "50000", Some("45000")),
                ),
            ],
            Some("USD"),
        );
        let values: Vec<f64> = geometry.ticks.iter().map(|(value, _)| *value).collect();
        assert_eq!(
            values,
            vec![0.0, 10_000.0, 20_000.0, 30_000.0, 40_000.0, 50_000.0]
        );
        let [baseline, scenario] = &geometry.rows[..] else {
            panic!("two rows: {:?}", geometry.rows);
        };
        assert!((baseline.bar_x - 368.0).abs() < 1e-9);
        assert!((baseline.bar_width - 80.0).abs() < 1e-9);
        assert!((baseline.median_x - 408.0).abs() < 1e-9);
        assert_eq!(baseline.budget_x, scenario.budget_x);
        assert!((scenario.bar_x + scenario.bar_width - 528.0).abs() < 1e-9);
        // Each row is 66 high, under a top margin of 12.
        assert_eq!((baseline.row_y, scenario.row_y), (45.0, 111.0));
        assert_eq!(geometry.height, 190.0);
        assert_eq!(
            baseline.label,
            "Today's plan: cost at completion $35,000.00 (80 % between $30,000.00 and $40,000.00), budget $45,000.00"
        );
    }

    #[test]
    fn a_plan_without_budget_has_no_budget_line() {
        let geometry = scenario_geometry(
            &[
                ("Today's plan".to_owned(), outcome("0", "0", "0", None)),
                ("With the changes".to_owned(), outcome("0", "0", "0", None)),
            ],
            None,
        );
        assert_eq!(geometry.rows[0].budget_x, None);
        assert_eq!(geometry.rows[1].bar_width, 0.0);
        assert!(geometry.rows[1].label.ends_with("no budget"));
    }

    #[test]
    fn saved_scenarios_compared_get_a_row_each_on_the_same_axis() {
        let geometry = scenario_geometry(
            &[
                (
                    "Today's plan".to_owned(),
                    outcome("30000", "35000", "40000", None),
                ),
                (
                    "Licence".to_owned(),
                    outcome("31000", "36000", "41000", None),
                ),
                (
                    "Two more developers from January".to_owned(),
                    outcome("40000", "45000", "50000", None),
                ),
            ],
            Some("USD"),
        );
        assert_eq!(geometry.rows.len(), 3);
        assert_eq!(geometry.height, 12.0 + 3.0 * 66.0 + 46.0);
        assert_eq!(geometry.rows[2].row_y, 12.0 + 2.5 * 66.0);
        // One axis: 0..50k over x 128..528.
        assert!((geometry.rows[2].bar_x + geometry.rows[2].bar_width - 528.0).abs() < 1e-9);
        assert_eq!(geometry.rows[1].short_name, "Licence");
        assert_eq!(geometry.rows[2].short_name, "Two more develope…");
        assert!(geometry.rows[2]
            .label
            .starts_with("Two more developers from January: cost at completion $45,000.00"));
    }
}
