//! Formatting for people: money per currency, percentages, hours and dates.
//!
//! Pure functions over the contract's exact decimals (no floats), unit-tested natively. One rule
//! per currency, the same everywhere in the app, from the contract's currency table: the
//! currency's symbol in front when the table gives one (`$12.00`), the ISO code after the number
//! otherwise (`12.00 CHF`); the locale's thousands separator and decimal mark before the
//! currency's minor units (two decimals, none for JPY and KRW); a minus sign (U+2212) in front
//! of negatives. Separators, the symbol's side and dates follow the browser's locale
//! ([`crate::locale`]); the examples here are in the default, British English.

use budget_contract::{Currency, Decimal, Hours, Money, Percent};
use chrono::{Datelike, NaiveDate};
use rust_decimal::RoundingStrategy;

use crate::locale::{self, DatePiece, Locale};

/// The placeholder for a value that does not exist (no budget, a ratio with a zero denominator).
pub const NONE: &str = "—";

/// The symbol written before the amount, when the currency has one we show.
fn symbol(currency: &str) -> Option<&'static str> {
    Currency::find(currency).and_then(|currency| currency.symbol)
}

/// Decimal places of a currency (ISO 4217 minor units); two for a code the table does not know.
pub fn minor_units(currency: &str) -> u32 {
    Currency::find(currency).map_or(2, |currency| currency.minor_units)
}

/// `1234567.5` with `decimals` places → `"1,234,567.50"` (the absolute value; sign handled by the
/// caller). Rounds half-to-even, like the server.
fn grouped(value: Decimal, decimals: u32) -> String {
    let mut rounded = value
        .abs()
        .round_dp_with_strategy(decimals, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(decimals);
    let text = rounded.to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let locale = locale::current();
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            out.push_str(&locale.group);
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push_str(&locale.decimal);
        out.push_str(fraction);
    }
    out
}

/// A decimal's plain text (`"82.35"`, `"-1.5"`) with the locale's decimal mark.
fn with_decimal_mark(text: &str) -> String {
    text.replace('.', &locale::current().decimal)
}

/// A number and the currency it is in: the symbol on the locale's side, an ISO code after.
fn with_currency(sign: &str, number: &str, currency: Option<&str>) -> String {
    match currency {
        Some(code) => match symbol(code) {
            Some(symbol) if locale::current().symbol_after => {
                format!("{sign}{number}\u{a0}{symbol}")
            }
            Some(symbol) => format!("{sign}{symbol}{number}"),
            None => format!("{sign}{number} {code}"),
        },
        None => format!("{sign}{number}"),
    }
}

fn is_negative_after_rounding(value: Decimal, decimals: u32) -> bool {
    value
        .round_dp_with_strategy(decimals, RoundingStrategy::MidpointNearestEven)
        .is_sign_negative()
        && !value
            .round_dp_with_strategy(decimals, RoundingStrategy::MidpointNearestEven)
            .is_zero()
}

/// An amount of money in a currency: `"$12,345.60"`, `"¥12,346"`, `"12,345.60 CHF"`,
/// `"−$5.00"`. Without a currency (a board without a budget) the bare number, `"12,345.60"`.
pub fn money(amount: &Money, currency: Option<&str>) -> String {
    money_decimal(amount.value(), currency)
}

/// [`money`] for a plain decimal (an input echoed back, a tick of an axis).
pub fn money_decimal(value: Decimal, currency: Option<&str>) -> String {
    let decimals = currency.map(minor_units).unwrap_or(2);
    let sign = if is_negative_after_rounding(value, decimals) {
        "\u{2212}"
    } else {
        ""
    };
    with_currency(sign, &grouped(value, decimals), currency)
}

/// A change of an amount: [`money`] with a plus sign in front of increases (`"+$5.00"`,
/// `"−$5.00"`, `"$0.00"`).
pub fn money_change(amount: &Money, currency: Option<&str>) -> String {
    let text = money(amount, currency);
    let decimals = currency.map(minor_units).unwrap_or(2);
    let rounded = amount
        .value()
        .round_dp_with_strategy(decimals, RoundingStrategy::MidpointNearestEven);
    if rounded.is_sign_positive() && !rounded.is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

/// A short money label for chart axes: whole units, thousands as `k`, millions as `M`
/// (`"$20k"`, `"$1.5M"`, `"€750"`). Only for axis ticks, never for a figure people read as a value.
pub fn money_compact(value: Decimal, currency: Option<&str>) -> String {
    let abs = value.abs();
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "\u{2212}"
    } else {
        ""
    };
    let thousand = Decimal::from(1_000);
    let million = Decimal::from(1_000_000);
    let words = &crate::text::text().common;
    let (scaled, suffix) = if abs >= million {
        (abs / million, words.millions_suffix)
    } else if abs >= thousand {
        (abs / thousand, words.thousands_suffix)
    } else {
        (abs, "")
    };
    let scaled = scaled
        .round_dp_with_strategy(1, RoundingStrategy::MidpointNearestEven)
        .normalize();
    let number = format!("{}{suffix}", with_decimal_mark(&scaled.to_string()));
    with_currency(sign, &number, currency)
}

/// A count with thousands separators: `5000` → `"5,000"`.
pub fn count(value: u64) -> String {
    grouped(Decimal::from(value), 0)
}

/// A percentage: `"82.35 %"`; `"—"` when it does not exist.
pub fn percent(value: Option<&Percent>) -> String {
    match value {
        Some(value) => format!("{} %", with_decimal_mark(&value.to_string())),
        None => NONE.to_owned(),
    }
}

/// A score between 0 and 1 (a Brier score) to four decimals, half-to-even: `"0.1500"`; `"—"`
/// when it does not exist.
pub fn score(value: Option<Decimal>) -> String {
    match value {
        Some(value) => {
            let mut rounded =
                value.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven);
            rounded.rescale(4);
            with_decimal_mark(&rounded.to_string())
        }
        None => NONE.to_owned(),
    }
}

/// A change of a percentage, in percentage points: `"+3.20 points"`, `"−1.05 points"`,
/// `"0.00 points"`; `"—"` when it does not exist.
pub fn points_change(value: Option<&Percent>) -> String {
    let Some(value) = value else {
        return NONE.to_owned();
    };
    let points = value.value();
    let sign = if points.is_zero() {
        ""
    } else if points.is_sign_negative() {
        "\u{2212}"
    } else {
        "+"
    };
    let number = with_decimal_mark(&Percent::new(points.abs()).to_string());
    (crate::text::text().common.points)(&format!("{sign}{number}"))
}

/// A change of a day, in whole days: `"+12 days"`, `"−1 day"`, `"0 days"`; `"—"` when it does
/// not exist.
pub fn days_change(value: Option<i64>) -> String {
    match value {
        None => NONE.to_owned(),
        Some(days) => {
            let sign = match days.signum() {
                1 => "+",
                -1 => "\u{2212}",
                _ => "",
            };
            let count = days.unsigned_abs();
            (crate::text::text().common.days)(&format!("{sign}{count}"), Decimal::from(count))
        }
    }
}

/// Hours: `"7.50 h"`, `"1,234.00 h"`.
pub fn hours(value: &Hours) -> String {
    let sign = if is_negative_after_rounding(value.value(), 2) {
        "\u{2212}"
    } else {
        ""
    };
    (crate::text::text().common.hours)(&format!("{sign}{}", grouped(value.value(), 2)))
}

/// A running timer's elapsed time: `"0:05:09"`, `"12:00:00"` (hours, minutes, seconds).
pub fn elapsed(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!(
        "{}:{:02}:{:02}",
        seconds / 3_600,
        seconds % 3_600 / 60,
        seconds % 60
    )
}

/// `value` written with `pattern`, in the locale's names.
fn written(value: NaiveDate, pattern: impl Fn(&Locale) -> &[DatePiece]) -> String {
    let locale = locale::current();
    let mut out = String::new();
    for piece in pattern(&locale) {
        match piece {
            DatePiece::Day => out.push_str(&value.day().to_string()),
            DatePiece::Month => out.push_str(&locale.months[value.month0() as usize]),
            DatePiece::Year => out.push_str(&value.year().to_string()),
            DatePiece::Weekday => {
                out.push_str(&locale.weekdays[value.weekday().num_days_from_monday() as usize])
            }
            DatePiece::Literal(text) => out.push_str(text),
        }
    }
    out
}

/// A calendar day: `"25 Nov 2026"`.
pub fn date(value: NaiveDate) -> String {
    written(value, |locale| &locale.date)
}

/// A day without its year, for chart axes: `"25 Nov"`.
pub fn day_month(value: NaiveDate) -> String {
    written(value, |locale| &locale.day_month)
}

/// A day with its weekday and without its year, for a week's columns: `"Wed 25 Nov"`.
pub fn weekday_day_month(value: NaiveDate) -> String {
    written(value, |locale| &locale.weekday_day_month)
}

/// A month: `"Nov 2026"`.
pub fn month_year(value: NaiveDate) -> String {
    written(value, |locale| &locale.month_year)
}

/// A number of days with up to one decimal, e.g. days until the budget runs out: `"41.3 days"`,
/// `"1 day"`.
pub fn days(value: Decimal) -> String {
    let rounded = value
        .round_dp_with_strategy(1, RoundingStrategy::MidpointNearestEven)
        .normalize();
    (crate::text::text().common.days)(&with_decimal_mark(&rounded.to_string()), rounded)
}

/// A date and time from the API (UTC), for lists: `"25 Nov 2026 14:05 UTC"`.
pub fn timestamp(value: chrono::DateTime<chrono::Utc>) -> String {
    (crate::text::text().common.utc_timestamp)(
        &date(value.date_naive()),
        &value.format("%H:%M").to_string(),
    )
}

/// A decimal typed into a form, as people write numbers: spaces, `_` and `'` between digits
/// ignored, an empty field `Ok(None)`. Which of `.` and `,` is the decimal mark is read so that
/// no amount is misread: with both, the last one is (`1,234.50`, `1.234,50`); a lone `,` is when
/// the locale writes decimals with one, when fewer or more than three digits follow it (`12,5`)
/// or after a leading zero (`0,125`), and groups thousands otherwise (`1,234`); several `.` group thousands where the
/// locale groups with `.` (`1.234.567`). Range and precision are the server's to check; this
/// only refuses text that is not a number at all.
pub fn parse_decimal(text: &str) -> Result<Option<Decimal>, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '_' | '\'' | '\u{2019}') && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let locale = locale::current();
    let commas = cleaned.matches(',').count();
    let points = cleaned.matches('.').count();
    let not_a_number = || crate::text::text().messages.not_a_number.to_owned();
    // The whole part without its separators, when they group its digits by three.
    let ungrouped = |whole: &str, separator: char| -> Result<String, String> {
        let digits = whole.trim_start_matches(['-', '+']);
        let mut groups = digits.split(separator);
        let first = groups.next().unwrap_or_default();
        let grouped = (1..=3).contains(&first.len())
            && !first.starts_with('0')
            && groups.all(|group| group.len() == 3);
        if grouped {
            Ok(whole.replace(separator, ""))
        } else {
            Err(not_a_number())
        }
    };
    let plain = match (cleaned.rfind(','), cleaned.rfind('.')) {
        (Some(comma), Some(point)) if comma > point => {
            format!(
                "{}.{}",
                ungrouped(&cleaned[..comma], '.')?,
                &cleaned[comma + 1..]
            )
        }
        (Some(_), Some(point)) => {
            format!(
                "{}.{}",
                ungrouped(&cleaned[..point], ',')?,
                &cleaned[point + 1..]
            )
        }
        (Some(comma), None) => {
            let after = cleaned.len() - comma - 1;
            // Thousands are never grouped after a leading zero (`0,125`).
            let zero = cleaned.trim_start_matches(['-', '+']).starts_with("0,");
            if commas == 1 && (locale.decimal == "," || after != 3 || zero) {
                cleaned.replace(',', ".")
            } else {
                ungrouped(&cleaned, ',')?
            }
        }
        (None, Some(_)) if points > 1 && locale.group == "." => ungrouped(&cleaned, '.')?,
        _ => cleaned,
    };
    plain
        .parse::<Decimal>()
        .map(Some)
        .map_err(|_| not_a_number())
}

/// The day an `<input type="date">` holds (`"2026-11-25"`); blank or malformed → `None`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// An optional day: a blank field is `Ok(None)`, text that is not a date an error.
pub fn parse_optional_date(text: &str) -> Result<Option<NaiveDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_date(text)
        .map(Some)
        .ok_or_else(|| crate::text::text().messages.not_a_date.to_owned())
}

/// A snake_case name the server sends as text that the app has no words for, spelled out
/// (`"priority_overrun"` → `"priority overrun"`): the names it knows (what a change in a board's
/// history was made to, what was done, the fields changed, a learned pattern's kind, a forecast
/// method) and the contract's enum values have their words in [`crate::labels`].
pub fn label(value: &str) -> String {
    value.replace('_', " ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn elapsed_time_reads_as_hours_minutes_and_seconds() {
        assert_eq!(super::elapsed(0), "0:00:00");
        assert_eq!(super::elapsed(309), "0:05:09");
        assert_eq!(super::elapsed(4_810), "1:20:10");
        assert_eq!(super::elapsed(43_200), "12:00:00");
        assert_eq!(super::elapsed(-5), "0:00:00");
    }

    use super::*;
    use std::str::FromStr;

    fn m(text: &str) -> Money {
        Money::new(Decimal::from_str(text).unwrap())
    }

    #[test]
    fn money_uses_the_symbol_thousands_separators_and_two_decimals() {
        assert_eq!(money(&m("12345.6"), Some("USD")), "$12,345.60");
        assert_eq!(money(&m("132533.75"), Some("USD")), "$132,533.75");
        assert_eq!(money(&m("12345.60"), Some("EUR")), "€12,345.60");
        assert_eq!(money(&m("0.5"), Some("GBP")), "£0.50");
        assert_eq!(money(&m("1234567.89"), Some("INR")), "₹1,234,567.89");
        assert_eq!(money(&m("999"), Some("USD")), "$999.00");
        assert_eq!(money(&m("1000"), Some("USD")), "$1,000.00");
        assert_eq!(money(&m("0"), Some("USD")), "$0.00");
    }

    #[test]
    fn money_in_yen_has_no_minor_units_and_rounds_half_to_even() {
        assert_eq!(money(&m("12345.60"), Some("JPY")), "¥12,346");
        assert_eq!(money(&m("12345.50"), Some("JPY")), "¥12,346");
        assert_eq!(money(&m("12344.50"), Some("JPY")), "¥12,344");
        assert_eq!(money(&m("5000"), Some("KRW")), "₩5,000");
    }

    #[test]
    fn money_in_other_currencies_puts_the_code_after() {
        assert_eq!(money(&m("12345.6"), Some("CHF")), "12,345.60 CHF");
        assert_eq!(money(&m("12345.6"), Some("XYZ")), "12,345.60 XYZ");
        assert_eq!(money(&m("12345.6"), None), "12,345.60");
    }

    #[test]
    fn negative_money_has_a_minus_sign_in_front() {
        assert_eq!(money(&m("-5"), Some("USD")), "\u{2212}$5.00");
        assert_eq!(money(&m("-1234.5"), Some("CAD")), "\u{2212}1,234.50 CAD");
        // Rounds to zero in yen: no sign.
        assert_eq!(money(&m("-0.40"), Some("JPY")), "¥0");
    }

    #[test]
    fn changes_of_money_carry_their_sign() {
        assert_eq!(money_change(&m("5"), Some("USD")), "+$5.00");
        assert_eq!(money_change(&m("-5"), Some("EUR")), "\u{2212}€5.00");
        assert_eq!(money_change(&m("0"), Some("USD")), "$0.00");
        assert_eq!(money_change(&m("0.4"), Some("JPY")), "¥0");
    }

    #[test]
    fn compact_money_for_axis_ticks() {
        assert_eq!(money_compact(Decimal::from(20_000), Some("USD")), "$20k");
        assert_eq!(
            money_compact(Decimal::from(1_500_000), Some("EUR")),
            "€1.5M"
        );
        assert_eq!(money_compact(Decimal::from(750), Some("USD")), "$750");
        assert_eq!(money_compact(Decimal::from(2_500), Some("CHF")), "2.5k CHF");
        assert_eq!(money_compact(Decimal::ZERO, None), "0");
    }

    #[test]
    fn percent_hours_dates_and_days() {
        let p = Percent::new(Decimal::from_str("82.35").unwrap());
        assert_eq!(percent(Some(&p)), "82.35 %");
        assert_eq!(percent(None), "—");
        assert_eq!(score(Some(Decimal::from_str("0.15").unwrap())), "0.1500");
        assert_eq!(
            score(Some(Decimal::from_str("0.123456").unwrap())),
            "0.1235"
        );
        assert_eq!(score(None), "—");
        assert_eq!(
            hours(&Hours::new(Decimal::from_str("7.5").unwrap())),
            "7.50 h"
        );
        assert_eq!(hours(&Hours::new(Decimal::from(1234))), "1,234.00 h");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
            "25 Nov 2026"
        );
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
            "5 Jan 2026"
        );
        assert_eq!(days(Decimal::from_str("41.25").unwrap()), "41.2 days");
        assert_eq!(days(Decimal::ONE), "1 day");
        assert_eq!(days(Decimal::ZERO), "0 days");
        assert_eq!(label("no_budget"), "no budget");
    }

    #[test]
    fn parse_decimal_reads_numbers_and_treats_blank_as_absent() {
        assert_eq!(parse_decimal(""), Ok(None));
        assert_eq!(parse_decimal("   "), Ok(None));
        assert_eq!(
            parse_decimal(" 1,234.50 "),
            Ok(Some(Decimal::from_str("1234.50").unwrap()))
        );
        assert_eq!(parse_decimal("-5"), Ok(Some(Decimal::from(-5))));
        assert_eq!(
            parse_decimal("0.125"),
            Ok(Some(Decimal::from_str("0.125").unwrap()))
        );
        assert!(parse_decimal("abc").is_err());
        assert!(parse_decimal("1.2.3").is_err());
        // A lone comma before other than three digits is a decimal mark, not a separator.
        assert_eq!(parse_decimal("12,5"), Ok(Some(Decimal::new(125, 1))));
        assert_eq!(parse_decimal("1,234"), Ok(Some(Decimal::from(1234))));
        assert_eq!(parse_decimal("1.234,50"), Ok(Some(Decimal::new(123450, 2))));
        assert_eq!(parse_decimal("1'234.50"), Ok(Some(Decimal::new(123450, 2))));
        assert!(parse_decimal("1,234,5").is_err());
        assert_eq!(parse_decimal("0,125"), Ok(Some(Decimal::new(125, 3))));
    }

    #[test]
    fn dates_are_read_in_iso_form_and_blank_is_absent() {
        assert_eq!(
            parse_date("2026-11-25"),
            NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("25/11/2026"), None);
        assert_eq!(parse_optional_date(" "), Ok(None));
        assert_eq!(
            parse_optional_date("2026-11-25"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 25))
        );
        assert!(parse_optional_date("25/11/2026").is_err());
    }

    #[test]
    fn changes_in_points_and_days_carry_their_sign() {
        let p = |text: &str| Percent::new(Decimal::from_str(text).unwrap());
        assert_eq!(points_change(Some(&p("3.2"))), "+3.20 points");
        assert_eq!(points_change(Some(&p("-1.05"))), "\u{2212}1.05 points");
        assert_eq!(points_change(Some(&p("0"))), "0.00 points");
        assert_eq!(points_change(None), NONE);
        assert_eq!(days_change(Some(12)), "+12 days");
        assert_eq!(days_change(Some(-1)), "\u{2212}1 day");
        assert_eq!(days_change(Some(0)), "0 days");
        assert_eq!(days_change(None), NONE);
    }
}

#[cfg(test)]
mod locale_tests {
    use super::*;
    use crate::locale::{self, DatePiece, Locale};
    use std::str::FromStr;

    /// German as a browser's `Intl` gives it: `1.234,50 €`, `25. Nov. 2026`.
    fn german() -> Locale {
        use DatePiece::{Day, Month, Weekday, Year};
        let text = |text: &str| DatePiece::Literal(text.to_owned());
        Locale {
            group: ".".to_owned(),
            decimal: ",".to_owned(),
            symbol_after: true,
            date: vec![Day, text(". "), Month, text(" "), Year],
            day_month: vec![Day, text(". "), Month],
            weekday_day_month: vec![Weekday, text(", "), Day, text(". "), Month],
            month_year: vec![Month, text(" "), Year],
            months: [
                "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
                "Nov.", "Dez.",
            ]
            .map(String::from),
            weekdays: ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."].map(String::from),
        }
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn money_follows_the_locale_and_stays_exact() {
        locale::set(german());
        let money = |text: &str, currency| super::money(&Money::new(d(text)), currency);
        assert_eq!(money("1234567.895", Some("EUR")), "1.234.567,90\u{a0}€");
        assert_eq!(money("-5", Some("USD")), "\u{2212}5,00\u{a0}$");
        assert_eq!(money("12345.6", Some("CHF")), "12.345,60 CHF");
        assert_eq!(money("12345.5", Some("JPY")), "12.346\u{a0}¥");
        assert_eq!(money("0.125", None), "0,12");
        assert_eq!(money_compact(d("1500000"), Some("EUR")), "1,5M\u{a0}€");
        assert_eq!(count(5_000), "5.000");
        assert_eq!(hours(&Hours::new(d("1234.5"))), "1.234,50 h");
    }

    #[test]
    fn ratios_follow_the_locale() {
        locale::set(german());
        assert_eq!(percent(Some(&Percent::new(d("82.345")))), "82,34 %");
        assert_eq!(
            points_change(Some(&Percent::new(d("-1.05")))),
            "\u{2212}1,05 points"
        );
        assert_eq!(score(Some(d("0.15"))), "0,1500");
        assert_eq!(days(d("41.25")), "41,2 days");
    }

    #[test]
    fn dates_follow_the_locale() {
        locale::set(german());
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(date(day), "25. Nov. 2026");
        assert_eq!(day_month(day), "25. Nov.");
        assert_eq!(weekday_day_month(day), "Mi., 25. Nov.");
        assert_eq!(
            month_year(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            "März 2026"
        );
        let at = day.and_hms_opt(14, 5, 0).unwrap().and_utc();
        assert_eq!(timestamp(at), "25. Nov. 2026 14:05 UTC");
    }

    #[test]
    fn numbers_typed_the_german_way_are_read_exactly() {
        locale::set(german());
        let read = |text: &str| parse_decimal(text).unwrap().unwrap();
        assert_eq!(read("1.234,50"), d("1234.50"));
        assert_eq!(read("1.234.567,8"), d("1234567.8"));
        assert_eq!(read("1.234.567"), d("1234567"));
        assert_eq!(read("12,5"), d("12.5"));
        assert_eq!(read("1,234"), d("1.234"));
        // What the API sends, and forms show as they got it, still reads as written.
        assert_eq!(read("12.50"), d("12.50"));
        assert_eq!(read("1 234,50"), d("1234.50"));
    }

    #[test]
    fn the_default_is_british_english() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(date(day), "25 Nov 2026");
        assert_eq!(day_month(day), "25 Nov");
        assert_eq!(weekday_day_month(day), "Wed 25 Nov");
        assert_eq!(month_year(day), "Nov 2026");
        assert_eq!(count(5_000), "5,000");
        assert_eq!(money(&Money::new(d("-5")), Some("EUR")), "\u{2212}€5.00");
    }
}
