//! A board's or an organisation's webhook endpoints (board admins for a board's, organisation
//! admins for an organisation's): create (the secret answered once), list, read, change, delete,
//! rotate the secret (the previous one keeps signing for [`ROTATION_OVERLAP_HOURS`]), the
//! delivery log, and redelivery of one event.

use budget_contract::alert::EventType;
use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::board::BoardRole;
use budget_contract::limits::WEBHOOK_URL_CHARS;
use budget_contract::page::Page;
use budget_contract::webhook::{
    CreatedWebhookEndpoint, DeliveryStatus, NewWebhookEndpoint, RotatedWebhookSecret,
    WebhookDelivery, WebhookEndpoint, WebhookEndpointUpdate, ADDRESS_NOT_ALLOWED,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use super::address::{self, Refusal};
use super::signature;
use crate::access::BoardAccess;
use crate::audit::{self, Change};
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::{organizations, pagination, sql, Domain};

/// How long a rotated-out secret keeps signing next to the new one.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;

/// Whose endpoints: a board's (its admins) or an organisation's (its admins).
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    Board(&'a BoardAccess),
    Organization { user_id: i64, org_id: i64 },
}

impl Owner<'_> {
    fn user_id(&self) -> i64 {
        match self {
            Self::Board(access) => access.user_id,
            Self::Organization { user_id, .. } => *user_id,
        }
    }

    /// The owner's column and id.
    fn column(&self) -> (&'static str, i64) {
        match self {
            Self::Board(access) => ("board_id", access.board_id()),
            Self::Organization { org_id, .. } => ("organization_id", *org_id),
        }
    }

    /// Refuses anyone but the owner's admins.
    async fn require_admin(&self, domain: &Domain) -> DomainResult<()> {
        match self {
            Self::Board(access) => access.require(BoardRole::Admin),
            Self::Organization { user_id, org_id } => {
                organizations::require_org_admin(
                    domain,
                    *user_id,
                    *org_id,
                    "only organisation admins manage its webhooks",
                )
                .await
            }
        }
    }
}

/// An endpoint as stored.
#[derive(Clone, Debug, FromQueryResult)]
pub(crate) struct EndpointRow {
    pub id: i64,
    pub board_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub url: String,
    pub secret: String,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub event_types: Option<String>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub consecutive_failures: i64,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const ENDPOINT_COLUMNS: &str = "id, board_id, organization_id, url, secret, \
    previous_secret, previous_secret_expires_at, event_types, enabled, disabled_reason, \
    consecutive_failures, created_by, created_at, updated_at";

/// Records a change to an endpoint in the audit trail (its secret never: [`WebhookEndpoint`]
/// has none): a board's on the board, an organisation's on the organisation.
async fn audited<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    owner: Owner<'_>,
    endpoint_id: i64,
    (old, new): (Option<&WebhookEndpoint>, Option<&WebhookEndpoint>),
    action: AuditAction,
) -> DomainResult<()> {
    let change = match owner {
        Owner::Board(access) => {
            Change::on_board(access, AuditKind::WebhookEndpoint, endpoint_id, old, new)
                .named(action)
        }
        Owner::Organization { user_id, .. } => Change {
            actor_id: user_id,
            board_id: None,
            entity_type: AuditKind::WebhookEndpoint,
            entity_id: endpoint_id,
            action,
            old,
            new,
        },
    };
    audit::record(conn, now, change).await?;
    if let Owner::Organization { org_id, .. } = owner {
        sql::execute(
            conn,
            "UPDATE audit_event SET organization_id = $1 \
             WHERE organization_id IS NULL AND board_id IS NULL \
               AND entity_type = 'webhook_endpoint' AND entity_id = $2",
            vec![org_id.into(), endpoint_id.into()],
        )
        .await?;
    }
    Ok(())
}

/// Event types as stored: comma-separated wire names; None for every type.
fn stored_types(types: Option<&[EventType]>) -> Option<String> {
    types.map(|types| {
        types
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    })
}

fn view(row: EndpointRow) -> DomainResult<WebhookEndpoint> {
    let event_types = match row.event_types.as_deref() {
        None => None,
        Some("") => Some(Vec::new()),
        Some(stored) => Some(
            stored
                .split(',')
                .map(|name| {
                    name.parse()
                        .map_err(|_| DbErr::Custom(format!("unknown event type {name:?}")))
                })
                .collect::<Result<Vec<EventType>, DbErr>>()?,
        ),
    };
    Ok(WebhookEndpoint {
        id: row.id,
        board_id: row.board_id,
        organization_id: row.organization_id,
        url: row.url,
        event_types,
        enabled: row.enabled,
        disabled_reason: row.disabled_reason,
        consecutive_failures: row.consecutive_failures,
        previous_secret_expires_at: row.previous_secret_expires_at,
        created_by: row.created_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Checks a URL's form, length and address: 422 on `url` otherwise.
async fn check_url(domain: &Domain, url: &str) -> DomainResult<String> {
    let url = url.trim();
    if url.chars().count() > WEBHOOK_URL_CHARS {
        return Err(DomainError::field(
            "url",
            "too_long",
            format!("must be at most {WEBHOOK_URL_CHARS} characters"),
        ));
    }
    match address::check(url, domain.webhooks.allow_private_addresses).await {
        Ok(parsed) => Ok(parsed.to_string()),
        Err(Refusal::Invalid(message)) => Err(DomainError::field("url", "invalid", message)),
        Err(Refusal::NotAllowed(message)) => {
            Err(DomainError::field("url", ADDRESS_NOT_ALLOWED, message))
        }
    }
}

/// The filter as given, each type once; `webhook.endpoint_disabled` is never sent.
fn check_types(types: Option<Vec<EventType>>) -> DomainResult<Option<Vec<EventType>>> {
    let Some(types) = types else { return Ok(None) };
    if types.contains(&EventType::WebhookEndpointDisabled) {
        return Err(DomainError::field(
            "event_types",
            "invalid",
            "webhook.endpoint_disabled is a notification, never sent to webhooks",
        ));
    }
    let mut unique: Vec<EventType> = Vec::new();
    for t in types {
        if !unique.contains(&t) {
            unique.push(t);
        }
    }
    Ok(Some(unique))
}

async fn find<C: ConnectionTrait>(
    conn: &C,
    owner: Owner<'_>,
    endpoint_id: i64,
) -> DomainResult<EndpointRow> {
    let (column, owner_id) = owner.column();
    sql::all::<EndpointRow, _>(
        conn,
        &format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE id = $1 AND {column} = $2"),
        vec![endpoint_id.into(), owner_id.into()],
    )
    .await?
    .into_iter()
    .next()
    .ok_or(DomainError::NotFound("webhook endpoint"))
}

/// Adds an endpoint with a new secret, answered this once.
pub async fn create(
    domain: &Domain,
    owner: Owner<'_>,
    input: NewWebhookEndpoint,
    idempotent: Option<&Idempotent<CreatedWebhookEndpoint>>,
) -> DomainResult<Created<CreatedWebhookEndpoint>> {
    owner.require_admin(domain).await?;
    let url = check_url(domain, &input.url).await?;
    let types = check_types(input.event_types)?;
    let result = async {
        let now = domain.clock.now();
        let txn = domain.db.begin_write().await?;
        if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
            return Ok(Created::Replayed(replay));
        }
        let secret = signature::new_secret();
        let (board_id, org_id): (Option<i64>, Option<i64>) = match owner {
            Owner::Board(access) => (Some(access.board_id()), None),
            Owner::Organization { org_id, .. } => (None, Some(org_id)),
        };
        let row = sql::one::<EndpointRow, _>(
            &*txn,
            &format!(
                "INSERT INTO webhook_endpoint (board_id, organization_id, url, secret, \
                   event_types, enabled, consecutive_failures, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $8) RETURNING {ENDPOINT_COLUMNS}"
            ),
            vec![
                board_id.into(),
                org_id.into(),
                url.into(),
                secret.clone().into(),
                stored_types(types.as_deref()).into(),
                input.enabled.unwrap_or(true).into(),
                owner.user_id().into(),
                now.into(),
            ],
        )
        .await?;
        let created = CreatedWebhookEndpoint {
            secret,
            endpoint: view(row)?,
        };
        let id = created.endpoint.id;
        audited(
            &*txn,
            now,
            owner,
            id,
            (None, Some(&created.endpoint)),
            AuditAction::Create,
        )
        .await?;
        idempotency::remember(&*txn, now, idempotent, &created).await?;
        txn.commit().await?;
        Ok(Created::New(created))
    }
    .await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

/// The owner's endpoints, oldest first, without their secrets.
pub async fn list(
    domain: &Domain,
    owner: Owner<'_>,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<WebhookEndpoint>> {
    owner.require_admin(domain).await?;
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let (column, owner_id) = owner.column();
    let filtered = sql::statement(
        backend,
        &format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE {column} = $1"),
        vec![owner_id.into()],
    );
    let window = sql::statement(
        backend,
        &format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE {column} = $1 AND id > $2 \
             ORDER BY id LIMIT $3"
        ),
        vec![
            owner_id.into(),
            page.after.unwrap_or(0).into(),
            page.fetch_value().into(),
        ],
    );
    let (rows, total) = pagination::read::<EndpointRow>(&domain.db, filtered, window).await?;
    let page = page.page(rows, total, |row| row.id.to_string());
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(view)
            .collect::<DomainResult<_>>()?,
        total: page.total,
        next_cursor: page.next_cursor,
    })
}

/// One endpoint, without its secret.
pub async fn get(
    domain: &Domain,
    owner: Owner<'_>,
    endpoint_id: i64,
) -> DomainResult<WebhookEndpoint> {
    owner.require_admin(domain).await?;
    view(find(domain.db.conn(), owner, endpoint_id).await?)
}

/// Changes an endpoint's URL, filter or whether it is enabled. Enabling it clears its failures
/// and the reason it was disabled.
pub async fn update(
    domain: &Domain,
    owner: Owner<'_>,
    endpoint_id: i64,
    input: WebhookEndpointUpdate,
) -> DomainResult<WebhookEndpoint> {
    owner.require_admin(domain).await?;
    let url = match &input.url {
        Some(url) => Some(check_url(domain, url).await?),
        None => None,
    };
    let types = match input.event_types {
        Some(types) => Some(check_types(types)?),
        None => None,
    };
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = find(&*txn, owner, endpoint_id).await?;
    let current_view = current.clone();
    let enabled = input.enabled.unwrap_or(current.enabled);
    let re_enabled = enabled && !current.enabled;
    let row = sql::one::<EndpointRow, _>(
        &*txn,
        &format!(
            "UPDATE webhook_endpoint SET url = $2, event_types = $3, enabled = $4, \
               disabled_reason = $5, consecutive_failures = $6, updated_at = $7 \
             WHERE id = $1 RETURNING {ENDPOINT_COLUMNS}"
        ),
        vec![
            endpoint_id.into(),
            url.unwrap_or(current.url).into(),
            match types {
                Some(types) => stored_types(types.as_deref()),
                None => current.event_types,
            }
            .into(),
            enabled.into(),
            if enabled {
                None
            } else {
                current.disabled_reason
            }
            .into(),
            if re_enabled {
                0
            } else {
                current.consecutive_failures
            }
            .into(),
            now.into(),
        ],
    )
    .await?;
    let changed = view(row)?;
    let before = view(current_view)?;
    audited(
        &*txn,
        now,
        owner,
        endpoint_id,
        (Some(&before), Some(&changed)),
        AuditAction::Update,
    )
    .await?;
    txn.commit().await?;
    Ok(changed)
}

/// Deletes an endpoint and its delivery log.
pub async fn delete(domain: &Domain, owner: Owner<'_>, endpoint_id: i64) -> DomainResult<()> {
    owner.require_admin(domain).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let gone = view(find(&*txn, owner, endpoint_id).await?)?;
    audited(
        &*txn,
        now,
        owner,
        endpoint_id,
        (Some(&gone), None),
        AuditAction::Delete,
    )
    .await?;
    sql::execute(
        &*txn,
        "DELETE FROM webhook_delivery WHERE endpoint_id = $1",
        vec![endpoint_id.into()],
    )
    .await?;
    sql::execute(
        &*txn,
        "DELETE FROM webhook_endpoint WHERE id = $1",
        vec![endpoint_id.into()],
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A new secret, answered this once; the current one keeps signing next to it for
/// [`ROTATION_OVERLAP_HOURS`] (a second rotation meanwhile ends the first's overlap).
pub async fn rotate(
    domain: &Domain,
    owner: Owner<'_>,
    endpoint_id: i64,
) -> DomainResult<RotatedWebhookSecret> {
    owner.require_admin(domain).await?;
    let now = domain.clock.now();
    let expires = now + Duration::hours(ROTATION_OVERLAP_HOURS);
    let secret = signature::new_secret();
    let txn = domain.db.begin_write().await?;
    let current = find(&*txn, owner, endpoint_id).await?;
    let previous = current.secret.clone();
    let before = view(current)?;
    let rotated = sql::one::<EndpointRow, _>(
        &*txn,
        &format!(
            "UPDATE webhook_endpoint SET secret = $2, previous_secret = $3, \
               previous_secret_expires_at = $4, updated_at = $5 WHERE id = $1 \
             RETURNING {ENDPOINT_COLUMNS}"
        ),
        vec![
            endpoint_id.into(),
            secret.clone().into(),
            previous.into(),
            expires.into(),
            now.into(),
        ],
    )
    .await?;
    let after = view(rotated)?;
    audited(
        &*txn,
        now,
        owner,
        endpoint_id,
        (Some(&before), Some(&after)),
        AuditAction::RotateSecret,
    )
    .await?;
    txn.commit().await?;
    Ok(RotatedWebhookSecret {
        secret,
        previous_secret_expires_at: expires,
    })
}

/// A delivery as stored.
#[derive(Clone, Debug, FromQueryResult)]
struct DeliveryRow {
    id: i64,
    event_id: String,
    event_type: String,
    status: String,
    attempts: i64,
    response_status: Option<i32>,
    latency_ms: Option<i64>,
    response_excerpt: Option<String>,
    error: Option<String>,
    next_attempt_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const DELIVERY_COLUMNS: &str = "id, event_id, event_type, status, attempts, response_status, \
    latency_ms, response_excerpt, error, next_attempt_at, created_at, updated_at";

fn delivery_view(row: DeliveryRow) -> DomainResult<WebhookDelivery> {
    Ok(WebhookDelivery {
        id: row.id,
        event_id: row.event_id,
        event_type: row
            .event_type
            .parse()
            .map_err(|_| DbErr::Custom(format!("unknown event type {:?}", row.event_type)))?,
        status: row
            .status
            .parse::<DeliveryStatus>()
            .map_err(|_| DbErr::Custom(format!("unknown delivery status {:?}", row.status)))?,
        attempt: row.attempts,
        response_status: row.response_status,
        latency_ms: row.latency_ms,
        response_excerpt: row.response_excerpt,
        error: row.error,
        next_attempt_at: row.next_attempt_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The endpoint's deliveries, newest first, each with its last attempt.
pub async fn deliveries(
    domain: &Domain,
    owner: Owner<'_>,
    endpoint_id: i64,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<WebhookDelivery>> {
    owner.require_admin(domain).await?;
    let page = pagination::by_id(limit, cursor)?;
    find(domain.db.conn(), owner, endpoint_id).await?;
    let backend = domain.db.backend();
    let filtered = sql::statement(
        backend,
        &format!("SELECT {DELIVERY_COLUMNS} FROM webhook_delivery WHERE endpoint_id = $1"),
        vec![endpoint_id.into()],
    );
    let window = sql::statement(
        backend,
        &format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_delivery WHERE endpoint_id = $1 AND id < $2 \
             ORDER BY id DESC LIMIT $3"
        ),
        vec![
            endpoint_id.into(),
            page.after.unwrap_or(i64::MAX).into(),
            page.fetch_value().into(),
        ],
    );
    let (rows, total) = pagination::read::<DeliveryRow>(&domain.db, filtered, window).await?;
    let page = page.page(rows, total, |row| row.id.to_string());
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(delivery_view)
            .collect::<DomainResult<_>>()?,
        total: page.total,
        next_cursor: page.next_cursor,
    })
}

/// Sends one event to the endpoint again, as soon as a dispatcher is free (a disabled endpoint:
/// once it is enabled again): its delivery turns pending, due now, with a fresh retry window
/// (the attempt count goes on). An event the
/// endpoint never had (it came before the endpoint, or did not match its filter) is not found.
pub async fn redeliver(
    domain: &Domain,
    owner: Owner<'_>,
    endpoint_id: i64,
    event_id: &str,
) -> DomainResult<WebhookDelivery> {
    owner.require_admin(domain).await?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    find(&*txn, owner, endpoint_id).await?;
    let row = sql::all::<DeliveryRow, _>(
        &*txn,
        &format!(
            "UPDATE webhook_delivery SET status = 'pending', next_attempt_at = $3, \
               first_attempt_at = NULL, lease_until = NULL, updated_at = $3 \
             WHERE endpoint_id = $1 AND event_id = $2 RETURNING {DELIVERY_COLUMNS}"
        ),
        vec![endpoint_id.into(), event_id.into(), now.into()],
    )
    .await?
    .into_iter()
    .next()
    .ok_or(DomainError::NotFound("delivery"))?;
    txn.commit().await?;
    delivery_view(row)
}
