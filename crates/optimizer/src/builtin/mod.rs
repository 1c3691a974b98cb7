//! The built-in optimiser engine: rules and statistics over [`BoardFacts`], with no
//! network and no randomness, so the same facts always give the same answer and every figure in
//! it can be traced back to the board's data (metrics, forecast, tasks, people, daily costs).
//!
//! It is the default provider and the fallback of the LLM providers, so it must answer for any
//! board, including an empty one or one without a budget, and never panic.
//!
//! - [`analyze`] ([`analysis`]): health score with a documented penalty table, risks, summary.
//! - [`learn_patterns`] ([`patterns`]): recurring overruns by priority and assignee, weekday and
//!   weekend burn, estimate bias.
//! - [`recommend`] ([`recommendations`]): 3–7 typed recommendations with savings formulas.
//! - [`predict`] ([`prediction`]): narrative over the forecast and the drivers of an overrun.
//! - [`optimize_resources`] ([`resources`]): load per person and cheaper reassignments.
//!
//! Amounts are computed in exact decimals from integer cents and rounded half-to-even to the cent
//! only when a draft figure is produced; in prose and figures they are written in the minor
//! units of the board's currency (whole yen on a yen board).

pub mod analysis;
pub mod patterns;
pub mod prediction;
pub mod recommendations;
pub mod resources;

#[cfg(test)]
mod testing;

pub use analysis::analyze;
pub use patterns::learn_patterns;
pub use prediction::predict;
pub use recommendations::recommend;
pub use resources::optimize_resources;

use budget_contract::task::{Priority, TaskStatus};
use budget_contract::{Currency, Money, Percent};
use rust_decimal::{Decimal, RoundingStrategy};

use super::facts::BoardFacts;
use budget_domain::amount::from_hundredths;
use budget_domain::analytics::queries::TaskRow;

/// Every priority, lowest first: the order a scope cut considers tasks in.
const PRIORITIES_LOW_TO_HIGH: [Priority; 4] = [
    Priority::Low,
    Priority::Medium,
    Priority::High,
    Priority::Urgent,
];

/// The stored priority name read back; an unknown name reads as medium, as the task service does.
fn priority_of(task: &TaskRow) -> Priority {
    task.priority.parse().unwrap_or(Priority::Medium)
}

/// 0 for low up to 3 for urgent (`Priority` has no `Ord`).
fn priority_rank(priority: Priority) -> u8 {
    match priority {
        Priority::Low => 0,
        Priority::Medium => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

fn is_done(task: &TaskRow) -> bool {
    task.status == TaskStatus::Done.as_str()
}

fn is_todo(task: &TaskRow) -> bool {
    task.status == TaskStatus::Todo.as_str()
}

/// What is left of a task's estimate: estimated cost − cost already on it, not below zero.
fn remaining_estimate_cents(task: &TaskRow) -> i64 {
    (task.estimated_cents - task.total_cents()).max(0)
}

/// total / estimate − 1 for a task with an estimate: 0.25 means 25 % over.
fn overrun_ratio(task: &TaskRow) -> Option<Decimal> {
    (task.estimated_cents > 0).then(|| {
        Decimal::from(task.total_cents()) / Decimal::from(task.estimated_cents) - Decimal::ONE
    })
}

/// A money figure in cents.
fn cents(money: Money) -> i64 {
    round_cents(money.value())
}

/// An amount in currency units to whole cents, half-to-even; saturates instead of overflowing.
fn round_cents(amount: Decimal) -> i64 {
    let scaled = amount
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(if amount.is_sign_negative() {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
        .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
    i64::try_from(scaled).unwrap_or(if scaled.is_sign_negative() {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// The cost of the work still to do: forecast projected cost at completion − spent, not below
/// zero. No saving can exceed it: money not yet to be spent cannot be saved.
fn remaining_work_cents(facts: &BoardFacts) -> i64 {
    (cents(facts.forecast.projected_cost_at_completion) - cents(facts.metrics.spent)).max(0)
}

/// The forecast's projected overrun (projected cost at completion − budget), 0 when under or
/// without a budget.
fn projected_overrun_cents(facts: &BoardFacts) -> i64 {
    facts.forecast.projected_overrun.map_or(0, cents).max(0)
}

/// Cents as an amount in prose in `currency` (`1234560` → `12,345.60`, `12,346` in yen),
/// grouped so people read it at a glance.
fn format_amount(cents: i64, currency: &Currency) -> String {
    format_value(amount(cents), currency)
}

/// An amount in currency units for prose, rounded once half-to-even to the currency's minor
/// unit and grouped in threes.
fn format_value(value: Decimal, currency: &Currency) -> String {
    let text = Money::in_currency(value, currency).to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (units, fraction) = match digits.split_once('.') {
        Some((units, fraction)) => (units, Some(fraction)),
        None => (digits, None),
    };
    // Groups of three digits from the right; the digits are ASCII, so each chunk is valid UTF-8.
    let mut groups: Vec<&str> = units
        .as_bytes()
        .rchunks(3)
        .filter_map(|chunk| std::str::from_utf8(chunk).ok())
        .collect();
    groups.reverse();
    let grouped = groups.join(",");
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount with the budget's currency (`12,345.67 USD`, `12,346 JPY`), bare without a budget.
fn format_money(facts: &BoardFacts, cents: i64) -> String {
    let amount = format_amount(cents, facts.currency());
    match &facts.metrics.currency {
        Some(currency) => format!("{amount} {currency}"),
        None => amount,
    }
}

/// An exact amount in currency units with the budget's currency, rounded once.
fn format_money_value(facts: &BoardFacts, value: Decimal) -> String {
    let amount = format_value(value, facts.currency());
    match &facts.metrics.currency {
        Some(currency) => format!("{amount} {currency}"),
        None => amount,
    }
}

/// A percentage to two decimals, half-to-even: `84.00 %`.
fn format_percent(value: Decimal) -> String {
    format!("{} %", Percent::new(value))
}

/// A ratio as a fixed four-decimal string for pattern data (`0.2500`), so it reads back exactly.
fn ratio_string(value: Decimal) -> String {
    let mut rounded = value.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(4);
    rounded.to_string()
}

/// A share 0–1 to two decimals (`0.67`), the precision of stored confidences.
fn share_2dp(part: usize, whole: usize) -> Decimal {
    if whole == 0 {
        return Decimal::ZERO;
    }
    let mut share = (Decimal::from(part) / Decimal::from(whole))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    share.rescale(2);
    share
}

/// The median: the middle value, or the mean of the two middle values of an even count.
fn median(values: &mut [Decimal]) -> Option<Decimal> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => values.get(n / 2).copied(),
        _ => {
            let low = values.get(n / 2 - 1)?;
            let high = values.get(n / 2)?;
            Some((*low + *high) / Decimal::TWO)
        }
    }
}

/// A cents figure as a JSON decimal string in `currency` (`"1234.50"`, `"1235"` in yen), as
/// money travels on the wire.
fn money_json(cents: i64, currency: &Currency) -> serde_json::Value {
    serde_json::Value::String(budget_domain::amount::money(cents, currency).to_string())
}

/// A cents figure as a JSON decimal string in the board's currency.
fn money_json_in(facts: &BoardFacts, cents: i64) -> serde_json::Value {
    money_json(cents, facts.currency())
}

/// A decimal figure as a two-decimal JSON string.
fn two_dp_json(value: Decimal) -> serde_json::Value {
    serde_json::Value::String(Percent::new(value).to_string())
}

/// Cents as an exact decimal amount, for arithmetic in currency units.
fn amount(cents: i64) -> Decimal {
    from_hundredths(cents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_are_grouped_with_two_decimals() {
        let usd = Currency::find_or_default("USD");
        assert_eq!(format_amount(0, usd), "0.00");
        assert_eq!(format_amount(5, usd), "0.05");
        assert_eq!(format_amount(123_456, usd), "1,234.56");
        assert_eq!(format_amount(1_234_567, usd), "12,345.67");
        assert_eq!(format_amount(100_000_000, usd), "1,000,000.00");
        assert_eq!(format_amount(-123_456, usd), "-1,234.56");
    }

    #[test]
    fn yen_amounts_are_grouped_whole_yen_rounded_once() {
        let yen = Currency::find_or_default("JPY");
        assert_eq!(format_amount(123_400, yen), "1,234");
        assert_eq!(format_amount(100_000_000, yen), "1,000,000");
        assert_eq!(format_amount(-123_400, yen), "-1,234");
        assert_eq!(format_value(dec!(1.495), yen), "1");
        assert_eq!(format_value(dec!(2.5), yen), "2");
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(
            median(&mut [dec!(0.3), dec!(-0.1), dec!(0.2)]),
            Some(dec!(0.2))
        );
        assert_eq!(
            median(&mut [dec!(0.4), dec!(0.1), dec!(0.2), dec!(0.3)]),
            Some(dec!(0.25))
        );
    }

    #[test]
    fn rounding_to_cents_is_half_to_even() {
        assert_eq!(round_cents(dec!(0.125)), 12);
        assert_eq!(round_cents(dec!(0.135)), 14);
        assert_eq!(round_cents(dec!(-2.005)), -200);
        assert_eq!(share_2dp(2, 3), dec!(0.67));
        assert_eq!(share_2dp(0, 0), dec!(0));
        assert_eq!(ratio_string(dec!(0.25)), "0.2500");
    }
}
