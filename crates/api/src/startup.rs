//! Wiring: database, keys, routes, docs and the web app into one actix-web server. Tests build
//! the same [`Application`] on a random port, so they exercise exactly what production runs.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress, Condition};
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use budget_domain::alerts::DirtyBoards;
use budget_domain::auth::password::PasswordPool;
use budget_domain::webhooks;
use budget_domain::{Clock, Database, Domain};
use rand::RngCore;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::configuration::{Secret, Settings};
use crate::encoded::EncodedAnswers;
use crate::extract::BodyReadTimeout;
use crate::observability::RequestSpan;
use crate::openapi::ApiDoc;
use crate::problem::ApiError;
use crate::prometheus::Metrics;
use crate::rate_limit::{RateLimits, SignInBackoff};
use crate::routes;
use crate::security::SecurityHeaders;
use crate::state::AppState;

pub struct Application {
    port: u16,
    server: Server,
    domain: Domain,
}

/// Secrets shorter than this are refused: HS256 needs a key at least as long as its hash.
const MIN_SECRET_BYTES: usize = 32;

impl Application {
    /// Connects, migrates and binds. Nothing is served until [`Application::run`].
    pub async fn build(settings: &Settings, clock: Clock) -> anyhow::Result<Self> {
        migrate(settings).await?;
        let db = connect(settings).await?;
        let domain = Domain::new(db, clock)
            .with_password_pool(PasswordPool::new(
                settings.password_hash_workers,
                settings.password_hash_queue,
            ))
            .with_webhook_policy(webhooks::Policy {
                allow_private_addresses: settings.webhook_allow_private_addresses,
            })
            .with_timer_policy(settings.timer_policy()?);
        let webhook_dispatch = settings.webhook_dispatch()?;
        let jwt = JwtKeys::new(&jwt_secret(settings)?, settings.jwt_ttl_secs);
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let dist = PathBuf::from(&settings.web_dist_dir);
        let metrics = if settings.metrics_enabled {
            Some(Arc::new(Metrics::new().context("setting up the metrics")?))
        } else {
            None
        };
        let mut optimizer = settings.optimizer()?;
        if let Some(metrics) = &metrics {
            optimizer = optimizer.observed_by(metrics.optimizer_observer());
        }
        let cors_origins = settings.cors_origins();
        crate::security::check_origins(&cors_origins)?;
        let state = web::Data::new(AppState {
            domain: domain.clone(),
            jwt,
            optimizer,
            metrics,
            metrics_token: settings
                .metrics_token
                .as_ref()
                .map(|token| token.expose().to_owned())
                .filter(|token| !token.is_empty()),
            security: SecurityHeaders::new(&dist, settings.hsts_max_age_secs)
                .context("building the security headers")?,
            limits: RateLimits::new(
                settings.rate_limit_login_per_minute,
                settings.rate_limit_optimizer_per_minute,
                settings.trust_proxy_headers,
            )
            .with_sign_in_backoff(SignInBackoff::new(
                settings.login_backoff_free_failures,
                settings.login_backoff_max_secs,
            )),
            alerts: DirtyBoards::default(),
            analytics_json: EncodedAnswers::default(),
            metrics_json: EncodedAnswers::default(),
        });
        let max_body = settings.max_body_bytes;
        let body_timeout = Duration::from_secs(settings.request_body_timeout_secs.max(1));
        spawn_pruning(domain.clone());
        spawn_forecast_sweep(domain.clone());
        tokio::spawn(state.alerts.clone().run(
            domain.clone(),
            Duration::from_millis(settings.alert_evaluation_delay_ms),
        ));
        spawn_alert_sweep(domain.clone(), settings.alert_sweep_secs);
        if settings.webhook_dispatcher {
            tokio::spawn(webhooks::dispatch::run(domain.clone(), webhook_dispatch));
        }
        let connections = Connections::of(settings);
        let server = HttpServer::new(move || {
            // Each worker runs a runtime of its own: its statements go through connections it
            // drives itself.
            state.domain.db.open_thread_pool(connections.per_worker);
            App::new()
                // Outermost first: the root span (request id), then `observe` inside it (so its
                // log line has the span), then CORS, then compression of the answer's body
                // (brotli or gzip when the client asks; `Vary: Accept-Encoding`), then the routes.
                .wrap(Compress::default())
                .wrap(Condition::new(
                    !cors_origins.is_empty(),
                    crate::security::cors(&cors_origins),
                ))
                .wrap(from_fn(crate::observability::observe))
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(state.clone())
                .app_data(web::PayloadConfig::new(max_body))
                .app_data(BodyReadTimeout(body_timeout))
                .app_data(web::PathConfig::default().error_handler(|err, _| {
                    ApiError::not_found(format!("bad path parameter: {err}")).into()
                }))
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .url("/api/v1/openapi.json", ApiDoc::openapi()),
                )
                // The docs live under /api/docs/; the bare path must not fall into the 404 below.
                .route(
                    "/api/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header((header::LOCATION, "/api/docs/"))
                            .finish()
                    }),
                )
                .configure(routes::health::configure)
                .configure(crate::prometheus::configure)
                .service(
                    web::scope("/api/v1")
                        .configure(routes::configure)
                        .default_service(web::to(routes::unknown_route)),
                )
                .service(web::scope("/api").default_service(web::to(routes::unknown_route)))
                .configure(|cfg| crate::web_app::configure(cfg, &dist))
        })
        .workers(usize::try_from(connections.workers).unwrap_or(1))
        // SIGTERM/SIGINT: stop accepting, let in-flight requests finish for this long.
        .shutdown_timeout(settings.shutdown_timeout_secs)
        // The request head must arrive within this (a body then has `BodyReadTimeout`).
        .client_request_timeout(HEAD_READ_TIMEOUT)
        .listen(listener)?
        .run();
        Ok(Self {
            port,
            server,
            domain,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn domain(&self) -> &Domain {
        &self.domain
    }

    /// Serves until the process is told to stop (SIGINT/SIGTERM finish in-flight requests).
    pub async fn run(self) -> std::io::Result<()> {
        self.server.await
    }

    pub fn into_server(self) -> Server {
        self.server
    }
}

/// The pool that serves requests: on PostgreSQL each statement is held to
/// `DATABASE_STATEMENT_TIMEOUT_SECS`, and the pool is the shared one of [`Connections`] (each
/// request worker opens its own when it starts).
pub async fn connect(settings: &Settings) -> anyhow::Result<Database> {
    let statement_timeout = Duration::from_secs(settings.database_statement_timeout_secs);
    let pool = Connections::of(settings).shared;
    open(settings, pool, Some(statement_timeout)).await
}

/// Applies the migrations on a connection of their own, without the statement time limit (a
/// migration may rightly take longer than any request).
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = connect_with(settings, None).await?;
    db.migrate().await.context("running the migrations")?;
    db.close()
        .await
        .context("closing the migration connection")?;
    Ok(())
}

/// A pool for `settings`' database, with this limit on each statement (PostgreSQL).
pub async fn connect_with(
    settings: &Settings,
    statement_timeout: Option<Duration>,
) -> anyhow::Result<Database> {
    open(settings, pool_size(settings), statement_timeout).await
}

async fn open(
    settings: &Settings,
    pool: u32,
    statement_timeout: Option<Duration>,
) -> anyhow::Result<Database> {
    Database::connect_with(settings.database_url.expose(), pool, statement_timeout)
        .await
        .with_context(|| {
            format!(
                "cannot connect to the database at {}",
                settings.database_url.redacted()
            )
        })
}

/// The connections of the pool (`DATABASE_MAX_CONNECTIONS`, or the engine's default).
fn pool_size(settings: &Settings) -> u32 {
    match settings.database_max_connections {
        0 if settings.database_url.expose().starts_with("sqlite:") => 4,
        0 => 16,
        n => n,
    }
}

/// How the server's connections are shared out. On PostgreSQL each request worker has a pool
/// of its own ([`Database::open_thread_pool`]) and the shared pool serves the work off the
/// workers (alerts, webhooks, clean-ups): together they hold the configured connections, at
/// least one each. SQLite has the one pool.
#[derive(Debug, PartialEq, Eq)]
struct Connections {
    /// The request workers: one per processor, as actix-web starts by default.
    workers: u32,
    shared: u32,
    per_worker: u32,
}

impl Connections {
    fn of(settings: &Settings) -> Self {
        let workers = std::thread::available_parallelism()
            .ok()
            .and_then(|n| u32::try_from(n.get()).ok())
            .unwrap_or(1);
        let total = pool_size(settings);
        if settings.database_url.expose().starts_with("sqlite:") {
            return Self {
                workers,
                shared: total,
                per_worker: 0,
            };
        }
        Self::split(total, workers)
    }

    fn split(total: u32, workers: u32) -> Self {
        let per_worker = (total / (workers + 1)).max(1);
        Self {
            workers,
            shared: total.saturating_sub(per_worker * workers).max(1),
            per_worker,
        }
    }
}

/// How long a client may take to send a request's headers (actix-web's default, stated).
const HEAD_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// How often expired idempotency records and access tokens are removed.
const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Removes expired idempotency records and access tokens every [`PRUNE_EVERY`], the first time
/// one period after the start (so start-up does no extra writes), for as long as the runtime
/// runs. A failure is logged and retried at the next round.
fn spawn_pruning(domain: Domain) {
    tokio::spawn(async move {
        let first = tokio::time::Instant::now() + PRUNE_EVERY;
        let mut interval = tokio::time::interval_at(first, PRUNE_EVERY);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match budget_domain::retention::prune(&domain).await {
                Ok(pruned) => tracing::debug!(
                    idempotency_records = pruned.idempotency_records,
                    expired_tokens = pruned.expired_tokens,
                    "pruned expired records"
                ),
                Err(err) => tracing::warn!(error = %err, "pruning expired records failed"),
            }
        }
    });
}

/// How often the day's forecast is stored for the boards no read has stored it for.
const FORECAST_SWEEP_EVERY: Duration = Duration::from_secs(60 * 60);

/// Stores today's forecast of every board with a budget that has none for today yet
/// (`forecast::history::sweep`) every [`FORECAST_SWEEP_EVERY`], the first time one period after
/// the start, so that a board nobody looks at still has one a day. A failure is logged and
/// retried at the next round.
fn spawn_forecast_sweep(domain: Domain) {
    tokio::spawn(async move {
        let first = tokio::time::Instant::now() + FORECAST_SWEEP_EVERY;
        let mut interval = tokio::time::interval_at(first, FORECAST_SWEEP_EVERY);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match budget_domain::forecast::history::sweep(&domain).await {
                Ok(swept) => tracing::debug!(
                    recorded = swept.recorded,
                    failed = swept.failed,
                    "stored the day's forecasts"
                ),
                Err(err) => tracing::warn!(error = %err, "storing the day's forecasts failed"),
            }
        }
    });
}

/// Evaluates the alert rules of every board with an active rule every `every_secs` seconds (0:
/// never), the first time one period after the start. A failure is logged and retried at the
/// next round.
fn spawn_alert_sweep(domain: Domain, every_secs: u64) {
    if every_secs == 0 {
        return;
    }
    let every = Duration::from_secs(every_secs);
    tokio::spawn(async move {
        let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match budget_domain::alerts::sweep(&domain).await {
                Ok(swept) => tracing::debug!(
                    boards = swept.boards,
                    fired = swept.fired,
                    failed = swept.failed,
                    "evaluated the alert rules"
                ),
                Err(err) => tracing::warn!(error = %err, "evaluating the alert rules failed"),
            }
        }
    });
}

/// The configured secret, or in dev mode a random one (sessions then end with the process).
fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    match settings.jwt_secret.as_ref().map(Secret::expose) {
        Some(secret) if secret.len() >= MIN_SECRET_BYTES => Ok(secret.as_bytes().to_vec()),
        Some(_) => anyhow::bail!("JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes"),
        None if settings.dev_mode => {
            tracing::warn!("DEV_MODE: no JWT_SECRET set, using a random one for this run");
            let mut secret = vec![0u8; 48];
            rand::thread_rng().fill_bytes(&mut secret);
            Ok(secret)
        }
        None => anyhow::bail!(
            "JWT_SECRET is not set (at least {MIN_SECRET_BYTES} bytes); set it, or DEV_MODE=true for local use"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::Connections;

    #[test]
    fn the_configured_connections_are_shared_out_between_the_workers_and_the_rest() {
        let split = |total, workers| {
            let Connections {
                shared, per_worker, ..
            } = Connections::split(total, workers);
            (shared, per_worker)
        };
        assert_eq!(split(16, 2), (6, 5));
        assert_eq!(split(8, 2), (4, 2));
        assert_eq!(split(8, 1), (4, 4));
        assert_eq!(split(8, 4), (4, 1));
        // Fewer than one each: one each all the same.
        assert_eq!(split(2, 2), (1, 1));
        assert_eq!(split(1, 1), (1, 1));
    }
}
