//! The words people read for the contract's wire values, where they differ from the wire name.
//! One function per enum; any other wire value is shown through [`crate::format::label`]
//! (`no_budget` → "no budget"), and `data-*` attributes and CSS modifiers carry `as_str()`.

use budget_contract::budget::BudgetBasis;
use budget_contract::forecast::ForecastSource;
use budget_contract::optimizer::ReviewAction;
use budget_contract::rate::RateLevel;
use budget_contract::repricing::RepricingStatus;
use budget_contract::task::TaskStatus;

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
