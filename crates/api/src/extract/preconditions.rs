//! Conditional-request and retry headers: `If-Match` / `ETag` on the budget, `If-None-Match` on
//! metrics, and `Idempotency-Key` on POSTs that scripts retry.

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::problem::ApiError;

/// The ETag of a versioned resource.
pub fn version_etag(kind: &str, version: i64) -> String {
    format!("\"{kind}-v{version}\"")
}

/// What `If-Match` asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum IfMatch {
    /// No header: write unconditionally.
    Absent,
    /// `*` or a version ETag: write only at that version (`None` = any existing version).
    Version(Option<i64>),
    /// An ETag that can never match ours: the write must fail with 412.
    Never,
}

pub fn if_match(req: &HttpRequest, kind: &str) -> IfMatch {
    let Some(raw) = req.headers().get(header::IF_MATCH) else {
        return IfMatch::Absent;
    };
    let Ok(raw) = raw.to_str() else {
        return IfMatch::Never;
    };
    let raw = raw.trim();
    if raw == "*" {
        return IfMatch::Version(None);
    }
    let prefix = format!("\"{kind}-v");
    raw.trim_start_matches("W/")
        .strip_prefix(prefix.as_str())
        .and_then(|rest| rest.strip_suffix('"'))
        .and_then(|version| version.parse().ok())
        .map_or(IfMatch::Never, |v| IfMatch::Version(Some(v)))
}

/// True when `If-None-Match` names this ETag (or `*`): the client's copy is current.
pub fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == etag || tag == "*")
        })
}

pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

pub fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    match req.headers().get(IDEMPOTENCY_KEY) {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .map(|v| Some(v.trim().to_owned()))
            .map_err(|_| {
                ApiError::validation(vec![budget_contract::problem::FieldError {
                    field: IDEMPOTENCY_KEY.to_owned(),
                    code: "invalid".to_owned(),
                    message: "must be printable ASCII".to_owned(),
                }])
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn if_match_reads_our_version_tags() {
        let req = TestRequest::default()
            .insert_header((header::IF_MATCH, "\"budget-v7\""))
            .to_http_request();
        assert_eq!(if_match(&req, "budget"), IfMatch::Version(Some(7)));
        let req = TestRequest::default()
            .insert_header((header::IF_MATCH, "*"))
            .to_http_request();
        assert_eq!(if_match(&req, "budget"), IfMatch::Version(None));
        let req = TestRequest::default()
            .insert_header((header::IF_MATCH, "\"something-else\""))
            .to_http_request();
        assert_eq!(if_match(&req, "budget"), IfMatch::Never);
        let req = TestRequest::default().to_http_request();
        assert_eq!(if_match(&req, "budget"), IfMatch::Absent);
    }

    #[test]
    fn if_none_match_compares_tags() {
        let req = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "\"a\", \"b\""))
            .to_http_request();
        assert!(not_modified(&req, "\"b\""));
        assert!(!not_modified(&req, "\"c\""));
    }
}
