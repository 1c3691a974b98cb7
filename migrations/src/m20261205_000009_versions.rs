//! Every mutable resource carries a version (starting at 1, raised by each change) for
//! conditional writes, and every resource there may be only one of has a unique index, so two
//! concurrent creations cannot both succeed.
//!
//! Before a unique index is created, rows that would break it are resolved without losing
//! anything: duplicate pending recommendations (same board, type and title) but the oldest are
//! marked rejected with a note saying why, and organisations sharing a name but the oldest get
//! their id appended to the name.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows carry a version from now on (the budget has had one from the start).
const VERSIONED: [&str; 6] = [
    "board",
    "task",
    "task_cost",
    "board_member",
    "time_entry",
    "budget_recommendation",
];

const RESOLVE_DUPLICATE_PENDING: &str = "UPDATE budget_recommendation \
    SET status = 'rejected', \
        review_note = 'duplicate of an identical pending recommendation' \
    WHERE status = 'pending' AND id NOT IN ( \
        SELECT MIN(id) FROM budget_recommendation WHERE status = 'pending' \
        GROUP BY board_id, recommendation_type, title)";

/// One pending recommendation per board, type and title; reviewed ones may repeat.
const UNIQUE_PENDING: &str = "CREATE UNIQUE INDEX ux_recommendation_pending \
    ON budget_recommendation (board_id, recommendation_type, title) \
    WHERE status = 'pending'";

const RESOLVE_DUPLICATE_ORG_NAMES: &str = "UPDATE organization \
    SET name = name || ' (' || CAST(id AS VARCHAR(20)) || ')' \
    WHERE id NOT IN (SELECT MIN(id) FROM organization GROUP BY name)";

const UNIQUE_ORG_NAME: &str = "CREATE UNIQUE INDEX ux_organization_name ON organization (name)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in VERSIONED {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} ADD COLUMN version BIGINT NOT NULL DEFAULT 1"
            ))
            .await?;
        }
        db.execute_unprepared(RESOLVE_DUPLICATE_PENDING).await?;
        db.execute_unprepared(UNIQUE_PENDING).await?;
        db.execute_unprepared(RESOLVE_DUPLICATE_ORG_NAMES).await?;
        db.execute_unprepared(UNIQUE_ORG_NAME).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX ux_organization_name")
            .await?;
        db.execute_unprepared("DROP INDEX ux_recommendation_pending")
            .await?;
        for table in VERSIONED {
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN version"))
                .await?;
        }
        Ok(())
    }
}
