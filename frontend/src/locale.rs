//! How the browser's locale writes numbers and dates: the separators, where a currency symbol
//! goes, the order of a date's parts and the names of months and weekdays.
//!
//! Learned once at start from the browser's `Intl` formatters ([`from_browser`], wasm only) and
//! kept as plain data, so that [`crate::format`] writes every figure itself from exact decimals
//! (`Intl` never sees an amount) and stays testable natively. Without a browser, and whenever
//! `Intl` gives something unreadable, the default applies: British English (`1,234.50`,
//! `25 Nov 2026`).

use std::cell::RefCell;
use std::rc::Rc;

/// A piece of a written date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatePiece {
    /// Day of the month, no leading zero.
    Day,
    /// Month's short name (`Nov`, `Nov.`, `nov.`).
    Month,
    Year,
    /// Weekday's short name (`Wed`, `Mi.`).
    Weekday,
    /// Text between the pieces (`" "`, `", "`, `". "`).
    Literal(String),
}

/// The order and separators of one way of writing a date.
pub type DatePattern = Vec<DatePiece>;

/// How numbers and dates are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    /// Between groups of three digits (`,`, `.`, a narrow no-break space…).
    pub group: String,
    /// Before the decimals (`.` or `,`).
    pub decimal: String,
    /// Whether a currency symbol follows the amount (`1.234,50 €`) rather than leads it
    /// (`€1,234.50`). ISO codes always follow.
    pub symbol_after: bool,
    /// Day, month and year: `25 Nov 2026`, `Nov 25, 2026`, `25. Nov. 2026`.
    pub date: DatePattern,
    /// Day and month, for chart axes: `25 Nov`.
    pub day_month: DatePattern,
    /// Weekday, day and month, for a week's columns: `Wed 25 Nov`.
    pub weekday_day_month: DatePattern,
    /// Month and year: `Nov 2026`.
    pub month_year: DatePattern,
    /// Short month names, January first.
    pub months: [String; 12],
    /// Short weekday names, Monday first.
    pub weekdays: [String; 7],
}

fn literal(text: &str) -> DatePiece {
    DatePiece::Literal(text.to_owned())
}

impl Default for Locale {
    fn default() -> Self {
        use DatePiece::{Day, Month, Weekday, Year};
        Self {
            group: ",".to_owned(),
            decimal: ".".to_owned(),
            symbol_after: false,
            date: vec![Day, literal(" "), Month, literal(" "), Year],
            day_month: vec![Day, literal(" "), Month],
            weekday_day_month: vec![Weekday, literal(" "), Day, literal(" "), Month],
            month_year: vec![Month, literal(" "), Year],
            months: [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ]
            .map(String::from),
            weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(String::from),
        }
    }
}

thread_local! {
    // The web app runs on one thread: this is the app's locale. Native tests each have their
    // own thread, so one test's locale never leaks into another.
    static CURRENT: RefCell<Rc<Locale>> = RefCell::new(Rc::new(Locale::default()));
}

/// The locale figures are written in from now on.
pub fn set(locale: Locale) {
    CURRENT.with(|current| *current.borrow_mut() = Rc::new(locale));
}

/// The locale in force.
pub fn current() -> Rc<Locale> {
    CURRENT.with(|current| current.borrow().clone())
}

/// The browser's locale, learned from its `Intl` formatters (the preferred languages of
/// `navigator.languages`); the default for anything they do not give.
pub fn from_browser() -> Locale {
    #[cfg(target_arch = "wasm32")]
    return browser::read().unwrap_or_default();
    // Outside a browser (native builds and tests) there is nothing to learn from.
    #[cfg(not(target_arch = "wasm32"))]
    Locale::default()
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, Date, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    use super::{DatePattern, DatePiece, Locale};

    fn options(pairs: &[(&str, &str)]) -> Option<Object> {
        let object = Object::new();
        for (key, value) in pairs {
            Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
        }
        Some(object)
    }

    /// `(type, value)` of each part `formatToParts` returned.
    fn parts(list: Array) -> Option<Vec<(String, String)>> {
        list.iter()
            .map(|part| {
                let field = |name: &str| {
                    Reflect::get(&part, &JsValue::from_str(name))
                        .ok()
                        .and_then(|value| value.as_string())
                };
                Some((field("type")?, field("value")?))
            })
            .collect()
    }

    fn languages() -> Array {
        web_sys::window()
            .map(|window| window.navigator().languages())
            .unwrap_or_default()
    }

    /// A day at noon UTC (month from 0), so no time zone moves it to another day.
    fn day(year: u32, month: i32, day: i32) -> Date {
        let date = Date::new_0();
        date.set_utc_full_year_with_month_date(year, month, day);
        date.set_utc_hours(12);
        date
    }

    /// A date formatter for the browser's languages, in UTC.
    fn dates(languages: &Array, pairs: &[(&str, &str)]) -> Option<Intl::DateTimeFormat> {
        let mut pairs = pairs.to_vec();
        pairs.push(("timeZone", "UTC"));
        Some(Intl::DateTimeFormat::new(languages, &options(&pairs)?))
    }

    fn pattern(format: &Intl::DateTimeFormat) -> Option<DatePattern> {
        // Wednesday 25 November 2026: every piece tells apart.
        parts(format.format_to_parts(&day(2026, 10, 25)))?
            .into_iter()
            .map(|(kind, value)| match kind.as_str() {
                "day" => Some(DatePiece::Day),
                "month" => Some(DatePiece::Month),
                "year" => Some(DatePiece::Year),
                "weekday" => Some(DatePiece::Weekday),
                "literal" => Some(DatePiece::Literal(value)),
                _ => None,
            })
            .collect()
    }

    /// The value of the part of `kind` in `date` as `format` writes it.
    fn name(format: &Intl::DateTimeFormat, date: &Date, kind: &str) -> Option<String> {
        parts(format.format_to_parts(date))?
            .into_iter()
            .find(|(found, _)| found == kind)
            .map(|(_, value)| value)
    }

    /// One formatter per way of writing, each asked as often as it needs.
    pub(super) fn read() -> Option<Locale> {
        let languages = languages();
        let numbers = Intl::NumberFormat::new(&languages, &Object::new());
        // Only to learn the separators: no amount is ever written by `Intl`.
        let number = parts(numbers.format_to_parts(1_234_567.5))?;
        let separator = |kind: &str| {
            number
                .iter()
                .find(|(found, _)| found == kind)
                .map(|(_, value)| value.clone())
        };
        let currency = Intl::NumberFormat::new(
            &languages,
            &options(&[("style", "currency"), ("currency", "EUR")])?,
        );
        let money = parts(currency.format_to_parts(1.0))?;
        let at = |kind: &str| money.iter().position(|(found, _)| found == kind);
        let full = dates(
            &languages,
            &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
        )?;
        let months = (0..12)
            .map(|month| name(&full, &day(2026, month, 15), "month"))
            .collect::<Option<Vec<_>>>()?;
        // Names as they read within a date ("Mo.", not the standalone "Mo"): 7 December 2026
        // is a Monday.
        let with_weekday = dates(
            &languages,
            &[("weekday", "short"), ("day", "numeric"), ("month", "short")],
        )?;
        let weekdays = (0..7)
            .map(|offset| name(&with_weekday, &day(2026, 11, 7 + offset), "weekday"))
            .collect::<Option<Vec<_>>>()?;
        let day_month = dates(&languages, &[("day", "numeric"), ("month", "short")])?;
        let month_year = dates(&languages, &[("month", "short"), ("year", "numeric")])?;
        Some(Locale {
            group: separator("group").unwrap_or_else(|| ",".to_owned()),
            decimal: separator("decimal")?,
            symbol_after: at("currency")? > at("integer")?,
            date: pattern(&full)?,
            day_month: pattern(&day_month)?,
            weekday_day_month: pattern(&with_weekday)?,
            month_year: pattern(&month_year)?,
            months: months.try_into().ok()?,
            weekdays: weekdays.try_into().ok()?,
        })
        .filter(|locale| !locale.decimal.is_empty() && locale.decimal != locale.group)
    }
}
