//! A board's settings for recording time:
//!
//! - `board.time_rounding`: how a stopped timer's time is rounded into an entry (`TimeRounding`
//!   wire names: not at all, or up to the next 1, 6 or 15 minutes).
//! - `board.editors_log_for_others`: whether editors may log and correct time on behalf of other
//!   people (board admins always may).
//! - `time_entry.approved`: whether the entry's week is approved (approved time is locked).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE board ADD COLUMN time_rounding TEXT NOT NULL DEFAULT 'none' \
             CHECK (time_rounding IN ('none', 'up_to_1_minute', 'up_to_6_minutes', \
                                      'up_to_15_minutes'))",
        )
        .await?;
        db.execute_unprepared(
            "ALTER TABLE board ADD COLUMN editors_log_for_others BOOLEAN NOT NULL DEFAULT FALSE",
        )
        .await?;
        db.execute_unprepared(
            "ALTER TABLE time_entry ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE time_entry DROP COLUMN approved")
            .await?;
        db.execute_unprepared("ALTER TABLE board DROP COLUMN editors_log_for_others")
            .await?;
        db.execute_unprepared("ALTER TABLE board DROP COLUMN time_rounding")
            .await?;
        Ok(())
    }
}
