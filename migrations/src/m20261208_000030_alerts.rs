//! Proactive control: the budget's hard stop, alert rules per board and their firings, the
//! transactional event outbox, and in-app notifications per person.
//!
//! - `project_budget.hard_stop`: new time entries and expenses are refused once the money or
//!   hours are spent (board admins excepted).
//! - `alert_rule`: a rule's kind (`AlertRuleKind` wire names), its threshold in hundredths
//!   (percent, days or the CPI ×100; null for `exhaustion_before_due_date`), whether it is active
//!   and whether it is armed (may fire). A firing turns `armed` off with a compare-and-set, so one
//!   condition fires once, whichever instance evaluates it.
//! - `alert_firing`: when a rule fired and the figures that made it fire (JSON, exact decimals
//!   as strings). Kept when the rule is deleted (`rule_id` cleared).
//! - `event_outbox`: each event (`evt_…` id, type, board, time, payload JSON), written in the
//!   transaction of its cause, for delivery to machines.
//! - `notification`: an event as seen by one person who can see its board; read or not.
//!
//! Every existing budget gets the default rules a new budget gets: money used at its warning
//! and critical thresholds and at 100 %.

use sea_orm_migration::prelude::*;

use crate::columns::{
    board_fk, id, one_of, optional_reference, optional_timestamp, reference, text, timestamp,
    user_fk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The rule kinds, as `AlertRuleKind` writes them.
const KINDS: [&str; 6] = [
    "money_used_at_least",
    "hours_used_at_least",
    "days_until_exhausted_below",
    "exhaustion_before_due_date",
    "overrun_probability_at_least",
    "cpi_below",
];

#[derive(DeriveIden, Clone, Copy)]
enum AlertRule {
    Table,
    Id,
    BoardId,
    Kind,
    ThresholdHundredths,
    Active,
    Armed,
    LastFiredAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AlertFiring {
    Table,
    Id,
    RuleId,
    BoardId,
    Kind,
    ThresholdHundredths,
    EventType,
    EventId,
    FiredAt,
    FiguresJson,
}

#[derive(DeriveIden, Clone, Copy)]
enum EventOutbox {
    Table,
    Id,
    EventType,
    BoardId,
    CreatedAt,
    PayloadJson,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notification {
    Table,
    Id,
    UserId,
    EventId,
    EventType,
    BoardId,
    Message,
    PayloadJson,
    CreatedAt,
    ReadAt,
}

fn flag<T: IntoIden>(name: T, default: bool) -> ColumnDef {
    ColumnDef::new(name)
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE project_budget ADD COLUMN hard_stop BOOLEAN NOT NULL DEFAULT FALSE",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(AlertRule::Table)
                    .col(id(AlertRule::Id))
                    .col(reference(AlertRule::BoardId))
                    .col(one_of(AlertRule::Kind, &KINDS))
                    .col(
                        ColumnDef::new(AlertRule::ThresholdHundredths)
                            .big_integer()
                            .null()
                            .check(Expr::col(AlertRule::ThresholdHundredths).gt(0)),
                    )
                    .col(flag(AlertRule::Active, true))
                    .col(flag(AlertRule::Armed, true))
                    .col(optional_timestamp(AlertRule::LastFiredAt))
                    .col(optional_reference(AlertRule::CreatedBy))
                    .col(timestamp(AlertRule::CreatedAt))
                    .col(timestamp(AlertRule::UpdatedAt))
                    .foreign_key(&mut board_fk(AlertRule::Table, AlertRule::BoardId))
                    .foreign_key(&mut user_fk(
                        AlertRule::Table,
                        AlertRule::CreatedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_alert_rule_board")
                    .table(AlertRule::Table)
                    .col(AlertRule::BoardId)
                    .col(AlertRule::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AlertFiring::Table)
                    .col(id(AlertFiring::Id))
                    .col(optional_reference(AlertFiring::RuleId))
                    .col(reference(AlertFiring::BoardId))
                    .col(one_of(AlertFiring::Kind, &KINDS))
                    .col(
                        ColumnDef::new(AlertFiring::ThresholdHundredths)
                            .big_integer()
                            .null(),
                    )
                    .col(text(AlertFiring::EventType))
                    .col(text(AlertFiring::EventId))
                    .col(timestamp(AlertFiring::FiredAt))
                    .col(text(AlertFiring::FiguresJson))
                    .foreign_key(&mut board_fk(AlertFiring::Table, AlertFiring::BoardId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AlertFiring::Table, AlertFiring::RuleId)
                            .to(AlertRule::Table, AlertRule::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_alert_firing_board")
                    .table(AlertFiring::Table)
                    .col(AlertFiring::BoardId)
                    .col(AlertFiring::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventOutbox::Table)
                    .col(
                        ColumnDef::new(EventOutbox::Id)
                            .string_len(40)
                            .not_null()
                            .primary_key(),
                    )
                    .col(text(EventOutbox::EventType))
                    // No foreign key: an event stays deliverable after its board is deleted.
                    .col(optional_reference(EventOutbox::BoardId))
                    .col(timestamp(EventOutbox::CreatedAt))
                    .col(text(EventOutbox::PayloadJson))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_event_outbox_created")
                    .table(EventOutbox::Table)
                    .col(EventOutbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notification::Table)
                    .col(id(Notification::Id))
                    .col(reference(Notification::UserId))
                    .col(text(Notification::EventId))
                    .col(text(Notification::EventType))
                    .col(optional_reference(Notification::BoardId))
                    .col(text(Notification::Message))
                    .col(text(Notification::PayloadJson))
                    .col(timestamp(Notification::CreatedAt))
                    .col(optional_timestamp(Notification::ReadAt))
                    .foreign_key(&mut user_fk(
                        Notification::Table,
                        Notification::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // A person's feed, newest first; one notification per person and event.
        manager
            .create_index(
                Index::create()
                    .name("ix_notification_user")
                    .table(Notification::Table)
                    .col(Notification::UserId)
                    .col(Notification::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_notification_user_event")
                    .table(Notification::Table)
                    .col(Notification::UserId)
                    .col(Notification::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The default rules of every budget already stored.
        for threshold in [
            "p.warning_threshold * 100",
            "p.critical_threshold * 100",
            "10000",
        ] {
            db.execute_unprepared(&format!(
                "INSERT INTO alert_rule (board_id, kind, threshold_hundredths, active, armed, \
                   created_by, created_at, updated_at) \
                 SELECT p.board_id, 'money_used_at_least', {threshold}, TRUE, TRUE, NULL, \
                   p.created_at, p.created_at \
                 FROM project_budget p \
                 WHERE NOT EXISTS (SELECT 1 FROM alert_rule r WHERE r.board_id = p.board_id \
                   AND r.kind = 'money_used_at_least' \
                   AND r.threshold_hundredths = {threshold})"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["notification", "event_outbox", "alert_firing", "alert_rule"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared("ALTER TABLE project_budget DROP COLUMN hard_stop")
            .await?;
        Ok(())
    }
}
