//! A week's approval: its transitions, who may make each, and the approvals queues.
//!
//! | transition | from | to | who |
//! |---|---|---|---|
//! | submit | open, rejected | submitted | the person, or whoever may log for them |
//! | withdraw | submitted | open | the person, or whoever may log for them |
//! | approve | submitted | approved | board admins |
//! | reject (comment required) | submitted | rejected | board admins |
//! | reopen | approved | open | board admins |
//!
//! Approving marks the week's entries `approved`; reopening clears the mark. Every transition
//! is audited (`timesheet_week`, its action the transition's name). A transition from another
//! state answers 409 (`timesheet_not_open`, `timesheet_not_submitted`, `timesheet_not_approved`).

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::board::BoardRole;
use budget_contract::limits::NOTE_CHARS;
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::timesheet::{Timesheet, TimesheetAction, TimesheetStatus, TimesheetWeek};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Set,
};
use serde_json::json;

use super::{person, read, status_of, week_end};
use crate::access::BoardAccess;
use crate::amount::hours;
use crate::audit::{self, Change};
use crate::entity::{time_entry, timesheet_week};
use crate::error::{DomainError, DomainResult};
use crate::organizations::require_org_admin;
use crate::pagination;
use crate::sql;
use crate::time_entries;
use crate::validate::Checks;
use crate::Domain;

/// A transition of a week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Withdraw,
    Approve,
    Reject,
    Reopen,
}

impl Transition {
    /// The transition as the audit trail records it.
    pub fn action(self) -> AuditAction {
        match self {
            Self::Submit => AuditAction::Submit,
            Self::Withdraw => AuditAction::Withdraw,
            Self::Approve => AuditAction::Approve,
            Self::Reject => AuditAction::Reject,
            Self::Reopen => AuditAction::Reopen,
        }
    }

    /// The state the transition leads to from `from`, or why it cannot be made.
    pub fn from(self, from: TimesheetStatus) -> DomainResult<TimesheetStatus> {
        use TimesheetStatus::{Approved, Open, Rejected, Submitted};
        match (self, from) {
            (Self::Submit, Open | Rejected) => Ok(Submitted),
            (Self::Submit, _) => Err(DomainError::conflict(
                ProblemCode::TimesheetNotOpen,
                format!("the week is {from} already; it cannot be submitted again"),
            )),
            (Self::Withdraw, Submitted) => Ok(Open),
            (Self::Approve, Submitted) => Ok(Approved),
            (Self::Reject, Submitted) => Ok(Rejected),
            (Self::Withdraw | Self::Approve | Self::Reject, _) => Err(DomainError::conflict(
                ProblemCode::TimesheetNotSubmitted,
                format!(
                    "the week is {from}, not submitted: there is nothing to {}",
                    self.action()
                ),
            )),
            (Self::Reopen, Approved) => Ok(Open),
            (Self::Reopen, _) => Err(DomainError::conflict(
                ProblemCode::TimesheetNotApproved,
                format!("the week is {from}, not approved: there is nothing to reopen"),
            )),
        }
    }

    /// Refuses callers who may not make this transition on `person`'s week.
    async fn require_may<C: ConnectionTrait>(
        self,
        conn: &C,
        access: &BoardAccess,
        person: i64,
    ) -> DomainResult<()> {
        match self {
            Self::Submit | Self::Withdraw => {
                access.require(BoardRole::Editor)?;
                if person != access.user_id {
                    time_entries::require_logging_for_others(access)?;
                    time_entries::require_may_log(conn, access, person).await?;
                }
                Ok(())
            }
            Self::Approve | Self::Reject | Self::Reopen => access.require(BoardRole::Admin),
        }
    }
}

/// Makes `transition` on a week and answers the week as it then stands.
pub async fn transition(
    domain: &Domain,
    access: &BoardAccess,
    week: NaiveDate,
    transition: Transition,
    action: TimesheetAction,
) -> DomainResult<Timesheet> {
    let person = person(access, action.user_id);
    transition
        .require_may(domain.db.conn(), access, person)
        .await?;
    let mut checks = Checks::new();
    let comment = checks.free_text("comment", action.comment.as_deref(), NOTE_CHARS);
    if transition == Transition::Reject && comment.trim().is_empty() {
        checks.fail(
            "comment",
            "required",
            "say why the week is rejected: its person reads it",
        );
    }
    checks.finish()?;
    let comment = (!comment.trim().is_empty()).then_some(comment);

    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    // The person's lock (PostgreSQL) orders the transition with their logging.
    time_entries::lock_person(&*txn, access.board_id(), person).await?;
    let stored = timesheet_week::Entity::find()
        .filter(timesheet_week::Column::BoardId.eq(access.board_id()))
        .filter(timesheet_week::Column::UserId.eq(person))
        .filter(timesheet_week::Column::WeekStart.eq(week))
        .lock_exclusive()
        .one(&*txn)
        .await?;
    let from = status_of(stored.as_ref());
    let to = match transition.from(from) {
        Ok(to) => to,
        Err(err) => return Err(crate::precondition::abandon(txn, err).await),
    };
    let decided = matches!(
        transition,
        Transition::Approve | Transition::Reject | Transition::Reopen
    );
    let mut row = timesheet_week::ActiveModel {
        status: Set(to.as_str().to_owned()),
        updated_at: Set(now),
        ..Default::default()
    };
    if transition == Transition::Submit {
        row.submitted_by = Set(Some(access.user_id));
        row.submitted_at = Set(Some(now));
        row.decided_by = Set(None);
        row.decided_at = Set(None);
        row.comment = Set(None);
    } else if decided {
        row.decided_by = Set(Some(access.user_id));
        row.decided_at = Set(Some(now));
        row.comment = Set(comment.clone());
    } else {
        row.decided_by = Set(None);
        row.decided_at = Set(None);
        row.comment = Set(None);
    }
    let id = match &stored {
        Some(stored) => {
            let result = timesheet_week::Entity::update_many()
                .set(row)
                .col_expr(
                    timesheet_week::Column::Version,
                    Expr::col(timesheet_week::Column::Version).add(1),
                )
                .filter(timesheet_week::Column::Id.eq(stored.id))
                .filter(timesheet_week::Column::Version.eq(stored.version))
                .exec(&*txn)
                .await?;
            if result.rows_affected == 0 {
                let changed = DomainError::conflict(
                    ProblemCode::InvalidTransition,
                    "the week changed meanwhile; read it again",
                );
                return Err(crate::precondition::abandon(txn, changed).await);
            }
            stored.id
        }
        None => {
            row.board_id = Set(access.board_id());
            row.user_id = Set(person);
            row.week_start = Set(week);
            row.week_end = Set(week_end(week));
            row.version = Set(1);
            match row.insert(&*txn).await {
                Ok(inserted) => inserted.id,
                Err(err) => {
                    let err = DomainError::from(err);
                    let err = if err.is_unique_violation() {
                        DomainError::conflict(
                            ProblemCode::InvalidTransition,
                            "the week changed meanwhile; read it again",
                        )
                    } else {
                        err
                    };
                    return Err(crate::precondition::abandon(txn, err).await);
                }
            }
        }
    };
    match transition {
        Transition::Approve => mark_approved(&*txn, access, person, week, true, now).await?,
        Transition::Reopen => mark_approved(&*txn, access, person, week, false, now).await?,
        _ => {}
    }
    let old = json!({"user_id": person, "week": week, "status": from.as_str()});
    let new = json!({
        "user_id": person,
        "week": week,
        "status": to.as_str(),
        "comment": comment,
    });
    audit::record(
        &*txn,
        now,
        Change::on_board(access, AuditKind::TimesheetWeek, id, Some(&old), Some(&new))
            .named(transition.action()),
    )
    .await?;
    let sheet = read(&*txn, access, person, week, false).await?;
    txn.commit().await?;
    Ok(sheet)
}

/// Sets (approving) or clears (reopening) the `approved` mark of the person's entries on the
/// board that week; each marked entry's version rises, as its answer changes.
async fn mark_approved<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    person: i64,
    week: NaiveDate,
    approved: bool,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    time_entry::Entity::update_many()
        .col_expr(time_entry::Column::Approved, Expr::value(approved))
        .col_expr(time_entry::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            time_entry::Column::Version,
            Expr::col(time_entry::Column::Version).add(1),
        )
        .filter(time_entry::Column::BoardId.eq(access.board_id()))
        .filter(time_entry::Column::UserId.eq(person))
        .filter(time_entry::Column::WorkDate.gte(week))
        .filter(time_entry::Column::WorkDate.lte(week_end(week)))
        .filter(time_entry::Column::Approved.ne(approved))
        .exec(conn)
        .await?;
    Ok(())
}

/// Filters of an approvals queue.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// Default: `submitted`.
    pub status: Option<TimesheetStatus>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Debug, FromQueryResult)]
struct QueueRow {
    id: i64,
    board_id: i64,
    board_name: String,
    user_id: i64,
    user_name: String,
    week_start: NaiveDate,
    status: String,
    total: i64,
    submitted_at: Option<DateTime<Utc>>,
    decided_by: Option<i64>,
    decided_at: Option<DateTime<Utc>>,
    comment: Option<String>,
}

/// The columns of a queue's rows; `$1` is the status, the `WHERE` names the scope as `$2`.
const QUEUE: &str = "SELECT w.id, w.board_id, b.name AS board_name, w.user_id, \
       u.display_name AS user_name, w.week_start, w.status, \
       CAST(COALESCE((SELECT SUM(e.centihours) FROM time_entry e \
          WHERE e.board_id = w.board_id AND e.user_id = w.user_id \
            AND e.work_date >= w.week_start AND e.work_date <= w.week_end), 0) AS BIGINT) AS total, \
       w.submitted_at, w.decided_by, w.decided_at, w.comment \
     FROM timesheet_week w JOIN board b ON b.id = w.board_id JOIN app_user u ON u.id = w.user_id \
     WHERE w.status = $1";

/// A board's weeks in one state (board admins), oldest first.
pub async fn board_queue(
    domain: &Domain,
    access: &BoardAccess,
    filter: QueueFilter,
) -> DomainResult<Page<TimesheetWeek>> {
    access.require(BoardRole::Admin)?;
    queue(domain, "w.board_id = $2", access.board_id(), filter).await
}

/// The weeks in one state on every board of an organisation (its admins), oldest first.
pub async fn organization_queue(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    filter: QueueFilter,
) -> DomainResult<Page<TimesheetWeek>> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins read its approvals queue",
    )
    .await?;
    queue(domain, "b.organization_id = $2", org_id, filter).await
}

async fn queue(
    domain: &Domain,
    scope: &str,
    scope_id: i64,
    filter: QueueFilter,
) -> DomainResult<Page<TimesheetWeek>> {
    let page = pagination::by_id(filter.limit, filter.cursor.as_deref())?;
    let status = filter.status.unwrap_or(TimesheetStatus::Submitted);
    let backend = domain.db.backend();
    let listed = format!("{QUEUE} AND {scope}");
    let filtered = sql::statement(
        backend,
        &listed,
        vec![status.as_str().into(), scope_id.into()],
    );
    let window = sql::statement(
        backend,
        &format!("{listed} AND w.id > $3 ORDER BY w.id LIMIT $4"),
        vec![
            status.as_str().into(),
            scope_id.into(),
            page.after.unwrap_or(0).into(),
            page.fetch_value().into(),
        ],
    );
    let (rows, total) = pagination::read::<QueueRow>(&domain.db, filtered, window).await?;
    let page = page.page(rows, total, |row| row.id.to_string());
    Ok(page.map(|row| TimesheetWeek {
        board_id: row.board_id,
        board_name: row.board_name,
        user_id: row.user_id,
        user_name: row.user_name,
        week: row.week_start,
        status: row.status.parse().unwrap_or_default(),
        total: hours(row.total),
        submitted_at: row.submitted_at,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
        comment: row.comment,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use TimesheetStatus::{Approved, Open, Rejected, Submitted};

    #[test]
    fn each_transition_starts_from_its_states() {
        assert_eq!(Transition::Submit.from(Open).unwrap(), Submitted);
        assert_eq!(Transition::Submit.from(Rejected).unwrap(), Submitted);
        assert!(Transition::Submit.from(Submitted).is_err());
        assert!(Transition::Submit.from(Approved).is_err());
        assert_eq!(Transition::Approve.from(Submitted).unwrap(), Approved);
        assert_eq!(Transition::Reject.from(Submitted).unwrap(), Rejected);
        assert_eq!(Transition::Withdraw.from(Submitted).unwrap(), Open);
        assert!(Transition::Approve.from(Open).is_err());
        assert!(Transition::Reject.from(Approved).is_err());
        assert_eq!(Transition::Reopen.from(Approved).unwrap(), Open);
        assert!(Transition::Reopen.from(Submitted).is_err());
    }
}
