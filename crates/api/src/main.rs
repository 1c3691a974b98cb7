use budget_api::cli::{run, Cli};
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("budget-server: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
