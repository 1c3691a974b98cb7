//! The optimiser's budget analyses, each kept as its own record: a stored ROI snapshot is history
//! and is never rewritten. The domain keeps the latest few per board.

use sea_orm_migration::prelude::*;

use crate::columns::{board_fk, id, int_between, reference, text, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum BudgetAnalysis {
    Table,
    Id,
    BoardId,
    Source,
    HealthScore,
    Analysis,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BudgetAnalysis::Table)
                    .col(id(BudgetAnalysis::Id))
                    .col(reference(BudgetAnalysis::BoardId))
                    .col(text(BudgetAnalysis::Source))
                    .col(int_between(BudgetAnalysis::HealthScore, 0, 100))
                    .col(ColumnDef::new(BudgetAnalysis::Analysis).json().not_null())
                    .col(timestamp(BudgetAnalysis::CreatedAt))
                    .foreign_key(&mut board_fk(
                        BudgetAnalysis::Table,
                        BudgetAnalysis::BoardId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_budget_analysis_board")
                    .table(BudgetAnalysis::Table)
                    .col(BudgetAnalysis::BoardId)
                    .col(BudgetAnalysis::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BudgetAnalysis::Table).to_owned())
            .await
    }
}
