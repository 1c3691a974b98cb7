//! Budget create-or-edit, validation and optimistic concurrency.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn create_read_edit_delete_with_etags() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let path = format!("/api/v1/boards/{board}/budget");

    app.get(&path, &ann.token)
        .await
        .expect_problem(404, "not_found");
    let created = app
        .budget(
            &ann,
            board,
            json!({"allocated_budget": "50000.00", "currency": "eur", "allocated_hours": "400"}),
        )
        .await
        .expect(201);
    assert_eq!(created.header("etag").as_deref(), Some("\"budget-v1\""));
    assert_eq!(created.body["allocated_budget"], "50000.00");
    assert_eq!(created.body["currency"], "EUR");
    assert_eq!(created.body["allocated_hours"], "400.00");
    assert_eq!(created.body["warning_threshold"], 80);
    assert_eq!(created.body["critical_threshold"], 95);
    assert_eq!(created.body["ai_optimization_enabled"], true);
    assert_eq!(created.body["version"], 1);

    let read = app.get(&path, &ann.token).await.expect(200);
    assert_eq!(read.header("etag").as_deref(), Some("\"budget-v1\""));
    assert_eq!(read.body, created.body);

    // An edit at the current version succeeds and bumps it.
    let edited = app
        .client
        .put(format!("{}{path}", app.base))
        .bearer_auth(&ann.token)
        .header("If-Match", "\"budget-v1\"")
        .json(&json!({"allocated_budget": "60000", "currency": "EUR", "warning_threshold": 70, "critical_threshold": 90}))
        .send()
        .await
        .unwrap();
    let edited = TestApp::read(edited).await.expect(200);
    assert_eq!(edited.header("etag").as_deref(), Some("\"budget-v2\""));
    assert_eq!(edited.body["allocated_budget"], "60000.00");
    assert_eq!(edited.body["warning_threshold"], 70);
    // PUT replaces: hours not sent are cleared.
    assert_eq!(edited.body["allocated_hours"], serde_json::Value::Null);

    // A second writer still holding v1 is refused, and nothing changes.
    let stale = app
        .client
        .put(format!("{}{path}", app.base))
        .bearer_auth(&ann.token)
        .header("If-Match", "\"budget-v1\"")
        .json(&json!({"allocated_budget": "1.00"}))
        .send()
        .await
        .unwrap();
    TestApp::read(stale)
        .await
        .expect_problem(412, "precondition_failed");
    let after = app.get(&path, &ann.token).await.expect(200);
    assert_eq!(after.body["allocated_budget"], "60000.00");
    assert_eq!(after.body["version"], 2);

    // Delete with a stale tag fails; with the current one it succeeds.
    let stale_delete = app
        .client
        .delete(format!("{}{path}", app.base))
        .bearer_auth(&ann.token)
        .header("If-Match", "\"budget-v1\"")
        .send()
        .await
        .unwrap();
    TestApp::read(stale_delete)
        .await
        .expect_problem(412, "precondition_failed");
    let delete = app
        .client
        .delete(format!("{}{path}", app.base))
        .bearer_auth(&ann.token)
        .header("If-Match", "\"budget-v2\"")
        .send()
        .await
        .unwrap();
    TestApp::read(delete).await.expect(204);
    app.get(&path, &ann.token)
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn if_match_on_a_missing_budget_is_refused() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    for tag in ["*", "\"budget-v1\""] {
        let response = app
            .client
            .put(format!("{}/api/v1/boards/{board}/budget", app.base))
            .bearer_auth(&ann.token)
            .header("If-Match", tag)
            .json(&json!({"allocated_budget": "10.00"}))
            .send()
            .await
            .unwrap();
        TestApp::read(response)
            .await
            .expect_problem(412, "precondition_failed");
    }
    app.get(&format!("/api/v1/boards/{board}/budget"), &ann.token)
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn invalid_budgets_name_every_bad_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    #[rustfmt::skip]
    let cases = [
        (json!({"allocated_budget": "-1"}), vec![("allocated_budget", "out_of_range")]),
        (json!({"allocated_budget": "10.001"}), vec![("allocated_budget", "too_precise")]),
        (json!({"allocated_budget": "10", "currency": "XYZ"}), vec![("currency", "unsupported_currency")]),
        (json!({"allocated_budget": "10.5", "currency": "JPY"}), vec![("allocated_budget", "too_precise")]),
        (json!({"allocated_budget": "10", "warning_threshold": 90, "critical_threshold": 90}), vec![("warning_threshold", "not_below_critical")]),
        (json!({"allocated_budget": "10", "warning_threshold": 0, "critical_threshold": 101}), vec![("warning_threshold", "out_of_range"), ("critical_threshold", "out_of_range")]),
        (json!({"allocated_budget": "-5", "allocated_hours": "-1", "currency": "??"}), vec![("currency", "unsupported_currency"), ("allocated_budget", "out_of_range"), ("allocated_hours", "out_of_range")]),
        (json!({"currency": "USD"}), vec![("allocated_budget", "required")]),
        (json!({"allocated_budget": "ten"}), vec![("allocated_budget", "invalid")]),
    ];
    for (body, expected) in cases {
        let response = app
            .budget(&ann, board, body.clone())
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(response.field_errors(), pairs(&expected), "for {body}");
    }
    app.get(&format!("/api/v1/boards/{board}/budget"), &ann.token)
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn threshold_edges_are_accepted() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let response = app
        .budget(&ann, board, json!({"allocated_budget": "0", "warning_threshold": 1, "critical_threshold": 100, "currency": "JPY"}))
        .await
        .expect(201);
    // Yen have no minor unit: the amount is written whole.
    assert_eq!(response.body["allocated_budget"], "0");
    assert_eq!(response.body["currency"], "JPY");
}
