//! SVG charts drawn by our own components (no JavaScript chart library), with their scaling.
//!
//! The scaling ([`Scale`], [`nice_ticks`], [`Band`]) is pure and unit-tested natively. Floats are
//! used only for pixel positions: every money value shown as text is formatted from the exact
//! decimal by [`crate::format`]. Charts use a `viewBox` and `width: 100%`, so they shrink to a
//! phone's width; each has a `<title>`/`<desc>` for screen readers and axis titles with units.

use budget_contract::analytics::TrendPoint;
use budget_contract::{Decimal, Money};
use leptos::prelude::*;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::format;
use crate::widgets::Empty;

/// A money value as a float, for pixel positions only.
pub fn px(value: Money) -> f64 {
    decimal_px(value.value())
}

/// A decimal as a float, for pixel positions only (0 when it does not fit, which no amount does).
pub fn decimal_px(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A linear map from a domain (data values) to a range (pixels). A flat domain maps everything
/// to the start of the range instead of dividing by zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Scale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        Self { domain, range }
    }

    /// The pixel of a data value (values outside the domain extrapolate linearly).
    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        let span = d1 - d0;
        if span == 0.0 || !span.is_finite() || !value.is_finite() {
            return r0;
        }
        r0 + (value - d0) / span * (r1 - r0)
    }

    /// [`Scale::map`], clamped to the range.
    pub fn map_clamped(&self, value: f64) -> f64 {
        let (r0, r1) = self.range;
        let (low, high) = if r0 <= r1 { (r0, r1) } else { (r1, r0) };
        self.map(value).clamp(low, high)
    }
}

/// "Nice" tick values (steps of 1, 2 or 5 × 10ⁿ) covering `min..=max` with about `count` ticks.
/// The first tick is ≤ min and the last ≥ max, so a domain of `first..=last` contains the data.
/// A flat or empty domain gets a one-step axis from it; non-finite input gives no ticks.
pub fn nice_ticks(min: f64, max: f64, count: usize) -> Vec<f64> {
    if !min.is_finite() || !max.is_finite() {
        return Vec::new();
    }
    let (mut min, mut max) = if min <= max { (min, max) } else { (max, min) };
    if max == min {
        if min == 0.0 {
            max = 1.0;
        } else {
            let pad = min.abs() * 0.1;
            min -= pad;
            max += pad;
        }
    }
    let intervals = count.max(2) - 1;
    let step = nice_step((max - min) / intervals as f64);
    // The epsilon absorbs float noise (0.35 / 0.05 = 6.999…) so no needless extra tick appears.
    let first = (min / step + 1e-9).floor();
    let last = (max / step - 1e-9).ceil();
    let decimals = (-step.log10().floor()).max(0.0) as i32;
    let factor = 10f64.powi(decimals);
    let mut ticks = Vec::new();
    let mut index = first;
    while index <= last + 0.5 && ticks.len() < 1000 {
        let value = (index * step * factor).round() / factor;
        // Avoid "-0".
        ticks.push(if value == 0.0 { 0.0 } else { value });
        index += 1.0;
    }
    ticks
}

/// The step of 1, 2, 5 or 10 × 10ⁿ nearest to `raw` (on a log scale, as d3 does), so the tick
/// count stays close to the one asked for.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction >= 50f64.sqrt() {
        10.0
    } else if fraction >= 10f64.sqrt() {
        5.0
    } else if fraction >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    nice * magnitude
}

/// Equal-width bands for `count` categories across `start..end` (bar charts, x positions of a
/// daily series), with a bar of `fill` (0–1) of each band centred in it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub start: f64,
    pub width: f64,
    pub bar_width: f64,
}

impl Band {
    pub fn new(count: usize, start: f64, end: f64, fill: f64) -> Self {
        let width = if count == 0 {
            0.0
        } else {
            (end - start) / count as f64
        };
        Self {
            start,
            width,
            bar_width: width * fill.clamp(0.0, 1.0),
        }
    }

    /// The centre of band `index`.
    pub fn center(&self, index: usize) -> f64 {
        self.start + self.width * (index as f64 + 0.5)
    }

    /// The left edge of the bar in band `index`.
    pub fn bar_x(&self, index: usize) -> f64 {
        self.center(index) - self.bar_width / 2.0
    }
}

/// `count` indices spread evenly over `0..len` (first and last included): which x labels to
/// write so they do not overlap.
pub fn label_indices(len: usize, count: usize) -> Vec<usize> {
    match (len, count) {
        (0, _) | (_, 0) => Vec::new(),
        (1, _) | (_, 1) => vec![0],
        _ if len <= count => (0..len).collect(),
        _ => {
            let last = len - 1;
            let mut indices: Vec<usize> = (0..count)
                .map(|i| (i * last + (count - 1) / 2) / (count - 1))
                .collect();
            indices.dedup();
            indices
        }
    }
}

/// A share of `max` in percent (0–100) for bar lengths; 0 for a non-positive value or max.
pub fn share_percent(value: Decimal, max: Decimal) -> f64 {
    if max <= Decimal::ZERO || value <= Decimal::ZERO {
        return 0.0;
    }
    let ratio = value / max * Decimal::ONE_HUNDRED;
    decimal_px(ratio).clamp(0.0, 100.0)
}

/// An axis tick as a money label (`$20k`): ticks are round numbers chosen by [`nice_ticks`].
fn tick_label(value: f64, currency: Option<&str>) -> String {
    let decimal = Decimal::from_f64(value).unwrap_or_default();
    format::money_compact(decimal, currency)
}

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
        None => "no value".to_owned(),
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

const TREND_WIDTH: f64 = 720.0;
const TREND_HEIGHT: f64 = 320.0;
const TREND_LEFT: f64 = 64.0;
const TREND_RIGHT: f64 = 60.0;
const TREND_TOP: f64 = 40.0;
const TREND_BOTTOM: f64 = 44.0;

/// The cost trend: one bar per day (daily cost, right axis), the cumulative spend line and the
/// budget line (left axis), with dated x axis and money axes in the budget's currency.
#[component]
pub fn TrendChart(
    points: Vec<TrendPoint>,
    budget: Option<Money>,
    currency: Option<String>,
) -> impl IntoView {
    let nothing_spent = points
        .iter()
        .all(|point| point.cost == Money::ZERO && point.cumulative == Money::ZERO);
    if nothing_spent {
        return view! { <Empty message="No costs recorded in this period yet." /> }.into_any();
    }
    let currency = currency.as_deref();
    let unit = currency.unwrap_or("money");
    let plot_left = TREND_LEFT;
    let plot_right = TREND_WIDTH - TREND_RIGHT;
    let plot_top = TREND_TOP;
    let plot_bottom = TREND_HEIGHT - TREND_BOTTOM;

    let max_cumulative = points
        .iter()
        .map(|point| point.cumulative)
        .chain(budget)
        .max()
        .unwrap_or(Money::ZERO);
    let max_daily = points
        .iter()
        .map(|point| point.cost)
        .max()
        .unwrap_or(Money::ZERO);

    let left_ticks = nice_ticks(0.0, px(max_cumulative), 5);
    let right_ticks = nice_ticks(0.0, px(max_daily), 5);
    let left_top = left_ticks.last().copied().unwrap_or(1.0);
    let right_top = right_ticks.last().copied().unwrap_or(1.0);
    let left = Scale::new((0.0, left_top), (plot_bottom, plot_top));
    let right = Scale::new((0.0, right_top), (plot_bottom, plot_top));
    let band = Band::new(points.len(), plot_left, plot_right, 0.7);

    let bars = points
        .iter()
        .enumerate()
        .filter(|(_, point)| point.cost > Money::ZERO)
        .map(|(index, point)| {
            let y = right.map_clamped(px(point.cost));
            view! {
                <rect
                    class="chart-bar"
                    x=format!("{:.2}", band.bar_x(index))
                    y=format!("{y:.2}")
                    width=format!("{:.2}", band.bar_width.max(0.5))
                    height=format!("{:.2}", (plot_bottom - y).max(0.0))
                >
                    <title>{format!("{}: {}", format::date(point.date), format::money(&point.cost, currency))}</title>
                </rect>
            }
        })
        .collect_view();

    let line = points
        .iter()
        .enumerate()
        .map(|(index, point)| {
            format!(
                "{:.2},{:.2}",
                band.center(index),
                left.map_clamped(px(point.cumulative))
            )
        })
        .collect::<Vec<_>>()
        .join(" ");

    let budget_line = budget.map(|budget| {
        let y = left.map_clamped(px(budget));
        let text = format!("Budget {}", format::money(&budget, currency));
        view! {
            <g class="chart-budget">
                <line x1=plot_left x2=plot_right y1=format!("{y:.2}") y2=format!("{y:.2}") />
                <text x=plot_right - 4.0 y=format!("{:.2}", (y - 6.0).max(plot_top + 10.0)) text-anchor="end">
                    {text}
                </text>
            </g>
        }
    });

    let left_axis = left_ticks
        .iter()
        .map(|&tick| {
            let y = left.map(tick);
            view! {
                <g class="chart-tick">
                    <line class="chart-grid" x1=plot_left x2=plot_right y1=format!("{y:.2}") y2=format!("{y:.2}") />
                    <text x=plot_left - 6.0 y=format!("{:.2}", y + 4.0) text-anchor="end">
                        {tick_label(tick, currency)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let right_axis = right_ticks
        .iter()
        .map(|&tick| {
            let y = right.map(tick);
            view! {
                <text class="chart-tick chart-tick--daily" x=plot_right + 6.0 y=format!("{:.2}", y + 4.0) text-anchor="start">
                    {tick_label(tick, currency)}
                </text>
            }
        })
        .collect_view();
    let x_axis = label_indices(points.len(), 6)
        .into_iter()
        .filter_map(|index| points.get(index).map(|point| (index, point.date)))
        .map(|(index, date)| {
            let x = band.center(index);
            view! {
                <g class="chart-tick">
                    <line x1=format!("{x:.2}") x2=format!("{x:.2}") y1=plot_bottom y2=plot_bottom + 4.0 />
                    <text x=format!("{x:.2}") y=plot_bottom + 18.0 text-anchor="middle">
                        {date.format("%-d %b").to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();

    let first = points.first().map(|point| point.date);
    let last = points.last();
    let description = match (first, last) {
        (Some(first), Some(last)) => format!(
            "Daily cost (bars, right axis) and cumulative spend (line, left axis) from {} to {}: {} spent in total{}.",
            format::date(first),
            format::date(last.date),
            format::money(&last.cumulative, currency),
            budget
                .map(|budget| format!(" against a budget of {}", format::money(&budget, currency)))
                .unwrap_or_default()
        ),
        _ => String::new(),
    };

    view! {
        <figure class="chart">
            <svg
                class="trend-chart"
                viewBox=format!("0 0 {TREND_WIDTH} {TREND_HEIGHT}")
                width="100%"
                role="img"
                aria-labelledby="trend-title trend-desc"
                preserveAspectRatio="xMidYMid meet"
            >
                <title id="trend-title">"Cost trend"</title>
                <desc id="trend-desc">{description}</desc>
                {left_axis}
                {right_axis}
                <g class="chart-bars">{bars}</g>
                <polyline class="chart-line" points=line />
                {budget_line}
                <line class="chart-axis" x1=plot_left x2=plot_right y1=plot_bottom y2=plot_bottom />
                {x_axis}
                <text class="chart-axis-title" x=8 y=16>{format!("Cumulative ({unit})")}</text>
                <text class="chart-axis-title" x=TREND_WIDTH - 8.0 y=16 text-anchor="end">
                    {format!("Daily ({unit})")}
                </text>
            </svg>
            <figcaption class="chart-legend">
                <span class="legend legend--bar">"Daily cost"</span>
                <span class="legend legend--line">"Cumulative spend"</span>
                {budget.map(|_| view! { <span class="legend legend--budget">"Budget"</span> })}
            </figcaption>
        </figure>
    }
    .into_any()
}

/// Horizontal bars of amounts (the cost split, a breakdown), longest = the largest amount, each
/// with its label and formatted value. Negative amounts draw no bar.
#[component]
pub fn BarList(items: Vec<(String, Money)>, currency: Option<String>) -> impl IntoView {
    if items.is_empty() {
        return view! { <Empty message="Nothing to show yet." /> }.into_any();
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
                let share =
                    budget_contract::Percent::new(amount.value() / total * Decimal::ONE_HUNDRED);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_maps_linearly_and_inverts_for_svg_y() {
        let x = Scale::new((0.0, 100.0), (0.0, 500.0));
        assert_eq!(x.map(0.0), 0.0);
        assert_eq!(x.map(50.0), 250.0);
        assert_eq!(x.map(100.0), 500.0);
        // SVG y grows downwards: the domain's top maps to the small pixel.
        let y = Scale::new((0.0, 200.0), (300.0, 20.0));
        assert_eq!(y.map(0.0), 300.0);
        assert_eq!(y.map(200.0), 20.0);
        assert_eq!(y.map(100.0), 160.0);
        assert_eq!(y.map_clamped(400.0), 20.0);
        assert_eq!(y.map_clamped(-5.0), 300.0);
    }

    #[test]
    fn a_flat_domain_maps_to_the_start_instead_of_dividing_by_zero() {
        let flat = Scale::new((5.0, 5.0), (10.0, 90.0));
        assert_eq!(flat.map(5.0), 10.0);
        assert_eq!(flat.map(f64::NAN), 10.0);
    }

    #[test]
    fn nice_ticks_use_steps_of_one_two_or_five() {
        assert_eq!(
            nice_ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.0, 1000.0, 3), vec![0.0, 500.0, 1000.0]);
        assert_eq!(
            nice_ticks(0.0, 70.0, 8),
            vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
        );
    }

    #[test]
    fn nice_ticks_cover_the_data() {
        assert_eq!(
            nice_ticks(0.0, 132_533.75, 5),
            vec![0.0, 50_000.0, 100_000.0, 150_000.0]
        );
        assert_eq!(
            nice_ticks(0.0, 10.0, 6),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(nice_ticks(0.0, 0.9, 4), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            nice_ticks(-30.0, 70.0, 5),
            vec![-40.0, -20.0, 0.0, 20.0, 40.0, 60.0, 80.0]
        );
        assert_eq!(
            nice_ticks(0.1, 0.35, 6),
            vec![0.1, 0.15, 0.2, 0.25, 0.3, 0.35]
        );
    }

    #[test]
    fn nice_ticks_handle_flat_reversed_and_broken_domains() {
        assert_eq!(nice_ticks(0.0, 0.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(100.0, 0.0, 3), vec![0.0, 50.0, 100.0]);
        let around_fifty = nice_ticks(50.0, 50.0, 5);
        assert!(around_fifty.first().copied().unwrap() <= 50.0);
        assert!(around_fifty.last().copied().unwrap() >= 50.0);
        assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
        assert!(nice_ticks(0.0, f64::INFINITY, 5).is_empty());
    }

    #[test]
    fn bands_centre_their_bars() {
        let band = Band::new(4, 0.0, 400.0, 0.5);
        assert_eq!(band.width, 100.0);
        assert_eq!(band.bar_width, 50.0);
        assert_eq!(band.center(0), 50.0);
        assert_eq!(band.bar_x(0), 25.0);
        assert_eq!(band.center(3), 350.0);
        assert_eq!(Band::new(0, 0.0, 400.0, 0.5).width, 0.0);
    }

    #[test]
    fn label_indices_spread_over_the_series_with_both_ends() {
        assert_eq!(label_indices(0, 5), Vec::<usize>::new());
        assert_eq!(label_indices(1, 5), vec![0]);
        assert_eq!(label_indices(3, 5), vec![0, 1, 2]);
        assert_eq!(label_indices(121, 6), vec![0, 24, 48, 72, 96, 120]);
        assert_eq!(label_indices(10, 2), vec![0, 9]);
    }

    #[test]
    fn shares_are_percent_of_the_largest_and_never_negative() {
        assert_eq!(share_percent(Decimal::from(50), Decimal::from(200)), 25.0);
        assert_eq!(share_percent(Decimal::from(-5), Decimal::from(200)), 0.0);
        assert_eq!(share_percent(Decimal::from(5), Decimal::ZERO), 0.0);
        assert_eq!(share_percent(Decimal::from(300), Decimal::from(200)), 100.0);
    }
}
