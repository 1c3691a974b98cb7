//! Live metrics: exact figures against a hand computation, constant query count, ETags.

use serde_json::{json, Value};

use crate::support::*;

/// A board whose figures are easy to compute by hand (see the assertions).
pub async fn hand_computed_board(app: &TestApp) -> (User, i64) {
    let ann = app.user("ann", Some("100.00")).await;
    let bob = app.user("bob", Some("50.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", Some("75.00")).await;
    app.budget(
        &ann,
        board,
        json!({"allocated_budget": "10000.00", "allocated_hours": "200", "currency": "USD"}),
    )
    .await
    .expect(201);
    let design = app.task(&ann, board, "Design").await;
    let build = app.task(&ann, board, "Build").await;
    let test = app.task(&ann, board, "Test").await;
    // Design: estimate 2,000; labour 10 h × 100 + 20 h × 75 = 2,500; direct 300 → 2,800 (over).
    app.cost(&ann, board, design, json!({"estimated_cost": "2000"}))
        .await
        .expect(200);
    app.expense(
        &ann,
        board,
        design,
        json!({"category": "travel", "amount": "300", "incurred_on": "2026-11-01"}),
    )
    .await
    .expect(201);
    app.log(&ann, board, design, "10.00", "2026-10-01")
        .await
        .expect(201);
    app.log(&bob, board, design, "12.00", "2026-11-20")
        .await
        .expect(201);
    app.log(&bob, board, design, "8.00", "2026-11-25")
        .await
        .expect(201);
    // Build: estimate 5,000; labour 4 h × 75 = 300; resource 1,234.56 → 1,534.56 (under).
    app.cost(
        &ann,
        board,
        build,
        json!({"estimated_cost": "5000", "resource_cost": "1234.56", "incurred_on": "2026-10-20"}),
    )
    .await
    .expect(200);
    app.log(&bob, board, build, "4.00", "2026-10-26")
        .await
        .expect(201);
    // Test: no estimate, done, labour 0.5 h × 100 = 50 → not "over budget" (no estimate).
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{test}"),
        &ann.token,
        json!({"title": "Test", "status": "done"}),
    )
    .await
    .expect(200);
    app.log(&ann, board, test, "0.50", "2026-11-24")
        .await
        .expect(201);
    (ann, board)
}

#[tokio::test]
async fn metrics_match_the_hand_computation_to_the_cent() {
    let app = TestApp::spawn().await;
    let (ann, board) = hand_computed_board(&app).await;
    let m = app.metrics(&ann, board).await;
    // Labour 2,500 + 300 + 50 = 2,850; direct 300; resource 1,234.56; spent 4,384.56.
    assert_eq!(
        m,
        json!({
            "board_id": board,
            "as_of": "2026-11-25",
            "status": "ok",
            "currency": "USD",
            "allocated_budget": "10000.00",
            "basis": "cost",
            "spent": "4384.56",
            "remaining": "5615.44",
            "utilisation_percent": "43.85",
            "warning_threshold": 80,
            "critical_threshold": 95,
            "allocated_hours": "200.00",
            "spent_hours": "34.50",
            "time_utilisation_percent": "17.25",
            "tasks": {"total": 3, "completed": 1, "over_budget": 1},
            "cost_split": {"labour": "2850.00", "direct": "300.00", "resource": "1234.56"},
            // Window 2026-10-27..2026-11-25: labour 900 + 600 + 50 = 1,550 and the direct 300
            // of 2026-11-01 (the 2026-10-26 entry and the 2026-10-20 resource fall outside).
            // 1,850 / 30 = 61.666… → 61.67/day, 431.67/week; 5,615.44 / 61.666… = 91.06 days.
            "burn_rate": {
                "window_days": 30,
                "window_cost": "1850.00",
                "daily": "61.67",
                "weekly": "431.67",
                "days_until_exhausted": "91.06",
                "exhaustion_date": "2027-02-24"
            },
            // Nothing is billed by the hour here (no billable rate); the expense of 300.00 is
            // billable at cost. Profit 300.00 − 4,384.56 = −4,084.56; margin −4,084.56 / 300.00
            // × 100 = −1,361.52 %.
            "profitability": {
                "revenue": "300.00",
                "cost": "4384.56",
                "profit": "-4084.56",
                "margin_percent": "-1361.52"
            }
        })
    );
}

#[tokio::test]
async fn viewers_and_editors_of_one_revision_each_get_their_own_figures() {
    // The metrics of a revision are written as JSON once per way of showing them, whoever
    // reads first: a viewer never gets the margins, an owner always does.
    let app = TestApp::spawn().await;
    let (ann, board) = hand_computed_board(&app).await;
    let vic = app.user("vic", None).await;
    app.member(&ann, board, &vic, "viewer", None).await;
    let by_viewer = app.metrics(&vic, board).await;
    let by_owner = app.metrics(&ann, board).await;
    assert_eq!(app.metrics(&vic, board).await, by_viewer);
    assert_eq!(by_viewer["profitability"], Value::Null);
    assert_eq!(by_owner["profitability"]["cost"], "4384.56");
    let mut without_margins = by_owner.clone();
    without_margins["profitability"] = Value::Null;
    assert_eq!(without_margins, by_viewer);
}

#[tokio::test]
async fn status_moves_through_the_thresholds() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "Launch").await;
    assert_eq!(app.metrics(&ann, board).await["status"], "no_budget");
    app.budget(&ann, board, json!({"allocated_budget": "1000"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Work").await;
    let expectations = [
        ("7.99", "ok", "79.90"),
        ("0.01", "warning", "80.00"),
        ("1.49", "warning", "94.90"),
        ("0.01", "critical", "95.00"),
        ("0.50", "over", "100.00"),
    ];
    for (day, (hours, status, utilisation)) in (1..).zip(expectations) {
        app.log(&ann, board, task, hours, &format!("2026-11-{day:02}"))
            .await
            .expect(201);
        let m = app.metrics(&ann, board).await;
        assert_eq!(
            (
                m["status"].as_str().unwrap(),
                m["utilisation_percent"].as_str().unwrap()
            ),
            (status, utilisation)
        );
    }
    let m = app.metrics(&ann, board).await;
    assert_eq!(m["remaining"], "0.00");
    assert_eq!(m["burn_rate"]["days_until_exhausted"], "0.00");
    assert_eq!(m["burn_rate"]["exhaustion_date"], "2026-11-25");
}

#[tokio::test]
async fn metrics_cost_the_same_number_of_queries_at_any_size() {
    let app = TestApp::spawn_quiet().await;
    let ann = app.user("ann", Some("10.00")).await;
    let small = app.board(&ann, "Small").await;
    let large = app.board(&ann, "Large").await;
    app.budget(&ann, small, json!({"allocated_budget": "1000"}))
        .await
        .expect(201);
    app.budget(&ann, large, json!({"allocated_budget": "1000000"}))
        .await
        .expect(201);
    let task = app.task(&ann, small, "One").await;
    app.log(&ann, small, task, "1.00", "2026-11-25")
        .await
        .expect(201);
    // The large board gets 300 tasks and 3,000 entries straight in SQL (the API is tested
    // elsewhere; here only the count of queries per request matters).
    let mut tasks = Vec::new();
    for i in 0..300 {
        tasks.push(format!("({large}, 'Task {i}', 'todo', 0, 'medium', '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')"));
    }
    app.sql(&format!(
        "INSERT INTO task (board_id, title, status, progress, priority, created_at, updated_at) VALUES {}",
        tasks.join(",")
    ))
    .await;
    let mut entries = Vec::new();
    for i in 0..3000 {
        let day = 1 + i % 25;
        entries.push(format!(
            "({large}, (SELECT MIN(id) FROM task WHERE board_id = {large}) + {}, {}, 100, '2026-11-{day:02}', '', {}, 1000, 1000, \
             '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')",
            i % 300,
            ann.id,
            if app.engine == Engine::Postgres { "true" } else { "1" }
        ));
    }
    for chunk in entries.chunks(500) {
        app.sql(&format!(
            "INSERT INTO time_entry (board_id, task_id, user_id, centihours, work_date, description, is_billable, \
             hourly_rate_cents, labour_cost_cents, created_at, updated_at) VALUES {}",
            chunk.join(",")
        ))
        .await;
    }

    let count = |board: i64| {
        let app = &app;
        let ann = &ann;
        async move {
            let before = app.queries();
            let m = app.metrics(ann, board).await;
            (app.queries() - before, m)
        }
    };
    let (small_queries, small_metrics) = count(small).await;
    let (large_queries, large_metrics) = count(large).await;
    assert_eq!(small_metrics["tasks"]["total"], 1);
    assert_eq!(large_metrics["tasks"]["total"], 300);
    assert_eq!(large_metrics["spent"], "30000.00");
    assert_eq!(large_metrics["spent_hours"], "3000.00");
    // Access check, budget row, one aggregate: three statements whatever the size.
    assert_eq!(small_queries, 3);
    assert_eq!(large_queries, small_queries);
    // Asked again with nothing written: the answer kept for this data revision, after the
    // access check alone.
    let (cached_queries, cached_metrics) = count(large).await;
    assert_eq!(cached_queries, 1);
    assert_eq!(cached_metrics, large_metrics);
    println!("metrics queries: small board {small_queries}, large board (300 tasks, 3000 entries) {large_queries}");
}

#[tokio::test]
async fn metrics_carry_an_etag_and_answer_304_when_unchanged() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Work").await;
    let url = format!("{}/api/v1/boards/{board}/budget/metrics", app.base);
    let first = TestApp::read(
        app.client
            .get(&url)
            .bearer_auth(&ann.token)
            .send()
            .await
            .unwrap(),
    )
    .await
    .expect(200);
    let etag = first.header("etag").unwrap();
    let again = app
        .client
        .get(&url)
        .bearer_auth(&ann.token)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.text().await.unwrap(), "");
    app.log(&ann, board, task, "1.00", "2026-11-25")
        .await
        .expect(201);
    let changed = TestApp::read(
        app.client
            .get(&url)
            .bearer_auth(&ann.token)
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap(),
    )
    .await
    .expect(200);
    assert_ne!(changed.header("etag").unwrap(), etag);
    assert_eq!(changed.body["spent"], "100.00");
}
