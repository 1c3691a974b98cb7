//! The stored rates: who sees them, listing, adding and deleting them, and which applies.

use budget_contract::audit::{AuditAction, AuditKind};
use budget_contract::board::BoardRole;
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::rate::{AppliedRate, NewRate, Rate, RateLevel, RatesInForce};
use budget_contract::{Currency, Money};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde_json::json;

use crate::access::BoardAccess;
use crate::amount::from_hundredths;
use crate::audit::{self, Change};
use crate::entity::{app_user, rate, task, time_entry};
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::organizations::{record, require_org_admin};
use crate::pagination;
use crate::validate::{max_rate, Checks};
use crate::Domain;

use super::priced::Priced;
use super::resolve::{for_hour, Applied, Scope, BOARD_LEVELS, ORGANIZATION_LEVELS};

/// Whom a rate is shown to: board admins (organisation admins are board admins) see
/// everyone's, editors their own, viewers none.
pub fn may_see_rates(access: &BoardAccess, person: i64) -> bool {
    access.role == BoardRole::Admin
        || (access.role == BoardRole::Editor && access.user_id == person)
}

fn view(model: rate::Model) -> Rate {
    let shown = |cents: Option<i64>, currency: &Option<String>| {
        cents.map(|cents| match currency.as_deref().and_then(Currency::find) {
            Some(currency) => Money::exact_in_currency(from_hundredths(cents), currency),
            None => Money::from_hundredths(cents),
        })
    };
    Rate {
        id: model.id,
        level: model.level.parse().unwrap_or(RateLevel::Organization),
        organization_id: model.organization_id,
        board_id: model.board_id,
        task_id: model.task_id,
        task_title: None,
        user_id: model.user_id,
        valid_from: model.valid_from,
        cost_rate: shown(model.cost_rate_cents, &model.cost_currency),
        billable_rate: shown(model.billable_rate_cents, &model.billable_currency),
        cost_currency: model.cost_currency,
        billable_currency: model.billable_currency,
        created_by: model.created_by,
        created_at: model.created_at,
    }
}

/// Filters of a list of rates; all optional.
#[derive(Clone, Debug, Default)]
pub struct RateFilter {
    pub level: Option<RateLevel>,
    pub user_id: Option<i64>,
    pub task_id: Option<i64>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The rates a board keeps (task, board member, board), oldest first (board and organisation
/// admins).
pub async fn list_for_board(
    domain: &Domain,
    access: &BoardAccess,
    filter: RateFilter,
) -> DomainResult<Page<Rate>> {
    require_rate_reader(access)?;
    let query = rate::Entity::find().filter(rate::Column::BoardId.eq(access.board_id()));
    list(domain, query, &BOARD_LEVELS, filter).await
}

/// The rates an organisation keeps (people, the organisation), oldest first (its admins).
pub async fn list_for_organization(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    filter: RateFilter,
) -> DomainResult<Page<Rate>> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins see its rates",
    )
    .await?;
    let query = rate::Entity::find()
        .filter(rate::Column::OrganizationId.eq(org_id))
        .filter(rate::Column::Level.is_in(ORGANIZATION_LEVELS.map(|level| level.as_str())));
    list(domain, query, &ORGANIZATION_LEVELS, filter).await
}

async fn list(
    domain: &Domain,
    mut query: sea_orm::Select<rate::Entity>,
    levels: &[RateLevel],
    filter: RateFilter,
) -> DomainResult<Page<Rate>> {
    let mut checks = Checks::new();
    if let Some(level) = filter.level {
        if !levels.contains(&level) {
            checks.fail("level", "invalid", levels_message(levels));
        }
        query = query.filter(rate::Column::Level.eq(level.as_str()));
    }
    if let Some(user_id) = filter.user_id {
        query = query.filter(rate::Column::UserId.eq(user_id));
    }
    if let Some(task_id) = filter.task_id {
        query = query.filter(rate::Column::TaskId.eq(task_id));
    }
    let page = pagination::by_id_parse(&mut checks, filter.limit, filter.cursor.as_deref());
    checks.finish()?;
    let backend = domain.db.backend();
    let filtered = query.clone().build(backend);
    if let Some(after) = page.after {
        query = query.filter(rate::Column::Id.gt(after));
    }
    let window = query
        .order_by_asc(rate::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<rate::Model>(&domain.db, filtered, window).await?;
    let mut listed = page.page(rows, total, |r| r.id.to_string()).map(view);
    name_tasks(domain.db.conn(), &mut listed.items).await?;
    Ok(listed)
}

/// Fills in the title of each task rate's task, with one read for them all.
async fn name_tasks<C: ConnectionTrait>(conn: &C, rates: &mut [Rate]) -> DomainResult<()> {
    let ids: Vec<i64> = rates.iter().filter_map(|rate| rate.task_id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let titles: std::collections::HashMap<i64, String> = task::Entity::find()
        .filter(task::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|task| (task.id, task.title))
        .collect();
    for rate in rates {
        rate.task_title = rate.task_id.and_then(|id| titles.get(&id).cloned());
    }
    Ok(())
}

fn levels_message(levels: &[RateLevel]) -> String {
    let names: Vec<_> = levels.iter().map(|level| level.as_str()).collect();
    format!("must be one of {} here", names.join(", "))
}

fn require_rate_reader(access: &BoardAccess) -> DomainResult<()> {
    if access.role == BoardRole::Admin {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            ProblemCode::InsufficientRole,
            "only board and organisation admins see and set rates",
        ))
    }
}

/// A rate pair as checked: values in hundredths and currencies by code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pair {
    pub cost_cents: Option<i64>,
    pub cost_currency: Option<String>,
    pub billable_cents: Option<i64>,
    pub billable_currency: Option<String>,
}

fn check_pair(checks: &mut Checks, input: &NewRate) -> Pair {
    let mut currency = |field: &str, code: &Option<String>| {
        code.as_deref()
            .map(|code| checks.currency(field, code).code.to_owned())
    };
    let cost_currency = currency("cost_currency", &input.cost_currency);
    let billable_currency = currency("billable_currency", &input.billable_currency);
    Pair {
        cost_cents: checks.optional_amount("cost_rate", input.cost_rate, 2, max_rate()),
        cost_currency,
        billable_cents: checks.optional_amount("billable_rate", input.billable_rate, 2, max_rate()),
        billable_currency,
    }
}

/// Refuses a key the level does not take.
fn no_key(checks: &mut Checks, field: &str, value: Option<i64>, level: RateLevel) {
    if value.is_some() {
        checks.fail(
            field,
            "invalid",
            format!("must be absent for the level {}", level.as_str()),
        );
    }
}

fn needs_key(checks: &mut Checks, field: &str, value: Option<i64>, level: RateLevel) -> i64 {
    value.unwrap_or_else(|| {
        checks.fail(
            field,
            "required",
            format!("is required for the level {}", level.as_str()),
        );
        0
    })
}

/// Adds a rate pair at one of the board's levels (board and organisation admins).
pub async fn add_for_board(
    domain: &Domain,
    access: &BoardAccess,
    input: NewRate,
    idempotent: Option<&Idempotent<Rate>>,
) -> DomainResult<Created<Rate>> {
    require_rate_reader(access)?;
    let board_id = access.board_id();
    let mut checks = Checks::new();
    let pair = check_pair(&mut checks, &input);
    check_day(&mut checks, input.valid_from);
    let scope = match input.level {
        RateLevel::Task => {
            no_key(&mut checks, "user_id", input.user_id, input.level);
            let task_id = needs_key(&mut checks, "task_id", input.task_id, input.level);
            Scope::Task { board_id, task_id }
        }
        RateLevel::BoardMember => {
            no_key(&mut checks, "task_id", input.task_id, input.level);
            let user_id = needs_key(&mut checks, "user_id", input.user_id, input.level);
            Scope::BoardMember { board_id, user_id }
        }
        RateLevel::Board => {
            no_key(&mut checks, "task_id", input.task_id, input.level);
            no_key(&mut checks, "user_id", input.user_id, input.level);
            Scope::Board { board_id }
        }
        RateLevel::Person | RateLevel::Organization => {
            checks.fail("level", "invalid", levels_message(&BOARD_LEVELS));
            Scope::Board { board_id }
        }
    };
    checks.finish()?;
    add(
        domain,
        Trail::Board(access),
        scope,
        input.valid_from,
        &pair,
        idempotent,
    )
    .await
}

/// Adds a rate pair at one of the organisation's levels (its admins).
pub async fn add_for_organization(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    input: NewRate,
    idempotent: Option<&Idempotent<Rate>>,
) -> DomainResult<Created<Rate>> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins set its rates",
    )
    .await?;
    let mut checks = Checks::new();
    let pair = check_pair(&mut checks, &input);
    check_day(&mut checks, input.valid_from);
    no_key(&mut checks, "task_id", input.task_id, input.level);
    let scope = match input.level {
        RateLevel::Person => Scope::Person {
            organization_id: Some(org_id),
            user_id: needs_key(&mut checks, "user_id", input.user_id, input.level),
        },
        RateLevel::Organization => {
            no_key(&mut checks, "user_id", input.user_id, input.level);
            Scope::Organization {
                organization_id: org_id,
            }
        }
        _ => {
            checks.fail("level", "invalid", levels_message(&ORGANIZATION_LEVELS));
            Scope::Organization {
                organization_id: org_id,
            }
        }
    };
    checks.finish()?;
    add(
        domain,
        Trail::Organization {
            actor: user_id,
            org_id,
        },
        scope,
        input.valid_from,
        &pair,
        idempotent,
    )
    .await
}

/// Whose audit trail a change of rates is written to: the board's or the organisation's.
enum Trail<'a> {
    Board(&'a BoardAccess),
    Organization { actor: i64, org_id: i64 },
}

impl Trail<'_> {
    fn actor(&self) -> i64 {
        match self {
            Self::Board(access) => access.user_id,
            Self::Organization { actor, .. } => *actor,
        }
    }

    /// Records a rate added (`old` none) or deleted (`new` none).
    async fn record<C: ConnectionTrait>(
        &self,
        conn: &C,
        now: DateTime<Utc>,
        id: i64,
        old: Option<&Rate>,
        new: Option<&Rate>,
    ) -> DomainResult<()> {
        match self {
            Self::Board(access) => {
                audit::record(
                    conn,
                    now,
                    Change::on_board(access, AuditKind::Rate, id, old, new),
                )
                .await?;
                Ok(())
            }
            Self::Organization { actor, org_id } => {
                let action = if new.is_some() {
                    AuditAction::AddRate
                } else {
                    AuditAction::DeleteRate
                };
                let json = |rate: Option<&Rate>| rate.map(|rate| json!(rate));
                record(conn, now, *actor, *org_id, action, json(old), json(new)).await
            }
        }
    }
}

/// Stores a checked rate pair of a scope, once per `Idempotency-Key`, and records it.
async fn add(
    domain: &Domain,
    trail: Trail<'_>,
    scope: Scope,
    valid_from: NaiveDate,
    pair: &Pair,
    idempotent: Option<&Idempotent<Rate>>,
) -> DomainResult<Created<Rate>> {
    let result = async {
        let now = domain.clock.now();
        let txn = domain.db.begin_write().await?;
        if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
            return Ok(Created::Replayed(replay));
        }
        check_keys_exist(&*txn, &scope).await?;
        let stored = store(&*txn, now, trail.actor(), &scope, valid_from, pair).await?;
        trail
            .record(&*txn, now, stored.id, None, Some(&stored))
            .await?;
        idempotency::remember(&*txn, now, idempotent, &stored).await?;
        txn.commit().await?;
        Ok(Created::New(stored))
    }
    .await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

fn check_day(checks: &mut Checks, day: NaiveDate) {
    if let Err(message) = budget_contract::date::check(day) {
        checks.fail("valid_from", "out_of_range", message);
    }
}

/// The task is on the board; the person exists (and, for the person level, belongs to the
/// organisation).
async fn check_keys_exist<C: ConnectionTrait>(conn: &C, scope: &Scope) -> DomainResult<()> {
    let found = match *scope {
        Scope::Task { board_id, task_id } => {
            task::Entity::find_by_id(task_id)
                .filter(task::Column::BoardId.eq(board_id))
                .count(conn)
                .await?
                > 0
        }
        Scope::BoardMember { user_id, .. } => {
            app_user::Entity::find_by_id(user_id).count(conn).await? > 0
        }
        Scope::Person {
            organization_id,
            user_id,
        } => {
            app_user::Entity::find_by_id(user_id)
                .filter(app_user::Column::OrganizationId.eq(organization_id))
                .count(conn)
                .await?
                > 0
        }
        Scope::Board { .. } | Scope::Organization { .. } => true,
    };
    if found {
        return Ok(());
    }
    let (field, what) = match scope {
        Scope::Task { .. } => ("task_id", "no such task on this board"),
        Scope::Person { .. } => ("user_id", "no such person in this organisation"),
        _ => ("user_id", "no such person"),
    };
    Err(DomainError::field(field, "not_found", what))
}

/// Stores a rate pair of a scope from a day on: every rate is written here. Another for the
/// same scope and day is refused (409 `rate_exists`).
pub(super) async fn store<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    actor: i64,
    scope: &Scope,
    valid_from: NaiveDate,
    pair: &Pair,
) -> DomainResult<Rate> {
    let mut row = scope.row();
    row.valid_from = Set(valid_from);
    row.cost_rate_cents = Set(pair.cost_cents);
    row.cost_currency = Set(pair.cost_currency.clone());
    row.billable_rate_cents = Set(pair.billable_cents);
    row.billable_currency = Set(pair.billable_currency.clone());
    row.created_by = Set(Some(actor));
    row.created_at = Set(now);
    let stored = row.insert(conn).await.map_err(|err| {
        if is_unique_violation(&err) {
            DomainError::conflict(
                ProblemCode::RateExists,
                format!(
                    "a {} rate for this scope from {valid_from} is already stored; delete it \
                     first to replace it",
                    scope.level().as_str()
                ),
            )
        } else {
            err.into()
        }
    })?;
    let mut stored = [view(stored)];
    name_tasks(conn, &mut stored).await?;
    let [stored] = stored;
    Ok(stored)
}

/// Deletes one of the board's rates (board and organisation admins), unless time entries were
/// priced with it.
pub async fn delete_for_board(
    domain: &Domain,
    access: &BoardAccess,
    rate_id: i64,
) -> DomainResult<()> {
    require_rate_reader(access)?;
    let board_id = access.board_id();
    remove(domain, Trail::Board(access), rate_id, |row| {
        row.board_id == Some(board_id)
    })
    .await
}

/// Deletes one of the organisation's rates (its admins), unless time entries were priced with
/// it.
pub async fn delete_for_organization(
    domain: &Domain,
    user_id: i64,
    org_id: i64,
    rate_id: i64,
) -> DomainResult<()> {
    require_org_admin(
        domain,
        user_id,
        org_id,
        "only organisation admins set its rates",
    )
    .await?;
    let trail = Trail::Organization {
        actor: user_id,
        org_id,
    };
    remove(domain, trail, rate_id, |row| {
        row.organization_id == Some(org_id) && row.board_id.is_none()
    })
    .await
}

/// Deletes a rate `owned` holds for, unless time entries were priced with it, and records it.
async fn remove(
    domain: &Domain,
    trail: Trail<'_>,
    rate_id: i64,
    owned: impl Fn(&rate::Model) -> bool,
) -> DomainResult<()> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    let old = view(find_unused(&*txn, rate_id, owned).await?);
    rate::Entity::delete_by_id(rate_id).exec(&*txn).await?;
    trail.record(&*txn, now, rate_id, Some(&old), None).await?;
    txn.commit().await?;
    Ok(())
}

/// The rate, locked, if `owned` holds for it and no entry was priced with it.
async fn find_unused<C: ConnectionTrait>(
    conn: &C,
    rate_id: i64,
    owned: impl Fn(&rate::Model) -> bool,
) -> DomainResult<rate::Model> {
    let row = rate::Entity::find_by_id(rate_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .filter(|row| owned(row))
        .ok_or(DomainError::NotFound("rate"))?;
    let used = time_entry::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(time_entry::Column::CostRateId.eq(rate_id))
                .add(time_entry::Column::BillableRateId.eq(rate_id)),
        )
        .count(conn)
        .await?;
    if used > 0 {
        return Err(DomainError::conflict(
            ProblemCode::RateInUse,
            format!("{used} time entries were priced with this rate; it stays as their record"),
        ));
    }
    Ok(row)
}

/// Which rates apply to a person's hour on a task on a day, and where each came from (board and
/// organisation admins).
pub async fn in_force(
    domain: &Domain,
    access: &BoardAccess,
    user_id: i64,
    task_id: i64,
    on: NaiveDate,
) -> DomainResult<RatesInForce> {
    require_rate_reader(access)?;
    let conn = domain.db.conn();
    let on_board = task::Entity::find_by_id(task_id)
        .filter(task::Column::BoardId.eq(access.board_id()))
        .count(conn)
        .await?;
    if on_board == 0 {
        return Err(DomainError::NotFound("task"));
    }
    let currency = crate::budget::currency(conn, access.board_id()).await?;
    let resolved = for_hour(
        conn,
        access.board_id(),
        access.board.organization_id,
        task_id,
        user_id,
        on,
    )
    .await?;
    let shown = |applied: Option<Applied>| {
        applied.map(|applied| {
            let priced = Priced::from_applied(&applied, currency);
            AppliedRate {
                rate: Money::exact_in_currency(from_hundredths(applied.cents), priced.currency),
                currency: priced.currency.code.to_owned(),
                level: applied.level,
                rate_id: applied.rate_id,
                valid_from: applied.valid_from,
            }
        })
    };
    Ok(RatesInForce {
        user_id,
        task_id,
        on,
        cost: shown(resolved.cost),
        billable: shown(resolved.billable),
    })
}
