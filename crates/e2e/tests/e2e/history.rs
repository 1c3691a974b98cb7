//! A board admin reads the board's history: every recorded change, newest first, fifty at a
//! time with "More", filtered by what changed.

use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_admin_reads_the_history_page_by_page_and_filtered() {
    let e2e = E2e::start("history").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let task = e2e
        .api(&format!("/api/v1/boards/{board}/tasks?limit=1"))
        .await["items"][0]["id"]
        .as_i64()
        .unwrap();
    // Fifty-two estimate changes: more than one page.
    let token = e2e.api_token().await;
    for n in 1..=52 {
        let status = e2e
            .api_put(
                &token,
                &format!("/api/v1/boards/{board}/tasks/{task}/cost"),
                &json!({"estimated_cost": format!("{}.00", 1000 + n)}),
            )
            .await;
        assert_eq!(status, 200, "estimate change {n}");
    }
    let expected = e2e
        .api(&format!("/api/v1/boards/{board}/audit?limit=500"))
        .await["items"]
        .as_array()
        .unwrap()
        .len();
    assert!(expected > 50, "{expected} events");

    e2e.goto(&format!("/boards/{board}")).await;
    e2e.click("nav-history").await;
    e2e.wait_for("history-table").await;
    let event = testid("history-event");
    e2e.wait_all(&event, 50).await;
    assert_eq!(e2e.all(&event).await.len(), 50);
    e2e.wait_text("1052.00").await;
    e2e.click("history-more").await;
    e2e.wait_all(&event, expected).await;
    assert_eq!(e2e.all(&event).await.len(), expected);
    assert!(e2e.all(&testid("history-more")).await.is_empty());
    e2e.screenshot("history").await;

    // Nothing of this kind yet: said so; then only the estimate changes.
    e2e.fill("history-kind", "recommendation").await;
    e2e.wait_text("No changes recorded yet.").await;
    e2e.fill("history-kind", "task_cost").await;
    e2e.wait_all(&format!("{event}[data-kind=\"task_cost\"]"), 50)
        .await;
    assert_eq!(e2e.all(&event).await.len(), 50);
    // The kind is the URL's: the link opens the same filter.
    let link = e2e.browser.current_url().await.unwrap();
    assert_eq!(link.query(), Some("kind=task_cost"));
    e2e.browser.goto(link.as_str()).await.unwrap();
    e2e.wait_all(&format!("{event}[data-kind=\"task_cost\"]"), 50)
        .await;
    assert_eq!(
        e2e.wait_for("history-kind")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some("task_cost".to_owned())
    );

    // Every kind the server records can be chosen: an expense, and only it.
    let (status, expense) = e2e
        .api_send(
            Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/tasks/{task}/expenses"),
            &json!({"category": "software", "amount": "120.00",
                    "incurred_on": "2026-11-02", "is_billable": false}),
        )
        .await;
    assert_eq!(status, 201, "{expense}");
    e2e.fill("history-kind", "expense").await;
    e2e.wait_all(&format!("{event}[data-kind=\"expense\"]"), 1)
        .await;
    assert_eq!(e2e.all(&event).await.len(), 1);
    e2e.finish().await;
}
