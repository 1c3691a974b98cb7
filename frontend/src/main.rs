//! The Budget & ROI Tracker web app: a Leptos single-page app that talks only to the public API
//! (same origin, the user's token) and renders every dashboard from it.
//!
//! - [`api`]: the typed HTTP client and its problem+json errors;
//! - [`session`]: the signed-in user and token, kept for the browser session;
//! - [`format`]: money, hours, percentages and dates for people (pure, unit-tested);
//! - [`charts`]: SVG charts drawn by our own components, with their scaling (pure, unit-tested);
//! - [`pages`]: one module per screen; [`app`]: the router and the layout around them.

mod api;
mod app;
mod charts;
mod format;
mod pages;
mod session;
mod widgets;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
