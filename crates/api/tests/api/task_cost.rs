//! Task costs: figures, variance, and repricing past time entries only on request.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn costs_add_up_with_labour_and_variance() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("80.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Design").await;
    let path = format!("/api/v1/boards/{board}/tasks/{task}/cost");

    let empty = app.get(&path, &ann.token).await.expect(200);
    assert_eq!(empty.body["estimated_cost"], "0.00");
    assert_eq!(empty.body["total_actual_cost"], "0.00");
    assert_eq!(empty.body["variance_percent"], serde_json::Value::Null);
    assert_eq!(empty.body["over_budget"], false);

    app.log(&ann, board, task, "10.00", "2026-11-20")
        .await
        .expect(201); // 800.00
    app.expense(
        &ann,
        board,
        task,
        json!({"category": "licences", "amount": "150.25", "incurred_on": "2026-11-10"}),
    )
    .await
    .expect(201);
    let cost = app
        .cost(
            &ann,
            board,
            task,
            json!({
                "estimated_cost": "1000.00", "estimated_hours": "12",
                "resource_cost": "99.80", "incurred_on": "2026-11-10"
            }),
        )
        .await
        .expect(200);
    assert_eq!(cost.body["labour_cost"], "800.00");
    assert_eq!(cost.body["actual_cost"], "150.25"); // the task's expenses
    assert_eq!(cost.body["logged_hours"], "10.00");
    assert_eq!(cost.body["total_actual_cost"], "1050.05");
    assert_eq!(cost.body["variance"], "50.05");
    assert_eq!(cost.body["variance_percent"], "5.00"); // 5.005 → 5.00 (half to even)
    assert_eq!(cost.body["over_budget"], true);
    assert_eq!(cost.body["incurred_on"], "2026-11-10");
    assert_eq!(cost.body["hourly_rate"], serde_json::Value::Null);
    assert!(cost.body.get("repriced_entries").is_none());
    assert_eq!(app.get(&path, &ann.token).await.expect(200).body, cost.body);

    let bad = app
        .cost(&ann, board, task, json!({"estimated_cost": "-1", "actual_cost": "0.001", "hourly_rate": "-5", "incurred_on": "2026-12-01"}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        bad.field_errors(),
        [
            ("estimated_cost".to_owned(), "out_of_range".to_owned()),
            ("actual_cost".to_owned(), "read_only".to_owned()),
            ("hourly_rate".to_owned(), "out_of_range".to_owned()),
            ("incurred_on".to_owned(), "in_future".to_owned()),
        ]
    );
    assert_eq!(app.get(&path, &ann.token).await.expect(200).body, cost.body);
}

#[tokio::test]
async fn a_new_rate_reprices_past_entries_only_when_asked() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let bob = app.user("bob", Some("40.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", Some("70.00")).await;
    let task = app.task(&ann, board, "Build").await;
    app.log(&ann, board, task, "2.00", "2026-11-20")
        .await
        .expect(201); // 2 × 50 = 100
    app.log(&bob, board, task, "3.00", "2026-11-21")
        .await
        .expect(201); // 3 × 70 = 210

    let kept = app
        .cost(&ann, board, task, json!({"hourly_rate": "100.00"}))
        .await
        .expect(200);
    assert_eq!(kept.body["labour_cost"], "310.00");
    assert!(kept.body.get("repriced_entries").is_none());
    // New entries use the task rate at once.
    app.log(&bob, board, task, "1.00", "2026-11-22")
        .await
        .expect(201); // 100
    assert_eq!(app.metrics(&ann, board).await["spent"], "410.00");

    let repriced = app
        .cost(
            &ann,
            board,
            task,
            json!({"hourly_rate": "100.00", "reprice_existing_entries": true}),
        )
        .await
        .expect(200);
    assert_eq!(repriced.body["repriced_entries"], 2);
    assert_eq!(repriced.body["labour_cost"], "600.00");
    let entries = app
        .get(
            &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
            &ann.token,
        )
        .await
        .expect(200);
    assert!(entries.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["hourly_rate"] == "100.00"));

    // Clearing the task rate and repricing falls back to each person's board or default rate.
    let cleared = app
        .cost(&ann, board, task, json!({"reprice_existing_entries": true}))
        .await
        .expect(200);
    assert_eq!(cleared.body["repriced_entries"], 3);
    // Ann 2 h × 50 + Bob 4 h × 70 = 380.00
    assert_eq!(cleared.body["labour_cost"], "380.00");
    assert_eq!(app.metrics(&ann, board).await["spent"], "380.00");
}
