//! Analytics of a board's spending, and its per-task breakdown: a sorted list read page by
//! page, and a CSV download of every task.

use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::analytics::{Analytics, TaskBreakdown, TaskBreakdownSort};
use budget_contract::page::Page;
use budget_contract::task::TaskStatus;
use budget_domain::analytics::report::{self, AnalyticsQuery};
use budget_domain::analytics::tasks::{self, TaskListFilter, TaskListQuery};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::export::csv_response;
use super::{ok, page, resource, Guard, TimeScope};
use crate::csv;
use crate::encoded::{as_json, way_shown_to};
use crate::extract::{BoardScope, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const ANALYTICS: &str = "/boards/{board_id}/budget/analytics";
const TASK_BREAKDOWN: &str = "/boards/{board_id}/budget/analytics/tasks";
const TASK_BREAKDOWN_CSV: &str = "/boards/{board_id}/budget/analytics/tasks.csv";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(analytics, list_task_breakdown, export_task_breakdown_csv))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(ANALYTICS, Guard::Token).get(analytics))
        .service(resource(TASK_BREAKDOWN, Guard::Token).get(list_task_breakdown))
        .service(resource(TASK_BREAKDOWN_CSV, Guard::Token).get(export_task_breakdown_csv));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsParams {
    /// First day of the trend; default the board's start date. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub from: Option<NaiveDate>,
    /// Last day of the trend; default today. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub to: Option<NaiveDate>,
    /// Burn-rate window in days (1 to 365), default 30.
    #[param(minimum = 1, maximum = 365)]
    pub window: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskBreakdownParams {
    /// The order: `total`, `variance`, `variance_percent`, `estimated`, `hours`, `title` or `id`,
    /// ascending, or descending with a leading `-`; default `-total`. Equal figures follow by
    /// task id; tasks without an estimate come last when sorted by variance percent.
    pub sort: Option<TaskBreakdownSort>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page, read with the same `sort` and filters.
    pub cursor: Option<String>,
    /// Only the tasks with this status.
    pub status: Option<TaskStatus>,
    /// Only the tasks assigned to this person.
    pub assignee_id: Option<i64>,
    /// `true`: only the tasks assigned to no one (not together with `assignee_id`).
    pub unassigned: Option<bool>,
    /// Only the tasks whose title contains this text (at most 200 characters), the case of the
    /// letters A–Z ignored; `%` and `_` are matched as themselves.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

const CSV_HEADER: [&str; 14] = [
    "task_id",
    "title",
    "status",
    "assignee_id",
    "progress",
    "estimated",
    "labour",
    "direct",
    "resource",
    "total",
    "variance",
    "variance_percent",
    "hours",
    "over_budget",
];

fn csv_row(t: &TaskBreakdown) -> String {
    csv::record([
        t.task_id.to_string(),
        csv::text(&t.title),
        t.status.as_str().to_owned(),
        csv::optional(t.assignee_id),
        t.progress.to_string(),
        t.estimated.to_string(),
        t.labour.to_string(),
        t.direct.to_string(),
        t.resource.to_string(),
        t.total.to_string(),
        t.variance.to_string(),
        csv::optional(t.variance_percent),
        t.hours.to_string(),
        t.over_budget.to_string(),
    ])
}

/// Get budget analytics
///
/// Cost trend (every day of the range, cumulative), burn rate, breakdowns by assignee, status
/// and kind of cost, the ten largest overruns and how many there are, earned value and
/// utilisation, from a fixed number of aggregate queries. Each task's figures, page by page
/// in any order: `listTaskBreakdown`; all of them as a CSV file: `exportTaskBreakdownCsv`.
#[utoipa::path(get, operation_id = "getBudgetAnalytics", path = ANALYTICS, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), AnalyticsParams, TimeScope), responses((status = 200, body = Analytics)))]
pub async fn analytics(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<AnalyticsParams>,
    Query(scope): Query<TimeScope>,
) -> ApiResult<HttpResponse> {
    let query = AnalyticsQuery {
        from: params.from,
        to: params.to,
        window: params.window,
        approved_only: scope.approved_only,
    };
    let analytics = report::report(&state.domain, &access, query).await?;
    if scope.approved_only {
        // Computed for this request alone: nothing to share.
        return Ok(ok(&report::shown_to(&analytics, &access)));
    }
    let way = way_shown_to(&access);
    state.analytics_json.ok(&analytics, way, |analytics| {
        as_json(&report::shown_to(analytics, &access))
    })
}

/// List the per-task cost breakdown
///
/// Every task of the board with its estimate, labour, direct and resource costs, total,
/// variance and hours (and, for editors and admins, its revenue, profit and margin), a page at
/// a time in the order `sort` names, optionally only the tasks of one status, one assignee
/// (or none) or with a text in their title. The figures are all-time: a task's costs are not cut to
/// a date range. Every task as one CSV file: `exportTaskBreakdownCsv`.
#[utoipa::path(get, operation_id = "listTaskBreakdown", path = TASK_BREAKDOWN, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path), TaskBreakdownParams), responses((status = 200, body = Page<TaskBreakdown>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_task_breakdown(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<TaskBreakdownParams>,
) -> ApiResult<HttpResponse> {
    let query = TaskListQuery {
        sort: params.sort.unwrap_or_default(),
        limit: params.limit,
        cursor: params.cursor,
        filter: TaskListFilter {
            status: params.status,
            assignee_id: params.assignee_id,
            unassigned: params.unassigned.unwrap_or(false),
            title_contains: params.q,
        },
    };
    Ok(page(
        &req,
        &tasks::list(&state.domain, &access, query).await?,
    ))
}

/// Export the per-task cost breakdown as CSV
///
/// Every task of the board with its estimate, labour, direct and resource costs, total,
/// variance and hours, as one RFC 4180 CSV file (UTF-8, CRLF line ends, a header row; money and
/// hours as exact decimals, text that starts like a spreadsheet formula prefixed with `'`). The
/// same figures as `listTaskBreakdown`, by task id.
#[utoipa::path(get, operation_id = "exportTaskBreakdownCsv", path = TASK_BREAKDOWN_CSV, tag = "budget", security(("bearer" = [])),
    params(("board_id" = i64, Path)),
    responses((status = 200, description = "The tasks, one CSV record each, after the header `task_id,title,status,assignee_id,progress,estimated,labour,direct,resource,total,variance,variance_percent,hours,over_budget`.",
        content((String = "text/csv; charset=utf-8")),
        headers(("Content-Disposition" = String, description = "`attachment; filename=\"board-<board_id>-analytics-<as_of>.csv\"`, `as_of` the day the figures are for.")))))]
pub async fn export_task_breakdown_csv(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    let as_of = state.domain.clock.today();
    let rows = tasks::all(&state.domain, &access).await?;
    let header = csv::record(CSV_HEADER);
    let lines = std::iter::once(header)
        .chain(rows.iter().map(csv_row).collect::<Vec<_>>())
        .map(|line| Ok(Bytes::from(line)));
    let filename = format!("board-{}-analytics-{as_of}.csv", access.board_id());
    Ok(csv_response(&filename, futures_util::stream::iter(lines)))
}
