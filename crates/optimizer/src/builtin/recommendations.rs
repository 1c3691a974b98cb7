//! Recommendations people can act on, each with a savings figure whose formula is stated and
//! whose inputs are listed in `based_on`.

use std::str::FromStr;

use budget_contract::limits::SCENARIO_CHANGES;
use budget_contract::metrics::BudgetStatus;
use budget_contract::optimizer::RecommendationType;
use budget_contract::scenario::{PeopleChange, ScenarioInput, TaskChange};
use budget_contract::task::Priority;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};

use super::patterns::capitalised;
use super::resources::optimize_resources;
use super::{
    amount, cents, format_money, format_money_value, format_percent, is_done, is_todo,
    money_json_in, priority_of, priority_rank, projected_overrun_cents, ratio_string,
    remaining_estimate_cents, remaining_work_cents, round_cents, two_dp_json,
};
use crate::drafts::{PatternDraft, RecommendationDraft, MAX_RECOMMENDATIONS, MIN_RECOMMENDATIONS};
use crate::facts::BoardFacts;
use budget_contract::optimizer::PatternType;

/// The share of a typical overrun that tighter estimating and tracking is assumed to recover on
/// the remaining work: half. The other half is taken to be real work the estimates missed.
pub const RECOVERY_SHARE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// 3–7 recommendations, ordered by priority (urgent first), then savings (largest first), then
/// the order of the rules below; titles are unique.
///
/// Every saving is in cents, ≥ 0 and capped at the remaining work's projected cost W =
/// max(forecast projected cost at completion − spent, 0): money that is not going to be spent
/// cannot be saved. "Overrun" O = max(forecast projected overrun, 0).
///
/// | Type | Fires when | Estimated savings | Priority / confidence |
/// |---|---|---|---|
/// | risk_mitigation "Contain the projected overrun" | O > 0 | min(O, W) | urgent when p ≥ 80 % or status over, else high / p rounded (50 without p) |
/// | scope_cut "Defer not-started tasks to cover the overrun" | O > 0 and `todo` tasks (not urgent) with estimate > cost on them | the greedy set (priority low→high, then estimate desc, then id) until Σ(estimate − cost on them) ≥ O: that Σ, capped | high / 75 when it covers O, else medium / 55 |
/// | resource_optimization "Move work to lower-cost team members" | the resource plan has reassignments | Σ expected savings (hours × rate difference), capped | medium / 70 |
/// | efficiency_improvement "Correct estimates for the recurring overrun" | `estimate_bias` pattern with median > 0 and open estimated work R > 0 | R × median bias × 0.5, capped (R = Σ open tasks' max(estimate − cost, 0)) | medium / min(75, pattern confidence × 100) |
/// | efficiency_improvement "Tighten control of {p}-priority tasks" | the `priority_overrun` pattern with the largest mean overrun whose priority has open estimated work R_p > 0 | R_p × mean overrun × 0.5, capped | medium / min(75, pattern confidence × 100) |
/// | timeline_change "Re-phase work to fit the budget's runway" | burn-rate exhaustion date < due date, due date after today, budget not yet exhausted, burn > 0 | window cost / window days × days to due − remaining budget (the overrun at the current pace), capped | high / 65 |
/// | reallocation "Reallocate unused estimates to overrunning tasks" | done tasks under estimate and open tasks over estimate | 0: it moves money within the budget | medium / 60 |
///
/// When fewer than three fire (a healthy board), low-priority advice with 0 savings and
/// confidence 50 fills up to three, in this order: a weekly budget review (risk_mitigation),
/// estimating the open tasks that have none (efficiency_improvement, when there are any),
/// setting a due date (timeline_change, when there is none), re-checking open estimates against
/// costs (efficiency_improvement), keeping a contingency reserve (reallocation).
pub fn recommend(facts: &BoardFacts, patterns: &[PatternDraft]) -> Vec<RecommendationDraft> {
    let ctx = Context::of(facts);
    let mut drafts: Vec<RecommendationDraft> = [
        risk_mitigation(facts, &ctx),
        scope_cut(facts, &ctx),
        resource_optimization(facts, &ctx),
        efficiency_from_bias(facts, &ctx, patterns),
        efficiency_from_priority(facts, &ctx, patterns),
        timeline_change(facts, &ctx),
        reallocation(facts),
    ]
    .into_iter()
    .flatten()
    .collect();
    order(&mut drafts);
    drafts.truncate(MAX_RECOMMENDATIONS);
    for filler in fillers(facts) {
        if drafts.len() >= MIN_RECOMMENDATIONS {
            break;
        }
        if drafts.iter().all(|d| d.title != filler.title) {
            drafts.push(filler);
        }
    }
    order(&mut drafts);
    drafts
}

/// Priority, then savings; the sort is stable, so ties keep the rules' order.
fn order(drafts: &mut Vec<RecommendationDraft>) {
    let mut seen = std::collections::BTreeSet::new();
    drafts.retain(|d| seen.insert(d.title.clone()));
    drafts.sort_by_key(|d| {
        (
            std::cmp::Reverse(priority_rank(d.priority)),
            std::cmp::Reverse(d.estimated_savings_cents),
        )
    });
}

/// The figures most rules share.
struct Context {
    remaining_work: i64,
    overrun: i64,
}

impl Context {
    fn of(facts: &BoardFacts) -> Self {
        Self {
            remaining_work: remaining_work_cents(facts),
            overrun: projected_overrun_cents(facts),
        }
    }

    /// A saving within 0..=W.
    fn cap(&self, cents: i64) -> i64 {
        cents.clamp(0, self.remaining_work)
    }
}

/// A 0–100 figure rounded half-to-even to a whole number.
fn whole_percent(value: Decimal) -> i32 {
    i32::try_from(value.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
        .unwrap_or(0)
}

fn risk_mitigation(facts: &BoardFacts, ctx: &Context) -> Option<RecommendationDraft> {
    if ctx.overrun <= 0 {
        return None;
    }
    let f = &facts.forecast;
    let probability = f.probability_over_budget.map(|p| p.value());
    let budget = facts.metrics.allocated_budget.map_or(0, cents);
    let savings = ctx.cap(ctx.overrun);
    let urgent = facts.metrics.status == BudgetStatus::Over
        || probability.is_some_and(|p| p >= Decimal::from(80));
    let probability_text = probability.map_or_else(|| "unknown".to_owned(), format_percent);
    Some(RecommendationDraft {
        scenario: None,
        kind: RecommendationType::RiskMitigation,
        title: "Contain the projected overrun".into(),
        description: format!(
            "Approve every new cost against the budget until the forecast is back within it: the \
             forecast projects {} at completion, {} over the budget of {} (probability {}).",
            format_money(facts, cents(f.projected_cost_at_completion)),
            format_money(facts, ctx.overrun),
            format_money(facts, budget),
            probability_text,
        ),
        estimated_savings_cents: savings,
        confidence: probability.map_or(50, whole_percent),
        priority: if urgent {
            Priority::Urgent
        } else {
            Priority::High
        },
        reasoning: format!(
            "Savings = the projected overrun {}, capped at the remaining work's projected cost \
             {}: spending that much less brings the projected final cost back to the budget.",
            format_money(facts, ctx.overrun),
            format_money(facts, ctx.remaining_work),
        ),
        based_on: json!({
            "projected_cost_at_completion": money_json_in(facts, cents(f.projected_cost_at_completion)),
            "allocated_budget": money_json_in(facts, budget),
            "projected_overrun": money_json_in(facts, ctx.overrun),
            "probability_over_budget_percent": probability.map(two_dp_json),
            "remaining_work_cost": money_json_in(facts, ctx.remaining_work),
        }),
    })
}

fn scope_cut(facts: &BoardFacts, ctx: &Context) -> Option<RecommendationDraft> {
    if ctx.overrun <= 0 {
        return None;
    }
    let mut candidates: Vec<_> = facts
        .tasks
        .iter()
        .filter(|t| is_todo(t) && priority_of(t) != Priority::Urgent)
        .filter(|t| t.estimated_cents > 0 && remaining_estimate_cents(t) > 0)
        .collect();
    candidates.sort_by_key(|t| {
        (
            priority_rank(priority_of(t)),
            std::cmp::Reverse(t.estimated_cents),
            t.id,
        )
    });
    let mut chosen = Vec::new();
    let mut covered = 0_i64;
    for task in candidates {
        if covered >= ctx.overrun {
            break;
        }
        covered += remaining_estimate_cents(task);
        chosen.push(task);
    }
    if chosen.is_empty() {
        return None;
    }
    let covers = covered >= ctx.overrun;
    let list = chosen
        .iter()
        .map(|t| {
            format!(
                "{} ({}, {})",
                t.title,
                priority_of(t).as_str(),
                format_money(facts, remaining_estimate_cents(t))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let coverage = if covers {
        format!(
            "which covers the projected overrun of {}",
            format_money(facts, ctx.overrun)
        )
    } else {
        format!(
            "which covers {} of the projected overrun of {}",
            format_money(facts, covered),
            format_money(facts, ctx.overrun)
        )
    };
    let tasks_json: Vec<Value> = chosen
        .iter()
        .map(|t| {
            json!({
                "task_id": t.id,
                "priority": t.priority,
                "estimated_cost": money_json_in(facts, t.estimated_cents),
                "cost_so_far": money_json_in(facts, t.total_cents()),
            })
        })
        .collect();
    let scenario = ScenarioInput {
        tasks: chosen
            .iter()
            .map(|t| TaskChange {
                task_id: Some(t.id),
                estimated_cost: Decimal::ZERO,
            })
            .collect(),
        ..ScenarioInput::default()
    };
    Some(RecommendationDraft {
        scenario: Some(scenario),
        kind: RecommendationType::ScopeCut,
        title: "Defer not-started tasks to cover the overrun".into(),
        description: format!(
            "Cut or defer the lowest-priority tasks not started yet: {list}. Together {} of \
             estimated work, {coverage}.",
            format_money(facts, covered),
        ),
        estimated_savings_cents: ctx.cap(covered),
        confidence: if covers { 75 } else { 55 },
        priority: if covers {
            Priority::High
        } else {
            Priority::Medium
        },
        reasoning: format!(
            "Tasks in `todo` with an estimate, lowest priority first (urgent ones never), then \
             the largest estimate, until their remaining estimates reach the overrun. Savings = \
             Σ (estimated cost − cost already on them) = {}, capped at the remaining work's \
             projected cost {}.",
            format_money(facts, covered),
            format_money(facts, ctx.remaining_work),
        ),
        based_on: json!({
            "projected_overrun": money_json_in(facts, ctx.overrun),
            "remaining_work_cost": money_json_in(facts, ctx.remaining_work),
            "tasks": tasks_json,
            "total_remaining_estimate": money_json_in(facts, covered),
        }),
    })
}

fn resource_optimization(facts: &BoardFacts, ctx: &Context) -> Option<RecommendationDraft> {
    let plan = optimize_resources(facts);
    if plan.reassignments.is_empty() {
        return None;
    }
    let name = |user: i64| {
        facts
            .people
            .iter()
            .find(|p| p.user_id == user)
            .map_or_else(|| format!("user {user}"), |p| p.display_name.clone())
    };
    let total: i64 = plan
        .reassignments
        .iter()
        .map(|r| cents(r.expected_savings))
        .sum();
    let moves = plan
        .reassignments
        .iter()
        .map(|r| {
            format!(
                "{} from {} to {} ({} h, saves {})",
                r.task_title,
                name(r.from_user_id),
                name(r.to_user_id),
                r.hours,
                format_money(facts, cents(r.expected_savings))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let moves_json: Vec<Value> = plan
        .reassignments
        .iter()
        .map(|r| {
            json!({
                "task_id": r.task_id,
                "from_user_id": r.from_user_id,
                "to_user_id": r.to_user_id,
                "hours": r.hours,
                "expected_savings": r.expected_savings,
            })
        })
        .collect();
    Some(RecommendationDraft {
        scenario: reassignment_scenario(facts, &plan.reassignments),
        kind: RecommendationType::ResourceOptimization,
        title: "Move work to lower-cost team members".into(),
        description: format!(
            "Reassign open work from overloaded to less loaded, lower-rate people: {moves}."
        ),
        estimated_savings_cents: ctx.cap(total),
        confidence: 70,
        priority: Priority::Medium,
        reasoning: format!(
            "Savings = Σ remaining hours × (from rate − to rate) = {}, capped at the remaining \
             work's projected cost {}. {}",
            format_money(facts, total),
            format_money(facts, ctx.remaining_work),
            plan.summary,
        ),
        based_on: json!({
            "reassignments": moves_json,
            "total_expected_savings": money_json_in(facts, total),
            "remaining_work_cost": money_json_in(facts, ctx.remaining_work),
        }),
    })
}

/// Reassignments as a what-if scenario: each person's net hours moved (given away negative,
/// taken on positive), spread evenly from tomorrow to the due date as hours a week (two
/// decimals) at their rate. None without a due date after tomorrow, without a rate for someone
/// involved, or with more people than a scenario takes.
fn reassignment_scenario(
    facts: &BoardFacts,
    reassignments: &[budget_contract::optimizer::Reassignment],
) -> Option<ScenarioInput> {
    let tomorrow = facts.today.succ_opt()?;
    let due = facts.due_date.filter(|due| *due > tomorrow)?;
    let days = Decimal::from((due - facts.today).num_days());
    let mut net: std::collections::BTreeMap<i64, Decimal> = std::collections::BTreeMap::new();
    for moved in reassignments {
        *net.entry(moved.from_user_id).or_default() -= moved.hours.value();
        *net.entry(moved.to_user_id).or_default() += moved.hours.value();
    }
    let people = net
        .into_iter()
        .filter(|(_, hours)| !hours.is_zero())
        .map(|(user_id, hours)| {
            let rate = facts
                .people
                .iter()
                .find(|p| p.user_id == user_id)
                .and_then(|p| p.rate_cents())?;
            Some(PeopleChange {
                hours_per_week: (hours * Decimal::from(7) / days)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven),
                hourly_cost: amount(rate),
                from: tomorrow,
                until: Some(due),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    (!people.is_empty() && people.len() <= SCENARIO_CHANGES).then(|| ScenarioInput {
        people,
        ..ScenarioInput::default()
    })
}

/// A decimal field of a pattern's data, stored as a string.
fn data_decimal(pattern: &PatternDraft, field: &str) -> Option<Decimal> {
    pattern
        .data
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| Decimal::from_str(s).ok())
}

/// A pattern's confidence (0–1) as a recommendation's (0–100), at most 75: the recovery share
/// is an assumption, so pattern-based savings are never asserted with high confidence.
fn pattern_confidence(pattern: &PatternDraft) -> i32 {
    whole_percent(pattern.confidence * Decimal::ONE_HUNDRED).min(75)
}

fn efficiency_from_bias(
    facts: &BoardFacts,
    ctx: &Context,
    patterns: &[PatternDraft],
) -> Option<RecommendationDraft> {
    let pattern = patterns
        .iter()
        .find(|p| p.pattern_type == PatternType::EstimateBias)?;
    let bias = data_decimal(pattern, "median_ratio").filter(|b| *b > Decimal::ZERO)?;
    let open_remaining: i64 = facts
        .tasks
        .iter()
        .filter(|t| !is_done(t))
        .map(remaining_estimate_cents)
        .sum();
    if open_remaining <= 0 {
        return None;
    }
    let savings = round_cents(amount(open_remaining) * bias * RECOVERY_SHARE);
    Some(RecommendationDraft {
        scenario: None,
        kind: RecommendationType::EfficiencyImprovement,
        title: "Correct estimates for the recurring overrun".into(),
        description: format!(
            "Done tasks cost a median {} more than estimated. Re-estimate the {} still estimated \
             for open tasks with that bias, and review each task when its cost reaches its \
             estimate.",
            format_percent(bias * Decimal::ONE_HUNDRED),
            format_money(facts, open_remaining),
        ),
        estimated_savings_cents: ctx.cap(savings),
        confidence: pattern_confidence(pattern),
        priority: Priority::Medium,
        reasoning: format!(
            "Savings = open remaining estimate {} × bias {} × 0.5 = {}, capped at the remaining \
             work's projected cost {}: tracking against corrected estimates is assumed to recover \
             half of the typical overrun; the other half is work the estimates missed.",
            format_money(facts, open_remaining),
            format_percent(bias * Decimal::ONE_HUNDRED),
            format_money(facts, savings),
            format_money(facts, ctx.remaining_work),
        ),
        based_on: json!({
            "patterns": [pattern.name],
            "median_bias_ratio": ratio_string(bias),
            "open_remaining_estimate": money_json_in(facts, open_remaining),
            "recovery_share": RECOVERY_SHARE.to_string(),
            "remaining_work_cost": money_json_in(facts, ctx.remaining_work),
        }),
    })
}

fn efficiency_from_priority(
    facts: &BoardFacts,
    ctx: &Context,
    patterns: &[PatternDraft],
) -> Option<RecommendationDraft> {
    let mut candidates: Vec<(&PatternDraft, &str, Decimal, i64)> = patterns
        .iter()
        .filter(|p| p.pattern_type == PatternType::PriorityOverrun)
        .filter_map(|p| {
            let priority = p.data.get("priority").and_then(Value::as_str)?;
            let mean = data_decimal(p, "mean_overrun_ratio").filter(|m| *m > Decimal::ZERO)?;
            let open_remaining: i64 = facts
                .tasks
                .iter()
                .filter(|t| !is_done(t) && t.priority == priority)
                .map(remaining_estimate_cents)
                .sum();
            (open_remaining > 0).then_some((p, priority, mean, open_remaining))
        })
        .collect();
    candidates.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.name.cmp(&b.0.name)));
    let (pattern, priority, mean, open_remaining) = candidates.into_iter().next()?;
    let savings = round_cents(amount(open_remaining) * mean * RECOVERY_SHARE);
    let title = format!("Tighten control of {priority}-priority tasks");
    Some(RecommendationDraft {
        scenario: None,
        kind: RecommendationType::EfficiencyImprovement,
        title,
        description: format!(
            "{}-priority tasks overrun their estimates by {} on average. Break the open \
             ones ({} still estimated) into smaller pieces and check their costs weekly.",
            capitalised(priority),
            format_percent(mean * Decimal::ONE_HUNDRED),
            format_money(facts, open_remaining),
        ),
        estimated_savings_cents: ctx.cap(savings),
        confidence: pattern_confidence(pattern),
        priority: Priority::Medium,
        reasoning: format!(
            "Savings = open remaining estimate of {priority}-priority tasks {} × mean overrun {} \
             × 0.5 = {}, capped at the remaining work's projected cost {}: closer control is \
             assumed to recover half of the typical overrun.",
            format_money(facts, open_remaining),
            format_percent(mean * Decimal::ONE_HUNDRED),
            format_money(facts, savings),
            format_money(facts, ctx.remaining_work),
        ),
        based_on: json!({
            "patterns": [pattern.name],
            "priority": priority,
            "mean_overrun_ratio": ratio_string(mean),
            "open_remaining_estimate": money_json_in(facts, open_remaining),
            "recovery_share": RECOVERY_SHARE.to_string(),
            "remaining_work_cost": money_json_in(facts, ctx.remaining_work),
        }),
    })
}

fn timeline_change(facts: &BoardFacts, ctx: &Context) -> Option<RecommendationDraft> {
    let m = &facts.metrics;
    let due = facts.due_date.filter(|due| *due > facts.today)?;
    let exhaustion = m.burn_rate.exhaustion_date.filter(|e| *e < due)?;
    // Already exhausted: no pace change can save what is spent; the overrun rules speak then.
    let remaining = m.remaining.map_or(0, cents);
    let daily = m.burn_rate.window_cost.value() / Decimal::from(m.burn_rate.window_days.max(1));
    if remaining <= 0 || daily <= Decimal::ZERO {
        return None;
    }
    let days_to_due = (due - facts.today).num_days();
    let overrun_at_pace = round_cents(daily * Decimal::from(days_to_due)) - remaining;
    let fitting = amount(remaining.max(0)) / Decimal::from(days_to_due);
    Some(RecommendationDraft {
        scenario: None,
        kind: RecommendationType::TimelineChange,
        title: "Re-phase work to fit the budget's runway".into(),
        description: format!(
            "At the current burn of {} per day the remaining {} runs out on {exhaustion}, {} days \
             before the due date {due}. Stretch or re-sequence the remaining work to at most {} \
             per day, or move the due date.",
            format_money(facts, cents(m.burn_rate.daily)),
            format_money(facts, remaining),
            (due - exhaustion).num_days(),
            format_money_value(facts, fitting),
        ),
        estimated_savings_cents: ctx.cap(overrun_at_pace),
        confidence: 65,
        priority: Priority::High,
        reasoning: format!(
            "Savings = daily burn × days to the due date − remaining budget = {} × {days_to_due} \
             − {} = {} (the overrun at the current pace), capped at the remaining work's \
             projected cost {}.",
            format_money(facts, cents(m.burn_rate.daily)),
            format_money(facts, remaining),
            format_money(facts, overrun_at_pace),
            format_money(facts, ctx.remaining_work),
        ),
        based_on: json!({
            "daily_burn": m.burn_rate.daily,
            "window_cost": m.burn_rate.window_cost,
            "window_days": m.burn_rate.window_days,
            "remaining_budget": money_json_in(facts, remaining),
            "exhaustion_date": exhaustion,
            "due_date": due,
            "days_to_due": days_to_due,
            "overrun_at_current_pace": money_json_in(facts, overrun_at_pace),
            "remaining_work_cost": money_json_in(facts, ctx.remaining_work),
        }),
    })
}

fn reallocation(facts: &BoardFacts) -> Option<RecommendationDraft> {
    let under: Vec<_> = facts
        .tasks
        .iter()
        .filter(|t| is_done(t) && t.estimated_cents > 0 && t.total_cents() < t.estimated_cents)
        .collect();
    let over: Vec<_> = facts
        .tasks
        .iter()
        .filter(|t| !is_done(t) && t.estimated_cents > 0 && t.total_cents() > t.estimated_cents)
        .collect();
    if under.is_empty() || over.is_empty() {
        return None;
    }
    let unused: i64 = under
        .iter()
        .map(|t| t.estimated_cents - t.total_cents())
        .sum();
    let excess: i64 = over
        .iter()
        .map(|t| t.total_cents() - t.estimated_cents)
        .sum();
    let movable = unused.min(excess);
    Some(RecommendationDraft {
        scenario: None,
        kind: RecommendationType::Reallocation,
        title: "Reallocate unused estimates to overrunning tasks".into(),
        description: format!(
            "{} done tasks came in {} under their estimates while {} open tasks are already {} \
             over theirs: move {} of estimate to those open tasks so their budgets reflect the \
             work.",
            under.len(),
            format_money(facts, unused),
            over.len(),
            format_money(facts, excess),
            format_money(facts, movable),
        ),
        estimated_savings_cents: 0,
        confidence: 60,
        priority: Priority::Medium,
        reasoning: "Savings 0: a reallocation moves money within the budget, it does not save any; it keeps \
         task budgets honest so overruns show where they happen."
            .into(),
        based_on: json!({
            "done_under_estimate_task_ids": under.iter().map(|t| t.id).collect::<Vec<_>>(),
            "unused_estimate": money_json_in(facts, unused),
            "open_over_estimate_task_ids": over.iter().map(|t| t.id).collect::<Vec<_>>(),
            "open_excess": money_json_in(facts, excess),
            "movable": money_json_in(facts, movable),
        }),
    })
}

/// Low-priority advice with no savings, for boards where no rule fires.
fn fillers(facts: &BoardFacts) -> Vec<RecommendationDraft> {
    let m = &facts.metrics;
    let f = &facts.forecast;
    let zero_savings =
        "Savings 0: a habit that keeps the figures trustworthy; it saves nothing by \
                        itself.";
    let mut fillers = vec![RecommendationDraft {
        scenario: None,
        kind: RecommendationType::RiskMitigation,
        title: "Hold a weekly budget review".into(),
        description: format!(
            "Review spending, the burn rate and the forecast every week: {} spent so far{}, \
             burning {} per day, {} projected at completion.",
            format_money(facts, cents(m.spent)),
            m.utilisation_percent
                .map(|u| format!(" ({} of the budget)", format_percent(u.value())))
                .unwrap_or_default(),
            format_money(facts, cents(m.burn_rate.daily)),
            format_money(facts, cents(f.projected_cost_at_completion)),
        ),
        estimated_savings_cents: 0,
        confidence: 50,
        priority: Priority::Low,
        reasoning: zero_savings.into(),
        based_on: json!({
            "spent": m.spent,
            "utilisation_percent": m.utilisation_percent,
            "daily_burn": m.burn_rate.daily,
            "projected_cost_at_completion": f.projected_cost_at_completion,
        }),
    }];
    let unestimated: Vec<i64> = facts
        .tasks
        .iter()
        .filter(|t| !is_done(t) && t.estimated_cents == 0)
        .map(|t| t.id)
        .collect();
    if !unestimated.is_empty() {
        fillers.push(RecommendationDraft {
            scenario: None,
            kind: RecommendationType::EfficiencyImprovement,
            title: "Estimate the open tasks that have none".into(),
            description: format!(
                "{} open tasks have no cost estimate, so the forecast and the overrun checks \
                 cannot see them.",
                unestimated.len()
            ),
            estimated_savings_cents: 0,
            confidence: 50,
            priority: Priority::Low,
            reasoning: zero_savings.into(),
            based_on: json!({ "open_tasks_without_estimate": unestimated }),
        });
    }
    if facts.due_date.is_none() {
        fillers.push(RecommendationDraft {
            scenario: None,
            kind: RecommendationType::TimelineChange,
            title: "Set a due date for the board".into(),
            description:
                "Without a due date the forecast extrapolates the horizon from progress and the \
             schedule checks are off; a due date makes both sharper."
                    .into(),
            estimated_savings_cents: 0,
            confidence: 50,
            priority: Priority::Low,
            reasoning: zero_savings.into(),
            based_on: json!({ "due_date": null, "horizon_source": f.inputs.horizon_source }),
        });
    }
    let open: Vec<_> = facts.tasks.iter().filter(|t| !is_done(t)).collect();
    let open_estimated = open.iter().filter(|t| t.estimated_cents > 0).count();
    fillers.push(RecommendationDraft {
        scenario: None,
        kind: RecommendationType::EfficiencyImprovement,
        title: "Re-check open estimates against actual costs".into(),
        description: format!(
            "Compare each open task's cost with its estimate at every status change; {} of {} \
             open tasks have an estimate.",
            open_estimated,
            open.len()
        ),
        estimated_savings_cents: 0,
        confidence: 50,
        priority: Priority::Low,
        reasoning: zero_savings.into(),
        based_on: json!({ "open_tasks": open.len(), "open_tasks_with_estimate": open_estimated }),
    });
    fillers.push(RecommendationDraft {
        scenario: None,
        kind: RecommendationType::Reallocation,
        title: "Keep a contingency reserve".into(),
        description: format!(
            "Hold back part of the remaining budget ({}) for the unplanned: the forecast's 80 % \
             interval spans {} to {}.",
            format_money(facts, m.remaining.map_or(0, cents)),
            format_money(facts, cents(f.interval_80.low)),
            format_money(facts, cents(f.interval_80.high)),
        ),
        estimated_savings_cents: 0,
        confidence: 50,
        priority: Priority::Low,
        reasoning: "Savings 0: a reserve moves money within the budget, it does not save any."
            .into(),
        based_on: json!({
            "remaining": m.remaining,
            "interval_80_low": f.interval_80.low,
            "interval_80_high": f.interval_80.high,
        }),
    });
    fillers
}

#[cfg(test)]
mod tests {
    use super::super::patterns::learn_patterns;
    use super::super::testing::*;
    use super::*;
    use rust_decimal_macros::dec;

    fn kinds(drafts: &[RecommendationDraft]) -> Vec<(RecommendationType, Priority, i64)> {
        drafts
            .iter()
            .map(|d| (d.kind, d.priority, d.estimated_savings_cents))
            .collect()
    }

    /// Budget 10,000.00, 6,000.00 spent, the forecast at 12,000.00 (1.2 × the budget, +2,000.00,
    /// probability 84 %); burning 4,500.00 per 30 days.
    fn overrunning() -> BoardFacts {
        let tasks = vec![
            task(1, "done", "high", 200_000, 250_000),
            task(2, "done", "medium", 150_000, 150_000),
            task(3, "in_progress", "medium", 200_000, 200_000),
            task(4, "todo", "low", 150_000, 0),
            task(5, "todo", "low", 100_000, 0),
            task(6, "todo", "medium", 250_000, 0),
            task(7, "todo", "urgent", 300_000, 0),
        ];
        let facts = with_burn(board(Some(1_000_000), tasks), 450_000);
        with_forecast(facts, 1_200_000, dec!(84))
    }

    #[test]
    fn a_board_heading_20_percent_over_gets_savings_that_cover_the_overrun() {
        let facts = overrunning();
        assert_eq!(cents(facts.forecast.projected_overrun.unwrap()), 200_000);
        let drafts = recommend(&facts, &learn_patterns(&facts));
        assert_eq!(
            kinds(&drafts),
            [
                // The overrun itself, capped at W = 12,000.00 − 6,000.00 = 6,000.00.
                (
                    RecommendationType::RiskMitigation,
                    Priority::Urgent,
                    200_000
                ),
                // Low-priority todo tasks, largest estimate first: 1,500.00 + 1,000.00 ≥ 2,000.00.
                (RecommendationType::ScopeCut, Priority::High, 250_000),
                // 150.00/day × 36 days − 4,000.00 remaining = 1,400.00.
                (RecommendationType::TimelineChange, Priority::High, 140_000),
                // Median bias of done tasks (0.25 + 0) / 2 = 0.125; open estimates left
                // 0 + 1,500 + 1,000 + 2,500 + 3,000 = 8,000.00 × 0.125 × 0.5 = 500.00.
                (
                    RecommendationType::EfficiencyImprovement,
                    Priority::Medium,
                    50_000
                ),
            ]
        );
        let overrun = 200_000;
        let remaining_work = 600_000;
        for d in &drafts[..2] {
            assert!(d.estimated_savings_cents >= overrun, "{d:?}");
            assert!(d.estimated_savings_cents <= remaining_work, "{d:?}");
        }
        let cut = &drafts[1];
        assert_eq!(cut.title, "Defer not-started tasks to cover the overrun");
        assert_eq!(cut.confidence, 75);
        assert_eq!(
            cut.description,
            "Cut or defer the lowest-priority tasks not started yet: Task 4 (low, 1,500.00 USD), \
             Task 5 (low, 1,000.00 USD). Together 2,500.00 USD of estimated work, which covers \
             the projected overrun of 2,000.00 USD."
        );
        assert_eq!(cut.based_on["tasks"][0]["task_id"], 4);
        assert_eq!(cut.based_on["tasks"][1]["task_id"], 5);
        assert_eq!(cut.based_on["total_remaining_estimate"], "2500.00");
        // Its scenario takes the same two tasks out of the scope.
        let removed = |id| TaskChange {
            task_id: Some(id),
            estimated_cost: Decimal::ZERO,
        };
        assert_eq!(
            cut.scenario,
            Some(ScenarioInput {
                tasks: vec![removed(4), removed(5)],
                ..ScenarioInput::default()
            })
        );
        assert!(drafts
            .iter()
            .filter(|d| d.kind != RecommendationType::ScopeCut)
            .all(|d| d.scenario.is_none()));
        let risk = &drafts[0];
        assert_eq!(risk.confidence, 84);
        assert_eq!(risk.based_on["projected_overrun"], "2000.00");
        assert_eq!(risk.based_on["remaining_work_cost"], "6000.00");
        assert_eq!(risk.based_on["probability_over_budget_percent"], "84.00");
        let timeline = &drafts[2];
        assert_eq!(timeline.based_on["exhaustion_date"], "2026-12-21");
        assert_eq!(timeline.based_on["days_to_due"], 36);
        let efficiency = &drafts[3];
        assert_eq!(efficiency.confidence, 50);
        assert_eq!(efficiency.based_on["patterns"], json!(["estimate bias"]));
    }

    #[test]
    fn savings_never_exceed_the_remaining_work() {
        // Already 10,500.00 spent of 10,000.00; the forecast adds only 500.00 more.
        let facts = with_forecast(
            board(
                Some(1_000_000),
                vec![
                    task(1, "done", "medium", 1_000_000, 1_050_000),
                    task(2, "todo", "low", 300_000, 0),
                ],
            ),
            1_100_000,
            dec!(100),
        );
        let drafts = recommend(&facts, &learn_patterns(&facts));
        let risk = drafts
            .iter()
            .find(|d| {
                d.kind == RecommendationType::RiskMitigation && d.priority == Priority::Urgent
            })
            .unwrap();
        assert_eq!(risk.estimated_savings_cents, 50_000);
        let cut = drafts
            .iter()
            .find(|d| d.kind == RecommendationType::ScopeCut)
            .unwrap();
        assert_eq!(cut.estimated_savings_cents, 50_000);
        assert!(drafts
            .iter()
            .all(|d| (0..=50_000).contains(&d.estimated_savings_cents)));
    }

    #[test]
    fn a_healthy_board_gets_three_low_priority_habits() {
        let facts = healthy();
        let drafts = recommend(&facts, &learn_patterns(&facts));
        let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Hold a weekly budget review",
                "Re-check open estimates against actual costs",
                "Keep a contingency reserve",
            ]
        );
        assert!(drafts
            .iter()
            .all(|d| d.priority == Priority::Low && d.estimated_savings_cents == 0));
        assert_eq!(
            drafts[0].description,
            "Review spending, the burn rate and the forecast every week: 4,000.00 USD spent so \
             far (40.00 % of the budget), burning 50.00 USD per day, 8,000.00 USD projected at \
             completion."
        );
    }

    #[test]
    fn reassignments_and_priority_patterns_become_recommendations() {
        // Ada (100.00/h) has 50 h left, Bob (60.00/h) and the creator none: mean 16.67 h, line
        // 25 h. Task 10 (30 h) would put Bob over the line; task 11 (20 h) moves: 20 h × 40.00
        // = 800.00. High-priority tasks with a cost: +50 % and +10 % → mean 30 %, 2 of 2 over;
        // open high-priority estimate left: task 10, 3,000.00 → × 0.3 × 0.5 = 450.00.
        let tasks = vec![
            assigned(task(10, "todo", "high", 300_000, 0), 2, 3_000, 0),
            assigned(task(11, "todo", "medium", 200_000, 0), 2, 2_000, 0),
            task(12, "done", "high", 100_000, 150_000),
            task(13, "done", "high", 100_000, 110_000),
        ];
        let mut facts = with_forecast(board(Some(2_000_000), tasks), 1_000_000, dec!(0));
        let mut ada = person(2, Some("editor"), Some(10_000));
        ada.display_name = "Ada".into();
        let mut bob = person(3, Some("editor"), Some(6_000));
        bob.display_name = "Bob".into();
        facts.people.extend([ada, bob]);
        let patterns = learn_patterns(&facts);
        let drafts = recommend(&facts, &patterns);
        let resource = drafts
            .iter()
            .find(|d| d.kind == RecommendationType::ResourceOptimization)
            .unwrap();
        assert_eq!(resource.estimated_savings_cents, 80_000);
        assert_eq!(
            resource.description,
            "Reassign open work from overloaded to less loaded, lower-rate people: Task 11 from \
             Ada to Bob (20.00 h, saves 800.00 USD)."
        );
        let tighten = drafts
            .iter()
            .find(|d| d.title == "Tighten control of high-priority tasks")
            .unwrap();
        assert_eq!(tighten.estimated_savings_cents, 45_000);
        assert_eq!(tighten.confidence, 75);
        assert_eq!(
            tighten.description,
            "High-priority tasks overrun their estimates by 30.00 % on average. Break the open \
             ones (3,000.00 USD still estimated) into smaller pieces and check their costs weekly."
        );
        // Estimate bias: median of +50 % and +10 % = 30 %; open estimate left 3,000.00 +
        // 2,000.00 = 5,000.00 × 0.3 × 0.5 = 750.00.
        let bias = drafts
            .iter()
            .find(|d| d.title == "Correct estimates for the recurring overrun")
            .unwrap();
        assert_eq!(bias.estimated_savings_cents, 75_000);
        let order: Vec<i64> = drafts.iter().map(|d| d.estimated_savings_cents).collect();
        assert_eq!(order, [80_000, 75_000, 45_000]);
    }

    #[test]
    fn done_under_and_open_over_suggest_a_reallocation_without_savings() {
        let facts = board(
            Some(10_000_000),
            vec![
                task(1, "done", "medium", 200_000, 150_000),
                task(2, "in_progress", "medium", 100_000, 130_000),
            ],
        );
        let drafts = recommend(&facts, &[]);
        let r = drafts
            .iter()
            .find(|d| d.kind == RecommendationType::Reallocation && d.priority == Priority::Medium)
            .unwrap();
        assert_eq!(r.estimated_savings_cents, 0);
        assert_eq!(r.based_on["movable"], "300.00");
        assert_eq!(drafts.len(), 3);
    }

    #[test]
    fn the_same_facts_give_the_same_answers() {
        let facts = overrunning();
        let first = (
            super::super::analyze(&facts),
            learn_patterns(&facts),
            recommend(&facts, &learn_patterns(&facts)),
            super::super::predict(&facts),
            optimize_resources(&facts),
        );
        let second = (
            super::super::analyze(&facts),
            learn_patterns(&facts),
            recommend(&facts, &learn_patterns(&facts)),
            super::super::predict(&facts),
            optimize_resources(&facts),
        );
        assert_eq!(first, second);
    }

    #[test]
    fn an_empty_board_still_gets_three_recommendations_and_no_patterns() {
        for budget in [Some(1_000_000), None] {
            let mut facts = board(budget, Vec::new());
            facts.due_date = None;
            let patterns = learn_patterns(&facts);
            assert!(patterns.is_empty());
            let drafts = recommend(&facts, &patterns);
            let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
            assert_eq!(
                titles,
                [
                    "Hold a weekly budget review",
                    "Set a due date for the board",
                    "Re-check open estimates against actual costs",
                ]
            );
            assert!(drafts.iter().all(|d| d.estimated_savings_cents == 0));
            let _ = super::super::analyze(&facts);
            let _ = super::super::predict(&facts);
            let _ = optimize_resources(&facts);
        }
    }

    #[test]
    fn moved_hours_become_each_persons_weekly_hours_to_the_due_date() {
        let mut facts = board(Some(2_000_000), Vec::new());
        facts.people.extend([
            person(2, Some("editor"), Some(10_000)),
            person(3, Some("admin"), Some(6_000)),
        ]);
        let moved = |task_id, hours: Decimal| budget_contract::optimizer::Reassignment {
            task_id,
            task_title: "t".into(),
            from_user_id: 2,
            to_user_id: 3,
            hours: budget_contract::Hours::new(hours),
            expected_savings: budget_contract::Money::new(Decimal::ZERO),
            reason: String::new(),
        };
        // 20 h + 0.50 h from Ada to Bob over the 36 days from today (25 November) to the due
        // date (31 December): 20.50 × 7 / 36 = 3.986… → 3.99 h a week each way.
        let scenario = reassignment_scenario(&facts, &[moved(11, dec!(20)), moved(12, dec!(0.5))]);
        let change = |hours: Decimal, rate: Decimal| PeopleChange {
            hours_per_week: hours,
            hourly_cost: rate,
            from: day(2026, 11, 26),
            until: Some(day(2026, 12, 31)),
        };
        assert_eq!(
            scenario,
            Some(ScenarioInput {
                people: vec![
                    change(dec!(-3.99), dec!(100.00)),
                    change(dec!(3.99), dec!(60.00))
                ],
                ..ScenarioInput::default()
            })
        );

        // Without a due date, or a rate for someone involved, nothing to model.
        let mut undated = facts.clone();
        undated.due_date = None;
        assert_eq!(
            reassignment_scenario(&undated, &[moved(11, dec!(20))]),
            None
        );
        let mut unrated = facts;
        unrated.people[1].rate_cents = None;
        assert_eq!(
            reassignment_scenario(&unrated, &[moved(11, dec!(20))]),
            None
        );
    }
}
