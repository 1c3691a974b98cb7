//! The words of a board's Members screen: its people, their roles and hourly rates, and adding
//! someone.

pub struct Words {
    pub rate_invalid: &'static str,

    // The list
    pub heading: &'static str,
    pub intro: &'static str,
    pub empty: &'static str,
    pub name_column: &'static str,
    pub email_column: &'static str,
    pub role_column: &'static str,
    pub rate_column: &'static str,
    pub actions_column: &'static str,
    pub role_label: fn(&str) -> String,
    pub rate_label: fn(&str) -> String,
    /// Shown in an empty rate field: the member has no rate of their own.
    pub rate_placeholder: &'static str,
    pub save_button: &'static str,
    pub remove_button: &'static str,

    // Adding a member
    pub add_heading: &'static str,
    pub email_label: &'static str,
    pub new_role_label: &'static str,
    pub new_rate_label: &'static str,
    pub add_button: &'static str,
    pub adding: &'static str,
}

pub const ENGLISH: Words = Words {
    rate_invalid: "Enter a rate per hour, e.g. 85.00, or leave it empty.",

    // The list
    heading: "People on this board",
    intro: "Viewers read; editors also log time and costs; admins also manage the budget, recommendations and members. \
            A member's hourly rate prices their time on this board unless the task sets its own.",
    empty: "No members yet: the board's creator and organisation admins manage it.",
    name_column: "Name",
    email_column: "Email",
    role_column: "Role",
    rate_column: "Hourly rate",
    actions_column: "Actions",
    role_label: |name| format!("Role of {name}"),
    rate_label: |name| format!("Hourly rate of {name}"),
    rate_placeholder: "none",
    save_button: "Save",
    remove_button: "Remove",

    // Adding a member
    add_heading: "Add a member",
    email_label: "Email of a registered user",
    new_role_label: "Role",
    new_rate_label: "Hourly rate (optional)",
    add_button: "Add member",
    adding: "Adding…",
};
