//! ROI: snapshots against a hand-computed spend, the current ROI, comparisons, pagination,
//! access, validation and a constant query count.

use budget_domain::entity::audit_event;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use crate::support::*;

fn snapshots(board: i64) -> String {
    format!("/api/v1/boards/{board}/roi/snapshots")
}

fn compare(board: i64, query: &str) -> String {
    format!("/api/v1/boards/{board}/roi/snapshots/compare{query}")
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

/// A board with a budget of 10,000.00 and a spend of 4,000.00 that is easy to check by hand:
/// Design (estimate 2,000): 10 h × 100.00 labour + 1,500.00 direct = 2,500.00, over its estimate;
/// Build (estimate 5,000): 15 h × 100.00 = 1,500.00; Test: done, no cost.
struct Launch {
    ann: User,
    board: i64,
    build: i64,
}

async fn launch(app: &TestApp) -> Launch {
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "10000.00"}))
        .await
        .expect(201);
    let design = app.task(&ann, board, "Design").await;
    let build = app.task(&ann, board, "Build").await;
    let test = app.task(&ann, board, "Test").await;
    app.cost(&ann, board, design, json!({"estimated_cost": "2000"}))
        .await
        .expect(200);
    app.expense(
        &ann,
        board,
        design,
        json!({"category": "licences", "amount": "1500", "incurred_on": "2026-11-01"}),
    )
    .await
    .expect(201);
    app.log(&ann, board, design, "10.00", "2026-11-20")
        .await
        .expect(201);
    app.cost(&ann, board, build, json!({"estimated_cost": "5000"}))
        .await
        .expect(200);
    app.log(&ann, board, build, "15.00", "2026-11-21")
        .await
        .expect(201);
    done(app, &ann, board, test, "Test").await;
    Launch { ann, board, build }
}

async fn done(app: &TestApp, user: &User, board: i64, task: i64, title: &str) {
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{task}"),
        &user.token,
        json!({"title": title, "status": "done"}),
    )
    .await
    .expect(200);
}

async fn snapshot(app: &TestApp, user: &User, board: i64, body: Value) -> Value {
    app.post(&snapshots(board), &user.token, body)
        .await
        .expect(201)
        .body
}

#[tokio::test]
async fn a_roi_snapshot_sets_the_values_against_the_spend_to_the_cent() {
    let app = TestApp::spawn().await;
    let Launch { ann, board, .. } = launch(&app).await;
    let s = snapshot(
        &app,
        &ann,
        board,
        json!({"expected_value": "12000.00", "realized_value": "3000"}),
    )
    .await;
    // Spent 4,000.00. Expected ROI (12,000 − 4,000) / 4,000 = 200.00 %; realised −25.00 %.
    // 1 of 3 tasks done (33.33 %), 4,000.00 per completed task. Risk: 40 % used → 20 points,
    // 1 of 3 tasks over → 10, status ok → 0: 30.
    assert_eq!(
        s,
        json!({
            "id": s["id"],
            "board_id": board,
            "snapshot_date": s["snapshot_date"],
            "created_by": ann.id,
            "expected_value": "12000.00",
            "realized_value": "3000.00",
            "total_cost": "4000.00",
            "expected_roi_percent": "200.00",
            "realized_roi_percent": "-25.00",
            "completed_tasks": 1,
            "total_tasks": 3,
            "completion_rate_percent": "33.33",
            "cost_per_completed_task": "4000.00",
            "risk_score": 30,
            "insights": [
                "Realised ROI is -25.00 %: value 3,000.00 against cost 4,000.00.",
                "Expected ROI is 200.00 %: expected value 12,000.00 against cost 4,000.00.",
                "Realised value is 1,000.00 short of the cost so far.",
                "25.00 % of the expected value is realised.",
                "1 of 3 tasks completed (33.33 %), at 4,000.00 per completed task.",
                "Risk score 30 of 100: 20.00 points for 40.00 % of the budget used, 10.00 for \
                 1 of 3 tasks over their estimate, 0.00 for budget status ok."
            ]
        })
    );
    // Stored as shown, and audited in the same transaction.
    let listed = app
        .get(&snapshots(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(listed["items"], json!([s]));
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::EntityType.eq("roi_snapshot"))
        .all(app.domain.db.conn())
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].entity_id, s["id"].as_i64().unwrap());
    assert_eq!(audited[0].action, "create");
    assert_eq!(audited[0].actor_id, Some(ann.id));
    assert_eq!(
        audited[0].new_value.as_ref().unwrap()["total_cost"],
        "4000.00"
    );
}

#[tokio::test]
async fn without_cost_or_budget_roi_and_risk_are_null() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Idea").await;
    // No realised value given: nothing realised yet.
    let s = snapshot(&app, &ann, board, json!({"expected_value": "500"})).await;
    assert_eq!(s["realized_value"], "0.00");
    assert_eq!(s["total_cost"], "0.00");
    assert_eq!(s["expected_roi_percent"], Value::Null);
    assert_eq!(s["realized_roi_percent"], Value::Null);
    assert_eq!(s["completion_rate_percent"], Value::Null);
    assert_eq!(s["cost_per_completed_task"], Value::Null);
    assert_eq!(s["risk_score"], Value::Null);
    assert_eq!(
        s["insights"],
        json!([
            "No cost recorded yet, so ROI is undefined: expected value 500.00, realised value 0.00.",
            "0.00 % of the expected value is realised.",
            "The board has no tasks yet.",
            "No budget is set, so there is no risk score."
        ])
    );
}

#[tokio::test]
async fn comparing_two_roi_snapshots_gives_every_change() {
    let app = TestApp::spawn().await;
    let Launch { ann, board, build } = launch(&app).await;
    let first = snapshot(
        &app,
        &ann,
        board,
        json!({"expected_value": "12000", "realized_value": "3000"}),
    )
    .await;
    // Build gets 10 h more (1,000.00) and is done: spent 5,000.00, 2 of 3 done.
    app.log(&ann, board, build, "10.00", "2026-11-22")
        .await
        .expect(201);
    done(&app, &ann, board, build, "Build").await;
    let second = snapshot(
        &app,
        &ann,
        board,
        json!({"expected_value": "12000", "realized_value": "6000"}),
    )
    .await;
    // Expected ROI 140.00 %, realised 20.00 %; 66.67 % done; 2,500.00 per task;
    // risk 50 % → 25 + 10 + 0 = 35.
    assert_eq!(second["expected_roi_percent"], "140.00");
    assert_eq!(second["realized_roi_percent"], "20.00");
    assert_eq!(second["risk_score"], 35);
    let (from, to) = (
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    );
    let c = app
        .get(
            &compare(board, &format!("?from={from}&to={to}")),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(c["from"], first);
    assert_eq!(c["to"], second);
    assert_eq!(
        c["changes"],
        json!({
            "expected_value": {"from": "12000.00", "to": "12000.00", "change": "0.00", "change_percent": "0.00"},
            "realized_value": {"from": "3000.00", "to": "6000.00", "change": "3000.00", "change_percent": "100.00"},
            "total_cost": {"from": "4000.00", "to": "5000.00", "change": "1000.00", "change_percent": "25.00"},
            // 200 → 140: −60 points, −30 %; −25 → 20: +45 points, +180 % of |−25|.
            "expected_roi_percent": {"from": "200.00", "to": "140.00", "change": "-60.00", "change_percent": "-30.00"},
            "realized_roi_percent": {"from": "-25.00", "to": "20.00", "change": "45.00", "change_percent": "180.00"},
            "completed_tasks": {"from": 1, "to": 2, "change": 1, "change_percent": "100.00"},
            "total_tasks": {"from": 3, "to": 3, "change": 0, "change_percent": "0.00"},
            // 33.33 → 66.67: +33.34 points, 33.34 / 33.33 = +100.03 %.
            "completion_rate_percent": {"from": "33.33", "to": "66.67", "change": "33.34", "change_percent": "100.03"},
            "cost_per_completed_task": {"from": "4000.00", "to": "2500.00", "change": "-1500.00", "change_percent": "-37.50"},
            // 30 → 35: +5, 16.666… → 16.67 %.
            "risk_score": {"from": 30, "to": 35, "change": 5, "change_percent": "16.67"}
        })
    );
    // Backwards, and a snapshot with itself.
    let back = app
        .get(
            &compare(board, &format!("?from={to}&to={from}")),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(back["changes"]["total_cost"]["change"], "-1000.00");
    assert_eq!(back["changes"]["total_cost"]["change_percent"], "-20.00");
    let same = app
        .get(&compare(board, &format!("?from={to}&to={to}")), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(same["changes"]["risk_score"]["change"], 0);
}

#[tokio::test]
async fn comparing_from_a_snapshot_without_cost_has_null_relative_changes() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "Launch").await;
    let empty = snapshot(&app, &ann, board, json!({"expected_value": "0"})).await;
    let task = app.task(&ann, board, "Work").await;
    app.log(&ann, board, task, "1.00", "2026-11-25")
        .await
        .expect(201);
    let later = snapshot(
        &app,
        &ann,
        board,
        json!({"expected_value": "150", "realized_value": "50"}),
    )
    .await;
    let query = format!("?from={}&to={}", empty["id"], later["id"]);
    let c = app
        .get(&compare(board, &query), &ann.token)
        .await
        .expect(200)
        .body["changes"]
        .clone();
    assert_eq!(
        c["total_cost"],
        json!({"from": "0.00", "to": "100.00", "change": "100.00", "change_percent": null})
    );
    assert_eq!(
        c["realized_roi_percent"],
        json!({"from": null, "to": "-50.00", "change": null, "change_percent": null})
    );
    assert_eq!(
        c["total_tasks"],
        json!({"from": 0, "to": 1, "change": 1, "change_percent": null})
    );
    assert_eq!(
        c["risk_score"],
        json!({"from": null, "to": null, "change": null, "change_percent": null})
    );
}

#[tokio::test]
async fn a_snapshot_of_another_board_cannot_be_compared() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let mine = app.board(&ann, "Mine").await;
    let other = app.board(&ann, "Other").await;
    let a = snapshot(&app, &ann, mine, json!({"expected_value": "1"})).await["id"].clone();
    let b = snapshot(&app, &ann, other, json!({"expected_value": "2"})).await["id"].clone();
    // Even to someone who can see both boards, a snapshot of another board is not found here.
    for query in [
        format!("?from={a}&to={b}"),
        format!("?from={b}&to={a}"),
        format!("?from={a}&to=999999"),
    ] {
        app.get(&compare(mine, &query), &ann.token)
            .await
            .expect_problem(404, "not_found");
    }
    // And one board's snapshots are not listed on another.
    let listed = app
        .get(&snapshots(other), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(ids(&listed), [b.as_i64().unwrap()]);
}

#[tokio::test]
async fn compare_names_missing_or_malformed_ids() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let missing = app
        .get(&compare(board, ""), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        missing.field_errors(),
        [
            ("from".to_owned(), "required".to_owned()),
            ("to".to_owned(), "required".to_owned())
        ]
    );
    let one = app
        .get(&compare(board, "?from=1"), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        one.field_errors(),
        [("to".to_owned(), "required".to_owned())]
    );
    let bad = app
        .get(&compare(board, "?from=first&to=2"), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(bad.field_errors()[0].0, "from");
}

#[tokio::test]
async fn roi_snapshots_page_newest_first() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let mut made = Vec::new();
    for value in ["100", "200", "300"] {
        let s = snapshot(&app, &ann, board, json!({"expected_value": value})).await;
        made.push(s["id"].as_i64().unwrap());
    }
    let first = app
        .get(&format!("{}?limit=2", snapshots(board)), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(ids(&first), [made[2], made[1]]);
    assert_eq!(first["items"][0]["expected_value"], "300.00");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("{}?limit=2&cursor={cursor}", snapshots(board)),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(ids(&second), [made[0]]);
    assert_eq!(second.get("next_cursor"), None);
    let all = app
        .get(&snapshots(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(ids(&all), [made[2], made[1], made[0]]);

    for (query, field) in [
        ("?limit=0", "limit"),
        ("?limit=501", "limit"),
        ("?cursor=not-a-cursor", "cursor"),
    ] {
        let refused = app
            .get(&format!("{}{query}", snapshots(board)), &ann.token)
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(refused.field_errors()[0].0, field, "{query}");
    }
    app.get(&format!("{}?limit=500", snapshots(board)), &ann.token)
        .await
        .expect(200);
}

#[tokio::test]
async fn current_roi_sets_the_latest_values_against_todays_cost() {
    let app = TestApp::spawn().await;
    let Launch { ann, board, build } = launch(&app).await;
    let url = format!("/api/v1/boards/{board}/roi");
    // No snapshot yet: today's cost and tasks, no values.
    let before = app.get(&url, &ann.token).await.expect(200).body;
    assert_eq!(
        before,
        json!({
            "board_id": board,
            "total_cost": "4000.00",
            "completed_tasks": 1,
            "total_tasks": 3,
            "completion_rate_percent": "33.33",
            "cost_per_completed_task": "4000.00",
            "expected_value": null,
            "realized_value": null,
            "expected_roi_percent": null,
            "realized_roi_percent": null,
            "valued_at": null,
            "latest_snapshots": []
        })
    );
    let mut made = Vec::new();
    for realized in ["1000", "2000", "3000", "4000", "5000", "6000"] {
        made.push(
            snapshot(
                &app,
                &ann,
                board,
                json!({"expected_value": "12000", "realized_value": realized}),
            )
            .await,
        );
    }
    // Spend moves on after the last snapshot: 15 h more on Build, now done → 5,500.00.
    app.log(&ann, board, build, "15.00", "2026-11-23")
        .await
        .expect(201);
    done(&app, &ann, board, build, "Build").await;
    let now = app.get(&url, &ann.token).await.expect(200).body;
    let latest = &made[5];
    // (12,000 − 5,500) / 5,500 = 118.1818… → 118.18 %; (6,000 − 5,500) / 5,500 = 9.0909… → 9.09 %.
    assert_eq!(
        now,
        json!({
            "board_id": board,
            "total_cost": "5500.00",
            "completed_tasks": 2,
            "total_tasks": 3,
            "completion_rate_percent": "66.67",
            "cost_per_completed_task": "2750.00",
            "expected_value": "12000.00",
            "realized_value": "6000.00",
            "expected_roi_percent": "118.18",
            "realized_roi_percent": "9.09",
            "valued_at": latest["snapshot_date"],
            "latest_snapshots": [made[5], made[4], made[3], made[2], made[1]]
        })
    );
    // The snapshot itself keeps the cost of its moment.
    assert_eq!(now["latest_snapshots"][0]["total_cost"], "4000.00");
}

#[tokio::test]
async fn roi_reads_need_any_role_and_snapshots_need_an_editor() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let ed = app.user("ed", None).await;
    let vic = app.user("vic", None).await;
    let otto = app.user("otto", None).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &ed, "editor", None).await;
    app.member(&ann, board, &vic, "viewer", None).await;
    let body = json!({"expected_value": "100"});
    let id = snapshot(&app, &ed, board, body.clone()).await["id"].clone();
    let reads = [
        format!("/api/v1/boards/{board}/roi"),
        snapshots(board),
        compare(board, &format!("?from={id}&to={id}")),
    ];
    for read in &reads {
        app.get(read, &vic.token).await.expect(200);
        app.get(read, &otto.token)
            .await
            .expect_problem(403, "board_access_denied");
        app.request(reqwest::Method::GET, read, None, None)
            .await
            .expect_problem(401, "unauthenticated");
    }
    app.post(&snapshots(board), &vic.token, body.clone())
        .await
        .expect_problem(403, "insufficient_role");
    app.post(&snapshots(board), &otto.token, body.clone())
        .await
        .expect_problem(403, "board_access_denied");
    app.request(reqwest::Method::POST, &snapshots(board), None, Some(&body))
        .await
        .expect_problem(401, "unauthenticated");
    // A board that does not exist looks like one that is forbidden.
    app.get("/api/v1/boards/999999/roi", &ann.token)
        .await
        .expect_problem(403, "board_access_denied");
    // Nothing was written by the refused requests.
    let listed = app
        .get(&snapshots(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn roi_values_must_be_money_of_at_most_two_decimals() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    #[rustfmt::skip]
    let cases = [
        (json!({"expected_value": "-1", "realized_value": "10.005"}), vec![("expected_value", "out_of_range"), ("realized_value", "too_precise")]),
        (json!({"expected_value": "1.001", "realized_value": "-0.01"}), vec![("expected_value", "too_precise"), ("realized_value", "out_of_range")]),
        (json!({"expected_value": "1000000000000.01"}), vec![("expected_value", "out_of_range")]),
        (json!({}), vec![("expected_value", "required")]),
        (json!({"realized_value": "5"}), vec![("expected_value", "required")]),
        (json!({"expected_value": "lots"}), vec![("expected_value", "invalid")]),
    ];
    for (body, fields) in cases {
        let refused = app
            .post(&snapshots(board), &ann.token, body.clone())
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(refused.field_errors(), pairs(&fields), "{body}");
    }
    // Zero is a valid value. Amounts are strings: a JSON number is refused, as its exact
    // digits are lost before they could be checked.
    app.post(
        &snapshots(board),
        &ann.token,
        json!({"expected_value": 0, "realized_value": "12.5"}),
    )
    .await
    .expect_problem(422, "validation_failed");
    let zero = snapshot(
        &app,
        &ann,
        board,
        json!({"expected_value": "0", "realized_value": "12.5"}),
    )
    .await;
    assert_eq!(zero["expected_value"], "0.00");
    assert_eq!(zero["realized_value"], "12.50");
    let listed = app
        .get(&snapshots(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn current_roi_costs_the_same_number_of_queries_at_any_size() {
    let app = TestApp::spawn_quiet().await;
    let ann = app.user("ann", Some("10.00")).await;
    let small = app.board(&ann, "Small").await;
    let large = app.board(&ann, "Large").await;
    let task = app.task(&ann, small, "One").await;
    app.log(&ann, small, task, "1.00", "2026-11-25")
        .await
        .expect(201);
    // The large board gets 300 tasks and 3,000 entries of 1 h at 10.00 straight in SQL.
    let tasks: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "({large}, 'Task {i}', '{}', 0, 'medium', '2026-11-01 00:00:00+00:00', \
                 '2026-11-01 00:00:00+00:00')",
                if i % 3 == 0 { "done" } else { "todo" }
            )
        })
        .collect();
    app.sql(&format!(
        "INSERT INTO task (board_id, title, status, progress, priority, created_at, updated_at) VALUES {}",
        tasks.join(",")
    ))
    .await;
    let entries: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "({large}, (SELECT MIN(id) FROM task WHERE board_id = {large}) + {}, {}, 100, \
                 '2026-11-{:02}', '', {}, 1000, 1000, '2026-11-01 00:00:00+00:00', \
                 '2026-11-01 00:00:00+00:00')",
                i % 300,
                ann.id,
                1 + i % 25,
                if app.engine == Engine::Postgres {
                    "true"
                } else {
                    "1"
                }
            )
        })
        .collect();
    for chunk in entries.chunks(500) {
        app.sql(&format!(
            "INSERT INTO time_entry (board_id, task_id, user_id, centihours, work_date, description, \
             is_billable, hourly_rate_cents, labour_cost_cents, created_at, updated_at) VALUES {}",
            chunk.join(",")
        ))
        .await;
    }
    for board in [small, large] {
        for _ in 0..6 {
            snapshot(&app, &ann, board, json!({"expected_value": "50000"})).await;
        }
    }

    let count = |board: i64| {
        let app = &app;
        let ann = &ann;
        async move {
            let before = app.queries();
            let roi = app
                .get(&format!("/api/v1/boards/{board}/roi"), &ann.token)
                .await
                .expect(200)
                .body;
            (app.queries() - before, roi)
        }
    };
    let (small_queries, small_roi) = count(small).await;
    let (large_queries, large_roi) = count(large).await;
    assert_eq!(small_roi["total_tasks"], 1);
    assert_eq!(large_roi["total_tasks"], 300);
    assert_eq!(large_roi["completed_tasks"], 100);
    assert_eq!(large_roi["total_cost"], "30000.00");
    assert_eq!(large_roi["cost_per_completed_task"], "300.00");
    assert_eq!(large_roi["latest_snapshots"].as_array().unwrap().len(), 5);
    // Access check, the board's totals, the latest snapshots: three statements at any size.
    assert_eq!(small_queries, 3);
    assert_eq!(large_queries, small_queries);
    // Again with nothing written: the totals are kept for this data revision; the snapshots,
    // which do not change it, are read every time.
    let (cached_queries, cached_roi) = count(large).await;
    assert_eq!(cached_queries, 2);
    assert_eq!(cached_roi, large_roi);
    println!(
        "ROI queries: small board {small_queries}, large board (300 tasks, 3000 entries) {large_queries}"
    );

    // The other ROI routes are constant too: the same count on both boards.
    let mut per_route = Vec::new();
    for board in [small, large] {
        let page = app
            .get(&snapshots(board), &ann.token)
            .await
            .expect(200)
            .body;
        let (newest, oldest) = (&page["items"][0]["id"], &page["items"][5]["id"]);
        let before = app.queries();
        app.get(&snapshots(board), &ann.token).await.expect(200);
        let list = app.queries() - before;
        let before = app.queries();
        let query = format!("?from={oldest}&to={newest}");
        app.get(&compare(board, &query), &ann.token)
            .await
            .expect(200);
        let compared = app.queries() - before;
        let before = app.queries();
        snapshot(&app, &ann, board, json!({"expected_value": "1"})).await;
        let taken = app.queries() - before;
        per_route.push((list, compared, taken));
    }
    println!("ROI queries (list, compare, snapshot) small and large: {per_route:?}");
    assert_eq!(per_route[0], per_route[1]);
}
