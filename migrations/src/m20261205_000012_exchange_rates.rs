//! An organisation's exchange rates, kept as a history: one row per currency pair and the day it
//! takes effect. A rate is stored in hundred-millionths (eight decimals), exact.

use sea_orm_migration::prelude::*;

use crate::columns::{id, one_of, optional_reference, reference, text, timestamp, user_fk};
use crate::m20261125_000001_kanban::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum ExchangeRate {
    Table,
    Id,
    OrganizationId,
    FromCurrency,
    ToCurrency,
    RateUnits,
    ValidFrom,
    Source,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ExchangeRate::Table)
                    .col(id(ExchangeRate::Id))
                    .col(reference(ExchangeRate::OrganizationId))
                    .col(text(ExchangeRate::FromCurrency))
                    .col(text(ExchangeRate::ToCurrency))
                    .col(
                        ColumnDef::new(ExchangeRate::RateUnits)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(ExchangeRate::RateUnits).gt(0)),
                    )
                    .col(ColumnDef::new(ExchangeRate::ValidFrom).date().not_null())
                    .col(one_of(ExchangeRate::Source, &["manual", "import"]))
                    .col(optional_reference(ExchangeRate::CreatedBy))
                    .col(timestamp(ExchangeRate::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExchangeRate::Table, ExchangeRate::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut user_fk(
                        ExchangeRate::Table,
                        ExchangeRate::CreatedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One rate per pair and day: the lookup of the rate in force reads this index.
        manager
            .create_index(
                Index::create()
                    .name("idx_exchange_rate_pair_day")
                    .table(ExchangeRate::Table)
                    .col(ExchangeRate::OrganizationId)
                    .col(ExchangeRate::FromCurrency)
                    .col(ExchangeRate::ToCurrency)
                    .col(ExchangeRate::ValidFrom)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ExchangeRate::Table).to_owned())
            .await
    }
}
