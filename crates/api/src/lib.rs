//! The HTTP face of the Budget & ROI Tracker: configuration, authentication, the board-access
//! extractor, routes by resource, problem+json errors, the OpenAPI document and the web app.
//! All rules live in `budget-domain`; this crate translates HTTP to calls and back.

pub mod auth;
pub mod cli;
pub mod configuration;
pub mod csv;
pub mod encoded;
pub mod extract;
pub mod observability;
pub mod openapi;
pub mod problem;
pub mod prometheus;
pub mod rate_limit;
pub mod routes;
pub mod security;
pub mod startup;
pub mod state;
pub mod web_app;
