//! `Idempotency-Key` at the HTTP edge: every create reads the key here, and a retried create
//! is answered here with the first answer (the rule itself is `budget_domain::idempotency`).
//!
//! A handler builds its [`Idempotent`] with [`created`] (201 with `Location`) or [`answered`]
//! (200), passes it to its domain function, and shapes the outcome with [`respond`].

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use budget_contract::limits::{IDEMPOTENCY_HOURS, IDEMPOTENCY_KEY_CHARS};
use budget_contract::problem::FieldError;
use budget_domain::idempotency::{Created, Idempotent};
use serde::Serialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::Required;

use crate::problem::{ApiError, ApiResult};

pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";

/// Where the API's resources are addressed.
const API_ROOT: &str = "/api/v1";

/// A resource's URL from its path relative to the API root (`/boards/7` → `/api/v1/boards/7`).
pub fn url(path: &str) -> String {
    format!("{API_ROOT}{path}")
}

/// The key sent with the request, trimmed, if any; 422 if it is not text.
fn idempotency_key(req: &HttpRequest) -> ApiResult<Option<String>> {
    match req.headers().get(IDEMPOTENCY_KEY) {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .map(|v| Some(v.trim().to_owned()))
            .map_err(|_| {
                ApiError::validation(vec![FieldError {
                    field: IDEMPOTENCY_KEY.to_owned(),
                    code: "invalid".to_owned(),
                    message: "must be printable ASCII".to_owned(),
                }])
            }),
    }
}

/// A create answered `201 Created`, its `Location` the URL of `path(created)` (relative to the
/// API root): idempotent when the request carries a key (the request is its method, path and
/// `body`), else `None`.
pub fn created<T: Serialize>(
    req: &HttpRequest,
    user_id: i64,
    body: &impl Serialize,
    path: impl Fn(&T) -> String + Send + Sync + 'static,
) -> ApiResult<Option<Idempotent<T>>> {
    keyed(req, user_id, body, StatusCode::CREATED, move |created| {
        Some(url(&path(created)))
    })
}

/// A POST answered `200 OK` (what it makes has no URL of its own): idempotent when the request
/// carries a key, else `None`.
pub fn answered<T: Serialize>(
    req: &HttpRequest,
    user_id: i64,
    body: &impl Serialize,
) -> ApiResult<Option<Idempotent<T>>> {
    keyed(req, user_id, body, StatusCode::OK, |_| None)
}

fn keyed<T: Serialize>(
    req: &HttpRequest,
    user_id: i64,
    body: &impl Serialize,
    status: StatusCode,
    locate: impl Fn(&T) -> Option<String> + Send + Sync + 'static,
) -> ApiResult<Option<Idempotent<T>>> {
    let Some(key) = idempotency_key(req)? else {
        return Ok(None);
    };
    // Relative to the API root, as the request was always named.
    let path = req.path().strip_prefix(API_ROOT).unwrap_or(req.path());
    let request = format!("{} {path}", req.method());
    Ok(Some(Idempotent::new(
        user_id,
        &key,
        &request,
        body,
        status.as_u16(),
        locate,
    )?))
}

/// The answer to a create: `fresh` shapes a new resource; a replay is the remembered answer
/// (status, body and `Location`) with `Idempotent-Replayed: true`.
pub fn respond<T>(outcome: Created<T>, fresh: impl FnOnce(T) -> HttpResponse) -> HttpResponse {
    match outcome {
        Created::New(created) => fresh(created),
        Created::Replayed(replay) => {
            let status = StatusCode::from_u16(replay.status).unwrap_or(StatusCode::CREATED);
            let mut response = HttpResponse::build(status);
            response.insert_header((IDEMPOTENT_REPLAYED, "true"));
            if let Some(location) = replay.location {
                response.insert_header((header::LOCATION, location));
            }
            response
                .content_type(mime::APPLICATION_JSON)
                .body(replay.body)
        }
    }
}

/// The `Idempotency-Key` parameter in the OpenAPI document, described once for every create
/// that takes it (`params(IdempotencyKeyHeader)` in a handler's annotation).
pub struct IdempotencyKeyHeader;

impl utoipa::IntoParams for IdempotencyKeyHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let description = format!(
            "Makes a retry safe: 1 to {IDEMPOTENCY_KEY_CHARS} printable characters, chosen by the \
             caller (a UUID does). The same key with the same request (method, path and body) \
             within {IDEMPOTENCY_HOURS} hours is answered with the first answer (its status, \
             body and `Location`, with `Idempotent-Replayed: true`), and nothing is created \
             again; with a different request it is refused (422, `Idempotency-Key` `reused`). \
             Keys are the caller's own: another caller's key never meets theirs. A request that \
             failed leaves no trace, so a corrected retry may use the same key; after \
             {IDEMPOTENCY_HOURS} hours a key is new again."
        );
        vec![ParameterBuilder::new()
            .name(IDEMPOTENCY_KEY)
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(description))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(IDEMPOTENCY_KEY_CHARS)),
            ))
            .build()]
    }
}
