//! A JSON body extractor that says exactly what is wrong: 415 for another content type, 413 for
//! an oversized body, 400 for broken JSON, and 422 naming the field for a value of the wrong
//! shape (serde_path_to_error gives the path, which plain serde_json does not).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpRequest};
use budget_contract::problem::FieldError;
use serde::de::DeserializeOwned;

use crate::problem::{ApiError, ProblemCode};

pub struct Json<T>(pub T);

/// How long a handler waits for the whole request body; a slower client gets 408.
#[derive(Clone, Copy, Debug)]
pub struct BodyReadTimeout(pub std::time::Duration);

impl BodyReadTimeout {
    pub const DEFAULT: std::time::Duration = std::time::Duration::from_secs(20);
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json_content = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == mime::APPLICATION
                    && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
            });
        let body = web::Bytes::from_request(req, payload);
        let deadline = req
            .app_data::<BodyReadTimeout>()
            .map_or(BodyReadTimeout::DEFAULT, |timeout| timeout.0);
        Box::pin(async move {
            if !json_content {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ProblemCode::UnsupportedMediaType,
                    "send the body as `Content-Type: application/json`",
                ));
            }
            let Ok(read) = tokio::time::timeout(deadline, body).await else {
                return Err(ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    ProblemCode::RequestTimeout,
                    "the request body did not arrive in time",
                ));
            };
            let bytes = read.map_err(|err| {
                if err.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        ProblemCode::PayloadTooLarge,
                        "the request body is larger than this server accepts",
                    )
                } else {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        ProblemCode::UnreadableBody,
                        err.to_string(),
                    )
                }
            })?;
            parse(&bytes).map(Json)
        })
    }
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    refuse_nul(bytes)?;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_data() {
            ApiError::validation(vec![field_error(&path, &inner.to_string())])
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::MalformedJson,
                format!("the body is not valid JSON: {inner}"),
            )
        }
    })?;
    // Anything after the value (`{..} trailing`) makes the body not one JSON document.
    deserializer.end().map_err(|err| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ProblemCode::MalformedJson,
            format!("the body is not valid JSON: {err}"),
        )
    })?;
    Ok(value)
}

/// No text field takes a NUL (no database stores it as text): a body carrying one, anywhere, is
/// refused naming the field, before any field's own rules run. JSON can only carry it escaped,
/// so bodies without the escape are not looked at twice.
fn refuse_nul(bytes: &[u8]) -> Result<(), ApiError> {
    const ESCAPED_NUL: &[u8] = b"\\u0000";
    if !bytes
        .windows(ESCAPED_NUL.len())
        .any(|window| window.eq_ignore_ascii_case(ESCAPED_NUL))
    {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        // Broken JSON: the typed parse reports it.
        return Ok(());
    };
    match path_to_nul(&value, String::new()) {
        None => Ok(()),
        Some(field) => Err(ApiError::validation(vec![FieldError {
            field: if field.is_empty() {
                "body".to_owned()
            } else {
                field
            },
            code: "invalid_character".to_owned(),
            message: budget_contract::text::refused_message('\0'),
        }])),
    }
}

/// The path (`a.b[2]`) of the first string, or object key, holding a NUL.
fn path_to_nul(value: &serde_json::Value, path: String) -> Option<String> {
    match value {
        serde_json::Value::String(text) => text.contains('\0').then_some(path),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| path_to_nul(item, format!("{path}[{index}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let field = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                Some(field)
            } else {
                path_to_nul(item, field)
            }
        }),
        _ => None,
    }
}

/// serde reports a missing field at its parent's path; name the field itself instead.
fn field_error(path: &str, message: &str) -> FieldError {
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned();
    let parent = if path == "." { "" } else { path };
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let field = if parent.is_empty() {
            name.to_owned()
        } else {
            format!("{parent}.{name}")
        };
        return FieldError {
            field,
            code: "required".to_owned(),
            message: "is required".to_owned(),
        };
    }
    FieldError {
        field: if parent.is_empty() {
            "body".to_owned()
        } else {
            parent.to_owned()
        },
        code: "invalid".to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        hours: rust_decimal::Decimal,
        work_date: chrono::NaiveDate,
    }

    fn fails(body: &str) -> ApiError {
        parse::<Body>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn names_the_failing_field() {
        let err = fails(r#"{"hours": "2.5", "work_date": "yesterday"}"#);
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.errors[0].field, "work_date");
        assert_eq!(err.errors[0].code, "invalid");
        let err = fails(r#"{"hours": "2.5"}"#);
        assert_eq!(err.errors[0].field, "work_date");
        assert_eq!(err.errors[0].code, "required");
    }

    #[test]
    fn a_nul_anywhere_is_refused_naming_its_field() {
        let err = fails(
            r#"{"hours": "2.5", "work_date": "2026-01-01", "note": {"x": ["a", "b\u0000"]}}"#,
        );
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.errors[0].field, "note.x[1]");
        assert_eq!(err.errors[0].code, "invalid_character");
        // An escaped backslash followed by "u0000" is not a NUL.
        parse::<Body>(br#"{"hours": "2.5", "work_date": "2026-01-01", "n": "\\u0000"}"#).unwrap();
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        let err = fails(r#"{"hours": "#);
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(err.code, ProblemCode::MalformedJson);
    }
}
