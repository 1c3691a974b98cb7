//! Browser end-to-end tests of the web app: the built app (`dist/`) served by the real
//! server with the demo organisation, driven in headless Chromium through chromedriver.
//!
//! Each test has its own server, database and browser, so they can run in any order; each
//! saves full-page screenshots of the screens it passes through to `artifacts/screenshots/`,
//! and every screen photographed is checked with axe-core's WCAG 2.1 AA rules first.
//!
//! Run: `scripts/install-tools.sh browser && scripts/build-frontend.sh &&
//! cargo test -p budget-e2e -- --test-threads=1` (scripts/test runs them as its last stage).

// The harness helpers (outside #[test] functions, where clippy.toml's allowance does not reach)
// unwrap and expect like the tests do: a broken step is a failed test with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod alerts;
mod analytics_range;
mod big_board;
mod budget_form;
mod calibration;
mod conflicts;
mod dashboard;
mod entries_export;
mod history;
mod imports;
mod keyboard;
mod locale;
mod org_people;
mod organization;
mod phone;
mod profitability;
mod rates;
mod recommendations;
mod resources;
mod screens;
mod session;
mod support;
mod task_editing;
mod time_logging;
mod time_settings;
mod timers;
mod timesheets;
mod updates;
mod what_if;
