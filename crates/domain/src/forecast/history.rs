//! The forecast history: the default forecast of every board with a budget, kept once a day.
//!
//! A day's forecast is stored by whichever comes first: the first read of the board's default
//! forecast that day ([`record_read`], from [`super::board_forecast`]) or the server's periodic
//! [`sweep`]. Both insert with `ON CONFLICT (board_id, as_of) DO NOTHING`, so the first one wins
//! and a second one changes nothing, on SQLite and PostgreSQL alike and across server
//! instances. Only the default history length is kept (a forecast asked with `history_days` is
//! another question), and only for boards with a budget (without one there is nothing to
//! overrun and no currency to keep the figures in).
//!
//! Each row keeps the headline figures in storage units (hundredths of the budget's currency,
//! hundredths of a percent) and the whole answer as JSON: method, seed and every input, so a
//! stored forecast can be traced and redone; `version` is the server's version.

use budget_contract::budget::BudgetBasis;
use budget_contract::forecast::{CostInterval, Forecast, ForecastSnapshot};
use budget_contract::page::Page;
use budget_contract::{Currency, Money, Percent};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sea_orm::{ConnectionTrait, QueryTrait, Value};

use crate::access::BoardAccess;
use crate::amount;
use crate::entity::{board, forecast_snapshot};
use crate::error::DomainResult;
use crate::pagination::{self, PageRequest};
use crate::sql;
use crate::validate::Checks;
use crate::Domain;

/// The version of the server that computes a stored forecast (the workspace's version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Stores `forecast`, the default forecast of `board_id`, as the board's forecast of its
/// `as_of` day unless that day already has one. A forecast without a budget is not stored.
/// The caller passes only forecasts of the default history length. Returns whether a row was
/// written.
pub async fn record(domain: &Domain, board_id: i64, forecast: &Forecast) -> DomainResult<bool> {
    let Some(values) = row_values(board_id, forecast, domain.clock.now())? else {
        return Ok(false);
    };
    let txn = domain.db.begin_write().await?;
    let inserted = txn
        .execute(sql::statement(domain.db.backend(), INSERT, values))
        .await?;
    txn.commit().await?;
    Ok(inserted.rows_affected() > 0)
}

/// [`record`] for a read: a failure to store is logged and does not fail the read (the
/// periodic sweep stores the day's forecast later). Once this server has stored a board's
/// forecast of a day (or found it stored), the day's later reads write nothing: a board that
/// changes all day recomputes its forecast often, and each would otherwise be a write.
pub async fn record_read(domain: &Domain, board_id: i64, forecast: &Forecast) {
    let kept = &domain.cache.kept_forecasts;
    if kept.has(board_id, forecast.as_of) {
        return;
    }
    match record(domain, board_id, forecast).await {
        // With a budget the day's row is there now, by this write or an earlier one.
        Ok(_) if forecast.inputs.bac.is_some() => kept.note(board_id, forecast.as_of),
        Ok(_) => {}
        Err(err) => tracing::warn!(board_id, error = %err, "storing the day's forecast failed"),
    }
}

/// The boards whose forecast of a day this server knows to be stored, with that day.
/// Bounded: past [`KEPT_BOARDS`] boards it starts afresh, which costs one idempotent insert per
/// board read again that day.
#[derive(Debug, Default)]
pub struct KeptDays(std::sync::Mutex<std::collections::HashMap<i64, NaiveDate>>);

/// The most boards [`KeptDays`] remembers.
pub const KEPT_BOARDS: usize = 100_000;

impl KeptDays {
    pub fn has(&self, board_id: i64, day: NaiveDate) -> bool {
        self.0
            .lock()
            .map(|kept| kept.get(&board_id) == Some(&day))
            .unwrap_or(false)
    }

    pub fn note(&self, board_id: i64, day: NaiveDate) {
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= KEPT_BOARDS && !kept.contains_key(&board_id) {
                kept.clear();
            }
            kept.insert(board_id, day);
        }
    }
}

const INSERT: &str = "INSERT INTO forecast_snapshot (board_id, as_of, method, version, basis, \
       currency, projected_cents, low_cents, high_cents, projected_overrun_cents, ac_cents, \
       bac_cents, probability_hundredths, exhaustion_date, forecast_json, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
     ON CONFLICT (board_id, as_of) DO NOTHING";

/// The values of [`INSERT`] for `forecast`; `None` without a budget.
fn row_values(
    board_id: i64,
    forecast: &Forecast,
    now: DateTime<Utc>,
) -> DomainResult<Option<Vec<Value>>> {
    let (Some(currency), Some(bac)) = (forecast.currency.as_deref(), forecast.inputs.bac) else {
        return Ok(None);
    };
    let probability = forecast
        .probability_over_budget
        .map(|p| hundredths(p.value()).and_then(|h| i32::try_from(h).map_err(|_| unfit())))
        .transpose()?;
    Ok(Some(vec![
        board_id.into(),
        forecast.as_of.into(),
        forecast.method.clone().into(),
        VERSION.into(),
        forecast.basis.as_str().into(),
        currency.into(),
        cents(forecast.projected_cost_at_completion)?.into(),
        cents(forecast.interval_80.low)?.into(),
        cents(forecast.interval_80.high)?.into(),
        forecast.projected_overrun.map(cents).transpose()?.into(),
        cents(forecast.inputs.ac)?.into(),
        cents(bac)?.into(),
        probability.into(),
        forecast.projected_exhaustion_date.into(),
        serde_json::to_string(forecast)
            .map_err(|err| DbErr::Custom(format!("the forecast as JSON: {err}")))?
            .into(),
        now.into(),
    ]))
}

/// An amount of the answer (rounded to its currency's minor unit) in hundredths.
fn cents(money: Money) -> DomainResult<i64> {
    hundredths(money.value())
}

fn hundredths(value: rust_decimal::Decimal) -> DomainResult<i64> {
    amount::to_hundredths(value).ok_or_else(unfit)
}

fn unfit() -> crate::DomainError {
    DbErr::Custom("a forecast figure does not fit its column".to_owned()).into()
}

/// What one [`sweep`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Boards whose forecast of today was stored by this sweep.
    pub recorded: u64,
    /// Boards whose forecast could not be computed or stored (each logged); the next sweep
    /// tries again.
    pub failed: u64,
}

/// Computes and stores today's default forecast for every board with a budget that has none
/// for today yet. One board's failure is logged and does not stop the others.
pub async fn sweep(domain: &Domain) -> DomainResult<Swept> {
    let today = domain.clock.today();
    let boards: Vec<board::Model> = sql::all(
        domain.db.conn(),
        "SELECT b.id, b.name, b.organization_id, b.created_by, b.start_date, b.due_date, \
                b.created_at, b.time_rounding, b.editors_log_for_others, b.version \
         FROM board b \
         WHERE EXISTS (SELECT 1 FROM project_budget p WHERE p.board_id = b.id) \
           AND NOT EXISTS (SELECT 1 FROM forecast_snapshot s \
                           WHERE s.board_id = b.id AND s.as_of = $1) \
         ORDER BY b.id",
        vec![today.into()],
    )
    .await?;
    let mut swept = Swept::default();
    for board in &boards {
        let outcome = async {
            let forecast =
                super::compute(domain, board, super::DEFAULT_HISTORY_DAYS, today).await?;
            record(domain, board.id, &forecast).await
        }
        .await;
        match outcome {
            Ok(true) => swept.recorded += 1,
            // A read stored it meanwhile, or the budget went: nothing to do.
            Ok(false) => {}
            Err(err) => {
                swept.failed += 1;
                tracing::warn!(board_id = board.id, error = %err, "storing the day's forecast failed");
            }
        }
    }
    Ok(swept)
}

/// The filters and page of a board's forecast history.
#[derive(Clone, Debug, Default)]
pub struct HistoryFilter {
    /// First day to include.
    pub from: Option<NaiveDate>,
    /// Last day to include.
    pub to: Option<NaiveDate>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// A board's stored forecasts, oldest first. Any role on the board may read them.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    filter: HistoryFilter,
) -> DomainResult<Page<ForecastSnapshot>> {
    let mut checks = Checks::new();
    checks.day_range(filter.from, filter.to);
    let page = PageRequest::parse(
        &mut checks,
        filter.limit,
        filter.cursor.as_deref(),
        decode_cursor,
    );
    checks.finish()?;
    let mut condition =
        Condition::all().add(forecast_snapshot::Column::BoardId.eq(access.board_id()));
    if let Some(from) = filter.from {
        condition = condition.add(forecast_snapshot::Column::AsOf.gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(forecast_snapshot::Column::AsOf.lte(to));
    }
    let backend = domain.db.backend();
    let filtered = forecast_snapshot::Entity::find()
        .filter(condition.clone())
        .build(backend);
    if let Some(after) = page.after {
        condition = condition.add(forecast_snapshot::Column::AsOf.gt(after));
    }
    let window = forecast_snapshot::Entity::find()
        .filter(condition)
        .order_by_asc(forecast_snapshot::Column::AsOf)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) =
        pagination::read::<forecast_snapshot::Model>(&domain.db, filtered, window).await?;
    Ok(page
        .page(rows, total, |row| row.as_of.to_string())
        .map(view))
}

/// The cursor of the history: the last day of the previous page (a board has one row a day).
fn decode_cursor(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// The wire form: amounts with the minor units of the currency they were stored in.
fn view(row: forecast_snapshot::Model) -> ForecastSnapshot {
    let currency = Currency::find_or_default(&row.currency);
    let money = |cents: i64| amount::money(cents, currency);
    ForecastSnapshot {
        as_of: row.as_of,
        method: row.method,
        version: row.version,
        basis: row.basis.parse().unwrap_or(BudgetBasis::Cost),
        projected_cost_at_completion: money(row.projected_cents),
        interval_80: CostInterval {
            low: money(row.low_cents),
            high: money(row.high_cents),
        },
        probability_over_budget: row
            .probability_hundredths
            .map(|h| Percent::from_hundredths(i64::from(h))),
        projected_overrun: row.projected_overrun_cents.map(money),
        projected_exhaustion_date: row.exhaustion_date,
        ac: money(row.ac_cents),
        bac: money(row.bac_cents),
        currency: row.currency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_day_is_known_for_its_board_and_day_only() {
        let kept = KeptDays::default();
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert!(!kept.has(7, day));
        kept.note(7, day);
        assert!(kept.has(7, day));
        assert!(!kept.has(8, day));
        assert!(!kept.has(7, day.succ_opt().unwrap()));
        kept.note(7, day.succ_opt().unwrap());
        assert!(!kept.has(7, day));
    }

    #[test]
    fn a_cursor_is_a_day_and_nothing_else() {
        assert_eq!(
            decode_cursor("2026-11-25"),
            NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        for bad in ["", "25", "2026-13-01", "2026-11-25_3"] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
        }
    }

    #[test]
    fn stored_units_come_back_in_the_currency_they_were_stored_in() {
        let row = forecast_snapshot::Model {
            id: 1,
            board_id: 7,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            method: "m".to_owned(),
            version: "0.2.0".to_owned(),
            basis: "billable".to_owned(),
            currency: "JPY".to_owned(),
            projected_cents: 123_400,
            low_cents: 100_000,
            high_cents: 150_000,
            projected_overrun_cents: Some(-5_000),
            ac_cents: 50_000,
            bac_cents: 128_400,
            probability_hundredths: Some(1_250),
            exhaustion_date: None,
            forecast_json: "{}".to_owned(),
            created_at: Utc::now(),
        };
        let snapshot = view(row);
        assert_eq!(snapshot.basis, BudgetBasis::Billable);
        assert_eq!(snapshot.projected_cost_at_completion.to_string(), "1234");
        assert_eq!(snapshot.projected_overrun.unwrap().to_string(), "-50");
        assert_eq!(
            snapshot.probability_over_budget.unwrap().to_string(),
            "12.50"
        );
    }
}
