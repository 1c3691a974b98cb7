//! The one error type of the domain layer. Each variant says what went wrong for the caller;
//! the API maps them to problem+json statuses without looking inside database errors.

use budget_contract::problem::{FieldError, ProblemCode};
use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The input breaks one or more rules; every failing field is listed.
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// Email and password do not match an account (deliberately vague).
    #[error("the email or password is wrong")]
    InvalidCredentials,
    /// The credential is missing, expired, revoked or not ours.
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{message}")]
    Forbidden { code: ProblemCode, message: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{message}")]
    Conflict { code: ProblemCode, message: String },
    /// An `If-Match` precondition did not hold: someone changed the resource meanwhile.
    /// `etag` names the current version (none when the resource does not exist).
    #[error("the resource changed since you read it; reload and retry")]
    PreconditionFailed { etag: Option<String> },
    /// The server is at capacity for this work (e.g. checking passwords); the caller may retry
    /// after this many seconds.
    #[error("the server is busy; retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

impl DomainError {
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }])
    }

    pub fn forbidden(code: ProblemCode, message: impl Into<String>) -> Self {
        Self::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: ProblemCode, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    /// The same failures with each field under `prefix` (`changes.budget`): for input checked on
    /// its own and sent inside a larger body.
    pub fn nested_under(self, prefix: &str) -> Self {
        match self {
            Self::Validation(errors) => Self::Validation(
                errors
                    .into_iter()
                    .map(|error| FieldError {
                        field: if error.field.is_empty() {
                            prefix.to_owned()
                        } else {
                            format!("{prefix}.{}", error.field)
                        },
                        ..error
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// True when the database refused a write because of a unique constraint: the way a lost
    /// race on "check, then insert" shows up.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Self::Database(err) if is_unique_violation(err))
    }
}

pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

pub type DomainResult<T> = Result<T, DomainError>;
