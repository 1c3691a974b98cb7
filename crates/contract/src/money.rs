//! Exact quantities on the wire: hours and percentages as two-decimal strings, money as a
//! decimal string with its currency's minor units (`"83.25"` in euros, `"83"` in yen).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use crate::currency::Currency;

/// Zero written with two decimals, so that a default amount prints as `"0.00"`.
const ZERO_TWO_PLACES: Decimal = Decimal::from_parts(0, 0, 0, false, 2);

macro_rules! two_decimal_quantity {
    ($(#[$doc:meta])* $name:ident, $example:literal, $pattern:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = $example, pattern = $pattern))]
        pub struct $name(Decimal);

        impl Default for $name {
            fn default() -> Self {
                Self::ZERO
            }
        }

        impl $name {
            pub const ZERO: Self = Self(ZERO_TWO_PLACES);

            /// Rounds half-to-even to two decimals: the one place a value is rounded for output.
            pub fn new(value: Decimal) -> Self {
                let mut rounded =
                    value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
                rounded.rescale(2);
                Self(rounded)
            }

            /// A value from an integer count of hundredths (cents, hundredths of an hour, basis points).
            pub fn from_hundredths(hundredths: i64) -> Self {
                Self(Decimal::new(hundredths, 2))
            }

            pub fn value(self) -> Decimal {
                self.0
            }
        }

        impl From<Decimal> for $name {
            fn from(value: Decimal) -> Self {
                Self::new(value)
            }
        }

        /// Written with the value's own decimal places: two, or a currency's minor units.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <Decimal as Deserialize>::deserialize(deserializer).map(Self::new)
            }
        }
    };
}

/// The one grammar of a decimal on the wire: a string of digits without a leading zero (a lone
/// `0` aside), optionally a point and one or two digits: `"1234.50"`, `"0.5"`, `"16"`. No plus
/// sign, exponent, separator, space, bare point or negative zero. Each field's schema declares
/// it with the field's bounds as a pattern.
///
/// [`parse_decimal`] reads a minus sign and more decimals too, so that the field's own check
/// refuses them with a precise reason (`out_of_range`, `too_precise`) alongside every other
/// failing field; anything else is refused as it is read.
pub const DECIMAL_GRAMMAR: &str = r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$";

/// Why a string is not a wire decimal.
pub const DECIMAL_MESSAGE: &str =
    "must be a decimal string such as \"1234.50\": digits without a leading zero, optionally a point and one or two digits";

/// Reads a decimal written by [`DECIMAL_GRAMMAR`], or by it with a minus sign (not on zero) or
/// more decimals; `None` for anything else.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    if fraction.is_some_and(|fraction| !digits(fraction)) {
        return None;
    }
    // Beyond 28 digits a value cannot be exact; no field takes one that large.
    let value = text.parse::<Decimal>().ok()?;
    // Negative zero is no amount anyone means.
    (unsigned.len() == text.len() || !value.is_zero()).then_some(value)
}

/// serde readers for input fields: a decimal is a JSON string in the wire grammar, nothing else
/// (a JSON number is refused: its exact digits are lost before they could be checked).
pub mod wire {
    use super::{parse_decimal, DECIMAL_MESSAGE};
    use rust_decimal::Decimal;
    use serde::{de, Deserialize, Deserializer};

    /// A required decimal field.
    pub fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)
            .map_err(|_| de::Error::custom(DECIMAL_MESSAGE))?;
        parse_decimal(&text).ok_or_else(|| de::Error::custom(DECIMAL_MESSAGE))
    }

    /// A required rate field: the decimal grammar with up to eight decimals.
    pub fn rate<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        const MESSAGE: &str = "must be a decimal string such as \"0.9215\": digits without a leading zero, optionally a point and up to eight digits";
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)
            .map_err(|_| de::Error::custom(MESSAGE))?;
        parse_decimal(&text).ok_or_else(|| de::Error::custom(MESSAGE))
    }

    /// An optional decimal field (with `#[serde(default)]`); `null` is absent.
    pub fn optional_decimal<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)
            .map_err(|_| de::Error::custom(DECIMAL_MESSAGE))?;
        text.map(|text| parse_decimal(&text).ok_or_else(|| de::Error::custom(DECIMAL_MESSAGE)))
            .transpose()
    }
}

two_decimal_quantity!(
    /// An amount of money in the budget's currency, written with the currency's minor units:
    /// two decimals for cents (`"1234.50"`), none for a currency without a minor unit such as
    /// the yen (`"1234"`).
    Money,
    "1234.50",
    r"^-?(0|[1-9][0-9]*)(\.[0-9]{2})?$"
);
two_decimal_quantity!(
    /// A number of hours, exact to the hundredth of an hour.
    Hours,
    "7.50",
    r"^-?(0|[1-9][0-9]*)\.[0-9]{2}$"
);
two_decimal_quantity!(
    /// A percentage, rounded half-to-even to two decimals.
    Percent,
    "82.35",
    r"^-?(0|[1-9][0-9]*)\.[0-9]{2}$"
);

impl Money {
    /// An amount in `currency`: rounded half-to-even to the currency's minor unit and written
    /// with exactly that many decimals. The one place a computed amount of a board is rounded,
    /// from the exact value, so that it is never rounded twice (to cents, then to yen).
    pub fn in_currency(value: Decimal, currency: &Currency) -> Self {
        let places = currency.minor_units;
        let mut rounded =
            value.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
        rounded.rescale(places);
        Self(rounded)
    }

    /// A stored amount in `currency`, written with its minor units when it has no finer part,
    /// else exactly as stored (two decimals): for a rate kept from elsewhere, such as a
    /// person's default rate, which is shown as it is rather than rounded.
    pub fn exact_in_currency(value: Decimal, currency: &Currency) -> Self {
        let in_currency = Self::in_currency(value, currency);
        if in_currency.0 == value {
            in_currency
        } else {
            Self::new(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_prints_exactly_two_decimals() {
        assert_eq!(Money::new(dec!(12)).to_string(), "12.00");
        assert_eq!(Money::new(dec!(12.5)).to_string(), "12.50");
        assert_eq!(Money::from_hundredths(-105).to_string(), "-1.05");
    }

    #[test]
    fn money_in_a_currency_has_its_minor_units_rounded_once_half_to_even() {
        let yen = Currency::find("JPY").unwrap();
        let euro = Currency::find("EUR").unwrap();
        assert_eq!(Money::in_currency(dec!(100000), yen).to_string(), "100000");
        assert_eq!(
            Money::in_currency(dec!(100000.00), yen).to_string(),
            "100000"
        );
        assert_eq!(Money::in_currency(dec!(1666.5), yen).to_string(), "1666");
        assert_eq!(Money::in_currency(dec!(2777.5), yen).to_string(), "2778");
        // Rounded once from the exact value: 1.495 is nearer 1 than 2.
        assert_eq!(Money::in_currency(dec!(1.495), yen).to_string(), "1");
        assert_eq!(Money::in_currency(dec!(-0.5), yen).to_string(), "0");
        assert_eq!(Money::in_currency(dec!(83.25), euro).to_string(), "83.25");
        assert_eq!(Money::in_currency(dec!(83), euro).to_string(), "83.00");
        assert_eq!(
            serde_json::to_string(&Money::in_currency(dec!(83.4), yen)).unwrap(),
            "\"83\""
        );
        assert_eq!(Money::in_currency(dec!(83), yen), Money::new(dec!(83)));
        assert_eq!(
            Money::exact_in_currency(dec!(33.33), yen).to_string(),
            "33.33"
        );
        assert_eq!(Money::exact_in_currency(dec!(33.00), yen).to_string(), "33");
    }

    #[test]
    fn zero_and_defaults_print_two_decimals() {
        assert_eq!(Money::ZERO.to_string(), "0.00");
        assert_eq!(Money::default().to_string(), "0.00");
        assert_eq!(Hours::default().to_string(), "0.00");
    }

    #[test]
    fn rounding_is_half_to_even() {
        assert_eq!(Money::new(dec!(0.125)).to_string(), "0.12");
        assert_eq!(Money::new(dec!(0.135)).to_string(), "0.14");
        assert_eq!(Percent::new(dec!(33.335)).to_string(), "33.34");
    }

    #[test]
    fn the_wire_grammar_reads_plain_decimals_only() {
        assert_eq!(parse_decimal("1234.50"), Some(dec!(1234.50)));
        assert_eq!(parse_decimal("0"), Some(dec!(0)));
        assert_eq!(parse_decimal("0.5"), Some(dec!(0.5)));
        assert_eq!(parse_decimal("16"), Some(dec!(16)));
        assert_eq!(
            parse_decimal("1000000000000.00"),
            Some(dec!(1000000000000.00))
        );
        // Read so that the field's check names the reason: negative, too precise.
        assert_eq!(parse_decimal("-1"), Some(dec!(-1)));
        assert_eq!(parse_decimal("1.234"), Some(dec!(1.234)));
        for refused in [
            "1e1",
            "5E0",
            "+1.00",
            ".5",
            "1.",
            "01.00",
            "1_0",
            "-0",
            "-0.00",
            "--1",
            "-01",
            "00",
            " 1",
            "1 ",
            "1,5",
            "",
            ".",
            "-",
            "0x10",
            "NaN",
            "Infinity",
            "١٢",
            "1.0\u{0}",
            "99999999999999999999999999999999",
        ] {
            assert_eq!(parse_decimal(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn input_fields_read_strings_in_the_grammar_and_refuse_numbers() {
        #[derive(Debug, serde::Deserialize)]
        struct Input {
            #[serde(deserialize_with = "wire::decimal")]
            amount: Decimal,
            #[serde(default, deserialize_with = "wire::optional_decimal")]
            rate: Option<Decimal>,
        }
        let read = |json: &str| serde_json::from_str::<Input>(json).map_err(|e| e.to_string());
        let input = read(r#"{"amount": "12.50", "rate": "0.01"}"#).unwrap();
        assert_eq!((input.amount, input.rate), (dec!(12.50), Some(dec!(0.01))));
        assert_eq!(read(r#"{"amount": "1", "rate": null}"#).unwrap().rate, None);
        assert_eq!(read(r#"{"amount": "1"}"#).unwrap().rate, None);
        for refused in [
            r#"{"amount": 12.5}"#,
            r#"{"amount": "1e1"}"#,
            r#"{"amount": "1", "rate": "-0"}"#,
            r#"{"amount": "1", "rate": 3}"#,
            r#"{"amount": true}"#,
        ] {
            let err = read(refused).unwrap_err();
            assert!(err.starts_with(DECIMAL_MESSAGE), "{refused}: {err}");
        }
    }

    #[test]
    fn serialises_as_a_string_and_reads_strings_or_numbers() {
        assert_eq!(
            serde_json::to_string(&Money::new(dec!(3.1))).unwrap(),
            "\"3.10\""
        );
        let from_string: Money = serde_json::from_str("\"3.10\"").unwrap();
        let from_number: Money = serde_json::from_str("3.1").unwrap();
        assert_eq!(from_string, from_number);
    }
}
