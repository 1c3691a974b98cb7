//! The mixed workload: people reading the dashboard while others log time, on one
//! board, for a fixed time at a fixed concurrency.
//!
//! Every client walks the same five-step [`PATTERN`] (metrics, analytics, metrics, analytics,
//! log time: 40/40/20), starting at its own offset so the kinds interleave from the first
//! second. Writes are real `POST …/time-entries` by the board's five people in turn, each of a
//! few minutes on a day before the generated history, so the 24-hours-a-day rule never refuses
//! one and every refusal is an error worth reporting. Each write changes the board's data
//! revision, so the reads that follow it recompute rather than hit the kept answer: the cache
//! is measured under churn, not flattered.
//!
//! The server's resident memory is sampled every [`RSS_EVERY`], so a growth trend shows as a
//! column of numbers rather than one peak. Afterwards [`verify`] checks the database: one row
//! per acknowledged write, and the running totals equal to the entries they summarise.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::{Days, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::load::LoadResult;

/// One request of the mix. The discriminant is the kind's place in [`Kind::ALL`] and in a
/// tally's arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Metrics = 0,
    Analytics = 1,
    LogTime = 2,
}

impl Kind {
    pub const ALL: [Self; 3] = [Self::Metrics, Self::Analytics, Self::LogTime];

    pub fn name(self) -> &'static str {
        match self {
            Self::Metrics => "metrics (GET)",
            Self::Analytics => "analytics (GET)",
            Self::LogTime => "log time (POST)",
        }
    }
}

/// 80% reads split evenly between the two dashboard calls, 20% writes.
const PATTERN: [Kind; 5] = [
    Kind::Metrics,
    Kind::Analytics,
    Kind::Metrics,
    Kind::Analytics,
    Kind::LogTime,
];
/// Each write: five minutes, rounded to the hour's hundredths the API takes.
pub const WRITE_CENTIHOURS: i64 = 8;
/// Writes are spread over this many days before the history, round robin: at 8 centihours a
/// write, one person reaches 24 hours on a day only after 300 writes on it, i.e. after
/// 5 people × 300 × `WRITE_DAYS` writes in all, far beyond a minute's load.
const WRITE_DAYS: u64 = 400;
pub const RSS_EVERY: Duration = Duration::from_secs(5);

/// What the load needs to know about the board and its server.
#[derive(Clone)]
pub struct Target {
    pub base: String,
    pub board_id: i64,
    /// Tasks to log time on (the first page of the board's tasks).
    pub task_ids: Vec<i64>,
    /// One session per person; client `i` writes as person `i % len`.
    pub tokens: Vec<String>,
    /// The day before the generated history starts: writes go on this day and earlier.
    pub last_write_day: NaiveDate,
    pub server_pid: u32,
}

pub struct MixedResult {
    pub concurrency: usize,
    pub elapsed: Duration,
    pub by_kind: Vec<(Kind, LoadResult)>,
    /// 201 Created answers: entries the server promised to have stored.
    pub acknowledged_writes: u64,
    /// (seconds since the start, resident KiB, of which anonymous KiB), from just before the
    /// load to just after. The anonymous part is the process's own memory (heap, stacks); the
    /// rest is mapped files, the SQLite database's pages read through its memory map among them.
    pub rss_kib: Vec<(f64, u64, u64)>,
    /// The first few failures, for the report (status and body).
    pub failures: Vec<String>,
}

impl MixedResult {
    pub fn total(&self) -> LoadResult {
        let mut latencies: Vec<Duration> = self
            .by_kind
            .iter()
            .flat_map(|(_, r)| r.latencies.iter().copied())
            .collect();
        latencies.sort_unstable();
        LoadResult {
            concurrency: self.concurrency,
            latencies,
            errors: self.by_kind.iter().map(|(_, r)| r.errors).sum(),
            elapsed: self.elapsed,
        }
    }
}

/// What one client (or all of them, merged) saw; per kind in [`Kind::ALL`] order.
#[derive(Default)]
struct Tally {
    latencies: [Vec<Duration>; 3],
    errors: [u64; 3],
    /// 201 Created answers to writes.
    created: u64,
    /// The first few failures, described.
    failures: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        for (all, mine) in self.latencies.iter_mut().zip(other.latencies) {
            all.extend(mine);
        }
        for (all, mine) in self.errors.iter_mut().zip(other.errors) {
            *all += mine;
        }
        self.created += other.created;
        self.failures.extend(other.failures);
    }
}

/// Failures described per client and in the report: enough to see what went wrong.
const FAILURES_KEPT: usize = 5;

/// Runs the mix for `duration` with `concurrency` clients after `warmup` (reads only, so the
/// warm-up writes nothing the verification would have to know about).
pub async fn run(
    client: &reqwest::Client,
    target: &Target,
    concurrency: usize,
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<MixedResult> {
    if target.task_ids.is_empty() || target.tokens.is_empty() {
        bail!("the mixed load needs at least one task and one session");
    }
    if !warmup.is_zero() {
        let url = format!(
            "{}/api/v1/boards/{}/budget/metrics",
            target.base, target.board_id
        );
        crate::load::run(
            client,
            &url,
            &target.tokens[0],
            concurrency,
            Duration::ZERO,
            warmup,
        )
        .await?;
    }
    let started = Instant::now();
    let deadline = started + duration;
    let sampler = tokio::spawn(sample_rss(target.server_pid, started, deadline));
    let write_sequence = Arc::new(AtomicU64::new(0));
    let clients: Vec<_> = (0..concurrency.max(1))
        .map(|index| {
            let client = client.clone();
            let shared = Shared {
                base: target.base.clone(),
                board_id: target.board_id,
                task_ids: target.task_ids.clone(),
                token: target.tokens[index % target.tokens.len()].clone(),
                last_write_day: target.last_write_day,
                write_sequence: Arc::clone(&write_sequence),
            };
            tokio::spawn(async move { one_client(&client, &shared, index, deadline).await })
        })
        .collect();
    let mut all = Tally::default();
    for handle in clients {
        all.merge(handle.await?);
    }
    let elapsed = started.elapsed();
    let rss_kib = sampler.await?;
    let Tally {
        latencies,
        errors,
        created: acknowledged_writes,
        mut failures,
    } = all;
    failures.truncate(FAILURES_KEPT);
    let by_kind = Kind::ALL
        .into_iter()
        .zip(latencies.into_iter().zip(errors))
        .map(|(kind, (mut latencies, errors))| {
            latencies.sort_unstable();
            let result = LoadResult {
                concurrency,
                latencies,
                errors,
                elapsed,
            };
            (kind, result)
        })
        .collect();
    Ok(MixedResult {
        concurrency,
        elapsed,
        by_kind,
        acknowledged_writes,
        rss_kib,
        failures,
    })
}

struct Shared {
    base: String,
    board_id: i64,
    task_ids: Vec<i64>,
    token: String,
    last_write_day: NaiveDate,
    /// Numbers the writes of all clients, to spread them over tasks and days.
    write_sequence: Arc<AtomicU64>,
}

async fn one_client(
    client: &reqwest::Client,
    shared: &Shared,
    index: usize,
    deadline: Instant,
) -> Tally {
    let metrics = format!(
        "{}/api/v1/boards/{}/budget/metrics",
        shared.base, shared.board_id
    );
    let analytics = format!(
        "{}/api/v1/boards/{}/budget/analytics",
        shared.base, shared.board_id
    );
    let authorization = format!("Bearer {}", shared.token);
    let mut tally = Tally::default();
    let mut step = index;
    while Instant::now() < deadline {
        let kind = PATTERN[step % PATTERN.len()];
        step += 1;
        let request = match kind {
            Kind::Metrics => client.get(&metrics),
            Kind::Analytics => client.get(&analytics),
            Kind::LogTime => {
                let n = shared.write_sequence.fetch_add(1, Ordering::Relaxed);
                log_time(
                    client,
                    &shared.base,
                    shared.board_id,
                    &shared.task_ids,
                    shared.last_write_day,
                    n,
                )
            }
        };
        let slot = kind as usize;
        let sent = Instant::now();
        let outcome = request
            .header(reqwest::header::AUTHORIZATION, &authorization)
            .send()
            .await;
        let (ok, failure) = match outcome {
            Ok(response) => {
                let status = response.status();
                // The body is part of the answer (see load.rs).
                let body = response.bytes().await;
                let expected = if kind == Kind::LogTime {
                    status == StatusCode::CREATED
                } else {
                    status.is_success()
                };
                match body {
                    Ok(_) if expected => (true, None),
                    Ok(bytes) => (
                        false,
                        Some(format!(
                            "{} → {status}: {}",
                            kind.name(),
                            String::from_utf8_lossy(&bytes)
                        )),
                    ),
                    Err(err) => (
                        false,
                        Some(format!("{} → reading the body: {err}", kind.name())),
                    ),
                }
            }
            Err(err) => (false, Some(format!("{} → {err}", kind.name()))),
        };
        tally.latencies[slot].push(sent.elapsed());
        if ok {
            if kind == Kind::LogTime {
                tally.created += 1;
            }
        } else {
            tally.errors[slot] += 1;
            if tally.failures.len() < FAILURES_KEPT {
                tally.failures.extend(failure);
            }
        }
    }
    tally
}

/// The `n`th write of a load: five minutes on the board's tasks and on the days before the
/// history in turn, so the 24-hours-a-day rule never refuses one.
pub fn log_time(
    client: &reqwest::Client,
    base: &str,
    board_id: i64,
    task_ids: &[i64],
    last_write_day: NaiveDate,
    n: u64,
) -> reqwest::RequestBuilder {
    let task_count = task_ids.len().max(1) as u64;
    let task_id = task_ids
        .get(usize::try_from(n % task_count).unwrap_or(0))
        .copied()
        .unwrap_or(0);
    let day = last_write_day
        .checked_sub_days(Days::new(n % WRITE_DAYS))
        .unwrap_or(last_write_day);
    client
        .post(format!(
            "{base}/api/v1/boards/{board_id}/tasks/{task_id}/time-entries"
        ))
        .json(&json!({
            "hours": format!("0.{WRITE_CENTIHOURS:02}"),
            "work_date": day,
            "description": "load",
        }))
}

pub async fn sample_rss(pid: u32, started: Instant, deadline: Instant) -> Vec<(f64, u64, u64)> {
    let mut samples = Vec::new();
    loop {
        let rss = crate::server::status_kib(pid, "VmRSS");
        let anonymous = crate::server::status_kib(pid, "RssAnon");
        if let (Ok(kib), Ok(anonymous)) = (rss, anonymous) {
            samples.push((started.elapsed().as_secs_f64(), kib, anonymous));
        }
        if Instant::now() >= deadline {
            return samples;
        }
        let next = (Instant::now() + RSS_EVERY).min(deadline);
        tokio::time::sleep_until(next.into()).await;
    }
}

/// The board's entries and running totals as the database holds them after the load.
#[derive(Debug, PartialEq, Eq)]
pub struct StoredTotals {
    pub entries: i64,
    pub centihours: i64,
    pub labour_cents: i64,
    /// Σ over each task's sums (`task_sums`) and over `board_day_labour`: (centihours, cents)
    /// each.
    pub per_task: (i64, i64),
    pub per_day: (i64, i64),
}

pub async fn stored_totals(url: &str, board_id: i64) -> anyhow::Result<StoredTotals> {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = sea_orm::Database::connect(url).await?;
    let sql = format!(
        "SELECT \
           (SELECT COUNT(*) FROM time_entry WHERE board_id = {board_id}), \
           (SELECT CAST(COALESCE(SUM(centihours), 0) AS BIGINT) FROM time_entry WHERE board_id = {board_id}), \
           (SELECT CAST(COALESCE(SUM(labour_cost_cents), 0) AS BIGINT) FROM time_entry WHERE board_id = {board_id}), \
           (SELECT CAST(COALESCE(SUM(centihours), 0) AS BIGINT) FROM task_sums WHERE board_id = {board_id}), \
           (SELECT CAST(COALESCE(SUM(labour_cents), 0) AS BIGINT) FROM task_sums WHERE board_id = {board_id}), \
           (SELECT CAST(COALESCE(SUM(centihours), 0) AS BIGINT) FROM board_day_labour WHERE board_id = {board_id}), \
           (SELECT CAST(COALESCE(SUM(labour_cost_cents), 0) AS BIGINT) FROM board_day_labour WHERE board_id = {board_id})"
    );
    let row = conn
        .query_one(Statement::from_string(conn.get_database_backend(), sql))
        .await?
        .context("the totals query returned no row")?;
    let value = |i: usize| -> anyhow::Result<i64> { Ok(row.try_get_by_index::<i64>(i)?) };
    let totals = StoredTotals {
        entries: value(0)?,
        centihours: value(1)?,
        labour_cents: value(2)?,
        per_task: (value(3)?, value(4)?),
        per_day: (value(5)?, value(6)?),
    };
    conn.close().await.ok();
    Ok(totals)
}

/// Checks what the load left behind against what it was told: every acknowledged entry is
/// stored (and nothing else), the running totals equal the entries, and the metrics endpoint
/// reports the stored hours. Returns one line per check for the report.
pub fn verify(
    before: &StoredTotals,
    after: &StoredTotals,
    acknowledged_writes: u64,
    metrics: &Value,
) -> Vec<(String, bool)> {
    let acknowledged = i64::try_from(acknowledged_writes).unwrap_or(i64::MAX);
    let spent = metrics["spent_hours"].as_str().unwrap_or("?").to_owned();
    let stored_hours = format!("{}.{:02}", after.centihours / 100, after.centihours % 100);
    vec![
        (
            format!(
                "entries: {} before + {acknowledged} acknowledged = {} stored",
                before.entries, after.entries
            ),
            before.entries + acknowledged == after.entries,
        ),
        (
            format!(
                "hours: +{} centihours for {acknowledged} writes of {WRITE_CENTIHOURS}",
                after.centihours - before.centihours
            ),
            after.centihours - before.centihours == acknowledged * WRITE_CENTIHOURS,
        ),
        (
            format!(
                "running totals per task and per day equal the entries ({} centihours, {} cents)",
                after.centihours, after.labour_cents
            ),
            after.per_task == (after.centihours, after.labour_cents)
                && after.per_day == (after.centihours, after.labour_cents),
        ),
        (
            format!("metrics spent_hours {spent} = stored {stored_hours}"),
            spent == stored_hours,
        ),
    ]
}
