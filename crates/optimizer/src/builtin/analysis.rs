//! Budget health: a 0–100 score from a fixed penalty table, the risks behind it with their
//! numbers, a short summary, and the key figures it all rests on.

use budget_contract::metrics::BudgetStatus;
use budget_contract::optimizer::{KeyFigures, Risk, Severity};
use budget_contract::Percent;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{cents, format_money, format_percent, projected_overrun_cents};
use crate::drafts::AnalysisDraft;
use crate::facts::BoardFacts;
use budget_domain::analytics::earned_value::elapsed_share;
use budget_domain::metrics::formulas::percent;

/// Risks reported at most: the ones that matter, not a wall of warnings.
pub const MAX_RISKS: usize = 5;

/// Budget health of a board.
///
/// The score starts at 100 and loses the penalties below (summed, then clamped to 0–100), each
/// rounded down to a whole point so a person can redo the arithmetic:
///
/// | # | Signal (from the facts) | Penalty |
/// |---|---|---|
/// | 1 | Budget status | warning 10, critical 20, over 30 |
/// | 2 | Utilisation ahead of schedule: gap = utilisation % − elapsed share of start..due in % (without a due date: the forecast's percent complete) | gap > 0: min(20, ⌊gap / 2⌋) |
/// | 3 | Probability of exceeding the budget p (forecast, 0–100) | min(25, ⌊p / 4⌋) |
/// | 4 | Share s % of estimated tasks (estimate > 0) whose cost exceeds the estimate | min(10, ⌊s / 10⌋) |
/// | 5 | CPI below 1 (forecast inputs) | min(15, ⌊(1 − CPI) × 50⌋) |
/// | 6 | Burn-rate exhaustion date before the due date | 10 |
///
/// A board without a budget loses nothing for 1–3 (there is nothing to measure against) and gets
/// a low risk saying so. Risks are listed by severity (high first, ties in the table's order),
/// at most [`MAX_RISKS`]; the severities:
/// - projected overrun > 0: high when p ≥ 50 (or unknown), else medium; no overrun but p ≥ 20:
///   medium, p ≥ 10: low;
/// - status over or critical: high; warning: medium;
/// - schedule gap ≥ 20 points: high, ≥ 10: medium, ≥ 5: low;
/// - exhaustion ≥ 14 days before the due date: high, else medium;
/// - tasks over estimate: share ≥ 50 %: high, ≥ 25 %: medium, any: low;
/// - CPI < 0.8: high, < 0.9: medium, < 1: low;
/// - hours used up (time utilisation ≥ 100 %): medium.
pub fn analyze(facts: &BoardFacts) -> AnalysisDraft {
    let signals = Signals::read(facts);
    let health_score = (100 - signals.penalties().iter().sum::<i32>()).clamp(0, 100);
    let mut risks = signals.risks(facts);
    // Stable: ties keep the table's order.
    risks.sort_by_key(|risk| std::cmp::Reverse(severity_rank(risk.severity)));
    risks.truncate(MAX_RISKS);
    let summary = summary(facts, health_score, &risks);
    AnalysisDraft {
        health_score,
        risks,
        summary,
        key_figures: key_figures(facts),
    }
}

fn severity_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Low => 0,
        Severity::Medium => 1,
        Severity::High => 2,
    }
}

/// What the schedule gap is measured against.
#[derive(Clone, Copy)]
enum Reference {
    /// Share of the start..due window elapsed, in %.
    Elapsed(Decimal),
    /// Share of the estimated work earned (forecast percent complete), in %.
    Earned(Decimal),
}

impl Reference {
    fn percent(self) -> Decimal {
        match self {
            Reference::Elapsed(p) | Reference::Earned(p) => p,
        }
    }
}

/// The figures the score and the risks are read from, each straight from the facts.
struct Signals {
    has_budget: bool,
    status: BudgetStatus,
    utilisation: Option<Decimal>,
    reference: Option<Reference>,
    probability: Option<Decimal>,
    overrun_cents: i64,
    estimated_tasks: usize,
    over_estimate_tasks: usize,
    over_estimate_cents: i64,
    cpi: Option<Decimal>,
    /// (exhaustion date, due date) when the burn rate runs the budget out before the due date.
    exhaustion_before_due: Option<(NaiveDate, NaiveDate)>,
}

impl Signals {
    fn read(facts: &BoardFacts) -> Self {
        let m = &facts.metrics;
        let f = &facts.forecast;
        let reference = match elapsed_share(facts.start_date, facts.due_date, facts.today) {
            Some(share) => Some(Reference::Elapsed(share * Decimal::ONE_HUNDRED)),
            None => f
                .inputs
                .percent_complete
                .map(|p| Reference::Earned(p.value())),
        };
        let estimated: Vec<_> = facts
            .tasks
            .iter()
            .filter(|t| t.estimated_cents > 0)
            .collect();
        let over: Vec<_> = estimated
            .iter()
            .filter(|t| t.total_cents() > t.estimated_cents)
            .collect();
        let exhaustion_before_due = match (m.burn_rate.exhaustion_date, facts.due_date) {
            (Some(exhaustion), Some(due)) if exhaustion < due => Some((exhaustion, due)),
            _ => None,
        };
        Self {
            has_budget: m.allocated_budget.is_some(),
            status: m.status,
            utilisation: m.utilisation_percent.map(|p| p.value()),
            reference,
            probability: f.probability_over_budget.map(|p| p.value()),
            overrun_cents: projected_overrun_cents(facts),
            estimated_tasks: estimated.len(),
            over_estimate_tasks: over.len(),
            over_estimate_cents: over
                .iter()
                .map(|t| t.total_cents() - t.estimated_cents)
                .sum(),
            cpi: f.inputs.cpi,
            exhaustion_before_due,
        }
    }

    /// Utilisation % − reference %, when both are known.
    fn schedule_gap(&self) -> Option<Decimal> {
        Some(self.utilisation? - self.reference?.percent())
    }

    fn over_estimate_share(&self) -> Option<Decimal> {
        percent(
            Decimal::from(self.over_estimate_tasks),
            Decimal::from(self.estimated_tasks),
        )
    }

    /// The six penalties of the table, in its order.
    fn penalties(&self) -> [i32; 6] {
        let status = match self.status {
            BudgetStatus::Warning => 10,
            BudgetStatus::Critical => 20,
            BudgetStatus::Over => 30,
            BudgetStatus::Ok | BudgetStatus::NoBudget => 0,
        };
        let schedule = self
            .schedule_gap()
            .filter(|gap| *gap > Decimal::ZERO)
            .map_or(0, |gap| whole_points(gap / Decimal::TWO).min(20));
        let probability = self
            .probability
            .map_or(0, |p| whole_points(p / Decimal::from(4)).min(25));
        let tasks = self
            .over_estimate_share()
            .map_or(0, |s| whole_points(s / Decimal::TEN).min(10));
        let cpi = self.cpi.filter(|cpi| *cpi < Decimal::ONE).map_or(0, |cpi| {
            whole_points((Decimal::ONE - cpi) * Decimal::from(50)).min(15)
        });
        let exhaustion = if self.exhaustion_before_due.is_some() {
            10
        } else {
            0
        };
        if self.has_budget {
            [status, schedule, probability, tasks, cpi, exhaustion]
        } else {
            [0, 0, 0, tasks, cpi, exhaustion]
        }
    }

    /// Every risk that applies, one rule per function, in the table's order.
    fn risks(&self, facts: &BoardFacts) -> Vec<Risk> {
        [
            self.overrun_risk(facts),
            self.status_risk(facts),
            self.pace_risk(facts),
            no_budget_risk(facts),
            self.exhaustion_risk(facts),
            self.over_estimate_risk(facts),
            self.efficiency_risk(facts),
            hours_risk(facts),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Projected over the budget (high, medium below a 50 % probability), or within it but with
    /// at least 10 % of simulated outcomes over (medium from 20 %, else low).
    fn overrun_risk(&self, facts: &BoardFacts) -> Option<Risk> {
        let budget = facts.metrics.allocated_budget.map(cents)?;
        let projected = cents(facts.forecast.projected_cost_at_completion);
        if self.overrun_cents > 0 {
            let severity = match self.probability {
                Some(p) if p < Decimal::from(50) => Severity::Medium,
                _ => Severity::High,
            };
            let probability_text = self
                .probability
                .map_or_else(|| "unknown".to_owned(), format_percent);
            return Some(Risk {
                title: "Projected to exceed the budget".into(),
                severity,
                detail: format!(
                    "Projected to exceed the budget by {} (probability {probability_text}): \
                     {} at completion against a budget of {}.",
                    format_money(facts, self.overrun_cents),
                    format_money(facts, projected),
                    format_money(facts, budget),
                ),
            });
        }
        let p = self.probability.filter(|p| *p >= Decimal::TEN)?;
        Some(Risk {
            title: "Risk of exceeding the budget".into(),
            severity: if p >= Decimal::from(20) {
                Severity::Medium
            } else {
                Severity::Low
            },
            detail: format!(
                "The projected {} at completion stays within the budget of {}, but \
                 {} of the simulated outcomes exceed it.",
                format_money(facts, projected),
                format_money(facts, budget),
                format_percent(p),
            ),
        })
    }

    /// The budget's status past its warning (medium) or critical threshold or exceeded (high).
    fn status_risk(&self, facts: &BoardFacts) -> Option<Risk> {
        let m = &facts.metrics;
        let budget = m.allocated_budget.map(cents)?;
        let (title, severity, threshold) = match self.status {
            BudgetStatus::Over => ("Budget exceeded", Severity::High, String::new()),
            BudgetStatus::Critical => (
                "Budget at the critical threshold",
                Severity::High,
                m.critical_threshold
                    .map(|t| format!(", at or above the critical threshold of {t} %"))
                    .unwrap_or_default(),
            ),
            BudgetStatus::Warning => (
                "Budget past the warning threshold",
                Severity::Medium,
                m.warning_threshold
                    .map(|t| format!(", at or above the warning threshold of {t} %"))
                    .unwrap_or_default(),
            ),
            BudgetStatus::Ok | BudgetStatus::NoBudget => return None,
        };
        let utilisation_text = self
            .utilisation
            .map_or_else(|| "zero budget".to_owned(), format_percent);
        Some(Risk {
            title: title.into(),
            severity,
            detail: format!(
                "Spent {} of {} ({utilisation_text}){threshold}.",
                format_money(facts, cents(m.spent)),
                format_money(facts, budget),
            ),
        })
    }

    /// Spending at least 5 points ahead of the schedule or of the work done (medium from 10,
    /// high from 20).
    fn pace_risk(&self, facts: &BoardFacts) -> Option<Risk> {
        facts.metrics.allocated_budget?;
        let (gap, utilisation, reference) =
            (self.schedule_gap()?, self.utilisation?, self.reference?);
        if gap < Decimal::from(5) {
            return None;
        }
        let against = match reference {
            Reference::Elapsed(p) => format!("{} of the schedule elapsed", format_percent(p)),
            Reference::Earned(p) => format!("{} of the estimated work done", format_percent(p)),
        };
        Some(Risk {
            title: "Spending ahead of schedule".into(),
            severity: if gap >= Decimal::from(20) {
                Severity::High
            } else if gap >= Decimal::TEN {
                Severity::Medium
            } else {
                Severity::Low
            },
            detail: format!(
                "{} of the budget is spent with {against}: {} points ahead.",
                format_percent(utilisation),
                Percent::new(gap),
            ),
        })
    }

    /// The budget runs out before the due date (high when two weeks or more early).
    fn exhaustion_risk(&self, facts: &BoardFacts) -> Option<Risk> {
        let m = &facts.metrics;
        let (exhaustion, due) = self.exhaustion_before_due?;
        let days_early = (due - exhaustion).num_days();
        Some(Risk {
            title: "Budget runs out before the due date".into(),
            severity: if days_early >= 14 {
                Severity::High
            } else {
                Severity::Medium
            },
            detail: format!(
                "At the current burn of {} per day the remaining {} runs out on {exhaustion}, \
                 {days_early} days before the due date {due}.",
                format_money(facts, cents(m.burn_rate.daily)),
                format_money(facts, m.remaining.map_or(0, cents)),
            ),
        })
    }

    /// Estimated tasks that cost more than estimated (medium from a quarter, high from half).
    fn over_estimate_risk(&self, facts: &BoardFacts) -> Option<Risk> {
        let share = self
            .over_estimate_share()
            .filter(|_| self.over_estimate_tasks > 0)?;
        Some(Risk {
            title: "Tasks over their estimates".into(),
            severity: if share >= Decimal::from(50) {
                Severity::High
            } else if share >= Decimal::from(25) {
                Severity::Medium
            } else {
                Severity::Low
            },
            detail: format!(
                "{} of {} estimated tasks cost more than estimated ({}), together {} over.",
                self.over_estimate_tasks,
                self.estimated_tasks,
                format_percent(share),
                format_money(facts, self.over_estimate_cents),
            ),
        })
    }

    /// CPI below 1 (medium below 0.9, high below 0.8).
    fn efficiency_risk(&self, facts: &BoardFacts) -> Option<Risk> {
        let f = &facts.forecast;
        let cpi = self.cpi.filter(|cpi| *cpi < Decimal::ONE)?;
        Some(Risk {
            title: "Cost efficiency below plan".into(),
            severity: if cpi < Decimal::new(8, 1) {
                Severity::High
            } else if cpi < Decimal::new(9, 1) {
                Severity::Medium
            } else {
                Severity::Low
            },
            detail: format!(
                "CPI {}: {} of estimated work earned for {} spent.",
                cpi.round_dp(4),
                format_money(facts, cents(f.inputs.ev)),
                format_money(facts, cents(f.inputs.ac)),
            ),
        })
    }
}

/// No budget: nothing to measure spending against.
fn no_budget_risk(facts: &BoardFacts) -> Option<Risk> {
    let m = &facts.metrics;
    if m.allocated_budget.is_some() {
        return None;
    }
    Some(Risk {
        title: "No budget set".into(),
        severity: Severity::Low,
        detail: format!(
            "Without a budget there is nothing to measure spending against; {} spent so far.",
            format_money(facts, cents(m.spent))
        ),
    })
}

/// Every allocated hour logged.
fn hours_risk(facts: &BoardFacts) -> Option<Risk> {
    let m = &facts.metrics;
    let (time, allocated) = (m.time_utilisation_percent?, m.allocated_hours?);
    (time.value() >= Decimal::ONE_HUNDRED).then(|| Risk {
        title: "Allocated hours used up".into(),
        severity: Severity::Medium,
        detail: format!(
            "{} h logged of {allocated} h allocated ({}).",
            m.spent_hours,
            format_percent(time.value()),
        ),
    })
}

/// A non-negative penalty rounded down to whole points.
fn whole_points(value: Decimal) -> i32 {
    i32::try_from(value.floor()).unwrap_or(i32::MAX).max(0)
}

fn status_words(status: BudgetStatus) -> &'static str {
    match status {
        BudgetStatus::Ok => "ok",
        BudgetStatus::Warning => "warning",
        BudgetStatus::Critical => "critical",
        BudgetStatus::Over => "over budget",
        BudgetStatus::NoBudget => "no budget",
    }
}

/// Up to three sentences: score and spending, the forecast, the main risk.
fn summary(facts: &BoardFacts, score: i32, risks: &[Risk]) -> String {
    let m = &facts.metrics;
    let f = &facts.forecast;
    let spent = format_money(facts, cents(m.spent));
    let projected = format_money(facts, cents(f.projected_cost_at_completion));
    let mut sentences = Vec::with_capacity(3);
    match m.allocated_budget {
        Some(budget) => {
            let utilisation = m
                .utilisation_percent
                .map_or_else(String::new, |u| format!(" ({})", format_percent(u.value())));
            sentences.push(format!(
                "Health score {score}/100 ({}): {spent} of {} spent{utilisation}.",
                status_words(m.status),
                format_money(facts, cents(budget)),
            ));
            let overrun = f.projected_overrun.map_or(0, cents);
            let position = if overrun > 0 {
                format!("{} over the budget", format_money(facts, overrun))
            } else {
                format!("{} under the budget", format_money(facts, -overrun))
            };
            let probability = f.probability_over_budget.map_or_else(String::new, |p| {
                format!(
                    ", with a {} probability of exceeding it",
                    format_percent(p.value())
                )
            });
            sentences.push(format!(
                "The forecast projects {projected} at completion, {position}{probability}."
            ));
        }
        None => {
            sentences.push(format!(
                "Health score {score}/100: no budget is set and {spent} is spent so far."
            ));
            sentences.push(format!("The forecast projects {projected} at completion."));
        }
    }
    match risks.first() {
        Some(risk) if risk.severity != Severity::Low => {
            sentences.push(format!("Main risk: {}.", risk.title.to_lowercase()));
        }
        _ => sentences.push("No significant risks found.".to_owned()),
    }
    sentences.join(" ")
}

fn key_figures(facts: &BoardFacts) -> KeyFigures {
    let m = &facts.metrics;
    let f = &facts.forecast;
    KeyFigures {
        allocated_budget: m.allocated_budget,
        spent: m.spent,
        remaining: m.remaining,
        utilisation_percent: m.utilisation_percent,
        time_utilisation_percent: m.time_utilisation_percent,
        daily_burn: m.burn_rate.daily,
        days_until_exhausted: m.burn_rate.days_until_exhausted,
        projected_cost_at_completion: f.projected_cost_at_completion,
        probability_over_budget: f.probability_over_budget,
        cpi: f.inputs.cpi,
        tasks_total: m.tasks.total,
        tasks_completed: m.tasks.completed,
        tasks_over_budget: m.tasks.over_budget,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_healthy_board_scores_100_without_high_risks() {
        let facts = healthy();
        let analysis = analyze(&facts);
        assert_eq!(analysis.health_score, 100);
        assert!(analysis.risks.is_empty(), "{:?}", analysis.risks);
        assert_eq!(
            analysis.summary,
            "Health score 100/100 (ok): 4,000.00 USD of 10,000.00 USD spent (40.00 %). The \
             forecast projects 8,000.00 USD at completion, 2,000.00 USD under the budget, with a \
             2.00 % probability of exceeding it. No significant risks found."
        );
        let k = &analysis.key_figures;
        assert_eq!(k.spent.to_string(), "4000.00");
        assert_eq!(k.remaining.unwrap().to_string(), "6000.00");
        assert_eq!(k.daily_burn.to_string(), "50.00");
        assert_eq!(k.days_until_exhausted, Some(dec!(120.00)));
        assert_eq!(k.projected_cost_at_completion.to_string(), "8000.00");
        assert_eq!(k.tasks_total, 4);
        assert_eq!(k.tasks_completed, 1);
        assert_eq!(k.tasks_over_budget, 0);
    }

    #[test]
    fn an_overrunning_board_loses_points_by_the_table() {
        // Budget 10,000.00, spent 8,600.00 (86 %: warning −10); 60.44 % elapsed: gap 25.56 →
        // ⌊12.78⌋ = −12; probability 84 → −21; 3 of 4 estimated tasks over (75 %) → −7;
        // CPI = EV / AC = (2,000 + 1,500 + 1,000 + 0) / 8,600 = 0.5233 → ⌊23.84⌋, capped −15;
        // burn 4,500.00 / 30 = 150.00/day: 1,400.00 lasts 9.33 days → 2026-12-04, 27 days
        // before the due date → −10. 100 − 75 = 25.
        let tasks = vec![
            task(1, "done", "high", 200_000, 300_000),
            task(2, "done", "medium", 150_000, 250_000),
            task(3, "in_progress", "medium", 200_000, 310_000),
            task(4, "todo", "low", 150_000, 0),
        ];
        let facts = with_forecast(
            with_burn(board(Some(1_000_000), tasks), 450_000),
            1_200_000,
            dec!(84),
        );
        let analysis = analyze(&facts);
        assert_eq!(analysis.health_score, 25);
        let titles: Vec<(&str, Severity)> = analysis
            .risks
            .iter()
            .map(|r| (r.title.as_str(), r.severity))
            .collect();
        assert_eq!(
            titles,
            [
                ("Projected to exceed the budget", Severity::High),
                ("Spending ahead of schedule", Severity::High),
                ("Budget runs out before the due date", Severity::High),
                ("Tasks over their estimates", Severity::High),
                ("Cost efficiency below plan", Severity::High),
            ]
        );
        assert_eq!(
            analysis.risks[0].detail,
            "Projected to exceed the budget by 2,000.00 USD (probability 84.00 %): 12,000.00 USD \
             at completion against a budget of 10,000.00 USD."
        );
        assert_eq!(
            analysis.risks[2].detail,
            "At the current burn of 150.00 USD per day the remaining 1,400.00 USD runs out on \
             2026-12-04, 27 days before the due date 2026-12-31."
        );
        assert_eq!(
            analysis.risks[3].detail,
            "3 of 4 estimated tasks cost more than estimated (75.00 %), together 3,100.00 USD \
             over."
        );
        assert!(analysis.summary.starts_with(
            "Health score 25/100 (warning): 8,600.00 USD of 10,000.00 USD spent (86.00 %)."
        ));
        assert!(analysis
            .summary
            .ends_with("Main risk: projected to exceed the budget."));
    }

    #[test]
    fn an_empty_board_without_budget_does_not_panic() {
        let mut facts = board(None, Vec::new());
        facts.due_date = None;
        let analysis = analyze(&facts);
        assert_eq!(analysis.health_score, 100);
        assert_eq!(analysis.risks.len(), 1);
        assert_eq!(analysis.risks[0].title, "No budget set");
        assert_eq!(
            analysis.summary,
            "Health score 100/100: no budget is set and 0.00 is spent so far. The forecast \
             projects 0.00 at completion. No significant risks found."
        );
    }
}
