//! Signed webhooks (the Standard Webhooks format): endpoints per board or organisation, their
//! deliveries, and the bodies the tracker sends.
//!
//! Every request carries `webhook-id` (the event's id, the same on every retry: de-duplicate on
//! it), `webhook-timestamp` (unix seconds of this attempt) and `webhook-signature`
//! (`v1,<base64 HMAC-SHA256>` of `{id}.{timestamp}.{body}`, keyed with the base64-decoded part of
//! the secret after `whsec_`; two signatures separated by a space while a rotated-out secret
//! still signs).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::alert::{AlertFigures, AlertRuleKind, EventType};

/// Every endpoint secret starts with this; the rest is the base64 of the key.
pub const SECRET_PREFIX: &str = "whsec_";

/// The field error code of a URL whose host is (or resolves to) an address the server does not
/// send to: private, loopback, link-local, unspecified or multicast.
pub const ADDRESS_NOT_ALLOWED: &str = "address_not_allowed";

wire_enum! {
    /// Where a delivery stands.
    #[derive(Hash)]
    pub enum DeliveryStatus {
        /// Waiting for its next attempt (the first, or a retry).
        Pending = "pending",
        /// The receiver answered 2xx.
        Delivered = "delivered",
        /// Every attempt failed; no more are made unless it is redelivered.
        Failed = "failed",
    }
}

/// A new endpoint (board admins for a board's, organisation admins for an organisation's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWebhookEndpoint {
    /// `http` or `https`; its host must not be (or resolve to) a private, loopback, link-local,
    /// unspecified or multicast address unless the server allows them.
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 2000, example = "https://hooks.example.com/budget")
    )]
    pub url: String,
    /// The event types sent; absent or null for every type.
    #[serde(default)]
    pub event_types: Option<Vec<EventType>>,
    /// Default true.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// A change to an endpoint: the fields sent replace the stored ones. Enabling it again clears
/// its failures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpointUpdate {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub url: Option<String>,
    /// Absent: unchanged; null: every type; a list: those types.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<EventType>>))]
    pub event_types: Option<Option<Vec<EventType>>>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// A field that is present (`Some`, possibly `Some(None)` for null) or absent (`None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// An endpoint, without its secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    pub id: i64,
    /// Set for a board's endpoint.
    pub board_id: Option<i64>,
    /// Set for an organisation's endpoint: it receives the events of the organisation's boards.
    pub organization_id: Option<i64>,
    pub url: String,
    /// Null: every type.
    pub event_types: Option<Vec<EventType>>,
    pub enabled: bool,
    /// Why the server disabled it (repeated failures); null when enabled or disabled by a person.
    pub disabled_reason: Option<String>,
    /// Events in a row that failed for good.
    pub consecutive_failures: i64,
    /// While set and in the future, the secret replaced by the last rotation still signs.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new endpoint and its signing secret: the only answer that shows the secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhookEndpoint {
    /// `whsec_` and the base64 of 32 random bytes. Shown once: keep it.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    )]
    pub secret: String,
    #[serde(flatten)]
    pub endpoint: WebhookEndpoint,
}

/// A rotated secret: shown once. The previous one signs alongside it until
/// `previous_secret_expires_at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotatedWebhookSecret {
    pub secret: String,
    pub previous_secret_expires_at: DateTime<Utc>,
}

/// An event's delivery to an endpoint: its state and its last attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: i64,
    pub event_id: String,
    pub event_type: EventType,
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempt: i64,
    /// The last attempt's HTTP status; null before the first or when no answer came.
    pub response_status: Option<i32>,
    /// How long the last attempt took, milliseconds.
    pub latency_ms: Option<i64>,
    /// The start of the last answer's body (at most 1 KiB).
    pub response_excerpt: Option<String>,
    /// Why the last attempt failed without an answer (timeout, refused, redirect…).
    pub error: Option<String>,
    /// When the next attempt is due; null once delivered or failed.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What an alert event (`budget.*`) carries: the rule that fired and the figures that made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertEventData {
    pub board_id: i64,
    pub rule_id: i64,
    pub kind: AlertRuleKind,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90.00"))]
    pub threshold: Option<Decimal>,
    pub figures: AlertFigures,
}

/// The body of an alert event's webhook (`budget.threshold_crossed`, `budget.exhaustion_predicted`,
/// `budget.overrun_probable`, `budget.exceeded`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertWebhookEvent {
    /// The event's id, as in `webhook-id`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "evt_5f0c6b1e2d3a4b5c6d7e8f9a0b1c2d3e")
    )]
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When the event happened.
    pub timestamp: DateTime<Utc>,
    pub board_id: Option<i64>,
    pub data: AlertEventData,
}

/// The body of a `repricing.applied` webhook: `data` holds the repricing's id, its request
/// (people, tasks, dates), how many entries changed and the change in spent, revenue and margin,
/// in the board's currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepricingWebhookEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub timestamp: DateTime<Utc>,
    pub board_id: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// The body of a recommendation event's webhook (`recommendation.created`,
/// `recommendation.status_changed`): `data` holds the recommendation (and, for a status
/// change, `previous_status`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationWebhookEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub timestamp: DateTime<Utc>,
    pub board_id: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}
