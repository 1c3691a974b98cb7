//! Time logged on the Tasks page shows on the dashboard at once (spent and
//! utilisation become the metrics API's new figures).

use fantoccini::Locator;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_logged_on_a_task_updates_spent_and_utilisation_on_the_dashboard() {
    let e2e = E2e::start("time_logging").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;

    // The dashboard first, so that coming back to it is in-app navigation (its data cached).
    e2e.goto(&format!("/boards/{board}")).await;
    let before = e2e.metrics(board).await;
    e2e.wait_attr_eq(&testid("kpi-spent"), "data-value", &raw(&before["spent"]))
        .await;

    // To the Tasks page through the app's own link.
    let tasks_link = format!("a[href=\"/boards/{board}/tasks\"]");
    e2e.click_css(&tasks_link).await;
    e2e.wait_all(&testid("task-row"), 1).await;

    // Log 2.5 hours today on an open task, through the form.
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    let task = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"] != "done")
        .unwrap_or_else(|| panic!("no open task on {DEMO_BOARD}: {tasks}"));
    let task_id = task["id"].as_i64().unwrap();
    let description = "E2E: launch checklist walkthrough";
    // The task's row has the button that selects it for the cost and time forms.
    e2e.click_css(&format!(
        "{}[data-task-id=\"{task_id}\"] {}",
        testid("task-row"),
        testid("task-select")
    ))
    .await;
    e2e.fill("time-hours", "2.5").await;
    e2e.fill("time-date", TODAY).await;
    e2e.fill("time-description", description).await;
    e2e.click("time-submit").await;

    // The new entry is listed, and the API has it.
    let logged = e2e.logged_entry(board, task_id, description).await;
    assert_eq!(raw(&logged["hours"]), "2.50", "{logged}");
    assert_eq!(raw(&logged["work_date"]), TODAY, "{logged}");
    e2e.screenshot("tasks").await;

    // Back to the dashboard: spent and utilisation are the API's new figures.
    let after = e2e.metrics(board).await;
    assert_ne!(
        after["spent"], before["spent"],
        "logging time changed nothing"
    );
    // Opening the task was a step of the history: back closes its panel, and back again
    // returns to the dashboard.
    e2e.browser.back().await.unwrap();
    e2e.until("the task's panel closed", async || {
        let url = e2e.browser.current_url().await.ok()?;
        (url.path() == format!("/boards/{board}/tasks") && url.query().is_none()).then_some(())
    })
    .await;
    e2e.browser.back().await.unwrap();
    e2e.wait_for("kpi-spent").await;
    assert_eq!(e2e.path().await, format!("/boards/{board}"));
    e2e.wait_attr_eq(&testid("kpi-spent"), "data-value", &raw(&after["spent"]))
        .await;
    e2e.wait_attr_eq(
        &testid("kpi-utilisation"),
        "data-value",
        &raw(&after["utilisation_percent"]),
    )
    .await;
    crate::dashboard::assert_kpis_match(&e2e, &after).await;
    // The cards show the figures as text too.
    let spent = e2e
        .browser
        .find(Locator::Css(&testid("kpi-spent")))
        .await
        .unwrap();
    assert!(!spent.text().await.unwrap().trim().is_empty());

    e2e.finish().await;
}
