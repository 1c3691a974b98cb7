//! The analytics report: a fixed handful of aggregate queries, then pure shaping.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use budget_contract::analytics::{
    Analytics, AssigneeBreakdown, Breakdown, EarnedValue, Overrun, StatusBreakdown, TaskBreakdown,
    TrendPoint, Utilisation, OVERRUNS_SHOWN,
};
use budget_contract::metrics::CostSplit;
use budget_contract::task::TaskStatus;
use budget_contract::{Currency, Money, Percent};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::approved::{is_over_estimate, Unapproved};
use super::earned_value::{self, EvInputs};
use super::profitability;
use super::queries::{
    cost_before, daily_costs, earned_scope, fill_days, groups, over_estimate_rows, task_rows,
    DayCost, Group, TaskRow,
};
use crate::access::BoardAccess;
use crate::amount::{from_hundredths, hours, money};
use crate::budget;
use crate::error::DomainResult;
use crate::metrics::cached_totals;
use crate::metrics::formulas::{self, task_variance, BoardTotals};
use crate::read_cache::Stamp;
use crate::validate::Checks;
use crate::Domain;

/// Analytics dates are UTC calendar days (boards have no time zone of their own yet).
pub const TIME_ZONE: &str = "UTC";
/// The longest trend a request may ask for (ten years of days).
pub const MAX_RANGE_DAYS: i64 = 3_660;
pub const MAX_WINDOW_DAYS: u32 = 365;

#[derive(Clone, Debug, Default)]
pub struct AnalyticsQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub window: Option<u32>,
    /// Count only approved time (see [`super::approved`]); computed on each request.
    pub approved_only: bool,
}

/// The analytics of the board for `query`, computed once per data revision, day and query.
pub async fn report(
    domain: &Domain,
    access: &BoardAccess,
    query: AnalyticsQuery,
) -> DomainResult<Arc<Analytics>> {
    let today = domain.clock.today();
    let to = query.to.unwrap_or(today);
    let from = query.from.unwrap_or(access.board.start_date.min(to));
    let window = query.window.unwrap_or(formulas::DEFAULT_WINDOW_DAYS);
    let mut checks = Checks::new();
    checks.day_range(Some(from), Some(to));
    if from <= to && (to - from).num_days() >= MAX_RANGE_DAYS {
        checks.fail(
            "from",
            "out_of_range",
            format!("the range may span at most {MAX_RANGE_DAYS} days"),
        );
    }
    if !(1..=MAX_WINDOW_DAYS).contains(&window) {
        checks.fail(
            "window",
            "out_of_range",
            format!("must be between 1 and {MAX_WINDOW_DAYS}"),
        );
    }
    checks.finish()?;

    let range = Range {
        today,
        from,
        to,
        window,
    };
    if query.approved_only {
        return Ok(Arc::new(compute(domain, access, range, true).await?));
    }
    let stamp = Stamp::new(access, today, window).with_range(from, to);
    domain
        .cache
        .analytics
        .get_or_compute(stamp, compute(domain, access, range, false))
        .await
}

/// The days an analytics answer covers: its trend `from..=to` and its burn window of `window`
/// days ending `today`.
#[derive(Clone, Copy, Debug)]
struct Range {
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    window: u32,
}

async fn compute(
    domain: &Domain,
    access: &BoardAccess,
    range: Range,
    approved_only: bool,
) -> DomainResult<Analytics> {
    let Range {
        today,
        from,
        to,
        window,
    } = range;
    // The board's totals first: they come from the read cache or a computation of their own,
    // on a connection of their own, which must not wait for one while this one holds another.
    let kept_totals = cached_totals(domain, access, today, window).await?;
    // One snapshot for every other figure, and one connection for all its statements.
    let txn = domain.db.begin_read().await?;
    let conn = &txn;
    let board_id = access.board_id();
    let figures = budget::find(conn, board_id)
        .await?
        .map(formulas::BudgetFigures::from);
    let basis = formulas::basis_of(figures.as_ref());
    let bac_cents = figures.as_ref().map(|b| b.allocated_cents);
    let currency = formulas::currency_of(figures.as_ref());
    let mut totals = BoardTotals::clone(&kept_totals);
    let mut groups = groups(conn, board_id).await?;
    let scope = earned_scope(conn, board_id).await?;
    let mut days = daily_costs(conn, board_id, basis, from, to).await?;
    let mut opening_cents = cost_before(conn, board_id, basis, from).await?;
    let unapproved = if approved_only {
        Some(Unapproved::read(conn, board_id).await?)
    } else {
        None
    };
    let overruns = match &unapproved {
        None => {
            overruns(
                &over_estimate_rows(conn, board_id, OVERRUNS_SHOWN).await?,
                currency,
            )
            .0
        }
        Some(unapproved) => {
            let mut tasks = task_rows(conn, board_id).await?;
            unapproved.take_from_tasks(&mut tasks);
            let window_from = formulas::window_start(today, window);
            unapproved.take_from_totals(&mut totals, window_from, today, &tasks);
            unapproved.take_from_groups(&mut groups);
            let spent = days.iter().map(|d| (d.day, d.cents));
            days = fill_days(from, to, spent.chain(unapproved.negated_days(basis)));
            opening_cents -= unapproved.spent_before(basis, from);
            overruns(&tasks, currency).0
        }
    };
    let metrics = formulas::compute(board_id, today, window, &totals, figures.as_ref());
    let overrun_count = u64::try_from(totals.over_budget_tasks).unwrap_or(0);
    let ev = earned_value::compute(&EvInputs {
        bac: bac_cents.map(from_hundredths),
        ev: earned_value::on_basis(basis, bac_cents, scope.earned_value(), scope.planned_cents).ev,
        ac: from_hundredths(totals.spent_cents(basis)),
        start: access.board.start_date,
        due: access.board.due_date,
        today,
    });
    let profitability =
        profitability::breakdown(conn, board_id, currency, unapproved.as_ref()).await?;
    txn.commit().await?;
    Ok(Analytics {
        board_id,
        as_of: today,
        time_zone: TIME_ZONE.to_owned(),
        currency: metrics.currency.clone(),
        basis,
        from,
        to,
        opening_cost: money(opening_cents, currency),
        trend: trend(opening_cents, &days, currency),
        burn_rate: metrics.burn_rate,
        breakdown: breakdown(groups, currency),
        overruns,
        overrun_count,
        utilisation: Utilisation {
            budget_percent: metrics.utilisation_percent,
            time_percent: metrics.time_utilisation_percent,
            schedule_percent: ev.elapsed_percent.map(Percent::new),
        },
        earned_value: ev_view(&ev, currency),
        profitability: Some(profitability),
    })
}

/// The analytics as the caller of `access` may see them: without profitability for viewers, who
/// see no margins. Those who may see everything read the kept answer as it is.
pub fn shown_to<'a>(analytics: &'a Analytics, access: &BoardAccess) -> Cow<'a, Analytics> {
    if crate::metrics::may_see_margins(access) {
        Cow::Borrowed(analytics)
    } else {
        Cow::Owned(Analytics {
            profitability: None,
            ..analytics.clone()
        })
    }
}

/// Σ estimated cost × progress / 100.
pub fn earned(tasks: &[TaskRow]) -> Decimal {
    earned_value::from_cent_percent(tasks.iter().map(TaskRow::earned_cent_percent).sum())
}

pub fn trend(opening_cents: i64, days: &[DayCost], currency: &Currency) -> Vec<TrendPoint> {
    let mut cumulative = opening_cents;
    days.iter()
        .map(|d| {
            cumulative += d.cents;
            TrendPoint {
                date: d.day,
                cost: money(d.cents, currency),
                cumulative: money(cumulative, currency),
            }
        })
        .collect()
}

/// A task's row of the breakdown, without its profitability (see [`super::tasks`]).
pub fn task_view(t: &TaskRow, currency: &Currency) -> TaskBreakdown {
    let variance = task_variance(t.estimated_cents, t.total_cents(), currency);
    TaskBreakdown {
        task_id: t.id,
        title: t.title.clone(),
        status: t.status.parse().unwrap_or_default(),
        assignee_id: t.assignee_id,
        progress: t.progress,
        estimated: money(t.estimated_cents, currency),
        labour: money(t.labour_cents, currency),
        direct: money(t.direct_cents, currency),
        resource: money(t.resource_cents, currency),
        total: money(t.total_cents(), currency),
        variance: variance.variance,
        variance_percent: variance.variance_percent,
        hours: hours(t.centihours),
        over_budget: variance.over_budget,
        profitability: None,
    }
}

/// The breakdowns by assignee and by status and the split of the costs, from the board's tasks
/// summed per assignee and status ([`Group`]s; [`Group::of`] makes one of a task).
pub fn breakdown(groups: impl IntoIterator<Item = Group>, currency: &Currency) -> Breakdown {
    #[derive(Default)]
    struct Sums {
        name: Option<String>,
        tasks: u64,
        estimated: i64,
        labour: i64,
        direct: i64,
        resource: i64,
        centihours: i64,
    }
    let mut by_assignee: BTreeMap<Option<i64>, Sums> = BTreeMap::new();
    let mut by_status: BTreeMap<u8, (TaskStatus, u64, i64, i64)> = BTreeMap::new();
    let mut split = (0, 0, 0);
    for g in groups {
        let tasks = u64::try_from(g.tasks).unwrap_or(0);
        let total = g.total_cents();
        let sums = by_assignee.entry(g.assignee_id).or_default();
        sums.name = sums.name.take().or(g.assignee_name);
        sums.tasks += tasks;
        sums.estimated += g.estimated_cents;
        sums.labour += g.labour_cents;
        sums.direct += g.direct_cents;
        sums.resource += g.resource_cents;
        sums.centihours += g.centihours;
        let status = g.status.parse().unwrap_or_default();
        let entry = by_status
            .entry(status_order(status))
            .or_insert((status, 0, 0, 0));
        entry.1 += tasks;
        entry.2 += g.estimated_cents;
        entry.3 += total;
        split = (
            split.0 + g.labour_cents,
            split.1 + g.direct_cents,
            split.2 + g.resource_cents,
        );
    }
    Breakdown {
        assignees: by_assignee
            .into_iter()
            .map(|(assignee_id, s)| AssigneeBreakdown {
                assignee_id,
                display_name: s.name,
                tasks: s.tasks,
                estimated: money(s.estimated, currency),
                labour: money(s.labour, currency),
                direct: money(s.direct, currency),
                resource: money(s.resource, currency),
                total: money(s.labour + s.direct + s.resource, currency),
                hours: hours(s.centihours),
            })
            .collect(),
        statuses: by_status
            .into_values()
            .map(|(status, tasks, estimated, total)| StatusBreakdown {
                status,
                tasks,
                estimated: money(estimated, currency),
                total: money(total, currency),
            })
            .collect(),
        split: CostSplit {
            labour: money(split.0, currency),
            direct: money(split.1, currency),
            resource: money(split.2, currency),
        },
    }
}

/// The [`OVERRUNS_SHOWN`] over-budget tasks with the largest variance, largest first (ties by
/// task id), and how many tasks are over budget in all.
pub fn overruns(tasks: &[TaskRow], currency: &Currency) -> (Vec<Overrun>, u64) {
    let mut over: Vec<&TaskRow> = tasks.iter().filter(|t| is_over_estimate(t)).collect();
    let count = over.len() as u64;
    over.sort_by_key(|t| (std::cmp::Reverse(t.total_cents() - t.estimated_cents), t.id));
    over.truncate(OVERRUNS_SHOWN);
    let shown = over
        .into_iter()
        .map(|t| {
            let variance = task_variance(t.estimated_cents, t.total_cents(), currency);
            Overrun {
                task_id: t.id,
                title: t.title.clone(),
                estimated: money(t.estimated_cents, currency),
                total: money(t.total_cents(), currency),
                variance: variance.variance,
                variance_percent: variance.variance_percent.unwrap_or(Percent::ZERO),
            }
        })
        .collect();
    (shown, count)
}

fn ratio(value: Option<Decimal>) -> Option<Decimal> {
    value.map(|v| {
        let mut rounded = v.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven);
        rounded.rescale(4);
        rounded
    })
}

/// Earned-value figures in the board's currency, each rounded once from its exact value.
pub fn ev_view(ev: &earned_value::EarnedValue, currency: &Currency) -> EarnedValue {
    let in_currency = |value: Decimal| Money::in_currency(value, currency);
    EarnedValue {
        bac: ev.bac.map(in_currency),
        pv: ev.pv.map(in_currency),
        ev: in_currency(ev.ev),
        ac: in_currency(ev.ac),
        cpi: ratio(ev.cpi),
        spi: ratio(ev.spi),
        cv: in_currency(ev.cv),
        sv: ev.sv.map(in_currency),
        eac: ev.eac.map(in_currency),
        etc: ev.etc.map(in_currency),
        vac: ev.vac.map(in_currency),
        tcpi: ratio(ev.tcpi),
    }
}

fn status_order(status: TaskStatus) -> u8 {
    match status {
        TaskStatus::Todo => 0,
        TaskStatus::InProgress => 1,
        TaskStatus::Done => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> &'static Currency {
        Currency::find_or_default("USD")
    }

    fn row(
        id: i64,
        status: &str,
        assignee: Option<i64>,
        est: i64,
        labour: i64,
        direct: i64,
        progress: i32,
    ) -> TaskRow {
        TaskRow {
            id,
            title: format!("T{id}"),
            status: status.into(),
            priority: "medium".into(),
            progress,
            assignee_id: assignee,
            assignee_name: assignee.map(|a| format!("P{a}")),
            estimated_cents: est,
            estimated_centihours: 0,
            direct_cents: direct,
            resource_cents: 0,
            labour_cents: labour,
            centihours: labour / 100,
        }
    }

    #[test]
    fn trend_accumulates_from_the_opening_cost() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let days = [
            DayCost {
                day: day(1),
                cents: 100,
            },
            DayCost {
                day: day(2),
                cents: 0,
            },
            DayCost {
                day: day(3),
                cents: 250,
            },
        ];
        let points = trend(1_000, &days, usd());
        let cumulative: Vec<String> = points.iter().map(|p| p.cumulative.to_string()).collect();
        assert_eq!(cumulative, ["11.00", "11.00", "13.50"]);
        assert_eq!(points[1].cost.to_string(), "0.00");
    }

    #[test]
    fn breakdowns_and_overruns_by_hand() {
        let tasks = [
            row(1, "done", Some(7), 10_000, 12_000, 500, 100), // +2,500 → 25 %
            row(2, "in_progress", Some(7), 20_000, 5_000, 0, 50),
            row(3, "todo", None, 0, 3_000, 0, 0), // no estimate: never an overrun
            row(4, "in_progress", None, 1_000, 1_500, 0, 10), // +500 → 50 %
        ];
        let b = breakdown(tasks.iter().map(Group::of), usd());
        assert_eq!(b.split.labour.to_string(), "215.00");
        assert_eq!(b.split.direct.to_string(), "5.00");
        assert_eq!(b.assignees.len(), 2);
        assert_eq!(b.assignees[0].assignee_id, None);
        assert_eq!(b.assignees[0].total.to_string(), "45.00");
        assert_eq!(b.assignees[1].display_name.as_deref(), Some("P7"));
        assert_eq!(b.assignees[1].total.to_string(), "175.00");
        let statuses: Vec<(TaskStatus, u64, String)> = b
            .statuses
            .iter()
            .map(|s| (s.status, s.tasks, s.total.to_string()))
            .collect();
        assert_eq!(
            statuses,
            [
                (TaskStatus::Todo, 1, "30.00".into()),
                (TaskStatus::InProgress, 2, "65.00".into()),
                (TaskStatus::Done, 1, "125.00".into()),
            ]
        );
        let (over, count) = overruns(&tasks, usd());
        assert_eq!(count, 2);
        let ids: Vec<(i64, String, String)> = over
            .iter()
            .map(|o| {
                (
                    o.task_id,
                    o.variance.to_string(),
                    o.variance_percent.to_string(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                (1, "25.00".into(), "25.00".into()),
                (4, "5.00".into(), "50.00".into())
            ]
        );
        // EV = 100 × 1 + 200 × 0.5 + 0 + 10 × 0.1 = 201.00
        assert_eq!(earned(&tasks), Decimal::new(20100, 2));
    }

    #[test]
    fn only_the_largest_overruns_are_listed_but_all_are_counted() {
        // Twelve tasks over their 100.00 estimate by 1.00 … 12.00, and one within it.
        let mut tasks: Vec<TaskRow> = (1..=12)
            .map(|id| row(id, "done", None, 10_000, 10_000 + id * 100, 0, 100))
            .collect();
        tasks.push(row(13, "done", None, 10_000, 9_000, 0, 100));
        let (over, count) = overruns(&tasks, usd());
        assert_eq!(count, 12);
        let ids: Vec<i64> = over.iter().map(|o| o.task_id).collect();
        assert_eq!(ids, [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    }

    #[test]
    fn an_empty_board_has_empty_breakdowns() {
        let b = breakdown(Vec::new(), usd());
        assert!(b.assignees.is_empty() && b.statuses.is_empty());
        assert_eq!(b.split.labour, Money::ZERO);
        assert_eq!(overruns(&[], usd()), (vec![], 0));
        assert_eq!(earned(&[]), Decimal::ZERO);
    }

    #[test]
    fn ratios_print_four_decimals() {
        assert_eq!(
            ratio(Some(Decimal::new(8, 1))).unwrap().to_string(),
            "0.8000"
        );
        assert_eq!(
            ratio(Some(Decimal::ONE / Decimal::from(3)))
                .unwrap()
                .to_string(),
            "0.3333"
        );
    }
}
