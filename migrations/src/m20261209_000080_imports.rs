//! Imports of time entries from CSV files:
//!
//! - `time_import`: one applied import of one file on one board (`UNIQUE (board_id, digest)`,
//!   the SHA-256 of the file's bytes, so the same file on the same board is imported once), its
//!   options, its progress (`rows_done` of `rows_total`) and, once finished, its report as JSON
//!   text. `status` is `running`, `done` or `failed`; `updated_at` is its heartbeat, so a
//!   running import whose process went away is seen as interrupted and resumed.
//! - `time_entry.import_id`, `time_entry.import_row`: which import and which line of its file
//!   wrote the entry (`UNIQUE (import_id, import_row)`), so a resumed import writes no line
//!   twice. Null on entries logged any other way.

use sea_orm_migration::prelude::*;

use crate::columns::{board_fk, id, one_of, reference, text, timestamp, user_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum TimeImport {
    Table,
    Id,
    BoardId,
    CreatedBy,
    Format,
    Digest,
    CreateMissingTasks,
    SkipRefused,
    Status,
    RowsTotal,
    RowsDone,
    ReportJson,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TimeImport::Table)
                    .col(id(TimeImport::Id))
                    .col(reference(TimeImport::BoardId))
                    .col(reference(TimeImport::CreatedBy))
                    .col(one_of(
                        TimeImport::Format,
                        &["toggl", "clockify", "kimai", "tracker"],
                    ))
                    .col(text(TimeImport::Digest))
                    .col(
                        ColumnDef::new(TimeImport::CreateMissingTasks)
                            .boolean()
                            .not_null(),
                    )
                    .col(ColumnDef::new(TimeImport::SkipRefused).boolean().not_null())
                    .col(one_of(TimeImport::Status, &["running", "done", "failed"]))
                    .col(
                        ColumnDef::new(TimeImport::RowsTotal)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TimeImport::RowsDone)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(TimeImport::ReportJson).text().null())
                    .col(timestamp(TimeImport::CreatedAt))
                    .col(timestamp(TimeImport::UpdatedAt))
                    .foreign_key(&mut board_fk(TimeImport::Table, TimeImport::BoardId))
                    .foreign_key(&mut user_fk(
                        TimeImport::Table,
                        TimeImport::CreatedBy,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_time_import_board_digest")
                    .table(TimeImport::Table)
                    .col(TimeImport::BoardId)
                    .col(TimeImport::Digest)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE time_entry ADD COLUMN import_id BIGINT NULL")
            .await?;
        db.execute_unprepared("ALTER TABLE time_entry ADD COLUMN import_row INTEGER NULL")
            .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_time_entry_import_row ON time_entry (import_id, import_row) \
             WHERE import_id IS NOT NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX ux_time_entry_import_row")
            .await?;
        db.execute_unprepared("ALTER TABLE time_entry DROP COLUMN import_row")
            .await?;
        db.execute_unprepared("ALTER TABLE time_entry DROP COLUMN import_id")
            .await?;
        manager
            .drop_table(Table::drop().table(TimeImport::Table).to_owned())
            .await
    }
}
