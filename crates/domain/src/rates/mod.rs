//! Hourly rates: a dated history of cost and billable rates at five levels, which of them is in
//! force for a person's hour on a task on a day, and what an hour at them amounts to.
//!
//! Each rate of the pair is resolved on its own: the most specific level that sets it wins —
//! task, then the person on the board, then the board, then the person in their organisation,
//! then the organisation. At each level the row with the latest `valid_from` on or before the day
//! counts, and a rate that row leaves out is not set at that level from that day on. Rows are
//! never changed: a new rate is a new row from its day on, and the earlier row still covers the
//! days before it.
//!
//! `resolve` states the rule; `priced` what an hour at a rate comes to in the board's
//! currency; `store` keeps the rates (added, listed, deleted) and answers which applies;
//! `single` serves the single rate fields kept from before rates were dated.

mod priced;
mod resolve;
mod single;
mod store;

pub use priced::*;
pub use resolve::*;
pub use single::*;
pub use store::*;
