//! Sign in on the demo data, see both boards with their status, open the main
//! board and read the same figures as the metrics API; and how long the dashboard takes.

use std::time::Instant;

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use crate::support::*;

/// Each KPI card and the metrics field whose raw value it carries in `data-value`.
pub const KPIS: [(&str, &[&str]); 7] = [
    ("kpi-allocated", &["allocated_budget"]),
    ("kpi-spent", &["spent"]),
    ("kpi-remaining", &["remaining"]),
    ("kpi-utilisation", &["utilisation_percent"]),
    ("kpi-time-utilisation", &["time_utilisation_percent"]),
    ("kpi-burn-daily", &["burn_rate", "daily"]),
    ("kpi-days-left", &["burn_rate", "days_until_exhausted"]),
];

/// Every KPI card's `data-value` against the metrics API; all mismatches at once.
pub async fn assert_kpis_match(e2e: &E2e, metrics: &serde_json::Value) {
    // The page has loaded its figures once the spent card carries one.
    e2e.wait_attr(&testid("kpi-spent"), "data-value").await;
    let mut mismatches = Vec::new();
    for (id, field) in KPIS {
        let expected = raw(field.iter().fold(metrics, |value, key| &value[*key]));
        let Ok(card) = e2e.browser.find(Locator::Css(&testid(id))).await else {
            mismatches.push(format!("{id}: no such card on the page"));
            continue;
        };
        // A null figure may be an empty or an absent data-value.
        let shown = card.attr("data-value").await.unwrap();
        if shown.as_deref().unwrap_or_default() != expected {
            mismatches.push(format!(
                "{id}: page data-value {shown:?}, API {} = {expected:?}",
                field.join(".")
            ));
        }
    }
    if !mismatches.is_empty() {
        let report = e2e
            .diagnose(&format!(
                "the dashboard disagrees with GET …/budget/metrics:\n  {}",
                mismatches.join("\n  ")
            ))
            .await;
        panic!("{report}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_shows_both_demo_boards_and_a_dashboard_with_the_metrics_apis_figures() {
    let e2e = E2e::start("dashboard").await;

    // Signed out, the app starts at the sign-in form.
    e2e.goto("/").await;
    e2e.wait_for("login-email").await;
    e2e.screenshot("login").await;
    e2e.fill("login-email", DEMO_EMAIL).await;
    e2e.fill("login-password", DEMO_PASSWORD).await;
    e2e.click("login-submit").await;

    // Both demo boards, each with a status badge.
    let cards = e2e.wait_all(&testid("board-card"), 2).await;
    assert_eq!(cards.len(), 2, "the demo user sees exactly two boards");
    for card in &cards {
        let badge = card
            .find(Locator::Css(&testid("board-status")))
            .await
            .unwrap_or_else(|_| panic!("a board card without a board-status badge"));
        assert!(
            !badge.text().await.unwrap().trim().is_empty(),
            "an empty board-status badge"
        );
    }
    e2e.wait_text(DEMO_BOARD).await;
    e2e.screenshot("boards").await;

    // Open the main board from its card.
    let board = e2e.board_id(DEMO_BOARD).await;
    let card = format!("{}[data-board-id=\"{board}\"]", testid("board-card"));
    let link = format!("{card} a, a{card}");
    let clicked = Instant::now();
    if e2e.all(&link).await.is_empty() {
        e2e.click_css(&card).await;
    } else {
        e2e.click_css(&link).await;
    }
    e2e.wait_attr(&testid("kpi-spent"), "data-value").await;
    let from_boards_list = clicked.elapsed();
    assert_eq!(e2e.path().await, format!("/boards/{board}"));

    let metrics = e2e.metrics(board).await;
    assert_kpis_match(&e2e, &metrics).await;
    for part in [
        "trend-chart",
        "cost-split",
        "top-overruns",
        "latest-recommendations",
    ] {
        e2e.wait_for(part).await;
    }
    e2e.screenshot("dashboard").await;

    // Time to first dashboard render: from navigation to the spent card showing its figure.
    // Cold is a first visit (empty browser cache: HTML, JS and wasm fetched, compiled and
    // started, the session restored, the metrics fetched and drawn); warm has the app cached.
    e2e.cdp("Network.clearBrowserCache", json!({}))
        .await
        .unwrap();
    let cold = time_to_dashboard(&e2e, board).await;
    let warm = time_to_dashboard(&e2e, board).await;
    assert_kpis_match(&e2e, &metrics).await;
    println!(
        "time to first dashboard render: {} ms cold (empty cache, page load), {} ms warm (cached app, page load), {} ms in-app (click on the boards list)",
        cold.as_millis(),
        warm.as_millis(),
        from_boards_list.as_millis()
    );

    e2e.finish().await;
}

/// Loads the dashboard as a fresh page and waits for its first figure, looking every 10 ms so
/// that the measure is not rounded up to the harness's usual polling period.
async fn time_to_dashboard(e2e: &E2e, board: i64) -> Duration {
    let spent = testid("kpi-spent");
    let navigated = Instant::now();
    e2e.goto(&format!("/boards/{board}")).await;
    while navigated.elapsed() < TIMEOUT {
        if let Ok(card) = e2e.browser.find(Locator::Css(&spent)).await {
            if card.attr("data-value").await.ok().flatten().is_some() {
                return navigated.elapsed();
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Not there in time: fails with the page's state.
    e2e.wait_attr(&spent, "data-value").await;
    navigated.elapsed()
}
