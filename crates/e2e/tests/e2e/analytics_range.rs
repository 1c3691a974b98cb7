//! The analytics period: chosen in the form, kept in the URL (so a link and a reload open the
//! same figures, and back returns to the defaults), and each figure the API's for that period.

use crate::support::*;

/// A money string's hundredths: `"-12.5"` → -1250.
fn cents(text: &str) -> i64 {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let fraction = format!("{fraction:0<2}");
    let value = whole.parse::<i64>().unwrap() * 100 + fraction[..2].parse::<i64>().unwrap();
    if negative {
        -value
    } else {
        value
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analytics_period_is_chosen_linked_reloaded_and_left_with_back() {
    let e2e = E2e::start("analytics-range").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    e2e.goto(&format!("/boards/{board}/analytics")).await;
    e2e.wait_for("analytics-period").await;
    e2e.wait_text("Spent in the last 30 days").await;

    e2e.fill("range-from", "2026-10-01").await;
    e2e.fill("range-to", "2026-10-31").await;
    e2e.fill("range-window", "14").await;
    e2e.fill("range-history", "90").await;
    e2e.click("range-apply").await;
    let query = "?from=2026-10-01&to=2026-10-31&window=14&history=90";
    e2e.until("the period in the URL", async || {
        let url = e2e.browser.current_url().await.ok()?;
        (url.query() == Some(&query[1..])).then_some(())
    })
    .await;

    // The API's figures for the same period.
    let analytics = e2e
        .api(&format!(
            "/api/v1/boards/{board}/budget/analytics?from=2026-10-01&to=2026-10-31&window=14"
        ))
        .await;
    let trend = analytics["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 31);
    let spent: i64 = trend.iter().map(|day| cents(&raw(&day["cost"]))).sum();
    let forecast = e2e
        .api(&format!(
            "/api/v1/boards/{board}/budget/forecast?history_days=90"
        ))
        .await;
    let history_days = &forecast["inputs"]["history_days"];
    let check = async || {
        e2e.until("the period's cost", async || {
            let shown = e2e
                .browser
                .find(fantoccini::Locator::Css(&testid("analytics-period")))
                .await
                .ok()?
                .attr("data-cost")
                .await
                .ok()??;
            (cents(&shown) == spent).then_some(())
        })
        .await;
        e2e.wait_text("Spent in the last 14 days").await;
        e2e.wait_text(&format!("{} days of history", raw(history_days)))
            .await;
    };
    check().await;
    e2e.screenshot("analytics-period").await;

    // A link (or a reload) opens the same period, the form filled in.
    e2e.goto(&format!("/boards/{board}/analytics{query}")).await;
    check().await;
    assert_eq!(
        e2e.wait_for("range-from")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some("2026-10-01".to_owned())
    );

    // A last day before the first is refused beside the field, before asking the API.
    e2e.fill("range-to", "2026-09-01").await;
    e2e.click("range-apply").await;
    let error = e2e.error_beside("to", "range-to").await;
    assert!(error
        .text()
        .await
        .unwrap()
        .contains("must not be before the first day"));

    // Reset, then back: the defaults, then the chosen period again.
    e2e.click("range-reset").await;
    e2e.wait_text("Spent in the last 30 days").await;
    e2e.browser.back().await.unwrap();
    check().await;
    e2e.finish().await;
}
