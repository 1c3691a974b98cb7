//! The words of the what-if screen (scenarios tried, saved and compared, a recommendation's
//! effect), the recommendations screen, the optimiser's answers and the learned cost patterns.

pub struct Words {
    // The what-if screen and its form
    /// The screen's name after the board's in the heading.
    pub what_if_section: &'static str,
    pub viewer_notice: &'static str,
    /// The answer's heading for the levers on the screen.
    pub preview_heading: &'static str,
    pub form_heading: &'static str,
    pub form_hint: &'static str,
    pub budget_label: &'static str,
    pub budget_hint: &'static str,
    pub due_date_label: &'static str,
    pub daily_cost_legend: &'static str,
    pub per_day_label: &'static str,
    pub from_label: &'static str,
    pub until_label: &'static str,
    pub until_hint: &'static str,
    pub person_legend: &'static str,
    pub hours_per_week_label: &'static str,
    pub hours_per_week_hint: &'static str,
    pub cost_per_hour_label: &'static str,
    pub rate_legend: &'static str,
    pub member_label: &'static str,
    pub member_blank: &'static str,
    pub rate_cost_hint: &'static str,
    pub task_added_label: &'static str,
    pub task_added_hint: &'static str,
    pub task_legend: &'static str,
    pub task_label: &'static str,
    pub task_blank: &'static str,
    pub new_estimate_label: &'static str,
    pub new_estimate_hint: &'static str,
    pub try_button: &'static str,
    pub try_pending: &'static str,
    pub save_as_label: &'static str,
    pub save_as_hint: &'static str,
    pub save_button: &'static str,
    pub save_pending: &'static str,
    pub changes_heading: &'static str,
    pub adjustments_heading: &'static str,
    /// Beside a lever's input left blank while the lever is in use.
    pub required_message: &'static str,
    /// Beside a select whose value is not one of its options.
    pub choose_from_list: &'static str,

    // A recommendation's effect
    /// The effect's heading when the recommendation itself could not be read.
    pub effect_heading: &'static str,
    pub effect_of: fn(title: &str) -> String,

    // The answer: both plans side by side
    pub cost_at_completion: &'static str,
    pub interval_80: &'static str,
    pub probability_of_overrun: &'static str,
    pub budget_runs_out: &'static str,
    pub roi: &'static str,
    /// When the budget does not run out before the work is done.
    pub not_before_completion: &'static str,
    /// The 80 % interval of a cost, from its low to its high end.
    pub interval: fn(low: &str, high: &str) -> String,
    /// Under the table: the day of the forecast and its method.
    pub caption: fn(date: &str, method: &str) -> String,
    pub figure_column: &'static str,
    pub todays_plan: &'static str,
    pub with_the_changes: &'static str,
    pub difference_column: &'static str,

    // The changes, one line each
    pub budget_line: fn(budget: &str) -> String,
    pub due_date_line: fn(date: &str) -> String,
    pub daily_cost_line: fn(amount: &str, from: &str, until: Option<&str>) -> String,
    pub people_line:
        fn(hours: &str, taken_away: bool, cost: &str, from: &str, until: Option<&str>) -> String,
    pub rate_line: fn(person: &str, cost: &str, from: &str) -> String,
    /// `task` as [`Self::task_title`] or [`Self::task_by_id`] names it; it starts the line.
    pub task_deferred: fn(task: &str) -> String,
    pub task_reestimated: fn(task: &str, cost: &str) -> String,
    pub task_added_line: fn(cost: &str) -> String,
    /// A person the screen has no name for.
    pub person_by_id: fn(id: i64) -> String,
    /// A task the screen has no title for.
    pub task_by_id: fn(id: i64) -> String,
    pub task_title: fn(title: &str) -> String,

    // What became of a saved change that no longer applied as saved
    pub stored_daily_cost: fn(amount: &str) -> String,
    pub stored_people: fn(hours: &str, taken_away: bool) -> String,
    pub stored_rate: fn(person: &str, cost: &str) -> String,
    pub stored_task: fn(task: &str) -> String,
    pub stored_task_added: &'static str,
    pub stored_due_date: fn(date: &str) -> String,
    /// A change the screen cannot describe, by the API's name of its field.
    pub stored_unknown: fn(field: &str) -> String,
    /// `change` is one of the `stored_*` phrases.
    pub moved_from: fn(change: &str, from: &str, tomorrow: &str) -> String,
    pub moved: fn(change: &str, tomorrow: &str) -> String,
    pub left_out: fn(change: &str, reason: &str) -> String,

    // Saved scenarios and their comparison
    pub opened_heading: fn(name: &str) -> String,
    pub saved_heading: &'static str,
    pub saved_hint: &'static str,
    pub saved_empty: &'static str,
    pub compare_column: &'static str,
    pub name_column: &'static str,
    pub saved_column: &'static str,
    pub actions_column: &'static str,
    pub compare_button: fn(checked: usize) -> String,
    pub compare_checkbox: fn(name: &str) -> String,
    pub open_button: &'static str,
    pub delete_confirm: &'static str,
    pub comparison_heading: &'static str,
    pub plan_column: &'static str,
    pub difference_in_cost_column: &'static str,

    // The recommendations screen
    pub heading: &'static str,
    pub generate_heading: &'static str,
    pub generate_intro: &'static str,
    pub generate_button: &'static str,
    pub working_label: &'static str,
    pub working_text: &'static str,
    pub generated: fn(created: u32, already_pending: u32) -> String,
    pub list_heading: &'static str,
    pub list_label: &'static str,
    pub status_label: &'static str,
    pub type_label: &'static str,
    /// The filters' option that filters nothing.
    pub all_option: &'static str,
    pub no_match: &'static str,
    pub empty_list: &'static str,

    // A recommendation
    pub priority: fn(priority: &str) -> String,
    /// Before the estimated savings, in their own element.
    pub saves_about: &'static str,
    pub confidence: fn(score: i32) -> String,
    pub by_source: fn(source: &str) -> String,
    pub why_summary: &'static str,
    /// Before the realised savings, in their own element.
    pub realised_savings: &'static str,
    pub review_note: fn(note: &str) -> String,
    pub effect_link: &'static str,
    pub accept_confirm: fn(title: &str) -> String,
    pub reject_confirm: fn(title: &str) -> String,
    pub implement_confirm: fn(title: &str) -> String,
    pub confirm_label: &'static str,
    pub realised_savings_label: &'static str,
    pub note_label: &'static str,
    /// `action` is the action's button label.
    pub confirm_button: fn(action: &str) -> String,
    pub cancel_button: &'static str,

    // Budget health
    pub analysis_heading: &'static str,
    pub analyse_button: &'static str,
    pub analyse_pending: &'static str,
    /// Between the health score and the status, each in its own element.
    pub health_scale: &'static str,
    pub risks_heading: &'static str,
    /// Between a risk's title and its detail.
    pub risk_separator: &'static str,
    pub no_risks: &'static str,
    pub based_on: fn(spent: &str, per_day: &str, done: u64, total: u64, over: u64) -> String,

    // Overrun prediction
    pub prediction_heading: &'static str,
    pub predict_button: &'static str,
    pub predict_pending: &'static str,
    pub will_exceed: &'static str,
    pub will_stay_within: &'static str,
    pub prediction_figures: fn(median: &str, low: &str, high: &str, chance: &str) -> String,
    pub drivers_heading: &'static str,
    pub no_driver: &'static str,
    pub driver_column: &'static str,
    pub detail_column: &'static str,
    pub impact_column: &'static str,

    // The optimiser's answers on every screen
    pub no_budget_refusal: &'static str,
    pub ai_disabled_refusal: &'static str,
    pub role_refusal: &'static str,
    /// Before the engine's name, in its own element.
    pub answered_by: &'static str,
    pub answered_model: fn(model: &str) -> String,
    pub answered_at: fn(time: &str) -> String,
    pub fallback_reason: fn(reason: &str) -> String,

    // Learned cost patterns
    pub patterns_heading: &'static str,
    pub patterns_label: &'static str,
    pub patterns_empty: &'static str,
    pub pattern_confidence: fn(percent: &str) -> String,
    pub pattern_seen: fn(count: i32) -> String,
    pub pattern_last: fn(time: &str) -> String,
}

/// `text` with its first letter in capitals (`"task 8"` → `"Task 8"`).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Hours a week in words: `"20.00 h a week added"`, `"20.00 h a week taken away"`.
fn hours_a_week(hours: &str, taken_away: bool) -> String {
    let direction = if taken_away { "taken away" } else { "added" };
    format!("{hours} h a week {direction}")
}

/// From a day, and until one when given: `"from 1 Dec 2026"`, `"from 1 Dec 2026 to 31 Jan 2027"`.
fn days(from: &str, until: Option<&str>) -> String {
    match until {
        Some(until) => format!("from {from} to {until}"),
        None => format!("from {from}"),
    }
}

pub const ENGLISH: Words = Words {
    what_if_section: "what if",
    viewer_notice: "Only the board's editors and admins can try changes to its plan; you can read its forecast on the dashboard.",
    preview_heading: "Today's plan and with the changes",
    form_heading: "Try changes to the plan",
    form_hint: "Every lever is optional; leave one blank to keep today's plan. Days must be after today. Nothing is saved unless you save the levers under a name.",
    budget_label: "New budget",
    budget_hint: "In the budget's currency.",
    due_date_label: "New due date",
    daily_cost_legend: "A fixed daily cost (a licence, a rented room)",
    per_day_label: "Per day",
    from_label: "From",
    until_label: "Until (optional)",
    until_hint: "Blank: to the end.",
    person_legend: "A person added, or time taken away",
    hours_per_week_label: "Hours per week",
    hours_per_week_hint: "Negative for time taken away, e.g. -20.",
    cost_per_hour_label: "Cost per hour",
    rate_legend: "A person's new cost rate",
    member_label: "Member",
    member_blank: "Choose a member…",
    rate_cost_hint: "Applied to their hours of the last 28 days.",
    task_added_label: "A task added",
    task_added_hint: "The estimated cost of a task added to the scope.",
    task_legend: "A task re-estimated or removed",
    task_label: "Task",
    task_blank: "Choose a task…",
    new_estimate_label: "New estimate",
    new_estimate_hint: "0 removes it from the scope.",
    try_button: "Try it",
    try_pending: "Trying…",
    save_as_label: "Save as",
    save_as_hint: "Keeps the levers above under this name, to open or compare later.",
    save_button: "Save",
    save_pending: "Saving…",
    changes_heading: "The changes",
    adjustments_heading: "Adjusted to today",
    required_message: "is required",
    choose_from_list: "Choose one from the list.",

    effect_heading: "Effect of the recommendation",
    effect_of: |title| format!("Effect of: {title}"),

    cost_at_completion: "Cost at completion",
    interval_80: "80 % interval",
    probability_of_overrun: "Probability of overrun",
    budget_runs_out: "Budget runs out",
    roi: "ROI",
    not_before_completion: "Not before completion",
    interval: |low, high| format!("{low} – {high}"),
    caption: |date, method| format!("As of {date}, by the {method} forecast."),
    figure_column: "Figure",
    todays_plan: "Today's plan",
    with_the_changes: "With the changes",
    difference_column: "Difference",

    budget_line: |budget| format!("Budget of {budget}"),
    due_date_line: |date| format!("Due date {date}"),
    daily_cost_line: |amount, from, until| format!("{amount} a day {}", days(from, until)),
    people_line: |hours, taken_away, cost, from, until| {
        format!(
            "{} at {cost} an hour {}",
            hours_a_week(hours, taken_away),
            days(from, until)
        )
    },
    rate_line: |person, cost, from| format!("{person} costs {cost} an hour from {from}"),
    task_deferred: |task| format!("{} deferred", capitalised(task)),
    task_reestimated: |task, cost| format!("{task} re-estimated at {cost}"),
    task_added_line: |cost| format!("A task added, estimated at {cost}"),
    person_by_id: |id| format!("Person {id}"),
    task_by_id: |id| format!("task {id}"),
    task_title: |title| format!("“{title}”"),

    stored_daily_cost: |amount| format!("The daily cost of {amount}"),
    stored_people: |hours, taken_away| format!("The {}", hours_a_week(hours, taken_away)),
    stored_rate: |person, cost| format!("{person}'s new rate of {cost}"),
    stored_task: |task| format!("The change to {task}"),
    stored_task_added: "The task added",
    stored_due_date: |date| format!("The due date {date}"),
    stored_unknown: |field| format!("The change {field}"),
    moved_from: |change, from, tomorrow| format!("{change} from {from} now starts {tomorrow}"),
    moved: |change, tomorrow| format!("{change} now starts {tomorrow}"),
    left_out: |change, reason| format!("{change} is left out: {reason}"),

    opened_heading: |name| format!("Today's plan and with “{name}”"),
    saved_heading: "Saved scenarios",
    saved_hint: "Opening one evaluates it against today's data: a change whose first day has passed starts tomorrow. Check 2 to 10 to compare them.",
    saved_empty: "No saved scenarios yet: fill in the levers, name them and save them.",
    compare_column: "Compare",
    name_column: "Name",
    saved_column: "Saved",
    actions_column: "Actions",
    compare_button: |checked| format!("Compare ({checked} checked)"),
    compare_checkbox: |name| format!("Compare “{name}”"),
    open_button: "Open",
    delete_confirm: "Delete this scenario?",
    comparison_heading: "Saved scenarios compared",
    plan_column: "Plan",
    difference_in_cost_column: "Difference in cost",

    heading: "Recommendations",
    generate_heading: "Ask the optimiser",
    generate_intro: "The optimiser reads the board's figures (never names or emails) and proposes 3 to 7 actions with their estimated savings. New ones are stored as pending; one that repeats a pending recommendation is not added twice.",
    generate_button: "Generate recommendations",
    working_label: "The optimiser is working",
    working_text: "The optimiser is working… this can take a few seconds when an AI model answers.",
    generated: |created, already_pending| {
        format!(
            "{created} new recommendation{}, {already_pending} already pending.",
            if created == 1 { "" } else { "s" }
        )
    },
    list_heading: "Stored recommendations",
    list_label: "Recommendations",
    status_label: "Status",
    type_label: "Type",
    all_option: "all",
    no_match: "No recommendations match these filters.",
    empty_list: "No recommendations yet. Generate some to see what the optimiser suggests.",

    priority: |priority| format!("{priority} priority"),
    saves_about: "saves about ",
    confidence: |score| format!("confidence {score} %"),
    by_source: |source| format!("by {source}"),
    why_summary: "Why",
    realised_savings: "Realised savings: ",
    review_note: |note| format!("Note: {note}"),
    effect_link: "See its effect",
    accept_confirm: |title| {
        format!("Accept “{title}”? It will be marked as accepted for the team to act on.")
    },
    reject_confirm: |title| format!("Reject “{title}”? It will no longer be proposed."),
    implement_confirm: |title| {
        format!("Mark “{title}” as implemented? Record what it saved, if known.")
    },
    confirm_label: "Confirm the action (Escape cancels)",
    realised_savings_label: "Realised savings (blank if unknown)",
    note_label: "Note",
    confirm_button: |action| format!("Yes, {}", action.to_lowercase()),
    cancel_button: "Cancel",

    analysis_heading: "Budget health",
    analyse_button: "Analyse",
    analyse_pending: "Analysing…",
    health_scale: " / 100 · status ",
    risks_heading: "Risks",
    risk_separator: ": ",
    no_risks: "No risks found.",
    based_on: |spent, per_day, done, total, over| {
        format!(
            "Based on: {spent} spent, {per_day} per day, {done} of {total} tasks done, {over} over their estimate."
        )
    },

    prediction_heading: "Overrun prediction",
    predict_button: "Predict",
    predict_pending: "Predicting…",
    will_exceed: "Projected to exceed the budget.",
    will_stay_within: "Projected to stay within the budget.",
    prediction_figures: |median, low, high, chance| {
        format!(
            "Median final cost {median} (80 % interval {low} – {high}); chance of overrun {chance}."
        )
    },
    drivers_heading: "Drivers",
    no_driver: "No particular driver stands out.",
    driver_column: "Driver",
    detail_column: "Detail",
    impact_column: "Impact",

    no_budget_refusal: "This board has no budget yet, so there is nothing to optimise. Create a budget first (the Budget tab).",
    ai_disabled_refusal: "AI optimisation is turned off for this board's budget. An admin can turn it on in the Budget tab.",
    role_refusal: "Your role on this board does not allow this: running the optimiser needs editor or admin, acting on a recommendation needs admin.",
    answered_by: "Answered by ",
    answered_model: |model| format!(" ({model})"),
    answered_at: |time| format!(" at {time}"),
    fallback_reason: |reason| {
        format!("The configured AI did not give a usable answer, so the builtin engine answered: {reason}")
    },

    patterns_heading: "Learned cost patterns",
    patterns_label: "Learned cost patterns",
    patterns_empty: "No patterns learned yet. The optimiser learns them from the board's costs.",
    pattern_confidence: |percent| format!("confidence {percent}"),
    pattern_seen: |count| format!("seen {count} times"),
    pattern_last: |time| format!("last {time}"),
};
