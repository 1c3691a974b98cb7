//! Board members: who works on a board, in which role, at what cost per hour.

use budget_contract::audit::AuditKind;
use budget_contract::board::{BoardRole, Member, MemberUpdate, NewMember};
use budget_contract::page::Page;
use budget_contract::problem::ProblemCode;
use budget_contract::{Currency, Money};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, Set};

use crate::access::BoardAccess;
use crate::amount::from_hundredths;
use crate::audit::{self, Change};
use crate::auth::users::lookup_email;
use crate::entity::{app_user, board_member};
use crate::error::{is_unique_violation, DomainError, DomainResult};
use crate::idempotency::{self, Created, Idempotent};
use crate::pagination;
use crate::precondition::{self, Expected};
use crate::rates::{self, Scope};
use crate::sql;
use crate::validate::{max_rate, Checks};
use crate::Domain;

#[derive(Debug, FromQueryResult)]
struct MemberRow {
    user_id: i64,
    email: String,
    display_name: String,
    role: String,
    version: i64,
}

/// The kind in a membership's ETag.
pub const KIND: &str = "member";

impl MemberRow {
    fn view(self, rate_cents: Option<i64>, currency: &Currency) -> Member {
        Member {
            user_id: self.user_id,
            email: self.email,
            display_name: self.display_name,
            role: self.role.parse().unwrap_or(BoardRole::Viewer),
            hourly_rate: shown_rate(rate_cents, currency),
            version: self.version,
        }
    }
}

/// The board's members by user id, a page at a time.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    limit: Option<u64>,
    cursor: Option<&str>,
) -> DomainResult<Page<Member>> {
    let page = pagination::by_id(limit, cursor)?;
    const MEMBERS: &str = "SELECT m.user_id, u.email, u.display_name, m.role, m.version \
         FROM board_member m JOIN app_user u ON u.id = m.user_id \
         WHERE m.board_id = $1";
    let backend = domain.db.backend();
    let board_id = access.board_id();
    let filtered = sql::statement(backend, MEMBERS, vec![board_id.into()]);
    let window = sql::statement(
        backend,
        &format!("{MEMBERS} AND m.user_id > $2 ORDER BY m.user_id LIMIT $3"),
        vec![
            board_id.into(),
            page.after.unwrap_or(0).into(),
            page.fetch_value().into(),
        ],
    );
    let (rows, total) = pagination::read::<MemberRow>(&domain.db, filtered, window).await?;
    let currency = crate::budget::currency(domain.db.conn(), board_id).await?;
    // Each person's rate on the board as set today, shown to those who may see it.
    let scopes: Vec<Scope> = rows
        .iter()
        .filter(|row| rates::may_see_rates(access, row.user_id))
        .map(|row| member_scope(board_id, row.user_id))
        .collect();
    let rates_today =
        rates::cost_rates_today(domain.db.conn(), &scopes, domain.clock.today()).await?;
    Ok(page
        .page(rows, total, |row| row.user_id.to_string())
        .map(|row| {
            let rate = rates_today
                .get(&member_scope(board_id, row.user_id).key())
                .copied();
            row.view(rate, currency)
        }))
}

fn member_scope(board_id: i64, user_id: i64) -> Scope {
    Scope::BoardMember { board_id, user_id }
}

/// A person's rate on the board as the single rate field shows it: exact, in the board's
/// currency.
fn shown_rate(rate_cents: Option<i64>, currency: &Currency) -> Option<Money> {
    rate_cents.map(|cents| Money::exact_in_currency(from_hundredths(cents), currency))
}

/// A member's rate on the board, in the board's currency (whole yen on a yen board).
fn check_rate(
    rate: Option<rust_decimal::Decimal>,
    currency: &Currency,
) -> DomainResult<Option<i64>> {
    let mut checks = Checks::new();
    let cents = checks.optional_money("hourly_rate", rate, currency, max_rate());
    checks.finish()?;
    Ok(cents)
}

/// Adds a registered person to the board (board admins).
pub async fn add(
    domain: &Domain,
    access: &BoardAccess,
    input: NewMember,
    idempotent: Option<&Idempotent<Member>>,
) -> DomainResult<Created<Member>> {
    let result = add_in_transaction(domain, access, input, idempotent).await;
    idempotency::settle(domain.db.conn(), domain.clock.now(), idempotent, result).await
}

async fn add_in_transaction(
    domain: &Domain,
    access: &BoardAccess,
    input: NewMember,
    idempotent: Option<&Idempotent<Member>>,
) -> DomainResult<Created<Member>> {
    access.require(BoardRole::Admin)?;
    let currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    let rate = check_rate(input.hourly_rate, currency)?;
    let txn = domain.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&*txn, domain.clock.now(), idempotent).await? {
        return Ok(Created::Replayed(replay));
    }
    crate::budget::hold_currency(&*txn, access.board_id(), currency).await?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(lookup_email("email", &input.email)?))
        .one(&*txn)
        .await?
        .ok_or_else(|| DomainError::field("email", "unknown_user", "no account has this email"))?;
    let already = || {
        DomainError::conflict(
            ProblemCode::AlreadyMember,
            "this person is already a member",
        )
    };
    let membership = board_member::ActiveModel {
        board_id: Set(access.board_id()),
        user_id: Set(user.id),
        role: Set(input.role.as_str().to_owned()),
        created_at: Set(domain.clock.now()),
        ..Default::default()
    }
    .insert(&*txn)
    .await
    .map_err(|err| {
        if is_unique_violation(&err) {
            already()
        } else {
            err.into()
        }
    })?;
    rates::set_cost_rate(
        &*txn,
        domain.clock.now(),
        domain.clock.today(),
        access.user_id,
        &member_scope(access.board_id(), user.id),
        rate,
    )
    .await?;
    let added = Member {
        user_id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: input.role,
        hourly_rate: shown_rate(rate, currency),
        version: membership.version,
    };
    audit::record(
        &*txn,
        domain.clock.now(),
        Change::on_board(access, AuditKind::Member, added.user_id, None, Some(&added)),
    )
    .await?;
    idempotency::remember(&*txn, domain.clock.now(), idempotent, &added).await?;
    txn.commit().await?;
    Ok(Created::New(added))
}

async fn find_member<C: sea_orm::ConnectionTrait>(
    conn: &C,
    board_id: i64,
    user_id: i64,
) -> DomainResult<board_member::Model> {
    board_member::Entity::find()
        .filter(board_member::Column::BoardId.eq(board_id))
        .filter(board_member::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("member"))
}

/// After a compare-and-set touched no row: the membership is gone (404) or at another version
/// (412).
async fn missed<C: sea_orm::ConnectionTrait>(conn: &C, board_id: i64, user_id: i64) -> DomainError {
    match find_member(conn, board_id, user_id).await {
        Ok(current) => precondition::refused(KIND, Some(current.version)),
        Err(err) => err,
    }
}

pub async fn update(
    domain: &Domain,
    access: &BoardAccess,
    user_id: i64,
    input: MemberUpdate,
    expected: Expected,
) -> DomainResult<Member> {
    access.require(BoardRole::Admin)?;
    let currency = crate::budget::currency(domain.db.conn(), access.board_id()).await?;
    let rate = check_rate(input.hourly_rate, currency)?;
    let txn = domain.db.begin_write().await?;
    crate::budget::hold_currency(&*txn, access.board_id(), currency).await?;
    let old = match board_member::Entity::find()
        .filter(board_member::Column::BoardId.eq(access.board_id()))
        .filter(board_member::Column::UserId.eq(user_id))
        .one(&*txn)
        .await?
    {
        Some(current) => Some(member_view(&*txn, &current, currency, domain.clock.today()).await?),
        None => None,
    };
    // Compare-and-set on the version the caller expects.
    let result = board_member::Entity::update_many()
        .col_expr(
            board_member::Column::Role,
            Expr::value(input.role.as_str().to_owned()),
        )
        .col_expr(
            board_member::Column::Version,
            Expr::col(board_member::Column::Version).add(1),
        )
        .filter(board_member::Column::BoardId.eq(access.board_id()))
        .filter(board_member::Column::UserId.eq(user_id))
        .filter(expected.condition(board_member::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        let err = missed(&*txn, access.board_id(), user_id).await;
        return Err(precondition::abandon(txn, err).await);
    }
    rates::set_cost_rate(
        &*txn,
        domain.clock.now(),
        domain.clock.today(),
        access.user_id,
        &member_scope(access.board_id(), user_id),
        rate,
    )
    .await?;
    let membership = find_member(&*txn, access.board_id(), user_id).await?;
    let new = member_view(&*txn, &membership, currency, domain.clock.today()).await?;
    audit::record(
        &*txn,
        domain.clock.now(),
        Change::on_board(access, AuditKind::Member, user_id, old.as_ref(), Some(&new)),
    )
    .await?;
    txn.commit().await?;
    Ok(new)
}

/// A membership as the API shows it.
async fn member_view<C: sea_orm::ConnectionTrait>(
    conn: &C,
    member: &board_member::Model,
    currency: &Currency,
    today: chrono::NaiveDate,
) -> DomainResult<Member> {
    let user = app_user::Entity::find_by_id(member.user_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound("member"))?;
    Ok(Member {
        user_id: member.user_id,
        email: user.email,
        display_name: user.display_name,
        role: member.role.parse().unwrap_or(BoardRole::Viewer),
        hourly_rate: shown_rate(
            rates::cost_rate_today(conn, &member_scope(member.board_id, member.user_id), today)
                .await?,
            currency,
        ),
        version: member.version,
    })
}

pub async fn remove(
    domain: &Domain,
    access: &BoardAccess,
    user_id: i64,
    expected: Expected,
) -> DomainResult<()> {
    access.require(BoardRole::Admin)?;
    let txn = domain.db.begin_write().await?;
    let currency = crate::budget::currency(&*txn, access.board_id()).await?;
    let old = match board_member::Entity::find()
        .filter(board_member::Column::BoardId.eq(access.board_id()))
        .filter(board_member::Column::UserId.eq(user_id))
        .one(&*txn)
        .await?
    {
        Some(current) => Some(member_view(&*txn, &current, currency, domain.clock.today()).await?),
        None => None,
    };
    let result = board_member::Entity::delete_many()
        .filter(board_member::Column::BoardId.eq(access.board_id()))
        .filter(board_member::Column::UserId.eq(user_id))
        .filter(expected.condition(board_member::Column::Version))
        .exec(&*txn)
        .await?;
    if result.rows_affected == 0 {
        let err = missed(&*txn, access.board_id(), user_id).await;
        return Err(precondition::abandon(txn, err).await);
    }
    audit::record(
        &*txn,
        domain.clock.now(),
        Change::on_board(access, AuditKind::Member, user_id, old.as_ref(), None),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
