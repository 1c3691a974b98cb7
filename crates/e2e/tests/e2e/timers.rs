//! A timer started on a task runs in the header of every screen, ticking; it survives a page
//! reload (the server holds it); stopped, its time is a new entry of the task.

use fantoccini::Locator;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timer_ticks_in_the_header_across_a_reload_and_stopping_it_logs_an_entry() {
    let e2e = E2e::start("timers").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    let task = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"] != "done")
        .unwrap_or_else(|| panic!("no open task on {DEMO_BOARD}: {tasks}"))
        .clone();
    let task_id = task["id"].as_i64().unwrap();
    let title = task["title"].as_str().unwrap().to_owned();
    let entries_path = format!("/api/v1/boards/{board}/tasks/{task_id}/time-entries?limit=500");
    let before = e2e.api(&entries_path).await["total"].as_i64().unwrap();
    assert_eq!(
        e2e.api("/api/v1/me/timer").await["timer"],
        serde_json::Value::Null
    );

    // Start it from the task's panel.
    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.click_css(&format!(
        "{}[data-task-id=\"{task_id}\"] {}",
        testid("task-row"),
        testid("task-select")
    ))
    .await;
    e2e.click("start-timer").await;
    e2e.wait_for("header-timer").await;
    assert_eq!(header_text(&e2e, "header-timer-task").await, title);
    ticks(&e2e).await;
    let running = e2e.api("/api/v1/me/timer").await;
    assert_eq!(running["timer"]["task_id"], task_id, "{running}");
    e2e.screenshot("timer-running").await;

    // A reload, on another screen: the header reads the timer again and it keeps ticking.
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.wait_for("header-timer").await;
    assert_eq!(header_text(&e2e, "header-timer-task").await, title);
    ticks(&e2e).await;
    e2e.browser.refresh().await.unwrap();
    e2e.wait_for("header-timer").await;
    assert_eq!(header_text(&e2e, "header-timer-task").await, title);
    ticks(&e2e).await;

    // Stop: the header says what was logged, the timer is gone, and the entry is the task's.
    e2e.click("header-timer-stop").await;
    e2e.wait_for("header-timer-logged").await;
    let logged = header_text(&e2e, "header-timer-logged").await;
    assert!(logged.starts_with("Logged "), "{logged}");
    assert!(logged.contains(&title), "{logged}");
    e2e.until("the header timer gone", async || {
        e2e.browser
            .find(Locator::Css(&testid("header-timer")))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    assert_eq!(
        e2e.api("/api/v1/me/timer").await["timer"],
        serde_json::Value::Null
    );
    let after = e2e.api(&entries_path).await;
    assert_eq!(after["total"].as_i64().unwrap(), before + 1, "{after}");
    let newest = &after["items"][0];
    assert_eq!(newest["user_id"], e2e.demo_user_id, "{newest}");
    let hours = raw(&newest["hours"]);
    assert!(
        logged.contains(&format!("{hours} h")),
        "{logged} / {newest}"
    );

    // The task's panel lists it.
    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.click_css(&format!(
        "{}[data-task-id=\"{task_id}\"] {}",
        testid("task-row"),
        testid("task-select")
    ))
    .await;
    let rows = e2e.wait_all(&testid("time-entry-row"), 1).await;
    let count = usize::try_from(before + 1).unwrap().min(500);
    e2e.wait_all(&testid("time-entry-row"), count).await;
    assert!(!rows.is_empty());
    e2e.screenshot("timer-stopped").await;

    e2e.finish().await;
}

async fn header_text(e2e: &E2e, id: &str) -> String {
    e2e.wait_for(id)
        .await
        .text()
        .await
        .unwrap()
        .trim()
        .to_owned()
}

/// Waits until the header's elapsed time changes: it is ticking.
async fn ticks(e2e: &E2e) {
    let first = header_text(e2e, "header-timer-elapsed").await;
    e2e.until("the header's elapsed time ticking", async || {
        let now = header_text(e2e, "header-timer-elapsed").await;
        (now != first).then_some(())
    })
    .await;
}
