//! The period the analytics screen reads, kept in its URL: the trend's first and last day, the
//! burn-rate window and how many days of history the forecast learns from. Absent values are
//! the API's defaults (the board's start to today, 30 days, 180 days).

use chrono::NaiveDate;

use crate::url::QueryString;

/// The burn-rate windows offered, in days.
pub const WINDOWS: [u32; 5] = [7, 14, 30, 60, 90];
/// The forecast's history windows offered, in days.
pub const HISTORY_DAYS: [u32; 5] = [30, 90, 180, 365, 730];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnalyticsRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Burn-rate window, days.
    pub window: Option<u32>,
    /// Days of daily cost the forecast learns from.
    pub history_days: Option<u32>,
}

impl AnalyticsRange {
    /// Reads the URL's parameters; what is missing or unreadable is the API's default.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> Self {
        let date = |name: &str| param(name).and_then(|text| text.parse().ok());
        let days = |name: &str, allowed: &[u32]| {
            param(name)
                .and_then(|text| text.parse().ok())
                .filter(|days| allowed.contains(days))
        };
        Self {
            from: date("from"),
            to: date("to"),
            window: days("window", &WINDOWS),
            history_days: days("history", &HISTORY_DAYS),
        }
    }

    /// The screen's query string.
    pub fn to_search(self) -> String {
        QueryString::new()
            .add("from", self.from)
            .add("to", self.to)
            .add("window", self.window)
            .add("history", self.history_days)
            .render()
    }

    /// The analytics request's query string (`getBudgetAnalytics`).
    pub fn analytics_query(self) -> String {
        QueryString::new()
            .add("from", self.from)
            .add("to", self.to)
            .add("window", self.window)
            .render()
    }

    /// The forecast request's query string (`getBudgetForecast`).
    pub fn forecast_query(self) -> String {
        QueryString::new()
            .add("history_days", self.history_days)
            .render()
    }

    /// The forecast history's query string (`listForecastHistory`): the kept forecasts of the
    /// same days as the trend.
    pub fn history_query(self) -> String {
        QueryString::new()
            .add("from", self.from)
            .add("to", self.to)
            .render()
    }

    /// A first day after the last is refused before asking.
    pub fn is_backwards(self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if from > to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_range_survives_its_url_and_feeds_each_request_its_own_parameters() {
        let range = AnalyticsRange {
            from: Some(day("2026-10-01")),
            to: Some(day("2026-10-31")),
            window: Some(14),
            history_days: Some(90),
        };
        assert_eq!(
            range.to_search(),
            "?from=2026-10-01&to=2026-10-31&window=14&history=90"
        );
        let params = [
            ("from", "2026-10-01"),
            ("to", "2026-10-31"),
            ("window", "14"),
            ("history", "90"),
        ];
        let parsed = AnalyticsRange::from_params(|name| {
            params
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        });
        assert_eq!(parsed, range);
        assert_eq!(
            range.analytics_query(),
            "?from=2026-10-01&to=2026-10-31&window=14"
        );
        assert_eq!(range.forecast_query(), "?history_days=90");
        assert_eq!(range.history_query(), "?from=2026-10-01&to=2026-10-31");
        assert_eq!(AnalyticsRange::default().to_search(), "");
    }

    #[test]
    fn unreadable_or_unoffered_values_are_the_defaults() {
        let parsed = AnalyticsRange::from_params(|name| match name {
            "from" => Some("2026-13-01".to_owned()),
            "window" => Some("8".to_owned()),
            "history" => Some("x".to_owned()),
            _ => None,
        });
        assert_eq!(parsed, AnalyticsRange::default());
        let backwards = AnalyticsRange {
            from: Some(day("2026-10-31")),
            to: Some(day("2026-10-01")),
            ..AnalyticsRange::default()
        };
        assert!(backwards.is_backwards());
    }
}
