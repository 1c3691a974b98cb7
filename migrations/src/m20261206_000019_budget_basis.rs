//! A budget is kept on what the work costs (`cost`, as every budget so far) or on what it is
//! billed for (`billable`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE project_budget ADD COLUMN basis VARCHAR(16) NOT NULL DEFAULT 'cost'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE project_budget DROP COLUMN basis")
            .await?;
        Ok(())
    }
}
