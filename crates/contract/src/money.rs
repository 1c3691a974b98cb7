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
