//! The results as Markdown (ready to paste into a report), and the verdict against the
//! benchmark's latency targets.

use std::fmt::Write as _;
use std::time::Duration;

use crate::churn::{ChurnResult, READERS, WRITERS, WRITE_RATE};
use crate::database::Engine;
use crate::load::{Endpoint, LoadResult};
use crate::mixed::{MixedResult, RSS_EVERY};
use budget_seed::sized::Size;

/// Everything measured for one size on one engine.
pub struct SizeReport {
    pub size: Size,
    pub tasks: usize,
    pub entries: usize,
    pub generation: Duration,
    pub peak_rss_kib: Option<u64>,
    pub endpoints: Vec<(Endpoint, Outcome)>,
}

pub enum Outcome {
    /// The route answered 404: not in this build.
    NotAvailable,
    Measured {
        /// The first request's latency: computed, not served from the kept answers.
        first: Duration,
        runs: Vec<LoadResult>,
    },
}

/// How the runs were made, printed above the tables so numbers are never read without it.
pub struct Setup {
    pub engine: Engine,
    pub seconds: u64,
    pub warmup: Duration,
    pub concurrency: Vec<usize>,
    /// 1-minute load average before and after the runs.
    pub load_average: [Option<f64>; 2],
    pub server_env: Vec<(String, String)>,
    pub setup_sql: Vec<String>,
}

/// The benchmark's targets, at L. Latency targets are for one client at a time (c = 1): the
/// cost of a request, not of waiting behind others.
const LATENCY_TARGETS_MS: [(Endpoint, f64); 4] = [
    (Endpoint::Metrics, 10.0),
    (Endpoint::Roi, 10.0),
    (Endpoint::Analytics, 50.0),
    (Endpoint::Forecast, 50.0),
];
const METRICS_RPS_TARGET: f64 = 1_000.0;
const METRICS_RPS_CONCURRENCY: usize = 16;
const GENERATION_TARGET: Duration = Duration::from_secs(60);

fn shown(load: Option<f64>) -> String {
    load.map_or_else(|| "?".to_owned(), |l| format!("{l:.2}"))
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

pub fn render(setup: &Setup, sizes: &[SizeReport]) -> String {
    let mut out = String::new();
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let _ = writeln!(out, "### {}\n", setup.engine);
    let _ = writeln!(
        out,
        "{cpus} CPUs shared by server and load generator (1-min load average {} before, {} \
         after); closed loop, {} s per row after {:.1} s of warm-up; release build; latencies \
         include reading the whole body.\n",
        shown(setup.load_average[0]),
        shown(setup.load_average[1]),
        setup.seconds,
        setup.warmup.as_secs_f64()
    );
    for (key, value) in &setup.server_env {
        let _ = writeln!(out, "Server environment: `{key}={value}`");
    }
    for statement in &setup.setup_sql {
        let _ = writeln!(out, "Run after generation: `{statement}`");
    }
    if !setup.server_env.is_empty() || !setup.setup_sql.is_empty() {
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "| size | endpoint | c | p50 ms | p99 ms | req/s | errors |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|");
    for size in sizes {
        for (endpoint, outcome) in &size.endpoints {
            match outcome {
                Outcome::NotAvailable => {
                    for c in &setup.concurrency {
                        let _ = writeln!(
                            out,
                            "| {} | {} | {c} | n/a | n/a | n/a | n/a |",
                            size.size.label(),
                            endpoint.name()
                        );
                    }
                }
                Outcome::Measured { runs, .. } => {
                    for run in runs {
                        let _ = writeln!(
                            out,
                            "| {} | {} | {} | {:.2} | {:.2} | {:.0} | {} |",
                            size.size.label(),
                            endpoint.name(),
                            run.concurrency,
                            millis(run.percentile(50)),
                            millis(run.percentile(99)),
                            run.requests_per_second(),
                            run.errors
                        );
                    }
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n| size | tasks | entries | generation s | server peak RSS MiB |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for size in sizes {
        let rss = peak_mib(size.peak_rss_kib);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} | {rss} |",
            size.size.label(),
            size.tasks,
            size.entries,
            size.generation.as_secs_f64()
        );
    }
    let _ = writeln!(
        out,
        "\nFirst request of each endpoint after the server started, in the order above (so \
         nothing is kept for the board yet, except the board totals the first metrics request \
         keeps for analytics and ROI), ms:\n"
    );
    let _ = writeln!(out, "| size | metrics | analytics | forecast | roi |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for size in sizes {
        let firsts: Vec<String> = Endpoint::ALL
            .iter()
            .map(|endpoint| {
                size.measured(*endpoint).map_or_else(
                    || "n/a".to_owned(),
                    |(first, _)| format!("{:.2}", millis(first)),
                )
            })
            .collect();
        let _ = writeln!(out, "| {} | {} |", size.size.label(), firsts.join(" | "));
    }
    if let Some(large) = sizes.iter().find(|s| s.size == Size::L) {
        let _ = writeln!(out, "\n{}", verdict(setup.engine, large));
    }
    out
}

/// Everything the mixed workload measured on one size.
pub struct MixedReport {
    pub size: Size,
    pub entries: usize,
    pub runs: Vec<MixedResult>,
    pub peak_rss_kib: Option<u64>,
    /// (what was checked, whether it held), from [`crate::mixed::verify`].
    pub checks: Vec<(String, bool)>,
}

impl MixedReport {
    /// No failed request and every check held.
    pub fn passed(&self) -> bool {
        self.runs.iter().all(|r| r.total().errors == 0) && self.checks.iter().all(|(_, ok)| *ok)
    }
}

/// Reads under writes on one board size (see [`crate::churn`]).
pub struct ChurnReport {
    pub size: Size,
    pub result: ChurnResult,
    /// The server's resident memory before and after the rows.
    pub rss_kib: [Option<u64>; 2],
    /// (what was checked, whether it held), from [`crate::mixed::verify`].
    pub checks: Vec<(String, bool)>,
}

impl ChurnReport {
    /// No failed request and every check held.
    pub fn passed(&self) -> bool {
        self.result
            .rows
            .iter()
            .all(|row| row.result.errors == 0 && row.write_errors == 0)
            && self.checks.iter().all(|(_, ok)| *ok)
    }
}

/// Reads under writes as Markdown: each row's throughput, latency and the writes landing
/// meanwhile, with throughput also as a share of the authenticated ceiling (`GET /me`), so
/// machines of other speeds compare.
pub fn render_churn(
    engine: Engine,
    load_average: [Option<f64>; 2],
    seconds: u64,
    sizes: &[ChurnReport],
) -> String {
    let mut out = String::new();
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let _ = writeln!(
        out,
        "### {engine}, reads while the board changes
"
    );
    let _ = writeln!(
        out,
        "{cpus} CPUs shared by server and load generator (1-min load average {} before, {} \
         after); {READERS} closed-loop readers per row for {seconds} s, while {WRITERS} \
         writers log {WRITE_RATE} time entries a second in all (paced); release build.\n",
        shown(load_average[0]),
        shown(load_average[1]),
    );
    let _ = writeln!(
        out,
        "| size | row | req/s | vs GET /me | p50 ms | p99 ms | writes/s meanwhile | errors |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|");
    for size in sizes {
        let ceiling = size
            .result
            .rows
            .iter()
            .find(|row| row.name.contains("GET /me"))
            .map(|row| row.result.requests_per_second())
            .filter(|rps| *rps > 0.0);
        for row in &size.result.rows {
            let rps = row.result.requests_per_second();
            let ratio =
                ceiling.map_or_else(|| "?".to_owned(), |c| format!("{:.0} %", rps / c * 100.0));
            let _ = writeln!(
                out,
                "| {} | {} | {rps:.0} | {ratio} | {:.2} | {:.2} | {} | {} |",
                size.size.label(),
                row.name,
                millis(row.result.percentile(50)),
                millis(row.result.percentile(99)),
                row.writes_per_second
                    .map_or_else(|| "–".to_owned(), |w| format!("{w:.0}")),
                row.result.errors + row.write_errors,
            );
        }
    }
    for size in sizes {
        let _ = writeln!(
            out,
            "\n{}: {} entries logged in all; server RSS {} MiB before the rows, {} MiB after.",
            size.size.label(),
            size.result.acknowledged_writes,
            peak_mib(size.rss_kib[0]),
            peak_mib(size.rss_kib[1]),
        );
        for row in &size.result.rows {
            if let Some(w) = row.writer.filter(|w| w.transactions > 0) {
                let steps: Vec<String> = w
                    .step_percents()
                    .map(|(step, percent)| format!("{} {percent:.0} %", step.as_str()))
                    .collect();
                let _ = writeln!(
                    out,
                    "- {}: the time entries' writer took {} entries in {} transactions, {:.1} \
                     a transaction, {:.2} ms each; it was busy {:.0} % of the time, of which {}.",
                    row.name,
                    w.entries,
                    w.transactions,
                    w.entries_each(),
                    w.millis_each(),
                    w.busy_percent(),
                    steps.join(", ")
                );
            }
            if let Some(b) = row.bootstrap {
                let _ = writeln!(
                    out,
                    "- {}: the forecast's bootstrap ran {} times, {:.2} ms a run on average; {} \
                     answers reused the outcome of an unchanged input.",
                    row.name,
                    b.runs,
                    b.mean_millis(),
                    b.reused
                );
            }
        }
        for failure in &size.result.failures {
            let _ = writeln!(out, "- failure: {failure}");
        }
        let _ = writeln!(out, "\nChecked after the server stopped:");
        for (what, ok) in &size.checks {
            let _ = writeln!(out, "- {} {what}", if *ok { "✓" } else { "✗ FAILED" });
        }
    }
    out
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

/// The server's peak memory in MiB, or `?` when it could not be read.
fn peak_mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "?".to_owned(), mib)
}

/// The mixed workload as Markdown: one row per kind of request and one for all of them, the
/// memory samples, and the verification.
pub fn render_mixed(
    engine: Engine,
    load_average: [Option<f64>; 2],
    sizes: &[MixedReport],
) -> String {
    let mut out = String::new();
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let _ = writeln!(out, "### {engine}, mixed load\n");
    let _ = writeln!(
        out,
        "{cpus} CPUs shared by server and load generator (1-min load average {} before, {} \
         after); closed loop, 40% metrics, 40% analytics, 20% time-entry writes; release build.\n",
        shown(load_average[0]),
        shown(load_average[1]),
    );
    let _ = writeln!(
        out,
        "| size | c | request | count | req/s | p50 ms | p99 ms | errors |"
    );
    let _ = writeln!(out, "|---|---:|---|---:|---:|---:|---:|---:|");
    for size in sizes {
        for run in &size.runs {
            let total = run.total();
            let rows = run
                .by_kind
                .iter()
                .map(|(kind, result)| (kind.name(), result))
                .chain(std::iter::once(("all", &total)));
            for (name, result) in rows {
                let _ = writeln!(
                    out,
                    "| {} | {} | {name} | {} | {:.0} | {:.2} | {:.2} | {} |",
                    size.size.label(),
                    run.concurrency,
                    result.latencies.len(),
                    result.requests_per_second(),
                    millis(result.percentile(50)),
                    millis(result.percentile(99)),
                    result.errors
                );
            }
        }
    }
    for size in sizes {
        for run in &size.runs {
            let samples: Vec<String> = run
                .rss_kib
                .iter()
                .map(|(second, kib, anonymous)| {
                    format!("{second:.0} s: {} ({})", mib(*kib), mib(*anonymous))
                })
                .collect();
            let _ = writeln!(
                out,
                "\n{} at c={}: {} entries logged. Server RSS (MiB, every {} s; in brackets the \
                 anonymous part, without mapped files such as the database's pages): {}. Peak {} \
                 MiB.",
                size.size.label(),
                run.concurrency,
                run.acknowledged_writes,
                RSS_EVERY.as_secs(),
                samples.join(", "),
                peak_mib(size.peak_rss_kib),
            );
            for failure in &run.failures {
                let _ = writeln!(out, "- failure: {failure}");
            }
        }
        let _ = writeln!(
            out,
            "\nChecked after the server stopped ({} generated entries):",
            size.entries
        );
        for (what, ok) in &size.checks {
            let _ = writeln!(out, "- {} {what}", if *ok { "✓" } else { "✗ FAILED" });
        }
    }
    out
}

/// One line comparing L with the targets: each figure, its target and ✓ or ✗.
fn verdict(engine: Engine, large: &SizeReport) -> String {
    let mut checks = Vec::new();
    for (endpoint, target) in LATENCY_TARGETS_MS {
        let measured = run_at(large, endpoint, 1).map(|r| millis(r.percentile(50)));
        checks.push(check(
            &format!("{} p50 (c=1)", endpoint.name()),
            measured,
            |v| v <= target,
            &format!("≤ {target:.0} ms"),
            "ms",
        ));
    }
    let rps = run_at(large, Endpoint::Metrics, METRICS_RPS_CONCURRENCY)
        .map(LoadResult::requests_per_second);
    checks.push(check(
        &format!("metrics req/s (c={METRICS_RPS_CONCURRENCY})"),
        rps,
        |v| v >= METRICS_RPS_TARGET,
        &format!("≥ {METRICS_RPS_TARGET:.0}"),
        "",
    ));
    checks.push(check(
        "generation",
        Some(large.generation.as_secs_f64()),
        |v| v < GENERATION_TARGET.as_secs_f64(),
        &format!("< {} s", GENERATION_TARGET.as_secs()),
        "s",
    ));
    let scope = match engine {
        Engine::Sqlite => "the benchmark's latency targets",
        // The targets are set for SQLite; PostgreSQL is held to them for comparison only.
        Engine::Postgres => "the benchmark's latency targets (set for SQLite; for comparison)",
    };
    format!("Against {scope} at L: {}", checks.join("; "))
}

impl SizeReport {
    /// The endpoint's first request and measured runs, unless it was not available.
    fn measured(&self, endpoint: Endpoint) -> Option<(Duration, &[LoadResult])> {
        self.endpoints
            .iter()
            .find(|(e, _)| *e == endpoint)
            .and_then(|(_, outcome)| match outcome {
                Outcome::Measured { first, runs } => Some((*first, runs.as_slice())),
                Outcome::NotAvailable => None,
            })
    }
}

fn run_at(size: &SizeReport, endpoint: Endpoint, concurrency: usize) -> Option<&LoadResult> {
    let (_, runs) = size.measured(endpoint)?;
    runs.iter().find(|r| r.concurrency == concurrency)
}

fn check(
    what: &str,
    measured: Option<f64>,
    passes: impl Fn(f64) -> bool,
    target: &str,
    unit: &str,
) -> String {
    match measured {
        Some(value) => {
            let mark = if passes(value) { "✓" } else { "✗ MISSED" };
            let shown = if unit == "ms" {
                format!("{value:.2} ms")
            } else if unit == "s" {
                format!("{value:.1} s")
            } else {
                format!("{value:.0}")
            };
            format!("{what} {shown} (target {target}) {mark}")
        }
        None => format!("{what} n/a (target {target})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(concurrency: usize, millis: u64, count: usize) -> LoadResult {
        LoadResult {
            concurrency,
            latencies: vec![Duration::from_millis(millis); count],
            errors: 0,
            elapsed: Duration::from_secs(1),
        }
    }

    #[test]
    fn the_table_has_a_row_per_endpoint_and_concurrency_and_the_verdict_names_misses() {
        let setup = Setup {
            engine: Engine::Sqlite,
            seconds: 1,
            warmup: Duration::ZERO,
            concurrency: vec![1, 16],
            load_average: [Some(0.5), None],
            server_env: Vec::new(),
            setup_sql: Vec::new(),
        };
        let large = SizeReport {
            size: Size::L,
            tasks: 5_000,
            entries: 100_000,
            generation: Duration::from_secs(12),
            peak_rss_kib: Some(20_480),
            endpoints: vec![
                (
                    Endpoint::Metrics,
                    Outcome::Measured {
                        first: Duration::from_millis(30),
                        runs: vec![run(1, 4, 250), run(16, 12, 1_300)],
                    },
                ),
                (
                    Endpoint::Analytics,
                    Outcome::Measured {
                        first: Duration::from_millis(95),
                        runs: vec![run(1, 80, 12), run(16, 900, 17)],
                    },
                ),
                (Endpoint::Forecast, Outcome::NotAvailable),
                (
                    Endpoint::Roi,
                    Outcome::Measured {
                        first: Duration::from_millis(7),
                        runs: vec![run(1, 3, 300), run(16, 20, 800)],
                    },
                ),
            ],
        };
        let text = render(&setup, &[large]);
        assert!(
            text.contains("| L | metrics | 1 | 4.00 | 4.00 | 250 | 0 |"),
            "{text}"
        );
        assert!(
            text.contains("| L | forecast | 16 | n/a | n/a | n/a | n/a |"),
            "{text}"
        );
        assert!(
            text.contains("| L | 5000 | 100000 | 12.00 | 20.0 |"),
            "{text}"
        );
        assert!(
            text.contains("metrics p50 (c=1) 4.00 ms (target ≤ 10 ms) ✓"),
            "{text}"
        );
        assert!(
            text.contains("analytics p50 (c=1) 80.00 ms (target ≤ 50 ms) ✗ MISSED"),
            "{text}"
        );
        assert!(text.contains("forecast p50 (c=1) n/a"), "{text}");
        assert!(
            text.contains("| L | 30.00 | 95.00 | n/a | 7.00 |"),
            "{text}"
        );
        assert!(
            text.contains("metrics req/s (c=16) 1300 (target ≥ 1000) ✓"),
            "{text}"
        );
    }
}
