//! The session token lives in sessionStorage; once it has expired, the next page
//! the user opens is the sign-in form with a message saying so, and signing in again brings
//! them back to that page.

use budget_api::auth::jwt::JwtKeys;
use serde_json::json;

use crate::support::*;

/// Replaces every session token (a JWT: three base64url parts, header first) in the page's
/// sessionStorage values with `replacement`; answers the keys that held one.
const SWAP_TOKENS: &str = "
    const [replacement] = arguments;
    const jwt = /eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+/g;
    const keys = [];
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      const value = sessionStorage.getItem(key);
      if (jwt.test(value)) {
        keys.push(key);
        sessionStorage.setItem(key, value.replace(jwt, replacement));
      }
      jwt.lastIndex = 0;
    }
    return keys;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_sends_the_user_back_to_sign_in_with_a_message() {
    let e2e = E2e::start("session").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;

    // A token of the right user and signature that expired an hour ago.
    let expired = JwtKeys::new(SECRET.as_bytes(), 3_600)
        .issue(
            e2e.demo_user_id,
            chrono::Utc::now() - chrono::Duration::hours(2),
        )
        .unwrap();
    let status = reqwest::Client::new()
        .get(e2e.url("/api/v1/boards"))
        .bearer_auth(&expired)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401, "the API still takes the expired token");

    let swapped = e2e.js(SWAP_TOKENS, vec![json!(expired)]).await;
    let storage = e2e
        .js("return JSON.stringify(Object.keys(sessionStorage))", vec![])
        .await;
    assert!(
        swapped.as_array().is_some_and(|keys| !keys.is_empty()),
        "no session token in sessionStorage after signing in (keys: {storage}); the app must keep \
         the token for the browser session"
    );

    // The next page the user opens needs the API: back to sign-in, told why.
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.wait_for("login-email").await;
    e2e.until("the sign-in page at /login", async || {
        (e2e.path().await == "/login").then_some(())
    })
    .await;
    e2e.wait_text("expired").await;
    e2e.screenshot("session-expired").await;

    // Signing in again puts the user back to work, on the board they were on.
    e2e.fill("login-email", DEMO_EMAIL).await;
    e2e.fill("login-password", DEMO_PASSWORD).await;
    e2e.click("login-submit").await;
    e2e.wait_attr(&testid("kpi-spent"), "data-value").await;
    assert_eq!(e2e.path().await, format!("/boards/{board}"));

    e2e.finish().await;
}
