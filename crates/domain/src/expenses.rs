//! Expenses: a task's non-labour costs as dated line items, each in its own currency.
//!
//! An expense keeps a snapshot of its conversion into the board's budget currency, taken when
//! it is written: the exchange rate in force on the day it was incurred (the organisation's, see
//! [`crate::exchange_rates`]), its cost (amount × rate) and its billable amount (amount × rate ×
//! (1 + markup / 100), 0 when not billable), each the exact product rounded once, half-to-even,
//! to the minor unit of the board's currency. A later exchange rate never changes a stored
//! expense; a change of its amount, currency, day, markup or billable flag converts it again at
//! the rate in force on its (new) day, and any other change keeps the snapshot. A board outside
//! any organisation has no exchange rates: its expenses are in its own currency.
//!
//! A task's direct cost is the sum of its expenses' costs (the `task_totals` view), and each
//! expense counts on the day it was incurred in the burn rate, the daily series and the
//! forecast ([`crate::analytics::queries`]).

use budget_contract::audit::AuditKind;
use budget_contract::board::BoardRole;
use budget_contract::expense::{Expense, ExpensePatch, NewExpense};
use budget_contract::limits::{EXPENSE_CATEGORY_CHARS, MAX_MARKUP_PERCENT, NOTE_CHARS};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::{Currency, Money, Percent};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::access::{board_access, BoardAccess};
use crate::amount::{from_hundredths, to_hundredths};
use crate::audit::{self, Change};
use crate::entity::expense;
use crate::error::{DomainError, DomainResult};
use crate::exchange_rates::{self};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination::{self, PageRequest};
use crate::precondition::{abandon, refused, Expected};
use crate::validate::{max_amount, Checks};
use crate::Domain;

/// The kind in an expense's ETag.
pub const KIND: &str = "expense";

/// What an expense is, as checked: every field the snapshot is computed from, and the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fields {
    category: String,
    /// In hundredths of `currency`.
    amount_units: i64,
    currency: &'static Currency,
    incurred_on: NaiveDate,
    is_billable: bool,
    /// Percent in hundredths.
    markup_hundredths: Option<i64>,
    note: String,
}

impl Fields {
    /// Whether `self` converts exactly as `other` does: the same amount, currency, day, markup
    /// and billable flag.
    fn converts_like(&self, other: &Fields) -> bool {
        self.amount_units == other.amount_units
            && self.currency == other.currency
            && self.incurred_on == other.incurred_on
            && self.is_billable == other.is_billable
            && self.markup_hundredths == other.markup_hundredths
    }

    fn of(model: &expense::Model) -> Self {
        Self {
            category: model.category.clone(),
            amount_units: model.amount_units,
            currency: Currency::find_or_default(&model.currency),
            incurred_on: model.incurred_on,
            is_billable: model.is_billable,
            markup_hundredths: model.markup_hundredths,
            note: model.note.clone(),
        }
    }
}

/// The conversion of an expense into the board's currency, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The rate in hundred-millionths; `None` in the board's own currency.
    pub exchange_rate_units: Option<i64>,
    pub exchange_rate_id: Option<i64>,
    /// In hundredths of the board's currency.
    pub cost_cents: i64,
    pub billable_cents: i64,
}

/// The cost and billable amount, in hundredths of `board_currency`, of `amount_units`
/// hundredths of an expense's currency at `rate`: the exact products, each rounded once,
/// half-to-even, to the board currency's minor unit. `None` when a figure does not fit.
pub fn snapshot_cents(
    amount_units: i64,
    rate: Decimal,
    is_billable: bool,
    markup_hundredths: Option<i64>,
    board_currency: &Currency,
) -> Option<(i64, i64)> {
    let amount = from_hundredths(amount_units);
    let cost = exchange_rates::convert(amount, rate, board_currency)?;
    let billable = if is_billable {
        // 1 + markup / 100, with the markup in hundredths of a percent: exact.
        let factor = Decimal::ONE.checked_add(Decimal::new(markup_hundredths.unwrap_or(0), 4))?;
        exchange_rates::convert(amount, rate.checked_mul(factor)?, board_currency)?
    } else {
        Money::in_currency(Decimal::ZERO, board_currency)
    };
    Some((
        to_hundredths(cost.value())?,
        to_hundredths(billable.value())?,
    ))
}

/// Converts `fields` into the board's currency at the rate in force on its day: a missing rate
/// is a 422 on `currency` naming the pair and the day.
async fn convert<C: ConnectionTrait>(
    conn: &C,
    access: &BoardAccess,
    fields: &Fields,
    board_currency: &'static Currency,
) -> DomainResult<Snapshot> {
    let from = fields.currency;
    let day = fields.incurred_on;
    let rate = exchange_rates::in_force_for_board(
        conn,
        access.board.organization_id,
        from,
        board_currency,
        day,
    )
    .await?
    .ok_or_else(|| exchange_rates::missing("currency", from, board_currency, day))?;
    let (cost_cents, billable_cents) = snapshot_cents(
        fields.amount_units,
        rate.rate,
        fields.is_billable,
        fields.markup_hundredths,
        board_currency,
    )
    .ok_or_else(|| DomainError::field("amount", "out_of_range", "is too large to convert"))?;
    Ok(Snapshot {
        exchange_rate_units: rate.units,
        exchange_rate_id: rate.id,
        cost_cents,
        billable_cents,
    })
}

/// An amount of an expense: more than 0, at most the largest amount, in `currency`'s minor
/// units; in hundredths.
fn check_amount(checks: &mut Checks, value: Decimal, currency: &Currency) -> i64 {
    let units = checks.money("amount", value, currency, max_amount());
    if value.is_zero() {
        checks.fail("amount", "out_of_range", "must be more than 0");
    }
    units
}

/// A markup: 0 to [`MAX_MARKUP_PERCENT`] percent, at most two decimals; in hundredths.
fn check_markup(checks: &mut Checks, value: Decimal) -> i64 {
    checks.amount(
        "markup_percent",
        value,
        2,
        Decimal::new(MAX_MARKUP_PERCENT, 0),
    )
}

fn check_day(checks: &mut Checks, domain: &Domain, day: NaiveDate) {
    if day > domain.clock.today() {
        checks.fail("incurred_on", "in_future", "must not be in the future");
    }
}

fn check_new(
    domain: &Domain,
    input: &NewExpense,
    board_currency: &'static Currency,
) -> DomainResult<Fields> {
    let mut checks = Checks::new();
    let category = checks.text("category", &input.category, EXPENSE_CATEGORY_CHARS);
    let currency = input
        .currency
        .as_deref()
        .map_or(board_currency, |code| checks.currency("currency", code));
    let amount_units = check_amount(&mut checks, input.amount, currency);
    let incurred_on = input.incurred_on.unwrap_or_else(|| domain.clock.today());
    check_day(&mut checks, domain, incurred_on);
    let markup_hundredths = input.markup_percent.map(|m| check_markup(&mut checks, m));
    let note = checks.free_text("note", input.note.as_deref(), NOTE_CHARS);
    checks.finish()?;
    Ok(Fields {
        category,
        amount_units,
        currency,
        incurred_on,
        is_billable: input.is_billable.unwrap_or(true),
        markup_hundredths: markup_hundredths.filter(|m| *m != 0),
        note,
    })
}

/// `current` with `patch` applied, checked as a whole: an amount kept from before must still
/// suit a new currency (whole yen).
fn check_patch(domain: &Domain, patch: &ExpensePatch, current: &Fields) -> DomainResult<Fields> {
    let mut checks = Checks::new();
    let category = patch.category.as_deref().map_or_else(
        || current.category.clone(),
        |text| checks.text("category", text, EXPENSE_CATEGORY_CHARS),
    );
    let currency = patch
        .currency
        .as_deref()
        .map_or(current.currency, |code| checks.currency("currency", code));
    let amount = patch
        .amount
        .unwrap_or_else(|| from_hundredths(current.amount_units));
    let amount_units = check_amount(&mut checks, amount, currency);
    let incurred_on = patch.incurred_on.unwrap_or(current.incurred_on);
    if patch.incurred_on.is_some() {
        check_day(&mut checks, domain, incurred_on);
    }
    let markup_hundredths = match patch.markup_percent {
        Some(markup) => Some(check_markup(&mut checks, markup)).filter(|m| *m != 0),
        None => current.markup_hundredths,
    };
    let note = patch.note.as_deref().map_or_else(
        || current.note.clone(),
        |text| checks.free_text("note", Some(text), NOTE_CHARS),
    );
    checks.finish()?;
    Ok(Fields {
        category,
        amount_units,
        currency,
        incurred_on,
        is_billable: patch.is_billable.unwrap_or(current.is_billable),
        markup_hundredths,
        note,
    })
}

/// Records an expense on a task (editors and admins); with `idempotent`, a retry of the same
/// request answers the first answer and records nothing more.
pub async fn create(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    input: NewExpense,
    idempotent: Option<&Idempotent<Expense>>,
) -> DomainResult<Created<Expense>> {
    access.require(BoardRole::Editor)?;
    let board_currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    let fields = check_new(domain, &input, board_currency)?;
    let result =
        create_in_transaction(domain, access, task_id, &fields, board_currency, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn create_in_transaction(
    domain: &Domain,
    access: &BoardAccess,
    task_id: i64,
    fields: &Fields,
    board_currency: &'static Currency,
    idempotent: Option<&Idempotent<Expense>>,
) -> DomainResult<Created<Expense>> {
    let now = domain.clock.now();
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, now, idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    crate::tasks::find_in_board(&*txn, access.board_id(), task_id).await?;
    // The amounts were checked in this currency; it holds until the expense is written.
    crate::budget::hold_currency(&*txn, access.board_id(), board_currency).await?;
    crate::alerts::hard_stop::check(&*txn, access, now, crate::alerts::hard_stop::Write::Expense)
        .await?;
    let snapshot = convert(&*txn, access, fields, board_currency).await?;
    let model = expense::ActiveModel {
        board_id: Set(access.board_id()),
        task_id: Set(task_id),
        user_id: Set(Some(access.user_id)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..columns(fields, &snapshot)
    }
    .insert(&*txn)
    .await?;
    let view = view(model, board_currency);
    audit::record(
        &*txn,
        now,
        Change::on_board(access, AuditKind::Expense, view.id, None, Some(&view)),
    )
    .await?;
    idempotency::remember(&*txn, now, idempotent, &view).await?;
    txn.commit().await?;
    Ok(Created::New(view))
}

/// The columns an expense's fields and snapshot are stored in.
fn columns(fields: &Fields, snapshot: &Snapshot) -> expense::ActiveModel {
    expense::ActiveModel {
        category: Set(fields.category.clone()),
        amount_units: Set(fields.amount_units),
        currency: Set(fields.currency.code.to_owned()),
        incurred_on: Set(fields.incurred_on),
        is_billable: Set(fields.is_billable),
        markup_hundredths: Set(fields.markup_hundredths),
        note: Set(fields.note.clone()),
        exchange_rate_units: Set(snapshot.exchange_rate_units),
        exchange_rate_id: Set(snapshot.exchange_rate_id),
        cost_cents: Set(snapshot.cost_cents),
        billable_cents: Set(snapshot.billable_cents),
        ..Default::default()
    }
}

/// Loads an expense and the caller's access to its board: 404 when there is no such expense,
/// 403 when it belongs to a board the caller cannot see.
pub async fn expense_access(
    domain: &Domain,
    user_id: i64,
    expense_id: i64,
) -> DomainResult<(BoardAccess, expense::Model)> {
    let found = expense::Entity::find_by_id(expense_id)
        .one(domain.db.conn())
        .await?
        .ok_or(DomainError::NotFound("expense"))?;
    let access = board_access(domain, found.board_id, user_id).await?;
    Ok((access, found))
}

/// An expense as its board's members read it (viewers too).
pub async fn get(
    domain: &Domain,
    access: &BoardAccess,
    found: expense::Model,
) -> DomainResult<Expense> {
    let board_currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    Ok(view(found, board_currency))
}

/// Editors change their own expenses; board admins change anyone's (and those carried over
/// without an author).
fn require_author_or_admin(access: &BoardAccess, found: &expense::Model) -> DomainResult<()> {
    access.require(BoardRole::Editor)?;
    if found.user_id == Some(access.user_id) || access.role == BoardRole::Admin {
        Ok(())
    } else {
        Err(DomainError::forbidden(
            ProblemCode::NotEntryAuthor,
            "only the person who recorded the expense or a board admin may change it",
        ))
    }
}

/// The expense, locked for the rest of the transaction on PostgreSQL (SQLite's writers are
/// serialised already): read before a change, it stays as read until the change is written.
async fn lock<C: ConnectionTrait>(conn: &C, expense_id: i64) -> DomainResult<expense::Model> {
    expense::Entity::find_by_id(expense_id)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("expense"))
}

/// Changes an expense; with a precondition, only if it is at one of the expected versions.
pub async fn update(
    domain: &Domain,
    access: &BoardAccess,
    found: expense::Model,
    patch: ExpensePatch,
    expected: Expected,
) -> DomainResult<Expense> {
    require_author_or_admin(access, &found)?;
    // Checked against the expense as loaded, so a bad field is refused before any write; checked
    // again below against the expense as locked, which is what the change applies to.
    check_patch(domain, &patch, &Fields::of(&found))?;
    let board_currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    let txn = domain.db.begin_write().await?;
    let current = lock(&*txn, found.id).await?;
    let changed = async {
        crate::budget::hold_currency(&*txn, access.board_id(), board_currency).await?;
        let before = Fields::of(&current);
        let after = check_patch(domain, &patch, &before)?;
        let snapshot = if after.converts_like(&before) {
            Snapshot {
                exchange_rate_units: current.exchange_rate_units,
                exchange_rate_id: current.exchange_rate_id,
                cost_cents: current.cost_cents,
                billable_cents: current.billable_cents,
            }
        } else {
            convert(&*txn, access, &after, board_currency).await?
        };
        Ok::<_, DomainError>(columns(&after, &snapshot))
    }
    .await;
    let changes = match changed {
        Ok(changes) => changes,
        Err(err) => return Err(abandon(txn, err).await),
    };
    let now = domain.clock.now();
    // Compare-and-set on the version read above and the one the caller expects.
    let result = expense::Entity::update_many()
        .set(expense::ActiveModel {
            updated_at: Set(now),
            ..changes
        })
        .col_expr(
            expense::Column::Version,
            Expr::col(expense::Column::Version).add(1),
        )
        .filter(expense::Column::Id.eq(current.id))
        .filter(expense::Column::Version.eq(current.version))
        .filter(expected.condition(expense::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(abandon(txn, refused(KIND, Some(current.version))).await);
    }
    let old = view(current.clone(), board_currency);
    let updated = view(lock(&*txn, current.id).await?, board_currency);
    audit::record(
        &*txn,
        now,
        Change::on_board(
            access,
            AuditKind::Expense,
            updated.id,
            Some(&old),
            Some(&updated),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Deletes an expense; with a precondition, only if it is at one of the expected versions.
pub async fn delete(
    domain: &Domain,
    access: &BoardAccess,
    found: expense::Model,
    expected: Expected,
) -> DomainResult<()> {
    require_author_or_admin(access, &found)?;
    let txn = domain.db.begin_write().await?;
    let current = lock(&*txn, found.id).await?;
    let result = expense::Entity::delete_many()
        .filter(expense::Column::Id.eq(current.id))
        .filter(expense::Column::Version.eq(current.version))
        .filter(expected.condition(expense::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(abandon(txn, refused(KIND, Some(current.version))).await);
    }
    let board_currency = crate::budget::currency(&*txn, access.board_id()).await?;
    let old = view(current, board_currency);
    audit::record(
        &*txn,
        domain.clock.now(),
        Change::on_board(access, AuditKind::Expense, old.id, Some(&old), None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Filters of a board's expense list; all optional.
#[derive(Clone, Debug, Default)]
pub struct ExpenseFilter {
    pub task_id: Option<i64>,
    /// First day incurred to include.
    pub from: Option<NaiveDate>,
    /// Last day incurred to include.
    pub to: Option<NaiveDate>,
    /// Only this category (compared as stored: trimmed, exact).
    pub category: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// A board's expenses (or one task's), the latest day incurred first.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    filter: ExpenseFilter,
) -> DomainResult<Page<Expense>> {
    let mut checks = Checks::new();
    checks.day_range(filter.from, filter.to);
    let page = PageRequest::parse(
        &mut checks,
        filter.limit,
        filter.cursor.as_deref(),
        decode_cursor,
    );
    checks.finish()?;
    if let Some(task_id) = filter.task_id {
        crate::tasks::find_in_board(domain.db.conn(), access.board_id(), task_id).await?;
    }
    let mut condition = Condition::all().add(expense::Column::BoardId.eq(access.board_id()));
    if let Some(task_id) = filter.task_id {
        condition = condition.add(expense::Column::TaskId.eq(task_id));
    }
    if let Some(from) = filter.from {
        condition = condition.add(expense::Column::IncurredOn.gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(expense::Column::IncurredOn.lte(to));
    }
    if let Some(category) = filter.category.as_deref() {
        condition = condition.add(expense::Column::Category.eq(category.trim()));
    }
    let backend = domain.db.backend();
    let filtered = expense::Entity::find()
        .filter(condition.clone())
        .build(backend);
    if let Some((day, id)) = page.after {
        condition = condition.add(
            Condition::any()
                .add(expense::Column::IncurredOn.lt(day))
                .add(
                    Condition::all()
                        .add(expense::Column::IncurredOn.eq(day))
                        .add(expense::Column::Id.lt(id)),
                ),
        );
    }
    let window = expense::Entity::find()
        .filter(condition)
        .order_by_desc(expense::Column::IncurredOn)
        .order_by_desc(expense::Column::Id)
        .limit(page.fetch())
        .build(backend);
    let (rows, total) = pagination::read::<expense::Model>(&domain.db, filtered, window).await?;
    let board_currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    Ok(page
        .page(rows, total, |e| format!("{}_{}", e.incurred_on, e.id))
        .map(|row| view(row, board_currency)))
}

fn decode_cursor(raw: &str) -> Option<(NaiveDate, i64)> {
    let (day, id) = raw.split_once('_')?;
    Some((day.parse().ok()?, pagination::decode_id(id)?))
}

/// An expense as shown: its amount in its own currency, its cost and billable amount in the
/// board's.
pub fn view(model: expense::Model, board_currency: &Currency) -> Expense {
    let currency = Currency::find_or_default(&model.currency);
    Expense {
        id: model.id,
        board_id: model.board_id,
        task_id: model.task_id,
        user_id: model.user_id,
        category: model.category,
        amount: Money::in_currency(from_hundredths(model.amount_units), currency),
        currency: model.currency,
        incurred_on: model.incurred_on,
        is_billable: model.is_billable,
        markup_percent: model.markup_hundredths.map(Percent::from_hundredths),
        note: model.note,
        exchange_rate: model.exchange_rate_units.map(exchange_rates::rate_value),
        cost: Money::in_currency(from_hundredths(model.cost_cents), board_currency),
        billable_amount: Money::in_currency(from_hundredths(model.billable_cents), board_currency),
        board_currency: board_currency.code.to_owned(),
        created_at: model.created_at,
        updated_at: model.updated_at,
        version: model.version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn currency(code: &str) -> &'static Currency {
        Currency::find(code).unwrap()
    }

    #[test]
    fn cost_and_billable_are_each_the_exact_product_rounded_once() {
        // 12345 JPY × 0.00617 = 76.16865 EUR → 76.17; × 1.15 = 87.5939475 → 87.59.
        assert_eq!(
            snapshot_cents(1_234_500, dec!(0.00617), true, Some(1_500), currency("EUR")),
            Some((7_617, 8_759))
        );
        // Not billable: nothing to bill, whatever the markup.
        assert_eq!(
            snapshot_cents(
                1_234_500,
                dec!(0.00617),
                false,
                Some(1_500),
                currency("EUR")
            ),
            Some((7_617, 0))
        );
        // In the board's currency at 1, no markup: cost = billable = amount.
        assert_eq!(
            snapshot_cents(12_050, Decimal::ONE, true, None, currency("USD")),
            Some((12_050, 12_050))
        );
        // Into yen: 10.00 EUR × 161.235 = 1612.35 → 1612 yen; × 1.005 = 1620.41175 → 1620.
        assert_eq!(
            snapshot_cents(1_000, dec!(161.235), true, Some(50), currency("JPY")),
            Some((161_200, 162_000))
        );
        // A tie goes to the even cent: 0.25 × 0.1 = 0.025 → 0.02.
        assert_eq!(
            snapshot_cents(25, dec!(0.1), true, None, currency("GBP")),
            Some((2, 2))
        );
    }

    #[test]
    fn a_figure_too_large_to_store_is_refused_not_wrapped() {
        assert_eq!(
            snapshot_cents(
                1_000_000_000_000,
                dec!(1000000),
                true,
                Some(100_000),
                currency("USD")
            ),
            None
        );
    }

    #[test]
    fn only_amount_currency_day_markup_and_billable_convert_again() {
        let base = Fields {
            category: "travel".into(),
            amount_units: 100,
            currency: currency("EUR"),
            incurred_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            is_billable: true,
            markup_hundredths: None,
            note: String::new(),
        };
        let renamed = Fields {
            category: "hotel".into(),
            note: "receipt 7".into(),
            ..base.clone()
        };
        assert!(renamed.converts_like(&base));
        for changed in [
            Fields {
                amount_units: 101,
                ..base.clone()
            },
            Fields {
                currency: currency("USD"),
                ..base.clone()
            },
            Fields {
                incurred_on: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                ..base.clone()
            },
            Fields {
                is_billable: false,
                ..base.clone()
            },
            Fields {
                markup_hundredths: Some(1),
                ..base.clone()
            },
        ] {
            assert!(!changed.converts_like(&base), "{changed:?}");
        }
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(
            decode_cursor("2026-11-01_42"),
            Some((NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), 42))
        );
        assert_eq!(decode_cursor("garbage"), None);
    }
}
