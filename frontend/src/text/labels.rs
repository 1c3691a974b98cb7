//! The words for the contract's enum values people read (task statuses, board roles, budget
//! statuses, rate levels, alert rules, notification kinds…), a field per value, read through
//! [`crate::labels`].

pub struct Words {
    // How timers round
    pub time_rounding_none: &'static str,
    pub time_rounding_up_to_1_minute: &'static str,
    pub time_rounding_up_to_6_minutes: &'static str,
    pub time_rounding_up_to_15_minutes: &'static str,

    // Task statuses
    pub task_status_todo: &'static str,
    pub task_status_in_progress: &'static str,
    pub task_status_done: &'static str,

    // A recommendation's next step (buttons)
    pub review_action_accept: &'static str,
    pub review_action_reject: &'static str,
    pub review_action_implement: &'static str,

    // Whom a rate covers
    pub rate_level_task: &'static str,
    pub rate_level_board_member: &'static str,
    pub rate_level_board: &'static str,
    pub rate_level_person: &'static str,
    pub rate_level_organization: &'static str,

    // Repricings
    pub repricing_status_applied: &'static str,
    pub repricing_status_reverted: &'static str,

    // What a budget is kept on
    pub budget_basis_cost: &'static str,
    pub budget_basis_billable: &'static str,

    // Where a scored forecast came from
    pub forecast_source_stored: &'static str,
    pub forecast_source_backtest: &'static str,

    // What an alert rule watches, read before its threshold
    pub alert_rule_kind_money_used_at_least: &'static str,
    pub alert_rule_kind_hours_used_at_least: &'static str,
    pub alert_rule_kind_days_until_exhausted_below: &'static str,
    pub alert_rule_kind_exhaustion_before_due_date: &'static str,
    pub alert_rule_kind_overrun_probability_at_least: &'static str,
    pub alert_rule_kind_cpi_below: &'static str,

    // Kinds of notification
    pub event_type_budget_threshold_crossed: &'static str,
    pub event_type_budget_exhaustion_predicted: &'static str,
    pub event_type_budget_overrun_probable: &'static str,
    pub event_type_budget_exceeded: &'static str,
    pub event_type_recommendation_created: &'static str,
    pub event_type_recommendation_status_changed: &'static str,
    pub event_type_repricing_applied: &'static str,
    pub event_type_webhook_endpoint_disabled: &'static str,

    // CSV formats an import reads
    pub import_format_toggl: &'static str,
    pub import_format_clockify: &'static str,
    pub import_format_kimai: &'static str,
    pub import_format_tracker: &'static str,

    // Roles in an organisation
    pub org_role_admin: &'static str,
    pub org_role_member: &'static str,

    // Roles on a board
    pub board_role_viewer: &'static str,
    pub board_role_editor: &'static str,
    pub board_role_admin: &'static str,

    // Where a budget stands
    pub budget_status_ok: &'static str,
    pub budget_status_warning: &'static str,
    pub budget_status_critical: &'static str,
    pub budget_status_over: &'static str,
    pub budget_status_no_budget: &'static str,

    // What a personal access token may do
    pub token_scope_read: &'static str,
    pub token_scope_write: &'static str,

    // Where an exchange rate came from
    pub exchange_rate_source_manual: &'static str,
    pub exchange_rate_source_import: &'static str,

    // How loaded a person is
    pub load_status_overloaded: &'static str,
    pub load_status_balanced: &'static str,
    pub load_status_underused: &'static str,

    // Where a timesheet week stands
    pub timesheet_status_open: &'static str,
    pub timesheet_status_submitted: &'static str,
    pub timesheet_status_approved: &'static str,
    pub timesheet_status_rejected: &'static str,

    // Where a recommendation stands
    pub recommendation_status_pending: &'static str,
    pub recommendation_status_accepted: &'static str,
    pub recommendation_status_rejected: &'static str,
    pub recommendation_status_implemented: &'static str,

    // Kinds of recommendation
    pub recommendation_type_reallocation: &'static str,
    pub recommendation_type_scope_cut: &'static str,
    pub recommendation_type_resource_optimization: &'static str,
    pub recommendation_type_risk_mitigation: &'static str,
    pub recommendation_type_efficiency_improvement: &'static str,
    pub recommendation_type_timeline_change: &'static str,

    // Priorities of a task or a recommendation
    pub priority_low: &'static str,
    pub priority_medium: &'static str,
    pub priority_high: &'static str,
    pub priority_urgent: &'static str,

    // How severe a risk is
    pub severity_low: &'static str,
    pub severity_medium: &'static str,
    pub severity_high: &'static str,

    // Which engine answered
    pub ai_source_builtin: &'static str,
    pub ai_source_gemini: &'static str,
    pub ai_source_openai: &'static str,
}

pub const ENGLISH: Words = Words {
    time_rounding_none: "not rounded (to the nearest 0.01 hour)",
    time_rounding_up_to_1_minute: "up to the next minute",
    time_rounding_up_to_6_minutes: "up to the next 6 minutes",
    time_rounding_up_to_15_minutes: "up to the next 15 minutes",

    task_status_todo: "to do",
    task_status_in_progress: "in progress",
    task_status_done: "done",

    review_action_accept: "Accept",
    review_action_reject: "Reject",
    review_action_implement: "Mark implemented",

    rate_level_task: "task",
    rate_level_board_member: "person on the board",
    rate_level_board: "whole board",
    rate_level_person: "person in the organisation",
    rate_level_organization: "whole organisation",

    repricing_status_applied: "applied",
    repricing_status_reverted: "reverted",

    budget_basis_cost: "cost",
    budget_basis_billable: "billable amounts (fees)",

    forecast_source_stored: "kept that day",
    forecast_source_backtest: "backtest",

    alert_rule_kind_money_used_at_least: "money used at least",
    alert_rule_kind_hours_used_at_least: "hours used at least",
    alert_rule_kind_days_until_exhausted_below: "days until the budget runs out below",
    alert_rule_kind_exhaustion_before_due_date: "budget runs out before the due date",
    alert_rule_kind_overrun_probability_at_least: "chance of going over budget at least",
    alert_rule_kind_cpi_below: "cost performance index (CPI) below",

    event_type_budget_threshold_crossed: "threshold crossed",
    event_type_budget_exhaustion_predicted: "budget runs out early",
    event_type_budget_overrun_probable: "overrun likely",
    event_type_budget_exceeded: "budget exceeded",
    event_type_recommendation_created: "new recommendation",
    event_type_recommendation_status_changed: "recommendation updated",
    event_type_repricing_applied: "repricing applied",
    event_type_webhook_endpoint_disabled: "webhook disabled",

    import_format_toggl: "Toggl Track",
    import_format_clockify: "Clockify",
    import_format_kimai: "Kimai",
    import_format_tracker: "this app's export",

    org_role_admin: "Admin",
    org_role_member: "Member",

    board_role_viewer: "viewer",
    board_role_editor: "editor",
    board_role_admin: "admin",

    budget_status_ok: "ok",
    budget_status_warning: "warning",
    budget_status_critical: "critical",
    budget_status_over: "over",
    budget_status_no_budget: "no budget",

    token_scope_read: "read",
    token_scope_write: "write",

    exchange_rate_source_manual: "manual",
    exchange_rate_source_import: "import",

    load_status_overloaded: "overloaded",
    load_status_balanced: "balanced",
    load_status_underused: "underused",

    timesheet_status_open: "open",
    timesheet_status_submitted: "submitted",
    timesheet_status_approved: "approved",
    timesheet_status_rejected: "rejected",

    recommendation_status_pending: "pending",
    recommendation_status_accepted: "accepted",
    recommendation_status_rejected: "rejected",
    recommendation_status_implemented: "implemented",

    recommendation_type_reallocation: "reallocation",
    recommendation_type_scope_cut: "scope cut",
    recommendation_type_resource_optimization: "resource optimization",
    recommendation_type_risk_mitigation: "risk mitigation",
    recommendation_type_efficiency_improvement: "efficiency improvement",
    recommendation_type_timeline_change: "timeline change",

    priority_low: "low",
    priority_medium: "medium",
    priority_high: "high",
    priority_urgent: "urgent",

    severity_low: "low",
    severity_medium: "medium",
    severity_high: "high",

    ai_source_builtin: "builtin",
    ai_source_gemini: "gemini",
    ai_source_openai: "openai",
};
