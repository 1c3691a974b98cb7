//! The what-if screen: on the demo board, an admin tries a fixed cost of 100.00 a day from
//! tomorrow to the board's due date, and the page shows the same difference in cost at
//! completion as the API answers for the same changes, with both forecasts drawn; a daily cost
//! from today is refused, with the API's message beside its field. A viewer, whom the API
//! refuses, is told so and gets no form.

use reqwest::Method;
use serde_json::json;

use crate::support::*;

/// A viewer on the demo board (every demo account has the demo password).
const VIEWER_EMAIL: &str = "priya.nair@example.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_cost_shows_the_apis_difference_one_from_today_is_refused_and_a_viewer_gets_no_form(
) {
    let e2e = E2e::start("what_if").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let details = e2e.api(&format!("/api/v1/boards/{board}")).await;
    let tomorrow = today().succ_opt().unwrap().to_string();
    // To the due date when it is after tomorrow; else to the end of the forecast.
    let until = details["due_date"]
        .as_str()
        .filter(|due| *due > tomorrow.as_str())
        .map(str::to_owned);

    // The API's answer for the same changes, as another client would ask.
    let token = e2e.api_token().await;
    let scenario = json!({"daily_costs": [{"amount": "100.00", "from": tomorrow, "until": until}]});
    let preview = format!("/api/v1/boards/{board}/budget/scenarios/preview");
    let (status, expected) = e2e
        .api_send(Method::POST, &token, &preview, &scenario)
        .await;
    assert_eq!(status, 200, "{expected}");
    let difference = raw(&expected["difference"]["projected_cost_at_completion"]);

    // The tab, from the board's dashboard.
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.click("nav-what-if").await;
    e2e.wait_for("what-if-form").await;
    e2e.fill("what-if-daily-amount", "100.00").await;
    e2e.fill("what-if-daily-from", &tomorrow).await;
    if let Some(until) = &until {
        e2e.fill("what-if-daily-until", until).await;
    }
    e2e.click("what-if-submit").await;
    e2e.wait_attr_eq(
        &testid("scenario-cost-difference"),
        "data-value",
        &difference,
    )
    .await;
    let shown = e2e.wait_for("scenario-cost-difference").await;
    assert!(
        !shown.text().await.unwrap().trim().is_empty(),
        "the difference in cost at completion shows no text"
    );
    e2e.wait_for("scenario-chart-baseline").await;
    e2e.wait_for("scenario-chart-scenario").await;
    e2e.screenshot("what-if").await;

    // From today: refused by the API (422), its message beside the field, no answer left shown.
    let today_scenario = json!({"daily_costs": [{"amount": "100.00", "from": TODAY}]});
    let (status, problem) = e2e
        .api_send(Method::POST, &token, &preview, &today_scenario)
        .await;
    assert_eq!(status, 422, "{problem}");
    e2e.fill("what-if-daily-from", TODAY).await;
    e2e.fill("what-if-daily-until", "").await;
    e2e.click("what-if-submit").await;
    e2e.error_beside("daily_costs[0].from", "what-if-daily-from")
        .await;
    assert!(
        e2e.all(&testid("scenario-answer")).await.is_empty(),
        "a refused scenario still shows an answer"
    );
    e2e.screenshot("what-if-refused").await;

    // A viewer: refused by the API (403); the screen says so instead of showing the form.
    let viewer_token = e2e.api_token_of(VIEWER_EMAIL).await;
    let (status, problem) = e2e
        .api_send(Method::POST, &viewer_token, &preview, &scenario)
        .await;
    assert_eq!(status, 403, "{problem}");
    e2e.click("sign-out").await;
    e2e.wait_for("login-email").await;
    e2e.sign_in_as(VIEWER_EMAIL).await;
    e2e.goto(&format!("/boards/{board}/what-if")).await;
    e2e.wait_for("what-if-viewer").await;
    assert!(
        e2e.all(&testid("what-if-form")).await.is_empty(),
        "a viewer is shown the what-if form"
    );

    e2e.finish().await;
}
