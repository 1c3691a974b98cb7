//! Figures and lists of approved time only: metrics, analytics, the entry list and the CSV
//! export leave out entries whose week is not approved; expenses count as they are.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn approved_only_figures_leave_out_time_awaiting_approval() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let bob = app.user("bob", Some("60.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", Some("90.00")).await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Design").await;
    app.cost(&ann, board, task, json!({"estimated_cost": "300.00"}))
        .await
        .expect(200);
    // Bob: 2.00 h on the 20th (approved), 3.00 h on the 24th (not); Ann: 1.00 h on the 24th.
    let approved = app
        .log(&bob, board, task, "2.00", "2026-11-20")
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    app.log(&bob, board, task, "3.00", "2026-11-24")
        .await
        .expect(201);
    app.log(&ann, board, task, "1.00", "2026-11-24")
        .await
        .expect(201);
    app.expense(
        &ann,
        board,
        task,
        json!({"category": "software", "amount": "50.00", "incurred_on": "2026-11-24"}),
    )
    .await
    .expect(201);
    app.sql(&format!(
        "UPDATE time_entry SET approved = TRUE WHERE id = {approved}"
    ))
    .await;

    // Everything: 180.00 + 270.00 + 100.00 of labour and 50.00 of expenses; over the estimate.
    let all = app.metrics(&ann, board).await;
    assert_eq!(all["spent"], "600.00");
    assert_eq!(all["spent_hours"], "6.00");
    assert_eq!(all["tasks"]["over_budget"], 1);
    let metrics = |query: &'static str| {
        let app = &app;
        let ann = &ann;
        async move {
            app.get(
                &format!("/api/v1/boards/{board}/budget/metrics{query}"),
                &ann.token,
            )
            .await
            .expect(200)
        }
    };
    let only = metrics("?approved_only=true").await;
    assert_eq!(only.body["spent"], "230.00");
    assert_eq!(only.body["spent_hours"], "2.00");
    assert_eq!(only.body["cost_split"]["labour"], "180.00");
    assert_eq!(only.body["tasks"]["over_budget"], 0);
    assert_ne!(only.header("etag"), metrics("").await.header("etag"));

    let analytics = app
        .get(
            &format!(
                "/api/v1/boards/{board}/budget/analytics?from=2026-11-20&to=2026-11-25&approved_only=true"
            ),
            &ann.token,
        )
        .await
        .expect(200);
    let trend: Vec<(&str, &str)> = analytics.body["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["cost"].as_str().unwrap(),
                p["cumulative"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        trend,
        [
            ("180.00", "180.00"),
            ("0.00", "180.00"),
            ("0.00", "180.00"),
            ("0.00", "180.00"),
            ("50.00", "230.00"),
            ("0.00", "230.00"),
        ]
    );
    assert_eq!(analytics.body["overrun_count"], 0);
    let people = &analytics.body["profitability"]["people"];
    let cost_of = |user: i64| {
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["user_id"] == user)
            .map(|p| p["profitability"]["cost"].clone())
    };
    assert_eq!(cost_of(bob.id).unwrap(), "180.00");
    // Ann's only cost left is her expense.
    assert_eq!(cost_of(ann.id).unwrap(), "50.00");
    let statuses = analytics.body["breakdown"]["statuses"].as_array().unwrap();
    assert_eq!(statuses[0]["total"], "230.00");
    assert_eq!(analytics.body["breakdown"]["split"]["labour"], "180.00");
    let everything = app
        .get(
            &format!("/api/v1/boards/{board}/budget/analytics?from=2026-11-20&to=2026-11-25"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(everything.body["overrun_count"], 1);
    assert_eq!(
        everything.body["trend"][5]["cumulative"], "600.00",
        "the unfiltered answer is not changed by a filtered one"
    );

    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries?approved_only=true"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(listed.body["total"], 1);
    assert_eq!(listed.body["items"][0]["id"], approved);
    assert_eq!(listed.body["items"][0]["approved"], true);
    let csv = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries.csv?approved_only=true"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(csv.text.lines().count(), 2, "{}", csv.text);
    assert!(csv
        .text
        .lines()
        .nth(1)
        .unwrap()
        .starts_with(&format!("{approved},2026-11-20,")));
}
