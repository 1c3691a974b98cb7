//! Repricing a board's time entries at the rates and exchange rates in force now for their work
//! dates: previewed, applied as one audited operation that keeps every price it replaced, and
//! reverted to exactly those prices. Nothing reprices an entry on its own.

use std::collections::BTreeMap;

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::limits::MAX_REPRICED_ENTRIES;
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::repricing::{
    EntryRepricing, Repricing, RepricingChange, RepricingGroup, RepricingPreview, RepricingRequest,
    RepricingStatus,
};
use budget_contract::Currency;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};

use crate::access::BoardAccess;
use crate::amount::{hours, money};
use crate::audit::{self, Change};
use crate::entity::{repricing, repricing_entry, time_entry};
use crate::error::{DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination;
use crate::precondition::abandon;
use crate::pricing::{Price, StoredPrice};
use crate::rates;
use crate::validate::Checks;
use crate::Domain;

/// One entry's price, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repriced {
    pub entry_id: i64,
    pub task_id: i64,
    pub user_id: i64,
    pub work_date: NaiveDate,
    pub centihours: i64,
    pub old: StoredPrice,
    pub new: StoredPrice,
}

/// What repricing changes, in hundredths of the board's currency, new − old.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delta {
    pub entries: u64,
    pub spent: i64,
    pub revenue: i64,
}

impl Delta {
    fn add(&mut self, change: &Repriced) {
        self.entries += 1;
        self.spent += change.new.labour_cost_cents - change.old.labour_cost_cents;
        self.revenue += change.new.billable_cents - change.old.billable_cents;
    }

    /// Margin is revenue − cost, so its change is the revenue's change − the cost's.
    pub fn margin(&self) -> i64 {
        self.revenue - self.spent
    }

    fn view(&self, currency: &Currency) -> RepricingChange {
        RepricingChange {
            entries: self.entries,
            spent: money(self.spent, currency),
            revenue: money(self.revenue, currency),
            margin: money(self.margin(), currency),
        }
    }
}

/// The change overall, by person and by task (each by id). Pure.
pub fn summarise(changes: &[Repriced]) -> (Delta, BTreeMap<i64, Delta>, BTreeMap<i64, Delta>) {
    let mut total = Delta::default();
    let mut by_person: BTreeMap<i64, Delta> = BTreeMap::new();
    let mut by_task: BTreeMap<i64, Delta> = BTreeMap::new();
    for change in changes {
        total.add(change);
        by_person.entry(change.user_id).or_default().add(change);
        by_task.entry(change.task_id).or_default().add(change);
    }
    (total, by_person, by_task)
}

fn groups(deltas: &BTreeMap<i64, Delta>, currency: &Currency) -> Vec<RepricingGroup> {
    deltas
        .iter()
        .map(|(id, delta)| RepricingGroup {
            id: *id,
            change: delta.view(currency),
        })
        .collect()
}

fn entry_view(change: &Repriced, currency: &Currency) -> EntryRepricing {
    EntryRepricing {
        entry_id: change.entry_id,
        task_id: change.task_id,
        user_id: change.user_id,
        work_date: change.work_date,
        hours: hours(change.centihours),
        old_cost: change.old.cost_side(currency),
        new_cost: change.new.cost_side(currency),
        old_billable: change.old.billable_side(currency),
        new_billable: change.new.billable_side(currency),
    }
}

/// Board and organisation admins reprice: it involves everyone's rates.
fn require_repricer(access: &BoardAccess) -> DomainResult<()> {
    access.require(BoardRole::Admin).map_err(|_| {
        DomainError::forbidden(
            ProblemCode::InsufficientRole,
            "only board and organisation admins reprice time entries",
        )
    })
}

fn check_request(request: &RepricingRequest) -> DomainResult<()> {
    let mut checks = Checks::new();
    checks.day_range(request.from, request.to);
    checks.finish()
}

/// Every entry the request covers whose price at today's rates differs from the one it holds,
/// by work date then id; each with its version when read.
async fn plan<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    currency: &'static Currency,
    request: &RepricingRequest,
) -> DomainResult<Vec<(Repriced, i64)>> {
    check_request(request)?;
    if let Some(task_id) = request.task_id {
        crate::tasks::find_in_board(conn, access.board_id(), task_id).await?;
    }
    let entries = time_entry::Entity::find()
        .filter(crate::time_entries::covered(
            access.board_id(),
            request.from,
            request.to,
            request.user_id,
            request.task_id,
        ))
        .order_by_asc(time_entry::Column::WorkDate)
        .order_by_asc(time_entry::Column::Id)
        .all(conn)
        .await?;
    let mut tasks: Vec<i64> = entries.iter().map(|e| e.task_id).collect();
    tasks.sort_unstable();
    tasks.dedup();
    let mut users: Vec<i64> = entries.iter().map(|e| e.user_id).collect();
    users.sort_unstable();
    users.dedup();
    let org_id = access.board.organization_id;
    let candidates = rates::candidates(conn, access.board_id(), org_id, &tasks, &users).await?;
    let mut changes = Vec::new();
    for entry in entries {
        let resolved = rates::resolve(&candidates, entry.task_id, entry.user_id, entry.work_date);
        let centihours = i64::from(entry.centihours);
        let price = Price::resolved(&resolved, currency)
            .work_out(
                conn,
                org_id,
                currency,
                centihours,
                entry.is_billable,
                entry.work_date,
            )
            .await?;
        let new = StoredPrice::from(&price);
        let old = StoredPrice::of(&entry);
        if new == old {
            continue;
        }
        if changes.len() == MAX_REPRICED_ENTRIES {
            return Err(DomainError::field(
                "request",
                "too_many_entries",
                format!(
                    "more than {MAX_REPRICED_ENTRIES} entries would change; narrow the request \
                     (from, to, user_id, task_id) and reprice in parts"
                ),
            ));
        }
        changes.push((
            Repriced {
                entry_id: entry.id,
                task_id: entry.task_id,
                user_id: entry.user_id,
                work_date: entry.work_date,
                centihours,
                old,
                new,
            },
            entry.version,
        ));
    }
    Ok(changes)
}

/// What repricing the request's entries would change now (board and organisation admins).
pub async fn preview(
    domain: &Domain,
    access: &BoardAccess,
    request: RepricingRequest,
) -> DomainResult<RepricingPreview> {
    require_repricer(access)?;
    let txn = domain.db.begin_read().await?;
    let currency = crate::budget::currency(&txn, access.board_id()).await?;
    let planned = plan(&txn, access, currency, &request).await?;
    txn.commit().await?;
    let changes: Vec<Repriced> = planned.into_iter().map(|(change, _)| change).collect();
    let (total, by_person, by_task) = summarise(&changes);
    Ok(RepricingPreview {
        currency: currency.code.to_owned(),
        request,
        change: total.view(currency),
        by_person: groups(&by_person, currency),
        by_task: groups(&by_task, currency),
        entries: changes.iter().map(|c| entry_view(c, currency)).collect(),
    })
}

/// Rows written per statement (each binds ten values).
const INSERT_CHUNK: usize = 500;

/// Reprices the request's entries in one transaction, keeping every price it replaces (board
/// and organisation admins). An entry changed meanwhile fails the whole operation.
pub async fn apply(
    domain: &Domain,
    access: &BoardAccess,
    request: RepricingRequest,
    idempotent: Option<&Idempotent<Repricing>>,
) -> DomainResult<Created<Repricing>> {
    require_repricer(access)?;
    let result = apply_in_transaction(domain, access, request, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn apply_in_transaction(
    domain: &Domain,
    access: &BoardAccess,
    request: RepricingRequest,
    idempotent: Option<&Idempotent<Repricing>>,
) -> DomainResult<Created<Repricing>> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    let currency = crate::budget::currency_for_write(&*txn, access.board_id()).await?;
    let planned = plan(&*txn, access, currency, &request).await?;
    let mut versions = Vec::with_capacity(planned.len());
    for (change, version) in &planned {
        if !set_price(&*txn, change.entry_id, *version, &change.new, now).await? {
            return Err(abandon(txn, changed_meanwhile()).await);
        }
        versions.push(version + 1);
    }
    let stored = repricing::ActiveModel {
        board_id: Set(access.board_id()),
        status: Set(RepricingStatus::Applied.as_str().to_owned()),
        request: Set(serde_json::to_string(&request).unwrap_or_default()),
        created_by: Set(Some(access.user_id)),
        created_at: Set(now),
        reverted_by: Set(None),
        reverted_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    let rows: Vec<repricing_entry::ActiveModel> = planned
        .iter()
        .zip(&versions)
        .map(
            |((change, _), version_after)| repricing_entry::ActiveModel {
                repricing_id: Set(stored.id),
                entry_id: Set(change.entry_id),
                task_id: Set(change.task_id),
                user_id: Set(change.user_id),
                work_date: Set(change.work_date),
                centihours: Set(change.centihours),
                old_price: Set(serde_json::to_string(&change.old).unwrap_or_default()),
                new_price: Set(serde_json::to_string(&change.new).unwrap_or_default()),
                version_after: Set(*version_after),
                ..Default::default()
            },
        )
        .collect();
    for chunk in rows.chunks(INSERT_CHUNK) {
        repricing_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&*txn)
            .await?;
    }
    let changes: Vec<Repriced> = planned.into_iter().map(|(change, _)| change).collect();
    let view = view(stored.clone(), &changes, currency);
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::Repricing,
            view.id,
            None,
            Some(&summary(stored, &changes, currency)),
        ),
    )
    .await?;
    crate::alerts::events::publish(
        &*txn,
        now,
        &crate::alerts::events::Event {
            event_type: budget_contract::alert::EventType::RepricingApplied,
            board_id: access.board_id(),
            message: format!(
                "{} priced again at today's rates: spent changed by {} {}",
                match view.change.entries {
                    1 => "1 entry".to_owned(),
                    n => format!("{n} entries"),
                },
                view.change.spent,
                view.currency
            ),
            data: serde_json::json!({
                "repricing_id": view.id,
                "currency": view.currency,
                "request": view.request,
                "change": view.change,
            }),
        },
    )
    .await?;
    idempotency::remember(&*txn, now, idempotent, &view).await?;
    txn.commit().await?;
    Ok(Created::New(view))
}

/// Sets an entry's price if it is still at `version`; whether it was.
async fn set_price<C: ConnectionTrait>(
    conn: &C,
    entry_id: i64,
    version: i64,
    price: &StoredPrice,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let mut changes = time_entry::ActiveModel {
        updated_at: Set(now),
        ..Default::default()
    };
    price.set_on(&mut changes);
    let result = time_entry::Entity::update_many()
        .set(changes)
        .col_expr(
            time_entry::Column::Version,
            Expr::col(time_entry::Column::Version).add(1),
        )
        .filter(time_entry::Column::Id.eq(entry_id))
        .filter(time_entry::Column::Version.eq(version))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

fn changed_meanwhile() -> DomainError {
    DomainError::conflict(
        ProblemCode::EntriesChanged,
        "time entries changed while they were being repriced; preview and apply again",
    )
}

/// A repricing with its change but without its entries: as lists and the audit trail show it.
fn summary(model: repricing::Model, changes: &[Repriced], currency: &Currency) -> Repricing {
    let (total, by_person, by_task) = summarise(changes);
    Repricing {
        id: model.id,
        board_id: model.board_id,
        status: model.status.parse().unwrap_or(RepricingStatus::Applied),
        currency: currency.code.to_owned(),
        request: serde_json::from_str(&model.request).unwrap_or_default(),
        change: total.view(currency),
        by_person: groups(&by_person, currency),
        by_task: groups(&by_task, currency),
        entries: Vec::new(),
        created_by: model.created_by,
        created_at: model.created_at,
        reverted_by: model.reverted_by,
        reverted_at: model.reverted_at,
    }
}

/// A repricing with every entry it changed, old → new.
fn view(model: repricing::Model, changes: &[Repriced], currency: &Currency) -> Repricing {
    Repricing {
        entries: changes.iter().map(|c| entry_view(c, currency)).collect(),
        ..summary(model, changes, currency)
    }
}

fn repriced(row: &repricing_entry::Model) -> Repriced {
    Repriced {
        entry_id: row.entry_id,
        task_id: row.task_id,
        user_id: row.user_id,
        work_date: row.work_date,
        centihours: row.centihours,
        old: serde_json::from_str(&row.old_price).unwrap_or_default(),
        new: serde_json::from_str(&row.new_price).unwrap_or_default(),
    }
}

async fn find<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    repricing_id: i64,
    lock: bool,
) -> DomainResult<repricing::Model> {
    let mut query =
        repricing::Entity::find_by_id(repricing_id).filter(repricing::Column::BoardId.eq(board_id));
    if lock {
        query = query.lock_exclusive();
    }
    query
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("repricing"))
}

async fn entries_of<C: ConnectionTrait>(
    conn: &C,
    repricing_id: i64,
) -> DomainResult<Vec<repricing_entry::Model>> {
    Ok(repricing_entry::Entity::find()
        .filter(repricing_entry::Column::RepricingId.eq(repricing_id))
        .order_by_asc(repricing_entry::Column::Id)
        .all(conn)
        .await?)
}

/// One repricing with every entry it changed (board and organisation admins).
pub async fn get(
    domain: &Domain,
    access: &BoardAccess,
    repricing_id: i64,
) -> DomainResult<Repricing> {
    require_repricer(access)?;
    let txn = domain.db.begin_read().await?;
    let model = find(&txn, access.board_id(), repricing_id, false).await?;
    let rows = entries_of(&txn, repricing_id).await?;
    let currency = crate::budget::currency(&txn, access.board_id()).await?;
    txn.commit().await?;
    let changes: Vec<Repriced> = rows.iter().map(repriced).collect();
    Ok(view(model, &changes, currency))
}

/// The board's repricings, oldest first, each with its change but without its entries (board
/// and organisation admins).
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<Repricing>> {
    require_repricer(access)?;
    let page = pagination::by_id(limit, cursor)?;
    let backend = domain.db.backend();
    let mut query =
        repricing::Entity::find().filter(repricing::Column::BoardId.eq(access.board_id()));
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(repricing::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(repricing::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<repricing::Model>(&domain.db, filtered, window).await?;
    let conn = domain.db.conn();
    let currency = crate::budget::currency(conn, access.board_id()).await?;
    let Page {
        items: models,
        total,
        next_cursor,
    } = page.page(rows, total, |row| row.id.to_string());
    // The page's entries in one read, by repricing.
    let ids: Vec<i64> = models.iter().map(|model| model.id).collect();
    let mut changes: BTreeMap<i64, Vec<Repriced>> = BTreeMap::new();
    for row in repricing_entry::Entity::find()
        .filter(repricing_entry::Column::RepricingId.is_in(ids))
        .order_by_asc(repricing_entry::Column::Id)
        .all(conn)
        .await?
    {
        changes
            .entry(row.repricing_id)
            .or_default()
            .push(repriced(&row));
    }
    let items = models
        .into_iter()
        .map(|model| {
            let of_model = changes.remove(&model.id).unwrap_or_default();
            summary(model, &of_model, currency)
        })
        .collect();
    Ok(Page {
        items,
        total,
        next_cursor,
    })
}

/// Restores every price a repricing replaced, in one transaction (board and organisation
/// admins): only while every entry it changed is still as it left it, and only once.
pub async fn revert(
    domain: &Domain,
    access: &BoardAccess,
    repricing_id: i64,
) -> DomainResult<Repricing> {
    require_repricer(access)?;
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let model = find(&*txn, access.board_id(), repricing_id, true).await?;
    if model.status != RepricingStatus::Applied.as_str() {
        return Err(abandon(
            txn,
            DomainError::conflict(
                ProblemCode::RepricingReverted,
                "this repricing was reverted already",
            ),
        )
        .await);
    }
    let rows = entries_of(&*txn, repricing_id).await?;
    let ids: Vec<i64> = rows.iter().map(|row| row.entry_id).collect();
    let current: BTreeMap<i64, i64> = time_entry::Entity::find()
        .select_only()
        .column(time_entry::Column::Id)
        .column(time_entry::Column::Version)
        .filter(time_entry::Column::Id.is_in(ids))
        .into_tuple::<(i64, i64)>()
        .all(&*txn)
        .await?
        .into_iter()
        .collect();
    let moved: Vec<String> = rows
        .iter()
        .filter(|row| current.get(&row.entry_id) != Some(&row.version_after))
        .map(|row| row.entry_id.to_string())
        .collect();
    if !moved.is_empty() {
        return Err(abandon(
            txn,
            DomainError::conflict(
                ProblemCode::EntriesChanged,
                format!(
                    "time entries {} changed or were deleted since this repricing, so their \
                     earlier prices no longer follow from it; reprice them again instead",
                    moved.join(", ")
                ),
            ),
        )
        .await);
    }
    let changes: Vec<Repriced> = rows.iter().map(repriced).collect();
    for (row, change) in rows.iter().zip(&changes) {
        if !set_price(&*txn, row.entry_id, row.version_after, &change.old, now).await? {
            return Err(abandon(txn, changed_meanwhile()).await);
        }
    }
    let currency = crate::budget::currency_for_write(&*txn, access.board_id()).await?;
    let old = summary(model.clone(), &changes, currency);
    let mut reverted: repricing::ActiveModel = model.into();
    reverted.status = Set(RepricingStatus::Reverted.as_str().to_owned());
    reverted.reverted_by = Set(Some(access.user_id));
    reverted.reverted_at = Set(Some(now));
    let reverted = reverted.update(&*txn).await?;
    let new = view(reverted.clone(), &changes, currency);
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::Repricing,
            new.id,
            Some(&old),
            Some(&summary(reverted, &changes, currency)),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(user_id: i64, task_id: i64, cost: (i64, i64), billed: (i64, i64)) -> Repriced {
        let price = |labour_cost_cents, billable_cents| StoredPrice {
            labour_cost_cents,
            billable_cents,
            ..StoredPrice::default()
        };
        Repriced {
            entry_id: 1,
            task_id,
            user_id,
            work_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            centihours: 100,
            old: price(cost.0, billed.0),
            new: price(cost.1, billed.1),
        }
    }

    #[test]
    fn the_change_is_new_minus_old_overall_by_person_and_by_task() {
        let changes = [
            // Bob on task 10: cost 105.41 → 110.00, billed 138.22 → 204.60.
            change(2, 10, (10_541, 11_000), (13_822, 20_460)),
            // Ann on task 10: cost 45.00 → 40.00, billed unchanged 92.15.
            change(1, 10, (4_500, 4_000), (9_215, 9_215)),
            // Bob on task 11: cost 140.54 → 140.54, billed 300.00 → 0.00.
            change(2, 11, (14_054, 14_054), (30_000, 0)),
        ];
        let (total, by_person, by_task) = summarise(&changes);
        // spent: +4.59 − 5.00 + 0 = −0.41; revenue: +66.38 + 0 − 300.00 = −233.62;
        // margin: −233.62 − (−0.41) = −233.21.
        assert_eq!(total.entries, 3);
        assert_eq!(total.spent, -41);
        assert_eq!(total.revenue, -23_362);
        assert_eq!(total.margin(), -23_321);
        let bob = by_person[&2];
        assert_eq!((bob.entries, bob.spent, bob.revenue), (2, 459, -23_362));
        let task = by_task[&10];
        assert_eq!((task.entries, task.spent, task.revenue), (2, -41, 6_638));
        assert_eq!(task.margin(), 6_679);
    }
}
