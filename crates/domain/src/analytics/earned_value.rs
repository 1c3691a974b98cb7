//! Earned value management: how much work the money bought and how
//! the rest will go at the current efficiency. Exact decimals; undefined ratios are `None`.

use budget_contract::budget::BudgetBasis;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::metrics::formulas::percent;

/// Earned value in currency units from Σ estimated cost in cents × progress percent: EV = Σ
/// estimated × progress / 100, so cents × percent / 10,000. Exact.
pub fn from_cent_percent(earned_cent_percent: i64) -> Decimal {
    Decimal::new(earned_cent_percent, 4)
}

/// Earned value and the scope it is earned against, measured like the budget they are compared
/// with: `ev` in currency units, `planned_cents` in hundredths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Earned {
    pub ev: Decimal,
    pub planned_cents: i64,
}

impl Earned {
    /// An amount of estimated cost (in hundredths) on the same basis as `planned_cents`, from
    /// the Σ estimated cost it was computed from: unchanged on `cost`, the same share of BAC on
    /// `billable`.
    pub fn same_share(&self, cost_cents: i64, planned_cost_cents: i64) -> i64 {
        if self.planned_cents == planned_cost_cents {
            return cost_cents;
        }
        (i128::from(cost_cents) * i128::from(self.planned_cents))
            .checked_div(i128::from(planned_cost_cents))
            .and_then(|cents| i64::try_from(cents).ok())
            .unwrap_or(self.planned_cents)
    }
}

/// The earned value of the tasks on a budget's basis, from Σ estimated cost × progress / 100
/// (`ev_cost`) and Σ estimated cost (`planned_cost_cents`). On `cost` they are what they are. On
/// `billable` the estimates are costs, not fees, so they only weigh the work: the earned value is
/// the budget's share of the work done, BAC × `ev_cost` / Σ estimated cost, earned against BAC;
/// both are 0 when nothing is estimated (there is no share of work to take).
pub fn on_basis(
    basis: BudgetBasis,
    bac_cents: Option<i64>,
    ev_cost: Decimal,
    planned_cost_cents: i64,
) -> Earned {
    match basis {
        BudgetBasis::Cost => Earned {
            ev: ev_cost,
            planned_cents: planned_cost_cents,
        },
        BudgetBasis::Billable => {
            let bac_cents = bac_cents.unwrap_or(0);
            let ev = ev_cost
                .checked_mul(Decimal::from(bac_cents))
                .and_then(|scaled| scaled.checked_div(Decimal::from(planned_cost_cents)));
            match ev {
                Some(ev) => Earned {
                    ev,
                    planned_cents: bac_cents,
                },
                None => Earned {
                    ev: Decimal::ZERO,
                    planned_cents: 0,
                },
            }
        }
    }
}

/// Inputs, in currency units.
#[derive(Clone, Debug, PartialEq)]
pub struct EvInputs {
    /// Budget at completion: the allocated budget, when there is one.
    pub bac: Option<Decimal>,
    /// Σ estimated_cost × progress / 100 over the tasks.
    pub ev: Decimal,
    /// Actual cost: everything spent so far.
    pub ac: Decimal,
    pub start: NaiveDate,
    pub due: Option<NaiveDate>,
    pub today: NaiveDate,
}

/// The earned value block, unrounded.
#[derive(Clone, Debug, PartialEq)]
pub struct EarnedValue {
    pub bac: Option<Decimal>,
    pub pv: Option<Decimal>,
    pub ev: Decimal,
    pub ac: Decimal,
    pub cpi: Option<Decimal>,
    pub spi: Option<Decimal>,
    pub cv: Decimal,
    pub sv: Option<Decimal>,
    pub eac: Option<Decimal>,
    pub etc: Option<Decimal>,
    pub vac: Option<Decimal>,
    pub tcpi: Option<Decimal>,
    /// Share of the start..due window elapsed, 0–100; `None` without a due date.
    pub elapsed_percent: Option<Decimal>,
}

/// Share of the board's start..due window that has passed, clamped to 0..=1.
pub fn elapsed_share(
    start: NaiveDate,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Decimal> {
    let due = due?;
    let total = (due - start).num_days();
    let elapsed = (today - start).num_days();
    if total <= 0 {
        return Some(if elapsed >= 0 {
            Decimal::ONE
        } else {
            Decimal::ZERO
        });
    }
    Decimal::from(elapsed.clamp(0, total)).checked_div(Decimal::from(total))
}

/// numerator / denominator; `None` when undefined (a zero denominator) or beyond what an exact
/// decimal holds.
fn ratio(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    numerator.checked_div(denominator)
}

/// Every figure from checked arithmetic: one that cannot be computed exactly is `None`, as is
/// every figure derived from it.
pub fn compute(inputs: &EvInputs) -> EarnedValue {
    let share = elapsed_share(inputs.start, inputs.due, inputs.today);
    let pv = inputs
        .bac
        .zip(share)
        .and_then(|(bac, share)| bac.checked_mul(share));
    let cpi = ratio(inputs.ev, inputs.ac);
    let spi = pv.and_then(|pv| ratio(inputs.ev, pv));
    let eac = inputs.bac.zip(cpi).and_then(|(bac, cpi)| ratio(bac, cpi));
    EarnedValue {
        bac: inputs.bac,
        pv,
        ev: inputs.ev,
        ac: inputs.ac,
        cpi,
        spi,
        cv: inputs.ev - inputs.ac,
        sv: pv.and_then(|pv| inputs.ev.checked_sub(pv)),
        eac,
        etc: eac.and_then(|eac| eac.checked_sub(inputs.ac)),
        vac: inputs
            .bac
            .zip(eac)
            .and_then(|(bac, eac)| bac.checked_sub(eac)),
        tcpi: inputs
            .bac
            .and_then(|bac| ratio(bac.checked_sub(inputs.ev)?, bac.checked_sub(inputs.ac)?)),
        elapsed_percent: share.and_then(|share| percent(share, Decimal::ONE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_project_behind_and_over_by_hand() {
        // 100 days, 40 elapsed: PV = 10,000 × 0.4 = 4,000. EV 3,000, AC 3,750.
        // CPI 0.8, SPI 0.75, CV −750, SV −1,000, EAC 12,500, ETC 8,750, VAC −2,500,
        // TCPI (10,000 − 3,000) / (10,000 − 3,750) = 1.12.
        let ev = compute(&EvInputs {
            bac: Some(dec!(10000)),
            ev: dec!(3000),
            ac: dec!(3750),
            start: day(1, 1),
            due: Some(day(4, 11)),
            today: day(2, 10),
        });
        assert_eq!(ev.pv, Some(dec!(4000)));
        assert_eq!(ev.cpi, Some(dec!(0.8)));
        assert_eq!(ev.spi, Some(dec!(0.75)));
        assert_eq!(ev.cv, dec!(-750));
        assert_eq!(ev.sv, Some(dec!(-1000)));
        assert_eq!(ev.eac, Some(dec!(12500)));
        assert_eq!(ev.etc, Some(dec!(8750)));
        assert_eq!(ev.vac, Some(dec!(-2500)));
        assert_eq!(ev.tcpi, Some(dec!(1.12)));
        assert_eq!(ev.elapsed_percent, Some(dec!(40)));
    }

    #[test]
    fn on_a_billable_budget_earned_value_is_the_budget_share_of_the_work_done() {
        // Estimates 2,000.00 + 6,000.00 = 8,000.00 at 50 % and 25 %: 1,000 + 1,500 = 2,500.00
        // earned of 8,000.00, 31.25 % of the work. A fee budget of 12,000.00: EV = 12,000 ×
        // 2,500 / 8,000 = 3,750.00, earned against 12,000.00.
        let billable = on_basis(BudgetBasis::Billable, Some(1_200_000), dec!(2500), 800_000);
        assert_eq!(billable.ev, dec!(3750));
        assert_eq!(billable.planned_cents, 1_200_000);
        // On cost nothing changes.
        let cost = on_basis(BudgetBasis::Cost, Some(1_200_000), dec!(2500), 800_000);
        assert_eq!((cost.ev, cost.planned_cents), (dec!(2500), 800_000));
        // Nothing estimated: no share of the work, nothing earned.
        let none = on_basis(BudgetBasis::Billable, Some(1_200_000), dec!(0), 0);
        assert_eq!((none.ev, none.planned_cents), (dec!(0), 0));
        // With a billed AC of 5,000.00: CPI 0.75, EAC = 12,000 / 0.75 = 16,000.00, which is the
        // billed amount over the share of the work done (5,000 / 0.3125).
        let ev = compute(&EvInputs {
            bac: Some(dec!(12000)),
            ev: billable.ev,
            ac: dec!(5000),
            start: day(1, 1),
            due: None,
            today: day(2, 1),
        });
        assert_eq!(ev.cpi, Some(dec!(0.75)));
        assert_eq!(ev.eac, Some(dec!(16000)));
    }

    #[test]
    fn undefined_ratios_are_none() {
        // Nothing spent, no due date, no budget.
        let ev = compute(&EvInputs {
            bac: None,
            ev: dec!(0),
            ac: dec!(0),
            start: day(1, 1),
            due: None,
            today: day(2, 1),
        });
        assert_eq!(
            (ev.pv, ev.cpi, ev.spi, ev.eac, ev.etc, ev.vac, ev.tcpi),
            (None, None, None, None, None, None, None)
        );
        assert_eq!(ev.cv, dec!(0));
        // A budget fully spent: TCPI divides by zero.
        let ev = compute(&EvInputs {
            bac: Some(dec!(500)),
            ev: dec!(0),
            ac: dec!(500),
            start: day(1, 1),
            due: Some(day(1, 1)),
            today: day(1, 1),
        });
        assert_eq!(ev.cpi, Some(dec!(0)));
        assert_eq!(ev.eac, None);
        assert_eq!(ev.tcpi, None);
        assert_eq!(ev.pv, Some(dec!(500)));
    }

    #[test]
    fn elapsed_share_is_clamped() {
        assert_eq!(
            elapsed_share(day(1, 10), Some(day(1, 20)), day(1, 1)),
            Some(dec!(0))
        );
        assert_eq!(
            elapsed_share(day(1, 10), Some(day(1, 20)), day(1, 15)),
            Some(dec!(0.5))
        );
        assert_eq!(
            elapsed_share(day(1, 10), Some(day(1, 20)), day(3, 1)),
            Some(dec!(1))
        );
        assert_eq!(elapsed_share(day(1, 10), None, day(3, 1)), None);
    }
}
