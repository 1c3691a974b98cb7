//! The words of a board's dashboard: its KPI and profitability cards, the cost trend, where the
//! money went, the worst overruns and the latest recommendations.

pub struct Words {
    /// The heading until the board's name is read.
    pub heading: &'static str,
    /// Under the figures when a refresh failed; takes the failure's message.
    pub refresh_failed: fn(&str) -> String,
    /// Under the figures: the day they were computed.
    pub as_of: fn(&str) -> String,

    // Panels
    pub trend_heading: &'static str,
    pub split_heading: &'static str,
    pub split_labour: &'static str,
    pub split_direct: &'static str,
    pub split_resources: &'static str,
    pub recommendations_heading: &'static str,
    pub overruns_heading: &'static str,

    // KPI cards
    pub no_budget_intro: &'static str,
    pub no_budget_link: &'static str,
    pub no_budget_rest: &'static str,
    pub allocated_label: &'static str,
    pub spent_label: &'static str,
    /// The spent card's label when the budget is kept on billable amounts.
    pub billed_label: &'static str,
    pub tasks_done: fn(u64, u64) -> String,
    pub remaining_label: &'static str,
    pub over_budget: &'static str,
    pub budget_used_label: &'static str,
    /// The status thresholds, in percent: warning, critical.
    pub thresholds: fn(i32, i32) -> String,
    pub time_used_label: &'static str,
    /// Hours logged of hours allocated.
    pub hours_of: fn(&str, &str) -> String,
    pub hours_no_allocation: fn(&str) -> String,
    pub burn_rate_label: &'static str,
    pub per_day: fn(&str) -> String,
    pub per_week: fn(&str) -> String,
    pub burn_window: fn(u32) -> String,
    pub days_left_label: &'static str,
    pub exhausted: &'static str,
    pub runs_out_around: fn(&str) -> String,
    pub no_budget_set: &'static str,
    pub nothing_burning: &'static str,

    // Profitability cards
    pub profitability_label: &'static str,
    pub revenue_label: &'static str,
    pub revenue_note: &'static str,
    pub cost_label: &'static str,
    pub cost_note: &'static str,
    pub profit_label: &'static str,
    pub profit_note: &'static str,
    pub loss_label: &'static str,
    pub loss_note: &'static str,
    pub margin_label: &'static str,
    pub margin_note: &'static str,
    pub no_margin_note: &'static str,

    // Top overruns
    pub no_overruns: &'static str,
    pub task_column: &'static str,
    pub estimated_column: &'static str,
    pub actual_column: &'static str,
    pub over_by_column: &'static str,
    pub all_tasks_link: &'static str,

    // Latest recommendations
    pub no_recommendations: &'static str,
    pub all_recommendations_link: &'static str,
    /// After a recommendation's title: its estimated savings and confidence (percent).
    pub savings: fn(&str, i32) -> String,
}

pub const ENGLISH: Words = Words {
    heading: "Dashboard",
    refresh_failed: |message| {
        format!("Could not refresh the figures ({message}); showing the last ones read.")
    },
    as_of: |date| {
        format!("Figures as of {date} (UTC); refreshed every 15 seconds while this page is open.")
    },

    trend_heading: "Cost trend",
    split_heading: "Where the money went",
    split_labour: "Labour (time)",
    split_direct: "Direct costs",
    split_resources: "Resources",
    recommendations_heading: "Latest recommendations",
    overruns_heading: "Top overruns",

    no_budget_intro: "This board has no budget yet. ",
    no_budget_link: "Set up its budget",
    no_budget_rest: " to see utilisation, status and when the money runs out.",
    allocated_label: "Allocated",
    spent_label: "Spent",
    billed_label: "Billed (budget of fees)",
    tasks_done: |completed, total| format!("{completed} of {total} tasks done"),
    remaining_label: "Remaining",
    over_budget: "Over budget",
    budget_used_label: "Budget used",
    thresholds: |warning, critical| format!("Warning at {warning} %, critical at {critical} %"),
    time_used_label: "Time used",
    hours_of: |spent, allocated| format!("{spent} of {allocated}"),
    hours_no_allocation: |spent| format!("{spent} logged; no hours allocated"),
    burn_rate_label: "Burn rate",
    per_day: |amount| format!("{amount} / day"),
    per_week: |amount| format!("{amount} / week"),
    burn_window: |days| format!("Average of the last {days} days"),
    days_left_label: "Until the budget runs out",
    exhausted: "Exhausted",
    runs_out_around: |date| format!("Runs out around {date}"),
    no_budget_set: "No budget set",
    nothing_burning: "Nothing is burning",

    profitability_label: "Profitability",
    revenue_label: "Revenue",
    revenue_note: "Billable amounts of time and expenses",
    cost_label: "Cost",
    cost_note: "Labour, expenses and resources",
    profit_label: "Profit",
    profit_note: "Revenue − cost",
    loss_label: "Loss",
    loss_note: "Costs exceed revenue",
    margin_label: "Margin",
    margin_note: "Profit ÷ revenue",
    no_margin_note: "No revenue yet: no margin",

    no_overruns: "No task has gone over its estimate.",
    task_column: "Task",
    estimated_column: "Estimated",
    actual_column: "Actual",
    over_by_column: "Over by",
    all_tasks_link: "All tasks and costs",

    no_recommendations: "No pending recommendations. Generate some on the Recommendations tab.",
    all_recommendations_link: "All recommendations",
    savings: |amount, confidence| format!(" · saves about {amount} · {confidence} % confidence"),
};
