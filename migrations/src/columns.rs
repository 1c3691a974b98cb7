//! Column and reference shapes used by every table, so that money, hours, timestamps and
//! foreign keys are stored one way.

use sea_orm_migration::prelude::*;

use crate::m20261125_000001_kanban::{AppUser, Board, Organization, Task};

pub fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

pub fn reference<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

pub fn optional_reference<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().to_owned()
}

/// Money in hundredths of the currency unit, never negative.
pub fn money<T: IntoIden + Clone + 'static>(name: T) -> ColumnDef {
    ColumnDef::new(name.clone())
        .big_integer()
        .not_null()
        .default(0)
        .check(Expr::col(name).gte(0))
        .to_owned()
}

/// Optional money (e.g. a rate that may be unset), never negative when present.
pub fn optional_money<T: IntoIden + Clone + 'static>(name: T) -> ColumnDef {
    ColumnDef::new(name.clone())
        .big_integer()
        .null()
        .check(Expr::col(name).gte(0))
        .to_owned()
}

pub fn text<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
}

pub fn optional_text<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).text().null().to_owned()
}

/// A text column restricted to a fixed set of values (the enums of the domain).
pub fn one_of<T: IntoIden + Clone + 'static>(name: T, values: &[&str]) -> ColumnDef {
    ColumnDef::new(name.clone())
        .text()
        .not_null()
        .check(Expr::col(name).is_in(values.iter().copied()))
        .to_owned()
}

pub fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

pub fn optional_timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

pub fn int_between<T: IntoIden + Clone + 'static>(name: T, low: i32, high: i32) -> ColumnDef {
    ColumnDef::new(name.clone())
        .integer()
        .not_null()
        .check(Expr::col(name).between(low, high))
        .to_owned()
}

/// A foreign key from `table.column` to `target.id`, with what happens to the row when its target
/// is deleted.
fn references<T, C, R, I>(
    table: T,
    column: C,
    target: (R, I),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    T: IntoIden + 'static,
    C: IntoIden + 'static,
    R: IntoIden + 'static,
    I: IntoIden + 'static,
{
    ForeignKey::create()
        .from(table, column)
        .to(target.0, target.1)
        .on_delete(on_delete)
        .to_owned()
}

/// A reference to a board whose rows go with it.
pub fn board_fk<T: IntoIden + 'static, C: IntoIden + 'static>(
    table: T,
    column: C,
) -> ForeignKeyCreateStatement {
    references(
        table,
        column,
        (Board::Table, Board::Id),
        ForeignKeyAction::Cascade,
    )
}

/// A reference to a task whose rows go with it.
pub fn task_fk<T: IntoIden + 'static, C: IntoIden + 'static>(
    table: T,
    column: C,
) -> ForeignKeyCreateStatement {
    references(
        table,
        column,
        (Task::Table, Task::Id),
        ForeignKeyAction::Cascade,
    )
}

/// A reference to a person; what deleting them does to the row is the caller's choice.
pub fn user_fk<T: IntoIden + 'static, C: IntoIden + 'static>(
    table: T,
    column: C,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    references(table, column, (AppUser::Table, AppUser::Id), on_delete)
}

/// A reference to an organisation, cleared when the organisation goes.
pub fn organization_fk<T: IntoIden + 'static, C: IntoIden + 'static>(
    table: T,
    column: C,
) -> ForeignKeyCreateStatement {
    references(
        table,
        column,
        (Organization::Table, Organization::Id),
        ForeignKeyAction::SetNull,
    )
}
