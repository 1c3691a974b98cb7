//! The ROI history: expected and realised ROI % per snapshot, with the break-even line. Its
//! geometry is pure and unit-tested natively.

use budget_contract::roi::RoiSnapshot;
use budget_contract::Decimal;
use chrono::{DateTime, Datelike, Utc};
use leptos::prelude::*;

use super::scale::{nice_ticks, Scale};
use super::{
    decimal_px, short_date, HEIGHT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, WIDTH,
};
use crate::format;
use crate::text::text;

fn to_f64(value: Decimal) -> f64 {
    decimal_px(value)
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
        (true, Some(day)) => (text().charts.roi_time_axis)(&format::date(day)),
        _ => text().charts.roi_date_axis.to_owned(),
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
    let words = &text().charts;
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
    let described = (words.roi_description)(points.len());
    // The chart's data for screen readers and anyone who wants the numbers.
    let mut ordered: Vec<&RoiSnapshot> = snapshots.iter().collect();
    ordered.sort_by_key(|snapshot| (snapshot.snapshot_date, snapshot.id));
    let rows = ordered
        .into_iter()
        .map(|snapshot| {
            let taken = snapshot.snapshot_date;
            view! {
                <tr>
                    <th scope="row">
                        {format!("{} {}", format::date(taken.date_naive()), taken.format("%H:%M"))}
                    </th>
                    <td class="num">{format::percent(snapshot.expected_roi_percent.as_ref())}</td>
                    <td class="num">{format::percent(snapshot.realized_roi_percent.as_ref())}</td>
                </tr>
            }
        })
        .collect_view();
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
                    <span class="legend legend--expected">{words.roi_expected_legend}</span>
                    <span class="legend legend--realized">{words.roi_realized_legend}</span>
                    <span class="legend legend--zero">{words.roi_zero_legend}</span>
                </div>
            </figcaption>
            <details class="chart-data">
                <summary>{words.figures_table}</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{words.roi_snapshot_column}</th>
                            <th scope="col" class="num">{words.roi_expected_column}</th>
                            <th scope="col" class="num">{words.roi_realized_column}</th>
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
    use chrono::TimeZone;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
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
