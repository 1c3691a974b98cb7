//! What-if scenarios over HTTP: each lever moves the forecast in its direction, by the
//! hand-worked amount where the change is known in advance; nothing is written.

use serde_json::{json, Value};

use crate::forecast::steady_board;
use crate::support::*;

fn url(board: i64) -> String {
    format!("/api/v1/boards/{board}/budget/scenarios/preview")
}

fn amount(value: &Value) -> f64 {
    value.as_str().unwrap().parse().unwrap()
}

/// Started 16 November, due 25 December (30 days after today), budget 30,000.00, 800.00 a day
/// for the 10 days so far (Ann, 8 h at 100.00), nothing estimated: every draw of the burn runs
/// the 30 days to the due date.
async fn unestimated_board(app: &TestApp) -> (User, i64) {
    let ann = app.user("ann", Some("100.00")).await;
    let board = app
        .new_board(
            &ann,
            json!({"name": "Plain", "start_date": "2026-11-16", "due_date": "2026-12-25"}),
        )
        .await;
    app.budget(&ann, board, json!({"allocated_budget": "30000.00"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Build").await;
    for day in 16..=25 {
        app.log(&ann, board, task, "8.00", &format!("2026-11-{day}"))
            .await
            .expect(201);
    }
    (ann, board)
}

async fn preview(app: &TestApp, user: &User, board: i64, body: Value) -> Value {
    app.post(&url(board), &user.token, body)
        .await
        .expect(200)
        .body
}

#[tokio::test]
async fn known_costs_move_every_draw_by_their_hand_worked_amount() {
    let app = TestApp::spawn().await;
    let (ann, board) = unestimated_board(&app).await;
    let metrics_before = app.metrics(&ann, board).await;

    // No change: the same forecast twice, as the forecast operation gives it.
    let same = preview(&app, &ann, board, json!({})).await;
    assert_eq!(same["baseline"], same["scenario"]);
    assert_eq!(same["difference"]["projected_cost_at_completion"], "0.00");
    let forecast = app
        .get(
            &format!("/api/v1/boards/{board}/budget/forecast"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        same["baseline"]["projected_cost_at_completion"],
        forecast["projected_cost_at_completion"]
    );
    assert_eq!(same["baseline"]["interval_80"], forecast["interval_80"]);

    // 100.00 a day from tomorrow to the due date: 30 × 100.00 = 3,000.00 on every draw, so the
    // median and both ends of the interval move by exactly that.
    let daily = preview(
        &app,
        &ann,
        board,
        json!({"daily_costs": [{"amount": "100.00", "from": "2026-11-26"}]}),
    )
    .await;
    assert_eq!(
        daily["difference"]["projected_cost_at_completion"],
        "3000.00"
    );
    for end in ["low", "high"] {
        let moved = amount(&daily["scenario"]["interval_80"][end])
            - amount(&daily["baseline"]["interval_80"][end]);
        assert!((moved - 3000.0).abs() < 0.005, "{end}: {moved}");
    }
    assert!(
        amount(&daily["difference"]["probability_over_budget"]) >= 0.0,
        "{daily}"
    );

    // Someone for 20 h a week at 70.00 from 1 to 14 December: 20 × 70.00 / 7 = 200.00 a day
    // over 14 days, 2,800.00.
    let person = preview(
        &app,
        &ann,
        board,
        json!({"people": [{"hours_per_week": "20", "hourly_cost": "70.00",
                           "from": "2026-12-01", "until": "2026-12-14"}]}),
    )
    .await;
    assert_eq!(
        person["difference"]["projected_cost_at_completion"],
        "2800.00"
    );
    // The same time taken away instead: −2,800.00.
    let less = preview(
        &app,
        &ann,
        board,
        json!({"people": [{"hours_per_week": "-20", "hourly_cost": "70.00",
                           "from": "2026-12-01", "until": "2026-12-14"}]}),
    )
    .await;
    assert_eq!(
        less["difference"]["projected_cost_at_completion"],
        "-2800.00"
    );

    // Ann at 120.00 from tomorrow: her last 28 days, 80 h that cost 8,000.00, would cost
    // 9,600.00: 1,600.00 / 28 = 57.142… → 57.14 a day, × 30 days = 1,714.20.
    let rate = preview(
        &app,
        &ann,
        board,
        json!({"rates": [{"user_id": ann.id, "cost_rate": "120.00", "from": "2026-11-26"}]}),
    )
    .await;
    assert_eq!(
        rate["difference"]["projected_cost_at_completion"],
        "1714.20"
    );

    // A larger budget: the same cost, a smaller chance of exceeding it.
    let budget = preview(&app, &ann, board, json!({"budget": "45000.00"})).await;
    assert_eq!(budget["difference"]["projected_cost_at_completion"], "0.00");
    assert_eq!(budget["scenario"]["budget"], "45000.00");
    assert!(
        amount(&budget["difference"]["probability_over_budget"]) <= 0.0,
        "{budget}"
    );

    // A later due date: more days of burn, a higher cost.
    let later = preview(&app, &ann, board, json!({"due_date": "2027-01-24"})).await;
    assert_eq!(later["scenario"]["due_date"], "2027-01-24");
    assert!(amount(&later["difference"]["projected_cost_at_completion"]) > 20_000.0);

    // With an ROI snapshot's expected value of 50,000.00, ROI falls as the cost rises.
    app.post(
        &format!("/api/v1/boards/{board}/roi/snapshots"),
        &ann.token,
        json!({"expected_value": "50000.00"}),
    )
    .await
    .expect(201);
    let daily = preview(
        &app,
        &ann,
        board,
        json!({"daily_costs": [{"amount": "100.00", "from": "2026-11-26"}]}),
    )
    .await;
    assert!(amount(&daily["difference"]["roi_percent"]) < 0.0, "{daily}");

    // Nothing was written.
    assert_eq!(app.metrics(&ann, board).await, metrics_before);
}

#[tokio::test]
async fn tasks_change_the_scope_and_bad_levers_are_refused() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    // A second task of 40,000.00 not started: 80,000.00 estimated, 8,000.00 earned (10 %), so
    // the earned-value estimate is 80,000.00 instead of 40,000.00 and progress says the work
    // takes 90 more days: the cost rises.
    let more = preview(
        &app,
        &ann,
        board,
        json!({"tasks": [{"estimated_cost": "40000.00"}]}),
    )
    .await;
    assert!(
        amount(&more["difference"]["projected_cost_at_completion"]) > 0.0,
        "{more}"
    );

    let refused = app
        .post(
            &url(board),
            &ann.token,
            json!({"daily_costs": [{"amount": "-1", "from": TODAY}],
                   "tasks": [{"task_id": 987654, "estimated_cost": "1.00"}],
                   "people": [{"hours_per_week": "200", "hourly_cost": "10.00",
                               "from": "2026-12-01", "until": "2026-11-30"}],
                   "due_date": "2026-11-01"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    let mut fields: Vec<&str> = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "daily_costs[0].amount",
            "daily_costs[0].from",
            "due_date",
            "people[0].hours_per_week",
            "people[0].until",
            "tasks[0].task_id"
        ]
    );

    // At most 50 changes of a kind.
    let many: Vec<Value> = (0..51)
        .map(|_| json!({"amount": "1.00", "from": "2026-12-01"}))
        .collect();
    let refused = app
        .post(&url(board), &ann.token, json!({"daily_costs": many}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "daily_costs");
    assert_eq!(refused.body["errors"][0]["code"], "too_many");

    // Viewers see no amounts to plan with.
    let viewer = app.user("vic", None).await;
    app.member(&ann, board, &viewer, "viewer", None).await;
    app.post(&url(board), &viewer.token, json!({}))
        .await
        .expect_problem(403, "insufficient_role");
}
