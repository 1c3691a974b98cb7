//! Accounts, sessions and personal access tokens, over HTTP.

use budget_domain::entity::api_token;
use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{json, Value};

use crate::support::*;

async fn register(app: &TestApp, body: Value) -> Response {
    app.request(Method::POST, "/api/v1/auth/register", None, Some(&body))
        .await
}

async fn login(app: &TestApp, email: &str, password: &str) -> Response {
    app.request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(&json!({"email": email, "password": password})),
    )
    .await
}

/// Creates a personal access token and returns the whole answer.
async fn new_token(app: &TestApp, user: &User, body: Value) -> Response {
    app.post("/api/v1/me/tokens", &user.token, body).await
}

/// How many access tokens the user has (revoked ones included).
async fn tokens_of(app: &TestApp, user: &User) -> usize {
    let listed = app.get("/api/v1/me/tokens", &user.token).await.expect(200);
    listed.body["items"].as_array().unwrap().len()
}

fn timestamp(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

fn other_server_jwt(user_id: i64) -> String {
    budget_api::auth::jwt::JwtKeys::new(b"some-other-deployment-secret-0123456789", 3_600)
        .issue(user_id, Utc::now())
        .unwrap()
}

#[track_caller]
fn assert_unauthenticated(response: Response) {
    assert_eq!(
        response.header("www-authenticate").as_deref(),
        Some("Bearer"),
        "{}",
        response.text
    );
    response.expect_problem(401, "unauthenticated");
}

#[tokio::test]
async fn registering_returns_a_session_whose_token_works() {
    let app = TestApp::spawn().await;
    let session = register(
        &app,
        json!({"email": "  Ada@Example.COM ", "password": "correct-horse-battery", "display_name": "Ada",
               "default_hourly_rate": "85.5"}),
    )
    .await
    .expect(201);
    assert_eq!(session.body["token_type"], "Bearer");
    assert_eq!(session.body["expires_in"], 3_600);
    let user = &session.body["user"];
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["display_name"], "Ada");
    assert_eq!(user["default_hourly_rate"], "85.50");
    assert_eq!(user["organization_id"], Value::Null);
    assert!(session.body.get("password").is_none() && user.get("password_hash").is_none());

    let token = session.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", token).await.expect(200);
    assert_eq!(&me.body, user);
}

#[tokio::test]
async fn an_email_is_taken_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.user("ann", None).await;
    let again = register(
        &app,
        json!({"email": "ANN@example.com", "password": "another-password", "display_name": "Ann 2"}),
    )
    .await
    .expect_problem(409, "email_taken");
    assert_eq!(again.body["type"], "urn:budget-roi:problem:email_taken");
    // The first account is untouched: its password still works, the second one's does not.
    login(&app, "ann@example.com", "a-long-password-1")
        .await
        .expect(200);
    login(&app, "ann@example.com", "another-password")
        .await
        .expect_problem(401, "invalid_credentials");
}

#[tokio::test]
async fn registration_lists_every_invalid_field_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let refused = register(
        &app,
        json!({"email": "not-an-email", "password": "short", "display_name": "   ",
               "default_hourly_rate": "-1.00"}),
    )
    .await
    .expect_problem(422, "validation_failed");
    let mut fields = refused.field_errors();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("default_hourly_rate".to_owned(), "out_of_range".to_owned()),
            ("display_name".to_owned(), "required".to_owned()),
            ("email".to_owned(), "invalid".to_owned()),
            ("password".to_owned(), "too_short".to_owned()),
        ]
    );
    // Nine characters is still too short; ten is enough.
    let nine = register(
        &app,
        json!({"email": "bo@example.com", "password": "123456789", "display_name": "Bo"}),
    )
    .await
    .expect_problem(422, "validation_failed");
    assert_eq!(
        nine.field_errors(),
        vec![("password".to_owned(), "too_short".to_owned())]
    );
    register(
        &app,
        json!({"email": "bo@example.com", "password": "1234567890", "display_name": "Bo"}),
    )
    .await
    .expect(201);
    login(&app, "not-an-email", "short")
        .await
        .expect_problem(401, "invalid_credentials");
}

#[tokio::test]
async fn signing_in_returns_a_working_session() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("70.00")).await;
    let session = login(&app, "ANN@example.com", "a-long-password-1")
        .await
        .expect(200);
    assert_eq!(session.body["user"]["id"], ann.id);
    assert_eq!(session.body["token_type"], "Bearer");
    let token = session.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", token).await.expect(200);
    assert_eq!(me.body["id"], ann.id);
    assert_eq!(me.body["default_hourly_rate"], "70.00");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_look_the_same() {
    let app = TestApp::spawn().await;
    app.user("ann", None).await;
    let wrong_password = login(&app, "ann@example.com", "not-her-password").await;
    let unknown_email = login(&app, "nobody@example.com", "a-long-password-1").await;
    assert_eq!(
        wrong_password.header("www-authenticate").as_deref(),
        Some("Bearer")
    );
    let wrong_password = wrong_password.expect_problem(401, "invalid_credentials");
    let unknown_email = unknown_email.expect_problem(401, "invalid_credentials");
    assert_eq!(wrong_password.body, unknown_email.body);
    assert_eq!(
        wrong_password.body["type"],
        "urn:budget-roi:problem:invalid_credentials"
    );
}

#[tokio::test]
async fn an_access_token_is_shown_once_listed_by_prefix_and_works() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let created = new_token(&app, &ann, json!({"name": "CI deploy", "scope": "write"}))
        .await
        .expect(201);
    let token = created.body["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("brt_"), "{token}");
    assert!(token.len() >= 40, "{token}");
    assert_eq!(created.body["name"], "CI deploy");
    assert_eq!(created.body["scope"], "write");
    assert_eq!(created.body["last_used_at"], Value::Null);
    assert_eq!(created.body["revoked_at"], Value::Null);
    let created_at = timestamp(&created.body["created_at"]);
    assert_eq!(
        timestamp(&created.body["expires_at"]) - created_at,
        Duration::days(90)
    );
    let prefix = created.body["prefix"].as_str().unwrap().to_owned();
    assert!(prefix.starts_with("brt_") && token.starts_with(&prefix) && prefix.len() < token.len());

    let listed = app.get("/api/v1/me/tokens", &ann.token).await.expect(200);
    assert_eq!(listed.body["total"], 1);
    let items = listed.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], created.body["id"]);
    assert_eq!(items[0]["prefix"], prefix.as_str());
    assert!(
        items[0].get("token").is_none(),
        "the list must not carry the secret: {}",
        listed.text
    );
    assert!(!listed.text.contains(&token));

    let me = app.get("/api/v1/me", &token).await.expect(200);
    assert_eq!(me.body["id"], ann.id);
    let used = app.get("/api/v1/me/tokens", &ann.token).await.expect(200);
    let last_used = timestamp(&used.body["items"][0]["last_used_at"]);
    assert!(last_used >= created_at, "{}", used.text);

    // A write token may write.
    app.post("/api/v1/boards", &token, json!({"name": "From a script"}))
        .await
        .expect(201);
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let created = new_token(&app, &ann, json!({"name": "laptop", "scope": "write"}))
        .await
        .expect(201);
    let token = created.body["token"].as_str().unwrap();
    let id = created.body["id"].as_i64().unwrap();
    app.get("/api/v1/me", token).await.expect(200);

    app.delete(&format!("/api/v1/me/tokens/{id}"), &ann.token)
        .await
        .expect(204);
    assert_unauthenticated(app.get("/api/v1/me", token).await);
    assert_unauthenticated(
        app.post("/api/v1/boards", token, json!({"name": "x"}))
            .await,
    );
    let listed = app.get("/api/v1/me/tokens", &ann.token).await.expect(200);
    assert!(
        listed.body["items"][0]["revoked_at"].is_string(),
        "{}",
        listed.text
    );
    // Revoking again is harmless.
    app.delete(&format!("/api/v1/me/tokens/{id}"), &ann.token)
        .await
        .expect(204);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let created = new_token(
        &app,
        &ann,
        json!({"name": "old", "scope": "read", "expires_in_days": 1}),
    )
    .await
    .expect(201);
    let token = created.body["token"].as_str().unwrap();
    app.get("/api/v1/me", token).await.expect(200);
    let conn = app.domain.db.conn();
    let stored = api_token::Entity::find_by_id(created.body["id"].as_i64().unwrap())
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let mut active: api_token::ActiveModel = stored.into();
    active.expires_at = Set(Utc::now() - Duration::seconds(1));
    active.update(conn).await.unwrap();
    assert_unauthenticated(app.get("/api/v1/me", token).await);
}

#[tokio::test]
async fn someone_elses_token_cannot_be_revoked() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let created = new_token(&app, &ann, json!({"name": "ann's", "scope": "write"}))
        .await
        .expect(201);
    let id = created.body["id"].as_i64().unwrap();
    let foreign = app
        .delete(&format!("/api/v1/me/tokens/{id}"), &bob.token)
        .await
        .expect_problem(404, "not_found");
    let missing = app
        .delete("/api/v1/me/tokens/987654", &bob.token)
        .await
        .expect_problem(404, "not_found");
    assert_eq!(foreign.body, missing.body);
    app.get("/api/v1/me", created.body["token"].as_str().unwrap())
        .await
        .expect(200);
    assert_eq!(
        app.get("/api/v1/me/tokens", &bob.token)
            .await
            .expect(200)
            .body,
        json!({"items": [], "total": 0})
    );
}

#[tokio::test]
async fn a_token_lives_one_to_365_days() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    for days in [0, 366, -1] {
        let refused = new_token(
            &app,
            &ann,
            json!({"name": "bad", "scope": "read", "expires_in_days": days}),
        )
        .await
        .expect_problem(422, "validation_failed");
        assert_eq!(
            refused.field_errors(),
            vec![("expires_in_days".to_owned(), "out_of_range".to_owned())],
            "{days}"
        );
    }
    let refused = new_token(&app, &ann, json!({"name": " ", "scope": "admin"}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors()[0].0, "scope");
    for days in [1, 365] {
        let created = new_token(
            &app,
            &ann,
            json!({"name": "ok", "scope": "read", "expires_in_days": days}),
        )
        .await
        .expect(201);
        let lifetime =
            timestamp(&created.body["expires_at"]) - timestamp(&created.body["created_at"]);
        assert_eq!(lifetime, Duration::days(days));
    }
    assert_eq!(tokens_of(&app, &ann).await, 2);
}

#[tokio::test]
async fn a_read_token_reads_but_never_writes() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let created = new_token(&app, &ann, json!({"name": "dashboard", "scope": "read"}))
        .await
        .expect(201);
    let read = created.body["token"].as_str().unwrap();

    app.get("/api/v1/me", read).await.expect(200);
    let boards = app.get("/api/v1/boards", read).await.expect(200);
    assert_eq!(boards.body["items"][0]["id"], board);
    app.get(&format!("/api/v1/boards/{board}/budget/metrics"), read)
        .await
        .expect(200);

    app.post("/api/v1/boards", read, json!({"name": "Nope"}))
        .await
        .expect_problem(403, "insufficient_scope");
    app.put(
        &format!("/api/v1/boards/{board}"),
        read,
        json!({"name": "Nope"}),
    )
    .await
    .expect_problem(403, "insufficient_scope");
    // It cannot mint itself a write token, nor revoke tokens.
    new_token(
        &app,
        &User {
            token: read.to_owned(),
            ..ann.clone()
        },
        json!({"name": "escalate", "scope": "write"}),
    )
    .await
    .expect_problem(403, "insufficient_scope");
    app.delete(&format!("/api/v1/me/tokens/{}", created.body["id"]), read)
        .await
        .expect_problem(403, "insufficient_scope");
    let boards = app.get("/api/v1/boards", &ann.token).await.expect(200);
    assert_eq!(boards.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(boards.body["items"][0]["name"], "Launch");
    assert_eq!(tokens_of(&app, &ann).await, 1);
}

#[tokio::test]
async fn a_malformed_authorization_header_is_unauthenticated() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let cases = [
        format!("Basic {}", "YW5uOnB3"),
        "Bearer".to_owned(),
        "Bearer    ".to_owned(),
        format!("Token {}", ann.token),
        format!("Bearer{}", ann.token),
        "Bearer not-a-jwt".to_owned(),
        "Bearer brt_0000000000000000000000000000000000000000000000000000000000000000".to_owned(),
        format!("Bearer {}x", ann.token),
        // Well-formed and current, but signed by another server's key.
        format!("Bearer {}", other_server_jwt(ann.id)),
    ];
    for header in cases {
        let response = app
            .client
            .get(format!("{}/api/v1/me", app.base))
            .header("Authorization", &header)
            .send()
            .await
            .unwrap();
        let response = TestApp::read(response).await;
        assert_eq!(response.status.as_u16(), 401, "{header}: {}", response.text);
        assert_unauthenticated(response);
    }
    assert_unauthenticated(app.request(Method::GET, "/api/v1/me", None, None).await);
    // The scheme is case-insensitive.
    let response = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("Authorization", format!("bearer {}", ann.token))
        .send()
        .await
        .unwrap();
    TestApp::read(response).await.expect(200);
}
