//! Faults under load: the database crashing while people log time, and an LLM
//! provider that hangs or talks nonsense while others read their dashboards.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Days;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::pg_cluster::PgCluster;
use crate::support::{engine, today, AiProvider, Engine, TestApp, User};

const WRITERS: u64 = 16;
const ENTRIES_PER_WRITER: u64 = 20;

/// What the writers saw.
#[derive(Default)]
struct Tally {
    acknowledged: AtomicU64,
    /// 503 problem answers while the database was away.
    unavailable: AtomicU64,
    /// Connections refused or cut (none expected: the API stays up).
    transport_errors: AtomicU64,
}

/// One writer: logs its entries in order, each under its own `Idempotency-Key`, retrying an
/// entry until it is acknowledged, as a careful client does. Returns the acknowledged ids.
async fn writer(
    app: Arc<TestApp>,
    ann: Arc<User>,
    board: i64,
    task: i64,
    number: u64,
    tally: Arc<Tally>,
) -> Vec<i64> {
    let url = format!(
        "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
        app.base
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut ids = Vec::new();
    for i in 0..ENTRIES_PER_WRITER {
        // One entry per day, so the 24-hours-a-day rule never enters into it.
        let day = today()
            .checked_sub_days(Days::new(number * ENTRIES_PER_WRITER + i))
            .unwrap();
        let body =
            json!({"hours": "0.25", "work_date": day, "description": format!("w{number} e{i}")});
        let key = format!("crash-{number}-{i}");
        loop {
            assert!(
                Instant::now() < deadline,
                "writer {number} gave up on entry {i}"
            );
            let sent = app
                .client
                .post(&url)
                .bearer_auth(&ann.token)
                .header("Idempotency-Key", &key)
                .timeout(Duration::from_secs(20))
                .json(&body)
                .send()
                .await;
            match sent {
                Ok(response) => {
                    let response = TestApp::read(response).await;
                    match response.status.as_u16() {
                        200 | 201 => {
                            ids.push(response.body["id"].as_i64().expect("an entry id"));
                            tally.acknowledged.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                        503 => {
                            assert_eq!(
                                response.body["code"], "database_unavailable",
                                "{}",
                                response.text
                            );
                            tally.unavailable.fetch_add(1, Ordering::SeqCst);
                        }
                        other => panic!("writer {number}, entry {i}: {other} {}", response.text),
                    }
                }
                Err(_) => {
                    tally.transport_errors.fetch_add(1, Ordering::SeqCst);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    ids
}

/// PostgreSQL is killed (SIGKILL to every process of the server: no shutdown, no checkpoint)
/// while 16 clients log time, and started again: crash recovery must keep every write the API
/// acknowledged, the API must answer 503 (never 500) meanwhile and recover by itself, and
/// retried writes must not double (idempotency keys). The totals kept by triggers must equal
/// the entries afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_entries_survive_postgresql_killed_under_16_writers() {
    if engine() != Engine::Postgres {
        return;
    }
    let mut cluster = PgCluster::start();
    let admin = sea_orm::Database::connect(cluster.admin_url())
        .await
        .unwrap();
    admin
        .execute_unprepared("CREATE DATABASE crash")
        .await
        .unwrap();
    admin.close().await.unwrap();
    let app = Arc::new(TestApp::spawn_on_database(Engine::Postgres, cluster.url("crash")).await);
    let ann = Arc::new(app.user("ann", Some("50.00")).await);
    let board = app.board(&ann, "Crash").await;
    let mut tasks = Vec::new();
    for n in 0..4 {
        tasks.push(app.task(&ann, board, &format!("Task {n}")).await);
    }

    let tally = Arc::new(Tally::default());
    let writers: Vec<_> = (0..WRITERS)
        .map(|number| {
            let task = tasks[usize::try_from(number).unwrap() % tasks.len()];
            tokio::spawn(writer(
                Arc::clone(&app),
                Arc::clone(&ann),
                board,
                task,
                number,
                Arc::clone(&tally),
            ))
        })
        .collect();

    // Crash a quarter of the way in. The writes in flight then are refused (503); the ones that
    // follow wait for a connection (the pool's acquire timeout is longer than the outage) and
    // go through once the server is back.
    let total = WRITERS * ENTRIES_PER_WRITER;
    let started = Instant::now();
    while tally.acknowledged.load(Ordering::SeqCst) < total / 4 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the writers do not progress"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let at_crash = tally.acknowledged.load(Ordering::SeqCst);
    cluster.kill();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    cluster.resume();

    let mut acknowledged = BTreeSet::new();
    for writer in writers {
        for id in writer.await.expect("a writer finished") {
            assert!(acknowledged.insert(id), "entry {id} acknowledged twice");
        }
    }
    let unavailable = tally.unavailable.load(Ordering::SeqCst);
    println!(
        "killed after {at_crash} of {total} acknowledged writes; {unavailable} answers 503 \
         while the database was down and recovering"
    );
    assert!(at_crash < total, "the crash came before the end");
    assert!(
        unavailable > 0,
        "the writes in flight at the crash were refused with 503"
    );
    assert_eq!(
        tally.transport_errors.load(Ordering::SeqCst),
        0,
        "the API itself stayed up"
    );
    assert_eq!(acknowledged.len() as u64, total);

    // Every acknowledged entry is stored, nothing else is, and the totals are exact.
    let stored: BTreeSet<i64> = app
        .domain
        .db
        .conn()
        .query_all(sea_orm::Statement::from_string(
            app.domain.db.backend(),
            format!("SELECT id FROM time_entry WHERE board_id = {board}"),
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<i64>(0).unwrap())
        .collect();
    assert_eq!(stored, acknowledged);
    let metrics = app.metrics(&ann, board).await;
    // 320 × 0.25 h = 80 h at 50.00.
    assert_eq!(metrics["spent_hours"], "80.00", "{metrics}");
    assert_eq!(metrics["spent"], "4000.00", "{metrics}");
    for (table, what, of_entries) in [
        ("task_sums", "centihours", "centihours"),
        ("task_sums", "labour_cents", "labour_cost_cents"),
        ("board_day_labour", "centihours", "centihours"),
        ("board_day_labour", "labour_cost_cents", "labour_cost_cents"),
    ] {
        let kept = app
            .sql_number(&format!(
                "SELECT CAST(COALESCE(SUM({what}), 0) AS BIGINT) FROM {table} WHERE board_id = {board}"
            ))
            .await;
        let summed = app
            .sql_number(&format!(
                "SELECT CAST(COALESCE(SUM({of_entries}), 0) AS BIGINT) FROM time_entry \
                 WHERE board_id = {board}"
            ))
            .await;
        assert_eq!(kept, summed, "{table}.{what}");
    }
    let recovered = cluster.log();
    assert!(
        recovered.contains("database system was interrupted")
            || recovered.contains("not properly shut down"),
        "the restart was a crash recovery:\n{recovered}"
    );
}

// ---------------------------------------------------------------------------------------------
// An LLM provider that misbehaves while others use the API

const GEMINI_PATH: &str = "/v1beta/models/gemini-2.0-flash:generateContent";
const OPTIMISER_CALLS: usize = 12;
const READS: usize = 60;

/// Runs [`OPTIMISER_CALLS`] optimiser calls against a provider answering `provider` and, at the
/// same time, [`READS`] dashboard reads; returns the slowest read and how long the optimiser
/// calls took in all. Every answer must be 200: the optimiser falls back to its builtin engine.
async fn optimiser_under_load(provider: ResponseTemplate) -> (Duration, Duration, Vec<Value>) {
    let stub = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(GEMINI_PATH))
        .respond_with(provider)
        .mount(&stub)
        .await;
    let base = stub.uri();
    let app = Arc::new(
        TestApp::spawn_configured(engine(), move |s| {
            s.ai_provider = AiProvider::Gemini;
            s.gemini_api_key = Some("test-gemini-key".into());
            s.gemini_base_url = Some(base);
            s.ai_timeout_secs = 2;
            s.ai_max_concurrent = 2;
        })
        .await,
    );
    let ann = Arc::new(app.user("ann", Some("50.00")).await);
    let board = app.board(&ann, "Busy").await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Work").await;
    app.log(&ann, board, task, "4.00", crate::support::TODAY)
        .await
        .expect(201);

    let started = Instant::now();
    let optimiser: Vec<_> = (0..OPTIMISER_CALLS)
        .map(|_| {
            let (app, ann) = (Arc::clone(&app), Arc::clone(&ann));
            tokio::spawn(async move {
                app.post(
                    &format!("/api/v1/boards/{board}/budget/ai/recommendations"),
                    &ann.token,
                    json!({}),
                )
                .await
                .expect(200)
                .body
            })
        })
        .collect();
    // Reads start once the optimiser calls are in flight, and go on while they are.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut slowest_read = Duration::ZERO;
    for n in 0..READS {
        let path = if n % 2 == 0 {
            format!("/api/v1/boards/{board}/budget/metrics")
        } else {
            format!("/api/v1/boards/{board}/budget/analytics")
        };
        let sent = Instant::now();
        app.get(&path, &ann.token).await.expect(200);
        slowest_read = slowest_read.max(sent.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut answers = Vec::new();
    for call in optimiser {
        answers.push(call.await.expect("an optimiser call finished"));
    }
    (slowest_read, started.elapsed(), answers)
}

/// A provider that never answers in time: two calls at a time wait for it (two attempts of 2 s
/// each), the others find no free slot and get the builtin answer at once. Reads never queue
/// behind any of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hanging_llm_never_blocks_other_requests() {
    let hanging = ResponseTemplate::new(200).set_delay(Duration::from_secs(60));
    let (slowest_read, optimiser_took, answers) = optimiser_under_load(hanging).await;
    assert!(
        slowest_read < Duration::from_secs(1),
        "a read waited {slowest_read:?} behind the hanging provider"
    );
    assert!(
        optimiser_took < Duration::from_secs(20),
        "the optimiser calls took {optimiser_took:?}"
    );
    for answer in &answers {
        assert_eq!(answer["provenance"]["source"], "builtin", "{answer}");
        assert!(!answer["recommendations"].as_array().unwrap().is_empty());
    }
    let reasons: BTreeSet<&str> = answers
        .iter()
        .map(|a| {
            a["provenance"]["fallback_reason"]
                .as_str()
                .unwrap_or_default()
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.ends_with("AI provider did not answer in time")),
        "some calls waited for the provider: {reasons:?}"
    );
    assert!(
        reasons.contains("the LLM is busy with other requests"),
        "the rest did not queue behind them: {reasons:?}"
    );
}

/// A provider that answers at once with nonsense: every call falls back to builtin, and reads
/// are unaffected.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_llm_answering_garbage_under_load_falls_back_and_never_blocks() {
    let garbage = ResponseTemplate::new(200).set_body_string("<html>502 from a proxy</html>");
    let (slowest_read, optimiser_took, answers) = optimiser_under_load(garbage).await;
    assert!(slowest_read < Duration::from_secs(1), "{slowest_read:?}");
    assert!(
        optimiser_took < Duration::from_secs(10),
        "{optimiser_took:?}"
    );
    for answer in &answers {
        assert_eq!(answer["provenance"]["source"], "builtin", "{answer}");
        assert!(
            !answer["provenance"]["fallback_reason"]
                .as_str()
                .unwrap_or_default()
                .is_empty(),
            "{answer}"
        );
    }
}
