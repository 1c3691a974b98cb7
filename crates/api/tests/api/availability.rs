//! Availability: what one client, or one request, can make the server do is bounded. Password
//! work runs in a bounded pool (503 when full), failed sign-ins of one account slow down, a
//! slow body is cut (408), statements have a time limit on PostgreSQL, a board's tasks and
//! ROI snapshots are capped, and idempotency records and expired tokens do not pile up.

use std::time::Duration;

use budget_contract::limits::{MAX_ROI_SNAPSHOTS_PER_BOARD, MAX_TASKS_PER_BOARD};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::*;

async fn login(app: &TestApp, email: &str, password: &str) -> Response {
    app.request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(&json!({"email": email, "password": password})),
    )
    .await
}

const PASSWORD: &str = "a-long-password-1";

#[tokio::test]
async fn a_full_password_pool_answers_503_with_retry_after() {
    let app = TestApp::spawn_configured(engine(), |s| {
        s.password_hash_workers = 1;
        s.password_hash_queue = 0;
    })
    .await;
    let ann = app.user("ann", None).await;
    let held = app.domain.passwords.try_reserve().expect("a free place");
    let busy = login(&app, &ann.email, PASSWORD)
        .await
        .expect_problem(503, "server_busy");
    assert_eq!(busy.header("retry-after").as_deref(), Some("1"));
    app.request(
        Method::POST,
        "/api/v1/auth/register",
        None,
        Some(&json!({"email": "bob@example.com", "password": PASSWORD, "display_name": "Bob"})),
    )
    .await
    .expect_problem(503, "server_busy");
    drop(held);
    login(&app, &ann.email, PASSWORD).await.expect(200);
}

/// Signs in wrongly until the back-off answers; the statuses seen, then the 429's wait.
async fn fail_until_slowed(app: &TestApp, email: &str) -> (Vec<u16>, u64) {
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let response = login(app, email, "wrong-password-00").await;
        if response.status.as_u16() == 429 {
            let response = response.expect_problem(429, "rate_limited");
            let wait = response.header("retry-after").unwrap().parse().unwrap();
            return (statuses, wait);
        }
        statuses.push(
            response
                .expect_problem(401, "invalid_credentials")
                .status
                .as_u16(),
        );
    }
    panic!("never slowed down: {statuses:?}");
}

#[tokio::test]
async fn failed_sign_ins_of_one_account_slow_down_whether_or_not_it_exists() {
    let app = TestApp::spawn_configured(engine(), |s| {
        s.login_backoff_free_failures = 3;
        s.login_backoff_max_secs = 300;
    })
    .await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;

    // Three free failures, a fourth that starts the wait (4 s), then 429.
    let (statuses, wait) = fail_until_slowed(&app, &ann.email).await;
    assert_eq!(statuses, [401, 401, 401, 401]);
    assert!((1..=4).contains(&wait), "{wait}");
    // An email no account has is answered the same way.
    let (statuses, wait) = fail_until_slowed(&app, "nobody@example.com").await;
    assert_eq!(statuses, [401, 401, 401, 401]);
    assert!((1..=4).contains(&wait), "{wait}");
    // Even the right password waits; the email is compared as stored.
    login(&app, &ann.email.to_uppercase(), PASSWORD)
        .await
        .expect_problem(429, "rate_limited");
    // Another account from the same client is not affected.
    login(&app, &bob.email, PASSWORD).await.expect(200);
}

#[tokio::test]
async fn ipv6_clients_share_the_per_ip_limit_of_their_64() {
    let app = TestApp::spawn_configured(engine(), |s| {
        s.rate_limit_login_per_minute = 2;
        s.trust_proxy_headers = true;
    })
    .await;
    let from = |ip: &'static str| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.base))
            .header("x-forwarded-for", ip)
            .json(&json!({"email": "x@example.com", "password": "wrong-password-00"}))
            .send()
    };
    for ip in ["2001:db8:1:2::1", "2001:db8:1:2::2"] {
        TestApp::read(from(ip).await.unwrap())
            .await
            .expect_problem(401, "invalid_credentials");
    }
    TestApp::read(from("2001:db8:1:2:ffff:ffff:ffff:ffff").await.unwrap())
        .await
        .expect_problem(429, "rate_limited");
    TestApp::read(from("2001:db8:1:3::1").await.unwrap())
        .await
        .expect_problem(401, "invalid_credentials");
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_answered_408() {
    let app = TestApp::spawn_configured(engine(), |s| s.request_body_timeout_secs = 1).await;
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    // Generous: the server cuts at 1 s; a server that waits for ever fails here.
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        let mut buffer = [0u8; 4096];
        loop {
            let n = stream.read(&mut buffer).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buffer[..n]);
            if answer.windows(4).any(|w| w == b"\r\n\r\n")
                && String::from_utf8_lossy(&answer).contains("request_timeout")
            {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer to a stalled body");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
}

#[tokio::test]
async fn postgres_statements_run_under_the_configured_time_limit() {
    if engine() != Engine::Postgres {
        return;
    }
    let app = TestApp::spawn_configured(engine(), |s| s.database_statement_timeout_secs = 2).await;
    let conn = app.domain.db.conn();
    let statement = |sql: &str| {
        sea_orm::Statement::from_string(sea_orm::DatabaseBackend::Postgres, sql.to_owned())
    };
    use sea_orm::ConnectionTrait;
    let row = conn
        .query_one(statement("SHOW statement_timeout"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "2s");
    let slow = conn.execute(statement("SELECT pg_sleep(30)")).await;
    let err = slow.expect_err("a statement past the limit is cancelled");
    assert!(err.to_string().contains("statement timeout"), "{err}");
}

#[tokio::test]
async fn a_board_holds_a_bounded_number_of_tasks() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Full").await;
    let mut left = MAX_TASKS_PER_BOARD - 1;
    while left > 0 {
        let chunk = left.min(1_000);
        let rows: Vec<String> = (0..chunk)
            .map(|i| {
                format!(
                    "({board}, 'Task {left}-{i}', 'todo', 0, 'low', \
                     '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')"
                )
            })
            .collect();
        app.sql(&format!(
            "INSERT INTO task (board_id, title, status, progress, priority, created_at, \
             updated_at) VALUES {}",
            rows.join(",")
        ))
        .await;
        left -= chunk;
    }
    let path = format!("/api/v1/boards/{board}/tasks");
    app.post(&path, &ann.token, json!({"title": "The last one"}))
        .await
        .expect(201);
    let refused = app
        .post(&path, &ann.token, json!({"title": "One too many"}))
        .await
        .expect_problem(409, "task_limit_reached");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains(&MAX_TASKS_PER_BOARD.to_string()),
        "{}",
        refused.text
    );
    let count = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM task WHERE board_id = {board}"
        ))
        .await;
    assert_eq!(u64::try_from(count).unwrap(), MAX_TASKS_PER_BOARD);
}

#[tokio::test]
async fn a_board_keeps_its_newest_roi_snapshots_only() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "History").await;
    let rows: Vec<String> = (0..MAX_ROI_SNAPSHOTS_PER_BOARD)
        .map(|_| {
            format!(
                "({board}, 100000, 0, 0, 0, 0, '2026-11-01 00:00:00+00:00', {})",
                ann.id
            )
        })
        .collect();
    app.sql(&format!(
        "INSERT INTO project_roi (board_id, expected_value_cents, realized_value_cents, \
         total_cost_cents, completed_tasks, total_tasks, snapshot_date, created_by) VALUES {}",
        rows.join(",")
    ))
    .await;
    let oldest = app
        .sql_number(&format!(
            "SELECT MIN(id) FROM project_roi WHERE board_id = {board}"
        ))
        .await;
    let taken: Value = app
        .post(
            &format!("/api/v1/boards/{board}/roi/snapshots"),
            &ann.token,
            json!({"expected_value": "2000.00"}),
        )
        .await
        .expect(201)
        .body;
    let count = |filter: String| {
        let app = &app;
        async move {
            app.sql_number(&format!(
                "SELECT COUNT(*) FROM project_roi WHERE board_id = {board}{filter}"
            ))
            .await
        }
    };
    assert_eq!(
        u64::try_from(count(String::new()).await).unwrap(),
        MAX_ROI_SNAPSHOTS_PER_BOARD
    );
    assert_eq!(count(format!(" AND id = {oldest}")).await, 0);
    assert_eq!(count(format!(" AND id = {}", taken["id"])).await, 1);
}

#[tokio::test]
async fn an_idempotency_key_older_than_a_day_is_a_new_request() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let board = app.board(&ann, "Keys").await;
    let task = app.task(&ann, board, "Work").await;
    let url = format!(
        "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
        app.base
    );
    let send = |hours: &'static str| {
        app.client
            .post(&url)
            .bearer_auth(&ann.token)
            .header("Idempotency-Key", "daily-import")
            .json(&json!({"hours": hours, "work_date": "2026-11-24"}))
            .send()
    };
    let first = TestApp::read(send("1.00").await.unwrap()).await.expect(201);
    let replay = TestApp::read(send("1.00").await.unwrap()).await.expect(201);
    assert_eq!(replay.body, first.body);
    // A day and more later, the same key (even with another body) is a new request.
    app.sql("UPDATE idempotency_record SET created_at = '2026-11-23 00:00:00+00:00'")
        .await;
    let again = TestApp::read(send("2.00").await.unwrap()).await.expect(201);
    assert_ne!(again.body["id"], first.body["id"]);
    assert_eq!(again.header("idempotent-replayed"), None);
    assert_eq!(again.body["hours"], "2.00");
    // And it is remembered afresh.
    let replay = TestApp::read(send("2.00").await.unwrap()).await.expect(201);
    assert_eq!(replay.body, again.body);
}

#[tokio::test]
async fn pruning_removes_expired_idempotency_records_and_tokens_only() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let board = app.board(&ann, "Prune").await;
    let task = app.task(&ann, board, "Work").await;
    for key in ["old-key", "new-key"] {
        let response = app
            .client
            .post(format!(
                "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
                app.base
            ))
            .bearer_auth(&ann.token)
            .header("Idempotency-Key", key)
            .json(&json!({"hours": "1.00", "work_date": "2026-11-24"}))
            .send()
            .await
            .unwrap();
        TestApp::read(response).await.expect(201);
    }
    // Keys are stored as digests: the first record is the old key's.
    let old_record = app
        .sql_number("SELECT MIN(id) FROM idempotency_record")
        .await;
    app.sql(&format!(
        "UPDATE idempotency_record SET created_at = '2026-11-23 00:00:00+00:00' \
         WHERE id = {old_record}"
    ))
    .await;
    let (expired, expired_id) = app.access_token(&ann, "read").await;
    let (live, _) = app.access_token(&ann, "read").await;
    app.sql(&format!(
        "UPDATE api_token SET expires_at = '2026-11-20 00:00:00+00:00' WHERE id = {expired_id}"
    ))
    .await;

    let pruned = budget_domain::retention::prune(&app.domain).await.unwrap();
    assert_eq!(pruned.idempotency_records, 1);
    assert_eq!(pruned.expired_tokens, 1);
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM idempotency_record WHERE id > {old_record}"
        ))
        .await,
        1
    );
    let tokens = app.get("/api/v1/me/tokens", &ann.token).await.expect(200);
    let ids: Vec<i64> = tokens.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert!(!ids.contains(&expired_id), "{ids:?}");
    app.get("/api/v1/me", &live).await.expect(200);
    app.get("/api/v1/me", &expired)
        .await
        .expect_problem(401, "unauthenticated");
    // Nothing else is due.
    let again = budget_domain::retention::prune(&app.domain).await.unwrap();
    assert_eq!(again, budget_domain::retention::Pruned::default());
}

#[tokio::test]
async fn the_spec_declares_the_caps() {
    let app = TestApp::spawn().await;
    let spec = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .expect(200)
        .body;
    let paths = &spec["paths"];
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    let tasks =
        text(&paths["/api/v1/boards/{board_id}/tasks"]["post"]["responses"]["409"]["description"]);
    assert!(tasks.contains(&MAX_TASKS_PER_BOARD.to_string()), "{tasks}");
    let take = &paths["/api/v1/boards/{board_id}/roi/snapshots"]["post"];
    let snapshots = format!("{} {}", text(&take["summary"]), text(&take["description"]));
    assert!(
        snapshots.contains(&format!("newest {MAX_ROI_SNAPSHOTS_PER_BOARD} snapshots")),
        "{snapshots}"
    );
    let entry = &paths["/api/v1/boards/{board_id}/tasks/{task_id}/time-entries"]["post"];
    let key = entry["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Idempotency-Key")
        .unwrap();
    assert!(
        text(&key["description"]).contains(&format!(
            "{} hours",
            budget_contract::limits::IDEMPOTENCY_HOURS
        )),
        "{key}"
    );
}
