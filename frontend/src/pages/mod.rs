//! One module per screen, and [`board`]: the parent of the board screens, which reads the board
//! id from the address once.

pub mod alerts;
pub mod analytics;
pub mod approvals;
pub mod board;
pub mod boards;
pub mod budget_form;
pub mod dashboard;
pub mod expenses;
pub mod history;
pub mod imports;
pub mod login;
pub mod members;
pub mod notifications;
pub mod organization;
pub mod password_reset;
pub mod rates;
pub mod recommendations;
pub mod resources;
pub mod roi;
pub mod settings;
pub mod tasks;
pub mod timesheet;
pub mod what_if;
