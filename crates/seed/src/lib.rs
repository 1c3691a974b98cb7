//! Realistic boards for a fresh installation, the benchmark and the tests: the demo
//! organisation ([`demo`]) and boards of a given size ([`sized`], written by [`generate`]).
//!
//! Both are planned in memory first, pure and seeded, then written in one transaction by the
//! same bulk writer ([`bulk`]). Every stored figure follows the services' rules: an entry's rate
//! is [`rate_in_force`](budget_domain::amount::rate_in_force) and its labour cost is
//! [`labour_cost_cents`](budget_domain::amount::labour_cost_cents) of it. The domain keeps the
//! rules; this crate only makes data that obeys them.

pub mod bulk;
pub mod demo;
pub mod generate;
pub mod sized;
