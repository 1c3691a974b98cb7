//! The words of a board's analytics screen: the period, burn rate, breakdowns, earned value,
//! profitability, the forecast and its history, and how well the forecasts have done (a part
//! the organisation screen shows too).

// The calculation's sentence takes eight figures.
#[allow(clippy::type_complexity)]
pub struct Words {
    // Screen
    pub heading: &'static str,
    pub forecast_heading: &'static str,
    pub forecast_history_heading: &'static str,
    pub calibration_heading: &'static str,

    // Period
    pub range_heading: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub window_label: &'static str,
    pub history_label: &'static str,
    /// The option of a select that leaves the API's default number of days.
    pub days_default_option: fn(u32) -> String,
    pub days_option: fn(u32) -> String,
    pub show_button: &'static str,
    pub reset_button: &'static str,
    pub range_hint: &'static str,
    pub date_invalid: &'static str,
    /// Under the last day when it comes before the first.
    pub range_backwards: &'static str,

    // Burn rate
    pub burn_heading: &'static str,
    pub per_day_label: &'static str,
    pub per_week_label: &'static str,
    pub window_cost_label: fn(u32) -> String,
    pub runs_out_in_label: &'static str,
    pub runs_out_on_label: &'static str,
    /// How the daily burn is computed: the window's days and its last day.
    pub burn_explained: fn(u32, &str) -> String,
    pub no_run_out: &'static str,

    // Cost over the period and where the money went
    pub trend_heading: &'static str,
    /// The period's first and last day and what its days cost.
    pub period_spent: fn(&str, &str, &str) -> String,
    pub split_heading: &'static str,
    pub split_labour: &'static str,
    pub split_direct: &'static str,
    pub split_resources: &'static str,

    // Breakdowns
    pub by_task_heading: &'static str,
    pub costliest_heading: &'static str,
    pub no_tasks: &'static str,
    pub by_person_heading: &'static str,
    pub by_status_heading: &'static str,
    /// The person of the costs of tasks no one is assigned.
    pub unassigned: &'static str,
    pub assignee_column: &'static str,
    pub task_column: &'static str,
    pub tasks_column: &'static str,
    pub status_column: &'static str,
    pub estimated_column: &'static str,
    pub labour_column: &'static str,
    pub direct_column: &'static str,
    pub resources_column: &'static str,
    pub actual_column: &'static str,
    pub variance_column: &'static str,
    pub variance_percent_column: &'static str,
    pub hours_column: &'static str,
    pub profit_column: &'static str,
    pub margin_column: &'static str,
    pub task_table_caption: &'static str,

    // Profitability
    pub profitability_heading: &'static str,
    pub profitability_intro: &'static str,
    pub profitability_task_note: &'static str,
    pub by_month_heading: &'static str,
    pub person_column: &'static str,
    pub month_column: &'static str,
    pub no_people: &'static str,
    pub no_months: &'static str,
    /// The row of the costs no person carries.
    pub no_one: &'static str,
    /// The row of a person whose account has no name; takes the account's number.
    pub unnamed_user: fn(i64) -> String,

    // Earned value
    pub ev_heading: &'static str,
    pub ev_intro: &'static str,
    /// One unit of money and its plural when the currency is not known.
    pub money_unit: &'static str,
    pub money_units: &'static str,
    pub bac_explained: &'static str,
    pub bac_missing: &'static str,
    pub pv_explained: fn(&str) -> String,
    pub pv_missing: &'static str,
    pub ev_explained: fn(&str) -> String,
    pub ac_explained: fn(&str) -> String,
    /// CPI below, at and above 1: the ratio, then the currency's unit and its plural.
    pub cpi_costing_more: fn(&str, &str, &str) -> String,
    pub cpi_costing_exactly: fn(&str, &str, &str) -> String,
    pub cpi_costing_less: fn(&str, &str, &str) -> String,
    pub cpi_missing: &'static str,
    /// SPI below, at and above 1: the ratio and the work done as a percentage of the plan.
    pub spi_behind: fn(&str, &str) -> String,
    pub spi_exactly: fn(&str, &str) -> String,
    pub spi_ahead: fn(&str, &str) -> String,
    pub spi_missing: &'static str,
    pub cv_nothing_yet: &'static str,
    pub cv_exactly: &'static str,
    pub cv_more: fn(&str) -> String,
    pub cv_less: fn(&str) -> String,
    pub sv_exactly: &'static str,
    pub sv_behind: fn(&str) -> String,
    pub sv_ahead: fn(&str) -> String,
    pub sv_missing: &'static str,
    pub eac_explained: fn(&str) -> String,
    pub eac_missing: &'static str,
    pub etc_explained: fn(&str) -> String,
    pub etc_missing: &'static str,
    pub vac_overrun: fn(&str) -> String,
    pub vac_under: fn(&str) -> String,
    pub vac_missing: &'static str,
    /// TCPI above 1, and at or below: the ratio, then the currency's unit and its plural.
    pub tcpi_harder: fn(&str, &str, &str) -> String,
    pub tcpi_easier: fn(&str, &str, &str) -> String,
    pub tcpi_missing: &'static str,

    // Forecast
    pub chance_over_budget: fn(&str) -> String,
    pub nothing_to_overrun: &'static str,
    pub median_under_budget: fn(&str) -> String,
    pub median_over_budget: fn(&str) -> String,
    pub budget_used_up: &'static str,
    pub budget_runs_out_on: fn(&str) -> String,
    /// The completion date and how many days away it is.
    pub horizon_due_date: fn(&str, u32) -> String,
    pub horizon_progress: fn(&str, u32) -> String,
    pub horizon_none: &'static str,
    pub median_label: &'static str,
    pub interval_label: &'static str,
    pub budget_label: &'static str,
    pub spent_label: &'static str,
    pub learned_from_label: &'static str,
    pub history_days: fn(u32) -> String,
    pub nothing_to_draw: &'static str,
    pub how_calculated: &'static str,
    /// The method, the draws, the days of history, their first and last day, the mean and
    /// recent daily cost and the trend.
    pub method_draws: fn(&str, u32, u32, &str, &str, &str, &str, &str) -> String,
    /// The block length, the progress horizon when there is one, and the share of the draws
    /// with the earned-value estimate when there is one.
    pub method_burn: fn(u32, Option<u32>, Option<(&str, &str)>) -> String,
    /// The remaining-scope factor's spread and growth.
    pub method_scope: fn(&str, &str) -> String,
    /// Planned scope, earned value, share complete and CPI.
    pub method_progress: fn(&str, &str, &str, &str) -> String,
    pub method_seed: fn(u64) -> String,

    // Forecast history
    pub history_empty: &'static str,
    pub history_table_summary: &'static str,
    pub day_column: &'static str,
    pub projected_column: &'static str,
    pub interval_column: &'static str,
    pub chance_column: &'static str,
    pub spent_by_then_column: &'static str,
    pub budget_column: &'static str,
    pub method_column: &'static str,

    // How well the forecast has done
    /// Shown instead of the scores while no forecast's completion date has passed.
    pub nothing_scored: &'static str,
    /// Shown instead of the reliability plot when no scored forecast gave a probability of
    /// overrun.
    pub nothing_to_plot: &'static str,
    pub forecast_method: &'static str,
    pub eac_method: &'static str,
    pub linear_method: &'static str,
    pub forecasts_scored_label: &'static str,
    pub coverage_label: &'static str,
    pub scores_caption: &'static str,
    pub predicted_by_column: &'static str,
    pub median_error_column: &'static str,
    pub brier_column: &'static str,
    pub scores_hint: &'static str,
    pub scored_summary: fn(usize) -> String,
    pub made_on_column: &'static str,
    pub source_column: &'static str,
    pub completion_column: &'static str,
    pub scored_projected_column: &'static str,
    pub outcome_column: &'static str,
    pub covered_column: &'static str,
    pub eac_column: &'static str,
    pub linear_column: &'static str,
    pub covered_yes: &'static str,
    pub covered_no: &'static str,
}

pub const ENGLISH: Words = Words {
    heading: "Analytics",
    forecast_heading: "Forecast",
    forecast_history_heading: "Forecast history",
    calibration_heading: "How well the forecast has done",

    range_heading: "Period",
    from_label: "From",
    to_label: "To",
    window_label: "Burn-rate window",
    history_label: "Forecast learns from",
    days_default_option: |days| format!("{days} days (default)"),
    days_option: |days| format!("{days} days"),
    show_button: "Show",
    reset_button: "Reset",
    range_hint: "The trend covers the period (by default the board's start to today); the burn \
                 rate, the run-out date and the forecast are as of today. Task figures are \
                 all-time.",
    date_invalid: "must be a date",
    range_backwards: "must not be before the first day",

    burn_heading: "Burn rate",
    per_day_label: "Per day",
    per_week_label: "Per week",
    window_cost_label: |days| format!("Spent in the last {days} days"),
    runs_out_in_label: "Budget runs out in",
    runs_out_on_label: "Runs out on",
    burn_explained: |days, as_of| {
        format!(
            "The daily burn is what was spent in the last {days} days up to {as_of}, divided by \
             {days}. "
        )
    },
    no_run_out: "Without a budget or with nothing burning, there is no run-out date.",

    trend_heading: "Cost over the period",
    period_spent: |from, to, cost| format!("{from} – {to}: {cost} spent"),
    split_heading: "Where the money went",
    split_labour: "Labour",
    split_direct: "Direct",
    split_resources: "Resources",

    by_task_heading: "By task",
    costliest_heading: "The ten costliest tasks",
    no_tasks: "No tasks on this board yet.",
    by_person_heading: "By person",
    by_status_heading: "By status",
    unassigned: "Unassigned",
    assignee_column: "Assignee",
    task_column: "Task",
    tasks_column: "Tasks",
    status_column: "Status",
    estimated_column: "Estimated",
    labour_column: "Labour",
    direct_column: "Direct",
    resources_column: "Resources",
    actual_column: "Actual",
    variance_column: "Variance",
    variance_percent_column: "Variance %",
    hours_column: "Hours",
    profit_column: "Profit",
    margin_column: "Margin",
    task_table_caption: "Tasks with their estimate, costs, variance and hours. Column headers \
                         sort the table.",

    profitability_heading: "Profitability",
    profitability_intro: "Revenue is the billable amount of the time and expenses; profit is \
                          revenue − cost; the margin is profit ÷ revenue, with no margin where \
                          there was no revenue.",
    profitability_task_note: "Each task's profit and margin are in the task table above.",
    by_month_heading: "By month",
    person_column: "Person",
    month_column: "Month",
    no_people: "No one has logged time or recorded an expense yet.",
    no_months: "Nothing dated yet.",
    no_one: "No one",
    unnamed_user: |id| format!("user {id}"),

    ev_heading: "Earned value",
    ev_intro: "Earned value compares three amounts: what the calendar says should have been \
               spent (PV), what the work done was estimated to cost (EV) and what was really \
               spent (AC).",
    money_unit: "unit of money",
    money_units: "units",
    bac_explained: "Budget at completion: the whole budget allocated to the board.",
    bac_missing: "There is no budget yet, so the figures that compare with it are empty.",
    pv_explained: |pv| {
        format!(
            "Planned value: by the calendar, {pv} of the budget should have been spent by today."
        )
    },
    pv_missing: "Planned value needs the board's start and due dates and a budget.",
    ev_explained: |ev| {
        format!(
            "Earned value: the work done so far was estimated to cost {ev} (each task's estimate \
             × its progress)."
        )
    },
    ac_explained: |ac| format!("Actual cost: {ac} has really been spent."),
    cpi_costing_more: |cpi, one, many| {
        format!(
            "CPI {cpi}: each {one} spent bought {cpi} {many} of planned work, so the work is \
             costing more than estimated."
        )
    },
    cpi_costing_exactly: |cpi, one, many| {
        format!(
            "CPI {cpi}: each {one} spent bought {cpi} {many} of planned work, so the work costs \
             exactly what was estimated."
        )
    },
    cpi_costing_less: |cpi, one, many| {
        format!(
            "CPI {cpi}: each {one} spent bought {cpi} {many} of planned work, so the work is \
             costing less than estimated."
        )
    },
    cpi_missing: "CPI is not defined yet: nothing has been spent.",
    spi_behind: |spi, pace| {
        format!(
            "SPI {spi}: the work done is {pace} % of the work planned by today, behind schedule."
        )
    },
    spi_exactly: |spi, pace| {
        format!(
            "SPI {spi}: the work done is {pace} % of the work planned by today, exactly on \
             schedule."
        )
    },
    spi_ahead: |spi, pace| {
        format!(
            "SPI {spi}: the work done is {pace} % of the work planned by today, ahead of schedule."
        )
    },
    spi_missing: "SPI needs the board's start and due dates (and a budget) to know what was \
                  planned by now.",
    cv_nothing_yet: "Cost variance (EV − AC): nothing has been done or spent yet.",
    cv_exactly: "Cost variance (EV − AC): the work done cost exactly what was estimated.",
    cv_more: |cv| format!("Cost variance (EV − AC): the work done cost {cv} more than estimated."),
    cv_less: |cv| format!("Cost variance (EV − AC): the work done cost {cv} less than estimated."),
    sv_exactly: "Schedule variance (EV − PV): the work done is exactly what was planned by \
                 today.",
    sv_behind: |sv| format!("Schedule variance (EV − PV): {sv} of planned work behind schedule."),
    sv_ahead: |sv| format!("Schedule variance (EV − PV): {sv} of planned work ahead of schedule."),
    sv_missing: "Schedule variance needs the planned value.",
    eac_explained: |eac| {
        format!(
            "Estimate at completion: if costs keep running as they have, the board will cost \
             {eac} in total."
        )
    },
    eac_missing: "Estimate at completion needs a budget and a defined CPI.",
    etc_explained: |etc| format!("Estimate to complete: {etc} still to spend at that rate."),
    etc_missing: "Estimate to complete needs the estimate at completion.",
    vac_overrun: |vac| format!("Variance at completion: expected to overrun the budget by {vac}."),
    vac_under: |vac| format!("Variance at completion: expected to finish {vac} under budget."),
    vac_missing: "Variance at completion needs the estimate at completion.",
    tcpi_harder: |tcpi, one, many| {
        format!(
            "TCPI {tcpi}: to finish on budget, each remaining {one} must buy {tcpi} {many} of \
             planned work; the rest of the work must be done more efficiently than planned."
        )
    },
    tcpi_easier: |tcpi, one, many| {
        format!(
            "TCPI {tcpi}: to finish on budget, each remaining {one} must buy {tcpi} {many} of \
             planned work; the rest of the work can be done at or below the planned efficiency."
        )
    },
    tcpi_missing: "TCPI is not defined: there is no budget, or it is already used up.",

    chance_over_budget: |chance| format!("{chance} chance of finishing over budget."),
    nothing_to_overrun: "No budget: there is nothing to overrun.",
    median_under_budget: |under| format!("The median projection stays {under} under the budget."),
    median_over_budget: |over| format!("The median projection overruns the budget by {over}."),
    budget_used_up: "The budget is already used up.",
    budget_runs_out_on: |day| format!("At the projected pace the budget runs out on {day}."),
    horizon_due_date: |day, days| {
        format!("Projected to the board's due date, {day} ({days} days from today).")
    },
    horizon_progress: |day, days| {
        format!(
            "No due date ahead: completion on {day} is extrapolated from the progress so far \
             ({days} days from today)."
        )
    },
    horizon_none: "No due date ahead and no progress earned: no future days are projected.",
    median_label: "Projected final cost (median)",
    interval_label: "80 % interval",
    budget_label: "Budget",
    spent_label: "Spent so far",
    learned_from_label: "Learned from",
    history_days: |days| format!("{days} days of history"),
    nothing_to_draw: "Nothing spent and nothing to project yet: the chart appears with the first \
                      costs.",
    how_calculated: "How this was calculated",
    method_draws: |method, draws, days, from, to, mean, recent, trend| {
        format!(
            "Method {method}: {draws} draws of the cost still to come, from {days} days of \
             history ({from} to {to}, {mean} a day on average, {recent} a day over the last four \
             weeks, a trend of {trend} a day per day)."
        )
    },
    method_burn: |block_days, progress_days, earned_value| {
        let progress = progress_days.map_or_else(String::new, |days| {
            format!(", up to the due date or, for half of them when progress says so, {days} days")
        });
        let earned_value = match earned_value {
            Some((share, eac)) => {
                format!("; a share {share} of the draws take the earned-value estimate {eac}")
            }
            None => "; no earned-value estimate".to_owned(),
        };
        format!(
            "The burn draws resample the whole history or the last four weeks in {block_days}-day \
             blocks, or the last four weeks with the trend{progress}{earned_value}."
        )
    },
    method_scope: |spread, growth| {
        format!(
            "Every draw is scaled by a remaining-scope factor (spread {spread}, growth {growth} a \
             day)."
        )
    },
    method_progress: |planned, earned, complete, cpi| {
        format!("Planned scope {planned}, earned {earned} ({complete} complete), CPI {cpi}.")
    },
    method_seed: |seed| format!("Seed {seed}: the same data always gives the same forecast."),

    history_empty: "No forecast kept yet: a board with a budget keeps one a day, from the first \
                    time its forecast is read or the server's next daily round.",
    history_table_summary: "Each day's forecast",
    day_column: "Day",
    projected_column: "Projected final cost",
    interval_column: "80 % interval",
    chance_column: "Chance over budget",
    spent_by_then_column: "Spent by then",
    budget_column: "Budget",
    method_column: "Method",

    nothing_scored: "No forecast has reached its completion date yet: the forecasts are scored \
                     against what was really spent once their completion date has passed.",
    nothing_to_plot: "None of the scored forecasts had a budget on its day, so there is no \
                      probability of overrunning it to set against what happened.",
    forecast_method: "The forecast",
    eac_method: "EAC = BAC / CPI",
    linear_method: "Linear extrapolation of the spend so far",
    forecasts_scored_label: "Forecasts scored",
    coverage_label: "Outcomes inside the 80 % interval",
    scores_caption: "The forecast's errors next to the two baselines",
    predicted_by_column: "Predicted by",
    median_error_column: "Median error",
    brier_column: "Brier score",
    scores_hint: "The median error is the middle of |predicted − outcome| ÷ outcome. The Brier \
                  score rates the chance of going over budget: 0 is perfect, always saying 50 % \
                  scores 0.25; EAC's call is “over” exactly when EAC exceeds the budget.",
    scored_summary: |forecasts| format!("The {forecasts} scored forecasts"),
    made_on_column: "Made on",
    source_column: "Source",
    completion_column: "Completion date",
    scored_projected_column: "Projected (80 % interval)",
    outcome_column: "Outcome",
    covered_column: "Inside the interval",
    eac_column: "EAC",
    linear_column: "Linear",
    covered_yes: "yes",
    covered_no: "no",
};
