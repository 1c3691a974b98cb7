//! The forecast history: for every day a forecast was kept, the projected cost at completion
//! with its 80 % band, the actual cost spent by that day and the budget, so one sees how the
//! projection moved against what was spent. Its geometry is pure and unit-tested natively.

use budget_contract::forecast::ForecastSnapshot;
use budget_contract::Decimal;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use rust_decimal::prelude::FromPrimitive;

use super::scale::{nice_ticks, Scale};
use super::{
    decimal_px, short_date, HEIGHT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, WIDTH,
};
use crate::format;
use crate::text::text;

fn day_number(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

fn fmt_point(x: f64, y: f64) -> String {
    format!("{x:.1},{y:.1}")
}

/// One kept forecast, as the chart reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryPoint {
    pub as_of: NaiveDate,
    pub projected: Decimal,
    pub low: Decimal,
    pub high: Decimal,
    /// Spent by that day.
    pub actual: Decimal,
    pub budget: Decimal,
}

impl HistoryPoint {
    pub fn from_snapshot(snapshot: &ForecastSnapshot) -> Self {
        Self {
            as_of: snapshot.as_of,
            projected: snapshot.projected_cost_at_completion.value(),
            low: snapshot.interval_80.low.value(),
            high: snapshot.interval_80.high.value(),
            actual: snapshot.ac.value(),
            budget: snapshot.bac.value(),
        }
    }
}

/// Half the width a single day's band and marks take, in `viewBox` units.
const SINGLE_DAY_HALF_WIDTH: f64 = 12.0;

/// The geometry of the forecast history chart, in `viewBox` units.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryGeometry {
    /// Polygon points of the 80 % band: the high ends oldest to newest, then the low ends back.
    pub band: String,
    /// Polylines of the projected cost (median), the actual cost and the budget, per day.
    pub projected: String,
    pub actual: String,
    pub budget: String,
    /// The projected cost of each day, for its dot.
    pub projected_points: Vec<(f64, f64)>,
    /// Money ticks: height and value.
    pub y_ticks: Vec<(f64, Decimal)>,
    /// Day labels along the bottom (first, middle, last): position and day.
    pub x_ticks: Vec<(f64, NaiveDate)>,
}

/// Lays the days out on a time axis (a day missed leaves its gap), oldest left; a single day
/// sits in the middle. The money axis runs from zero (or below, never for costs) to a round
/// value above the highest figure.
pub fn history_geometry(points: &[HistoryPoint]) -> HistoryGeometry {
    let mut sorted: Vec<&HistoryPoint> = points.iter().collect();
    sorted.sort_by_key(|point| point.as_of);
    let first = sorted.first().map(|point| day_number(point.as_of));
    let last = sorted.last().map(|point| day_number(point.as_of));
    let x_domain = match (first, last) {
        (Some(first), Some(last)) if last > first => (first, last),
        (Some(day), _) => (day - 1.0, day + 1.0),
        _ => (0.0, 1.0),
    };
    let x = Scale::new(x_domain, (MARGIN_LEFT + 10.0, WIDTH - MARGIN_RIGHT - 10.0));
    let values: Vec<f64> = sorted
        .iter()
        .flat_map(|p| [p.projected, p.low, p.high, p.actual, p.budget])
        .map(decimal_px)
        .collect();
    let highest = values.iter().copied().fold(0.0_f64, f64::max);
    let lowest = values.iter().copied().fold(0.0_f64, f64::min);
    let ticks = nice_ticks(lowest, highest, 5);
    let y_min = ticks.first().copied().unwrap_or(0.0);
    let y_max = ticks.last().copied().unwrap_or(1.0);
    let y = Scale::new((y_min, y_max), (HEIGHT - MARGIN_BOTTOM, MARGIN_TOP));
    let at = |point: &HistoryPoint, value: Decimal| {
        (x.map(day_number(point.as_of)), y.map(decimal_px(value)))
    };
    // Where the lines and the band pass: each day, or a short stretch around a single day so
    // that one day still shows as a band and level marks.
    let columns: Vec<(f64, &HistoryPoint)> = match sorted.as_slice() {
        [only] => {
            let centre = x.map(day_number(only.as_of));
            vec![
                (centre - SINGLE_DAY_HALF_WIDTH, *only),
                (centre + SINGLE_DAY_HALF_WIDTH, *only),
            ]
        }
        _ => sorted
            .iter()
            .map(|point| (x.map(day_number(point.as_of)), *point))
            .collect(),
    };
    let line = |pick: fn(&HistoryPoint) -> Decimal| {
        columns
            .iter()
            .map(|(px, point)| fmt_point(*px, y.map(decimal_px(pick(point)))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let band = columns
        .iter()
        .map(|(px, point)| (*px, point.high))
        .chain(columns.iter().rev().map(|(px, point)| (*px, point.low)))
        .map(|(px, value)| fmt_point(px, y.map(decimal_px(value))))
        .collect::<Vec<_>>()
        .join(" ");
    let mut label_indices = Vec::new();
    if !sorted.is_empty() {
        label_indices.push(0);
    }
    if sorted.len() > 2 {
        label_indices.push(sorted.len() / 2);
    }
    if sorted.len() > 1 {
        label_indices.push(sorted.len() - 1);
    }
    HistoryGeometry {
        band,
        projected: line(|p| p.projected),
        actual: line(|p| p.actual),
        budget: line(|p| p.budget),
        projected_points: sorted
            .iter()
            .map(|point| at(point, point.projected))
            .collect(),
        y_ticks: ticks
            .iter()
            .map(|tick| (y.map(*tick), Decimal::from_f64(*tick).unwrap_or_default()))
            .collect(),
        x_ticks: label_indices
            .into_iter()
            .map(|index| {
                let day = sorted[index].as_of;
                (x.map(day_number(day)), day)
            })
            .collect(),
    }
}

/// How the probability of overrun moved, for people: the first and the latest kept value.
pub fn probability_summary(snapshots: &[ForecastSnapshot]) -> String {
    let mut sorted: Vec<&ForecastSnapshot> = snapshots.iter().collect();
    sorted.sort_by_key(|snapshot| snapshot.as_of);
    let words = &text().charts;
    let chance =
        |snapshot: &ForecastSnapshot| format::percent(snapshot.probability_over_budget.as_ref());
    let day = |snapshot: &ForecastSnapshot| format::date(snapshot.as_of);
    match (sorted.first(), sorted.last()) {
        (Some(first), Some(last)) if first.as_of != last.as_of => {
            (words.history_probability_moved)(
                &chance(first),
                &day(first),
                &chance(last),
                &day(last),
            )
        }
        (Some(only), _) => (words.history_probability_once)(&chance(only), &day(only)),
        _ => String::new(),
    }
}

/// The kept forecasts over time: the 80 % band and the projected cost, the actual cost and the
/// budget of each day.
#[component]
pub fn ForecastHistoryChart(snapshots: Vec<ForecastSnapshot>) -> impl IntoView {
    let words = &text().charts;
    let currency = snapshots.last().map(|snapshot| snapshot.currency.clone());
    let points: Vec<HistoryPoint> = snapshots.iter().map(HistoryPoint::from_snapshot).collect();
    let geometry = history_geometry(&points);
    let axis_bottom = HEIGHT - MARGIN_BOTTOM;
    let year = points
        .iter()
        .map(|point| point.as_of)
        .max()
        .map_or(0, |day| day.year());
    let y_ticks = geometry
        .y_ticks
        .iter()
        .map(|(y, value)| {
            let label = format::money_compact(*value, currency.as_deref());
            view! {
                <g>
                    <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=*y y2=*y class="chart-grid" />
                    <text x=MARGIN_LEFT - 6.0 y=*y dy="0.35em" text-anchor="end">{label}</text>
                </g>
            }
        })
        .collect_view();
    let tick_count = geometry.x_ticks.len();
    let x_ticks = geometry
        .x_ticks
        .iter()
        .enumerate()
        .map(|(index, (x, day))| {
            let anchor = if tick_count == 1 || (index > 0 && index + 1 < tick_count) {
                "middle"
            } else if index == 0 {
                "start"
            } else {
                "end"
            };
            view! {
                <text x=*x y=axis_bottom dy="1.35em" text-anchor=anchor>{short_date(*day, year)}</text>
            }
        })
        .collect_view();
    let dots = geometry
        .projected_points
        .iter()
        .map(|(cx, cy)| view! { <circle cx=*cx cy=*cy r="3" class="fan-dot" /> })
        .collect_view();
    let description = (words.history_description)(points.len());
    // The chart's data for screen readers and anyone who wants the numbers.
    let mut ordered = points.clone();
    ordered.sort_by_key(|point| point.as_of);
    let rows = ordered
        .into_iter()
        .map(|point| {
            let money = |value: Decimal| format::money_decimal(value, currency.as_deref());
            view! {
                <tr>
                    <th scope="row">{format::date(point.as_of)}</th>
                    <td class="num">{money(point.projected)}</td>
                    <td class="num">{format!("{} – {}", money(point.low), money(point.high))}</td>
                    <td class="num">{money(point.actual)}</td>
                    <td class="num">{money(point.budget)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart chart--fan" data-testid="forecast-history-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=description
                preserveAspectRatio="xMidYMid meet"
            >
                {y_ticks}
                <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=axis_bottom y2=axis_bottom class="chart-axis" />
                <line x1=MARGIN_LEFT x2=MARGIN_LEFT y1=MARGIN_TOP y2=axis_bottom class="chart-axis" />
                {x_ticks}
                <text x=MARGIN_LEFT y=axis_bottom dy="2.6em" class="chart-axis-title">{words.history_x_axis}</text>
                <polygon points=geometry.band.clone() class="fan-band" />
                <g class="chart-budget"><polyline points=geometry.budget.clone() /></g>
                <polyline points=geometry.actual.clone() class="chart-line" />
                <polyline points=geometry.projected.clone() class="fan-median" />
                {dots}
            </svg>
            <figcaption>
                <div class="chart-legend" aria-hidden="true">
                    <span class="legend legend--median">{words.history_median_legend}</span>
                    <span class="legend legend--band">{words.interval_legend}</span>
                    <span class="legend legend--line">{words.history_spent_legend}</span>
                    <span class="legend legend--budget">{words.budget}</span>
                </div>
            </figcaption>
            <details class="chart-data">
                <summary>{words.figures_table}</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{words.history_made_on_column}</th>
                            <th scope="col" class="num">{words.history_projected_column}</th>
                            <th scope="col" class="num">{words.history_interval_column}</th>
                            <th scope="col" class="num">{words.history_spent_column}</th>
                            <th scope="col" class="num">{words.history_budget_column}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::budget::BudgetBasis;
    use budget_contract::forecast::CostInterval;
    use budget_contract::{Money, Percent};
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn day(dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, dd).unwrap()
    }

    fn point(dd: u32, projected: &str, low: &str, high: &str, actual: &str) -> HistoryPoint {
        HistoryPoint {
            as_of: day(dd),
            projected: d(projected),
            low: d(low),
            high: d(high),
            actual: d(actual),
            budget: d("1000"),
        }
    }

    #[test]
    fn the_band_runs_along_the_high_ends_and_back_along_the_low_ends() {
        // Given out of order: drawn oldest first.
        let points = [
            point(25, "800", "700", "900", "400"),
            point(21, "600", "500", "700", "0"),
        ];
        let geometry = history_geometry(&points);
        // x: 21 Nov .. 25 Nov over 74..534; y: ticks 0..1000 over 242..16.
        assert_eq!(geometry.y_ticks.first(), Some(&(242.0, Decimal::ZERO)));
        assert_eq!(geometry.y_ticks.last(), Some(&(16.0, Decimal::from(1000))));
        assert_eq!(geometry.band, "74.0,83.8 534.0,38.6 534.0,83.8 74.0,129.0");
        assert_eq!(geometry.projected, "74.0,106.4 534.0,61.2");
        assert_eq!(geometry.actual, "74.0,242.0 534.0,151.6");
        assert_eq!(geometry.budget, "74.0,16.0 534.0,16.0");
        assert_eq!(geometry.x_ticks, vec![(74.0, day(21)), (534.0, day(25))]);
    }

    #[test]
    fn one_day_sits_in_the_middle_and_a_missed_day_leaves_its_gap() {
        let one = history_geometry(&[point(25, "800", "700", "900", "400")]);
        assert_eq!(one.projected, "292.0,61.2 316.0,61.2");
        assert_eq!(one.band, "292.0,38.6 316.0,38.6 316.0,83.8 292.0,83.8");
        let [(dot_x, dot_y)] = one.projected_points[..] else {
            panic!("one dot: {:?}", one.projected_points);
        };
        assert_eq!(dot_x, 304.0);
        assert!((dot_y - 61.2).abs() < 1e-9);
        assert_eq!(one.x_ticks, vec![(304.0, day(25))]);
        let gap = history_geometry(&[
            point(21, "600", "500", "700", "0"),
            point(22, "600", "500", "700", "0"),
            point(25, "600", "500", "700", "0"),
        ]);
        let xs: Vec<f64> = gap.projected_points.iter().map(|(x, _)| *x).collect();
        assert_eq!(xs, [74.0, 189.0, 534.0]);
        assert_eq!(gap.x_ticks.len(), 3);
        assert!(history_geometry(&[]).band.is_empty());
    }

    fn snapshot(dd: u32, probability: &str) -> ForecastSnapshot {
        let money = |text: &str| Money::new(d(text));
        ForecastSnapshot {
            as_of: day(dd),
            method: "m".to_owned(),
            version: "0.2.0".to_owned(),
            basis: BudgetBasis::Cost,
            currency: "USD".to_owned(),
            projected_cost_at_completion: money("800"),
            interval_80: CostInterval {
                low: money("700"),
                high: money("900"),
            },
            probability_over_budget: Some(Percent::new(d(probability))),
            projected_overrun: Some(money("-200")),
            projected_exhaustion_date: None,
            ac: money("400"),
            bac: money("1000"),
        }
    }

    #[test]
    fn the_probability_is_told_first_and_latest() {
        let told = probability_summary(&[snapshot(25, "62.5"), snapshot(21, "10")]);
        assert!(told.contains("10.00"), "{told}");
        assert!(told.contains("62.50"), "{told}");
        assert!(told.find("10.00") < told.find("62.50"), "{told}");
        assert!(probability_summary(&[snapshot(21, "10")]).contains("10.00"));
        assert_eq!(probability_summary(&[]), "");
    }
}
