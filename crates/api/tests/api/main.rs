//! HTTP integration tests: each test starts the real server on a random port with its own
//! database and talks to it with a real client. `TEST_DATABASE=sqlite` (default) or `postgres`
//! (with `TEST_PG_URL` pointing at a server the harness may create databases on) picks the
//! engine; the whole suite runs on both.

// The harness is test code too: a failed unwrap is a failed test with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod abuse_limits;
mod alerts;
mod analytics;
mod analytics_tasks;
mod approved_time;
mod audit;
mod auth;
mod availability;
mod budget;
mod concurrency;
mod currencies;
mod demo;
mod engines;
mod errors;
mod exchange_rates;
mod expenses;
mod extreme_boards;
mod faults;
mod forecast;
mod forecast_calibration;
mod forecast_history;
mod hostile_input;
mod idempotency;
mod imports;
mod metrics;
mod money_history;
mod openapi;
mod operability;
mod optimizer;
mod pages;
mod pg_cluster;
mod rates;
mod roi;
mod running_totals;
mod scenarios;
mod spec_bounds;
mod spec_changes;
mod spec_conventions;
mod spec_matrix;
mod task_cost;
mod tasks;
mod tenancy;
mod time_entries;
mod timers;
mod timesheets;
mod versions;
mod webhooks;
mod wire;
