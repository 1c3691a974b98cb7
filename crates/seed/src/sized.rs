//! What a board of a given size contains (the benchmark's boards), decided in memory before anything is written: pure and
//! seeded, so every run of a size measures the same rows.
//!
//! The board is shaped like a real one so that the aggregates do real work: five people with
//! default and board rates, tasks in every status with estimates, direct and resource costs,
//! some task rates, and time entries over [`HISTORY_DAYS`] days (mostly on weekdays, mostly
//! by the assignee) whose labour cost is snapshotted at the rate in force, as the service does.
//! One deliberate departure: with five people, 100,000 entries in 180 days are far more than
//! 24 hours a person-day. The read paths measured here do not care; only the write path
//! enforces that rule.

use budget_contract::currency::DEFAULT_CURRENCY;
use budget_contract::Decimal;
use budget_domain::amount::{hours_at_rate_cents, labour_cost_cents};
use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use crate::bulk::PlannedEntry;
use crate::bulk::{is_weekend, plus_days, round_to, BillableRate};

/// Entries cover this many days, the pinned "today" included.
pub const HISTORY_DAYS: u64 = 180;
/// The board is due this many days after today, so earned value and the forecast have a
/// schedule to measure against.
pub const DUE_IN_DAYS: u64 = 60;
/// The budget is fitted so that the board stands at about this share of it (per cent):
/// close to the warning line, as a board worth watching would be.
const TARGET_UTILISATION_PERCENT: i64 = 78;
/// Entries are whole quarter hours, from half an hour to six hours.
const QUARTER_HOUR: i32 = 25;
const ENTRY_QUARTERS: std::ops::RangeInclusive<i32> = 2..=24;
const ROI_SNAPSHOTS: u64 = 6;

/// Every hour is billed at the organisation's rate in another currency than the board's: a
/// second rate and a second currency on every entry.
pub const BILLABLE_RATE: BillableRate = BillableRate {
    cents: 12_000,
    currency: Some("USD"),
    exchange_units: Some(92_150_000),
};

/// The board's currency.
pub const BOARD_CURRENCY: &str = "EUR";

/// `centihours` billed at [`BILLABLE_RATE`], in the board's currency.
pub fn billable_cents(centihours: i64) -> i64 {
    hours_at_rate_cents(
        centihours,
        BILLABLE_RATE.cents,
        Decimal::new(BILLABLE_RATE.exchange_units.unwrap_or(100_000_000), 8),
        budget_contract::Currency::find_or_default(BOARD_CURRENCY),
    )
}

/// The benchmark's sizes: tasks and time entries on one board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Size {
    S,
    M,
    L,
}

impl Size {
    pub fn tasks(self) -> usize {
        match self {
            Self::S => 100,
            Self::M => 1_000,
            Self::L => 5_000,
        }
    }

    pub fn entries(self) -> usize {
        match self {
            Self::S => 1_000,
            Self::M => 20_000,
            Self::L => 100_000,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::S => "S",
            Self::M => "M",
            Self::L => "L",
        }
    }
}

/// One of the board's five people.
pub struct Person {
    pub email: &'static str,
    pub display_name: &'static str,
    pub default_rate_cents: i64,
    /// A rate agreed for this board, which beats the default.
    pub board_rate_cents: Option<i64>,
    pub board_role: &'static str,
    pub org_role: &'static str,
}

/// Index into [`PEOPLE`] of the board's creator, who signs in for the load.
pub const OWNER: usize = 0;
/// Everyone's password (throwaway data): the load signs in with it over HTTP.
pub const PASSWORD: &str = "bench-password-123";

pub static PEOPLE: [Person; 5] = [
    Person {
        email: "owner@bench.example.com",
        display_name: "Olivia Owner",
        default_rate_cents: 9_500,
        board_rate_cents: None,
        board_role: "admin",
        org_role: "admin",
    },
    Person {
        email: "marcus@bench.example.com",
        display_name: "Marcus Reed",
        default_rate_cents: 12_000,
        board_rate_cents: Some(11_000),
        board_role: "editor",
        org_role: "member",
    },
    Person {
        email: "lena@bench.example.com",
        display_name: "Lena Fischer",
        default_rate_cents: 8_500,
        board_rate_cents: Some(8_000),
        board_role: "editor",
        org_role: "member",
    },
    Person {
        email: "sam@bench.example.com",
        display_name: "Sam Okafor",
        default_rate_cents: 10_000,
        board_rate_cents: None,
        board_role: "editor",
        org_role: "member",
    },
    Person {
        email: "priya@bench.example.com",
        display_name: "Priya Nair",
        default_rate_cents: 7_000,
        board_rate_cents: Some(6_500),
        board_role: "editor",
        org_role: "member",
    },
];

const DESCRIPTIONS: [&str; 6] = [
    "Implementation",
    "Code review",
    "Design iteration",
    "Stakeholder meeting",
    "Testing",
    "Documentation",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedCost {
    pub estimated_cents: i64,
    pub estimated_centihours: i64,
    pub actual_cents: i64,
    pub resource_cents: i64,
    pub task_rate_cents: Option<i64>,
    pub incurred_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedTask {
    /// Unique on the board: the writer maps stored ids back by title.
    pub title: String,
    pub status: &'static str,
    pub progress: i32,
    pub priority: &'static str,
    pub assignee: usize,
    pub created_on: NaiveDate,
    pub due: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    /// The days work was logged on it (none for tasks not started).
    pub work: Option<(NaiveDate, NaiveDate)>,
    /// `None`: not estimated yet, no cost row.
    pub cost: Option<PlannedCost>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedSnapshot {
    pub day: NaiveDate,
    pub expected_cents: i64,
    pub realized_cents: i64,
    pub total_cost_cents: i64,
    pub roi_basis_points: Option<i64>,
    pub completed_tasks: i32,
    pub total_tasks: i32,
    pub risk_score: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub today: NaiveDate,
    pub first_day: NaiveDate,
    pub due: NaiveDate,
    pub tasks: Vec<PlannedTask>,
    pub entries: Vec<PlannedEntry>,
    pub allocated_cents: i64,
    pub allocated_centihours: i64,
    pub snapshots: Vec<PlannedSnapshot>,
}

/// The cost rate in force for a person's time on a task: the board sets rates at three levels
/// from the first day on, and the most specific one set wins (the rule the service applies,
/// [`budget_domain::rates::resolve`]): the task's, the person's on the board, the person's.
pub fn rate_in_force(task_rate_cents: Option<i64>, person: usize) -> Option<i64> {
    let person = PEOPLE.get(person)?;
    task_rate_cents
        .or(person.board_rate_cents)
        .or(Some(person.default_rate_cents))
}

/// Decides every row of a board of `size` whose last day of history is `today`.
pub fn plan(size: Size, today: NaiveDate) -> Plan {
    let mut rng = StdRng::seed_from_u64(0x6265_6e63_6800 + size.tasks() as u64);
    let first_day = today
        .checked_sub_days(Days::new(HISTORY_DAYS - 1))
        .unwrap_or(today);
    let last_index = HISTORY_DAYS - 1;
    let mut tasks: Vec<PlannedTask> = (0..size.tasks())
        .map(|index| plan_task(&mut rng, index, first_day, last_index, today))
        .collect();
    let entries = plan_entries(&mut rng, &tasks, size.entries());

    let mut labour = vec![0_i64; tasks.len()];
    let mut centihours = vec![0_i64; tasks.len()];
    for entry in &entries {
        if let (Some(l), Some(c)) = (labour.get_mut(entry.task), centihours.get_mut(entry.task)) {
            *l += entry.labour_cents;
            *c += entry.centihours;
        }
    }
    for (index, task) in tasks.iter_mut().enumerate() {
        let logged = centihours.get(index).copied().unwrap_or(0);
        estimate(&mut rng, task, logged);
    }

    let direct: i64 = tasks
        .iter()
        .filter_map(|t| t.cost.as_ref())
        .map(|c| c.actual_cents + c.resource_cents)
        .sum();
    let spent = labour.iter().sum::<i64>() + direct;
    let allocated_cents = round_to(spent * 100 / TARGET_UTILISATION_PERCENT, 100_000).max(100_000);
    let allocated_centihours = round_to(centihours.iter().sum::<i64>() * 100 / 80, 1_000);
    let snapshots = plan_snapshots(&mut rng, &tasks, &entries, first_day, allocated_cents);

    Plan {
        today,
        first_day,
        due: plus_days(today, DUE_IN_DAYS),
        tasks,
        entries,
        allocated_cents,
        allocated_centihours,
        snapshots,
    }
}

/// A task's status, dates and people; its estimate comes later, from the hours logged on it.
fn plan_task(
    rng: &mut StdRng,
    index: usize,
    first_day: NaiveDate,
    last_index: u64,
    today: NaiveDate,
) -> PlannedTask {
    let roll = rng.gen_range(0..100);
    let (status, work) = if roll < 45 {
        let start = rng.gen_range(0..last_index - 30);
        let end = (start + rng.gen_range(7..=45)).min(last_index - 1);
        ("done", Some((start, end)))
    } else if roll < 75 {
        (
            "in_progress",
            Some((rng.gen_range(60..last_index), last_index)),
        )
    } else {
        ("todo", None)
    };
    let work = work.map(|(start, end)| (plus_days(first_day, start), plus_days(first_day, end)));
    let created_on = work.map_or_else(
        || plus_days(first_day, rng.gen_range(0..=last_index)),
        |(start, _)| start,
    );
    let due = match work {
        Some((_, end)) => plus_days(end, rng.gen_range(0..14)),
        None => plus_days(today, rng.gen_range(7..90)),
    };
    let priority = match rng.gen_range(0..100) {
        0..=19 => "low",
        20..=64 => "medium",
        65..=89 => "high",
        _ => "urgent",
    };
    let progress = match status {
        "done" => 100,
        "in_progress" => rng.gen_range(5..=95),
        _ => 0,
    };
    let task_rate_cents = rng.gen_bool(0.1).then(|| rng.gen_range(90..=160) * 100);
    // Direct and resource costs land on a day of the work (nothing is bought for work not
    // started).
    let (actual_cents, resource_cents, incurred_on) = match work {
        Some((start, end)) if rng.gen_bool(0.2) => {
            let actual = if rng.gen_bool(0.6) {
                rng.gen_range(50..=5_000) * 100
            } else {
                0
            };
            let resource = if actual == 0 || rng.gen_bool(0.3) {
                rng.gen_range(100..=8_000) * 100
            } else {
                0
            };
            let span = u64::try_from((end - start).num_days()).unwrap_or(0);
            (
                actual,
                resource,
                Some(plus_days(start, rng.gen_range(0..=span))),
            )
        }
        _ => (0, 0, None),
    };
    let has_cost = task_rate_cents.is_some() || incurred_on.is_some() || rng.gen_bool(0.9);
    PlannedTask {
        title: format!(
            "T{:05} {}",
            index + 1,
            DESCRIPTIONS[index % DESCRIPTIONS.len()]
        ),
        status,
        progress,
        priority,
        assignee: rng.gen_range(0..PEOPLE.len()),
        created_on,
        due,
        completed_on: (status == "done")
            .then(|| work.map(|(_, end)| end))
            .flatten(),
        work,
        cost: has_cost.then_some(PlannedCost {
            estimated_cents: 0,
            estimated_centihours: 0,
            actual_cents,
            resource_cents,
            task_rate_cents,
            incurred_on,
        }),
    }
}

/// Spreads `count` entries over the tasks that have work, on their working days.
fn plan_entries(rng: &mut StdRng, tasks: &[PlannedTask], count: usize) -> Vec<PlannedEntry> {
    let worked: Vec<(usize, NaiveDate, u64)> = tasks
        .iter()
        .enumerate()
        .filter_map(|(index, task)| {
            let (start, end) = task.work?;
            Some((index, start, u64::try_from((end - start).num_days()).ok()?))
        })
        .collect();
    if worked.is_empty() {
        return Vec::new();
    }
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let (index, start, span) = worked[rng.gen_range(0..worked.len())];
        let Some(task) = tasks.get(index) else {
            continue;
        };
        // Weekends are rare but not empty: redraw a few times, then accept.
        let mut date = plus_days(start, rng.gen_range(0..=span));
        for _ in 0..3 {
            if !is_weekend(date) {
                break;
            }
            date = plus_days(start, rng.gen_range(0..=span));
        }
        let person = if rng.gen_bool(0.7) {
            task.assignee
        } else {
            rng.gen_range(0..PEOPLE.len())
        };
        let centihours = i64::from(rng.gen_range(ENTRY_QUARTERS) * QUARTER_HOUR);
        let rate_cents = rate_in_force(task.cost.as_ref().and_then(|c| c.task_rate_cents), person);
        let billable = rng.gen_bool(0.85);
        entries.push(PlannedEntry {
            task: index,
            person,
            date,
            centihours,
            rate_cents,
            labour_cents: labour_cost_cents(centihours, rate_cents, &DEFAULT_CURRENCY),
            billable,
            description: DESCRIPTIONS[rng.gen_range(0..DESCRIPTIONS.len())],
            billable_rate: Some(BILLABLE_RATE),
            billable_cents: if billable {
                billable_cents(centihours)
            } else {
                0
            },
        });
    }
    entries
}

/// Sets a task's estimate from the hours logged on it: finished tasks came in somewhere between
/// 30 % under and 40 % over, unfinished ones are extrapolated from their progress, and tasks
/// not started got a plain guess. About a third end up over their estimate.
fn estimate(rng: &mut StdRng, task: &mut PlannedTask, logged_centihours: i64) {
    let progress = i64::from(task.progress.max(1));
    let estimated_centihours = match task.status {
        "done" => logged_centihours * rng.gen_range(70..=140) / 100,
        "in_progress" => logged_centihours * 100 / progress * rng.gen_range(80..=130) / 100,
        _ => rng.gen_range(8..=60) * 100,
    };
    let estimated_centihours = round_to(estimated_centihours.max(100), 100);
    let assignee = task.assignee;
    let Some(cost) = task.cost.as_mut() else {
        return;
    };
    let rate = rate_in_force(cost.task_rate_cents, assignee).unwrap_or(0);
    cost.estimated_centihours = estimated_centihours;
    cost.estimated_cents = round_to(
        labour_cost_cents(estimated_centihours, Some(rate), &DEFAULT_CURRENCY)
            + cost.actual_cents
            + cost.resource_cents,
        5_000,
    );
}

/// Monthly ROI snapshots, each with the cost and task counts as they stood on its day.
fn plan_snapshots(
    rng: &mut StdRng,
    tasks: &[PlannedTask],
    entries: &[PlannedEntry],
    first_day: NaiveDate,
    allocated_cents: i64,
) -> Vec<PlannedSnapshot> {
    let expected_cents = allocated_cents * 18 / 10;
    let all_tasks = i64::try_from(tasks.len()).unwrap_or(i64::MAX).max(1);
    (1..=ROI_SNAPSHOTS)
        .map(|month| {
            let day = plus_days(first_day, month * 30 - 1);
            let labour: i64 = entries
                .iter()
                .filter(|e| e.date <= day)
                .map(|e| e.labour_cents)
                .sum();
            let direct: i64 = tasks
                .iter()
                .filter_map(|t| t.cost.as_ref())
                .filter(|c| c.incurred_on.is_some_and(|on| on <= day))
                .map(|c| c.actual_cents + c.resource_cents)
                .sum();
            let total_cost_cents = labour + direct;
            let completed = tasks
                .iter()
                .filter(|t| t.completed_on.is_some_and(|on| on <= day))
                .count();
            let existing = tasks.iter().filter(|t| t.created_on <= day).count();
            let completed_i64 = i64::try_from(completed).unwrap_or(0);
            let realized_cents = expected_cents * completed_i64 / all_tasks * 9 / 10;
            PlannedSnapshot {
                day,
                expected_cents,
                realized_cents,
                total_cost_cents,
                roi_basis_points: (total_cost_cents > 0)
                    .then(|| (realized_cents - total_cost_cents) * 10_000 / total_cost_cents),
                completed_tasks: i32::try_from(completed).unwrap_or(i32::MAX),
                total_tasks: i32::try_from(existing).unwrap_or(i32::MAX),
                risk_score: rng.gen_range(10..=60),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn a_size_gets_its_counts_and_the_same_rows_every_time() {
        let plan_s = plan(Size::S, today());
        assert_eq!(plan_s.tasks.len(), 100);
        assert_eq!(plan_s.entries.len(), 1_000);
        assert_eq!(plan_s, plan(Size::S, today()));
    }

    #[test]
    fn entries_are_dated_in_the_history_on_started_tasks_at_the_rate_in_force() {
        let plan = plan(Size::S, today());
        assert_eq!(
            plan.first_day,
            NaiveDate::from_ymd_opt(2026, 5, 30).unwrap()
        );
        for entry in &plan.entries {
            assert!(entry.date >= plan.first_day && entry.date <= plan.today);
            let task = &plan.tasks[entry.task];
            let (start, end) = task.work.unwrap();
            assert!(entry.date >= start && entry.date <= end, "{entry:?}");
            let task_rate = task.cost.as_ref().and_then(|c| c.task_rate_cents);
            assert_eq!(entry.rate_cents, rate_in_force(task_rate, entry.person));
            assert_eq!(
                entry.labour_cents,
                labour_cost_cents(entry.centihours, entry.rate_cents, &DEFAULT_CURRENCY)
            );
            assert!((50..=600).contains(&entry.centihours));
        }
        let weekend = plan.entries.iter().filter(|e| is_weekend(e.date)).count();
        assert!(
            weekend * 10 < plan.entries.len(),
            "{weekend} weekend entries"
        );
    }

    #[test]
    fn the_board_mixes_statuses_and_sits_under_its_warning_line() {
        let plan = plan(Size::S, today());
        for status in ["done", "in_progress", "todo"] {
            assert!(plan.tasks.iter().any(|t| t.status == status), "{status}");
        }
        assert!(plan
            .tasks
            .iter()
            .all(|t| (t.status == "done") == t.completed_on.is_some()));
        let spent: i64 = plan.entries.iter().map(|e| e.labour_cents).sum::<i64>()
            + plan
                .tasks
                .iter()
                .filter_map(|t| t.cost.as_ref())
                .map(|c| c.actual_cents + c.resource_cents)
                .sum::<i64>();
        let utilisation = spent * 100 / plan.allocated_cents;
        assert!((70..80).contains(&utilisation), "{utilisation} %");
        assert_eq!(plan.snapshots.len(), 6);
        assert!(plan.snapshots.iter().all(|s| s.day <= plan.today));
    }
}
