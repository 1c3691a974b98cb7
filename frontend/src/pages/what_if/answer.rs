//! An answer of the what-if screen: today's forecast and the forecast with the changes side by
//! side with their difference and both drawn together, and in words the changes applied and
//! what became of stored changes that no longer applied as written.

use budget_contract::scenario::{
    AdjustmentKind, ScenarioAdjustment, ScenarioEvaluation, ScenarioInput, ScenarioOutcome,
};
use budget_contract::Decimal;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::charts::ScenarioChart;
use crate::format;
use crate::labels;
use crate::text::text;

/// One figure of both plans and their difference, as a table row.
struct FigureRow {
    label: &'static str,
    testid: &'static str,
    baseline: String,
    scenario: String,
    difference: String,
    /// The difference's raw API value, for the cell's `data-value`.
    difference_value: Option<String>,
}

pub fn outcome_exhaustion(outcome: &ScenarioOutcome) -> String {
    outcome.projected_exhaustion_date.map_or_else(
        || text().optimiser.not_before_completion.to_owned(),
        format::date,
    )
}

pub fn interval(outcome: &ScenarioOutcome, currency: Option<&str>) -> String {
    (text().optimiser.interval)(
        &format::money(&outcome.interval_80.low, currency),
        &format::money(&outcome.interval_80.high, currency),
    )
}

/// The rows of the answer's table, in the order people read them.
fn figure_rows(evaluation: &ScenarioEvaluation) -> Vec<FigureRow> {
    let currency = evaluation.currency.as_deref();
    let words = &text().optimiser;
    let (baseline, scenario, difference) = (
        &evaluation.baseline,
        &evaluation.scenario,
        &evaluation.difference,
    );
    vec![
        FigureRow {
            label: words.cost_at_completion,
            testid: "scenario-cost",
            baseline: format::money(&baseline.projected_cost_at_completion, currency),
            scenario: format::money(&scenario.projected_cost_at_completion, currency),
            difference: format::money_change(&difference.projected_cost_at_completion, currency),
            difference_value: Some(difference.projected_cost_at_completion.to_string()),
        },
        FigureRow {
            label: words.interval_80,
            testid: "scenario-interval",
            baseline: interval(baseline, currency),
            scenario: interval(scenario, currency),
            difference: String::new(),
            difference_value: None,
        },
        FigureRow {
            label: words.probability_of_overrun,
            testid: "scenario-overrun",
            baseline: format::percent(baseline.probability_over_budget.as_ref()),
            scenario: format::percent(scenario.probability_over_budget.as_ref()),
            difference: format::points_change(difference.probability_over_budget.as_ref()),
            difference_value: difference
                .probability_over_budget
                .map(|points| points.to_string()),
        },
        FigureRow {
            label: words.budget_runs_out,
            testid: "scenario-exhaustion",
            baseline: outcome_exhaustion(baseline),
            scenario: outcome_exhaustion(scenario),
            difference: format::days_change(difference.exhaustion_days),
            difference_value: difference.exhaustion_days.map(|days| days.to_string()),
        },
        FigureRow {
            label: words.roi,
            testid: "scenario-roi",
            baseline: format::percent(baseline.roi_percent.as_ref()),
            scenario: format::percent(scenario.roi_percent.as_ref()),
            difference: format::points_change(difference.roi_percent.as_ref()),
            difference_value: difference.roi_percent.map(|points| points.to_string()),
        },
    ]
}

/// The index and the rest of a field path of stored changes: `daily_costs[2].from` →
/// `("daily_costs", 2, "from")`; `due_date` → `("due_date", 0, "")`.
fn field_parts(field: &str) -> (&str, usize, &str) {
    let (head, rest) = field.split_once('.').unwrap_or((field, ""));
    match head.split_once('[') {
        Some((list, index)) => (list, index.trim_end_matches(']').parse().unwrap_or(0), rest),
        None => (head, 0, rest),
    }
}

/// A change of the stored changes in a few words, for an adjustment: `"The daily cost of
/// $100.00"`; `None` when the field names nothing stored.
fn stored_change(
    stored: &ScenarioInput,
    list: &str,
    index: usize,
    currency: Option<&str>,
    names: &Names<'_>,
) -> Option<String> {
    let words = &text().optimiser;
    match list {
        "daily_costs" => stored
            .daily_costs
            .get(index)
            .map(|cost| (words.stored_daily_cost)(&format::money_decimal(cost.amount, currency))),
        "people" => stored.people.get(index).map(|person| {
            let (hours, taken_away) = people_hours(person.hours_per_week);
            (words.stored_people)(&hours, taken_away)
        }),
        "rates" => stored.rates.get(index).map(|rate| {
            (words.stored_rate)(
                &names.person(rate.user_id),
                &format::money_decimal(rate.cost_rate, currency),
            )
        }),
        "tasks" => stored.tasks.get(index).map(|task| match task.task_id {
            Some(id) => (words.stored_task)(&names.task(id)),
            None => words.stored_task_added.to_owned(),
        }),
        "due_date" => stored
            .due_date
            .map(|due| (words.stored_due_date)(&format::date(due))),
        _ => None,
    }
}

/// What became of one stored change, in words: `"The daily cost of $100.00 from 26 Nov 2026
/// now starts 6 Dec 2026"`, `"The due date 30 Nov 2026 is left out: 2026-11-30 has passed"`.
/// `as_of` is the day of the evaluation; a moved change starts the day after.
pub fn adjustment_text(
    stored: &ScenarioInput,
    adjustment: &ScenarioAdjustment,
    as_of: NaiveDate,
    currency: Option<&str>,
    names: &Names<'_>,
) -> String {
    let words = &text().optimiser;
    let (list, index, _) = field_parts(&adjustment.field);
    let change = stored_change(stored, list, index, currency, names)
        .unwrap_or_else(|| (words.stored_unknown)(&adjustment.field));
    match adjustment.adjustment {
        AdjustmentKind::MovedToTomorrow => {
            let from = match list {
                "daily_costs" => stored.daily_costs.get(index).map(|cost| cost.from),
                "people" => stored.people.get(index).map(|person| person.from),
                "rates" => stored.rates.get(index).map(|rate| rate.from),
                _ => None,
            };
            let tomorrow = as_of.succ_opt().unwrap_or(as_of);
            match from {
                Some(from) => {
                    (words.moved_from)(&change, &format::date(from), &format::date(tomorrow))
                }
                None => (words.moved)(&change, &format::date(tomorrow)),
            }
        }
        AdjustmentKind::LeftOut => (words.left_out)(&change, &adjustment.reason),
    }
}

/// The names of the board's people and tasks, for changes that name them by id.
pub struct Names<'a> {
    pub people: &'a [(i64, String)],
    pub tasks: &'a [(i64, String)],
}

impl Names<'_> {
    fn find(list: &[(i64, String)], id: i64) -> Option<&str> {
        list.iter()
            .find(|(candidate, _)| *candidate == id)
            .map(|(_, name)| name.as_str())
    }

    fn person(&self, id: i64) -> String {
        Self::find(self.people, id)
            .map_or_else(|| (text().optimiser.person_by_id)(id), str::to_owned)
    }

    fn task(&self, id: i64) -> String {
        let words = &text().optimiser;
        Self::find(self.tasks, id).map_or_else(|| (words.task_by_id)(id), words.task_title)
    }
}

/// Hours a week as the words take them: how many, and whether they are taken away.
fn people_hours(hours: Decimal) -> (String, bool) {
    (hours.abs().to_string(), hours.is_sign_negative())
}

/// The changes of a scenario as a readable list, one line a change: tasks deferred by title,
/// people's hours a week, rates by person.
pub fn change_lines(
    input: &ScenarioInput,
    currency: Option<&str>,
    names: &Names<'_>,
) -> Vec<String> {
    let words = &text().optimiser;
    let money = |value: Decimal| format::money_decimal(value, currency);
    let until = |until: Option<NaiveDate>| until.map(format::date);
    let mut lines = Vec::new();
    if let Some(budget) = input.budget {
        lines.push((words.budget_line)(&money(budget)));
    }
    if let Some(due) = input.due_date {
        lines.push((words.due_date_line)(&format::date(due)));
    }
    for cost in &input.daily_costs {
        lines.push((words.daily_cost_line)(
            &money(cost.amount),
            &format::date(cost.from),
            until(cost.until).as_deref(),
        ));
    }
    for person in &input.people {
        let (hours, taken_away) = people_hours(person.hours_per_week);
        lines.push((words.people_line)(
            &hours,
            taken_away,
            &money(person.hourly_cost),
            &format::date(person.from),
            until(person.until).as_deref(),
        ));
    }
    for rate in &input.rates {
        lines.push((words.rate_line)(
            &names.person(rate.user_id),
            &money(rate.cost_rate),
            &format::date(rate.from),
        ));
    }
    for task in &input.tasks {
        lines.push(match task.task_id {
            Some(id) if task.estimated_cost.is_zero() => (words.task_deferred)(&names.task(id)),
            Some(id) => (words.task_reestimated)(&names.task(id), &money(task.estimated_cost)),
            None => (words.task_added_line)(&money(task.estimated_cost)),
        });
    }
    lines
}

/// A short list of lines (changes or adjustments) under its heading; nothing when empty.
#[component]
pub fn LineList(heading: &'static str, testid: &'static str, lines: Vec<String>) -> impl IntoView {
    (!lines.is_empty()).then(|| {
        let items = lines
            .into_iter()
            .map(|line| view! { <li>{line}</li> })
            .collect_view();
        view! {
            <h3>{heading}</h3>
            <ul class="plain-list" data-testid=testid>{items}</ul>
        }
    })
}

/// The forecast without and with the changes, their difference, and both drawn together;
/// `children` (the changes and adjustments in words) under the heading.
#[component]
pub fn ScenarioAnswer(
    evaluation: ScenarioEvaluation,
    /// What the changes are called: "the changes", or a saved scenario's name.
    #[prop(into)]
    heading: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let rows = figure_rows(&evaluation)
        .into_iter()
        .map(|row| {
            view! {
                <tr data-testid=row.testid>
                    <th scope="row">{row.label}</th>
                    <td class="num">{row.baseline}</td>
                    <td class="num">{row.scenario}</td>
                    <td
                        class="num scenario-difference"
                        data-testid=format!("{}-difference", row.testid)
                        data-value=row.difference_value
                    >
                        {row.difference}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let words = &text().optimiser;
    let caption = (words.caption)(
        &format::date(evaluation.as_of),
        &labels::forecast_method(&evaluation.method),
    );
    let currency = evaluation.currency.clone();
    view! {
        <section class="card" data-testid="scenario-answer">
            <h2>{heading}</h2>
            {children.map(|children| children())}
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption class="hint">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{words.figure_column}</th>
                            <th scope="col" class="num">{words.todays_plan}</th>
                            <th scope="col" class="num">{words.with_the_changes}</th>
                            <th scope="col" class="num">{words.difference_column}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScenarioChart
                rows=vec![
                    (words.todays_plan.to_owned(), evaluation.baseline),
                    (words.with_the_changes.to_owned(), evaluation.scenario),
                ]
                currency=currency
            />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::scenario::{DailyCostChange, PeopleChange, RateChange, TaskChange};
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn stored() -> ScenarioInput {
        ScenarioInput {
            due_date: Some(day("2026-11-30")),
            daily_costs: vec![DailyCostChange {
                amount: d("100.00"),
                from: day("2026-11-26"),
                until: None,
            }],
            people: vec![PeopleChange {
                hours_per_week: d("-20.00"),
                hourly_cost: d("85.00"),
                from: day("2026-12-01"),
                until: Some(day("2027-01-31")),
            }],
            rates: vec![RateChange {
                user_id: 3,
                cost_rate: d("95.00"),
                from: day("2026-12-01"),
            }],
            tasks: vec![
                TaskChange {
                    task_id: Some(8),
                    estimated_cost: Decimal::ZERO,
                },
                TaskChange {
                    task_id: Some(9),
                    estimated_cost: d("2500"),
                },
                TaskChange {
                    task_id: None,
                    estimated_cost: d("4000"),
                },
            ],
            ..ScenarioInput::default()
        }
    }

    fn names_of<'a>(people: &'a [(i64, String)], tasks: &'a [(i64, String)]) -> Names<'a> {
        Names { people, tasks }
    }

    #[test]
    fn a_moved_change_says_when_it_now_starts() {
        let (people, tasks) = (vec![(3, "Ana".to_owned())], vec![]);
        let names = names_of(&people, &tasks);
        let moved = ScenarioAdjustment {
            field: "daily_costs[0].from".into(),
            adjustment: AdjustmentKind::MovedToTomorrow,
            reason: "2026-11-26 has passed: starts on 2026-12-06".into(),
        };
        assert_eq!(
            adjustment_text(&stored(), &moved, day("2026-12-05"), Some("USD"), &names),
            "The daily cost of $100.00 from 26 Nov 2026 now starts 6 Dec 2026"
        );
        let rate = ScenarioAdjustment {
            field: "rates[0].from".into(),
            ..moved.clone()
        };
        assert_eq!(
            adjustment_text(&stored(), &rate, day("2026-12-05"), Some("USD"), &names),
            "Ana's new rate of $95.00 from 1 Dec 2026 now starts 6 Dec 2026"
        );
    }

    #[test]
    fn a_change_left_out_says_why() {
        let (people, tasks) = (vec![], vec![(8, "Blog".to_owned())]);
        let names = names_of(&people, &tasks);
        let due = ScenarioAdjustment {
            field: "due_date".into(),
            adjustment: AdjustmentKind::LeftOut,
            reason: "2026-11-30 has passed".into(),
        };
        assert_eq!(
            adjustment_text(&stored(), &due, day("2026-12-05"), None, &names),
            "The due date 30 Nov 2026 is left out: 2026-11-30 has passed"
        );
        let task = ScenarioAdjustment {
            field: "tasks[0].task_id".into(),
            adjustment: AdjustmentKind::LeftOut,
            reason: "is not a task of this board".into(),
        };
        assert_eq!(
            adjustment_text(&stored(), &task, day("2026-12-05"), None, &names),
            "The change to “Blog” is left out: is not a task of this board"
        );
        let unknown = ScenarioAdjustment {
            field: "people[4].until".into(),
            ..task
        };
        assert_eq!(
            adjustment_text(&stored(), &unknown, day("2026-12-05"), None, &names),
            "The change people[4].until is left out: is not a task of this board"
        );
    }

    #[test]
    fn the_changes_read_as_a_list() {
        let (people, tasks) = (
            vec![(3, "Ana".to_owned())],
            vec![(8, "Blog".to_owned()), (9, "Search".to_owned())],
        );
        let names = names_of(&people, &tasks);
        assert_eq!(
            change_lines(&stored(), Some("USD"), &names),
            vec![
                "Due date 30 Nov 2026",
                "$100.00 a day from 26 Nov 2026",
                "20.00 h a week taken away at $85.00 an hour from 1 Dec 2026 to 31 Jan 2027",
                "Ana costs $95.00 an hour from 1 Dec 2026",
                "“Blog” deferred",
                "“Search” re-estimated at $2,500.00",
                "A task added, estimated at $4,000.00",
            ]
        );
        let gone = names_of(&[], &[]);
        assert_eq!(
            change_lines(
                &ScenarioInput {
                    tasks: vec![TaskChange {
                        task_id: Some(8),
                        estimated_cost: Decimal::ZERO
                    }],
                    ..ScenarioInput::default()
                },
                None,
                &gone
            ),
            vec!["Task 8 deferred"]
        );
    }

    #[test]
    fn field_paths_split_into_list_index_and_field() {
        assert_eq!(
            field_parts("daily_costs[2].from"),
            ("daily_costs", 2, "from")
        );
        assert_eq!(field_parts("due_date"), ("due_date", 0, ""));
    }
}
