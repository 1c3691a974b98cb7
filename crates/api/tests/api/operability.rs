//! Running the service: Prometheus metrics, request ids in headers, problems and logs, health
//! and readiness, the database going away, graceful shutdown and a clear failure at start.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

async fn scrape(app: &TestApp) -> Response {
    TestApp::read(
        app.client
            .get(format!("{}/metrics", app.base))
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// The value of the sample named exactly `series` (name and labels), if present.
fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|line| {
        let (name, value) = line.rsplit_once(' ')?;
        (name == series).then(|| value.parse().unwrap())
    })
}

async fn board_with_budget(app: &TestApp, name: &str) -> (User, i64) {
    let owner = app.user(name, Some("50.00")).await;
    let board = app.board(&owner, "Operations").await;
    app.budget(&owner, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    (owner, board)
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_status_class() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Counted").await;
    app.get(&format!("/api/v1/boards/{board}"), &ann.token)
        .await
        .expect(200);
    app.get(&format!("/api/v1/boards/{board}"), &ann.token)
        .await
        .expect(200);
    app.get("/api/v1/boards/987654", &ann.token)
        .await
        .expect_problem(403, "board_access_denied");
    app.get("/api/v1/no-such-thing", &ann.token)
        .await
        .expect_problem(404, "not_found");

    let scraped = scrape(&app).await.expect(200);
    assert_eq!(
        scraped.header("content-type").as_deref(),
        Some("text/plain; version=0.0.4")
    );
    let text = &scraped.text;
    let route = r#"method="GET",route="/api/v1/boards/{board_id}""#;
    assert_eq!(
        sample(
            text,
            &format!(r#"http_requests_total{{{route},status="2xx"}}"#)
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            text,
            &format!(r#"http_requests_total{{{route},status="4xx"}}"#)
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            text,
            &format!(r#"http_request_duration_seconds_count{{{route},status="2xx"}}"#)
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            text,
            r#"http_requests_total{method="POST",route="/api/v1/auth/register",status="2xx"}"#
        ),
        Some(1.0),
        "{text}"
    );
    // Raw paths never become labels: no ids, no unknown paths.
    assert!(!text.contains(&format!("/boards/{board}\"")), "{text}");
    assert!(!text.contains("987654"), "{text}");
    assert!(!text.contains("no-such-thing"), "{text}");
    // The pool as the harness configured it; nothing is in use between requests.
    assert_eq!(sample(text, "db_pool_max_connections"), Some(8.0), "{text}");
    // The pool takes a returned connection back on its own task, so the gauge may lag the
    // previous response by a moment: ask again briefly before calling it a leak.
    let mut pool = text.clone();
    for _ in 0..40 {
        if sample(&pool, r#"db_pool_connections{state="in_use"}"#) == Some(0.0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        pool = scrape(&app).await.expect(200).text;
    }
    assert_eq!(
        sample(&pool, r#"db_pool_connections{state="in_use"}"#),
        Some(0.0),
        "{pool}"
    );
    assert!(sample(&pool, r#"db_pool_connections{state="idle"}"#).unwrap() >= 1.0);
}

#[tokio::test]
async fn metrics_count_optimiser_calls_by_provider_operation_and_outcome() {
    let app = TestApp::spawn().await;
    let (ann, board) = board_with_budget(&app, "ann").await;
    for _ in 0..2 {
        app.post(
            &format!("/api/v1/boards/{board}/budget/ai/analyze"),
            &ann.token,
            json!({}),
        )
        .await
        .expect(200);
    }
    app.post(
        &format!("/api/v1/boards/{board}/budget/ai/predict"),
        &ann.token,
        json!({}),
    )
    .await
    .expect(200);
    let text = scrape(&app).await.expect(200).text;
    assert_eq!(
        sample(
            &text,
            r#"optimizer_calls_total{operation="analyze",outcome="ok",provider="builtin"}"#
        ),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"optimizer_calls_total{operation="predict",outcome="ok",provider="builtin"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"optimizer_call_duration_seconds_count{operation="analyze",provider="builtin"}"#
        ),
        Some(2.0),
        "{text}"
    );
}

/// (bootstrap runs, answers that reused an unchanged input's outcome) so far.
async fn bootstrap_counts(app: &TestApp) -> (Option<f64>, Option<f64>) {
    let text = scrape(app).await.expect(200).text;
    (
        sample(&text, "forecast_bootstrap_runs_total"),
        sample(&text, "forecast_bootstrap_reused_total"),
    )
}

#[tokio::test]
async fn the_forecast_runs_again_only_when_its_input_changed() {
    let app = TestApp::spawn().await;
    let (ann, board) = board_with_budget(&app, "ann").await;
    let task = app.task(&ann, board, "Build").await;
    app.log(&ann, board, task, "4.00", "2026-11-20")
        .await
        .expect(201);
    let forecast = format!("/api/v1/boards/{board}/budget/forecast");
    let first = app.get(&forecast, &ann.token).await.expect(200).body;
    assert_eq!(bootstrap_counts(&app).await, (Some(1.0), Some(0.0)));
    assert!(sample(&scrape(&app).await.text, "forecast_bootstrap_seconds_total").unwrap() > 0.0);

    // A new task without an estimate changes the board, not the forecast's input: the outcome
    // is reused, and the answer is the same.
    app.task(&ann, board, "Review").await;
    let again = app.get(&forecast, &ann.token).await.expect(200).body;
    assert_eq!(again, first);
    assert_eq!(bootstrap_counts(&app).await, (Some(1.0), Some(1.0)));

    // Time logged changes the cost so far and the day's cost: the bootstrap runs again.
    app.log(&ann, board, task, "2.00", "2026-11-20")
        .await
        .expect(201);
    let changed = app.get(&forecast, &ann.token).await.expect(200).body;
    assert_ne!(changed["inputs"]["ac"], first["inputs"]["ac"]);
    assert_eq!(bootstrap_counts(&app).await, (Some(2.0), Some(1.0)));
}

#[tokio::test]
async fn metrics_count_the_entry_writers_transactions_and_time_by_step() {
    let app = TestApp::spawn().await;
    let steps = ["begin", "lock", "read", "check", "store", "commit", "alone"];
    let writer_seconds = |text: &str, step: &str| {
        sample(
            text,
            &format!(r#"time_entry_writer_seconds_total{{step="{step}"}}"#),
        )
    };
    let text = scrape(&app).await.expect(200).text;
    assert_eq!(sample(&text, "time_entry_transactions_total"), Some(0.0));
    for step in steps {
        assert_eq!(writer_seconds(&text, step), Some(0.0), "{step}: {text}");
    }

    let (ann, board) = board_with_budget(&app, "ann").await;
    let task = app.task(&ann, board, "Build").await;
    app.log(&ann, board, task, "4.00", "2026-11-20")
        .await
        .expect(201);
    // A lone entry is written in a transaction of its own: its time is the writer's `alone`.
    let text = scrape(&app).await.expect(200).text;
    assert_eq!(sample(&text, "time_entry_transactions_total"), Some(1.0));
    assert_eq!(
        sample(&text, "time_entry_transaction_entries_total"),
        Some(1.0)
    );
    assert!(writer_seconds(&text, "alone").unwrap() > 0.0, "{text}");
    for step in &steps[..6] {
        assert_eq!(writer_seconds(&text, step), Some(0.0), "{step}: {text}");
    }
}

#[tokio::test]
async fn a_failing_llm_is_counted_under_its_provider_and_error() {
    let stub = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(400).set_body_string("bad request"))
        .mount(&stub)
        .await;
    let base = stub.uri();
    let app = TestApp::spawn_configured(engine(), move |s| {
        s.ai_provider = AiProvider::OpenAi;
        s.openai_api_key = Some("test-key".into());
        s.openai_base_url = Some(base);
    })
    .await;
    let (ann, board) = board_with_budget(&app, "ann").await;
    let analysis = app
        .post(
            &format!("/api/v1/boards/{board}/budget/ai/analyze"),
            &ann.token,
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(analysis.body["provenance"]["source"], "builtin");
    let text = scrape(&app).await.expect(200).text;
    assert_eq!(
        sample(
            &text,
            r#"optimizer_calls_total{operation="analyze",outcome="rejected",provider="openai"}"#
        ),
        Some(1.0),
        "{text}"
    );
}

#[tokio::test]
async fn metrics_can_be_turned_off_or_put_behind_a_token() {
    let off = TestApp::spawn_configured(engine(), |s| s.metrics_enabled = false).await;
    scrape(&off).await.expect_problem(404, "not_found");

    let guarded = TestApp::spawn_configured(engine(), |s| {
        s.metrics_token = Some("scrape-secret-123".into());
    })
    .await;
    scrape(&guarded)
        .await
        .expect_problem(401, "unauthenticated");
    let wrong = guarded
        .request(Method::GET, "/metrics", Some("scrape-secret-124"), None)
        .await;
    wrong.expect_problem(401, "unauthenticated");
    let right = guarded
        .request(Method::GET, "/metrics", Some("scrape-secret-123"), None)
        .await
        .expect(200);
    assert!(right.text.contains("http_requests_total"), "{}", right.text);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_problems_quote_it() {
    let app = TestApp::spawn().await;
    let healthy = app
        .request(Method::GET, "/healthz", None, None)
        .await
        .expect(200);
    let generated = healthy.header("x-request-id").unwrap();
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    assert_eq!(generated.matches('-').count(), 4, "a UUID: {generated}");
    let again = app.request(Method::GET, "/healthz", None, None).await;
    assert_ne!(again.header("x-request-id").unwrap(), generated);

    // A caller's sensible id is kept, in the header and in the problem body.
    let response = TestApp::read(
        app.client
            .get(format!("{}/api/v1/me", app.base))
            .header("X-Request-Id", "trace-2026.11:abc_1")
            .send()
            .await
            .unwrap(),
    )
    .await
    .expect_problem(401, "unauthenticated");
    assert_eq!(
        response.header("x-request-id").as_deref(),
        Some("trace-2026.11:abc_1")
    );
    let raw: Value = serde_json::from_str(&response.text).unwrap();
    assert_eq!(raw["request_id"], "trace-2026.11:abc_1");

    // One that could smuggle something into logs is replaced.
    let response = TestApp::read(
        app.client
            .get(format!("{}/api/v1/nowhere", app.base))
            .header("X-Request-Id", "<script>alert(1)</script>")
            .send()
            .await
            .unwrap(),
    )
    .await
    .expect_problem(404, "not_found");
    let replaced = response.header("x-request-id").unwrap();
    assert_eq!(replaced.len(), 36, "{replaced}");
    let raw: Value = serde_json::from_str(&response.text).unwrap();
    assert_eq!(raw["request_id"], replaced.as_str());

    // Validation problems and extractor errors too.
    let ann = app.user("ann", None).await;
    let response = TestApp::read(
        app.client
            .post(format!("{}/api/v1/boards", app.base))
            .bearer_auth(&ann.token)
            .header("X-Request-Id", "bad-body-1")
            .header("Content-Type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(response.status.as_u16(), 400, "{}", response.text);
    let raw: Value = serde_json::from_str(&response.text).unwrap();
    assert_eq!(raw["request_id"], "bad-body-1");
    assert_eq!(raw["code"], "malformed_json");
}

#[tokio::test]
async fn health_and_readiness_answer_while_the_database_is_up() {
    let app = TestApp::spawn().await;
    let live = app
        .request(Method::GET, "/healthz", None, None)
        .await
        .expect(200);
    assert_eq!(live.body, json!({"status": "ok"}));
    let ready = app
        .request(Method::GET, "/readyz", None, None)
        .await
        .expect(200);
    assert_eq!(ready.body, json!({"status": "ok"}));
}

#[tokio::test]
async fn a_database_gone_mid_run_is_503_database_unavailable_not_500() {
    let app = TestApp::spawn().await;
    let (ann, board) = board_with_budget(&app, "ann").await;
    let task = app.task(&ann, board, "Still here").await;
    // Closing the pool: every later query finds no connection, as when the server is gone.
    app.domain.db.clone().close().await.unwrap();

    app.request(Method::GET, "/readyz", None, None)
        .await
        .expect_problem(503, "database_unavailable");
    // Liveness is about the process, not its dependencies.
    app.request(Method::GET, "/healthz", None, None)
        .await
        .expect(200);
    app.get("/api/v1/me", &ann.token)
        .await
        .expect_problem(503, "database_unavailable");
    app.get(
        &format!("/api/v1/boards/{board}/budget/metrics"),
        &ann.token,
    )
    .await
    .expect_problem(503, "database_unavailable");
    app.log(&ann, board, task, "1.00", TODAY)
        .await
        .expect_problem(503, "database_unavailable");
    app.request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(&json!({"email": ann.email, "password": "a-long-password-1"})),
    )
    .await
    .expect_problem(503, "database_unavailable");
}

/// PostgreSQL only: the server refuses connections to the database (as while it restarts),
/// the live connections are cut; the API answers 503 and writes nothing; once connections are
/// allowed again the pool reconnects by itself.
#[tokio::test]
async fn on_postgresql_the_api_recovers_when_the_database_comes_back() {
    if engine() != Engine::Postgres {
        return;
    }
    let app = TestApp::spawn().await;
    let (ann, board) = board_with_budget(&app, "ann").await;
    let task = app.task(&ann, board, "Survives").await;
    app.log(&ann, board, task, "1.00", TODAY).await.expect(201);

    use sea_orm::{ConnectionTrait, Statement};
    let database: String = app
        .domain
        .db
        .conn()
        .query_one(Statement::from_string(
            app.domain.db.backend(),
            "SELECT current_database() AS name",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "name")
        .unwrap();
    let admin = sea_orm::Database::connect(std::env::var("TEST_PG_URL").unwrap().as_str())
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS false"
        ))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();

    let started = Instant::now();
    app.request(Method::GET, "/readyz", None, None)
        .await
        .expect_problem(503, "database_unavailable");
    app.get(
        &format!("/api/v1/boards/{board}/budget/metrics"),
        &ann.token,
    )
    .await
    .expect_problem(503, "database_unavailable");
    app.log(&ann, board, task, "2.00", TODAY)
        .await
        .expect_problem(503, "database_unavailable");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refusals are quick, not timeouts: {:?}",
        started.elapsed()
    );

    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS true"
        ))
        .await
        .unwrap();
    admin.close().await.unwrap();
    app.request(Method::GET, "/readyz", None, None)
        .await
        .expect(200);
    let metrics = app.metrics(&ann, board).await;
    // 1 h at 50.00: the refused 2 h entry was never written.
    assert_eq!(metrics["spent"], "50.00", "{metrics}");
    let entries = app
        .get(
            &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(
        entries.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        entries.text
    );
    // Time entries are written on a connection of their own, cut with the others: the next
    // entry is written on a new one.
    app.log(&ann, board, task, "3.00", TODAY).await.expect(201);
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "200.00", "{metrics}");
}

/// PostgreSQL only: a thread that runs a runtime of its own (as each request worker does) and
/// has a pool of its own sends its statements through that pool; other threads use the shared
/// one.
#[tokio::test]
async fn on_postgresql_a_thread_with_a_pool_of_its_own_uses_it() {
    if engine() != Engine::Postgres {
        return;
    }
    let app = TestApp::spawn().await;
    let db = app.domain.db.clone();
    let pool_max = |conn: &sea_orm::DatabaseConnection| {
        conn.get_postgres_connection_pool()
            .options()
            .get_max_connections()
    };
    let shared = pool_max(db.conn());
    let before = db.pool_status();
    let (own, during) = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            db.open_thread_pool(1);
            db.ping().await.unwrap();
            (pool_max(db.conn()), db.pool_status())
        })
    })
    .join()
    .unwrap();
    assert_ne!(shared, 1);
    assert_eq!(own, 1, "the thread's statements go through its own pool");
    assert_eq!(during.max, before.max + 1);
    assert_eq!(pool_max(app.domain.db.conn()), shared);
}

/// The real binary, with its output collected line by line.
struct Server {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(envs: &[(&str, String)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_budget-server"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("budget-server starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let lines = Arc::clone(&lines);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        Self { child, lines }
    }

    fn output(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    /// Waits for a line satisfying `matches`.
    async fn line(&self, within: Duration, matches: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(line) = self.lines.lock().unwrap().iter().find(|l| matches(l)) {
                return Some(line.clone());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    /// The exit status, once the process has ended within `within`.
    async fn exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn sigterm_lets_an_in_flight_request_finish_then_exits_cleanly() {
    // A slow LLM keeps an optimiser request in flight for two seconds.
    let stub = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"unexpected": true}))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&stub)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&[
        (
            "DATABASE_URL",
            format!("sqlite://{}/server.db?mode=rwc", dir.path().display()),
        ),
        ("JWT_SECRET", SECRET.to_owned()),
        ("BIND", "127.0.0.1:0".to_owned()),
        ("LOG_FORMAT", "json".to_owned()),
        ("RUST_LOG", "info".to_owned()),
        ("WEB_DIST_DIR", "/nonexistent-web-app".to_owned()),
        ("TODAY", TODAY.to_owned()),
        ("AI_PROVIDER", "openai".to_owned()),
        ("OPENAI_API_KEY", "test-key".to_owned()),
        ("OPENAI_BASE_URL", stub.uri()),
        ("SHUTDOWN_TIMEOUT_SECS", "10".to_owned()),
    ]);
    let serving = server
        .line(Duration::from_secs(30), |l| l.contains("\"serving\""))
        .await
        .unwrap_or_else(|| panic!("no 'serving' line:\n{}", server.output()));
    let serving: Value = serde_json::from_str(&serving).unwrap();
    let port = serving["fields"]["port"].as_u64().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();

    let session = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "ops@example.com", "password": "a-long-password-1", "display_name": "Ops"}))
        .send()
        .await
        .unwrap();
    assert_eq!(session.status().as_u16(), 201);
    let token = session.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let board = client
        .post(format!("{base}/api/v1/boards"))
        .bearer_auth(&token)
        .json(&json!({"name": "Shutdown"}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let budget = client
        .put(format!("{base}/api/v1/boards/{board}/budget"))
        .bearer_auth(&token)
        .json(&json!({"allocated_budget": "1000.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(budget.status().as_u16(), 201);

    let in_flight = tokio::spawn({
        let client = client.clone();
        let url = format!("{base}/api/v1/boards/{board}/budget/ai/analyze");
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .header("X-Request-Id", "in-flight-1")
                .send()
                .await
        }
    });
    // Signal only once the request is waiting on the LLM.
    let deadline = Instant::now() + Duration::from_secs(10);
    while stub
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty()
    {
        assert!(Instant::now() < deadline, "the LLM was never called");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let signalled = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());

    let answer = in_flight
        .await
        .unwrap()
        .expect("the in-flight request is answered");
    assert_eq!(answer.status().as_u16(), 200);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["provenance"]["source"], "builtin", "{body}");
    let status = server
        .exit(Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("still running 10 s after SIGTERM:\n{}", server.output()));
    assert_eq!(status.code(), Some(0), "{}", server.output());
    let output = server.output();
    assert!(output.contains("\"server stopped\""), "{output}");
    // The JSON log line of the request carries its id.
    let logged = output
        .lines()
        .filter(|l| l.contains("\"request served\""))
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["span"]["request_id"] == "in-flight-1")
        .unwrap_or_else(|| panic!("no log line for request in-flight-1:\n{output}"));
    assert_eq!(logged["fields"]["status"], 200);
    assert_eq!(
        logged["span"]["http.route"],
        "/api/v1/boards/{board_id}/budget/ai/analyze"
    );
}

#[tokio::test]
async fn an_unreachable_database_at_start_is_a_clear_error() {
    let mut server = Server::start(&[
        (
            "DATABASE_URL",
            // Port 1 on the loopback: nothing listens there.
            "postgres://budget:hunter2@127.0.0.1:1/budget".to_owned(),
        ),
        ("JWT_SECRET", SECRET.to_owned()),
        ("BIND", "127.0.0.1:0".to_owned()),
    ]);
    let status = server
        .exit(Duration::from_secs(30))
        .await
        .unwrap_or_else(|| panic!("still running:\n{}", server.output()));
    // The output threads may lag the exit by a moment.
    let line = server
        .line(Duration::from_secs(2), |l| {
            l.contains("cannot connect to the database")
        })
        .await
        .unwrap_or_else(|| panic!("no clear message:\n{}", server.output()));
    assert_eq!(status.code(), Some(1));
    assert!(
        line.starts_with(
            "budget-server: cannot connect to the database at postgres://budget:***@127.0.0.1:1/budget"
        ),
        "{line}"
    );
    assert!(!server.output().contains("hunter2"), "{}", server.output());
}
