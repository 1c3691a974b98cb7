//! The rules and the numbers of the Budget & ROI Tracker, free of HTTP.
//!
//! Services take a [`Domain`] (database, clock, read cache) and a proof of access, and return
//! wire types from `budget-contract` or a [`DomainError`] that the API maps to problem+json.
//! A module per part of the product:
//!
//! - who: [`auth`] (accounts, sessions, personal access tokens), [`access`] (who may do what on
//!   a board, decided once), [`organizations`], [`members`];
//! - the kanban core: [`boards`], [`tasks`];
//! - the money: [`budget`], [`task_cost`], [`time_entries`] (labour cost at the rate in force),
//!   [`timers`] (one running per person, stopped into entries),
//!   [`timesheets`] (weekly grids and their approval), [`locks`] (which time is closed),
//!   [`expenses`] (dated line items, converted into the board's currency when written),
//!   [`amount`] (hundredths ↔ decimals, rounding, the rate in force);
//! - control: [`alerts`] (alert rules, their firings and evaluation, the event outbox,
//!   notifications, the budget's hard stop), [`webhooks`] (signed deliveries of the events);
//! - the figures: [`metrics`] (budget figures and their pure formulas), [`analytics`] (trend,
//!   breakdowns, earned value), [`forecast`] (cost at completion with its interval), [`roi`];
//! - plumbing: [`db`] (connections, the SQLite writer lock), [`sql`] (portable aggregates),
//!   [`read_cache`] (answers kept per board data revision), [`idempotency`] and [`retention`]
//!   (what is kept only for a while), [`precondition`] (versions and conditional writes),
//!   [`audit`], [`pagination`], [`validate`], [`clock`], [`entity`] (the tables as sea-orm
//!   models).
//!
//! Money and hours are stored as integer hundredths so that sums are exact on SQLite and
//! PostgreSQL alike; [`amount`] converts them to and from `rust_decimal`.

pub mod access;
pub mod alerts;
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
pub mod exchange_rates;
pub mod expenses;
pub mod forecast;
pub mod idempotency;
pub mod imports;
pub mod locks;
pub mod members;
pub mod metrics;
pub mod organizations;
pub mod pagination;
pub mod precondition;
pub mod pricing;
pub mod rates;
pub mod read_cache;
pub mod repricings;
pub mod retention;
pub mod roi;
pub mod sql;
pub mod task_cost;
pub mod tasks;
pub mod time_entries;
pub mod timers;
pub mod timesheets;
pub mod validate;
pub mod webhooks;

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
    /// Where passwords are hashed and checked: off the async workers, a bounded number at once.
    pub passwords: auth::password::PasswordPool,
    /// Which addresses webhooks may call.
    pub webhooks: webhooks::Policy,
    /// How long a timer may count.
    pub timers: timers::Policy,
    /// Time entries logged at the same moment, written in one transaction.
    pub entry_groups: time_entries::EntryGroups,
}

/// Passwords waiting for a worker, by default, before more are refused.
pub const DEFAULT_PASSWORD_QUEUE: usize = 32;

impl Domain {
    pub fn new(db: Database, clock: Clock) -> Self {
        Self {
            db,
            clock,
            cache: read_cache::ReadCache::default(),
            passwords: auth::password::PasswordPool::new(0, DEFAULT_PASSWORD_QUEUE),
            webhooks: webhooks::Policy::default(),
            timers: timers::Policy::default(),
            entry_groups: time_entries::EntryGroups::default(),
        }
    }

    /// This domain with webhooks held to `policy`.
    pub fn with_webhook_policy(mut self, policy: webhooks::Policy) -> Self {
        self.webhooks = policy;
        self
    }

    /// This domain with timers held to `policy`.
    pub fn with_timer_policy(mut self, policy: timers::Policy) -> Self {
        self.timers = policy;
        self
    }

    /// This domain with its passwords handled by `pool`.
    pub fn with_password_pool(mut self, pool: auth::password::PasswordPool) -> Self {
        self.passwords = pool;
        self
    }
}
