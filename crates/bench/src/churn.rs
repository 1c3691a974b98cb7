//! Reads while the board is changing: each read endpoint loaded by [`READERS`] clients while
//! [`WRITERS`] others log time at [`WRITE_RATE`] entries a second in all, next to the ceilings
//! that bound any endpoint (a static `GET /healthz`, an authenticated `GET /me`) and to writes
//! alone at [`READERS`] connections, all on one server in one run.
//!
//! Each write changes the board's data revision, so a read that follows one cannot reuse a
//! kept answer: what is measured is a read of a board that people are logging time on. The
//! writers are paced (open loop at a fixed rate) so every endpoint faces the same churn; the
//! rate they reached is reported beside each row.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::load::{self, Endpoint, LoadResult};
use crate::mixed::{log_time, Target};

/// Readers of the endpoint under churn, and connections of the write-only row.
pub const READERS: usize = 16;
/// Writers that log time during a read row.
pub const WRITERS: usize = 4;
/// Time entries a second that the writers log together during a read row.
pub const WRITE_RATE: u64 = 400;

/// One row of the report.
pub struct ChurnRow {
    pub name: String,
    /// The reads (or the writes, on the write-only row).
    pub result: LoadResult,
    /// Time entries acknowledged (201) per second while the row ran; none on the ceilings.
    pub writes_per_second: Option<f64>,
    /// Writes that were not acknowledged.
    pub write_errors: u64,
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
    let sequence = Arc::new(AtomicU64::new(0));
    let mut rows = Vec::new();
    let mut acknowledged = 0;
    let mut failures = Vec::new();
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
        });
    }

    // Writes alone, closed loop: what the server sustains.
    let writes = write(client, target, &sequence, READERS, None, duration).await;
    acknowledged += writes.acknowledged;
    failures.extend(writes.failures.clone());
    rows.push(ChurnRow {
        name: format!("time-entry writes alone ({READERS} connections)"),
        writes_per_second: Some(writes.per_second()),
        write_errors: writes.result.errors,
        result: writes.result,
    });

    for endpoint in Endpoint::ALL {
        let url = format!("{}{}", target.base, endpoint.path(target.board_id));
        let writers = {
            let client = client.clone();
            let target = target.clone();
            let sequence = Arc::clone(&sequence);
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
        let result = load::run(client, &url, &owner, READERS, warmup, duration).await?;
        let writes = writers.await?;
        acknowledged += writes.acknowledged;
        failures.extend(writes.failures.clone());
        rows.push(ChurnRow {
            name: format!("{} under writes", endpoint.name()),
            result,
            writes_per_second: Some(writes.per_second()),
            write_errors: writes.result.errors,
        });
    }
    failures.truncate(5);
    Ok(ChurnResult {
        rows,
        acknowledged_writes: acknowledged,
        failures,
    })
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
