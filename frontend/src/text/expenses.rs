//! The words of the board's Expenses screen: every task's expenses, with their filter.

pub struct Words {
    pub heading: &'static str,
    pub intro: &'static str,

    // Filter
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub category_label: &'static str,
    pub category_placeholder: &'static str,
    pub show_button: &'static str,
    pub clear_button: &'static str,
    /// Beside the last day when it comes before the first.
    pub to_before_from_message: &'static str,

    // List
    pub empty: &'static str,
    /// How many expenses match.
    pub total: fn(u64) -> String,
    pub date_column: &'static str,
    pub task_column: &'static str,
    pub category_column: &'static str,
    pub amount_column: &'static str,
    pub rate_column: &'static str,
    pub cost_column: &'static str,
    pub billable_column: &'static str,
    pub note_column: &'static str,
    pub not_billed: &'static str,
    pub more_button: &'static str,
    pub loading_more: &'static str,
}

pub const ENGLISH: Words = Words {
    heading: "Expenses on this board",
    intro: "Every task's expenses, the latest day first: the amount in the currency it was spent \
            in, and its cost and billable amount in the board's currency at the exchange rate of \
            its day. Record and delete expenses on the task's page.",

    from_label: "From",
    to_label: "To",
    category_label: "Category",
    category_placeholder: "e.g. travel",
    show_button: "Show",
    clear_button: "Clear",
    to_before_from_message: "must not be before the first day",

    empty: "No expenses match.",
    total: |total| {
        if total == 1 {
            "1 expense".to_owned()
        } else {
            format!("{total} expenses")
        }
    },
    date_column: "Date",
    task_column: "Task",
    category_column: "Category",
    amount_column: "Amount",
    rate_column: "Rate",
    cost_column: "Cost",
    billable_column: "Billable",
    note_column: "Note",
    not_billed: "not billed",
    more_button: "More",
    loading_more: "Loading…",
};
