//! An organisation's exchange rates: entered, imported from CSV, listed, deleted, and used to
//! convert an amount (organisation admins only).

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::exchange_rate::{
    Conversion, ExchangeRate, ExchangeRateFile, ExchangeRateImport, NewExchangeRate,
};
use budget_contract::page::Page;
use budget_domain::exchange_rates::{self, ConversionQuery, RateFilter};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created_at, no_content, ok, page, resource, Guard};
use crate::auth::Caller;
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const RATES: &str = "/organizations/{org_id}/exchange-rates";
const RATE: &str = "/organizations/{org_id}/exchange-rates/{rate_id}";
const IMPORT: &str = "/organizations/{org_id}/exchange-rates/import";
const CONVERT: &str = "/organizations/{org_id}/exchange-rates/convert";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(list, create, delete, import, convert))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The fixed paths before the one with an id, which would otherwise take them.
    cfg.service(resource(IMPORT, Guard::Token).post(import))
        .service(resource(CONVERT, Guard::Token).get(convert))
        .service(resource(RATES, Guard::Token).get(list).post(create))
        .service(resource(RATE, Guard::Token).delete(delete));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RateParams {
    /// Only rates from this currency (ISO 4217 code).
    #[param(pattern = r"^\s*[A-Za-z]{3}\s*$")]
    pub from_currency: Option<String>,
    /// Only rates to this currency (ISO 4217 code).
    #[param(pattern = r"^\s*[A-Za-z]{3}\s*$")]
    pub to_currency: Option<String>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List exchange rates
///
/// The organisation's exchange rates, oldest entry first (organisation admins only).
#[utoipa::path(get, operation_id = "listExchangeRates", path = RATES, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), RateParams), responses((status = 200, body = Page<ExchangeRate>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(q): Query<RateParams>,
) -> ApiResult<HttpResponse> {
    let filter = RateFilter {
        from_currency: q.from_currency,
        to_currency: q.to_currency,
        limit: q.limit,
        cursor: q.cursor,
    };
    let rates =
        exchange_rates::list(&state.domain, caller.user_id, path.into_inner(), filter).await?;
    Ok(page(&req, &rates))
}

/// Add an exchange rate
///
/// Adds a rate for a currency pair from a day on (organisation admins only). A pair has one
/// rate per day; the earlier rates stay and apply to the days before it.
#[utoipa::path(post, operation_id = "createExchangeRate", path = RATES, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), IdempotencyKeyHeader), request_body = NewExchangeRate,
    responses((status = 201, body = ExchangeRate, headers(
        ("Location" = String, description = "Where the new rate is addressed (it is deleted there): `/api/v1/organizations/{org_id}/exchange-rates/{rate_id}`."))),
    (status = 409, description = "A rate for this pair and day is already stored (`exchange_rate_exists`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(input): Json<NewExchangeRate>,
) -> ApiResult<HttpResponse> {
    let org_id = path.into_inner();
    let location =
        move |rate: &ExchangeRate| format!("/organizations/{org_id}/exchange-rates/{}", rate.id);
    let idempotent = idempotency::created(&req, caller.user_id, &input, location)?;
    let outcome = exchange_rates::add(
        &state.domain,
        caller.user_id,
        org_id,
        input,
        idempotent.as_ref(),
    )
    .await?;
    Ok(idempotency::respond(outcome, |rate| {
        created_at(&location(&rate)).json(&rate)
    }))
}

/// Delete an exchange rate
///
/// Deletes a rate (organisation admins only), e.g. to enter a corrected one for its day.
#[utoipa::path(delete, operation_id = "deleteExchangeRate", path = RATE, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), ("rate_id" = i64, Path)),
    responses((status = 204, description = "Deleted."),
    (status = 404, description = "No such rate in the organisation (`not_found`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn delete(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (org_id, rate_id) = path.into_inner();
    exchange_rates::delete(&state.domain, caller.user_id, org_id, rate_id).await?;
    Ok(no_content())
}

/// Import exchange rates from CSV
///
/// Imports rates from a CSV file (RFC 4180, UTF-8; organisation admins only), sent as the text
/// of the body's `csv`: the header row `from_currency,to_currency,rate,valid_from`, then one
/// rate per row, at most 1000 rows. Every row is checked before any is stored; one failing row
/// stores none, and each failing row is named as `rows[n].field` (data rows counted from 1). A
/// row equal to a stored rate is left as it is, so importing the same file twice changes
/// nothing; a row giving a stored pair and day another rate is refused.
#[utoipa::path(post, operation_id = "importExchangeRates", path = IMPORT, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path)),
    request_body = ExchangeRateFile,
    responses((status = 200, body = ExchangeRateImport)))]
pub async fn import(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Json(file): Json<ExchangeRateFile>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&exchange_rates::import(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        &file.csv,
    )
    .await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConvertParams {
    /// The currency converted from (ISO 4217 code).
    #[param(pattern = r"^\s*[A-Za-z]{3}\s*$")]
    pub from_currency: String,
    /// The currency converted to (ISO 4217 code).
    #[param(pattern = r"^\s*[A-Za-z]{3}\s*$")]
    pub to_currency: String,
    /// The amount, ≥ 0, with at most the minor units of `from_currency`.
    #[param(value_type = String, pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$", example = "1234.50")]
    #[serde(deserialize_with = "budget_contract::money::wire::decimal")]
    pub amount: Decimal,
    /// The day whose rate converts (the rate with the latest `valid_from` on or before it). A
    /// date from 1970-01-01 to 2200-12-31.
    pub on: NaiveDate,
}

/// Convert an amount
///
/// Converts an amount with the organisation's rate in force on a day, naming the rate used
/// (organisation admins only). No rate for the pair on or before that day is a 422 naming the
/// pair and the day (`missing_exchange_rate` on `to_currency`); a rate for the opposite
/// direction is never inverted.
#[utoipa::path(get, operation_id = "convertAmount", path = CONVERT, tag = "organizations", security(("bearer" = [])),
    params(("org_id" = i64, Path), ConvertParams), responses((status = 200, body = Conversion)))]
pub async fn convert(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<i64>,
    Query(q): Query<ConvertParams>,
) -> ApiResult<HttpResponse> {
    let query = ConversionQuery {
        from_currency: q.from_currency,
        to_currency: q.to_currency,
        amount: q.amount,
        on: q.on,
    };
    Ok(ok(&exchange_rates::convert_amount(
        &state.domain,
        caller.user_id,
        path.into_inner(),
        query,
    )
    .await?))
}
