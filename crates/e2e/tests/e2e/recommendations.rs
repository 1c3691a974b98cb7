//! Generating recommendations shows progress, then the builtin engine's rows;
//! accepting one (after confirming) shows it accepted, and the API agrees. A scope cut links to
//! its effect on the What-if screen, which shows the API's answer for it.

use fantoccini::Locator;
use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_recommendations_come_from_builtin_and_an_accepted_one_shows_as_accepted() {
    let e2e = E2e::start("recommendations").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    e2e.goto(&format!("/boards/{board}/recommendations")).await;
    e2e.wait_for("generate-recommendations").await;

    // The builtin engine answers in milliseconds: record whether the progress indicator ever
    // appeared rather than hoping to catch it with a poll.
    e2e.js(
        "window.__e2eProgressSeen = false;
         const seen = () => {
           if (document.querySelector('[data-testid=\"generate-progress\"]')) window.__e2eProgressSeen = true;
         };
         new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, attributes: true });",
        vec![],
    )
    .await;
    e2e.click("generate-recommendations").await;

    let rows = e2e.wait_all(&testid("recommendation-row"), 1).await;
    assert!(
        e2e.js("return window.__e2eProgressSeen", vec![]).await == json!(true),
        "no generate-progress indicator appeared while generating ({} rows came)",
        rows.len()
    );
    e2e.until(
        "recommendation-source to name the builtin engine",
        async || {
            let source = e2e
                .browser
                .find(Locator::Css(&testid("recommendation-source")))
                .await
                .ok()?;
            let text = source.text().await.ok()?;
            text.to_lowercase().contains("builtin").then_some(())
        },
    )
    .await;
    e2e.wait_for("analysis-panel").await;
    e2e.wait_for("prediction-panel").await;
    e2e.screenshot("recommendations").await;

    // Accept a pending one, confirming when asked.
    let pending = format!("{}[data-status=\"pending\"]", testid("recommendation-row"));
    let row = e2e.wait_css(&pending).await;
    let id = row
        .attr("data-recommendation-id")
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a recommendation-row without data-recommendation-id"));
    let this_row = format!(
        "{}[data-recommendation-id=\"{id}\"]",
        testid("recommendation-row")
    );
    row.find(Locator::Css(&testid("recommendation-accept")))
        .await
        .unwrap_or_else(|_| panic!("pending row {id} has no recommendation-accept button"))
        .click()
        .await
        .unwrap();
    e2e.click("confirm-action").await;
    e2e.wait_attr_eq(&this_row, "data-status", "accepted").await;

    let listed = e2e
        .api(&format!("/api/v1/boards/{board}/recommendations"))
        .await;
    let stored = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| raw(&r["id"]) == id)
        .unwrap_or_else(|| panic!("the API does not list recommendation {id}: {listed}"));
    assert_eq!(stored["status"], "accepted", "{stored}");
    assert_eq!(stored["source"], "builtin", "{stored}");

    e2e.finish().await;
}

/// A board built through the API to overrun: due 25 December, a budget of 30,000.00, a task
/// estimated at 10,000.00 half done with 800.00 of expenses a day for the 10 days so far, and a
/// task not started estimated at 30,000.00 (which weighs on the earned-value part of the
/// forecast, so deferring it changes the cost at completion). The optimiser's scope cut defers
/// that task; the recommendations screen links to its effect, and the What-if screen shows the
/// difference the API's `getRecommendationScenario` answers, with the task deferred by title.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_cut_links_to_its_effect_which_shows_the_apis_difference() {
    let e2e = E2e::start("recommendation_effect").await;
    e2e.sign_in_demo().await;
    let token = e2e.api_token().await;
    let send = async |method: Method, path: &str, body: serde_json::Value, expected: u16| {
        let (status, answer) = e2e.api_send(method, &token, path, &body).await;
        assert_eq!(status, expected, "{path}: {answer}");
        answer
    };
    let board = send(
        Method::POST,
        "/api/v1/boards",
        json!({"name": "Over budget", "start_date": "2026-11-16", "due_date": "2026-12-25"}),
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    send(
        Method::PUT,
        &format!("/api/v1/boards/{board}/budget"),
        json!({"allocated_budget": "30000.00"}),
        201,
    )
    .await;
    let build = send(
        Method::POST,
        &format!("/api/v1/boards/{board}/tasks"),
        json!({"title": "Build", "status": "in_progress", "progress": 50}),
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    send(
        Method::PUT,
        &format!("/api/v1/boards/{board}/tasks/{build}/cost"),
        json!({"estimated_cost": "10000.00"}),
        200,
    )
    .await;
    for day in 16..=25 {
        send(
            Method::POST,
            &format!("/api/v1/boards/{board}/tasks/{build}/expenses"),
            json!({"category": "contractor", "amount": "800.00", "incurred_on": format!("2026-11-{day}")}),
            201,
        )
        .await;
    }
    let extra = send(
        Method::POST,
        &format!("/api/v1/boards/{board}/tasks"),
        json!({"title": "Nice to have"}),
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    send(
        Method::PUT,
        &format!("/api/v1/boards/{board}/tasks/{extra}/cost"),
        json!({"estimated_cost": "30000.00"}),
        200,
    )
    .await;
    let batch = send(
        Method::POST,
        &format!("/api/v1/boards/{board}/budget/ai/recommendations"),
        json!({}),
        200,
    )
    .await;
    let cut = batch["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["recommendation_type"] == "scope_cut")
        .unwrap_or_else(|| panic!("no scope cut: {batch}"))
        .clone();
    let cut_id = raw(&cut["id"]);
    let effect = e2e
        .api(&format!("/api/v1/recommendations/{cut_id}/scenario"))
        .await;
    let difference = raw(&effect["evaluation"]["difference"]["projected_cost_at_completion"]);
    assert_ne!(
        difference, "0.00",
        "deferring the task changes nothing: {effect}"
    );

    e2e.goto(&format!("/boards/{board}/recommendations")).await;
    let row = format!(
        "{}[data-recommendation-id=\"{cut_id}\"]",
        testid("recommendation-row")
    );
    e2e.click_css(&format!("{row} {}", testid("recommendation-effect-link")))
        .await;
    e2e.until("the What-if screen with the recommendation", async || {
        let url = e2e.browser.current_url().await.ok()?;
        (url.path() == format!("/boards/{board}/what-if")
            && url.query() == Some(&format!("recommendation={cut_id}")))
        .then_some(())
    })
    .await;
    let effect_css = testid("recommendation-effect");
    e2e.wait_attr_eq(
        &format!("{effect_css} {}", testid("scenario-cost-difference")),
        "data-value",
        &difference,
    )
    .await;
    e2e.wait_text(&format!("Effect of: {}", cut["title"].as_str().unwrap()))
        .await;
    e2e.wait_text("“Nice to have” deferred").await;
    e2e.wait_all(
        &format!("{effect_css} {}", testid("scenario-chart-scenario")),
        1,
    )
    .await;
    // The form stays below, to try further changes.
    e2e.wait_for("what-if-form").await;
    e2e.screenshot("recommendation-effect").await;

    e2e.finish().await;
}
