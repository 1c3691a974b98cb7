//! A board's direct and resource costs summed by the day they were incurred
//! (`board_day_costs`), beside its labour by work date (`board_day_labour`). What a board spent
//! on a day, before a day, within the burn window or in a month then reads one row a day with
//! spending, not every expense of the board and every task with a dated resource cost.
//!
//! A row holds, for one board and day, the cost and the billable amount of the expenses
//! incurred that day and the resource costs incurred that day (a task's resource cost and its
//! day are on its row of `task_sums`; one without a day belongs to no day), kept by the triggers
//! of [`crate::cost_totals`] in the transaction of every write. Time entries change neither
//! source: they update a task's labour alone. The index of `task_sums` over the dated resource
//! costs, which the readers used before, goes.

use sea_orm_migration::prelude::*;

use crate::cost_totals::{Source, Total};
use crate::resource_days;

#[derive(DeriveMigrationName)]
pub struct Migration;

const DAY_COSTS: Total = Total {
    table: "board_day_costs",
    key: "day",
    figures: &["direct_cents", "direct_billable_cents", "resource_cents"],
};

const SOURCES: [Source; 2] = [
    Source {
        table: "expense",
        triggers: "day_costs_expense",
        key: "incurred_on",
        keyless: None,
        figures: &[
            ("direct_cents", "r.cost_cents"),
            ("direct_billable_cents", "r.billable_cents"),
        ],
    },
    Source {
        table: "task_sums",
        triggers: "day_costs_task_sums",
        key: "resource_incurred_on",
        keyless: None,
        figures: &[("resource_cents", "r.resource_cents")],
    },
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut statements = DAY_COSTS.make(backend, resource_days::date_type(backend), &SOURCES);
        statements.push("DROP INDEX ix_task_sums_resource_day".to_owned());
        crate::execute_all(manager, statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut statements = vec![resource_days::INDEX.to_owned()];
        statements.extend(DAY_COSTS.unmake(backend, &SOURCES));
        crate::execute_all(manager, statements).await
    }
}
