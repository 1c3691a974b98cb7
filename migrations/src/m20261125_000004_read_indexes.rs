//! Covering indexes for the aggregates every dashboard runs over a board's time entries.
//!
//! Metrics, analytics, forecast and ROI sum labour and hours per task and per day. With only
//! (board_id, work_date) indexed, each sum reads every entry's table row at random; these
//! indexes hold the summed columns themselves, so the sums are index-only scans. The per-day index
//! supersedes (board_id, work_date), which is dropped.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TimeEntry {
    Table,
    BoardId,
    TaskId,
    WorkDate,
    LabourCostCents,
    Centihours,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_time_entry_board_task_sums")
                    .table(TimeEntry::Table)
                    .col(TimeEntry::BoardId)
                    .col(TimeEntry::TaskId)
                    .col(TimeEntry::LabourCostCents)
                    .col(TimeEntry::Centihours)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_time_entry_board_day_sums")
                    .table(TimeEntry::Table)
                    .col(TimeEntry::BoardId)
                    .col(TimeEntry::WorkDate)
                    .col(TimeEntry::LabourCostCents)
                    .col(TimeEntry::Centihours)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_time_entry_board_date")
                    .table(TimeEntry::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_time_entry_board_date")
                    .table(TimeEntry::Table)
                    .col(TimeEntry::BoardId)
                    .col(TimeEntry::WorkDate)
                    .to_owned(),
            )
            .await?;
        for name in [
            "ix_time_entry_board_task_sums",
            "ix_time_entry_board_day_sums",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(TimeEntry::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
