//! Recurring cost patterns of a board, learned from its tasks and its daily costs. A pattern is
//! stored under its name (unique per board) and feeds the recommendations.
//!
//! Confidence is always the share, 0–1 to two decimals, of the pattern's observations that lie
//! on its side (a task over its estimate for an overrun pattern, a weekend day with cost for
//! weekend burn…); `occurrence_count` is the number of those supporting observations.

use std::collections::BTreeMap;

use chrono::{Datelike, Weekday};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::{
    amount, format_percent, format_value, is_done, median, money_json, overrun_ratio, priority_of,
    ratio_string, share_2dp, two_dp_json, PRIORITIES_LOW_TO_HIGH,
};
use crate::drafts::PatternDraft;
use crate::facts::BoardFacts;
use budget_contract::optimizer::PatternType;
use budget_contract::Currency;
use budget_domain::analytics::queries::TaskRow;

/// Tasks a priority or an assignee needs before its overrun counts as a pattern.
pub const MIN_GROUP_TASKS: usize = 2;
/// Mean overrun (total / estimate − 1) from which a group's overrun is a pattern: 10 %.
pub const OVERRUN_THRESHOLD: Decimal = Decimal::from_parts(10, 0, 0, false, 2);
/// Weekend share of cost from which weekend burn is a pattern: 5 %.
pub const WEEKEND_SHARE_THRESHOLD: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// How far above the weekday mean one weekday's average must be to be a peak: 1.5×.
pub const PEAK_FACTOR: Decimal = Decimal::from_parts(15, 0, 0, false, 1);
/// |median overrun| of done tasks from which estimates are biased: 5 %.
pub const BIAS_THRESHOLD: Decimal = Decimal::from_parts(5, 0, 0, false, 2);
/// Days of daily costs needed to speak of weekdays at all: two full weeks.
pub const MIN_WEEKDAY_HISTORY: usize = 14;

/// The board's recurring patterns, in a fixed order: overruns by priority (urgent first), by
/// assignee (by user id), weekend burn, weekday peak, estimate bias.
///
/// | Type | Rule | Confidence / occurrences |
/// |---|---|---|
/// | `priority_overrun` (`priority:high overrun`) | tasks of the priority with estimate > 0 and cost > 0; ≥ 2 of them; mean of total / estimate − 1 ≥ 10 %; ≥ 2 of them over their estimate (one large overrun is not a recurring pattern) | tasks over their estimate / tasks considered |
/// | `assignee_overrun` (`assignee:42 overrun`) | the same per assignee | the same |
/// | `weekday_burn` (`weekend burn`) | ≥ 14 days of history with cost; Saturday + Sunday cost ≥ 5 % of the total | weekend days with cost / weekend days |
/// | `weekday_burn` (`weekday peak:friday`) | the same history; the highest Monday–Friday average ≥ 1.5 × the weekday mean (Mon–Fri cost / Mon–Fri days) | days of that weekday above the weekday mean / days of that weekday |
/// | `estimate_bias` (`estimate bias`) | ≥ 2 done tasks with estimate > 0; \|median of total / estimate − 1\| ≥ 5 % | done tasks on the median's side (over, or under) / done tasks considered |
pub fn learn_patterns(facts: &BoardFacts) -> Vec<PatternDraft> {
    let mut patterns = priority_overruns(facts);
    patterns.extend(assignee_overruns(facts));
    patterns.extend(weekday_burn(facts));
    patterns.extend(estimate_bias(facts).and_then(|bias| bias.pattern()));
    // Names are unique by construction; keep the first should two ever collide.
    let mut seen = std::collections::BTreeSet::new();
    patterns.retain(|p| seen.insert(p.name.clone()));
    patterns
}

/// The overrun of a group of tasks (one priority, one assignee).
struct GroupOverrun {
    task_ids: Vec<i64>,
    tasks: usize,
    /// Tasks whose cost exceeds their estimate: the supporting observations.
    overrunning: usize,
    mean_ratio: Decimal,
    estimated_cents: i64,
    actual_cents: i64,
}

impl GroupOverrun {
    /// `None` unless the group has enough tasks with an estimate and a cost and overruns by the
    /// threshold on average.
    fn of<'a>(tasks: impl Iterator<Item = &'a TaskRow>) -> Option<Self> {
        let considered: Vec<(&TaskRow, Decimal)> = tasks
            .filter(|t| t.total_cents() > 0)
            .filter_map(|t| overrun_ratio(t).map(|r| (t, r)))
            .collect();
        if considered.len() < MIN_GROUP_TASKS {
            return None;
        }
        let mean_ratio =
            considered.iter().map(|(_, r)| *r).sum::<Decimal>() / Decimal::from(considered.len());
        let overrunning = considered
            .iter()
            .filter(|(_, r)| *r > Decimal::ZERO)
            .count();
        // One large overrun can lift a mean by itself; a pattern has to recur.
        (mean_ratio >= OVERRUN_THRESHOLD && overrunning >= MIN_GROUP_TASKS).then(|| Self {
            task_ids: considered.iter().map(|(t, _)| t.id).collect(),
            tasks: considered.len(),
            overrunning,
            mean_ratio,
            estimated_cents: considered.iter().map(|(t, _)| t.estimated_cents).sum(),
            actual_cents: considered.iter().map(|(t, _)| t.total_cents()).sum(),
        })
    }

    fn data(&self, mut data: Map<String, Value>, currency: &Currency) -> Value {
        data.insert("tasks".into(), json!(self.tasks));
        data.insert("overrunning_tasks".into(), json!(self.overrunning));
        data.insert(
            "mean_overrun_ratio".into(),
            json!(ratio_string(self.mean_ratio)),
        );
        data.insert(
            "mean_overrun_percent".into(),
            two_dp_json(self.mean_ratio * Decimal::ONE_HUNDRED),
        );
        data.insert(
            "estimated".into(),
            money_json(self.estimated_cents, currency),
        );
        data.insert("actual".into(), money_json(self.actual_cents, currency));
        data.insert("task_ids".into(), json!(self.task_ids));
        Value::Object(data)
    }

    fn evidence(&self) -> String {
        format!(
            "{} more than estimated on average ({} of {} tasks over their estimate)",
            format_percent(self.mean_ratio * Decimal::ONE_HUNDRED),
            self.overrunning,
            self.tasks
        )
    }

    fn pattern(
        &self,
        name: String,
        pattern_type: PatternType,
        description: String,
        data: Map<String, Value>,
        currency: &Currency,
    ) -> PatternDraft {
        PatternDraft {
            name,
            pattern_type,
            description,
            data: self.data(data, currency),
            confidence: share_2dp(self.overrunning, self.tasks),
            occurrence_count: i32::try_from(self.overrunning).unwrap_or(i32::MAX),
        }
    }
}

fn priority_overruns(facts: &BoardFacts) -> Vec<PatternDraft> {
    PRIORITIES_LOW_TO_HIGH
        .into_iter()
        .rev()
        .filter_map(|priority| {
            let name = priority.as_str();
            let group =
                GroupOverrun::of(facts.tasks.iter().filter(|t| priority_of(t) == priority))?;
            let mut data = Map::new();
            data.insert("priority".into(), json!(name));
            Some(group.pattern(
                format!("priority:{name} overrun"),
                PatternType::PriorityOverrun,
                format!(
                    "{}-priority tasks cost {}.",
                    capitalised(name),
                    group.evidence()
                ),
                data,
                facts.currency(),
            ))
        })
        .collect()
}

fn assignee_overruns(facts: &BoardFacts) -> Vec<PatternDraft> {
    let mut by_assignee: BTreeMap<i64, Vec<&TaskRow>> = BTreeMap::new();
    for task in &facts.tasks {
        if let Some(user_id) = task.assignee_id {
            by_assignee.entry(user_id).or_default().push(task);
        }
    }
    by_assignee
        .into_iter()
        .filter_map(|(user_id, tasks)| {
            let group = GroupOverrun::of(tasks.iter().copied())?;
            let display_name = facts
                .people
                .iter()
                .find(|p| p.user_id == user_id)
                .map(|p| p.display_name.clone())
                .or_else(|| tasks.iter().find_map(|t| t.assignee_name.clone()))
                .unwrap_or_default();
            let mut data = Map::new();
            data.insert("user_id".into(), json!(user_id));
            data.insert("display_name".into(), json!(display_name));
            Some(group.pattern(
                format!("assignee:{user_id} overrun"),
                PatternType::AssigneeOverrun,
                format!(
                    "Tasks assigned to user {user_id} ({display_name}) cost {}.",
                    group.evidence()
                ),
                data,
                facts.currency(),
            ))
        })
        .collect()
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// Weekend burn and a weekday peak, each its own pattern so each has its own confidence.
fn weekday_burn(facts: &BoardFacts) -> Vec<PatternDraft> {
    let days = &facts.recent_days;
    let total: i64 = days.iter().map(|d| d.cents).sum();
    if days.len() < MIN_WEEKDAY_HISTORY || total <= 0 {
        return Vec::new();
    }
    let index = |d: &budget_domain::analytics::queries::DayCost| {
        d.day.weekday().num_days_from_monday() as usize
    };
    let mut sums = [0_i64; 7];
    let mut counts = [0_usize; 7];
    for d in days {
        let i = index(d);
        if let (Some(sum), Some(count)) = (sums.get_mut(i), counts.get_mut(i)) {
            *sum += d.cents;
            *count += 1;
        }
    }
    let mean = |cents: i64, count: usize| {
        if count == 0 {
            Decimal::ZERO
        } else {
            amount(cents) / Decimal::from(count)
        }
    };
    let averages: Vec<Decimal> = sums
        .iter()
        .zip(counts.iter())
        .map(|(s, c)| mean(*s, *c))
        .collect();
    let weekday_cents: i64 = sums[..5].iter().sum();
    let weekday_days: usize = counts[..5].iter().sum();
    let weekend_cents: i64 = sums[5..].iter().sum();
    let weekend_days: usize = counts[5..].iter().sum();
    let weekday_mean = mean(weekday_cents, weekday_days);
    let weekend_mean = mean(weekend_cents, weekend_days);
    let weekend_share = amount(weekend_cents) * Decimal::ONE_HUNDRED / amount(total);

    let mut averages_json = Map::new();
    for (day, average) in WEEKDAYS.iter().zip(averages.iter()) {
        averages_json.insert(weekday_name(*day).into(), two_dp_json(*average));
    }
    let base = |extra: Value| {
        let mut data = json!({
            "window_days": days.len(),
            "from": days.first().map(|d| d.day),
            "to": days.last().map(|d| d.day),
            "total": money_json(total, facts.currency()),
            "averages": averages_json,
            "weekday_mean": two_dp_json(weekday_mean),
            "weekend_mean": two_dp_json(weekend_mean),
            "weekend_share_percent": two_dp_json(weekend_share),
        });
        if let (Some(data), Value::Object(extra)) = (data.as_object_mut(), extra) {
            data.extend(extra);
        }
        data
    };

    let mut patterns = Vec::new();
    if weekend_share >= WEEKEND_SHARE_THRESHOLD {
        let with_cost = days.iter().filter(|d| index(d) >= 5 && d.cents > 0).count();
        patterns.push(PatternDraft {
            name: "weekend burn".into(),
            pattern_type: PatternType::WeekdayBurn,
            description: format!(
                "Weekends carry {} of the cost of the last {} days ({with_cost} of {weekend_days} \
                 weekend days had costs; {} per weekend day against {} per weekday).",
                format_percent(weekend_share),
                days.len(),
                format_value(weekend_mean, facts.currency()),
                format_value(weekday_mean, facts.currency()),
            ),
            data: base(json!({ "supporting_days": with_cost })),
            confidence: share_2dp(with_cost, weekend_days),
            occurrence_count: i32::try_from(with_cost).unwrap_or(i32::MAX),
        });
    }
    // The first weekday with the highest average: ties go to the earlier day, deterministically.
    let peak = averages[..5]
        .iter()
        .enumerate()
        .fold(None::<(usize, Decimal)>, |best, (i, avg)| match best {
            Some((_, best_avg)) if best_avg >= *avg => best,
            _ => Some((i, *avg)),
        });
    if let Some((peak_index, peak_average)) = peak {
        if weekday_mean > Decimal::ZERO && peak_average >= weekday_mean * PEAK_FACTOR {
            let peak_day = WEEKDAYS[peak_index];
            let name = weekday_name(peak_day);
            let above = days
                .iter()
                .filter(|d| index(d) == peak_index && amount(d.cents) > weekday_mean)
                .count();
            let of_that_day = counts[peak_index];
            let factor = peak_average / weekday_mean;
            patterns.push(PatternDraft {
                name: format!("weekday peak:{name}"),
                pattern_type: PatternType::WeekdayBurn,
                description: format!(
                    "{}s cost {} on average, {}× the weekday mean of {} ({above} of \
                     {of_that_day} above the mean).",
                    capitalised(name),
                    format_value(peak_average, facts.currency()),
                    budget_contract::Percent::new(factor),
                    format_value(weekday_mean, facts.currency()),
                ),
                data: base(json!({
                    "peak_day": name,
                    "peak_factor": ratio_string(factor),
                    "supporting_days": above,
                })),
                confidence: share_2dp(above, of_that_day),
                occurrence_count: i32::try_from(above).unwrap_or(i32::MAX),
            });
        }
    }
    patterns
}

/// How done tasks came in against their estimates.
pub(super) struct EstimateBias {
    /// Median of total / estimate − 1: 0.2 means done tasks typically cost 20 % more.
    pub median: Decimal,
    pub tasks: usize,
    /// Done tasks on the median's side (over when it is positive, under when negative).
    pub supporting: usize,
}

/// The estimate bias of the done tasks with an estimate, when there are at least two.
pub(super) fn estimate_bias(facts: &BoardFacts) -> Option<EstimateBias> {
    let mut ratios: Vec<Decimal> = facts
        .tasks
        .iter()
        .filter(|t| is_done(t))
        .filter_map(overrun_ratio)
        .collect();
    if ratios.len() < MIN_GROUP_TASKS {
        return None;
    }
    let median = median(&mut ratios)?;
    let supporting = ratios
        .iter()
        .filter(|r| {
            (median > Decimal::ZERO && **r > Decimal::ZERO)
                || (median < Decimal::ZERO && **r < Decimal::ZERO)
        })
        .count();
    Some(EstimateBias {
        median,
        tasks: ratios.len(),
        supporting,
    })
}

impl EstimateBias {
    /// Whether the bias is large enough to act on.
    pub fn is_material(&self) -> bool {
        self.median.abs() >= BIAS_THRESHOLD
    }

    fn pattern(&self) -> Option<PatternDraft> {
        if !self.is_material() {
            return None;
        }
        let (direction, words) = if self.median > Decimal::ZERO {
            ("over", "more")
        } else {
            ("under", "less")
        };
        Some(PatternDraft {
            name: "estimate bias".into(),
            pattern_type: PatternType::EstimateBias,
            description: format!(
                "Done tasks cost a median {} {words} than estimated ({} of {} came in {direction} \
                 their estimate).",
                format_percent(self.median.abs() * Decimal::ONE_HUNDRED),
                self.supporting,
                self.tasks,
            ),
            data: json!({
                "direction": direction,
                "median_ratio": ratio_string(self.median),
                "median_percent": two_dp_json(self.median * Decimal::ONE_HUNDRED),
                "done_tasks": self.tasks,
                "supporting_tasks": self.supporting,
            }),
            confidence: share_2dp(self.supporting, self.tasks),
            occurrence_count: i32::try_from(self.supporting).unwrap_or(i32::MAX),
        })
    }
}

/// `high` → `High`, for names at the start of a sentence.
pub(super) fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn overruns_by_priority_and_by_assignee() {
        let tasks = vec![
            // High: +50 %, +10 %, −20 % → mean +13.33 %, 2 of 3 over.
            assigned(task(1, "done", "high", 100_000, 150_000), 2, 0, 0),
            assigned(task(2, "done", "high", 100_000, 110_000), 2, 0, 0),
            task(3, "in_progress", "high", 100_000, 80_000),
            // Not considered: no cost yet, or no estimate.
            task(4, "todo", "high", 100_000, 0),
            task(5, "in_progress", "high", 0, 5_000),
            // Medium: +5 %, +5 % → mean 5 %: below the threshold.
            task(6, "done", "medium", 100_000, 105_000),
            task(7, "done", "medium", 100_000, 105_000),
            // Low: a single task is not a pattern.
            assigned(task(8, "done", "low", 100_000, 200_000), 3, 0, 0),
            // Urgent: +40 % and −5 % → mean 17.5 %, but only one task over: no pattern.
            task(9, "done", "urgent", 100_000, 140_000),
            task(14, "done", "urgent", 100_000, 95_000),
        ];
        let mut facts = board(Some(10_000_000), tasks);
        facts.people.push(person(2, Some("editor"), Some(5_000)));
        facts.people[1].display_name = "Ada".into();
        let patterns = learn_patterns(&facts);
        let names: Vec<&str> = patterns.iter().map(|p| p.name.as_str()).collect();
        // Done tasks: +50, +10, +5, +5, +100, +40, −5 % → median 10 %, 6 of 7 over.
        assert_eq!(
            names,
            [
                "priority:high overrun",
                "assignee:2 overrun",
                "estimate bias"
            ]
        );
        assert_eq!(patterns[2].data["median_ratio"], "0.1000");
        assert_eq!(patterns[2].occurrence_count, 6);
        assert_eq!(patterns[2].confidence, dec!(0.86));

        let high = &patterns[0];
        assert_eq!(high.pattern_type, PatternType::PriorityOverrun);
        assert_eq!(high.confidence, dec!(0.67));
        assert_eq!(high.occurrence_count, 2);
        assert_eq!(high.data["mean_overrun_ratio"], "0.1333");
        assert_eq!(high.data["mean_overrun_percent"], "13.33");
        assert_eq!(high.data["task_ids"], json!([1, 2, 3]));
        assert_eq!(high.data["estimated"], "3000.00");
        assert_eq!(high.data["actual"], "3400.00");
        assert_eq!(
            high.description,
            "High-priority tasks cost 13.33 % more than estimated on average (2 of 3 tasks over \
             their estimate)."
        );

        // Assignee 2: +50 %, +10 % → mean 30 %, both over.
        let ada = &patterns[1];
        assert_eq!(ada.pattern_type, PatternType::AssigneeOverrun);
        assert_eq!(ada.confidence, dec!(1.00));
        assert_eq!(ada.occurrence_count, 2);
        assert_eq!(ada.data["user_id"], 2);
        assert_eq!(ada.data["display_name"], "Ada");
        assert_eq!(ada.data["mean_overrun_percent"], "30.00");
    }

    #[test]
    fn estimate_bias_is_the_median_of_done_tasks() {
        let tasks = vec![
            task(1, "done", "medium", 100_000, 130_000),    // +30 %
            task(2, "done", "medium", 100_000, 90_000),     // −10 %
            task(3, "done", "low", 200_000, 240_000),       // +20 %
            task(4, "done", "high", 50_000, 55_000),        // +10 %
            task(5, "in_progress", "high", 10_000, 90_000), // open: not counted
        ];
        // Sorted: −0.1, 0.1, 0.2, 0.3 → median (0.1 + 0.2) / 2 = 0.15; 3 of 4 over.
        let facts = board(Some(10_000_000), tasks);
        let bias = estimate_bias(&facts).unwrap();
        assert_eq!(bias.median, dec!(0.15));
        let pattern = learn_patterns(&facts)
            .into_iter()
            .find(|p| p.pattern_type == PatternType::EstimateBias)
            .unwrap();
        assert_eq!(pattern.name, "estimate bias");
        assert_eq!(pattern.confidence, dec!(0.75));
        assert_eq!(pattern.occurrence_count, 3);
        assert_eq!(pattern.data["median_ratio"], "0.1500");
        assert_eq!(pattern.data["direction"], "over");
        assert_eq!(
            pattern.description,
            "Done tasks cost a median 15.00 % more than estimated (3 of 4 came in over their \
             estimate)."
        );
    }

    #[test]
    fn a_small_bias_is_no_pattern_and_under_runs_count_too() {
        let small = board(
            Some(1_000_000),
            vec![
                task(1, "done", "medium", 100_000, 104_000),
                task(2, "done", "medium", 100_000, 103_000),
            ],
        );
        assert_eq!(estimate_bias(&small).unwrap().median, dec!(0.035));
        assert!(learn_patterns(&small).is_empty());

        let under = board(
            Some(1_000_000),
            vec![
                task(1, "done", "medium", 100_000, 80_000),
                task(2, "done", "medium", 100_000, 90_000),
                task(3, "done", "medium", 100_000, 120_000),
            ],
        );
        let pattern = learn_patterns(&under).pop().unwrap();
        assert_eq!(pattern.data["median_ratio"], "-0.1000");
        assert_eq!(pattern.data["direction"], "under");
        assert_eq!(pattern.confidence, dec!(0.67));
        assert_eq!(pattern.occurrence_count, 2);
    }

    #[test]
    fn weekday_burn_on_four_crafted_weeks() {
        // 28 days ending Wednesday 2026-11-25, so starting Thursday 2026-10-29. Every weekday
        // costs 100.00 except Fridays (400.00); weekends nothing but Saturday 11-14 (50.00).
        let first = day(2026, 10, 29);
        let cents: Vec<i64> = (0..28)
            .map(|i| {
                let date = first + chrono::Days::new(i);
                match date.weekday() {
                    Weekday::Fri => 40_000,
                    Weekday::Sat if date == day(2026, 11, 14) => 5_000,
                    Weekday::Sat | Weekday::Sun => 0,
                    _ => 10_000,
                }
            })
            .collect();
        let facts = with_days(board(Some(10_000_000), Vec::new()), &cents);
        assert_eq!(facts.recent_days[0].day, first);
        let patterns = learn_patterns(&facts);
        let names: Vec<&str> = patterns.iter().map(|p| p.name.as_str()).collect();
        // Total: 16 × 100 + 4 × 400 + 50 = 3,250.00; weekend 50.00 = 1.54 %: no weekend burn.
        assert_eq!(names, ["weekday peak:friday"]);
        let peak = &patterns[0];
        assert_eq!(peak.pattern_type, PatternType::WeekdayBurn);
        // Weekday mean = (1,600 + 1,600) / 20 = 160.00; Friday 400.00 = 2.5×; 4 of 4 above.
        assert_eq!(peak.data["weekday_mean"], "160.00");
        assert_eq!(peak.data["averages"]["friday"], "400.00");
        assert_eq!(peak.data["averages"]["monday"], "100.00");
        assert_eq!(peak.data["averages"]["saturday"], "12.50");
        assert_eq!(peak.data["averages"]["sunday"], "0.00");
        assert_eq!(peak.data["peak_factor"], "2.5000");
        assert_eq!(peak.data["weekend_share_percent"], "1.54");
        assert_eq!(peak.confidence, dec!(1.00));
        assert_eq!(peak.occurrence_count, 4);
        assert_eq!(
            peak.description,
            "Fridays cost 400.00 on average, 2.50× the weekday mean of 160.00 (4 of 4 above the \
             mean)."
        );
    }

    #[test]
    fn weekend_burn_counts_weekend_days_with_cost() {
        // 14 days from Thursday 2026-11-12: every day 100.00 except one Sunday at 0.
        let first = day(2026, 11, 12);
        let cents: Vec<i64> = (0..14)
            .map(|i| {
                let date = first + chrono::Days::new(i);
                if date == day(2026, 11, 15) {
                    0
                } else {
                    10_000
                }
            })
            .collect();
        let facts = with_days(board(Some(10_000_000), Vec::new()), &cents);
        let patterns = learn_patterns(&facts);
        assert_eq!(patterns.len(), 1);
        let weekend = &patterns[0];
        assert_eq!(weekend.name, "weekend burn");
        // Weekend 300.00 of 1,300.00 = 23.08 %; 3 of 4 weekend days had costs.
        assert_eq!(weekend.data["weekend_share_percent"], "23.08");
        assert_eq!(weekend.data["weekend_mean"], "75.00");
        assert_eq!(weekend.confidence, dec!(0.75));
        assert_eq!(weekend.occurrence_count, 3);
    }

    #[test]
    fn too_little_history_or_no_cost_is_no_weekday_pattern() {
        let short = with_days(board(Some(1_000_000), Vec::new()), &[10_000; 13]);
        assert!(learn_patterns(&short).is_empty());
        let idle = with_days(board(Some(1_000_000), Vec::new()), &[0; 28]);
        assert!(learn_patterns(&idle).is_empty());
    }
}
