//! The API client: one typed function per endpoint over the contract's wire types, so every
//! path the web app calls is written here and nowhere else.
//!
//! Paths are relative to `/api/v1` on the same origin. Every request carries
//! `Authorization: Bearer <session token>` when signed in, and bypasses the browser's HTTP cache
//! (figures must be live; the metrics poll makes its conditional request explicitly with
//! [`metrics_if_changed`]).
//!
//! Errors come back as [`ApiError`]: the status, the RFC 7807 problem when the server sent one,
//! and a message for people. A 401 to a signed-in request means the session expired: the session
//! is cleared and the app goes to `/login?expired=1`. Nothing here panics on a bad answer.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use budget_contract::alert::{
    AlertFiring, AlertRule, AlertRuleUpdate, MarkedRead, NewAlertRule, Notification, UnreadCount,
};
use budget_contract::analytics::{Analytics, TaskBreakdown, TaskBreakdownSort};
use budget_contract::audit::AuditEvent;
use budget_contract::auth::{
    ApiToken, CreatedApiToken, LoginRequest, NewApiToken, RegisterRequest, Session, User,
};
use budget_contract::board::{Board, BoardInput, Member, MemberUpdate, NewMember};
use budget_contract::budget::{Budget, BudgetInput};
use budget_contract::exchange_rate::{
    ExchangeRate, ExchangeRateFile, ExchangeRateImport, NewExchangeRate,
};
use budget_contract::expense::{Expense, ExpensePatch, NewExpense};
use budget_contract::forecast::{Calibration, Forecast, ForecastSnapshot};
use budget_contract::import::{ImportOptions, ImportReport};
use budget_contract::metrics::BudgetMetrics;
use budget_contract::optimizer::{
    BudgetAnalysis, CostPattern, OverrunPrediction, PatternReport, Recommendation,
    RecommendationActionInput, RecommendationBatch, RecommendationStatus, RecommendationType,
    ResourcePlan,
};
use budget_contract::organization::OrgMember;
use budget_contract::page::{Page, MAX_PAGE_SIZE};
use budget_contract::problem::{Problem, ProblemCode};
use budget_contract::rate::{NewRate, Rate, RatesInForce};
use budget_contract::repricing::{Repricing, RepricingPreview, RepricingRequest};
use budget_contract::roi::{CurrentRoi, NewRoiSnapshot, RoiComparison, RoiSnapshot};
use budget_contract::scenario::{
    NewScenario, SavedScenario, SavedScenarioResult, ScenarioComparison, ScenarioEvaluation,
    ScenarioInput, ScenarioResult,
};
use budget_contract::task::{Task, TaskInput, TaskStatus};
use budget_contract::task_cost::{TaskCost, TaskCostInput};
use budget_contract::time_entry::{NewTimeEntry, TimeEntry, TimeEntryPatch};
use budget_contract::timer::{CurrentTimer, StartedTimer, StoppedTimer, TimerStart};
use budget_contract::timesheet::{
    Timesheet, TimesheetAction, TimesheetInput, TimesheetStatus, TimesheetWeek,
};
use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::RequestCache;

use crate::requests::Fetch;
use crate::session::{self, use_refresh};
use crate::text::text;
use crate::url::QueryString;

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
    /// Whether the API named failing fields (shown beside them rather than as a notice).
    pub fn has_field_errors(&self) -> bool {
        self.problem.as_ref().is_some_and(|p| !p.errors.is_empty())
    }

    /// The message of the validation error of one request field (`"warning_threshold"`), as the
    /// API wrote it; `None` when that field did not fail.
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

    /// The problem's code as the contract knows it; `None` for no problem body or a code this
    /// build does not know (a newer server's).
    pub fn problem_code(&self) -> Option<ProblemCode> {
        self.code()?.parse().ok()
    }

    /// Validation errors found before sending (an amount that is not a number), one message per
    /// field, shaped like the API's `validation_failed` problem so
    /// [`crate::components::FieldError`] shows them beside their fields the same way. (Built
    /// through serde so that fields the contract adds to `Problem` later keep their defaults.)
    pub fn local<'a, M: Into<String>>(fields: impl IntoIterator<Item = (&'a str, M)>) -> Self {
        let errors: Vec<serde_json::Value> = fields
            .into_iter()
            .map(|(field, message)| {
                serde_json::json!({ "field": field, "code": "invalid", "message": message.into() })
            })
            .collect();
        let code = ProblemCode::ValidationFailed.as_str();
        let words = &text().messages;
        let problem = serde_json::from_value::<Problem>(serde_json::json!({
            "type": format!("urn:budget-roi:problem:{code}"),
            "title": words.validation_failed_title,
            "status": 422,
            "detail": words.check_marked_fields,
            "code": code,
            "errors": errors,
        }))
        .ok()
        .map(Box::new);
        Self {
            status: 0,
            problem,
            message: words.check_marked_fields.to_owned(),
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }

    fn network(error: impl fmt::Display) -> Self {
        Self {
            status: 0,
            problem: None,
            message: (text().messages.server_unreachable)(&error.to_string()),
        }
    }

    fn unreadable(status: u16, error: impl fmt::Display) -> Self {
        Self {
            status,
            problem: None,
            message: (text().messages.answer_unreadable)(&error.to_string()),
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

/// One request to the API: everything the transport needs, owned, so that sending it is one
/// future for every endpoint.
struct Call {
    method: Method,
    /// Under [`BASE`], with its query.
    path: String,
    auth: Auth,
    /// At most one condition or key: `If-Match`, `If-None-Match` or `Idempotency-Key`.
    header: Option<(&'static str, String)>,
    /// The body and its content type.
    body: Option<(&'static str, String)>,
    /// Why the body could not be written, if it could not.
    unwritable: Option<ApiError>,
}

impl Call {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            auth: Auth::Session,
            header: None,
            body: None,
            unwritable: None,
        }
    }

    fn anonymous(mut self) -> Self {
        self.auth = Auth::Anonymous;
        self
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.header = Some((name, value.into()));
        self
    }

    /// With `body` as JSON; a body that cannot be written is the caller's error, answered
    /// without sending anything.
    fn json<B: Serialize>(mut self, body: &B) -> Self {
        match serde_json::to_string(body) {
            Ok(json) => self.body = Some(("application/json", json)),
            Err(error) => self.unwritable = Some(ApiError::unreadable(0, error)),
        }
        self
    }

    fn text(mut self, content_type: &'static str, body: String) -> Self {
        self.body = Some((content_type, body));
        self
    }
}

/// A successful answer (2xx, or 304 to a conditional read), read whole.
struct Reply {
    status: u16,
    etag: Option<String>,
    body: String,
}

impl Reply {
    /// The body as `T`; an empty body reads as `null` (for `()` and `Option` targets).
    fn parse<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let body = if self.body.trim().is_empty() {
            "null"
        } else {
            &self.body
        };
        from_json(body).map_err(|error| ApiError::unreadable(self.status, error))
    }
}

/// Reads JSON text as `T`. In the browser, its own parser builds the value and serde reads that:
/// a JSON parser compiled into the web app for every type it reads would be much of the bundle.
/// Elsewhere (the native unit tests), serde_json reads the text.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    #[cfg(target_arch = "wasm32")]
    {
        // The parser's own reason (a SyntaxError's message, in the browser's language).
        let value = js_sys::JSON::parse(text)
            .map_err(|error| String::from(js_sys::Error::from(error).message()))?;
        serde_wasm_bindgen::from_value(value).map_err(|error| error.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|error| error.to_string())
    }
}

/// Sends a call and reads its answer. The one place a request is made; boxed on purpose, so that
/// its code exists once in the web app rather than inlined into the future of every typed read
/// and write (which only parse what this returns).
fn exchange(call: Call) -> Pin<Box<dyn Future<Output = Result<Reply, ApiError>>>> {
    Box::pin(async move {
        let Call {
            method,
            path,
            auth,
            header,
            body,
            unwritable,
        } = call;
        if let Some(error) = unwritable {
            return Err(error);
        }
        let token = match auth {
            Auth::Session => session::token(),
            Auth::Anonymous => None,
        };
        let had_token = token.is_some();
        let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
            .method(method)
            .cache(RequestCache::NoStore)
            .header("Accept", "application/json, application/problem+json");
        if let Some(token) = token {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        if let Some((name, value)) = &header {
            builder = builder.header(name, value);
        }
        let request = match body {
            Some((content_type, body)) => builder.header("Content-Type", content_type).body(body),
            None => builder.build(),
        }
        .map_err(|error| ApiError::unreadable(0, error))?;
        let response = request.send().await.map_err(ApiError::network)?;
        let response = check(response, auth, had_token).await?;
        let status = response.status();
        let etag = response.headers().get("etag");
        let body = if status == 304 {
            String::new()
        } else {
            response
                .text()
                .await
                .map_err(|error| ApiError::unreadable(status, error))?
        };
        Ok(Reply { status, etag, body })
    })
}

/// Sends a call → its answer as `T`. Boxed on purpose, like [`exchange`]: the reading of each
/// answer type exists once in the web app, not inlined into the future of every screen's
/// request for it.
fn read<T: DeserializeOwned + 'static>(
    call: Call,
) -> Pin<Box<dyn Future<Output = Result<T, ApiError>>>> {
    Box::pin(async move { exchange(call).await?.parse() })
}

/// Sends a call whose answer has no body worth reading (204).
async fn done(call: Call) -> Result<(), ApiError> {
    exchange(call).await.map(|_| ())
}

/// Sends a call → its answer as `T` with the answer's `ETag` (to send back as `If-Match`).
async fn read_tagged<T: DeserializeOwned>(call: Call) -> Result<Tagged<T>, ApiError> {
    let reply = exchange(call).await?;
    Ok(Tagged {
        value: reply.parse()?,
        etag: reply.etag,
    })
}

/// Turns a non-2xx (and non-304) answer into an [`ApiError`]; handles an expired session.
async fn check(response: Response, auth: Auth, had_token: bool) -> Result<Response, ApiError> {
    let status = response.status();
    if (200..300).contains(&status) || status == 304 {
        return Ok(response);
    }
    let text = response.text().await.unwrap_or_default();
    let problem = from_json::<Problem>(&text).ok().map(Box::new);
    let message = match &problem {
        // Every edit carries the version it was made on: a 412 always means someone else saved
        // first, and says so in the same words everywhere.
        _ if status == 412 => default_message(status),
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
                message: crate::text::text().messages.session_expired.to_owned(),
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
    let words = &text().messages;
    match status {
        400 => words.bad_request.to_owned(),
        401 => words.sign_in_needed.to_owned(),
        403 => words.forbidden.to_owned(),
        404 => words.not_found.to_owned(),
        409 => words.conflict.to_owned(),
        412 => words.changed_elsewhere.to_owned(),
        500..=599 => (words.server_failed)(status),
        _ => (words.request_failed)(status),
    }
}

/// `GET /api/v1{path}` → `T`.
fn get<T: DeserializeOwned + 'static>(path: &str) -> impl Future<Output = Result<T, ApiError>> {
    read(Call::new(Method::GET, path))
}

/// `GET` → `T` with the response's `ETag` (the budget, to send back as `If-Match`).
fn get_tagged<T: DeserializeOwned>(
    path: &str,
) -> impl Future<Output = Result<Tagged<T>, ApiError>> {
    read_tagged(Call::new(Method::GET, path))
}

/// A conditional `GET` with `If-None-Match: etag` (the metrics poll): [`Fresh::Unchanged`] on 304.
fn get_fresh<T: DeserializeOwned>(
    path: &str,
    etag: Option<&str>,
) -> impl Future<Output = Result<Fresh<T>, ApiError>> {
    let mut call = Call::new(Method::GET, path);
    if let Some(etag) = etag {
        call = call.header("If-None-Match", etag);
    }
    async move {
        let reply = exchange(call).await?;
        if reply.status == 304 {
            return Ok(Fresh::Unchanged);
        }
        Ok(Fresh::Changed(Tagged {
            value: reply.parse()?,
            etag: reply.etag,
        }))
    }
}

/// `GET` of a text body (CSV exports).
fn get_text(path: &str) -> impl Future<Output = Result<String, ApiError>> {
    let call = Call::new(Method::GET, path);
    async move { Ok(exchange(call).await?.body) }
}

/// `POST` a JSON body → `T`.
fn post<B: Serialize, T: DeserializeOwned + 'static>(
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> {
    read(Call::new(Method::POST, path).json(body))
}

/// `POST` with an `Idempotency-Key`, for writes a person may submit twice (time entries, rates,
/// exchange rates, repricings).
fn post_idempotent<B: Serialize, T: DeserializeOwned + 'static>(
    path: &str,
    body: &B,
    idempotency_key: &str,
) -> impl Future<Output = Result<T, ApiError>> {
    let call = Call::new(Method::POST, path).header("Idempotency-Key", idempotency_key);
    read(call.json(body))
}

/// `POST` without a body (the optimiser's operations).
fn post_empty<T: DeserializeOwned + 'static>(
    path: &str,
) -> impl Future<Output = Result<T, ApiError>> {
    read(Call::new(Method::POST, path))
}

/// `POST` without the session token and without the expired-session redirect: sign-in and
/// registration, where a 401 means wrong credentials.
fn post_anonymous<B: Serialize, T: DeserializeOwned + 'static>(
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> {
    read(Call::new(Method::POST, path).anonymous().json(body))
}

/// `PUT` with `If-Match: etag` (optimistic concurrency; 412 when someone else changed it) → the
/// new value and its ETag. Without an ETag, a plain `PUT` (creation).
fn put_if_match<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    etag: Option<&str>,
) -> impl Future<Output = Result<Tagged<T>, ApiError>> {
    let mut call = Call::new(Method::PUT, path);
    if let Some(etag) = etag {
        call = call.header("If-Match", etag);
    }
    read_tagged(call.json(body))
}

/// The `If-Match` value for a resource of `kind` read at `version` (its ETag).
fn version_tag(kind: &str, version: i64) -> String {
    format!("\"{kind}-v{version}\"")
}

/// `method` with a JSON body and `If-Match: tag` → `T`: applied only if nobody changed the
/// resource since it was read (412 otherwise).
fn send_if_match<B: Serialize, T: DeserializeOwned + 'static>(
    method: Method,
    path: &str,
    body: &B,
    tag: &str,
) -> impl Future<Output = Result<T, ApiError>> {
    read(Call::new(method, path).header("If-Match", tag).json(body))
}

/// `DELETE` with `If-Match: tag` (204 expected; 412 when someone else changed it).
fn delete_if_match(path: &str, tag: &str) -> impl Future<Output = Result<(), ApiError>> {
    done(Call::new(Method::DELETE, path).header("If-Match", tag))
}

/// `PATCH` a JSON body → `T`, for resources changed without a version (alert rules).
fn patch<B: Serialize, T: DeserializeOwned + 'static>(
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> {
    read(Call::new(Method::PATCH, path).json(body))
}

/// `DELETE` (204 expected).
fn delete(path: &str) -> impl Future<Output = Result<(), ApiError>> {
    done(Call::new(Method::DELETE, path))
}

// ---- Sign-in and the person -------------------------------------------------------------

/// Signs in: a 401 means wrong credentials (not an expired session).
pub fn log_in(body: &LoginRequest) -> impl Future<Output = Result<Session, ApiError>> {
    post_anonymous("/auth/login", body)
}

/// Creates an account and signs in.
pub fn register(body: &RegisterRequest) -> impl Future<Output = Result<Session, ApiError>> {
    post_anonymous("/auth/register", body)
}

/// The signed-in person.
pub fn me() -> impl Future<Output = Result<User, ApiError>> {
    get("/me")
}

/// The person's personal access tokens, every page of them.
pub fn tokens() -> impl Future<Output = Result<Vec<ApiToken>, ApiError>> {
    every_item("/me/tokens")
}

/// Creates a personal access token; the answer holds the token itself, shown once.
pub fn create_token(body: &NewApiToken) -> impl Future<Output = Result<CreatedApiToken, ApiError>> {
    post("/me/tokens", body)
}

pub fn revoke_token(token: i64) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!("/me/tokens/{token}"))
}

// ---- Boards and members -----------------------------------------------------------------

/// The boards the person can see (the first 200).
pub fn boards() -> impl Future<Output = Result<Page<Board>, ApiError>> {
    get("/boards?limit=200")
}

pub fn create_board(body: &BoardInput) -> impl Future<Output = Result<Board, ApiError>> {
    post("/boards", body)
}

pub fn board(board: i64) -> impl Future<Output = Result<Board, ApiError>> {
    get(&format!("/boards/{board}"))
}

/// Replaces the board's details if nobody changed the board since `version` was read (412
/// otherwise); settings left out stay as they are.
pub fn replace_board(
    board: i64,
    version: i64,
    body: &BoardInput,
) -> impl Future<Output = Result<Board, ApiError>> {
    let path = format!("/boards/{board}");
    send_if_match(Method::PUT, &path, body, &version_tag("board", version))
}

/// The board's members, every page of them.
pub fn members(board: i64) -> impl Future<Output = Result<Vec<Member>, ApiError>> {
    every_item(&format!("/boards/{board}/members"))
}

/// Every item of a list, read a page of the most items a page may hold at a time.
fn every_item<T: DeserializeOwned + 'static>(
    path: &str,
) -> impl Future<Output = Result<Vec<T>, ApiError>> {
    let path = path.to_owned();
    async move {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let joiner = if path.contains('?') { '&' } else { '?' };
            let mut query = format!("{path}{joiner}limit={MAX_PAGE_SIZE}");
            if let Some(cursor) = &cursor {
                query.push_str(&format!(
                    "&cursor={}",
                    String::from(js_sys::encode_uri_component(cursor))
                ));
            }
            let page: Page<T> = get(&query).await?;
            items.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(items),
            }
        }
    }
}

pub fn add_member(board: i64, body: &NewMember) -> impl Future<Output = Result<Member, ApiError>> {
    post(&format!("/boards/{board}/members"), body)
}

/// Changes a membership if nobody changed it since `version` was read (412 otherwise).
pub fn update_member(
    board: i64,
    user: i64,
    version: i64,
    body: &MemberUpdate,
) -> impl Future<Output = Result<Member, ApiError>> {
    let path = format!("/boards/{board}/members/{user}");
    send_if_match(Method::PUT, &path, body, &version_tag("member", version))
}

/// Removes a member if nobody changed the membership since `version` was read.
pub fn remove_member(
    board: i64,
    user: i64,
    version: i64,
) -> impl Future<Output = Result<(), ApiError>> {
    delete_if_match(
        &format!("/boards/{board}/members/{user}"),
        &version_tag("member", version),
    )
}

// ---- The budget and its figures ---------------------------------------------------------

/// The board's budget with its ETag, to send back as `If-Match`.
pub fn budget(board: i64) -> impl Future<Output = Result<Tagged<Budget>, ApiError>> {
    get_tagged(&format!("/boards/{board}/budget"))
}

/// Creates the budget (no ETag) or replaces it if nobody changed it since `etag` was read
/// (412 otherwise).
pub fn save_budget(
    board: i64,
    body: &BudgetInput,
    etag: Option<&str>,
) -> impl Future<Output = Result<Tagged<Budget>, ApiError>> {
    put_if_match(&format!("/boards/{board}/budget"), body, etag)
}

fn metrics_path(board: i64) -> String {
    format!("/boards/{board}/budget/metrics")
}

pub fn metrics(board: i64) -> impl Future<Output = Result<BudgetMetrics, ApiError>> {
    get(&metrics_path(board))
}

/// The metrics unless they are still those of `etag` ([`Fresh::Unchanged`] on 304).
pub fn metrics_if_changed(
    board: i64,
    etag: Option<&str>,
) -> impl Future<Output = Result<Fresh<BudgetMetrics>, ApiError>> {
    get_fresh(&metrics_path(board), etag)
}

/// The board's live metrics, re-read whenever the person writes something (the refresh
/// counter). Screens take the currency and the server's "today" (`as_of`) from them.
pub fn metrics_resource(board: i64) -> Fetch<BudgetMetrics> {
    let refresh = use_refresh();
    Fetch::new(move || {
        refresh.track();
        metrics(board)
    })
}

/// The currency of the board's budget once the metrics are in; `None` while loading, on error or
/// without a budget (amounts are then shown as bare numbers).
pub fn currency_of(metrics: Fetch<BudgetMetrics>) -> Signal<Option<String>> {
    Signal::derive(move || {
        metrics.with(|metrics| {
            metrics
                .as_ref()
                .and_then(|result| result.as_ref().ok())
                .and_then(|metrics| metrics.currency.clone())
        })
    })
}

/// The board's analytics; `query` (`?from=…&to=…&window=…`, or empty) chooses the period.
pub fn analytics(board: i64, query: String) -> impl Future<Output = Result<Analytics, ApiError>> {
    get(&format!("/boards/{board}/budget/analytics{query}"))
}

/// Which tasks a page of the breakdown is cut from (`listTaskBreakdown`'s filters).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BreakdownFilter {
    pub status: Option<TaskStatus>,
    pub assignee_id: Option<i64>,
    pub unassigned: bool,
    /// Text the titles contain.
    pub search: Option<String>,
}

/// A page of the per-task cost breakdown (`listTaskBreakdown`): `limit` tasks in the order
/// `sort` names, after `cursor` (the previous page's `next_cursor`) when given, only those the
/// filter lets through.
pub fn task_breakdown(
    board: i64,
    sort: TaskBreakdownSort,
    limit: u64,
    cursor: Option<&str>,
    filter: BreakdownFilter,
) -> impl Future<Output = Result<Page<TaskBreakdown>, ApiError>> {
    let query = QueryString::new()
        .add("sort", Some(sort.as_str()))
        .add("limit", Some(limit))
        .add("cursor", cursor)
        .add("status", filter.status.map(TaskStatus::as_str))
        .add("assignee_id", filter.assignee_id)
        .add("unassigned", filter.unassigned.then_some(true))
        .add("q", filter.search.as_deref())
        .render();
    get(&format!("/boards/{board}/budget/analytics/tasks{query}"))
}

/// The per-task cost breakdown as the CSV file the API serves (`exportTaskBreakdownCsv`).
/// The board's time entries as CSV: worked from `from` to `to` (each optional), approved ones
/// only when asked.
pub fn time_entries_csv(
    board: i64,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    approved_only: bool,
) -> impl Future<Output = Result<String, ApiError>> {
    let mut query = vec![format!("approved_only={approved_only}")];
    query.extend(from.map(|day| format!("from={day}")));
    query.extend(to.map(|day| format!("to={day}")));
    get_text(&format!(
        "/boards/{board}/time-entries.csv?{}",
        query.join("&")
    ))
}

pub fn analytics_csv(board: i64) -> impl Future<Output = Result<String, ApiError>> {
    get_text(&format!("/boards/{board}/budget/analytics/tasks.csv"))
}

/// The board's forecast; `query` (`?history_days=…`, or empty) chooses how much history it
/// learns from.
pub fn forecast(board: i64, query: String) -> impl Future<Output = Result<Forecast, ApiError>> {
    get(&format!("/boards/{board}/budget/forecast{query}"))
}

/// The board's kept forecasts, oldest first, every page of them (one a day); `query`
/// (`?from=…&to=…`, or empty) narrows them to a period.
pub fn forecast_history(
    board: i64,
    query: String,
) -> impl Future<Output = Result<Vec<ForecastSnapshot>, ApiError>> {
    every_item(&format!("/boards/{board}/budget/forecast/history{query}"))
}

/// The board's forecast as it would have been made at the end of `as_of` (a past day, or today)
/// from what was recorded by then.
pub fn forecast_as_of(
    board: i64,
    as_of: chrono::NaiveDate,
) -> impl Future<Output = Result<Forecast, ApiError>> {
    get(&format!("/boards/{board}/budget/forecast?as_of={as_of}"))
}

/// Today's forecast of the board without and with the changes of `body`, by the same method
/// and seed; nothing is written. Editors and admins only (a viewer gets 403).
pub fn preview_scenario(
    board: i64,
    body: &ScenarioInput,
) -> impl Future<Output = Result<ScenarioEvaluation, ApiError>> {
    post(&format!("/boards/{board}/budget/scenarios/preview"), body)
}

/// Keeps the changes under a name unique on the board (409 `scenario_name_taken` otherwise) and
/// answers their evaluation today. A failing change is named under `changes.` (e.g.
/// `changes.daily_costs[0].from`); the same `idempotency_key` sent again does not save twice.
pub fn save_scenario(
    board: i64,
    body: &NewScenario,
    idempotency_key: &str,
) -> impl Future<Output = Result<SavedScenarioResult, ApiError>> {
    let path = format!("/boards/{board}/budget/scenarios");
    post_idempotent(&path, body, idempotency_key)
}

/// The board's saved scenarios, oldest first, every page of them, with their changes as saved.
pub fn scenarios(board: i64) -> impl Future<Output = Result<Vec<SavedScenario>, ApiError>> {
    every_item(&format!("/boards/{board}/budget/scenarios"))
}

/// A saved scenario evaluated against today's data, with what no longer applied as saved.
pub fn scenario(
    board: i64,
    scenario: i64,
) -> impl Future<Output = Result<SavedScenarioResult, ApiError>> {
    get(&format!("/boards/{board}/budget/scenarios/{scenario}"))
}

pub fn delete_scenario(board: i64, scenario: i64) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!("/boards/{board}/budget/scenarios/{scenario}"))
}

/// The query of a comparison: the ids in the order given, separated by commas.
fn comparison_query(ids: &[i64]) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("?ids={}", ids.join(","))
}

/// Saved scenarios (1 to 10, in the order given) against one baseline, today.
pub fn compare_scenarios(
    board: i64,
    ids: &[i64],
) -> impl Future<Output = Result<ScenarioComparison, ApiError>> {
    let query = comparison_query(ids);
    get(&format!(
        "/boards/{board}/budget/scenarios/comparison{query}"
    ))
}

/// How well the board's forecasts have done: every forecast whose completion date has passed,
/// against what was spent by then and two baselines.
pub fn forecast_calibration(board: i64) -> impl Future<Output = Result<Calibration, ApiError>> {
    get(&format!("/boards/{board}/budget/forecast/calibration"))
}

/// [`forecast_calibration`] across every board of the organisation, for its members.
pub fn organization_forecast_calibration(
    organization: i64,
) -> impl Future<Output = Result<Calibration, ApiError>> {
    get(&format!(
        "/organizations/{organization}/forecast-calibration"
    ))
}

// ---- Tasks, their costs and time ---------------------------------------------------------

/// A page of the board's tasks, oldest first: `limit` of them (1 to 500), after `cursor` (the
/// previous page's `next_cursor`) when given.
pub fn tasks(
    board: i64,
    limit: u64,
    cursor: Option<&str>,
) -> impl Future<Output = Result<Page<Task>, ApiError>> {
    let query = QueryString::new()
        .add("limit", Some(limit))
        .add("cursor", cursor)
        .render();
    get(&format!("/boards/{board}/tasks{query}"))
}

pub fn create_task(board: i64, body: &TaskInput) -> impl Future<Output = Result<Task, ApiError>> {
    post(&format!("/boards/{board}/tasks"), body)
}

pub fn task(board: i64, task: i64) -> impl Future<Output = Result<Task, ApiError>> {
    get(&format!("/boards/{board}/tasks/{task}"))
}

/// Replaces the task's details if nobody changed the task since `version` was read (412
/// otherwise).
pub fn replace_task(
    board: i64,
    task: i64,
    version: i64,
    body: &TaskInput,
) -> impl Future<Output = Result<Task, ApiError>> {
    let path = format!("/boards/{board}/tasks/{task}");
    send_if_match(Method::PUT, &path, body, &version_tag("task", version))
}

/// Deletes the task, with its time and costs, if nobody changed it since `version` was read.
pub fn delete_task(
    board: i64,
    task: i64,
    version: i64,
) -> impl Future<Output = Result<(), ApiError>> {
    delete_if_match(
        &format!("/boards/{board}/tasks/{task}"),
        &version_tag("task", version),
    )
}

pub fn task_cost(board: i64, task: i64) -> impl Future<Output = Result<TaskCost, ApiError>> {
    get(&format!("/boards/{board}/tasks/{task}/cost"))
}

/// Replaces the task's costs if nobody changed them since `version` was read (0: none were
/// recorded yet); 412 otherwise.
pub fn save_task_cost(
    board: i64,
    task: i64,
    version: i64,
    body: &TaskCostInput,
) -> impl Future<Output = Result<TaskCost, ApiError>> {
    let path = format!("/boards/{board}/tasks/{task}/cost");
    send_if_match(Method::PUT, &path, body, &version_tag("task_cost", version))
}

/// The task's time entries (the first 500).
pub fn time_entries(
    board: i64,
    task: i64,
) -> impl Future<Output = Result<Page<TimeEntry>, ApiError>> {
    get(&format!(
        "/boards/{board}/tasks/{task}/time-entries?limit=500"
    ))
}

/// Logs time on a task; the same `idempotency_key` sent again (a retry after a lost answer)
/// does not log it twice.
pub fn log_time(
    board: i64,
    task: i64,
    entry: &NewTimeEntry,
    idempotency_key: &str,
) -> impl Future<Output = Result<TimeEntry, ApiError>> {
    let path = format!("/boards/{board}/tasks/{task}/time-entries");
    post_idempotent(&path, entry, idempotency_key)
}

/// The caller's running timer (`timer` is `None` when none runs).
pub fn current_timer() -> impl Future<Output = Result<CurrentTimer, ApiError>> {
    get("/me/timer")
}

/// Starts the caller's timer on a task; a timer already running is stopped and logged first
/// (`stopped`). The same `idempotency_key` sent again starts nothing more.
pub fn start_timer(
    board: i64,
    task: i64,
    body: &TimerStart,
    idempotency_key: &str,
) -> impl Future<Output = Result<StartedTimer, ApiError>> {
    let path = format!("/boards/{board}/tasks/{task}/timer");
    post_idempotent(&path, body, idempotency_key)
}

/// Stops the caller's timer: its time is logged as entries, which the answer lists.
pub fn stop_timer() -> impl Future<Output = Result<StoppedTimer, ApiError>> {
    post_empty("/me/timer/stop")
}

/// Discards the caller's timer: nothing is logged.
pub fn discard_timer() -> impl Future<Output = Result<(), ApiError>> {
    delete("/me/timer")
}

/// Changes an entry if nobody changed it since `version` was read (412 otherwise).
pub fn update_time_entry(
    entry: i64,
    version: i64,
    patch_body: &TimeEntryPatch,
) -> impl Future<Output = Result<TimeEntry, ApiError>> {
    let path = format!("/time-entries/{entry}");
    send_if_match(
        Method::PATCH,
        &path,
        patch_body,
        &version_tag("time_entry", version),
    )
}

fn timesheet_path(board: i64, week: chrono::NaiveDate) -> String {
    format!("/boards/{board}/timesheets/{week}")
}

fn whose(user: Option<i64>) -> String {
    user.map(|user| format!("?user_id={user}"))
        .unwrap_or_default()
}

/// A person's week on the board (`None`: the caller's), its `etag` inside.
pub fn timesheet(
    board: i64,
    week: chrono::NaiveDate,
    user: Option<i64>,
) -> impl Future<Output = Result<Timesheet, ApiError>> {
    get(&format!("{}{}", timesheet_path(board, week), whose(user)))
}

/// Saves changed cells of a week if nobody changed it since it was read as `etag` (412
/// otherwise); cell errors come back as `cells[i].…` fields.
pub fn save_timesheet(
    board: i64,
    week: chrono::NaiveDate,
    user: Option<i64>,
    body: &TimesheetInput,
    etag: &str,
) -> impl Future<Output = Result<Timesheet, ApiError>> {
    let path = format!("{}{}", timesheet_path(board, week), whose(user));
    send_if_match(Method::PUT, &path, body, etag)
}

/// A week's transition: `submit`, `withdraw`, `approve`, `reject` or `reopen`.
pub fn timesheet_step(
    board: i64,
    week: chrono::NaiveDate,
    step: &str,
    body: &TimesheetAction,
) -> impl Future<Output = Result<Timesheet, ApiError>> {
    post(&format!("{}/{step}", timesheet_path(board, week)), body)
}

/// The board's weeks in one state (board admins), the first 500.
pub fn timesheet_approvals(
    board: i64,
    status: TimesheetStatus,
) -> impl Future<Output = Result<Page<TimesheetWeek>, ApiError>> {
    get(&format!(
        "/boards/{board}/timesheet-approvals?status={status}&limit={MAX_PAGE_SIZE}"
    ))
}

/// Deletes an entry if nobody changed it since `version` was read (412 otherwise).
pub fn delete_time_entry(entry: i64, version: i64) -> impl Future<Output = Result<(), ApiError>> {
    delete_if_match(
        &format!("/time-entries/{entry}"),
        &version_tag("time_entry", version),
    )
}

/// The task's expenses (the first 500), the latest day first.
pub fn task_expenses(
    board: i64,
    task: i64,
) -> impl Future<Output = Result<Page<Expense>, ApiError>> {
    get(&format!("/boards/{board}/expenses?task={task}&limit=500"))
}

/// Which of a board's expenses to list: incurred from `from` to `to` (both included), of one
/// category; absent filters do not narrow the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpenseFilter {
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub category: Option<String>,
}

/// A page of the board's expenses (fifty), the latest day first, narrowed by `filter`, after
/// `cursor` (the previous page's `next_cursor`) when given.
pub fn board_expenses(
    board: i64,
    filter: &ExpenseFilter,
    cursor: Option<&str>,
) -> impl Future<Output = Result<Page<Expense>, ApiError>> {
    let query = QueryString::new()
        .add("limit", Some(50))
        .add("from", filter.from)
        .add("to", filter.to)
        .add("category", filter.category.as_deref())
        .add("cursor", cursor)
        .render();
    get(&format!("/boards/{board}/expenses{query}"))
}

/// Records an expense on a task; the same `idempotency_key` sent again (a retry after a lost
/// answer) does not record it twice.
pub fn create_expense(
    board: i64,
    task: i64,
    expense: &NewExpense,
    idempotency_key: &str,
) -> impl Future<Output = Result<Expense, ApiError>> {
    let path = format!("/boards/{board}/tasks/{task}/expenses");
    post_idempotent(&path, expense, idempotency_key)
}

pub fn expense(expense: i64) -> impl Future<Output = Result<Expense, ApiError>> {
    get(&format!("/expenses/{expense}"))
}

/// Changes an expense if nobody changed it since `version` was read (412 otherwise).
pub fn update_expense(
    expense: i64,
    version: i64,
    patch_body: &ExpensePatch,
) -> impl Future<Output = Result<Expense, ApiError>> {
    let path = format!("/expenses/{expense}");
    send_if_match(
        Method::PATCH,
        &path,
        patch_body,
        &version_tag("expense", version),
    )
}

/// Deletes an expense if nobody changed it since `version` was read (412 otherwise).
pub fn delete_expense(expense: i64, version: i64) -> impl Future<Output = Result<(), ApiError>> {
    delete_if_match(
        &format!("/expenses/{expense}"),
        &version_tag("expense", version),
    )
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

// ---- Rates, exchange rates and repricing -------------------------------------------------

/// The board's rates (task, person on the board, board), every page of them; board and
/// organisation admins only (403 otherwise).
pub fn board_rates(board: i64) -> impl Future<Output = Result<Vec<Rate>, ApiError>> {
    every_item(&format!("/boards/{board}/rates"))
}

/// Adds a dated rate pair to the board; the same `idempotency_key` sent again does not add it
/// twice.
pub fn add_board_rate(
    board: i64,
    body: &NewRate,
    idempotency_key: &str,
) -> impl Future<Output = Result<Rate, ApiError>> {
    post_idempotent(&format!("/boards/{board}/rates"), body, idempotency_key)
}

/// Deletes a board rate; 409 `rate_in_use` when entries were priced with it.
pub fn delete_board_rate(board: i64, rate: i64) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!("/boards/{board}/rates/{rate}"))
}

/// The cost and billable rates in force for a person's hour on a task on a day, each with the
/// level it came from.
pub fn rates_in_force(
    board: i64,
    user: i64,
    task: i64,
    on: chrono::NaiveDate,
) -> impl Future<Output = Result<RatesInForce, ApiError>> {
    get(&format!(
        "/boards/{board}/rates/in-force?user_id={user}&task_id={task}&on={on}"
    ))
}

/// The organisation's rates (person, organisation), every page of them; its admins only.
pub fn organization_rates(organization: i64) -> impl Future<Output = Result<Vec<Rate>, ApiError>> {
    every_item(&format!("/organizations/{organization}/rates"))
}

pub fn add_organization_rate(
    organization: i64,
    body: &NewRate,
    idempotency_key: &str,
) -> impl Future<Output = Result<Rate, ApiError>> {
    let path = format!("/organizations/{organization}/rates");
    post_idempotent(&path, body, idempotency_key)
}

pub fn delete_organization_rate(
    organization: i64,
    rate: i64,
) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!("/organizations/{organization}/rates/{rate}"))
}

/// The organisation's members, every page of them.
pub fn organization_members(
    organization: i64,
) -> impl Future<Output = Result<Vec<OrgMember>, ApiError>> {
    every_item(&format!("/organizations/{organization}/members"))
}

// ---- Organisations: creating one, members and their roles, invitations, leaving ----------

use budget_contract::auth::{CreatedPasswordReset, PasswordResetRequest};
use budget_contract::organization::{
    AcceptInvitation, CreatedInvitation, Invitation, InvitationPreview, NewInvitation,
    NewOrganization, OrgMemberUpdate, Organization,
};

/// The signed-in person's organisation (its members only).
pub fn organization(organization: i64) -> impl Future<Output = Result<Organization, ApiError>> {
    get(&format!("/organizations/{organization}"))
}

/// Creates an organisation with the caller as its admin.
pub fn create_organization(
    body: &NewOrganization,
    idempotency_key: &str,
) -> impl Future<Output = Result<Organization, ApiError>> {
    post_idempotent("/organizations", body, idempotency_key)
}

/// Changes a member's role in the organisation (its admins; 409 `last_org_admin` for its only
/// admin stepping down).
pub fn change_organization_member(
    organization: i64,
    member: i64,
    body: &OrgMemberUpdate,
) -> impl Future<Output = Result<OrgMember, ApiError>> {
    let path = format!("/organizations/{organization}/members/{member}");
    read(Call::new(Method::PUT, path).json(body))
}

/// Removes a member from the organisation (its admins; never its last admin).
pub fn remove_organization_member(
    organization: i64,
    member: i64,
) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!("/organizations/{organization}/members/{member}"))
}

/// A one-time password-reset token for a member (organisation admins; not for another admin):
/// earlier unused ones stop working.
pub fn reset_member_password(
    organization: i64,
    member: i64,
    idempotency_key: &str,
) -> impl Future<Output = Result<CreatedPasswordReset, ApiError>> {
    let path = format!("/organizations/{organization}/members/{member}/password-reset");
    read(Call::new(Method::POST, path).header("Idempotency-Key", idempotency_key))
}

/// Sets a new password with a reset token, signed out.
pub fn reset_password(body: &PasswordResetRequest) -> impl Future<Output = Result<(), ApiError>> {
    post_anonymous("/auth/password-reset", body)
}

/// The caller leaves the organisation (never its last admin).
pub fn leave_organization(organization: i64) -> impl Future<Output = Result<(), ApiError>> {
    post_empty(&format!("/organizations/{organization}/leave"))
}

/// The organisation's invitations, every page of them (its admins; never the tokens).
pub fn invitations(organization: i64) -> impl Future<Output = Result<Vec<Invitation>, ApiError>> {
    every_item(&format!("/organizations/{organization}/invitations"))
}

/// Invites an e-mail address; the answer carries the token, shown this once.
pub fn invite(
    organization: i64,
    body: &NewInvitation,
    idempotency_key: &str,
) -> impl Future<Output = Result<CreatedInvitation, ApiError>> {
    let path = format!("/organizations/{organization}/invitations");
    post_idempotent(&path, body, idempotency_key)
}

pub fn revoke_invitation(
    organization: i64,
    invitation: i64,
) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!(
        "/organizations/{organization}/invitations/{invitation}"
    ))
}

/// What an invitation made for the caller's address offers (organisation, role), before
/// accepting it; 422 on the field `token` when it cannot be accepted.
pub fn preview_invitation(
    body: &AcceptInvitation,
) -> impl Future<Output = Result<InvitationPreview, ApiError>> {
    post("/invitations/preview", body)
}

/// Accepts an invitation made for the caller's address: the caller joins its organisation.
pub fn accept_invitation(
    body: &AcceptInvitation,
) -> impl Future<Output = Result<OrgMember, ApiError>> {
    post("/invitations/accept", body)
}

/// The organisation's exchange rates, every page of them; its admins only.
pub fn exchange_rates(
    organization: i64,
) -> impl Future<Output = Result<Vec<ExchangeRate>, ApiError>> {
    every_item(&format!("/organizations/{organization}/exchange-rates"))
}

pub fn add_exchange_rate(
    organization: i64,
    body: &NewExchangeRate,
    idempotency_key: &str,
) -> impl Future<Output = Result<ExchangeRate, ApiError>> {
    let path = format!("/organizations/{organization}/exchange-rates");
    post_idempotent(&path, body, idempotency_key)
}

pub fn delete_exchange_rate(
    organization: i64,
    rate: i64,
) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!(
        "/organizations/{organization}/exchange-rates/{rate}"
    ))
}

/// Imports exchange rates from CSV text: every row is checked before any is stored.
pub fn import_exchange_rates(
    organization: i64,
    body: &ExchangeRateFile,
) -> impl Future<Output = Result<ExchangeRateImport, ApiError>> {
    post(
        &format!("/organizations/{organization}/exchange-rates/import"),
        body,
    )
}

/// What pricing the board's entries again at the rates in force now would change; nothing is
/// written.
pub fn preview_repricing(
    board: i64,
    body: &RepricingRequest,
) -> impl Future<Output = Result<RepricingPreview, ApiError>> {
    post(&format!("/boards/{board}/repricings/preview"), body)
}

/// Prices the entries again as one operation; the same `idempotency_key` sent again does not
/// apply it twice.
pub fn apply_repricing(
    board: i64,
    body: &RepricingRequest,
    idempotency_key: &str,
) -> impl Future<Output = Result<Repricing, ApiError>> {
    post_idempotent(
        &format!("/boards/{board}/repricings"),
        body,
        idempotency_key,
    )
}

/// The board's repricings (the first 100).
pub fn repricings(board: i64) -> impl Future<Output = Result<Page<Repricing>, ApiError>> {
    get(&format!("/boards/{board}/repricings?limit=100"))
}

/// Restores the prices a repricing replaced; 409 `repricing_reverted` when it already was,
/// `entries_changed` when an entry changed since.
pub fn revert_repricing(
    board: i64,
    repricing: i64,
) -> impl Future<Output = Result<Repricing, ApiError>> {
    post_empty(&format!("/boards/{board}/repricings/{repricing}/revert"))
}

// ---- ROI ----------------------------------------------------------------------------------

pub fn roi(board: i64) -> impl Future<Output = Result<CurrentRoi, ApiError>> {
    get(&format!("/boards/{board}/roi"))
}

/// The board's ROI snapshots (the first 500).
pub fn roi_snapshots(board: i64) -> impl Future<Output = Result<Page<RoiSnapshot>, ApiError>> {
    get(&format!("/boards/{board}/roi/snapshots?limit=500"))
}

pub fn take_roi_snapshot(
    board: i64,
    body: &NewRoiSnapshot,
) -> impl Future<Output = Result<RoiSnapshot, ApiError>> {
    post(&format!("/boards/{board}/roi/snapshots"), body)
}

pub fn compare_roi_snapshots(
    board: i64,
    from: i64,
    to: i64,
) -> impl Future<Output = Result<RoiComparison, ApiError>> {
    get(&format!(
        "/boards/{board}/roi/snapshots/compare?from={from}&to={to}"
    ))
}

// ---- The optimiser and its recommendations -----------------------------------------------

/// The query string of a recommendation list: at most `limit`, filtered by status and type
/// when given.
fn recommendations_query(
    status: Option<RecommendationStatus>,
    kind: Option<RecommendationType>,
    limit: u32,
) -> String {
    let mut query = format!("?limit={limit}");
    if let Some(status) = status {
        query.push_str("&status=");
        query.push_str(status.as_str());
    }
    if let Some(kind) = kind {
        query.push_str("&type=");
        query.push_str(kind.as_str());
    }
    query
}

/// The board's stored recommendations, filtered by status and type when given.
pub fn recommendations(
    board: i64,
    status: Option<RecommendationStatus>,
    kind: Option<RecommendationType>,
    limit: u32,
) -> impl Future<Output = Result<Page<Recommendation>, ApiError>> {
    let query = recommendations_query(status, kind, limit);
    get(&format!("/boards/{board}/recommendations{query}"))
}

/// The board's learned cost patterns as stored, the first `limit` in the order learned.
pub fn cost_patterns(
    board: i64,
    limit: u32,
) -> impl Future<Output = Result<Page<CostPattern>, ApiError>> {
    get(&format!("/boards/{board}/budget/patterns?limit={limit}"))
}

/// Runs the optimiser: new recommendations are stored as pending.
pub fn generate_recommendations(
    board: i64,
) -> impl Future<Output = Result<RecommendationBatch, ApiError>> {
    post_empty(&format!("/boards/{board}/budget/ai/recommendations"))
}

/// Accepts, rejects or implements a recommendation, if nobody acted on it since `version` was
/// read (412 otherwise).
pub fn act_on_recommendation(
    recommendation: i64,
    version: i64,
    body: &RecommendationActionInput,
) -> impl Future<Output = Result<Recommendation, ApiError>> {
    let path = format!("/recommendations/{recommendation}/action");
    send_if_match(
        Method::POST,
        &path,
        body,
        &version_tag("recommendation", version),
    )
}

/// A recommendation's changes to the plan evaluated against today's data; 404 when it has
/// none.
pub fn recommendation_scenario(
    recommendation: i64,
) -> impl Future<Output = Result<ScenarioResult, ApiError>> {
    get(&format!("/recommendations/{recommendation}/scenario"))
}

pub fn analyse_budget(board: i64) -> impl Future<Output = Result<BudgetAnalysis, ApiError>> {
    post_empty(&format!("/boards/{board}/budget/ai/analyze"))
}

// ---- The audit trail --------------------------------------------------------------------------

/// A page of the board's audit trail, newest first (board admins): only changes to `kind` when
/// given, after `cursor` (the previous page's `next_cursor`) when given.
pub fn audit_trail(
    board: i64,
    kind: Option<&str>,
    cursor: Option<&str>,
) -> impl Future<Output = Result<Page<AuditEvent>, ApiError>> {
    let query = QueryString::new()
        .add("limit", Some(50))
        .add("kind", kind)
        .add("cursor", cursor)
        .render();
    get(&format!("/boards/{board}/audit{query}"))
}

/// Who is over- or under-used on the board and which reassignments would save money
/// (`optimizeResources`; editors and admins).
pub fn optimize_resources(board: i64) -> impl Future<Output = Result<ResourcePlan, ApiError>> {
    post_empty(&format!("/boards/{board}/budget/ai/optimize-resources"))
}

/// Learns the board's recurring cost patterns again (`learnCostPatterns`; editors and admins).
pub fn learn_patterns(board: i64) -> impl Future<Output = Result<PatternReport, ApiError>> {
    post_empty(&format!("/boards/{board}/budget/ai/learn-patterns"))
}

pub fn predict_overrun(board: i64) -> impl Future<Output = Result<OverrunPrediction, ApiError>> {
    post_empty(&format!("/boards/{board}/budget/ai/predict"))
}

// ---- Alert rules, their firings and the person's notifications -----------------------------

/// The board's alert rules, every page of them, in the order they were made (any role).
pub fn alert_rules(board: i64) -> impl Future<Output = Result<Vec<AlertRule>, ApiError>> {
    every_item(&format!("/boards/{board}/budget/alert-rules"))
}

/// Adds an alert rule (board admins); it is evaluated a few seconds later.
pub fn create_alert_rule(
    board: i64,
    body: &NewAlertRule,
) -> impl Future<Output = Result<AlertRule, ApiError>> {
    post(&format!("/boards/{board}/budget/alert-rules"), body)
}

/// Changes a rule's threshold or whether it is active (board admins); a new threshold re-arms
/// it.
pub fn update_alert_rule(
    board: i64,
    rule: i64,
    body: &AlertRuleUpdate,
) -> impl Future<Output = Result<AlertRule, ApiError>> {
    patch(&format!("/boards/{board}/budget/alert-rules/{rule}"), body)
}

/// Deletes a rule (board admins); its firings stay listed.
pub fn delete_alert_rule(board: i64, rule: i64) -> impl Future<Output = Result<(), ApiError>> {
    delete(&format!("/boards/{board}/budget/alert-rules/{rule}"))
}

/// The board's newest `limit` firings (at most [`MAX_PAGE_SIZE`]), newest first; the page's
/// `next_cursor` says whether there are older ones.
pub fn alert_firings(
    board: i64,
    limit: u64,
) -> impl Future<Output = Result<Page<AlertFiring>, ApiError>> {
    let limit = limit.clamp(1, MAX_PAGE_SIZE);
    get(&format!("/boards/{board}/budget/alerts?limit={limit}"))
}

/// The caller's newest `limit` notifications (at most [`MAX_PAGE_SIZE`]), newest first, only
/// the unread ones when `unread_only`; the page's `next_cursor` says whether there are older
/// ones.
pub fn notifications(
    unread_only: bool,
    limit: u64,
) -> impl Future<Output = Result<Page<Notification>, ApiError>> {
    let limit = limit.clamp(1, MAX_PAGE_SIZE);
    let unread = if unread_only { "&unread=true" } else { "" };
    get(&format!("/me/notifications?limit={limit}{unread}"))
}

/// How many of the caller's notifications are unread (the bell's count).
pub fn unread_notification_count() -> impl Future<Output = Result<UnreadCount, ApiError>> {
    get("/me/notifications/unread-count")
}

/// Marks one notification read; marking a read one again changes nothing.
pub fn mark_notification_read(
    notification: i64,
) -> impl Future<Output = Result<Notification, ApiError>> {
    post_empty(&format!("/me/notifications/{notification}/read"))
}

/// Marks every unread notification of the caller read.
pub fn mark_all_notifications_read() -> impl Future<Output = Result<MarkedRead, ApiError>> {
    post_empty("/me/notifications/read-all")
}

/// The query of an import: its options, the format only when one is chosen.
pub fn import_query(options: &ImportOptions) -> String {
    let mut query = format!(
        "?dry_run={}&create_missing_tasks={}&skip_refused={}",
        options.dry_run, options.create_missing_tasks, options.skip_refused
    );
    if let Some(format) = options.format {
        query.push_str(&format!("&format={format}"));
    }
    query
}

/// Sends a CSV file of time entries: a dry run's report, or the import started (or the earlier
/// import of the same file), whose progress [`import`] reads.
pub fn import_time_entries(
    board: i64,
    csv: String,
    options: &ImportOptions,
) -> impl Future<Output = Result<ImportReport, ApiError>> {
    let path = format!("/boards/{board}/imports{}", import_query(options));
    read(Call::new(Method::POST, path).text("text/csv", csv))
}

/// An import of the board: its status, progress and report.
pub fn import(board: i64, import: i64) -> impl Future<Output = Result<ImportReport, ApiError>> {
    get(&format!("/boards/{board}/imports/{import}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_reads_as_its_wire_type_and_an_unreadable_one_says_so() {
        let reply = |body: &str| Reply {
            status: 200,
            etag: None,
            body: body.to_owned(),
        };
        // Money arrives as a string and stays exact, to the minor unit.
        let amount: rust_decimal::Decimal = reply("\"1234.50\"").parse().unwrap();
        assert_eq!(amount.to_string(), "1234.50");
        // An empty body (a 204) reads as null.
        assert_eq!(reply("").parse::<Option<i64>>().unwrap(), None);
        reply("  ").parse::<()>().unwrap();
        // Not JSON: the status kept, no problem, and the reader's reason in the message.
        let error = reply("<html>").parse::<i64>().unwrap_err();
        assert_eq!(error.status, 200);
        assert!(error.problem.is_none());
        assert_eq!(
            error.message,
            "The server's answer could not be read (expected value at line 1 column 1)."
        );
    }

    #[test]
    fn if_match_names_the_version_as_the_server_tags_it() {
        assert_eq!(version_tag("task_cost", 0), "\"task_cost-v0\"");
        assert_eq!(version_tag("time_entry", 12), "\"time_entry-v12\"");
    }

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
        let local = ApiError::local([("allocated_budget", "Enter an amount like 50000.00.")]);
        assert_eq!(
            local.field("allocated_budget").as_deref(),
            Some("Enter an amount like 50000.00.")
        );
    }

    #[test]
    fn local_errors_name_every_failing_field() {
        let error = ApiError::local([("hours", "is required"), ("work_date", "must be a date")]);
        assert_eq!(error.field("hours").as_deref(), Some("is required"));
        assert_eq!(error.field("work_date").as_deref(), Some("must be a date"));
        assert_eq!(error.field("description"), None);
        assert_eq!(error.code(), Some("validation_failed"));
        assert!(error.has_field_errors());
    }

    #[test]
    fn a_comparison_asks_for_the_ids_in_order() {
        assert_eq!(comparison_query(&[7, 4]), "?ids=7,4");
        assert_eq!(comparison_query(&[12]), "?ids=12");
    }

    #[test]
    fn recommendation_filters_become_the_query() {
        assert_eq!(recommendations_query(None, None, 200), "?limit=200");
        assert_eq!(
            recommendations_query(Some(RecommendationStatus::Pending), None, 5),
            "?limit=5&status=pending"
        );
        assert_eq!(
            recommendations_query(
                Some(RecommendationStatus::Accepted),
                Some(RecommendationType::ScopeCut),
                200
            ),
            "?limit=200&status=accepted&type=scope_cut"
        );
    }

    #[test]
    fn import_options_become_the_query() {
        let mut options = ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        };
        assert_eq!(
            import_query(&options),
            "?dry_run=true&create_missing_tasks=false&skip_refused=false"
        );
        options.format = Some(budget_contract::import::ImportFormat::Kimai);
        options.skip_refused = true;
        assert_eq!(
            import_query(&options),
            "?dry_run=true&create_missing_tasks=false&skip_refused=true&format=kimai"
        );
    }
}
