//! Conditional writes. Every mutable resource carries a version, raised by each change, and
//! named by its ETag (`"<kind>-v<version>"`). A write states what it expects of the current
//! version (from `If-Match`), and the database checks it in the write itself: the update or
//! delete filters on the version (compare-and-set), so two writers that read the same version
//! cannot both succeed.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition};

use crate::db::WriteTxn;
use crate::error::DomainError;

/// What a write expects of the resource's current version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// No precondition: the write is unconditional.
    Anything,
    /// The resource must exist, at whatever version (`If-Match: *`).
    Exists,
    /// The resource must be at one of these versions. Empty: nothing can match (only tags of
    /// another kind, or weak tags, were given), so the write is refused.
    OneOf(Vec<i64>),
}

impl Expected {
    /// Whether a resource at `current` (`None`: it does not exist) meets the precondition.
    pub fn allows(&self, current: Option<i64>) -> bool {
        match (self, current) {
            (Self::Anything, _) => true,
            (Self::Exists, current) => current.is_some(),
            (Self::OneOf(versions), Some(current)) => versions.contains(&current),
            (Self::OneOf(_), None) => false,
        }
    }

    /// The condition a compare-and-set adds on the version column.
    pub fn condition(&self, version: impl ColumnTrait) -> Condition {
        match self {
            Self::Anything | Self::Exists => Condition::all(),
            Self::OneOf(versions) if versions.is_empty() => {
                Condition::all().add(Expr::val(1).eq(0))
            }
            Self::OneOf(versions) => Condition::all().add(version.is_in(versions.clone())),
        }
    }
}

/// The ETag of a resource of `kind` at `version`.
pub fn etag(kind: &str, version: i64) -> String {
    format!("\"{kind}-v{version}\"")
}

/// The refusal of a write whose precondition does not hold, naming the current version's ETag
/// (none when the resource does not exist).
pub fn refused(kind: &str, current: Option<i64>) -> DomainError {
    DomainError::PreconditionFailed {
        etag: current.map(|version| etag(kind, version)),
    }
}

/// What a compare-and-set that touched no row answers, given the version read after it: the
/// resource is gone (404) or at another version (412 naming it).
pub fn missed(kind: &str, what: &'static str, current: Option<i64>) -> DomainError {
    match current {
        None => DomainError::NotFound(what),
        Some(version) => refused(kind, Some(version)),
    }
}

/// Rolls `txn` back and answers `err`: how a write whose precondition failed ends.
pub async fn abandon(txn: WriteTxn, err: DomainError) -> DomainError {
    match txn.rollback().await {
        Ok(()) => err,
        Err(db) => db.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preconditions_match_versions() {
        assert!(Expected::Anything.allows(None));
        assert!(Expected::Exists.allows(Some(3)));
        assert!(!Expected::Exists.allows(None));
        assert!(Expected::OneOf(vec![2, 3]).allows(Some(3)));
        assert!(!Expected::OneOf(vec![2]).allows(Some(3)));
        assert!(!Expected::OneOf(vec![]).allows(Some(3)));
        assert_eq!(etag("task", 4), "\"task-v4\"");
    }
}
