//! `budget-bench`: the benchmark for one engine.
//!
//! For each size it creates an empty database, generates a realistic board straight into it
//! ([`generate`]), starts the release `budget-server` on it as a child process ([`server`]),
//! signs in over HTTP and loads each read endpoint at each concurrency ([`load`]), then prints
//! one Markdown table with the verdict against the targets ([`report`]). `scripts/bench` builds
//! both binaries and runs this once per engine; progress goes to stderr, results to stdout.

mod churn;
mod database;
mod import;
mod known_answer;
mod load;
mod mixed;
mod report;
mod server;
mod timesheet;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use budget_domain::auth::password;
use chrono::NaiveDate;
use clap::Parser;

use crate::database::{Engine, FreshDatabase};
use crate::load::{Endpoint, Probe};
use crate::report::{ChurnReport, MixedReport, Outcome, Setup, SizeReport};
use crate::server::Server;
use budget_seed::generate;
use budget_seed::sized::{Size, HISTORY_DAYS, OWNER, PASSWORD, PEOPLE};

/// Fixed rather than the wall clock's today, so the same data gives the same figures (and the
/// same forecast) on any day the benchmark is run.
const DATA_LAST_DAY: (i32, u32, u32) = (2026, 11, 25);

#[derive(Debug, Parser)]
#[command(
    name = "budget-bench",
    about = "Generates S/M/L boards and measures the read endpoints of a release budget-server \
             over HTTP (use scripts/bench, which builds it and runs both engines)"
)]
struct Cli {
    /// The engine to measure. PostgreSQL needs TEST_PG_URL (scripts/with-postgres.sh sets it).
    #[arg(long, value_enum, default_value = "sqlite")]
    engine: Engine,
    /// Board sizes: S = 100 tasks / 1,000 entries, M = 1,000 / 20,000, L = 5,000 / 100,000.
    #[arg(long, value_enum, value_delimiter = ',', ignore_case = true, default_values = ["s", "m", "l"])]
    sizes: Vec<Size>,
    /// Measured seconds per endpoint and concurrency.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Seconds of warm-up before each measurement (not counted).
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    /// Concurrent clients, each measured separately.
    #[arg(long, value_delimiter = ',', default_values_t = [1_usize, 16])]
    concurrency: Vec<usize>,
    /// The budget-server binary; by default the one next to this binary (same build).
    #[arg(long)]
    server: Option<PathBuf>,
    /// Extra environment for the server, KEY=VALUE, repeatable (e.g. DATABASE_MAX_CONNECTIONS=4
    /// to see how the pool size changes throughput).
    #[arg(long = "server-env", value_parser = parse_key_value)]
    server_env: Vec<(String, String)>,
    /// SQL run on each generated database before the server starts, repeatable: to try an index
    /// (or a PRAGMA) before writing its migration. Listed under the results.
    #[arg(long = "setup-sql")]
    setup_sql: Vec<String>,
    /// Run the mixed workload instead of one endpoint at a time: 40% metrics,
    /// 40% analytics, 20% time-entry writes by all five people, with the server's memory
    /// sampled and the stored entries and totals verified afterwards (see `scripts/load`).
    #[arg(long)]
    mixed: bool,
    /// Measure reads while the board changes instead: the static and authenticated ceilings,
    /// time-entry writes alone at 16 connections, then metrics, analytics, forecast and ROI
    /// each at 16 readers while 4 writers log 400 entries a second; writes verified afterwards.
    #[arg(long)]
    churn: bool,
    /// Measure an import instead: a CSV file of `--import-rows` time entries (Toggl Track's
    /// detailed report) sent to a board of the first size, until every row is written.
    #[arg(long)]
    import: bool,
    /// Rows of the imported file.
    #[arg(long, default_value_t = 100_000)]
    import_rows: usize,
    /// Measure weekly-timesheet saves instead: the owner's week on a board of the first size,
    /// the whole grid and one cell saved again and again under If-Match.
    #[arg(long)]
    timesheet: bool,
    /// Evaluate the forecast on synthetic projects whose final cost is known instead (no
    /// server, no database): prints coverage, point error against two baselines and Brier
    /// scores per burn pattern.
    #[arg(long)]
    known_answer: bool,
    /// The seed of the known-answer projects.
    #[arg(long, default_value_t = 2026)]
    known_answer_seed: u64,
    /// Leave the generated databases (and the server logs) in place and print where they are,
    /// to inspect query plans afterwards (`EXPLAIN QUERY PLAN`, `EXPLAIN ANALYZE`).
    #[arg(long)]
    keep_data: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut cli = Cli::parse();
    if cli.known_answer {
        print!("{}", known_answer::run(cli.known_answer_seed));
        return Ok(());
    }
    cli.sizes.sort();
    cli.sizes.dedup();
    if cli.seconds == 0 || cli.concurrency.contains(&0) {
        bail!("--seconds and every --concurrency must be at least 1");
    }
    if cli.engine == Engine::Postgres {
        println!(
            "PostgreSQL commits: {}\n",
            database::postgres_durability().await?
        );
    }
    let warmup = Duration::try_from_secs_f64(cli.warmup).context("--warmup must be >= 0")?;
    let server_binary = match cli.server.clone() {
        Some(path) => path,
        None => next_to_this_binary("budget-server")?,
    };
    if !server_binary.is_file() {
        bail!(
            "no budget-server at {} (build it: cargo build --release -p budget-api)",
            server_binary.display()
        );
    }
    let today = NaiveDate::from_ymd_opt(DATA_LAST_DAY.0, DATA_LAST_DAY.1, DATA_LAST_DAY.2)
        .context("the data's last day is a valid date")?;
    let workdir = tempfile::Builder::new()
        .prefix("budget-bench-")
        .disable_cleanup(cli.keep_data)
        .tempdir()
        .context("creating a temporary directory")?;
    // Argon2 is slow on purpose; one hash serves every user of every size.
    let password_hash = password::hash(PASSWORD)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(60))
        .build()?;

    let load_before = load_average();
    let run = Run {
        cli: &cli,
        client: &client,
        server_binary: &server_binary,
        workdir: workdir.path(),
        today,
        warmup,
    };
    if cli.churn {
        let mut reports = Vec::new();
        for size in &cli.sizes {
            reports.push(run.measure_churn(*size, &password_hash).await?);
        }
        let load_after = load_average();
        println!(
            "{}",
            report::render_churn(cli.engine, [load_before, load_after], cli.seconds, &reports)
        );
        if reports.iter().any(|r| !r.passed()) {
            bail!("the churn run had errors or failed a check (see above)");
        }
        return Ok(());
    }
    if cli.import {
        let size = *cli.sizes.first().context("a size to import into")?;
        let result = run.measure_import(size, &password_hash).await?;
        println!("{}", import::render(cli.engine, size.label(), &result));
        if !result.passed() {
            bail!("the import did not create every row (see above)");
        }
        return Ok(());
    }
    if cli.timesheet {
        let size = *cli.sizes.first().context("a size to save a week on")?;
        let result = run.measure_timesheet(size, &password_hash).await?;
        println!("{}", timesheet::render(cli.engine, size.label(), &result));
        if !result.passed() {
            bail!("the week's total is not what was saved (see above)");
        }
        return Ok(());
    }
    if cli.mixed {
        let mut reports = Vec::new();
        for size in &cli.sizes {
            reports.push(run.measure_mixed(*size, &password_hash).await?);
        }
        let load_after = load_average();
        println!(
            "{}",
            report::render_mixed(cli.engine, [load_before, load_after], &reports)
        );
        if reports.iter().any(|r| !r.passed()) {
            bail!("the mixed load had errors or failed a check (see above)");
        }
        return Ok(());
    }
    let mut reports = Vec::new();
    for size in &cli.sizes {
        reports.push(run.measure(*size, &password_hash).await?);
    }
    let setup = Setup {
        engine: cli.engine,
        seconds: cli.seconds,
        warmup,
        concurrency: cli.concurrency.clone(),
        load_average: [load_before, load_average()],
        server_env: cli.server_env.clone(),
        setup_sql: cli.setup_sql.clone(),
    };
    println!("{}", report::render(&setup, &reports));
    Ok(())
}

/// What every size's measurement shares.
struct Run<'a> {
    cli: &'a Cli,
    client: &'a reqwest::Client,
    server_binary: &'a Path,
    workdir: &'a Path,
    today: NaiveDate,
    warmup: Duration,
}

impl Run<'_> {
    /// [`Self::prepare`], then the board owner's session on the server.
    async fn prepare_as_owner(
        &self,
        size: Size,
        password_hash: &str,
    ) -> anyhow::Result<(FreshDatabase, generate::Generated, Server, String)> {
        let (database, generated, server) = self.prepare(size, password_hash).await?;
        let owner = PEOPLE
            .get(OWNER)
            .context("the owner is one of the people")?;
        let token = server.login(self.client, owner.email, PASSWORD).await?;
        Ok((database, generated, server, token))
    }

    /// A fresh database with a generated board of `size`, and a release server on it, ready.
    async fn prepare(
        &self,
        size: Size,
        password_hash: &str,
    ) -> anyhow::Result<(FreshDatabase, generate::Generated, Server)> {
        let engine = self.cli.engine;
        let label = size.label();
        let database = FreshDatabase::create(engine, self.workdir, label).await?;
        eprintln!(
            "[{engine} {label}] generating {} tasks / {} entries",
            size.tasks(),
            size.entries()
        );
        let generated = generate::generate(&database.url, size, self.today, password_hash)
            .await
            .with_context(|| format!("generating the {label} board"))?;
        eprintln!(
            "[{engine} {label}] generated {} tasks, {} task costs, {} entries, {} ROI snapshots in {:.2} s",
            generated.tasks,
            generated.task_costs,
            generated.entries,
            generated.snapshots,
            generated.elapsed.as_secs_f64()
        );

        for statement in &self.cli.setup_sql {
            database
                .execute(statement)
                .await
                .with_context(|| format!("running --setup-sql {statement}"))?;
        }

        let mut server = Server::spawn(
            self.server_binary,
            &database.url,
            self.today,
            self.workdir,
            &self.cli.server_env,
        )?;
        server.wait_ready(self.client).await?;
        Ok((database, generated, server))
    }

    /// Stops the server, shows what it logged, and throws the database away (unless kept).
    async fn finish(
        &self,
        size: Size,
        database: FreshDatabase,
        server: Server,
    ) -> anyhow::Result<()> {
        self.stop_server(size, server).await?;
        self.discard(size, database).await
    }

    /// Stops the server (gracefully) and shows what it logged.
    async fn stop_server(&self, size: Size, server: Server) -> anyhow::Result<()> {
        let prefix = format!("[{} {}]", self.cli.engine, size.label());
        // The server warns once per worker that no web app is built: expected here, so not
        // repeated; anything else it logged is worth seeing next to the figures.
        let log = server
            .log_tail()
            .lines()
            .filter(|line| !line.contains("web app not built"))
            .collect::<Vec<_>>()
            .join("\n");
        server.stop().await?;
        if !log.trim().is_empty() {
            eprintln!("{prefix} the server logged (warnings and errors):\n{log}");
        }
        Ok(())
    }

    /// Throws the database away, unless asked to keep it.
    async fn discard(&self, size: Size, database: FreshDatabase) -> anyhow::Result<()> {
        let prefix = format!("[{} {}]", self.cli.engine, size.label());
        if self.cli.keep_data {
            eprintln!("{prefix} kept the data: {}", database.url);
        } else {
            database.discard().await?;
        }
        Ok(())
    }

    async fn measure(&self, size: Size, password_hash: &str) -> anyhow::Result<SizeReport> {
        let engine = self.cli.engine;
        let label = size.label();
        let (database, generated, server, token) =
            self.prepare_as_owner(size, password_hash).await?;
        let mut endpoints = Vec::new();
        for endpoint in Endpoint::ALL {
            let url = format!("{}{}", server.base, endpoint.path(generated.board_id));
            let outcome = self.load_endpoint(&url, &token, endpoint, size).await?;
            endpoints.push((endpoint, outcome));
        }
        let peak_rss_kib = match server.peak_rss_kib() {
            Ok(kib) => Some(kib),
            Err(err) => {
                eprintln!("[{engine} {label}] peak RSS unknown: {err:#}");
                None
            }
        };
        self.finish(size, database, server).await?;
        Ok(SizeReport {
            size,
            tasks: generated.tasks,
            entries: generated.entries,
            generation: generated.elapsed,
            peak_rss_kib,
            endpoints,
        })
    }

    /// An import of a CSV file into a board of `size` (see [`import`]).
    async fn measure_import(
        &self,
        size: Size,
        password_hash: &str,
    ) -> anyhow::Result<import::ImportResult> {
        let engine = self.cli.engine;
        let label = size.label();
        let (database, generated, server, token) =
            self.prepare_as_owner(size, password_hash).await?;
        // Before the generated history, so no day is full already.
        let last_day = self
            .today
            .checked_sub_days(chrono::Days::new(HISTORY_DAYS + 1))
            .context("the history starts after year 0")?;
        let rows = self.cli.import_rows;
        let csv = import::toggl_file(rows, last_day);
        eprintln!(
            "[{engine} {label}] importing {rows} rows ({:.1} MB)",
            csv.len() as f64 / 1e6
        );
        let result = import::run(
            self.client,
            &server.base,
            &token,
            generated.board_id,
            csv,
            rows,
        )
        .await?;
        eprintln!(
            "[{engine} {label}] import: answered in {:.2} s, done in {:.2} s ({:.0} rows/s), {} created, {} refused, status {}",
            result.accepted_after.as_secs_f64(),
            result.total.as_secs_f64(),
            result.rows_per_second(),
            result.created,
            result.refused,
            result.status
        );
        self.finish(size, database, server).await?;
        Ok(result)
    }

    /// Weekly-timesheet saves on a board of `size` (see [`timesheet`]).
    async fn measure_timesheet(
        &self,
        size: Size,
        password_hash: &str,
    ) -> anyhow::Result<timesheet::TimesheetResult> {
        let engine = self.cli.engine;
        let label = size.label();
        let (database, generated, server, token) =
            self.prepare_as_owner(size, password_hash).await?;
        let board = generated.board_id;
        let tasks: serde_json::Value = self
            .client
            .get(format!(
                "{}/api/v1/boards/{board}/tasks?limit={}",
                server.base,
                timesheet::TASKS
            ))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let tasks: Vec<i64> = tasks["items"]
            .as_array()
            .context("the board's tasks")?
            .iter()
            .filter_map(|task| task["id"].as_i64())
            .collect();
        // A week before the generated history, so the owner's days are empty.
        let before = self
            .today
            .checked_sub_days(chrono::Days::new(HISTORY_DAYS + 7))
            .context("the history starts after year 0")?;
        let week = timesheet::monday_of(before);
        eprintln!("[{engine} {label}] saving the week of {week}");
        let result = timesheet::run(self.client, &server.base, &token, board, &tasks, week).await?;
        self.finish(size, database, server).await?;
        Ok(result)
    }

    /// Reads under writes on a board of `size` (see [`churn`]), then the verification.
    async fn measure_churn(&self, size: Size, password_hash: &str) -> anyhow::Result<ChurnReport> {
        let engine = self.cli.engine;
        let label = size.label();
        let (database, generated, server) = self.prepare(size, password_hash).await?;
        let target = self.target(&server, &generated).await?;
        let owner = target
            .tokens
            .first()
            .context("the owner signed in")?
            .clone();
        let before = mixed::stored_totals(&database.url, generated.board_id).await?;
        let rss_before = server::status_kib(server.pid(), "VmRSS").ok();
        let result = churn::run(
            self.client,
            &target,
            self.warmup,
            Duration::from_secs(self.cli.seconds),
        )
        .await?;
        for row in &result.rows {
            eprintln!(
                "[{engine} {label}] {}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors{}",
                row.name,
                row.result.requests_per_second(),
                row.result.percentile(50).as_secs_f64() * 1_000.0,
                row.result.percentile(99).as_secs_f64() * 1_000.0,
                row.result.errors,
                row.writes_per_second
                    .map(|w| format!(", {w:.0} writes/s"))
                    .unwrap_or_default()
            );
        }
        let rss_after = server::status_kib(server.pid(), "VmRSS").ok();
        let checks = self
            .verify_writes(
                size,
                (database, server),
                (generated.board_id, &owner),
                &before,
                result.acknowledged_writes,
            )
            .await?;
        Ok(ChurnReport {
            size,
            result,
            rss_kib: [rss_before, rss_after],
            checks,
        })
    }

    /// Reads the metrics, stops the server and checks what it acknowledged against the
    /// database (see [`mixed::verify`]), then throws the database away.
    async fn verify_writes(
        &self,
        size: Size,
        (database, server): (FreshDatabase, Server),
        (board_id, owner): (i64, &str),
        before: &mixed::StoredTotals,
        acknowledged: u64,
    ) -> anyhow::Result<Vec<(String, bool)>> {
        let metrics = server
            .get_json(self.client, owner, &load::Endpoint::Metrics.path(board_id))
            .await?;
        self.stop_server(size, server).await?;
        // After the server stopped: what it acknowledged must be on disk, not in its memory.
        let after = mixed::stored_totals(&database.url, board_id).await;
        self.discard(size, database).await?;
        Ok(match after {
            Ok(after) => mixed::verify(before, &after, acknowledged, &metrics),
            Err(err) => vec![(format!("reading the stored totals: {err:#}"), false)],
        })
    }

    /// Every person signed in, the board's first tasks, and where writes may go.
    async fn target(
        &self,
        server: &Server,
        generated: &generate::Generated,
    ) -> anyhow::Result<mixed::Target> {
        let mut tokens = Vec::new();
        for person in &PEOPLE {
            tokens.push(server.login(self.client, person.email, PASSWORD).await?);
        }
        let owner = tokens.first().context("the owner signed in")?.clone();
        let task_ids = server
            .task_ids(self.client, &owner, generated.board_id)
            .await?;
        let last_write_day = self
            .today
            .checked_sub_days(chrono::Days::new(HISTORY_DAYS))
            .context("the history starts after year 0")?;
        Ok(mixed::Target {
            base: server.base.clone(),
            board_id: generated.board_id,
            task_ids,
            tokens,
            last_write_day,
            server_pid: server.pid(),
        })
    }

    /// The mixed workload on a board of `size`, once per concurrency, then the verification.
    async fn measure_mixed(&self, size: Size, password_hash: &str) -> anyhow::Result<MixedReport> {
        let engine = self.cli.engine;
        let label = size.label();
        let (database, generated, server) = self.prepare(size, password_hash).await?;
        let target = self.target(&server, &generated).await?;
        let owner = target
            .tokens
            .first()
            .context("the owner signed in")?
            .clone();
        let before = mixed::stored_totals(&database.url, generated.board_id).await?;
        let mut runs = Vec::new();
        for concurrency in &self.cli.concurrency {
            let result = mixed::run(
                self.client,
                &target,
                *concurrency,
                self.warmup,
                Duration::from_secs(self.cli.seconds),
            )
            .await?;
            let total = result.total();
            eprintln!(
                "[{engine} {label}] mixed c={concurrency}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors, {} entries logged",
                total.requests_per_second(),
                total.percentile(50).as_secs_f64() * 1_000.0,
                total.percentile(99).as_secs_f64() * 1_000.0,
                total.errors,
                result.acknowledged_writes
            );
            for failure in &result.failures {
                eprintln!("[{engine} {label}]   {failure}");
            }
            runs.push(result);
        }
        let peak_rss_kib = server.peak_rss_kib().ok();
        let acknowledged = runs.iter().map(|r| r.acknowledged_writes).sum();
        let checks = self
            .verify_writes(
                size,
                (database, server),
                (generated.board_id, &owner),
                &before,
                acknowledged,
            )
            .await?;
        Ok(MixedReport {
            size,
            entries: generated.entries,
            runs,
            peak_rss_kib,
            checks,
        })
    }

    async fn load_endpoint(
        &self,
        url: &str,
        token: &str,
        endpoint: Endpoint,
        size: Size,
    ) -> anyhow::Result<Outcome> {
        let prefix = format!("[{} {}] {}", self.cli.engine, size.label(), endpoint.name());
        let (probe, first) = load::probe(self.client, url, token).await?;
        match probe {
            Probe::Missing => {
                eprintln!("{prefix}: 404, not in this build (n/a)");
                return Ok(Outcome::NotAvailable);
            }
            Probe::Failing(status, body) => {
                eprintln!("{prefix}: answers {status}, measuring anyway: {body}");
            }
            Probe::Available => {}
        }
        let mut runs = Vec::new();
        for concurrency in &self.cli.concurrency {
            let result = load::run(
                self.client,
                url,
                token,
                *concurrency,
                self.warmup,
                Duration::from_secs(self.cli.seconds),
            )
            .await?;
            eprintln!(
                "{prefix} c={concurrency}: p50 {:.2} ms, p99 {:.2} ms, {:.0} req/s, {} errors",
                result.percentile(50).as_secs_f64() * 1_000.0,
                result.percentile(99).as_secs_f64() * 1_000.0,
                result.requests_per_second(),
                result.errors
            );
            runs.push(result);
        }
        Ok(Outcome::Measured { first, runs })
    }
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .filter(|(key, _)| !key.is_empty())
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .ok_or_else(|| format!("expected KEY=VALUE, got {text}"))
}

/// The sibling binary of the same build (`target/release/`).
fn next_to_this_binary(name: &str) -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe().context("locating budget-bench")?;
    let dir = me.parent().context("budget-bench has no directory")?;
    Ok(dir.join(name))
}

/// The 1-minute load average (/proc/loadavg): other work on the machine shows in every figure,
/// so the report says how busy it was.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
