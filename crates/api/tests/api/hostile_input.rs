//! Input a careless or hostile client may send: control characters, dates outside the accepted
//! range and decimals outside the wire grammar are refused with 422 naming the field, on every
//! engine, and nothing is written.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::TestApp;

fn pairs(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(field, code)| ((*field).to_owned(), (*code).to_owned()))
        .collect()
}

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

#[tokio::test]
async fn a_nul_in_any_text_field_is_refused_naming_the_field_even_before_sign_in() {
    let app = TestApp::spawn().await;
    let register = |email: &str, name: &str| json!({"email": email, "password": "a-long-password-1", "display_name": name});
    assert_eq!(
        refused(
            &app,
            Method::POST,
            "/auth/register",
            None,
            register("nul\u{0}@example.com", "Nul")
        )
        .await,
        pairs(&[("email", "invalid_character")])
    );
    assert_eq!(
        refused(
            &app,
            Method::POST,
            "/auth/register",
            None,
            register("ok@example.com", "Nu\u{0}l")
        )
        .await,
        pairs(&[("display_name", "invalid_character")])
    );
    assert_eq!(
        refused(
            &app,
            Method::POST,
            "/auth/login",
            None,
            json!({"email": "ann\u{0}@example.com", "password": "a-long-password-1"})
        )
        .await,
        pairs(&[("email", "invalid_character")])
    );
    let ann = app.user("ann", Some("10.00")).await;
    let token = Some(ann.token.as_str());
    assert_eq!(
        refused(
            &app,
            Method::POST,
            "/boards",
            token,
            json!({"name": "Board\u{0}"})
        )
        .await,
        pairs(&[("name", "invalid_character")])
    );
    let board = app.board(&ann, "Board").await;
    assert_eq!(
        refused(
            &app,
            Method::POST,
            &format!("/boards/{board}/tasks"),
            token,
            json!({"title": "\u{0}"})
        )
        .await,
        pairs(&[("title", "invalid_character")])
    );
    let task = app.task(&ann, board, "Task").await;
    let entries = format!("/boards/{board}/tasks/{task}/time-entries");
    assert_eq!(
        refused(
            &app,
            Method::POST,
            &entries,
            token,
            json!({"hours": "1.00", "work_date": "2026-11-20", "description": "a\u{0}b"})
        )
        .await,
        pairs(&[("description", "invalid_character")])
    );
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
        .get(&format!("/api/v1/boards/{board}/tasks"), &ann.token)
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
        let errors = refused(&app, Method::POST, "/boards", token, json!({"name": name})).await;
        assert_eq!(errors, pairs(&[("name", "invalid_character")]), "{name:?}");
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
    let entries = format!("/boards/{board}/tasks/{task}/time-entries");
    assert_eq!(
        refused(
            &app,
            Method::POST,
            &format!("/boards/{board}/tasks"),
            token,
            json!({"title": "Pay \u{2067}invoice"})
        )
        .await,
        pairs(&[("title", "invalid_character")])
    );
    assert_eq!(
        refused(
            &app,
            Method::POST,
            &entries,
            token,
            json!({"hours": "1.00", "work_date": "2026-11-20", "description": "bell\u{7}"})
        )
        .await,
        pairs(&[("description", "invalid_character")])
    );
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
        assert_eq!(
            refused(
                &app,
                Method::POST,
                "/boards",
                token,
                json!({"name": "B", "start_date": date})
            )
            .await,
            pairs(&[("start_date", "invalid")]),
            "{date}"
        );
    }
    let board = app.board(&ann, "Board").await;
    assert_eq!(
        refused(
            &app,
            Method::PUT,
            &format!("/boards/{board}"),
            token,
            json!({"name": "B", "start_date": "2026-01-01", "due_date": "4713-01-01"})
        )
        .await,
        pairs(&[("due_date", "invalid")])
    );
    assert_eq!(
        refused(
            &app,
            Method::POST,
            &format!("/boards/{board}/tasks"),
            token,
            json!({"title": "T", "due_date": "-0001-01-01"})
        )
        .await,
        pairs(&[("due_date", "invalid")])
    );
    let task = app.task(&ann, board, "Task").await;
    assert_eq!(
        refused(
            &app,
            Method::PUT,
            &format!("/boards/{board}/tasks/{task}/cost"),
            token,
            json!({"estimated_cost": "1.00", "incurred_on": "1900-01-01"})
        )
        .await,
        pairs(&[("incurred_on", "invalid")])
    );
    assert_eq!(
        refused(
            &app,
            Method::POST,
            &format!("/boards/{board}/tasks/{task}/time-entries"),
            token,
            json!({"hours": "1.00", "work_date": "-4714-01-01"})
        )
        .await,
        pairs(&[("work_date", "invalid")])
    );
    for path in [
        format!("/api/v1/boards/{board}/time-entries?from=-4714-01-01"),
        format!("/api/v1/boards/{board}/tasks/{task}/time-entries?to=2201-01-01"),
        format!("/api/v1/boards/{board}/budget/analytics?from=1969-12-31"),
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
    for text in refused_everywhere {
        assert_eq!(
            refused(
                &app,
                Method::PUT,
                &format!("/boards/{board}/budget"),
                token,
                json!({"allocated_budget": text})
            )
            .await,
            pairs(&[("allocated_budget", "invalid")]),
            "{text}"
        );
        assert_eq!(
            refused(
                &app,
                Method::PUT,
                &format!("/boards/{board}/tasks/{task}/cost"),
                token,
                json!({"estimated_cost": "1.00", "hourly_rate": text})
            )
            .await,
            pairs(&[("hourly_rate", "invalid")]),
            "{text}"
        );
        assert_eq!(
            refused(
                &app,
                Method::POST,
                &entries,
                token,
                json!({"hours": text, "work_date": "2026-11-20"})
            )
            .await,
            pairs(&[("hours", "invalid")]),
            "{text}"
        );
    }
    // A JSON number is refused too: its exact digits cannot be checked.
    assert_eq!(
        refused(
            &app,
            Method::POST,
            &entries,
            token,
            json!({"hours": 1.5, "work_date": "2026-11-20"})
        )
        .await,
        pairs(&[("hours", "invalid")])
    );
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
