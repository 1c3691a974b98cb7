//! The pricing revision: one number (`pricing_revision.version`, a single row) that rises with
//! every change to a rate or an exchange rate, in the change's own transaction. Whoever keeps
//! rates and exchange rates read under one revision knows them current for as long as the
//! revision it reads is the same.
//!
//! On PostgreSQL the revision rises as the changing transaction commits (a deferred trigger),
//! after everything else it did, and once a transaction: its one row is locked last and only
//! for the commit, so that a writer of rates never waits for it while holding another lock, and
//! writers of rates cannot deadlock over it.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CREATE_TABLE: &str = "CREATE TABLE pricing_revision ( \
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), \
    version BIGINT NOT NULL)";

const FIRST_ROW: &str = "INSERT INTO pricing_revision (id, version) VALUES (1, 1)";

/// The tables whose changes raise the revision.
const PRICED_FROM: [&str; 2] = ["rate", "exchange_rate"];

/// SQLite: one trigger per table and event.
fn sqlite_triggers() -> Vec<(String, String)> {
    let mut triggers = Vec::new();
    for table in PRICED_FROM {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            triggers.push((
                format!("pricing_revision_{table}_{}", event.to_lowercase()),
                format!(
                    "AFTER {event} ON {table} BEGIN \
                       UPDATE pricing_revision SET version = version + 1; \
                     END"
                ),
            ));
        }
    }
    triggers
}

/// PostgreSQL: the function the deferred triggers run: it raises the revision unless this
/// transaction has already raised it (the row's version is then its own).
const POSTGRES_FUNCTION: &str = "CREATE FUNCTION pricing_revision_raise() RETURNS TRIGGER \
    LANGUAGE plpgsql AS $$ \
    BEGIN \
      UPDATE pricing_revision SET version = version + 1 \
        WHERE xmin <> pg_current_xact_id()::xid; \
      RETURN NULL; \
    END $$";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(CREATE_TABLE).await?;
        db.execute_unprepared(FIRST_ROW).await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(POSTGRES_FUNCTION).await?;
                for table in PRICED_FROM {
                    db.execute_unprepared(&format!(
                        "CREATE CONSTRAINT TRIGGER pricing_revision_{table} \
                         AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         DEFERRABLE INITIALLY DEFERRED \
                         FOR EACH ROW EXECUTE FUNCTION pricing_revision_raise()"
                    ))
                    .await?;
                }
            }
            _ => {
                for (name, body) in sqlite_triggers() {
                    db.execute_unprepared(&format!("CREATE TRIGGER {name} {body}"))
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for table in PRICED_FROM {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS pricing_revision_{table} ON {table}"
                    ))
                    .await?;
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS pricing_revision_raise()")
                    .await?;
            }
            _ => {
                for (name, _) in sqlite_triggers() {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                        .await?;
                }
            }
        }
        db.execute_unprepared("DROP TABLE pricing_revision").await?;
        Ok(())
    }
}
