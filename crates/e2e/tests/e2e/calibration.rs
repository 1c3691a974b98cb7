//! How well the forecast has done: a board still running says nothing has been scored; on a
//! board that ran from 1 September to its due date, 31 October, the analytics screen shows the
//! API's verdict on the forecasts whose completion date has passed, how many were scored and
//! each of them; the organisation screen shows the same across the organisation's boards, to
//! every member.

use chrono::NaiveDate;
use reqwest::Method;
use serde_json::json;

use crate::support::*;

/// A demo member of the organisation who is not its admin.
const MEMBER_EMAIL: &str = "marcus.reed@example.com";

/// Waits until the element with `data-testid` `id` reads exactly `expected`.
async fn wait_text_of(e2e: &E2e, id: &str, expected: &str) {
    e2e.until(&format!("{id} to read \"{expected}\""), async || {
        let text = e2e.wait_for(id).await.text().await.ok()?;
        (text.trim() == expected).then_some(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calibration_card_shows_the_apis_verdict_and_the_forecasts_scored() {
    let e2e = E2e::start("calibration").await;
    e2e.sign_in_demo().await;
    let organization = e2e.api("/api/v1/me").await["organization_id"]
        .as_i64()
        .unwrap();

    // The demo boards are all still running: nothing of theirs has been scored yet.
    let demo = e2e.board_id(DEMO_BOARD).await;
    let unscored = e2e
        .api(&format!(
            "/api/v1/boards/{demo}/budget/forecast/calibration"
        ))
        .await;
    assert_eq!(unscored["summary"]["forecasts"], 0, "{unscored}");
    e2e.goto(&format!("/boards/{demo}/analytics")).await;
    e2e.wait_for("calibration-empty").await;
    e2e.wait_text("No forecast has reached its completion date yet")
        .await;

    // A finished board in the demo organisation, as another client would record it: 800.00
    // spent every day from 1 September to 31 October, nothing after.
    let token = e2e.api_token().await;
    let (status, board) = e2e
        .api_send(
            Method::POST,
            &token,
            "/api/v1/boards",
            &json!({"name": "Finished website", "organization_id": organization,
                    "start_date": "2026-09-01", "due_date": "2026-10-31"}),
        )
        .await;
    assert_eq!(status, 201, "{board}");
    let board = board["id"].as_i64().unwrap();
    let (status, task) = e2e
        .api_send(
            Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/tasks"),
            &json!({"title": "Build the site"}),
        )
        .await;
    assert_eq!(status, 201, "{task}");
    let task = task["id"].as_i64().unwrap();
    let mut day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    while day <= NaiveDate::from_ymd_opt(2026, 10, 31).unwrap() {
        let (status, expense) = e2e
            .api_send(
                Method::POST,
                &token,
                &format!("/api/v1/boards/{board}/tasks/{task}/expenses"),
                &json!({"category": "contractor", "amount": "800.00",
                        "incurred_on": day.to_string(), "is_billable": false}),
            )
            .await;
        assert_eq!(status, 201, "{day}: {expense}");
        day = day.succ_opt().unwrap();
    }

    let calibration = e2e
        .api(&format!(
            "/api/v1/boards/{board}/budget/forecast/calibration"
        ))
        .await;
    let scored = calibration["summary"]["forecasts"].as_u64().unwrap();
    assert!(scored > 0, "nothing scored: {calibration}");
    let verdict = calibration["summary"]["verdict"].as_str().unwrap();

    e2e.goto(&format!("/boards/{board}/analytics")).await;
    wait_text_of(&e2e, "calibration-verdict", verdict).await;
    wait_text_of(&e2e, "calibration-forecasts", &scored.to_string()).await;
    e2e.wait_for("calibration-summary").await;
    // No budget was recorded on those days: no probability of overrun to plot.
    e2e.wait_for("reliability-empty").await;
    let rows = e2e
        .wait_all(&testid("calibration-forecast"), scored as usize)
        .await;
    assert_eq!(rows.len(), scored as usize);
    e2e.screenshot("calibration").await;

    // The organisation's: the same card from its own endpoint, over every board.
    let across = e2e
        .api(&format!(
            "/api/v1/organizations/{organization}/forecast-calibration"
        ))
        .await;
    let across_scored = across["summary"]["forecasts"].as_u64().unwrap();
    assert!(across_scored >= scored, "{across}");
    e2e.goto("/organization").await;
    wait_text_of(
        &e2e,
        "calibration-verdict",
        across["summary"]["verdict"].as_str().unwrap(),
    )
    .await;
    wait_text_of(&e2e, "calibration-forecasts", &across_scored.to_string()).await;
    e2e.screenshot("organization-calibration").await;

    // A member who is not an admin reaches it from Settings too, without the rates.
    e2e.click("sign-out").await;
    e2e.wait_for("login-email").await;
    e2e.sign_in_as(MEMBER_EMAIL).await;
    e2e.click("nav-settings").await;
    e2e.click("settings-organization").await;
    wait_text_of(&e2e, "calibration-forecasts", &across_scored.to_string()).await;
    e2e.wait_text("Only organisation admins manage").await;
    e2e.finish().await;
}
