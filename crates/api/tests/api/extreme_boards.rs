//! Boards at the edges of what the API accepts: the smallest estimates at the least progress,
//! the largest amounts, nothing done at all. Every endpoint that computes answers them with its
//! figures (an undefined or unrepresentable ratio is null), never with a dropped connection.

use serde_json::{json, Value};

use crate::support::*;

const MAX: &str = "10000000000.00";

/// A board with a budget and tasks given as (estimated cost, direct cost, progress %).
async fn board_with(app: &TestApp, owner: &User, budget: &str, tasks: &[(&str, &str, i32)]) -> i64 {
    let board = app.board(owner, "Extreme").await;
    app.budget(
        owner,
        board,
        json!({"allocated_budget": budget, "allocated_hours": "1000000"}),
    )
    .await
    .expect(201);
    for (n, (estimated, actual, progress)) in tasks.iter().enumerate() {
        let task = app.task(owner, board, &format!("Task {n}")).await;
        app.put(
            &format!("/api/v1/boards/{board}/tasks/{task}"),
            &owner.token,
            json!({"title": format!("Task {n}"), "status": "in_progress", "progress": progress}),
        )
        .await
        .expect(200);
        app.cost(
            owner,
            board,
            task,
            json!({"estimated_cost": estimated, "incurred_on": "2026-11-20"}),
        )
        .await
        .expect(200);
        // A direct cost is an expense; a task without one has none.
        if !["0", "0.00"].contains(actual) {
            app.expense(
                owner,
                board,
                task,
                json!({"category": "direct", "amount": actual, "incurred_on": "2026-11-20"}),
            )
            .await
            .expect(201);
        }
    }
    board
}

/// Every computing endpoint's answer for the board, each required to succeed.
async fn every_figure(app: &TestApp, owner: &User, board: i64) -> Value {
    let base = format!("/api/v1/boards/{board}");
    let mut answers = serde_json::Map::new();
    for read in [
        "budget/metrics",
        "budget/analytics",
        "budget/forecast",
        "roi",
    ] {
        let answer = app
            .get(&format!("{base}/{read}"), &owner.token)
            .await
            .expect(200);
        answers.insert(read.to_owned(), answer.body);
    }
    let snapshot = app
        .post(
            &format!("{base}/roi/snapshots"),
            &owner.token,
            json!({"expected_value": MAX}),
        )
        .await
        .expect(201);
    answers.insert("roi/snapshots".to_owned(), snapshot.body);
    for operation in [
        "analyze",
        "recommendations",
        "predict",
        "learn-patterns",
        "optimize-resources",
    ] {
        let answer = app
            .post(
                &format!("{base}/budget/ai/{operation}"),
                &owner.token,
                json!({}),
            )
            .await
            .expect(200);
        answers.insert(operation.to_owned(), answer.body);
    }
    Value::Object(answers)
}

#[tokio::test]
async fn a_one_cent_estimate_at_one_percent_against_the_largest_spend() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("1000000.00")).await;
    let board = board_with(&app, &ann, MAX, &[("0.01", MAX, 1)]).await;
    let all = every_figure(&app, &ann, board).await;
    let ev = &all["budget/analytics"]["earned_value"];
    // EV = 0.01 × 1 % = 0.0001 (shown 0.00); AC = 10^10; CPI = 10^-14 (0.0000 to four places).
    assert_eq!(ev["ev"], "0.00");
    assert_eq!(ev["ac"], MAX);
    assert_eq!(ev["cpi"], "0.0000", "{ev}");
    // EAC = BAC / CPI = 10^10 / 10^-14 = 10^24: representable, so exact.
    assert_eq!(ev["eac"], "1000000000000000000000000.00", "{ev}");
    assert_eq!(all["budget/metrics"]["utilisation_percent"], "100.00");
    assert_eq!(all["budget/metrics"]["status"], "over");
    println!("{}", serde_json::to_string_pretty(&all).unwrap());
}

#[tokio::test]
async fn one_huge_estimate_at_zero_progress_and_one_tiny_one() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("1000000.00")).await;
    let board = board_with(&app, &ann, "0.01", &[(MAX, "0.01", 0), ("0.01", "0", 1)]).await;
    let all = every_figure(&app, &ann, board).await;
    let ev = &all["budget/analytics"]["earned_value"];
    assert_eq!(ev["ac"], "0.01");
    println!("{}", serde_json::to_string_pretty(&all).unwrap());
}

#[tokio::test]
async fn ten_tasks_each_at_the_largest_direct_cost() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("1000000.00")).await;
    let tasks = vec![("0.01", MAX, 1); 10];
    let board = board_with(&app, &ann, MAX, &tasks).await;
    // The largest rate for the longest day on one task, too.
    let tasks_list = app
        .get(&format!("/api/v1/boards/{board}/tasks"), &ann.token)
        .await
        .expect(200);
    let task = tasks_list.body["items"][0]["id"].as_i64().unwrap();
    app.log(&ann, board, task, "16.00", "2026-11-24")
        .await
        .expect(201);
    let all = every_figure(&app, &ann, board).await;
    // 10 × 10^10 + 16 h × 10^6 = 100,016,000,000.00.
    assert_eq!(all["budget/metrics"]["spent"], "100016000000.00");
    println!("{}", serde_json::to_string_pretty(&all).unwrap());
}

#[tokio::test]
async fn a_zero_budget_with_nothing_estimated_or_done() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = board_with(&app, &ann, "0", &[("0", "0", 0), ("0", "0", 0)]).await;
    let all = every_figure(&app, &ann, board).await;
    let ev = &all["budget/analytics"]["earned_value"];
    assert_eq!(ev["cpi"], Value::Null);
    assert_eq!(ev["eac"], Value::Null);
    assert_eq!(all["budget/metrics"]["utilisation_percent"], Value::Null);
    println!("{}", serde_json::to_string_pretty(&all).unwrap());
}

#[tokio::test]
async fn amounts_above_what_a_real_budget_needs_are_refused() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Limits").await;
    let task = app.task(&ann, board, "Task").await;
    let refused = app
        .cost(
            &ann,
            board,
            task,
            json!({
                "estimated_cost": "1000000000000",
                "estimated_hours": "1000000.01",
                "hourly_rate": "1000000.01",
            }),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        [
            ("estimated_cost", "out_of_range"),
            ("estimated_hours", "out_of_range"),
            ("hourly_rate", "out_of_range"),
        ]
        .map(|(field, code)| (field.to_owned(), code.to_owned()))
    );
    let refused = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "direct", "amount": "10000000000.01"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors(), pairs(&[("amount", "out_of_range")]));
    app.expense(
        &ann,
        board,
        task,
        json!({"category": "direct", "amount": MAX}),
    )
    .await
    .expect(201);
    app.cost(
        &ann,
        board,
        task,
        json!({
            "estimated_cost": MAX,
            "estimated_hours": "1000000.00",
            "hourly_rate": "1000000.00",
            "resource_cost": MAX,
        }),
    )
    .await
    .expect(200);
}
