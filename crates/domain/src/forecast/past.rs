//! Forecasts as of a past day: made from the costs dated on or before that day and from the
//! estimates, progress and budget then recorded ([`super::replay`]), as the method would have
//! made them that day. One read of the board's whole history serves every day asked for.

use std::collections::HashMap;

use budget_contract::budget::BudgetBasis;
use chrono::{Days, NaiveDate};
use sea_orm::ConnectionTrait;

use super::bootstrap::{self, ForecastInput};
use super::replay::{self, TaskState, Trail};
use crate::analytics::earned_value;
use crate::analytics::queries::daily_costs;
use crate::budget;
use crate::entity::board;
use crate::error::DomainResult;
use crate::metrics::formulas::{basis_of, BudgetFigures};

/// A board's history, read once.
pub struct Past {
    pub board: board::Model,
    pub basis: BudgetBasis,
    pub currency: Option<String>,
    bac_now: Option<i64>,
    /// What spent the budget on each day from the board's start to today.
    daily: Vec<i64>,
    tasks_now: HashMap<i64, TaskState>,
    trail: Trail,
}

impl Past {
    pub async fn load<C: ConnectionTrait>(
        conn: &C,
        board: &board::Model,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        let budget = budget::find(conn, board.id).await?.map(BudgetFigures::from);
        let basis = basis_of(budget.as_ref());
        let start = board.start_date.min(today);
        let daily = daily_costs(conn, board.id, basis, start, today)
            .await?
            .into_iter()
            .map(|day| day.cents)
            .collect();
        let tasks_now = replay::current_tasks(conn, board.id).await?;
        let trail = Trail::since(conn, board.id, start).await?;
        Ok(Self {
            board: board.clone(),
            basis,
            currency: budget.as_ref().map(|b| b.currency.clone()),
            bac_now: budget.map(|b| b.allocated_cents),
            daily,
            tasks_now,
            trail,
        })
    }

    fn start(&self) -> NaiveDate {
        self.board.start_date
    }

    /// The index of `day` in the daily series; `None` before the start or past its end.
    fn index(&self, day: NaiveDate) -> Option<usize> {
        let offset = usize::try_from((day - self.start()).num_days()).ok()?;
        (offset < self.daily.len()).then_some(offset)
    }

    /// Everything that spent the budget up to and including `day` (costs dated then).
    pub fn spent_by(&self, day: NaiveDate) -> i64 {
        match self.index(day) {
            Some(index) => self.daily[..=index].iter().sum(),
            None if day < self.start() => 0,
            None => self.daily.iter().sum(),
        }
    }

    /// The budget at the end of `day`.
    pub fn bac_at(&self, day: NaiveDate) -> Option<i64> {
        self.trail.budget_at(self.bac_now, day)
    }

    /// Σ estimated cost and earned value of the tasks at the end of `day`.
    pub fn scope_at(&self, day: NaiveDate) -> (i64, rust_decimal::Decimal) {
        replay::scope(&self.trail.tasks_at(self.tasks_now.clone(), day))
    }

    /// The forecast's input on `day` (on or after the start, before today's end) with a
    /// history of at most `history_days` days; `None` for a day outside the board's history.
    pub fn input(&self, day: NaiveDate, history_days: u32) -> Option<ForecastInput> {
        let index = self.index(day)?;
        let from = super::history_start(self.start(), day, history_days);
        let first = self.index(from).unwrap_or(0);
        let series = self.daily[first..=index].to_vec();
        let bac_cents = self.bac_at(day);
        let (planned_cost, ev_cost) = self.scope_at(day);
        let earned = earned_value::on_basis(self.basis, bac_cents, ev_cost, planned_cost);
        let before_days = u32::try_from(series.len() / 2).unwrap_or(0);
        let before_day = day
            .checked_sub_days(Days::new(u64::from(before_days)))
            .unwrap_or(day);
        let planned_now: i64 = self.tasks_now.values().map(|t| t.estimated_cents).sum();
        let before = self.trail.planned_at(planned_now, before_day);
        Some(ForecastInput {
            today: day,
            start: self.start(),
            due: self.board.due_date,
            ac_cents: self.spent_by(day),
            daily_cents: series,
            bac_cents,
            planned_cents: earned.planned_cents,
            planned_before_cents: Some(earned.same_share(before, planned_cost)),
            planned_before_days: before_days,
            ev: earned.ev,
            resamples: bootstrap::RESAMPLES,
            seed: bootstrap::seed_for_board(self.board.id),
            model: bootstrap::Model::SERVICE,
            extra_costs: Vec::new(),
        })
    }
}
