//! Scaling for the charts: data values to pixels ([`Scale`]), round tick values
//! ([`nice_ticks`]), equal bands for categories ([`Band`]), which labels to write
//! ([`label_indices`]) and bar lengths ([`share_percent`]). Pure and unit-tested natively.

use budget_contract::Decimal;

use super::decimal_px;

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
