//! The words people read for the contract's wire values, where they differ from the wire name.
//! One function per enum; any other wire value is shown through [`crate::format::label`]
//! (`no_budget` → "no budget"), and `data-*` attributes and CSS modifiers carry `as_str()`.

use budget_contract::alert::{AlertRuleKind, EventType};
use budget_contract::auth::OrgRole;
use budget_contract::board::TimeRounding;
use budget_contract::budget::BudgetBasis;
use budget_contract::forecast::ForecastSource;
use budget_contract::import::ImportFormat;
use budget_contract::optimizer::ReviewAction;
use budget_contract::rate::RateLevel;
use budget_contract::repricing::RepricingStatus;
use budget_contract::task::TaskStatus;

/// How timers round, for people: "not rounded", "up to the next 6 minutes".
pub fn time_rounding(rounding: TimeRounding) -> &'static str {
    match rounding {
        TimeRounding::None => "not rounded (to the nearest 0.01 hour)",
        TimeRounding::UpTo1Minute => "up to the next minute",
        TimeRounding::UpTo6Minutes => "up to the next 6 minutes",
        TimeRounding::UpTo15Minutes => "up to the next 15 minutes",
    }
}

/// A task status for people: "to do", "in progress", "done".
pub fn task_status(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Todo => "to do",
        TaskStatus::InProgress => "in progress",
        TaskStatus::Done => "done",
    }
}

/// The button that takes a recommendation one step along its lifecycle.
pub fn review_action(action: ReviewAction) -> &'static str {
    match action {
        ReviewAction::Accept => "Accept",
        ReviewAction::Reject => "Reject",
        ReviewAction::Implement => "Mark implemented",
    }
}

/// Whom a rate level covers, for people: "task", "person on the board", "whole board".
pub fn rate_level(level: RateLevel) -> &'static str {
    match level {
        RateLevel::Task => "task",
        RateLevel::BoardMember => "person on the board",
        RateLevel::Board => "whole board",
        RateLevel::Person => "person in the organisation",
        RateLevel::Organization => "whole organisation",
    }
}

/// Where a repricing stands: "applied", "reverted".
pub fn repricing_status(status: RepricingStatus) -> &'static str {
    match status {
        RepricingStatus::Applied => "applied",
        RepricingStatus::Reverted => "reverted",
    }
}

/// What a budget is kept on, for people: "cost", "billable amounts (fees)".
pub fn budget_basis(basis: BudgetBasis) -> &'static str {
    match basis {
        BudgetBasis::Cost => "cost",
        BudgetBasis::Billable => "billable amounts (fees)",
    }
}

/// Where a scored forecast came from: "kept that day" (the forecast history) or "backtest"
/// (made now from what was recorded by that day).
pub fn forecast_source(source: ForecastSource) -> &'static str {
    match source {
        ForecastSource::Stored => "kept that day",
        ForecastSource::Backtest => "backtest",
    }
}

/// What an alert rule watches, for people, read before its threshold: "money used at least".
pub fn alert_rule_kind(kind: AlertRuleKind) -> &'static str {
    match kind {
        AlertRuleKind::MoneyUsedAtLeast => "money used at least",
        AlertRuleKind::HoursUsedAtLeast => "hours used at least",
        AlertRuleKind::DaysUntilExhaustedBelow => "days until the budget runs out below",
        AlertRuleKind::ExhaustionBeforeDueDate => "budget runs out before the due date",
        AlertRuleKind::OverrunProbabilityAtLeast => "chance of going over budget at least",
        AlertRuleKind::CpiBelow => "cost performance index (CPI) below",
    }
}

/// What an event means, for people: the kind of a notification.
pub fn event_type(event: EventType) -> &'static str {
    match event {
        EventType::BudgetThresholdCrossed => "threshold crossed",
        EventType::BudgetExhaustionPredicted => "budget runs out early",
        EventType::BudgetOverrunProbable => "overrun likely",
        EventType::BudgetExceeded => "budget exceeded",
        EventType::RecommendationCreated => "new recommendation",
        EventType::RecommendationStatusChanged => "recommendation updated",
        EventType::RepricingApplied => "repricing applied",
        EventType::WebhookEndpointDisabled => "webhook disabled",
    }
}

/// A CSV format an import reads, as its product names it.
pub fn import_format(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Toggl => "Toggl Track",
        ImportFormat::Clockify => "Clockify",
        ImportFormat::Kimai => "Kimai",
        ImportFormat::Tracker => "this app's export",
    }
}

/// A role in an organisation, for people: its admins administer every board of it.
pub fn org_role(role: OrgRole) -> &'static str {
    match role {
        OrgRole::Admin => "Admin",
        OrgRole::Member => "Member",
    }
}
