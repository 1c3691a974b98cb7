//! Generating recommendations shows progress, then the builtin engine's rows;
//! accepting one (after confirming) shows it accepted, and the API agrees.

use fantoccini::Locator;
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
