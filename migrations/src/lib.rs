//! The tracker's schema: the single source of truth for both SQLite and PostgreSQL.
//!
//! Money is stored as integer minor units (`*_cents`, hundredths of the currency unit) and hours as
//! integer hundredths (`*_centihours`): SQLite has no exact decimal type, and integer sums are exact on
//! both engines. The domain converts to `rust_decimal` at its edges.

pub use sea_orm_migration::prelude::*;

mod board_totals;
mod columns;
mod cost_totals;
mod entry_totals;
mod group_totals;
mod m20261125_000001_kanban;
mod m20261125_000002_budget;
mod m20261125_000003_access;
mod m20261125_000004_read_indexes;
mod m20261125_000005_running_totals;
mod m20261204_000006_totals_views;
mod m20261205_000007_accounts;
mod m20261205_000008_audit_trail;
mod m20261205_000009_versions;
mod m20261205_000010_analyses;
mod m20261205_000011_idempotent_location;
mod m20261205_000012_exchange_rates;
mod m20261206_000013_rates;
mod m20261206_000014_repricings;
mod m20261206_000015_expenses;
mod m20261206_000016_billable_totals;
mod m20261206_000017_fixed_fee;
mod m20261206_000018_person_sums;
mod m20261206_000019_budget_basis;
mod m20261207_000020_forecast_history;
mod m20261207_000021_saved_scenarios;
mod m20261207_000022_board_totals;
mod m20261207_000023_person_totals;
mod m20261208_000030_alerts;
mod m20261208_000031_entry_indexes;
mod m20261208_000032_audit_replay_index;
mod m20261208_000040_webhooks;
mod m20261209_000050_time_settings;
mod m20261209_000060_timesheets;
mod m20261209_000070_timers;
mod m20261209_000080_imports;
mod m20261210_000090_analytics_totals;
mod m20261211_000100_pricing_revision;
mod m20261212_000110_sums_in_place;
mod m20261213_000120_labour_in_task_sums;
mod m20261214_000130_day_costs;
mod m20261214_000140_person_costs;
mod resource_days;

pub struct Migrator;

/// Runs `statements` in order on the migration's connection.
async fn execute_all(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait;
    let db = manager.get_connection();
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_kanban::Migration),
            Box::new(m20261125_000002_budget::Migration),
            Box::new(m20261125_000003_access::Migration),
            Box::new(m20261125_000004_read_indexes::Migration),
            Box::new(m20261125_000005_running_totals::Migration),
            Box::new(m20261204_000006_totals_views::Migration),
            Box::new(m20261205_000007_accounts::Migration),
            Box::new(m20261205_000008_audit_trail::Migration),
            Box::new(m20261205_000009_versions::Migration),
            Box::new(m20261205_000010_analyses::Migration),
            Box::new(m20261205_000011_idempotent_location::Migration),
            Box::new(m20261205_000012_exchange_rates::Migration),
            Box::new(m20261206_000013_rates::Migration),
            Box::new(m20261206_000014_repricings::Migration),
            Box::new(m20261206_000015_expenses::Migration),
            Box::new(m20261206_000016_billable_totals::Migration),
            Box::new(m20261206_000017_fixed_fee::Migration),
            Box::new(m20261206_000018_person_sums::Migration),
            Box::new(m20261206_000019_budget_basis::Migration),
            Box::new(m20261207_000020_forecast_history::Migration),
            Box::new(m20261207_000021_saved_scenarios::Migration),
            Box::new(m20261207_000022_board_totals::Migration),
            Box::new(m20261207_000023_person_totals::Migration),
            Box::new(m20261208_000030_alerts::Migration),
            Box::new(m20261208_000031_entry_indexes::Migration),
            Box::new(m20261208_000032_audit_replay_index::Migration),
            Box::new(m20261208_000040_webhooks::Migration),
            Box::new(m20261209_000050_time_settings::Migration),
            Box::new(m20261209_000070_timers::Migration),
            Box::new(m20261209_000060_timesheets::Migration),
            Box::new(m20261209_000080_imports::Migration),
            Box::new(m20261210_000090_analytics_totals::Migration),
            Box::new(m20261211_000100_pricing_revision::Migration),
            Box::new(m20261212_000110_sums_in_place::Migration),
            Box::new(m20261213_000120_labour_in_task_sums::Migration),
            Box::new(m20261214_000130_day_costs::Migration),
            Box::new(m20261214_000140_person_costs::Migration),
        ]
    }
}
