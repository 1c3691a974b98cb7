//! The reliability plot of the forecast's probability of overrun: for each band of probability
//! that forecasts fell in, the share of them whose board really ran over its budget, against the
//! diagonal of a perfectly calibrated forecast. Its geometry is pure and unit-tested natively.

use budget_contract::forecast::ReliabilityBand;
use leptos::prelude::*;

use super::scale::{nice_ticks, Scale};
use super::{decimal_px, HEIGHT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, WIDTH};
use crate::format;
use crate::text::text;

/// One band with forecasts, placed on the plot.
#[derive(Clone, Debug, PartialEq)]
pub struct ReliabilityMark {
    /// The band's ends on the x axis (its range of forecast probability).
    pub from_x: f64,
    pub to_x: f64,
    /// The mean probability the band's forecasts gave (x) and the share observed over (y).
    pub x: f64,
    pub y: f64,
    pub forecasts: u32,
    /// For screen readers and the hover title: `"20–40 %: 3 forecasts said 31.50 %, 33.33 % ran over"`.
    pub label: String,
}

/// The geometry of the reliability plot, in `viewBox` units.
#[derive(Clone, Debug, PartialEq)]
pub struct ReliabilityGeometry {
    /// The "perfectly calibrated" diagonal: (x1, y1, x2, y2) from 0 % to 100 %.
    pub diagonal: (f64, f64, f64, f64),
    /// The bands with forecasts, lowest probability first; bands without are left out.
    pub marks: Vec<ReliabilityMark>,
    /// Polyline through the marks, lowest probability first.
    pub line: String,
    /// Percentage ticks, shared by both axes: value, x position, y position.
    pub ticks: Vec<(f64, f64, f64)>,
}

/// Both axes run from 0 to 100 %; a band's mark sits at its forecasts' mean probability (the
/// band's middle when the API gave none) and the share of them that ran over.
pub fn reliability_geometry(bands: &[ReliabilityBand]) -> ReliabilityGeometry {
    let x = Scale::new((0.0, 100.0), (MARGIN_LEFT, WIDTH - MARGIN_RIGHT));
    let y = Scale::new((0.0, 100.0), (HEIGHT - MARGIN_BOTTOM, MARGIN_TOP));
    let mut marks: Vec<ReliabilityMark> = bands
        .iter()
        .filter(|band| band.forecasts > 0)
        .filter_map(|band| {
            let observed = band.observed_percent?;
            let from = decimal_px(band.from.value());
            let to = decimal_px(band.to.value());
            let mean = band
                .mean_probability
                .map_or((from + to) / 2.0, |mean| decimal_px(mean.value()));
            Some(ReliabilityMark {
                from_x: x.map(from),
                to_x: x.map(to),
                x: x.map_clamped(mean),
                y: y.map_clamped(decimal_px(observed.value())),
                forecasts: band.forecasts,
                label: (text().charts.reliability_mark)(
                    &band.from.value().normalize().to_string(),
                    &band.to.value().normalize().to_string(),
                    band.forecasts,
                    &format::percent(band.mean_probability.as_ref()),
                    &format::percent(Some(&observed)),
                ),
            })
        })
        .collect();
    marks.sort_by(|a, b| a.x.total_cmp(&b.x));
    let line = marks
        .iter()
        .map(|mark| format!("{:.1},{:.1}", mark.x, mark.y))
        .collect::<Vec<_>>()
        .join(" ");
    ReliabilityGeometry {
        diagonal: (x.map(0.0), y.map(0.0), x.map(100.0), y.map(100.0)),
        marks,
        line,
        ticks: nice_ticks(0.0, 100.0, 6)
            .into_iter()
            .map(|tick| (tick, x.map(tick), y.map(tick)))
            .collect(),
    }
}

/// The reliability plot of a calibration's bands.
#[component]
pub fn ReliabilityChart(bands: Vec<ReliabilityBand>) -> impl IntoView {
    let words = &text().charts;
    let geometry = reliability_geometry(&bands);
    let axis_bottom = HEIGHT - MARGIN_BOTTOM;
    let axis_right = WIDTH - MARGIN_RIGHT;
    let grid = geometry
        .ticks
        .iter()
        .map(|(value, x, y)| {
            let label = format!("{value}");
            view! {
                <g>
                    <line x1=MARGIN_LEFT x2=axis_right y1=*y y2=*y class="chart-grid" />
                    <text x=MARGIN_LEFT - 6.0 y=*y dy="0.35em" text-anchor="end">{label.clone()}</text>
                    <text x=*x y=axis_bottom dy="1.35em" text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    let marks = geometry
        .marks
        .iter()
        .map(|mark| {
            view! {
                <g class="reliability-mark" data-testid="reliability-mark" data-forecasts=mark.forecasts>
                    <title>{mark.label.clone()}</title>
                    <line x1=mark.from_x x2=mark.to_x y1=mark.y y2=mark.y class="reliability-band" />
                    <circle cx=mark.x cy=mark.y r="4.5" class="reliability-dot" />
                    <text x=mark.x y=mark.y dy="-0.8em" text-anchor="middle">{(words.reliability_mark_count)(mark.forecasts)}</text>
                </g>
            }
        })
        .collect_view();
    let (x1, y1, x2, y2) = geometry.diagonal;
    let description = (words.reliability_description)(
        geometry.marks.len(),
        &geometry
            .marks
            .iter()
            .map(|mark| mark.label.clone())
            .collect::<Vec<_>>()
            .join("; "),
    );
    view! {
        <figure class="chart chart--reliability" tabindex="0" data-testid="reliability-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=description
                preserveAspectRatio="xMidYMid meet"
            >
                {grid}
                <line x1=MARGIN_LEFT x2=axis_right y1=axis_bottom y2=axis_bottom class="chart-axis" />
                <line x1=MARGIN_LEFT x2=MARGIN_LEFT y1=MARGIN_TOP y2=axis_bottom class="chart-axis" />
                <text x=MARGIN_LEFT y=axis_bottom dy="2.6em" class="chart-axis-title">{words.reliability_x_axis}</text>
                <text
                    x=MARGIN_LEFT - 44.0
                    y=MARGIN_TOP
                    transform=format!("rotate(-90 {} {})", MARGIN_LEFT - 44.0, MARGIN_TOP)
                    text-anchor="end"
                    class="chart-axis-title"
                >
                    {words.reliability_y_axis}
                </text>
                <line x1=x1 y1=y1 x2=x2 y2=y2 class="reliability-diagonal" />
                <polyline points=geometry.line.clone() class="chart-line" />
                {marks}
            </svg>
            <figcaption>
                <div class="chart-legend" aria-hidden="true">
                    <span class="legend legend--line">{words.reliability_observed_legend}</span>
                    <span class="legend legend--diagonal">{words.reliability_diagonal_legend}</span>
                </div>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::{Decimal, Percent};
    use std::str::FromStr;

    fn p(text: &str) -> Percent {
        Percent::new(Decimal::from_str(text).unwrap())
    }

    fn band(from: &str, to: &str, forecasts: u32, mean: &str, observed: &str) -> ReliabilityBand {
        ReliabilityBand {
            from: p(from),
            to: p(to),
            forecasts,
            mean_probability: (forecasts > 0).then(|| p(mean)),
            observed_percent: (forecasts > 0).then(|| p(observed)),
        }
    }

    #[test]
    fn marks_sit_at_the_mean_probability_and_the_observed_share() {
        // x: 0..100 % over 64..544; y: 0..100 % over 242..16.
        let geometry = reliability_geometry(&[
            band("0", "20", 0, "0", "0"),
            band("20", "40", 2, "25", "50"),
            band("40", "60", 0, "0", "0"),
            band("60", "80", 0, "0", "0"),
            band("80", "100", 4, "90", "100"),
        ]);
        assert_eq!(geometry.diagonal, (64.0, 242.0, 544.0, 16.0));
        let placed: Vec<(f64, f64, f64, f64, u32)> = geometry
            .marks
            .iter()
            .map(|m| (m.from_x, m.to_x, m.x, m.y, m.forecasts))
            .collect();
        assert_eq!(
            placed,
            vec![
                (160.0, 256.0, 184.0, 129.0, 2),
                (448.0, 544.0, 496.0, 16.0, 4)
            ]
        );
        assert_eq!(geometry.line, "184.0,129.0 496.0,16.0");
        assert_eq!(
            geometry.marks[0].label,
            "20–40 %: 2 forecasts said 25.00 % on average, 50.00 % ran over"
        );
        let values: Vec<f64> = geometry.ticks.iter().map(|(value, _, _)| *value).collect();
        assert_eq!(values, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(geometry.ticks[5], (100.0, 544.0, 16.0));
    }

    #[test]
    fn bands_without_forecasts_are_left_out() {
        let empty = reliability_geometry(&[band("0", "20", 0, "0", "0")]);
        assert!(empty.marks.is_empty());
        assert!(empty.line.is_empty());
        let one = reliability_geometry(&[band("0", "20", 1, "10", "0")]);
        assert_eq!(one.marks.len(), 1);
        assert_eq!(one.marks[0].y, 242.0);
        assert_eq!(
            one.marks[0].label,
            "0–20 %: 1 forecast said 10.00 % on average, 0.00 % ran over"
        );
    }
}
