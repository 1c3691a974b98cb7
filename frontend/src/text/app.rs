//! The words of the frame around every screen (the header, the page that is not found), the
//! boards list and the heading and tabs of a board's screens.

pub struct Words {
    // Layout
    pub skip_link: &'static str,
    pub not_found_heading: &'static str,
    pub not_found_back_link: &'static str,
    /// In a screen's place when its code could not be fetched.
    pub screen_not_loaded_heading: &'static str,
    pub screen_not_loaded_body: &'static str,
    pub screen_reload_button: &'static str,

    // Header
    pub app_name: &'static str,
    pub switch_board_label: &'static str,
    pub choose_board_option: &'static str,
    /// The accessible name of the header's navigation.
    pub account_nav_label: &'static str,
    pub organization_link: &'static str,
    pub settings_link: &'static str,
    pub sign_out_button: &'static str,

    // Board frame
    pub board_not_in_address: &'static str,
    /// A board's name in its heading until the board has loaded, or when it could not be read.
    pub board_name_unknown: &'static str,
    /// A board screen's heading: the board's name and the screen's section.
    pub board_heading: fn(&str, &str) -> String,

    // Board tabs
    /// The accessible name of the board's tabs.
    pub board_nav_label: &'static str,
    pub tab_dashboard: &'static str,
    pub tab_budget: &'static str,
    pub tab_tasks: &'static str,
    pub tab_timesheet: &'static str,
    pub tab_expenses: &'static str,
    pub tab_analytics: &'static str,
    pub tab_roi: &'static str,
    pub tab_what_if: &'static str,
    pub tab_recommendations: &'static str,
    pub tab_resources: &'static str,
    pub tab_alerts: &'static str,
    pub tab_members: &'static str,
    pub tab_import: &'static str,
    pub tab_rates: &'static str,
    pub tab_approvals: &'static str,
    pub tab_history: &'static str,

    // Boards list
    pub boards_heading: &'static str,
    pub boards_empty: &'static str,
    /// A board's start and due dates, both written.
    pub board_dates: fn(&str, &str) -> String,
    /// A board's start date when it has no due date.
    pub board_dates_from: fn(&str) -> String,
    /// Under a board's name: its dates and the person's role on it.
    pub board_dates_and_role: fn(&str, &str) -> String,
    /// The status badge while the board's figures load.
    pub board_status_pending: &'static str,
    /// The status badge when the board's figures could not be read.
    pub board_status_unknown: &'static str,
    /// Money spent of the budget, both written, and the share used.
    pub board_spent: fn(&str, &str, &str) -> String,
    /// The accessible name of a board's budget bar, from the board's name.
    pub board_budget_used_label: fn(&str) -> String,
    pub board_no_budget: &'static str,
    pub board_set_up_budget_link: &'static str,

    // New board
    pub new_board_heading: &'static str,
    pub new_board_name_label: &'static str,
    pub new_board_start_label: &'static str,
    pub new_board_start_hint: &'static str,
    pub new_board_due_label: &'static str,
    pub new_board_dates_invalid: &'static str,
    pub new_board_submit: &'static str,
    pub new_board_submitting: &'static str,
}

pub const ENGLISH: Words = Words {
    skip_link: "Skip to content",
    not_found_heading: "Page not found",
    not_found_back_link: "Back to your boards",
    screen_not_loaded_heading: "This screen could not be loaded",
    screen_not_loaded_body: "The app may have been updated since this page was opened, or the \
        connection failed. Reload the page to get the current version; nothing you saved is lost.",
    screen_reload_button: "Reload",

    app_name: "Budget & ROI Tracker",
    switch_board_label: "Switch board",
    choose_board_option: "Choose a board…",
    account_nav_label: "Account",
    organization_link: "Organisation",
    settings_link: "Settings",
    sign_out_button: "Sign out",

    board_not_in_address: "This address does not name a board.",
    board_name_unknown: "Board",
    board_heading: |name, section| format!("{name} — {section}"),

    board_nav_label: "Board sections",
    tab_dashboard: "Dashboard",
    tab_budget: "Budget",
    tab_tasks: "Tasks & time",
    tab_timesheet: "Timesheet",
    tab_expenses: "Expenses",
    tab_analytics: "Analytics",
    tab_roi: "ROI",
    tab_what_if: "What if",
    tab_recommendations: "Recommendations",
    tab_resources: "Resources",
    tab_alerts: "Alerts",
    tab_members: "Members",
    tab_import: "Import",
    tab_rates: "Rates",
    tab_approvals: "Approvals",
    tab_history: "History",

    boards_heading: "Your boards",
    boards_empty: "No boards yet. Start one below.",
    board_dates: |start, due| format!("{start} – {due}"),
    board_dates_from: |start| format!("from {start}"),
    board_dates_and_role: |dates, role| format!("{dates} · {role}"),
    board_status_pending: "…",
    board_status_unknown: "unknown",
    board_spent: |spent, allocated, percent| format!("{spent} of {allocated} spent ({percent})"),
    board_budget_used_label: |name| format!("{name}: budget used"),
    board_no_budget: "No budget yet. ",
    board_set_up_budget_link: "Set one up",

    new_board_heading: "New board",
    new_board_name_label: "Name",
    new_board_start_label: "Start date",
    new_board_start_hint: "Empty: today.",
    new_board_due_label: "Due date (optional)",
    new_board_dates_invalid: "Enter dates as YYYY-MM-DD.",
    new_board_submit: "Create board",
    new_board_submitting: "Creating…",
};
