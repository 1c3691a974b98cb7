//! Weekly timesheets and closed time:
//!
//! - `timesheet_week`: the state of one person's week on one board (a week is named by its
//!   Monday, `week_start`; its Sunday, `week_end`, is kept so that both engines can sum the
//!   week's entries without date arithmetic): `open` (also the state of a week without a row), `submitted`,
//!   `approved` or `rejected`; who submitted it and when; who decided it, when, and the
//!   decision's comment (required on a rejection). `version` rises with every transition, so a
//!   timesheet's ETag changes with its state. One row per board, person and week.
//! - `organization_time_lock`: an organisation's lock date: every entry of its boards worked on
//!   or before `closed_through` is closed.

use sea_orm_migration::prelude::*;

use crate::columns::{
    board_fk, id, one_of, optional_reference, optional_text, optional_timestamp, reference,
    timestamp, user_fk,
};
use crate::m20261125_000001_kanban::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A week's states (`open` is also the state of a week without a row).
const STATES: [&str; 4] = ["open", "submitted", "approved", "rejected"];

#[derive(DeriveIden, Clone, Copy)]
enum TimesheetWeek {
    Table,
    Id,
    BoardId,
    UserId,
    WeekStart,
    WeekEnd,
    Status,
    SubmittedBy,
    SubmittedAt,
    DecidedBy,
    DecidedAt,
    Comment,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganizationTimeLock {
    Table,
    OrganizationId,
    ClosedThrough,
    UpdatedBy,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TimesheetWeek::Table)
                    .col(id(TimesheetWeek::Id))
                    .col(reference(TimesheetWeek::BoardId))
                    .col(reference(TimesheetWeek::UserId))
                    .col(ColumnDef::new(TimesheetWeek::WeekStart).date().not_null())
                    .col(ColumnDef::new(TimesheetWeek::WeekEnd).date().not_null())
                    .col(one_of(TimesheetWeek::Status, &STATES))
                    .col(optional_reference(TimesheetWeek::SubmittedBy))
                    .col(optional_timestamp(TimesheetWeek::SubmittedAt))
                    .col(optional_reference(TimesheetWeek::DecidedBy))
                    .col(optional_timestamp(TimesheetWeek::DecidedAt))
                    .col(optional_text(TimesheetWeek::Comment))
                    .col(
                        ColumnDef::new(TimesheetWeek::Version)
                            .big_integer()
                            .not_null()
                            .default(1),
                    )
                    .col(timestamp(TimesheetWeek::UpdatedAt))
                    .foreign_key(&mut board_fk(TimesheetWeek::Table, TimesheetWeek::BoardId))
                    .foreign_key(&mut user_fk(
                        TimesheetWeek::Table,
                        TimesheetWeek::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut user_fk(
                        TimesheetWeek::Table,
                        TimesheetWeek::SubmittedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut user_fk(
                        TimesheetWeek::Table,
                        TimesheetWeek::DecidedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_timesheet_week")
                    .table(TimesheetWeek::Table)
                    .col(TimesheetWeek::BoardId)
                    .col(TimesheetWeek::UserId)
                    .col(TimesheetWeek::WeekStart)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The approvals queues read a board's (or organisation's boards') weeks by state.
        manager
            .create_index(
                Index::create()
                    .name("ix_timesheet_week_status")
                    .table(TimesheetWeek::Table)
                    .col(TimesheetWeek::Status)
                    .col(TimesheetWeek::BoardId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganizationTimeLock::Table)
                    .col(
                        ColumnDef::new(OrganizationTimeLock::OrganizationId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(OrganizationTimeLock::ClosedThrough)
                            .date()
                            .not_null(),
                    )
                    .col(optional_reference(OrganizationTimeLock::UpdatedBy))
                    .col(timestamp(OrganizationTimeLock::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OrganizationTimeLock::Table,
                                OrganizationTimeLock::OrganizationId,
                            )
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut user_fk(
                        OrganizationTimeLock::Table,
                        OrganizationTimeLock::UpdatedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrganizationTimeLock::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TimesheetWeek::Table).to_owned())
            .await?;
        Ok(())
    }
}
