//! The budget feature: the seed's six models, with the constraints that keep them correct.

use crate::columns::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_budget"
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ProjectBudget {
    Table,
    Id,
    BoardId,
    AllocatedBudgetCents,
    Currency,
    AllocatedCentihours,
    WarningThreshold,
    CriticalThreshold,
    AiOptimizationEnabled,
    LastAiAnalysis,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum TaskCost {
    Table,
    Id,
    TaskId,
    EstimatedCostCents,
    EstimatedCentihours,
    ActualCostCents,
    HourlyRateCents,
    ResourceCostCents,
    IncurredOn,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum TimeEntry {
    Table,
    Id,
    BoardId,
    TaskId,
    UserId,
    Centihours,
    WorkDate,
    Description,
    IsBillable,
    HourlyRateCents,
    LabourCostCents,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ProjectRoi {
    Table,
    Id,
    BoardId,
    ExpectedValueCents,
    RealizedValueCents,
    TotalCostCents,
    RoiBasisPoints,
    CompletedTasks,
    TotalTasks,
    SnapshotDate,
    CreatedBy,
    AiInsights,
    AiRiskScore,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum BudgetRecommendation {
    Table,
    Id,
    BoardId,
    RecommendationType,
    Title,
    Description,
    EstimatedSavingsCents,
    ConfidenceScore,
    Priority,
    Status,
    AiReasoning,
    BasedOnPatterns,
    Source,
    CreatedAt,
    ReviewedBy,
    ReviewedAt,
    RealizedSavingsCents,
    ReviewNote,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum CostPattern {
    Table,
    Id,
    BoardId,
    PatternName,
    PatternType,
    PatternData,
    Confidence,
    OccurrenceCount,
    LastOccurred,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProjectBudget::Table)
                    .col(id(ProjectBudget::Id))
                    .col(reference(ProjectBudget::BoardId).unique_key())
                    .col(money(ProjectBudget::AllocatedBudgetCents))
                    .col(
                        ColumnDef::new(ProjectBudget::Currency)
                            .string_len(3)
                            .not_null()
                            .default("USD"),
                    )
                    .col(optional_money(ProjectBudget::AllocatedCentihours))
                    .col(int_between(ProjectBudget::WarningThreshold, 1, 99).default(80))
                    .col(int_between(ProjectBudget::CriticalThreshold, 2, 100).default(95))
                    .col(
                        ColumnDef::new(ProjectBudget::AiOptimizationEnabled)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(optional_timestamp(ProjectBudget::LastAiAnalysis))
                    .col(reference(ProjectBudget::CreatedBy))
                    .col(timestamp(ProjectBudget::CreatedAt))
                    .col(timestamp(ProjectBudget::UpdatedAt))
                    .col(
                        ColumnDef::new(ProjectBudget::Version)
                            .big_integer()
                            .not_null()
                            .default(1),
                    )
                    .check(
                        Expr::col(ProjectBudget::WarningThreshold)
                            .lt(Expr::col(ProjectBudget::CriticalThreshold)),
                    )
                    .foreign_key(&mut board_fk(ProjectBudget::Table, ProjectBudget::BoardId))
                    .foreign_key(&mut user_fk(
                        ProjectBudget::Table,
                        ProjectBudget::CreatedBy,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TaskCost::Table)
                    .col(id(TaskCost::Id))
                    .col(reference(TaskCost::TaskId).unique_key())
                    .col(money(TaskCost::EstimatedCostCents))
                    .col(money(TaskCost::EstimatedCentihours))
                    .col(money(TaskCost::ActualCostCents))
                    .col(optional_money(TaskCost::HourlyRateCents))
                    .col(money(TaskCost::ResourceCostCents))
                    // The day direct and resource costs were incurred: they count in the burn rate then.
                    .col(ColumnDef::new(TaskCost::IncurredOn).date().null())
                    .col(timestamp(TaskCost::UpdatedAt))
                    .foreign_key(&mut task_fk(TaskCost::Table, TaskCost::TaskId))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TimeEntry::Table)
                    .col(id(TimeEntry::Id))
                    // Denormalised from the task (tasks never move between boards) so that board-wide
                    // aggregates read one indexed table.
                    .col(reference(TimeEntry::BoardId))
                    .col(reference(TimeEntry::TaskId))
                    .col(reference(TimeEntry::UserId))
                    .col(int_between(TimeEntry::Centihours, 1, 1600))
                    .col(ColumnDef::new(TimeEntry::WorkDate).date().not_null())
                    .col(text(TimeEntry::Description).default(""))
                    .col(
                        ColumnDef::new(TimeEntry::IsBillable)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(optional_money(TimeEntry::HourlyRateCents))
                    .col(money(TimeEntry::LabourCostCents))
                    .col(timestamp(TimeEntry::CreatedAt))
                    .col(timestamp(TimeEntry::UpdatedAt))
                    .foreign_key(&mut board_fk(TimeEntry::Table, TimeEntry::BoardId))
                    .foreign_key(&mut task_fk(TimeEntry::Table, TimeEntry::TaskId))
                    .foreign_key(&mut user_fk(
                        TimeEntry::Table,
                        TimeEntry::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_time_entry_task_date", TimeEntry::TaskId),
            ("ix_time_entry_user_date", TimeEntry::UserId),
            ("ix_time_entry_board_date", TimeEntry::BoardId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(TimeEntry::Table)
                        .col(column)
                        .col(TimeEntry::WorkDate)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ProjectRoi::Table)
                    .col(id(ProjectRoi::Id))
                    .col(reference(ProjectRoi::BoardId))
                    .col(money(ProjectRoi::ExpectedValueCents))
                    .col(money(ProjectRoi::RealizedValueCents))
                    .col(money(ProjectRoi::TotalCostCents))
                    // ROI % in hundredths of a percent; null when the total cost is zero.
                    .col(
                        ColumnDef::new(ProjectRoi::RoiBasisPoints)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(ProjectRoi::CompletedTasks)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(ProjectRoi::TotalTasks).integer().not_null())
                    .col(timestamp(ProjectRoi::SnapshotDate))
                    .col(reference(ProjectRoi::CreatedBy))
                    .col(ColumnDef::new(ProjectRoi::AiInsights).json().null())
                    .col(
                        ColumnDef::new(ProjectRoi::AiRiskScore)
                            .integer()
                            .null()
                            .check(Expr::col(ProjectRoi::AiRiskScore).between(0, 100)),
                    )
                    .foreign_key(&mut board_fk(ProjectRoi::Table, ProjectRoi::BoardId))
                    .foreign_key(&mut user_fk(
                        ProjectRoi::Table,
                        ProjectRoi::CreatedBy,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_project_roi_board_date")
                    .table(ProjectRoi::Table)
                    .col(ProjectRoi::BoardId)
                    .col(ProjectRoi::SnapshotDate)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BudgetRecommendation::Table)
                    .col(id(BudgetRecommendation::Id))
                    .col(reference(BudgetRecommendation::BoardId))
                    .col(one_of(
                        BudgetRecommendation::RecommendationType,
                        &[
                            "reallocation",
                            "scope_cut",
                            "resource_optimization",
                            "risk_mitigation",
                            "efficiency_improvement",
                            "timeline_change",
                        ],
                    ))
                    .col(text(BudgetRecommendation::Title))
                    .col(text(BudgetRecommendation::Description))
                    .col(money(BudgetRecommendation::EstimatedSavingsCents))
                    .col(int_between(BudgetRecommendation::ConfidenceScore, 0, 100))
                    .col(one_of(
                        BudgetRecommendation::Priority,
                        &["low", "medium", "high", "urgent"],
                    ))
                    .col(
                        one_of(
                            BudgetRecommendation::Status,
                            &["pending", "accepted", "rejected", "implemented"],
                        )
                        .default("pending"),
                    )
                    .col(text(BudgetRecommendation::AiReasoning).default(""))
                    .col(
                        ColumnDef::new(BudgetRecommendation::BasedOnPatterns)
                            .json()
                            .null(),
                    )
                    .col(
                        one_of(
                            BudgetRecommendation::Source,
                            &["builtin", "gemini", "openai"],
                        )
                        .default("builtin"),
                    )
                    .col(timestamp(BudgetRecommendation::CreatedAt))
                    .col(optional_reference(BudgetRecommendation::ReviewedBy))
                    .col(optional_timestamp(BudgetRecommendation::ReviewedAt))
                    .col(optional_money(BudgetRecommendation::RealizedSavingsCents))
                    .col(optional_text(BudgetRecommendation::ReviewNote))
                    .foreign_key(&mut board_fk(
                        BudgetRecommendation::Table,
                        BudgetRecommendation::BoardId,
                    ))
                    .foreign_key(&mut user_fk(
                        BudgetRecommendation::Table,
                        BudgetRecommendation::ReviewedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, first) in [
            (
                "ix_recommendation_board_status",
                BudgetRecommendation::BoardId,
            ),
            (
                "ix_recommendation_type_status",
                BudgetRecommendation::RecommendationType,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(BudgetRecommendation::Table)
                        .col(first)
                        .col(BudgetRecommendation::Status)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(CostPattern::Table)
                    .col(id(CostPattern::Id))
                    .col(reference(CostPattern::BoardId))
                    .col(text(CostPattern::PatternName))
                    .col(text(CostPattern::PatternType))
                    .col(ColumnDef::new(CostPattern::PatternData).json().not_null())
                    // A statistical confidence in 0..=1, not money: a float is the honest type.
                    .col(
                        ColumnDef::new(CostPattern::Confidence)
                            .double()
                            .not_null()
                            .check(Expr::col(CostPattern::Confidence).between(0.0, 1.0)),
                    )
                    .col(
                        ColumnDef::new(CostPattern::OccurrenceCount)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(timestamp(CostPattern::LastOccurred))
                    .foreign_key(&mut board_fk(CostPattern::Table, CostPattern::BoardId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_cost_pattern_board_name")
                    .table(CostPattern::Table)
                    .col(CostPattern::BoardId)
                    .col(CostPattern::PatternName)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CostPattern::Table.into_iden(),
            BudgetRecommendation::Table.into_iden(),
            ProjectRoi::Table.into_iden(),
            TimeEntry::Table.into_iden(),
            TaskCost::Table.into_iden(),
            ProjectBudget::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
