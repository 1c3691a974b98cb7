//! HTTP routes by resource. Handlers are thin: extract, call the domain, shape the response.
//! Each module declares its paths once, as constants that both its `configure` (the router)
//! and its handlers' OpenAPI annotations (its `Api`) use. Each resource is registered with
//! [`resource`] so that a known path with an unknown method answers 405 problem+json rather
//! than a bare status.

pub mod alerts;
pub mod analytics;
pub mod audit;
pub mod auth;
pub mod board_members;
pub mod boards;
pub mod budget;
pub mod exchange_rates;
pub mod expenses;
pub mod export;
pub mod forecast;
pub mod health;
pub mod imports;
pub mod me;
pub mod notifications;
pub mod optimizer;
pub mod organizations;
pub mod rates;
pub mod recommendations;
pub mod repricings;
pub mod roi;
pub mod task_cost;
pub mod tasks;
pub mod time_entries;
pub mod timers;
pub mod timesheets;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, HttpRequest, HttpResponse, Resource, ResponseError};
use budget_contract::page::Page;
use serde::Serialize;
use utoipa::openapi::OpenApi as Document;
use utoipa::OpenApi;

use crate::openapi::ApiDoc;
use crate::problem::{ApiError, ProblemCode};

/// What a resource checks before any handler or extractor runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// Nothing: anyone may call it.
    Public,
    /// A token: the caller is authenticated, and on board paths their access settled.
    Token,
    /// Nothing, but calls are limited per client IP (sign-in, registration): see
    /// [`crate::rate_limit`].
    IpLimited,
    /// A token, and calls are limited per user (the optimiser). The caller is authenticated
    /// (and their board access settled) first, so refused callers are not counted.
    UserLimited,
}

/// A resource behind `guard` whose unmatched methods are refused with 405 problem+json.
pub fn resource(
    path: &str,
    guard: Guard,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let authenticated = matches!(guard, Guard::Token | Guard::UserLimited);
    // The last `wrap` runs first.
    web::resource(path)
        .default_service(web::to(method_not_allowed))
        .wrap(Condition::new(authenticated, from_fn(alerts::mark_changed)))
        .wrap(Condition::new(
            guard == Guard::UserLimited,
            from_fn(crate::rate_limit::per_user_optimizer),
        ))
        .wrap(Condition::new(
            guard == Guard::IpLimited,
            from_fn(crate::rate_limit::per_client_ip),
        ))
        .wrap(Condition::new(
            authenticated,
            from_fn(crate::auth::authenticate_first),
        ))
}

async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ProblemCode::MethodNotAllowed,
        format!("{} is not supported on {}", req.method(), req.path()),
    )
    .error_response();
    // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
    if let Some(allowed) = req.match_pattern().and_then(|p| allowed_methods(&p)) {
        response.headers_mut().insert(header::ALLOW, allowed);
    }
    response
}

/// The methods the spec documents for a route pattern (`/api/v1/boards/{board_id}`), comma
/// separated. The spec is checked against the router (tests/api/openapi.rs), so it is the one
/// list of what each path serves.
fn allowed_methods(pattern: &str) -> Option<HeaderValue> {
    static ALLOWED: OnceLock<HashMap<String, HeaderValue>> = OnceLock::new();
    let allowed = ALLOWED.get_or_init(|| {
        ApiDoc::openapi()
            .paths
            .paths
            .into_iter()
            .filter_map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(name, present)| present.then_some(name))
                .collect::<Vec<_>>()
                .join(", ");
                Some((path, HeaderValue::from_str(&methods).ok()?))
            })
            .collect()
    });
    allowed.get(pattern).cloned()
}

/// The answer for any path under /api that no route claims.
pub async fn unknown_route(req: HttpRequest) -> HttpResponse {
    ApiError::not_found(format!("no API route {}", req.path())).error_response()
}

/// Every API route, under /api/v1.
pub fn configure(cfg: &mut web::ServiceConfig) {
    auth::configure(cfg);
    me::configure(cfg);
    notifications::configure(cfg);
    organizations::configure(cfg);
    exchange_rates::configure(cfg);
    boards::configure(cfg);
    board_members::configure(cfg);
    rates::configure(cfg);
    repricings::configure(cfg);
    tasks::configure(cfg);
    task_cost::configure(cfg);
    expenses::configure(cfg);
    budget::configure(cfg);
    alerts::configure(cfg);
    webhooks::configure(cfg);
    time_entries::configure(cfg);
    timers::configure(cfg);
    timesheets::configure(cfg);
    imports::configure(cfg);
    analytics::configure(cfg);
    forecast::configure(cfg);
    roi::configure(cfg);
    optimizer::configure(cfg);
    recommendations::configure(cfg);
    audit::configure(cfg);
}

/// The OpenAPI part of every module [`configure`] registers, relative to `/api/v1`.
pub struct Api;

impl OpenApi for Api {
    fn openapi() -> Document {
        let mut document = auth::Api::openapi();
        for part in [
            me::Api::openapi(),
            notifications::Api::openapi(),
            organizations::Api::openapi(),
            exchange_rates::Api::openapi(),
            boards::Api::openapi(),
            board_members::Api::openapi(),
            rates::Api::openapi(),
            repricings::Api::openapi(),
            tasks::Api::openapi(),
            task_cost::Api::openapi(),
            expenses::Api::openapi(),
            budget::Api::openapi(),
            alerts::Api::openapi(),
            webhooks::Api::openapi(),
            time_entries::Api::openapi(),
            timers::Api::openapi(),
            timesheets::Api::openapi(),
            imports::Api::openapi(),
            analytics::Api::openapi(),
            forecast::Api::openapi(),
            roi::Api::openapi(),
            optimizer::Api::openapi(),
            recommendations::Api::openapi(),
            audit::Api::openapi(),
        ] {
            document.merge(part);
        }
        document
    }
}

pub fn ok<T: Serialize>(body: &T) -> HttpResponse {
    HttpResponse::Ok().json(body)
}

/// `200 OK` with a page of a list. When another page follows, `Link: <…>; rel="next"`
/// (RFC 8288) names it: this request's path and query with the page's `next_cursor` as
/// `cursor`, every other parameter (limit, filters) as the caller sent it.
/// Which time a figure or a list counts: every entry, or only approved ones.
#[derive(Clone, Copy, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimeScope {
    /// Count only approved time (entries in approved weeks); expenses and resource costs count
    /// as they are. Default false.
    #[serde(default)]
    pub approved_only: bool,
}

pub fn page<T: Serialize>(req: &HttpRequest, page: &Page<T>) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    if let Some(link) = page
        .next_cursor
        .as_deref()
        .and_then(|cursor| next_link(req, cursor))
    {
        response.insert_header((header::LINK, link));
    }
    response.json(page)
}

/// The `Link` value naming the page after `cursor`; see [`page`].
fn next_link(req: &HttpRequest, cursor: &str) -> Option<HeaderValue> {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("cursor", cursor);
    for (name, value) in form_urlencoded::parse(req.query_string().as_bytes()) {
        if name != "cursor" {
            query.append_pair(&name, &value);
        }
    }
    HeaderValue::from_str(&format!(
        "<{}?{}>; rel=\"next\"",
        req.path(),
        query.finish()
    ))
    .ok()
}

/// The start of `201 Created` for a new resource that can be read back: `Location` names its
/// URL, `path` relative to `/api/v1` (`/boards/7`).
pub fn created_at(path: &str) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, crate::extract::idempotency::url(path)));
    response
}

pub fn no_content() -> HttpResponse {
    HttpResponse::NoContent().finish()
}
