//! A task is edited and deleted on the Tasks page: its status, priority, assignee, progress and
//! due date saved through the form; a change made elsewhere in the meantime refused (412) and
//! explained; a deletion confirmed first.

use fantoccini::key::Key;
use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_is_edited_and_deleted_from_its_panel() {
    let e2e = E2e::start("task_editing").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let token = e2e.api_token().await;
    let (status, created) = e2e
        .api_send(
            Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/tasks"),
            &json!({"title": "E2E: task to edit"}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let task = created["id"].as_i64().unwrap();
    let task_path = format!("/api/v1/boards/{board}/tasks/{task}");
    let members = e2e.api(&format!("/api/v1/boards/{board}/members")).await;
    let assignee = members["items"][0]["user_id"].as_i64().unwrap();

    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.wait_all(&testid("task-row"), 1).await;
    e2e.click_css(&format!(
        "{}[data-task-id=\"{task}\"] {}",
        testid("task-row"),
        testid("task-select")
    ))
    .await;
    e2e.wait_for("task-edit-form").await;
    e2e.fill("task-title", "E2E: task edited").await;
    e2e.fill("task-status", "in_progress").await;
    e2e.fill("task-priority", "urgent").await;
    e2e.fill("task-assignee", &assignee.to_string()).await;
    e2e.fill("task-progress", "40").await;
    e2e.fill("task-due", "2026-12-31").await;
    e2e.click("task-save").await;
    let saved = e2e
        .until("the task's new details", async || {
            let task = e2e.api(&task_path).await;
            (task["status"] == "in_progress").then_some(task)
        })
        .await;
    assert_eq!(saved["title"], "E2E: task edited", "{saved}");
    assert_eq!(saved["priority"], "urgent", "{saved}");
    assert_eq!(saved["assignee_id"], assignee, "{saved}");
    assert_eq!(saved["progress"], 40, "{saved}");
    assert_eq!(saved["due_date"], "2026-12-31", "{saved}");
    e2e.screenshot("task-edited").await;

    // Someone else changes the task; the open form's save is refused and explained.
    let mut elsewhere = saved.clone();
    elsewhere["title"] = json!("E2E: changed elsewhere");
    let (status, body) = e2e
        .api_send(Method::PUT, &token, &task_path, &elsewhere)
        .await;
    assert_eq!(status, 200, "{body}");
    e2e.fill("task-progress", "90").await;
    e2e.click("task-save").await;
    let alert = e2e
        .wait_css(&format!(
            "{} [role=\"alert\"][data-status=\"412\"]",
            testid("task-edit-form")
        ))
        .await;
    assert!(
        alert
            .text()
            .await
            .unwrap()
            .contains("Someone else changed this"),
        "the refusal is explained"
    );
    assert_eq!(e2e.api(&task_path).await["progress"], 40);

    // Deleting asks first; after a reload the form deletes the current version.
    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.wait_all(&testid("task-row"), 1).await;
    e2e.click_css(&format!(
        "{}[data-task-id=\"{task}\"] {}",
        testid("task-row"),
        testid("task-select")
    ))
    .await;
    e2e.wait_for("task-edit-form").await;
    // The question takes the focus; Escape cancels it and gives the focus back to Delete.
    e2e.click("task-delete").await;
    e2e.until("the focus on the confirming Delete", async || {
        e2e.focused_is(&testid("task-confirm-delete"))
            .await
            .then_some(())
    })
    .await;
    e2e.press(Key::Escape).await;
    e2e.until("the focus back on Delete", async || {
        e2e.focused_is(&testid("task-delete")).await.then_some(())
    })
    .await;
    e2e.click("task-delete").await;
    e2e.click("task-confirm-delete").await;
    e2e.until("the task gone", async || {
        let (status, _) = e2e.api_get(&task_path).await;
        (status == 404).then_some(())
    })
    .await;
    e2e.finish().await;
}
