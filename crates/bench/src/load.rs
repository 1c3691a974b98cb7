//! Closed-loop HTTP load: `concurrency` clients, each sending its next request as soon as the
//! previous answer is fully read, for a fixed time. Closed loop measures what the server
//! sustains without queueing requests it cannot take (an open-loop rate above capacity only
//! measures the queue).

use std::time::{Duration, Instant};

use reqwest::StatusCode;

/// The endpoints the benchmark measures, each a read of one board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Metrics,
    Analytics,
    Forecast,
    Roi,
}

impl Endpoint {
    pub const ALL: [Self; 4] = [Self::Metrics, Self::Analytics, Self::Forecast, Self::Roi];

    pub fn name(self) -> &'static str {
        match self {
            Self::Metrics => "metrics",
            Self::Analytics => "analytics",
            Self::Forecast => "forecast",
            Self::Roi => "roi",
        }
    }

    /// The path with every parameter at its default, as the web app asks for it.
    pub fn path(self, board_id: i64) -> String {
        match self {
            Self::Metrics => format!("/api/v1/boards/{board_id}/budget/metrics"),
            Self::Analytics => format!("/api/v1/boards/{board_id}/budget/analytics"),
            Self::Forecast => format!("/api/v1/boards/{board_id}/budget/forecast"),
            Self::Roi => format!("/api/v1/boards/{board_id}/roi"),
        }
    }
}

/// The figures the benchmark reports for one endpoint at one concurrency.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadResult {
    pub concurrency: usize,
    /// Every request's latency, sorted; failed requests included.
    pub latencies: Vec<Duration>,
    /// Transport errors and answers other than 2xx.
    pub errors: u64,
    /// From the first request to the last answer.
    pub elapsed: Duration,
}

impl LoadResult {
    /// The `p`-th percentile by nearest rank (p in 0..=100); zero without requests.
    pub fn percentile(&self, p: u32) -> Duration {
        let n = self.latencies.len();
        if n == 0 {
            return Duration::ZERO;
        }
        let rank = (n * p as usize).div_ceil(100).max(1);
        self.latencies
            .get(rank.min(n) - 1)
            .copied()
            .unwrap_or_default()
    }

    pub fn requests_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.latencies.len() as f64 / seconds
        } else {
            0.0
        }
    }
}

/// What one request found out about an endpoint before it is loaded.
pub enum Probe {
    Available,
    /// 404: the route does not exist in this build (reported as n/a).
    Missing,
    /// Another failure; the load still runs and counts the errors.
    Failing(StatusCode, String),
}

/// The first request to an endpoint, and how long its whole answer took: nothing is kept for
/// the board yet (but what an earlier endpoint's first request kept, such as the board totals).
pub async fn probe(
    client: &reqwest::Client,
    url: &str,
    token: &str,
) -> anyhow::Result<(Probe, Duration)> {
    let sent = Instant::now();
    let response = client.get(url).bearer_auth(token).send().await?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    let took = sent.elapsed();
    let probe = if status.is_success() {
        Probe::Available
    } else if status == StatusCode::NOT_FOUND {
        Probe::Missing
    } else {
        Probe::Failing(status, body)
    };
    Ok((probe, took))
}

/// Loads `url` for `warmup` (discarded: connections opened, caches and the allocator warmed),
/// then measures for `duration`.
pub async fn run(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    concurrency: usize,
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<LoadResult> {
    if !warmup.is_zero() {
        closed_loop(client, url, token, concurrency, warmup).await?;
    }
    closed_loop(client, url, token, concurrency, duration).await
}

async fn closed_loop(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    concurrency: usize,
    duration: Duration,
) -> anyhow::Result<LoadResult> {
    let authorization = format!("Bearer {token}");
    let started = Instant::now();
    let deadline = started + duration;
    let workers: Vec<_> = (0..concurrency.max(1))
        .map(|_| {
            let client = client.clone();
            let url = url.to_owned();
            let authorization = authorization.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0_u64;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let ok = match client
                        .get(&url)
                        .header(reqwest::header::AUTHORIZATION, &authorization)
                        .send()
                        .await
                    {
                        // The body is part of the answer: a latency without it flatters
                        // endpoints with large responses.
                        Ok(response) => {
                            let success = response.status().is_success();
                            response.bytes().await.is_ok() && success
                        }
                        Err(_) => false,
                    };
                    latencies.push(sent.elapsed());
                    if !ok {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (worker_latencies, worker_errors) = worker.await?;
        latencies.extend(worker_latencies);
        errors += worker_errors;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Ok(LoadResult {
        concurrency,
        latencies,
        errors,
        elapsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(millis: &[u64]) -> LoadResult {
        LoadResult {
            concurrency: 1,
            latencies: millis.iter().map(|m| Duration::from_millis(*m)).collect(),
            errors: 0,
            elapsed: Duration::from_secs(2),
        }
    }

    #[test]
    fn percentiles_are_by_nearest_rank() {
        let r = result(&(1..=100).collect::<Vec<_>>());
        assert_eq!(r.percentile(50), Duration::from_millis(50));
        assert_eq!(r.percentile(99), Duration::from_millis(99));
        assert_eq!(r.percentile(100), Duration::from_millis(100));
        let few = result(&[3, 7, 9]);
        assert_eq!(few.percentile(50), Duration::from_millis(7));
        assert_eq!(few.percentile(99), Duration::from_millis(9));
        assert_eq!(result(&[]).percentile(50), Duration::ZERO);
    }

    #[test]
    fn throughput_counts_every_answer_over_the_elapsed_time() {
        assert_eq!(result(&[1; 3000]).requests_per_second(), 1500.0);
    }
}
