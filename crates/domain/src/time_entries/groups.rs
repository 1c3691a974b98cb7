//! Entries logged at the same moment share one write transaction.
//!
//! Logging an entry takes the database's writer (SQLite has one; PostgreSQL locks the person)
//! for a handful of statements and a commit, and each statement's round trip costs more than
//! its work. So entries sent while others are being written wait in one queue, and the writer
//! takes everything waiting, up to [`GROUP_ENTRIES`], into one transaction of a few statements
//! whatever their number: what logging reads of each entry in one query
//! ([`super::read_facts`]), the rates once per board and the exchange rates once per pair of
//! currencies ([`super::check_entries`]; the writer keeps them from one group to the next while
//! they stand, see [`super::prices`]), the entries in one insert and their audit events in one
//! more ([`super::store_entries`]). Each entry still passes every rule of logging, in order
//! (its day counts the entries before it), and each answer waits for the commit, so no entry is
//! acknowledged before it is stored. Where a budget has a hard stop, each entry is checked and
//! stored in turn, so that each weighs the budget with the ones before it.
//!
//! An entry the rules refuse is answered with its refusal and the rest of the group goes on;
//! refusals are decided before anything is written. A failed statement rolls the whole group
//! back and writes its entries again one transaction each, so every entry gets the answer it
//! would have had alone. The database being away, or a failed commit, is answered to every
//! entry of the group, as to a lone entry. A
//! retry with the `Idempotency-Key` of an entry already in the group waits for the next group,
//! where it finds that entry's answer. A lone entry is written as it always was
//! ([`super::log_in_transaction`]).
//!
//! On PostgreSQL, a group's commit begins the next group's transaction in the same round trip
//! when more entries are waiting, and the writer keeps its connection: giving a connection back
//! to the pool costs a round trip of its own. A transaction is never left open while the writer
//! waits for entries.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use budget_contract::time_entry::TimeEntry;
use sea_orm::DbErr;
use tokio::sync::{mpsc, oneshot};

use super::{
    check_entries, check_entry, lock_people, log_in_transaction, read_facts, store_entries,
    EntryRequest, EntryWrite, PriceBook,
};
use crate::access::BoardAccess;
use crate::db::WriteTxn;
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::{Clock, Database, Domain};

/// The most entries one transaction writes: bounds how long other writers wait for it.
pub const GROUP_ENTRIES: usize = 64;

/// A logged entry's answer, with its idempotency key handed back for settling a lost race.
type Answer = (
    DomainResult<Created<TimeEntry>>,
    Option<Idempotent<TimeEntry>>,
);

/// One entry waiting to be written.
struct Job {
    access: BoardAccess,
    write: EntryWrite,
    idempotent: Option<Idempotent<TimeEntry>>,
    reply: oneshot::Sender<Answer>,
}

impl Job {
    /// The entry in a transaction of its own.
    async fn write_alone(&self, db: &Database, clock: &Clock) -> DomainResult<Created<TimeEntry>> {
        let idempotent = self.idempotent.as_ref();
        log_in_transaction(db, clock, &self.access, &self.write, idempotent).await
    }

    fn answer(self, result: DomainResult<Created<TimeEntry>>) {
        // The caller may have gone (its client hung up): the entry stays written, as it would
        // had the answer been sent.
        let _ = self.reply.send((result, self.idempotent));
    }

    /// Whether this job and `other` carry the same idempotency key of the same person.
    fn same_key(&self, other: &Job) -> bool {
        match (&self.idempotent, &other.idempotent) {
            (Some(mine), Some(theirs)) => mine.same_key(theirs),
            _ => false,
        }
    }
}

/// The queue of entries waiting for the writer, and the writer. The writer's thread is started
/// with the first entry, and again if it has ended.
#[derive(Clone, Default)]
pub struct EntryGroups {
    queue: Arc<Mutex<Option<mpsc::UnboundedSender<Job>>>>,
    counts: Arc<GroupCounts>,
}

/// Transactions that wrote logged entries, the entries they held, and where the writer's time
/// went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupStats {
    /// Transactions ended (committed, or undone and written again one by one).
    pub transactions: u64,
    /// Entries the writer has taken (written, refused or answered from an earlier request).
    pub entries: u64,
    /// Entries waiting for the writer right now.
    pub waiting: u64,
    /// The writer's time in each step, in the order of [`WriterStep::ALL`].
    pub busy: [Duration; WriterStep::ALL.len()],
}

impl GroupStats {
    /// The writer's time in `step`.
    pub fn busy_in(&self, step: WriterStep) -> Duration {
        self.busy[step as usize]
    }
}

/// The steps of the writer's work, timed for monitoring: together they are the time the writer
/// spends writing (all but the rollback of a group undone), so that their sum against the time
/// elapsed says how busy it is, and each its share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriterStep {
    /// Starting a group's transaction (on SQLite, with the wait for the database's writer); none
    /// where the last group's commit began it.
    Begin,
    /// Locking the group's people and boards (PostgreSQL).
    Lock,
    /// Reading the answers of repeated idempotency keys and what logging reads of each entry.
    Read,
    /// The rules of logging and the prices, with the rates and exchange rates they read (where
    /// a budget has a hard stop, each entry checked and stored in turn).
    Check,
    /// Inserting the entries and their audit events and keeping their idempotency records.
    Store,
    /// Committing a group's transaction (and beginning the next group's, where entries wait).
    Commit,
    /// Entries written in a transaction of their own: an entry alone in the queue, or each
    /// entry of a group that was undone.
    Alone,
}

impl WriterStep {
    pub const ALL: [Self; 7] = [
        Self::Begin,
        Self::Lock,
        Self::Read,
        Self::Check,
        Self::Store,
        Self::Commit,
        Self::Alone,
    ];

    /// Its name in monitoring.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Begin => "begin",
            Self::Lock => "lock",
            Self::Read => "read",
            Self::Check => "check",
            Self::Store => "store",
            Self::Commit => "commit",
            Self::Alone => "alone",
        }
    }
}

/// Transactions written, entries taken and waiting, and the writer's time, for monitoring.
#[derive(Default)]
struct GroupCounts {
    groups: AtomicU64,
    entries: AtomicU64,
    /// Entries sent to the writer and not yet taken by it.
    waiting: AtomicU64,
    /// Nanoseconds in each step, in the order of [`WriterStep::ALL`].
    busy_nanos: [AtomicU64; WriterStep::ALL.len()],
}

impl GroupCounts {
    /// The writer took an entry from the queue.
    fn taken(&self) {
        self.waiting.fetch_sub(1, Relaxed);
        self.entries.fetch_add(1, Relaxed);
    }
}

/// Times the writer's steps one after the other: each lap counts the time since the last.
struct Stopwatch<'a> {
    counts: &'a GroupCounts,
    last: Instant,
}

impl<'a> Stopwatch<'a> {
    fn start(counts: &'a GroupCounts) -> Self {
        Self {
            counts,
            last: Instant::now(),
        }
    }

    /// The time since the last lap (or the start) was spent in `step`.
    fn lap(&mut self, step: WriterStep) {
        let now = Instant::now();
        let nanos = u64::try_from((now - self.last).as_nanos()).unwrap_or(u64::MAX);
        self.counts.busy_nanos[step as usize].fetch_add(nanos, Relaxed);
        self.last = now;
    }
}

impl EntryGroups {
    /// Writes one entry (in a group with whatever else is waiting) and answers once it is
    /// committed or refused.
    pub(crate) async fn log(
        &self,
        domain: &Domain,
        access: BoardAccess,
        write: EntryWrite,
        idempotent: Option<Idempotent<TimeEntry>>,
    ) -> Answer {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            access,
            write,
            idempotent,
            reply,
        };
        self.counts.waiting.fetch_add(1, Relaxed);
        if let Err(mpsc::error::SendError(job)) = self.sender(domain).send(job) {
            self.counts.waiting.fetch_sub(1, Relaxed);
            // The writer could not be started, or stopped between the check and the send:
            // write here.
            let result = job.write_alone(&domain.db, &domain.clock).await;
            return (result, job.idempotent);
        }
        answer.await.unwrap_or((
            // The writer ended without answering (a fault of its own); the entry may be sent
            // again.
            Err(DomainError::Busy {
                retry_after_secs: 1,
            }),
            None,
        ))
    }

    /// What has been written since the server started.
    pub fn stats(&self) -> GroupStats {
        GroupStats {
            transactions: self.counts.groups.load(Relaxed),
            entries: self.counts.entries.load(Relaxed),
            waiting: self.counts.waiting.load(Relaxed),
            busy: std::array::from_fn(|step| {
                Duration::from_nanos(self.counts.busy_nanos[step].load(Relaxed))
            }),
        }
    }

    fn sender(&self, domain: &Domain) -> mpsc::UnboundedSender<Job> {
        let mut queue = self
            .queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match queue.as_ref() {
            Some(sender) if !sender.is_closed() => sender.clone(),
            _ => {
                let (sender, jobs) = mpsc::unbounded_channel();
                let writer = Writer {
                    db: domain.db.clone(),
                    clock: domain.clock.clone(),
                    counts: Arc::clone(&self.counts),
                    book: PriceBook::default(),
                };
                writer.start(jobs);
                *queue = Some(sender.clone());
                sender
            }
        }
    }
}

/// The same failure for another entry of the group: the database away, or a failed statement.
fn copy_of(err: &DbErr) -> DbErr {
    match err {
        err if crate::db::database_unavailable(err) => {
            DbErr::Conn(sea_orm::RuntimeErr::Internal(err.to_string()))
        }
        DbErr::Custom(message) => DbErr::Custom(message.clone()),
        other => DbErr::Custom(other.to_string()),
    }
}

/// Why a group's transaction wrote nothing.
enum Undone {
    /// A statement failed: nothing was committed.
    BeforeCommit(DomainError),
    /// The commit failed.
    AtCommit(DbErr),
}

struct Writer {
    db: Database,
    clock: Clock,
    counts: Arc<GroupCounts>,
    /// The rates and exchange rates read by earlier groups.
    book: PriceBook,
}

impl Writer {
    /// Runs on a thread of its own, so that the writer answers each statement's result at once
    /// instead of waiting for its turn among the requests on a worker. The thread ends when the
    /// queue does (every sender dropped).
    fn start(self, jobs: mpsc::UnboundedReceiver<Job>) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        let spawned = runtime.map(|runtime| {
            std::thread::Builder::new()
                .name("entry-writer".to_owned())
                .spawn(move || runtime.block_on(self.run(jobs)))
        });
        if let Err(err) | Ok(Err(err)) = spawned {
            tracing::error!(error = %err, "cannot start the time entries' writer");
        }
    }

    async fn run(mut self, mut jobs: mpsc::UnboundedReceiver<Job>) {
        // A connection of its own, driven by this thread: the answer to each statement wakes
        // the writer at once instead of waiting for the request worker that opened it.
        self.db = self.db.with_own_connection();
        let mut carried: Option<Job> = None;
        // The next group's transaction, begun as the last one committed.
        let mut begun: Option<WriteTxn> = None;
        loop {
            let first = match carried.take() {
                Some(job) => job,
                None => match jobs.recv().await {
                    Some(job) => {
                        self.counts.taken();
                        job
                    }
                    None => return,
                },
            };
            let mut group = vec![first];
            while group.len() < GROUP_ENTRIES {
                let Ok(job) = jobs.try_recv() else { break };
                self.counts.taken();
                if group.iter().any(|earlier| earlier.same_key(&job)) {
                    carried = Some(job);
                    break;
                }
                group.push(job);
            }
            begun = self.write(group, begun, carried.is_some()).await;
        }
    }

    /// Writes a group, in `begun` if the last group began its transaction. Returns the next
    /// group's transaction if this one began it: only when more entries are waiting (`carried`,
    /// or sent since), so that a transaction is never left open while the writer waits.
    async fn write(
        &mut self,
        group: Vec<Job>,
        begun: Option<WriteTxn>,
        carried: bool,
    ) -> Option<WriteTxn> {
        // A lone entry is written alone, unless its transaction is begun already.
        if group.len() > 1 || begun.is_some() {
            match self.together(&group, begun, carried).await {
                Ok((results, next)) => {
                    self.counts.groups.fetch_add(1, Relaxed);
                    for (job, result) in group.into_iter().zip(results) {
                        job.answer(result);
                    }
                    return next;
                }
                // Whether a commit that failed was applied cannot be known: writing the
                // entries again could store them twice, so each is answered with the failure,
                // as a lone entry's failed commit is.
                Err(Undone::AtCommit(err)) => {
                    for job in group {
                        job.answer(Err(DomainError::Database(copy_of(&err))));
                    }
                    return None;
                }
                // The database is away: each entry alone would wait for it in turn. Each is
                // answered as a lone entry would be, and may be sent again.
                Err(Undone::BeforeCommit(DomainError::Database(err)))
                    if crate::db::database_unavailable(&err) =>
                {
                    for job in group {
                        job.answer(Err(DomainError::Database(copy_of(&err))));
                    }
                    return None;
                }
                Err(Undone::BeforeCommit(err)) => {
                    tracing::warn!(
                        entries = group.len(),
                        error = %err,
                        "a group of time entries was undone; writing them one by one"
                    );
                }
            }
        }
        for job in group {
            let mut watch = Stopwatch::start(&self.counts);
            let result = job.write_alone(&self.db, &self.clock).await;
            watch.lap(WriterStep::Alone);
            self.counts.groups.fetch_add(1, Relaxed);
            job.answer(result);
        }
        None
    }

    /// The group in one transaction (`begun`, or one begun here): each entry's answer, and the
    /// next group's transaction where the commit began it; or the database error that undid
    /// them all. When more entries wait (`carried`, or sent since), the commit begins the next
    /// group's transaction where the database can ([`WriteTxn::commit_and_begin`]).
    async fn together(
        &mut self,
        group: &[Job],
        begun: Option<WriteTxn>,
        carried: bool,
    ) -> Result<(Vec<DomainResult<Created<TimeEntry>>>, Option<WriteTxn>), Undone> {
        let counts = Arc::clone(&self.counts);
        let mut watch = Stopwatch::start(&counts);
        let txn = match begun {
            Some(txn) => txn,
            None => self
                .db
                .begin_write()
                .await
                .map_err(|err| Undone::BeforeCommit(err.into()))?,
        };
        watch.lap(WriterStep::Begin);
        match self.each(&txn, group, &mut watch).await {
            Ok(results) => {
                let more = carried || self.counts.waiting.load(Relaxed) > 0;
                let committed = if more {
                    txn.commit_and_begin().await
                } else {
                    txn.commit().await.map(|()| None)
                };
                watch.lap(WriterStep::Commit);
                committed
                    .map(|next| (results, next))
                    .map_err(Undone::AtCommit)
            }
            Err(err) => {
                // Ended before the SQLite writer slot is released (see `WriteTxn::rollback`).
                let _ = txn.rollback().await;
                Err(Undone::BeforeCommit(err))
            }
        }
    }

    async fn each(
        &mut self,
        txn: &WriteTxn,
        group: &[Job],
        watch: &mut Stopwatch<'_>,
    ) -> DomainResult<Vec<DomainResult<Created<TimeEntry>>>> {
        let conn = &**txn;
        let people: Vec<i64> = group.iter().map(|job| job.write.user_id).collect();
        let boards: Vec<i64> = group.iter().map(|job| job.access.board_id()).collect();
        lock_people(conn, &boards, &people).await?;
        watch.lap(WriterStep::Lock);
        let now = self.clock.now();
        let mut answers: Vec<Option<DomainResult<Created<TimeEntry>>>> =
            group.iter().map(|_| None).collect();
        for (job, answer) in group.iter().zip(answers.iter_mut()) {
            match idempotency::replay(conn, now, job.idempotent.as_ref()).await {
                Ok(None) => {}
                Ok(Some(replay)) => *answer = Some(Ok(Created::Replayed(replay))),
                Err(err @ DomainError::Database(_)) => return Err(err),
                Err(refusal) => *answer = Some(Err(refusal)),
            }
        }
        let pending: Vec<usize> = (0..group.len()).filter(|&i| answers[i].is_none()).collect();
        let entries: Vec<EntryRequest<'_>> = pending
            .iter()
            .map(|&i| (&group[i].access, &group[i].write))
            .collect();
        let facts = read_facts(conn, &entries).await?;
        watch.lap(WriterStep::Read);
        let checked = if facts.any_hard_stop() {
            // Each entry weighs the budget with the ones before it stored.
            let checked = self.one_by_one(conn, now, &entries).await?;
            watch.lap(WriterStep::Check);
            checked
        } else {
            let checked = check_entries(conn, now, &entries, facts, &mut self.book).await?;
            watch.lap(WriterStep::Check);
            let mut accepted = Vec::new();
            let mut results = Vec::with_capacity(checked.len());
            for (result, &(access, _)) in checked.into_iter().zip(&entries) {
                match result {
                    Ok(entry) => {
                        accepted.push((access, entry));
                        results.push(None);
                    }
                    Err(refusal) => results.push(Some(Err(refusal))),
                }
            }
            let mut stored = store_entries(conn, now, accepted).await?.into_iter();
            results
                .into_iter()
                .map(|result| match result {
                    Some(refusal) => refusal,
                    None => stored.next().ok_or_else(|| DbErr::RecordNotInserted.into()),
                })
                .collect()
        };
        for (&i, result) in pending.iter().zip(checked) {
            if let Ok(view) = &result {
                idempotency::remember(conn, now, group[i].idempotent.as_ref(), view).await?;
            }
            answers[i] = Some(result.map(Created::New));
        }
        watch.lap(WriterStep::Store);
        Ok(answers
            .into_iter()
            .map(|answer| answer.unwrap_or(Err(DomainError::NotFound("task"))))
            .collect())
    }

    /// Entries checked and stored each in turn, inside the group's transaction.
    async fn one_by_one<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        now: chrono::DateTime<chrono::Utc>,
        entries: &[EntryRequest<'_>],
    ) -> DomainResult<Vec<DomainResult<TimeEntry>>> {
        let mut results = Vec::with_capacity(entries.len());
        for &(access, write) in entries {
            match check_entry(conn, now, access, write).await {
                Ok(checked) => results.push(Ok(checked.store(conn, now, access).await?)),
                Err(err @ DomainError::Database(_)) => return Err(err),
                Err(refusal) => results.push(Err(refusal)),
            }
        }
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_answered_to_each_entry_keeps_its_kind() {
        let away = DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout);
        assert!(crate::db::database_unavailable(&copy_of(&away)));
        let failed = DbErr::Custom("boom".to_owned());
        let copy = copy_of(&failed);
        assert!(!crate::db::database_unavailable(&copy));
        assert_eq!(copy.to_string(), failed.to_string());
    }
}
