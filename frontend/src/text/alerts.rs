//! The words of a board's alerts: the Alerts tab (its rules, the rule form and the firings) and
//! the dashboard's card of the alerts fired, with a rule's condition and cause in words.

pub struct Words {
    // Rules
    pub rules_heading: &'static str,
    pub rules_intro: &'static str,
    pub no_rules: &'static str,
    pub condition_column: &'static str,
    pub state_column: &'static str,
    pub last_fired_column: &'static str,
    pub actions_column: &'static str,
    pub state_paused: &'static str,
    pub state_armed: &'static str,
    pub state_fired: &'static str,
    pub edit_button: &'static str,
    pub delete_question: &'static str,
    /// A rule's condition: the words of its kind, then its threshold in its unit.
    pub condition: fn(&str, &str) -> String,

    // Rule form
    pub add_heading: &'static str,
    pub change_heading: &'static str,
    pub kind_label: &'static str,
    pub threshold_label: &'static str,
    pub threshold_required: &'static str,
    pub hint_percent_of_budget: &'static str,
    pub hint_probability: &'static str,
    pub hint_days: &'static str,
    pub hint_cpi: &'static str,
    pub active_label: &'static str,
    pub add_button: &'static str,
    pub save_button: &'static str,
    pub saving: &'static str,
    pub cancel_button: &'static str,
    /// After adding a rule; takes its condition.
    pub added: fn(&str) -> String,
    /// After changing a rule; takes its condition.
    pub saved: fn(&str) -> String,

    // Firings
    pub firings_heading: &'static str,
    pub no_firings: &'static str,
    pub when_column: &'static str,
    pub rule_column: &'static str,
    pub figures_column: &'static str,
    /// A firing's condition when its rule has since been deleted.
    pub deleted_rule: fn(&str) -> String,
    /// The day a firing's figures were computed.
    pub as_of: fn(&str) -> String,
    /// Money used: spent, allocated, percent used.
    pub money_cause: fn(&str, &str, &str) -> String,
    /// Hours used: logged, allocated, percent used.
    pub hours_cause: fn(&str, &str, &str) -> String,
    /// Days until the money runs out, and around which date.
    pub days_cause: fn(&str, &str) -> String,
    /// The date the money runs out, and the due date.
    pub exhaustion_cause: fn(&str, &str) -> String,
    pub probability_cause: fn(&str) -> String,
    pub cpi_cause: fn(&str) -> String,

    // The dashboard's card
    pub active_heading: &'static str,
    /// A fired rule's cause, then when it fired.
    pub active_cause: fn(&str, &str) -> String,
    pub all_link: &'static str,
}

pub const ENGLISH: Words = Words {
    rules_heading: "Alert rules",
    rules_intro: "A rule fires once when its condition becomes true: everyone on the board gets a notification. It is armed again once its condition is false, and only then fires again.",
    no_rules: "No alert rules on this board.",
    condition_column: "Condition",
    state_column: "State",
    last_fired_column: "Last fired",
    actions_column: "Actions",
    state_paused: "paused",
    state_armed: "armed",
    state_fired: "fired",
    edit_button: "Edit",
    delete_question: "Delete this rule?",
    condition: |kind, threshold| format!("{kind} {threshold}"),

    add_heading: "Add a rule",
    change_heading: "Change the rule",
    kind_label: "Alert when",
    threshold_label: "Threshold",
    threshold_required: "is required",
    hint_percent_of_budget: "Percent of the budget, e.g. 90",
    hint_probability: "Percent, up to 100, e.g. 50",
    hint_days: "Days, e.g. 14",
    hint_cpi: "An index, e.g. 0.9 (1 is on plan)",
    active_label: "Active (an inactive rule is not evaluated)",
    add_button: "Add rule",
    save_button: "Save rule",
    saving: "Saving…",
    cancel_button: "Cancel",
    added: |condition| format!("Added: {condition}."),
    saved: |condition| format!("Saved: {condition}."),

    firings_heading: "Firings",
    no_firings: "No rule has fired on this board yet.",
    when_column: "When",
    rule_column: "Rule",
    figures_column: "The figures then",
    deleted_rule: |condition| format!("{condition} (rule deleted)"),
    as_of: |date| format!("as of {date}"),
    money_cause: |spent, allocated, percent| format!("spent {spent} of {allocated} ({percent})"),
    hours_cause: |logged, allocated, percent| {
        format!("{logged} logged of {allocated} ({percent})")
    },
    days_cause: |days, date| format!("runs out in {days} (around {date})"),
    exhaustion_cause: |date, due| format!("runs out around {date}, due {due}"),
    probability_cause: |percent| format!("{percent} chance of going over budget"),
    cpi_cause: |cpi| format!("CPI {cpi}"),

    active_heading: "Active alerts",
    active_cause: |cause, when| format!("{cause} · {when}"),
    all_link: "All alert rules and firings",
};
