//! What-if scenarios: today's forecast of a board, and the same forecast (same method, data and
//! seed) with changes to its plan. Nothing is written.
//!
//! How each change enters the forecast:
//! - a new budget is the budget (BAC) the draws are measured against;
//! - a new due date is the horizon;
//! - a fixed daily cost, a person added (hours per week × hourly cost / 7 a day) or time taken
//!   away (negative hours), and a person's new cost rate (their hours of the last 28 days, at
//!   the new rate less what they cost, per day) are costs known in advance, added to every draw
//!   over the days they cover;
//! - a task added, re-estimated or removed changes the estimated scope and, by its progress,
//!   the earned value, so the earned-value estimate and the remaining scope follow.

use budget_contract::board::BoardRole;
use budget_contract::budget::BudgetBasis;
use budget_contract::forecast::CostInterval;
use budget_contract::limits::SCENARIO_CHANGES;
use budget_contract::scenario::{
    AdjustmentKind, DailyCostChange, PeopleChange, RateChange, ScenarioAdjustment,
    ScenarioDifference, ScenarioEvaluation, ScenarioInput, ScenarioOutcome, ScenarioResult,
    TaskChange,
};
use budget_contract::{Currency, Money, Percent};
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{ConnectionTrait, FromQueryResult};
use std::collections::HashMap;

use super::bootstrap::{forecast, ExtraCost, ForecastInput, ForecastOutcome};
use super::replay::TaskState;
use super::{live_input, LiveInput, DEFAULT_HISTORY_DAYS, METHOD};
use crate::access::BoardAccess;
use crate::analytics::earned_value;
use crate::error::DomainResult;
use crate::metrics::formulas::{basis_of, currency_of, percent};
use crate::sql;
use crate::validate::{max_amount, max_rate, Checks};
use crate::Domain;

/// The window of a person's recent hours that a new rate applies to.
pub const RATE_WINDOW_DAYS: i64 = 28;
/// Hours in a week: the most a person can be added or taken away.
const WEEK_HOURS: i64 = 168;

/// Today's forecast with and without the changes. Editors and admins (who see amounts).
pub async fn evaluate(
    domain: &Domain,
    access: &BoardAccess,
    input: ScenarioInput,
) -> DomainResult<ScenarioEvaluation> {
    access.require(BoardRole::Editor)?;
    let baseline = Baseline::today(domain, access).await?;
    let changed = baseline.apply(domain, &input).await?;
    Ok(baseline.evaluation(&changed))
}

/// Stored changes (a saved scenario's, a recommendation's) evaluated against today's data: what
/// no longer applies as written is adjusted first ([`as_of_today`]). Editors and admins.
pub async fn reevaluate(
    domain: &Domain,
    access: &BoardAccess,
    stored: &ScenarioInput,
) -> DomainResult<ScenarioResult> {
    access.require(BoardRole::Editor)?;
    let baseline = Baseline::today(domain, access).await?;
    let mut known = RecentTimes::new();
    let (applied, adjustments) = baseline.as_of_today(domain, stored, &mut known).await?;
    let changed = baseline.apply_known(domain, &applied, &mut known).await?;
    Ok(ScenarioResult {
        applied,
        adjustments,
        evaluation: baseline.evaluation(&changed),
    })
}

/// A board's forecast today, and what changes to it are measured against.
pub(crate) struct Baseline {
    board_id: i64,
    today: NaiveDate,
    live: LiveInput,
    currency: &'static Currency,
    basis: BudgetBasis,
    tasks: HashMap<i64, TaskState>,
    expected: Option<Decimal>,
    outcome: (ScenarioOutcome, Exact),
}

impl Baseline {
    pub(crate) async fn today(domain: &Domain, access: &BoardAccess) -> DomainResult<Self> {
        let today = domain.clock.today();
        let conn = domain.db.conn();
        let live = live_input(domain, &access.board, DEFAULT_HISTORY_DAYS, today).await?;
        let currency = currency_of(live.budget.as_ref());
        let basis = basis_of(live.budget.as_ref());
        let tasks = super::replay::current_tasks(conn, access.board_id()).await?;
        let expected = latest_expected_value(conn, access.board_id()).await?;
        let outcome = outcome(&forecast(&live.input), live.input.due, expected, currency);
        Ok(Self {
            board_id: access.board_id(),
            today,
            live,
            currency,
            basis,
            tasks,
            expected,
            outcome,
        })
    }

    pub(crate) fn as_of(&self) -> NaiveDate {
        self.today
    }

    pub(crate) fn currency(&self) -> Option<String> {
        self.live.budget.as_ref().map(|b| b.currency.clone())
    }

    pub(crate) fn outcome(&self) -> &ScenarioOutcome {
        &self.outcome.0
    }

    /// The forecast's input with the changes, every change checked first (422 naming each
    /// failing field).
    pub(crate) async fn apply(
        &self,
        domain: &Domain,
        input: &ScenarioInput,
    ) -> DomainResult<ForecastInput> {
        self.apply_known(domain, input, &mut RecentTimes::new())
            .await
    }

    /// [`Baseline::apply`] with the recent time of people already read (by
    /// [`Baseline::as_of_today`]).
    pub(crate) async fn apply_known(
        &self,
        domain: &Domain,
        input: &ScenarioInput,
        known: &mut RecentTimes,
    ) -> DomainResult<ForecastInput> {
        let conn = domain.db.conn();
        let today = self.today;
        let currency = self.currency;
        let mut checks = Checks::new();
        for (field, count) in [
            ("daily_costs", input.daily_costs.len()),
            ("people", input.people.len()),
            ("rates", input.rates.len()),
            ("tasks", input.tasks.len()),
        ] {
            if count > SCENARIO_CHANGES {
                checks.fail(
                    field,
                    "too_many",
                    format!("takes at most {SCENARIO_CHANGES} changes"),
                );
            }
        }
        // Each rate change reads the person's recent time: refused before any is read.
        checks.finish()?;
        let mut checks = Checks::new();
        let after_today = |checks: &mut Checks, field: &str, day: NaiveDate| {
            if day <= today {
                checks.fail(
                    field,
                    "out_of_range",
                    format!("must be after today ({today})"),
                );
            }
        };
        let days_ahead = |day: NaiveDate| u32::try_from((day - today).num_days()).unwrap_or(0);
        let budget_cents = input
            .budget
            .map(|budget| checks.money("budget", budget, currency, max_amount()));
        if let Some(due) = input.due_date {
            after_today(&mut checks, "due_date", due);
        }
        let mut extra = Vec::new();
        for (index, cost) in input.daily_costs.iter().enumerate() {
            let field = format!("daily_costs[{index}]");
            let cents = checks.money(
                &format!("{field}.amount"),
                cost.amount,
                currency,
                max_amount(),
            );
            after_today(&mut checks, &format!("{field}.from"), cost.from);
            check_until(&mut checks, &field, cost.from, cost.until);
            extra.push(ExtraCost {
                from: days_ahead(cost.from),
                until: cost.until.map(days_ahead),
                daily_cents: cents,
            });
        }
        for (index, person) in input.people.iter().enumerate() {
            let field = format!("people[{index}]");
            let hours = person.hours_per_week;
            if hours.abs() > Decimal::from(WEEK_HOURS) || hours.normalize().scale() > 2 {
                checks.fail(
                    &format!("{field}.hours_per_week"),
                    "out_of_range",
                    format!("must be from -{WEEK_HOURS} to {WEEK_HOURS} hours, two decimals"),
                );
            }
            let rate = checks.amount(
                &format!("{field}.hourly_cost"),
                person.hourly_cost,
                2,
                max_rate(),
            );
            after_today(&mut checks, &format!("{field}.from"), person.from);
            check_until(&mut checks, &field, person.from, person.until);
            extra.push(ExtraCost {
                from: days_ahead(person.from),
                until: person.until.map(days_ahead),
                daily_cents: per_day(hours * Decimal::from(rate), Decimal::from(7)),
            });
        }
        for (index, change) in input.rates.iter().enumerate() {
            let field = format!("rates[{index}]");
            let rate = checks.amount(
                &format!("{field}.cost_rate"),
                change.cost_rate,
                2,
                max_rate(),
            );
            after_today(&mut checks, &format!("{field}.from"), change.from);
            let recent = self.recent_time(conn, change.user_id, known).await?;
            if recent.centihours == 0 {
                checks.fail(
                    &format!("{field}.user_id"),
                    "no_recent_time",
                    no_recent_time(),
                );
            }
            // Their recent hours at the new rate, less what those hours cost, spread per day.
            let repriced = Decimal::from(recent.centihours) * Decimal::from(rate)
                / Decimal::ONE_HUNDRED
                - Decimal::from(recent.labour_cents);
            extra.push(ExtraCost {
                from: days_ahead(change.from),
                until: None,
                daily_cents: per_day(repriced, Decimal::from(RATE_WINDOW_DAYS)),
            });
        }
        let mut planned_change = 0_i64;
        let mut earned_change = Decimal::ZERO;
        for (index, change) in input.tasks.iter().enumerate() {
            let field = format!("tasks[{index}]");
            let cents = checks.money(
                &format!("{field}.estimated_cost"),
                change.estimated_cost,
                currency,
                max_amount(),
            );
            let (old, progress) = match change.task_id {
                None => (0, 0),
                Some(id) => match self.tasks.get(&id) {
                    Some(task) => (task.estimated_cents, task.progress),
                    None => {
                        checks.fail(&format!("{field}.task_id"), "unknown_task", UNKNOWN_TASK);
                        (0, 0)
                    }
                },
            };
            planned_change += cents - old;
            earned_change += earned_value::from_cent_percent((cents - old) * i64::from(progress));
        }
        checks.finish()?;

        let mut changed = self.live.input.clone();
        if let Some(budget) = budget_cents {
            changed.bac_cents = Some(budget);
        }
        if let Some(due) = input.due_date {
            changed.due = Some(due);
        }
        changed.extra_costs = extra;
        let earned = earned_value::on_basis(
            self.basis,
            changed.bac_cents,
            self.live.earned_cost + earned_change,
            self.live.planned_cost_cents + planned_change,
        );
        changed.planned_cents = earned.planned_cents;
        changed.ev = earned.ev;
        Ok(changed)
    }

    /// The scenario's outcome and its difference from the baseline.
    pub(crate) fn compare(&self, changed: &ForecastInput) -> (ScenarioOutcome, ScenarioDifference) {
        let (scenario, exact) = outcome(
            &forecast(changed),
            changed.due,
            self.expected,
            self.currency,
        );
        let difference = difference(&self.outcome.1, &exact, self.currency);
        (scenario, difference)
    }

    pub(crate) fn evaluation(&self, changed: &ForecastInput) -> ScenarioEvaluation {
        let (scenario, difference) = self.compare(changed);
        ScenarioEvaluation {
            board_id: self.board_id,
            as_of: self.today,
            currency: self.currency(),
            method: METHOD.to_owned(),
            baseline: self.outcome.0.clone(),
            scenario,
            difference,
        }
    }

    /// A person's recent time on the board, read once per evaluation.
    async fn recent_time<C: ConnectionTrait>(
        &self,
        conn: &C,
        user_id: i64,
        known: &mut RecentTimes,
    ) -> DomainResult<RecentTime> {
        if let Some(recent) = known.get(&user_id) {
            return Ok(*recent);
        }
        let recent = recent_time(conn, self.board_id, user_id, self.today).await?;
        known.insert(user_id, recent);
        Ok(recent)
    }

    /// Stored changes as they apply today: [`dated_for`] moves or leaves out what the calendar
    /// has overtaken; a task no longer on the board, and a new rate for someone with no time on
    /// it in the last [`RATE_WINDOW_DAYS`], are left out. Each adjustment names the stored
    /// field.
    pub(crate) async fn as_of_today(
        &self,
        domain: &Domain,
        stored: &ScenarioInput,
        known: &mut RecentTimes,
    ) -> DomainResult<(ScenarioInput, Vec<ScenarioAdjustment>)> {
        let (mut applied, mut adjustments) = dated_for(stored, self.today);
        let conn = domain.db.conn();
        let mut rates = Vec::new();
        for (index, change) in applied.rates.drain(..) {
            let recent = self.recent_time(conn, change.user_id, known).await?;
            if recent.centihours == 0 {
                // Left out, so whether its first day moved no longer matters.
                let moved = format!("rates[{index}].from");
                adjustments.retain(|adjustment| adjustment.field != moved);
                adjustments.push(left_out(
                    format!("rates[{index}].user_id"),
                    no_recent_time(),
                ));
            } else {
                rates.push(change);
            }
        }
        let mut tasks = Vec::new();
        for (index, change) in applied.tasks.drain(..) {
            match change.task_id {
                Some(id) if !self.tasks.contains_key(&id) => {
                    adjustments.push(left_out(
                        format!("tasks[{index}].task_id"),
                        UNKNOWN_TASK.to_owned(),
                    ));
                }
                _ => tasks.push(change),
            }
        }
        adjustments.sort_by(|a, b| a.field.cmp(&b.field));
        Ok((
            ScenarioInput {
                budget: applied.budget,
                due_date: applied.due_date,
                daily_costs: applied.daily_costs,
                people: applied.people,
                rates,
                tasks,
            },
            adjustments,
        ))
    }
}

const UNKNOWN_TASK: &str = "is not a task of this board";

fn no_recent_time() -> String {
    format!("logged no time on this board in the last {RATE_WINDOW_DAYS} days")
}

fn left_out(field: String, reason: String) -> ScenarioAdjustment {
    ScenarioAdjustment {
        field,
        adjustment: AdjustmentKind::LeftOut,
        reason,
    }
}

/// Stored changes with the calendar's adjustments, the rates and tasks still indexed as stored
/// (for the checks that need the database).
pub(crate) struct Dated {
    pub budget: Option<Decimal>,
    pub due_date: Option<NaiveDate>,
    pub daily_costs: Vec<DailyCostChange>,
    pub people: Vec<PeopleChange>,
    pub rates: Vec<(usize, RateChange)>,
    pub tasks: Vec<(usize, TaskChange)>,
}

/// What of `stored` still applies on `today`, by the calendar alone: a change whose first day
/// has passed starts tomorrow; a daily cost or person whose last day has passed, and a due date
/// on or before today, are left out. Each adjustment names the stored field.
pub(crate) fn dated_for(
    stored: &ScenarioInput,
    today: NaiveDate,
) -> (Dated, Vec<ScenarioAdjustment>) {
    let tomorrow = today.succ_opt().unwrap_or(today);
    let mut adjustments = Vec::new();
    let mut start = |field: String, from: NaiveDate| -> NaiveDate {
        if from > today {
            return from;
        }
        adjustments.push(ScenarioAdjustment {
            field,
            adjustment: AdjustmentKind::MovedToTomorrow,
            reason: format!("{from} is no longer ahead: starts on {tomorrow}"),
        });
        tomorrow
    };
    let mut ended = Vec::new();
    let mut daily_costs = Vec::new();
    for (index, cost) in stored.daily_costs.iter().enumerate() {
        if let Some(until) = cost.until.filter(|until| *until <= today) {
            ended.push(left_out(
                format!("daily_costs[{index}].until"),
                format!("{until} is no longer ahead"),
            ));
            continue;
        }
        let from = start(format!("daily_costs[{index}].from"), cost.from);
        daily_costs.push(DailyCostChange {
            from,
            ..cost.clone()
        });
    }
    let mut people = Vec::new();
    for (index, person) in stored.people.iter().enumerate() {
        if let Some(until) = person.until.filter(|until| *until <= today) {
            ended.push(left_out(
                format!("people[{index}].until"),
                format!("{until} is no longer ahead"),
            ));
            continue;
        }
        let from = start(format!("people[{index}].from"), person.from);
        people.push(PeopleChange {
            from,
            ..person.clone()
        });
    }
    let rates = stored
        .rates
        .iter()
        .enumerate()
        .map(|(index, rate)| {
            let from = start(format!("rates[{index}].from"), rate.from);
            (
                index,
                RateChange {
                    from,
                    ..rate.clone()
                },
            )
        })
        .collect();
    let due_date = match stored.due_date {
        Some(due) if due <= today => {
            ended.push(left_out(
                "due_date".to_owned(),
                format!("{due} is no longer ahead"),
            ));
            None
        }
        other => other,
    };
    adjustments.extend(ended);
    (
        Dated {
            budget: stored.budget,
            due_date,
            daily_costs,
            people,
            rates,
            tasks: stored.tasks.iter().cloned().enumerate().collect(),
        },
        adjustments,
    )
}

fn check_until(checks: &mut Checks, field: &str, from: NaiveDate, until: Option<NaiveDate>) {
    if until.is_some_and(|until| until < from) {
        checks.fail(
            &format!("{field}.until"),
            "before_from",
            "must be on or after `from`",
        );
    }
}

/// `total` (in hundredths) over `days`, rounded half-to-even to a whole hundredth.
fn per_day(total: Decimal, days: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (total / days)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
        .to_i64()
        .unwrap_or(0)
}

/// People's recent time on the board, by user id.
pub(crate) type RecentTimes = HashMap<i64, RecentTime>;

#[derive(Clone, Copy, Debug, Default, FromQueryResult)]
pub(crate) struct RecentTime {
    centihours: i64,
    labour_cents: i64,
}

/// A person's hours and their labour cost on the board over the last [`RATE_WINDOW_DAYS`].
async fn recent_time<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    user_id: i64,
    today: NaiveDate,
) -> DomainResult<RecentTime> {
    let from = today
        .checked_sub_days(Days::new(RATE_WINDOW_DAYS as u64 - 1))
        .unwrap_or(today);
    Ok(sql::one(
        conn,
        "SELECT CAST(COALESCE(SUM(centihours), 0) AS BIGINT) AS centihours, \
                CAST(COALESCE(SUM(labour_cost_cents), 0) AS BIGINT) AS labour_cents \
         FROM time_entry \
         WHERE board_id = $1 AND user_id = $2 AND work_date >= $3 AND work_date <= $4",
        vec![board_id.into(), user_id.into(), from.into(), today.into()],
    )
    .await?)
}

#[derive(Debug, FromQueryResult)]
struct Expected {
    expected_value_cents: i64,
}

async fn latest_expected_value<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
) -> DomainResult<Option<Decimal>> {
    let rows: Vec<Expected> = sql::all(
        conn,
        "SELECT expected_value_cents FROM project_roi WHERE board_id = $1 \
         ORDER BY id DESC LIMIT 1",
        vec![board_id.into()],
    )
    .await?;
    Ok(rows
        .first()
        .map(|row| crate::amount::from_hundredths(row.expected_value_cents)))
}

/// The exact figures kept for the difference.
struct Exact {
    projected: Decimal,
    probability: Option<Decimal>,
    exhaustion: Option<NaiveDate>,
    roi: Option<Decimal>,
}

fn outcome(
    outcome: &ForecastOutcome,
    due: Option<NaiveDate>,
    expected: Option<Decimal>,
    currency: &Currency,
) -> (ScenarioOutcome, Exact) {
    let money = |value: Decimal| Money::in_currency(value, currency);
    let roi = expected.and_then(|value| percent(value - outcome.projected, outcome.projected));
    (
        ScenarioOutcome {
            projected_cost_at_completion: money(outcome.projected),
            interval_80: CostInterval {
                low: money(outcome.low),
                high: money(outcome.high),
            },
            probability_over_budget: outcome.probability_over_budget.map(Percent::new),
            projected_exhaustion_date: outcome.exhaustion_date,
            budget: outcome.bac.map(money),
            due_date: due,
            roi_percent: roi.map(Percent::new),
        },
        Exact {
            projected: outcome.projected,
            probability: outcome.probability_over_budget,
            exhaustion: outcome.exhaustion_date,
            roi,
        },
    )
}

fn difference(baseline: &Exact, scenario: &Exact, currency: &Currency) -> ScenarioDifference {
    ScenarioDifference {
        projected_cost_at_completion: Money::in_currency(
            scenario.projected - baseline.projected,
            currency,
        ),
        probability_over_budget: baseline
            .probability
            .zip(scenario.probability)
            .map(|(before, after)| Percent::new(after - before)),
        exhaustion_days: baseline
            .exhaustion
            .zip(scenario.exhaustion)
            .map(|(before, after)| (after - before).num_days()),
        roi_percent: baseline
            .roi
            .zip(scenario.roi)
            .map(|(before, after)| Percent::new(after - before)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn kinds(adjustments: &[ScenarioAdjustment]) -> Vec<(&str, AdjustmentKind)> {
        adjustments
            .iter()
            .map(|a| (a.field.as_str(), a.adjustment))
            .collect()
    }

    #[test]
    fn the_calendar_moves_passed_starts_to_tomorrow_and_leaves_out_what_ended() {
        let cost = |from: &str, until: Option<&str>| DailyCostChange {
            amount: Decimal::ONE_HUNDRED,
            from: day(from),
            until: until.map(day),
        };
        let stored = ScenarioInput {
            budget: Some(Decimal::from(5)),
            due_date: Some(day("2026-12-10")),
            daily_costs: vec![
                cost("2026-12-01", Some("2026-12-09")),
                cost("2026-12-01", Some("2026-12-10")),
                cost("2026-12-11", None),
            ],
            people: vec![PeopleChange {
                hours_per_week: Decimal::from(10),
                hourly_cost: Decimal::from(50),
                from: day("2026-12-10"),
                until: None,
            }],
            rates: vec![RateChange {
                user_id: 3,
                cost_rate: Decimal::from(90),
                from: day("2026-12-11"),
            }],
            tasks: vec![TaskChange {
                task_id: None,
                estimated_cost: Decimal::ONE,
            }],
        };
        // On 10 December the forecast covers the 11th on: a cost whose last day is today or
        // before is left out, a start of today or before moves to the 11th, a due date of today
        // is left out; changes from the 11th stay as they are.
        let (dated, adjustments) = dated_for(&stored, day("2026-12-10"));
        assert_eq!(
            kinds(&adjustments),
            [
                ("people[0].from", AdjustmentKind::MovedToTomorrow),
                ("daily_costs[0].until", AdjustmentKind::LeftOut),
                ("daily_costs[1].until", AdjustmentKind::LeftOut),
                ("due_date", AdjustmentKind::LeftOut),
            ]
        );
        assert_eq!(
            adjustments[0].reason,
            "2026-12-10 is no longer ahead: starts on 2026-12-11"
        );
        assert_eq!(adjustments[1].reason, "2026-12-09 is no longer ahead");
        assert_eq!(dated.budget, Some(Decimal::from(5)));
        assert_eq!(dated.due_date, None);
        assert_eq!(dated.daily_costs.len(), 1);
        assert_eq!(dated.daily_costs[0].from, day("2026-12-11"));
        assert_eq!(dated.people[0].from, day("2026-12-11"));
        assert_eq!(dated.rates[0].0, 0);
        assert_eq!(dated.rates[0].1.from, day("2026-12-11"));
        assert_eq!(dated.tasks.len(), 1);
    }
}
