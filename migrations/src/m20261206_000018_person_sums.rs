//! The profitability by person sums each person's labour and billable amounts over a board's
//! entries; this index holds exactly those columns in that order, so the sum reads the index
//! alone, one person after another, instead of every entry row.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TimeEntry {
    Table,
    BoardId,
    UserId,
    LabourCostCents,
    BillableCents,
}

const NAME: &str = "ix_time_entry_board_person_sums";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(TimeEntry::Table)
                    .col(TimeEntry::BoardId)
                    .col(TimeEntry::UserId)
                    .col(TimeEntry::LabourCostCents)
                    .col(TimeEntry::BillableCents)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(TimeEntry::Table).to_owned())
            .await
    }
}
