//! The test harness: a running app per test, a client, and shortcuts for the common setup.

use std::sync::atomic::{AtomicU64, Ordering};

pub use budget_api::configuration::{AiProvider, LogFormat, Settings};
use budget_api::startup::Application;
use budget_domain::{Clock, Domain};
use chrono::NaiveDate;
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

/// Every test runs on this calendar day, so dates and burn windows are reproducible.
pub const TODAY: &str = "2026-11-25";
pub const SECRET: &str = "integration-test-secret-0123456789abcdef";

pub fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The engine chosen for this run. A PostgreSQL run without a server is an error, not a skip.
pub fn engine() -> Engine {
    match std::env::var("TEST_DATABASE").as_deref() {
        Ok("postgres") => Engine::Postgres,
        Ok("sqlite") | Err(_) => Engine::Sqlite,
        Ok(other) => panic!("TEST_DATABASE must be sqlite or postgres, not {other}"),
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub domain: Domain,
    pub engine: Engine,
    /// The database the app runs on (for a second handle on it).
    pub database_url: String,
    _dir: Option<tempfile::TempDir>,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Response {
    /// Asserts the status, printing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// Asserts a problem+json error with this status and code.
    #[track_caller]
    pub fn expect_problem(self, status: u16, code: &str) -> Self {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text
        );
        assert_eq!(
            self.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json"),
            "not problem+json: {}",
            self.text
        );
        assert_eq!(self.body["code"], code, "body: {}", self.text);
        assert_eq!(self.body["status"], status);
        self
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The failing fields of a validation problem, as (field, code) pairs.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        (
                            e["field"].as_str().unwrap_or_default().to_owned(),
                            e["code"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

static DATABASES: AtomicU64 = AtomicU64::new(0);

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(engine()).await
    }

    pub async fn spawn_on(engine: Engine) -> Self {
        Self::spawn_configured(engine, |_| {}).await
    }

    /// An app without the work the server does on its own (the webhook dispatcher's polls, the
    /// alert evaluations after a write and their sweep), for tests that count the statements a
    /// request costs: with it, a poll could land among them.
    pub async fn spawn_quiet() -> Self {
        Self::spawn_configured(engine(), |settings| {
            settings.webhook_dispatcher = false;
            settings.alert_sweep_secs = 0;
            // Longer than any test: the evaluations after a write never start.
            settings.alert_evaluation_delay_ms = 3_600_000;
        })
        .await
    }

    /// An app whose settings the test adjusts (e.g. the optimiser's provider).
    pub async fn spawn_configured(engine: Engine, configure: impl FnOnce(&mut Settings)) -> Self {
        let (database_url, dir) = match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
                (url, Some(dir))
            }
            Engine::Postgres => (fresh_postgres_database().await, None),
        };
        Self::spawn_with(engine, database_url, dir, configure).await
    }

    /// An app on a database the test provides (a PostgreSQL server of its own, say).
    pub async fn spawn_on_database(engine: Engine, database_url: String) -> Self {
        Self::spawn_with(engine, database_url, None, |_| {}).await
    }

    async fn spawn_with(
        engine: Engine,
        database_url: String,
        dir: Option<tempfile::TempDir>,
        configure: impl FnOnce(&mut Settings),
    ) -> Self {
        let mut settings = Settings {
            database_url: database_url.clone().into(),
            database_max_connections: 8,
            bind: "127.0.0.1:0".to_owned(),
            jwt_secret: Some(SECRET.into()),
            jwt_ttl_secs: 3_600,
            dev_mode: false,
            web_dist_dir: "/nonexistent-web-app".to_owned(),
            log_format: LogFormat::Pretty,
            max_body_bytes: 64 * 1024,
            today: Some(today()),
            // Tests register and call the optimiser freely; the limits have their own tests.
            rate_limit_login_per_minute: 0,
            rate_limit_optimizer_per_minute: 0,
            login_backoff_free_failures: 0,
            ..Settings::default()
        };
        configure(&mut settings);
        let app = Application::build(&settings, Clock::fixed_on(today()))
            .await
            .expect("the app starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let domain = app.domain().clone();
        tokio::spawn(app.into_server());
        Self {
            base,
            // Idle connections are dropped well before the server's 5-second keep-alive ends
            // them, so a request after a long pause never goes out on a connection being closed.
            client: reqwest::Client::builder()
                .pool_idle_timeout(std::time::Duration::from_secs(2))
                .build()
                .expect("test HTTP client"),
            domain,
            engine,
            database_url,
            _dir: dir,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut builder = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            builder = builder.bearer_auth(token);
        }
        if let Some(body) = body {
            builder = builder.json(body);
        }
        Self::read(builder.send().await.expect("request sent")).await
    }

    pub async fn read(response: reqwest::Response) -> Response {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body read");
        let mut body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        // A problem's request_id differs on every request; tests comparing two answers compare
        // what they say. `text` keeps it (observability.rs checks it).
        let problem = headers
            .get("content-type")
            .is_some_and(|v| v.as_bytes() == b"application/problem+json");
        if let (true, Some(fields)) = (problem, body.as_object_mut()) {
            fields.remove("request_id");
        }
        Response {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(token), Some(&body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::PUT, path, Some(token), Some(&body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::PATCH, path, Some(token), Some(&body))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.request(Method::DELETE, path, Some(token), None).await
    }

    /// Registers a user and returns their session token and id.
    pub async fn user(&self, name: &str, default_rate: Option<&str>) -> User {
        let email = format!("{name}@example.com");
        let response = self
            .request(
                Method::POST,
                "/api/v1/auth/register",
                None,
                Some(&json!({
                    "email": email,
                    "password": "a-long-password-1",
                    "display_name": name,
                    "default_hourly_rate": default_rate,
                })),
            )
            .await
            .expect(201);
        User {
            id: response.body["user"]["id"].as_i64().unwrap(),
            token: response.body["access_token"].as_str().unwrap().to_owned(),
            email,
        }
    }

    pub async fn board(&self, owner: &User, name: &str) -> i64 {
        let body = json!({"name": name, "start_date": "2026-09-01", "due_date": "2027-01-31"});
        self.new_board(owner, body).await
    }

    /// A board created from this body (`name`, and any of `organization_id`, `start_date`…):
    /// its id.
    pub async fn new_board(&self, owner: &User, body: Value) -> i64 {
        self.post("/api/v1/boards", &owner.token, body)
            .await
            .expect(201)
            .body["id"]
            .as_i64()
            .unwrap()
    }

    /// Takes the schema back to before the migration whose name ends with `suffix`, that one
    /// undone too ([`TestApp::schema_forward`] brings it back).
    pub async fn schema_back_before(&self, suffix: &str) {
        use migration::MigratorTrait;
        let names: Vec<String> = migration::Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        let position = names
            .iter()
            .position(|n| n.ends_with(suffix))
            .unwrap_or_else(|| panic!("no migration's name ends with {suffix}"));
        let newer = u32::try_from(names.len() - position).unwrap();
        migration::Migrator::down(self.domain.db.conn(), Some(newer))
            .await
            .unwrap();
    }

    /// Runs every migration not applied yet.
    pub async fn schema_forward(&self) {
        use migration::MigratorTrait;
        migration::Migrator::up(self.domain.db.conn(), None)
            .await
            .unwrap();
    }

    /// A board-level billable rate of `rate` from `valid_from`, added by `admin`.
    pub async fn billable_rate(&self, admin: &User, board: i64, valid_from: &str, rate: &str) {
        self.post(
            &format!("/api/v1/boards/{board}/rates"),
            &admin.token,
            json!({"level": "board", "valid_from": valid_from, "billable_rate": rate}),
        )
        .await
        .expect(201);
    }

    /// A board of the organisation `org` from `start_date`, with a budget of `allocated` euros:
    /// its id.
    pub async fn euro_board(
        &self,
        owner: &User,
        org: i64,
        name: &str,
        start_date: &str,
        allocated: &str,
    ) -> i64 {
        let board = self
            .new_board(
                owner,
                json!({"name": name, "organization_id": org, "start_date": start_date}),
            )
            .await;
        self.budget(
            owner,
            board,
            json!({"allocated_budget": allocated, "currency": "EUR"}),
        )
        .await
        .expect(201);
        board
    }

    pub async fn member(
        &self,
        admin: &User,
        board: i64,
        who: &User,
        role: &str,
        rate: Option<&str>,
    ) {
        self.post(
            &format!("/api/v1/boards/{board}/members"),
            &admin.token,
            json!({"email": who.email, "role": role, "hourly_rate": rate}),
        )
        .await
        .expect(201);
    }

    /// A new organisation with `owner` as its admin: its id.
    pub async fn organization(&self, owner: &User, name: &str) -> i64 {
        self.post("/api/v1/organizations", &owner.token, json!({"name": name}))
            .await
            .expect(201)
            .body["id"]
            .as_i64()
            .unwrap()
    }

    /// An invitation of `email` to the organisation as `role`: its token.
    pub async fn invite(&self, admin: &User, org: i64, email: &str, role: &str) -> String {
        self.post(
            &format!("/api/v1/organizations/{org}/invitations"),
            &admin.token,
            json!({"email": email, "role": role}),
        )
        .await
        .expect(201)
        .body["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Adds `who` to the organisation as `role` (`member` or `admin`): invited, then accepted.
    pub async fn org_join(&self, admin: &User, org: i64, who: &User, role: &str) {
        let token = self.invite(admin, org, &who.email, role).await;
        self.post(
            "/api/v1/invitations/accept",
            &who.token,
            json!({ "token": token }),
        )
        .await
        .expect(200);
    }

    /// A personal access token of `user`: (token, id).
    pub async fn access_token(&self, user: &User, scope: &str) -> (String, i64) {
        let created = self
            .post(
                "/api/v1/me/tokens",
                &user.token,
                json!({"name": format!("{scope} token"), "scope": scope}),
            )
            .await
            .expect(201);
        (
            created.body["token"].as_str().unwrap().to_owned(),
            created.body["id"].as_i64().unwrap(),
        )
    }

    pub async fn task(&self, user: &User, board: i64, title: &str) -> i64 {
        self.post(
            &format!("/api/v1/boards/{board}/tasks"),
            &user.token,
            json!({"title": title}),
        )
        .await
        .expect(201)
        .body["id"]
            .as_i64()
            .unwrap()
    }

    pub async fn budget(&self, user: &User, board: i64, body: Value) -> Response {
        self.put(&format!("/api/v1/boards/{board}/budget"), &user.token, body)
            .await
    }

    pub async fn cost(&self, user: &User, board: i64, task: i64, body: Value) -> Response {
        self.put(
            &format!("/api/v1/boards/{board}/tasks/{task}/cost"),
            &user.token,
            body,
        )
        .await
    }

    /// Records an expense on a task (`category`, `amount`, and any of `currency`,
    /// `incurred_on`, `is_billable`, `markup_percent`, `note`).
    pub async fn expense(&self, user: &User, board: i64, task: i64, body: Value) -> Response {
        self.post(
            &format!("/api/v1/boards/{board}/tasks/{task}/expenses"),
            &user.token,
            body,
        )
        .await
    }

    pub async fn log(
        &self,
        user: &User,
        board: i64,
        task: i64,
        hours: &str,
        date: &str,
    ) -> Response {
        self.post(
            &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
            &user.token,
            json!({"hours": hours, "work_date": date}),
        )
        .await
    }

    pub async fn metrics(&self, user: &User, board: i64) -> Value {
        self.get(
            &format!("/api/v1/boards/{board}/budget/metrics"),
            &user.token,
        )
        .await
        .expect(200)
        .body
    }

    pub async fn analytics(&self, user: &User, board: i64) -> Value {
        self.get(
            &format!("/api/v1/boards/{board}/budget/analytics"),
            &user.token,
        )
        .await
        .expect(200)
        .body
    }

    /// Runs one of the optimiser's operations (`analyze`, `recommendations`, `predict`,
    /// `learn-patterns`, `optimize-resources`) on the board.
    pub async fn ai(&self, user: &User, board: i64, operation: &str) -> Response {
        self.post(
            &format!("/api/v1/boards/{board}/budget/ai/{operation}"),
            &user.token,
            json!({}),
        )
        .await
    }

    /// Generates the board's recommendations (a budget must exist); the batch's body.
    pub async fn recommendations(&self, user: &User, board: i64) -> Value {
        self.ai(user, board, "recommendations")
            .await
            .expect(200)
            .body
    }

    pub fn queries(&self) -> u64 {
        self.domain.db.queries_executed()
    }

    /// Runs raw SQL, for setting up data the API deliberately cannot create (old dates).
    pub async fn sql(&self, statement: &str) {
        let conn = self.domain.db.conn();
        conn.execute_unprepared(statement).await.unwrap();
    }

    /// The single integer a raw SQL query answers (a count, a sum), to check stored state.
    pub async fn sql_number(&self, query: &str) -> i64 {
        let conn = self.domain.db.conn();
        let row = conn
            .query_one(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                query,
            ))
            .await
            .unwrap()
            .expect("the query answers one row");
        row.try_get_by_index::<i64>(0).unwrap()
    }
}

/// (field, code) pairs as [`Response::field_errors`] lists them.
pub fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(field, code)| ((*field).to_owned(), (*code).to_owned()))
        .collect()
}

/// The same JWT with one character of its signature changed.
pub fn tamper(jwt: &str) -> String {
    let signature_start = jwt.rfind('.').unwrap() + 1;
    let at = signature_start + 10;
    let mut bytes = jwt.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: i64,
    pub token: String,
    pub email: String,
}

/// Creates an empty database on the PostgreSQL server named by `TEST_PG_URL`.
async fn fresh_postgres_database() -> String {
    let admin_url = std::env::var("TEST_PG_URL").expect(
        "TEST_DATABASE=postgres needs TEST_PG_URL (scripts/with-postgres.sh starts a server and sets it)",
    );
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        DATABASES.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros()
    );
    let admin = sea_orm::Database::connect(admin_url.as_str())
        .await
        .expect("PostgreSQL at TEST_PG_URL is reachable");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("can create a test database");
    admin.close().await.ok();
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("TEST_PG_URL ends in /<database>");
    format!("{base}/{name}")
}

/// Holds what every write of `person`'s time waits for (SQLite's one writer; on PostgreSQL the
/// lock on the person that logging takes), until the returned transaction ends.
pub async fn hold_the_writer(app: &TestApp, person: &User) -> budget_domain::db::WriteTxn {
    use sea_orm::ConnectionTrait;
    let held = app.domain.db.begin_write().await.unwrap();
    if held.get_database_backend() == sea_orm::DbBackend::Postgres {
        held.execute_unprepared(&format!(
            "SELECT id FROM app_user WHERE id = {} FOR UPDATE",
            person.id
        ))
        .await
        .unwrap();
    }
    held
}

/// Sends `first`, then (once the writer has taken it and waits for `held`) `rest` at once, then
/// lets the writer go: `rest` waits in the queue meanwhile and is written together. Each answer
/// as (status, body), in the order sent.
pub async fn while_held(
    app: &TestApp,
    held: budget_domain::db::WriteTxn,
    first: reqwest::RequestBuilder,
    rest: Vec<reqwest::RequestBuilder>,
) -> Vec<(u16, serde_json::Value)> {
    async fn answer(request: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or_default())
    }
    // Until the writer has taken `entries` and `waiting` wait behind them.
    let until = |entries: u64, waiting: u64| async move {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let stats = app.domain.entry_groups.stats();
            if (stats.entries, stats.waiting) == (entries, waiting) {
                return stats;
            }
            assert!(std::time::Instant::now() < deadline, "{stats:?}");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    let before = app.domain.entry_groups.stats();
    let first = tokio::spawn(answer(first));
    // Taken by the writer, which now waits for `held`.
    until(before.entries + 1, 0).await;
    let queued = rest.len() as u64;
    let rest: Vec<_> = rest.into_iter().map(|r| tokio::spawn(answer(r))).collect();
    let stats = until(before.entries + 1, queued).await;
    assert_eq!(
        stats.transactions, before.transactions,
        "nothing is written while the writer is held"
    );
    held.rollback().await.unwrap();
    let mut answers = vec![first.await.unwrap()];
    for request in rest {
        answers.push(request.await.unwrap());
    }
    answers
}
