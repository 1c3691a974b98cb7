//! What-if scenarios kept under a name (`UNIQUE (board_id, name)`), and the scenario a
//! recommendation carries: the changes to the plan that would carry it out.
//!
//! Changes are kept as the JSON of the request's `changes`, as they were checked when saved, so
//! a scenario is evaluated again against the data of the day it is read.

use sea_orm_migration::prelude::*;

use crate::columns::{board_fk, id, optional_reference, reference, text, timestamp, user_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Scenario {
    Table,
    Id,
    BoardId,
    Name,
    ChangesJson,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Scenario::Table)
                    .col(id(Scenario::Id))
                    .col(reference(Scenario::BoardId))
                    .col(text(Scenario::Name))
                    .col(text(Scenario::ChangesJson))
                    .col(optional_reference(Scenario::CreatedBy))
                    .col(timestamp(Scenario::CreatedAt))
                    .foreign_key(&mut board_fk(Scenario::Table, Scenario::BoardId))
                    .foreign_key(&mut user_fk(
                        Scenario::Table,
                        Scenario::CreatedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One scenario of a name per board; also the index they are listed by.
        manager
            .create_index(
                Index::create()
                    .name("ux_scenario_board_name")
                    .table(Scenario::Table)
                    .col(Scenario::BoardId)
                    .col(Scenario::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE budget_recommendation ADD COLUMN scenario_json TEXT")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE budget_recommendation DROP COLUMN scenario_json")
            .await?;
        manager
            .drop_table(Table::drop().table(Scenario::Table).to_owned())
            .await
    }
}
