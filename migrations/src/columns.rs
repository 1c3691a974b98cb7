//! Column shapes used by every table, so that money, hours and timestamps are stored one way.

use sea_orm_migration::prelude::*;

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
