//! The indexes a time entry's insert has to keep, cut to what reads still need. The day's hours
//! of a person, summed by every write to hold the 24-hours-a-day rule, are read from the index
//! alone (it carries the hours); the sums per task and per person are kept as running totals
//! (`task_labour`, `board_person_labour`), so the two indexes that served those sums go.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TimeEntry {
    Table,
    BoardId,
    TaskId,
    UserId,
    WorkDate,
    Centihours,
    LabourCostCents,
    BillableCents,
}

const PERSON_DAY: &str = "ix_time_entry_user_date";
const PERSON_DAY_HOURS: &str = "ix_time_entry_person_day_hours";
const TASK_SUMS: &str = "ix_time_entry_board_task_sums";
const PERSON_SUMS: &str = "ix_time_entry_board_person_sums";

fn drop(name: &str) -> IndexDropStatement {
    Index::drop().name(name).table(TimeEntry::Table).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(drop(TASK_SUMS)).await?;
        manager.drop_index(drop(PERSON_SUMS)).await?;
        manager
            .create_index(
                Index::create()
                    .name(PERSON_DAY_HOURS)
                    .table(TimeEntry::Table)
                    .col(TimeEntry::UserId)
                    .col(TimeEntry::WorkDate)
                    .col(TimeEntry::Centihours)
                    .to_owned(),
            )
            .await?;
        manager.drop_index(drop(PERSON_DAY)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(PERSON_DAY)
                    .table(TimeEntry::Table)
                    .col(TimeEntry::UserId)
                    .col(TimeEntry::WorkDate)
                    .to_owned(),
            )
            .await?;
        manager.drop_index(drop(PERSON_DAY_HOURS)).await?;
        manager
            .create_index(
                Index::create()
                    .name(PERSON_SUMS)
                    .table(TimeEntry::Table)
                    .col(TimeEntry::BoardId)
                    .col(TimeEntry::UserId)
                    .col(TimeEntry::LabourCostCents)
                    .col(TimeEntry::BillableCents)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(TASK_SUMS)
                    .table(TimeEntry::Table)
                    .col(TimeEntry::BoardId)
                    .col(TimeEntry::TaskId)
                    .col(TimeEntry::LabourCostCents)
                    .col(TimeEntry::Centihours)
                    .to_owned(),
            )
            .await
    }
}
