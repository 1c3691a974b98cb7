//! An organisation's exchange rates: entered one at a time or imported from a CSV file by its
//! admins, kept as a history per currency pair, and the one place an amount is converted from
//! one currency to another.
//!
//! The rate in force for a pair on a day is the one with the latest `valid_from` on or before
//! that day. Rates are directional: converting from A to B reads the A→B rate and never inverts
//! a B→A one, so every conversion is a multiplication by a rate someone entered, exact, rounded
//! once half-to-even to the target currency's minor unit. A missing rate is refused, never
//! guessed. Every source of rates (an admin, an imported file) writes through [`store`]: a feed
//! would be one more caller of it.

use std::collections::HashMap;

use budget_contract::audit::AuditAction;
use budget_contract::exchange_rate::{
    Conversion, ExchangeRate, ExchangeRateImport, ExchangeRateSource, NewExchangeRate,
};
use budget_contract::limits::{EXCHANGE_RATE_PLACES, MAX_EXCHANGE_RATE};
use budget_contract::page::Page;
use budget_contract::problem::{FieldError, ProblemCode};
use budget_contract::{Currency, Money};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use serde_json::json;

use crate::entity::exchange_rate;
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::organizations::{record, require_org_admin};
use crate::pagination;
use crate::validate::{max_amount, Checks};
use crate::Domain;

/// The most rows one import may hold.
pub const MAX_IMPORT_ROWS: usize = 1_000;

/// The columns an import file starts with, in this order.
pub const IMPORT_HEADER: [&str; 4] = ["from_currency", "to_currency", "rate", "valid_from"];

/// Filters of the list; both optional.
#[derive(Clone, Debug, Default)]
pub struct RateFilter {
    pub from_currency: Option<String>,
    pub to_currency: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// A rate as checked: its currencies and its value in hundred-millionths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CheckedRate {
    from: &'static Currency,
    to: &'static Currency,
    units: i64,
    valid_from: NaiveDate,
}

/// The rate that converts one amount: which stored rate it is (none between a currency and
/// itself) and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateInForce {
    pub id: Option<i64>,
    pub valid_from: Option<NaiveDate>,
    pub rate: Decimal,
    /// The rate as stored, in hundred-millionths; none between a currency and itself.
    pub units: Option<i64>,
}

impl RateInForce {
    /// A currency converts to itself at 1, with no stored rate.
    const SAME: Self = Self {
        id: None,
        valid_from: None,
        rate: Decimal::ONE,
        units: None,
    };
}

/// `amount` in `from` converted at `rate` to `to`: the exact product rounded once, half-to-even,
/// to the minor unit of `to`.
pub fn convert(amount: Decimal, rate: Decimal, to: &Currency) -> Option<Money> {
    amount
        .checked_mul(rate)
        .map(|exact| Money::in_currency(exact, to))
}

/// The rate in hundred-millionths as an exact decimal without trailing zeros.
pub fn rate_value(units: i64) -> Decimal {
    Decimal::new(units, EXCHANGE_RATE_PLACES).normalize()
}

fn view(model: exchange_rate::Model) -> ExchangeRate {
    ExchangeRate {
        id: model.id,
        organization_id: model.organization_id,
        from_currency: model.from_currency,
        to_currency: model.to_currency,
        rate: rate_value(model.rate_units).to_string(),
        valid_from: model.valid_from,
        source: model.source.parse().unwrap_or(ExchangeRateSource::Manual),
        created_by: model.created_by,
        created_at: model.created_at,
    }
}

/// Checks one rate; `prefix` names the row of an import (`rows[3].`), empty for a single rate.
fn check(checks: &mut Checks, prefix: &str, input: &NewExchangeRate) -> CheckedRate {
    let field = |name: &str| format!("{prefix}{name}");
    let from = checks.currency(&field("from_currency"), &input.from_currency);
    let to = checks.currency(&field("to_currency"), &input.to_currency);
    if from == to {
        checks.fail(
            &field("to_currency"),
            "invalid",
            "must differ from `from_currency`",
        );
    }
    let units = rate_units(checks, &field("rate"), input.rate);
    if let Err(message) = budget_contract::date::check(input.valid_from) {
        checks.fail(&field("valid_from"), "out_of_range", message);
    }
    CheckedRate {
        from,
        to,
        units,
        valid_from: input.valid_from,
    }
}

/// More than 0, at most [`MAX_EXCHANGE_RATE`], at most [`EXCHANGE_RATE_PLACES`] decimals; in
/// hundred-millionths.
fn rate_units(checks: &mut Checks, field: &str, rate: Decimal) -> i64 {
    if rate <= Decimal::ZERO || rate > Decimal::new(MAX_EXCHANGE_RATE, 0) {
        checks.fail(
            field,
            "out_of_range",
            format!("must be more than 0 and at most {MAX_EXCHANGE_RATE}"),
        );
        return 0;
    }
    if rate.normalize().scale() > EXCHANGE_RATE_PLACES {
        checks.fail(
            field,
            "too_precise",
            format!("must have at most {EXCHANGE_RATE_PLACES} decimal places"),
        );
        return 0;
    }
    let scaled = rate.checked_mul(Decimal::new(10_i64.pow(EXCHANGE_RATE_PLACES), 0));
    scaled
        .and_then(|scaled| i64::try_from(scaled).ok())
        .unwrap_or_else(|| {
            checks.fail(field, "invalid", "is not a valid rate");
            0
        })
}

/// The organisation's rates, by id (organisation admins only).
pub async fn list(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    filter: RateFilter,
) -> DomainResult<Page<ExchangeRate>> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins see exchange rates",
    )
    .await?;
    let mut checks = Checks::new();
    let from = filter
        .from_currency
        .as_deref()
        .map(|code| checks.currency("from_currency", code).code);
    let to = filter
        .to_currency
        .as_deref()
        .map(|code| checks.currency("to_currency", code).code);
    let page = pagination::by_id_parse(&mut checks, filter.limit, filter.cursor.as_deref());
    checks.finish()?;
    let mut query =
        exchange_rate::Entity::find().filter(exchange_rate::Column::OrganizationId.eq(org_id));
    if let Some(from) = from {
        query = query.filter(exchange_rate::Column::FromCurrency.eq(from));
    }
    if let Some(to) = to {
        query = query.filter(exchange_rate::Column::ToCurrency.eq(to));
    }
    let backend = domain.db.backend();
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(exchange_rate::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(exchange_rate::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) =
        pagination::read::<exchange_rate::Model>(&domain.db, filtered, window).await?;
    Ok(page.page(rows, total, |r| r.id.to_string()).map(view))
}

/// Adds one rate (organisation admins only). A pair has one rate per day: another for the same
/// pair and day is refused (409 `exchange_rate_exists`); delete the wrong one first.
pub async fn add(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    input: NewExchangeRate,
    idempotent: Option<&Idempotent<ExchangeRate>>,
) -> DomainResult<Created<ExchangeRate>> {
    let result = add_in_transaction(domain, user_id, org_id, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn add_in_transaction(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    input: NewExchangeRate,
    idempotent: Option<&Idempotent<ExchangeRate>>,
) -> DomainResult<Created<ExchangeRate>> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins enter exchange rates",
    )
    .await?;
    let mut checks = Checks::new();
    let checked = check(&mut checks, "", &input);
    checks.finish()?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let stored = store(
        &*txn,
        now,
        user_id,
        org_id,
        checked,
        ExchangeRateSource::Manual,
    )
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            exists(&checked)
        } else {
            err.into()
        }
    })?;
    let rate = view(stored);
    record(
        &*txn,
        now,
        user_id,
        org_id,
        AuditAction::AddExchangeRate,
        None,
        Some(json!(rate)),
    )
    .await?;
    idempotency::remember(&*txn, now, idempotent, &rate).await?;
    txn.commit().await?;
    Ok(Created::New(rate))
}

fn exists(rate: &CheckedRate) -> DomainError {
    DomainError::conflict(
        ProblemCode::ExchangeRateExists,
        format!(
            "a {}→{} rate from {} is already stored; delete it first to replace it",
            rate.from.code, rate.to.code, rate.valid_from
        ),
    )
}

/// Stores a checked rate: every source of rates writes through here.
async fn store<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    user_id: i64,
    org_id: i64,
    rate: CheckedRate,
    source: ExchangeRateSource,
) -> Result<exchange_rate::Model, sea_orm::DbErr> {
    exchange_rate::ActiveModel {
        organization_id: Set(org_id),
        from_currency: Set(rate.from.code.to_owned()),
        to_currency: Set(rate.to.code.to_owned()),
        rate_units: Set(rate.units),
        valid_from: Set(rate.valid_from),
        source: Set(source.as_str().to_owned()),
        created_by: Set(Some(user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// Deletes a rate (organisation admins only).
pub async fn delete(domain: &Domain, user_id: i64, org_id: i64, rate_id: i64) -> DomainResult<()> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins delete exchange rates",
    )
    .await?;
    let txn = domain.db.begin_write().await?;
    let found = exchange_rate::Entity::find_by_id(rate_id)
        .filter(exchange_rate::Column::OrganizationId.eq(org_id))
        .one(&*txn)
        .await?
        .ok_or(DomainError::NotFound("exchange rate"))?;
    exchange_rate::Entity::delete_by_id(found.id)
        .exec(&*txn)
        .await?;
    record(
        &*txn,
        domain.clock.now(),
        user_id,
        org_id,
        AuditAction::DeleteExchangeRate,
        Some(json!(view(found))),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Imports rates from CSV text (organisation admins only): a header row
/// `from_currency,to_currency,rate,valid_from`, then one rate per row. Every row is checked
/// before any is stored, and all are stored in one transaction, or none: each failing row is
/// listed as `rows[n].field` (n counts data rows from 1). A row equal to a stored rate (same
/// pair, day and rate) is left as it is, so importing a file twice changes nothing; a row that
/// gives a stored pair and day another rate is refused.
pub async fn import(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    text: &str,
) -> DomainResult<ExchangeRateImport> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins import exchange rates",
    )
    .await?;
    let rates = parse_import(text)?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let stored: HashMap<(String, String, NaiveDate), i64> = exchange_rate::Entity::find()
        .filter(exchange_rate::Column::OrganizationId.eq(org_id))
        .all(&*txn)
        .await?
        .into_iter()
        .map(|r| ((r.from_currency, r.to_currency, r.valid_from), r.rate_units))
        .collect();
    let mut errors = Vec::new();
    let mut seen: HashMap<(&str, &str, NaiveDate), (usize, i64)> = HashMap::new();
    let mut new_rates = Vec::new();
    let mut unchanged = 0_u64;
    for (row, rate) in rates.iter().enumerate() {
        let row = row + 1;
        let key = (rate.from.code, rate.to.code, rate.valid_from);
        let conflict = |message: String| FieldError {
            field: format!("rows[{row}].rate"),
            code: "conflicting_rate".to_owned(),
            message,
        };
        if let Some((earlier, units)) = seen.get(&key) {
            if *units != rate.units {
                errors.push(conflict(format!(
                    "row {earlier} gives this pair and day another rate"
                )));
            }
            continue;
        }
        seen.insert(key, (row, rate.units));
        let stored_key = (
            rate.from.code.to_owned(),
            rate.to.code.to_owned(),
            rate.valid_from,
        );
        match stored.get(&stored_key) {
            Some(units) if *units == rate.units => unchanged += 1,
            Some(units) => errors.push(conflict(format!(
                "a {}→{} rate of {} from {} is already stored; delete it first to replace it",
                rate.from.code,
                rate.to.code,
                rate_value(*units),
                rate.valid_from
            ))),
            None => new_rates.push(*rate),
        }
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    for rate in &new_rates {
        // A rate of the same pair and day stored meanwhile by another writer (PostgreSQL):
        // refused as when it was there before.
        store(
            &*txn,
            now,
            user_id,
            org_id,
            *rate,
            ExchangeRateSource::Import,
        )
        .await
        .map_err(|err| {
            if is_unique_violation(&err) {
                exists(rate)
            } else {
                err.into()
            }
        })?;
    }
    let outcome = ExchangeRateImport {
        created: u64::try_from(new_rates.len()).unwrap_or(u64::MAX),
        unchanged,
    };
    record(
        &*txn,
        now,
        user_id,
        org_id,
        AuditAction::ImportExchangeRates,
        None,
        Some(json!(outcome)),
    )
    .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Reads and checks every row of an import; all failures at once.
fn parse_import(text: &str) -> DomainResult<Vec<CheckedRate>> {
    // A byte order mark, as spreadsheets write one, is not part of the first field.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header_ok = reader.headers().is_ok_and(|header| {
        header.len() == IMPORT_HEADER.len()
            && header
                .iter()
                .zip(IMPORT_HEADER)
                .all(|(found, wanted)| found.eq_ignore_ascii_case(wanted))
    });
    if !header_ok {
        return Err(DomainError::field(
            "header",
            "invalid",
            format!("the first row must be `{}`", IMPORT_HEADER.join(",")),
        ));
    }
    let mut checks = Checks::new();
    let mut rates = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 1;
        if row > MAX_IMPORT_ROWS {
            return Err(DomainError::field(
                "rows",
                "too_many",
                format!("an import holds at most {MAX_IMPORT_ROWS} rows"),
            ));
        }
        let prefix = format!("rows[{row}].");
        let record = match record {
            Ok(record) if record.len() == IMPORT_HEADER.len() => record,
            _ => {
                checks.fail(
                    &format!("rows[{row}]"),
                    "invalid",
                    format!("must hold {} fields", IMPORT_HEADER.len()),
                );
                continue;
            }
        };
        let rate = budget_contract::money::parse_decimal(&record[2]);
        let valid_from = record[3].parse::<NaiveDate>().ok();
        if rate.is_none() {
            checks.fail(
                &format!("{prefix}rate"),
                "invalid",
                "must be a decimal such as 0.9215",
            );
        }
        if valid_from.is_none() {
            checks.fail(
                &format!("{prefix}valid_from"),
                "invalid",
                "must be a date such as 2026-03-01",
            );
        }
        // An unreadable rate or day stands in as a valid one, so that the row's other fields
        // are still checked; the row has failed already.
        let input = NewExchangeRate {
            from_currency: record[0].to_owned(),
            to_currency: record[1].to_owned(),
            rate: rate.unwrap_or(Decimal::ONE),
            valid_from: valid_from.unwrap_or(budget_contract::limits::DATE_RANGE.0),
        };
        rates.push(check(&mut checks, &prefix, &input));
    }
    if rates.is_empty() && checks.is_empty() {
        checks.fail("rows", "required", "the file holds no rates");
    }
    checks.finish()?;
    Ok(rates)
}

/// The `from`→`to` rate in force on `day` in the organisation; a currency converts to itself at
/// 1. `None` when no rate for the pair takes effect on or before that day.
pub async fn in_force<C: ConnectionTrait>(
    conn: &C,
    org_id: i64,
    from: &Currency,
    to: &Currency,
    day: NaiveDate,
) -> DomainResult<Option<RateInForce>> {
    Ok(in_force_on_days(conn, org_id, from, to, &[day])
        .await?
        .remove(&day))
}

/// [`in_force`] on several days, in one query: for each day, the latest rate of the pair that
/// starts on or before it (a currency converts to itself at 1). Days without a rate are left
/// out.
pub async fn in_force_on_days<C: ConnectionTrait>(
    conn: &C,
    org_id: i64,
    from: &Currency,
    to: &Currency,
    days: &[NaiveDate],
) -> DomainResult<HashMap<NaiveDate, RateInForce>> {
    #[derive(sea_orm::FromQueryResult)]
    struct Found {
        day: NaiveDate,
        id: i64,
        valid_from: NaiveDate,
        rate_units: i64,
    }
    let mut in_force = HashMap::new();
    if from == to {
        in_force.extend(days.iter().map(|&day| (day, RateInForce::SAME)));
        return Ok(in_force);
    }
    for chunk in days.chunks(500) {
        let placeholders: Vec<String> = (4..4 + chunk.len()).map(|i| format!("(${i})")).collect();
        let mut values: Vec<sea_orm::Value> = vec![org_id.into(), from.code.into(), to.code.into()];
        values.extend(chunk.iter().map(|&day| day.into()));
        let found: Vec<Found> = crate::sql::all(
            conn,
            &format!(
                "WITH days (d) AS (VALUES {}) \
                 SELECT days.d AS day, r.id AS id, r.valid_from AS valid_from, \
                   r.rate_units AS rate_units \
                 FROM days JOIN exchange_rate r ON r.id = ( \
                   SELECT x.id FROM exchange_rate x \
                   WHERE x.organization_id = $1 AND x.from_currency = $2 \
                     AND x.to_currency = $3 AND x.valid_from <= days.d \
                   ORDER BY x.valid_from DESC LIMIT 1)",
                placeholders.join(", ")
            ),
            values,
        )
        .await?;
        in_force.extend(found.into_iter().map(|found| {
            let rate = RateInForce {
                id: Some(found.id),
                valid_from: Some(found.valid_from),
                rate: rate_value(found.rate_units),
                units: Some(found.rate_units),
            };
            (found.day, rate)
        }));
    }
    Ok(in_force)
}

/// The `from`→`to` rate in force on `day` for a board of the organisation `org_id`: a board
/// outside an organisation has no exchange rates and converts only its own currency.
pub async fn in_force_for_board<C: ConnectionTrait>(
    conn: &C,
    org_id: Option<i64>,
    from: &Currency,
    to: &Currency,
    day: NaiveDate,
) -> DomainResult<Option<RateInForce>> {
    match org_id {
        Some(org_id) => in_force(conn, org_id, from, to, day).await,
        None if from == to => Ok(Some(RateInForce::SAME)),
        None => Ok(None),
    }
}

/// The refusal when no rate converts `from` to `to` on `day`, reported on `field`.
pub fn missing(field: &str, from: &Currency, to: &Currency, day: NaiveDate) -> DomainError {
    DomainError::field(
        field,
        "missing_exchange_rate",
        format!(
            "no {}→{} exchange rate is in force on {day}; an organisation admin enters one",
            from.code, to.code
        ),
    )
}

/// What converting an amount asks: `amount` of `from_currency` on the day `on`.
#[derive(Clone, Debug)]
pub struct ConversionQuery {
    pub from_currency: String,
    pub to_currency: String,
    pub amount: Decimal,
    pub on: NaiveDate,
}

/// Converts an amount with the rate in force on a day, naming the rate used (organisation
/// admins only).
pub async fn convert_amount(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    query: ConversionQuery,
) -> DomainResult<Conversion> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins see exchange rates",
    )
    .await?;
    let mut checks = Checks::new();
    let from = checks.currency("from_currency", &query.from_currency);
    let to = checks.currency("to_currency", &query.to_currency);
    checks.money("amount", query.amount, from, max_amount());
    if let Err(message) = budget_contract::date::check(query.on) {
        checks.fail("on", "out_of_range", message);
    }
    checks.finish()?;
    let rate = in_force(domain.db.conn(), org_id, from, to, query.on)
        .await?
        .ok_or_else(|| missing("to_currency", from, to, query.on))?;
    let converted = convert(query.amount, rate.rate, to)
        .ok_or_else(|| DomainError::field("amount", "out_of_range", "is too large to convert"))?;
    Ok(Conversion {
        from_currency: from.code.to_owned(),
        to_currency: to.code.to_owned(),
        on: query.on,
        amount: Money::in_currency(query.amount, from),
        rate: rate.rate.to_string(),
        rate_id: rate.id,
        rate_valid_from: rate.valid_from,
        converted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn currency(code: &str) -> &'static Currency {
        Currency::find(code).unwrap()
    }

    #[test]
    fn a_conversion_is_the_exact_product_rounded_once_half_to_even() {
        let cases = [
            // 1234.50 USD × 0.9215 = 1137.59175 EUR
            (dec!(1234.50), dec!(0.9215), "EUR", "1137.59"),
            // 0.25 × 0.1 = 0.025 and 0.35 × 0.1 = 0.035: ties, to the even cent
            (dec!(0.25), dec!(0.1), "GBP", "0.02"),
            (dec!(0.35), dec!(0.1), "GBP", "0.04"),
            // 10.00 EUR × 161.235 = 1612.35: whole yen; a tie of 2.5 yen goes to the even 2
            (dec!(10.00), dec!(161.235), "JPY", "1612"),
            (dec!(2.5), dec!(1), "JPY", "2"),
            // 1500 JPY × 0.00612345 = 9.185175 EUR
            (dec!(1500), dec!(0.00612345), "EUR", "9.19"),
            // The largest amount at the largest rate with the finest decimals, exact.
            (
                dec!(10000000000.00),
                dec!(999999.99999999),
                "USD",
                "9999999999999900.00",
            ),
        ];
        for (amount, rate, to, expected) in cases {
            let converted = convert(amount, rate, currency(to)).unwrap();
            assert_eq!(converted.to_string(), expected, "{amount} × {rate} in {to}");
        }
    }

    fn rate(rate: Decimal) -> Result<i64, Vec<String>> {
        let mut checks = Checks::new();
        let units = rate_units(&mut checks, "rate", rate);
        checks.finish().map(|()| units).map_err(|err| match err {
            DomainError::Validation(errors) => errors.into_iter().map(|e| e.code).collect(),
            other => vec![other.to_string()],
        })
    }

    #[test]
    fn a_rate_is_positive_bounded_and_has_at_most_eight_decimals() {
        assert_eq!(rate(dec!(0.9215)), Ok(92_150_000));
        assert_eq!(rate(dec!(0.00000001)), Ok(1));
        assert_eq!(rate(dec!(1000000)), Ok(100_000_000_000_000));
        assert_eq!(rate(dec!(0)), Err(vec!["out_of_range".to_owned()]));
        assert_eq!(
            rate(dec!(1000000.00000001)),
            Err(vec!["out_of_range".to_owned()])
        );
        assert_eq!(rate(dec!(0.000000001)), Err(vec!["too_precise".to_owned()]));
        assert_eq!(rate(dec!(1.100000000)), Ok(110_000_000));
        assert_eq!(rate_value(92_150_000).to_string(), "0.9215");
        assert_eq!(rate_value(100_000_000).to_string(), "1");
    }

    fn import_errors(text: &str) -> Vec<(String, String)> {
        match parse_import(text) {
            Ok(rates) => panic!("accepted {} rows", rates.len()),
            Err(DomainError::Validation(errors)) => {
                errors.into_iter().map(|e| (e.field, e.code)).collect()
            }
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn an_import_reads_quoted_csv_and_names_each_failing_row() {
        let rates = parse_import(
            "from_currency,to_currency,rate,valid_from\r\nusd,EUR,0.9215,2026-03-01\r\n\"GBP\",\" USD \", 1.27 ,2026-01-01\r\n",
        )
        .unwrap();
        assert_eq!(rates.len(), 2);
        assert_eq!(
            (rates[0].from.code, rates[0].to.code, rates[0].units),
            ("USD", "EUR", 92_150_000)
        );
        assert_eq!((rates[1].from.code, rates[1].to.code), ("GBP", "USD"));
        assert_eq!(
            import_errors("from,to,rate,day\nUSD,EUR,1,2026-01-01\n"),
            [("header".to_owned(), "invalid".to_owned())]
        );
        assert_eq!(
            import_errors("from_currency,to_currency,rate,valid_from\n"),
            [("rows".to_owned(), "required".to_owned())]
        );
        assert_eq!(
            import_errors(
                "from_currency,to_currency,rate,valid_from\n\
                 USD,EUR,0.92,2026-01-01\n\
                 USD,USD,1,2026-01-01\n\
                 XXX,EUR,-x,2026-02-30\n\
                 USD,GBP,-1,2026-01-01\n\
                 USD,EUR\n"
            ),
            [
                ("rows[2].to_currency".to_owned(), "invalid".to_owned()),
                ("rows[3].rate".to_owned(), "invalid".to_owned()),
                ("rows[3].valid_from".to_owned(), "invalid".to_owned()),
                (
                    "rows[3].from_currency".to_owned(),
                    "unsupported_currency".to_owned()
                ),
                ("rows[4].rate".to_owned(), "out_of_range".to_owned()),
                ("rows[5]".to_owned(), "invalid".to_owned()),
            ]
        );
    }
}
