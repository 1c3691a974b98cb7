//! SVG charts drawn by our own components (no JavaScript chart library), one module per chart,
//! with their scaling in [`scale`].
//!
//! The geometry is pure and unit-tested natively. Floats are used only for pixel positions:
//! every money value shown as text is formatted from the exact decimal by [`crate::format`].
//! Charts use a `viewBox` and `width: 100%`, so they shrink to a phone's width; each has a
//! title or label for screen readers and axis titles with units.

use budget_contract::{Decimal, Money};
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

use crate::format;

pub mod bars;
pub mod forecast_band;
pub mod forecast_history;
pub mod progress;
pub mod reliability;
pub mod roi_history;
pub mod scale;
pub mod scenario;
pub mod trend;

pub use bars::BarList;
pub use forecast_band::ForecastChart;
pub use forecast_history::ForecastHistoryChart;
pub use progress::ProgressBar;
pub use reliability::ReliabilityChart;
pub use roi_history::RoiHistoryChart;
pub use scenario::ScenarioChart;
pub use trend::TrendChart;

/// A money value as a float, for pixel positions only.
pub fn px(value: Money) -> f64 {
    decimal_px(value.value())
}

/// A decimal as a float, for pixel positions only (0 when it does not fit, which no amount does).
pub fn decimal_px(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// An axis tick as a money label (`$20k`): ticks are round numbers chosen by
/// [`scale::nice_ticks`].
fn tick_label(value: f64, currency: Option<&str>) -> String {
    let decimal = Decimal::from_f64(value).unwrap_or_default();
    format::money_compact(decimal, currency)
}

/// The drawing area of the forecast and ROI history charts, in `viewBox` units.
const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 300.0;
const MARGIN_LEFT: f64 = 64.0;
const MARGIN_RIGHT: f64 = 16.0;
const MARGIN_TOP: f64 = 16.0;
const MARGIN_BOTTOM: f64 = 58.0;

/// A short date for axis labels: `"25 Nov"`, with the year when it is not `year`.
fn short_date(date: NaiveDate, year: i32) -> String {
    if date.year() == year {
        format::day_month(date)
    } else {
        format::date(date)
    }
}
