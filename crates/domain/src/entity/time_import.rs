use sea_orm::entity::prelude::*;

/// One applied import of a CSV file of time entries on a board (migration `imports`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "time_import")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    /// Who imported the file: the audit's actor.
    pub created_by: i64,
    /// An `ImportFormat` wire name.
    pub format: String,
    /// SHA-256 of the file's bytes, hex: the same file on the same board is imported once.
    pub digest: String,
    pub create_missing_tasks: bool,
    pub skip_refused: bool,
    /// An `ImportStatus` wire name.
    pub status: String,
    pub rows_total: i64,
    pub rows_done: i64,
    /// The finished import's report (`ImportReport` as JSON).
    pub report_json: Option<String>,
    pub created_at: DateTimeUtc,
    /// The heartbeat of a running import.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
