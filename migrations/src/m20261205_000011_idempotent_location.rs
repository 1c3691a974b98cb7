//! A remembered answer keeps the `Location` it was sent with, so a retried create answers with
//! the same address as the first. Records written before have none (they answered without one).

use sea_orm_migration::prelude::*;

use crate::columns::optional_text;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum IdempotencyRecord {
    Table,
    ResponseLocation,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(IdempotencyRecord::Table)
                    .add_column(optional_text(IdempotencyRecord::ResponseLocation))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(IdempotencyRecord::Table)
                    .drop_column(IdempotencyRecord::ResponseLocation)
                    .to_owned(),
            )
            .await
    }
}
