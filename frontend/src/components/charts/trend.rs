//! The cost trend chart of the dashboard.

use budget_contract::analytics::TrendPoint;
use budget_contract::Money;
use leptos::prelude::*;

use super::scale::{label_indices, nice_ticks, Band, Scale};
use super::{px, tick_label};
use crate::components::states::Empty;
use crate::format;
use crate::text::text;

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
    let words = &text().charts;
    let nothing_spent = points
        .iter()
        .all(|point| point.cost == Money::ZERO && point.cumulative == Money::ZERO);
    if nothing_spent {
        return view! { <Empty message=words.trend_empty /> }.into_any();
    }
    let currency = currency.as_deref();
    let unit = currency.unwrap_or(words.trend_money_unit);
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
                    <title>{(words.trend_bar_title)(&format::date(point.date), &format::money(&point.cost, currency))}</title>
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
        let text = (words.trend_budget_line)(&format::money(&budget, currency));
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
                        {format::day_month(date)}
                    </text>
                </g>
            }
        })
        .collect_view();

    let first = points.first().map(|point| point.date);
    let last = points.last();
    let description = match (first, last) {
        (Some(first), Some(last)) => (words.trend_description)(
            &format::date(first),
            &format::date(last.date),
            &format::money(&last.cumulative, currency),
            budget
                .map(|budget| format::money(&budget, currency))
                .as_deref(),
        ),
        _ => String::new(),
    };

    // The chart's data for screen readers and anyone who wants the numbers.
    let rows = points
        .iter()
        .map(|point| {
            view! {
                <tr>
                    <th scope="row">{format::date(point.date)}</th>
                    <td class="num">{format::money(&point.cost, currency)}</td>
                    <td class="num">{format::money(&point.cumulative, currency)}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <figure class="chart" tabindex="0">
            <svg
                class="trend-chart"
                viewBox=format!("0 0 {TREND_WIDTH} {TREND_HEIGHT}")
                width="100%"
                role="img"
                aria-labelledby="trend-title trend-desc"
                preserveAspectRatio="xMidYMid meet"
            >
                <title id="trend-title">{words.trend_title}</title>
                <desc id="trend-desc">{description}</desc>
                {left_axis}
                {right_axis}
                <g class="chart-bars">{bars}</g>
                <polyline class="chart-line" points=line />
                {budget_line}
                <line class="chart-axis" x1=plot_left x2=plot_right y1=plot_bottom y2=plot_bottom />
                {x_axis}
                <text class="chart-axis-title" x=8 y=16>{(words.trend_cumulative_axis)(unit)}</text>
                <text class="chart-axis-title" x=TREND_WIDTH - 8.0 y=16 text-anchor="end">
                    {(words.trend_daily_axis)(unit)}
                </text>
            </svg>
            <figcaption class="chart-legend">
                <span class="legend legend--bar">{words.trend_daily_cost}</span>
                <span class="legend legend--line">{words.trend_cumulative_spend}</span>
                {budget.map(|_| view! { <span class="legend legend--budget">{words.trend_budget_legend}</span> })}
            </figcaption>
            <details class="chart-data">
                <summary>{words.figures_table}</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{words.trend_day_column}</th>
                            <th scope="col" class="num">{words.trend_daily_cost}</th>
                            <th scope="col" class="num">{words.trend_cumulative_spend}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}
