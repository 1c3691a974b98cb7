//! Alert rules and their firings for people: a rule's condition in words, the figures that made
//! it fire, and the dashboard's card of the rules fired and not re-armed. Shared by the board's
//! Alerts tab and its dashboard.

use budget_contract::alert::{AlertFigures, AlertFiring, AlertRule, AlertRuleKind};
use budget_contract::{Decimal, Percent};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::notification_bell::use_unread_notifications;
use crate::components::ErrorNotice;
use crate::format;
use crate::labels;
use crate::requests::Fetch;
use crate::session::use_refresh;
use crate::text::text;

/// A threshold in its kind's unit: a percentage for the `…_at_least` kinds (`"10.00 %"`), days
/// for `days_until_exhausted_below` (`"14 days"`), the index as sent for `cpi_below`
/// (`"0.90"`); `"—"` when the rule has none.
pub fn threshold_text(kind: AlertRuleKind, threshold: Option<Decimal>) -> String {
    let Some(threshold) = threshold else {
        return format::NONE.to_owned();
    };
    match kind {
        AlertRuleKind::MoneyUsedAtLeast
        | AlertRuleKind::HoursUsedAtLeast
        | AlertRuleKind::OverrunProbabilityAtLeast => {
            format::percent(Some(&Percent::new(threshold)))
        }
        AlertRuleKind::DaysUntilExhaustedBelow => format::days(threshold),
        AlertRuleKind::CpiBelow | AlertRuleKind::ExhaustionBeforeDueDate => threshold.to_string(),
    }
}

/// A rule's condition in words: "money used at least 10.00 %", "budget runs out before the due
/// date" (the kind without a threshold).
pub fn rule_condition(kind: AlertRuleKind, threshold: Option<Decimal>) -> String {
    let kind_words = labels::alert_rule_kind(kind);
    match threshold {
        Some(_) if kind.takes_threshold() => {
            (text().alerts.condition)(kind_words, &threshold_text(kind, threshold))
        }
        _ => kind_words.to_owned(),
    }
}

/// What a threshold is counted in, for the hint under the form's field; `None` for the kind
/// without a threshold.
pub fn threshold_hint(kind: AlertRuleKind) -> Option<&'static str> {
    let words = &text().alerts;
    match kind {
        AlertRuleKind::MoneyUsedAtLeast | AlertRuleKind::HoursUsedAtLeast => {
            Some(words.hint_percent_of_budget)
        }
        AlertRuleKind::OverrunProbabilityAtLeast => Some(words.hint_probability),
        AlertRuleKind::DaysUntilExhaustedBelow => Some(words.hint_days),
        AlertRuleKind::CpiBelow => Some(words.hint_cpi),
        AlertRuleKind::ExhaustionBeforeDueDate => None,
    }
}

/// The figures that made a rule of `kind` fire, in words: for money, "spent €1,200.00 of
/// €10,000.00 (12.00 %)". A figure the evaluation did not have reads "—".
pub fn firing_cause(kind: AlertRuleKind, figures: &AlertFigures) -> String {
    let words = &text().alerts;
    let currency = figures.currency.as_deref();
    let money = |amount: Option<budget_contract::Money>| match amount {
        Some(amount) => format::money(&amount, currency),
        None => format::NONE.to_owned(),
    };
    let hours = |value: Option<budget_contract::Hours>| match value {
        Some(value) => format::hours(&value),
        None => format::NONE.to_owned(),
    };
    let day = |value: Option<chrono::NaiveDate>| match value {
        Some(value) => format::date(value),
        None => format::NONE.to_owned(),
    };
    match kind {
        AlertRuleKind::MoneyUsedAtLeast => (words.money_cause)(
            &money(figures.spent),
            &money(figures.allocated_budget),
            &format::percent(figures.utilisation_percent.as_ref()),
        ),
        AlertRuleKind::HoursUsedAtLeast => (words.hours_cause)(
            &hours(figures.spent_hours),
            &hours(figures.allocated_hours),
            &format::percent(figures.time_utilisation_percent.as_ref()),
        ),
        AlertRuleKind::DaysUntilExhaustedBelow => (words.days_cause)(
            &figures
                .days_until_exhausted
                .map(format::days)
                .unwrap_or_else(|| format::NONE.to_owned()),
            &day(figures.projected_exhaustion_date),
        ),
        AlertRuleKind::ExhaustionBeforeDueDate => (words.exhaustion_cause)(
            &day(figures.projected_exhaustion_date),
            &day(figures.due_date),
        ),
        AlertRuleKind::OverrunProbabilityAtLeast => {
            (words.probability_cause)(&format::percent(figures.probability_over_budget.as_ref()))
        }
        AlertRuleKind::CpiBelow => (words.cpi_cause)(
            &figures
                .cpi
                .map(|cpi| format::score(Some(cpi)))
                .unwrap_or_else(|| format::NONE.to_owned()),
        ),
    }
}

/// The rules currently fired: active and not re-armed since they last fired, each with its
/// latest firing (newest first in `firings`) when that is among those read.
pub fn active_alerts(
    rules: Vec<AlertRule>,
    firings: &[AlertFiring],
) -> Vec<(AlertRule, Option<AlertFiring>)> {
    rules
        .into_iter()
        .filter(|rule| rule.active && !rule.armed)
        .map(|rule| {
            let latest = firings
                .iter()
                .find(|firing| firing.rule_id == Some(rule.id))
                .cloned();
            (rule, latest)
        })
        .collect()
}

/// The dashboard's "Active alerts" card: each rule fired and not re-armed, with the figures
/// that made it fire, linking to the board's Alerts tab. Nothing at all when none is fired; a
/// failed read says so. Read again when `figures` changes (the dashboard's metrics changed),
/// when the unread count changes (a firing is announced as a notification) and after the
/// person's own writes.
#[component]
pub fn ActiveAlerts(board_id: i64, #[prop(into)] figures: Signal<u32>) -> impl IntoView {
    let words = &text().alerts;
    let refresh = use_refresh();
    let unread = use_unread_notifications();
    let active = Fetch::new(move || {
        figures.track();
        refresh.track();
        unread.track();
        async move {
            let rules = api::alert_rules(board_id).await?;
            if !rules.iter().any(|rule| rule.active && !rule.armed) {
                return Ok::<_, ApiError>(Vec::new());
            }
            let firings = api::alert_firings(board_id, crate::components::more::STEP).await?;
            Ok(active_alerts(rules, &firings.items))
        }
    });
    move || match active.get() {
        None => None,
        Some(Err(error)) => Some(
            view! {
                <section class="card" data-testid="active-alerts">
                    <h2>{words.active_heading}</h2>
                    <ErrorNotice error />
                </section>
            }
            .into_any(),
        ),
        Some(Ok(list)) if list.is_empty() => None,
        Some(Ok(list)) => {
            let items = list
                .into_iter()
                .map(|(rule, firing)| {
                    let condition = rule_condition(rule.kind, rule.threshold);
                    let cause = firing.as_ref().map(|firing| {
                        (words.active_cause)(
                            &firing_cause(rule.kind, &firing.figures),
                            &format::timestamp(firing.fired_at),
                        )
                    });
                    view! {
                        <li data-testid="active-alert" data-rule-id=rule.id data-kind=rule.kind.as_str()>
                            <strong>{condition}</strong>
                            {cause.map(|cause| view! { <span class="muted">" — " {cause}</span> })}
                        </li>
                    }
                })
                .collect_view();
            Some(
                view! {
                    <section class="card card--alert" data-testid="active-alerts" aria-label=words.active_heading>
                        <h2>{words.active_heading}</h2>
                        <ul class="plain-list">{items}</ul>
                        <p>
                            <A href=format!("/boards/{board_id}/alerts") attr:data-testid="active-alerts-link">
                                {words.all_link}
                            </A>
                        </p>
                    </section>
                }
                .into_any(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::{Hours, Money};
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn a_condition_reads_its_threshold_in_its_unit() {
        assert_eq!(
            rule_condition(AlertRuleKind::MoneyUsedAtLeast, Some(dec("10"))),
            "money used at least 10.00 %"
        );
        assert_eq!(
            rule_condition(AlertRuleKind::DaysUntilExhaustedBelow, Some(dec("14.00"))),
            "days until the budget runs out below 14 days"
        );
        assert_eq!(
            rule_condition(AlertRuleKind::CpiBelow, Some(dec("0.90"))),
            "cost performance index (CPI) below 0.90"
        );
        assert_eq!(
            rule_condition(AlertRuleKind::ExhaustionBeforeDueDate, None),
            "budget runs out before the due date"
        );
        assert_eq!(threshold_text(AlertRuleKind::CpiBelow, None), format::NONE);
    }

    fn rule(id: i64, active: bool, armed: bool) -> AlertRule {
        AlertRule {
            id,
            board_id: 1,
            kind: AlertRuleKind::MoneyUsedAtLeast,
            threshold: Some(dec("10.00")),
            active,
            armed,
            last_fired_at: None,
            created_by: None,
            created_at: "2026-11-20T09:00:00Z".parse().unwrap(),
            updated_at: "2026-11-20T09:00:00Z".parse().unwrap(),
        }
    }

    fn firing(id: i64, rule_id: i64, fired_at: &str) -> AlertFiring {
        AlertFiring {
            id,
            rule_id: Some(rule_id),
            board_id: 1,
            kind: AlertRuleKind::MoneyUsedAtLeast,
            threshold: Some(dec("10.00")),
            event_type: budget_contract::alert::EventType::BudgetThresholdCrossed,
            event_id: format!("evt_{id}"),
            fired_at: fired_at.parse().unwrap(),
            figures: AlertFigures::default(),
        }
    }

    #[test]
    fn active_alerts_are_the_rules_fired_and_not_rearmed_with_their_latest_firing() {
        let rules = vec![
            rule(1, true, true),
            rule(2, true, false),
            rule(3, false, false),
            rule(4, true, false),
        ];
        // Newest first, as the API lists them.
        let firings = [
            firing(12, 2, "2026-11-25T10:00:00Z"),
            firing(11, 3, "2026-11-24T10:00:00Z"),
            firing(10, 2, "2026-11-23T10:00:00Z"),
        ];
        let active = active_alerts(rules, &firings);
        let shown: Vec<(i64, Option<i64>)> = active
            .iter()
            .map(|(rule, firing)| (rule.id, firing.as_ref().map(|firing| firing.id)))
            .collect();
        // Rule 4 fired beyond the firings read: listed without its figures.
        assert_eq!(shown, [(2, Some(12)), (4, None)]);
    }

    #[test]
    fn a_cause_names_the_figures_of_its_kind() {
        let figures = AlertFigures {
            currency: Some("EUR".to_owned()),
            allocated_budget: Some(Money::new(dec("1000.00"))),
            spent: Some(Money::new(dec("200.00"))),
            utilisation_percent: Some(Percent::new(dec("20.00"))),
            spent_hours: Some(Hours::new(dec("2.00"))),
            ..AlertFigures::default()
        };
        let money = firing_cause(AlertRuleKind::MoneyUsedAtLeast, &figures);
        assert_eq!(
            money,
            format!(
                "spent {} of {} (20.00 %)",
                format::money(&Money::new(dec("200.00")), Some("EUR")),
                format::money(&Money::new(dec("1000.00")), Some("EUR"))
            )
        );
        assert_eq!(
            firing_cause(AlertRuleKind::HoursUsedAtLeast, &figures),
            "2.00 h logged of — (—)"
        );
        assert_eq!(firing_cause(AlertRuleKind::CpiBelow, &figures), "CPI —");
    }
}
