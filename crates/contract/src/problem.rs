//! RFC 7807 problem details: the one error shape of the API.

use serde::{Deserialize, Serialize};

/// An error response (`application/problem+json`). `code` is stable and meant for programs;
/// `title` and `detail` are for people and may change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the problem type (`urn:budget-roi:problem:<code>`).
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Machine-readable error code, e.g. `validation_failed`, `board_access_denied`.
    pub code: String,
    /// For validation errors: every failing field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request's id, as in the `X-Request-Id` response header: quote it when reporting a
    /// problem, and the server's log lines for that request can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One failing input field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the request, e.g. `warning_threshold` or `hours`.
    pub field: String,
    /// Machine-readable reason, e.g. `out_of_range`, `required`, `invalid`.
    pub code: String,
    pub message: String,
}
