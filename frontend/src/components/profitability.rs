//! Profitability as people read it, the same on the dashboard's cards and in the analytics
//! breakdown: revenue, cost and profit in the board's currency, a profit below zero called a
//! loss, and the margin as a percentage or "—" when there was no revenue to take it of.

use budget_contract::metrics::Profitability;
use budget_contract::Money;
use leptos::prelude::*;

use crate::format;
use crate::text::text;

/// Whether a profit is a loss: below zero. The API's amounts are already rounded to the
/// currency's minor unit, so a negative amount is a loss people can see.
pub fn is_loss(profit: Money) -> bool {
    profit.value().is_sign_negative() && !profit.value().is_zero()
}

/// A profit for people: the amount, and "(loss)" after it when it is one, so the word, not
/// only the minus sign or a colour, says it (`"−$5.00 (loss)"`).
pub fn profit_text(profit: Money, currency: Option<&str>) -> String {
    let amount = format::money(&profit, currency);
    if is_loss(profit) {
        (text().roi.loss)(&amount)
    } else {
        amount
    }
}

/// One row of a profitability table: what the row is about (a task, a person, a month), and
/// its figures. `key` goes into `data-key` so that tests can find a row.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfitabilityRow {
    pub key: String,
    pub label: String,
    pub profitability: Profitability,
}

/// A table of revenue, cost, profit and margin, one row per task, person or month; `heading`
/// names the first column. Each figure's raw API value is in the cell's `data-value`.
#[component]
pub fn ProfitabilityTable(
    testid: &'static str,
    heading: &'static str,
    rows: Vec<ProfitabilityRow>,
    currency: Option<String>,
) -> impl IntoView {
    let words = &text().roi;
    let rows = rows
        .into_iter()
        .map(|row| {
            let currency = currency.as_deref();
            let figures = row.profitability;
            let margin = figures.margin_percent;
            view! {
                <tr data-testid="profitability-row" data-key=row.key>
                    <th scope="row">{row.label}</th>
                    <td class="num" data-value=figures.revenue.to_string()>
                        {format::money(&figures.revenue, currency)}
                    </td>
                    <td class="num" data-value=figures.cost.to_string()>
                        {format::money(&figures.cost, currency)}
                    </td>
                    <td class="num" class:negative=is_loss(figures.profit) data-value=figures.profit.to_string()>
                        {profit_text(figures.profit, currency)}
                    </td>
                    <td class="num" data-value=margin.map(|margin| margin.to_string())>
                        {format::percent(margin.as_ref())}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=testid>
                <thead>
                    <tr>
                        <th scope="col">{heading}</th>
                        <th scope="col" class="num">{words.revenue_heading}</th>
                        <th scope="col" class="num">{words.cost_heading}</th>
                        <th scope="col" class="num">{words.profit_heading}</th>
                        <th scope="col" class="num">{words.margin_heading}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::Decimal;
    use std::str::FromStr;

    fn m(text: &str) -> Money {
        Money::new(Decimal::from_str(text).unwrap())
    }

    #[test]
    fn a_negative_profit_is_called_a_loss() {
        assert_eq!(profit_text(m("-5"), Some("USD")), "\u{2212}$5.00 (loss)");
        assert_eq!(profit_text(m("1234.5"), Some("EUR")), "€1,234.50");
        assert_eq!(profit_text(m("0"), Some("USD")), "$0.00");
        assert!(is_loss(m("-0.01")));
        assert!(!is_loss(m("0")));
        assert!(!is_loss(m("-0")));
    }
}
