//! The forecast history: a board's default forecast as it was answered on a day, kept once per
//! board and day (`UNIQUE (board_id, as_of)`), so that how the projection moved can be shown
//! and later scored against what happened.
//!
//! The headline figures are columns in storage units (hundredths of the budget's currency,
//! hundredths of a percent) so they can be listed and compared in SQL; the whole answer, with
//! its method and every input, is kept beside them as JSON text so each stored forecast can be
//! traced and redone. `version` is the version of the server that computed it.

use sea_orm_migration::prelude::*;

use crate::columns::{board_fk, id, money, reference, text, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ForecastSnapshot {
    Table,
    Id,
    BoardId,
    AsOf,
    Method,
    Version,
    Basis,
    Currency,
    ProjectedCents,
    LowCents,
    HighCents,
    ProjectedOverrunCents,
    AcCents,
    BacCents,
    ProbabilityHundredths,
    ExhaustionDate,
    ForecastJson,
    CreatedAt,
}

/// 100 % in hundredths of a percent.
const ALL_HUNDREDTHS: i32 = 10_000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ForecastSnapshot::Table)
                    .col(id(ForecastSnapshot::Id))
                    .col(reference(ForecastSnapshot::BoardId))
                    .col(ColumnDef::new(ForecastSnapshot::AsOf).date().not_null())
                    .col(text(ForecastSnapshot::Method))
                    .col(text(ForecastSnapshot::Version))
                    .col(text(ForecastSnapshot::Basis))
                    .col(
                        ColumnDef::new(ForecastSnapshot::Currency)
                            .string_len(3)
                            .not_null(),
                    )
                    .col(money(ForecastSnapshot::ProjectedCents))
                    .col(money(ForecastSnapshot::LowCents))
                    .col(money(ForecastSnapshot::HighCents))
                    // Negative: projected to stay under the budget.
                    .col(
                        ColumnDef::new(ForecastSnapshot::ProjectedOverrunCents)
                            .big_integer()
                            .null(),
                    )
                    .col(money(ForecastSnapshot::AcCents))
                    .col(money(ForecastSnapshot::BacCents))
                    .col(
                        ColumnDef::new(ForecastSnapshot::ProbabilityHundredths)
                            .integer()
                            .null()
                            .check(
                                Expr::col(ForecastSnapshot::ProbabilityHundredths)
                                    .between(0, ALL_HUNDREDTHS),
                            ),
                    )
                    .col(
                        ColumnDef::new(ForecastSnapshot::ExhaustionDate)
                            .date()
                            .null(),
                    )
                    .col(text(ForecastSnapshot::ForecastJson))
                    .col(timestamp(ForecastSnapshot::CreatedAt))
                    .foreign_key(&mut board_fk(
                        ForecastSnapshot::Table,
                        ForecastSnapshot::BoardId,
                    ))
                    .to_owned(),
            )
            .await?;
        // One forecast per board and day; also the index the history is listed by.
        manager
            .create_index(
                Index::create()
                    .name("ux_forecast_snapshot_board_day")
                    .table(ForecastSnapshot::Table)
                    .col(ForecastSnapshot::BoardId)
                    .col(ForecastSnapshot::AsOf)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ForecastSnapshot::Table).to_owned())
            .await
    }
}
