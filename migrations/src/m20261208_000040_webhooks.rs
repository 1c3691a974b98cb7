//! Signed webhooks: endpoints per board or organisation, and one delivery per endpoint and
//! event.
//!
//! - `webhook_endpoint`: where events go (a board's or an organisation's: exactly one of
//!   `board_id`, `organization_id`), the signing secret (`whsec_…`; it signs, so it is kept as
//!   given), the secret it replaced while that one still signs alongside, the event types it
//!   takes (comma-separated wire names; null for every type), whether it is enabled and why
//!   not, and how many events in a row failed for good.
//! - `webhook_delivery`: an event for an endpoint; its state (`pending`, `delivered`,
//!   `failed`), attempts, when the first was made and when the next is due, the lease of the
//!   dispatcher sending it (a dispatcher claims a due row by setting `lease_until`; another skips
//!   leased rows), and the last attempt's answer (status, latency, the first KiB of the body, or
//!   the error). One row per endpoint and event.
//! - `event_outbox.webhooks_fanned_out`: whether the event's deliveries were made. Events
//!   stored before webhooks existed had no endpoint to go to: they count as fanned out.

use sea_orm_migration::prelude::*;

use crate::columns::{
    board_fk, id, one_of, optional_reference, optional_text, optional_timestamp, text, timestamp,
    user_fk,
};
use crate::m20261125_000001_kanban::Organization;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A delivery's states.
const STATES: [&str; 3] = ["pending", "delivered", "failed"];

#[derive(DeriveIden, Clone, Copy)]
enum WebhookEndpoint {
    Table,
    Id,
    BoardId,
    OrganizationId,
    Url,
    Secret,
    PreviousSecret,
    PreviousSecretExpiresAt,
    EventTypes,
    Enabled,
    DisabledReason,
    ConsecutiveFailures,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WebhookDelivery {
    Table,
    Id,
    EndpointId,
    EventId,
    EventType,
    Status,
    Attempts,
    FirstAttemptAt,
    NextAttemptAt,
    LeaseUntil,
    ResponseStatus,
    LatencyMs,
    ResponseExcerpt,
    Error,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoint::Table)
                    .col(id(WebhookEndpoint::Id))
                    .col(optional_reference(WebhookEndpoint::BoardId))
                    .col(optional_reference(WebhookEndpoint::OrganizationId))
                    .col(text(WebhookEndpoint::Url))
                    .col(text(WebhookEndpoint::Secret))
                    .col(optional_text(WebhookEndpoint::PreviousSecret))
                    .col(optional_timestamp(WebhookEndpoint::PreviousSecretExpiresAt))
                    .col(optional_text(WebhookEndpoint::EventTypes))
                    .col(
                        ColumnDef::new(WebhookEndpoint::Enabled)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(optional_text(WebhookEndpoint::DisabledReason))
                    .col(
                        ColumnDef::new(WebhookEndpoint::ConsecutiveFailures)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(optional_reference(WebhookEndpoint::CreatedBy))
                    .col(timestamp(WebhookEndpoint::CreatedAt))
                    .col(timestamp(WebhookEndpoint::UpdatedAt))
                    // Exactly one owner: a board or an organisation.
                    .check(Expr::cust(
                        "(board_id IS NULL) <> (organization_id IS NULL)",
                    ))
                    .foreign_key(&mut board_fk(
                        WebhookEndpoint::Table,
                        WebhookEndpoint::BoardId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WebhookEndpoint::Table, WebhookEndpoint::OrganizationId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut user_fk(
                        WebhookEndpoint::Table,
                        WebhookEndpoint::CreatedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_webhook_endpoint_board", WebhookEndpoint::BoardId),
            ("ix_webhook_endpoint_org", WebhookEndpoint::OrganizationId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(WebhookEndpoint::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(WebhookDelivery::Table)
                    .col(id(WebhookDelivery::Id))
                    .col(
                        ColumnDef::new(WebhookDelivery::EndpointId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(text(WebhookDelivery::EventId))
                    .col(text(WebhookDelivery::EventType))
                    .col(one_of(WebhookDelivery::Status, &STATES))
                    .col(
                        ColumnDef::new(WebhookDelivery::Attempts)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(optional_timestamp(WebhookDelivery::FirstAttemptAt))
                    .col(optional_timestamp(WebhookDelivery::NextAttemptAt))
                    .col(optional_timestamp(WebhookDelivery::LeaseUntil))
                    .col(
                        ColumnDef::new(WebhookDelivery::ResponseStatus)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(WebhookDelivery::LatencyMs)
                            .big_integer()
                            .null(),
                    )
                    .col(optional_text(WebhookDelivery::ResponseExcerpt))
                    .col(optional_text(WebhookDelivery::Error))
                    .col(timestamp(WebhookDelivery::CreatedAt))
                    .col(timestamp(WebhookDelivery::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WebhookDelivery::Table, WebhookDelivery::EndpointId)
                            .to(WebhookEndpoint::Table, WebhookEndpoint::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_webhook_delivery_event")
                    .table(WebhookDelivery::Table)
                    .col(WebhookDelivery::EndpointId)
                    .col(WebhookDelivery::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The dispatcher's question: which pending deliveries are due.
        manager
            .create_index(
                Index::create()
                    .name("ix_webhook_delivery_due")
                    .table(WebhookDelivery::Table)
                    .col(WebhookDelivery::Status)
                    .col(WebhookDelivery::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "ALTER TABLE event_outbox ADD COLUMN webhooks_fanned_out BOOLEAN NOT NULL DEFAULT FALSE",
        )
        .await?;
        db.execute_unprepared("UPDATE event_outbox SET webhooks_fanned_out = TRUE")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_event_outbox_fan_out ON event_outbox (webhooks_fanned_out, created_at)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX ix_event_outbox_fan_out")
            .await?;
        db.execute_unprepared("ALTER TABLE event_outbox DROP COLUMN webhooks_fanned_out")
            .await?;
        for table in ["webhook_delivery", "webhook_endpoint"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
