//! A board's budget may carry a fixed fee: what the client pays for the whole work, whatever it
//! takes. It is then the board's revenue.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE project_budget ADD COLUMN fixed_fee_cents BIGINT NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE project_budget DROP COLUMN fixed_fee_cents")
            .await?;
        Ok(())
    }
}
