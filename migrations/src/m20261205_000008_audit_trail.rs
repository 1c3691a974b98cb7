//! Reading the audit trail: by board, kind, actor and organisation, newest first.
//!
//! A board's events keep their `board_id` when the board is deleted (the trail outlives what it
//! describes), but the board row that said which organisation it belonged to is gone. So a
//! board's deletion stamps its organisation on the board's events (`organization_id`), and the
//! organisation's admins still read them. Organisation-level events carry it too.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvent {
    Table,
    Id,
    ActorId,
    BoardId,
    OrganizationId,
    EntityType,
    EntityId,
}

/// Each index: its name and its columns. Every list is read newest first, by id.
const INDEXES: &[(&str, &[AuditEvent])] = &[
    (
        "ix_audit_event_board_id",
        &[AuditEvent::BoardId, AuditEvent::Id],
    ),
    (
        "ix_audit_event_board_kind",
        &[AuditEvent::BoardId, AuditEvent::EntityType, AuditEvent::Id],
    ),
    (
        "ix_audit_event_actor",
        &[AuditEvent::ActorId, AuditEvent::Id],
    ),
    (
        "ix_audit_event_entity",
        &[AuditEvent::EntityType, AuditEvent::EntityId, AuditEvent::Id],
    ),
    (
        "ix_audit_event_organization",
        &[AuditEvent::OrganizationId, AuditEvent::Id],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvent::Table)
                    .add_column(
                        ColumnDef::new(AuditEvent::OrganizationId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(AuditEvent::Table);
            for column in *columns {
                index.col(*column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(*name)
                        .table(AuditEvent::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvent::Table)
                    .drop_column(AuditEvent::OrganizationId)
                    .to_owned(),
            )
            .await
    }
}
