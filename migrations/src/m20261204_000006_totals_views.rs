//! The view `task_totals` states, once, what every per-task figure of a board is summed from:
//! one row per task with its estimate, its costs (direct, resource, labour), its total actual
//! cost (direct + resource + labour), its earned value in cent-percent (estimated cost ×
//! progress), whether it is over its estimate (an estimate above zero and a total above it), and
//! the day its direct and resource costs were incurred. Metrics, analytics, the forecast and ROI
//! select from it.
//!
//! Both engines inline a simple view into the statement that selects from it, so it costs
//! nothing over writing the joins out.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const TASK_TOTALS: &str = "CREATE VIEW task_totals AS \
    SELECT t.id AS task_id, t.board_id, t.status, t.progress, \
           COALESCE(c.estimated_cost_cents, 0) AS estimated_cents, \
           COALESCE(c.estimated_centihours, 0) AS estimated_centihours, \
           COALESCE(c.actual_cost_cents, 0) AS direct_cents, \
           COALESCE(c.resource_cost_cents, 0) AS resource_cents, \
           COALESCE(l.labour_cost_cents, 0) AS labour_cents, \
           COALESCE(l.centihours, 0) AS centihours, \
           COALESCE(c.actual_cost_cents, 0) + COALESCE(c.resource_cost_cents, 0) \
             + COALESCE(l.labour_cost_cents, 0) AS total_cents, \
           COALESCE(c.estimated_cost_cents, 0) * t.progress AS earned_cent_percent, \
           c.incurred_on, \
           CASE WHEN COALESCE(c.estimated_cost_cents, 0) > 0 \
                 AND COALESCE(c.actual_cost_cents, 0) + COALESCE(c.resource_cost_cents, 0) \
                     + COALESCE(l.labour_cost_cents, 0) > c.estimated_cost_cents \
                THEN 1 ELSE 0 END AS over_estimate \
    FROM task t \
    LEFT JOIN task_cost c ON c.task_id = t.id \
    LEFT JOIN task_labour l ON l.task_id = t.id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(TASK_TOTALS).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP VIEW task_totals").await?;
        Ok(())
    }
}
