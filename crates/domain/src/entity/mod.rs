//! sea-orm entities, one per table, matching `migrations/` column for column.
//!
//! Amounts are integer minor units (`*_cents`) and hours integer hundredths (`*_centihours`); the
//! domain modules convert them to `rust_decimal` values. Relations are left out on purpose: the
//! services join in SQL where they need to, so the entities stay a plain map of the schema.

pub mod alert_firing;
pub mod alert_rule;
pub mod api_token;
pub mod app_user;
pub mod audit_event;
pub mod board;
pub mod board_member;
pub mod budget_analysis;
pub mod budget_recommendation;
pub mod cost_pattern;
pub mod exchange_rate;
pub mod expense;
pub mod forecast_snapshot;
pub mod idempotency_record;
pub mod notification;
pub mod org_invitation;
pub mod organization;
pub mod organization_time_lock;
pub mod password_reset;
pub mod project_budget;
pub mod project_roi;
pub mod rate;
pub mod repricing;
pub mod repricing_entry;
pub mod scenario;
pub mod task;
pub mod task_cost;
pub mod time_entry;
pub mod time_import;
pub mod timer;
pub mod timesheet_week;
