//! Hourly rates: a dated history of cost and billable rates at five levels, which of them is in
//! force for a person's hour on a task on a day, and what an hour at them amounts to.
//!
//! Each rate of the pair is resolved on its own: the most specific level that sets it wins —
//! task, then the person on the board, then the board, then the person in their organisation,
//! then the organisation. At each level the row with the latest `valid_from` on or before the day
//! counts, and a rate that row leaves out is not set at that level from that day on. Rows are
//! never changed: a new rate is a new row from its day on, and the earlier row still covers the
//! days before it.

use budget_contract::board::BoardRole;
use budget_contract::limits::{DATE_RANGE, EXCHANGE_RATE_PLACES};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::rate::{AppliedRate, NewRate, Rate, RateLevel, RatesInForce};
use budget_contract::{Currency, Money};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde_json::json;

use crate::access::BoardAccess;
use crate::amount::{from_hundredths, hours_at_rate_cents};
use crate::audit::{self, Change};
use crate::entity::{app_user, rate, task, time_entry};
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::exchange_rates;
use crate::idempotency::{self, Created, Idempotent};
use crate::organizations::{record, require_org_admin};
use crate::pagination;
use crate::validate::{max_rate, Checks};
use crate::Domain;

/// The day the rates carried over from before rates were dated take effect: the first day
/// there is.
pub const EARLIEST: NaiveDate = DATE_RANGE.0;

/// The levels a board keeps; the others are its organisation's.
pub const BOARD_LEVELS: [RateLevel; 3] =
    [RateLevel::Task, RateLevel::BoardMember, RateLevel::Board];
pub const ORGANIZATION_LEVELS: [RateLevel; 2] = [RateLevel::Person, RateLevel::Organization];

/// Whom a rate row covers: its level and the keys of that level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Task {
        board_id: i64,
        task_id: i64,
    },
    BoardMember {
        board_id: i64,
        user_id: i64,
    },
    Board {
        board_id: i64,
    },
    Person {
        organization_id: Option<i64>,
        user_id: i64,
    },
    Organization {
        organization_id: i64,
    },
}

impl Scope {
    /// The level and keys in one text, unique per day in storage.
    pub fn key(&self) -> String {
        match self {
            Self::Task { task_id, .. } => format!("task:{task_id}"),
            Self::BoardMember { board_id, user_id } => format!("board_member:{board_id}:{user_id}"),
            Self::Board { board_id } => format!("board:{board_id}"),
            Self::Person { user_id, .. } => format!("person:{user_id}"),
            Self::Organization { organization_id } => format!("organization:{organization_id}"),
        }
    }

    pub fn level(&self) -> RateLevel {
        match self {
            Self::Task { .. } => RateLevel::Task,
            Self::BoardMember { .. } => RateLevel::BoardMember,
            Self::Board { .. } => RateLevel::Board,
            Self::Person { .. } => RateLevel::Person,
            Self::Organization { .. } => RateLevel::Organization,
        }
    }

    /// A new row of this scope.
    fn row(&self) -> rate::ActiveModel {
        let (organization_id, board_id, task_id, user_id) = match *self {
            Self::Task { board_id, task_id } => (None, Some(board_id), Some(task_id), None),
            Self::BoardMember { board_id, user_id } => (None, Some(board_id), None, Some(user_id)),
            Self::Board { board_id } => (None, Some(board_id), None, None),
            Self::Person {
                organization_id,
                user_id,
            } => (organization_id, None, None, Some(user_id)),
            Self::Organization { organization_id } => (Some(organization_id), None, None, None),
        };
        rate::ActiveModel {
            scope: Set(self.key()),
            level: Set(self.level().as_str().to_owned()),
            organization_id: Set(organization_id),
            board_id: Set(board_id),
            task_id: Set(task_id),
            user_id: Set(user_id),
            ..Default::default()
        }
    }
}

/// A cost rate of a scope in force from the first day there is, with no billable rate: what
/// bulk writers (the demo and benchmark data) store for the rates they plan.
pub fn first_cost_rate(
    scope: &Scope,
    cost_cents: i64,
    created_at: DateTime<Utc>,
) -> rate::ActiveModel {
    let mut row = scope.row();
    row.valid_from = Set(EARLIEST);
    row.cost_rate_cents = Set(Some(cost_cents));
    row.cost_currency = Set(None);
    row.billable_rate_cents = Set(None);
    row.billable_currency = Set(None);
    row.created_by = Set(None);
    row.created_at = Set(created_at);
    row
}

/// A billable rate of a scope in force from the first day there is, in `currency` (none: the
/// board's), with no cost rate: what bulk writers store for the billing they plan.
pub fn first_billable_rate(
    scope: &Scope,
    billable_cents: i64,
    currency: Option<&str>,
    created_at: DateTime<Utc>,
) -> rate::ActiveModel {
    let mut row = first_cost_rate(scope, 0, created_at);
    row.cost_rate_cents = Set(None);
    row.billable_rate_cents = Set(Some(billable_cents));
    row.billable_currency = Set(currency.map(str::to_owned));
    row
}

/// The scopes that may cover `users`' hours on `tasks` of a board.
fn scopes_for(board_id: i64, org_id: Option<i64>, tasks: &[i64], users: &[i64]) -> Vec<String> {
    let mut scopes = vec![Scope::Board { board_id }.key()];
    for &task_id in tasks {
        scopes.push(Scope::Task { board_id, task_id }.key());
    }
    if let Some(organization_id) = org_id {
        scopes.push(Scope::Organization { organization_id }.key());
    }
    for &user_id in users {
        scopes.push(Scope::BoardMember { board_id, user_id }.key());
        scopes.push(
            Scope::Person {
                organization_id: None,
                user_id,
            }
            .key(),
        );
    }
    scopes
}

/// One rate of a pair as resolved: its value in hundredths, its currency (none: the board's),
/// and the row and level it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub rate_id: i64,
    pub level: RateLevel,
    pub valid_from: NaiveDate,
    pub cents: i64,
    pub currency: Option<String>,
}

/// The rates in force for one hour; either may be absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    pub cost: Option<Applied>,
    pub billable: Option<Applied>,
}

/// The rates in force for `user_id`'s hour on task `task_id` on `day`, from rows that may cover
/// it (rows of other people and other tasks are skipped). Pure: the one statement of the
/// layering rule.
pub fn resolve(rows: &[rate::Model], task_id: i64, user_id: i64, day: NaiveDate) -> Resolved {
    let mut resolved = Resolved::default();
    for level in RateLevel::ALL {
        let latest = rows
            .iter()
            .filter(|row| row.level == level.as_str())
            .filter(|row| row.user_id.is_none_or(|person| person == user_id))
            .filter(|row| row.task_id.is_none_or(|task| task == task_id))
            .filter(|row| row.valid_from <= day)
            .max_by_key(|row| (row.valid_from, row.id));
        let Some(row) = latest else { continue };
        let applied = |cents: Option<i64>, currency: &Option<String>| {
            cents.map(|cents| Applied {
                rate_id: row.id,
                level: *level,
                valid_from: row.valid_from,
                cents,
                currency: currency.clone(),
            })
        };
        if resolved.cost.is_none() {
            resolved.cost = applied(row.cost_rate_cents, &row.cost_currency);
        }
        if resolved.billable.is_none() {
            resolved.billable = applied(row.billable_rate_cents, &row.billable_currency);
        }
        if resolved.cost.is_some() && resolved.billable.is_some() {
            break;
        }
    }
    resolved
}

/// Every stored row that may cover `users`' hours on `tasks` of a board, all days.
pub async fn candidates<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    org_id: Option<i64>,
    tasks: &[i64],
    users: &[i64],
) -> DomainResult<Vec<rate::Model>> {
    Ok(rate::Entity::find()
        .filter(rate::Column::Scope.is_in(scopes_for(board_id, org_id, tasks, users)))
        .all(conn)
        .await?)
}

/// The rates in force for `user_id`'s hour on a task of a board on `day`.
pub async fn for_hour<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    org_id: Option<i64>,
    task_id: i64,
    user_id: i64,
    day: NaiveDate,
) -> DomainResult<Resolved> {
    let rows = candidates(conn, board_id, org_id, &[task_id], &[user_id]).await?;
    Ok(resolve(&rows, task_id, user_id, day))
}

/// One side of an entry's price: the rate, its currency, the row it came from and the exchange
/// rate to the board's currency (in hundred-millionths; none between a currency and itself, or
/// not looked up yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priced {
    pub rate_id: Option<i64>,
    pub cents: i64,
    pub currency: &'static Currency,
    pub exchange_units: Option<i64>,
}

impl Priced {
    /// The side of a resolved rate, in its currency (the board's when it names none).
    pub fn from_applied(applied: &Applied, board_currency: &'static Currency) -> Self {
        Self {
            rate_id: Some(applied.rate_id),
            cents: applied.cents,
            currency: applied
                .currency
                .as_deref()
                .and_then(Currency::find)
                .unwrap_or(board_currency),
            exchange_units: None,
        }
    }

    /// The amount of `centihours` at this rate in the board's currency, rounded once; looks up
    /// (and keeps) the exchange rate in force on `day` when it has none yet. A missing exchange
    /// rate is refused, naming the pair and the day.
    pub async fn amount<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        org_id: Option<i64>,
        board_currency: &'static Currency,
        centihours: i64,
        day: NaiveDate,
    ) -> DomainResult<i64> {
        let factor = if self.currency == board_currency {
            Decimal::ONE
        } else if let Some(units) = self.exchange_units {
            Decimal::new(units, EXCHANGE_RATE_PLACES)
        } else {
            let found = match org_id {
                Some(org_id) => {
                    exchange_rates::in_force(conn, org_id, self.currency, board_currency, day)
                        .await?
                }
                None => None,
            };
            let rate = found
                .ok_or_else(|| {
                    exchange_rates::missing("work_date", self.currency, board_currency, day)
                })?
                .rate;
            self.exchange_units = exchange_units(rate);
            rate
        };
        Ok(hours_at_rate_cents(
            centihours,
            self.cents,
            factor,
            board_currency,
        ))
    }
}

/// An exchange rate in hundred-millionths.
fn exchange_units(rate: Decimal) -> Option<i64> {
    rate.checked_mul(Decimal::new(10_i64.pow(EXCHANGE_RATE_PLACES), 0))
        .and_then(|units| i64::try_from(units.trunc()).ok())
}

/// A stored exchange rate as shown: exact, without trailing zeros.
pub fn exchange_rate_text(units: i64) -> String {
    Decimal::new(units, EXCHANGE_RATE_PLACES)
        .normalize()
        .to_string()
}

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
    Ok(page.page(rows, total, |r| r.id.to_string()).map(view))
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
                audit::record(conn, now, Change::on_board(access, "rate", id, old, new)).await?;
                Ok(())
            }
            Self::Organization { actor, org_id } => {
                let action = if new.is_some() {
                    "add_rate"
                } else {
                    "delete_rate"
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
async fn store<C: ConnectionTrait>(
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
    Ok(view(stored))
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

/// The cost rate set at one scope on `today` (the latest row on or before it), for the single
/// rate fields kept from before rates were dated.
pub async fn cost_rate_today<C: ConnectionTrait>(
    conn: &C,
    scope: &Scope,
    today: NaiveDate,
) -> DomainResult<Option<i64>> {
    Ok(latest(conn, scope, today)
        .await?
        .and_then(|row| row.cost_rate_cents))
}

/// The cost rates set at many scopes on `today`, by scope key.
pub async fn cost_rates_today<C: ConnectionTrait>(
    conn: &C,
    scopes: &[Scope],
    today: NaiveDate,
) -> DomainResult<std::collections::HashMap<String, i64>> {
    let keys: Vec<String> = scopes.iter().map(Scope::key).collect();
    let mut rows = rate::Entity::find()
        .filter(rate::Column::Scope.is_in(keys))
        .filter(rate::Column::ValidFrom.lte(today))
        .order_by_asc(rate::Column::ValidFrom)
        .all(conn)
        .await?;
    let mut latest = std::collections::HashMap::new();
    for row in rows.drain(..) {
        latest.insert(row.scope.clone(), row);
    }
    Ok(latest
        .into_iter()
        .filter_map(|(scope, row)| row.cost_rate_cents.map(|cents| (scope, cents)))
        .collect())
}

async fn latest<C: ConnectionTrait>(
    conn: &C,
    scope: &Scope,
    day: NaiveDate,
) -> DomainResult<Option<rate::Model>> {
    Ok(rate::Entity::find()
        .filter(rate::Column::Scope.eq(scope.key()))
        .filter(rate::Column::ValidFrom.lte(day))
        .order_by_desc(rate::Column::ValidFrom)
        .one(conn)
        .await?)
}

/// Sets the cost rate of a scope through a single rate field kept from before rates were dated
/// (a task's rate, a person's rate on a board, a person's default rate): the first rate of a
/// scope takes effect on the first day there is, a later one today, keeping the billable rate
/// the scope has. Setting the rate it already has changes nothing.
pub async fn set_cost_rate<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    today: NaiveDate,
    actor: i64,
    scope: &Scope,
    cost_cents: Option<i64>,
) -> DomainResult<()> {
    let current = latest(conn, scope, today).await?;
    if current.as_ref().and_then(|row| row.cost_rate_cents) == cost_cents {
        return Ok(());
    }
    let any_before = rate::Entity::find()
        .filter(rate::Column::Scope.eq(scope.key()))
        .count(conn)
        .await?
        > 0;
    let pair = Pair {
        cost_cents,
        cost_currency: None,
        billable_cents: current.as_ref().and_then(|row| row.billable_rate_cents),
        billable_currency: current
            .as_ref()
            .and_then(|row| row.billable_currency.clone()),
    };
    match current.filter(|row| row.valid_from == today) {
        // Set twice on one day: the day has one row, the last one set.
        Some(row) => {
            let mut active: rate::ActiveModel = row.into();
            active.cost_rate_cents = Set(cost_cents);
            active.cost_currency = Set(None);
            active.created_by = Set(Some(actor));
            active.update(conn).await?;
        }
        None => {
            let from = if any_before { today } else { EARLIEST };
            store(conn, now, actor, scope, from, &pair).await?;
        }
    }
    Ok(())
}

/// Sets the cost rate of a scope for every day, its rows' billable rates kept: what a single
/// rate field asked to re-price past entries means (one rate, whatever the day). The scope's
/// rows keep their ids, so entries priced with them still name them.
pub async fn set_cost_rate_for_all_days<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    actor: i64,
    scope: &Scope,
    cost_cents: Option<i64>,
) -> DomainResult<()> {
    rate::Entity::update_many()
        .col_expr(rate::Column::CostRateCents, Expr::value(cost_cents))
        .col_expr(
            rate::Column::CostCurrency,
            Expr::value(Option::<String>::None),
        )
        .filter(rate::Column::Scope.eq(scope.key()))
        .exec(conn)
        .await?;
    let from_the_start = rate::Entity::find()
        .filter(rate::Column::Scope.eq(scope.key()))
        .filter(rate::Column::ValidFrom.eq(EARLIEST))
        .count(conn)
        .await?
        > 0;
    if !from_the_start {
        let pair = Pair {
            cost_cents,
            ..Pair::default()
        };
        store(conn, now, actor, scope, EARLIEST, &pair).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn row(
        id: i64,
        level: RateLevel,
        user_id: Option<i64>,
        from: u32,
        cost: Option<i64>,
        billable: Option<i64>,
    ) -> rate::Model {
        rate::Model {
            id,
            scope: String::new(),
            level: level.as_str().to_owned(),
            organization_id: None,
            board_id: None,
            task_id: None,
            user_id,
            valid_from: day(from),
            cost_rate_cents: cost,
            cost_currency: None,
            billable_rate_cents: billable,
            billable_currency: Some("USD".to_owned()),
            created_by: None,
            created_at: DateTime::<Utc>::default(),
        }
    }

    #[test]
    fn each_rate_comes_from_the_most_specific_level_that_sets_it() {
        let rows = [
            row(
                1,
                RateLevel::Organization,
                None,
                1,
                Some(5_000),
                Some(9_000),
            ),
            row(2, RateLevel::Person, Some(7), 1, Some(6_000), None),
            row(3, RateLevel::Task, None, 1, None, Some(15_000)),
        ];
        let resolved = resolve(&rows, 0, 7, day(10));
        let cost = resolved.cost.unwrap();
        assert_eq!(
            (cost.rate_id, cost.level, cost.cents),
            (2, RateLevel::Person, 6_000)
        );
        let billable = resolved.billable.unwrap();
        assert_eq!(
            (billable.rate_id, billable.level, billable.cents),
            (3, RateLevel::Task, 15_000)
        );
        assert_eq!(billable.currency.as_deref(), Some("USD"));
        // Another person: the person-level row is not theirs.
        let other = resolve(&rows, 0, 8, day(10));
        assert_eq!(other.cost.unwrap().rate_id, 1);
    }

    #[test]
    fn the_latest_row_on_or_before_the_day_counts_at_each_level() {
        let rows = [
            row(1, RateLevel::Board, None, 1, Some(8_000), Some(10_000)),
            row(2, RateLevel::Board, None, 15, Some(9_000), None),
        ];
        let before = resolve(&rows, 0, 1, day(14));
        assert_eq!(before.cost.unwrap().cents, 8_000);
        assert_eq!(before.billable.unwrap().cents, 10_000);
        let after = resolve(&rows, 0, 1, day(15));
        assert_eq!(after.cost.unwrap().cents, 9_000);
        // The later row leaves the billable rate out: none at this level from the 15th on.
        assert_eq!(after.billable, None);
        // Before any row: nothing is in force.
        let earlier = [row(3, RateLevel::Board, None, 5, Some(1), Some(1))];
        assert_eq!(resolve(&earlier, 0, 1, day(4)), Resolved::default());
    }

    #[test]
    fn scopes_name_level_and_keys() {
        assert_eq!(
            Scope::BoardMember {
                board_id: 3,
                user_id: 7
            }
            .key(),
            "board_member:3:7"
        );
        assert_eq!(
            Scope::Task {
                board_id: 3,
                task_id: 12
            }
            .key(),
            "task:12"
        );
        assert_eq!(
            scopes_for(3, Some(2), &[12], &[7]),
            [
                "board:3",
                "task:12",
                "organization:2",
                "board_member:3:7",
                "person:7"
            ]
        );
    }

    #[test]
    fn exchange_rates_are_kept_in_hundred_millionths() {
        assert_eq!(exchange_units(Decimal::new(92_15, 4)), Some(92_150_000));
        assert_eq!(exchange_rate_text(92_150_000), "0.9215");
    }
}
