//! Running timers: at most one per person (`UNIQUE (user_id)`), on a task of a board. A timer
//! keeps when it started and the person's offset from UTC at the start (`utc_offset_minutes`,
//! -720 to 840): stopped, its time becomes one entry per day of that offset. It goes with its
//! person, its board or its task.

use sea_orm_migration::prelude::*;

use crate::columns::{board_fk, id, int_between, reference, task_fk, text, timestamp, user_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Timer {
    Table,
    Id,
    UserId,
    BoardId,
    TaskId,
    StartedAt,
    UtcOffsetMinutes,
    Description,
    IsBillable,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Timer::Table)
                    .col(id(Timer::Id))
                    .col(reference(Timer::UserId).unique_key())
                    .col(reference(Timer::BoardId))
                    .col(reference(Timer::TaskId))
                    .col(timestamp(Timer::StartedAt))
                    .col(int_between(Timer::UtcOffsetMinutes, -720, 840))
                    .col(text(Timer::Description).default(""))
                    .col(
                        ColumnDef::new(Timer::IsBillable)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .foreign_key(&mut user_fk(
                        Timer::Table,
                        Timer::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut board_fk(Timer::Table, Timer::BoardId))
                    .foreign_key(&mut task_fk(Timer::Table, Timer::TaskId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Timer::Table).to_owned())
            .await
    }
}
