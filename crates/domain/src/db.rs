//! The database handle: one pool, the same migrations and the same queries on SQLite and
//! PostgreSQL, plus the two things the engines need to behave alike under concurrent writes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::ThreadId;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::sqlx::{ConnectOptions as _, Connection as _};
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, IsolationLevel, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone)]
pub struct Database {
    conn: DatabaseConnection,
    /// SQLite allows one writer at a time and fails a deferred transaction that upgrades to a
    /// write while another holds the lock (busy_timeout does not help there). Serialising write
    /// transactions in the process makes concurrent writers queue instead of failing.
    /// PostgreSQL needs no such lock: it uses row locks where a rule spans rows.
    write_lock: Option<Arc<Mutex<()>>>,
    /// SQLite in a file: the one connection every write transaction runs on. Only it writes, so
    /// its page cache stays valid from one write to the next (a connection's cache is dropped
    /// whenever another connection has written), and the pages a write touches are at hand.
    /// Reads run on the pool. An in-memory database is private to its connection, so there the
    /// writes share the pool.
    writer: Option<DatabaseConnection>,
    /// PostgreSQL: how the pool's connections are opened, to open more of the same for a
    /// handle of their own ([`Database::with_own_connection`]).
    postgres: Option<PgConnectOptions>,
    /// PostgreSQL: the pools of threads that run runtimes of their own (the request workers),
    /// used on those threads instead of the shared pool ([`Database::open_thread_pool`]).
    threads: Arc<ThreadPools>,
    queries: Arc<AtomicU64>,
}

/// Threads with pools of their own: at most this many; later threads use the shared pool.
const THREAD_POOLS: usize = 64;

/// Pools by thread, each set once ([`Database::open_thread_pool`]).
struct ThreadPools([OnceLock<(ThreadId, DatabaseConnection)>; THREAD_POOLS]);

impl Default for ThreadPools {
    fn default() -> Self {
        Self(std::array::from_fn(|_| OnceLock::new()))
    }
}

impl ThreadPools {
    /// The pools set so far.
    fn all(&self) -> impl Iterator<Item = &(ThreadId, DatabaseConnection)> {
        self.0.iter().map_while(OnceLock::get)
    }

    /// The pool of the calling thread, if it has one.
    fn current(&self) -> Option<&DatabaseConnection> {
        // Without any, as on SQLite, in tests and in tools, nothing more is asked.
        self.0[0].get()?;
        let me = std::thread::current().id();
        self.all()
            .find_map(|(thread, conn)| (*thread == me).then_some(conn))
    }
}

/// SQLite reads pages through a memory map up to this size instead of copying each page it
/// reads from the file: reads after another connection's write, which cannot use their page
/// cache, no longer copy the pages they need.
const SQLITE_MMAP_BYTES: &str = "268435456";
/// The writer connection's page cache, in KiB (negative: a size rather than a page count), so
/// the pages a write touches (the entry's indexes, the running totals) stay cached.
const SQLITE_WRITER_CACHE_KIB: &str = "-65536";

/// A pooled PostgreSQL connection left idle this long is pinged before it is handed out: after
/// the server restarted, the connections it broke are replaced before a request meets them.
/// Busier connections are not pinged, which would cost a round trip for every statement.
const POSTGRES_IDLE_CHECK: Duration = Duration::from_secs(1);
/// How long a request waits for a pooled connection before it is answered "unavailable".
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// How PostgreSQL connections are opened: from the URL, with `statement_timeout` set as each
/// connection opens.
fn postgres_options(
    url: &str,
    statement_timeout: Option<Duration>,
) -> Result<PgConnectOptions, DbErr> {
    let mut connect: PgConnectOptions = url
        .parse()
        .map_err(|err| DbErr::Conn(sea_orm::RuntimeErr::Internal(format!("{err}"))))?;
    connect = connect.disable_statement_logging();
    if let Some(timeout) = statement_timeout.filter(|t| !t.is_zero()) {
        let millis = timeout.as_millis();
        connect = connect.options([("statement_timeout", format!("{millis}ms"))]);
    }
    Ok(connect)
}

/// A PostgreSQL pool as sea-orm would build it from the same options, but checking only the
/// connections left idle ([`POSTGRES_IDLE_CHECK`]) before use.
fn postgres_pool_options(max_connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= POSTGRES_IDLE_CHECK {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
}

impl Database {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbErr> {
        Self::connect_with(url, max_connections, None).await
    }

    /// [`Database::connect`], with a limit on how long one statement may run on PostgreSQL
    /// (set as the session's `statement_timeout` when each connection opens; the server then
    /// cancels a longer statement, which fails like any other). SQLite has no such setting; its
    /// statements are bounded by the request's own limits.
    pub async fn connect_with(
        url: &str,
        max_connections: u32,
        statement_timeout: Option<Duration>,
    ) -> Result<Self, DbErr> {
        let is_sqlite = url.starts_with("sqlite:");
        if is_sqlite {
            ensure_sqlite_directory(url)?;
        }
        let options = |max_connections: u32, cache_kib: Option<&'static str>| {
            let mut options = ConnectOptions::new(url.to_owned());
            options
                .max_connections(max_connections)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(5))
                .acquire_timeout(ACQUIRE_TIMEOUT)
                // A pooled connection is pinged before each use by default: a round trip for
                // every statement. SQLite's file cannot go away; PostgreSQL's pool is built by
                // `postgres_pool_options`, which pings only connections left idle.
                .test_before_acquire(false)
                .sqlx_logging(false)
                .map_sqlx_sqlite_opts(move |opts| {
                    let opts = opts
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .busy_timeout(Duration::from_secs(10))
                        .foreign_keys(true)
                        .pragma("mmap_size", SQLITE_MMAP_BYTES);
                    match cache_kib {
                        Some(kib) => opts.pragma("cache_size", kib),
                        None => opts,
                    }
                });
            options
        };
        let queries = Arc::new(AtomicU64::new(0));
        let postgres = if url.starts_with("postgres") {
            Some(postgres_options(url, statement_timeout)?)
        } else {
            None
        };
        let conn = match &postgres {
            Some(connect) => {
                let pool = postgres_pool_options(max_connections)
                    .connect_with(connect.clone())
                    .await
                    .map_err(|err| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(err)))?;
                sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool)
            }
            None => sea_orm::Database::connect(options(max_connections, None)).await?,
        };
        let conn = counted(&queries, conn);
        let writer = if is_sqlite && !url.contains(":memory:") {
            let writer =
                sea_orm::Database::connect(options(1, Some(SQLITE_WRITER_CACHE_KIB))).await?;
            Some(counted(&queries, writer))
        } else {
            None
        };
        Ok(Self {
            conn,
            write_lock: is_sqlite.then(|| Arc::new(Mutex::new(()))),
            writer,
            postgres,
            threads: Arc::default(),
            queries,
        })
    }

    /// This handle with a PostgreSQL connection of its own, for a thread that runs a runtime of
    /// its own (the time entries' writer); call it on that runtime. A connection of the shared
    /// pool is driven by the request worker that opened it: the answer to a statement waits
    /// until that worker, busy with requests of its own, turns to its network events, and then
    /// wakes the thread that asked. This handle's connection is opened when first used, by the
    /// thread that uses it, and its answers wake that thread directly. It comes in addition to
    /// the pool's connections. On SQLite, the same handle: its connections run on threads of
    /// their own, and its writes must queue with the others.
    pub fn with_own_connection(&self) -> Self {
        let Some(connect) = &self.postgres else {
            return self.clone();
        };
        let pool = postgres_pool_options(1).connect_lazy_with(connect.clone());
        let conn = sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
        Self {
            conn: counted(&self.queries, conn),
            write_lock: None,
            writer: None,
            postgres: self.postgres.clone(),
            threads: Arc::default(),
            queries: Arc::clone(&self.queries),
        }
    }

    /// Gives the calling thread, which runs a runtime of its own (a request worker), a
    /// PostgreSQL pool of its own of up to `connections`, used for every statement on this
    /// thread: its connections are opened and driven by the thread's runtime, so the answer to
    /// a statement wakes it directly (see [`Database::with_own_connection`]). Other threads go
    /// on using the shared pool. Nothing on SQLite, or for a thread that has a pool already.
    pub fn open_thread_pool(&self, connections: u32) {
        let Some(connect) = &self.postgres else {
            return;
        };
        let me = std::thread::current().id();
        if self.threads.all().any(|(thread, _)| *thread == me) {
            return;
        }
        let pool = postgres_pool_options(connections.max(1)).connect_lazy_with(connect.clone());
        let conn = counted(
            &self.queries,
            sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool),
        );
        let mut entry = (me, conn);
        for slot in &self.threads.0 {
            match slot.set(entry) {
                Ok(()) => return,
                Err(taken) => entry = taken,
            }
        }
        tracing::warn!("no more pools by thread: this thread uses the shared pool");
    }

    /// The connection for statements: the calling thread's own pool where it has one
    /// ([`Database::open_thread_pool`]), else the shared pool.
    pub fn conn(&self) -> &DatabaseConnection {
        self.threads.current().unwrap_or(&self.conn)
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.conn, None).await
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn().ping().await
    }

    /// Starts a transaction for a change. Every write goes through here so that SQLite writers
    /// queue (see `write_lock`).
    pub async fn begin_write(&self) -> Result<WriteTxn, DbErr> {
        let guard = match &self.write_lock {
            Some(lock) => Some(Arc::clone(lock).lock_owned().await),
            None => None,
        };
        let conn = self.writer.as_ref().unwrap_or_else(|| self.conn());
        let txn = match conn.begin().await {
            // A pooled connection cut since its last use (the server restarted) fails at its
            // first statement, and the pool drops it. Nothing was written: begin once more,
            // on another connection (not after waiting for a connection in vain).
            Err(err)
                if database_unavailable(&err) && !matches!(err, DbErr::ConnectionAcquire(_)) =>
            {
                conn.begin().await?
            }
            begun => begun?,
        };
        Ok(WriteTxn { txn, _guard: guard })
    }

    /// Starts a transaction for reads that must see one state of the database (a page and its
    /// list's total). PostgreSQL: repeatable read, read only, so every statement sees the
    /// snapshot of the first. SQLite: a deferred transaction, which reads one snapshot from its
    /// first read on and takes no writer slot.
    pub async fn begin_read(&self) -> Result<DatabaseTransaction, DbErr> {
        match self.backend() {
            DbBackend::Postgres => {
                self.conn()
                    .begin_with_config(
                        Some(IsolationLevel::RepeatableRead),
                        Some(AccessMode::ReadOnly),
                    )
                    .await
            }
            _ => self.conn().begin().await,
        }
    }

    /// How many SQL statements this handle has executed: lets tests prove that a request costs
    /// a constant number of queries.
    pub fn queries_executed(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    pub async fn close(self) -> Result<(), DbErr> {
        if let Some(writer) = self.writer {
            writer.close().await?;
        }
        for (_, conn) in self.threads.all() {
            conn.clone().close().await?;
        }
        self.conn.close().await
    }

    /// The connection pools right now, for monitoring: connections open (in use + idle), idle,
    /// and the configured maximum, over the shared pool and the threads' own.
    pub fn pool_status(&self) -> PoolStatus {
        fn status<DB: sea_orm::sqlx::Database>(pool: &sea_orm::sqlx::Pool<DB>) -> PoolStatus {
            let open = pool.size();
            let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX).min(open);
            PoolStatus {
                in_use: open - idle,
                idle,
                max: pool.options().get_max_connections(),
            }
        }
        let of = |conn: &DatabaseConnection| match conn {
            DatabaseConnection::SqlxSqlitePoolConnection(_) => {
                status(conn.get_sqlite_connection_pool())
            }
            DatabaseConnection::SqlxPostgresPoolConnection(_) => {
                status(conn.get_postgres_connection_pool())
            }
            _ => PoolStatus::default(),
        };
        std::iter::once(&self.conn)
            .chain(self.threads.all().map(|(_, conn)| conn))
            .map(of)
            .fold(PoolStatus::default(), |sum, pool| PoolStatus {
                in_use: sum.in_use + pool.in_use,
                idle: sum.idle + pool.idle,
                max: sum.max + pool.max,
            })
    }
}

/// See [`Database::pool_status`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStatus {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
}

/// A write transaction; holds the SQLite writer slot until it is committed or dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    /// Commits, and on PostgreSQL begins the next transaction on the same connection in the
    /// same round trip: the transaction returned, whose connection stays with the caller
    /// instead of going back to the pool (which checks it with a round trip of its own before
    /// another may use it). On SQLite, a plain commit and none: its writer slot must go back to
    /// the queue between transactions. Either way, when this returns the commit is as durable
    /// as [`WriteTxn::commit`]'s; a failure leaves its outcome unknown, as a failed commit does.
    pub async fn commit_and_begin(self) -> Result<Option<Self>, DbErr> {
        if self.txn.get_database_backend() != DbBackend::Postgres {
            return self.commit().await.map(|()| None);
        }
        self.txn.execute_unprepared("COMMIT; BEGIN").await?;
        Ok(Some(self))
    }

    /// Ends the transaction without its changes, before the SQLite writer slot is released: a
    /// transaction that wrote (even an update that matched no row) and is merely dropped is
    /// rolled back only later, and the next writer would find the database still locked.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &Self::Target {
        &self.txn
    }
}

/// Whether `err` says the database cannot be reached (rather than that a statement failed): no
/// connection to be had, a connection lost under a statement (the server restarted, or an
/// administrator ended the session), or PostgreSQL refusing work while it shuts down or starts.
/// The pool drops broken connections and opens new ones, so these pass once the server is back.
pub fn database_unavailable(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::RuntimeErr;
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Query(RuntimeErr::SqlxError(sqlx)) | DbErr::Exec(RuntimeErr::SqlxError(sqlx)) => {
            sqlx
        }
        _ => return false,
    };
    match sqlx {
        Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
        // SQLSTATE class 08: connection exception; 57P01–57P03: admin/crash shutdown,
        // cannot connect now.
        Sqlx::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// `conn`, its statements counted in `queries` ([`Database::queries_executed`]).
fn counted(queries: &Arc<AtomicU64>, mut conn: DatabaseConnection) -> DatabaseConnection {
    let counter = Arc::clone(queries);
    conn.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    conn
}

/// SQLite creates the database file on demand (`mode=rwc`) but not its directory.
fn ensure_sqlite_directory(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|err| {
                DbErr::Custom(format!("cannot create {}: {err}", parent.display()))
            })?;
        }
    }
    Ok(())
}
