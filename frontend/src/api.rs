//! The API client: one typed function per HTTP verb over the contract's wire types.
//!
//! Paths are relative to `/api/v1` on the same origin (`get("/boards")`). Every request carries
//! `Authorization: Bearer <session token>` when signed in, and bypasses the browser's HTTP cache
//! (figures must be live; conditional requests are made explicitly with [`get_fresh`]).
//!
//! Errors come back as [`ApiError`]: the status, the RFC 7807 problem when the server sent one,
//! and a message for people. A 401 to a signed-in request means the session expired: the session
//! is cleared and the app goes to `/login?expired=1`. Nothing here panics on a bad answer.

use std::fmt;

use budget_contract::problem::Problem;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::RequestCache;

use crate::session;

const BASE: &str = "/api/v1";

/// What went wrong with a request.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status; 0 when no answer arrived (network down, server not running) or the
    /// answer could not be read.
    pub status: u16,
    /// The problem+json body, when the server sent one.
    /// Boxed: a problem is large and errors travel in every `Result`.
    pub problem: Option<Box<Problem>>,
    /// For people: the problem's detail (else its title), or what failed on our side.
    pub message: String,
}

impl ApiError {
    /// The message of the validation error of one request field (`"warning_threshold"`), as the
    /// API wrote it; `None` when that field did not fail.
    /// Whether the API named failing fields (shown beside them rather than as a notice).
    pub fn has_field_errors(&self) -> bool {
        self.problem.as_ref().is_some_and(|p| !p.errors.is_empty())
    }

    pub fn field(&self, name: &str) -> Option<String> {
        self.problem.as_ref().and_then(|problem| {
            problem
                .errors
                .iter()
                .find(|error| error.field == name)
                .map(|error| error.message.clone())
        })
    }

    /// The problem's machine-readable `code` (`validation_failed`, `precondition_failed`, …).
    pub fn code(&self) -> Option<&str> {
        self.problem.as_ref().map(|problem| problem.code.as_str())
    }

    /// A validation error found before sending (an amount that is not a number), shaped like
    /// the API's `validation_failed` so [`crate::components::FieldError`] shows it the same way.
    pub fn local(field: &str, message: &str) -> Self {
        let problem = serde_json::from_value::<Problem>(serde_json::json!({
            "type": "urn:budget-roi:problem:validation_failed",
            "title": "Validation failed",
            "status": 422,
            "detail": "Check the marked fields.",
            "code": "validation_failed",
            "errors": [{ "field": field, "code": "invalid", "message": message }],
        }))
        .ok()
        .map(Box::new);
        Self {
            status: 0,
            problem,
            message: "Check the marked fields.".to_owned(),
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }

    fn network(error: impl fmt::Display) -> Self {
        Self {
            status: 0,
            problem: None,
            message: format!(
                "Could not reach the server ({error}). Check your connection and try again."
            ),
        }
    }

    fn unreadable(status: u16, error: impl fmt::Display) -> Self {
        Self {
            status,
            problem: None,
            message: format!("The server's answer could not be read ({error})."),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// A response body with the `ETag` it came with.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged<T> {
    pub value: T,
    pub etag: Option<String>,
}

/// The answer to a conditional GET.
#[derive(Clone, Debug, PartialEq)]
pub enum Fresh<T> {
    /// 200: new data and its ETag.
    Changed(Tagged<T>),
    /// 304: nothing changed since the ETag sent.
    Unchanged,
}

/// Whether a request carries the session token (everything but sign-in and registration).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Auth {
    Session,
    Anonymous,
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

fn prepare(builder: RequestBuilder, auth: Auth) -> RequestBuilder {
    let builder = builder
        .cache(RequestCache::NoStore)
        .header("Accept", "application/json, application/problem+json");
    match (auth, session::token()) {
        (Auth::Session, Some(token)) => builder.header("Authorization", &format!("Bearer {token}")),
        _ => builder,
    }
}

/// Sends a request without a body.
async fn send(builder: RequestBuilder, auth: Auth) -> Result<Response, ApiError> {
    let had_token = auth == Auth::Session && session::token().is_some();
    let response = prepare(builder, auth)
        .send()
        .await
        .map_err(ApiError::network)?;
    check(response, auth, had_token).await
}

/// Sends a request with a JSON body.
async fn send_json<B: Serialize>(
    builder: RequestBuilder,
    body: &B,
    auth: Auth,
) -> Result<Response, ApiError> {
    let had_token = auth == Auth::Session && session::token().is_some();
    let request = prepare(builder, auth)
        .json(body)
        .map_err(|error| ApiError::unreadable(0, error))?;
    let response = request.send().await.map_err(ApiError::network)?;
    check(response, auth, had_token).await
}

/// Turns a non-2xx (and non-304) answer into an [`ApiError`]; handles an expired session.
async fn check(response: Response, auth: Auth, had_token: bool) -> Result<Response, ApiError> {
    let status = response.status();
    if (200..300).contains(&status) || status == 304 {
        return Ok(response);
    }
    let text = response.text().await.unwrap_or_default();
    let problem = serde_json::from_str::<Problem>(&text).ok().map(Box::new);
    let message = match &problem {
        Some(problem) => problem
            .detail
            .clone()
            .filter(|detail| !detail.is_empty())
            .unwrap_or_else(|| problem.title.clone()),
        None => default_message(status),
    };
    if status == 401 && auth == Auth::Session {
        if had_token {
            session::expire();
            return Err(ApiError {
                status,
                problem,
                message: "Your session has expired — sign in again.".to_owned(),
            });
        }
        session::navigate_to("/login");
    }
    Err(ApiError {
        status,
        problem,
        message,
    })
}

fn default_message(status: u16) -> String {
    match status {
        400 => "The request was not valid.".to_owned(),
        401 => "Please sign in.".to_owned(),
        403 => "You are not allowed to do that.".to_owned(),
        404 => "Not found.".to_owned(),
        409 => "That conflicts with the current state; reload and try again.".to_owned(),
        412 => "Someone else changed this since you opened it — reload to see their version."
            .to_owned(),
        500..=599 => format!("The server failed (HTTP {status}). Try again in a moment."),
        _ => format!("The request failed (HTTP {status})."),
    }
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    // Through text so an empty body reads as `null` (for `()` and `Option` targets).
    let text = response
        .text()
        .await
        .map_err(|error| ApiError::unreadable(status, error))?;
    let text = if text.trim().is_empty() {
        "null"
    } else {
        &text
    };
    serde_json::from_str(text).map_err(|error| ApiError::unreadable(status, error))
}

fn etag_of(response: &Response) -> Option<String> {
    response.headers().get("etag")
}

/// `GET /api/v1{path}` → `T`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read_json(send(Request::get(&url(path)), Auth::Session).await?).await
}

/// `GET` → `T` with the response's `ETag` (the budget, to send back as `If-Match`).
pub async fn get_tagged<T: DeserializeOwned>(path: &str) -> Result<Tagged<T>, ApiError> {
    let response = send(Request::get(&url(path)), Auth::Session).await?;
    let etag = etag_of(&response);
    Ok(Tagged {
        value: read_json(response).await?,
        etag,
    })
}

/// A conditional `GET` with `If-None-Match: etag` (the metrics poll): [`Fresh::Unchanged`] on 304.
pub async fn get_fresh<T: DeserializeOwned>(
    path: &str,
    etag: Option<&str>,
) -> Result<Fresh<T>, ApiError> {
    let mut builder = Request::get(&url(path));
    if let Some(etag) = etag {
        builder = builder.header("If-None-Match", etag);
    }
    let response = send(builder, Auth::Session).await?;
    if response.status() == 304 {
        return Ok(Fresh::Unchanged);
    }
    let etag = etag_of(&response);
    Ok(Fresh::Changed(Tagged {
        value: read_json(response).await?,
        etag,
    }))
}

/// `GET` of a text body (CSV exports).
pub async fn get_text(path: &str) -> Result<String, ApiError> {
    let response = send(Request::get(&url(path)), Auth::Session).await?;
    let status = response.status();
    response
        .text()
        .await
        .map_err(|error| ApiError::unreadable(status, error))
}

/// `POST` a JSON body → `T`.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    read_json(send_json(Request::post(&url(path)), body, Auth::Session).await?).await
}

/// `POST` with an `Idempotency-Key`, for writes a person may submit twice (time entries).
pub async fn post_idempotent<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    idempotency_key: &str,
) -> Result<T, ApiError> {
    let builder = Request::post(&url(path)).header("Idempotency-Key", idempotency_key);
    read_json(send_json(builder, body, Auth::Session).await?).await
}

/// `POST` without a body (the optimiser's operations).
pub async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read_json(send(Request::post(&url(path)), Auth::Session).await?).await
}

/// `POST` without the session token and without the expired-session redirect: sign-in and
/// registration, where a 401 means wrong credentials.
pub async fn post_anonymous<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    read_json(send_json(Request::post(&url(path)), body, Auth::Anonymous).await?).await
}

/// `PUT` a JSON body → `T`.
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    read_json(send_json(Request::put(&url(path)), body, Auth::Session).await?).await
}

/// `PUT` with `If-Match: etag` (optimistic concurrency; 412 when someone else changed it) → the
/// new value and its ETag. Without an ETag, a plain `PUT` (creation).
pub async fn put_if_match<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    etag: Option<&str>,
) -> Result<Tagged<T>, ApiError> {
    let mut builder = Request::put(&url(path));
    if let Some(etag) = etag {
        builder = builder.header("If-Match", etag);
    }
    let response = send_json(builder, body, Auth::Session).await?;
    let etag = etag_of(&response);
    Ok(Tagged {
        value: read_json(response).await?,
        etag,
    })
}

/// `PATCH` a JSON body → `T`.
pub async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    read_json(send_json(Request::patch(&url(path)), body, Auth::Session).await?).await
}

/// `DELETE` (204 expected).
pub async fn delete(path: &str) -> Result<(), ApiError> {
    send(Request::delete(&url(path)), Auth::Session).await?;
    Ok(())
}

/// Percent-encodes a query value (`?email=a+b@x`): letters, digits and `-_.~` stay.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_finds_the_message_of_a_failing_field() {
        // From JSON, as the server sends it (and robust to fields the contract may add).
        let problem: Problem = serde_json::from_str(
            r#"{"type": "urn:budget-roi:problem:validation_failed", "title": "Validation failed",
                "status": 422, "code": "validation_failed",
                "errors": [{"field": "warning_threshold", "code": "out_of_range",
                            "message": "must be below the critical threshold"}]}"#,
        )
        .unwrap();
        let error = ApiError {
            status: 422,
            problem: Some(Box::new(problem)),
            message: "Validation failed".into(),
        };
        assert_eq!(
            error.field("warning_threshold").as_deref(),
            Some("must be below the critical threshold")
        );
        assert_eq!(error.field("currency"), None);
        assert_eq!(error.code(), Some("validation_failed"));
        let local = ApiError::local("allocated_budget", "Enter an amount like 50000.00.");
        assert_eq!(
            local.field("allocated_budget").as_deref(),
            Some("Enter an amount like 50000.00.")
        );
    }

    #[test]
    fn encode_escapes_reserved_characters() {
        assert_eq!(encode("a b+c@d.e"), "a%20b%2Bc%40d.e");
        assert_eq!(encode("2026-11-25"), "2026-11-25");
    }
}
