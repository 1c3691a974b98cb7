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

/// The saved scenario of this name on the board, as the API lists it.
async fn saved_id(e2e: &E2e, board: i64, name: &str) -> i64 {
    let listed = e2e
        .api(&format!("/api/v1/boards/{board}/budget/scenarios"))
        .await;
    listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|scenario| scenario["name"] == name)
        .unwrap_or_else(|| panic!("the API lists no scenario {name}: {listed}"))["id"]
        .as_i64()
        .unwrap()
}

/// The CSS selector of a saved scenario's row.
fn saved_row(id: i64) -> String {
    format!("{}[data-scenario-id=\"{id}\"]", testid("saved-scenario"))
}

/// On the demo board, an admin saves a fixed cost of 100.00 a day from tomorrow and sees it
/// listed; the same name again is refused beside the name, and a cost from today beside its
/// date; a second one at 250.00 a day is saved; opening the first shows the difference the
/// API's `getScenario` answers for it; comparing both shows both names and the API's comparison
/// figures; deleting the second leaves the first alone, on the page and in the API. Then a task
/// chosen by its title and removed shows the API's preview of that change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_scenarios_open_compare_and_delete_as_the_api_answers() {
    let e2e = E2e::start("what_if_saved").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let tomorrow = today().succ_opt().unwrap().to_string();

    e2e.goto(&format!("/boards/{board}/what-if")).await;
    e2e.wait_for("what-if-form").await;
    e2e.wait_for("saved-scenarios-card").await;
    e2e.fill("what-if-daily-amount", "100.00").await;
    e2e.fill("what-if-daily-from", &tomorrow).await;
    e2e.fill("what-if-name", "Licence").await;
    e2e.click("what-if-save").await;
    e2e.wait_text("Today's plan and with “Licence”").await;
    let licence = saved_id(&e2e, board, "Licence").await;
    let licence_row = e2e.wait_css(&saved_row(licence)).await;
    assert_eq!(
        licence_row
            .find(fantoccini::Locator::Css(&testid("saved-scenario-name")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "Licence"
    );

    // The same name again: refused by the API (409), its message beside the name.
    e2e.fill("what-if-name", "Licence").await;
    e2e.click("what-if-save").await;
    e2e.error_beside("name", "what-if-name").await;

    // Its changes are checked as a preview's: a daily cost from today is refused by the API
    // (422, named under `changes.`), and the page shows the message beside the same input.
    let token = e2e.api_token().await;
    let (status, problem) = e2e
        .api_send(
            Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/budget/scenarios"),
            &json!({"name": "From today", "changes": {"daily_costs": [{"amount": "100.00", "from": TODAY}]}}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["field"], "changes.daily_costs[0].from",
        "{problem}"
    );
    e2e.fill("what-if-daily-from", TODAY).await;
    e2e.fill("what-if-name", "From today").await;
    e2e.click("what-if-save").await;
    e2e.error_beside("daily_costs[0].from", "what-if-daily-from")
        .await;
    e2e.fill("what-if-daily-from", &tomorrow).await;

    // A second one, at 250.00 a day.
    e2e.fill("what-if-daily-amount", "250.00").await;
    e2e.fill("what-if-name", "Room").await;
    e2e.click("what-if-save").await;
    e2e.wait_text("Today's plan and with “Room”").await;
    let room = saved_id(&e2e, board, "Room").await;
    e2e.wait_css(&saved_row(room)).await;

    // Opening the first: the API's evaluation of it today.
    let opened = e2e
        .api(&format!(
            "/api/v1/boards/{board}/budget/scenarios/{licence}"
        ))
        .await;
    let difference =
        raw(&opened["result"]["evaluation"]["difference"]["projected_cost_at_completion"]);
    e2e.click_css(&format!(
        "{} {}",
        saved_row(licence),
        testid("saved-scenario-open")
    ))
    .await;
    e2e.wait_text("Today's plan and with “Licence”").await;
    e2e.wait_attr_eq(
        &testid("scenario-cost-difference"),
        "data-value",
        &difference,
    )
    .await;
    e2e.screenshot("what-if-saved").await;

    // Both compared, in the order checked, as the API compares them.
    for id in [licence, room] {
        e2e.click_css(&format!(
            "{} {}",
            saved_row(id),
            testid("saved-scenario-check")
        ))
        .await;
    }
    e2e.click("compare-scenarios").await;
    e2e.wait_for("scenario-comparison").await;
    let comparison = e2e
        .api(&format!(
            "/api/v1/boards/{board}/budget/scenarios/comparison?ids={licence},{room}"
        ))
        .await;
    let row = |id: &str| format!("{}[data-scenario-id=\"{id}\"]", testid("comparison-row"));
    e2e.wait_attr_eq(
        &format!("{} {}", row("baseline"), testid("comparison-cost")),
        "data-value",
        &raw(&comparison["baseline"]["projected_cost_at_completion"]),
    )
    .await;
    for compared in comparison["scenarios"].as_array().unwrap() {
        let id = raw(&compared["id"]);
        e2e.wait_attr_eq(
            &format!("{} {}", row(&id), testid("comparison-cost")),
            "data-value",
            &raw(&compared["outcome"]["projected_cost_at_completion"]),
        )
        .await;
        e2e.wait_attr_eq(
            &format!("{} {}", row(&id), testid("comparison-cost-difference")),
            "data-value",
            &raw(&compared["difference"]["projected_cost_at_completion"]),
        )
        .await;
        let name = e2e
            .wait_css(&format!("{} {}", row(&id), testid("comparison-name")))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(name, compared["name"].as_str().unwrap());
    }
    // Today's plan and both scenarios, drawn together.
    e2e.wait_all(
        &format!(
            "{} {}",
            testid("scenario-comparison"),
            testid("scenario-chart-scenario")
        ),
        2,
    )
    .await;
    e2e.screenshot("what-if-compared").await;

    // The second deleted, after a confirmation.
    e2e.click_css(&format!(
        "{} {}",
        saved_row(room),
        testid("saved-scenario-delete")
    ))
    .await;
    e2e.click_css(&format!(
        "{} {}",
        saved_row(room),
        testid("saved-scenario-confirm-delete")
    ))
    .await;
    e2e.until("the deleted scenario's row to go", async || {
        e2e.all(&saved_row(room)).await.is_empty().then_some(())
    })
    .await;
    e2e.wait_css(&saved_row(licence)).await;
    let listed = e2e
        .api(&format!("/api/v1/boards/{board}/budget/scenarios"))
        .await;
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|scenario| scenario["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Licence"]);

    // A task of the board removed (an estimate of 0), chosen by its title: the API's preview of
    // the same change.
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    let task = &tasks["items"][0];
    let removal = json!({"tasks": [{"task_id": task["id"], "estimated_cost": "0"}]});
    let (status, expected) = e2e
        .api_send(
            Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/budget/scenarios/preview"),
            &removal,
        )
        .await;
    assert_eq!(status, 200, "{expected}");
    // Emptied with an input event (clearing a text input fires none).
    let amount = e2e.wait_for("what-if-daily-amount").await;
    e2e.set_value(&amount, "").await;
    e2e.fill("what-if-daily-from", "").await;
    let title = task["title"].as_str().unwrap();
    e2e.fill("what-if-task-search", title).await;
    e2e.wait_css(&format!(
        "{} option[value=\"{}\"]",
        testid("what-if-task"),
        task["id"]
    ))
    .await;
    e2e.fill("what-if-task", title).await;
    e2e.fill("what-if-task-estimate", "0").await;
    e2e.click("what-if-submit").await;
    e2e.wait_text("Today's plan and with the changes").await;
    e2e.wait_attr_eq(
        &testid("scenario-cost-difference"),
        "data-value",
        &raw(&expected["difference"]["projected_cost_at_completion"]),
    )
    .await;

    e2e.finish().await;
}
