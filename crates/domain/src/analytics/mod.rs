//! Analytics of a board's spending: trend, burn, breakdowns, overruns, earned value.

pub mod approved;
pub mod earned_value;
pub mod profitability;
pub mod queries;
pub mod report;
pub mod tasks;
