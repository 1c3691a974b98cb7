//! The words people read for the contract's enum values, never their wire names. One function
//! per enum, returning its words from [`crate::text`] (`text().labels`); `data-*` attributes,
//! CSS modifiers and `<option value>`s carry `as_str()`. The free-form names the server sends as
//! text (a pattern's type, a forecast method, a change in a board's history) are shown through
//! [`crate::format::label`].

use budget_contract::alert::{AlertRuleKind, EventType};
use budget_contract::auth::{OrgRole, TokenScope};
use budget_contract::board::{BoardRole, TimeRounding};
use budget_contract::budget::BudgetBasis;
use budget_contract::exchange_rate::ExchangeRateSource;
use budget_contract::forecast::ForecastSource;
use budget_contract::import::ImportFormat;
use budget_contract::metrics::BudgetStatus;
use budget_contract::optimizer::{
    AiSource, LoadStatus, RecommendationStatus, RecommendationType, ReviewAction, Severity,
};
use budget_contract::rate::RateLevel;
use budget_contract::repricing::RepricingStatus;
use budget_contract::task::{Priority, TaskStatus};
use budget_contract::timesheet::TimesheetStatus;

use crate::text::text;

/// How timers round, for people: "not rounded", "up to the next 6 minutes".
pub fn time_rounding(rounding: TimeRounding) -> &'static str {
    let words = &text().labels;
    match rounding {
        TimeRounding::None => words.time_rounding_none,
        TimeRounding::UpTo1Minute => words.time_rounding_up_to_1_minute,
        TimeRounding::UpTo6Minutes => words.time_rounding_up_to_6_minutes,
        TimeRounding::UpTo15Minutes => words.time_rounding_up_to_15_minutes,
    }
}

/// A task status for people: "to do", "in progress", "done".
pub fn task_status(status: TaskStatus) -> &'static str {
    let words = &text().labels;
    match status {
        TaskStatus::Todo => words.task_status_todo,
        TaskStatus::InProgress => words.task_status_in_progress,
        TaskStatus::Done => words.task_status_done,
    }
}

/// The button that takes a recommendation one step along its lifecycle.
pub fn review_action(action: ReviewAction) -> &'static str {
    let words = &text().labels;
    match action {
        ReviewAction::Accept => words.review_action_accept,
        ReviewAction::Reject => words.review_action_reject,
        ReviewAction::Implement => words.review_action_implement,
    }
}

/// Whom a rate level covers, for people: "task", "person on the board", "whole board".
pub fn rate_level(level: RateLevel) -> &'static str {
    let words = &text().labels;
    match level {
        RateLevel::Task => words.rate_level_task,
        RateLevel::BoardMember => words.rate_level_board_member,
        RateLevel::Board => words.rate_level_board,
        RateLevel::Person => words.rate_level_person,
        RateLevel::Organization => words.rate_level_organization,
    }
}

/// Where a repricing stands: "applied", "reverted".
pub fn repricing_status(status: RepricingStatus) -> &'static str {
    let words = &text().labels;
    match status {
        RepricingStatus::Applied => words.repricing_status_applied,
        RepricingStatus::Reverted => words.repricing_status_reverted,
    }
}

/// What a budget is kept on, for people: "cost", "billable amounts (fees)".
pub fn budget_basis(basis: BudgetBasis) -> &'static str {
    let words = &text().labels;
    match basis {
        BudgetBasis::Cost => words.budget_basis_cost,
        BudgetBasis::Billable => words.budget_basis_billable,
    }
}

/// Where a scored forecast came from: "kept that day" (the forecast history) or "backtest"
/// (made now from what was recorded by that day).
pub fn forecast_source(source: ForecastSource) -> &'static str {
    let words = &text().labels;
    match source {
        ForecastSource::Stored => words.forecast_source_stored,
        ForecastSource::Backtest => words.forecast_source_backtest,
    }
}

/// What an alert rule watches, for people, read before its threshold: "money used at least".
pub fn alert_rule_kind(kind: AlertRuleKind) -> &'static str {
    let words = &text().labels;
    match kind {
        AlertRuleKind::MoneyUsedAtLeast => words.alert_rule_kind_money_used_at_least,
        AlertRuleKind::HoursUsedAtLeast => words.alert_rule_kind_hours_used_at_least,
        AlertRuleKind::DaysUntilExhaustedBelow => words.alert_rule_kind_days_until_exhausted_below,
        AlertRuleKind::ExhaustionBeforeDueDate => words.alert_rule_kind_exhaustion_before_due_date,
        AlertRuleKind::OverrunProbabilityAtLeast => {
            words.alert_rule_kind_overrun_probability_at_least
        }
        AlertRuleKind::CpiBelow => words.alert_rule_kind_cpi_below,
    }
}

/// What an event means, for people: the kind of a notification.
pub fn event_type(event: EventType) -> &'static str {
    let words = &text().labels;
    match event {
        EventType::BudgetThresholdCrossed => words.event_type_budget_threshold_crossed,
        EventType::BudgetExhaustionPredicted => words.event_type_budget_exhaustion_predicted,
        EventType::BudgetOverrunProbable => words.event_type_budget_overrun_probable,
        EventType::BudgetExceeded => words.event_type_budget_exceeded,
        EventType::RecommendationCreated => words.event_type_recommendation_created,
        EventType::RecommendationStatusChanged => words.event_type_recommendation_status_changed,
        EventType::RepricingApplied => words.event_type_repricing_applied,
        EventType::WebhookEndpointDisabled => words.event_type_webhook_endpoint_disabled,
    }
}

/// A CSV format an import reads, as its product names it.
pub fn import_format(format: ImportFormat) -> &'static str {
    let words = &text().labels;
    match format {
        ImportFormat::Toggl => words.import_format_toggl,
        ImportFormat::Clockify => words.import_format_clockify,
        ImportFormat::Kimai => words.import_format_kimai,
        ImportFormat::Tracker => words.import_format_tracker,
    }
}

/// A role in an organisation, for people: its admins administer every board of it.
pub fn org_role(role: OrgRole) -> &'static str {
    let words = &text().labels;
    match role {
        OrgRole::Admin => words.org_role_admin,
        OrgRole::Member => words.org_role_member,
    }
}

/// What a person may do on a board, for people: "viewer", "editor", "admin".
pub fn board_role(role: BoardRole) -> &'static str {
    let words = &text().labels;
    match role {
        BoardRole::Viewer => words.board_role_viewer,
        BoardRole::Editor => words.board_role_editor,
        BoardRole::Admin => words.board_role_admin,
    }
}

/// Where a budget stands, for people: "ok", "warning", "critical", "over", "no budget".
pub fn budget_status(status: BudgetStatus) -> &'static str {
    let words = &text().labels;
    match status {
        BudgetStatus::Ok => words.budget_status_ok,
        BudgetStatus::Warning => words.budget_status_warning,
        BudgetStatus::Critical => words.budget_status_critical,
        BudgetStatus::Over => words.budget_status_over,
        BudgetStatus::NoBudget => words.budget_status_no_budget,
    }
}

/// What a personal access token may do, for people: "read", "write".
pub fn token_scope(scope: TokenScope) -> &'static str {
    let words = &text().labels;
    match scope {
        TokenScope::Read => words.token_scope_read,
        TokenScope::Write => words.token_scope_write,
    }
}

/// Where an exchange rate came from, for people: "manual", "import".
pub fn exchange_rate_source(source: ExchangeRateSource) -> &'static str {
    let words = &text().labels;
    match source {
        ExchangeRateSource::Manual => words.exchange_rate_source_manual,
        ExchangeRateSource::Import => words.exchange_rate_source_import,
    }
}

/// How loaded a person is against their estimates: "overloaded", "balanced", "underused".
pub fn load_status(status: LoadStatus) -> &'static str {
    let words = &text().labels;
    match status {
        LoadStatus::Overloaded => words.load_status_overloaded,
        LoadStatus::Balanced => words.load_status_balanced,
        LoadStatus::Underused => words.load_status_underused,
    }
}

/// Where a timesheet week stands, for people: "open", "submitted", "approved", "rejected".
pub fn timesheet_status(status: TimesheetStatus) -> &'static str {
    let words = &text().labels;
    match status {
        TimesheetStatus::Open => words.timesheet_status_open,
        TimesheetStatus::Submitted => words.timesheet_status_submitted,
        TimesheetStatus::Approved => words.timesheet_status_approved,
        TimesheetStatus::Rejected => words.timesheet_status_rejected,
    }
}

/// Where a recommendation stands, for people: "pending", "accepted", "implemented".
pub fn recommendation_status(status: RecommendationStatus) -> &'static str {
    let words = &text().labels;
    match status {
        RecommendationStatus::Pending => words.recommendation_status_pending,
        RecommendationStatus::Accepted => words.recommendation_status_accepted,
        RecommendationStatus::Rejected => words.recommendation_status_rejected,
        RecommendationStatus::Implemented => words.recommendation_status_implemented,
    }
}

/// What a recommendation proposes, for people: "reallocation", "scope cut", "timeline change".
pub fn recommendation_type(kind: RecommendationType) -> &'static str {
    let words = &text().labels;
    match kind {
        RecommendationType::Reallocation => words.recommendation_type_reallocation,
        RecommendationType::ScopeCut => words.recommendation_type_scope_cut,
        RecommendationType::ResourceOptimization => words.recommendation_type_resource_optimization,
        RecommendationType::RiskMitigation => words.recommendation_type_risk_mitigation,
        RecommendationType::EfficiencyImprovement => {
            words.recommendation_type_efficiency_improvement
        }
        RecommendationType::TimelineChange => words.recommendation_type_timeline_change,
    }
}

/// The priority of a task or a recommendation, for people: "low", "medium", "high", "urgent".
pub fn priority(priority: Priority) -> &'static str {
    let words = &text().labels;
    match priority {
        Priority::Low => words.priority_low,
        Priority::Medium => words.priority_medium,
        Priority::High => words.priority_high,
        Priority::Urgent => words.priority_urgent,
    }
}

/// How severe a risk to the budget is, for people: "low", "medium", "high".
pub fn severity(severity: Severity) -> &'static str {
    let words = &text().labels;
    match severity {
        Severity::Low => words.severity_low,
        Severity::Medium => words.severity_medium,
        Severity::High => words.severity_high,
    }
}

/// Which engine answered, for people: "builtin", "gemini", "openai".
pub fn ai_source(source: AiSource) -> &'static str {
    let words = &text().labels;
    match source {
        AiSource::Builtin => words.ai_source_builtin,
        AiSource::Gemini => words.ai_source_gemini,
        AiSource::Openai => words.ai_source_openai,
    }
}
