//! The rules and the numbers of the Budget & ROI Tracker, free of HTTP.
//!
//! Each module is one part of the product: [`budget`], [`task_cost`], [`time_entries`] and
//! [`metrics`] are the budget feature; [`organizations`], [`boards`], [`members`] and [`tasks`]
//! the kanban core it hangs on; [`auth`] and [`access`] decide who may do what. Services take a
//! [`Domain`] (database + clock) and return wire types from `budget-contract`, or a
//! [`DomainError`] that the API maps to problem+json.
//!
//! Money and hours are stored as integer hundredths so that sums are exact on SQLite and
//! PostgreSQL alike; [`amount`] converts them to and from `rust_decimal`.

pub mod access;
pub mod amount;
pub mod analytics;
pub mod audit;
pub mod auth;
pub mod boards;
pub mod budget;
pub mod clock;
pub mod db;
pub mod entity;
pub mod error;
pub mod forecast;
pub mod idempotency;
pub mod members;
pub mod metrics;
pub mod organizations;
pub mod pagination;
pub mod read_cache;
pub mod roi;
pub mod sql;
pub mod task_cost;
pub mod tasks;
pub mod time_entries;
pub mod validate;

pub use access::BoardAccess;
pub use auth::Principal;
pub use clock::Clock;
pub use db::Database;
pub use error::DomainError;

/// What every service needs: the database, the clock that says what "today" is, and the
/// answers already computed for the current data.
#[derive(Clone)]
pub struct Domain {
    pub db: Database,
    pub clock: Clock,
    pub cache: read_cache::ReadCache,
}

impl Domain {
    pub fn new(db: Database, clock: Clock) -> Self {
        Self {
            db,
            clock,
            cache: read_cache::ReadCache::default(),
        }
    }
}
