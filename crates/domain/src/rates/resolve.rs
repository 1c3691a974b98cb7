//! Whom a rate covers and which rates are in force for an hour: the layering rule.

use budget_contract::limits::DATE_RANGE;
use budget_contract::rate::RateLevel;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entity::rate;
use crate::error::DomainResult;

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
    pub(super) fn row(&self) -> rate::ActiveModel {
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
}
