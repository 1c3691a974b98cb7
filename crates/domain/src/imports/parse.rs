//! Reading a CSV file of time entries: which format it is (from its header row), and each data
//! row as the fields an entry needs, or the reason the row cannot be one. Pure: no database.
//!
//! Columns are found by name (case and surrounding spaces ignored), so their order does not
//! matter and extra columns are ignored. Per format:
//!
//! | format | person | task | work date | duration | description | billable |
//! |---|---|---|---|---|---|---|
//! | `toggl` | `Email` | `Task`, else `Project` | `Start date` (`YYYY-MM-DD`) | `Duration` (`H:MM:SS`, or decimal hours) | `Description` | `Billable` (`Yes`/`No`) |
//! | `clockify` | `Email` | `Task`, else `Project` | `Start Date` (`MM/DD/YYYY` or `YYYY-MM-DD`) | `Duration (h)` (`H:MM:SS`), else `Duration (decimal)` | `Description` | `Billable` |
//! | `kimai` | `E-mail` | `Activity`, else `Project` | `Date` (`YYYY-MM-DD`, `DD.MM.YYYY` or `MM/DD/YYYY`) | `Duration` (decimal hours, `H:MM` or `H:MM:SS`) | `Description` | `Billable` |
//! | `tracker` | `user_id` | `task_id` | `work_date` | `hours` (at most two decimals) | `description` | `is_billable` |
//!
//! **Rounding**: a duration in hours, minutes and seconds becomes hours rounded to the nearest
//! hundredth (36 seconds), halves to even (18 seconds → 0.00, 54 seconds → 0.02); a decimal
//! duration is rounded the same way to two places. Our own export's `hours` are exact and are
//! refused with more than two decimals. A row of less than 0.01 hours after rounding is refused
//! (`bad_number`), one of more than 16.00 hours too (`entry_too_long`).
//!
//! A billable field that is empty (or a file without one) means billable, as when logging.

use std::collections::HashMap;

use budget_contract::import::{ImportFormat, ImportRefusal};
use budget_contract::limits::{EMAIL_CHARS, MAX_ENTRY_CENTIHOURS, NAME_CHARS, NOTE_CHARS};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::validate::Checks;

/// A whole file refused before any row is read: which rule, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRefusal {
    /// `not_utf8`, `empty`, `unknown_format`, `missing_column`, `unreadable`, `too_many_rows`.
    pub code: &'static str,
    pub message: String,
}

impl FileRefusal {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// Who the time belongs to, as the file says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PersonRef {
    /// An e-mail address, trimmed and lower-cased as accounts store them.
    Email(String),
    /// An account id (our own export).
    Id(i64),
}

/// Which task, as the file says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TaskRef {
    /// A title, trimmed; matched exactly against the board's tasks.
    Title(String),
    /// A task id (our own export).
    Id(i64),
}

/// The fields of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    pub person: PersonRef,
    pub task: TaskRef,
    pub work_date: NaiveDate,
    pub centihours: i64,
    pub description: String,
    pub is_billable: bool,
}

/// One data row: its line, what it names (for the report, even when refused) and its fields or
/// why it is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The line in the file (the header is line 1; a quoted field spanning lines counts once).
    pub line: u64,
    pub email: Option<String>,
    pub task_title: Option<String>,
    pub fields: Result<Fields, (ImportRefusal, String)>,
}

/// A file read: its format and its rows in order.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub format: ImportFormat,
    pub rows: Vec<Row>,
}

/// Where each field of a format is, by column index.
struct Columns {
    person: usize,
    task: usize,
    /// A second task column used when the first is empty (`Project`).
    task_fallback: Option<usize>,
    date: usize,
    duration: usize,
    /// A decimal duration used when `duration` is empty (Clockify).
    duration_decimal: Option<usize>,
    description: Option<usize>,
    billable: Option<usize>,
}

/// The format a header row says, if any.
pub fn detect(headers: &[String]) -> Option<ImportFormat> {
    let has = |name: &str| headers.iter().any(|h| h == name);
    if has("work_date") && has("task_id") && has("user_id") {
        Some(ImportFormat::Tracker)
    } else if has("duration (h)") || has("duration (decimal)") {
        Some(ImportFormat::Clockify)
    } else if has("start date") && has("duration") {
        Some(ImportFormat::Toggl)
    } else if has("date") && has("duration") && (has("activity") || has("e-mail")) {
        Some(ImportFormat::Kimai)
    } else {
        None
    }
}

fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
}

impl Columns {
    fn find(format: ImportFormat, headers: &[String]) -> Result<Self, FileRefusal> {
        let index: HashMap<&str, usize> = headers
            .iter()
            .enumerate()
            .rev()
            .map(|(i, h)| (h.as_str(), i))
            .collect();
        let any = |names: &[&str]| names.iter().find_map(|n| index.get(n).copied());
        let need = |names: &[&'static str]| {
            any(names).ok_or_else(|| {
                FileRefusal::new(
                    "missing_column",
                    format!(
                        "a {} file needs a `{}` column",
                        format.as_str(),
                        names.first().copied().unwrap_or_default()
                    ),
                )
            })
        };
        Ok(match format {
            ImportFormat::Toggl => Self {
                person: need(&["email"])?,
                task: need(&["task", "project"])?,
                task_fallback: any(&["project"]),
                date: need(&["start date"])?,
                duration: need(&["duration"])?,
                duration_decimal: None,
                description: any(&["description"]),
                billable: any(&["billable"]),
            },
            ImportFormat::Clockify => {
                let duration = any(&["duration (h)"]);
                let decimal = any(&["duration (decimal)"]);
                Self {
                    person: need(&["email"])?,
                    task: need(&["task", "project"])?,
                    task_fallback: any(&["project"]),
                    date: need(&["start date"])?,
                    duration: match (duration, decimal) {
                        (Some(d), _) | (None, Some(d)) => d,
                        (None, None) => need(&["duration (h)"])?,
                    },
                    duration_decimal: decimal,
                    description: any(&["description"]),
                    billable: any(&["billable"]),
                }
            }
            ImportFormat::Kimai => Self {
                person: need(&["e-mail", "email"])?,
                task: need(&["activity", "project"])?,
                task_fallback: any(&["project"]),
                date: need(&["date"])?,
                duration: need(&["duration"])?,
                duration_decimal: None,
                description: any(&["description"]),
                billable: any(&["billable"]),
            },
            ImportFormat::Tracker => Self {
                person: need(&["user_id"])?,
                task: need(&["task_id"])?,
                task_fallback: None,
                date: need(&["work_date"])?,
                duration: need(&["hours"])?,
                duration_decimal: None,
                description: any(&["description"]),
                billable: any(&["is_billable"]),
            },
        })
    }
}

/// Reads `bytes` as a CSV file of `format` (recognised from its header when `None`), at most
/// `max_rows` data rows; `today` is the last work date accepted.
pub fn parse(
    bytes: &[u8],
    format: Option<ImportFormat>,
    today: NaiveDate,
    max_rows: usize,
) -> Result<Parsed, FileRefusal> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| FileRefusal::new("not_utf8", "the file must be UTF-8 text"))?;
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    // Spreadsheets set to a European locale write `;` between fields.
    let delimiter = if !first_line.contains(',') && first_line.contains(';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|err| FileRefusal::new("unreadable", format!("the header row: {err}")))?
        .iter()
        .map(normalise)
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(FileRefusal::new("empty", "the file has no header row"));
    }
    let format = match format.or_else(|| detect(&headers)) {
        Some(format) => format,
        None => {
            return Err(FileRefusal::new(
                "unknown_format",
                "the header row is not one of a Toggl Track, Clockify or Kimai export, or of \
                 this product's own export; name the format with `format`",
            ))
        }
    };
    let columns = Columns::find(format, &headers)?;
    let mut rows = Vec::new();
    // Lines are counted from the bytes (a quoted field may span lines), so every line ending
    // (LF or CRLF) counts the same.
    let (mut counted_to, mut line) = (0_usize, 1_u64);
    for record in reader.records() {
        let record = record.map_err(|err| FileRefusal::new("unreadable", err.to_string()))?;
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if rows.len() == max_rows {
            return Err(FileRefusal::new(
                "too_many_rows",
                format!("an import takes at most {max_rows} rows; split the file"),
            ));
        }
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(counted_to)
            .clamp(counted_to, text.len());
        // The reader's position may be where the previous record ended, before its line end
        // (and any empty lines): the record starts after them.
        while text
            .as_bytes()
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        counted_to = start;
        rows.push(read_row(format, &columns, &record, line, today));
    }
    Ok(Parsed { format, rows })
}

fn cell(record: &csv::StringRecord, index: Option<usize>) -> Option<&str> {
    index
        .and_then(|i| record.get(i))
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

type Refusal = (ImportRefusal, String);

fn read_row(
    format: ImportFormat,
    columns: &Columns,
    record: &csv::StringRecord,
    line: u64,
    today: NaiveDate,
) -> Row {
    let person_cell = cell(record, Some(columns.person));
    let task_cell =
        cell(record, Some(columns.task)).or_else(|| cell(record, columns.task_fallback));
    let tracker = format == ImportFormat::Tracker;
    let email = person_cell.filter(|_| !tracker).map(str::to_lowercase);
    let task_title = task_cell.filter(|_| !tracker).map(str::to_owned);
    let fields = read_fields(format, columns, record, person_cell, task_cell, today);
    Row {
        line,
        email,
        task_title,
        fields,
    }
}

fn missing(what: &str) -> Refusal {
    (
        ImportRefusal::MissingColumn,
        format!("the row has no {what}"),
    )
}

fn read_fields(
    format: ImportFormat,
    columns: &Columns,
    record: &csv::StringRecord,
    person_cell: Option<&str>,
    task_cell: Option<&str>,
    today: NaiveDate,
) -> Result<Fields, Refusal> {
    let tracker = format == ImportFormat::Tracker;
    let person = match person_cell {
        None => return Err(missing(if tracker { "user_id" } else { "e-mail address" })),
        Some(id) if tracker => PersonRef::Id(id.parse().map_err(|_| {
            (
                ImportRefusal::BadNumber,
                format!("user_id `{id}` is not a whole number"),
            )
        })?),
        Some(email)
            if email.chars().any(char::is_control) || email.chars().count() > EMAIL_CHARS =>
        {
            return Err((
                ImportRefusal::BadText,
                format!(
                    "the e-mail address must be at most {EMAIL_CHARS} characters, without \
                     control characters"
                ),
            ))
        }
        Some(email) => PersonRef::Email(email.to_lowercase()),
    };
    let task = match task_cell {
        None => return Err(missing(if tracker { "task_id" } else { "task" })),
        Some(id) if tracker => TaskRef::Id(id.parse().map_err(|_| {
            (
                ImportRefusal::BadNumber,
                format!("task_id `{id}` is not a whole number"),
            )
        })?),
        Some(title) => {
            let mut checks = Checks::new();
            let title = checks.text("task", title, NAME_CHARS);
            if !checks.is_empty() {
                return Err((
                    ImportRefusal::BadText,
                    format!(
                        "the task's title must be at most {NAME_CHARS} characters, without \
                         control characters"
                    ),
                ));
            }
            TaskRef::Title(title)
        }
    };
    let date_text = cell(record, Some(columns.date)).ok_or_else(|| missing("date"))?;
    let work_date = read_date(format, date_text)?;
    if work_date > today {
        return Err((
            ImportRefusal::FutureDate,
            format!("the work date {work_date} is in the future"),
        ));
    }
    let centihours = match cell(record, Some(columns.duration)) {
        Some(text) => read_duration(format, text)?,
        None => match cell(record, columns.duration_decimal) {
            Some(text) => read_decimal_hours(text, false)?,
            None => return Err(missing("duration")),
        },
    };
    if centihours < 1 {
        return Err((
            ImportRefusal::BadNumber,
            "the duration is less than 0.01 hours (36 seconds)".to_owned(),
        ));
    }
    if centihours > MAX_ENTRY_CENTIHOURS {
        return Err((
            ImportRefusal::EntryTooLong,
            format!(
                "one entry is at most 16.00 hours; this one is {}",
                Decimal::new(centihours, 2)
            ),
        ));
    }
    let raw_description = cell(record, columns.description).unwrap_or_default();
    let raw_description = if tracker {
        undo_formula_guard(raw_description)
    } else {
        raw_description
    };
    let mut checks = Checks::new();
    let description = checks.free_text("description", Some(raw_description), NOTE_CHARS);
    if !checks.is_empty() {
        return Err((
            ImportRefusal::BadText,
            format!(
                "the description must be at most {NOTE_CHARS} characters, without control \
                 characters"
            ),
        ));
    }
    let is_billable = match cell(record, columns.billable) {
        None => true,
        Some(text) => read_flag(text)?,
    };
    Ok(Fields {
        person,
        task,
        work_date,
        centihours,
        description,
        is_billable,
    })
}

/// Our export prefixes text that starts like a spreadsheet formula with `'`; reading it back
/// takes the prefix off.
fn undo_formula_guard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

fn read_flag(text: &str) -> Result<bool, Refusal> {
    match text.to_lowercase().as_str() {
        "yes" | "true" | "1" | "y" => Ok(true),
        "no" | "false" | "0" | "n" => Ok(false),
        _ => Err((
            ImportRefusal::BadText,
            format!("billable `{text}` is not Yes or No"),
        )),
    }
}

fn bad_date(text: &str, expected: &str) -> Refusal {
    (
        ImportRefusal::BadDate,
        format!("`{text}` is not a date of the form {expected} from 1970-01-01 to 2200-12-31"),
    )
}

/// The work date of a row. Only the date part of a date-and-time value is read.
pub fn read_date(format: ImportFormat, text: &str) -> Result<NaiveDate, Refusal> {
    let day = text.split([' ', 'T']).next().unwrap_or_default();
    let (patterns, expected): (&[&str], &str) = match format {
        ImportFormat::Toggl | ImportFormat::Tracker => (&["%Y-%m-%d"], "YYYY-MM-DD"),
        ImportFormat::Clockify => (&["%m/%d/%Y", "%Y-%m-%d"], "MM/DD/YYYY or YYYY-MM-DD"),
        ImportFormat::Kimai => (
            &["%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y"],
            "YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY",
        ),
    };
    patterns
        .iter()
        .find_map(|pattern| NaiveDate::parse_from_str(day, pattern).ok())
        .and_then(|date| budget_contract::date::check(date).ok())
        .ok_or_else(|| bad_date(text, expected))
}

/// A duration as hundredths of an hour (see the module's rounding rule).
pub fn read_duration(format: ImportFormat, text: &str) -> Result<i64, Refusal> {
    match format {
        ImportFormat::Tracker => read_decimal_hours(text, true),
        _ if text.contains(':') => read_clock(text),
        _ => read_decimal_hours(text, false),
    }
}

fn bad_duration(text: &str, expected: &str) -> Refusal {
    (
        ImportRefusal::BadNumber,
        format!("`{text}` is not a duration of the form {expected}"),
    )
}

/// `H:MM:SS` or `H:MM` (hours unbounded, minutes and seconds below 60).
fn read_clock(text: &str) -> Result<i64, Refusal> {
    let bad = || bad_duration(text, "H:MM:SS or H:MM");
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(bad());
    }
    let mut numbers = Vec::with_capacity(3);
    for part in &parts {
        if part.is_empty() || part.len() > 6 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        numbers.push(part.parse::<i64>().map_err(|_| bad())?);
    }
    let (hours, minutes, seconds) = (numbers[0], numbers[1], *numbers.get(2).unwrap_or(&0));
    if minutes >= 60 || seconds >= 60 {
        return Err(bad());
    }
    Ok(seconds_to_centihours(
        hours * 3_600 + minutes * 60 + seconds,
    ))
}

/// Seconds as hundredths of an hour: to the nearest 36 seconds, halves to even.
pub fn seconds_to_centihours(seconds: i64) -> i64 {
    let whole = seconds / 36;
    let rest = seconds % 36;
    match rest.cmp(&18) {
        std::cmp::Ordering::Less => whole,
        std::cmp::Ordering::Greater => whole + 1,
        std::cmp::Ordering::Equal => whole + (whole % 2),
    }
}

/// Decimal hours (`1.25`; a decimal comma is read too). `exact`: more than two decimals are
/// refused instead of rounded.
fn read_decimal_hours(text: &str, exact: bool) -> Result<i64, Refusal> {
    let bad = || bad_duration(text, "decimal hours (1.25)");
    let normalised = text.replace(',', ".");
    if normalised.is_empty()
        || normalised.len() > 20
        || !normalised.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return Err(bad());
    }
    let value: Decimal = normalised.parse().map_err(|_| bad())?;
    if exact && value.scale() > 2 && value.normalize().scale() > 2 {
        return Err((
            ImportRefusal::BadNumber,
            format!("hours `{text}` have more than two decimals"),
        ));
    }
    let rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    crate::amount::to_hundredths(rounded).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    const TODAY: &str = "2026-11-25";

    fn read(csv: &str) -> (ImportFormat, Vec<Row>) {
        let parsed = parse(csv.as_bytes(), None, day(TODAY), 100).unwrap();
        (parsed.format, parsed.rows)
    }

    #[test]
    fn seconds_round_to_the_nearest_hundredth_halves_to_even() {
        assert_eq!(seconds_to_centihours(4_620), 128); // 1:17:00 = 1.2833…
        assert_eq!(seconds_to_centihours(17), 0);
        assert_eq!(seconds_to_centihours(18), 0); // half: to even 0
        assert_eq!(seconds_to_centihours(54), 2); // 1.5 hundredths: to even 2
        assert_eq!(seconds_to_centihours(19), 1);
        assert_eq!(seconds_to_centihours(3_600), 100);
    }

    #[test]
    fn durations_of_each_form() {
        assert_eq!(read_duration(ImportFormat::Toggl, "01:17:00"), Ok(128));
        assert_eq!(read_duration(ImportFormat::Toggl, "8:00:00"), Ok(800));
        assert_eq!(read_duration(ImportFormat::Kimai, "1:15"), Ok(125));
        assert_eq!(read_duration(ImportFormat::Kimai, "1.25"), Ok(125));
        assert_eq!(read_duration(ImportFormat::Kimai, "1,5"), Ok(150));
        assert_eq!(read_duration(ImportFormat::Clockify, "1.285"), Ok(128));
        assert_eq!(read_duration(ImportFormat::Tracker, "2.50"), Ok(250));
        for bad in ["1:60:00", "abc", "-1:00:00", "1:2:3:4", ""] {
            assert_eq!(
                read_duration(ImportFormat::Toggl, bad).map_err(|e| e.0),
                Err(ImportRefusal::BadNumber),
                "{bad}"
            );
        }
        assert_eq!(
            read_duration(ImportFormat::Tracker, "1.255").map_err(|e| e.0),
            Err(ImportRefusal::BadNumber)
        );
    }

    #[test]
    fn dates_of_each_format() {
        assert_eq!(
            read_date(ImportFormat::Clockify, "11/02/2026"),
            Ok(day("2026-11-02"))
        );
        assert_eq!(
            read_date(ImportFormat::Kimai, "02.11.2026"),
            Ok(day("2026-11-02"))
        );
        assert_eq!(
            read_date(ImportFormat::Kimai, "2026-11-02 09:00"),
            Ok(day("2026-11-02"))
        );
        assert_eq!(
            read_date(ImportFormat::Toggl, "02/11/2026").map_err(|e| e.0),
            Err(ImportRefusal::BadDate)
        );
        assert_eq!(
            read_date(ImportFormat::Toggl, "1969-12-31").map_err(|e| e.0),
            Err(ImportRefusal::BadDate)
        );
    }

    #[test]
    fn formats_are_recognised_by_their_headers() {
        let toggl = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n\
                     Ann,Ann@Example.com,Acme,Site,Design,Wireframes,Yes,2026-11-02,09:00:00,2026-11-02,10:17:00,01:17:00,,\n";
        let (format, rows) = read(toggl);
        assert_eq!(format, ImportFormat::Toggl);
        assert_eq!(
            rows[0].fields,
            Ok(Fields {
                person: PersonRef::Email("ann@example.com".into()),
                task: TaskRef::Title("Design".into()),
                work_date: day("2026-11-02"),
                centihours: 128,
                description: "Wireframes".into(),
                is_billable: true,
            })
        );
        assert_eq!(rows[0].line, 2);
        let crlf = "Email,Task,Start date,Duration\r\na@b.c,T,2026-11-02,1:00:00\r\n\r\na@b.c,\"T\r\nU\",2026-11-02,1:00:00\r\na@b.c,T,2026-11-02,1:00:00\r\n";
        let lines: Vec<u64> = parse(crlf.as_bytes(), None, day(TODAY), 10)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, vec![2, 4, 6]);

        let clockify = "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)\n\
                        Site,Acme,Review,,Ann,,ann@example.com,,No,11/03/2026,09:00:00 AM,11/03/2026,11:30:00 AM,02:30:00,2.50,0.00,0.00\n";
        let (format, rows) = read(clockify);
        assert_eq!(format, ImportFormat::Clockify);
        let fields = rows[0].fields.as_ref().unwrap();
        assert_eq!(fields.task, TaskRef::Title("Site".into()));
        assert_eq!(fields.centihours, 250);
        assert!(!fields.is_billable);

        let kimai = "Date,From,To,Duration,Rate,User,E-mail,Customer,Project,Activity,Description,Billable\n\
                     2026-11-04,09:00,10:15,1.25,0,ann,ann@example.com,Acme,Site,Development,Fix,Yes\n";
        let (format, rows) = read(kimai);
        assert_eq!(format, ImportFormat::Kimai);
        assert_eq!(rows[0].fields.as_ref().unwrap().centihours, 125);

        let ours =
            "id,work_date,task_id,user_id,hours,hourly_rate,labour_cost,is_billable,description\n\
                    9,2026-11-05,3,2,1.50,,0.00,false,'=SUM(A1)\n";
        let (format, rows) = read(ours);
        assert_eq!(format, ImportFormat::Tracker);
        let fields = rows[0].fields.as_ref().unwrap();
        assert_eq!(fields.person, PersonRef::Id(2));
        assert_eq!(fields.task, TaskRef::Id(3));
        assert_eq!(fields.description, "=SUM(A1)");
        assert!(!fields.is_billable);
    }

    #[test]
    fn files_refused_whole() {
        let refusal = |csv: &str| parse(csv.as_bytes(), None, day(TODAY), 2).unwrap_err().code;
        assert_eq!(refusal("a,b,c\n1,2,3\n"), "unknown_format");
        assert_eq!(refusal(""), "empty");
        assert_eq!(
            parse(b"Date,Duration\n", Some(ImportFormat::Kimai), day(TODAY), 2)
                .unwrap_err()
                .code,
            "missing_column"
        );
        assert_eq!(
            parse(&[0xff, 0xfe, 0x41], None, day(TODAY), 2)
                .unwrap_err()
                .code,
            "not_utf8"
        );
        let three = "work_date,task_id,user_id,hours\n2026-11-01,1,1,1\n2026-11-01,1,1,1\n2026-11-01,1,1,1\n";
        assert_eq!(refusal(three), "too_many_rows");
    }

    #[test]
    fn rows_refused_with_their_reason() {
        let csv = "work_date,task_id,user_id,hours,description\n\
                   2026-11-01,1,1,,\n\
                   2026-11-31,1,1,1,\n\
                   2026-12-01,1,1,1,\n\
                   2026-11-01,1,1,16.01,\n\
                   2026-11-01,1,1,0,\n\
                   2026-11-01,x,1,1,\n\
                   2026-11-01,1,1,1,\n";
        let (_, rows) = read(csv);
        let codes: Vec<_> = rows
            .iter()
            .map(|r| r.fields.as_ref().err().map(|e| e.0))
            .collect();
        assert_eq!(
            codes,
            vec![
                Some(ImportRefusal::MissingColumn),
                Some(ImportRefusal::BadDate),
                Some(ImportRefusal::FutureDate),
                Some(ImportRefusal::EntryTooLong),
                Some(ImportRefusal::BadNumber),
                Some(ImportRefusal::BadNumber),
                None,
            ]
        );
    }

    #[test]
    fn control_characters_are_refused_in_every_text_field() {
        let csv = "Email,Task,Start date,Duration,Description\n\
                   a\u{0}b@example.com,T,2026-11-02,1:00:00,x\n\
                   a@example.com,T\u{0},2026-11-02,1:00:00,x\n\
                   a@example.com,T,2026-11-02,1:00:00,x\u{0}\n";
        let (_, rows) = read(csv);
        for row in rows {
            assert_eq!(row.fields.map_err(|e| e.0), Err(ImportRefusal::BadText));
        }
    }

    #[test]
    fn semicolons_separate_fields_when_the_header_has_no_comma() {
        let csv = "Date;From;To;Duration;User;E-mail;Project;Activity;Description\n\
                   04.11.2026;09:00;10:30;1:30;ann;ann@example.com;Site;Dev;x\n";
        let (format, rows) = read(csv);
        assert_eq!(format, ImportFormat::Kimai);
        assert_eq!(rows[0].fields.as_ref().unwrap().centihours, 150);
    }
}
