//! The bounds every input is held to, in one place: the server's validation enforces them and
//! the OpenAPI schemas declare them, so generated clients and fuzzers learn the same rules the
//! server applies. utoipa takes only literals in `schema(...)` attributes, so the wire types
//! repeat these numbers there; the API test `spec_bounds` reads the served spec and fails when
//! a declared bound and its constant here differ.

/// The largest amount of money any field takes (ten billion units of the budget's currency):
/// above any one board's real budget, and small enough that every figure computed from such
/// amounts (sums over a board, products, ratios) stays far inside exact decimal arithmetic.
pub const MAX_AMOUNT: i64 = 10_000_000_000;
/// The largest hourly rate (one million units an hour).
pub const MAX_RATE: i64 = 1_000_000;
/// The largest number of hours a budget or an estimate takes (one million hours).
pub const MAX_HOURS: i64 = 1_000_000;
/// The largest exchange rate (units of one currency per unit of another).
pub const MAX_EXCHANGE_RATE: i64 = 1_000_000;
/// Decimal places an exchange rate may have.
pub const EXCHANGE_RATE_PLACES: u32 = 8;
/// The largest markup on an expense, percent (two decimals at most).
pub const MAX_MARKUP_PERCENT: i64 = 1_000;
/// One time entry: 0.01 to 16.00 hours, in hundredths.
pub const MAX_ENTRY_CENTIHOURS: i64 = 1_600;
/// One person's entries on one day together (not expressible in a schema).
pub const MAX_DAY_CENTIHOURS: i64 = 2_400;

/// Names of boards, tasks and organisations.
pub const NAME_CHARS: usize = 200;
/// The most changes of one kind a what-if scenario takes (daily costs, people, rates, tasks).
pub const SCENARIO_CHANGES: usize = 50;
/// The most saved scenarios one comparison takes.
pub const SCENARIOS_COMPARED: usize = 10;
/// People's display names and token names.
pub const SHORT_NAME_CHARS: usize = 100;
/// Free text: entry descriptions, notes on recommendations.
pub const NOTE_CHARS: usize = 2_000;
/// Cells one timesheet save may carry (100 tasks × 7 days).
pub const TIMESHEET_CELLS: usize = 700;
/// An expense's category ("travel", "licences").
pub const EXPENSE_CATEGORY_CHARS: usize = 60;
pub const EMAIL_CHARS: usize = 254;
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;
pub const IDEMPOTENCY_KEY_CHARS: usize = 200;

/// Budget alert thresholds, percent: 1 ≤ warning ≤ 99, 2 ≤ critical ≤ 100, warning < critical.
pub const WARNING_THRESHOLD: (i32, i32) = (1, 99);
pub const CRITICAL_THRESHOLD: (i32, i32) = (2, 100);
/// A task's progress, percent.
pub const PROGRESS: (i32, i32) = (0, 100);
/// A timer's UTC offset, minutes east of UTC: UTC-12:00 to UTC+14:00.
pub const UTC_OFFSET_MINUTES: (i32, i32) = (-720, 840);
/// A personal access token's lifetime, days.
pub const TOKEN_DAYS: (i64, i64) = (1, 365);

/// The most tasks a board holds; one more is refused (`task_limit_reached`).
pub const MAX_TASKS_PER_BOARD: u64 = 10_000;
/// The most time entries one repricing may change.
pub const MAX_REPRICED_ENTRIES: usize = 10_000;
/// The most ROI snapshots kept per board: recording one more removes the oldest.
pub const MAX_ROI_SNAPSHOTS_PER_BOARD: u64 = 400;
/// The most tasks described to an LLM in one prompt: those costing most, by id, never titles.
pub const LLM_PROMPT_TASKS: usize = 20;
/// How long an `Idempotency-Key` is remembered, hours; after that a reused key is a new request.
pub const IDEMPOTENCY_HOURS: i64 = 24;

/// Every date the API takes, in a body or a query, lies in this range, both ends included:
/// wide enough for any project's history and plan, narrow enough for every database engine.
pub const DATE_RANGE: (chrono::NaiveDate, chrono::NaiveDate) = (ymd(1970, 1, 1), ymd(2200, 12, 31));

/// A date known valid when the program is compiled: an invalid one fails the build, as the
/// function only runs in constant evaluation here.
const fn ymd(year: i32, month: u32, day: u32) -> chrono::NaiveDate {
    match chrono::NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("not a calendar date"),
    }
}

/// The longest webhook endpoint URL, in characters.
pub const WEBHOOK_URL_CHARS: usize = 2_000;
/// The most of a receiver's answer a delivery keeps, in bytes.
pub const WEBHOOK_EXCERPT_BYTES: usize = 1_024;

/// The largest CSV file of time entries one import takes, in bytes (100,000 rows of a detailed
/// export are 10 to 15 MB).
pub const IMPORT_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The most rows one import takes.
pub const IMPORT_ROWS: usize = 100_000;
/// The rows an import's report lists: its first rows, then refused rows, up to this many.
pub const IMPORT_REPORT_ROWS: usize = 500;
