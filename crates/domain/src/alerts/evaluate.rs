//! Evaluating a board's alert rules: the figures are read once (the metrics from the running
//! totals; the forecast only when a rule needs it), each active rule's condition is judged, and
//! a rule whose condition is true fires once: its `armed` flag is turned off by a
//! compare-and-set (`… WHERE id = ? AND armed = TRUE`), and only the evaluation whose update
//! touched the row stores the firing and its event, in the same transaction. Another instance
//! evaluating the same board at the same moment touches no row and fires nothing. A rule whose
//! condition is false is armed again (also by a compare-and-set), so it fires at the next
//! crossing. An undefined figure (no budget, no hours budget, nothing burning, no due date)
//! makes the condition false.

use budget_contract::alert::{AlertFigures, AlertFiring, AlertRuleKind, EventType};
use budget_contract::forecast::Forecast;
use budget_contract::metrics::BudgetMetrics;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::events::{self, Event};
use super::rules::{firing_view, kind_of};
use crate::amount::from_hundredths;
use crate::entity::{alert_firing, alert_rule, board, project_budget};
use crate::error::DomainResult;
use crate::metrics::formulas::{self, window_start, BudgetFigures, DEFAULT_WINDOW_DAYS};
use crate::{budget, forecast, metrics, sql, Domain};

/// What one evaluation of a board did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluated {
    /// The rules that fired, as stored.
    pub fired: Vec<AlertFiring>,
    /// Rules armed again because their condition was false.
    pub rearmed: u32,
}

/// The figures an evaluation judges the rules by, in storage units where exactness matters.
struct Figures {
    metrics: BudgetMetrics,
    /// Spent on the budget's basis and the budget, in hundredths; `None` without a budget.
    money: Option<(i64, i64)>,
    /// Hours logged and the budget's hours, in hundredths; `None` without budget hours.
    hours: Option<(i64, i64)>,
    due_date: Option<chrono::NaiveDate>,
    forecast: Option<Forecast>,
}

impl Figures {
    /// Whether `kind`'s condition holds at `threshold` (hundredths); false when a figure it
    /// needs is undefined.
    fn holds(&self, kind: AlertRuleKind, threshold: Option<i64>) -> bool {
        let limit = threshold.map(from_hundredths);
        match kind {
            AlertRuleKind::MoneyUsedAtLeast => match (self.money, threshold) {
                // A zero budget is used up by any spending.
                (Some((spent, 0)), Some(_)) => spent > 0,
                // spent / budget × 100 ≥ threshold / 100, in integers.
                (Some((spent, allocated)), Some(t)) => {
                    i128::from(spent) * 10_000 >= i128::from(t) * i128::from(allocated)
                }
                _ => false,
            },
            AlertRuleKind::HoursUsedAtLeast => match (self.hours, threshold) {
                (Some((logged, allocated)), Some(t)) if allocated > 0 => {
                    i128::from(logged) * 10_000 >= i128::from(t) * i128::from(allocated)
                }
                _ => false,
            },
            AlertRuleKind::DaysUntilExhaustedBelow => {
                match (self.metrics.burn_rate.days_until_exhausted, limit) {
                    (Some(days), Some(limit)) => days < limit,
                    _ => false,
                }
            }
            AlertRuleKind::ExhaustionBeforeDueDate => {
                match (self.metrics.burn_rate.exhaustion_date, self.due_date) {
                    (Some(exhausted), Some(due)) => exhausted < due,
                    _ => false,
                }
            }
            AlertRuleKind::OverrunProbabilityAtLeast => {
                let probability = self
                    .forecast
                    .as_ref()
                    .and_then(|f| f.probability_over_budget);
                match (probability, limit) {
                    (Some(p), Some(limit)) => p.value() >= limit,
                    _ => false,
                }
            }
            AlertRuleKind::CpiBelow => match (self.cpi(), limit) {
                (Some(cpi), Some(limit)) => cpi < limit,
                _ => false,
            },
        }
    }

    fn cpi(&self) -> Option<Decimal> {
        self.forecast.as_ref().and_then(|f| f.inputs.cpi)
    }

    fn recorded(&self) -> AlertFigures {
        let m = &self.metrics;
        AlertFigures {
            as_of: Some(m.as_of),
            currency: m.currency.clone(),
            allocated_budget: m.allocated_budget,
            spent: Some(m.spent),
            utilisation_percent: m.utilisation_percent,
            allocated_hours: m.allocated_hours,
            spent_hours: Some(m.spent_hours),
            time_utilisation_percent: m.time_utilisation_percent,
            days_until_exhausted: m.burn_rate.days_until_exhausted,
            projected_exhaustion_date: m.burn_rate.exhaustion_date,
            due_date: self.due_date,
            probability_over_budget: self
                .forecast
                .as_ref()
                .and_then(|f| f.probability_over_budget),
            cpi: self.cpi(),
        }
    }
}

/// Whether a rule of `kind` needs the forecast (its probability of overrun or its CPI).
fn needs_forecast(kind: AlertRuleKind) -> bool {
    matches!(
        kind,
        AlertRuleKind::OverrunProbabilityAtLeast | AlertRuleKind::CpiBelow
    )
}

/// The event a firing emits: a money rule at 100 % or more says the budget is exceeded.
fn event_of(kind: AlertRuleKind, threshold: Option<i64>) -> EventType {
    match (kind, threshold) {
        (AlertRuleKind::MoneyUsedAtLeast, Some(t)) if t >= 10_000 => EventType::BudgetExceeded,
        _ => kind.event(),
    }
}

fn message(board_name: &str, kind: AlertRuleKind, threshold: Option<i64>, f: &Figures) -> String {
    let limit = threshold.map(from_hundredths).unwrap_or_default();
    let m = &f.metrics;
    let currency = m.currency.as_deref().unwrap_or("");
    match kind {
        AlertRuleKind::MoneyUsedAtLeast => format!(
            "{board_name}: {} {currency} spent of {} {currency} ({}), at or above {limit} %",
            m.spent,
            m.allocated_budget
                .map(|b| b.to_string())
                .unwrap_or_default(),
            m.utilisation_percent
                .map_or_else(|| "all".to_owned(), |p| format!("{p} %"))
        ),
        AlertRuleKind::HoursUsedAtLeast => format!(
            "{board_name}: {} hours logged of {}, at or above {limit} %",
            m.spent_hours,
            m.allocated_hours.map(|h| h.to_string()).unwrap_or_default()
        ),
        AlertRuleKind::DaysUntilExhaustedBelow => format!(
            "{board_name}: the budget runs out in {} days at the current burn rate, under {limit}",
            m.burn_rate
                .days_until_exhausted
                .map(|d| d.to_string())
                .unwrap_or_default()
        ),
        AlertRuleKind::ExhaustionBeforeDueDate => format!(
            "{board_name}: the budget runs out on {} at the current burn rate, before the due \
             date {}",
            m.burn_rate
                .exhaustion_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            f.due_date.map(|d| d.to_string()).unwrap_or_default()
        ),
        AlertRuleKind::OverrunProbabilityAtLeast => format!(
            "{board_name}: a {} % chance of finishing over budget, at or above {limit} %",
            f.forecast
                .as_ref()
                .and_then(|f| f.probability_over_budget)
                .map(|p| p.to_string())
                .unwrap_or_default()
        ),
        AlertRuleKind::CpiBelow => format!(
            "{board_name}: cost performance index {}, below {limit}",
            f.cpi().map(|c| c.to_string()).unwrap_or_default()
        ),
    }
}

/// Reads the figures of `board` today.
async fn figures(
    domain: &Domain,
    board: &board::Model,
    with_forecast: bool,
) -> DomainResult<Figures> {
    let conn = domain.db.conn();
    let today = domain.clock.today();
    let budget_row: Option<project_budget::Model> = budget::find(conn, board.id).await?;
    let budget = budget_row.clone().map(BudgetFigures::from);
    let totals = metrics::board_totals(
        conn,
        board.id,
        window_start(today, DEFAULT_WINDOW_DAYS),
        today,
    )
    .await?;
    let computed = formulas::compute(
        board.id,
        today,
        DEFAULT_WINDOW_DAYS,
        &totals,
        budget.as_ref(),
    );
    let money = budget
        .as_ref()
        .map(|b| (totals.spent_cents(b.basis), b.allocated_cents));
    let hours = budget
        .as_ref()
        .and_then(|b| b.allocated_centihours)
        .map(|allocated| (totals.centihours, allocated));
    let forecast = if with_forecast && budget.is_some() {
        Some(forecast::compute(domain, board, forecast::DEFAULT_HISTORY_DAYS, today).await?)
    } else {
        None
    };
    Ok(Figures {
        metrics: computed,
        money,
        hours,
        due_date: board.due_date,
        forecast,
    })
}

/// Evaluates every active rule of a board now: fires those whose condition became true (once
/// each, on every instance together) and re-arms those whose condition is false.
pub async fn evaluate_board(domain: &Domain, board_id: i64) -> DomainResult<Evaluated> {
    let conn = domain.db.conn();
    let rules = alert_rule::Entity::find()
        .filter(alert_rule::Column::BoardId.eq(board_id))
        .filter(alert_rule::Column::Active.eq(true))
        .order_by_asc(alert_rule::Column::Id)
        .all(conn)
        .await?;
    let mut evaluated = Evaluated::default();
    if rules.is_empty() {
        return Ok(evaluated);
    }
    let Some(board) = board::Entity::find_by_id(board_id).one(conn).await? else {
        return Ok(evaluated);
    };
    let mut kinds = Vec::with_capacity(rules.len());
    for rule in &rules {
        kinds.push(kind_of(&rule.kind)?);
    }
    let with_forecast = kinds.iter().copied().any(needs_forecast);
    let figures = figures(domain, &board, with_forecast).await?;
    for (rule, kind) in rules.into_iter().zip(kinds) {
        let holds = figures.holds(kind, rule.threshold_hundredths);
        match (holds, rule.armed) {
            (true, true) => {
                if let Some(fired) = fire(domain, &board, &rule, kind, &figures).await? {
                    evaluated.fired.push(fired);
                }
            }
            (false, false) => {
                // A write like any other: through the writer's turn, so that on SQLite it never
                // lands between a write transaction's first read and its first write.
                let txn = domain.db.begin_write().await?;
                let rearmed = sql::execute(
                    &*txn,
                    "UPDATE alert_rule SET armed = TRUE WHERE id = $1 AND armed = FALSE",
                    vec![rule.id.into()],
                )
                .await?;
                txn.commit().await?;
                if rearmed == 1 {
                    evaluated.rearmed += 1;
                }
            }
            _ => {}
        }
    }
    Ok(evaluated)
}

/// Fires `rule` if this evaluation wins its compare-and-set: the firing, its event in the
/// outbox and the notifications are written in the transaction of the claim.
async fn fire(
    domain: &Domain,
    board: &board::Model,
    rule: &alert_rule::Model,
    kind: AlertRuleKind,
    figures: &Figures,
) -> DomainResult<Option<AlertFiring>> {
    let now: DateTime<Utc> = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let claimed = sql::execute(
        &*txn,
        "UPDATE alert_rule SET armed = FALSE, last_fired_at = $2 \
         WHERE id = $1 AND armed = TRUE AND active = TRUE",
        vec![rule.id.into(), now.into()],
    )
    .await?;
    if claimed != 1 {
        // Another evaluation fired it (or the rule changed): nothing to do.
        txn.rollback().await?;
        return Ok(None);
    }
    let recorded = figures.recorded();
    let event_type = event_of(kind, rule.threshold_hundredths);
    let threshold = rule.threshold_hundredths.map(from_hundredths);
    let event_id = events::publish(
        &*txn,
        now,
        &Event {
            event_type,
            board_id: board.id,
            message: message(&board.name, kind, rule.threshold_hundredths, figures),
            data: json!({
                "board_id": board.id,
                "rule_id": rule.id,
                "kind": kind,
                "threshold": threshold,
                "figures": &recorded,
            }),
        },
    )
    .await?;
    let figures_json = serde_json::to_string(&recorded)
        .map_err(|err| DbErr::Custom(format!("the firing's figures as JSON: {err}")))?;
    let stored = alert_firing::ActiveModel {
        rule_id: Set(Some(rule.id)),
        board_id: Set(board.id),
        kind: Set(kind.as_str().to_owned()),
        threshold_hundredths: Set(rule.threshold_hundredths),
        event_type: Set(event_type.as_str().to_owned()),
        event_id: Set(event_id),
        fired_at: Set(now),
        figures_json: Set(figures_json),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(Some(firing_view(stored)?))
}

/// What one [`sweep`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub boards: u64,
    pub fired: u64,
    /// Boards whose evaluation failed (each logged); the next sweep tries again.
    pub failed: u64,
}

/// Evaluates every board with an active rule: time passing alone changes burn windows, the
/// forecast and how a due date compares. One board's failure is logged and does not stop the
/// others.
pub async fn sweep(domain: &Domain) -> DomainResult<Swept> {
    #[derive(sea_orm::FromQueryResult)]
    struct BoardId {
        board_id: i64,
    }
    let boards: Vec<BoardId> = sql::all(
        domain.db.conn(),
        "SELECT DISTINCT board_id FROM alert_rule WHERE active = TRUE ORDER BY board_id",
        vec![],
    )
    .await?;
    let mut swept = Swept::default();
    for BoardId { board_id } in boards {
        swept.boards += 1;
        match evaluate_board(domain, board_id).await {
            Ok(evaluated) => swept.fired += evaluated.fired.len() as u64,
            Err(err) => {
                swept.failed += 1;
                tracing::warn!(board_id, error = %err, "evaluating the alert rules failed");
            }
        }
    }
    Ok(swept)
}
