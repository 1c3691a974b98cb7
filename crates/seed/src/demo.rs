//! The demo organisation: "Northwind Studio", five people and two boards with four months of
//! history, so that a fresh installation shows every screen with believable numbers.
//!
//! The data is planned in memory first (`plan`, pure and deterministic for a given "today"),
//! then written in one transaction with multi-row inserts. Every stored figure follows the same
//! rules as the services: an entry's rate is the one in force ([`rate_in_force`]) and
//! its labour cost is [`labour_cost_cents`] of it; no entry is in the future and nobody logs
//! more than 24 hours on a day.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use budget_contract::auth::OrgRole;
use budget_contract::board::BoardRole;
use budget_contract::task::Priority::{self, High, Low, Medium, Urgent};
use budget_contract::task::TaskStatus;
use budget_contract::Currency;
use budget_domain::amount::labour_cost_cents;
use budget_domain::auth::password;
use budget_domain::auth::users::normalise_email;
use budget_domain::entity::{
    app_user, board, board_member, expense, organization, project_budget, task, task_cost,
};
use budget_domain::error::{is_unique_violation, DomainResult};
use budget_domain::rates::{self, Scope};
use budget_domain::Domain;
use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::bulk::{insert_chunked, is_weekend, plus_days, round_to, BillableRate, PlannedEntry};

/// The demo sign-in; its presence means the demo is already there.
pub const DEMO_EMAIL: &str = "demo@example.com";
/// Every demo account's password (public on purpose: it is demo data).
pub const DEMO_PASSWORD: &str = "demo-password-123";
pub const ORGANIZATION_NAME: &str = "Northwind Studio";

/// Fixed so that two runs on the same day produce the same data.
const RNG_SEED: u64 = 0x004e_6f72_7468_7769;
/// Time entries cover this many days, today included.
const HISTORY_DAYS: u64 = 120;
/// Entries are whole quarter hours, as people log them.
const QUARTER_HOUR: i64 = 25;
/// No single entry is longer than a working day (the service allows 16 h; people rarely do).
const TYPICAL_MAX_ENTRY_CENTIHOURS: i64 = 800;
/// A chance that a chunk of work lands on a weekend day, so weekends are rare but not empty.
const WEEKEND_WORK: f64 = 0.03;
/// The share of a task's hours its assignee logs; the rest comes from colleagues on the board.
const ASSIGNEE_SHARE: f64 = 0.7;

/// What [`seed`] did, printed by the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DemoOutcome {
    /// `demo@example.com` exists already; nothing was written.
    AlreadyPresent,
    Created {
        organization_id: i64,
        demo_user_id: i64,
        board_ids: Vec<i64>,
        users: usize,
        tasks: usize,
        task_costs: usize,
        expenses: usize,
        time_entries: usize,
    },
}

impl fmt::Display for DemoOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AlreadyPresent => {
                write!(
                    f,
                    "demo data already present ({DEMO_EMAIL} exists); nothing changed"
                )
            }
            Self::Created {
                board_ids,
                users,
                tasks,
                task_costs,
                expenses,
                time_entries,
                ..
            } => write!(
                f,
                "created the demo organisation \"{ORGANIZATION_NAME}\": {users} people, {} boards, \
                 {tasks} tasks ({task_costs} with costs, {expenses} expenses), {time_entries} time \
                 entries; \
                 sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}",
                board_ids.len()
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The cast and the script
// ---------------------------------------------------------------------------------------------

struct PersonSpec {
    email: &'static str,
    display_name: &'static str,
    default_rate_cents: i64,
    org_role: OrgRole,
    /// Most hours this person logs on one day, over all boards (well below the 24 h rule).
    daily_cap_centihours: i64,
    /// What their entries say they did, and whether that time is billable.
    activities: &'static [(&'static str, bool)],
}

const DANA: usize = 0;
const MARCUS: usize = 1;
const LENA: usize = 2;
const SAM: usize = 3;
const PRIYA: usize = 4;

static PEOPLE: [PersonSpec; 5] = [
    PersonSpec {
        email: DEMO_EMAIL,
        display_name: "Dana Demo",
        default_rate_cents: 9_500,
        org_role: OrgRole::Admin,
        daily_cap_centihours: 700,
        activities: &[
            ("Stakeholder meeting", true),
            ("Planning and prioritisation", true),
            ("Client workshop", true),
            ("Content review", true),
            ("Status report", false),
        ],
    },
    PersonSpec {
        email: "marcus.reed@example.com",
        display_name: "Marcus Reed",
        default_rate_cents: 12_000,
        org_role: OrgRole::Member,
        daily_cap_centihours: 900,
        activities: &[
            ("Implementation", true),
            ("Code review", true),
            ("Architecture notes", true),
            ("Pairing session", true),
            ("Internal tooling", false),
        ],
    },
    PersonSpec {
        email: "lena.fischer@example.com",
        display_name: "Lena Fischer",
        default_rate_cents: 8_500,
        org_role: OrgRole::Member,
        daily_cap_centihours: 900,
        activities: &[
            ("Design iteration", true),
            ("Feedback round with stakeholders", true),
            ("Prototype updates", true),
            ("Asset export and handover", true),
            ("Design critique", false),
        ],
    },
    PersonSpec {
        email: "sam.patel@example.com",
        display_name: "Sam Patel",
        default_rate_cents: 7_000,
        org_role: OrgRole::Member,
        daily_cap_centihours: 900,
        activities: &[
            ("Implementation", true),
            ("Fixing review comments", true),
            ("Writing tests", true),
            ("Debugging", true),
            ("Stand-up and sprint planning", false),
        ],
    },
    PersonSpec {
        email: "priya.nair@example.com",
        display_name: "Priya Nair",
        default_rate_cents: 6_000,
        org_role: OrgRole::Member,
        daily_cap_centihours: 900,
        activities: &[
            ("Writing test cases", true),
            ("Exploratory testing", true),
            ("Regression run", true),
            ("Bug triage", true),
            ("Test automation", true),
        ],
    },
];

struct MemberSpec {
    person: usize,
    role: BoardRole,
    rate_cents: Option<i64>,
}

/// Direct (non-labour) spending on a task, incurred on one day of the board's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Direct {
    actual_cents: i64,
    resource_cents: i64,
    /// Days after the board's start.
    day: u64,
}

#[derive(Debug, PartialEq, Eq)]
struct TaskSpec {
    title: &'static str,
    status: TaskStatus,
    progress: i32,
    priority: Priority,
    assignee: usize,
    /// Days after the board's start when work begins.
    start: u64,
    /// Planned duration: the due date is `start + days` after the board's start.
    days: u64,
    /// Zero means "not estimated yet": the task gets no cost row.
    estimate_hours: i64,
    /// Hours logged so far as a percentage of the estimate; above 100 on a done task means it
    /// overran (and finished a day late per 10 % over), on an open task that it is trending over.
    effort: i64,
    direct: Option<Direct>,
    task_rate_cents: Option<i64>,
}

/// Where a task stands today.
#[derive(Clone, Copy)]
enum Stage {
    Done,
    /// In progress, this many percent done.
    Doing(i32),
    Todo,
}

use Stage::{Doing, Done, Todo};

/// A task in a board's table; a task still to do has logged nothing (`effort` 0).
#[allow(clippy::too_many_arguments)]
const fn task(
    title: &'static str,
    stage: Stage,
    priority: Priority,
    assignee: usize,
    start: u64,
    days: u64,
    estimate_hours: i64,
    effort: i64,
) -> TaskSpec {
    let (status, progress) = match stage {
        Done => (TaskStatus::Done, 100),
        Doing(progress) => (TaskStatus::InProgress, progress),
        Todo => (TaskStatus::Todo, 0),
    };
    TaskSpec {
        title,
        status,
        progress,
        priority,
        assignee,
        start,
        days,
        estimate_hours,
        effort,
        direct: None,
        task_rate_cents: None,
    }
}

impl TaskSpec {
    const fn spending(self, actual_cents: i64, resource_cents: i64, day: u64) -> Self {
        Self {
            direct: Some(Direct {
                actual_cents,
                resource_cents,
                day,
            }),
            ..self
        }
    }

    /// A specialist rate that applies to anyone's time on this task.
    const fn rate(self, cents: i64) -> Self {
        Self {
            task_rate_cents: Some(cents),
            ..self
        }
    }
}

struct BoardSpec {
    name: &'static str,
    currency: &'static str,
    starts_days_ago: u64,
    due_in_days: u64,
    /// Where spent / allocated should land, in tenths of a percent.
    target_utilisation_permille: i64,
    /// The allocated budget is a round figure: a multiple of this many cents.
    budget_rounding_cents: i64,
    members: &'static [MemberSpec],
    tasks: &'static [TaskSpec],
}

/// Website relaunch: 120 days in, two thirds of the way through its schedule, spending just
/// under the 80 % warning line with the expensive launch work still ahead.
#[rustfmt::skip]
static WEBSITE: BoardSpec = BoardSpec {
    name: "Website relaunch",
    currency: "USD",
    starts_days_ago: 120,
    due_in_days: 60,
    target_utilisation_permille: 775,
    budget_rounding_cents: 10_000,
    members: &[
        MemberSpec { person: DANA, role: BoardRole::Admin, rate_cents: None },
        MemberSpec { person: MARCUS, role: BoardRole::Editor, rate_cents: None },
        MemberSpec { person: LENA, role: BoardRole::Editor, rate_cents: Some(9_000) },
        MemberSpec { person: SAM, role: BoardRole::Editor, rate_cents: Some(7_500) },
        MemberSpec { person: PRIYA, role: BoardRole::Viewer, rate_cents: None },
    ],
    tasks: &[
        task("Stakeholder interviews", Done, High, DANA, 1, 12, 24, 110),
        task("Analytics and SEO audit of the current site", Done, Medium, MARCUS, 2, 14, 30, 95),
        task("Competitor review", Done, Low, LENA, 3, 10, 16, 90),
        task("Content inventory", Done, Medium, DANA, 8, 20, 24, 100),
        task("Information architecture and sitemap", Done, High, LENA, 10, 18, 40, 125),
        task("User research sessions", Done, High, LENA, 14, 16, 36, 105).spending(120_000, 0, 24),
        task("Choose a headless CMS", Done, High, MARCUS, 18, 10, 20, 100).spending(600_000, 0, 30),
        task("Technical architecture", Done, High, MARCUS, 22, 14, 40, 90),
        task("Wireframes: home and landing pages", Done, High, LENA, 24, 20, 48, 115),
        task("Wireframes: product and pricing pages", Done, Medium, LENA, 30, 18, 40, 95),
        task("Set up CI/CD and staging", Done, Medium, SAM, 32, 12, 32, 120).spending(0, 145_000, 36),
        task("Visual design system", Done, Urgent, LENA, 36, 28, 80, 165),
        task("Front-end scaffolding and build tooling", Done, Medium, SAM, 40, 12, 36, 105),
        task("CMS content model", Done, High, MARCUS, 42, 16, 40, 95),
        task("Component library", Done, High, SAM, 46, 30, 96, 130),
        task("Stock photography licences", Done, Low, LENA, 50, 6, 6, 100).spending(240_000, 0, 54),
        task("Navigation and footer", Done, Medium, SAM, 58, 10, 24, 100),
        task("Home page build", Done, High, SAM, 60, 22, 56, 110),
        task("Brand illustration set", Done, Medium, LENA, 64, 24, 40, 100).rate(11_000),
        task("Legacy URL redirect map", Done, Medium, MARCUS, 66, 14, 24, 175),
        task("Blog templates", Done, Low, SAM, 76, 14, 32, 90),
        task("Newsletter sign-up integration", Done, Low, MARCUS, 84, 8, 12, 100),
        task("Product pages build", Doing(70), High, SAM, 82, 50, 72, 80),
        task("Pricing page and plan comparison", Doing(60), High, MARCUS, 88, 40, 40, 65),
        task("Search integration", Doing(45), Medium, MARCUS, 92, 48, 48, 50).spending(0, 90_000, 95),
        task("Content migration", Doing(55), Urgent, DANA, 80, 70, 60, 70),
        task("Copywriting: product pages", Doing(50), Medium, DANA, 90, 40, 40, 45)
            .spending(320_000, 0, 100),
        task("Contact and demo-request forms", Doing(80), High, SAM, 100, 25, 28, 95),
        task("Accessibility audit", Doing(40), High, MARCUS, 105, 30, 30, 40)
            .rate(14_000)
            .spending(350_000, 0, 112),
        task("Performance budget and image optimisation", Doing(30), Medium, SAM, 108, 40, 32, 30),
        task("Project management and weekly status", Doing(65), Medium, DANA, 0, 180, 120, 60),
        task("Analytics and tag manager setup", Todo, Medium, MARCUS, 125, 15, 20, 0),
        task("Cross-browser QA", Todo, High, SAM, 135, 25, 48, 0),
        task("Load testing", Todo, Medium, MARCUS, 140, 14, 24, 0),
        task("Launch checklist and go-live", Todo, Urgent, DANA, 165, 12, 24, 0),
        task("Post-launch monitoring", Todo, Low, MARCUS, 172, 8, 0, 0),
    ],
};

/// Mobile app: three months into a seven-month plan and comfortably within its budget.
#[rustfmt::skip]
static MOBILE: BoardSpec = BoardSpec {
    name: "Mobile app",
    currency: "EUR",
    starts_days_ago: 90,
    due_in_days: 120,
    target_utilisation_permille: 450,
    budget_rounding_cents: 100_000,
    members: &[
        MemberSpec { person: DANA, role: BoardRole::Admin, rate_cents: None },
        MemberSpec { person: MARCUS, role: BoardRole::Editor, rate_cents: Some(11_000) },
        MemberSpec { person: LENA, role: BoardRole::Editor, rate_cents: Some(8_000) },
        MemberSpec { person: SAM, role: BoardRole::Editor, rate_cents: None },
        MemberSpec { person: PRIYA, role: BoardRole::Editor, rate_cents: Some(6_500) },
    ],
    tasks: &[
        task("Product requirements and user stories", Done, High, DANA, 0, 14, 30, 100),
        task("Technical spike: cross-platform framework", Done, High, MARCUS, 4, 12, 24, 90),
        task("UX flows and clickable prototype", Done, High, LENA, 8, 24, 48, 110),
        task("API design for mobile clients", Done, High, MARCUS, 16, 16, 36, 100),
        task("Project setup, CI and TestFlight", Done, Medium, SAM, 18, 10, 20, 130)
            .spending(12_400, 0, 20),
        task("Authentication and onboarding", Done, Urgent, SAM, 26, 20, 56, 105),
        task("Mobile design system", Done, Medium, LENA, 30, 20, 40, 90),
        task("Crash reporting and analytics", Done, Medium, SAM, 40, 8, 12, 150),
        task("Test plan and device matrix", Done, Medium, PRIYA, 40, 12, 20, 95).spending(0, 120_000, 45),
        task("Dashboard screen", Doing(75), High, SAM, 46, 36, 48, 70),
        task("Push notifications", Doing(60), Medium, MARCUS, 50, 30, 32, 55).spending(0, 30_000, 60),
        task("Automated UI tests", Doing(40), Medium, PRIYA, 55, 60, 60, 35),
        task("Offline sync", Doing(35), High, MARCUS, 56, 50, 80, 50),
        task("Settings and profile", Doing(50), Low, SAM, 60, 30, 24, 45),
        task("Payments integration", Doing(20), High, MARCUS, 80, 40, 64, 15),
        task("Sprint planning and reviews", Doing(45), Medium, DANA, 0, 210, 40, 40),
        task("Accessibility review", Todo, Medium, PRIYA, 100, 14, 16, 0),
        task("Beta programme", Todo, High, DANA, 110, 30, 20, 0),
        task("Performance profiling", Todo, Medium, MARCUS, 120, 14, 24, 0),
        task("In-app feedback widget", Todo, Low, SAM, 125, 10, 0, 0),
        task("Localisation (German and French)", Todo, Low, DANA, 130, 30, 12, 0),
        task("Security review", Todo, High, MARCUS, 140, 14, 16, 0).rate(13_000),
        task("App store listing and screenshots", Todo, Medium, LENA, 150, 14, 0, 0),
        task("Release 1.0 submission", Todo, Urgent, DANA, 190, 10, 8, 0),
    ],
};

static BOARDS: [&BoardSpec; 2] = [&WEBSITE, &MOBILE];

/// What an hour is billed at on the demo boards (the organisation's rate, in each board's
/// currency).
const BILLABLE_RATE_CENTS: i64 = 12_500;

/// The cost rate in force for a person's time on a task: the demo sets rates at three levels
/// from the first day on, and the most specific one set wins (the rule of
/// [`budget_domain::rates::resolve`]): the task's, the person's on the board, the person's.
fn rate_in_force(board: &BoardSpec, task: &TaskSpec, person: usize) -> Option<i64> {
    task.task_rate_cents
        .or(board
            .members
            .iter()
            .find(|m| m.person == person)
            .and_then(|m| m.rate_cents))
        .or(PEOPLE.get(person).map(|p| p.default_rate_cents))
}

// ---------------------------------------------------------------------------------------------
// The plan: everything decided in memory before anything is written
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
struct PlannedBoard {
    spec_index: usize,
    start: NaiveDate,
    due: NaiveDate,
    allocated_cents: i64,
    allocated_centihours: i64,
}

#[derive(Debug, PartialEq, Eq)]
struct PlannedTask {
    board: usize,
    spec: &'static TaskSpec,
    /// The day the task was put on the board: when work on it began, or the board's start
    /// for work still ahead (the backlog planned at kick-off).
    created_on: NaiveDate,
    due: NaiveDate,
    completed_on: Option<NaiveDate>,
    /// `None` for tasks not estimated yet (no cost row).
    estimated_cost_cents: Option<i64>,
    incurred_on: Option<NaiveDate>,
}

#[derive(Debug, PartialEq, Eq)]
struct Plan {
    boards: Vec<PlannedBoard>,
    tasks: Vec<PlannedTask>,
    entries: Vec<PlannedEntry>,
}

fn days_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Hours logged per (date, person, task), and per (person, date) over all tasks.
#[derive(Default)]
struct Timesheet {
    cells: BTreeMap<(NaiveDate, usize, usize), i64>,
    person_day: HashMap<(usize, NaiveDate), i64>,
}

impl Timesheet {
    /// Books a chunk of work if it keeps the person under their daily cap and the entry under
    /// a working day; returns whether it was booked.
    fn book(&mut self, date: NaiveDate, person: usize, task: usize, centihours: i64) -> bool {
        let cap = PEOPLE.get(person).map_or(0, |p| p.daily_cap_centihours);
        let day_total = self.person_day.get(&(person, date)).copied().unwrap_or(0);
        let cell = self.cells.get(&(date, person, task)).copied().unwrap_or(0);
        if day_total + centihours > cap || cell + centihours > TYPICAL_MAX_ENTRY_CENTIHOURS {
            return false;
        }
        *self.person_day.entry((person, date)).or_insert(0) += centihours;
        *self.cells.entry((date, person, task)).or_insert(0) += centihours;
        true
    }
}

/// Spreads a task's logged hours over the working days of `first..=last` in quarter-hour
/// chunks, mostly by the assignee, sometimes by colleagues. When people's days are full the
/// task simply gets fewer hours: the budget is fitted to what was logged afterwards.
fn log_work(
    rng: &mut StdRng,
    sheet: &mut Timesheet,
    task: usize,
    spec: &TaskSpec,
    workers: &[usize],
    first: NaiveDate,
    last: NaiveDate,
) {
    let noise = rng.gen_range(95..=105);
    let target = spec.estimate_hours * spec.effort * noise / 100 / QUARTER_HOUR * QUARTER_HOUR;
    let (weekend, weekdays): (Vec<NaiveDate>, Vec<NaiveDate>) = first
        .iter_days()
        .take_while(|day| *day <= last)
        .partition(|day| is_weekend(*day));
    if workers.is_empty() || (weekdays.is_empty() && weekend.is_empty()) {
        return;
    }
    let mut remaining = target;
    let mut refusals = 0;
    while remaining > 0 && refusals < 200 {
        let chunk = (rng.gen_range(4..=24) * QUARTER_HOUR).min(remaining);
        let pool = if weekdays.is_empty() || (!weekend.is_empty() && rng.gen_bool(WEEKEND_WORK)) {
            &weekend
        } else {
            &weekdays
        };
        let date = pool[rng.gen_range(0..pool.len())];
        let person = if rng.gen_bool(ASSIGNEE_SHARE) && workers.contains(&spec.assignee) {
            spec.assignee
        } else {
            workers[rng.gen_range(0..workers.len())]
        };
        if sheet.book(date, person, task, chunk) {
            remaining -= chunk;
        } else {
            refusals += 1;
        }
    }
}

/// Decides every row of the demo for the given day. Pure: the same `today` gives the same plan.
fn plan(today: NaiveDate) -> Plan {
    let mut rng = StdRng::seed_from_u64(RNG_SEED);
    let first_entry_day = days_before(today, HISTORY_DAYS - 1);
    let mut sheet = Timesheet::default();
    let mut boards = Vec::new();
    let mut tasks: Vec<PlannedTask> = Vec::new();

    for (board_index, board) in BOARDS.iter().enumerate() {
        let start = days_before(today, board.starts_days_ago);
        let workers: Vec<usize> = board
            .members
            .iter()
            .filter(|m| m.role >= BoardRole::Editor)
            .map(|m| m.person)
            .collect();
        for spec in board.tasks {
            let task_index = tasks.len();
            let begins = plus_days(start, spec.start);
            let due = plus_days(begins, spec.days);
            let first = begins.max(first_entry_day).max(start);
            let completed_on = match spec.status {
                TaskStatus::Done => {
                    let slip = u64::try_from((spec.effort - 100).max(0) / 10).unwrap_or(0);
                    Some(plus_days(due, slip).min(today))
                }
                _ => None,
            };
            let last_work_day = match spec.status {
                TaskStatus::Done => completed_on,
                TaskStatus::InProgress => Some(today),
                TaskStatus::Todo => None,
            };
            if let Some(last) = last_work_day {
                log_work(
                    &mut rng, &mut sheet, task_index, spec, &workers, first, last,
                );
            }
            let direct = spec.direct.map_or(0, |d| d.actual_cents + d.resource_cents);
            // Estimated at the assignee's rate plus 10 % for colleagues' help, to the 50.00.
            let estimated_cost_cents = (spec.estimate_hours > 0).then(|| {
                let rate = rate_in_force(board, spec, spec.assignee).unwrap_or(0);
                round_to(spec.estimate_hours * rate * 110 / 100, 5_000) + direct
            });
            let incurred_on = spec.direct.map(|d| plus_days(start, d.day).min(today));
            tasks.push(PlannedTask {
                board: board_index,
                spec,
                created_on: if begins <= today { begins } else { start },
                due,
                completed_on,
                estimated_cost_cents,
                incurred_on,
            });
        }
        boards.push(PlannedBoard {
            spec_index: board_index,
            start,
            due: plus_days(today, board.due_in_days),
            allocated_cents: 0,
            allocated_centihours: 0,
        });
    }

    let mut entries = Vec::with_capacity(sheet.cells.len());
    for ((date, person, task_index), centihours) in sheet.cells {
        let Some(task) = tasks.get(task_index) else {
            continue;
        };
        let Some(board) = BOARDS.get(task.board) else {
            continue;
        };
        let rate_cents = rate_in_force(board, task.spec, person);
        let activities = PEOPLE.get(person).map_or(&[][..], |p| p.activities);
        let (description, billable) = if activities.is_empty() {
            ("Work", true)
        } else {
            activities[rng.gen_range(0..activities.len())]
        };
        entries.push(PlannedEntry {
            task: task_index,
            person,
            date,
            centihours,
            rate_cents,
            labour_cents: labour_cost_cents(
                centihours,
                rate_cents,
                Currency::find_or_default(board.currency),
            ),
            description,
            billable,
            billable_rate: Some(BillableRate {
                cents: BILLABLE_RATE_CENTS,
                currency: None,
                exchange_units: None,
            }),
            billable_cents: if billable {
                labour_cost_cents(
                    centihours,
                    Some(BILLABLE_RATE_CENTS),
                    Currency::find_or_default(board.currency),
                )
            } else {
                0
            },
        });
    }

    // Fit each budget to what was spent, so the story (just under warning / comfortably ok)
    // holds whatever the calendar did to the hours.
    for planned in &mut boards {
        let Some(board) = BOARDS.get(planned.spec_index) else {
            continue;
        };
        let index = planned.spec_index;
        let labour: i64 = entries
            .iter()
            .filter(|e| tasks.get(e.task).is_some_and(|t| t.board == index))
            .map(|e| e.labour_cents)
            .sum();
        let direct: i64 = tasks
            .iter()
            .filter(|t| t.board == index)
            .filter_map(|t| t.spec.direct)
            .map(|d| d.actual_cents + d.resource_cents)
            .sum();
        let spent = labour + direct;
        planned.allocated_cents = round_to(
            spent * 1_000 / board.target_utilisation_permille,
            board.budget_rounding_cents,
        );
        // Planned hours: the estimates plus 10 % contingency, in whole tens of hours.
        let estimated: i64 = board.tasks.iter().map(|t| t.estimate_hours).sum();
        let with_contingency = estimated * 110;
        planned.allocated_centihours = (with_contingency + 999) / 1_000 * 1_000;
    }

    Plan {
        boards,
        tasks,
        entries,
    }
}

// ---------------------------------------------------------------------------------------------
// Writing it
// ---------------------------------------------------------------------------------------------

async fn demo_user_exists<C: ConnectionTrait>(conn: &C) -> Result<bool, DbErr> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Email.eq(DEMO_EMAIL))
        .one(conn)
        .await?
        .is_some())
}

/// A moment on a day of the story, never after `now`: history reads in order (created before
/// completed, logged on the day worked) and nothing is stamped in the future.
fn at(day: NaiveDate, hour: u32, now: DateTime<Utc>) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0)
        .map_or(now, |moment| moment.and_utc().min(now))
}

fn internal(message: &str) -> DbErr {
    DbErr::Custom(format!("demo seed: {message}"))
}

/// Creates the demo organisation unless `demo@example.com` exists already. All of it is
/// written in one transaction: a failure leaves nothing behind, and a concurrent run either
/// waits (SQLite) or loses on the unique email and reports `AlreadyPresent` (PostgreSQL).
pub async fn seed(domain: &Domain) -> DomainResult<DemoOutcome> {
    // Cheap check first, so that a second run does not pay for password hashing.
    if demo_user_exists(domain.db.conn()).await? {
        return Ok(DemoOutcome::AlreadyPresent);
    }
    let today = domain.clock.today();
    let now: DateTime<Utc> = domain.clock.now();
    let plan = plan(today);
    // Hashing is deliberately slow: done before the write transaction so it holds no lock.
    let hashes = PEOPLE
        .iter()
        .map(|_| password::hash(DEMO_PASSWORD))
        .collect::<Result<Vec<_>, _>>()?;

    let founded = at(
        plan.boards.iter().map(|b| b.start).min().unwrap_or(today),
        8,
        now,
    );

    let txn = domain.db.begin_write().await?;
    if demo_user_exists(&*txn).await? {
        return Ok(DemoOutcome::AlreadyPresent);
    }
    let org = organization::ActiveModel {
        name: Set(ORGANIZATION_NAME.to_owned()),
        created_at: Set(founded),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;

    // Every hour on the organisation's boards is billed at one rate, in the board's currency.
    rates::first_billable_rate(
        &Scope::Organization {
            organization_id: org.id,
        },
        BILLABLE_RATE_CENTS,
        None,
        founded,
    )
    .insert(&*txn)
    .await?;
    let mut user_ids = Vec::with_capacity(PEOPLE.len());
    for (person, hash) in PEOPLE.iter().zip(hashes) {
        let inserted = app_user::ActiveModel {
            email: Set(normalise_email(person.email)),
            display_name: Set(person.display_name.to_owned()),
            password_hash: Set(hash),
            organization_id: Set(Some(org.id)),
            org_role: Set(Some(person.org_role.as_str().to_owned())),
            created_at: Set(founded),
            ..Default::default()
        }
        .insert(&*txn)
        .await;
        match inserted {
            Ok(user) => {
                rates::first_cost_rate(
                    &Scope::Person {
                        organization_id: Some(org.id),
                        user_id: user.id,
                    },
                    person.default_rate_cents,
                    founded,
                )
                .insert(&*txn)
                .await?;
                user_ids.push(user.id);
            }
            // Someone seeded (or registered this email) at the same moment.
            Err(err) if is_unique_violation(&err) => return Ok(DemoOutcome::AlreadyPresent),
            Err(err) => return Err(err.into()),
        }
    }
    let user_id = |person: usize| {
        user_ids
            .get(person)
            .copied()
            .ok_or_else(|| internal("unknown person"))
    };
    let demo_user_id = user_id(DANA)?;

    let mut board_ids = Vec::with_capacity(plan.boards.len());
    for planned in &plan.boards {
        let spec = BOARDS
            .get(planned.spec_index)
            .ok_or_else(|| internal("unknown board"))?;
        let model = board::ActiveModel {
            name: Set(spec.name.to_owned()),
            organization_id: Set(Some(org.id)),
            created_by: Set(demo_user_id),
            start_date: Set(planned.start),
            due_date: Set(Some(planned.due)),
            created_at: Set(at(planned.start, 9, now)),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        board_ids.push(model.id);
    }
    let board_id = |index: usize| {
        board_ids
            .get(index)
            .copied()
            .ok_or_else(|| internal("unknown board"))
    };

    let mut members = Vec::new();
    let mut member_rates = Vec::new();
    for planned in &plan.boards {
        let spec = BOARDS
            .get(planned.spec_index)
            .ok_or_else(|| internal("unknown board"))?;
        for member in spec.members {
            members.push(board_member::ActiveModel {
                board_id: Set(board_id(planned.spec_index)?),
                user_id: Set(user_id(member.person)?),
                role: Set(member.role.as_str().to_owned()),
                created_at: Set(at(planned.start, 9, now)),
                ..Default::default()
            });
            if let Some(cents) = member.rate_cents {
                member_rates.push(rates::first_cost_rate(
                    &Scope::BoardMember {
                        board_id: board_id(planned.spec_index)?,
                        user_id: user_id(member.person)?,
                    },
                    cents,
                    at(planned.start, 9, now),
                ));
            }
        }
    }
    insert_chunked(&*txn, members).await?;
    insert_chunked(&*txn, member_rates).await?;

    let mut task_rows = Vec::with_capacity(plan.tasks.len());
    for planned in &plan.tasks {
        let completed_at = planned.completed_on.map(|day| at(day, 17, now));
        task_rows.push(task::ActiveModel {
            board_id: Set(board_id(planned.board)?),
            title: Set(planned.spec.title.to_owned()),
            status: Set(planned.spec.status.as_str().to_owned()),
            progress: Set(match planned.spec.status {
                TaskStatus::Done => 100,
                _ => planned.spec.progress,
            }),
            priority: Set(planned.spec.priority.as_str().to_owned()),
            assignee_id: Set(Some(user_id(planned.spec.assignee)?)),
            due_date: Set(Some(planned.due)),
            completed_at: Set(completed_at),
            created_at: Set(at(planned.created_on, 9, now)),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    insert_chunked(&*txn, task_rows).await?;
    // Multi-row inserts do not return every id on both engines; titles are unique per board.
    let stored: HashMap<(i64, String), i64> = task::Entity::find()
        .filter(task::Column::BoardId.is_in(board_ids.clone()))
        .all(&*txn)
        .await?
        .into_iter()
        .map(|t| ((t.board_id, t.title), t.id))
        .collect();
    let task_ids = plan
        .tasks
        .iter()
        .map(|planned| {
            let key = (board_id(planned.board)?, planned.spec.title.to_owned());
            stored
                .get(&key)
                .copied()
                .ok_or_else(|| internal("a task was not stored"))
        })
        .collect::<Result<Vec<i64>, DbErr>>()?;

    let mut costs = Vec::new();
    let mut task_rates = Vec::new();
    for (planned, task_id) in plan.tasks.iter().zip(&task_ids) {
        let Some(estimated_cost_cents) = planned.estimated_cost_cents else {
            continue;
        };
        if let Some(cents) = planned.spec.task_rate_cents {
            task_rates.push(rates::first_cost_rate(
                &Scope::Task {
                    board_id: board_id(planned.board)?,
                    task_id: *task_id,
                },
                cents,
                now,
            ));
        }
        let direct = planned.spec.direct;
        costs.push(task_cost::ActiveModel {
            task_id: Set(*task_id),
            estimated_cost_cents: Set(estimated_cost_cents),
            estimated_centihours: Set(planned.spec.estimate_hours * 100),
            actual_cost_cents: Set(0),
            resource_cost_cents: Set(direct.map_or(0, |d| d.resource_cents)),
            incurred_on: Set(planned.incurred_on),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    let task_costs = costs.len();
    insert_chunked(&*txn, costs).await?;
    insert_chunked(&*txn, task_rates).await?;

    // Each direct cost is one expense, recorded by the task's assignee in the board's currency
    // (the demo organisation keeps no exchange rates, so no expense is in another currency).
    let mut expense_rows = Vec::new();
    for (planned, task_id) in plan.tasks.iter().zip(&task_ids) {
        let (Some(direct), Some(day)) = (planned.spec.direct, planned.incurred_on) else {
            continue;
        };
        if direct.actual_cents == 0 {
            continue;
        }
        let spec = BOARDS
            .get(planned.board)
            .ok_or_else(|| internal("unknown board"))?;
        expense_rows.push(expense::ActiveModel {
            board_id: Set(board_id(planned.board)?),
            task_id: Set(*task_id),
            user_id: Set(Some(user_id(planned.spec.assignee)?)),
            category: Set(expense_category(planned.spec.title).to_owned()),
            amount_units: Set(direct.actual_cents),
            currency: Set(spec.currency.to_owned()),
            incurred_on: Set(day),
            is_billable: Set(true),
            markup_hundredths: Set(None),
            note: Set(String::new()),
            exchange_rate_units: Set(None),
            exchange_rate_id: Set(None),
            cost_cents: Set(direct.actual_cents),
            billable_cents: Set(direct.actual_cents),
            created_at: Set(at(day, 11, now)),
            updated_at: Set(at(day, 11, now)),
            version: Set(1),
            ..Default::default()
        });
    }
    let expenses = expense_rows.len();
    insert_chunked(&*txn, expense_rows).await?;

    let mut entries = Vec::with_capacity(plan.entries.len());
    for entry in &plan.entries {
        let planned = plan
            .tasks
            .get(entry.task)
            .ok_or_else(|| internal("unknown task"))?;
        let logged_at = at(entry.date, 18, now);
        let task_id = task_ids
            .get(entry.task)
            .copied()
            .ok_or_else(|| internal("unknown task"))?;
        entries.push(entry.row(
            board_id(planned.board)?,
            task_id,
            user_id(entry.person)?,
            logged_at,
        )?);
    }
    let time_entries = entries.len();
    insert_chunked(&*txn, entries).await?;

    let mut budgets = Vec::with_capacity(plan.boards.len());
    for planned in &plan.boards {
        let spec = BOARDS
            .get(planned.spec_index)
            .ok_or_else(|| internal("unknown board"))?;
        budgets.push(project_budget::ActiveModel {
            board_id: Set(board_id(planned.spec_index)?),
            allocated_budget_cents: Set(planned.allocated_cents),
            currency: Set(spec.currency.to_owned()),
            allocated_centihours: Set(Some(planned.allocated_centihours)),
            warning_threshold: Set(budget_domain::budget::DEFAULT_WARNING),
            critical_threshold: Set(budget_domain::budget::DEFAULT_CRITICAL),
            ai_optimization_enabled: Set(true),
            last_ai_analysis: Set(None),
            created_by: Set(demo_user_id),
            created_at: Set(at(planned.start, 9, now)),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        });
    }
    insert_chunked(&*txn, budgets).await?;
    // The alert rules every budget starts with, as a budget made through the API has.
    for planned in &plan.boards {
        budget_domain::alerts::rules::create_defaults(
            &*txn,
            board_id(planned.spec_index)?,
            budget_domain::budget::DEFAULT_WARNING,
            budget_domain::budget::DEFAULT_CRITICAL,
            now,
        )
        .await?;
    }
    txn.commit().await?;

    Ok(DemoOutcome::Created {
        organization_id: org.id,
        demo_user_id,
        board_ids,
        users: user_ids.len(),
        tasks: task_ids.len(),
        task_costs,
        expenses,
        time_entries,
    })
}

/// What a demo task's direct cost was spent on, as a person would file it.
fn expense_category(title: &str) -> &'static str {
    let lower = title.to_lowercase();
    if lower.contains("licence") || lower.contains("cms") {
        "licences"
    } else if lower.contains("research") || lower.contains("testing") {
        "research"
    } else {
        "purchases"
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::time::Instant;

    use budget_contract::auth::LoginRequest;
    use budget_contract::metrics::BudgetStatus;
    use rust_decimal::Decimal;
    use sea_orm::{EntityTrait, PaginatorTrait};

    use super::*;
    use budget_domain::amount;
    use budget_domain::entity::time_entry;
    use budget_domain::{Clock, Database};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn seed_day() -> Result<NaiveDate, Box<dyn std::error::Error>> {
        NaiveDate::from_ymd_opt(2026, 11, 25).ok_or_else(|| "bad date".into())
    }

    #[test]
    fn the_plan_is_the_same_every_run_for_a_given_day() -> TestResult {
        let today = seed_day()?;
        assert_eq!(plan(today), plan(today));
        Ok(())
    }

    #[test]
    fn every_assignee_may_log_time_on_their_board() {
        for board in BOARDS {
            for task in board.tasks {
                let member = board.members.iter().find(|m| m.person == task.assignee);
                assert!(
                    member.is_some_and(|m| m.role >= BoardRole::Editor),
                    "{}: {} is assigned to someone who cannot log time",
                    board.name,
                    task.title
                );
            }
        }
    }

    #[tokio::test]
    async fn seeding_creates_a_consistent_organisation_once() -> TestResult {
        // One connection: an in-memory SQLite database lives as long as its connection.
        let db = Database::connect("sqlite::memory:", 1).await?;
        db.migrate().await?;
        let today = seed_day()?;
        let domain = Domain::new(db, Clock::fixed_on(today));

        let started = Instant::now();
        let outcome = seed(&domain).await?;
        let elapsed = started.elapsed();
        println!("{outcome}\nseeded in {elapsed:?}");
        let DemoOutcome::Created {
            demo_user_id,
            board_ids,
            users,
            tasks,
            task_costs,
            expenses,
            time_entries,
            ..
        } = outcome.clone()
        else {
            return Err(format!("expected a new organisation, got {outcome:?}").into());
        };
        let conn = domain.db.conn();
        assert_eq!(users, 5);
        assert_eq!(board_ids.len(), 2);
        assert_eq!(tasks, 60);
        assert_eq!(task_costs, 57);
        assert_eq!(expenses, 6);
        assert_eq!(expense::Entity::find().count(conn).await?, 6);
        assert!(
            (400..=2_000).contains(&time_entries),
            "{time_entries} entries"
        );
        assert_eq!(app_user::Entity::find().count(conn).await?, 5);
        assert_eq!(task::Entity::find().count(conn).await?, 60);
        assert_eq!(task_cost::Entity::find().count(conn).await?, 57);
        let entry_count = time_entry::Entity::find().count(conn).await?;
        assert_eq!(entry_count, u64::try_from(time_entries)?);

        // A second run changes nothing.
        assert_eq!(seed(&domain).await?, DemoOutcome::AlreadyPresent);
        assert_eq!(time_entry::Entity::find().count(conn).await?, entry_count);
        assert_eq!(app_user::Entity::find().count(conn).await?, 5);

        // The demo account signs in with the documented password.
        let (me, _) = budget_domain::auth::users::login(
            &domain,
            LoginRequest {
                email: "Demo@Example.com".into(),
                password: DEMO_PASSWORD.into(),
            },
        )
        .await?;
        assert_eq!(me.id, demo_user_id);
        assert_eq!(me.display_name, "Dana Demo");

        // Entries obey the rules the services enforce.
        let entries = time_entry::Entity::find().all(conn).await?;
        let costs: HashMap<i64, task_cost::Model> = task_cost::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.task_id, c))
            .collect();
        let member_roles: HashMap<(i64, i64), String> = board_member::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|m| ((m.board_id, m.user_id), m.role))
            .collect();
        let orgs: HashMap<i64, Option<i64>> = board::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|b| (b.id, b.organization_id))
            .collect();
        let first_day = days_before(today, HISTORY_DAYS - 1);
        let mut per_person_day: HashMap<(i64, NaiveDate), i64> = HashMap::new();
        let mut people_per_day: HashMap<NaiveDate, HashSet<i64>> = HashMap::new();
        let mut weekend_entries = 0;
        for entry in &entries {
            assert!(entry.work_date <= today, "future entry {entry:?}");
            assert!(
                entry.work_date >= first_day,
                "entry before the history {entry:?}"
            );
            let hours = i64::from(entry.centihours);
            assert!((25..=800).contains(&hours) && hours % 25 == 0, "{entry:?}");
            let role = member_roles.get(&(entry.board_id, entry.user_id));
            assert!(
                role.is_some_and(|role| role != "viewer"),
                "logged by someone who cannot log: {entry:?}"
            );
            // The rates the service would find in force on the entry's day.
            let in_force = rates::for_hour(
                conn,
                entry.board_id,
                orgs.get(&entry.board_id).copied().flatten(),
                entry.task_id,
                entry.user_id,
                entry.work_date,
            )
            .await?;
            let expected_rate = in_force.cost.map(|applied| applied.cents);
            let billable_rate = in_force.billable.map(|applied| applied.cents);
            assert_eq!(entry.billable_rate_cents, billable_rate, "{entry:?}");
            let billed = if entry.is_billable {
                labour_cost_cents(hours, billable_rate, Currency::find_or_default("USD"))
            } else {
                0
            };
            assert_eq!(entry.billable_cents, billed, "{entry:?}");
            assert_eq!(entry.hourly_rate_cents, expected_rate, "{entry:?}");
            assert_eq!(
                entry.labour_cost_cents,
                labour_cost_cents(hours, expected_rate, Currency::find_or_default("USD")),
                "{entry:?}"
            );
            *per_person_day
                .entry((entry.user_id, entry.work_date))
                .or_insert(0) += hours;
            people_per_day
                .entry(entry.work_date)
                .or_default()
                .insert(entry.user_id);
            if is_weekend(entry.work_date) {
                weekend_entries += 1;
            }
        }
        let busiest = per_person_day.values().copied().max().unwrap_or(0);
        assert!(
            busiest <= 2_400,
            "someone logged {busiest} centihours on one day"
        );
        assert!(
            weekend_entries * 10 < entries.len(),
            "{weekend_entries} weekend entries"
        );
        let working_days = people_per_day.keys().filter(|d| !is_weekend(**d)).count();
        let crowded_days = people_per_day
            .iter()
            .filter(|(day, people)| !is_weekend(**day) && people.len() >= 2)
            .count();
        println!(
            "{working_days} working days with entries, {crowded_days} with several people; \
             busiest person-day {busiest} centihours, {weekend_entries} weekend entries"
        );
        assert!(crowded_days * 10 >= working_days * 9);

        // Done tasks are complete; others are not.
        for t in task::Entity::find().all(conn).await? {
            if t.status == "done" {
                assert_eq!(t.progress, 100, "{t:?}");
                let completed_at = t.completed_at.ok_or("done without completed_at")?;
                assert!(t.created_at <= completed_at, "{t:?}");
            } else {
                assert!(t.completed_at.is_none(), "{t:?}");
                assert!(t.progress < 100, "{t:?}");
            }
        }

        // Board 1: just under the warning line, and the metrics add up to what was inserted.
        let website = board_ids[0];
        let access = budget_domain::access::board_access(&domain, website, demo_user_id).await?;
        let metrics = budget_domain::metrics::live(&domain, &access).await?;
        let utilisation = metrics
            .utilisation_percent
            .ok_or("board 1 has no utilisation")?
            .value();
        println!(
            "website: spent {} of {:?} {:?} = {utilisation} %, {} h of {:?} h, \
             {} over-budget tasks, burn {}/day, exhausted {:?}",
            metrics.spent,
            metrics.allocated_budget,
            metrics.currency,
            metrics.spent_hours,
            metrics.allocated_hours,
            metrics.tasks.over_budget,
            metrics.burn_rate.daily,
            metrics.burn_rate.exhaustion_date,
        );
        assert_eq!(metrics.status, BudgetStatus::Ok);
        assert!(utilisation >= Decimal::from(76) && utilisation < Decimal::from(80));
        assert_eq!(metrics.currency.as_deref(), Some("USD"));
        let allocated_cents =
            amount::to_hundredths(metrics.allocated_budget.ok_or("no allocation")?.value())
                .ok_or("allocation not in cents")?;
        assert_eq!(allocated_cents % 10_000, 0, "allocation is a whole hundred");
        let inserted_labour: i64 = entries
            .iter()
            .filter(|e| e.board_id == website)
            .map(|e| e.labour_cost_cents)
            .sum();
        let inserted_hours: i64 = entries
            .iter()
            .filter(|e| e.board_id == website)
            .map(|e| i64::from(e.centihours))
            .sum();
        let website_tasks: HashSet<i64> = task::Entity::find()
            .filter(task::Column::BoardId.eq(website))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        let resource: i64 = costs
            .values()
            .filter(|c| website_tasks.contains(&c.task_id))
            .map(|c| c.resource_cost_cents)
            .sum();
        let direct: i64 = expense::Entity::find()
            .filter(expense::Column::BoardId.eq(website))
            .all(conn)
            .await?
            .iter()
            .map(|e| e.cost_cents)
            .sum();
        assert_eq!(direct, 120_000 + 600_000 + 240_000 + 320_000 + 350_000);
        let usd = Currency::find_or_default("USD");
        assert_eq!(
            metrics.cost_split.labour,
            amount::money(inserted_labour, usd)
        );
        assert_eq!(metrics.cost_split.direct, amount::money(direct, usd));
        assert_eq!(metrics.cost_split.resource, amount::money(resource, usd));
        assert_eq!(
            metrics.spent,
            amount::money(inserted_labour + direct + resource, usd)
        );
        assert_eq!(metrics.spent_hours, amount::hours(inserted_hours));
        assert_eq!(metrics.tasks.total, 36);
        assert!(
            metrics.tasks.over_budget >= 3,
            "some tasks overran their estimate"
        );

        // Board 2: comfortably within its euro budget.
        let mobile = board_ids[1];
        let access = budget_domain::access::board_access(&domain, mobile, demo_user_id).await?;
        let metrics = budget_domain::metrics::live(&domain, &access).await?;
        let utilisation = metrics
            .utilisation_percent
            .ok_or("board 2 has no utilisation")?
            .value();
        println!(
            "mobile: spent {} {:?} = {utilisation} %",
            metrics.spent, metrics.currency
        );
        assert_eq!(metrics.status, BudgetStatus::Ok);
        assert!(utilisation < Decimal::from(60));
        assert_eq!(metrics.currency.as_deref(), Some("EUR"));
        assert_eq!(metrics.tasks.total, 24);
        Ok(())
    }
}
