//! The Budget & ROI Tracker web app: a Leptos single-page app that talks only to the public API
//! (same origin, the user's token) and renders every dashboard from it.
//!
//! - [`api`]: the typed HTTP client, one function per endpoint, and its problem+json errors;
//! - [`effects`]: code that re-runs when what it read changes, all of one reactive type;
//! - [`requests`]: the reads a screen shows and the writes it sends, each of one reactive type;
//! - [`session`]: the signed-in user and token, kept for the browser session, and the refresh
//!   signal pages bump after their own writes;
//! - [`format`]: money, hours, percentages and dates for people, and reading what people type
//!   (pure, unit-tested), in the browser's locale: [`locale`], learned once at start;
//! - [`text`]: every word people read, in one place, a module per screen or group of
//!   components;
//! - [`labels`]: the words people read for wire values that differ from the wire name, read
//!   from [`text`];
//! - [`components`]: what screens are built from: loading, empty and error states, form fields
//!   and actions, the status badge, the board's tabs, and the SVG charts with their scaling
//!   (pure, unit-tested);
//! - [`url`] and [`routing`]: the query strings where screens keep their filters, order and
//!   page (pure, unit-tested), and the hook that reads and writes them;
//! - [`clock`]: the browser's clock;
//! - [`pages`]: one module per screen, each made of components and never importing another
//!   screen; [`app`]: the router and the layout around them.
//!
//! A library (with a thin `main.rs`) so the shared modules are a toolkit every screen may use:
//! what one screen does not need is not dead code.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod effects;
pub mod format;
pub mod labels;
pub mod locale;
pub mod pages;
pub mod requests;
pub mod routing;
pub mod screens;
pub mod session;
pub mod text;
pub mod url;
