//! The kanban core the budget hangs on: organisations, users, boards, members and tasks.

use crate::columns::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000001_kanban"
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Organization {
    Table,
    Id,
    Name,
    CreatedAt,
}

/// `user` is reserved in PostgreSQL, hence `app_user`.
#[derive(DeriveIden, Clone, Copy)]
pub enum AppUser {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    OrganizationId,
    OrgRole,
    DefaultHourlyRateCents,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Board {
    Table,
    Id,
    Name,
    OrganizationId,
    CreatedBy,
    StartDate,
    DueDate,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum BoardMember {
    Table,
    Id,
    BoardId,
    UserId,
    Role,
    HourlyRateCents,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Task {
    Table,
    Id,
    BoardId,
    Title,
    Status,
    Progress,
    Priority,
    AssigneeId,
    DueDate,
    CompletedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organization::Table)
                    .col(id(Organization::Id))
                    .col(text(Organization::Name))
                    .col(timestamp(Organization::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .col(id(AppUser::Id))
                    // Stored trimmed and lower-cased, which makes the unique index case-insensitive.
                    .col(text(AppUser::Email).unique_key())
                    .col(text(AppUser::DisplayName))
                    .col(text(AppUser::PasswordHash))
                    .col(optional_reference(AppUser::OrganizationId))
                    .col(
                        ColumnDef::new(AppUser::OrgRole)
                            .text()
                            .null()
                            .check(Expr::col(AppUser::OrgRole).is_in(["admin", "member"])),
                    )
                    .col(optional_money(AppUser::DefaultHourlyRateCents))
                    .col(timestamp(AppUser::CreatedAt))
                    .foreign_key(&mut organization_fk(
                        AppUser::Table,
                        AppUser::OrganizationId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Board::Table)
                    .col(id(Board::Id))
                    .col(text(Board::Name))
                    .col(optional_reference(Board::OrganizationId))
                    .col(reference(Board::CreatedBy))
                    .col(ColumnDef::new(Board::StartDate).date().not_null())
                    .col(ColumnDef::new(Board::DueDate).date().null())
                    .col(timestamp(Board::CreatedAt))
                    .foreign_key(&mut organization_fk(Board::Table, Board::OrganizationId))
                    .foreign_key(&mut user_fk(
                        Board::Table,
                        Board::CreatedBy,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BoardMember::Table)
                    .col(id(BoardMember::Id))
                    .col(reference(BoardMember::BoardId))
                    .col(reference(BoardMember::UserId))
                    .col(one_of(BoardMember::Role, &["admin", "editor", "viewer"]))
                    .col(optional_money(BoardMember::HourlyRateCents))
                    .col(timestamp(BoardMember::CreatedAt))
                    .foreign_key(&mut board_fk(BoardMember::Table, BoardMember::BoardId))
                    .foreign_key(&mut user_fk(
                        BoardMember::Table,
                        BoardMember::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_board_member_board_user")
                    .table(BoardMember::Table)
                    .col(BoardMember::BoardId)
                    .col(BoardMember::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_board_member_user")
                    .table(BoardMember::Table)
                    .col(BoardMember::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Task::Table)
                    .col(id(Task::Id))
                    .col(reference(Task::BoardId))
                    .col(text(Task::Title))
                    .col(one_of(Task::Status, &["todo", "in_progress", "done"]).default("todo"))
                    .col(int_between(Task::Progress, 0, 100).default(0))
                    .col(
                        one_of(Task::Priority, &["low", "medium", "high", "urgent"])
                            .default("medium"),
                    )
                    .col(optional_reference(Task::AssigneeId))
                    .col(ColumnDef::new(Task::DueDate).date().null())
                    .col(optional_timestamp(Task::CompletedAt))
                    .col(timestamp(Task::CreatedAt))
                    .col(timestamp(Task::UpdatedAt))
                    .foreign_key(&mut board_fk(Task::Table, Task::BoardId))
                    .foreign_key(&mut user_fk(
                        Task::Table,
                        Task::AssigneeId,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_task_board_status")
                    .table(Task::Table)
                    .col(Task::BoardId)
                    .col(Task::Status)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Task::Table.into_iden(),
            BoardMember::Table.into_iden(),
            Board::Table.into_iden(),
            AppUser::Table.into_iden(),
            Organization::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
