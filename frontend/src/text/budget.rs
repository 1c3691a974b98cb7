//! The words of a board's budget form: creating or editing the budget, its fields and hints,
//! and what the form says when a value is not a number or someone else changed the budget.

pub struct Words {
    pub create_heading: &'static str,
    pub edit_heading: &'static str,
    pub read_only: &'static str,

    // Fields
    pub allocated_label: &'static str,
    pub allocated_hint: &'static str,
    pub currency_label: &'static str,
    /// The basis the budget is kept on: cost or billable amounts.
    pub basis_label: &'static str,
    pub basis_hint: &'static str,
    pub hours_label: &'static str,
    pub hours_hint: &'static str,
    pub fixed_fee_label: &'static str,
    pub fixed_fee_hint: &'static str,
    pub warning_label: &'static str,
    pub warning_hint: &'static str,
    pub critical_label: &'static str,
    pub critical_hint: &'static str,
    pub ai_label: &'static str,
    pub hard_stop_label: &'static str,

    // Values that are not numbers
    pub allocated_invalid: &'static str,
    pub hours_invalid: &'static str,
    pub fixed_fee_invalid: &'static str,
    pub threshold_invalid: &'static str,

    // Saving
    pub conflict: &'static str,
    pub reload_button: &'static str,
    pub saved: &'static str,
    pub dashboard_link: &'static str,
    pub create_button: &'static str,
    pub save_button: &'static str,
    pub saving: &'static str,
}

pub const ENGLISH: Words = Words {
    create_heading: "Create a budget",
    edit_heading: "Edit the budget",
    read_only: "Only board admins can change the budget; you can read it.",

    allocated_label: "Allocated budget",
    allocated_hint: "In the currency below, up to two decimals.",
    currency_label: "Currency",
    basis_label: "Kept on",
    basis_hint: "What spends the budget: what the work costs, or what it is billed for (billable hours and expenses).",
    hours_label: "Allocated hours (optional)",
    hours_hint: "Hours of work the budget covers; empty for none.",
    fixed_fee_label: "Fixed fee (optional)",
    fixed_fee_hint: "What the client pays for the whole work; it is then the board's revenue. Empty for none.",
    warning_label: "Warning at (% spent)",
    warning_hint: "1 to 99, below the critical threshold. Default 80.",
    critical_label: "Critical at (% spent)",
    critical_hint: "Above the warning threshold, at most 100. Default 95.",
    ai_label: "Let the optimiser analyse this budget",
    hard_stop_label: "Hard stop: refuse new time and expenses once the money or hours are spent (board admins excepted)",

    allocated_invalid: "Enter an amount, e.g. 50000.00.",
    hours_invalid: "Enter a number of hours, e.g. 400.",
    fixed_fee_invalid: "Enter an amount, e.g. 60000.00.",
    threshold_invalid: "Enter a whole percentage, e.g. 80.",

    conflict: "Someone else changed this budget since you opened it — reload to see their version.",
    reload_button: "Reload",
    saved: "Budget saved. ",
    dashboard_link: "See the dashboard",
    create_button: "Create budget",
    save_button: "Save budget",
    saving: "Saving…",
};
