//! A board's alert rules (board admins write them, every role reads them) and their firings.
//! Every budget starts with money rules at its warning and critical thresholds and at 100 %.

use budget_contract::alert::{
    AlertFigures, AlertFiring, AlertRule, AlertRuleKind, AlertRuleUpdate, EventType, NewAlertRule,
};
use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::page::Page;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::access::BoardAccess;
use crate::amount::from_hundredths;
use crate::audit::{self, Change};
use crate::entity::{alert_firing, alert_rule};
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination;
use crate::validate::Checks;
use crate::Domain;

/// The largest threshold of any kind (percent, days or the CPI).
pub const MAX_THRESHOLD: i64 = 1_000;

/// The kind of a stored rule (only wire names are stored).
pub fn kind_of(stored: &str) -> DomainResult<AlertRuleKind> {
    stored
        .parse()
        .map_err(|_| DbErr::Custom(format!("unknown alert rule kind {stored:?}")).into())
}

fn view(model: alert_rule::Model) -> DomainResult<AlertRule> {
    Ok(AlertRule {
        id: model.id,
        board_id: model.board_id,
        kind: kind_of(&model.kind)?,
        threshold: model.threshold_hundredths.map(from_hundredths),
        active: model.active,
        armed: model.armed,
        last_fired_at: model.last_fired_at,
        created_by: model.created_by,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

/// A kind's threshold, checked: required (0.01 to 1,000 with at most two decimals; an overrun
/// probability at most 100) for every kind but `exhaustion_before_due_date`, which takes none.
fn check_threshold(
    checks: &mut Checks,
    kind: AlertRuleKind,
    threshold: Option<Decimal>,
) -> Option<i64> {
    match (kind.takes_threshold(), threshold) {
        (false, None) => None,
        (false, Some(_)) => {
            checks.fail(
                "threshold",
                "not_allowed",
                format!("a {} rule takes no threshold", kind.as_str()),
            );
            None
        }
        (true, None) => {
            checks.fail(
                "threshold",
                "required",
                format!("a {} rule needs a threshold", kind.as_str()),
            );
            None
        }
        (true, Some(value)) => {
            let max = if kind == AlertRuleKind::OverrunProbabilityAtLeast {
                Decimal::ONE_HUNDRED
            } else {
                Decimal::from(MAX_THRESHOLD)
            };
            let hundredths = checks.amount("threshold", value, 2, max);
            if value <= Decimal::ZERO && checks.is_empty() {
                checks.fail("threshold", "out_of_range", "must be above 0");
            }
            Some(hundredths)
        }
    }
}

/// The board's rules, oldest first. Any role on the board.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<AlertRule>> {
    access.require(BoardRole::Viewer)?;
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let mut query =
        alert_rule::Entity::find().filter(alert_rule::Column::BoardId.eq(access.board_id()));
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(alert_rule::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(alert_rule::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<alert_rule::Model>(&domain.db, filtered, window).await?;
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

/// Adds a rule (board admins), armed: it fires at the next evaluation that finds its condition
/// true.
pub async fn create(
    domain: &Domain,
    access: &BoardAccess,
    input: NewAlertRule,
    idempotent: Option<&Idempotent<AlertRule>>,
) -> DomainResult<Created<AlertRule>> {
    access.require(BoardRole::Admin)?;
    let mut checks = Checks::new();
    let threshold = check_threshold(&mut checks, input.kind, input.threshold);
    checks.finish()?;
    let result = async {
        let now = domain.clock.now();
        let txn = domain.db.begin_write().await?;
        if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
            return Ok(Created::Replayed(replay));
        }
        let model = alert_rule::ActiveModel {
            board_id: Set(access.board_id()),
            kind: Set(input.kind.as_str().to_owned()),
            threshold_hundredths: Set(threshold),
            active: Set(input.active.unwrap_or(true)),
            armed: Set(true),
            last_fired_at: Set(None),
            created_by: Set(Some(access.user_id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        let rule = view(model)?;
        audit::record(
            &*txn,
            now,
            Change::on_board(access, AuditKind::AlertRule, rule.id, None, Some(&rule)),
        )
        .await?;
        idempotency::remember(&*txn, now, idempotent, &rule).await?;
        txn.commit().await?;
        Ok(Created::New(rule))
    }
    .await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn find<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    rule_id: i64,
) -> DomainResult<alert_rule::Model> {
    alert_rule::Entity::find_by_id(rule_id)
        .filter(alert_rule::Column::BoardId.eq(access.board_id()))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("alert rule"))
}

/// Changes a rule's threshold or whether it is active (board admins). A new threshold, or a
/// rule turned active again, re-arms it: its condition is judged afresh.
pub async fn update(
    domain: &Domain,
    access: &BoardAccess,
    rule_id: i64,
    input: AlertRuleUpdate,
) -> DomainResult<AlertRule> {
    access.require(BoardRole::Admin)?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = find(&*txn, access, rule_id).await?;
    let kind = kind_of(&current.kind)?;
    let mut checks = Checks::new();
    let threshold = match input.threshold {
        Some(_) => check_threshold(&mut checks, kind, input.threshold),
        None => current.threshold_hundredths,
    };
    checks.finish()?;
    let active = input.active.unwrap_or(current.active);
    let rearm = threshold != current.threshold_hundredths || (active && !current.active);
    let mut changed: alert_rule::ActiveModel = current.clone().into();
    changed.threshold_hundredths = Set(threshold);
    changed.active = Set(active);
    if rearm {
        changed.armed = Set(true);
    }
    changed.updated_at = Set(now);
    let model = changed.update(&*txn).await?;
    let old = view(current)?;
    let rule = view(model)?;
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::AlertRule,
            rule.id,
            Some(&old),
            Some(&rule),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(rule)
}

/// Deletes a rule (board admins); its firings stay, without it.
pub async fn delete(domain: &Domain, access: &BoardAccess, rule_id: i64) -> DomainResult<()> {
    access.require(BoardRole::Admin)?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let current = view(find(&*txn, access, rule_id).await?)?;
    alert_rule::Entity::delete_by_id(current.id)
        .exec(&*txn)
        .await?;
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::AlertRule,
            current.id,
            Some(&current),
            None,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The rules every new budget starts with: money used at the budget's warning and critical
/// thresholds and at 100 %. Written in the budget's transaction; a board that kept its rules
/// from an earlier budget keeps them instead.
pub async fn create_defaults<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    warning: i32,
    critical: i32,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let kept = alert_rule::Entity::find()
        .filter(alert_rule::Column::BoardId.eq(board_id))
        .count(conn)
        .await?;
    if kept > 0 {
        return Ok(());
    }
    let mut thresholds = vec![warning, critical, 100];
    thresholds.dedup();
    for percent in thresholds {
        alert_rule::ActiveModel {
            board_id: Set(board_id),
            kind: Set(AlertRuleKind::MoneyUsedAtLeast.as_str().to_owned()),
            threshold_hundredths: Set(Some(i64::from(percent) * 100)),
            active: Set(true),
            armed: Set(true),
            last_fired_at: Set(None),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// A stored firing as the API shows it.
pub fn firing_view(model: alert_firing::Model) -> DomainResult<AlertFiring> {
    let figures: AlertFigures = serde_json::from_str(&model.figures_json).map_err(|err| {
        DbErr::Custom(format!(
            "alert firing {} holds unreadable figures: {err}",
            model.id
        ))
    })?;
    let event_type: EventType = model
        .event_type
        .parse()
        .map_err(|_| DbErr::Custom(format!("unknown event type {:?}", model.event_type)))?;
    Ok(AlertFiring {
        id: model.id,
        rule_id: model.rule_id,
        board_id: model.board_id,
        kind: kind_of(&model.kind)?,
        threshold: model.threshold_hundredths.map(from_hundredths),
        event_type,
        event_id: model.event_id,
        fired_at: model.fired_at,
        figures,
    })
}

/// The board's firings, newest first. Any role on the board.
pub async fn list_firings(
    domain: &Domain,
    access: &BoardAccess,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<AlertFiring>> {
    access.require(BoardRole::Viewer)?;
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let mut query =
        alert_firing::Entity::find().filter(alert_firing::Column::BoardId.eq(access.board_id()));
    let filtered = query.clone().build(backend);
    if let Some(before) = page.after {
        query = query.filter(alert_firing::Column::Id.lt(before));
    }
    let window = query
        .order_by_desc(alert_firing::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) =
        pagination::read::<alert_firing::Model>(&domain.db, filtered, window).await?;
    let page = page.page(rows, total, |row| row.id.to_string());
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(firing_view)
            .collect::<DomainResult<_>>()?,
        total: page.total,
        next_cursor: page.next_cursor,
    })
}
