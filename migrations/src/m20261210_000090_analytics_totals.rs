//! Running totals per board, assignee and status (`board_group_totals`), an index that finds a
//! board's tasks furthest over their estimate (see [`crate::group_totals`]), and each task's
//! resource cost day on its running sums (see [`crate::resource_days`]). With them the
//! analytics' breakdowns, largest overruns and resource costs by day read a few rows, not one per
//! task.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use crate::board_totals;
use crate::group_totals;
use crate::resource_days;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let mut statements: Vec<String> = group_totals::TASK_SUMS_COLUMNS
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        statements.push(resource_days::column(backend));
        let [copy_groups, sum_groups] = group_totals::backfill();
        statements.push(copy_groups);
        statements.push(resource_days::BACKFILL.to_owned());
        statements.push(group_totals::table());
        statements.push(sum_groups);
        statements.push(group_totals::OVERRUN_INDEX.to_owned());
        statements.push(resource_days::INDEX.to_owned());
        match backend {
            DbBackend::Sqlite => {
                for name in group_totals::SQLITE_REPLACED {
                    statements.push(format!("DROP TRIGGER {name}"));
                }
                let triggers = group_totals::sqlite_triggers()
                    .into_iter()
                    .chain(resource_days::sqlite_triggers());
                for (name, body) in triggers {
                    statements.push(format!("CREATE TRIGGER {name} {body}"));
                }
            }
            _ => {
                statements.extend(group_totals::postgres_statements());
                statements.extend(resource_days::POSTGRES.map(str::to_owned));
            }
        }
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let mut statements = Vec::new();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                let ours = group_totals::sqlite_triggers()
                    .into_iter()
                    .chain(resource_days::sqlite_triggers());
                for (name, _) in ours {
                    statements.push(format!("DROP TRIGGER IF EXISTS {name}"));
                }
                for (name, body) in board_totals::sqlite_triggers() {
                    if group_totals::SQLITE_REPLACED.contains(&name.as_str()) {
                        statements.push(format!("CREATE TRIGGER {name} {body}"));
                    }
                }
            }
            _ => {
                statements.extend(resource_days::POSTGRES_DROP.map(str::to_owned));
                statements.extend(group_totals::postgres_drop());
                statements.push("DROP TRIGGER totals_task ON task".to_owned());
                statements.push(board_totals::postgres_task_function());
                statements.push(board_totals::POSTGRES_TASK_TRIGGER.to_owned());
            }
        }
        for index in ["ix_task_sums_resource_day", "ix_task_sums_overrun"] {
            statements.push(format!("DROP INDEX {index}"));
        }
        statements.push("DROP TABLE board_group_totals".to_owned());
        for column in ["resource_incurred_on", "status", "assignee_id"] {
            statements.push(format!("ALTER TABLE task_sums DROP COLUMN {column}"));
        }
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}
