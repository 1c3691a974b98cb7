//! Every failure is RFC 7807 problem+json with a stable code, whatever part of the stack refuses
//! the request: routing, methods, bodies, paths or query strings.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// Asserts a problem+json answer with this status and code, including its `type` URN.
#[track_caller]
fn problem(response: Response, status: u16, code: &str) -> Response {
    let response = response.expect_problem(status, code);
    assert_eq!(
        response.body["type"],
        format!("urn:budget-roi:problem:{code}"),
        "{}",
        response.text
    );
    assert!(
        response.body["title"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{}",
        response.text
    );
    response
}

/// Sends a raw body with a content type.
async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Response {
    let response = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    TestApp::read(response).await
}

/// Posts each body and asserts a 422 naming exactly its field with `code`:
/// (path, body, field).
async fn each_names_its_field(
    app: &TestApp,
    user: &User,
    code: &str,
    cases: &[(&str, Value, &str)],
) {
    for (path, body, field) in cases {
        let response = problem(
            app.post(path, &user.token, body.clone()).await,
            422,
            "validation_failed",
        );
        assert_eq!(
            response.field_errors(),
            pairs(&[(field, code)]),
            "{path} {body}: {}",
            response.text
        );
    }
}

async fn boards_count(app: &TestApp, user: &User) -> usize {
    app.get("/api/v1/boards", &user.token)
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn unknown_routes_are_not_found_problems() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    for path in [
        "/api/v1/nope",
        "/api/nope",
        "/api/v2/boards",
        "/api/v1/boards/1/nope",
    ] {
        let anonymous = app.request(Method::GET, path, None, None).await;
        let response = problem(anonymous, 404, "not_found");
        assert!(
            response.body["detail"].as_str().unwrap().contains(path),
            "{}",
            response.text
        );
        problem(app.get(path, &ann.token).await, 404, "not_found");
        problem(
            app.post(path, &ann.token, json!({})).await,
            404,
            "not_found",
        );
    }
}

#[tokio::test]
async fn a_known_path_with_another_method_is_method_not_allowed() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let cases = [
        (Method::PATCH, "/api/v1/boards".to_owned()),
        (Method::DELETE, "/api/v1/boards".to_owned()),
        (Method::POST, format!("/api/v1/boards/{board}")),
        (
            Method::POST,
            format!("/api/v1/boards/{board}/budget/metrics"),
        ),
        (Method::GET, "/api/v1/auth/login".to_owned()),
        (Method::PUT, "/api/v1/me".to_owned()),
        (Method::GET, "/api/v1/time-entries/1".to_owned()),
    ];
    for (method, path) in cases {
        let response = app
            .request(method.clone(), &path, Some(&ann.token), None)
            .await;
        let response = problem(response, 405, "method_not_allowed");
        let detail = response.body["detail"].as_str().unwrap();
        assert!(
            detail.contains(method.as_str()) && detail.contains(&path),
            "{detail}"
        );
    }
    // Nothing happened to the board.
    app.get(&format!("/api/v1/boards/{board}"), &ann.token)
        .await
        .expect(200);
}

#[tokio::test]
async fn broken_json_is_a_bad_request() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    for body in [&b"{\"name\": "[..], b"{\"name\": \"x\",}", b"not json", b""] {
        let response = send_raw(
            &app,
            Method::POST,
            "/api/v1/boards",
            &ann.token,
            "application/json",
            body.to_vec(),
        )
        .await;
        problem(response, 400, "malformed_json");
    }
    assert_eq!(boards_count(&app, &ann).await, 0);
}

/// A JSON value followed by anything but whitespace is not a JSON document (RFC 8259), so it is
/// refused rather than half-read.
#[tokio::test]
async fn json_followed_by_trailing_characters_is_a_bad_request() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    for body in [
        &br#"{"name": "x"} trailing"#[..],
        br#"{"name": "x"}}"#,
        br#"{"name": "x"}{"name": "y"}"#,
    ] {
        let response = send_raw(
            &app,
            Method::POST,
            "/api/v1/boards",
            &ann.token,
            "application/json",
            body.to_vec(),
        )
        .await;
        problem(response, 400, "malformed_json");
    }
    assert_eq!(boards_count(&app, &ann).await, 0);
    // Trailing whitespace is fine.
    let body = b"{\"name\": \"x\"}\n  ".to_vec();
    send_raw(
        &app,
        Method::POST,
        "/api/v1/boards",
        &ann.token,
        "application/json",
        body,
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_unsupported() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let body = br#"{"name": "Launch"}"#.to_vec();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let response = send_raw(
            &app,
            Method::POST,
            "/api/v1/boards",
            &ann.token,
            content_type,
            body.clone(),
        )
        .await;
        problem(response, 415, "unsupported_media_type");
    }
    // No content type at all.
    let response = app
        .client
        .post(format!("{}/api/v1/boards", app.base))
        .bearer_auth(&ann.token)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    problem(TestApp::read(response).await, 415, "unsupported_media_type");
    // JSON with a charset or a +json suffix is fine.
    for content_type in [
        "application/json; charset=utf-8",
        "application/merge-patch+json",
    ] {
        let response = send_raw(
            &app,
            Method::POST,
            "/api/v1/boards",
            &ann.token,
            content_type,
            body.clone(),
        )
        .await;
        response.expect(201);
    }
    assert_eq!(boards_count(&app, &ann).await, 2);
}

#[tokio::test]
async fn a_body_over_64_kib_is_too_large() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let big = serde_json::to_vec(&json!({"name": "x".repeat(70 * 1024)})).unwrap();
    let response = send_raw(
        &app,
        Method::POST,
        "/api/v1/boards",
        &ann.token,
        "application/json",
        big,
    )
    .await;
    problem(response, 413, "payload_too_large");
    // Just under the limit is read (and then refused for the name's length, naming it).
    let under = serde_json::to_vec(&json!({"name": "x".repeat(60 * 1024)})).unwrap();
    let response = send_raw(
        &app,
        Method::POST,
        "/api/v1/boards",
        &ann.token,
        "application/json",
        under,
    )
    .await;
    let response = problem(response, 422, "validation_failed");
    assert_eq!(
        response.field_errors(),
        vec![("name".to_owned(), "too_long".to_owned())]
    );
    assert_eq!(boards_count(&app, &ann).await, 0);
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Design").await;
    #[rustfmt::skip]
    let cases: &[(&str, Value, &str)] = &[
        ("/api/v1/boards", json!({"name": 42}), "name"),
        ("/api/v1/boards", json!({"name": "x", "start_date": "soon"}), "start_date"),
        (&format!("/api/v1/boards/{board}/tasks"), json!({"title": "x", "status": "finished"}), "status"),
        (&format!("/api/v1/boards/{board}/tasks"), json!({"title": "x", "progress": "half"}), "progress"),
        (&format!("/api/v1/boards/{board}/tasks/{task}/time-entries"), json!({"hours": "two", "work_date": TODAY}), "hours"),
        (&format!("/api/v1/boards/{board}/tasks/{task}/time-entries"), json!({"hours": "2", "work_date": "25/11/2026"}), "work_date"),
    ];
    each_names_its_field(&app, &ann, "invalid", cases).await;
    let response = app
        .put(
            &format!("/api/v1/boards/{board}/budget"),
            &ann.token,
            json!({"allocated_budget": true}),
        )
        .await;
    let response = problem(response, 422, "validation_failed");
    assert_eq!(response.field_errors()[0].0, "allocated_budget");
    assert_eq!(boards_count(&app, &ann).await, 1);
}

#[tokio::test]
async fn a_missing_required_field_is_named() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Design").await;
    #[rustfmt::skip]
    let cases: &[(&str, Value, &str)] = &[
        ("/api/v1/boards", json!({}), "name"),
        (&format!("/api/v1/boards/{board}/tasks"), json!({"status": "todo"}), "title"),
        (&format!("/api/v1/boards/{board}/tasks/{task}/time-entries"), json!({"hours": "1.00"}), "work_date"),
        (&format!("/api/v1/boards/{board}/members"), json!({"email": "x@example.com"}), "role"),
        ("/api/v1/auth/register", json!({"email": "x@example.com", "password": "0123456789"}), "display_name"),
    ];
    each_names_its_field(&app, &ann, "required", cases).await;
}

#[tokio::test]
async fn a_path_id_that_is_not_a_number_is_not_found() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let paths = [
        (Method::GET, "/api/v1/boards/abc".to_owned()),
        (Method::GET, "/api/v1/boards/1.5/tasks".to_owned()),
        (Method::GET, format!("/api/v1/boards/{board}/tasks/abc")),
        (
            Method::GET,
            format!("/api/v1/boards/{board}/tasks/abc/cost"),
        ),
        (Method::PUT, format!("/api/v1/boards/{board}/members/abc")),
        (Method::DELETE, "/api/v1/me/tokens/abc".to_owned()),
        (Method::DELETE, "/api/v1/time-entries/abc".to_owned()),
        (Method::GET, "/api/v1/organizations/abc".to_owned()),
        (
            Method::GET,
            "/api/v1/boards/99999999999999999999999".to_owned(),
        ),
    ];
    for (method, path) in paths {
        let body = (method == Method::PUT).then(|| json!({"role": "viewer"}));
        let response = app
            .request(method, &path, Some(&ann.token), body.as_ref())
            .await;
        assert_eq!(response.status.as_u16(), 404, "{path}: {}", response.text);
        problem(response, 404, "not_found");
    }
}

#[tokio::test]
async fn invalid_query_parameters_are_named() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Design").await;
    let entries = format!("/api/v1/boards/{board}/time-entries");
    let task_entries = format!("/api/v1/boards/{board}/tasks/{task}/time-entries");
    let tasks = format!("/api/v1/boards/{board}/tasks");
    let cases = [
        ("/api/v1/boards?limit=0".to_owned(), "limit"),
        ("/api/v1/boards?limit=501".to_owned(), "limit"),
        ("/api/v1/boards?limit=abc".to_owned(), "limit"),
        ("/api/v1/boards?limit=-1".to_owned(), "limit"),
        ("/api/v1/boards?cursor=garbage".to_owned(), "cursor"),
        (format!("{tasks}?limit=0"), "limit"),
        (format!("{tasks}?cursor=garbage"), "cursor"),
        (format!("{tasks}?status=finished"), "status"),
        (format!("{entries}?from=2026-11-20&to=2026-11-01"), "from"),
        (format!("{entries}?from=yesterday"), "from"),
        (format!("{entries}?to=2026-13-01"), "to"),
        (format!("{entries}?user=me"), "user"),
        (format!("{entries}?limit=abc"), "limit"),
        (format!("{entries}?cursor=garbage"), "cursor"),
        (
            format!("{task_entries}?from=2026-11-20&to=2026-11-01"),
            "from",
        ),
        (format!("{task_entries}?cursor=2026-11-01"), "cursor"),
    ];
    for (path, field) in cases {
        let response = problem(app.get(&path, &ann.token).await, 422, "validation_failed");
        let fields: Vec<String> = response
            .field_errors()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, vec![field.to_owned()], "{path}: {}", response.text);
    }
    // The same parameters, valid, are accepted.
    for path in [
        "/api/v1/boards?limit=1".to_owned(),
        format!("{entries}?from=2026-11-01&to=2026-11-20&limit=500"),
        format!("{tasks}?status=in_progress&limit=10"),
    ] {
        app.get(&path, &ann.token).await.expect(200);
    }
}

/// A caller whose credential is refused learns nothing about what the body should look like:
/// authentication (401) and the token's scope (403) are decided before the body is read.
#[tokio::test]
async fn credentials_are_checked_before_the_body() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let token = |scope: &str| json!({"name": format!("{scope} token"), "scope": scope});
    let revoked = app
        .post("/api/v1/me/tokens", &ann.token, token("write"))
        .await
        .expect(201)
        .body;
    app.delete(&format!("/api/v1/me/tokens/{}", revoked["id"]), &ann.token)
        .await
        .expect(204);
    let revoked = revoked["token"].as_str().unwrap().to_owned();
    let read = app
        .post("/api/v1/me/tokens", &ann.token, token("read"))
        .await
        .expect(201)
        .body;
    let read = read["token"].as_str().unwrap().to_owned();

    let huge = serde_json::to_vec(&json!({"name": "x".repeat(70 * 1024)})).unwrap();
    let mut wrong = Vec::new();
    for path in [
        "/api/v1/boards".to_owned(),
        format!("/api/v1/boards/{board}/tasks"),
    ] {
        for (content_type, body) in [
            ("text/plain", b"hello".to_vec()),
            ("application/json", huge.clone()),
        ] {
            for (credential, token, status, code) in [
                ("revoked token", &revoked, 401, "unauthenticated"),
                ("read token", &read, 403, "insufficient_scope"),
            ] {
                let response =
                    send_raw(&app, Method::POST, &path, token, content_type, body.clone()).await;
                if response.status.as_u16() != status || response.body["code"] != code {
                    wrong.push(format!(
                        "{credential}, {content_type} to {path}: expected {status} {code}, got {}",
                        response.text
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the body was judged before the credential:\n{}",
        wrong.join("\n")
    );
    assert_eq!(boards_count(&app, &ann).await, 1);
}
