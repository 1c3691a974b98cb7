//! The forecast as a fan: the spending so far, then the 80 % interval (a band from today's
//! spend to the low–high range at completion) and the median to completion, against the budget
//! line. Its geometry is pure and unit-tested natively.

use budget_contract::forecast::Forecast;
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

fn to_f64(value: Decimal) -> f64 {
    decimal_px(value)
}

fn day_number(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

fn fmt_point(x: f64, y: f64) -> String {
    format!("{x:.1},{y:.1}")
}

/// The geometry of the forecast chart, in `viewBox` units.
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalGeometry {
    /// Polygon points of the 80 % band: today's spend, then the high and low ends at completion.
    pub band: String,
    /// Polyline of the median projection, from today's spend to the median at completion.
    pub median: String,
    /// Polyline of the cumulative cost so far (empty without history).
    pub history: String,
    /// Height of the budget line, when there is a budget.
    pub budget_y: Option<f64>,
    pub today_x: f64,
    pub completion_x: f64,
    /// Height of today's spend, the low, the median and the high end at completion.
    pub spent_y: f64,
    pub low_y: f64,
    pub median_y: f64,
    pub high_y: f64,
    /// Money ticks: height and value.
    pub y_ticks: Vec<(f64, Decimal)>,
    /// Date ticks along the bottom.
    pub x_ticks: Vec<DateTick>,
}

/// A date on the x axis: where, which day, how its label hangs (`start`, `middle`, `end`, so it
/// stays inside the chart and clear of its neighbours) and the word under it.
#[derive(Clone, Debug, PartialEq)]
pub struct DateTick {
    pub x: f64,
    pub date: NaiveDate,
    pub anchor: &'static str,
    pub caption: &'static str,
}

/// What the forecast chart shows, taken from the forecast (and the analytics' cumulative cost).
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalInput {
    pub as_of: NaiveDate,
    pub completion: NaiveDate,
    pub spent: Decimal,
    pub low: Decimal,
    pub median: Decimal,
    pub high: Decimal,
    pub budget: Option<Decimal>,
    /// Cumulative cost per day up to today.
    pub history: Vec<(NaiveDate, Decimal)>,
}

/// The part of the cost history the forecast chart shows: as many days before today as the
/// projection covers after it (at least 30), so the fan keeps half the width.
pub fn recent_history(
    history: Vec<(NaiveDate, Decimal)>,
    as_of: NaiveDate,
    horizon_days: u32,
) -> Vec<(NaiveDate, Decimal)> {
    let window = chrono::Days::new(u64::from(horizon_days.max(30)));
    let first = as_of.checked_sub_days(window).unwrap_or(as_of);
    history
        .into_iter()
        .filter(|(date, _)| *date >= first && *date <= as_of)
        .collect()
}

impl IntervalInput {
    pub fn from_forecast(forecast: &Forecast, history: Vec<(NaiveDate, Decimal)>) -> Self {
        let history = recent_history(history, forecast.as_of, forecast.inputs.horizon_days);
        Self {
            as_of: forecast.as_of,
            completion: forecast.inputs.completion_date,
            spent: forecast.inputs.ac.value(),
            low: forecast.interval_80.low.value(),
            median: forecast.projected_cost_at_completion.value(),
            high: forecast.interval_80.high.value(),
            budget: forecast.inputs.bac.map(|bac| bac.value()),
            history,
        }
    }
}

/// Lays the forecast out: x runs from the first day of history (or today) to the completion
/// date, y from zero to a round value above the highest of the high end, the budget and the
/// spend.
pub fn interval_geometry(input: &IntervalInput) -> IntervalGeometry {
    let start = input
        .history
        .iter()
        .map(|(date, _)| *date)
        .min()
        .map_or(input.as_of, |first| first.min(input.as_of));
    let end = input.completion.max(input.as_of);
    let x = Scale::new(
        (day_number(start), day_number(end)),
        (MARGIN_LEFT, WIDTH - MARGIN_RIGHT),
    );
    let highest = [
        Some(input.high),
        Some(input.median),
        Some(input.spent),
        input.budget,
    ]
    .into_iter()
    .flatten()
    .chain(input.history.iter().map(|(_, value)| *value))
    .map(to_f64)
    .fold(0.0_f64, f64::max);
    let lowest = [input.low, input.spent]
        .into_iter()
        .chain(input.history.iter().map(|(_, value)| *value))
        .map(to_f64)
        .fold(0.0_f64, f64::min);
    let ticks = nice_ticks(lowest, highest, 5);
    let y_min = ticks.first().copied().unwrap_or(0.0);
    let y_max = ticks.last().copied().unwrap_or(1.0);
    let y = Scale::new((y_min, y_max), (HEIGHT - MARGIN_BOTTOM, MARGIN_TOP));

    let today_x = x.map(day_number(input.as_of));
    let completion_x = x.map(day_number(end));
    let spent_y = y.map(to_f64(input.spent));
    let low_y = y.map(to_f64(input.low));
    let median_y = y.map(to_f64(input.median));
    let high_y = y.map(to_f64(input.high));

    let band = [
        fmt_point(today_x, spent_y),
        fmt_point(completion_x, high_y),
        fmt_point(completion_x, low_y),
    ]
    .join(" ");
    let median = [
        fmt_point(today_x, spent_y),
        fmt_point(completion_x, median_y),
    ]
    .join(" ");
    let history = input
        .history
        .iter()
        .map(|(date, value)| fmt_point(x.map(day_number(*date)), y.map(to_f64(*value))))
        .collect::<Vec<_>>()
        .join(" ");

    let start_x = x.map(day_number(start));
    let mut x_ticks = Vec::new();
    if start != input.as_of {
        x_ticks.push(DateTick {
            x: start_x,
            date: start,
            anchor: "start",
            caption: "",
        });
    }
    let today_anchor = match (start != input.as_of, end != input.as_of) {
        (false, _) => "start",
        (true, false) => "end",
        // Between the two: hang towards the wider gap.
        (true, true) if completion_x - today_x < today_x - start_x => "end",
        (true, true) => "start",
    };
    x_ticks.push(DateTick {
        x: today_x,
        date: input.as_of,
        anchor: today_anchor,
        caption: text().charts.fan_today,
    });
    if end != input.as_of {
        x_ticks.push(DateTick {
            x: completion_x,
            date: end,
            anchor: "end",
            caption: text().charts.fan_completion,
        });
    }

    IntervalGeometry {
        band,
        median,
        history,
        budget_y: input.budget.map(|budget| y.map(to_f64(budget))),
        today_x,
        completion_x,
        spent_y,
        low_y,
        median_y,
        high_y,
        y_ticks: ticks
            .iter()
            .map(|tick| (y.map(*tick), Decimal::from_f64(*tick).unwrap_or_default()))
            .collect(),
        x_ticks,
    }
}

/// The forecast as a fan: spending so far, then the 80 % band and the median to completion,
/// against the budget line. The figures are also written out beside it for screen readers.
#[component]
pub fn ForecastChart(
    forecast: Forecast,
    /// The analytics' cumulative cost per day; may be empty.
    history: Vec<(NaiveDate, Decimal)>,
) -> impl IntoView {
    let words = &text().charts;
    let currency = forecast.currency.clone();
    let input = IntervalInput::from_forecast(&forecast, history);
    let geometry = interval_geometry(&input);
    let money = |value: Decimal| format::money_decimal(value, currency.as_deref());
    let description = (words.fan_description)(
        &money(input.spent),
        &format::date(input.as_of),
        &money(input.median),
        &format::date(input.completion),
        &money(input.low),
        &money(input.high),
        input.budget.map(money).as_deref(),
    );
    let year = input.as_of.year();
    let axis_bottom = HEIGHT - MARGIN_BOTTOM;
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
    let x_ticks = geometry
        .x_ticks
        .iter()
        .map(|tick| {
            view! {
                <g>
                    <line x1=tick.x x2=tick.x y1=axis_bottom y2=axis_bottom + 5.0 class="chart-axis" />
                    <text x=tick.x y=axis_bottom dy="1.35em" text-anchor=tick.anchor>{short_date(tick.date, year)}</text>
                    <text x=tick.x y=axis_bottom dy="2.6em" text-anchor=tick.anchor class="chart-axis-title">{tick.caption}</text>
                </g>
            }
        })
        .collect_view();
    let budget_line = geometry.budget_y.map(|y| {
        view! {
            <g class="chart-budget">
                <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=y y2=y />
                <text x=MARGIN_LEFT + 4.0 y=y - 5.0>{words.budget}</text>
            </g>
        }
    });
    let has_history = !geometry.history.is_empty();
    view! {
        <figure class="chart chart--fan" data-testid="forecast-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=description.clone()
                preserveAspectRatio="xMidYMid meet"
            >
                {y_ticks}
                <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=axis_bottom y2=axis_bottom class="chart-axis" />
                <line x1=MARGIN_LEFT x2=MARGIN_LEFT y1=MARGIN_TOP y2=axis_bottom class="chart-axis" />
                {x_ticks}
                <polygon points=geometry.band.clone() class="fan-band" />
                {has_history.then(|| view! { <polyline points=geometry.history.clone() class="chart-line" /> })}
                <polyline points=geometry.median.clone() class="fan-median" />
                {budget_line}
                <line x1=geometry.today_x x2=geometry.today_x y1=MARGIN_TOP y2=axis_bottom class="fan-today" />
                <circle cx=geometry.completion_x cy=geometry.median_y r="3.5" class="fan-dot" />
            </svg>
            <figcaption>
                <div class="chart-legend" aria-hidden="true">
                    <span class="legend legend--line">{words.fan_spent_legend}</span>
                    <span class="legend legend--median">{words.fan_median_legend}</span>
                    <span class="legend legend--band">{words.interval_legend}</span>
                    <span class="legend legend--budget">{words.budget}</span>
                </div>
                <p class="muted">{description}</p>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn forecast_input() -> IntervalInput {
        IntervalInput {
            as_of: day(2026, 11, 25),
            completion: day(2027, 1, 24),
            spent: d("100000"),
            low: d("150000"),
            median: d("170000"),
            high: d("190000"),
            budget: Some(d("171000")),
            history: vec![(day(2026, 9, 26), d("0")), (day(2026, 11, 25), d("100000"))],
        }
    }

    #[test]
    fn the_interval_band_opens_from_todays_spend_to_the_low_and_high_ends() {
        let geometry = interval_geometry(&forecast_input());
        // x: 26 Sep .. 24 Jan (120 days) over 64..544; today is day 60, the middle.
        assert_eq!(geometry.today_x, 304.0);
        assert_eq!(geometry.completion_x, 544.0);
        // y: ticks 0..200k over 242..16.
        assert_eq!(geometry.y_ticks.first(), Some(&(242.0, Decimal::ZERO)));
        assert_eq!(
            geometry.y_ticks.last(),
            Some(&(16.0, Decimal::from(200_000)))
        );
        assert_eq!(geometry.spent_y, 129.0);
        assert!((geometry.high_y - 27.3).abs() < 1e-9);
        assert!((geometry.low_y - 72.5).abs() < 1e-9);
        assert_eq!(geometry.band, "304.0,129.0 544.0,27.3 544.0,72.5");
        assert_eq!(geometry.median, "304.0,129.0 544.0,49.9");
        assert_eq!(geometry.history, "64.0,242.0 304.0,129.0");
        let budget_y = geometry.budget_y.unwrap();
        assert!((budget_y - 48.77).abs() < 1e-9);
        // Low and high straddle the median; the budget lies between median and high.
        assert!(geometry.high_y < geometry.median_y && geometry.median_y < geometry.low_y);
        let ticks: Vec<(NaiveDate, &str, &str)> = geometry
            .x_ticks
            .iter()
            .map(|tick| (tick.date, tick.anchor, tick.caption))
            .collect();
        assert_eq!(
            ticks,
            vec![
                (day(2026, 9, 26), "start", ""),
                (day(2026, 11, 25), "start", "today"),
                (day(2027, 1, 24), "end", "completion"),
            ]
        );
    }

    #[test]
    fn a_forecast_without_budget_history_or_horizon_still_draws() {
        let input = IntervalInput {
            completion: day(2026, 11, 25),
            budget: None,
            history: Vec::new(),
            ..forecast_input()
        };
        let geometry = interval_geometry(&input);
        assert_eq!(geometry.budget_y, None);
        assert!(geometry.history.is_empty());
        // One day wide: everything sits in the middle, nothing is NaN.
        assert_eq!(geometry.today_x, geometry.completion_x);
        assert!(geometry
            .band
            .split([' ', ','])
            .all(|n| n.parse::<f64>().is_ok()));
        assert_eq!(geometry.x_ticks.len(), 1);
        assert_eq!(geometry.x_ticks[0].caption, "today");
    }

    #[test]
    fn the_forecast_shows_as_much_history_as_it_projects() {
        let as_of = day(2026, 11, 25);
        let history: Vec<(NaiveDate, Decimal)> = (0..120)
            .map(|back| (as_of - chrono::Days::new(back), Decimal::from(back)))
            .collect();
        let shown = recent_history(history.clone(), as_of, 60);
        assert_eq!(shown.len(), 61);
        assert!(shown.iter().all(|(date, _)| *date >= day(2026, 9, 26)));
        // A short projection still shows a month.
        assert_eq!(recent_history(history, as_of, 5).len(), 31);
    }

    #[test]
    fn today_hangs_towards_the_wider_gap() {
        let late = IntervalInput {
            history: vec![(day(2026, 1, 1), Decimal::ZERO)],
            ..forecast_input()
        };
        let geometry = interval_geometry(&late);
        assert_eq!(geometry.x_ticks[1].anchor, "end");
    }
}
