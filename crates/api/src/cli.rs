//! The `budget-server` command line: serve (the default), migrate, seed-demo, openapi.

use anyhow::Context;
use budget_domain::{Clock, Domain};
use clap::{Parser, Subcommand};

use crate::configuration::Settings;
use crate::startup::{connect_with, migrate, Application};

#[derive(Debug, Parser)]
#[command(
    name = "budget-server",
    version,
    about = "Budget & ROI Tracker: API and web app"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the API and the web app (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Load the demo organisation (idempotent: does nothing when it is already there).
    SeedDemo,
    /// Print the OpenAPI document.
    Openapi,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        print!("{}", crate::openapi::document_json());
        return Ok(());
    }
    let settings = Settings::load().context("reading the configuration")?;
    crate::observability::init_logs(settings.log_format);
    let clock = settings.today.map_or_else(Clock::system, Clock::fixed_on);
    match command {
        Command::Serve => {
            let app = Application::build(&settings, clock).await?;
            tracing::info!(bind = %settings.bind, port = app.port(), "serving");
            app.run().await.context("server stopped with an error")?;
            tracing::info!("server stopped");
            Ok(())
        }
        Command::Migrate => {
            migrate(&settings).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::SeedDemo => {
            migrate(&settings).await?;
            // Seeding writes in bulk, as an operator's one-off task: no statement limit.
            let db = connect_with(&settings, None).await?;
            let outcome = budget_seed::demo::seed(&Domain::new(db, clock))
                .await
                .context("seeding the demo data")?;
            println!("{outcome}");
            Ok(())
        }
        Command::Openapi => Ok(()),
    }
}
