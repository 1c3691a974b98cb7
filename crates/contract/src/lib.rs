//! The wire contract of the Budget & ROI Tracker API: every request and response body, shared by
//! the server and the web app so that both sides agree by construction.
//!
//! Money, hours and percentages travel as decimal strings (`"1234.50"`), never as floats. Output
//! values use the [`Money`], [`Hours`] and [`Percent`] newtypes: hours and percentages print two
//! decimals, money the minor units of the board's currency (`"1234.50"`, `"1235"` in yen);
//! input values are plain [`rust_decimal::Decimal`]s that the server validates (range, scale).
//! utoipa schemas are derived behind the `openapi` feature so the wasm build does not carry them.

#[macro_use]
pub mod wire;

pub mod alert;
pub mod analytics;
pub mod audit;
pub mod auth;
pub mod board;
pub mod budget;
pub mod currency;
pub mod date;
pub mod exchange_rate;
pub mod expense;
pub mod forecast;
pub mod import;
pub mod limits;
pub mod metrics;
pub mod money;
pub mod optimizer;
pub mod organization;
pub mod page;
pub mod problem;
pub mod rate;
pub mod repricing;
pub mod roi;
pub mod scenario;
pub mod task;
pub mod task_cost;
pub mod text;
pub mod time_entry;
pub mod timer;
pub mod timesheet;
pub mod webhook;

pub use currency::Currency;
pub use money::{Hours, Money, Percent};
pub use rust_decimal::Decimal;
