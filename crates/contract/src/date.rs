//! Dates on the wire: ISO 8601 calendar dates (`2026-11-25`) within
//! [`DATE_RANGE`](crate::limits::DATE_RANGE). Input fields read them with these functions
//! (`#[serde(deserialize_with = "crate::date::bounded")]`), so a date out of range is refused
//! with the field's name like any other malformed value.

use chrono::NaiveDate;
use serde::{de, Deserialize, Deserializer};

use crate::limits::DATE_RANGE;

/// What every date field's schema says about its range.
pub const RANGE_DESCRIPTION: &str = "A date from 1970-01-01 to 2200-12-31.";

/// `date` when it lies in the accepted range; else the message for the field.
pub fn check(date: NaiveDate) -> Result<NaiveDate, String> {
    let (first, last) = DATE_RANGE;
    if (first..=last).contains(&date) {
        Ok(date)
    } else {
        Err(format!("must be a date from {first} to {last}"))
    }
}

/// A required date field.
pub fn bounded<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let date = NaiveDate::deserialize(deserializer)?;
    check(date).map_err(de::Error::custom)
}

/// An optional date field (with `#[serde(default)]`).
pub fn bounded_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    Option::<NaiveDate>::deserialize(deserializer)?
        .map(check)
        .transpose()
        .map_err(de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(deserialize_with = "bounded")]
        on: NaiveDate,
        #[serde(default, deserialize_with = "bounded_option")]
        until: Option<NaiveDate>,
    }

    fn read(json: &str) -> Result<Body, String> {
        serde_json::from_str(json).map_err(|err| err.to_string())
    }

    #[test]
    fn dates_in_range_are_read_both_ends_included() {
        let body = read(r#"{"on": "1970-01-01", "until": "2200-12-31"}"#).unwrap();
        assert_eq!(body.on.to_string(), "1970-01-01");
        assert_eq!(body.until.unwrap().to_string(), "2200-12-31");
        assert_eq!(read(r#"{"on": "2026-11-25"}"#).unwrap().until, None);
        assert_eq!(
            read(r#"{"on": "2026-11-25", "until": null}"#)
                .unwrap()
                .until,
            None
        );
    }

    #[test]
    fn dates_out_of_range_are_refused() {
        for json in [
            r#"{"on": "1969-12-31"}"#,
            r#"{"on": "2201-01-01"}"#,
            r#"{"on": "-4714-01-01"}"#,
            r#"{"on": "+262142-12-31"}"#,
            r#"{"on": "2026-01-01", "until": "0001-01-01"}"#,
        ] {
            let err = read(json).unwrap_err();
            assert!(
                err.contains("must be a date from 1970-01-01 to 2200-12-31")
                    || err.contains("input"),
                "{json}: {err}"
            );
        }
    }
}
