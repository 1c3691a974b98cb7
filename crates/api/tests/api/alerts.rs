//! Alert rules over HTTP: every kind fires exactly once when its condition becomes true and
//! again only after it was false; firings keep their figures; budgets start with the default
//! rules; notifications reach the people who can see the board and nobody else; the hard stop
//! refuses editors' new time and expenses once the money or hours are spent and lets admins
//! through, audited. Figures are set up through the API; evaluations run when the test calls
//! `evaluate_board` (the background evaluation is held back by a long delay), except in the
//! test of the coalesced evaluation itself.

use std::time::Duration;

use budget_domain::alerts::evaluate_board;
use serde_json::{json, Value};

use crate::support::*;

/// An app whose coalesced evaluation waits an hour: the tests evaluate when they choose.
async fn app() -> TestApp {
    TestApp::spawn_configured(engine(), |settings| {
        settings.alert_evaluation_delay_ms = 3_600_000;
        settings.alert_sweep_secs = 0;
    })
    .await
}

/// An owner at 100.00 an hour and a board due 2027-01-31 with one task; today is 2026-11-25.
async fn world(app: &TestApp) -> (User, i64, i64) {
    let owner = app.user("owner", Some("100.00")).await;
    let board = app.board(&owner, "Alerted").await;
    let task = app.task(&owner, board, "Build").await;
    (owner, board, task)
}

async fn evaluate(app: &TestApp, board: i64) {
    evaluate_board(&app.domain, board).await.unwrap();
}

async fn rule(app: &TestApp, owner: &User, board: i64, body: Value) -> i64 {
    app.post(
        &format!("/api/v1/boards/{board}/budget/alert-rules"),
        &owner.token,
        body,
    )
    .await
    .expect(201)
    .body["id"]
        .as_i64()
        .unwrap()
}

/// The firings of the board, newest first.
async fn firings(app: &TestApp, user: &User, board: i64) -> Vec<Value> {
    app.get(
        &format!("/api/v1/boards/{board}/budget/alerts"),
        &user.token,
    )
    .await
    .expect(200)
    .body["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn firings_of(app: &TestApp, user: &User, board: i64, rule: i64) -> Vec<Value> {
    firings(app, user, board)
        .await
        .into_iter()
        .filter(|f| f["rule_id"] == rule)
        .collect()
}

/// Replaces the budget (the body's fields, the rest defaults).
async fn set_budget(app: &TestApp, owner: &User, board: i64, body: Value) {
    let status = app.budget(owner, board, body).await.status.as_u16();
    assert!(status == 200 || status == 201, "budget answered {status}");
}

/// Drives a rule through true → true → false → true, evaluating after each step: it fires
/// once, stays quiet while still true, re-arms when false, and fires a second time.
async fn fires_once_and_rearms(
    app: &TestApp,
    owner: &User,
    board: i64,
    rule_id: i64,
    make_true: Value,
    make_false: Value,
) {
    set_budget(app, owner, board, make_true.clone()).await;
    evaluate(app, board).await;
    assert_eq!(firings_of(app, owner, board, rule_id).await.len(), 1);
    evaluate(app, board).await;
    assert_eq!(
        firings_of(app, owner, board, rule_id).await.len(),
        1,
        "still true: no second firing"
    );
    set_budget(app, owner, board, make_false).await;
    evaluate(app, board).await;
    let rules = app
        .get(
            &format!("/api/v1/boards/{board}/budget/alert-rules"),
            &owner.token,
        )
        .await
        .expect(200);
    let armed = rules.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rule_id)
        .unwrap()["armed"]
        .clone();
    assert_eq!(armed, true, "false again: re-armed");
    assert_eq!(firings_of(app, owner, board, rule_id).await.len(), 1);
    set_budget(app, owner, board, make_true).await;
    evaluate(app, board).await;
    evaluate(app, board).await;
    assert_eq!(firings_of(app, owner, board, rule_id).await.len(), 2);
}

#[tokio::test]
async fn a_budget_starts_with_money_alert_rules_at_its_thresholds_and_at_100_percent() {
    let app = app().await;
    let (owner, board, _) = world(&app).await;
    set_budget(
        &app,
        &owner,
        board,
        json!({"allocated_budget": "1000.00", "warning_threshold": 70, "critical_threshold": 90}),
    )
    .await;
    let rules = app
        .get(
            &format!("/api/v1/boards/{board}/budget/alert-rules"),
            &owner.token,
        )
        .await
        .expect(200)
        .body;
    let shown: Vec<(String, String, bool, bool)> = rules["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_owned(),
                r["threshold"].as_str().unwrap().to_owned(),
                r["active"].as_bool().unwrap(),
                r["armed"].as_bool().unwrap(),
            )
        })
        .collect();
    let money = |t: &str| ("money_used_at_least".to_owned(), t.to_owned(), true, true);
    assert_eq!(shown, vec![money("70.00"), money("90.00"), money("100.00")]);
    // Replacing the budget keeps the rules; no second set appears.
    set_budget(&app, &owner, board, json!({"allocated_budget": "2000.00"})).await;
    let again = app
        .get(
            &format!("/api/v1/boards/{board}/budget/alert-rules"),
            &owner.token,
        )
        .await
        .expect(200);
    assert_eq!(again.body["total"], 3);
}

#[tokio::test]
async fn a_money_alert_fires_once_with_its_figures_and_rearms_after_being_false() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    let rule_id = rule(
        &app,
        &owner,
        board,
        json!({"kind": "money_used_at_least", "threshold": "50"}),
    )
    .await;
    // 6 hours at 100.00: 600.00 of 1,000.00 (60 %).
    app.log(&owner, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    evaluate(&app, board).await;
    let fired = firings(&app, &owner, board).await;
    // The default rules (80, 95, 100 %) stay quiet at 60 %.
    assert_eq!(fired.len(), 1, "{fired:?}");
    let firing = &fired[0];
    assert_eq!(firing["rule_id"], rule_id);
    assert_eq!(firing["kind"], "money_used_at_least");
    assert_eq!(firing["threshold"], "50.00");
    assert_eq!(firing["event_type"], "budget.threshold_crossed");
    assert!(firing["event_id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(firing["figures"]["spent"], "600.00");
    assert_eq!(firing["figures"]["allocated_budget"], "1000.00");
    assert_eq!(firing["figures"]["utilisation_percent"], "60.00");
    assert_eq!(firing["figures"]["currency"], "USD");
    // Its event is in the outbox, written with it.
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM event_outbox WHERE id = '{}' AND event_type = \
             'budget.threshold_crossed' AND board_id = {board}",
            firing["event_id"].as_str().unwrap()
        ))
        .await,
        1
    );
    fires_once_and_rearms(
        &app,
        &owner,
        board,
        rule_id,
        json!({"allocated_budget": "1000.00"}),
        json!({"allocated_budget": "2000.00"}),
    )
    .await;
}

#[tokio::test]
async fn spending_the_whole_budget_emits_budget_exceeded() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "500.00"})).await;
    app.log(&owner, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    evaluate(&app, board).await;
    let mut events: Vec<(String, String)> = firings(&app, &owner, board)
        .await
        .iter()
        .map(|f| {
            (
                f["threshold"].as_str().unwrap().to_owned(),
                f["event_type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    events.sort();
    assert_eq!(
        events,
        vec![
            ("100.00".into(), "budget.exceeded".into()),
            ("80.00".into(), "budget.threshold_crossed".into()),
            ("95.00".into(), "budget.threshold_crossed".into()),
        ]
    );
}

#[tokio::test]
async fn an_hours_alert_fires_once_and_rearms() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(
        &app,
        &owner,
        board,
        json!({"allocated_budget": "100000.00", "allocated_hours": "10.00"}),
    )
    .await;
    let rule_id = rule(
        &app,
        &owner,
        board,
        json!({"kind": "hours_used_at_least", "threshold": "50"}),
    )
    .await;
    app.log(&owner, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    fires_once_and_rearms(
        &app,
        &owner,
        board,
        rule_id,
        json!({"allocated_budget": "100000.00", "allocated_hours": "10.00"}),
        json!({"allocated_budget": "100000.00", "allocated_hours": "20.00"}),
    )
    .await;
    let firing = &firings_of(&app, &owner, board, rule_id).await[0];
    assert_eq!(firing["figures"]["spent_hours"], "6.00");
    assert_eq!(firing["figures"]["time_utilisation_percent"], "60.00");
}

#[tokio::test]
async fn a_days_until_exhausted_alert_fires_once_and_rearms() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    let rule_id = rule(
        &app,
        &owner,
        board,
        json!({"kind": "days_until_exhausted_below", "threshold": "30"}),
    )
    .await;
    // 600.00 in the 30-day window: 20.00 a day; 400.00 left lasts 20 days.
    app.log(&owner, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    fires_once_and_rearms(
        &app,
        &owner,
        board,
        rule_id,
        json!({"allocated_budget": "1000.00"}),
        // 1,400.00 left lasts 70 days.
        json!({"allocated_budget": "2000.00"}),
    )
    .await;
    let firing = &firings_of(&app, &owner, board, rule_id).await[0];
    assert_eq!(firing["event_type"], "budget.exhaustion_predicted");
    assert_eq!(firing["figures"]["days_until_exhausted"], "20.00");
}

#[tokio::test]
async fn an_exhaustion_before_the_due_date_alert_fires_once_and_rearms() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    let rule_id = rule(
        &app,
        &owner,
        board,
        json!({"kind": "exhaustion_before_due_date"}),
    )
    .await;
    app.log(&owner, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    fires_once_and_rearms(
        &app,
        &owner,
        board,
        rule_id,
        // Exhausted in 20 days, on 2026-12-15: before the due date, 2027-01-31.
        json!({"allocated_budget": "1000.00"}),
        // 4,400.00 left lasts 220 days: after the due date.
        json!({"allocated_budget": "5000.00"}),
    )
    .await;
    let firing = &firings_of(&app, &owner, board, rule_id).await[0];
    assert_eq!(firing["threshold"], Value::Null);
    assert_eq!(firing["figures"]["projected_exhaustion_date"], "2026-12-15");
    assert_eq!(firing["figures"]["due_date"], "2027-01-31");
}

#[tokio::test]
async fn an_overrun_probability_alert_fires_once_and_rearms() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(
        &app,
        &owner,
        board,
        json!({"allocated_budget": "100000.00"}),
    )
    .await;
    let rule_id = rule(
        &app,
        &owner,
        board,
        json!({"kind": "overrun_probability_at_least", "threshold": "50"}),
    )
    .await;
    app.log(&owner, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    fires_once_and_rearms(
        &app,
        &owner,
        board,
        rule_id,
        // Already over: every projection finishes over budget.
        json!({"allocated_budget": "500.00"}),
        // 600.00 spent of 100,000.00: no projection gets there by the due date.
        json!({"allocated_budget": "100000.00"}),
    )
    .await;
    let firing = &firings_of(&app, &owner, board, rule_id).await[0];
    assert_eq!(firing["event_type"], "budget.overrun_probable");
    assert_eq!(firing["figures"]["probability_over_budget"], "100.00");
}

#[tokio::test]
async fn a_cpi_alert_fires_once_and_rearms() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(
        &app,
        &owner,
        board,
        json!({"allocated_budget": "100000.00"}),
    )
    .await;
    app.cost(&owner, board, task, json!({"estimated_cost": "1000.00"}))
        .await
        .expect(200);
    let rule_id = rule(
        &app,
        &owner,
        board,
        json!({"kind": "cpi_below", "threshold": "0.90"}),
    )
    .await;
    app.log(&owner, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    let progress = |percent: i64| {
        let app = &app;
        let owner = &owner;
        async move {
            app.put(
                &format!("/api/v1/boards/{board}/tasks/{task}"),
                &owner.token,
                json!({"title": "Build", "status": "in_progress", "progress": percent}),
            )
            .await
            .expect(200);
            evaluate(app, board).await;
        }
    };
    // EV 300.00 for AC 600.00: CPI 0.5.
    progress(30).await;
    progress(30).await;
    assert_eq!(firings_of(&app, &owner, board, rule_id).await.len(), 1);
    // EV 900.00: CPI 1.5, false; then 0.5 again.
    progress(90).await;
    progress(30).await;
    let fired = firings_of(&app, &owner, board, rule_id).await;
    assert_eq!(fired.len(), 2);
    assert_eq!(fired[0]["figures"]["cpi"], "0.5000");
}

#[tokio::test]
async fn alert_rules_are_checked_and_written_by_board_admins_only() {
    let app = app().await;
    let (owner, board, _) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    let editor = app.user("editor", None).await;
    app.member(&owner, board, &editor, "editor", None).await;
    let rules = format!("/api/v1/boards/{board}/budget/alert-rules");
    app.post(
        &rules,
        &editor.token,
        json!({"kind": "money_used_at_least", "threshold": "50"}),
    )
    .await
    .expect_problem(403, "insufficient_role");
    app.get(&rules, &editor.token).await.expect(200);
    let refused = app
        .post(&rules, &owner.token, json!({"kind": "money_used_at_least"}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors(), pairs(&[("threshold", "required")]));
    let refused = app
        .post(
            &rules,
            &owner.token,
            json!({"kind": "exhaustion_before_due_date", "threshold": "5"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("threshold", "not_allowed")])
    );
    let refused = app
        .post(
            &rules,
            &owner.token,
            json!({"kind": "overrun_probability_at_least", "threshold": "101"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("threshold", "out_of_range")])
    );
    let id = rule(
        &app,
        &owner,
        board,
        json!({"kind": "cpi_below", "threshold": "0.8", "active": false}),
    )
    .await;
    let changed = app
        .patch(
            &format!("{rules}/{id}"),
            &owner.token,
            json!({"threshold": "0.75", "active": true}),
        )
        .await
        .expect(200);
    assert_eq!(changed.body["threshold"], "0.75");
    assert_eq!(changed.body["active"], true);
    app.delete(&format!("{rules}/{id}"), &editor.token)
        .await
        .expect_problem(403, "insufficient_role");
    app.delete(&format!("{rules}/{id}"), &owner.token)
        .await
        .expect(204);
    app.delete(&format!("{rules}/{id}"), &owner.token)
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn two_evaluations_at_once_fire_a_rule_once() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    app.log(&owner, board, task, "9.00", "2026-11-20")
        .await
        .expect(201);
    let evaluations: Vec<_> = (0..4)
        .map(|_| {
            let domain = app.domain.clone();
            tokio::spawn(async move { evaluate_board(&domain, board).await.unwrap() })
        })
        .collect();
    let mut fired = 0;
    for evaluation in evaluations {
        fired += evaluation.await.unwrap().fired.len();
    }
    // 900.00 of 1,000.00 crosses the 80 % default only.
    assert_eq!(fired, 1);
    assert_eq!(firings(&app, &owner, board).await.len(), 1);
}

#[tokio::test]
async fn a_burst_of_writes_is_evaluated_once_shortly_after() {
    let app = TestApp::spawn_configured(engine(), |settings| {
        settings.alert_evaluation_delay_ms = 200;
        settings.alert_sweep_secs = 0;
    })
    .await;
    let (owner, board, task) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    let mut entries = Vec::new();
    for day in 16..=20 {
        let logged = app
            .log(&owner, board, task, "1.50", &format!("2026-11-{day}"))
            .await
            .expect(201);
        entries.push(logged.body["id"].as_i64().unwrap());
    }
    // 750.00 of 1,000.00: below every default rule, evaluated without firing.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(firings(&app, &owner, board).await.is_empty());
    // A change to an entry by its own path is a change to its board: 1,000.00 of 1,000.00,
    // and the three default rules fire, each once, without a call.
    app.patch(
        &format!("/api/v1/time-entries/{}", entries[0]),
        &owner.token,
        json!({"hours": "4.00"}),
    )
    .await
    .expect(200);
    let mut fired = Vec::new();
    for _ in 0..100 {
        fired = firings(&app, &owner, board).await;
        if fired.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(firings(&app, &owner, board).await.len(), 3, "{fired:?}");
}

#[tokio::test]
async fn notifications_reach_the_people_who_can_see_the_board_and_nobody_else() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    let member = app.user("member", None).await;
    app.member(&owner, board, &member, "viewer", None).await;
    let outsider = app.user("outsider", None).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    app.log(&owner, board, task, "9.00", "2026-11-20")
        .await
        .expect(201);
    evaluate(&app, board).await;
    let count = |user: &User| {
        let app = &app;
        let token = user.token.clone();
        async move {
            app.get("/api/v1/me/notifications/unread-count", &token)
                .await
                .expect(200)
                .body["unread"]
                .as_u64()
                .unwrap()
        }
    };
    assert_eq!(count(&member).await, 1);
    assert_eq!(count(&owner).await, 1);
    assert_eq!(count(&outsider).await, 0);
    let feed = app
        .get("/api/v1/me/notifications?unread=true", &member.token)
        .await
        .expect(200)
        .body;
    assert_eq!(feed["total"], 1);
    let note = &feed["items"][0];
    assert_eq!(note["event_type"], "budget.threshold_crossed");
    assert_eq!(note["board_id"], board);
    assert_eq!(note["read_at"], Value::Null);
    assert_eq!(note["payload"]["figures"]["spent"], "900.00");
    let id = note["id"].as_i64().unwrap();
    app.get("/api/v1/me/notifications", &outsider.token)
        .await
        .expect(200);
    assert_eq!(
        app.get("/api/v1/me/notifications", &outsider.token)
            .await
            .body["total"],
        0
    );
    // Someone else's notification does not exist to them.
    app.post(
        &format!("/api/v1/me/notifications/{id}/read"),
        &outsider.token,
        json!({}),
    )
    .await
    .expect_problem(404, "not_found");
    let read = app
        .post(
            &format!("/api/v1/me/notifications/{id}/read"),
            &member.token,
            json!({}),
        )
        .await
        .expect(200);
    assert!(read.body["read_at"].is_string());
    assert_eq!(count(&member).await, 0);
    assert_eq!(
        app.get("/api/v1/me/notifications?unread=true", &member.token)
            .await
            .body["total"],
        0
    );
    let all = app
        .post("/api/v1/me/notifications/read-all", &owner.token, json!({}))
        .await
        .expect(200);
    assert_eq!(all.body["marked"], 1);
    assert_eq!(count(&owner).await, 0);
}

#[tokio::test]
async fn recommendations_created_and_reviewed_are_events_in_the_outbox() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    set_budget(&app, &owner, board, json!({"allocated_budget": "1000.00"})).await;
    app.log(&owner, board, task, "9.00", "2026-11-20")
        .await
        .expect(201);
    let batch = app.recommendations(&owner, board).await;
    let created = batch["created"].as_i64().unwrap();
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM event_outbox WHERE board_id = {board} \
             AND event_type = 'recommendation.created'"
        ))
        .await,
        created
    );
    if let Some(first) = batch["recommendations"].as_array().unwrap().first() {
        let id = first["id"].as_i64().unwrap();
        app.post(
            &format!("/api/v1/recommendations/{id}/action"),
            &owner.token,
            json!({"action": "accept"}),
        )
        .await
        .expect(200);
        assert_eq!(
            app.sql_number(&format!(
                "SELECT COUNT(*) FROM event_outbox WHERE board_id = {board} \
                 AND event_type = 'recommendation.status_changed'"
            ))
            .await,
            1
        );
    }
}

#[tokio::test]
async fn hard_stop_refuses_an_editors_new_time_and_expenses_and_lets_an_admin_through_audited() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    let editor = app.user("editor", None).await;
    app.member(&owner, board, &editor, "editor", Some("100.00"))
        .await;
    set_budget(
        &app,
        &owner,
        board,
        json!({"allocated_budget": "500.00", "hard_stop": true}),
    )
    .await;
    let budget = app
        .get(&format!("/api/v1/boards/{board}/budget"), &owner.token)
        .await
        .expect(200);
    assert_eq!(budget.body["hard_stop"], true);
    // Not spent yet: the entry that spends it is taken.
    app.log(&editor, board, task, "6.00", "2026-11-20")
        .await
        .expect(201);
    let refused = app
        .log(&editor, board, task, "1.00", "2026-11-21")
        .await
        .expect_problem(409, "budget_exhausted");
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(detail.contains("money"), "{detail}");
    assert!(detail.contains("hard_stop"), "{detail}");
    app.expense(
        &editor,
        board,
        task,
        json!({"category": "travel", "amount": "10.00"}),
    )
    .await
    .expect_problem(409, "budget_exhausted");
    // A board admin may log past the stop; it is audited.
    app.log(&owner, board, task, "1.00", "2026-11-21")
        .await
        .expect(201);
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM audit_event WHERE board_id = {board} \
             AND entity_type = 'hard_stop' AND action = 'override'"
        ))
        .await,
        1
    );
    // Lifting the stop lets the editor log again.
    set_budget(
        &app,
        &owner,
        board,
        json!({"allocated_budget": "500.00", "hard_stop": false}),
    )
    .await;
    app.log(&editor, board, task, "1.00", "2026-11-22")
        .await
        .expect(201);
}

#[tokio::test]
async fn hard_stop_counts_hours_as_well_as_money() {
    let app = app().await;
    let (owner, board, task) = world(&app).await;
    let editor = app.user("editor", None).await;
    app.member(&owner, board, &editor, "editor", None).await;
    set_budget(
        &app,
        &owner,
        board,
        json!({"allocated_budget": "100000.00", "allocated_hours": "5.00", "hard_stop": true}),
    )
    .await;
    app.log(&editor, board, task, "5.00", "2026-11-20")
        .await
        .expect(201);
    let refused = app
        .log(&editor, board, task, "0.50", "2026-11-21")
        .await
        .expect_problem(409, "budget_exhausted");
    assert!(refused.body["detail"].as_str().unwrap().contains("hours"));
    // Without the stop, nothing is refused.
    let other = app.board(&owner, "No stop").await;
    app.member(&owner, other, &editor, "editor", None).await;
    let other_task = app.task(&owner, other, "Work").await;
    set_budget(
        &app,
        &owner,
        other,
        json!({"allocated_budget": "0.00", "allocated_hours": "1.00"}),
    )
    .await;
    app.log(&editor, other, other_task, "2.00", "2026-11-20")
        .await
        .expect(201);
    app.log(&editor, other, other_task, "2.00", "2026-11-21")
        .await
        .expect(201);
}

#[tokio::test]
async fn the_demo_boards_start_with_the_default_alert_rules() {
    let app = app().await;
    budget_seed::demo::seed(&app.domain).await.unwrap();
    let session = app
        .request(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": "demo@example.com", "password": "demo-password-123"})),
        )
        .await
        .expect(200);
    let demo = User {
        id: session.body["user"]["id"].as_i64().unwrap(),
        token: session.body["access_token"].as_str().unwrap().to_owned(),
        email: "demo@example.com".to_owned(),
    };
    let boards = app.get("/api/v1/boards", &demo.token).await.expect(200);
    for board in boards.body["items"].as_array().unwrap() {
        let board = board["id"].as_i64().unwrap();
        let rules = app
            .get(
                &format!("/api/v1/boards/{board}/budget/alert-rules"),
                &demo.token,
            )
            .await
            .expect(200);
        let thresholds: Vec<&str> = rules.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["threshold"].as_str().unwrap())
            .collect();
        assert_eq!(thresholds, ["80.00", "95.00", "100.00"], "board {board}");
        // Evaluating them fires only what the figures cross, and a second time nothing.
        evaluate(&app, board).await;
        let fired = firings(&app, &demo, board).await.len();
        evaluate(&app, board).await;
        assert_eq!(firings(&app, &demo, board).await.len(), fired);
    }
}
