//! The dispatcher: a background task on every instance that
//!
//! 1. fans each new outbox event out to the enabled endpoints that take its type (the board's,
//!    and those of the board's organisation) as delivery rows, in one transaction that also
//!    marks the event done (PostgreSQL locks the events it takes with `FOR UPDATE SKIP LOCKED`;
//!    a unique index on endpoint and event keeps a delivery single whatever happens);
//! 2. claims due deliveries by setting their lease with a compare-and-set (on PostgreSQL after
//!    `FOR UPDATE SKIP LOCKED`), so no two dispatchers send one delivery at once;
//! 3. sends each, a bounded number at once, with its own HTTP client: a POST of the event as
//!    JSON, signed (see [`super::signature`]), within a timeout, without following redirects
//!    (a 3xx fails), to an address checked again (see [`super::address`]);
//! 4. records the answer: 2xx delivers; anything else retries after the next step of the
//!    schedule, until the schedule ends or the retry window since the first attempt closes, when
//!    the delivery fails. After a number of events in a row failed for good the endpoint is
//!    disabled and its admins notified.
//!
//! Delivery is at least once: a dispatcher stopped after sending and before recording leaves the
//! lease to expire, and the next one sends again with the same `webhook-id`. Nothing here runs
//! inside a request: a slow receiver holds only the dispatcher's own slots.

use std::sync::Arc;
use std::time::{Duration, Instant};

use budget_contract::alert::EventType;
use budget_contract::limits::WEBHOOK_EXCERPT_BYTES;
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::address::{self, GuardedResolver};
use super::signature;
use crate::alerts::events::new_event_id;
use crate::error::DomainResult;
use crate::{sql, Domain};

/// How the dispatcher sends and retries.
#[derive(Clone, Debug)]
pub struct DispatchConfig {
    /// The longest one request may take, answer included.
    pub timeout: Duration,
    /// The waits before the second, third… attempt; when they run out the delivery fails.
    pub retry_schedule: Vec<Duration>,
    /// No retry is scheduled later than this after the first attempt.
    pub give_up_after: Duration,
    /// Events in a row that fail for good before the endpoint is disabled (0: never).
    pub disable_after_failures: i64,
    /// Requests in flight at once, per instance.
    pub concurrency: usize,
    /// How often the outbox and the due deliveries are looked at.
    pub poll_every: Duration,
    /// Whether private, loopback and link-local addresses may be called.
    pub allow_private_addresses: bool,
}

impl Default for DispatchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            retry_schedule: [5, 5 * 60, 30 * 60, 2 * 3_600, 5 * 3_600, 10 * 3_600]
                .into_iter()
                .map(Duration::from_secs)
                .collect(),
            give_up_after: Duration::from_secs(24 * 3_600),
            disable_after_failures: 5,
            concurrency: 8,
            poll_every: Duration::from_secs(1),
            allow_private_addresses: false,
        }
    }
}

impl DispatchConfig {
    /// How long a claim holds a delivery: the request's timeout and a margin to record its
    /// answer. A dispatcher that stops mid-delivery leaves it to be claimed again after this.
    pub fn lease(&self) -> Duration {
        self.timeout + Duration::from_secs(5)
    }
}

fn is_postgres(domain: &Domain) -> bool {
    domain.db.backend() == DbBackend::Postgres
}

fn chrono_of(duration: Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX)
}

/// Whether a query finds a row, read outside any write transaction.
async fn exists(domain: &Domain, query: &str, values: Vec<sea_orm::Value>) -> DomainResult<bool> {
    let conn = domain.db.conn();
    Ok(conn
        .query_one(sql::statement(conn.get_database_backend(), query, values))
        .await?
        .is_some())
}

#[derive(Debug, FromQueryResult)]
struct NewEvent {
    id: String,
    event_type: String,
    board_id: Option<i64>,
}

/// Makes the deliveries of up to 200 events not fanned out yet, and marks them fanned out, in
/// one transaction. Returns how many deliveries were made.
pub async fn fan_out(domain: &Domain) -> DomainResult<u64> {
    let now = Utc::now();
    // A read first: an idle outbox costs no write transaction (on SQLite, no turn at the writer).
    if !exists(
        domain,
        "SELECT id FROM event_outbox WHERE webhooks_fanned_out = FALSE LIMIT 1",
        vec![],
    )
    .await?
    {
        return Ok(0);
    }
    let lock = if is_postgres(domain) {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let txn = domain.db.begin_write().await?;
    let events = sql::all::<NewEvent, _>(
        &*txn,
        &format!(
            "SELECT id, event_type, board_id FROM event_outbox \
             WHERE webhooks_fanned_out = FALSE ORDER BY created_at, id LIMIT 200{lock}"
        ),
        vec![],
    )
    .await?;
    let mut made = 0;
    for event in &events {
        if let (Some(board_id), false) = (
            event.board_id,
            event.event_type == EventType::WebhookEndpointDisabled.as_str(),
        ) {
            made += sql::execute(
                &*txn,
                "INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, status, \
                   attempts, next_attempt_at, created_at, updated_at) \
                 SELECT w.id, $1, $2, 'pending', 0, $4, $4, $4 FROM webhook_endpoint w \
                 WHERE w.enabled = TRUE \
                   AND (w.board_id = $3 OR w.organization_id = \
                     (SELECT b.organization_id FROM board b WHERE b.id = $3)) \
                   AND (w.event_types IS NULL \
                     OR (',' || w.event_types || ',') LIKE ('%,' || $2 || ',%')) \
                 ON CONFLICT (endpoint_id, event_id) DO NOTHING",
                vec![
                    event.id.clone().into(),
                    event.event_type.clone().into(),
                    board_id.into(),
                    now.into(),
                ],
            )
            .await?;
        }
        sql::execute(
            &*txn,
            "UPDATE event_outbox SET webhooks_fanned_out = TRUE WHERE id = $1",
            vec![event.id.clone().into()],
        )
        .await?;
    }
    txn.commit().await?;
    Ok(made)
}

#[derive(Debug, FromQueryResult)]
struct Due {
    id: i64,
}

/// A delivery this dispatcher holds until `lease_until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub delivery_id: i64,
    pub lease_until: DateTime<Utc>,
}

/// Claims up to `limit` due deliveries of enabled endpoints, oldest due first.
pub async fn claim(domain: &Domain, lease: Duration, limit: usize) -> DomainResult<Vec<Claim>> {
    let now = Utc::now();
    // Whole milliseconds: the lease is compared for equality when the answer is recorded, and
    // both engines keep milliseconds exactly.
    let lease_until = (now + chrono_of(lease)).trunc_subsecs(3);
    let lock = if is_postgres(domain) {
        " FOR UPDATE OF d SKIP LOCKED"
    } else {
        ""
    };
    if !exists(
        domain,
        "SELECT id FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= $1 \
         AND (lease_until IS NULL OR lease_until < $1) LIMIT 1",
        vec![now.into()],
    )
    .await?
    {
        return Ok(Vec::new());
    }
    let txn = domain.db.begin_write().await?;
    let due = sql::all::<Due, _>(
        &*txn,
        &format!(
            "SELECT d.id FROM webhook_delivery d \
             JOIN webhook_endpoint w ON w.id = d.endpoint_id \
             WHERE d.status = 'pending' AND d.next_attempt_at <= $1 \
               AND (d.lease_until IS NULL OR d.lease_until < $1) AND w.enabled = TRUE \
             ORDER BY d.next_attempt_at, d.id LIMIT $2{lock}"
        ),
        vec![now.into(), i64::try_from(limit).unwrap_or(i64::MAX).into()],
    )
    .await?;
    let mut claimed = Vec::with_capacity(due.len());
    for row in due {
        // Compare-and-set: only one dispatcher turns an unleased (or expired) row into its own.
        let taken = sql::execute(
            &*txn,
            "UPDATE webhook_delivery SET lease_until = $2 \
             WHERE id = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until < $3)",
            vec![row.id.into(), lease_until.into(), now.into()],
        )
        .await?;
        if taken == 1 {
            claimed.push(Claim {
                delivery_id: row.id,
                lease_until,
            });
        }
    }
    txn.commit().await?;
    Ok(claimed)
}

/// What one delivery needs: its state, its endpoint and its event.
#[derive(Debug, FromQueryResult)]
struct Job {
    attempts: i64,
    first_attempt_at: Option<DateTime<Utc>>,
    endpoint_id: i64,
    url: String,
    secret: String,
    previous_secret: Option<String>,
    previous_secret_expires_at: Option<DateTime<Utc>>,
    event_id: String,
    event_type: String,
    board_id: Option<i64>,
    created_at: DateTime<Utc>,
    payload_json: String,
}

/// The answer to one attempt.
#[derive(Clone, Debug, Default)]
struct Answer {
    status: Option<u16>,
    latency_ms: i64,
    excerpt: Option<String>,
    error: Option<String>,
}

impl Answer {
    fn delivered(&self) -> bool {
        self.status
            .is_some_and(|status| (200..300).contains(&status))
    }
}

/// The body sent for an event: its id, type, time, board and data.
fn body_of(job: &Job) -> Vec<u8> {
    let data: serde_json::Value =
        serde_json::from_str(&job.payload_json).unwrap_or(serde_json::Value::Null);
    json!({
        "id": job.event_id,
        "type": job.event_type,
        "timestamp": job.created_at,
        "board_id": job.board_id,
        "data": data,
    })
    .to_string()
    .into_bytes()
}

/// The HTTP client of the dispatcher: its own (so receivers never hold the server's other
/// clients), no redirects, no proxy from the environment (it would bypass the address check),
/// the timeout on every request, and a resolver that drops forbidden addresses.
pub fn client(config: &DispatchConfig) -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(config.timeout)
        .connect_timeout(config.timeout)
        .dns_resolver(Arc::new(GuardedResolver {
            allow_private: config.allow_private_addresses,
        }))
        .user_agent(concat!(
            "budget-roi-tracker-webhooks/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
}

/// The first [`WEBHOOK_EXCERPT_BYTES`] of a body, cut at a character boundary.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(WEBHOOK_EXCERPT_BYTES)]);
    let mut end = text.len().min(WEBHOOK_EXCERPT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

async fn send(client: &reqwest::Client, config: &DispatchConfig, job: &Job) -> Answer {
    let started = Instant::now();
    let elapsed = |started: Instant| i64::try_from(started.elapsed().as_millis()).unwrap_or(0);
    if let Err(refusal) = address::check(&job.url, config.allow_private_addresses).await {
        return Answer {
            error: Some(format!("address refused: {refusal:?}")),
            latency_ms: elapsed(started),
            ..Answer::default()
        };
    }
    let body = body_of(job);
    let timestamp = Utc::now().timestamp();
    let mut secrets = vec![job.secret.as_str()];
    if let (Some(previous), Some(expires)) = (&job.previous_secret, job.previous_secret_expires_at)
    {
        if expires > Utc::now() {
            secrets.push(previous);
        }
    }
    let Some(signature) = signature::header(&secrets, &job.event_id, timestamp, &body) else {
        return Answer {
            error: Some("the endpoint's secret is unreadable".to_owned()),
            ..Answer::default()
        };
    };
    let sent = client
        .post(&job.url)
        .header("content-type", "application/json")
        .header("webhook-id", &job.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await;
    let mut response = match sent {
        Ok(response) => response,
        Err(err) => {
            return Answer {
                error: Some(describe(&err)),
                latency_ms: elapsed(started),
                ..Answer::default()
            }
        }
    };
    let status = response.status();
    let mut read = Vec::new();
    let mut error = None;
    while read.len() < WEBHOOK_EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => read.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(err) => {
                error = Some(describe(&err));
                break;
            }
        }
    }
    if status.is_redirection() {
        error = Some("redirects are not followed".to_owned());
    }
    Answer {
        status: Some(status.as_u16()),
        latency_ms: elapsed(started),
        excerpt: Some(excerpt(&read)),
        error,
    }
}

fn describe(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "timed out".to_owned()
    } else if err.is_connect() {
        format!("could not connect: {err}")
    } else {
        err.to_string()
    }
}

/// Sends one claimed delivery and records the answer (see the module's rules).
pub async fn deliver(
    domain: &Domain,
    client: &reqwest::Client,
    config: &DispatchConfig,
    claim: Claim,
) -> DomainResult<()> {
    let job = sql::all::<Job, _>(
        domain.db.conn(),
        "SELECT d.attempts, d.first_attempt_at, w.id AS endpoint_id, w.url, w.secret, \
           w.previous_secret, w.previous_secret_expires_at, e.id AS event_id, e.event_type, \
           e.board_id, e.created_at, e.payload_json \
         FROM webhook_delivery d \
         JOIN webhook_endpoint w ON w.id = d.endpoint_id \
         JOIN event_outbox e ON e.id = d.event_id \
         WHERE d.id = $1",
        vec![claim.delivery_id.into()],
    )
    .await?
    .into_iter()
    .next();
    let Some(job) = job else {
        return Ok(());
    };
    let attempted_at = Utc::now();
    let answer = send(client, config, &job).await;
    tracing::info!(
        event_id = %job.event_id,
        endpoint_id = job.endpoint_id,
        attempt = job.attempts + 1,
        status = answer.status,
        latency_ms = answer.latency_ms,
        error = answer.error.as_deref(),
        "webhook attempt"
    );
    let (domain, config) = (domain.clone(), config.clone());
    to_the_end(async move { record(&domain, &config, &job, claim, attempted_at, &answer).await })
        .await
}

/// Runs database work as a task of its own and waits for it: when the dispatcher is stopped
/// (its future dropped) the work still ends, committed or rolled back, rather than leaving a
/// transaction (and, on PostgreSQL, the rows it locked) with a connection back in the pool.
async fn to_the_end<T: Send + 'static>(
    work: impl std::future::Future<Output = DomainResult<T>> + Send + 'static,
) -> DomainResult<T> {
    tokio::spawn(work).await.unwrap_or_else(|err| {
        Err(sea_orm::DbErr::Custom(format!("webhook dispatcher work failed: {err}")).into())
    })
}

async fn record(
    domain: &Domain,
    config: &DispatchConfig,
    job: &Job,
    claim: Claim,
    attempted_at: DateTime<Utc>,
    answer: &Answer,
) -> DomainResult<()> {
    let now = Utc::now();
    let attempts = job.attempts + 1;
    let first = job.first_attempt_at.unwrap_or(attempted_at);
    let delivered = answer.delivered();
    let next = if delivered {
        None
    } else {
        usize::try_from(job.attempts)
            .ok()
            .and_then(|index| config.retry_schedule.get(index))
            .map(|wait| now + chrono_of(*wait))
            .filter(|next| *next <= first + chrono_of(config.give_up_after))
    };
    let status = match (delivered, next) {
        (true, _) => "delivered",
        (false, Some(_)) => "pending",
        (false, None) => "failed",
    };
    let txn = domain.db.begin_write().await?;
    // Only the holder of the lease records: a dispatcher whose lease ran out lost the delivery.
    let recorded = sql::execute(
        &*txn,
        "UPDATE webhook_delivery SET status = $3, attempts = $4, first_attempt_at = $5, \
           next_attempt_at = $6, lease_until = NULL, response_status = $7, latency_ms = $8, \
           response_excerpt = $9, error = $10, updated_at = $11 \
         WHERE id = $1 AND lease_until = $2",
        vec![
            claim.delivery_id.into(),
            claim.lease_until.into(),
            status.into(),
            attempts.into(),
            first.into(),
            next.into(),
            answer.status.map(i32::from).into(),
            answer.latency_ms.into(),
            answer.excerpt.clone().into(),
            answer.error.clone().into(),
            now.into(),
        ],
    )
    .await?;
    if recorded == 1 {
        if delivered {
            sql::execute(
                &*txn,
                "UPDATE webhook_endpoint SET consecutive_failures = 0 \
                 WHERE id = $1 AND consecutive_failures <> 0",
                vec![job.endpoint_id.into()],
            )
            .await?;
        } else if next.is_none() {
            failed_for_good(&*txn, config, job.endpoint_id, now).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct Failing {
    consecutive_failures: i64,
    enabled: bool,
    board_id: Option<i64>,
    organization_id: Option<i64>,
    url: String,
}

/// Counts an event that failed for good; at the configured count the endpoint is disabled and
/// its admins are told (a board's: its creator, its admins and its organisation's admins; an
/// organisation's: its admins).
async fn failed_for_good<C: sea_orm::ConnectionTrait>(
    conn: &C,
    config: &DispatchConfig,
    endpoint_id: i64,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let endpoint = sql::one::<Failing, _>(
        conn,
        "UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1 \
         WHERE id = $1 \
         RETURNING consecutive_failures, enabled, board_id, organization_id, url",
        vec![endpoint_id.into()],
    )
    .await?;
    if config.disable_after_failures == 0
        || !endpoint.enabled
        || endpoint.consecutive_failures < config.disable_after_failures
    {
        return Ok(());
    }
    let reason = format!(
        "disabled after {} events in a row could not be delivered",
        endpoint.consecutive_failures
    );
    sql::execute(
        conn,
        "UPDATE webhook_endpoint SET enabled = FALSE, disabled_reason = $2, updated_at = $3 \
         WHERE id = $1",
        vec![endpoint_id.into(), reason.clone().into(), now.into()],
    )
    .await?;
    let message = format!("Webhook {} was {reason}", endpoint.url);
    let payload = json!({
        "endpoint_id": endpoint_id,
        "url": endpoint.url,
        "reason": reason,
    })
    .to_string();
    let event_id = new_event_id();
    let (admins, owner) = match (endpoint.board_id, endpoint.organization_id) {
        (Some(board_id), _) => (
            "SELECT b.created_by AS user_id FROM board b WHERE b.id = $1 \
             UNION SELECT m.user_id FROM board_member m WHERE m.board_id = $1 AND m.role = 'admin' \
             UNION SELECT u.id FROM app_user u JOIN board b ON b.organization_id = u.organization_id \
               WHERE b.id = $1 AND u.org_role = 'admin'",
            board_id,
        ),
        (None, Some(org_id)) => (
            "SELECT u.id AS user_id FROM app_user u \
             WHERE u.organization_id = $1 AND u.org_role = 'admin'",
            org_id,
        ),
        (None, None) => return Ok(()),
    };
    let board_id = endpoint.board_id;
    sql::execute(
        conn,
        &format!(
            "INSERT INTO notification (user_id, event_id, event_type, board_id, message, \
               payload_json, created_at) \
             SELECT admins.user_id, $2, $3, $4, $5, $6, $7 FROM ({admins}) admins"
        ),
        vec![
            owner.into(),
            event_id.into(),
            EventType::WebhookEndpointDisabled.as_str().into(),
            board_id.into(),
            message.into(),
            payload.into(),
            now.into(),
        ],
    )
    .await?;
    tracing::warn!(endpoint_id, "{reason}");
    Ok(())
}

/// Fans out, claims and delivers for as long as the runtime runs (see the module's rules).
/// Dropping the returned future stops the deliveries in flight too.
pub async fn run(domain: Domain, config: DispatchConfig) {
    let client = match client(&config) {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(error = %err, "the webhook dispatcher cannot build its HTTP client");
            return;
        }
    };
    let config = Arc::new(config);
    let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let mut in_flight = JoinSet::new();
    loop {
        while in_flight.try_join_next().is_some() {}
        let fanning = domain.clone();
        if let Err(err) = to_the_end(async move { fan_out(&fanning).await }).await {
            tracing::warn!(error = %err, "fanning out events to webhooks failed");
        }
        let free = slots.available_permits();
        if free > 0 {
            let (claiming, lease) = (domain.clone(), config.lease());
            match to_the_end(async move { claim(&claiming, lease, free).await }).await {
                Ok(claims) => {
                    for claim in claims {
                        // Only this loop takes slots, and it counted them free above.
                        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                            break;
                        };
                        let (domain, client, config) =
                            (domain.clone(), client.clone(), Arc::clone(&config));
                        in_flight.spawn(async move {
                            let _slot = slot;
                            if let Err(err) = deliver(&domain, &client, &config, claim).await {
                                tracing::warn!(error = %err, "recording a webhook attempt failed");
                            }
                        });
                    }
                }
                Err(err) => tracing::warn!(error = %err, "claiming webhook deliveries failed"),
            }
        }
        tokio::time::sleep(config.poll_every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_at_most_a_kibibyte_and_whole_characters() {
        let long = "é".repeat(1_000);
        let cut = excerpt(long.as_bytes());
        assert!(cut.len() <= WEBHOOK_EXCERPT_BYTES);
        assert!(cut.chars().all(|c| c == 'é'));
        assert_eq!(excerpt(b"ok"), "ok");
    }
}
