//! The cost forecast of a board: projected cost at completion with an 80 % interval,
//! the chance of exceeding the budget and when, and every input used so a person can redo it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::budget::BudgetBasis;
use crate::{Money, Percent};

/// The stable name of the forecast's method, answered with every forecast: a seasonal
/// (weekday/weekend) bootstrap of the daily cost series in weekly blocks, mixed with the
/// earned-value estimate, plus the scope still to come, with its interval adapted to how well
/// past forecasts of the board held.
pub const METHOD: &str = "regime-bootstrap-7d+ev-mixture+scope+adaptive";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forecast {
    pub board_id: i64,
    /// The day "today" refers to; the projection covers the days after it.
    pub as_of: NaiveDate,
    /// Dates and "today" are calendar days in this time zone.
    pub time_zone: String,
    /// The budget's currency; null without a budget.
    pub currency: Option<String>,
    /// What the budget is kept on (`cost` without a budget): the daily series, AC and the
    /// projection measure it.
    pub basis: BudgetBasis,
    /// How the numbers were made, as a stable name
    /// (`regime-bootstrap-7d+ev-mixture+scope+adaptive`).
    pub method: String,
    /// The median of the projected final cost: spent so far plus the projected future cost.
    pub projected_cost_at_completion: Money,
    /// The 10th to 90th percentile of the projected final cost.
    pub interval_80: CostInterval,
    /// The share of resamples whose final cost exceeds the budget, 0–100; null without a budget.
    pub probability_over_budget: Option<Percent>,
    /// projected cost at completion − budget (negative: projected to stay under); null without
    /// a budget.
    pub projected_overrun: Option<Money>,
    /// The first day on which spent + projected daily cost × days exceeds the budget: `as_of`
    /// when already over, null when it does not happen within the horizon or without a budget.
    pub projected_exhaustion_date: Option<NaiveDate>,
    pub inputs: ForecastInputs,
}

/// A range of final cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostInterval {
    pub low: Money,
    pub high: Money,
}

wire_enum! {
    /// Where the number of days left until completion came from.
    pub enum HorizonSource {
        /// The board's due date, which is after today.
        DueDate = "due_date",
        /// No due date ahead: the days elapsed so far, extrapolated by the share of work earned.
        Progress = "progress",
        /// Neither a due date ahead nor any earned progress: no future days are projected.
        None = "none",
    }
}

/// Everything the forecast was computed from. Money in the budget's currency; ratios to four
/// decimals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastInputs {
    /// First day of the daily cost history.
    pub history_from: NaiveDate,
    /// Last day of the history (`as_of`).
    pub history_to: NaiveDate,
    /// Days in the history, zero-cost days included.
    pub history_days: u32,
    /// Days after `as_of` until completion that are projected (at most 1,095).
    pub horizon_days: u32,
    pub horizon_source: HorizonSource,
    /// `as_of` + `horizon_days`.
    pub completion_date: NaiveDate,
    /// Total cost over the history / history days.
    pub mean_daily_cost: Money,
    /// (projected cost at completion − AC) / horizon days; 0 without a horizon.
    pub projected_daily_cost: Money,
    /// Actual cost: everything that spent the budget so far, on its basis.
    pub ac: Money,
    /// Earned value: Σ estimated cost × progress / 100; on a `billable` budget, BAC × that sum
    /// / Σ estimated cost.
    pub ev: Money,
    /// Budget at completion: the allocated budget.
    pub bac: Option<Money>,
    /// Σ estimated cost of the tasks: the scope that EV is earned against; on a `billable`
    /// budget, BAC (0 when nothing is estimated).
    pub planned_cost: Money,
    /// EV / planned cost × 100; null when nothing is estimated.
    pub percent_complete: Option<Percent>,
    /// Cost performance index EV / AC; null when nothing is spent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.9231"))]
    pub cpi: Option<Decimal>,
    /// AC + (planned cost − EV) / CPI: the estimated work finished at the cost efficiency so
    /// far; null when CPI or the percent complete is undefined or zero.
    pub eac_ev: Option<Money>,
    /// The share of the draws that take `eac_ev` as the final cost (0 without it): half the
    /// percent complete, raised towards 1 by how far the recent daily cost has moved from the
    /// history's mean; the burn projections get the rest.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.2500"))]
    pub blend_weight: Decimal,
    /// Days per resampled block of the daily cost series.
    pub block_days: u32,
    /// The mean daily cost of the last 28 days of the history (the recent regime).
    pub recent_daily_cost: Money,
    /// The least-squares trend of the daily cost: its change per day (fitted on whole weeks
    /// when the history has three or more), damped by 2 % a day when projected.
    pub daily_cost_trend: Money,
    /// Days until the work is done at the pace of the progress so far; null without progress.
    /// When it is later than the due date, half the burn draws run that long.
    pub progress_horizon_days: Option<u32>,
    /// Σ estimated cost at the end of the day halfway through the history (`history_days / 2`
    /// days before today), from the trail of estimate changes.
    pub planned_cost_before: Option<Money>,
    /// How fast the remaining work grows per day ahead, as a fraction of it: the estimates'
    /// growth per day since `planned_cost_before` / (planned cost − EV); 0 when they did not
    /// grow or nothing was estimated then.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.0012"))]
    pub scope_growth: Decimal,
    /// σ of the log-normal factor on the remaining cost (remaining-scope uncertainty).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.2500"))]
    pub scope_spread: Decimal,
    /// What set the width of the interval on each side of the median; null on forecasts made
    /// before the width was set from the data.
    #[serde(default)]
    pub interval_spread: Option<IntervalSpread>,
    /// Number of bootstrap resamples.
    pub resamples: u32,
    /// The seed of the resampling (the same data always gives the same forecast).
    pub seed: u64,
}

/// A board's default forecast as it was answered on one day: the forecast history, kept once a
/// day for every board with a budget (by the first read of the day or the server's periodic
/// sweep, whichever comes first). Money in the budget's currency of that day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastSnapshot {
    /// The day the forecast was made for ("today" then).
    pub as_of: NaiveDate,
    /// How the numbers were made, as a stable name.
    pub method: String,
    /// The version of the server that computed it.
    pub version: String,
    pub basis: BudgetBasis,
    pub currency: String,
    /// The median of the projected final cost, then.
    pub projected_cost_at_completion: Money,
    /// The 10th to 90th percentile of the projected final cost, then.
    pub interval_80: CostInterval,
    /// The share of resamples whose final cost exceeded the budget, 0–100.
    pub probability_over_budget: Option<Percent>,
    /// projected cost at completion − budget (negative: projected to stay under).
    pub projected_overrun: Option<Money>,
    /// The day the budget was projected to be exceeded; null when it was not within the horizon.
    pub projected_exhaustion_date: Option<NaiveDate>,
    /// The actual cost spent by that day, on the budget's basis.
    pub ac: Money,
    /// The budget (budget at completion) on that day.
    pub bac: Money,
}

wire_enum! {
    /// Where a scored forecast comes from.
    pub enum ForecastSource {
        /// A forecast the board kept on its day (the forecast history).
        Stored = "stored",
        /// A forecast made now from the data dated on or before a past day and the estimates,
        /// progress and budget then recorded (a backtest).
        Backtest = "backtest",
    }
}

/// How well a board's forecasts (or an organisation's) have done: every forecast whose horizon
/// has passed, against the cost actually spent by its completion date, next to two baselines
/// computed from the same data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calibration {
    /// The day "today" refers to: forecasts whose completion date is on or before it are scored.
    pub as_of: NaiveDate,
    pub summary: CalibrationSummary,
    /// How often a board ran over its budget against how likely its forecasts said it was, in
    /// five bands of the probability of overrun (0–20, 20–40, …, 80–100 %).
    pub reliability: Vec<ReliabilityBand>,
    /// Every scored forecast, by board and day.
    pub forecasts: Vec<ScoredForecast>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalibrationSummary {
    /// Forecasts scored.
    pub forecasts: u32,
    /// The share of outcomes inside their 80 % interval (an honest interval: about 80 %).
    pub coverage_80: Option<Percent>,
    /// The median of |projected − outcome| / outcome × 100.
    pub median_error_percent: Option<Percent>,
    /// The same for EAC = BAC / CPI on each forecast's day (AC without an earned value).
    pub eac_median_error_percent: Option<Percent>,
    /// The same for the burn so far extrapolated linearly to the completion date.
    pub linear_median_error_percent: Option<Percent>,
    /// The Brier score of the probability of overrun (0 is perfect, a constant 50 % scores
    /// 0.25); null when no forecast had a budget.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.1500"))]
    pub brier: Option<Decimal>,
    /// The Brier score of saying "over" exactly when EAC > BAC.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.3000"))]
    pub brier_eac: Option<Decimal>,
    /// In words: whether the forecast's point error beats both baselines, and whether its
    /// interval covered about as often as it claims.
    pub verdict: String,
}

/// Forecasts whose probability of overrun fell in `[from, to)` (the last band includes 100).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReliabilityBand {
    pub from: Percent,
    pub to: Percent,
    pub forecasts: u32,
    /// The mean probability the forecasts gave; null without forecasts.
    pub mean_probability: Option<Percent>,
    /// The share of them whose outcome exceeded the budget; null without forecasts.
    pub observed_percent: Option<Percent>,
}

/// One forecast against what happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoredForecast {
    pub board_id: i64,
    /// The day the forecast was (or would have been) made.
    pub as_of: NaiveDate,
    pub source: ForecastSource,
    /// The day it projected completion for.
    pub completion_date: NaiveDate,
    pub projected_cost_at_completion: Money,
    pub interval_80: CostInterval,
    pub probability_over_budget: Option<Percent>,
    pub bac: Option<Money>,
    /// What was actually spent by the completion date (on the budget's basis).
    pub outcome: Money,
    pub covered: bool,
    /// EAC = BAC / CPI on the forecast's day.
    pub eac: Money,
    /// AC + AC / days elapsed × days to the completion date, on the forecast's day.
    pub linear: Money,
}

/// The signals that set how far the draws spread on each side of their median, and the factors
/// they gave: each side's factor is e^(its rule's weighted sum of the signals), the weights
/// being fixed settings of the method. Ratios to four decimals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntervalSpread {
    /// The share of the schedule still to come: horizon days / (days elapsed + horizon days).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.5000"))]
    pub share_ahead: Decimal,
    /// How much the work left is expected to grow over the horizon: `scope_growth` × horizon
    /// days.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.0400"))]
    pub expected_growth: Decimal,
    /// How far apart the scenarios' own estimates of the cost to come are (the history's mean
    /// pace, the recent pace, the recent pace with the trend, and `eac_ev`): (largest −
    /// smallest) / the median draw.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.3000"))]
    pub disagreement: Decimal,
    /// How uneven the burn has been: (costliest − cheapest) / mean of the history's whole
    /// fortnights; 0 with fewer than two.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.2000"))]
    pub unevenness: Decimal,
    /// The recent pace against the mean: `recent_daily_cost` / `mean_daily_cost` − 1.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.0500"))]
    pub pace_change: Decimal,
    /// The factor on the draws' distances above the median.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1.2000"))]
    pub above: Decimal,
    /// The factor on the draws' distances below the median.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.6000"))]
    pub below: Decimal,
}
