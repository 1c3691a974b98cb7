//! The words of the charts: the cost trend, the bars of amounts, the progress bar, the forecast
//! fan, the forecast history, the reliability plot, the ROI history and the scenario plot.

pub struct Words {
    // Shared by several charts
    /// The name of the budget line, in legends and on the line itself.
    pub budget: &'static str,
    pub interval_legend: &'static str,
    /// The summary that opens a chart's figures as a table.
    pub figures_table: &'static str,

    // Bars of amounts
    pub bars_empty: &'static str,

    // Progress bar
    /// What screen readers hear when the bar has no value.
    pub progress_no_value: &'static str,

    // Cost trend
    pub trend_empty: &'static str,
    pub trend_title: &'static str,
    /// The unit of the money axes when the budget has no currency.
    pub trend_money_unit: &'static str,
    /// The hover title of a day's bar: the day, then its cost.
    pub trend_bar_title: fn(&str, &str) -> String,
    pub trend_budget_line: fn(&str) -> String,
    /// For screen readers: first and last day, the total spent, and the budget when there is one.
    pub trend_description: fn(&str, &str, &str, Option<&str>) -> String,
    /// The left axis's title; takes the unit.
    pub trend_cumulative_axis: fn(&str) -> String,
    /// The right axis's title; takes the unit.
    pub trend_daily_axis: fn(&str) -> String,
    pub trend_daily_cost: &'static str,
    pub trend_cumulative_spend: &'static str,
    pub trend_budget_legend: &'static str,
    pub trend_day_column: &'static str,

    // Forecast fan
    /// For screen readers and under the chart: spent, today, median, completion date, low and
    /// high end of the interval, and the budget when there is one.
    pub fan_description: fn(&str, &str, &str, &str, &str, &str, Option<&str>) -> String,
    /// Under the date of today on the time axis.
    pub fan_today: &'static str,
    /// Under the completion date on the time axis.
    pub fan_completion: &'static str,
    pub fan_spent_legend: &'static str,
    pub fan_median_legend: &'static str,

    // Forecast history
    /// The chance of overrunning the first and the latest day: percent and day of each.
    pub history_probability_moved: fn(&str, &str, &str, &str) -> String,
    /// The chance of overrunning when one day was kept: percent and day.
    pub history_probability_once: fn(&str, &str) -> String,
    /// For screen readers; takes the number of days kept.
    pub history_description: fn(usize) -> String,
    pub history_x_axis: &'static str,
    pub history_median_legend: &'static str,
    pub history_spent_legend: &'static str,
    pub history_made_on_column: &'static str,
    pub history_projected_column: &'static str,
    pub history_interval_column: &'static str,
    pub history_spent_column: &'static str,
    pub history_budget_column: &'static str,

    // Reliability plot
    /// A band's mark: its ends, how many forecasts fell in it, their mean probability and the
    /// share that ran over.
    pub reliability_mark: fn(&str, &str, u32, &str, &str) -> String,
    /// Above a band's mark: how many forecasts fell in it.
    pub reliability_mark_count: fn(u32) -> String,
    /// For screen readers: how many bands have forecasts, then every mark's words.
    pub reliability_description: fn(usize, &str) -> String,
    pub reliability_x_axis: &'static str,
    pub reliability_y_axis: &'static str,
    pub reliability_observed_legend: &'static str,
    pub reliability_diagonal_legend: &'static str,

    // ROI history
    /// The time axis's title when every snapshot was taken on one day; takes the day.
    pub roi_time_axis: fn(&str) -> String,
    pub roi_date_axis: &'static str,
    /// For screen readers; takes the number of snapshots.
    pub roi_description: fn(usize) -> String,
    pub roi_expected_legend: &'static str,
    pub roi_realized_legend: &'static str,
    pub roi_zero_legend: &'static str,
    pub roi_snapshot_column: &'static str,
    pub roi_expected_column: &'static str,
    pub roi_realized_column: &'static str,

    // Scenario plot
    /// A row's words: the plan's name, its median, the low and high end of its interval, and
    /// its budget when it has one.
    pub scenario_row: fn(&str, &str, &str, &str, Option<&str>) -> String,
    /// For screen readers; takes every row's words.
    pub scenario_description: fn(&str) -> String,
    pub scenario_x_axis: &'static str,
    pub scenario_median_legend: &'static str,
}

pub const ENGLISH: Words = Words {
    budget: "budget",
    interval_legend: "80 % interval",
    figures_table: "The figures as a table",

    bars_empty: "Nothing to show yet.",

    progress_no_value: "no value",

    trend_empty: "No costs recorded in this period yet.",
    trend_title: "Cost trend",
    trend_money_unit: "money",
    trend_bar_title: |day, cost| format!("{day}: {cost}"),
    trend_budget_line: |budget| format!("Budget {budget}"),
    trend_description: |first, last, spent, budget| {
        let budget = budget
            .map(|budget| format!(" against a budget of {budget}"))
            .unwrap_or_default();
        format!(
            "Daily cost (bars, right axis) and cumulative spend (line, left axis) from {first} to \
             {last}: {spent} spent in total{budget}."
        )
    },
    trend_cumulative_axis: |unit| format!("Cumulative ({unit})"),
    trend_daily_axis: |unit| format!("Daily ({unit})"),
    trend_daily_cost: "Daily cost",
    trend_cumulative_spend: "Cumulative spend",
    trend_budget_legend: "Budget",
    trend_day_column: "Day",

    fan_description: |spent, today, median, completion, low, high, budget| {
        let budget = match budget {
            Some(budget) => format!(", against a budget of {budget}"),
            None => ", no budget set".to_owned(),
        };
        format!(
            "Spent {spent} by {today}. Projected final cost {median} on {completion} \
             (80 % interval {low} to {high}){budget}."
        )
    },
    fan_today: "today",
    fan_completion: "completion",
    fan_spent_legend: "spent so far",
    fan_median_legend: "projected (median)",

    history_probability_moved: |first, first_day, latest, latest_day| {
        format!(
            "Chance of finishing over budget: {first} on {first_day} at first, {latest} on \
             {latest_day} at the latest."
        )
    },
    history_probability_once: |chance, day| {
        format!("Chance of finishing over budget: {chance} on {day}.")
    },
    history_description: |days| {
        format!(
            "The forecast kept on {days} days: projected final cost with its 80 % interval, the \
             cost spent by each day and the budget."
        )
    },
    history_x_axis: "day the forecast was made",
    history_median_legend: "projected final cost (median)",
    history_spent_legend: "spent by that day",
    history_made_on_column: "Forecast made on",
    history_projected_column: "Projected final cost",
    history_interval_column: "80 % interval",
    history_spent_column: "Spent by that day",
    history_budget_column: "Budget",

    reliability_mark: |from, to, forecasts, mean, observed| {
        let noun = if forecasts == 1 {
            "forecast"
        } else {
            "forecasts"
        };
        format!("{from}–{to} %: {forecasts} {noun} said {mean} on average, {observed} ran over")
    },
    reliability_mark_count: |forecasts| format!("n={forecasts}"),
    reliability_description: |bands, marks| {
        format!("Reliability of the probability of overrun: {bands} bands with forecasts. {marks}.")
    },
    reliability_x_axis: "forecast probability of overrun (%)",
    reliability_y_axis: "ran over (%)",
    reliability_observed_legend: "observed share that ran over, by band",
    reliability_diagonal_legend: "perfectly calibrated",

    roi_time_axis: |day| format!("snapshot time (UTC), {day}"),
    roi_date_axis: "snapshot date",
    roi_description: |snapshots| {
        format!(
            "ROI history over {snapshots} snapshots: expected ROI in blue, realised ROI in green, \
             break-even at 0 %."
        )
    },
    roi_expected_legend: "expected ROI %",
    roi_realized_legend: "realised ROI %",
    roi_zero_legend: "break-even (0 %)",
    roi_snapshot_column: "Snapshot (UTC)",
    roi_expected_column: "Expected ROI",
    roi_realized_column: "Realised ROI",

    scenario_row: |name, median, low, high, budget| {
        let budget = match budget {
            Some(budget) => format!("budget {budget}"),
            None => "no budget".to_owned(),
        };
        format!("{name}: cost at completion {median} (80 % between {low} and {high}), {budget}")
    },
    scenario_description: |rows| {
        format!("Cost at completion, today's plan and with changes. {rows}.")
    },
    scenario_x_axis: "cost at completion",
    scenario_median_legend: "median",
};
