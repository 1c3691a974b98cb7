//! Input a careless or hostile client may send: control characters, dates outside the accepted
//! range and decimals outside the wire grammar are refused with 422 naming the field, on every
//! engine, and nothing is written.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{pairs, TestApp};

async fn refused(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> Vec<(String, String)> {
    app.request(method, &format!("/api/v1{path}"), token, Some(&body))
        .await
        .expect_problem(422, "validation_failed")
        .field_errors()
}

/// A request and the one field its refusal names: (method, path under /api/v1, body, field,
/// code).
type Refusal<'a> = (Method, &'a str, Value, &'a str, &'a str);

/// Sends each request in turn and asserts it is refused with 422 naming exactly its field.
async fn refused_naming(app: &TestApp, token: Option<&str>, cases: &[Refusal<'_>]) {
    for (method, path, body, field, code) in cases {
        assert_eq!(
            refused(app, method.clone(), path, token, body.clone()).await,
            pairs(&[(field, code)]),
            "{method} {path} {body}"
        );
    }
}

#[tokio::test]
async fn a_nul_in_any_text_field_is_refused_naming_the_field_even_before_sign_in() {
    let app = TestApp::spawn().await;
    let register = |email: &str, name: &str| json!({"email": email, "password": "a-long-password-1", "display_name": name});
    #[rustfmt::skip]
    let before_sign_in: &[Refusal] = &[
        (Method::POST, "/auth/register", register("nul\u{0}@example.com", "Nul"), "email", "invalid_character"),
        (Method::POST, "/auth/register", register("ok@example.com", "Nu\u{0}l"), "display_name", "invalid_character"),
        (Method::POST, "/auth/login", json!({"email": "ann\u{0}@example.com", "password": "a-long-password-1"}),
            "email", "invalid_character"),
    ];
    refused_naming(&app, None, before_sign_in).await;
    let ann = app.user("ann", Some("10.00")).await;
    let token = Some(ann.token.as_str());
    let board = app.board(&ann, "Board").await;
    let task = app.task(&ann, board, "Task").await;
    let tasks = format!("/boards/{board}/tasks");
    let entries = format!("{tasks}/{task}/time-entries");
    let expenses = format!("{tasks}/{task}/expenses");
    #[rustfmt::skip]
    let signed_in: &[Refusal] = &[
        (Method::POST, &expenses, json!({"category": "taxi\u{0}", "amount": "1.00"}), "category", "invalid_character"),
        (Method::POST, &expenses, json!({"category": "taxi", "amount": "1.00", "note": "a\u{0}b"}), "note", "invalid_character"),
        (Method::POST, "/boards", json!({"name": "Board\u{0}"}), "name", "invalid_character"),
        (Method::POST, &tasks, json!({"title": "\u{0}"}), "title", "invalid_character"),
        (Method::POST, &entries, json!({"hours": "1.00", "work_date": "2026-11-20", "description": "a\u{0}b"}),
            "description", "invalid_character"),
    ];
    refused_naming(&app, token, signed_in).await;
    // In a query string too.
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries?cursor=%00"),
            &ann.token,
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        listed.field_errors(),
        pairs(&[("cursor", "invalid_character")])
    );
    // Nothing was written.
    let tasks = app
        .get(&format!("/api/v1{tasks}"), &ann.token)
        .await
        .expect(200);
    assert_eq!(tasks.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn names_and_titles_refuse_control_and_bidi_characters_descriptions_take_lines() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let token = Some(ann.token.as_str());
    for name in [
        "\u{202E}gpj.exe",
        "Isolate\u{2066}d",
        "Line\nbreak",
        "Tab\tbed",
        "Escape\u{1b}[31m",
        "C1\u{85}x",
    ] {
        let case = (
            Method::POST,
            "/boards",
            json!({"name": name}),
            "name",
            "invalid_character",
        );
        refused_naming(&app, token, &[case]).await;
    }
    let refused_name = app
        .post(
            "/api/v1/boards",
            &ann.token,
            json!({"name": "\u{202E}gpj.exe"}),
        )
        .await;
    assert_eq!(
        refused_name.body["errors"][0]["message"],
        "must not contain the bidirectional control U+202E"
    );
    let board = app.board(&ann, "Board").await;
    let task = app.task(&ann, board, "Task").await;
    let tasks = format!("/boards/{board}/tasks");
    let entries = format!("{tasks}/{task}/time-entries");
    #[rustfmt::skip]
    let bidi: &[Refusal] = &[
        (Method::POST, &tasks, json!({"title": "Pay \u{2067}invoice"}), "title", "invalid_character"),
        (Method::POST, &entries, json!({"hours": "1.00", "work_date": "2026-11-20", "description": "bell\u{7}"}),
            "description", "invalid_character"),
    ];
    refused_naming(&app, token, bidi).await;
    let logged = app
        .post(&format!("/api/v1{entries}"), &ann.token,
            json!({"hours": "1.00", "work_date": "2026-11-20", "description": "Line one\nline\ttwo"}))
        .await
        .expect(201);
    assert_eq!(logged.body["description"], "Line one\nline\ttwo");
}

#[tokio::test]
async fn dates_outside_1970_to_2200_are_refused_in_bodies_and_queries() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let token = Some(ann.token.as_str());
    for date in ["-4714-11-24", "1969-12-31", "2201-01-01", "+262142-12-31"] {
        let body = json!({"name": "B", "start_date": date});
        refused_naming(
            &app,
            token,
            &[(Method::POST, "/boards", body, "start_date", "invalid")],
        )
        .await;
    }
    let board = app.board(&ann, "Board").await;
    let task = app.task(&ann, board, "Task").await;
    let this_board = format!("/boards/{board}");
    let tasks = format!("{this_board}/tasks");
    let cost = format!("{tasks}/{task}/cost");
    let entries = format!("{tasks}/{task}/time-entries");
    let expenses = format!("{tasks}/{task}/expenses");
    #[rustfmt::skip]
    let dates: &[Refusal] = &[
        (Method::POST, &expenses, json!({"category": "c", "amount": "1.00", "incurred_on": "1900-01-01"}), "incurred_on", "invalid"),
        (Method::PUT, &this_board, json!({"name": "B", "start_date": "2026-01-01", "due_date": "4713-01-01"}),
            "due_date", "invalid"),
        (Method::POST, &tasks, json!({"title": "T", "due_date": "-0001-01-01"}), "due_date", "invalid"),
        (Method::PUT, &cost, json!({"estimated_cost": "1.00", "incurred_on": "1900-01-01"}), "incurred_on", "invalid"),
        (Method::POST, &entries, json!({"hours": "1.00", "work_date": "-4714-01-01"}), "work_date", "invalid"),
    ];
    refused_naming(&app, token, dates).await;
    for path in [
        format!("/api/v1/boards/{board}/time-entries?from=-4714-01-01"),
        format!("/api/v1/boards/{board}/tasks/{task}/time-entries?to=2201-01-01"),
        format!("/api/v1/boards/{board}/budget/analytics?from=1969-12-31"),
        format!("/api/v1/boards/{board}/expenses?from=1969-12-31"),
        format!("/api/v1/boards/{board}/budget/analytics?to=-4714-01-01"),
    ] {
        let answer = app
            .get(&path, &ann.token)
            .await
            .expect_problem(422, "validation_failed");
        let field = path.split('?').nth(1).unwrap().split('=').next().unwrap();
        assert_eq!(
            answer.field_errors(),
            pairs(&[(field, "invalid")]),
            "{path}"
        );
        assert_eq!(
            answer.body["errors"][0]["message"], "must be a date from 1970-01-01 to 2200-12-31",
            "{path}"
        );
    }
    // Both ends are accepted.
    app.post(
        "/api/v1/boards",
        &ann.token,
        json!({"name": "Edges", "start_date": "1970-01-01", "due_date": "2200-12-31"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn decimals_outside_the_wire_grammar_are_refused_for_money_and_hours_alike() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let token = Some(ann.token.as_str());
    let board = app.board(&ann, "Board").await;
    let task = app.task(&ann, board, "Task").await;
    let entries = format!("/boards/{board}/tasks/{task}/time-entries");
    let refused_everywhere = [
        "1e1", "5E0", "+1.00", ".5", "1.", "01.00", "1_0", "-0", " 1", "1,5",
    ];
    let budget = format!("/boards/{board}/budget");
    let cost = format!("/boards/{board}/tasks/{task}/cost");
    let expenses = format!("/boards/{board}/tasks/{task}/expenses");
    for text in refused_everywhere {
        #[rustfmt::skip]
        let cases: &[Refusal] = &[
            (Method::PUT, &budget, json!({"allocated_budget": text}), "allocated_budget", "invalid"),
            (Method::PUT, &cost, json!({"estimated_cost": "1.00", "hourly_rate": text}), "hourly_rate", "invalid"),
            (Method::POST, &entries, json!({"hours": text, "work_date": "2026-11-20"}), "hours", "invalid"),
            (Method::POST, &expenses, json!({"category": "c", "amount": text}), "amount", "invalid"),
            (Method::POST, &expenses, json!({"category": "c", "amount": "1.00", "markup_percent": text}), "markup_percent", "invalid"),
        ];
        refused_naming(&app, token, cases).await;
    }
    // A JSON number is refused too: its exact digits cannot be checked.
    let number = json!({"hours": 1.5, "work_date": "2026-11-20"});
    refused_naming(
        &app,
        token,
        &[(Method::POST, &entries, number, "hours", "invalid")],
    )
    .await;
    // Nothing was written; a value in the grammar is taken as written.
    app.get(&format!("/api/v1/boards/{board}/budget"), &ann.token)
        .await
        .expect_problem(404, "not_found");
    let logged = app
        .post(
            &format!("/api/v1{entries}"),
            &ann.token,
            json!({"hours": "0.5", "work_date": "2026-11-20"}),
        )
        .await
        .expect(201);
    assert_eq!(logged.body["hours"], "0.50");
}
