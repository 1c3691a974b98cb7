//! A board's expenses summed by the person who recorded them (`board_person_costs`: their count,
//! cost and billable amount; no one is person 0, as in the group totals), beside each person's
//! labour (`board_person_labour`). The profitability by person then reads a few rows a board,
//! not every expense of the board. Kept by the triggers of [`crate::cost_totals`] in the
//! transaction of every write of an expense.

use sea_orm_migration::prelude::*;

use crate::cost_totals::{Source, Total};

#[derive(DeriveMigrationName)]
pub struct Migration;

const PERSON_COSTS: Total = Total {
    table: "board_person_costs",
    key: "user_id",
    figures: &["expenses", "cost_cents", "billable_cents"],
};

const EXPENSES: Source = Source {
    table: "expense",
    triggers: "person_costs_expense",
    key: "user_id",
    keyless: Some("0"),
    figures: &[
        ("expenses", "1"),
        ("cost_cents", "r.cost_cents"),
        ("billable_cents", "r.billable_cents"),
    ],
};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        crate::execute_all(manager, PERSON_COSTS.make(backend, "BIGINT", &[EXPENSES])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        crate::execute_all(manager, PERSON_COSTS.unmake(backend, &[EXPENSES])).await
    }
}
