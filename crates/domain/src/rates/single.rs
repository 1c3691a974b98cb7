//! The single rate fields kept from before rates were dated: a task's rate, a person's rate on a
//! board, a person's default rate, each the cost rate of its level.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::entity::rate;
use crate::error::DomainResult;

use super::resolve::{Scope, EARLIEST};
use super::store::{store, Pair};

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
