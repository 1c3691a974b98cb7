//! Abuse limits and browser protections: security headers on every response, CORS closed by
//! default and open to an allow-list, rate limits on sign-in and the optimiser with 429 and
//! Retry-After, and a sign-in that does not tell whether an email exists.

use std::time::{Duration, Instant};

use base64::Engine;
use budget_domain::entity::app_user;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::*;

const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn app_csp(script_hashes: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{script_hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

#[track_caller]
fn assert_security_headers(response: &Response, csp: &str) {
    assert_eq!(
        response.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        response.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(response.header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(
        response.header("content-security-policy").as_deref(),
        Some(csp)
    );
}

async fn raw(app: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = app.client.request(method, format!("{}{path}", app.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    TestApp::read(request.send().await.unwrap()).await
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let csp = app_csp("");
    let ok = app.get("/api/v1/me", &ann.token).await.expect(200);
    assert_security_headers(&ok, &csp);
    let problem = app
        .get("/api/v1/boards/987654", &ann.token)
        .await
        .expect_problem(403, "board_access_denied");
    assert_security_headers(&problem, &csp);
    let unauthenticated = raw(&app, Method::GET, "/api/v1/me", &[]).await;
    assert_eq!(unauthenticated.status.as_u16(), 401);
    assert_security_headers(&unauthenticated, &csp);
    let health = raw(&app, Method::GET, "/healthz", &[]).await.expect(200);
    assert_security_headers(&health, &csp);
    let spec = raw(&app, Method::GET, "/api/v1/openapi.json", &[])
        .await
        .expect(200);
    assert_security_headers(&spec, &csp);
    // Behind TLS only: no HSTS unless configured.
    assert_eq!(ok.header("strict-transport-security"), None);
}

#[tokio::test]
async fn the_api_docs_get_their_own_policy() {
    let app = TestApp::spawn().await;
    let docs = raw(&app, Method::GET, "/api/docs/", &[]).await.expect(200);
    assert!(docs.text.contains("swagger-ui"), "{}", docs.text);
    assert_security_headers(&docs, DOCS_CSP);
    let redirect = app
        .client
        .get(format!("{}/api/docs", app.base))
        .send()
        .await
        .unwrap();
    // reqwest followed the redirect to /api/docs/.
    assert_eq!(redirect.url().path(), "/api/docs/");
    assert_eq!(
        redirect
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok()),
        Some(DOCS_CSP)
    );
}

#[tokio::test]
async fn the_web_app_policy_allows_its_own_inline_script_by_hash() {
    let dist = tempfile::tempdir().unwrap();
    let script = "\nimport init from '/app.js';\nawait init('/app_bg.wasm');\n";
    std::fs::write(
        dist.path().join("index.html"),
        format!(
            "<!doctype html><html><head><script type=\"module\">{script}</script>\
             <link rel=\"modulepreload\" href=\"/app.js\"></head><body></body></html>"
        ),
    )
    .unwrap();
    let dir = dist.path().display().to_string();
    let app = TestApp::spawn_configured(engine(), move |s| s.web_dist_dir = dir).await;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script));
    let csp = app_csp(&format!(" 'sha256-{hash}'"));
    let index = raw(&app, Method::GET, "/", &[]).await.expect(200);
    assert!(index.text.contains("import init"), "{}", index.text);
    assert_security_headers(&index, &csp);
    // A deep link falls back to index.html, with the same policy.
    let deep = raw(&app, Method::GET, "/boards/7", &[]).await.expect(200);
    assert_security_headers(&deep, &csp);
    // And the API of that app says the same.
    let health = raw(&app, Method::GET, "/healthz", &[]).await.expect(200);
    assert_security_headers(&health, &csp);
}

#[tokio::test]
async fn hsts_is_sent_only_when_configured() {
    let app = TestApp::spawn_configured(engine(), |s| s.hsts_max_age_secs = 31_536_000).await;
    let health = raw(&app, Method::GET, "/healthz", &[]).await.expect(200);
    assert_eq!(
        health.header("strict-transport-security").as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
    let problem = raw(&app, Method::GET, "/api/v1/me", &[]).await;
    assert_eq!(
        problem.header("strict-transport-security").as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
}

fn access_control_headers(response: &Response) -> Vec<String> {
    response
        .headers
        .keys()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name.starts_with("access-control-"))
        .collect()
}

#[tokio::test]
async fn cors_is_closed_by_default() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let origin = ("Origin", "https://evil.example");
    let preflight = raw(
        &app,
        Method::OPTIONS,
        "/api/v1/boards",
        &[
            origin,
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type",
            ),
        ],
    )
    .await;
    assert_eq!(access_control_headers(&preflight), Vec::<String>::new());
    // Nothing answers preflights: the request is treated as any OPTIONS without a token.
    preflight.expect_problem(401, "unauthenticated");

    let auth = format!("Bearer {}", ann.token);
    let read = raw(
        &app,
        Method::GET,
        "/api/v1/me",
        &[origin, ("Authorization", &auth)],
    )
    .await
    .expect(200);
    assert_eq!(access_control_headers(&read), Vec::<String>::new());
}

#[tokio::test]
async fn cors_opens_to_the_listed_origins_only() {
    let app = TestApp::spawn_configured(engine(), |s| {
        s.cors_allowed_origins = "https://app.example.com, http://localhost:3000".into();
    })
    .await;
    let ann = app.user("ann", None).await;
    let preflight = raw(
        &app,
        Method::OPTIONS,
        "/api/v1/boards",
        &[
            ("Origin", "https://app.example.com"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type",
            ),
        ],
    )
    .await
    .expect(200);
    assert_eq!(
        preflight.header("access-control-allow-origin").as_deref(),
        Some("https://app.example.com")
    );
    let methods = preflight.header("access-control-allow-methods").unwrap();
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        assert!(methods.contains(method), "{methods}");
    }
    let headers = preflight.header("access-control-allow-headers").unwrap();
    for header in [
        "authorization",
        "content-type",
        "if-match",
        "idempotency-key",
    ] {
        assert!(headers.contains(header), "{headers}");
    }
    assert_eq!(
        preflight.header("access-control-max-age").as_deref(),
        Some("3600")
    );
    assert_eq!(preflight.header("access-control-allow-credentials"), None);

    let auth = format!("Bearer {}", ann.token);
    let read = raw(
        &app,
        Method::GET,
        "/api/v1/me",
        &[
            ("Origin", "http://localhost:3000"),
            ("Authorization", &auth),
        ],
    )
    .await
    .expect(200);
    assert_eq!(
        read.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:3000")
    );
    let exposed = read.header("access-control-expose-headers").unwrap();
    for header in [
        "etag",
        "link",
        "location",
        "retry-after",
        "idempotent-replayed",
        "x-request-id",
    ] {
        assert!(exposed.contains(header), "{exposed}");
    }

    // Any other origin: a refused preflight (problem+json), and no allow header on reads.
    let refused = raw(
        &app,
        Method::OPTIONS,
        "/api/v1/boards",
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
    )
    .await
    .expect_problem(400, "cors_rejected");
    assert_eq!(refused.header("access-control-allow-origin"), None);
    let read = raw(
        &app,
        Method::GET,
        "/api/v1/me",
        &[("Origin", "https://evil.example"), ("Authorization", &auth)],
    )
    .await
    .expect(200);
    assert_eq!(read.header("access-control-allow-origin"), None);
}

async fn login(app: &TestApp, email: &str, password: &str, forwarded: Option<&str>) -> Response {
    let mut request = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .json(&json!({"email": email, "password": password}));
    if let Some(ip) = forwarded {
        request = request.header("X-Forwarded-For", ip);
    }
    TestApp::read(request.send().await.unwrap()).await
}

#[track_caller]
fn assert_retry_after_about(response: &Response, seconds: u64) {
    let retry: u64 = response
        .header("retry-after")
        .expect("Retry-After is sent")
        .parse()
        .unwrap();
    assert!(
        (seconds - 1..=seconds).contains(&retry),
        "Retry-After {retry}, expected about {seconds}"
    );
}

#[tokio::test]
async fn sign_in_and_registration_are_limited_per_client_ip() {
    let app = TestApp::spawn_configured(engine(), |s| s.rate_limit_login_per_minute = 3).await;
    // Registration and sign-in share the bucket: 1 registration + 2 sign-ins, then refused.
    let ann = app.user("ann", None).await;
    login(&app, &ann.email, "a-long-password-1", None)
        .await
        .expect(200);
    login(&app, &ann.email, "wrong-password-1", None)
        .await
        .expect_problem(401, "invalid_credentials");
    // 3 a minute: one more every 20 s.
    let limited = login(&app, &ann.email, "a-long-password-1", None)
        .await
        .expect_problem(429, "rate_limited");
    assert_retry_after_about(&limited, 20);
    assert_eq!(limited.body["title"], "Too Many Requests");
    let register = app
        .request(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(&json!({"email": "bob@example.com", "password": "a-long-password-1", "display_name": "Bob"})),
        )
        .await
        .expect_problem(429, "rate_limited");
    assert_retry_after_about(&register, 20);
    // Refused before anything happened: Bob does not exist.
    let bobs = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("bob@example.com"))
        .count(app.domain.db.conn())
        .await
        .unwrap();
    assert_eq!(bobs, 0);
    // Untrusted forwarding headers change nothing: the peer address is the client.
    login(&app, &ann.email, "a-long-password-1", Some("203.0.113.7"))
        .await
        .expect_problem(429, "rate_limited");
    // Other routes are not limited.
    app.get("/api/v1/me", &ann.token).await.expect(200);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
    let app = TestApp::spawn_configured(engine(), |s| {
        s.rate_limit_login_per_minute = 1;
        s.trust_proxy_headers = true;
    })
    .await;
    let first = "198.51.100.1";
    login(&app, "nobody@example.com", "a-long-password-1", Some(first))
        .await
        .expect_problem(401, "invalid_credentials");
    let limited = login(&app, "nobody@example.com", "a-long-password-1", Some(first))
        .await
        .expect_problem(429, "rate_limited");
    assert_retry_after_about(&limited, 60);
    // The proxy appends the address it saw; that last one counts, not what the client claims.
    login(
        &app,
        "nobody@example.com",
        "a-long-password-1",
        Some("198.51.100.1, 198.51.100.2"),
    )
    .await
    .expect_problem(401, "invalid_credentials");
}

#[tokio::test]
async fn optimiser_calls_are_limited_per_user() {
    let app = TestApp::spawn_configured(engine(), |s| s.rate_limit_optimizer_per_minute = 2).await;
    let ann = app.user("ann", Some("50.00")).await;
    let bob = app.user("bob", None).await;
    let eve = app.user("eve", None).await;
    let board = app.board(&ann, "Limited").await;
    app.member(&ann, board, &bob, "editor", None).await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    let ai = |operation: &str| format!("/api/v1/boards/{board}/budget/ai/{operation}");

    // Callers without access are refused as before, and do not use anyone's allowance.
    for _ in 0..3 {
        app.post(&ai("analyze"), &eve.token, json!({}))
            .await
            .expect_problem(403, "board_access_denied");
    }
    app.post(&ai("analyze"), &ann.token, json!({}))
        .await
        .expect(200);
    app.post(&ai("predict"), &ann.token, json!({}))
        .await
        .expect(200);
    // The allowance is per user across the five operations: 2 a minute, one every 30 s.
    let limited = app
        .post(&ai("recommendations"), &ann.token, json!({}))
        .await
        .expect_problem(429, "rate_limited");
    assert_retry_after_about(&limited, 30);
    assert_eq!(limited.body["type"], "urn:budget-roi:problem:rate_limited");
    let raw: Value = serde_json::from_str(&limited.text).unwrap();
    assert_eq!(
        raw["request_id"].as_str(),
        limited.header("x-request-id").as_deref()
    );
    // Another user has their own allowance.
    app.post(&ai("analyze"), &bob.token, json!({}))
        .await
        .expect(200);
    // Reading what the optimiser stored is not limited.
    app.get(
        &format!("/api/v1/boards/{board}/recommendations"),
        &ann.token,
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn the_spec_declares_429_with_retry_after_on_the_limited_routes_only() {
    let app = TestApp::spawn().await;
    let spec = raw(&app, Method::GET, "/api/v1/openapi.json", &[])
        .await
        .expect(200)
        .body;
    let limited = [
        "/api/v1/auth/login",
        "/api/v1/auth/register",
        "/api/v1/auth/password-reset",
        "/api/v1/boards/{board_id}/budget/ai/analyze",
        "/api/v1/boards/{board_id}/budget/ai/recommendations",
        "/api/v1/boards/{board_id}/budget/ai/predict",
        "/api/v1/boards/{board_id}/budget/ai/learn-patterns",
        "/api/v1/boards/{board_id}/budget/ai/optimize-resources",
    ];
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (verb, operation) in item.as_object().unwrap() {
            let declared = operation["responses"].get("429");
            if limited.contains(&path.as_str()) {
                assert_eq!(
                    declared,
                    Some(&json!({"$ref": "#/components/responses/RateLimited"})),
                    "{verb} {path}"
                );
            } else {
                assert_eq!(declared, None, "{verb} {path}");
            }
        }
    }
    let response = &spec["components"]["responses"]["RateLimited"];
    assert_eq!(
        response["headers"]["Retry-After"]["schema"],
        json!({"type": "integer", "minimum": 1})
    );
    assert_eq!(
        response["content"]["application/problem+json"]["schema"],
        json!({"$ref": "#/components/schemas/Problem"})
    );
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_are_indistinguishable() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let mut wrong_password_times = Vec::new();
    let mut unknown_email_times = Vec::new();
    let mut answers = Vec::new();
    for round in 0..3 {
        let started = Instant::now();
        let wrong = login(&app, &ann.email, "not-her-password", None).await;
        wrong_password_times.push(started.elapsed());
        let started = Instant::now();
        let unknown = login(
            &app,
            &format!("nobody{round}@example.com"),
            "not-her-password",
            None,
        )
        .await;
        unknown_email_times.push(started.elapsed());
        answers.push((wrong, unknown));
    }
    for (wrong, unknown) in &answers {
        assert_eq!(wrong.status, unknown.status);
        assert_eq!(wrong.status.as_u16(), 401);
        // The same body, word for word (request ids apart).
        assert_eq!(wrong.body, unknown.body);
        // Request ids are UUIDs of one length, so even the lengths match.
        for header in ["content-type", "www-authenticate", "content-length"] {
            assert_eq!(wrong.header(header), unknown.header(header), "{header}");
        }
    }
    // Both verify a password hash: an unknown email is not answered noticeably faster.
    let fastest = |times: &[Duration]| times.iter().min().copied().unwrap();
    assert!(
        fastest(&unknown_email_times) * 3 >= fastest(&wrong_password_times),
        "unknown email {:?} vs wrong password {:?}",
        unknown_email_times,
        wrong_password_times
    );
}
