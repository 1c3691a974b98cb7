//! Expenses: recorded on a task, listed per board (filtered, paginated), and read, changed or
//! deleted by id.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::expense::{Expense, ExpensePatch, NewExpense};
use budget_contract::page::Page;
use budget_domain::expenses::{self, ExpenseFilter, KIND};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created_at, no_content, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::preconditions::{if_match, with_etag};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const TASK_EXPENSES: &str = "/boards/{board_id}/tasks/{task_id}/expenses";
const BOARD_EXPENSES: &str = "/boards/{board_id}/expenses";
const EXPENSE: &str = "/expenses/{expense_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(create, list_for_board, get, update, delete))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(TASK_EXPENSES, Guard::Token).post(create))
        .service(resource(BOARD_EXPENSES, Guard::Token).get(list_for_board))
        .service(
            resource(EXPENSE, Guard::Token)
                .get(get)
                .patch(update)
                .delete(delete),
        );
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExpenseParams {
    /// Only this task's expenses.
    pub task: Option<i64>,
    /// First day incurred to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub from: Option<NaiveDate>,
    /// Last day incurred to include. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "budget_contract::date::bounded_option")]
    pub to: Option<NaiveDate>,
    /// Only this category (exactly as stored, surrounding spaces ignored).
    pub category: Option<String>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Record an expense on a task
///
/// Records an expense (editors and admins): an amount in its own currency, incurred on a day
/// (default today, never in the future). It is converted into the board's budget currency at
/// the organisation's exchange rate in force on that day, and the rate, cost and billable amount
/// are kept with it; a missing rate is refused (422 `missing_exchange_rate` on `currency`).
/// With `Idempotency-Key`, a retry of the same request returns the first answer and records
/// nothing more.
#[utoipa::path(post, operation_id = "createExpense", path = TASK_EXPENSES, tag = "costs", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("task_id" = i64, Path), IdempotencyKeyHeader),
    request_body = NewExpense,
    responses((status = 201, body = Expense, headers(("ETag" = String, description = "Version tag for If-Match (absent on a replay)."),
        ("Location" = String, description = "The new expense's URL, `/api/v1/expenses/{expense_id}`: there it is read (GET), changed (PATCH) or deleted (DELETE); it is listed in the board's expenses."))),
        (status = 409, description = "The budget's currency changed while this was written (`currency_changed`); send it again. Or the budget has a hard stop and its money or hours are spent (`budget_exhausted`): a board admin may still record an expense, or lift the stop by turning the budget's `hard_stop` off.", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
    Json(input): Json<NewExpense>,
) -> ApiResult<HttpResponse> {
    let location = |expense: &Expense| format!("/expenses/{}", expense.id);
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let task_id = path.into_inner().1;
    let outcome =
        expenses::create(&state.domain, &access, task_id, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |expense| {
        with_etag(
            created_at(&location(&expense)),
            KIND,
            expense.version,
            &expense,
        )
    }))
}

/// List a board's expenses
///
/// Expenses of the board, filtered by task, days incurred and category, the latest day first.
#[utoipa::path(get, operation_id = "listBoardExpenses", path = BOARD_EXPENSES, tag = "costs", security(("bearer" = [])),
    params(("board_id" = i64, Path), ExpenseParams), responses((status = 200, body = Page<Expense>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list_for_board(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<ExpenseParams>,
) -> ApiResult<HttpResponse> {
    let filter = ExpenseFilter {
        task_id: params.task,
        from: params.from,
        to: params.to,
        category: params.category,
        limit: params.limit,
        cursor: params.cursor,
    };
    Ok(page(
        &req,
        &expenses::list(&state.domain, &access, filter).await?,
    ))
}

/// Get an expense
///
/// One expense (any member of its board). The ETag serves a later conditional PATCH or DELETE.
#[utoipa::path(get, operation_id = "getExpense", path = EXPENSE, tag = "costs", security(("bearer" = [])),
    params(("expense_id" = i64, Path)),
    responses((status = 200, body = Expense, headers(("ETag" = String, description = "Version tag for If-Match.")))))]
pub async fn get(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (access, found) =
        expenses::expense_access(&state.domain, caller.user_id, path.into_inner()).await?;
    let expense = expenses::get(&state.domain, &access, found).await?;
    Ok(with_etag(
        HttpResponse::Ok(),
        KIND,
        expense.version,
        &expense,
    ))
}

/// Change an expense
///
/// Changes an expense (the person who recorded it, or a board admin). A changed amount,
/// currency, day, markup or billable flag converts it again at the exchange rate in force on its
/// (new) day; any other change keeps its conversion. With `If-Match` (the expense's `version` as
/// `"expense-v<version>"`), only if the expense is still at one of the ETags given (`*`: any).
#[utoipa::path(patch, operation_id = "updateExpense", path = EXPENSE, tag = "costs", security(("bearer" = [])),
    params(("expense_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the expense as last read (comma-separated; weak tags never match), or `*`.")),
    request_body = ExpensePatch,
    responses((status = 200, body = Expense, headers(("ETag" = String, description = "Version tag for If-Match."))),
        (status = 409, description = "The budget's currency changed while this was written (`currency_changed`); send it again.", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The expense changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(patch): Json<ExpensePatch>,
) -> ApiResult<HttpResponse> {
    let (access, found) =
        expenses::expense_access(&state.domain, caller.user_id, path.into_inner()).await?;
    super::alerts::changes_board(&req, &access);
    let expense =
        expenses::update(&state.domain, &access, found, patch, if_match(&req, KIND)).await?;
    Ok(with_etag(
        HttpResponse::Ok(),
        KIND,
        expense.version,
        &expense,
    ))
}

/// Delete an expense
///
/// Deletes an expense (the person who recorded it, or a board admin); `If-Match` as for PATCH.
#[utoipa::path(delete, operation_id = "deleteExpense", path = EXPENSE, tag = "costs", security(("bearer" = [])),
    params(("expense_id" = i64, Path),
        ("If-Match" = Option<String>, Header, description = "ETags of the expense as last read (comma-separated; weak tags never match), or `*`.")),
    responses((status = 204, description = "Deleted."),
        (status = 412, description = "The expense changed since it was read (`precondition_failed`); `ETag` names its current version.",
            body = budget_contract::problem::Problem, content_type = "application/problem+json", headers(("ETag" = String, description = "The current version tag.")))))]
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (access, found) =
        expenses::expense_access(&state.domain, caller.user_id, path.into_inner()).await?;
    super::alerts::changes_board(&req, &access);
    expenses::delete(&state.domain, &access, found, if_match(&req, KIND)).await?;
    Ok(no_content())
}
