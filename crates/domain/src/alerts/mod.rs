//! Proactive control of a board's budget: alert rules and their firings ([`rules`]), their
//! evaluation after changes and by a periodic sweep ([`evaluate`], coalesced per board by
//! [`queue`]), the events written to the outbox in the transaction of their cause ([`events`]),
//! each person's notifications of them ([`notifications`]), and the budget's hard stop
//! ([`hard_stop`]).

pub mod evaluate;
pub mod events;
pub mod hard_stop;
pub mod notifications;
pub mod queue;
pub mod rules;

pub use evaluate::{evaluate_board, sweep};
pub use queue::DirtyBoards;
