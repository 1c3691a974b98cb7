//! The words of the ROI screen (ROI now, history, snapshots and their comparison) and of the
//! profitability tables of the dashboard and analytics.

pub struct Words {
    // The screen
    pub heading: &'static str,
    pub now_heading: &'static str,
    pub history_heading: &'static str,
    pub snapshot_heading: &'static str,
    pub compare_heading: &'static str,

    // The snapshot's figures, now and in the comparison
    pub total_cost_now: &'static str,
    pub expected_value: &'static str,
    pub realized_value: &'static str,
    pub total_cost: &'static str,
    pub expected_roi: &'static str,
    pub realized_roi: &'static str,
    pub tasks_completed: &'static str,
    /// The tasks completed now: how many of how many, and the completion rate.
    pub tasks_completed_value: fn(completed: u64, total: u64, rate: &str) -> String,
    pub completed_tasks: &'static str,
    pub total_tasks: &'static str,
    pub completion_rate: &'static str,
    pub cost_per_completed_task: &'static str,
    pub risk_score: &'static str,
    /// How ROI now is reckoned, with the time of the snapshot its values come from.
    pub valued_at_note: fn(at: &str) -> String,
    pub no_snapshot_note: &'static str,
    pub no_history: &'static str,
    pub compare_needs_two: &'static str,

    // Taking a snapshot
    /// The expected value's label, with the board's currency when known.
    pub expected_value_field: fn(currency: Option<&str>) -> String,
    /// The realised value's label, with the board's currency when known.
    pub realized_value_field: fn(currency: Option<&str>) -> String,
    pub expected_value_placeholder: &'static str,
    pub realized_value_placeholder: &'static str,
    pub value_required: &'static str,
    pub take_button: &'static str,
    pub take_pending: &'static str,
    pub snapshot_taken: fn(id: i64, expected_roi: &str, realized_roi: &str) -> String,

    // Comparing two snapshots
    pub from_snapshot_label: &'static str,
    pub to_snapshot_label: &'static str,
    /// A snapshot in the selects: its number, when it was taken and its expected ROI.
    pub snapshot_option: fn(id: i64, taken: &str, expected_roi: &str) -> String,
    pub compare_caption: fn(from: i64, to: i64) -> String,
    pub field_heading: &'static str,
    pub from_heading: fn(id: i64) -> String,
    pub to_heading: fn(id: i64) -> String,
    pub change_heading: &'static str,
    pub change_percent_heading: &'static str,
    /// A change of a percentage, in percentage points, after its sign.
    pub points_change: fn(sign: &str, points: &str) -> String,

    // Profitability tables
    pub revenue_heading: &'static str,
    pub cost_heading: &'static str,
    pub profit_heading: &'static str,
    pub margin_heading: &'static str,
    /// A profit below zero: the amount, called a loss.
    pub loss: fn(amount: &str) -> String,
}

pub const ENGLISH: Words = Words {
    heading: "Return on investment",
    now_heading: "ROI now",
    history_heading: "History",
    snapshot_heading: "Take a snapshot",
    compare_heading: "Compare two snapshots",

    total_cost_now: "Total cost now",
    expected_value: "Expected value",
    realized_value: "Realised value",
    total_cost: "Total cost",
    expected_roi: "Expected ROI",
    realized_roi: "Realised ROI",
    tasks_completed: "Tasks completed",
    tasks_completed_value: |completed, total, rate| format!("{completed} of {total} ({rate})"),
    completed_tasks: "Completed tasks",
    total_tasks: "Total tasks",
    completion_rate: "Completion rate",
    cost_per_completed_task: "Cost per completed task",
    risk_score: "Risk score (0–100)",
    valued_at_note: |at| {
        format!(
            "ROI = (value − total cost) / total cost × 100, with the values of the latest snapshot ({at}) against the cost now."
        )
    },
    no_snapshot_note: "No snapshot yet: take one below to record the value the board is expected to deliver and has delivered.",
    no_history: "No snapshots yet: the history starts with the first one.",
    compare_needs_two: "Two snapshots are needed to compare.",

    expected_value_field: |currency| match currency {
        Some(code) => format!("Expected value ({code})"),
        None => "Expected value".to_owned(),
    },
    realized_value_field: |currency| match currency {
        Some(code) => format!("Realised value so far ({code})"),
        None => "Realised value so far".to_owned(),
    },
    expected_value_placeholder: "e.g. 250000",
    realized_value_placeholder: "blank: nothing yet",
    value_required: "is required",
    take_button: "Take snapshot",
    take_pending: "Saving…",
    snapshot_taken: |id, expected_roi, realized_roi| {
        format!("Snapshot #{id} taken: expected ROI {expected_roi}, realised ROI {realized_roi}.")
    },

    from_snapshot_label: "From snapshot",
    to_snapshot_label: "To snapshot",
    snapshot_option: |id, taken, expected_roi| format!("#{id} · {taken} · expected ROI {expected_roi}"),
    compare_caption: |from, to| format!("Snapshot #{from} against snapshot #{to}"),
    field_heading: "Field",
    from_heading: |id| format!("From #{id}"),
    to_heading: |id| format!("To #{id}"),
    change_heading: "Change",
    change_percent_heading: "Change %",
    points_change: |sign, points| format!("{sign}{points} points"),

    revenue_heading: "Revenue",
    cost_heading: "Cost",
    profit_heading: "Profit",
    margin_heading: "Margin",
    loss: |amount| format!("{amount} (loss)"),
};
