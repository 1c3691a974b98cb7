//! What the board screens (tasks, analytics, ROI, recommendations) share: the budget metrics that
//! give them the currency and the server's "today", reading a decimal a person typed, and turning
//! a mistake caught in the browser into the same field error the API would have sent, so one
//! `FieldError` shows both.

use budget_contract::metrics::BudgetMetrics;
use budget_contract::problem::Problem;
use budget_contract::Decimal;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::session::use_refresh;

/// The board's live metrics, re-read whenever the user writes something (the refresh counter).
/// The screens take the currency and the server's "today" (`as_of`) from it.
pub fn metrics_resource(board_id: i64) -> LocalResource<Result<BudgetMetrics, ApiError>> {
    let refresh = use_refresh();
    LocalResource::new(move || {
        refresh.track();
        async move { api::get::<BudgetMetrics>(&format!("/boards/{board_id}/budget/metrics")).await }
    })
}

/// The currency of the board's budget once the metrics are in; `None` while loading, on error or
/// without a budget (amounts are then shown as bare numbers).
pub fn currency_of(
    metrics: LocalResource<Result<BudgetMetrics, ApiError>>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        metrics.with(|metrics| {
            metrics
                .as_ref()
                .and_then(|result| result.as_ref().ok())
                .and_then(|metrics| metrics.currency.clone())
        })
    })
}

/// A decimal typed into a form: surrounding spaces and thousands separators (`,`) ignored, an
/// empty field is `Ok(None)`. Range and precision are the server's to check; this only refuses
/// text that is not a number at all.
pub fn parse_decimal(text: &str) -> Result<Option<Decimal>, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    cleaned
        .parse::<Decimal>()
        .map(Some)
        .map_err(|_| "must be a number, e.g. 1234.50".to_owned())
}

/// An error found before sending, shaped like the API's `validation_failed` problem so the same
/// field-error widgets show it beside the field. (Built through serde so that fields the
/// contract adds to `Problem` later keep their defaults.)
pub fn input_error(fields: Vec<(&str, String)>) -> ApiError {
    let detail = fields
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect::<Vec<_>>()
        .join("; ");
    let errors: Vec<serde_json::Value> = fields
        .iter()
        .map(|(field, message)| {
            serde_json::json!({ "field": field, "code": "invalid", "message": message })
        })
        .collect();
    let problem = serde_json::from_value::<Problem>(serde_json::json!({
        "type": "urn:budget-roi:problem:validation_failed",
        "title": "Check the highlighted fields",
        "status": 422,
        "detail": detail,
        "code": "validation_failed",
        "errors": errors,
    }))
    .ok()
    .map(Box::new);
    ApiError {
        status: 422,
        problem,
        message: format!("Check the highlighted fields ({detail})."),
    }
}

/// A fresh `Idempotency-Key`: the time and a random number, so a retried submission of the
/// same form is recognised by the server and a new one is not.
pub fn idempotency_key() -> String {
    use web_sys::js_sys::{Date, Math};
    format!(
        "web-{:x}-{:x}",
        Date::now() as u64,
        (Math::random() * 1e15) as u64
    )
}

/// `"2026-11-25"` → the date; blank or malformed → `None`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

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
    }

    #[test]
    fn input_errors_look_like_api_field_errors() {
        let error = input_error(vec![("hours", "is required".to_owned())]);
        assert_eq!(error.status, 422);
        assert_eq!(error.field("hours").as_deref(), Some("is required"));
        assert_eq!(error.field("work_date"), None);
        assert_eq!(error.code(), Some("validation_failed"));
    }

    #[test]
    fn dates_are_read_in_iso_form() {
        assert_eq!(
            parse_date("2026-11-25"),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("25/11/2026"), None);
    }
}
