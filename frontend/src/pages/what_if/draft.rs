//! The what-if form's levers as typed, read into the API's `ScenarioInput`, and the API's field
//! names mapped back onto the form's inputs.
//!
//! Each input is named by the field it fills when every lever is used: the task added is
//! `tasks[0]`, the task re-estimated or removed `tasks[1]`. A lever left blank is not sent, so
//! the API may name a change by another place ([`ScenarioDraft::form_error`] renames it), and a
//! saved scenario's changes are named under `changes.`.

use budget_contract::problem::{FieldError, ProblemCode};
use budget_contract::scenario::{
    DailyCostChange, PeopleChange, RateChange, ScenarioInput, TaskChange,
};
use budget_contract::Decimal;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::format::{parse_decimal, parse_optional_date};

/// What the inputs hold, as typed. A lever left blank is not part of the scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioDraft {
    pub budget: String,
    pub due_date: String,
    pub daily_amount: String,
    pub daily_from: String,
    pub daily_until: String,
    pub person_hours: String,
    pub person_cost: String,
    pub person_from: String,
    pub person_until: String,
    /// The member whose cost rate changes: their user id, as the select's value.
    pub rate_person: String,
    pub rate_cost: String,
    pub rate_from: String,
    /// The estimated cost of a task added to the scope.
    pub task_cost: String,
    /// The board's task re-estimated or removed: its id, as the select's value.
    pub task_id: String,
    /// Its new estimate; 0 removes it.
    pub task_estimate: String,
}

/// Collects the fields that are not a number or a date at all, under the form's field names.
#[derive(Default)]
struct Problems(Vec<(String, String)>);

impl Problems {
    /// `text` read by `parse` (none when empty), or the field's problem noted.
    fn read<T>(
        &mut self,
        field: &str,
        text: &str,
        parse: fn(&str) -> Result<Option<T>, String>,
    ) -> Option<T> {
        parse(text).unwrap_or_else(|message| {
            self.0.push((field.to_owned(), message));
            None
        })
    }

    /// The same for a value the lever needs once any of its inputs is filled.
    fn required<T>(
        &mut self,
        field: &str,
        text: &str,
        parse: fn(&str) -> Result<Option<T>, String>,
    ) -> Option<T> {
        if text.trim().is_empty() {
            self.0.push((
                field.to_owned(),
                crate::text::text().optimiser.required_message.to_owned(),
            ));
            return None;
        }
        self.read(field, text, parse)
    }

    fn decimal(&mut self, field: &str, text: &str) -> Option<Decimal> {
        self.read(field, text, parse_decimal)
    }

    fn required_decimal(&mut self, field: &str, text: &str) -> Option<Decimal> {
        self.required(field, text, parse_decimal)
    }

    fn date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        self.read(field, text, parse_optional_date)
    }

    fn required_date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        self.required(field, text, parse_optional_date)
    }

    fn required_choice(&mut self, field: &str, text: &str) -> Option<i64> {
        self.required(field, text, parse_choice)
    }
}

/// The id a select's option carries.
fn parse_choice(text: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| crate::text::text().optimiser.choose_from_list.to_owned())
}

fn filled(texts: &[&str]) -> bool {
    texts.iter().any(|text| !text.trim().is_empty())
}

/// The form's name of the task re-estimated or removed, whatever place it is sent at.
const REESTIMATED_TASK: &str = "tasks[1]";

impl ScenarioDraft {
    /// The request body, or every field that is not a number or a date at all, or that a lever
    /// in use lacks. Ranges and "after today" are left to the API, whose messages the form
    /// shows.
    pub fn to_input(&self) -> Result<ScenarioInput, ApiError> {
        let mut problems = Problems::default();
        let budget = problems.decimal("budget", &self.budget);
        let due_date = problems.date("due_date", &self.due_date);
        let mut input = ScenarioInput {
            budget,
            due_date,
            ..ScenarioInput::default()
        };
        if filled(&[&self.daily_amount, &self.daily_from, &self.daily_until]) {
            let amount = problems.required_decimal("daily_costs[0].amount", &self.daily_amount);
            let from = problems.required_date("daily_costs[0].from", &self.daily_from);
            let until = problems.date("daily_costs[0].until", &self.daily_until);
            if let (Some(amount), Some(from)) = (amount, from) {
                input.daily_costs.push(DailyCostChange {
                    amount,
                    from,
                    until,
                });
            }
        }
        if filled(&[
            &self.person_hours,
            &self.person_cost,
            &self.person_from,
            &self.person_until,
        ]) {
            let hours = problems.required_decimal("people[0].hours_per_week", &self.person_hours);
            let cost = problems.required_decimal("people[0].hourly_cost", &self.person_cost);
            let from = problems.required_date("people[0].from", &self.person_from);
            let until = problems.date("people[0].until", &self.person_until);
            if let (Some(hours_per_week), Some(hourly_cost), Some(from)) = (hours, cost, from) {
                input.people.push(PeopleChange {
                    hours_per_week,
                    hourly_cost,
                    from,
                    until,
                });
            }
        }
        if filled(&[&self.rate_person, &self.rate_cost, &self.rate_from]) {
            let user_id = problems.required_choice("rates[0].user_id", &self.rate_person);
            let cost_rate = problems.required_decimal("rates[0].cost_rate", &self.rate_cost);
            let from = problems.required_date("rates[0].from", &self.rate_from);
            if let (Some(user_id), Some(cost_rate), Some(from)) = (user_id, cost_rate, from) {
                input.rates.push(RateChange {
                    user_id,
                    cost_rate,
                    from,
                });
            }
        }
        if let Some(estimated_cost) = problems.decimal("tasks[0].estimated_cost", &self.task_cost) {
            input.tasks.push(TaskChange {
                task_id: None,
                estimated_cost,
            });
        }
        if filled(&[&self.task_id, &self.task_estimate]) {
            let task_id = problems.required_choice("tasks[1].task_id", &self.task_id);
            let estimate =
                problems.required_decimal("tasks[1].estimated_cost", &self.task_estimate);
            if let (Some(task_id), Some(estimated_cost)) = (task_id, estimate) {
                input.tasks.push(TaskChange {
                    task_id: Some(task_id),
                    estimated_cost,
                });
            }
        }
        if problems.0.is_empty() {
            Ok(input)
        } else {
            Err(ApiError::local(
                problems
                    .0
                    .iter()
                    .map(|(field, message)| (field.as_str(), message.clone())),
            ))
        }
    }

    /// The form's name of a field the API named in an answer to this draft: a saved scenario's
    /// `changes.` taken off, and the task re-estimated or removed named `tasks[1]` when it was
    /// sent first (no task added).
    pub fn form_field(&self, api_field: &str) -> String {
        let field = api_field.strip_prefix("changes.").unwrap_or(api_field);
        let task_added = !self.task_cost.trim().is_empty();
        match field.strip_prefix("tasks[0]") {
            Some(rest) if !task_added => format!("{REESTIMATED_TASK}{rest}"),
            _ => field.to_owned(),
        }
    }

    /// The API's error to this draft, with its fields named as the form names them, so each
    /// message stands beside its input. A name already taken on the board (409) is the name
    /// field's error.
    pub fn form_error(&self, mut error: ApiError) -> ApiError {
        let name_taken = error.problem_code() == Some(ProblemCode::ScenarioNameTaken);
        let message = error.message.clone();
        if let Some(problem) = error.problem.as_mut() {
            for field_error in &mut problem.errors {
                field_error.field = self.form_field(&field_error.field);
            }
            if name_taken && problem.errors.is_empty() {
                problem.errors.push(FieldError {
                    field: "name".to_owned(),
                    code: problem.code.clone(),
                    message,
                });
            }
        }
        error
    }
}

/// The form's inputs, one signal each.
#[derive(Clone, Copy)]
pub struct DraftInputs {
    pub budget: RwSignal<String>,
    pub due_date: RwSignal<String>,
    pub daily_amount: RwSignal<String>,
    pub daily_from: RwSignal<String>,
    pub daily_until: RwSignal<String>,
    pub person_hours: RwSignal<String>,
    pub person_cost: RwSignal<String>,
    pub person_from: RwSignal<String>,
    pub person_until: RwSignal<String>,
    pub rate_person: RwSignal<String>,
    pub rate_cost: RwSignal<String>,
    pub rate_from: RwSignal<String>,
    pub task_cost: RwSignal<String>,
    pub task_id: RwSignal<String>,
    pub task_estimate: RwSignal<String>,
}

impl DraftInputs {
    pub fn new() -> Self {
        Self {
            budget: RwSignal::new(String::new()),
            due_date: RwSignal::new(String::new()),
            daily_amount: RwSignal::new(String::new()),
            daily_from: RwSignal::new(String::new()),
            daily_until: RwSignal::new(String::new()),
            person_hours: RwSignal::new(String::new()),
            person_cost: RwSignal::new(String::new()),
            person_from: RwSignal::new(String::new()),
            person_until: RwSignal::new(String::new()),
            rate_person: RwSignal::new(String::new()),
            rate_cost: RwSignal::new(String::new()),
            rate_from: RwSignal::new(String::new()),
            task_cost: RwSignal::new(String::new()),
            task_id: RwSignal::new(String::new()),
            task_estimate: RwSignal::new(String::new()),
        }
    }

    /// What the inputs hold now.
    pub fn draft(&self) -> ScenarioDraft {
        ScenarioDraft {
            budget: self.budget.get_untracked(),
            due_date: self.due_date.get_untracked(),
            daily_amount: self.daily_amount.get_untracked(),
            daily_from: self.daily_from.get_untracked(),
            daily_until: self.daily_until.get_untracked(),
            person_hours: self.person_hours.get_untracked(),
            person_cost: self.person_cost.get_untracked(),
            person_from: self.person_from.get_untracked(),
            person_until: self.person_until.get_untracked(),
            rate_person: self.rate_person.get_untracked(),
            rate_cost: self.rate_cost.get_untracked(),
            rate_from: self.rate_from.get_untracked(),
            task_cost: self.task_cost.get_untracked(),
            task_id: self.task_id.get_untracked(),
            task_estimate: self.task_estimate.get_untracked(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::problem::Problem;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn api_error(status: u16, code: &str, fields: &[&str]) -> ApiError {
        let errors: Vec<serde_json::Value> = fields
            .iter()
            .map(|field| serde_json::json!({"field": field, "code": "invalid", "message": "bad"}))
            .collect();
        let problem: Problem = serde_json::from_value(serde_json::json!({
            "type": format!("urn:budget-roi:problem:{code}"),
            "title": "Refused",
            "status": status,
            "detail": "A scenario of this name is already saved on the board.",
            "code": code,
            "errors": errors,
        }))
        .unwrap();
        ApiError {
            status,
            problem: Some(Box::new(problem)),
            message: "A scenario of this name is already saved on the board.".into(),
        }
    }

    #[test]
    fn an_empty_draft_is_the_baseline() {
        let input = ScenarioDraft::default().to_input().unwrap();
        assert_eq!(input, ScenarioInput::default());
    }

    #[test]
    fn each_lever_filled_becomes_one_change() {
        let draft = ScenarioDraft {
            budget: "60,000".into(),
            due_date: "2027-03-31".into(),
            daily_amount: "100.00".into(),
            daily_from: "2026-11-26".into(),
            person_hours: "-20".into(),
            person_cost: "85".into(),
            person_from: "2026-12-01".into(),
            person_until: "2027-01-31".into(),
            rate_person: "7".into(),
            rate_cost: "95.50".into(),
            rate_from: "2026-12-01".into(),
            task_cost: "4000".into(),
            task_id: "12".into(),
            task_estimate: "0".into(),
            ..ScenarioDraft::default()
        };
        let input = draft.to_input().unwrap();
        assert_eq!(input.budget, Some(d("60000")));
        assert_eq!(input.due_date, NaiveDate::from_ymd_opt(2027, 3, 31));
        assert_eq!(input.daily_costs.len(), 1);
        assert_eq!(input.daily_costs[0].amount, d("100.00"));
        assert_eq!(input.daily_costs[0].until, None);
        assert_eq!(input.people[0].hours_per_week, d("-20"));
        assert_eq!(input.people[0].until, NaiveDate::from_ymd_opt(2027, 1, 31));
        assert_eq!(
            input.rates,
            vec![RateChange {
                user_id: 7,
                cost_rate: d("95.50"),
                from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            }]
        );
        assert_eq!(
            input.tasks,
            vec![
                TaskChange {
                    task_id: None,
                    estimated_cost: d("4000"),
                },
                TaskChange {
                    task_id: Some(12),
                    estimated_cost: Decimal::ZERO,
                },
            ]
        );
    }

    #[test]
    fn a_lever_half_filled_is_flagged_on_its_missing_fields() {
        let draft = ScenarioDraft {
            daily_amount: "100".into(),
            person_cost: "lots".into(),
            rate_cost: "90".into(),
            task_estimate: "2500".into(),
            ..ScenarioDraft::default()
        };
        let error = draft.to_input().unwrap_err();
        assert!(error.field("daily_costs[0].from").is_some());
        assert!(error.field("daily_costs[0].amount").is_none());
        assert!(error.field("people[0].hours_per_week").is_some());
        assert!(error.field("people[0].hourly_cost").is_some());
        assert!(error.field("people[0].from").is_some());
        assert!(error.field("rates[0].user_id").is_some());
        assert!(error.field("rates[0].from").is_some());
        assert!(error.field("rates[0].cost_rate").is_none());
        assert!(error.field("tasks[1].task_id").is_some());
        assert!(error.field("tasks[1].estimated_cost").is_none());
    }

    #[test]
    fn a_saved_scenarios_fields_stand_beside_the_previews_inputs() {
        let draft = ScenarioDraft {
            daily_amount: "100".into(),
            task_id: "12".into(),
            task_estimate: "-1".into(),
            ..ScenarioDraft::default()
        };
        assert_eq!(
            draft.form_field("changes.daily_costs[0].from"),
            "daily_costs[0].from"
        );
        assert_eq!(draft.form_field("name"), "name");
        // No task added: the task re-estimated was sent first.
        assert_eq!(
            draft.form_field("changes.tasks[0].estimated_cost"),
            "tasks[1].estimated_cost"
        );
        assert_eq!(draft.form_field("tasks[0].task_id"), "tasks[1].task_id");
        let with_added = ScenarioDraft {
            task_cost: "4000".into(),
            ..draft.clone()
        };
        assert_eq!(
            with_added.form_field("changes.tasks[0].estimated_cost"),
            "tasks[0].estimated_cost"
        );
        assert_eq!(
            with_added.form_field("changes.tasks[1].estimated_cost"),
            "tasks[1].estimated_cost"
        );

        let error = draft.form_error(api_error(
            422,
            "validation_failed",
            &["name", "changes.daily_costs[0].from"],
        ));
        assert!(error.field("name").is_some());
        assert!(error.field("daily_costs[0].from").is_some());
        assert!(error.field("changes.daily_costs[0].from").is_none());
    }

    #[test]
    fn a_name_already_taken_is_the_name_fields_error() {
        let error = ScenarioDraft::default().form_error(api_error(409, "scenario_name_taken", &[]));
        assert_eq!(
            error.field("name").as_deref(),
            Some("A scenario of this name is already saved on the board.")
        );
        assert_eq!(error.code(), Some("scenario_name_taken"));
        assert!(error.has_field_errors());
    }
}
