//! Access and accountability: personal access tokens, the audit trail and idempotency records.

use crate::columns::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_access"
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ApiToken {
    Table,
    Id,
    UserId,
    Name,
    Scope,
    TokenHash,
    TokenPrefix,
    CreatedAt,
    LastUsedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum AuditEvent {
    Table,
    Id,
    ActorId,
    BoardId,
    EntityType,
    EntityId,
    Action,
    OldValue,
    NewValue,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum IdempotencyRecord {
    Table,
    Id,
    UserId,
    IdempotencyKey,
    RequestHash,
    ResponseStatus,
    ResponseBody,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(id(ApiToken::Id))
                    .col(reference(ApiToken::UserId))
                    .col(text(ApiToken::Name))
                    .col(one_of(ApiToken::Scope, &["read", "write"]))
                    // SHA-256 of the token: the token itself is shown once and never stored.
                    .col(text(ApiToken::TokenHash).unique_key())
                    .col(text(ApiToken::TokenPrefix))
                    .col(timestamp(ApiToken::CreatedAt))
                    .col(optional_timestamp(ApiToken::LastUsedAt))
                    .col(timestamp(ApiToken::ExpiresAt))
                    .col(optional_timestamp(ApiToken::RevokedAt))
                    .foreign_key(&mut user_fk(
                        ApiToken::Table,
                        ApiToken::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_token_user")
                    .table(ApiToken::Table)
                    .col(ApiToken::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .col(id(AuditEvent::Id))
                    // Kept when the actor or board is deleted: the trail outlives what it describes.
                    .col(optional_reference(AuditEvent::ActorId))
                    .col(optional_reference(AuditEvent::BoardId))
                    .col(text(AuditEvent::EntityType))
                    .col(reference(AuditEvent::EntityId))
                    .col(text(AuditEvent::Action))
                    .col(ColumnDef::new(AuditEvent::OldValue).json().null())
                    .col(ColumnDef::new(AuditEvent::NewValue).json().null())
                    .col(timestamp(AuditEvent::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_board_time")
                    .table(AuditEvent::Table)
                    .col(AuditEvent::BoardId)
                    .col(AuditEvent::CreatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyRecord::Table)
                    .col(id(IdempotencyRecord::Id))
                    .col(reference(IdempotencyRecord::UserId))
                    .col(text(IdempotencyRecord::IdempotencyKey))
                    .col(text(IdempotencyRecord::RequestHash))
                    .col(
                        ColumnDef::new(IdempotencyRecord::ResponseStatus)
                            .integer()
                            .not_null(),
                    )
                    .col(text(IdempotencyRecord::ResponseBody))
                    .col(timestamp(IdempotencyRecord::CreatedAt))
                    .foreign_key(&mut user_fk(
                        IdempotencyRecord::Table,
                        IdempotencyRecord::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_idempotency_user_key")
                    .table(IdempotencyRecord::Table)
                    .col(IdempotencyRecord::UserId)
                    .col(IdempotencyRecord::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyRecord::Table.into_iden(),
            AuditEvent::Table.into_iden(),
            ApiToken::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
