//! The optimiser over HTTP: builtin answers on crafted boards, the recommendation lifecycle,
//! and the Gemini and OpenAI providers against local stubs that speak their wire formats.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::*;

/// A board that will overrun by about 20 %: budget 10,000.00, 30 days behind it at a steady
/// 200.00 a day (6,000.00 spent), 30 days to its due date at the same pace → 12,000.00, give or
/// take the forecast's remaining-scope factor (its median over the draws is within 2 % of 1).
async fn overrunning_board(app: &TestApp) -> (User, i64) {
    let ann = app.user("ann", Some("100.00")).await;
    let board = app
        .new_board(
            &ann,
            json!({"name": "Overrun", "start_date": "2026-10-27", "due_date": "2026-12-25"}),
        )
        .await;
    app.budget(&ann, board, json!({"allocated_budget": "10000.00"}))
        .await
        .expect(201);
    let build = app.task(&ann, board, "Build the thing").await;
    for title in ["Polish the docs", "Extra reports", "Nice-to-have export"] {
        let task = app.task(&ann, board, title).await;
        app.put(
            &format!("/api/v1/boards/{board}/tasks/{task}"),
            &ann.token,
            json!({"title": title, "priority": "low"}),
        )
        .await
        .expect(200);
    }
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 10, 27).unwrap();
    while day <= today() {
        app.log(&ann, board, build, "2.00", &day.to_string())
            .await
            .expect(201);
        day = day.succ_opt().unwrap();
    }
    (ann, board)
}

/// The board's forecast.
async fn forecast(app: &TestApp, user: &User, board: i64) -> Value {
    app.get(
        &format!("/api/v1/boards/{board}/budget/forecast"),
        &user.token,
    )
    .await
    .expect(200)
    .body
}

#[tokio::test]
async fn builtin_recommends_enough_savings_to_fit_the_budget() {
    let app = TestApp::spawn().await;
    let (ann, board) = overrunning_board(&app).await;
    let forecast = forecast(&app, &ann, board).await;
    let projected: f64 = forecast["projected_cost_at_completion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((11_760.0..=12_240.0).contains(&projected), "{forecast}");
    let overrun: f64 = forecast["projected_overrun"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (overrun - (projected - 10_000.0)).abs() < 0.005,
        "{forecast}"
    );

    let batch = app.recommendations(&ann, board).await;
    assert_eq!(batch["provenance"]["source"], "builtin");
    assert_eq!(batch["provenance"]["fallback_reason"], Value::Null);
    let recs = batch["recommendations"].as_array().unwrap();
    assert!((3..=7).contains(&recs.len()), "{recs:?}");
    assert_eq!(batch["created"], recs.len());
    let covering: Vec<&Value> = recs
        .iter()
        .filter(|r| {
            matches!(
                r["recommendation_type"].as_str(),
                Some("risk_mitigation" | "scope_cut")
            )
        })
        .filter(|r| {
            r["estimated_savings"]
                .as_str()
                .unwrap()
                .parse::<f64>()
                .unwrap()
                >= 2000.0
        })
        .collect();
    assert!(
        !covering.is_empty(),
        "no recommendation covers the 2,000.00 overrun: {recs:#?}"
    );
    for r in recs {
        let savings: f64 = r["estimated_savings"].as_str().unwrap().parse().unwrap();
        assert!(
            (0.0..=6000.0).contains(&savings),
            "savings beyond the remaining work: {r}"
        );
        assert_eq!(r["status"], "pending");
        assert_eq!(r["source"], "builtin");
    }

    // Asking again repeats the pending ones instead of piling up duplicates.
    let again = app.recommendations(&ann, board).await;
    assert_eq!(again["created"], 0);
    assert_eq!(again["already_pending"], recs.len());
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/recommendations"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(listed["items"].as_array().unwrap().len(), recs.len());
}

/// A board's stored snapshots as listed, with the stored risk score and insights' length.
async fn stored_snapshots(app: &TestApp, token: &str, board: i64) -> (String, i64, i64) {
    let listed = app
        .get(&format!("/api/v1/boards/{board}/roi/snapshots"), token)
        .await
        .expect(200);
    let risk = app
        .sql_number(&format!(
            "SELECT CAST(COALESCE(ai_risk_score, -1) AS BIGINT) FROM project_roi \
             WHERE board_id = {board}"
        ))
        .await;
    let insights = app
        .sql_number(&format!(
            "SELECT CAST(LENGTH(CAST(ai_insights AS TEXT)) AS BIGINT) FROM project_roi \
             WHERE board_id = {board}"
        ))
        .await;
    (listed.text, risk, insights)
}

#[tokio::test]
async fn analysing_never_rewrites_a_stored_snapshot_and_keeps_a_bounded_history() {
    let app = TestApp::spawn().await;
    let (ann, board) = overrunning_board(&app).await;
    app.post(
        &format!("/api/v1/boards/{board}/roi/snapshots"),
        &ann.token,
        json!({"expected_value": "20000.00"}),
    )
    .await
    .expect(201);
    let before = stored_snapshots(&app, &ann.token, board).await;
    for _ in 0..22 {
        app.ai(&ann, board, "analyze").await.expect(200);
    }
    assert_eq!(stored_snapshots(&app, &ann.token, board).await, before);
    // Each analysis is its own record; only the latest 20 are kept.
    let kept = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM budget_analysis WHERE board_id = {board}"
        ))
        .await;
    assert_eq!(kept, 20);
}

#[tokio::test]
async fn every_operation_answers_with_builtin_figures() {
    let app = TestApp::spawn().await;
    let (ann, board) = overrunning_board(&app).await;
    let analysis = app.ai(&ann, board, "analyze").await.expect(200).body;
    let score = analysis["health_score"].as_i64().unwrap();
    assert!(
        (0..70).contains(&score),
        "an overrunning board is not healthy: {analysis}"
    );
    let projected = forecast(&app, &ann, board).await;
    assert_eq!(analysis["key_figures"]["spent"], "6000.00");
    assert_eq!(
        analysis["key_figures"]["projected_cost_at_completion"],
        projected["projected_cost_at_completion"]
    );
    assert!(!analysis["risks"].as_array().unwrap().is_empty());
    // Stored: the budget records when it was analysed.
    let budget = app
        .get(&format!("/api/v1/boards/{board}/budget"), &ann.token)
        .await
        .expect(200)
        .body;
    assert_ne!(budget["last_ai_analysis"], Value::Null);

    let prediction = app.ai(&ann, board, "predict").await.expect(200).body;
    assert_eq!(prediction["will_exceed_budget"], true);
    assert_eq!(
        prediction["forecast"]["projected_overrun"],
        projected["projected_overrun"]
    );
    assert!(!prediction["narrative"].as_str().unwrap().is_empty());

    let patterns = app.ai(&ann, board, "learn-patterns").await.expect(200).body;
    assert_eq!(patterns["provenance"]["source"], "builtin");
    let first_count = patterns["patterns"].as_array().unwrap().len();
    let learned = app.ai(&ann, board, "learn-patterns").await.expect(200).body;
    let stored = stored_patterns(&app, board).await;
    assert_eq!(
        stored, first_count as i64,
        "patterns are upserted, not duplicated"
    );
    // Listed as stored: exactly what the last learning answered, in the order learned.
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/budget/patterns"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        listed,
        json!({"items": learned["patterns"], "total": first_count})
    );

    let plan = app
        .ai(&ann, board, "optimize-resources")
        .await
        .expect(200)
        .body;
    assert_eq!(plan["people"].as_array().unwrap().len(), 1);
    assert!(!plan["summary"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn learned_patterns_are_listed_as_stored_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let vic = app.user("vic", None).await;
    let board = app.board(&ann, "Launch").await;
    let other = app.board(&ann, "Other").await;
    app.member(&ann, board, &vic, "viewer", None).await;
    let path = format!("/api/v1/boards/{board}/budget/patterns");
    // Nothing learned yet: an empty page.
    let empty = app.get(&path, &ann.token).await.expect(200).body;
    assert_eq!(empty, json!({"items": [], "total": 0}));
    app.sql(&format!(
        "INSERT INTO cost_pattern (board_id, pattern_name, pattern_type, pattern_data, confidence, \
         occurrence_count, last_occurred) VALUES \
         ({board}, 'priority:low overrun', 'priority_overrun', \
          '{{\"description\": \"Low-priority tasks cost 130 % of their estimates.\", \"figures\": {{\"priority\": \"low\", \"tasks\": 3}}}}', \
          0.67, 2, '2026-11-20 09:30:00+00:00'), \
         ({other}, 'weekend burn', 'weekday_burn', '{{\"description\": \"Not this board.\", \"figures\": {{}}}}', \
          0.5, 1, '2026-11-21 00:00:00+00:00'), \
         ({board}, 'weekend burn', 'weekday_burn', \
          '{{\"description\": \"Weekends carry 26.67 % of the cost.\", \"figures\": {{\"weekend_share_percent\": \"26.67\"}}}}', \
          1.0, 8, '2026-11-25 10:00:00+00:00')"
    ))
    .await;
    let first = json!({
        "name": "priority:low overrun",
        "pattern_type": "priority_overrun",
        "description": "Low-priority tasks cost 130 % of their estimates.",
        "data": {"priority": "low", "tasks": 3},
        "confidence": "0.67",
        "occurrence_count": 2,
        "last_occurred": "2026-11-20T09:30:00Z"
    });
    let second = json!({
        "name": "weekend burn",
        "pattern_type": "weekday_burn",
        "description": "Weekends carry 26.67 % of the cost.",
        "data": {"weekend_share_percent": "26.67"},
        "confidence": "1.00",
        "occurrence_count": 8,
        "last_occurred": "2026-11-25T10:00:00Z"
    });
    // Any board member reads them, viewers included; only this board's.
    let all = app.get(&path, &vic.token).await.expect(200).body;
    assert_eq!(all, json!({"items": [first, second], "total": 2}));
    let page = app
        .get(&format!("{path}?limit=1"), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(page["items"], json!([first]));
    assert_eq!(page["total"], 2);
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = app
        .get(&format!("{path}?limit=1&cursor={cursor}"), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(rest, json!({"items": [second], "total": 2}));
    app.get(&format!("{path}?limit=0"), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
}

async fn stored_patterns(app: &TestApp, board: i64) -> i64 {
    app.sql_number(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM cost_pattern WHERE board_id = {board}"
    ))
    .await
}

#[tokio::test]
async fn the_optimiser_needs_an_enabled_budget_and_an_editor() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let vic = app.user("vic", None).await;
    let board = app.board(&ann, "Plain").await;
    app.member(&ann, board, &vic, "viewer", None).await;
    app.ai(&ann, board, "analyze")
        .await
        .expect_problem(409, "no_budget");
    app.budget(
        &ann,
        board,
        json!({"allocated_budget": "100", "ai_optimization_enabled": false}),
    )
    .await
    .expect(201);
    for operation in [
        "analyze",
        "recommendations",
        "predict",
        "learn-patterns",
        "optimize-resources",
    ] {
        app.ai(&ann, board, operation)
            .await
            .expect_problem(409, "ai_disabled");
        app.ai(&vic, board, operation)
            .await
            .expect_problem(403, "insufficient_role");
    }
    app.budget(&ann, board, json!({"allocated_budget": "100"}))
        .await
        .expect(200);
    // A board without any data still gets three sensible recommendations.
    let batch = app.recommendations(&ann, board).await;
    assert!(batch["recommendations"].as_array().unwrap().len() >= 3);
}

/// Who may log time is one rule: the admins of the board's organisation may, members and
/// non-members alike, so the resource plan weighs them; the organisation's other members may not.
#[tokio::test]
async fn organisation_admins_who_are_not_board_members_are_weighed_for_resources() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let olga = app.user("olga", Some("60.00")).await;
    let max = app.user("max", Some("50.00")).await;
    let org = app
        .post("/api/v1/organizations", &ann.token, json!({"name": "Acme"}))
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    for (who, role) in [(&olga, "admin"), (&max, "member")] {
        app.org_join(&ann, org, who, role).await;
    }
    let board = app
        .new_board(
            &ann,
            json!({"name": "Acme site", "organization_id": org,
                   "start_date": "2026-09-01", "due_date": "2027-01-31"}),
        )
        .await;
    app.budget(&ann, board, json!({"allocated_budget": "10000.00"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Checkout").await;
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{task}"),
        &ann.token,
        json!({"title": "Checkout", "assignee_id": max.id}),
    )
    .await
    .expect(200);

    let plan = app
        .ai(&ann, board, "optimize-resources")
        .await
        .expect(200)
        .body;
    let weighed: Vec<i64> = plan["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(weighed, vec![ann.id, olga.id], "{plan}");
}

/// Acts on recommendations in turn, asserting that each action is refused with its status and
/// problem code: (recommendation, who, the action, status, code).
async fn refused_actions(app: &TestApp, cases: &[(i64, &User, Value, u16, &str)]) {
    for (id, user, action, status, code) in cases {
        app.post(
            &format!("/api/v1/recommendations/{id}/action"),
            &user.token,
            action.clone(),
        )
        .await
        .expect_problem(*status, code);
    }
}

#[tokio::test]
async fn recommendations_follow_their_lifecycle_and_only_admins_act() {
    let app = TestApp::spawn().await;
    let (ann, board) = overrunning_board(&app).await;
    let ed = app.user("ed", None).await;
    let out = app.user("out", None).await;
    app.member(&ann, board, &ed, "editor", None).await;
    let batch = app.recommendations(&ann, board).await;
    let ids: Vec<i64> = batch["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    let act = |id: i64, user: &User, body: Value| {
        let path = format!("/api/v1/recommendations/{id}/action");
        let token = user.token.clone();
        let app = &app;
        async move { app.post(&path, &token, body).await }
    };
    #[rustfmt::skip]
    let before_review = [
        (ids[0], &ed, json!({"action": "accept"}), 403, "insufficient_role"),
        (ids[0], &out, json!({"action": "accept"}), 403, "board_access_denied"),
        (999_999, &ann, json!({"action": "accept"}), 404, "not_found"),
        (ids[0], &ann, json!({"action": "implement"}), 409, "invalid_transition"),
        (ids[0], &ann, json!({"action": "accept", "realized_savings": "5"}), 422, "validation_failed"),
        (ids[0], &ann, json!({"action": "maybe"}), 422, "validation_failed"),
    ];
    refused_actions(&app, &before_review).await;

    let accepted = act(ids[0], &ann, json!({"action": "accept", "note": "go"}))
        .await
        .expect(200)
        .body;
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["reviewed_by"], ann.id);
    assert_eq!(accepted["review_note"], "go");
    #[rustfmt::skip]
    let once_accepted = [
        (ids[0], &ann, json!({"action": "accept"}), 409, "invalid_transition"),
        (ids[0], &ann, json!({"action": "reject"}), 409, "invalid_transition"),
        (ids[0], &ann, json!({"action": "implement", "realized_savings": "-1"}), 422, "validation_failed"),
    ];
    refused_actions(&app, &once_accepted).await;
    let implemented = act(
        ids[0],
        &ann,
        json!({"action": "implement", "realized_savings": "1234.50"}),
    )
    .await
    .expect(200)
    .body;
    assert_eq!(implemented["status"], "implemented");
    assert_eq!(implemented["realized_savings"], "1234.50");
    act(ids[0], &ann, json!({"action": "implement"}))
        .await
        .expect_problem(409, "invalid_transition");

    let rejected = act(ids[1], &ann, json!({"action": "reject"}))
        .await
        .expect(200)
        .body;
    assert_eq!(rejected["status"], "rejected");
    act(ids[1], &ann, json!({"action": "accept"}))
        .await
        .expect_problem(409, "invalid_transition");

    let list = |query: &'static str| {
        let app = &app;
        let token = ann.token.clone();
        async move {
            app.get(
                &format!("/api/v1/boards/{board}/recommendations?{query}"),
                &token,
            )
            .await
            .expect(200)
            .body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list("status=implemented").await, [ids[0]]);
    assert_eq!(list("status=rejected").await, [ids[1]]);
    assert_eq!(list("status=pending").await.len(), ids.len() - 2);
    // The total counts what the filter keeps, on every page.
    let pending = app
        .get(
            &format!("/api/v1/boards/{board}/recommendations?status=pending&limit=1"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(pending.body["total"], ids.len() - 2);
    assert_eq!(pending.header("link").is_some(), ids.len() - 2 > 1);
    let implemented = app
        .get(
            &format!("/api/v1/boards/{board}/recommendations?status=implemented&limit=1"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(implemented.body["total"], 1);
    assert_eq!(implemented.header("link"), None);
    app.get(
        &format!("/api/v1/boards/{board}/recommendations?status=maybe"),
        &ann.token,
    )
    .await
    .expect_problem(422, "validation_failed");

    // Each action is audited.
    assert_eq!(
        app.sql_number(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM audit_event WHERE entity_type = 'recommendation'"
        )
        .await,
        3
    );
}

// ---------------------------------------------------------------------------------------------
// LLM providers against stubs

fn gemini_envelope(text: &str) -> Value {
    json!({
        "candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP"}],
        "usageMetadata": {"promptTokenCount": 321, "candidatesTokenCount": 123},
        "modelVersion": "gemini-2.0-flash"
    })
}

fn openai_envelope(text: &str) -> Value {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "model": "local-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 300, "completion_tokens": 100}
    })
}

fn good_recommendations() -> String {
    json!({"recommendations": [
        {"type": "scope_cut", "title": "Drop the nice-to-have export", "description": "Cut low-priority scope.",
         "estimated_savings": "2000.00", "confidence": 70, "priority": "high", "reasoning": "Covers the overrun.",
         "based_on": ["projected_overrun"]},
        {"type": "timeline_change", "title": "Slow the burn", "description": "Pace the work.",
         "estimated_savings": "500.00", "confidence": 55, "priority": "medium", "reasoning": "Burn is above plan.",
         "based_on": ["burn_rate"]},
        {"type": "efficiency_improvement", "title": "Review estimates", "description": "Re-estimate open tasks.",
         "estimated_savings": "0", "confidence": 40, "priority": "low", "reasoning": "Estimates are missing.",
         "based_on": []}
    ]})
    .to_string()
}

async fn gemini_app(stub: &MockServer, timeout_secs: u64) -> TestApp {
    let base = stub.uri();
    TestApp::spawn_configured(engine(), move |s| {
        s.ai_provider = AiProvider::Gemini;
        s.gemini_api_key = Some("test-gemini-key".into());
        s.gemini_base_url = Some(base);
        s.ai_timeout_secs = timeout_secs;
        s.ai_temperature = 0.2;
    })
    .await
}

async fn openai_app(stub: &MockServer) -> TestApp {
    let base = stub.uri();
    TestApp::spawn_configured(engine(), move |s| {
        s.ai_provider = AiProvider::OpenAi;
        s.openai_api_key = Some("test-openai-key".into());
        s.openai_base_url = Some(base);
        s.openai_model = Some("local-model".into());
    })
    .await
}

const GEMINI_PATH: &str = "/v1beta/models/gemini-2.0-flash:generateContent";

#[tokio::test]
async fn gemini_answers_are_used_when_valid_and_the_request_is_exact() {
    let stub = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(GEMINI_PATH))
        .and(header("x-goog-api-key", "test-gemini-key"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(gemini_envelope(&good_recommendations())),
        )
        .expect(1)
        .mount(&stub)
        .await;
    let app = gemini_app(&stub, 5).await;
    let (ann, board) = overrunning_board(&app).await;
    let batch = app.recommendations(&ann, board).await;
    assert_eq!(batch["provenance"]["source"], "gemini");
    assert_eq!(batch["provenance"]["model"], "gemini-2.0-flash");
    assert_eq!(batch["provenance"]["fallback_reason"], Value::Null);
    let titles: Vec<&str> = batch["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Drop the nice-to-have export",
            "Slow the burn",
            "Review estimates"
        ]
    );
    assert_eq!(batch["recommendations"][0]["estimated_savings"], "2000.00");
    assert_eq!(batch["recommendations"][0]["source"], "gemini");

    let requests: Vec<Request> = stub.received_requests().await.unwrap();
    let body: Value = requests[0].body_json().unwrap();
    assert_eq!(body["generationConfig"]["temperature"], json!(0.2));
    assert_eq!(
        body["generationConfig"]["responseMimeType"],
        "application/json"
    );
    assert!(
        body["generationConfig"]["responseSchema"]["properties"]["recommendations"].is_object()
    );
    let raw = String::from_utf8_lossy(&requests[0].body);
    assert!(
        !raw.contains(&ann.email),
        "the prompt must not carry emails"
    );
    assert!(!raw.contains("@"), "the prompt must not carry any email");
    let projected = forecast(&app, &ann, board).await["projected_cost_at_completion"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        raw.contains(&projected),
        "the prompt carries the projected cost"
    );
}

/// One scenario: what the stub answers, and what the app must end with.
async fn gemini_fallback(
    responses: Vec<ResponseTemplate>,
    timeout_secs: u64,
    expected_source: &str,
    reason_contains: &str,
) {
    let stub = MockServer::start().await;
    let count = responses.len() as u64;
    for response in responses {
        Mock::given(method("POST"))
            .and(path(GEMINI_PATH))
            .respond_with(response)
            .up_to_n_times(1)
            .mount(&stub)
            .await;
    }
    let app = gemini_app(&stub, timeout_secs).await;
    let (ann, board) = overrunning_board(&app).await;
    let batch = app.recommendations(&ann, board).await;
    assert_eq!(batch["provenance"]["source"], expected_source, "{batch}");
    let reason = batch["provenance"]["fallback_reason"]
        .as_str()
        .unwrap_or_default();
    assert!(
        reason.contains(reason_contains),
        "reason {reason:?} lacks {reason_contains:?}"
    );
    let recs = batch["recommendations"].as_array().unwrap();
    assert!(!recs.is_empty());
    assert!(recs.iter().all(|r| r["source"] == expected_source));
    // The stored result is valid: listed, pending, savings within the remaining work.
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/recommendations"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(listed["items"].as_array().unwrap().len(), recs.len());
    assert!(stub.received_requests().await.unwrap().len() as u64 <= count);
}

#[tokio::test]
async fn gemini_malformed_json_falls_back_to_builtin() {
    let bad =
        ResponseTemplate::new(200).set_body_json(gemini_envelope("{\"recommendations\": [ oops"));
    gemini_fallback(
        vec![bad],
        5,
        "builtin",
        "the AI answer did not pass the checks",
    )
    .await;
}

#[tokio::test]
async fn gemini_out_of_range_values_fall_back_to_builtin() {
    let text = json!({"recommendations": [
        {"type": "scope_cut", "title": "Too good", "description": "d", "estimated_savings": "999999.00",
         "confidence": 70, "priority": "high", "reasoning": "r", "based_on": []},
        {"type": "wishful_thinking", "title": "Unknown", "description": "d", "estimated_savings": "1",
         "confidence": 70, "priority": "high", "reasoning": "r", "based_on": []},
        {"type": "risk_mitigation", "title": "Sure", "description": "d", "estimated_savings": "1",
         "confidence": 170, "priority": "high", "reasoning": "r", "based_on": []}
    ]})
    .to_string();
    let answer = ResponseTemplate::new(200).set_body_json(gemini_envelope(&text));
    gemini_fallback(
        vec![answer],
        5,
        "builtin",
        "the AI answer did not pass the checks",
    )
    .await;
}

#[tokio::test]
async fn gemini_rate_limited_once_then_answering_is_used() {
    let limited = ResponseTemplate::new(429)
        .insert_header("retry-after", "0")
        .set_body_json(json!({"error": {"code": 429, "message": "slow down"}}));
    let good = ResponseTemplate::new(200).set_body_json(gemini_envelope(&good_recommendations()));
    gemini_fallback(vec![limited, good], 5, "gemini", "").await;
}

#[tokio::test]
async fn gemini_timing_out_falls_back_to_builtin() {
    let slow = || {
        ResponseTemplate::new(200)
            .set_body_json(gemini_envelope(&good_recommendations()))
            .set_delay(Duration::from_secs(3))
    };
    gemini_fallback(vec![slow(), slow()], 1, "builtin", "in time").await;
}

#[tokio::test]
async fn gemini_server_errors_fall_back_to_builtin() {
    let failing = || {
        ResponseTemplate::new(500)
            .set_body_json(json!({"error": {"code": 500, "message": "internal"}}))
    };
    gemini_fallback(
        vec![failing(), failing()],
        5,
        "builtin",
        "the AI provider failed (HTTP 500)",
    )
    .await;
}

#[tokio::test]
async fn openai_compatible_servers_are_asked_in_their_format() {
    let stub = MockServer::start().await;
    let analysis = json!({"health_score": 35, "summary": "Spending runs 20 % over plan.", "risks": [
        {"title": "Overrun", "severity": "high", "detail": "Projected 12,000.00 against 10,000.00."}
    ]})
    .to_string();
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer test-openai-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(openai_envelope(&analysis)))
        .mount(&stub)
        .await;
    let app = openai_app(&stub).await;
    let (ann, board) = overrunning_board(&app).await;
    let result = app.ai(&ann, board, "analyze").await.expect(200).body;
    assert_eq!(result["provenance"]["source"], "openai");
    assert_eq!(result["health_score"], 35);
    assert_eq!(result["summary"], "Spending runs 20 % over plan.");
    // Figures are ours, not the model's.
    assert_eq!(result["key_figures"]["spent"], "6000.00");
    let requests = stub.received_requests().await.unwrap();
    let body: Value = requests[0].body_json().unwrap();
    assert_eq!(body["model"], "local-model");
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["messages"][0]["role"], "system");
    assert!(!String::from_utf8_lossy(&requests[0].body).contains(&ann.email));
}

#[tokio::test]
async fn openai_garbage_falls_back_to_builtin() {
    let stub = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(openai_envelope("I think the budget is fine!")),
        )
        .mount(&stub)
        .await;
    let app = openai_app(&stub).await;
    let (ann, board) = overrunning_board(&app).await;
    let result = app.ai(&ann, board, "predict").await.expect(200).body;
    assert_eq!(result["provenance"]["source"], "builtin");
    assert_eq!(
        result["provenance"]["fallback_reason"],
        "the AI answer did not pass the checks"
    );
    assert_eq!(
        result["forecast"]["projected_overrun"],
        forecast(&app, &ann, board).await["projected_overrun"]
    );
}

/// The prompt describes only the tasks that cost most, by id: never a title, never every task.
#[tokio::test]
async fn the_prompt_carries_the_costliest_tasks_by_id_and_no_titles() {
    let stub = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(GEMINI_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(gemini_envelope(&good_recommendations())),
        )
        .mount(&stub)
        .await;
    let app = gemini_app(&stub, 5).await;
    let (ann, board) = overrunning_board(&app).await;
    let rows: Vec<String> = (0..30)
        .map(|i| {
            format!(
                "({board}, 'Hidden title {i}', 'todo', 0, 'low', \
                 '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')"
            )
        })
        .collect();
    app.sql(&format!(
        "INSERT INTO task (board_id, title, status, progress, priority, created_at, updated_at) \
         VALUES {}",
        rows.join(",")
    ))
    .await;
    let tasks = app
        .get(
            &format!("/api/v1/boards/{board}/tasks?limit=100"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    let ids: Vec<i64> = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 34);
    // The newest task gets a cost of its own: it ranks second, after the one with most time.
    let costly = *ids.iter().max().unwrap();
    app.log(&ann, board, costly, "1.00", crate::support::TODAY)
        .await
        .expect(201);
    app.ai(&ann, board, "recommendations").await.expect(200);

    let requests: Vec<Request> = stub.received_requests().await.unwrap();
    let raw = String::from_utf8_lossy(&requests[0].body);
    assert!(!raw.contains("Hidden title"), "a title reached the prompt");
    assert!(
        !raw.contains("Build the thing"),
        "a title reached the prompt"
    );
    let body: Value = requests[0].body_json().unwrap();
    let prompt: Value =
        serde_json::from_str(body["contents"][0]["parts"][0]["text"].as_str().unwrap()).unwrap();
    let sent = prompt["board"]["tasks"].as_array().unwrap();
    assert_eq!(sent.len(), budget_contract::limits::LLM_PROMPT_TASKS);
    assert_eq!(prompt["board"]["task_count"], 34);
    // The task with the most time costs most, then the newest; the rest cost nothing and
    // follow by id.
    let mut by_id = ids.clone();
    by_id.sort_unstable();
    let mut expected = vec![by_id[0], costly];
    expected.extend(
        by_id[1..]
            .iter()
            .take(budget_contract::limits::LLM_PROMPT_TASKS - 2),
    );
    let sent_ids: Vec<i64> = sent
        .iter()
        .map(|t| t["task_id"].as_i64().unwrap())
        .collect();
    assert_eq!(sent_ids, expected);
    assert!(sent.iter().all(|t| t.get("title").is_none()));
}
