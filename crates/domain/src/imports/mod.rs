//! Imports of time entries from CSV files: Toggl Track's and Clockify's detailed reports,
//! Kimai's export, and this product's own export (a round trip).
//!
//! - [`parse`]: the file's format (from its header) and each row's fields, pure;
//! - [`plan`]: people matched by e-mail, tasks by title, every rule of logging time judged in
//!   memory from a few reads (who may log on the board, its tasks, each person's hours per
//!   day, closed time);
//! - here: the dry run (the judged rows, nothing written), and the applied import, which runs
//!   as a job in bounded transactions: the missing tasks first, then the rows in batches of
//!   [`BATCH_ROWS`], each batch re-reading its people's day totals and closed time inside its
//!   transaction (so a write landing meanwhile is counted), pricing each entry at its person's
//!   rates in force on its day (the board's rates read once, exchange rates once per currency
//!   and day), and inserting many rows per statement. Its progress (`rows_done`) is kept on
//!   the import after each batch; the audit trail gets one event for the whole import.
//!
//! **Refused rows**: an import with a refused row writes nothing (409 `import_rows_refused`)
//! unless `skip_refused` is set; then the accepted rows are written and the report lists the
//! refused ones. A row may still be refused while writing, if its person's day filled or closed
//! since the file was judged.
//!
//! **Once per file**: an applied import is kept by the SHA-256 of the file's bytes, per board.
//! The same file again answers the earlier import and writes nothing; if that import was
//! interrupted (failed, or running with no heartbeat for [`STALE_SECS`]), it resumes: each
//! entry carries its import and line (`UNIQUE (import_id, import_row)`), so no line is written
//! twice.

pub mod parse;
pub mod plan;

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::import::{
    ImportFormat, ImportOptions, ImportOutcome, ImportRefusal, ImportReport, ImportRow,
    ImportStatus,
};
use budget_contract::limits::{
    IMPORT_REPORT_ROWS, IMPORT_ROWS, MAX_DAY_CENTIHOURS, MAX_TASKS_PER_BOARD,
};
use budget_contract::problem::ProblemCode;
use budget_contract::task::{Priority, TaskStatus};
use budget_contract::Currency;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QuerySelect, Set, Value,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use self::parse::{Fields, PersonRef, TaskRef};
use self::plan::{Plan, Planned, Target, Verdict};
use crate::access::BoardAccess;
use crate::amount::hours;
use crate::audit::{self, Change};
use crate::entity::{board, task, time_import};
use crate::error::{DomainError, DomainResult};
use crate::locks::ClosedTime;
use crate::pricing::{Price, StoredPrice};
use crate::rates;
use crate::sql;
use crate::Domain;

/// Rows judged and written per transaction: bounded, so other writers wait at most one batch.
pub const BATCH_ROWS: usize = 2_000;
/// Entries per `INSERT` statement (23 values each, well inside both engines' bound limits).
const INSERT_ROWS: usize = 200;
/// A running import without a heartbeat for this long was interrupted and may be resumed.
pub const STALE_SECS: i64 = 120;
/// The first rows of the file every report lists, before the refused ones.
const REPORT_FIRST_ROWS: usize = 50;

/// Imports running in this process (so the same file sent again does not start a second run).
fn running() -> &'static Mutex<HashSet<i64>> {
    static RUNNING: OnceLock<Mutex<HashSet<i64>>> = OnceLock::new();
    RUNNING.get_or_init(Mutex::default)
}

fn is_running_here(import_id: i64) -> bool {
    running()
        .lock()
        .map(|set| set.contains(&import_id))
        .unwrap_or(false)
}

/// What sending a file did.
pub enum Started {
    /// A dry run's report.
    DryRun(ImportReport),
    /// An import to run (new, or an interrupted one resumed): its report so far, and the job
    /// that writes it, for the caller to spawn.
    Started(ImportReport, Box<Job>),
    /// The same file was imported on this board already (or is being imported): that import.
    Earlier(ImportReport),
}

/// Reads, judges and (unless a dry run) starts importing a CSV file of time entries on the
/// board of `access` (its editors and admins).
pub async fn start(
    domain: &Domain,
    access: &BoardAccess,
    bytes: &[u8],
    options: &ImportOptions,
) -> DomainResult<Started> {
    access.require(BoardRole::Editor)?;
    let digest = hex::encode(Sha256::digest(bytes));
    // Reading 100,000 rows takes a while: off the async workers.
    let (owned, format, today) = (bytes.to_vec(), options.format, domain.clock.today());
    let parsed =
        tokio::task::spawn_blocking(move || parse::parse(&owned, format, today, IMPORT_ROWS))
            .await
            .map_err(|err| DomainError::Database(sea_orm::DbErr::Custom(err.to_string())))?
            .map_err(|refusal| DomainError::field("file", refusal.code, refusal.message))?;
    let conn = domain.db.conn();
    let earlier = if options.dry_run {
        None
    } else {
        time_import::Entity::find()
            .filter(time_import::Column::BoardId.eq(access.board_id()))
            .filter(time_import::Column::Digest.eq(digest.as_str()))
            .one(conn)
            .await?
    };
    if let Some(earlier) = &earlier {
        if !resumable(earlier, domain.clock.now()) {
            return Ok(Started::Earlier(stored_report(earlier)?));
        }
    }
    let (create_missing_tasks, skip_refused) = match &earlier {
        // A resumed import keeps the options it was started with.
        Some(earlier) => (earlier.create_missing_tasks, earlier.skip_refused),
        None => (options.create_missing_tasks, options.skip_refused),
    };
    let written = match &earlier {
        Some(earlier) => written_lines(conn, earlier.id).await?,
        None => HashMap::new(),
    };
    let rows_total = parsed.rows.len() as u64;
    let plan = plan::plan(conn, access, parsed.rows, create_missing_tasks, &written).await?;
    let mut report = ImportReport {
        id: None,
        board_id: access.board_id(),
        format: parsed.format,
        dry_run: options.dry_run,
        status: None,
        digest,
        create_missing_tasks,
        skip_refused,
        rows_total,
        rows_done: 0,
        accepted: plan.accepted(),
        refused: plan.refused(),
        hours: hours(plan.centihours()),
        new_tasks: plan.new_tasks.clone(),
        error: None,
        rows: report_rows(&plan, options.dry_run),
        created_at: None,
        updated_at: None,
    };
    if options.dry_run {
        return Ok(Started::DryRun(report));
    }
    if report.refused > 0 && !skip_refused && earlier.is_none() {
        return Err(DomainError::conflict(
            ProblemCode::ImportRowsRefused,
            format!(
                "{} of {} rows are refused: nothing was imported. Run a dry run (`dry_run=true`) \
                 to see why, correct the file, or import the other rows with `skip_refused=true`",
                report.refused, report.rows_total
            ),
        ));
    }
    let now = domain.clock.now();
    report.status = Some(ImportStatus::Running);
    report.rows_done = 0;
    let model = match earlier {
        Some(earlier) => {
            let mut active: time_import::ActiveModel = earlier.into();
            active.status = Set(ImportStatus::Running.as_str().to_owned());
            active.updated_at = Set(now);
            active.rows_done = Set(0);
            let txn = domain.db.begin_write().await?;
            let model = active.update(&*txn).await?;
            txn.commit().await?;
            model
        }
        None => {
            let txn = domain.db.begin_write().await?;
            let inserted = time_import::ActiveModel {
                board_id: Set(access.board_id()),
                created_by: Set(access.user_id),
                format: Set(report.format.as_str().to_owned()),
                digest: Set(report.digest.clone()),
                create_missing_tasks: Set(create_missing_tasks),
                skip_refused: Set(skip_refused),
                status: Set(ImportStatus::Running.as_str().to_owned()),
                rows_total: Set(i64::try_from(rows_total).unwrap_or(i64::MAX)),
                rows_done: Set(0),
                report_json: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&*txn)
            .await;
            match inserted {
                Ok(model) => {
                    txn.commit().await?;
                    model
                }
                Err(err) if crate::error::is_unique_violation(&err) => {
                    // The same file, sent twice at once: the other request's import.
                    txn.rollback().await?;
                    let other = time_import::Entity::find()
                        .filter(time_import::Column::BoardId.eq(access.board_id()))
                        .filter(time_import::Column::Digest.eq(report.digest.as_str()))
                        .one(conn)
                        .await?
                        .ok_or(DomainError::NotFound("import"))?;
                    return Ok(Started::Earlier(stored_report(&other)?));
                }
                Err(err) => return Err(err.into()),
            }
        }
    };
    report.id = Some(model.id);
    report.created_at = Some(model.created_at);
    report.updated_at = Some(model.updated_at);
    if let Ok(mut set) = running().lock() {
        set.insert(model.id);
    }
    // The report so far is kept at once, so the import can be read while it runs.
    store_report(domain, model.id, &report).await?;
    let job = Job {
        domain: domain.clone(),
        access: access.clone(),
        import_id: model.id,
        plan,
        report: report.clone(),
    };
    Ok(Started::Started(report, Box::new(job)))
}

/// Whether an import found for a file should run (again): it failed, or it is running without
/// a heartbeat here or recently.
fn resumable(import: &time_import::Model, now: DateTime<Utc>) -> bool {
    match import.status.parse::<ImportStatus>() {
        Ok(ImportStatus::Failed) => true,
        Ok(ImportStatus::Running) => {
            !is_running_here(import.id) && (now - import.updated_at).num_seconds() >= STALE_SECS
        }
        _ => false,
    }
}

/// An import of the board of `access` (its editors and admins): where it stands and its report.
pub async fn get(
    domain: &Domain,
    access: &BoardAccess,
    import_id: i64,
) -> DomainResult<ImportReport> {
    access.require(BoardRole::Editor)?;
    let import = time_import::Entity::find_by_id(import_id)
        .filter(time_import::Column::BoardId.eq(access.board_id()))
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::NotFound("import"))?;
    let mut report = stored_report(&import)?;
    // A run that went away (the server stopped) is shown as interrupted, not as running
    // forever; sending the same file again resumes it.
    if resumable(&import, domain.clock.now()) && report.status == Some(ImportStatus::Running) {
        report.status = Some(ImportStatus::Failed);
        report.error =
            Some("the import was interrupted; send the same file again to resume it".to_owned());
    }
    Ok(report)
}

fn stored_report(import: &time_import::Model) -> DomainResult<ImportReport> {
    let mut report: ImportReport = import
        .report_json
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .ok_or(DomainError::NotFound("import report"))?;
    report.id = Some(import.id);
    report.status = import.status.parse().ok();
    report.rows_done = u64::try_from(import.rows_done).unwrap_or(0);
    report.rows_total = u64::try_from(import.rows_total).unwrap_or(0);
    report.created_at = Some(import.created_at);
    report.updated_at = Some(import.updated_at);
    Ok(report)
}

async fn store_report(domain: &Domain, import_id: i64, report: &ImportReport) -> DomainResult<()> {
    let json = serde_json::to_string(report).unwrap_or_default();
    let txn = domain.db.begin_write().await?;
    time_import::ActiveModel {
        id: Set(import_id),
        report_json: Set(Some(json)),
        updated_at: Set(domain.clock.now()),
        ..Default::default()
    }
    .update(&*txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Debug, FromQueryResult)]
struct WrittenRow {
    import_row: i32,
    id: i64,
}

/// The lines an import wrote already, with their entries.
async fn written_lines<C: ConnectionTrait>(
    conn: &C,
    import_id: i64,
) -> DomainResult<HashMap<u64, i64>> {
    let rows: Vec<WrittenRow> = sql::all(
        conn,
        "SELECT import_row, id FROM time_entry WHERE import_id = $1",
        vec![import_id.into()],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (u64::try_from(r.import_row).unwrap_or(0), r.id))
        .collect())
}

/// The rows a report lists: the first ones, then refused ones, at most [`IMPORT_REPORT_ROWS`].
fn report_rows(plan: &Plan, dry_run: bool) -> Vec<ImportRow> {
    let mut listed = Vec::new();
    for (index, planned) in plan.rows.iter().enumerate() {
        if listed.len() == IMPORT_REPORT_ROWS {
            break;
        }
        let refused = matches!(planned.verdict, Verdict::Refuse(..));
        if index < REPORT_FIRST_ROWS || refused {
            listed.push(report_row(planned, dry_run));
        }
    }
    listed
}

fn report_row(planned: &Planned, dry_run: bool) -> ImportRow {
    let fields: Option<&Fields> = planned.fields();
    let (outcome, code, message, entry_id) = match &planned.verdict {
        Verdict::Accept if dry_run => (ImportOutcome::WouldCreate, None, None, None),
        // Written later: the entry's id is filled in when the import finishes.
        Verdict::Accept => (ImportOutcome::Created, None, None, None),
        Verdict::Written(id) => (ImportOutcome::Created, None, None, Some(*id)),
        Verdict::Refuse(code, message) => (
            ImportOutcome::Refused,
            Some(*code),
            Some(message.clone()),
            None,
        ),
    };
    let (task_id, new_task) = match planned.target {
        Some(Target::Existing(id)) => (Some(id), false),
        Some(Target::New(_)) => (None, true),
        None => (
            fields.and_then(|f| match f.task {
                TaskRef::Id(id) => Some(id),
                TaskRef::Title(_) => None,
            }),
            false,
        ),
    };
    ImportRow {
        line: planned.row.line,
        outcome,
        code,
        message,
        user_id: planned.user_id.or_else(|| {
            fields.and_then(|f| match f.person {
                PersonRef::Id(id) => Some(id),
                PersonRef::Email(_) => None,
            })
        }),
        email: planned.row.email.clone(),
        task_id,
        task_title: planned.row.task_title.clone(),
        new_task,
        work_date: fields.map(|f| f.work_date),
        hours: fields.map(|f| hours(f.centihours)),
        description: fields.map(|f| f.description.clone()),
        is_billable: fields.map(|f| f.is_billable),
        entry_id,
    }
}

/// An applied import's writing, run off the request (see the module's documentation).
pub struct Job {
    domain: Domain,
    access: BoardAccess,
    import_id: i64,
    plan: Plan,
    report: ImportReport,
}

impl Job {
    pub fn board_id(&self) -> i64 {
        self.access.board_id()
    }

    pub fn import_id(&self) -> i64 {
        self.import_id
    }

    /// Writes the import; its outcome (done, or failed with the error) is kept on the import.
    pub async fn run(self) {
        let Job {
            domain,
            access,
            import_id,
            mut plan,
            mut report,
        } = self;
        let result = write(&domain, &access, import_id, &mut plan).await;
        let status = match &result {
            Ok(()) => ImportStatus::Done,
            Err(err) => {
                tracing::warn!(import_id, error = %err, "import stopped");
                report.error = Some(err.to_string());
                ImportStatus::Failed
            }
        };
        report.status = Some(status);
        report.accepted = plan.accepted();
        report.refused = plan.refused();
        report.hours = hours(plan.centihours());
        report.rows_done = report.rows_total;
        let written = written_lines(domain.db.conn(), import_id)
            .await
            .unwrap_or_default();
        for planned in &mut plan.rows {
            if planned.verdict == Verdict::Accept {
                if let Some(&id) = written.get(&planned.row.line) {
                    planned.verdict = Verdict::Written(id);
                }
            }
        }
        report.rows = report_rows(&plan, false);
        if let Err(err) = finish(&domain, &access, import_id, &report, status).await {
            tracing::error!(import_id, error = %err, "an import's outcome could not be kept");
        }
        if let Ok(mut set) = running().lock() {
            set.remove(&import_id);
        }
    }
}

/// What the audit trail keeps of an import.
#[derive(Serialize)]
struct Audited<'a> {
    format: ImportFormat,
    digest: &'a str,
    status: ImportStatus,
    rows_total: u64,
    accepted: u64,
    refused: u64,
    hours: String,
    new_tasks: &'a [String],
}

async fn finish(
    domain: &Domain,
    access: &BoardAccess,
    import_id: i64,
    report: &ImportReport,
    status: ImportStatus,
) -> DomainResult<()> {
    let json = serde_json::to_string(report).unwrap_or_default();
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    time_import::ActiveModel {
        id: Set(import_id),
        status: Set(status.as_str().to_owned()),
        report_json: Set(Some(json)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&*txn)
    .await?;
    if status == ImportStatus::Done {
        sql::execute(
            &*txn,
            "UPDATE time_import SET rows_done = rows_total WHERE id = $1",
            vec![import_id.into()],
        )
        .await?;
    }
    let audited = Audited {
        format: report.format,
        digest: &report.digest,
        status,
        rows_total: report.rows_total,
        accepted: report.accepted,
        refused: report.refused,
        hours: report.hours.to_string(),
        new_tasks: &report.new_tasks,
    };
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::TimeImport,
            import_id,
            None,
            Some(&audited),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Creates the missing tasks, then writes the accepted rows batch by batch.
async fn write(
    domain: &Domain,
    access: &BoardAccess,
    import_id: i64,
    plan: &mut Plan,
) -> DomainResult<()> {
    let new_ids = create_tasks(domain, access, &plan.new_tasks).await?;
    let task_of = |target: Option<Target>| match target {
        Some(Target::Existing(id)) => Some(id),
        Some(Target::New(index)) => new_ids.get(index).copied(),
        None => None,
    };
    let mut tasks: Vec<i64> = plan.rows.iter().filter_map(|p| task_of(p.target)).collect();
    tasks.sort_unstable();
    tasks.dedup();
    let mut users: Vec<i64> = plan.rows.iter().filter_map(|p| p.user_id).collect();
    users.sort_unstable();
    users.dedup();
    let conn = domain.db.conn();
    let candidates = rates::candidates(
        conn,
        access.board_id(),
        access.board.organization_id,
        &tasks,
        &users,
    )
    .await?;
    let mut prices = Prices::default();
    let total = plan.rows.len();
    let mut first = true;
    for start in (0..total).step_by(BATCH_ROWS) {
        let end = (start + BATCH_ROWS).min(total);
        let batch = &mut plan.rows[start..end];
        let txn = domain.db.begin_write().await?;
        let now = domain.clock.now();
        let pending: Vec<usize> = (0..batch.len())
            .filter(|&i| batch[i].verdict == Verdict::Accept)
            .collect();
        if !pending.is_empty() {
            if first {
                // The budget's hard stop, once for the import (board admins pass it, audited).
                let stop = crate::alerts::hard_stop::Write::TimeEntry;
                crate::alerts::hard_stop::check(&*txn, access, now, stop).await?;
                first = false;
            }
            let mut people: Vec<i64> = pending.iter().filter_map(|&i| batch[i].user_id).collect();
            people.sort_unstable();
            people.dedup();
            crate::time_entries::lock_people(&*txn, &[access.board_id()], &people).await?;
            let dates = pending
                .iter()
                .filter_map(|&i| batch[i].fields().map(|f| f.work_date));
            let from = dates.clone().min().unwrap_or_default();
            let to = dates.max().unwrap_or_default();
            let mut day_totals = plan::day_totals(&*txn, &people, from, to).await?;
            let closed = ClosedTime::load(&*txn, &access.board, from, to).await?;
            // The lock above share-locked the board: the currency read now holds until the
            // batch commits.
            let currency = crate::budget::currency(&*txn, access.board_id()).await?;
            let mut values = Vec::with_capacity(pending.len());
            for &i in &pending {
                let planned = &mut batch[i];
                let (Some(user_id), Some(task_id), Some(fields)) = (
                    planned.user_id,
                    task_of(planned.target),
                    planned.fields().cloned(),
                ) else {
                    continue;
                };
                if let Some(refusal) = recheck(user_id, &fields, &closed, &mut day_totals) {
                    planned.verdict = refusal;
                    continue;
                }
                let price = match prices
                    .price(
                        &*txn,
                        access,
                        &candidates,
                        currency,
                        task_id,
                        user_id,
                        &fields,
                    )
                    .await
                {
                    Ok(price) => price,
                    Err(err) => {
                        planned.verdict = Verdict::Refuse(ImportRefusal::Unpriced, err.to_string());
                        continue;
                    }
                };
                values.push(EntryValues {
                    task_id,
                    user_id,
                    line: planned.row.line,
                    fields,
                    price: StoredPrice::from(&price),
                });
            }
            insert_entries(&*txn, access.board_id(), import_id, now, &values).await?;
        }
        sql::execute(
            &*txn,
            "UPDATE time_import SET rows_done = $1, updated_at = $2 WHERE id = $3",
            vec![
                i64::try_from(end).unwrap_or(i64::MAX).into(),
                now.into(),
                import_id.into(),
            ],
        )
        .await?;
        txn.commit().await?;
    }
    Ok(())
}

/// A row's day and closed time again, inside its batch's transaction.
fn recheck(
    user_id: i64,
    fields: &Fields,
    closed: &ClosedTime,
    day_totals: &mut HashMap<(i64, NaiveDate), i64>,
) -> Option<Verdict> {
    if let Some(reason) = closed.refusal(user_id, fields.work_date) {
        return Some(Verdict::Refuse(ImportRefusal::EntryLocked, reason));
    }
    let day = day_totals.entry((user_id, fields.work_date)).or_insert(0);
    if *day + fields.centihours > MAX_DAY_CENTIHOURS {
        return Some(Verdict::Refuse(
            ImportRefusal::DailyLimitExceeded,
            format!(
                "one person may log at most 24.00 hours per day; time logged on {} since the \
                 file was read leaves too little",
                fields.work_date
            ),
        ));
    }
    *day += fields.centihours;
    None
}

/// Prices per (task, person, day): the rates resolved from the board's candidates once, and
/// the exchange rates read once per price (kept on it for every later entry of that key).
#[derive(Default)]
struct Prices {
    resolved: HashMap<(i64, i64, NaiveDate, &'static str), Price>,
}

impl Prices {
    #[allow(clippy::too_many_arguments)]
    async fn price<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        access: &BoardAccess,
        candidates: &[crate::entity::rate::Model],
        currency: &'static Currency,
        task_id: i64,
        user_id: i64,
        fields: &Fields,
    ) -> DomainResult<Price> {
        let key = (task_id, user_id, fields.work_date, currency.code);
        let template = match self.resolved.get(&key) {
            Some(template) => template.clone(),
            None => {
                let resolved = rates::resolve(candidates, task_id, user_id, fields.work_date);
                Price::resolved(&resolved, currency)
            }
        };
        // Priced as billable once, so the billable side's exchange rate is held for later
        // entries of the key whichever flag they carry.
        let template = template
            .work_out(
                conn,
                access.board.organization_id,
                currency,
                fields.centihours,
                true,
                fields.work_date,
            )
            .await?;
        self.resolved.insert(key, template.clone());
        if fields.is_billable {
            Ok(template)
        } else {
            template
                .work_out(
                    conn,
                    access.board.organization_id,
                    currency,
                    fields.centihours,
                    false,
                    fields.work_date,
                )
                .await
        }
    }
}

/// One entry to insert.
struct EntryValues {
    task_id: i64,
    user_id: i64,
    line: u64,
    fields: Fields,
    price: StoredPrice,
}

const ENTRY_COLUMNS: &str = "board_id, task_id, user_id, centihours, work_date, description, \
     is_billable, hourly_rate_cents, labour_cost_cents, rate_currency, cost_rate_id, \
     cost_exchange_units, billable_rate_cents, billable_rate_currency, billable_rate_id, \
     billable_exchange_units, billable_cents, created_at, updated_at, import_id, import_row";
const ENTRY_VALUES: usize = 21;

/// Inserts entries many per statement; a line this import wrote already is left as it is.
async fn insert_entries<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    import_id: i64,
    now: DateTime<Utc>,
    entries: &[EntryValues],
) -> DomainResult<()> {
    for chunk in entries.chunks(INSERT_ROWS) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * ENTRY_VALUES);
        let mut tuples = Vec::with_capacity(chunk.len());
        for (n, entry) in chunk.iter().enumerate() {
            let first = n * ENTRY_VALUES + 1;
            tuples.push(format!("({})", sql::placeholders(first, ENTRY_VALUES)));
            let p = &entry.price;
            values.extend([
                board_id.into(),
                entry.task_id.into(),
                entry.user_id.into(),
                i32::try_from(entry.fields.centihours)
                    .unwrap_or(i32::MAX)
                    .into(),
                entry.fields.work_date.into(),
                entry.fields.description.clone().into(),
                entry.fields.is_billable.into(),
                p.hourly_rate_cents.into(),
                p.labour_cost_cents.into(),
                p.rate_currency.clone().into(),
                p.cost_rate_id.into(),
                p.cost_exchange_units.into(),
                p.billable_rate_cents.into(),
                p.billable_rate_currency.clone().into(),
                p.billable_rate_id.into(),
                p.billable_exchange_units.into(),
                p.billable_cents.into(),
                now.into(),
                now.into(),
                import_id.into(),
                i32::try_from(entry.line).unwrap_or(i32::MAX).into(),
            ]);
        }
        let statement = format!(
            "INSERT INTO time_entry ({ENTRY_COLUMNS}) VALUES {} ON CONFLICT DO NOTHING",
            tuples.join(", ")
        );
        sql::execute(conn, &statement, values).await?;
    }
    Ok(())
}

/// Creates the tasks an import needs (a task of that title created meanwhile is used instead),
/// within the board's bound on tasks: their ids, in order.
async fn create_tasks(
    domain: &Domain,
    access: &BoardAccess,
    titles: &[String],
) -> DomainResult<Vec<i64>> {
    if titles.is_empty() {
        return Ok(Vec::new());
    }
    let txn = domain.db.begin_write().await?;
    board::Entity::find_by_id(access.board_id())
        .lock_exclusive()
        .one(&*txn)
        .await?;
    let existing: Vec<(i64, String)> = task::Entity::find()
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::Title)
        .filter(task::Column::BoardId.eq(access.board_id()))
        .filter(task::Column::Title.is_in(titles.iter().cloned()))
        .into_tuple()
        .all(&*txn)
        .await?;
    let mut by_title: HashMap<String, i64> = HashMap::new();
    for (id, title) in existing {
        by_title.entry(title).or_insert(id);
    }
    let missing = titles.iter().filter(|t| !by_title.contains_key(*t)).count() as u64;
    let count = task::Entity::find()
        .filter(task::Column::BoardId.eq(access.board_id()))
        .count(&*txn)
        .await?;
    if count + missing > MAX_TASKS_PER_BOARD {
        txn.rollback().await?;
        return Err(DomainError::conflict(
            ProblemCode::TaskLimitReached,
            format!(
                "a board holds at most {MAX_TASKS_PER_BOARD} tasks; the import needs {missing} \
                 more"
            ),
        ));
    }
    let now = domain.clock.now();
    let mut ids = Vec::with_capacity(titles.len());
    for title in titles {
        if let Some(&id) = by_title.get(title) {
            ids.push(id);
            continue;
        }
        let model = task::ActiveModel {
            board_id: Set(access.board_id()),
            title: Set(title.clone()),
            status: Set(TaskStatus::default().as_str().to_owned()),
            progress: Set(0),
            priority: Set(Priority::default().as_str().to_owned()),
            assignee_id: Set(None),
            due_date: Set(None),
            completed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        by_title.insert(title.clone(), model.id);
        ids.push(model.id);
    }
    txn.commit().await?;
    Ok(ids)
}
