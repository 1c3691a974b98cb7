//! The two charts of the analytics and ROI screens, drawn as SVG by us: the forecast's 80 %
//! interval (a band from today's spend to the low–high range at completion, the median line, the
//! budget line and the spending so far) and the ROI history (expected and realised ROI % per
//! snapshot).
//!
//! The geometry is computed by pure functions (unit-tested natively) from the contract's exact
//! decimals; floats appear only as pixel positions. Both charts draw into a fixed `viewBox` that
//! scales to the width of the screen, with text large enough to read on a 375 px phone.

use budget_contract::forecast::Forecast;
use budget_contract::roi::RoiSnapshot;
use budget_contract::Decimal;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use leptos::prelude::*;
use rust_decimal::prelude::FromPrimitive;

use crate::charts::{decimal_px, nice_ticks, Scale};
use crate::format;

/// The drawing area of both charts, in `viewBox` units.
pub const WIDTH: f64 = 560.0;
pub const HEIGHT: f64 = 300.0;
const MARGIN_LEFT: f64 = 64.0;
const MARGIN_RIGHT: f64 = 16.0;
const MARGIN_TOP: f64 = 16.0;
const MARGIN_BOTTOM: f64 = 58.0;

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
        caption: "today",
    });
    if end != input.as_of {
        x_ticks.push(DateTick {
            x: completion_x,
            date: end,
            anchor: "end",
            caption: "completion",
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

/// A short date for axis labels: `"25 Nov"`, with the year when it is not `year`.
fn short_date(date: NaiveDate, year: i32) -> String {
    if date.year() == year {
        date.format("%-d %b").to_string()
    } else {
        date.format("%-d %b %Y").to_string()
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
    let currency = forecast.currency.clone();
    let input = IntervalInput::from_forecast(&forecast, history);
    let geometry = interval_geometry(&input);
    let money = |value: Decimal| format::money_decimal(value, currency.as_deref());
    let description = format!(
        "Spent {spent} by {today}. Projected final cost {median} on {completion} \
         (80 % interval {low} to {high}){budget}.",
        spent = money(input.spent),
        today = format::date(input.as_of),
        median = money(input.median),
        completion = format::date(input.completion),
        low = money(input.low),
        high = money(input.high),
        budget = match input.budget {
            Some(budget) => format!(", against a budget of {}", money(budget)),
            None => ", no budget set".to_owned(),
        },
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
                <text x=MARGIN_LEFT + 4.0 y=y - 5.0>"budget"</text>
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
                    <span class="legend legend--line">"spent so far"</span>
                    <span class="legend legend--median">"projected (median)"</span>
                    <span class="legend legend--band">"80 % interval"</span>
                    <span class="legend legend--budget">"budget"</span>
                </div>
                <p class="muted">{description}</p>
            </figcaption>
        </figure>
    }
}

/// One point of the ROI history: when, and the two ROI percentages (absent when the cost was 0).
#[derive(Clone, Debug, PartialEq)]
pub struct RoiPoint {
    pub taken_at: DateTime<Utc>,
    pub expected: Option<Decimal>,
    pub realized: Option<Decimal>,
}

impl RoiPoint {
    pub fn from_snapshot(snapshot: &RoiSnapshot) -> Self {
        Self {
            taken_at: snapshot.snapshot_date,
            expected: snapshot.expected_roi_percent.map(|p| p.value()),
            realized: snapshot.realized_roi_percent.map(|p| p.value()),
        }
    }
}

/// The geometry of the ROI history chart.
#[derive(Clone, Debug, PartialEq)]
pub struct RoiGeometry {
    /// SVG path data per series; a missing value breaks the line (a new `M`).
    pub expected_path: String,
    pub realized_path: String,
    pub expected_points: Vec<(f64, f64)>,
    pub realized_points: Vec<(f64, f64)>,
    /// Percentage ticks: height and value.
    pub y_ticks: Vec<(f64, f64)>,
    /// Height of the 0 % line (break-even).
    pub zero_y: f64,
    /// Labels of the first and last snapshot (and the middle one when there are more than
    /// two): position and text, the day, or the time when all were taken on one day.
    pub x_labels: Vec<(f64, String)>,
    /// What the x labels are: `"snapshot date"`, or `"snapshot time (UTC), 25 Nov 2026"`.
    pub x_title: String,
}

/// Lays the snapshots out oldest to newest, evenly spaced (snapshots are events, not a time
/// series), with a percentage axis that always includes 0 % (break-even).
pub fn roi_geometry(points: &[RoiPoint]) -> RoiGeometry {
    let mut sorted: Vec<&RoiPoint> = points.iter().collect();
    sorted.sort_by_key(|point| point.taken_at);
    let count = sorted.len();
    // One snapshot sits in the middle: a domain of -1..1 around its index 0.
    let x_domain = if count > 1 {
        (0.0, (count - 1) as f64)
    } else {
        (-1.0, 1.0)
    };
    let x = Scale::new(x_domain, (MARGIN_LEFT + 10.0, WIDTH - MARGIN_RIGHT - 10.0));
    let values: Vec<f64> = sorted
        .iter()
        .flat_map(|point| [point.expected, point.realized])
        .flatten()
        .map(to_f64)
        .collect();
    let high = values.iter().copied().fold(0.0_f64, f64::max);
    let low = values.iter().copied().fold(0.0_f64, f64::min);
    let ticks = nice_ticks(low, high, 5);
    let y_min = ticks.first().copied().unwrap_or(0.0);
    let y_max = ticks.last().copied().unwrap_or(1.0);
    let y = Scale::new((y_min, y_max), (HEIGHT - MARGIN_BOTTOM, MARGIN_TOP));

    let series = |pick: fn(&RoiPoint) -> Option<Decimal>| {
        let mut path = String::new();
        let mut dots = Vec::new();
        let mut pen_down = false;
        for (index, point) in sorted.iter().enumerate() {
            match pick(point) {
                Some(value) => {
                    let (px, py) = (x.map(index as f64), y.map(to_f64(value)));
                    if !path.is_empty() {
                        path.push(' ');
                    }
                    path.push_str(&format!(
                        "{}{px:.1},{py:.1}",
                        if pen_down { "L" } else { "M" }
                    ));
                    dots.push((px, py));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        (path, dots)
    };
    let (expected_path, expected_points) = series(|point| point.expected);
    let (realized_path, realized_points) = series(|point| point.realized);

    let mut label_indices = vec![0];
    if count > 2 {
        label_indices.push(count / 2);
    }
    if count > 1 {
        label_indices.push(count - 1);
    }
    let first_day = sorted.first().map(|point| point.taken_at.date_naive());
    let last_day = sorted.last().map(|point| point.taken_at.date_naive());
    let one_day = count > 1 && first_day == last_day;
    let year = last_day.map_or(0, |day| day.year());
    let x_labels = if count == 0 {
        Vec::new()
    } else {
        label_indices
            .into_iter()
            .map(|index| {
                let taken_at = sorted[index].taken_at;
                let text = if one_day {
                    taken_at.format("%H:%M").to_string()
                } else {
                    short_date(taken_at.date_naive(), year)
                };
                (x.map(index as f64), text)
            })
            .collect()
    };
    let x_title = match (one_day, last_day) {
        (true, Some(day)) => format!("snapshot time (UTC), {}", format::date(day)),
        _ => "snapshot date".to_owned(),
    };

    RoiGeometry {
        expected_path,
        realized_path,
        expected_points,
        realized_points,
        y_ticks: ticks.iter().map(|tick| (y.map(*tick), *tick)).collect(),
        zero_y: y.map(0.0),
        x_labels,
        x_title,
    }
}

/// A percentage tick: `"150 %"`, `"−50 %"`, `"2.5 %"`.
pub fn percent_tick(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let text = if rounded.fract().abs() < f64::EPSILON {
        format!("{}", rounded.abs() as i64)
    } else {
        format!("{:.1}", rounded.abs())
    };
    if rounded < 0.0 {
        format!("\u{2212}{text} %")
    } else {
        format!("{text} %")
    }
}

/// Expected and realised ROI % over the snapshots, with the break-even line.
#[component]
pub fn RoiHistoryChart(snapshots: Vec<RoiSnapshot>) -> impl IntoView {
    let points: Vec<RoiPoint> = snapshots.iter().map(RoiPoint::from_snapshot).collect();
    let geometry = roi_geometry(&points);
    let axis_bottom = HEIGHT - MARGIN_BOTTOM;
    let label_count = geometry.x_labels.len();
    let y_ticks = geometry
        .y_ticks
        .iter()
        .map(|(y, value)| {
            view! {
                <g>
                    <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=*y y2=*y class="chart-grid" />
                    <text x=MARGIN_LEFT - 6.0 y=*y dy="0.35em" text-anchor="end">{percent_tick(*value)}</text>
                </g>
            }
        })
        .collect_view();
    let x_labels = geometry
        .x_labels
        .iter()
        .enumerate()
        .map(|(index, (x, text))| {
            let anchor = if label_count == 1 {
                "middle"
            } else if index == 0 {
                "start"
            } else if index + 1 == label_count {
                "end"
            } else {
                "middle"
            };
            view! {
                <text x=*x y=axis_bottom dy="1.35em" text-anchor=anchor>
                    {text.clone()}
                </text>
            }
        })
        .collect_view();
    let dots = |points: &[(f64, f64)], class: &'static str| {
        points
            .iter()
            .map(|(cx, cy)| view! { <circle cx=*cx cy=*cy r="3.5" class=class /> })
            .collect_view()
    };
    let described = format!(
        "ROI history over {} snapshots: expected ROI in blue, realised ROI in green, break-even at 0 %.",
        points.len()
    );
    view! {
        <figure class="chart chart--roi" data-testid="roi-history-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=described>
                {y_ticks}
                <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=geometry.zero_y y2=geometry.zero_y class="roi-zero" />
                <line x1=MARGIN_LEFT x2=WIDTH - MARGIN_RIGHT y1=axis_bottom y2=axis_bottom class="chart-axis" />
                <line x1=MARGIN_LEFT x2=MARGIN_LEFT y1=MARGIN_TOP y2=axis_bottom class="chart-axis" />
                {x_labels}
                <text x=MARGIN_LEFT y=axis_bottom dy="2.6em" class="chart-axis-title">{geometry.x_title.clone()}</text>
                <path d=geometry.expected_path.clone() class="chart-line roi-line--expected" />
                <path d=geometry.realized_path.clone() class="chart-line roi-line--realized" />
                {dots(&geometry.expected_points, "roi-dot--expected")}
                {dots(&geometry.realized_points, "roi-dot--realized")}
            </svg>
            <figcaption>
                <div class="chart-legend" aria-hidden="true">
                    <span class="legend legend--expected">"expected ROI %"</span>
                    <span class="legend legend--realized">"realised ROI %"</span>
                    <span class="legend legend--zero">"break-even (0 %)"</span>
                </div>
            </figcaption>
        </figure>
    }
}

/// What these two charts add to the app's chart styles (`.chart`, `.chart-line`,
/// `.chart-budget`, `.chart-legend`…): the interval band, the median and the ROI series. They
/// shrink to a phone's width (the fan's right end is the point of it, so no sideways scroll)
/// with larger text there, and are capped in width so the text keeps a reading size on a wide
/// screen.
pub const CHART_STYLE: &str = "
.board-screen .chart--fan, .board-screen .chart--roi { overflow: visible; }
.board-screen .chart--fan svg, .board-screen .chart--roi svg { max-width: 46rem; min-width: 0; overflow: visible; }
@media (max-width: 40rem) { .board-screen .chart--fan svg, .board-screen .chart--roi svg { font-size: 20px; } }
.board-screen .fan-band { fill: rgb(61 111 182 / 0.25); stroke: none; }
.board-screen .fan-median { fill: none; stroke: #1f3a5f; stroke-width: 2.5; stroke-dasharray: 7 5; }
.board-screen .fan-dot { fill: #1f3a5f; }
.board-screen .fan-today { stroke: #9aa5b1; stroke-width: 1; stroke-dasharray: 2 3; }
.board-screen .roi-zero { stroke: #52606d; stroke-width: 1; stroke-dasharray: 4 3; }
.board-screen .roi-line--expected { stroke: #1d4f91; }
.board-screen .roi-line--realized { stroke: #2f8f4e; }
.board-screen .roi-dot--expected { fill: #1d4f91; }
.board-screen .roi-dot--realized { fill: #2f8f4e; }
.board-screen .legend--median::before { height: 0; border-top: 3px dashed #1f3a5f; }
.board-screen .legend--expected::before { height: 3px; background: #1d4f91; }
.board-screen .legend--realized::before { height: 3px; background: #2f8f4e; }
.board-screen .legend--zero::before { height: 0; border-top: 1px dashed #52606d; }
";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
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

    fn snapshot_point(
        day_of_month: u32,
        expected: Option<&str>,
        realized: Option<&str>,
    ) -> RoiPoint {
        RoiPoint {
            taken_at: Utc
                .with_ymd_and_hms(2026, 11, day_of_month, 12, 0, 0)
                .unwrap(),
            expected: expected.map(d),
            realized: realized.map(d),
        }
    }

    #[test]
    fn roi_history_runs_oldest_to_newest_and_includes_break_even() {
        let points = vec![
            snapshot_point(20, Some("50"), Some("-20")),
            snapshot_point(10, Some("100"), Some("-40")),
        ];
        let geometry = roi_geometry(&points);
        // Ticks -50..100 in steps of 50 over 242..16.
        let ticks: Vec<f64> = geometry.y_ticks.iter().map(|(_, value)| *value).collect();
        assert_eq!(ticks, vec![-50.0, 0.0, 50.0, 100.0]);
        assert!((geometry.zero_y - 166.667).abs() < 0.001);
        // Oldest (10 Nov, 100 %) first, at the left.
        assert_eq!(geometry.expected_points[0], (74.0, 16.0));
        assert_eq!(geometry.expected_path, "M74.0,16.0 L534.0,91.3");
        assert!(geometry
            .realized_points
            .iter()
            .all(|(_, y)| *y > geometry.zero_y));
        assert_eq!(geometry.x_labels.len(), 2);
        assert_eq!(geometry.x_labels[0].1, "10 Nov");
        assert_eq!(geometry.x_title, "snapshot date");
    }

    #[test]
    fn a_missing_roi_breaks_the_line() {
        let points = vec![
            snapshot_point(1, Some("10"), None),
            snapshot_point(2, None, None),
            snapshot_point(3, Some("30"), Some("5")),
            snapshot_point(4, Some("40"), Some("6")),
        ];
        let geometry = roi_geometry(&points);
        assert_eq!(geometry.expected_path.matches('M').count(), 2);
        assert_eq!(geometry.expected_path.matches('L').count(), 1);
        assert_eq!(geometry.realized_path.matches('M').count(), 1);
        assert_eq!(geometry.expected_points.len(), 3);
        assert_eq!(geometry.x_labels.len(), 3);
    }

    #[test]
    fn a_single_snapshot_sits_in_the_middle() {
        let geometry = roi_geometry(&[snapshot_point(5, Some("25"), Some("0"))]);
        assert_eq!(geometry.expected_points[0].0, 304.0);
        assert_eq!(geometry.x_labels.len(), 1);
        assert!(roi_geometry(&[]).expected_path.is_empty());
    }

    #[test]
    fn snapshots_of_one_day_are_labelled_by_time() {
        let morning = snapshot_point(25, Some("10"), None);
        let evening = RoiPoint {
            taken_at: Utc.with_ymd_and_hms(2026, 11, 25, 17, 30, 0).unwrap(),
            ..morning.clone()
        };
        let geometry = roi_geometry(&[morning, evening]);
        let labels: Vec<&str> = geometry
            .x_labels
            .iter()
            .map(|(_, text)| text.as_str())
            .collect();
        assert_eq!(labels, vec!["12:00", "17:30"]);
        assert_eq!(geometry.x_title, "snapshot time (UTC), 25 Nov 2026");
    }

    #[test]
    fn percent_ticks_read_well() {
        assert_eq!(percent_tick(150.0), "150 %");
        assert_eq!(percent_tick(-50.0), "\u{2212}50 %");
        assert_eq!(percent_tick(2.5), "2.5 %");
        assert_eq!(percent_tick(0.0), "0 %");
    }
}
