//! Logs, and what every request passes through on its way in and out: its id, its log span and
//! line, its metrics, the security headers, and the request id in problem+json bodies.
//!
//! Logs go through `tracing`: readable lines by default, JSON for log pipelines. `RUST_LOG`
//! overrides the default level.
//!
//! The request id is the caller's `X-Request-Id` when it is a sensible token (1–64 characters
//! of `A–Z a–z 0–9 - _ . :`), else a fresh UUID v4. It is a field of the request's root span (so
//! every log line of the request carries it, in JSON logs as `request_id`), is echoed as
//! `X-Request-Id` on the response, and is the `request_id` member of any problem+json body.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, ResponseError};
use budget_contract::problem::Problem;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId as GeneratedId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

use crate::configuration::LogFormat;
use crate::problem::{ApiError, ProblemCode, CONTENT_TYPE as PROBLEM_CONTENT_TYPE};
use crate::state::AppState;

/// Starts logging in `format`.
pub fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // A second init (tests start many apps in one process) is harmless: try_init just fails.
    let _ = if format == LogFormat::Json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, in the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// An incoming id is kept only when it cannot smuggle anything into logs or headers.
fn acceptable(candidate: &str) -> bool {
    (1..=64).contains(&candidate.len())
        && candidate
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// The root span of every request: tracing-actix-web's fields, with our request id.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let incoming = request
            .headers()
            .get(&REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .filter(|value| acceptable(value))
            .map(str::to_owned);
        // TracingLogger has just put a fresh UUID in the extensions; use it when the caller
        // sent no usable id of their own.
        let generated = request
            .extensions()
            .get::<GeneratedId>()
            .map(ToString::to_string);
        let id = incoming
            .or(generated)
            .unwrap_or_else(|| "unknown".to_owned());
        request.extensions_mut().insert(RequestId(id.clone()));
        let connection = request.connection_info().clone();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %request.match_pattern().unwrap_or_else(|| crate::prometheus::UNMATCHED_ROUTE.to_owned()),
            http.target = %request.uri().path_and_query().map_or("", |p| p.as_str()),
            http.client_ip = %connection.realip_remote_addr().unwrap_or(""),
            http.user_agent = %request
                .headers()
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
            request_id = %id,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// App-wide middleware, inside the root span: turns a stray error into a response, converts a
/// CORS refusal to problem+json, puts the request id in problem bodies and the
/// `X-Request-Id` header, adds the security headers, counts the request and logs one line.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    // Taken now: the request cannot be cloned before routing (the router needs it unshared).
    let method = req.method().clone();
    let path = req.path().to_owned();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.clone())
        .unwrap_or_default();
    let mut response = match next.call(req).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(err) => {
            // Services answer errors as responses; an error escaping them is rendered by the
            // server itself. Count it at least.
            let status = err.as_response_error().status_code();
            if let Some(metrics) = state.as_ref().and_then(|s| s.metrics.as_ref()) {
                metrics.observe_request(&method, None, status, started.elapsed());
            }
            tracing::warn!(status = status.as_u16(), error = %err, "request failed");
            return Err(err);
        }
    };
    let cors_refusal = response
        .response()
        .error()
        .and_then(|err| err.as_error::<actix_cors::CorsError>())
        .map(ToString::to_string);
    if let Some(reason) = cors_refusal {
        let problem = ApiError::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            ProblemCode::CorsRejected,
            format!("cross-origin request refused: {reason}"),
        );
        let (request, _) = response.into_parts();
        response = ServiceResponse::new(request, problem.error_response());
    }
    if is_problem(&response) {
        response = with_request_id(response, &request_id);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    if let Some(state) = &state {
        state.security.apply(&path, response.headers_mut());
    }
    let elapsed = started.elapsed();
    let route = response.request().match_pattern();
    let status = response.status();
    if let Some(metrics) = state.as_ref().and_then(|state| state.metrics.as_ref()) {
        metrics.observe_request(&method, route.as_deref(), status, elapsed);
    }
    let latency_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    if matches!(path.as_str(), "/healthz" | "/readyz" | "/metrics") {
        tracing::debug!(status = status.as_u16(), latency_ms, "request served");
    } else {
        tracing::info!(status = status.as_u16(), latency_ms, "request served");
    }
    Ok(response)
}

fn is_problem(response: &ServiceResponse<BoxBody>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == PROBLEM_CONTENT_TYPE.as_bytes())
}

/// Adds `request_id` to a problem+json body. Problems are small and in memory; a body that is
/// not (or is not a problem) is left as it is.
fn with_request_id(
    response: ServiceResponse<BoxBody>,
    request_id: &str,
) -> ServiceResponse<BoxBody> {
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let body = match body.try_into_bytes() {
        Ok(bytes) => match serde_json::from_slice::<Problem>(&bytes) {
            Ok(mut problem) => {
                problem.request_id = Some(request_id.to_owned());
                match serde_json::to_vec(&problem) {
                    Ok(json) => BoxBody::new(json),
                    Err(_) => BoxBody::new(bytes),
                }
            }
            Err(_) => BoxBody::new(bytes),
        },
        Err(body) => body,
    };
    ServiceResponse::new(request, head.set_body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_are_taken_from_the_caller() {
        assert!(acceptable("3f2c9a6e-1b2d-4c8e-9f00-123456789abc"));
        assert!(acceptable("lb-7:abc.def_1"));
        assert!(!acceptable(""));
        assert!(!acceptable(&"a".repeat(65)));
        assert!(!acceptable("id with spaces"));
        assert!(!acceptable("id\r\ninjected: yes"));
        assert!(!acceptable("<script>"));
    }
}
