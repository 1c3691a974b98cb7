//! The words people read for the contract's enum values, never their wire names. One function
//! per enum, returning its words from [`crate::text`] (`text().labels`); `data-*` attributes,
//! CSS modifiers and `<option value>`s carry `as_str()`. The names the server sends as text (what
//! a change in a board's history was made to, what was done, the fields it changed; a learned
//! pattern's kind; how a forecast was made) have words here for every name the app knows; a
//! name it does not know is shown through [`crate::format::label`].

use budget_contract::alert::{AlertRuleKind, EventType};
use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::auth::{OrgRole, TokenScope};
use budget_contract::board::{BoardRole, TimeRounding};
use budget_contract::budget::BudgetBasis;
use budget_contract::exchange_rate::ExchangeRateSource;
use budget_contract::forecast::{self, ForecastSource};
use budget_contract::import::ImportFormat;
use budget_contract::metrics::BudgetStatus;
use budget_contract::optimizer::{
    AiSource, LoadStatus, PatternType, RecommendationStatus, RecommendationType, ReviewAction,
    Severity,
};
use budget_contract::rate::RateLevel;
use budget_contract::repricing::RepricingStatus;
use budget_contract::task::{Priority, TaskStatus};
use budget_contract::timesheet::TimesheetStatus;

use crate::format;
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

/// The words for a name the server sends as text: the app's own when it knows the name, else the
/// name with its underscores read as spaces.
fn known_or_spelled(words: Option<&'static str>, name: &str) -> String {
    words.map_or_else(|| format::label(name), str::to_owned)
}

/// What a change in a board's history was made to, for people: "time entry", "ROI snapshot".
pub fn audit_kind(kind: &str) -> String {
    known_or_spelled(kind.parse().ok().map(audit_kind_words), kind)
}

fn audit_kind_words(kind: AuditKind) -> &'static str {
    let words = &text().labels;
    match kind {
        AuditKind::Board => words.audit_kind_board,
        AuditKind::Member => words.audit_kind_member,
        AuditKind::Task => words.audit_kind_task,
        AuditKind::TaskCost => words.audit_kind_task_cost,
        AuditKind::TimeEntry => words.audit_kind_time_entry,
        AuditKind::Budget => words.audit_kind_budget,
        AuditKind::RoiSnapshot => words.audit_kind_roi_snapshot,
        AuditKind::Recommendation => words.audit_kind_recommendation,
        AuditKind::Organization => words.audit_kind_organization,
        AuditKind::User => words.audit_kind_user,
        AuditKind::ApiToken => words.audit_kind_api_token,
        AuditKind::AlertRule => words.audit_kind_alert_rule,
        AuditKind::Expense => words.audit_kind_expense,
        AuditKind::Scenario => words.audit_kind_scenario,
        AuditKind::TimeImport => words.audit_kind_time_import,
        AuditKind::Rate => words.audit_kind_rate,
        AuditKind::Repricing => words.audit_kind_repricing,
        AuditKind::TimesheetWeek => words.audit_kind_timesheet_week,
        AuditKind::WebhookEndpoint => words.audit_kind_webhook_endpoint,
        AuditKind::HardStop => words.audit_kind_hard_stop,
    }
}

/// What was done in a change of a board's history, for people: "create", "transfer ownership".
pub fn audit_action(action: &str) -> String {
    known_or_spelled(action.parse().ok().map(audit_action_words), action)
}

fn audit_action_words(action: AuditAction) -> &'static str {
    let words = &text().labels;
    match action {
        AuditAction::Create => words.audit_action_create,
        AuditAction::Update => words.audit_action_update,
        AuditAction::Delete => words.audit_action_delete,
        AuditAction::Accept => words.audit_action_accept,
        AuditAction::Reject => words.audit_action_reject,
        AuditAction::Implement => words.audit_action_implement,
        AuditAction::Submit => words.audit_action_submit,
        AuditAction::Withdraw => words.audit_action_withdraw,
        AuditAction::Approve => words.audit_action_approve,
        AuditAction::Reopen => words.audit_action_reopen,
        AuditAction::Override => words.audit_action_override,
        AuditAction::Move => words.audit_action_move,
        AuditAction::TransferOwnership => words.audit_action_transfer_ownership,
        AuditAction::RotateSecret => words.audit_action_rotate_secret,
        AuditAction::Revoke => words.audit_action_revoke,
        AuditAction::PasswordChange => words.audit_action_password_change,
        AuditAction::PasswordReset => words.audit_action_password_reset,
        AuditAction::PasswordResetIssue => words.audit_action_password_reset_issue,
        AuditAction::SignOutEverywhere => words.audit_action_sign_out_everywhere,
        AuditAction::Invite => words.audit_action_invite,
        AuditAction::RevokeInvitation => words.audit_action_revoke_invitation,
        AuditAction::Leave => words.audit_action_leave,
        AuditAction::RemoveMember => words.audit_action_remove_member,
        AuditAction::ChangeMemberRole => words.audit_action_change_member_role,
        AuditAction::AddRate => words.audit_action_add_rate,
        AuditAction::DeleteRate => words.audit_action_delete_rate,
        AuditAction::AddExchangeRate => words.audit_action_add_exchange_rate,
        AuditAction::DeleteExchangeRate => words.audit_action_delete_exchange_rate,
        AuditAction::ImportExchangeRates => words.audit_action_import_exchange_rates,
        AuditAction::TimeLock => words.audit_action_time_lock,
    }
}

/// A field a change in a board's history changed, for people: "hourly rate", "due date".
pub fn audit_field(field: &str) -> String {
    known_or_spelled(audit_field_words(field), field)
}

fn audit_field_words(field: &str) -> Option<&'static str> {
    let words = &text().labels;
    Some(match field {
        "id" => words.audit_field_id,
        "board_id" => words.audit_field_board_id,
        "version" => words.audit_field_version,
        "created_by" => words.audit_field_created_by,
        "organization_id" => words.audit_field_organization_id,
        "title" => words.audit_field_title,
        "status" => words.audit_field_status,
        "progress" => words.audit_field_progress,
        "priority" => words.audit_field_priority,
        "assignee_id" => words.audit_field_assignee_id,
        "due_date" => words.audit_field_due_date,
        "completed_at" => words.audit_field_completed_at,
        "time_entries" => words.audit_field_time_entries,
        "logged_hours" => words.audit_field_logged_hours,
        "labour_cost" => words.audit_field_labour_cost,
        "task_id" => words.audit_field_task_id,
        "estimated_cost" => words.audit_field_estimated_cost,
        "estimated_hours" => words.audit_field_estimated_hours,
        "actual_cost" => words.audit_field_actual_cost,
        "hourly_rate" => words.audit_field_hourly_rate,
        "resource_cost" => words.audit_field_resource_cost,
        "incurred_on" => words.audit_field_incurred_on,
        "total_actual_cost" => words.audit_field_total_actual_cost,
        "variance" => words.audit_field_variance,
        "variance_percent" => words.audit_field_variance_percent,
        "over_budget" => words.audit_field_over_budget,
        "repriced_entries" => words.audit_field_repriced_entries,
        "allocated_budget" => words.audit_field_allocated_budget,
        "currency" => words.audit_field_currency,
        "allocated_hours" => words.audit_field_allocated_hours,
        "warning_threshold" => words.audit_field_warning_threshold,
        "critical_threshold" => words.audit_field_critical_threshold,
        "ai_optimization_enabled" => words.audit_field_ai_optimization_enabled,
        "basis" => words.audit_field_basis,
        "fixed_fee" => words.audit_field_fixed_fee,
        "hard_stop" => words.audit_field_hard_stop,
        "last_ai_analysis" => words.audit_field_last_ai_analysis,
        "user_id" => words.audit_field_user_id,
        "email" => words.audit_field_email,
        "display_name" => words.audit_field_display_name,
        "role" => words.audit_field_role,
        "hours" => words.audit_field_hours,
        "work_date" => words.audit_field_work_date,
        "description" => words.audit_field_description,
        "is_billable" => words.audit_field_is_billable,
        "rate_currency" => words.audit_field_rate_currency,
        "cost_rate_id" => words.audit_field_cost_rate_id,
        "cost_exchange_rate" => words.audit_field_cost_exchange_rate,
        "billable_rate" => words.audit_field_billable_rate,
        "billable_rate_currency" => words.audit_field_billable_rate_currency,
        "billable_rate_id" => words.audit_field_billable_rate_id,
        "billable_exchange_rate" => words.audit_field_billable_exchange_rate,
        "billable_amount" => words.audit_field_billable_amount,
        "approved" => words.audit_field_approved,
        _ => return None,
    })
}

/// The kind of a cost pattern the optimiser learned, for people: "priority overrun".
pub fn pattern_type(pattern_type: &str) -> String {
    known_or_spelled(pattern_type_words(pattern_type), pattern_type)
}

fn pattern_type_words(pattern_type: &str) -> Option<&'static str> {
    let words = &text().labels;
    Some(match pattern_type.parse::<PatternType>().ok()? {
        PatternType::PriorityOverrun => words.pattern_type_priority_overrun,
        PatternType::AssigneeOverrun => words.pattern_type_assignee_overrun,
        PatternType::WeekdayBurn => words.pattern_type_weekday_burn,
        PatternType::EstimateBias => words.pattern_type_estimate_bias,
    })
}

/// How a forecast was made, for people, from the stable name of its method.
pub fn forecast_method(method: &str) -> String {
    known_or_spelled(forecast_method_words(method), method)
}

fn forecast_method_words(method: &str) -> Option<&'static str> {
    let words = &text().labels;
    (method == forecast::METHOD).then_some(words.forecast_method_regime_bootstrap)
}

/// The words for one unit of a supported currency and for several, for sentences ("each dollar
/// spent…"), by its ISO 4217 code (upper case); none for a code the app does not support.
pub fn currency_units(code: &str) -> Option<(&'static str, &'static str)> {
    let words = &text().labels;
    Some(match code {
        "AUD" => (words.currency_aud_one, words.currency_aud_many),
        "BRL" => (words.currency_brl_one, words.currency_brl_many),
        "CAD" => (words.currency_cad_one, words.currency_cad_many),
        "CHF" => (words.currency_chf_one, words.currency_chf_many),
        "CNY" => (words.currency_cny_one, words.currency_cny_many),
        "DKK" => (words.currency_dkk_one, words.currency_dkk_many),
        "EUR" => (words.currency_eur_one, words.currency_eur_many),
        "GBP" => (words.currency_gbp_one, words.currency_gbp_many),
        "HKD" => (words.currency_hkd_one, words.currency_hkd_many),
        "INR" => (words.currency_inr_one, words.currency_inr_many),
        "JPY" => (words.currency_jpy_one, words.currency_jpy_many),
        "KRW" => (words.currency_krw_one, words.currency_krw_many),
        "MXN" => (words.currency_mxn_one, words.currency_mxn_many),
        "NOK" => (words.currency_nok_one, words.currency_nok_many),
        "NZD" => (words.currency_nzd_one, words.currency_nzd_many),
        "PLN" => (words.currency_pln_one, words.currency_pln_many),
        "SEK" => (words.currency_sek_one, words.currency_sek_many),
        "SGD" => (words.currency_sgd_one, words.currency_sgd_many),
        "USD" => (words.currency_usd_one, words.currency_usd_many),
        "ZAR" => (words.currency_zar_one, words.currency_zar_many),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::currency::CURRENCIES;

    /// The fields of tasks, task costs, budgets, members and time entries.
    const FIELDS: &[&str] = &[
        "id",
        "board_id",
        "organization_id",
        "created_by",
        "title",
        "status",
        "progress",
        "priority",
        "assignee_id",
        "due_date",
        "completed_at",
        "time_entries",
        "task_id",
        "estimated_cost",
        "estimated_hours",
        "actual_cost",
        "hourly_rate",
        "resource_cost",
        "incurred_on",
        "labour_cost",
        "logged_hours",
        "total_actual_cost",
        "variance",
        "variance_percent",
        "over_budget",
        "repriced_entries",
        "allocated_budget",
        "currency",
        "allocated_hours",
        "warning_threshold",
        "critical_threshold",
        "ai_optimization_enabled",
        "basis",
        "fixed_fee",
        "hard_stop",
        "last_ai_analysis",
        "user_id",
        "email",
        "display_name",
        "role",
        "hours",
        "work_date",
        "description",
        "is_billable",
        "rate_currency",
        "cost_rate_id",
        "cost_exchange_rate",
        "billable_rate",
        "billable_rate_currency",
        "billable_rate_id",
        "billable_exchange_rate",
        "billable_amount",
        "approved",
        "version",
    ];

    #[test]
    fn every_kind_of_change_has_words() {
        assert_eq!(audit_kind("roi_snapshot"), "ROI snapshot");
        assert_eq!(audit_kind("api_token"), "access token");
        assert_eq!(audit_kind("user"), "account");
        for kind in AuditKind::ALL.iter().map(|kind| kind.as_str()) {
            if !matches!(kind, "roi_snapshot" | "api_token" | "user") {
                assert_eq!(audit_kind(kind), format::label(kind));
            }
        }
    }

    #[test]
    fn actions_and_fields_read_as_their_names_spelled_out() {
        for action in AuditAction::ALL.iter().map(|action| action.as_str()) {
            assert_eq!(audit_action(action), format::label(action));
        }
        for field in FIELDS {
            assert!(audit_field_words(field).is_some(), "{field}");
            assert_eq!(audit_field(field), format::label(field));
        }
        assert_eq!(audit_action("transfer_ownership"), "transfer ownership");
        assert_eq!(audit_field("hourly_rate"), "hourly rate");
    }

    #[test]
    fn patterns_and_forecast_methods_read_as_their_names_spelled_out() {
        for name in PatternType::ALL.iter().map(|kind| kind.as_str()) {
            assert!(pattern_type_words(name).is_some(), "{name}");
            assert_eq!(pattern_type(name), format::label(name));
        }
        assert_eq!(pattern_type("weekday_burn"), "weekday burn");
        assert!(forecast_method_words(forecast::METHOD).is_some());
        assert_eq!(
            forecast_method(forecast::METHOD),
            "regime-bootstrap-7d+ev-mixture+scope+adaptive"
        );
    }

    #[test]
    fn names_the_app_does_not_know_are_spelled_out() {
        assert_eq!(audit_kind("cost_centre"), "cost centre");
        assert_eq!(audit_action("split_entry"), "split entry");
        assert_eq!(audit_field("budget_limit"), "budget limit");
        assert_eq!(pattern_type("month_end_rush"), "month end rush");
        assert_eq!(forecast_method("monte_carlo"), "monte carlo");
    }

    #[test]
    fn every_supported_currency_has_the_words_of_the_currency_table() {
        for currency in CURRENCIES {
            assert_eq!(
                currency_units(currency.code),
                Some((currency.unit, currency.units)),
                "{}",
                currency.code
            );
        }
        assert_eq!(currency_units("usd"), None);
        assert_eq!(currency_units("XXX"), None);
    }
}
