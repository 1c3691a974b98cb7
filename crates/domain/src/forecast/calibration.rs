//! How well the forecasts have done, per board and across an organisation's boards.
//!
//! The forecasts scored are those whose horizon has passed (completion date on or before today,
//! a horizon of at least one day): the board's stored daily forecasts, and a backtest — the
//! forecast as of every seventh day since the board started (at most the last
//! [`MAX_BACKTESTS`]), made from the costs dated on or before that day and the estimates,
//! progress and budget then recorded. Each is set against the outcome, what was spent on the
//! budget's basis by its completion date, and against two baselines from the same day's data:
//! EAC = BAC / CPI (AC when there is no earned value or no budget) and the burn so far
//! extrapolated linearly, AC + AC / days elapsed × days to the completion date. The scores are
//! those of [`super::scoring`].

use std::collections::HashMap;
use std::sync::Arc;

use budget_contract::forecast::{
    Calibration, CalibrationSummary, CostInterval, Forecast, ForecastSource, ReliabilityBand,
    ScoredForecast,
};
use budget_contract::{Currency, Money, Percent};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder};

use super::bootstrap::forecast;
use super::past::Past;
use super::scoring::{self, Scored};
use super::DEFAULT_HISTORY_DAYS;
use crate::access::BoardAccess;
use crate::amount::from_hundredths;
use crate::entity::{board, forecast_snapshot};
use crate::error::{DomainError, DomainResult};
use crate::read_cache::{Stamp, Weigh};
use crate::sql;
use crate::Domain;

/// Backtest cut-offs are a week apart.
pub const BACKTEST_STEP_DAYS: u64 = 7;
/// At most this many backtest forecasts per board (the latest; two years of weeks).
pub const MAX_BACKTESTS: usize = 104;

/// A board's past forecasts, scored; kept per data revision and day.
#[derive(Default)]
pub struct BoardScores(Vec<Item>);

impl Weigh for BoardScores {
    fn weight(&self) -> u64 {
        1 + self.0.len() as u64
    }
}

/// The calibration of one board's forecasts. Any role on the board may read it.
pub async fn board(domain: &Domain, access: &BoardAccess) -> DomainResult<Calibration> {
    let today = domain.clock.today();
    let scores = scores(domain, &access.board, access.data_revision, today).await?;
    Ok(report(today, scores.0.iter()))
}

/// A board's scores as of `today`, computed once per data revision and day.
async fn scores(
    domain: &Domain,
    board: &board::Model,
    revision: i64,
    today: NaiveDate,
) -> DomainResult<Arc<BoardScores>> {
    domain
        .cache
        .calibration
        .get_or_compute(
            Stamp::for_board(board.id, revision, today, DEFAULT_HISTORY_DAYS),
            async { Ok(BoardScores(scored_for_board(domain, board, today).await?)) },
        )
        .await
}

#[derive(Debug, FromQueryResult)]
struct Revision {
    board_id: i64,
    revision: i64,
}

/// The calibration across the boards of an organisation, for its members.
pub async fn organization(domain: &Domain, user_id: i64, org_id: i64) -> DomainResult<Calibration> {
    crate::organizations::membership(domain, user_id, org_id).await?;
    let today = domain.clock.today();
    let boards = board::Entity::find()
        .filter(board::Column::OrganizationId.eq(org_id))
        .order_by_asc(board::Column::Id)
        .all(domain.db.conn())
        .await?;
    let revisions: HashMap<i64, i64> = sql::all::<Revision, _>(
        domain.db.conn(),
        "SELECT b.id AS board_id, CAST(COALESCE(r.version, 0) AS BIGINT) AS revision \
         FROM board b LEFT JOIN board_revision r ON r.board_id = b.id \
         WHERE b.organization_id = $1",
        vec![org_id.into()],
    )
    .await?
    .into_iter()
    .map(|row| (row.board_id, row.revision))
    .collect();
    let mut all = Vec::with_capacity(boards.len());
    for board in &boards {
        let revision = revisions.get(&board.id).copied().unwrap_or(0);
        all.push(scores(domain, board, revision, today).await?);
    }
    Ok(report(today, all.iter().flat_map(|scores| scores.0.iter())))
}

/// A scored forecast with its exact figures, before rounding.
pub struct Item {
    view: ScoredForecast,
    scored: Scored,
    eac: Decimal,
    linear: Decimal,
}

async fn scored_for_board(
    domain: &Domain,
    board: &board::Model,
    today: NaiveDate,
) -> DomainResult<Vec<Item>> {
    let conn = domain.db.conn();
    let past = Past::load(conn, board, today).await?;
    let stored = forecast_snapshot::Entity::find()
        .filter(forecast_snapshot::Column::BoardId.eq(board.id))
        .order_by_asc(forecast_snapshot::Column::AsOf)
        .all(conn)
        .await?;
    // Dozens of forecasts: worked out on a blocking thread, off the server's async workers.
    tokio::task::spawn_blocking(move || score_board(&past, stored, today))
        .await
        .map_err(|err| {
            DomainError::Database(sea_orm::DbErr::Custom(format!("scoring forecasts: {err}")))
        })
}

/// The backtest and the stored forecasts of one board, scored.
fn score_board(past: &Past, stored: Vec<forecast_snapshot::Model>, today: NaiveDate) -> Vec<Item> {
    let board = &past.board;
    let currency = Currency::find_or_default(
        past.currency
            .as_deref()
            .unwrap_or(crate::budget::DEFAULT_CURRENCY),
    );
    let mut items = Vec::new();

    // The backtest: every seventh day since the start, before today. While the due date is
    // ahead, a forecast made on any of them runs at least to it, so none has reached its
    // completion and there is nothing to work out.
    let mut days = Vec::new();
    let due_ahead = board.due_date.is_some_and(|due| due > today);
    let mut day = board
        .start_date
        .checked_add_days(Days::new(BACKTEST_STEP_DAYS));
    while let Some(cut) = day.filter(|cut| *cut < today && !due_ahead) {
        days.push(cut);
        day = cut.checked_add_days(Days::new(BACKTEST_STEP_DAYS));
    }
    let skip = days.len().saturating_sub(MAX_BACKTESTS);
    for day in days.into_iter().skip(skip) {
        let Some(input) = past.input(day, DEFAULT_HISTORY_DAYS) else {
            continue;
        };
        let outcome = forecast(&input);
        let Some(completion) = completion(day, outcome.horizon.days, today) else {
            continue;
        };
        let ac = from_hundredths(input.ac_cents);
        let eac = eac(outcome.bac, ac, outcome.cpi);
        items.push(item(
            board.id,
            day,
            ForecastSource::Backtest,
            completion,
            (outcome.projected, outcome.low, outcome.high),
            outcome.probability_over_budget,
            outcome.bac,
            from_hundredths(past.spent_by(completion)),
            (eac, linear(ac, board.start_date, day, completion)),
            currency,
        ));
    }

    // The forecasts the board kept.
    for row in stored {
        let Ok(kept) = serde_json::from_str::<Forecast>(&row.forecast_json) else {
            continue;
        };
        let Some(completion) = completion(kept.as_of, kept.inputs.horizon_days, today) else {
            continue;
        };
        let ac = kept.inputs.ac.value();
        let bac = kept.inputs.bac.map(|bac| bac.value());
        items.push(item(
            board.id,
            kept.as_of,
            ForecastSource::Stored,
            completion,
            (
                kept.projected_cost_at_completion.value(),
                kept.interval_80.low.value(),
                kept.interval_80.high.value(),
            ),
            kept.probability_over_budget.map(|p| p.value()),
            bac,
            from_hundredths(past.spent_by(completion)),
            (
                eac(bac, ac, kept.inputs.cpi),
                linear(ac, board.start_date, kept.as_of, completion),
            ),
            currency,
        ));
    }
    items
}

/// The completion date of a forecast made on `day` over `horizon` days, when it has passed.
fn completion(day: NaiveDate, horizon: u32, today: NaiveDate) -> Option<NaiveDate> {
    if horizon == 0 {
        return None;
    }
    day.checked_add_days(Days::new(u64::from(horizon)))
        .filter(|completion| *completion <= today)
}

/// EAC = BAC / CPI; AC without a budget or a CPI above zero.
fn eac(bac: Option<Decimal>, ac: Decimal, cpi: Option<Decimal>) -> Decimal {
    match (bac, cpi) {
        (Some(bac), Some(cpi)) if cpi > Decimal::ZERO => bac.checked_div(cpi).unwrap_or(ac),
        _ => ac,
    }
}

/// AC + AC / days elapsed (start to `day`, both included) × days from `day` to `completion`.
fn linear(ac: Decimal, start: NaiveDate, day: NaiveDate, completion: NaiveDate) -> Decimal {
    let elapsed = Decimal::from(((day - start).num_days() + 1).max(1));
    let ahead = Decimal::from((completion - day).num_days().max(0));
    ac + ac / elapsed * ahead
}

#[allow(clippy::too_many_arguments)]
fn item(
    board_id: i64,
    as_of: NaiveDate,
    source: ForecastSource,
    completion_date: NaiveDate,
    (projected, low, high): (Decimal, Decimal, Decimal),
    probability_over_budget: Option<Decimal>,
    bac: Option<Decimal>,
    outcome: Decimal,
    (eac, linear): (Decimal, Decimal),
    currency: &Currency,
) -> Item {
    let scored = Scored {
        projected,
        low,
        high,
        probability_over_budget,
        budget: bac,
        outcome,
    };
    let money = |value: Decimal| Money::in_currency(value, currency);
    Item {
        view: ScoredForecast {
            board_id,
            as_of,
            source,
            completion_date,
            projected_cost_at_completion: money(projected),
            interval_80: CostInterval {
                low: money(low),
                high: money(high),
            },
            probability_over_budget: probability_over_budget.map(Percent::new),
            bac: bac.map(money),
            outcome: money(outcome),
            covered: scored.covered(),
            eac: money(eac),
            linear: money(linear),
        },
        scored,
        eac,
        linear,
    }
}

/// Five bands of the probability of overrun: 0–20, 20–40, 40–60, 60–80, 80–100 %.
const BANDS: [(i64, i64); 5] = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)];

fn report<'a>(today: NaiveDate, items: impl Iterator<Item = &'a Item>) -> Calibration {
    let items: Vec<&Item> = items.collect();
    let scored: Vec<Scored> = items.iter().map(|i| i.scored).collect();
    let error = |pick: fn(&&Item) -> Decimal| {
        scoring::median_ape(items.iter().map(|i| (pick(i), i.scored.outcome)))
    };
    let ours = error(|i| i.scored.projected);
    let eac = error(|i| i.eac);
    let linear = error(|i| i.linear);
    let coverage = scoring::coverage(&scored);
    let with_budget: Vec<(Decimal, bool)> = scored
        .iter()
        .filter_map(|s| Some((s.probability_over_budget?, s.overran()?)))
        .collect();
    let brier = scoring::brier(with_budget.iter().copied());
    let brier_eac = scoring::brier(items.iter().filter_map(|i| {
        let over = i.scored.overran()?;
        let said = i.scored.budget.is_some_and(|bac| i.eac > bac);
        Some((
            if said {
                Decimal::ONE_HUNDRED
            } else {
                Decimal::ZERO
            },
            over,
        ))
    }));
    let mut bands: HashMap<usize, Vec<(Decimal, bool)>> = HashMap::new();
    for (p, over) in &with_budget {
        let band = BANDS
            .iter()
            .position(|(_, to)| *p < Decimal::from(*to))
            .unwrap_or(BANDS.len() - 1);
        bands.entry(band).or_default().push((*p, *over));
    }
    let reliability = BANDS
        .iter()
        .enumerate()
        .map(|(index, (from, to))| {
            let members = bands.get(&index).map(Vec::as_slice).unwrap_or(&[]);
            let count = Decimal::from(members.len());
            let share = |total: Decimal| (!members.is_empty()).then(|| Percent::new(total / count));
            ReliabilityBand {
                from: Percent::new(Decimal::from(*from)),
                to: Percent::new(Decimal::from(*to)),
                forecasts: u32::try_from(members.len()).unwrap_or(u32::MAX),
                mean_probability: share(members.iter().map(|(p, _)| *p).sum()),
                observed_percent: share(
                    Decimal::from(members.iter().filter(|(_, over)| *over).count())
                        * Decimal::ONE_HUNDRED,
                ),
            }
        })
        .collect();
    Calibration {
        as_of: today,
        summary: CalibrationSummary {
            forecasts: u32::try_from(items.len()).unwrap_or(u32::MAX),
            coverage_80: coverage.map(Percent::new),
            median_error_percent: ours.map(Percent::new),
            eac_median_error_percent: eac.map(Percent::new),
            linear_median_error_percent: linear.map(Percent::new),
            brier: brier.map(|b| b.round_dp(4)),
            brier_eac: brier_eac.map(|b| b.round_dp(4)),
            verdict: verdict(coverage, ours, eac, linear),
        },
        reliability,
        forecasts: items.iter().map(|i| i.view.clone()).collect(),
    }
}

/// Says plainly whether the forecast beats both baselines and whether its interval covers about
/// as often as it claims (75–85 % for an 80 % interval).
pub fn verdict(
    coverage: Option<Decimal>,
    ours: Option<Decimal>,
    eac: Option<Decimal>,
    linear: Option<Decimal>,
) -> String {
    let (Some(coverage), Some(ours), Some(eac), Some(linear)) = (coverage, ours, eac, linear)
    else {
        return "No forecast has reached its completion date yet: nothing to score.".to_owned();
    };
    let point = if ours < eac && ours < linear {
        "The forecast's point error is lower than both baselines'"
    } else if ours < eac || ours < linear {
        "The forecast's point error is lower than one baseline's, not both"
    } else {
        "The forecast's point error is not lower than the baselines'"
    };
    let interval = if coverage < Decimal::from(75) {
        "its 80 % interval covered the outcome less often than it claims (too narrow)"
    } else if coverage > Decimal::from(85) {
        "its 80 % interval covered the outcome more often than it claims (too wide)"
    } else {
        "its 80 % interval covered the outcome about as often as it claims"
    };
    format!(
        "{point}; {interval}: {} % of outcomes inside it.",
        coverage.round_dp(1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn the_baselines_by_hand() {
        // BAC 10,000, CPI 0.8: EAC 12,500. Without a CPI or a budget: AC.
        assert_eq!(
            eac(Some(dec!(10000)), dec!(3000), Some(dec!(0.8))),
            dec!(12500)
        );
        assert_eq!(eac(Some(dec!(10000)), dec!(3000), None), dec!(3000));
        assert_eq!(eac(None, dec!(3000), Some(dec!(0.8))), dec!(3000));
        // 3,000 over the 10 days 1–10 March, 20 more days to the 30th: 3,000 + 300 × 20.
        assert_eq!(linear(dec!(3000), day(1), day(10), day(30)), dec!(9000));
    }

    #[test]
    fn only_forecasts_whose_horizon_has_passed_are_scored() {
        assert_eq!(completion(day(1), 9, day(10)), Some(day(10)));
        assert_eq!(completion(day(1), 10, day(10)), None);
        assert_eq!(completion(day(1), 0, day(10)), None);
    }

    #[test]
    fn the_verdict_says_what_the_figures_show() {
        assert_eq!(
            verdict(
                Some(dec!(81.25)),
                Some(dec!(8)),
                Some(dec!(12)),
                Some(dec!(10))
            ),
            "The forecast's point error is lower than both baselines'; its 80 % interval \
             covered the outcome about as often as it claims: 81.2 % of outcomes inside it."
        );
        assert!(verdict(
            Some(dec!(60)),
            Some(dec!(11)),
            Some(dec!(12)),
            Some(dec!(10))
        )
        .starts_with(
            "The forecast's point error is lower than one baseline's, not both; \
                          its 80 % interval covered the outcome less often"
        ));
        assert!(verdict(None, None, None, None).starts_with("No forecast"));
    }

    #[test]
    fn a_report_scores_coverage_error_and_reliability_by_hand() {
        let usd = Currency::find_or_default("USD");
        // Two forecasts of a 1,000 budget: 1,100 (1,000–1,200) with 70 % of overrun, outcome
        // 1,150 (inside, over budget); 900 (850–950) with 10 %, outcome 1,000 (outside, not
        // over: 1,000 is not above 1,000). Errors: |1,100 − 1,150| / 1,150 = 4.35 %,
        // 10 %: median 7.17 %. Brier ((0.7 − 1)² + 0.1²) / 2 = 0.05.
        let items = [
            item(
                1,
                day(1),
                ForecastSource::Backtest,
                day(20),
                (dec!(1100), dec!(1000), dec!(1200)),
                Some(dec!(70)),
                Some(dec!(1000)),
                dec!(1150),
                (dec!(1150), dec!(1100)),
                usd,
            ),
            item(
                1,
                day(8),
                ForecastSource::Stored,
                day(20),
                (dec!(900), dec!(850), dec!(950)),
                Some(dec!(10)),
                Some(dec!(1000)),
                dec!(1000),
                (dec!(1000), dec!(950)),
                usd,
            ),
        ];
        let report = report(day(25), items.iter());
        assert_eq!(report.summary.forecasts, 2);
        assert_eq!(report.summary.coverage_80.unwrap().to_string(), "50.00");
        assert_eq!(
            report.summary.median_error_percent.unwrap().to_string(),
            "7.17"
        );
        assert_eq!(report.summary.brier, Some(dec!(0.05)));
        // EAC said over (1,150 > 1,000) for the first, not for the second: Brier 0.
        assert_eq!(report.summary.brier_eac, Some(dec!(0)));
        assert_eq!(report.reliability[0].forecasts, 1);
        assert_eq!(
            report.reliability[0].observed_percent.unwrap().to_string(),
            "0.00"
        );
        assert_eq!(report.reliability[3].forecasts, 1);
        assert_eq!(
            report.reliability[3].mean_probability.unwrap().to_string(),
            "70.00"
        );
        assert!(report.forecasts[0].covered && !report.forecasts[1].covered);
    }
}
