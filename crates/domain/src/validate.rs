//! Input rules shared by every write: collect all failing fields, then refuse once.

use budget_contract::currency::{CURRENCIES, DEFAULT_CURRENCY};
use budget_contract::problem::FieldError;
use budget_contract::text::{refused_char, refused_message, TextKind};
use budget_contract::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::amount::to_hundredths;
use crate::error::DomainError;

/// Accumulates field errors so a client learns every problem in one round trip.
#[derive(Debug, Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    /// A range of days given as `from` and `to`, either optional: `from` must not be after `to`.
    pub fn day_range(&mut self, from: Option<NaiveDate>, to: Option<NaiveDate>) {
        if from.zip(to).is_some_and(|(from, to)| from > to) {
            self.fail("from", "out_of_range", "must not be after `to`");
        }
    }

    /// A non-negative amount with at most `places` decimals, no larger than `max`, as hundredths.
    pub fn amount(&mut self, field: &str, value: Decimal, places: u32, max: Decimal) -> i64 {
        if value.is_sign_negative() && !value.is_zero() {
            self.fail(field, "out_of_range", "must not be negative");
            return 0;
        }
        if value > max {
            self.fail(field, "out_of_range", format!("must be at most {max}"));
            return 0;
        }
        if value.normalize().scale() > places {
            self.fail(
                field,
                "too_precise",
                format!("must have at most {places} decimal places"),
            );
            return 0;
        }
        to_hundredths(value).unwrap_or_else(|| {
            self.fail(field, "invalid", "is not a valid amount");
            0
        })
    }

    /// A non-negative amount of money in a board's `currency`: at most its minor units ("JPY
    /// amounts are whole yen"), no larger than `max`, as hundredths.
    pub fn money(&mut self, field: &str, value: Decimal, currency: &Currency, max: Decimal) -> i64 {
        // A negative or too large amount is refused for that by `amount`; only an amount in
        // range has its precision named after the currency.
        let in_range = (value.is_zero() || value.is_sign_positive()) && value <= max;
        if in_range && value.normalize().scale() > currency.minor_units {
            self.fail(field, "too_precise", currency.precision_message());
            return 0;
        }
        self.amount(field, value, currency.minor_units, max)
    }

    pub fn optional_money(
        &mut self,
        field: &str,
        value: Option<Decimal>,
        currency: &Currency,
        max: Decimal,
    ) -> Option<i64> {
        value.map(|value| self.money(field, value, currency, max))
    }

    pub fn optional_amount(
        &mut self,
        field: &str,
        value: Option<Decimal>,
        places: u32,
        max: Decimal,
    ) -> Option<i64> {
        value.map(|value| self.amount(field, value, places, max))
    }

    /// Trimmed, non-empty one-line text (a name or title) of at most `max_chars` characters,
    /// without control or bidirectional control characters.
    pub fn text(&mut self, field: &str, value: &str, max_chars: usize) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.fail(field, "required", "must not be empty");
        } else if trimmed.chars().count() > max_chars {
            self.fail(
                field,
                "too_long",
                format!("must be at most {max_chars} characters"),
            );
        } else {
            self.characters(field, trimmed, TextKind::Name);
        }
        trimmed.to_owned()
    }

    /// Optional free text: may be empty, may span lines, bounded in length.
    pub fn free_text(&mut self, field: &str, value: Option<&str>, max_chars: usize) -> String {
        let text = value.unwrap_or_default().trim();
        if text.chars().count() > max_chars {
            self.fail(
                field,
                "too_long",
                format!("must be at most {max_chars} characters"),
            );
        } else {
            self.characters(field, text, TextKind::Free);
        }
        text.to_owned()
    }

    /// Whether `value` holds only characters a field of this kind takes; records the failure
    /// when it does not.
    pub fn characters(&mut self, field: &str, value: &str, kind: TextKind) -> bool {
        match refused_char(value, kind) {
            None => true,
            Some(c) => {
                self.fail(field, "invalid_character", refused_message(c));
                false
            }
        }
    }

    /// A supported currency's ISO 4217 code, any case, surrounding spaces ignored; an unknown
    /// code fails and stands in as the default currency so that the other checks still run.
    pub fn currency(&mut self, field: &str, code: &str) -> &'static Currency {
        Currency::find(&code.trim().to_uppercase()).unwrap_or_else(|| {
            let known: Vec<_> = CURRENCIES.iter().map(|known| known.code).collect();
            self.fail(
                field,
                "unsupported_currency",
                format!("must be one of {}", known.join(", ")),
            );
            &DEFAULT_CURRENCY
        })
    }

    pub fn int_between(&mut self, field: &str, value: i32, low: i32, high: i32) -> i32 {
        if !(low..=high).contains(&value) {
            self.fail(
                field,
                "out_of_range",
                format!("must be between {low} and {high}"),
            );
        }
        value
    }

    /// Whether nothing has failed so far.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Validation(self.errors))
        }
    }
}

/// The most a single amount of money may be.
pub fn max_amount() -> Decimal {
    Decimal::new(budget_contract::limits::MAX_AMOUNT, 0)
}

/// The most an hourly rate may be.
pub fn max_rate() -> Decimal {
    Decimal::new(budget_contract::limits::MAX_RATE, 0)
}

/// The most a number of budgeted or estimated hours may be.
pub fn max_hours() -> Decimal {
    Decimal::new(budget_contract::limits::MAX_HOURS, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The refusals a set of checks ends with, as (field, code, message).
    fn refusals(checks: Checks) -> Vec<(String, String, String)> {
        let Err(DomainError::Validation(errors)) = checks.finish() else {
            panic!("expected validation errors");
        };
        errors
            .into_iter()
            .map(|e| (e.field, e.code, e.message))
            .collect()
    }

    #[test]
    fn amounts_are_checked_for_sign_scale_and_size() {
        let mut checks = Checks::new();
        assert_eq!(checks.amount("a", dec!(12.30), 2, max_amount()), 1230);
        checks.amount("b", dec!(-1), 2, max_amount());
        checks.amount("c", dec!(0.001), 2, max_amount());
        checks.amount("d", dec!(10.5), 0, max_amount());
        checks.amount("e", dec!(10000000000.01), 2, max_amount());
        let refused = refusals(checks);
        let fields: Vec<_> = refused
            .iter()
            .map(|(field, code, _)| (field.as_str(), code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("b", "out_of_range"),
                ("c", "too_precise"),
                ("d", "too_precise"),
                ("e", "out_of_range")
            ]
        );
    }

    #[test]
    fn money_has_at_most_the_minor_units_of_its_currency() {
        let yen = Currency::find_or_default("JPY");
        let euro = Currency::find_or_default("EUR");
        let mut checks = Checks::new();
        assert_eq!(
            checks.money("a", dec!(100000), yen, max_amount()),
            10_000_000
        );
        assert_eq!(checks.money("b", dec!(83.00), yen, max_amount()), 8_300);
        assert_eq!(checks.money("c", dec!(83.25), euro, max_amount()), 8_325);
        checks.money("d", dec!(83.5), yen, max_amount());
        checks.money("e", dec!(-1.5), yen, max_amount());
        checks.money("f", dec!(0.001), euro, max_amount());
        let refused = refusals(checks);
        let fields: Vec<_> = refused
            .iter()
            .map(|(field, code, message)| (field.as_str(), code.as_str(), message.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("d", "too_precise", "JPY amounts are whole yen"),
                ("e", "out_of_range", "must not be negative"),
                (
                    "f",
                    "too_precise",
                    "EUR amounts have at most 2 decimal places"
                ),
            ]
        );
    }

    #[test]
    fn names_refuse_control_and_bidi_characters_and_notes_take_lines() {
        let mut checks = Checks::new();
        checks.text("name", "Re\0lease", 200);
        checks.text("title", "\u{202E}fdp.exe", 200);
        assert_eq!(
            checks.free_text("note", Some("one\ntwo\tthree"), 200),
            "one\ntwo\tthree"
        );
        checks.free_text("description", Some("bell\u{7}"), 200);
        let refused = refusals(checks);
        let fields: Vec<_> = refused
            .iter()
            .map(|(field, code, message)| (field.as_str(), code.as_str(), message.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                (
                    "name",
                    "invalid_character",
                    "must not contain the control character U+0000"
                ),
                (
                    "title",
                    "invalid_character",
                    "must not contain the bidirectional control U+202E"
                ),
                (
                    "description",
                    "invalid_character",
                    "must not contain the control character U+0007"
                ),
            ]
        );
    }

    #[test]
    fn trailing_zeros_do_not_count_as_precision() {
        let mut checks = Checks::new();
        assert_eq!(checks.amount("a", dec!(5.000), 2, max_amount()), 500);
        assert!(checks.finish().is_ok());
    }
}
