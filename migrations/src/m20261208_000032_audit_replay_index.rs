//! A board's changes to estimates, progress and its budget since a day, read to replay the
//! board as it stood (the forecast of past days), come from an index of the board's events by
//! kind and time: the time entries' own events, one per logged entry, are never read for it, so
//! the read does not grow with the time being logged.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    BoardId,
    EntityType,
    CreatedAt,
}

const NAME: &str = "ix_audit_event_board_kind_time";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(AuditEvent::Table)
                    .col(AuditEvent::BoardId)
                    .col(AuditEvent::EntityType)
                    .col(AuditEvent::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(AuditEvent::Table).to_owned())
            .await
    }
}
