//! Hourly rates as a dated history, kept at five levels, and what every time entry snapshots of
//! them.
//!
//! A rate row holds a pair — a cost rate (what an hour costs) and a billable rate (what an hour
//! is charged) — each optional and each with an optional currency (none: the board's budget
//! currency), taking effect on `valid_from`. Its level and scope say whom it covers: `task`
//! (everyone on one task), `board_member` (one person on one board), `board`, `person` (one
//! person everywhere in their organisation) or `organization`. `scope` names level and keys in
//! one text (`task:12`, `board_member:3:7`), so one unique index keeps one row per scope and day.
//!
//! The single rates kept before (a task's rate, a person's rate on a board, a person's default
//! rate) become the first row of their scope, in force from the earliest day there is, and
//! their old columns are emptied: rates are read from `rate` alone.
//!
//! Time entries gain the rest of their snapshot: the billable rate, both rates' currencies and
//! the stored rows they came from, the exchange rates used, and the billable amount in the
//! board's currency.

use sea_orm_migration::prelude::*;

use crate::columns::{
    board_fk, id, optional_reference, optional_text, task_fk, text, timestamp, user_fk,
};
use crate::m20261125_000001_kanban::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Rate {
    Table,
    Id,
    Scope,
    Level,
    OrganizationId,
    BoardId,
    TaskId,
    UserId,
    ValidFrom,
    CostRateCents,
    CostCurrency,
    BillableRateCents,
    BillableCurrency,
    CreatedBy,
    CreatedAt,
}

/// The first day there is, as a date literal of `backend`: the single rates kept before applied
/// to every entry.
fn earliest(backend: sea_orm::DatabaseBackend) -> &'static str {
    match backend {
        sea_orm::DatabaseBackend::Postgres => "DATE '1970-01-01'",
        _ => "'1970-01-01'",
    }
}

fn carry_over(backend: sea_orm::DatabaseBackend) -> [String; 3] {
    let earliest = earliest(backend);
    [
        format!(
            "INSERT INTO rate (scope, level, board_id, task_id, valid_from, cost_rate_cents, created_at) \
             SELECT 'task:' || CAST(c.task_id AS VARCHAR(20)), 'task', t.board_id, c.task_id, \
                    {earliest}, c.hourly_rate_cents, c.updated_at \
             FROM task_cost c JOIN task t ON t.id = c.task_id \
             WHERE c.hourly_rate_cents IS NOT NULL"
        ),
        format!(
            "INSERT INTO rate (scope, level, board_id, user_id, valid_from, cost_rate_cents, created_at) \
             SELECT 'board_member:' || CAST(m.board_id AS VARCHAR(20)) || ':' \
                    || CAST(m.user_id AS VARCHAR(20)), 'board_member', m.board_id, m.user_id, \
                    {earliest}, m.hourly_rate_cents, m.created_at \
             FROM board_member m WHERE m.hourly_rate_cents IS NOT NULL"
        ),
        format!(
            "INSERT INTO rate (scope, level, organization_id, user_id, valid_from, cost_rate_cents, \
                               created_at) \
             SELECT 'person:' || CAST(u.id AS VARCHAR(20)), 'person', u.organization_id, u.id, \
                    {earliest}, u.default_hourly_rate_cents, u.created_at \
             FROM app_user u WHERE u.default_hourly_rate_cents IS NOT NULL"
        ),
    ]
}

/// The columns time entries gain: (name, type).
const ENTRY_COLUMNS: [(&str, &str); 7] = [
    ("rate_currency", "TEXT NULL"),
    ("cost_rate_id", "BIGINT NULL"),
    ("cost_exchange_units", "BIGINT NULL"),
    ("billable_rate_cents", "BIGINT NULL"),
    ("billable_rate_currency", "TEXT NULL"),
    ("billable_rate_id", "BIGINT NULL"),
    ("billable_exchange_units", "BIGINT NULL"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Rate::Table)
                    .col(id(Rate::Id))
                    .col(text(Rate::Scope))
                    .col(ColumnDef::new(Rate::Level).text().not_null().check(
                        Expr::col(Rate::Level).is_in([
                            "task",
                            "board_member",
                            "board",
                            "person",
                            "organization",
                        ]),
                    ))
                    .col(optional_reference(Rate::OrganizationId))
                    .col(optional_reference(Rate::BoardId))
                    .col(optional_reference(Rate::TaskId))
                    .col(optional_reference(Rate::UserId))
                    .col(ColumnDef::new(Rate::ValidFrom).date().not_null())
                    .col(
                        ColumnDef::new(Rate::CostRateCents)
                            .big_integer()
                            .null()
                            .check(Expr::col(Rate::CostRateCents).gte(0)),
                    )
                    .col(optional_text(Rate::CostCurrency))
                    .col(
                        ColumnDef::new(Rate::BillableRateCents)
                            .big_integer()
                            .null()
                            .check(Expr::col(Rate::BillableRateCents).gte(0)),
                    )
                    .col(optional_text(Rate::BillableCurrency))
                    .col(optional_reference(Rate::CreatedBy))
                    .col(timestamp(Rate::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rate::Table, Rate::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut board_fk(Rate::Table, Rate::BoardId))
                    .foreign_key(&mut task_fk(Rate::Table, Rate::TaskId))
                    .foreign_key(&mut user_fk(
                        Rate::Table,
                        Rate::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut user_fk(
                        Rate::Table,
                        Rate::CreatedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One row per scope and day; the lookup of the rates in force reads this index.
        manager
            .create_index(
                Index::create()
                    .name("ux_rate_scope_day")
                    .table(Rate::Table)
                    .col(Rate::Scope)
                    .col(Rate::ValidFrom)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for statement in carry_over(manager.get_database_backend()) {
            db.execute_unprepared(&statement).await?;
        }
        // The single rates now live in `rate` alone.
        for statement in [
            "UPDATE task_cost SET hourly_rate_cents = NULL",
            "UPDATE board_member SET hourly_rate_cents = NULL",
            "UPDATE app_user SET default_hourly_rate_cents = NULL",
        ] {
            db.execute_unprepared(statement).await?;
        }
        for (column, kind) in ENTRY_COLUMNS {
            db.execute_unprepared(&format!(
                "ALTER TABLE time_entry ADD COLUMN {column} {kind}"
            ))
            .await?;
        }
        db.execute_unprepared(
            "ALTER TABLE time_entry ADD COLUMN billable_cents BIGINT NOT NULL DEFAULT 0",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE time_entry DROP COLUMN billable_cents")
            .await?;
        for (column, _) in ENTRY_COLUMNS.iter().rev() {
            db.execute_unprepared(&format!("ALTER TABLE time_entry DROP COLUMN {column}"))
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Rate::Table).to_owned())
            .await
    }
}
