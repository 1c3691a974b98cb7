//! The web app without a mouse: time is logged on a task with Tab, Enter and typing only.

use fantoccini::key::Key;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_is_logged_on_a_task_with_the_keyboard_only() {
    let e2e = E2e::start("keyboard").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    let task = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"] != "done")
        .unwrap_or_else(|| panic!("no open task on {DEMO_BOARD}: {tasks}"));
    let task_id = task["id"].as_i64().unwrap();

    // A fresh page load: the focus starts at the top of the document.
    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.wait_all(&testid("task-row"), 1).await;

    // Tab to the task's row and open it with Enter; the panel takes the focus.
    let open_task = format!(
        "{}[data-task-id=\"{task_id}\"] {}",
        testid("task-row"),
        testid("task-select")
    );
    e2e.tab_to(&open_task, 200).await;
    e2e.press(Key::Enter).await;
    e2e.until("the focus on the task panel's heading", async || {
        e2e.focused_is("#task-detail-heading").await.then_some(())
    })
    .await;

    // The time form, field by field: hours typed, the day left at today, a description typed,
    // then Enter on the submit button.
    let description = "Keyboard: release notes review";
    e2e.tab_to(&testid("time-hours"), 80).await;
    e2e.keys("1.5").await;
    e2e.tab_to(&testid("time-description"), 5).await;
    e2e.keys(description).await;
    e2e.tab_to(&testid("time-submit"), 5).await;
    e2e.press(Key::Enter).await;

    // The entry is listed on the page, and the API has it as typed.
    let logged = e2e.logged_entry(board, task_id, description).await;
    assert_eq!(raw(&logged["hours"]), "1.50", "{logged}");
    assert_eq!(raw(&logged["work_date"]), TODAY, "{logged}");
    e2e.screenshot("tasks-keyboard").await;

    e2e.finish().await;
}
