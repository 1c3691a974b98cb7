//! Matching a file's rows to the board and judging each one: people by e-mail address (or id,
//! in our own export), tasks by title (or id), and every rule of logging time, checked in
//! memory from a few reads: who may log on the board, the board's tasks, each person's hours
//! already logged per day, and what time is closed.

use std::collections::{BTreeSet, HashMap, HashSet};

use budget_contract::board::BoardRole;
use budget_contract::import::ImportRefusal;
use budget_contract::limits::MAX_DAY_CENTIHOURS;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use super::parse::{Fields, PersonRef, Row, TaskRef};
use crate::access::BoardAccess;
use crate::error::DomainResult;
use crate::locks::ClosedTime;
use crate::sql;

/// Values bound per `IN (…)` list.
const IN_CHUNK: usize = 500;

/// Which task a row goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Existing(i64),
    /// The n-th of the tasks the import creates.
    New(usize),
}

/// What a row becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    Refuse(ImportRefusal, String),
    /// Written already by this import (an interrupted import resumed): the entry's id.
    Written(i64),
}

/// One row judged.
#[derive(Clone, Debug)]
pub struct Planned {
    pub row: Row,
    pub user_id: Option<i64>,
    pub target: Option<Target>,
    pub verdict: Verdict,
}

impl Planned {
    pub fn fields(&self) -> Option<&Fields> {
        self.row.fields.as_ref().ok()
    }
}

/// Every row judged, and the tasks to create.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub rows: Vec<Planned>,
    pub new_tasks: Vec<String>,
}

impl Plan {
    pub fn accepted(&self) -> u64 {
        self.rows
            .iter()
            .filter(|p| !matches!(p.verdict, Verdict::Refuse(..)))
            .count() as u64
    }

    pub fn refused(&self) -> u64 {
        self.rows.len() as u64 - self.accepted()
    }

    /// Hundredths of an hour of the accepted rows.
    pub fn centihours(&self) -> i64 {
        self.rows
            .iter()
            .filter(|p| !matches!(p.verdict, Verdict::Refuse(..)))
            .filter_map(|p| p.fields().map(|f| f.centihours))
            .sum()
    }
}

#[derive(Debug, FromQueryResult)]
struct PersonRow {
    id: i64,
    email: String,
}

#[derive(Debug, FromQueryResult)]
struct TaskRow {
    id: i64,
    title: String,
}

#[derive(Debug, FromQueryResult)]
struct DayRow {
    user_id: i64,
    work_date: NaiveDate,
    centihours: i64,
}

/// Runs `query` (with `{}` where the `IN` list goes, after the values of `fixed`) over
/// `values` in chunks, collecting every row.
async fn in_chunks<T, C, V>(
    conn: &C,
    query: &str,
    fixed: &[Value],
    values: &[V],
) -> DomainResult<Vec<T>>
where
    T: FromQueryResult,
    C: ConnectionTrait,
    V: Clone + Into<Value>,
{
    let mut rows = Vec::new();
    for chunk in values.chunks(IN_CHUNK) {
        let start = fixed.len() + 1;
        let placeholders = sql::placeholders(start, chunk.len());
        let mut bound = fixed.to_vec();
        bound.extend(chunk.iter().cloned().map(Into::into));
        rows.extend(sql::all::<T, C>(conn, &query.replace("{}", &placeholders), bound).await?);
    }
    Ok(rows)
}

/// Each person's hours already logged per day (on every board), for `users` from `from` to `to`.
pub async fn day_totals<C: ConnectionTrait>(
    conn: &C,
    users: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<HashMap<(i64, NaiveDate), i64>> {
    let rows: Vec<DayRow> = in_chunks(
        conn,
        "SELECT user_id, work_date, CAST(SUM(centihours) AS BIGINT) AS centihours \
         FROM time_entry WHERE work_date >= $1 AND work_date <= $2 AND user_id IN ({}) \
         GROUP BY user_id, work_date",
        &[from.into(), to.into()],
        users,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ((r.user_id, r.work_date), r.centihours))
        .collect())
}

/// Who the file's people are: account ids by e-mail address (or the ids that exist).
async fn people<C: ConnectionTrait>(
    conn: &C,
    rows: &[Row],
) -> DomainResult<HashMap<PersonRef, i64>> {
    let mut emails = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for fields in rows.iter().filter_map(|r| r.fields.as_ref().ok()) {
        match &fields.person {
            PersonRef::Email(email) => emails.insert(email.clone()),
            PersonRef::Id(id) => ids.insert(*id),
        };
    }
    let emails: Vec<String> = emails.into_iter().collect();
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut found = HashMap::new();
    let by_email: Vec<PersonRow> = in_chunks(
        conn,
        "SELECT id, email FROM app_user WHERE email IN ({})",
        &[],
        &emails,
    )
    .await?;
    for person in by_email {
        found.insert(PersonRef::Email(person.email), person.id);
    }
    let by_id: Vec<PersonRow> = in_chunks(
        conn,
        "SELECT id, email FROM app_user WHERE id IN ({})",
        &[],
        &ids,
    )
    .await?;
    for person in by_id {
        found.insert(PersonRef::Id(person.id), person.id);
    }
    Ok(found)
}

/// Of `users`, those who may log time on the board (its editors and admins).
async fn may_log<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    users: &BTreeSet<i64>,
) -> DomainResult<HashSet<i64>> {
    let mut allowed = HashSet::new();
    for &user_id in users {
        let role = if user_id == access.user_id {
            Some(access.role)
        } else {
            crate::access::board_access_on(conn, access.board_id(), user_id)
                .await
                .ok()
                .map(|theirs| theirs.role)
        };
        if role.is_some_and(|role| role >= BoardRole::Editor) {
            allowed.insert(user_id);
        }
    }
    Ok(allowed)
}

/// The board's tasks: ids by title (the oldest task of a title), and every id.
async fn tasks<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
) -> DomainResult<(HashMap<String, i64>, HashSet<i64>)> {
    let rows: Vec<TaskRow> = sql::all(
        conn,
        "SELECT id, title FROM task WHERE board_id = $1 ORDER BY id",
        vec![board_id.into()],
    )
    .await?;
    let mut by_title = HashMap::new();
    let mut ids = HashSet::new();
    for task in rows {
        ids.insert(task.id);
        by_title.entry(task.title).or_insert(task.id);
    }
    Ok((by_title, ids))
}

/// Judges every row. `written` maps the lines this import wrote already (when resumed) to
/// their entries: those are neither checked nor counted again.
pub async fn plan<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    rows: Vec<Row>,
    create_missing_tasks: bool,
    written: &HashMap<u64, i64>,
) -> DomainResult<Plan> {
    let people = people(conn, &rows).await?;
    let known: BTreeSet<i64> = people.values().copied().collect();
    let loggers = may_log(conn, access, &known).await?;
    let for_others = crate::time_entries::require_logging_for_others(access).is_ok();
    let (by_title, task_ids) = tasks(conn, access.board_id()).await?;

    let dates = rows
        .iter()
        .filter_map(|r| r.fields.as_ref().ok())
        .map(|f| f.work_date);
    let (from, to) = (dates.clone().min(), dates.max());
    let users: Vec<i64> = loggers.iter().copied().collect();
    let (mut totals, closed) = match (from, to) {
        (Some(from), Some(to)) => (
            day_totals(conn, &users, from, to).await?,
            ClosedTime::load(conn, &access.board, from, to).await?,
        ),
        _ => (HashMap::new(), ClosedTime::default()),
    };

    let mut plan = Plan::default();
    let mut new_index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let mut planned = Planned {
            row,
            user_id: None,
            target: None,
            verdict: Verdict::Accept,
        };
        let fields = match &planned.row.fields {
            Ok(fields) => fields.clone(),
            Err((code, message)) => {
                planned.verdict = Verdict::Refuse(*code, message.clone());
                plan.rows.push(planned);
                continue;
            }
        };
        planned.user_id = people.get(&fields.person).copied();
        planned.target = match &fields.task {
            TaskRef::Id(id) => task_ids.contains(id).then_some(Target::Existing(*id)),
            TaskRef::Title(title) => match by_title.get(title) {
                Some(id) => Some(Target::Existing(*id)),
                None if create_missing_tasks => {
                    let next = plan.new_tasks.len();
                    let index = *new_index.entry(title.clone()).or_insert(next);
                    if index == next {
                        plan.new_tasks.push(title.clone());
                    }
                    Some(Target::New(index))
                }
                None => None,
            },
        };
        if let Some(&entry_id) = written.get(&planned.row.line) {
            planned.verdict = Verdict::Written(entry_id);
            plan.rows.push(planned);
            continue;
        }
        planned.verdict = judge(
            access,
            &fields,
            planned.user_id,
            planned.target,
            &loggers,
            for_others,
            &closed,
            &mut totals,
        );
        plan.rows.push(planned);
    }
    prune_new_tasks(&mut plan);
    Ok(plan)
}

/// Keeps only the new tasks an accepted row goes to: a task is created for time, never for a
/// refused row alone.
fn prune_new_tasks(plan: &mut Plan) {
    let mut used = vec![false; plan.new_tasks.len()];
    for planned in &plan.rows {
        if let (Some(Target::New(index)), false) = (
            planned.target,
            matches!(planned.verdict, Verdict::Refuse(..)),
        ) {
            used[index] = true;
        }
    }
    let mut remap = Vec::with_capacity(used.len());
    let mut kept = Vec::new();
    for (title, used) in std::mem::take(&mut plan.new_tasks).into_iter().zip(&used) {
        remap.push(used.then_some(kept.len()));
        if *used {
            kept.push(title);
        }
    }
    plan.new_tasks = kept;
    for planned in &mut plan.rows {
        if let Some(Target::New(index)) = planned.target {
            planned.target = remap[index].map(Target::New);
        }
    }
}

/// The rules of one row, in the order a person would fix them; an accepted row's hours join
/// its person's day.
#[allow(clippy::too_many_arguments)]
fn judge(
    access: &BoardAccess,
    fields: &Fields,
    user_id: Option<i64>,
    target: Option<Target>,
    loggers: &HashSet<i64>,
    for_others: bool,
    closed: &ClosedTime,
    totals: &mut HashMap<(i64, NaiveDate), i64>,
) -> Verdict {
    let Some(user_id) = user_id else {
        let who = match &fields.person {
            PersonRef::Email(email) => format!("no account has the e-mail address {email}"),
            PersonRef::Id(id) => format!("no account has the id {id}"),
        };
        return Verdict::Refuse(ImportRefusal::UnknownPerson, who);
    };
    if !loggers.contains(&user_id) {
        return Verdict::Refuse(
            ImportRefusal::CannotLogTime,
            "this person cannot log time on the board: they must be one of its editors or admins"
                .to_owned(),
        );
    }
    if user_id != access.user_id && !for_others {
        return Verdict::Refuse(
            ImportRefusal::NotLoggingForOthers,
            "this is someone else's time: importing it takes a board admin, or an editor where \
             the board lets editors log for others"
                .to_owned(),
        );
    }
    if target.is_none() {
        let what = match &fields.task {
            TaskRef::Title(title) => format!("no task of the board is titled `{title}`"),
            TaskRef::Id(id) => format!("the board has no task {id}"),
        };
        return Verdict::Refuse(ImportRefusal::UnknownTask, what);
    }
    if let Some(reason) = closed.refusal(user_id, fields.work_date) {
        return Verdict::Refuse(ImportRefusal::EntryLocked, reason);
    }
    let day = totals.entry((user_id, fields.work_date)).or_insert(0);
    if *day + fields.centihours > MAX_DAY_CENTIHOURS {
        let left = Decimal::new((MAX_DAY_CENTIHOURS - *day).max(0), 2);
        return Verdict::Refuse(
            ImportRefusal::DailyLimitExceeded,
            format!(
                "one person may log at most 24.00 hours per day; {left} left on {} counting \
                 earlier rows of the file",
                fields.work_date
            ),
        );
    }
    *day += fields.centihours;
    Verdict::Accept
}
