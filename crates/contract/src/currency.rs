//! The currencies a budget may use: the one table of their ISO 4217 codes, minor units (decimal
//! places), display symbols and the words for one unit and several. The server validates budgets
//! against it and the web app formats money from it.

/// One supported currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 code, upper case.
    pub code: &'static str,
    /// Decimal places of the currency's minor unit (2 for cents, 0 for yen).
    pub minor_units: u32,
    /// The symbol written before an amount, for the few currencies shown with one; the others are
    /// written with their code after the amount.
    pub symbol: Option<&'static str>,
    /// The word for one unit, for sentences ("each dollar spent…").
    pub unit: &'static str,
    /// The word for several units.
    pub units: &'static str,
}

const fn currency(
    code: &'static str,
    minor_units: u32,
    symbol: Option<&'static str>,
    unit: &'static str,
    units: &'static str,
) -> Currency {
    Currency {
        code,
        minor_units,
        symbol,
        unit,
        units,
    }
}

/// The currency of a board without a budget, and of a budget that names none.
pub const DEFAULT_CURRENCY: Currency = currency("USD", 2, Some("$"), "dollar", "dollars");

/// Every supported currency, ordered by code.
pub const CURRENCIES: &[Currency] = &[
    currency("AUD", 2, None, "dollar", "dollars"),
    currency("BRL", 2, None, "real", "reais"),
    currency("CAD", 2, None, "dollar", "dollars"),
    currency("CHF", 2, None, "franc", "francs"),
    currency("CNY", 2, None, "yuan", "yuan"),
    currency("DKK", 2, None, "krone", "kroner"),
    currency("EUR", 2, Some("€"), "euro", "euros"),
    currency("GBP", 2, Some("£"), "pound", "pounds"),
    currency("HKD", 2, None, "dollar", "dollars"),
    currency("INR", 2, Some("₹"), "rupee", "rupees"),
    currency("JPY", 0, Some("¥"), "yen", "yen"),
    currency("KRW", 0, Some("₩"), "won", "won"),
    currency("MXN", 2, None, "peso", "pesos"),
    currency("NOK", 2, None, "krone", "kroner"),
    currency("NZD", 2, None, "dollar", "dollars"),
    currency("PLN", 2, None, "złoty", "złoty"),
    currency("SEK", 2, None, "krona", "kronor"),
    currency("SGD", 2, None, "dollar", "dollars"),
    DEFAULT_CURRENCY,
    currency("ZAR", 2, None, "rand", "rand"),
];

impl Currency {
    /// The supported currency with this exact (upper-case) code.
    pub fn find(code: &str) -> Option<&'static Currency> {
        CURRENCIES.iter().find(|currency| currency.code == code)
    }

    /// The supported currency with this code, else the default currency: for a code read back
    /// from storage, which was validated when it was written.
    pub fn find_or_default(code: &str) -> &'static Currency {
        Self::find(code).unwrap_or(&DEFAULT_CURRENCY)
    }

    /// The rule an amount with a finer part than this currency's minor unit breaks, for a
    /// refusal: "JPY amounts are whole yen", "EUR amounts have at most 2 decimal places".
    pub fn precision_message(&self) -> String {
        if self.minor_units == 0 {
            format!("{} amounts are whole {}", self.code, self.units)
        } else {
            format!(
                "{} amounts have at most {} decimal places",
                self.code, self.minor_units
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_know_their_minor_units() {
        assert_eq!(Currency::find("USD").map(|c| c.minor_units), Some(2));
        assert_eq!(Currency::find("JPY").map(|c| c.minor_units), Some(0));
        assert_eq!(Currency::find("usd"), None);
        assert_eq!(Currency::find("XXX"), None);
    }

    #[test]
    fn the_table_is_ordered_by_code_without_repeats() {
        let codes: Vec<_> = CURRENCIES.iter().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }
}
