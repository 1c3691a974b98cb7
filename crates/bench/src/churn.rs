//! Reads while the board is changing: each read endpoint loaded by [`READERS`] clients while
//! [`WRITERS`] others log time at [`WRITE_RATE`] entries a second in all, next to the ceilings
//! that bound any endpoint (a static `GET /healthz`, an authenticated `GET /me`) and to writes
//! alone at [`READERS`] connections, all on one server in one run.
//!
//! Each write changes the board's data revision, so a read that follows one cannot reuse a
//! kept answer: what is measured is a read of a board that people are logging time on. The
//! writers are paced (open loop at a fixed rate) so every endpoint faces the same churn; the
//! rate they reached is reported beside each row.
//!
//! The last two rows repeat writes alone and metrics under writes once the board has alert
//! rules (one of which evaluates the forecast) and [`HANGING_WEBHOOKS`] webhook endpoints at a
//! receiver that never answers: alerts and deliveries must cost the API's requests nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use budget_domain::time_entries::WriterStep;
use reqwest::StatusCode;

use crate::load::{self, Endpoint, LoadResult};
use crate::mixed::{log_time, Target};

/// Readers of the endpoint under churn, and connections of the write-only row.
pub const READERS: usize = 16;
/// Writers that log time during a read row.
pub const WRITERS: usize = 4;
/// Time entries a second that the writers log together during a read row.
pub const WRITE_RATE: u64 = 400;
/// Webhook endpoints on the board, all at a receiver that takes the connection and never
/// answers, for the rows that show alerts and webhooks costing the API nothing.
pub const HANGING_WEBHOOKS: usize = 10;

/// One row of the report.
pub struct ChurnRow {
    pub name: String,
    /// The reads (or the writes, on the write-only row).
    pub result: LoadResult,
    /// Time entries acknowledged (201) per second while the row ran; none on the ceilings.
    pub writes_per_second: Option<f64>,
    /// Writes that were not acknowledged.
    pub write_errors: u64,
    /// The forecast's bootstrap while the row ran, as the server counts it.
    pub bootstrap: Option<Bootstrap>,
    /// The time entries' writer while the row ran; none on the ceilings.
    pub writer: Option<Transactions>,
}

/// Forecast bootstrap runs over a row, from the server's `/metrics` before and after it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bootstrap {
    pub runs: u64,
    /// Answers from an unchanged input's outcome, without a run.
    pub reused: u64,
    pub seconds: f64,
}

impl Bootstrap {
    /// Mean milliseconds a run.
    pub fn mean_millis(&self) -> f64 {
        mean(self.seconds * 1000.0, self.runs)
    }
}

/// The time entries' writer over a row: the transactions it wrote, the entries they took, and
/// its time in each step.
#[derive(Clone, Copy, Debug, Default)]
pub struct Transactions {
    pub transactions: u64,
    pub entries: u64,
    /// Seconds in each step, in the order of [`WriterStep::ALL`].
    pub busy: [f64; WriterStep::ALL.len()],
    /// Seconds between the counts the figures come from.
    pub elapsed: f64,
}

impl Transactions {
    /// Mean entries a transaction.
    pub fn entries_each(&self) -> f64 {
        mean(self.entries as f64, self.transactions)
    }

    /// The share of the time the writer was busy, in percent.
    pub fn busy_percent(&self) -> f64 {
        percent(self.busy.iter().sum(), self.elapsed)
    }

    /// Mean milliseconds of the writer's time a transaction.
    pub fn millis_each(&self) -> f64 {
        mean(self.busy.iter().sum::<f64>() * 1000.0, self.transactions)
    }

    /// Each step's share of the writer's time, in percent.
    pub fn step_percents(&self) -> impl Iterator<Item = (WriterStep, f64)> + '_ {
        let total: f64 = self.busy.iter().sum();
        WriterStep::ALL
            .into_iter()
            .zip(self.busy)
            .map(move |(step, seconds)| (step, percent(seconds, total)))
    }
}

/// `total` shared among `count`; 0 when there is none.
fn mean(total: f64, count: u64) -> f64 {
    if count == 0 {
        0.0
    } else {
        total / count as f64
    }
}

/// `part` of `whole` in percent; 0 when the whole is nothing.
fn percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole * 100.0
    } else {
        0.0
    }
}

/// The server's own counts, from its `/metrics`.
#[derive(Clone, Copy, Debug)]
struct Counts {
    bootstrap: Bootstrap,
    writer: Transactions,
    at: Instant,
}

impl Counts {
    /// The server's counts so far.
    async fn read(client: &reqwest::Client, target: &Target) -> anyhow::Result<Self> {
        let text = client
            .get(format!("{}/metrics", target.base))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        let value = |name: &str| {
            text.lines()
                .find_map(|line| {
                    line.strip_prefix(name)?
                        .strip_prefix(' ')?
                        .parse::<f64>()
                        .ok()
                })
                .unwrap_or(0.0)
        };
        Ok(Self {
            bootstrap: Bootstrap {
                runs: value("forecast_bootstrap_runs_total") as u64,
                reused: value("forecast_bootstrap_reused_total") as u64,
                seconds: value("forecast_bootstrap_seconds_total"),
            },
            writer: Transactions {
                transactions: value("time_entry_transactions_total") as u64,
                entries: value("time_entry_transaction_entries_total") as u64,
                busy: WriterStep::ALL.map(|step| {
                    value(&format!(
                        "time_entry_writer_seconds_total{{step=\"{}\"}}",
                        step.as_str()
                    ))
                }),
                elapsed: 0.0,
            },
            at: Instant::now(),
        })
    }

    /// What happened between `before` and `self`.
    fn since(self, before: Self) -> Self {
        Self {
            bootstrap: Bootstrap {
                runs: self.bootstrap.runs.saturating_sub(before.bootstrap.runs),
                reused: self
                    .bootstrap
                    .reused
                    .saturating_sub(before.bootstrap.reused),
                seconds: (self.bootstrap.seconds - before.bootstrap.seconds).max(0.0),
            },
            writer: Transactions {
                transactions: self
                    .writer
                    .transactions
                    .saturating_sub(before.writer.transactions),
                entries: self.writer.entries.saturating_sub(before.writer.entries),
                busy: std::array::from_fn(|step| {
                    (self.writer.busy[step] - before.writer.busy[step]).max(0.0)
                }),
                elapsed: (self.at - before.at).as_secs_f64(),
            },
            at: self.at,
        }
    }

    /// The bootstrap's runs; none when the forecast was not asked for.
    fn bootstrap(&self) -> Option<Bootstrap> {
        (self.bootstrap.runs + self.bootstrap.reused > 0).then_some(self.bootstrap)
    }
}

pub struct ChurnResult {
    pub rows: Vec<ChurnRow>,
    /// Every acknowledged write, to verify against the database afterwards.
    pub acknowledged_writes: u64,
    /// The first few write failures, described.
    pub failures: Vec<String>,
}

/// The ceilings, writes alone, then each read endpoint under writes.
pub async fn run(
    client: &reqwest::Client,
    target: &Target,
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<ChurnResult> {
    let owner = target.tokens.first().cloned().unwrap_or_default();
    let mut churn = Churn {
        client,
        target,
        owner: &owner,
        sequence: Arc::new(AtomicU64::new(0)),
        warmup,
        duration,
        acknowledged: 0,
        failures: Vec::new(),
    };
    let mut rows = Vec::new();
    for (name, path) in [
        ("static ceiling: GET /healthz", "/healthz".to_owned()),
        ("authenticated ceiling: GET /me", "/api/v1/me".to_owned()),
    ] {
        let url = format!("{}{path}", target.base);
        let result = load::run(client, &url, &owner, READERS, warmup, duration).await?;
        rows.push(ChurnRow {
            name: name.to_owned(),
            result,
            writes_per_second: None,
            write_errors: 0,
            bootstrap: None,
            writer: None,
        });
    }

    // Writes alone, closed loop: what the server sustains.
    let name = format!("time-entry writes alone ({READERS} connections)");
    rows.push(churn.writes_alone(name).await?);
    for endpoint in Endpoint::ALL {
        let name = format!("{} under writes", endpoint.name());
        rows.push(churn.under_writes(endpoint, name).await?);
    }
    // The same board with alert rules (money at 80, 95 and 100 %, and a probability of
    // overrun, which evaluates the forecast) and endpoints that time out: each write marks the
    // board for evaluation, and what fires is delivered to receivers that never answer.
    let receiver = hanging_receiver().await?;
    alerts_and_webhooks(client, target, &owner, &receiver).await?;
    let suffix = format!("alert rules and {HANGING_WEBHOOKS} webhooks timing out");
    let name = format!("time-entry writes alone, {suffix}");
    rows.push(churn.writes_alone(name).await?);
    let name = format!("metrics under writes, {suffix}");
    rows.push(churn.under_writes(Endpoint::Metrics, name).await?);
    let mut failures = churn.failures;
    failures.truncate(5);
    Ok(ChurnResult {
        rows,
        acknowledged_writes: churn.acknowledged,
        failures,
    })
}

/// One run's rows under writes on one server, and every write acknowledged so far (to verify
/// afterwards) with the failures described.
struct Churn<'a> {
    client: &'a reqwest::Client,
    target: &'a Target,
    owner: &'a str,
    sequence: Arc<AtomicU64>,
    warmup: Duration,
    duration: Duration,
    acknowledged: u64,
    failures: Vec<String>,
}

impl Churn<'_> {
    /// Counts `writes` among the run's.
    fn tally(&mut self, writes: &Writes) {
        self.acknowledged += writes.acknowledged;
        self.failures.extend(writes.failures.iter().cloned());
    }

    /// Writes alone at [`READERS`] connections, closed loop, after a warm-up of the same
    /// (verified with the rest, not counted in the row).
    async fn writes_alone(&mut self, name: String) -> anyhow::Result<ChurnRow> {
        let (client, target, sequence) = (self.client, self.target, &self.sequence);
        let warm = write(client, target, sequence, READERS, None, self.warmup).await;
        let before = Counts::read(client, target).await?;
        let writes = write(client, target, sequence, READERS, None, self.duration).await;
        let counts = Counts::read(client, target).await?.since(before);
        self.tally(&warm);
        self.tally(&writes);
        Ok(ChurnRow {
            name,
            writes_per_second: Some(writes.per_second()),
            write_errors: writes.result.errors,
            result: writes.result,
            bootstrap: None,
            writer: Some(counts.writer),
        })
    }

    /// `endpoint` read by [`READERS`] clients while [`WRITERS`] log time.
    async fn under_writes(&mut self, endpoint: Endpoint, name: String) -> anyhow::Result<ChurnRow> {
        let before = Counts::read(self.client, self.target).await?;
        let (result, writes) = read_under_writes(
            self.client,
            self.target,
            &self.sequence,
            self.owner,
            endpoint,
            self.warmup,
            self.duration,
        )
        .await?;
        let counts = Counts::read(self.client, self.target).await?.since(before);
        self.tally(&writes);
        Ok(ChurnRow {
            name,
            result,
            writes_per_second: Some(writes.per_second()),
            write_errors: writes.result.errors,
            bootstrap: counts.bootstrap(),
            writer: Some(counts.writer),
        })
    }
}

/// `endpoint` loaded by [`READERS`] clients while [`WRITERS`] log [`WRITE_RATE`] entries a
/// second.
async fn read_under_writes(
    client: &reqwest::Client,
    target: &Target,
    sequence: &Arc<AtomicU64>,
    owner: &str,
    endpoint: Endpoint,
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<(LoadResult, Writes)> {
    let url = format!("{}{}", target.base, endpoint.path(target.board_id));
    let writers = {
        let client = client.clone();
        let target = target.clone();
        let sequence = Arc::clone(sequence);
        let pace = Duration::from_secs_f64(WRITERS as f64 / WRITE_RATE as f64);
        tokio::spawn(async move {
            write(
                &client,
                &target,
                &sequence,
                WRITERS,
                Some(pace),
                warmup + duration,
            )
            .await
        })
    };
    let result = load::run(client, &url, owner, READERS, warmup, duration).await?;
    Ok((result, writers.await?))
}

/// A receiver on the loopback that takes every connection and never answers: each delivery
/// to it lasts until the server's webhook timeout. Runs until the process ends.
async fn hanging_receiver() -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    Ok(format!("http://{address}/hook"))
}

/// Adds the alert rules and the [`HANGING_WEBHOOKS`] endpoints to the board, as its owner.
async fn alerts_and_webhooks(
    client: &reqwest::Client,
    target: &Target,
    owner: &str,
    receiver: &str,
) -> anyhow::Result<()> {
    let board = target.board_id;
    let rules = format!("{}/api/v1/boards/{board}/budget/alert-rules", target.base);
    let hooks = format!("{}/api/v1/boards/{board}/webhooks", target.base);
    let mut bodies: Vec<(String, serde_json::Value)> = ["80", "95", "100"]
        .into_iter()
        .map(|threshold| {
            (
                rules.clone(),
                serde_json::json!({"kind": "money_used_at_least", "threshold": threshold}),
            )
        })
        .collect();
    bodies.push((
        rules.clone(),
        serde_json::json!({"kind": "overrun_probability_at_least", "threshold": "50"}),
    ));
    for _ in 0..HANGING_WEBHOOKS {
        bodies.push((hooks.clone(), serde_json::json!({"url": receiver})));
    }
    for (url, body) in bodies {
        let response = client
            .post(&url)
            .bearer_auth(owner)
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            anyhow::bail!("POST {url} {body} → {status}: {text}");
        }
    }
    Ok(())
}

struct Writes {
    result: LoadResult,
    acknowledged: u64,
    failures: Vec<String>,
}

impl Writes {
    fn per_second(&self) -> f64 {
        let seconds = self.result.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.acknowledged as f64 / seconds
        } else {
            0.0
        }
    }
}

/// `connections` writers for `duration`: closed loop, or each paced to one write per `pace`
/// (a write that takes longer than its pace is followed at once by the next).
async fn write(
    client: &reqwest::Client,
    target: &Target,
    sequence: &Arc<AtomicU64>,
    connections: usize,
    pace: Option<Duration>,
    duration: Duration,
) -> Writes {
    let started = Instant::now();
    let deadline = started + duration;
    let workers: Vec<_> = (0..connections)
        .map(|index| {
            let client = client.clone();
            let target = target.clone();
            let sequence = Arc::clone(sequence);
            let authorization = format!(
                "Bearer {}",
                target.tokens[index % target.tokens.len().max(1)]
            );
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let (mut created, mut errors) = (0_u64, 0_u64);
                let mut failures = Vec::new();
                let mut next = Instant::now();
                while Instant::now() < deadline {
                    if let Some(pace) = pace {
                        tokio::time::sleep_until(next.into()).await;
                        next += pace;
                    }
                    let n = sequence.fetch_add(1, Ordering::Relaxed);
                    let sent = Instant::now();
                    let outcome = log_time(
                        &client,
                        &target.base,
                        target.board_id,
                        &target.task_ids,
                        target.last_write_day,
                        n,
                    )
                    .header(reqwest::header::AUTHORIZATION, &authorization)
                    .send()
                    .await;
                    let failure = match outcome {
                        Ok(response) if response.status() == StatusCode::CREATED => {
                            response.bytes().await.err().map(|err| err.to_string())
                        }
                        Ok(response) => {
                            let status = response.status();
                            let body = response.text().await.unwrap_or_default();
                            Some(format!("log time → {status}: {body}"))
                        }
                        Err(err) => Some(format!("log time → {err}")),
                    };
                    latencies.push(sent.elapsed());
                    match failure {
                        None => created += 1,
                        Some(failure) => {
                            errors += 1;
                            if failures.len() < 5 {
                                failures.push(failure);
                            }
                        }
                    }
                }
                (latencies, created, errors, failures)
            })
        })
        .collect();
    let mut all = Writes {
        result: LoadResult {
            concurrency: connections,
            latencies: Vec::new(),
            errors: 0,
            elapsed: Duration::ZERO,
        },
        acknowledged: 0,
        failures: Vec::new(),
    };
    for worker in workers {
        if let Ok((latencies, created, errors, failures)) = worker.await {
            all.result.latencies.extend(latencies);
            all.acknowledged += created;
            all.result.errors += errors;
            all.failures.extend(failures);
        }
    }
    all.result.elapsed = started.elapsed();
    all.result.latencies.sort_unstable();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writers_figures_come_from_its_steps_and_the_time_elapsed() {
        // 10 transactions in 2 s: 0.25 s beginning, 0.5 s storing, 0.25 s alone.
        let mut busy = [0.0; WriterStep::ALL.len()];
        busy[WriterStep::Begin as usize] = 0.25;
        busy[WriterStep::Store as usize] = 0.5;
        busy[WriterStep::Alone as usize] = 0.25;
        let w = Transactions {
            transactions: 10,
            entries: 40,
            busy,
            elapsed: 2.0,
        };
        assert_eq!(w.entries_each(), 4.0);
        assert_eq!(w.busy_percent(), 50.0);
        assert_eq!(w.millis_each(), 100.0);
        let shares: Vec<(&str, f64)> = w
            .step_percents()
            .map(|(step, share)| (step.as_str(), share))
            .collect();
        assert_eq!(
            shares,
            [
                ("begin", 25.0),
                ("lock", 0.0),
                ("read", 0.0),
                ("check", 0.0),
                ("store", 50.0),
                ("commit", 0.0),
                ("alone", 25.0),
            ]
        );
        // Nothing measured: no division by zero.
        let idle = Transactions::default();
        assert_eq!((idle.busy_percent(), idle.millis_each()), (0.0, 0.0));
        assert!(idle.step_percents().all(|(_, share)| share == 0.0));
    }
}
