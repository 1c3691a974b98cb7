//! The one error type of the HTTP layer: every failure leaves as RFC 7807 problem+json with a
//! stable `code`. Domain errors map here; nothing else builds error responses.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
pub use budget_contract::problem::ProblemCode;
use budget_contract::problem::{FieldError, Problem};
use budget_domain::DomainError;
use sea_orm::DbErr;

pub const CONTENT_TYPE: &str = "application/problem+json";

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ProblemCode,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    /// Sent as `Retry-After` (seconds) with 429 and 503 answers that know when to come back.
    pub retry_after_secs: Option<u64>,
    /// Sent as `ETag` with 412: the version the resource is at now.
    pub etag: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: Some(detail.into()),
            errors: Vec::new(),
            retry_after_secs: None,
            etag: None,
        }
    }

    /// 429 `rate_limited`: the caller may try again in `retry_after_secs` (at least 1).
    pub fn rate_limited(detail: impl Into<String>, retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ProblemCode::RateLimited,
                detail,
            )
        }
    }

    /// 500 `internal_error`: `cause` goes to the log with what was being done, and the answer
    /// says nothing of it.
    pub fn internal(doing: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "{doing}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ProblemCode::InternalError,
            "an unexpected error happened; it has been logged",
        )
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ProblemCode::NotFound, detail)
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ProblemCode::ValidationFailed,
            detail: Some(detail),
            errors,
            retry_after_secs: None,
            etag: None,
        }
    }

    pub fn unauthenticated(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ProblemCode::Unauthenticated,
            detail,
        )
    }

    pub fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("urn:budget-roi:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.as_str().to_owned(),
            errors: self.errors.clone(),
            // Filled in on the way out, where the request is known (`observability`).
            request_id: None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)));
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        if let Some(seconds) = self.retry_after_secs {
            response.insert_header((header::RETRY_AFTER, seconds));
        }
        if let Some(etag) = &self.etag {
            response.insert_header((header::ETAG, etag.as_str()));
        }
        response.json(self.problem())
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        match err {
            DomainError::Validation(errors) => Self::validation(errors),
            DomainError::InvalidCredentials => Self::new(
                StatusCode::UNAUTHORIZED,
                ProblemCode::InvalidCredentials,
                "the email or password is wrong",
            ),
            DomainError::Unauthenticated(detail) => Self::unauthenticated(detail),
            DomainError::Forbidden { code, message } => {
                Self::new(StatusCode::FORBIDDEN, code, message)
            }
            DomainError::NotFound(what) => Self::not_found(format!("{what} not found")),
            DomainError::Conflict { code, message } => {
                Self::new(StatusCode::CONFLICT, code, message)
            }
            DomainError::PreconditionFailed { etag } => Self {
                etag,
                ..Self::new(
                    StatusCode::PRECONDITION_FAILED,
                    ProblemCode::PreconditionFailed,
                    "the resource changed since you read it (If-Match does not match); reload and retry",
                )
            },
            DomainError::Busy { retry_after_secs } => Self {
                retry_after_secs: Some(retry_after_secs.max(1)),
                ..Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ProblemCode::ServerBusy,
                    format!("the server is busy; retry in {retry_after_secs} s"),
                )
            },
            DomainError::Database(err) => database_error(&err),
        }
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        database_error(&err)
    }
}

/// The database being away is the server's state, not a bug: 503 so clients retry. Anything
/// else is logged in full and answered without internals.
fn database_error(err: &DbErr) -> ApiError {
    if database_unavailable(err) {
        tracing::warn!(error = %err, "database unavailable");
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ProblemCode::DatabaseUnavailable,
            "the database is not reachable right now; retry shortly",
        );
    }
    ApiError::internal("database error", err)
}

pub use budget_domain::db::database_unavailable;

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{ConnAcquireErr, RuntimeErr};

    fn io() -> Sqlx {
        Sqlx::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by peer",
        ))
    }

    #[test]
    fn a_lost_or_refused_connection_is_unavailable_not_an_internal_error() {
        for err in [
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
            DbErr::Conn(RuntimeErr::SqlxError(io())),
            DbErr::Query(RuntimeErr::SqlxError(io())),
            DbErr::Exec(RuntimeErr::SqlxError(Sqlx::PoolClosed)),
            DbErr::Query(RuntimeErr::SqlxError(Sqlx::WorkerCrashed)),
        ] {
            let answer = ApiError::from(err);
            assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(answer.code, ProblemCode::DatabaseUnavailable);
        }
    }

    #[test]
    fn a_failing_statement_is_an_internal_error() {
        for err in [
            DbErr::Query(RuntimeErr::SqlxError(Sqlx::RowNotFound)),
            DbErr::Custom("bug".to_owned()),
            DbErr::RecordNotInserted,
        ] {
            let answer = ApiError::from(err);
            assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(answer.code, ProblemCode::InternalError);
        }
    }

    #[test]
    fn a_rate_limit_answer_says_when_to_come_back() {
        let response = ApiError::rate_limited("slow down", 0).error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            response.headers().get(header::RETRY_AFTER).unwrap(),
            "1",
            "never 0: a client would retry at once"
        );
    }
}
