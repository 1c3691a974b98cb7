//! Repricings of a board's time entries: each one applied as one operation, with the price it
//! replaced and the price it set for every entry it changed, so that it can be reverted exactly.

use sea_orm_migration::prelude::*;

use crate::columns::{
    board_fk, id, optional_reference, optional_timestamp, reference, text, timestamp, user_fk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Repricing {
    Table,
    Id,
    BoardId,
    Status,
    Request,
    CreatedBy,
    CreatedAt,
    RevertedBy,
    RevertedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum RepricingEntry {
    Table,
    Id,
    RepricingId,
    EntryId,
    TaskId,
    UserId,
    WorkDate,
    Centihours,
    OldPrice,
    NewPrice,
    VersionAfter,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Repricing::Table)
                    .col(id(Repricing::Id))
                    .col(reference(Repricing::BoardId))
                    .col(
                        ColumnDef::new(Repricing::Status)
                            .text()
                            .not_null()
                            .check(Expr::col(Repricing::Status).is_in(["applied", "reverted"])),
                    )
                    // The request's filters, as JSON.
                    .col(text(Repricing::Request))
                    .col(optional_reference(Repricing::CreatedBy))
                    .col(timestamp(Repricing::CreatedAt))
                    .col(optional_reference(Repricing::RevertedBy))
                    .col(optional_timestamp(Repricing::RevertedAt))
                    .foreign_key(&mut board_fk(Repricing::Table, Repricing::BoardId))
                    .foreign_key(&mut user_fk(
                        Repricing::Table,
                        Repricing::CreatedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut user_fk(
                        Repricing::Table,
                        Repricing::RevertedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_repricing_board")
                    .table(Repricing::Table)
                    .col(Repricing::BoardId)
                    .col(Repricing::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RepricingEntry::Table)
                    .col(id(RepricingEntry::Id))
                    .col(reference(RepricingEntry::RepricingId))
                    // No reference: an entry deleted later stays named in the record.
                    .col(reference(RepricingEntry::EntryId))
                    .col(reference(RepricingEntry::TaskId))
                    .col(reference(RepricingEntry::UserId))
                    .col(ColumnDef::new(RepricingEntry::WorkDate).date().not_null())
                    .col(
                        ColumnDef::new(RepricingEntry::Centihours)
                            .big_integer()
                            .not_null(),
                    )
                    // The prices before and after, as JSON.
                    .col(text(RepricingEntry::OldPrice))
                    .col(text(RepricingEntry::NewPrice))
                    // The entry's version the repricing left: a revert restores only entries
                    // still at it.
                    .col(
                        ColumnDef::new(RepricingEntry::VersionAfter)
                            .big_integer()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RepricingEntry::Table, RepricingEntry::RepricingId)
                            .to(Repricing::Table, Repricing::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_repricing_entry_repricing")
                    .table(RepricingEntry::Table)
                    .col(RepricingEntry::RepricingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RepricingEntry::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Repricing::Table).to_owned())
            .await
    }
}
