//! A fresh, empty database per measured size, on either engine, so that no run sees another's
//! rows or caches.

use std::fmt;

use anyhow::Context;
use clap::ValueEnum;
use sea_orm::ConnectionTrait;

/// The engines the service supports; the benchmark measures each separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        })
    }
}

/// An empty database and what is needed to throw it away again.
pub struct FreshDatabase {
    pub url: String,
    /// PostgreSQL: the maintenance URL and the database name, to drop it afterwards.
    postgres: Option<(String, String)>,
}

impl FreshDatabase {
    /// A SQLite file inside `dir` (the caller's temporary directory, which removes it), or a new
    /// database on the PostgreSQL server named by `TEST_PG_URL` (what `scripts/with-postgres.sh`
    /// exports).
    pub async fn create(
        engine: Engine,
        dir: &std::path::Path,
        label: &str,
    ) -> anyhow::Result<Self> {
        match engine {
            Engine::Sqlite => Ok(Self {
                url: format!("sqlite://{}/{label}.db?mode=rwc", dir.display()),
                postgres: None,
            }),
            Engine::Postgres => {
                let admin_url = std::env::var("TEST_PG_URL").context(
                    "the PostgreSQL pass needs TEST_PG_URL (run it inside scripts/with-postgres.sh)",
                )?;
                let (base, _) = admin_url
                    .rsplit_once('/')
                    .context("TEST_PG_URL must end in /<database>")?;
                let name = format!(
                    "bench_{}_{}_{}",
                    label.to_lowercase(),
                    std::process::id(),
                    chrono::Utc::now().timestamp_micros()
                );
                let admin = sea_orm::Database::connect(admin_url.as_str())
                    .await
                    .context("connecting to TEST_PG_URL")?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .with_context(|| format!("creating database {name}"))?;
                admin.close().await.ok();
                Ok(Self {
                    url: format!("{base}/{name}"),
                    postgres: Some((admin_url, name)),
                })
            }
        }
    }

    /// Runs one statement on the database (its own short-lived connection).
    pub async fn execute(&self, statement: &str) -> anyhow::Result<()> {
        let conn = sea_orm::Database::connect(self.url.as_str()).await?;
        conn.execute_unprepared(statement).await?;
        conn.close().await?;
        Ok(())
    }

    /// Drops a PostgreSQL database once its server is stopped, so a long-lived server given as
    /// TEST_PG_URL does not collect gigabytes of benchmark boards. SQLite files go with their
    /// temporary directory.
    pub async fn discard(self) -> anyhow::Result<()> {
        let Some((admin_url, name)) = self.postgres else {
            return Ok(());
        };
        let admin = sea_orm::Database::connect(admin_url.as_str()).await?;
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\""))
            .await
            .with_context(|| format!("dropping database {name}"))?;
        admin.close().await.ok();
        Ok(())
    }
}

/// How the PostgreSQL server named by `TEST_PG_URL` makes a commit durable, as the server
/// reports it (`fsync on, full_page_writes on, synchronous_commit on`): write figures mean
/// little without it.
pub async fn postgres_durability() -> anyhow::Result<String> {
    let url = std::env::var("TEST_PG_URL").context("TEST_PG_URL is not set")?;
    let conn = sea_orm::Database::connect(url.as_str())
        .await
        .context("connecting to TEST_PG_URL")?;
    let row = conn
        .query_one(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT string_agg(name || ' ' || setting, ', ' ORDER BY name) AS settings \
             FROM pg_settings WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit')",
        ))
        .await?
        .context("pg_settings answered no row")?;
    conn.close().await.ok();
    Ok(row.try_get("", "settings")?)
}
