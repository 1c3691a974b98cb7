//! The Resources screen: the resource plan and learning the cost patterns, each the API's
//! answer, for editors and admins; a viewer reads the patterns and is told why nothing else.

use fantoccini::Locator;

use crate::support::*;

const VIEWER_EMAIL: &str = "priya.nair@example.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_plans_resources_and_learns_patterns_and_a_viewer_reads_them() {
    let e2e = E2e::start("resources").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.click("nav-resources").await;

    // The plan: one row per person, in the API's order, with the API's load.
    e2e.click("resource-plan-run").await;
    e2e.wait_for("resource-summary").await;
    let token = e2e.api_token().await;
    let (status, plan) = e2e
        .api_send(
            reqwest::Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/budget/ai/optimize-resources"),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(status, 200, "{plan}");
    let expected: Vec<(String, String)> = plan["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["user_id"].to_string(), raw(&p["status"])))
        .collect();
    assert!(!expected.is_empty(), "{plan}");
    let mut shown = Vec::new();
    for row in e2e.all(&testid("resource-person")).await {
        let id = row.attr("data-user-id").await.unwrap().unwrap();
        let status = row
            .find(Locator::Css("[data-status]"))
            .await
            .unwrap()
            .attr("data-status")
            .await
            .unwrap()
            .unwrap();
        shown.push((id, status));
    }
    assert_eq!(shown, expected);
    let summary = e2e.wait_for("resource-summary").await.text().await.unwrap();
    assert_eq!(summary, raw(&plan["summary"]));
    assert_eq!(
        e2e.all(&testid("resource-move")).await.len(),
        plan["reassignments"].as_array().unwrap().len()
    );

    // Learning: the count the API learns, and the list below shows them.
    e2e.click("patterns-learn").await;
    let learned = e2e.wait_for("patterns-learned").await.text().await.unwrap();
    let (_, patterns) = e2e
        .api_get(&format!("/api/v1/boards/{board}/budget/patterns?limit=50"))
        .await;
    let count = patterns["items"].as_array().unwrap().len();
    let expected = if count == 1 {
        "1 pattern learned.".to_owned()
    } else {
        format!("{count} patterns learned.")
    };
    assert_eq!(learned, expected);
    e2e.until("the learned patterns listed", async || {
        (e2e.all(".pattern").await.len() == count).then_some(())
    })
    .await;
    e2e.screenshot("resources").await;

    // A viewer: the patterns, no buttons, and why.
    e2e.click("sign-out").await;
    e2e.wait_for("login-email").await;
    e2e.sign_in_as(VIEWER_EMAIL).await;
    e2e.goto(&format!("/boards/{board}/resources")).await;
    e2e.wait_for("resources-viewer").await;
    e2e.until("the patterns for the viewer", async || {
        (e2e.all(".pattern").await.len() == count).then_some(())
    })
    .await;
    assert!(e2e.all(&testid("resource-plan-run")).await.is_empty());
    assert!(e2e.all(&testid("patterns-learn")).await.is_empty());
    e2e.finish().await;
}
