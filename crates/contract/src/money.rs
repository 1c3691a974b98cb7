//! Exact quantities on the wire: money, hours and percentages as two-decimal strings.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

macro_rules! two_decimal_quantity {
    ($(#[$doc:meta])* $name:ident, $example:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = $example))]
        pub struct $name(Decimal);

        impl $name {
            pub const ZERO: Self = Self(Decimal::ZERO);

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

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:.2}", self.0)
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
    /// An amount of money in the budget's currency, exact to the cent.
    Money,
    "1234.50"
);
two_decimal_quantity!(
    /// A number of hours, exact to the hundredth of an hour.
    Hours,
    "7.50"
);
two_decimal_quantity!(
    /// A percentage, rounded half-to-even to two decimals.
    Percent,
    "82.35"
);

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
