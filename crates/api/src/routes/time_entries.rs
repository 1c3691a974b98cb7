//! Time logged on tasks: per task, per board (filtered, paginated), by id, and a board's entries
//! as a CSV download.

use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::time_entry::{NewTimeEntry, TimeEntry, TimeEntryPatch};
use budget_contract::Currency;
use budget_domain::time_entries::{self, EntryFilter, KIND};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::export::csv_response;
use super::{created_at, no_content, page, resource, Guard, TimeScope};
use crate::auth::Caller;
use crate::csv;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::preconditions::{if_match, with_etag};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const TASK_ENTRIES: &str = "/boards/{board_id}/tasks/{task_id}/time-entries";
const BOARD_ENTRIES: &str = "/boards/{board_id}/time-entries";
const BOARD_ENTRIES_CSV: &str = "/boards/{board_id}/time-entries.csv";
const ENTRY: &str = "/time-entries/{entry_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(log, list_for_task, list_for_board, export_csv, update, delete))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource(TASK_ENTRIES, Guard::Token)
            .get(list_for_task)
            .post(log),
    )
    .service(resource(BOARD_ENTRIES, Guard::Token).get(list_for_board))
    .service(resource(BOARD_ENTRIES_CSV, Guard::Token).get(export_csv))
    .service(resource(ENTRY, Guard::Token).patch(update).delete(delete));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryParams {
    /// First work date to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub from: Option<NaiveDate>,
    /// Last work date to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub to: Option<NaiveDate>,
    /// Only this person's entries.
    pub user: Option<i64>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl EntryParams {
    fn filter(self, task_id: Option<i64>, scope: TimeScope) -> EntryFilter {
        EntryFilter {
            from: self.from,
            to: self.to,
            user_id: self.user,
            task_id,
            approved_only: scope.approved_only,
            limit: self.limit,
            cursor: self.cursor,
        }
    }
}

/// Log time on a task
///
/// Logs time on a task (editors and admins) at the rate in force, snapshotted on the entry.
/// With `Idempotency-Key`, a retry of the same request returns the first answer and logs
/// nothing more.
#[utoipa::path(post, operation_id = "createTimeEntry", path = TASK_ENTRIES, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path), IdempotencyKeyHeader),
    request_body = NewTimeEntry,
    responses((status = 201, body = TimeEntry, headers(("ETag" = String, description = "Version tag for If-Match (absent on a replay)."),
        ("Location" = String, description = "The new entry's URL, `/api/v1/time-entries/{entry_id}`: there it is changed (PATCH) or deleted (DELETE); it is read in the board's and the task's lists."))),
        (status = 409, description = "The budget has a hard stop and its money or hours are spent (`budget_exhausted`): a board admin may still log time, or lift the stop by turning the budget's `hard_stop` off.", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn log(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<NewTimeEntry>,
) -> ApiResult<HttpResponse> {
    let location = |entry: &TimeEntry| format!("/time-entries/{}", entry.id);
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let task_id = path.into_inner().1;
    let outcome = time_entries::log(&state.domain, &access, task_id, input, idempotent).await?;
    Ok(idempotency::respond(outcome, |entry| {
        with_etag(created_at(&location(&entry)), KIND, entry.version, &entry)
    }))
}

/// List a task's time entries
///
/// Entries of one task, newest work date first.
#[utoipa::path(get, operation_id = "listTaskTimeEntries", path = TASK_ENTRIES, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path), EntryParams, TimeScope), responses((status = 200, body = Page<TimeEntry>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_for_task(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Query(params): Query<EntryParams>,
    Query(scope): Query<TimeScope>,
) -> ApiResult<HttpResponse> {
    let filter = params.filter(Some(path.into_inner().1), scope);
    Ok(page(
        &req,
        &time_entries::list(&state.domain, &access, filter).await?,
    ))
}

/// List a board's time entries
///
/// Entries of the whole board, filtered by dates and person, newest work date first. Every
/// matching entry as one CSV file: `exportTimeEntriesCsv`.
#[utoipa::path(get, operation_id = "listBoardTimeEntries", path = BOARD_ENTRIES, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), EntryParams, TimeScope), responses((status = 200, body = Page<TimeEntry>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_for_board(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<EntryParams>,
    Query(scope): Query<TimeScope>,
) -> ApiResult<HttpResponse> {
    let filter = params.filter(None, scope);
    let entries = time_entries::list(&state.domain, &access, filter).await?;
    Ok(page(&req, &entries))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// First work date to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub from: Option<NaiveDate>,
    /// Last work date to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub to: Option<NaiveDate>,
    /// Only this person's entries.
    pub user: Option<i64>,
}

/// Export a board's time entries as CSV
///
/// Every entry of the board matching the filters, newest work date first, as one RFC 4180 CSV
/// file (UTF-8, CRLF line ends, a header row; money and hours as exact decimals, text that
/// starts like a spreadsheet formula prefixed with `'`). Streamed, so a board of any size
/// downloads in one request; a bad filter is refused before the first byte.
#[utoipa::path(get, operation_id = "exportTimeEntriesCsv", path = BOARD_ENTRIES_CSV, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ExportParams, TimeScope),
    responses((status = 200, description = "The entries, one CSV record each, after the header `id,work_date,task_id,user_id,hours,hourly_rate,labour_cost,is_billable,description,created_at,currency,rate_currency,cost_exchange_rate,billable_rate,billable_rate_currency,billable_exchange_rate,billable_amount` (`currency` is the board's, that of `labour_cost` and `billable_amount`; rates are empty for callers who may not see them).",
        content((String = "text/csv; charset=utf-8")),
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"board-<board_id>-time-entries.csv\"`.")))))]
pub async fn export_csv(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<ExportParams>,
    Query(scope): Query<TimeScope>,
) -> ApiResult<HttpResponse> {
    let filter = EntryFilter {
        from: params.from,
        to: params.to,
        user_id: params.user,
        task_id: None,
        approved_only: scope.approved_only,
        limit: None,
        cursor: None,
    };
    // The first page is read before answering, so a bad filter is a 422, not a broken download.
    let currency =
        budget_domain::budget::currency(state.domain.db.conn(), access.board_id()).await?;
    let first =
        time_entries::export_page(&state.domain, &access, csv_page(&filter, None), currency)
            .await?;
    let filename = format!("board-{}-time-entries.csv", access.board_id());
    Ok(csv_response(
        &filename,
        csv_stream(state, access, filter, currency, first),
    ))
}

/// Rows fetched per query while streaming a CSV export.
const CSV_PAGE: u64 = 500;

fn csv_page(filter: &EntryFilter, cursor: Option<String>) -> EntryFilter {
    EntryFilter {
        limit: Some(CSV_PAGE),
        cursor,
        ..filter.clone()
    }
}

/// The columns of the export. Those after `created_at` came later: files are read by column
/// name, and a reader of the first ten columns by position still reads them.
const CSV_HEADER: [&str; 17] = [
    "id",
    "work_date",
    "task_id",
    "user_id",
    "hours",
    "hourly_rate",
    "labour_cost",
    "is_billable",
    "description",
    "created_at",
    "currency",
    "rate_currency",
    "cost_exchange_rate",
    "billable_rate",
    "billable_rate_currency",
    "billable_exchange_rate",
    "billable_amount",
];

fn csv_row(e: &TimeEntry, currency: &Currency) -> String {
    csv::record([
        e.id.to_string(),
        e.work_date.to_string(),
        e.task_id.to_string(),
        e.user_id.to_string(),
        e.hours.to_string(),
        csv::optional(e.hourly_rate),
        e.labour_cost.to_string(),
        e.is_billable.to_string(),
        csv::text(&e.description),
        e.created_at.to_rfc3339(),
        currency.code.to_owned(),
        csv::optional(e.rate_currency.as_deref()),
        csv::optional(e.cost_exchange_rate.as_deref()),
        csv::optional(e.billable_rate),
        csv::optional(e.billable_rate_currency.as_deref()),
        csv::optional(e.billable_exchange_rate.as_deref()),
        e.billable_amount.to_string(),
    ])
}

/// Entries of an export, and the cursor of the ones after them.
type Batch = (Vec<TimeEntry>, Option<String>);

/// What the export stream does next.
enum Next {
    Header(Batch),
    Rows(Batch),
    Fetch(String),
    Done,
}

/// Streams the header, then page after page, so an export of any size holds one page in memory.
fn csv_stream(
    state: web::Data<AppState>,
    access: budget_domain::BoardAccess,
    filter: EntryFilter,
    currency: &'static Currency,
    first: Batch,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(Next::Header(first), move |next| {
        let state = state.clone();
        let access = access.clone();
        let filter = filter.clone();
        async move {
            let (entries, next_cursor) = match next {
                Next::Done => return None,
                Next::Header(first) => {
                    let header = Bytes::from(csv::record(CSV_HEADER));
                    return Some((Ok(header), Next::Rows(first)));
                }
                Next::Rows(batch) => batch,
                Next::Fetch(cursor) => {
                    let request = csv_page(&filter, Some(cursor));
                    match time_entries::export_page(&state.domain, &access, request, currency).await
                    {
                        Ok(batch) => batch,
                        Err(err) => {
                            // The status is already sent: cutting the body is the only signal.
                            tracing::error!(error = %err, "time-entry export failed mid-stream");
                            let cut = actix_web::error::ErrorInternalServerError("export failed");
                            return Some((Err(cut), Next::Done));
                        }
                    }
                }
            };
            let body: String = entries.iter().map(|e| csv_row(e, currency)).collect();
            let next = next_cursor.map_or(Next::Done, Next::Fetch);
            Some((Ok(Bytes::from(body)), next))
        }
    })
}

/// Change a time entry
///
/// Changes an entry (its author, or a board admin). It keeps the rates and exchange rates it was
/// priced at, and its amounts follow its hours and billable flag; moved to another work date, it
/// is priced at the rates in force on that day. With
/// `If-Match` (the entry's `version` as `"time_entry-v<version>"`), only if the entry is still
/// at one of the ETags given (`*`: any).
#[utoipa::path(patch, operation_id = "updateTimeEntry", path = ENTRY, tag = "time", security(("bearer" = [])),
    params(("entry_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the entry as last read (comma-separated; weak tags never match), or `*`.")),
    request_body = TimeEntryPatch,
    responses((status = 200, body = TimeEntry, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 412, description = "The entry changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(patch): Json<TimeEntryPatch>,
) -> ApiResult<HttpResponse> {
    let (access, entry) =
        time_entries::entry_access(&state.domain, caller.user_id, path.into_inner()).await?;
    super::alerts::changes_board(&req, &access);
    let entry =
        time_entries::update(&state.domain, &access, entry, patch, if_match(&req, KIND)).await?;
    Ok(with_etag(HttpResponse::Ok(), KIND, entry.version, &entry))
}

/// Delete a time entry
///
/// Deletes an entry (its author, or a board admin); `If-Match` as for PATCH.
#[utoipa::path(delete, operation_id = "deleteTimeEntry", path = ENTRY, tag = "time", security(("bearer" = [])),
    params(("entry_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the entry as last read (comma-separated; weak tags never match), or `*`.")),
    responses((status = 204, description = "Deleted."),
        (status = 412, description = "The entry changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (access, entry) =
        time_entries::entry_access(&state.domain, caller.user_id, path.into_inner()).await?;
    super::alerts::changes_board(&req, &access);
    time_entries::delete(&state.domain, &access, entry, if_match(&req, KIND)).await?;
    Ok(no_content())
}
