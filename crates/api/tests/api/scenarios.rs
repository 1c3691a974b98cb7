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

fn saved_url(board: i64) -> String {
    format!("/api/v1/boards/{board}/budget/scenarios")
}

async fn save(app: &TestApp, user: &User, board: i64, name: &str, changes: Value) -> Value {
    app.post(
        &saved_url(board),
        &user.token,
        json!({"name": name, "changes": changes}),
    )
    .await
    .expect(201)
    .body
}

/// A saved scenario read on a later day: the server's domain with "today" moved there.
async fn saved_on(app: &TestApp, user: &User, board: i64, id: i64, day: &str) -> Value {
    let mut domain = app.domain.clone();
    domain.clock = budget_domain::Clock::fixed_on(day.parse().unwrap());
    let access = budget_domain::access::board_access(&domain, board, user.id)
        .await
        .unwrap();
    let answer = budget_domain::forecast::saved::get(&domain, &access, id)
        .await
        .unwrap();
    serde_json::to_value(answer).unwrap()
}

#[tokio::test]
async fn saved_scenarios_are_kept_listed_evaluated_again_and_compared() {
    let app = TestApp::spawn().await;
    let (ann, board) = unestimated_board(&app).await;
    let metrics_before = app.metrics(&ann, board).await;
    let licence_changes = json!({"daily_costs": [{"amount": "100.00", "from": "2026-11-26"}]});

    // Saved: the answer is the preview of the same changes, with where it is kept.
    let created = app
        .post(
            &saved_url(board),
            &ann.token,
            json!({"name": "  Licence  ", "changes": licence_changes}),
        )
        .await
        .expect(201);
    let licence = created.body["scenario"]["id"].as_i64().unwrap();
    assert_eq!(
        created.headers["location"].to_str().unwrap(),
        format!("/api/v1/boards/{board}/budget/scenarios/{licence}")
    );
    assert_eq!(created.body["scenario"]["name"], "Licence");
    assert_eq!(created.body["scenario"]["board_id"], board);
    assert_eq!(created.body["scenario"]["created_by"], ann.id);
    assert_eq!(created.body["result"]["adjustments"], json!([]));
    let preview = preview(&app, &ann, board, licence_changes.clone()).await;
    assert_eq!(created.body["result"]["evaluation"], preview);
    assert_eq!(
        created.body["result"]["evaluation"]["difference"]["projected_cost_at_completion"],
        "3000.00"
    );
    assert_eq!(
        created.body["scenario"]["changes"]["daily_costs"][0]["amount"],
        "100.00"
    );

    // One name per board; changes checked as a preview checks them, under `changes`.
    app.post(
        &saved_url(board),
        &ann.token,
        json!({"name": "Licence", "changes": {}}),
    )
    .await
    .expect_problem(409, "scenario_name_taken");
    let refused = app
        .post(
            &saved_url(board),
            &ann.token,
            json!({"name": "", "changes": {"daily_costs": [{"amount": "1.00", "from": TODAY}]}}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "name");
    let refused = app
        .post(
            &saved_url(board),
            &ann.token,
            json!({"name": "Too soon", "changes": {"daily_costs": [{"amount": "1.00", "from": TODAY}]}}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.body["errors"][0]["field"],
        "changes.daily_costs[0].from"
    );

    let budget = save(
        &app,
        &ann,
        board,
        "Bigger budget",
        json!({"budget": "45000.00"}),
    )
    .await;
    let bigger = budget["scenario"]["id"].as_i64().unwrap();

    // Listed oldest first, with their changes as saved.
    let listed = app
        .get(&saved_url(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(listed["total"], 2);
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Licence", "Bigger budget"]);
    assert_eq!(listed["items"][1]["changes"]["budget"], "45000.00");

    // Read again the same day: the same answer.
    let again = app
        .get(&format!("{}/{licence}", saved_url(board)), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(again, created.body);

    // Compared against one baseline, in the order asked.
    let compared = app
        .get(
            &format!("{}/comparison?ids={bigger},{licence}", saved_url(board)),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(compared["baseline"], preview["baseline"]);
    assert_eq!(compared["as_of"], TODAY);
    let order: Vec<i64> = compared["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, [bigger, licence]);
    assert_eq!(compared["scenarios"][0]["name"], "Bigger budget");
    assert_eq!(
        compared["scenarios"][0]["outcome"],
        budget["result"]["evaluation"]["scenario"]
    );
    assert_eq!(
        compared["scenarios"][1]["difference"],
        preview["difference"]
    );
    for (query, status) in [
        (format!("ids={licence},{licence}"), 422),
        ("ids=".to_owned(), 422),
        ("ids=1,2,3,4,5,6,7,8,9,10,11".to_owned(), 422),
        ("ids=987654".to_owned(), 404),
    ] {
        app.get(
            &format!("{}/comparison?{query}", saved_url(board)),
            &ann.token,
        )
        .await
        .expect(status);
    }

    // Fifteen days later the licence can only start tomorrow: 16 December to the due date, 25
    // December, is 10 days × 100.00 = 1,000.00, and the answer says what moved.
    let later = saved_on(&app, &ann, board, licence, "2026-12-15").await;
    assert_eq!(later["result"]["evaluation"]["as_of"], "2026-12-15");
    assert_eq!(
        later["result"]["adjustments"],
        json!([{"field": "daily_costs[0].from", "adjustment": "moved_to_tomorrow",
                "reason": "2026-11-26 is no longer ahead: starts on 2026-12-16"}])
    );
    assert_eq!(
        later["result"]["applied"]["daily_costs"][0]["from"],
        "2026-12-16"
    );
    assert_eq!(
        later["result"]["evaluation"]["difference"]["projected_cost_at_completion"],
        "1000.00"
    );
    // The saved changes themselves are kept as they were.
    assert_eq!(
        later["scenario"]["changes"]["daily_costs"][0]["from"],
        "2026-11-26"
    );

    // Deleted: gone from the list and from its address.
    app.delete(&format!("{}/{licence}", saved_url(board)), &ann.token)
        .await
        .expect(204);
    app.get(&format!("{}/{licence}", saved_url(board)), &ann.token)
        .await
        .expect_problem(404, "not_found");
    app.delete(&format!("{}/{licence}", saved_url(board)), &ann.token)
        .await
        .expect_problem(404, "not_found");
    let listed = app
        .get(&saved_url(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(listed["total"], 1);

    // Viewers see no amounts to plan with; the board's data never changed.
    let viewer = app.user("vic", None).await;
    app.member(&ann, board, &viewer, "viewer", None).await;
    app.get(&saved_url(board), &viewer.token)
        .await
        .expect_problem(403, "insufficient_role");
    assert_eq!(app.metrics(&ann, board).await, metrics_before);
}

#[tokio::test]
async fn a_scenario_whose_days_task_or_person_are_gone_is_evaluated_on_what_still_applies() {
    let app = TestApp::spawn().await;
    let (ann, board) = unestimated_board(&app).await;
    let extra = app.task(&ann, board, "Extra").await;
    let saved = save(
        &app,
        &ann,
        board,
        "Everything",
        json!({
            "due_date": "2026-12-01",
            "daily_costs": [{"amount": "50.00", "from": "2026-11-26", "until": "2026-11-30"},
                            {"amount": "10.00", "from": "2026-12-20"}],
            "people": [{"hours_per_week": "7", "hourly_cost": "70.00", "from": "2026-11-27",
                        "until": "2026-12-31"}],
            "rates": [{"user_id": ann.id, "cost_rate": "120.00", "from": "2026-11-26"}],
            "tasks": [{"task_id": extra, "estimated_cost": "500.00"}]
        }),
    )
    .await;
    let id = saved["scenario"]["id"].as_i64().unwrap();
    app.delete(&format!("/api/v1/boards/{board}/tasks/{extra}"), &ann.token)
        .await
        .expect(204);

    // On 24 December: the due date and the first daily cost have passed, the person starts
    // tomorrow, Ann logged nothing in the last 28 days, the task is gone; the daily cost of
    // 20 December on starts tomorrow too.
    let later = saved_on(&app, &ann, board, id, "2026-12-24").await;
    let adjustments: Vec<(String, String)> = later["result"]["adjustments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["field"].as_str().unwrap().to_owned(),
                a["adjustment"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("daily_costs[0].until", "left_out"),
        ("daily_costs[1].from", "moved_to_tomorrow"),
        ("due_date", "left_out"),
        ("people[0].from", "moved_to_tomorrow"),
        ("rates[0].user_id", "left_out"),
        ("tasks[0].task_id", "left_out"),
    ]
    .iter()
    .map(|(f, a)| ((*f).to_owned(), (*a).to_owned()))
    .collect();
    assert_eq!(adjustments, expected);
    let applied = &later["result"]["applied"];
    assert_eq!(applied["due_date"], Value::Null);
    assert_eq!(applied["daily_costs"].as_array().unwrap().len(), 1);
    assert_eq!(applied["daily_costs"][0]["from"], "2026-12-25");
    assert_eq!(applied["people"][0]["from"], "2026-12-25");
    assert_eq!(applied["rates"], json!([]));
    assert_eq!(applied["tasks"], json!([]));
    // What is left is known in advance: 25 December, 1 day × (10.00 + 7 h × 70.00 / 7)
    // = 80.00.
    assert_eq!(
        later["result"]["evaluation"]["difference"]["projected_cost_at_completion"],
        "80.00"
    );
}

#[tokio::test]
async fn a_recommendations_scenario_is_evaluated_as_a_preview_of_its_changes() {
    let app = TestApp::spawn().await;
    let (ann, board) = unestimated_board(&app).await;
    // A task not started, estimated above what is left: the board heads over its budget and
    // deferring the task is the scope cut.
    let extra = app.task(&ann, board, "Nice to have").await;
    app.cost(&ann, board, extra, json!({"estimated_cost": "30000.00"}))
        .await
        .expect(200);
    let batch = app.recommendations(&ann, board).await;
    let recs = batch["recommendations"].as_array().unwrap();
    let cut = recs
        .iter()
        .find(|r| r["recommendation_type"] == "scope_cut")
        .unwrap_or_else(|| panic!("no scope cut: {recs:#?}"));
    assert_eq!(
        cut["scenario"]["tasks"],
        json!([{"task_id": extra, "estimated_cost": "0"}])
    );
    let effect = app
        .get(
            &format!("/api/v1/recommendations/{}/scenario", cut["id"]),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(effect["adjustments"], json!([]));
    assert_eq!(effect["applied"], cut["scenario"]);
    assert_eq!(
        effect["evaluation"],
        preview(&app, &ann, board, cut["scenario"].clone()).await
    );

    // A recommendation without changes to model has no scenario.
    let plain = recs
        .iter()
        .find(|r| r["scenario"].is_null())
        .unwrap_or_else(|| panic!("every recommendation has a scenario: {recs:#?}"));
    app.get(
        &format!("/api/v1/recommendations/{}/scenario", plain["id"]),
        &ann.token,
    )
    .await
    .expect_problem(404, "not_found");
    let viewer = app.user("vic", None).await;
    app.member(&ann, board, &viewer, "viewer", None).await;
    app.get(
        &format!("/api/v1/recommendations/{}/scenario", cut["id"]),
        &viewer.token,
    )
    .await
    .expect_problem(403, "insufficient_role");
}
