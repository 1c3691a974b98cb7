//! The forecast against projects whose final cost is known: a generator of synthetic projects
//! in six burn patterns, each forecast at 25 %, 50 % and 75 % of its schedule by the service's
//! own pure forecast, scored against the outcome and against two baselines on the same data.
//!
//! A project has a scheduled length, a planned cost (the tasks' estimates) and a budget. It
//! spends day by day (weekends mostly free) at a rate shaped by its pattern, with daily noise;
//! what a unit of work costs drifts over time (efficiency drift); it reports progress with a
//! bias (optimism); its scope may grow while it runs; and it either runs until the work is done
//! or stops on its due date with the rest cut. Its final cost is what it spent by then. The
//! generator is meant to be hard: the forecast sees only the cost series up to the cut-off, the
//! estimates and reported progress then, the due date and the budget.
//!
//! Scores ([`budget_domain::forecast::scoring`]): coverage of the 80 % interval, the median
//! absolute percentage error of the point forecast, and the Brier score of the probability of
//! overrun. Baselines: EAC = BAC / CPI (CPI = EV / AC) and the linear extrapolation of the burn
//! so far to the due date, AC + AC / elapsed days × days left.

use std::fmt::Write as _;
use std::time::Instant;

use budget_domain::forecast::scoring::{self, Scored};
use budget_domain::forecast::{bootstrap, forecast, ForecastInput};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;

/// The burn patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    Steady,
    Accelerating,
    Stalled,
    Weekly,
    ScopeGrowth,
    LateSpike,
}

impl Pattern {
    pub const ALL: [Pattern; 6] = [
        Pattern::Steady,
        Pattern::Accelerating,
        Pattern::Stalled,
        Pattern::Weekly,
        Pattern::ScopeGrowth,
        Pattern::LateSpike,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pattern::Steady => "steady",
            Pattern::Accelerating => "accelerating",
            Pattern::Stalled => "stalled",
            Pattern::Weekly => "weekly seasonality",
            Pattern::ScopeGrowth => "scope growth",
            Pattern::LateSpike => "late spike",
        }
    }
}

/// The share of the schedule elapsed at each forecast.
pub const CUT_OFFS: [u32; 3] = [25, 50, 75];
/// Projects per pattern.
pub const PROJECTS: usize = 50;
/// The service's default history: the last 180 days.
const HISTORY_DAYS: usize = 180;
/// A project that has not finished its work by this many times its schedule stops there.
const MAX_OVERRUN_FACTOR: f64 = 3.0;

/// One generated project: everything known at each day, and how it ended.
struct Project {
    start: NaiveDate,
    due: NaiveDate,
    budget_cents: i64,
    /// Cost per day from the start, in cents, to the last day worked.
    daily_cents: Vec<i64>,
    /// The tasks' estimates as known at the end of each day, in cents.
    planned_cents: Vec<i64>,
    /// The progress reported at the end of each day, 0–1.
    reported: Vec<f64>,
}

impl Project {
    fn final_cost_cents(&self) -> i64 {
        self.daily_cents.iter().sum()
    }
}

fn generate(pattern: Pattern, rng: &mut StdRng) -> Project {
    let start =
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default() + Days::new(rng.gen_range(0..28));
    let schedule = rng.gen_range(60..=200_usize);
    let due = start + Days::new(schedule as u64);
    let planned = rng.gen_range(20_000.0..400_000.0_f64);
    let budget = planned * rng.gen_range(0.9..1.15);
    // Scope: the work grows by this share over the schedule (re-estimated as it is found).
    let growth = match pattern {
        Pattern::ScopeGrowth => rng.gen_range(0.15..0.6),
        _ => rng.gen_range(0.0..0.08),
    };
    // What a unit of planned work costs: where it starts and how it drifts by the due date.
    let efficiency = rng.gen_range(0.85..1.2);
    let drift = rng.gen_range(-0.15..0.3);
    let optimism = rng.gen_range(-0.05..0.25);
    let stops_on_due_date = rng.gen_bool(0.3);
    let noise = rng.gen_range(0.15..0.6);
    let stall = (
        rng.gen_range(0.2..0.55),
        rng.gen_range(0.15..0.4),
        rng.gen_range(0.05..0.3),
    );
    let spike = (rng.gen_range(0.65..0.85), rng.gen_range(1.8..3.5));
    let acceleration = rng.gen_range(1.5..3.5);
    // The planned pace: the planned work spread over the working days of the schedule.
    let working_days = (schedule as f64 * 5.0 / 7.0).max(1.0);
    let pace = planned * efficiency / working_days;

    let mut project = Project {
        start,
        due,
        budget_cents: cents(budget),
        daily_cents: Vec::new(),
        planned_cents: Vec::new(),
        reported: Vec::new(),
    };
    let mut done_work = 0.0;
    let last_day = (schedule as f64 * MAX_OVERRUN_FACTOR) as usize;
    for day in 0..last_day {
        let share = day as f64 / schedule as f64;
        let date = start + Days::new(day as u64);
        let scope = planned * (1.0 + growth * share.min(1.0));
        let shape = match pattern {
            Pattern::Steady | Pattern::ScopeGrowth => 1.0,
            Pattern::Accelerating => {
                // From a slow start to `acceleration` times the pace, averaging about the pace.
                let low = 2.0 / (1.0 + acceleration);
                low + (low * acceleration - low) * share.min(1.2)
            }
            Pattern::Stalled => {
                let (from, length, level) = stall;
                if share >= from && share < from + length {
                    level
                } else {
                    1.0
                }
            }
            Pattern::Weekly => match date.weekday() {
                Weekday::Mon => 1.7,
                Weekday::Tue => 1.3,
                Weekday::Wed => 1.0,
                Weekday::Thu => 0.7,
                _ => 0.3,
            },
            Pattern::LateSpike => {
                let (from, height) = spike;
                if share >= from {
                    height
                } else {
                    1.0
                }
            }
        };
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let works = !weekend || rng.gen_bool(0.08);
        let cost = if works {
            let jitter = (1.0 + noise * rng.gen_range(-1.0..1.0_f64)).max(0.0);
            pace * shape * jitter
        } else {
            0.0
        };
        let unit_cost = efficiency * (1.0 + drift * share);
        done_work += cost / unit_cost.max(0.1);
        let true_progress = (done_work / scope).min(1.0);
        let reported = (true_progress * (1.0 + optimism)).clamp(0.0, 1.0);
        let mut cost_cents = cents(cost);
        let finished = done_work >= scope;
        if finished {
            // The last day costs only the work that was left.
            let overshoot = (done_work - scope) * unit_cost;
            cost_cents = cents((cost - overshoot).max(0.0));
        }
        project.daily_cents.push(cost_cents);
        project.planned_cents.push(cents(scope));
        project.reported.push(if finished { 1.0 } else { reported });
        if finished || (stops_on_due_date && date >= due) {
            break;
        }
    }
    project
}

fn cents(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

fn money(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// One forecast of a project at a cut-off, with the baselines, scored.
struct Trial {
    pattern: Pattern,
    cut_off: u32,
    ours: Scored,
    eac: Decimal,
    linear: Decimal,
    eac_over_budget: bool,
}

fn trial(project: &Project, pattern: Pattern, cut_off: u32, seed: u64) -> Option<Trial> {
    let schedule = (project.due - project.start).num_days() as usize;
    let today_index = (schedule * cut_off as usize / 100).max(1) - 1;
    if today_index >= project.daily_cents.len() {
        // Finished before the cut-off: nothing left to forecast.
        return None;
    }
    let today = project.start + Days::new(today_index as u64);
    let from = (today_index + 1).saturating_sub(HISTORY_DAYS);
    let history = project.daily_cents[from..=today_index].to_vec();
    // The estimates as known halfway through the history, as the service reads them.
    let halfway = history.len() / 2;
    let ac_cents: i64 = project.daily_cents[..=today_index].iter().sum();
    let planned_cents = project.planned_cents[today_index];
    let ev = money(planned_cents) * Decimal::try_from(project.reported[today_index]).ok()?;
    let outcome = forecast(&ForecastInput {
        today,
        start: project.start,
        due: Some(project.due),
        daily_cents: history,
        ac_cents,
        bac_cents: Some(project.budget_cents),
        planned_cents,
        planned_before_cents: Some(project.planned_cents[today_index - halfway]),
        planned_before_days: halfway as u32,
        ev,
        resamples: bootstrap::RESAMPLES,
        seed,
        model: bootstrap::Model::SERVICE,
        extra_costs: Vec::new(),
    });
    let ac = money(ac_cents);
    let bac = money(project.budget_cents);
    let eac = if ev > Decimal::ZERO && ac > Decimal::ZERO {
        bac * ac / ev
    } else {
        ac
    };
    let elapsed = Decimal::from(today_index as u64 + 1);
    let left = Decimal::from((project.due - today).num_days().max(0));
    let linear = ac + ac / elapsed * left;
    Some(Trial {
        pattern,
        cut_off,
        ours: Scored {
            projected: outcome.projected,
            low: outcome.low,
            high: outcome.high,
            probability_over_budget: outcome.probability_over_budget,
            budget: Some(bac),
            outcome: money(project.final_cost_cents()),
        },
        eac,
        linear,
        eac_over_budget: eac > bac,
    })
}

/// The scores of a group of trials.
struct Scores {
    forecasts: usize,
    coverage: Option<Decimal>,
    width: Option<Decimal>,
    ours: Option<Decimal>,
    eac: Option<Decimal>,
    linear: Option<Decimal>,
    brier: Option<Decimal>,
    brier_constant: Option<Decimal>,
    brier_eac: Option<Decimal>,
    overran: usize,
}

fn score(trials: &[&Trial], base_rate: Decimal) -> Scores {
    let scored: Vec<Scored> = trials.iter().map(|t| t.ours).collect();
    let outcome = |t: &&Trial| t.ours.outcome;
    let overran = |t: &&Trial| t.ours.overran().unwrap_or(false);
    Scores {
        forecasts: trials.len(),
        coverage: scoring::coverage(&scored),
        width: scoring::median(
            scored
                .iter()
                .filter_map(|s| {
                    (s.high - s.low)
                        .checked_mul(Decimal::ONE_HUNDRED)?
                        .checked_div(s.projected)
                })
                .collect(),
        ),
        ours: scoring::median_ape(trials.iter().map(|t| (t.ours.projected, outcome(t)))),
        eac: scoring::median_ape(trials.iter().map(|t| (t.eac, outcome(t)))),
        linear: scoring::median_ape(trials.iter().map(|t| (t.linear, outcome(t)))),
        brier: scoring::brier(
            trials
                .iter()
                .filter_map(|t| t.ours.probability_over_budget.map(|p| (p, overran(t)))),
        ),
        brier_constant: scoring::brier(trials.iter().map(|t| (base_rate, overran(t)))),
        brier_eac: scoring::brier(trials.iter().map(|t| {
            let p = if t.eac_over_budget {
                Decimal::ONE_HUNDRED
            } else {
                Decimal::ZERO
            };
            (p, overran(t))
        })),
        overran: trials.iter().filter(|t| overran(t)).count(),
    }
}

fn show(value: Option<Decimal>, places: u32) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| v.round_dp(places).to_string())
}

/// Generates the projects, forecasts each at every cut-off and prints the table: coverage and
/// point error per pattern (and per pattern and cut-off), against the baselines, the Brier
/// scores, and the time per forecast over a history as long as the service reads (180 days).
pub fn run(seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut trials = Vec::new();
    for pattern in Pattern::ALL {
        for _ in 0..PROJECTS {
            let project = generate(pattern, &mut rng);
            for cut_off in CUT_OFFS {
                if let Some(t) = trial(&project, pattern, cut_off, rng.gen()) {
                    trials.push(t);
                }
            }
        }
    }
    let all: Vec<&Trial> = trials.iter().collect();
    // The constant forecast: the share of all forecasts whose project overran.
    let base_rate = Decimal::from(
        all.iter()
            .filter(|t| t.ours.overran() == Some(true))
            .count(),
    ) * Decimal::ONE_HUNDRED
        / Decimal::from(all.len().max(1));

    let mut out = String::new();
    let _ = writeln!(
        out,
        "Known-answer evaluation of the forecast ({}), seed {seed}: {} projects per pattern, \
         forecast at {:?} % of the schedule ({} forecasts).\n",
        budget_domain::forecast::METHOD,
        PROJECTS,
        CUT_OFFS,
        all.len()
    );
    let _ = writeln!(
        out,
        "| pattern | cut-off | forecasts | 80 % coverage | median width % | median error % | EAC error % | linear error % | Brier | Brier constant | Brier EAC>BAC | overran |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut row = |label: &str, cut: &str, group: Vec<&Trial>| {
        let s = score(&group, base_rate);
        let _ = writeln!(
            out,
            "| {label} | {cut} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.forecasts,
            show(s.coverage, 1),
            show(s.width, 1),
            show(s.ours, 1),
            show(s.eac, 1),
            show(s.linear, 1),
            show(s.brier, 3),
            show(s.brier_constant, 3),
            show(s.brier_eac, 3),
            s.overran
        );
    };
    for pattern in Pattern::ALL {
        for cut_off in CUT_OFFS {
            row(
                pattern.name(),
                &format!("{cut_off} %"),
                all.iter()
                    .copied()
                    .filter(|t| t.pattern == pattern && t.cut_off == cut_off)
                    .collect(),
            );
        }
        row(
            pattern.name(),
            "all",
            all.iter()
                .copied()
                .filter(|t| t.pattern == pattern)
                .collect(),
        );
    }
    row("all", "all", all.clone());

    // Time per forecast over the service's longest default history.
    let series: Vec<i64> = (0..HISTORY_DAYS)
        .map(|_| rng.gen_range(0..200_000))
        .collect();
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let today = start + Days::new(HISTORY_DAYS as u64 - 1);
    let input = ForecastInput {
        today,
        start,
        due: Some(today + Days::new(120)),
        ac_cents: series.iter().sum(),
        daily_cents: series,
        bac_cents: Some(20_000_000),
        planned_cents: 25_000_000,
        planned_before_cents: Some(24_000_000),
        planned_before_days: 90,
        ev: Decimal::new(12_000_000, 0),
        resamples: bootstrap::RESAMPLES,
        seed,
        model: bootstrap::Model::SERVICE,
        extra_costs: Vec::new(),
    };
    let runs = 50_u32;
    let began = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(forecast(std::hint::black_box(&input)));
    }
    let per_run = began.elapsed() / runs;
    let _ = writeln!(
        out,
        "\nTime per forecast (180 days of history, 120 days ahead, {} resamples): {:.2} ms.",
        bootstrap::RESAMPLES,
        per_run.as_secs_f64() * 1_000.0
    );
    out
}
