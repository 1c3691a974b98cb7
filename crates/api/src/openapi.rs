//! The OpenAPI 3.1 document, generated from the handlers' annotations by utoipa.
//!
//! Handlers declare their operation id, a one-line summary (the first paragraph of their doc
//! comment; the rest is the description), their security (`security()` for the public ones),
//! their success responses and the errors particular to them (409, 412, 304). What every route
//! shares is added here by rule, so the spec stays honest without repeating it on each handler:
//! the errors, from what the route has (a token, a body, parameters); what a create that takes
//! `Idempotency-Key` answers on a retry (`Idempotent-Replayed`, and the 422 of a reused key);
//! the description of each path parameter, by its name; the request id every request may send
//! and every answer carries; and each page schema's reference to its item schema.

use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ArrayItems, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::Required;
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::extract::idempotency::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use crate::problem::ProblemCode;
use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Budget & ROI Tracker API",
        description = "Budgets, costs, time and live metrics for project boards. Money, hours and \
            percentages are decimal strings (\"1234.50\"). Errors are RFC 7807 problem+json with \
            a stable `code`; a method a path does not serve answers 405 (`method_not_allowed`) \
            with `Allow`, and a cross-origin request from an origin not allowed 400 \
            (`cors_rejected`). Authenticate with `Authorization: Bearer <token>`: a session token \
            from /auth/login or a personal access token (`brt_…`) from /me/tokens. Every \
            answer carries `X-Request-Id`, the id its log lines are filed under: quote it when \
            reporting a problem.",
        // The contract's own version, semver: a minor step adds or renames, a major step
        // removes. Every change is recorded in CHANGELOG.md.
        version = "0.2.0",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    // Relative: the API is served by the host that serves this document.
    servers((url = "/", description = "The server this document was read from.")),
    // The routes outside the API; the API's own come from its modules, under /api/v1.
    paths(routes::health::healthz, routes::health::readyz, crate::prometheus::metrics),
    nest((path = "/api/v1", api = routes::Api)),
    // Schemas no handler's body or response names (utoipa collects those itself): the problem
    // of the shared error responses, and enums only a query parameter refers to.
    components(schemas(
        budget_contract::problem::Problem,
        budget_contract::problem::FieldError,
        budget_contract::analytics::TaskBreakdownSort,
        budget_contract::webhook::AlertWebhookEvent,
        budget_contract::webhook::RecommendationWebhookEvent,
        budget_contract::webhook::RepricingWebhookEvent
    )),
    modifiers(&SecurityAndErrors, &Webhooks),
    tags(
        (name = "auth", description = "Accounts, sessions and personal access tokens."),
        (name = "organizations", description = "Organisations: their members see their boards."),
        (name = "boards", description = "Boards and their members."),
        (name = "tasks", description = "Tasks of a board."),
        (name = "costs", description = "Estimates, resource costs and expenses of tasks."),
        (name = "rates", description = "Hourly cost and billable rates, dated and layered: task, person on the board, board, person in the organisation, organisation."),
        (name = "time", description = "Time entries: each priced at the rates in force on its work date."),
        (name = "budget", description = "Budgets and live metrics."),
        (name = "alerts", description = "Alert rules on a board's budget, their firings, and each person's notifications of the events they emit."),
        (name = "webhooks", description = "Signed webhooks (Standard Webhooks): endpoints per board or organisation, their deliveries, redelivery. The events sent are declared under `webhooks`."),
        (name = "roi", description = "Return on investment: value snapshots, current ROI, comparisons."),
        (name = "optimizer", description = "The budget optimiser and its recommendations."),
        (name = "audit", description = "The audit trail: who changed what, when, before and after."),
        (name = "health", description = "Liveness, readiness and Prometheus metrics."),
    )
)]
pub struct ApiDoc;

/// The spec as served and as checked in (pretty JSON, trailing newline).
pub fn document_json() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    text.push('\n');
    text
}

struct SecurityAndErrors;

/// The events sent to webhook endpoints, as OpenAPI 3.1 `webhooks` (one per event type, named
/// by its wire name), so integrators can generate their types. utoipa has no `webhooks` field:
/// they are added as a top-level member of the document.
struct Webhooks;

impl Modify for Webhooks {
    fn modify(&self, doc: &mut Document) {
        use budget_contract::alert::EventType;
        let header = |name: &str, description: &str, kind: &str| {
            serde_json::json!({
                "name": name,
                "in": "header",
                "required": true,
                "description": description,
                "schema": { "type": kind },
            })
        };
        let mut hooks = serde_json::Map::new();
        for event in EventType::ALL {
            let (schema, summary) = match event {
                EventType::BudgetThresholdCrossed => (
                    "AlertWebhookEvent",
                    "A money, hours or CPI alert rule fired",
                ),
                EventType::BudgetExhaustionPredicted => (
                    "AlertWebhookEvent",
                    "A days-until-exhausted or exhaustion-before-due-date rule fired",
                ),
                EventType::BudgetOverrunProbable => {
                    ("AlertWebhookEvent", "An overrun-probability rule fired")
                }
                EventType::BudgetExceeded => (
                    "AlertWebhookEvent",
                    "A money rule at 100 % or more fired: the budget is spent",
                ),
                EventType::RecommendationCreated => (
                    "RecommendationWebhookEvent",
                    "The optimiser stored a recommendation",
                ),
                EventType::RecommendationStatusChanged => (
                    "RecommendationWebhookEvent",
                    "A recommendation was accepted, rejected or implemented",
                ),
                EventType::RepricingApplied => (
                    "RepricingWebhookEvent",
                    "A repricing was applied: entries priced again at today's rates",
                ),
                // A notification to admins only, never sent to webhooks.
                EventType::WebhookEndpointDisabled => continue,
            };
            let operation_id = event
                .as_str()
                .split(['.', '_'])
                .enumerate()
                .map(|(i, word)| {
                    let mut chars = word.chars();
                    match (i, chars.next()) {
                        (0, Some(first)) => first.to_string() + chars.as_str(),
                        (_, Some(first)) => {
                            first.to_uppercase().collect::<String>() + chars.as_str()
                        }
                        (_, None) => String::new(),
                    }
                })
                .collect::<String>();
            hooks.insert(
                event.as_str().to_owned(),
                serde_json::json!({
                    "post": {
                        "operationId": format!("{operation_id}Webhook"),
                        "summary": summary,
                        "description": format!(
                            "Sent as a POST to every enabled endpoint of the event's board, and of \
                             its organisation, whose filter takes `{}`. Signed as Standard Webhooks \
                             specifies: verify `webhook-signature` over \
                             `{{webhook-id}}.{{webhook-timestamp}}.{{body}}` with the endpoint's secret, \
                             refuse timestamps more than five minutes off, and de-duplicate on \
                             `webhook-id` (a retry repeats it). Answer 2xx within the timeout \
                             (10 s by default); anything else, a redirect included, is retried \
                             with exponential backoff for up to 24 hours.",
                            event.as_str()
                        ),
                        "tags": ["webhooks"],
                        // The receiver authenticates the request by its signature.
                        "security": [],
                        "parameters": [
                            header("webhook-id", "The event's id (`evt_…`), the same on every retry: de-duplicate on it.", "string"),
                            header("webhook-timestamp", "When this attempt was signed, in seconds since the Unix epoch.", "integer"),
                            header("webhook-signature", "`v1,<base64 HMAC-SHA256>`, space-separated when a rotated-out secret still signs alongside the current one.", "string"),
                        ],
                        "requestBody": {
                            "required": true,
                            "content": {
                                "application/json": {
                                    "schema": { "$ref": format!("#/components/schemas/{schema}") }
                                }
                            }
                        },
                        "responses": {
                            "200": { "description": "Received. Any 2xx status acknowledges the event." }
                        }
                    }
                }),
            );
        }
        doc.extensions
            .get_or_insert_with(Default::default)
            .insert("webhooks".to_owned(), serde_json::Value::Object(hooks));
    }
}

/// The shared error responses, by status: (name, status, description, the codes they carry).
/// The description lists the codes after the text.
const SHARED: &[(&str, &str, &str, &[ProblemCode])] = {
    use ProblemCode::*;
    &[
        ("BadRequest", "400", "The body is not valid JSON", &[MalformedJson, UnreadableBody]),
        ("Unauthenticated", "401", "Missing, expired, tampered or revoked credential", &[Unauthenticated, InvalidCredentials]),
        ("Forbidden", "403", "No access to the board or organisation, a role too low, another person's time entry or expense, or a read-only token used to write", &[BoardAccessDenied, OrganizationAccessDenied, InsufficientRole, NotEntryAuthor, NotLoggingForOthers, InsufficientScope]),
        ("NotFound", "404", "No such resource", &[NotFound]),
        ("RequestTimeout", "408", "The body did not arrive in time", &[RequestTimeout]),
        ("PayloadTooLarge", "413", "The body is larger than the server accepts", &[PayloadTooLarge]),
        ("UnsupportedMediaType", "415", "The body is not `application/json`", &[UnsupportedMediaType]),
        ("ValidationFailed", "422", "Invalid fields, each listed in `errors`", &[ValidationFailed]),
        ("RateLimited", "429", "Too many calls: sign-in and registration per client IP (an IPv6 client per /64), repeated failed sign-ins per account, optimiser calls per user; retry after `Retry-After` seconds", &[RateLimited]),
        ("InternalError", "500", "An unexpected error, logged on the server", &[InternalError]),
        ("Unavailable", "503", "The database is unreachable, or the server is at capacity checking passwords (sign-in, registration); retry, after `Retry-After` seconds when sent", &[DatabaseUnavailable, ServerBusy]),
    ]
};

/// `text (`code`, `code`).`
fn with_codes(text: &str, codes: &[ProblemCode]) -> String {
    let codes = codes
        .iter()
        .map(|code| format!("`{code}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{text} ({codes}).")
}

impl Modify for SecurityAndErrors {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT session token or brt_ personal access token")
                    .build(),
            ),
        );
        for (name, status, text, codes) in SHARED {
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build();
            let mut response = ResponseBuilder::new()
                .description(with_codes(text, codes))
                .content(crate::problem::CONTENT_TYPE, content);
            if *status == "429" || *status == "503" {
                response = response.header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(
                            ObjectBuilder::new()
                                .schema_type(Type::Integer)
                                .minimum(Some(1)),
                        )
                        .description(Some("Seconds until a call will be accepted again."))
                        .build(),
                );
            }
            components
                .responses
                .insert((*name).to_owned(), RefOr::T(response.build()));
        }
        components
            .responses
            .insert(KEY_REFUSED.to_owned(), RefOr::T(key_refused_response()));
        for response in components.responses.values_mut() {
            if let RefOr::T(response) = response {
                add_request_id_header(response);
            }
        }
        link_page_items(components);
        for (path, item) in doc.paths.paths.iter_mut() {
            let has_path_params = path.contains('{');
            let signs_in = path.ends_with("/auth/login");
            // The routes behind a rate limit (crate::rate_limit).
            let rate_limited = path.ends_with("/auth/login")
                || path.ends_with("/auth/register")
                || path.ends_with("/auth/password-reset")
                || path.contains("/budget/ai/");
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                declare_replays(operation);
                add_shared_errors(operation, has_path_params, signs_in, rate_limited);
                describe_path_parameters(operation);
                add_request_id(operation);
            }
        }
    }
}

fn add_shared_errors(
    operation: &mut Operation,
    has_path_params: bool,
    signs_in: bool,
    rate_limited: bool,
) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = operation.request_body.is_some();
    let has_query = operation.parameters.as_ref().is_some_and(|params| {
        params
            .iter()
            .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query))
    });
    let wanted = |name: &str| match name {
        "BadRequest" | "RequestTimeout" | "PayloadTooLarge" | "UnsupportedMediaType" => has_body,
        "ValidationFailed" => has_body || has_query,
        "Unauthenticated" => secured || signs_in,
        "Forbidden" => secured,
        "NotFound" => has_path_params,
        "RateLimited" => rate_limited,
        // Any route may fail unexpectedly or find the database away.
        _ => true,
    };
    for (name, status, _, _) in SHARED {
        if wanted(name) && !operation.responses.responses.contains_key(*status) {
            operation.responses.responses.insert(
                (*status).to_owned(),
                RefOr::Ref(Ref::from_response_name(*name)),
            );
        }
    }
}

/// The 422 of an operation that takes `Idempotency-Key`.
const KEY_REFUSED: &str = "ValidationFailedOrKeyReused";

fn key_refused_response() -> Response {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build();
    ResponseBuilder::new()
        .description(format!(
            "Invalid fields, each listed in `errors` (`{}`); among them `Idempotency-Key`, \
             `invalid` (not 1 to {} printable characters) or `reused` (already used within {} \
             hours for a different request).",
            ProblemCode::ValidationFailed,
            budget_contract::limits::IDEMPOTENCY_KEY_CHARS,
            budget_contract::limits::IDEMPOTENCY_HOURS,
        ))
        .content(crate::problem::CONTENT_TYPE, content)
        .build()
}

/// An operation that takes `Idempotency-Key` may answer a retry with its first answer, marked
/// `Idempotent-Replayed`, and refuses a key reused for another request (422).
fn declare_replays(operation: &mut Operation) {
    let takes_key = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p.parameter_in, ParameterIn::Header) && p.name == IDEMPOTENCY_KEY);
    if !takes_key {
        return;
    }
    for (status, response) in &mut operation.responses.responses {
        if let (true, RefOr::T(response)) = (status.starts_with('2'), response) {
            let header: Header = HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(["true"])),
                )
                .description(Some(
                    "`true` when this is the remembered answer to an earlier request with the \
                     same `Idempotency-Key`: the same status, body and `Location`, and nothing \
                     was done again. A replay carries no `ETag`: read the resource for its \
                     current version.",
                ))
                .build();
            response
                .headers
                .insert(IDEMPOTENT_REPLAYED.to_owned(), header);
        }
    }
    operation.responses.responses.insert(
        "422".to_owned(),
        RefOr::Ref(Ref::from_response_name(KEY_REFUSED)),
    );
}

/// What each path parameter names, by its name: every route names its ids the same way.
const PATH_PARAMETERS: &[(&str, &str)] = &[
    ("board_id", "The board's id."),
    ("task_id", "The id of a task of the board."),
    ("entry_id", "The time entry's id."),
    ("expense_id", "The expense's id."),
    ("recommendation_id", "The recommendation's id."),
    ("snapshot_id", "The id of an ROI snapshot of the board."),
    (
        "token_id",
        "The id of one of the caller's personal access tokens.",
    ),
    ("org_id", "The organisation's id."),
    ("user_id", "The user id of a member of the board."),
    ("member_id", "The user id of a member of the organisation."),
    (
        "invitation_id",
        "The id of an invitation of the organisation.",
    ),
    ("repricing_id", "The id of a repricing of the board."),
    ("import_id", "The id of an import of time entries into the board."),
    ("scenario_id", "The id of a saved what-if scenario of the board."),
    ("rule_id", "The id of an alert rule of the board."),
    ("notification_id", "The id of one of the caller's notifications."),
    ("webhook_id", "The id of a webhook endpoint of the board or organisation."),
    ("event_id", "An event's id (`evt_…`), as sent in `webhook-id`."),
    ("rate_id", "The id of a stored rate: an hourly rate of the board or organisation, or an exchange rate of the organisation."),
];

/// Gives each path parameter without a description of its own the one its name has.
fn describe_path_parameters(operation: &mut Operation) {
    for parameter in operation.parameters.iter_mut().flatten() {
        if !matches!(parameter.parameter_in, ParameterIn::Path) || parameter.description.is_some() {
            continue;
        }
        parameter.description = PATH_PARAMETERS
            .iter()
            .find(|(name, _)| *name == parameter.name)
            .map(|(_, text)| (*text).to_owned());
    }
}

/// The header that names a request in the server's logs (`crate::observability`).
const REQUEST_ID: &str = "X-Request-Id";

/// Every request may name itself; the server then files its log lines under that id.
fn add_request_id(operation: &mut Operation) {
    let parameter: Parameter = ParameterBuilder::new()
        .name(REQUEST_ID)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "An id for this request, echoed in the answer's `X-Request-Id` and logged with it: \
             1 to 64 letters, digits, `-`, `_`, `.` or `:`. Any other value is replaced by an \
             id the server makes.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build();
    operation
        .parameters
        .get_or_insert_with(Vec::new)
        .push(parameter);
    for response in operation.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            add_request_id_header(response);
        }
    }
}

/// Every answer names its request, whether the client sent the id or the server made it.
fn add_request_id_header(response: &mut Response) {
    let header: Header = HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::String))
        .description(Some(
            "The id of this request in the server's logs: the one the client sent in \
             `X-Request-Id` when usable, else one the server made.",
        ))
        .build();
    response.headers.insert(REQUEST_ID.to_owned(), header);
}

/// A page of a list (`Page<Item>`, named `Page_Item`) refers to its item's schema instead of
/// holding a copy of it, so a generated client has one type per item, whichever list it came
/// from.
fn link_page_items(components: &mut utoipa::openapi::Components) {
    let pages: Vec<String> = components
        .schemas
        .keys()
        .filter(|name| {
            name.strip_prefix("Page_")
                .is_some_and(|item| components.schemas.contains_key(item))
        })
        .cloned()
        .collect();
    for page in pages {
        let item = page.trim_start_matches("Page_");
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&page) {
            if let Some(RefOr::T(Schema::Array(items))) = object.properties.get_mut("items") {
                items.items =
                    ArrayItems::RefOrSchema(Box::new(RefOr::Ref(Ref::from_schema_name(item))));
            }
        }
    }
}
