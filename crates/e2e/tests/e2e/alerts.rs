//! An admin adds an alert rule on the Alerts tab (a refused threshold is shown beside its
//! field); time logged through the API makes it fire; the bell counts the notification, the
//! feed shows it and marking it read empties the count; the dashboard shows the active alert
//! with its cause, and the Alerts tab the firing with its figures; edited, the rule is armed
//! again, and deleted, it leaves its firing listed.

use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_added_on_the_alerts_tab_fires_rings_the_bell_and_shows_on_the_dashboard() {
    let e2e = E2e::start("alerts").await;
    e2e.sign_in_demo().await;
    let token = e2e.api_token().await;
    let send = async |method: Method, path: &str, body: serde_json::Value, expected: u16| {
        let (status, answer) = e2e.api_send(method, &token, path, &body).await;
        assert_eq!(status, expected, "{path}: {answer}");
        answer
    };

    // A board of its own: 1,000.00 of budget and every hour at 100.00, so two hours are 20 %
    // (under the 80 % of the rules every budget starts with).
    let board = send(
        Method::POST,
        "/api/v1/boards",
        json!({"name": "Alerted", "start_date": "2026-11-01", "due_date": "2026-12-31"}),
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    send(
        Method::PUT,
        &format!("/api/v1/boards/{board}/budget"),
        json!({"allocated_budget": "1000.00"}),
        201,
    )
    .await;
    send(
        Method::POST,
        &format!("/api/v1/boards/{board}/rates"),
        json!({"level": "board", "valid_from": "2026-11-01", "cost_rate": "100.00", "billable_rate": "150.00"}),
        201,
    )
    .await;
    let task = send(
        Method::POST,
        &format!("/api/v1/boards/{board}/tasks"),
        json!({"title": "Build"}),
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();

    // Nothing has fired yet: the bell says none unread.
    e2e.goto(&format!("/boards/{board}/alerts")).await;
    let bell = testid("notification-bell");
    e2e.wait_attr_eq(&bell, "data-unread", "0").await;
    e2e.wait_attr_eq(&bell, "aria-label", "Notifications, none unread")
        .await;

    // A threshold the API refuses is shown beside its field; then the rule is added, armed.
    e2e.wait_for("alert-rule-form").await;
    e2e.fill("alert-kind", "money_used_at_least").await;
    e2e.fill("alert-threshold", "0").await;
    e2e.click("alert-rule-submit").await;
    e2e.error_beside("threshold", "alert-threshold").await;
    e2e.fill("alert-threshold", "10").await;
    e2e.click("alert-rule-submit").await;
    let rule = format!(
        "{}[data-kind=\"money_used_at_least\"][data-threshold=\"10.00\"]",
        testid("alert-rule")
    );
    e2e.wait_attr_eq(&rule, "data-state", "armed").await;
    e2e.wait_text("money used at least 10.00 %").await;
    e2e.screenshot("alerts-rule-added").await;

    // Two hours logged through the API: 200.00 of 1,000.00. The rule is evaluated shortly
    // after the write (the server coalesces writes for a moment), and fires.
    send(
        Method::POST,
        &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
        json!({"hours": "2.00", "work_date": "2026-11-24", "description": "E2E: crosses 10 %"}),
        201,
    )
    .await;
    let firings_path = format!("/api/v1/boards/{board}/budget/alerts");
    let firing = e2e
        .until("the rule to fire", async || {
            let firings = e2e.api(&firings_path).await;
            firings["items"].as_array()?.first().cloned()
        })
        .await;
    assert_eq!(firing["kind"], "money_used_at_least", "{firing}");
    assert_eq!(firing["threshold"], "10.00", "{firing}");
    assert_eq!(
        firing["figures"]["utilisation_percent"], "20.00",
        "{firing}"
    );

    // The dashboard (a fresh page load): the bell counts one unread, and the active alert
    // shows with its cause and links to the Alerts tab.
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.wait_attr_eq(&bell, "data-unread", "1").await;
    e2e.wait_attr_eq(&bell, "aria-label", "Notifications, 1 unread")
        .await;
    let active = format!(
        "{}[data-kind=\"money_used_at_least\"]",
        testid("active-alert")
    );
    let card = e2e.wait_css(&active).await;
    let cause = card.text().await.unwrap();
    assert!(
        cause.contains("money used at least 10.00 %") && cause.contains("(20.00 %)"),
        "the active alert does not say its rule and cause: {cause:?}"
    );
    assert_eq!(
        e2e.all(&testid("active-alert")).await.len(),
        1,
        "only the rule that fired is active"
    );
    let link = e2e.wait_for("active-alerts-link").await;
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some(format!("/boards/{board}/alerts").as_str())
    );
    e2e.screenshot("alerts-dashboard").await;

    // The bell opens the feed: the notification, unread, linking to the board's Alerts tab.
    e2e.click("notification-bell").await;
    let unread = format!("{}[data-read=\"false\"]", testid("notification"));
    let item = e2e.wait_css(&unread).await;
    assert_eq!(e2e.path().await, "/notifications");
    assert_eq!(
        item.attr("data-event-type").await.unwrap().as_deref(),
        Some("budget.threshold_crossed")
    );
    let board_link = e2e
        .wait_css(&format!("{unread} {}", testid("notification-board-link")))
        .await;
    assert_eq!(
        board_link.attr("href").await.unwrap().as_deref(),
        Some(format!("/boards/{board}/alerts").as_str())
    );
    assert_eq!(board_link.text().await.unwrap(), "Alerted");
    e2e.screenshot("notifications-unread").await;

    // Marked read: the count is 0, the notification stays listed as read.
    e2e.click_css(&format!("{unread} {}", testid("notification-mark-read")))
        .await;
    e2e.wait_attr_eq(&bell, "data-unread", "0").await;
    e2e.wait_css(&format!("{}[data-read=\"true\"]", testid("notification")))
        .await;
    let (_, count) = e2e.api_get("/api/v1/me/notifications/unread-count").await;
    assert_eq!(count["unread"], 0, "{count}");
    e2e.screenshot("notifications-read").await;

    // The Alerts tab: the rule has fired, and its firing shows the figures.
    e2e.goto(&format!("/boards/{board}/alerts")).await;
    e2e.wait_attr_eq(&rule, "data-state", "fired").await;
    let firing_row = e2e
        .wait_css(&format!(
            "{}[data-kind=\"money_used_at_least\"] {}",
            testid("alert-firing"),
            testid("alert-firing-cause")
        ))
        .await;
    let figures = firing_row.text().await.unwrap();
    assert!(
        figures.contains("(20.00 %)"),
        "the firing does not show its figures: {figures:?}"
    );
    e2e.screenshot("alerts-fired").await;

    // Edited to 50 %: a new threshold re-arms the rule (20 % is under it), and the firing stays.
    let rule_id = e2e.wait_attr(&rule, "data-rule-id").await;
    let this_rule = format!("{}[data-rule-id=\"{rule_id}\"]", testid("alert-rule"));
    e2e.click_css(&format!("{this_rule} {}", testid("alert-rule-edit")))
        .await;
    e2e.wait_text("Change the rule").await;
    let focused = e2e
        .js(
            "return document.activeElement && document.activeElement.dataset.testid",
            vec![],
        )
        .await;
    assert_eq!(
        focused,
        json!("alert-threshold"),
        "Edit puts the focus in the threshold"
    );
    e2e.fill("alert-threshold", "50").await;
    e2e.click("alert-rule-submit").await;
    e2e.wait_attr_eq(&this_rule, "data-threshold", "50.00")
        .await;
    e2e.wait_attr_eq(&this_rule, "data-state", "armed").await;
    let rules = e2e
        .api(&format!("/api/v1/boards/{board}/budget/alert-rules"))
        .await;
    let stored = rules["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| raw(&r["id"]) == rule_id)
        .unwrap_or_else(|| panic!("rule {rule_id} is not listed: {rules}"));
    assert_eq!(stored["threshold"], "50.00", "{stored}");
    assert_eq!(stored["armed"], true, "{stored}");

    // Deleted after confirming: gone from the list and the API; its firing stays listed.
    e2e.click_css(&format!("{this_rule} {}", testid("alert-rule-delete")))
        .await;
    e2e.click_css(&format!(
        "{this_rule} {}",
        testid("alert-rule-confirm-delete")
    ))
    .await;
    e2e.until("the deleted rule to leave the list", async || {
        e2e.all(&this_rule).await.is_empty().then_some(())
    })
    .await;
    let (status, rules) = e2e
        .api_get(&format!("/api/v1/boards/{board}/budget/alert-rules"))
        .await;
    assert_eq!(status, 200);
    assert!(
        rules["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| raw(&r["id"]) != rule_id),
        "the API still lists rule {rule_id}: {rules}"
    );
    e2e.wait_for("alert-firing").await;
    e2e.wait_text("(rule deleted)").await;

    e2e.finish().await;
}
