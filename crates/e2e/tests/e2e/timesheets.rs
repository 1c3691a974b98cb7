//! The weekly timesheet: hours typed into the grid with the keyboard, saved, with the row and
//! day totals the API then answers; and an approval: an editor submits the week, a board admin
//! approves it in the Approvals tab, and the editor's grid is then read-only.

use fantoccini::key::Key;
use serde_json::Value;

use crate::support::*;

/// An editor of the demo boards.
const EDITOR_EMAIL: &str = "marcus.reed@example.com";
/// A week wholly before the tests' today.
const WEEK: &str = "2026-11-16";

async fn editor_id(e2e: &E2e) -> i64 {
    let (_, me) = e2e.api_get_as(EDITOR_EMAIL, "/api/v1/me").await;
    me["id"].as_i64().unwrap()
}

/// Signs the browser out (the session lives in sessionStorage) and in as `email`.
async fn switch_to(e2e: &E2e, email: &str) {
    e2e.js("sessionStorage.clear(); return null;", vec![]).await;
    e2e.sign_in_as(email).await;
}

/// Opens the board's Timesheet tab on `WEEK`.
async fn open_week(e2e: &E2e, board: i64) {
    e2e.goto(&format!("/boards/{board}/timesheet")).await;
    e2e.wait_for("ts-status").await;
    e2e.fill("ts-week", WEEK).await;
    wait_text_of(e2e, "ts-day-total-0", None).await;
    e2e.until("the week's first day in the grid's header", async || {
        let header = e2e.wait_for("timesheet-grid").await.text().await.ok()?;
        header.contains("Mon 16 Nov").then_some(())
    })
    .await;
}

/// Waits until the element with this `data-testid` shows `expected` (any text when `None`).
async fn wait_text_of(e2e: &E2e, id: &str, expected: Option<&str>) {
    e2e.until(&format!("the text of {id}"), async || {
        let text = e2e.wait_for(id).await.text().await.ok()?;
        expected
            .is_none_or(|expected| text == expected)
            .then_some(())
    })
    .await;
}

async fn sheet(e2e: &E2e, board: i64) -> Value {
    let (status, body) = e2e
        .api_get_as(
            EDITOR_EMAIL,
            &format!("/api/v1/boards/{board}/timesheets/{WEEK}"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hours_typed_into_the_weekly_grid_are_saved_with_their_totals() {
    let e2e = E2e::start("timesheet_grid").await;
    e2e.sign_in_as(EDITOR_EMAIL).await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let before = sheet(&e2e, board).await;
    let rows = before["rows"].as_array().unwrap().len();
    open_week(&e2e, board).await;
    wait_text_of(&e2e, "ts-week-total", Some(&raw(&before["total"]))).await;
    e2e.until("the week's rows", async || {
        (e2e.all(&testid("ts-row")).await.len() == rows).then_some(())
    })
    .await;

    // A task without time that week gets a row.
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    let task = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|task| {
            !before["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|row| row["task_id"] == task["id"])
        })
        .unwrap_or_else(|| panic!("every task has time that week: {before}"))
        .clone();
    let task_id = task["id"].as_i64().unwrap();
    // Found by part of its title, as on a board of thousands of tasks.
    let title = task["title"].as_str().unwrap();
    let part: String = title.chars().skip(2).take(8).collect();
    e2e.fill("ts-add-task-search", &part.to_uppercase()).await;
    e2e.wait_css(&format!(
        "{} option[value=\"{task_id}\"]",
        testid("ts-add-task")
    ))
    .await;
    e2e.fill("ts-add-task", &task_id.to_string()).await;
    e2e.click("ts-add-row").await;
    let monday = format!("ts-cell-{rows}-0");
    e2e.wait_for(&monday).await;

    // Monday typed, then the arrow key to Tuesday and typed there.
    e2e.fill(&monday, "2.5").await;
    let cell = e2e.wait_for(&monday).await;
    cell.send_keys(&Key::Right.to_string()).await.unwrap();
    let focused = e2e.js("return document.activeElement.id;", vec![]).await;
    assert_eq!(focused, format!("ts-cell-{rows}-1"));
    let tuesday = e2e.wait_for(&format!("ts-cell-{rows}-1")).await;
    tuesday.send_keys("1.25").await.unwrap();
    wait_text_of(&e2e, &format!("ts-row-total-{rows}"), Some("3.75")).await;
    e2e.screenshot("timesheet-typed").await;
    e2e.click("ts-save").await;
    e2e.wait_text("Saved.").await;

    // The API has the cells; the page shows its totals.
    let after = sheet(&e2e, board).await;
    let row = after["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["task_id"] == task_id)
        .unwrap_or_else(|| panic!("no row for the task: {after}"));
    assert_eq!(raw(&row["hours"][0]), "2.50");
    assert_eq!(raw(&row["hours"][1]), "1.25");
    assert_eq!(raw(&row["total"]), "3.75");
    for day in 0..7 {
        let total = raw(&after["days"][day]["total"]);
        wait_text_of(&e2e, &format!("ts-day-total-{day}"), Some(&total)).await;
    }
    wait_text_of(&e2e, "ts-week-total", Some(&raw(&after["total"]))).await;
    e2e.screenshot("timesheet-saved").await;
    e2e.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_week_is_read_only_for_its_person() {
    let e2e = E2e::start("timesheet_approval").await;
    e2e.sign_in_as(EDITOR_EMAIL).await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let marcus = editor_id(&e2e).await;
    open_week(&e2e, board).await;
    e2e.click("ts-submit").await;
    e2e.wait_attr_eq(&testid("ts-status"), "data-status", "submitted")
        .await;

    // The board's admin approves it from the queue.
    switch_to(&e2e, DEMO_EMAIL).await;
    e2e.goto(&format!("/boards/{board}/approvals")).await;
    let waiting = format!(
        "{}[data-user-id=\"{marcus}\"][data-week=\"{WEEK}\"]",
        testid("waiting-week")
    );
    e2e.wait_css(&waiting).await;
    e2e.click_css(&format!("{waiting} {}", testid("approval-open")))
        .await;
    e2e.wait_attr_eq(&testid("opened-week"), "data-status", "submitted")
        .await;
    e2e.screenshot("approvals").await;
    e2e.click_css(&format!("{waiting} {}", testid("approval-approve")))
        .await;
    e2e.wait_attr_eq(&testid("opened-week"), "data-status", "approved")
        .await;
    e2e.wait_css(&format!(
        "{}[data-user-id=\"{marcus}\"][data-week=\"{WEEK}\"]",
        testid("approved-week")
    ))
    .await;
    assert_eq!(sheet(&e2e, board).await["status"], "approved");

    // Marcus's grid is read-only now.
    switch_to(&e2e, EDITOR_EMAIL).await;
    open_week(&e2e, board).await;
    e2e.wait_attr_eq(&testid("ts-status"), "data-status", "approved")
        .await;
    e2e.wait_for("ts-locked").await;
    assert!(
        e2e.all(&testid("ts-save")).await.is_empty(),
        "no save button"
    );
    for cell in e2e.all(".timesheet-cell").await {
        assert!(
            cell.attr("readonly").await.unwrap().is_some(),
            "every cell is read-only"
        );
    }
    e2e.screenshot("timesheet-approved").await;
    e2e.finish().await;
}
