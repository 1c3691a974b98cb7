//! The remaining screens render from the API: analytics, ROI and settings (with a personal
//! access token made, shown once, listed and revoked). Screenshots of each.

use fantoccini::Locator;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analytics_roi_and_settings_render_the_demo_boards_figures() {
    let e2e = E2e::start("screens").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;

    e2e.goto(&format!("/boards/{board}/analytics")).await;
    for part in [
        "burn-rate",
        "breakdown-tasks",
        "earned-value",
        "forecast-chart",
        "forecast-probability",
        // The forecast read just now kept today's: the history has a day to draw.
        "forecast-history-chart",
        "forecast-history-probability",
        "csv-download",
    ] {
        e2e.wait_for(part).await;
    }
    // The task table reads the task breakdown a page at a time, largest total first: the API's
    // first page of 25, then its second after "Next", and the first again after "Previous".
    let tasks = format!("/api/v1/boards/{board}/budget/analytics/tasks?sort=-total&limit=25");
    let first = e2e.api(&tasks).await;
    // A `-total` cursor is digits, `-` and `~`: nothing to escape in a query.
    let cursor = first["next_cursor"]
        .as_str()
        .expect("the demo board has more than one page of tasks");
    let second = e2e.api(&format!("{tasks}&cursor={cursor}")).await;
    let ids = |page: &serde_json::Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|task| task["task_id"].to_string())
            .collect()
    };
    let (first_ids, second_ids) = (ids(&first), ids(&second));
    assert_eq!(first_ids.len(), 25);
    assert!(!second_ids.is_empty());
    let shown = async || {
        let mut shown = Vec::new();
        for row in e2e.all(&testid("task-breakdown-row")).await {
            shown.push(row.attr("data-task-id").await.ok()??);
        }
        Some(shown)
    };
    for (step, expected) in [
        ("", &first_ids),
        ("task-page-next", &second_ids),
        ("task-page-previous", &first_ids),
    ] {
        if !step.is_empty() {
            e2e.click(step).await;
        }
        e2e.until(
            &format!("the task table's page after {step:?}"),
            async || (shown().await.as_ref() == Some(expected)).then_some(()),
        )
        .await;
    }
    // A header sorts by its column through the API: the title, A→Z.
    let by_title = e2e
        .api(&format!(
            "/api/v1/boards/{board}/budget/analytics/tasks?sort=title&limit=25"
        ))
        .await;
    e2e.click_css(&format!(
        "{} button[data-sort=\"title\"]",
        testid("task-breakdown")
    ))
    .await;
    let title_ids = ids(&by_title);
    e2e.until("the task table sorted by title", async || {
        (shown().await.as_ref() == Some(&title_ids)).then_some(())
    })
    .await;

    // The CSV is fetched with the session token and handed over as a link: the very file the
    // API serves.
    e2e.click("csv-download").await;
    let link = e2e.wait_attr(&testid("csv-link"), "href").await;
    let downloaded = e2e
        .browser
        .execute_async(
            "const [href, done] = arguments;
             if (href.startsWith('data:')) {
               const comma = href.indexOf(',');
               const body = href.slice(comma + 1);
               done(href.slice(0, comma).endsWith(';base64') ? atob(body) : decodeURIComponent(body));
             } else {
               fetch(href).then(r => r.text()).then(done, e => done('error: ' + e));
             }",
            vec![json!(link)],
        )
        .await
        .unwrap();
    let served = e2e
        .api_text(&format!(
            "/api/v1/boards/{board}/budget/analytics/tasks.csv"
        ))
        .await;
    assert_eq!(
        raw(&downloaded),
        served,
        "the CSV download differs from GET …/budget/analytics/tasks.csv"
    );
    e2e.screenshot("analytics").await;

    // ROI: two snapshots through the form make a history and a comparison.
    e2e.goto(&format!("/boards/{board}/roi")).await;
    e2e.wait_for("roi-current").await;
    for (expected, realized) in [("250000.00", "90000.00"), ("260000.00", "120000.00")] {
        let before = e2e
            .api(&format!("/api/v1/boards/{board}/roi/snapshots"))
            .await;
        let count = before["items"].as_array().map_or(0, Vec::len);
        e2e.fill("snapshot-expected", expected).await;
        e2e.fill("snapshot-realized", realized).await;
        e2e.click("snapshot-submit").await;
        e2e.until("the snapshot to be stored", async || {
            let after = e2e
                .api(&format!("/api/v1/boards/{board}/roi/snapshots"))
                .await;
            (after["items"].as_array()?.len() > count).then_some(())
        })
        .await;
    }
    e2e.wait_for("roi-history-chart").await;
    e2e.wait_for("compare-from").await;
    e2e.wait_for("compare-to").await;
    e2e.wait_for("compare-table").await;
    e2e.screenshot("roi").await;

    // Settings: a token is shown once, listed, and revoked.
    e2e.goto("/settings").await;
    e2e.fill("token-name", "E2E reporting script").await;
    e2e.click("token-create").await;
    let value = e2e
        .until("token-value to show the new token", async || {
            let element = e2e
                .browser
                .find(Locator::Css(&testid("token-value")))
                .await
                .ok()?;
            let text = element.text().await.ok()?;
            let value = element
                .prop("value")
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            [text, value]
                .into_iter()
                .find(|v| v.trim().starts_with("brt_"))
        })
        .await;
    e2e.wait_for("token-value-copy").await;
    let tokens = e2e.api("/api/v1/me/tokens").await;
    assert!(
        tokens.to_string().contains("E2E reporting script"),
        "the API does not list the new token: {tokens}"
    );
    let rows = e2e.wait_all(&testid("token-row"), 1).await;
    e2e.screenshot("settings").await;
    let mut revoked = None;
    for row in rows {
        if row.text().await.unwrap().contains("E2E reporting script") {
            revoked = row.attr("data-token-id").await.unwrap();
            row.find(Locator::Css(&testid("token-revoke")))
                .await
                .unwrap_or_else(|_| panic!("the new token's row has no token-revoke button"))
                .click()
                .await
                .unwrap();
            break;
        }
    }
    let revoked = revoked.unwrap_or_else(|| panic!("no token-row names \"E2E reporting script\""));
    // Confirmed if the app asks; then the row says so and the token no longer opens the API.
    e2e.until("the revoked token to be refused by the API", async || {
        if let Ok(confirm) = e2e
            .browser
            .find(Locator::Css(&testid("confirm-action")))
            .await
        {
            let _ = confirm.click().await;
        }
        let status = reqwest::Client::new()
            .get(e2e.url("/api/v1/boards"))
            .bearer_auth(value.trim())
            .send()
            .await
            .ok()?
            .status();
        (status == 401).then_some(())
    })
    .await;
    e2e.wait_attr_eq(
        &format!("{}[data-token-id=\"{revoked}\"]", testid("token-row")),
        "data-state",
        "revoked",
    )
    .await;

    e2e.finish().await;
}
