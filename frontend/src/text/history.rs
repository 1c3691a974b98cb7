//! The words of a board's history: the audit trail of who changed what and when. The names of
//! what changed, of what was done and of the fields changed are in [`super::labels`].

pub struct Words {
    pub heading: &'static str,
    pub intro: &'static str,
    /// Before the select of the kind of change shown.
    pub kind_filter_label: &'static str,
    pub every_change: &'static str,
    pub empty: &'static str,
    pub when_column: &'static str,
    pub who_column: &'static str,
    pub what_column: &'static str,
    pub change_column: &'static str,
    pub more_button: &'static str,
    pub loading: &'static str,
    /// Who made a change when only their id is known.
    pub user_fallback: fn(i64) -> String,
    /// Who made a change when their account is gone.
    pub deleted_account: &'static str,
    /// What changed: the kind, the action and the record's id.
    pub what: fn(&str, &str, i64) -> String,
}

pub const ENGLISH: Words = Words {
    heading: "Changes to this board",
    intro: "Who changed what and when, newest first: budgets, costs and rates, time entries, members, deleted tasks with the time that went with them, and recommendations.",
    kind_filter_label: "Show ",
    every_change: "every change",
    empty: "No changes recorded yet.",
    when_column: "When",
    who_column: "Who",
    what_column: "What",
    change_column: "Change",
    more_button: "More",
    loading: "Loading…",
    user_fallback: |id| format!("user {id}"),
    deleted_account: "a deleted account",
    what: |kind, action, id| format!("{kind} {action} #{id}"),
};
