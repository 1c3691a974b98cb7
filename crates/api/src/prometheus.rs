//! Prometheus metrics, served at `/metrics` in the text exposition format: requests and their
//! latency by route pattern and status class, the database pool, optimiser calls by provider,
//! operation and outcome, the forecast's bootstrap runs (how many, how long, how many answers
//! reused an unchanged input's outcome), and the time entries' writer (its transactions, their
//! entries, and its time by step).
//!
//! Labels are bounded on purpose: the route is the matched pattern
//! (`/api/v1/boards/{board_id}/budget/metrics`), never the raw path with its ids; the method is
//! one of the standard ones or `other`; the status is its class (`2xx`…`5xx`). Each
//! [`Application`](crate::startup::Application) has its own registry, so two apps in one process
//! (the tests) never count into each other.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::{header, Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use budget_domain::forecast::runs::RunStats;
use budget_domain::time_entries::{GroupStats, WriterStep};
use budget_optimizer::{CallObserver, OptimizerCall};
use prometheus::{
    Counter, CounterVec, Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};
use subtle::ConstantTimeEq;

use crate::problem::{ApiError, ApiResult};
use crate::routes::{resource, Guard};
use crate::state::AppState;

/// The route label of requests that matched no route (unknown paths under /api).
pub const UNMATCHED_ROUTE: &str = "unmatched";
/// The route label of the web app's files (and its index.html fallback for deep links).
pub const WEB_APP_ROUTE: &str = "web_app";

pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    db_connections: IntGaugeVec,
    db_max_connections: IntGauge,
    optimizer_calls: IntCounterVec,
    optimizer_duration: HistogramVec,
    forecast_runs: IntCounter,
    forecast_reused: IntCounter,
    forecast_run_seconds: Counter,
    entry_transactions: IntCounter,
    entries_logged: IntCounter,
    writer_seconds: CounterVec,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let http_requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered."),
            &["method", "route", "status"],
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time from receiving a request to having its response ready.",
            ),
            &["method", "route", "status"],
        )?;
        let db_connections = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database connections open in the pools, by state (in_use, idle).",
            ),
            &["state"],
        )?;
        let db_max_connections = IntGauge::new(
            "db_pool_max_connections",
            "The pools' maximum in all (DATABASE_MAX_CONNECTIONS).",
        )?;
        let optimizer_calls = IntCounterVec::new(
            Opts::new(
                "optimizer_calls_total",
                "Optimiser operations answered, by engine asked and outcome (ok, busy, \
                 refused, or the LLM error: timeout, rate_limited, server_error…).",
            ),
            &["provider", "operation", "outcome"],
        )?;
        let optimizer_duration = HistogramVec::new(
            HistogramOpts::new(
                "optimizer_call_duration_seconds",
                "Time spent on the optimiser's engine per operation (LLM wait, call and checks).",
            )
            .buckets(vec![0.001, 0.01, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 45.0]),
            &["provider", "operation"],
        )?;
        let forecast_runs = IntCounter::new(
            "forecast_bootstrap_runs_total",
            "Forecast bootstraps run (today's forecast of a board whose input changed).",
        )?;
        let forecast_reused = IntCounter::new(
            "forecast_bootstrap_reused_total",
            "Forecasts answered from the outcome of an unchanged input, without a run.",
        )?;
        let forecast_run_seconds = Counter::new(
            "forecast_bootstrap_seconds_total",
            "Time spent in forecast bootstrap runs.",
        )?;
        let entry_transactions = IntCounter::new(
            "time_entry_transactions_total",
            "Transactions that wrote time entries logged one by one through the API (entries \
             logged at the same moment share one).",
        )?;
        let entries_logged = IntCounter::new(
            "time_entry_transaction_entries_total",
            "Time entries those transactions took: written, refused, or answered from an \
             earlier request with the same Idempotency-Key.",
        )?;
        let writer_seconds = CounterVec::new(
            Opts::new(
                "time_entry_writer_seconds_total",
                "Time the time entries' writer spent in each step of its work; the rate of \
                 their sum is the share of the time it is busy.",
            ),
            &["step"],
        )?;
        registry.register(Box::new(entry_transactions.clone()))?;
        registry.register(Box::new(writer_seconds.clone()))?;
        registry.register(Box::new(entries_logged.clone()))?;
        registry.register(Box::new(forecast_runs.clone()))?;
        registry.register(Box::new(forecast_reused.clone()))?;
        registry.register(Box::new(forecast_run_seconds.clone()))?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(db_connections.clone()))?;
        registry.register(Box::new(db_max_connections.clone()))?;
        registry.register(Box::new(optimizer_calls.clone()))?;
        registry.register(Box::new(optimizer_duration.clone()))?;
        Ok(Self {
            registry,
            http_requests,
            http_duration,
            db_connections,
            db_max_connections,
            optimizer_calls,
            optimizer_duration,
            forecast_runs,
            forecast_reused,
            forecast_run_seconds,
            entry_transactions,
            entries_logged,
            writer_seconds,
        })
    }

    /// Counts one answered request. `route` is the matched pattern, `None` for no route.
    pub fn observe_request(
        &self,
        method: &Method,
        route: Option<&str>,
        status: StatusCode,
        elapsed: Duration,
    ) {
        let route = match route {
            None => UNMATCHED_ROUTE,
            // The web app's files service is mounted at the root, with an empty pattern.
            Some("") => WEB_APP_ROUTE,
            Some(pattern) => pattern,
        };
        let labels = [method_label(method), route, status_class(status)];
        self.http_requests.with_label_values(&labels).inc();
        self.http_duration
            .with_label_values(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// The hook the optimiser reports its calls to.
    pub fn optimizer_observer(self: &Arc<Self>) -> CallObserver {
        let metrics = Arc::clone(self);
        Arc::new(move |call: &OptimizerCall<'_>| {
            metrics
                .optimizer_calls
                .with_label_values(&[call.provider, call.operation, call.outcome])
                .inc();
            metrics
                .optimizer_duration
                .with_label_values(&[call.provider, call.operation])
                .observe(call.duration.as_secs_f64());
        })
    }

    /// Everything, in the text exposition format, with the pool gauges, the forecast's runs and
    /// the time entries' transactions read now.
    pub fn render(
        &self,
        pool: budget_domain::db::PoolStatus,
        forecasts: RunStats,
        entries: GroupStats,
    ) -> String {
        // The domain's counts only grow: each counter catches up with its count.
        self.forecast_runs
            .inc_by(forecasts.runs.saturating_sub(self.forecast_runs.get()));
        self.forecast_reused
            .inc_by(forecasts.reused.saturating_sub(self.forecast_reused.get()));
        let seconds = Duration::from_nanos(forecasts.run_nanos).as_secs_f64();
        self.forecast_run_seconds
            .inc_by((seconds - self.forecast_run_seconds.get()).max(0.0));
        self.entry_transactions.inc_by(
            entries
                .transactions
                .saturating_sub(self.entry_transactions.get()),
        );
        self.entries_logged
            .inc_by(entries.entries.saturating_sub(self.entries_logged.get()));
        for step in WriterStep::ALL {
            let counter = self.writer_seconds.with_label_values(&[step.as_str()]);
            let seconds = entries.busy_in(step).as_secs_f64();
            counter.inc_by((seconds - counter.get()).max(0.0));
        }
        self.db_connections
            .with_label_values(&["in_use"])
            .set(i64::from(pool.in_use));
        self.db_connections
            .with_label_values(&["idle"])
            .set(i64::from(pool.idle));
        self.db_max_connections.set(i64::from(pool.max));
        let mut buffer = Vec::new();
        if let Err(err) = TextEncoder::new().encode(&self.registry.gather(), &mut buffer) {
            tracing::error!(error = %err, "cannot encode the metrics");
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

const METRICS: &str = "/metrics";

/// Outside the API (not under `/api/v1`), next to the health checks.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(METRICS, Guard::Public).get(metrics));
}

/// Get Prometheus metrics
///
/// Prometheus metrics (text format 0.0.4).
/// Not part of the API: meant for a scraper on the internal network. 404 when
/// `METRICS_ENABLED=false`; with `METRICS_TOKEN` set it needs `Authorization: Bearer <token>`.
#[utoipa::path(get, operation_id = "getPrometheusMetrics", path = METRICS, tag = "health", security(),
    responses(
        (status = 200, description = "The metrics.", content_type = "text/plain; version=0.0.4", body = String),
        (status = 401, description = "`METRICS_TOKEN` is set and the request does not carry it (`unauthenticated`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Metrics are turned off (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let Some(metrics) = &state.metrics else {
        return Err(ApiError::not_found("metrics are turned off"));
    };
    if let Some(expected) = &state.metrics_token {
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default();
        // Constant time: the comparison must not tell a guesser how much of the token is right.
        if !bool::from(presented.as_bytes().ct_eq(expected.as_bytes())) {
            return Err(ApiError::unauthenticated(
                "send the metrics token as `Authorization: Bearer <token>`",
            ));
        }
    }
    Ok(HttpResponse::Ok()
        .content_type(TextEncoder::new().format_type())
        .body(metrics.render(
            state.domain.db.pool_status(),
            state.domain.cache.forecast_runs.stats(),
            state.domain.entry_groups.stats(),
        )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_stay_bounded() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(
            method_label(&Method::from_bytes(b"BREW").unwrap_or(Method::TRACE)),
            "other"
        );
        assert_eq!(status_class(StatusCode::OK), "2xx");
        assert_eq!(status_class(StatusCode::NOT_MODIFIED), "3xx");
        assert_eq!(status_class(StatusCode::TOO_MANY_REQUESTS), "4xx");
        assert_eq!(status_class(StatusCode::SERVICE_UNAVAILABLE), "5xx");
    }
}
