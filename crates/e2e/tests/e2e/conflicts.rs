//! An edit made on a page after someone else changed the same thing is refused, and the page
//! says so in the words it uses for every such refusal; what the other person saved stays.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// What the web app says when a save is refused because someone else saved first.
const CHANGED_ELSEWHERE: &str =
    "Someone else changed this since you opened it — reload to see their version.";

/// An open task of the demo board.
async fn open_task(e2e: &E2e, board: i64) -> i64 {
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"] != "done")
        .unwrap_or_else(|| panic!("no open task on {DEMO_BOARD}: {tasks}"))["id"]
        .as_i64()
        .unwrap()
}

/// Opens the Tasks page with `task` selected for the cost and time forms.
async fn select_task(e2e: &E2e, board: i64, task: i64) {
    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.wait_all(&testid("task-row"), 1).await;
    e2e.click_css(&format!(
        "{}[data-task-id=\"{task}\"] {}",
        testid("task-row"),
        testid("task-select")
    ))
    .await;
}

/// The refusal shown inside `scope`: its text, once it is there.
async fn refusal_in(e2e: &E2e, scope: &str) -> String {
    let alert = e2e
        .wait_css(&format!("{scope} [role=\"alert\"][data-status=\"412\"]"))
        .await;
    alert.text().await.unwrap().trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_cost_changed_elsewhere_is_not_overwritten_from_the_open_form() {
    let e2e = E2e::start("conflict_task_cost").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let task = open_task(&e2e, board).await;
    let cost_path = format!("/api/v1/boards/{board}/tasks/{task}/cost");

    select_task(&e2e, board, task).await;
    e2e.wait_for("cost-estimated").await;

    // Behind the page's back, another client changes the estimate.
    let (status, current) = e2e.api_get(&cost_path).await;
    assert!(
        status == 200 || status == 404,
        "GET cost: {status} {current}"
    );
    let field = |name: &str, zero: Value| {
        if current[name].is_null() {
            zero
        } else {
            current[name].clone()
        }
    };
    let elsewhere = json!({
        "estimated_cost": "4321.00",
        "estimated_hours": field("estimated_hours", json!("0")),
        "hourly_rate": current["hourly_rate"],
        "resource_cost": field("resource_cost", json!("0.00")),
        "incurred_on": current["incurred_on"],
    });
    let token = e2e.api_token().await;
    let (status, body) = e2e
        .api_send(Method::PUT, &token, &cost_path, &elsewhere)
        .await;
    assert_eq!(status, 200, "the other client's change: {body}");

    // The page, still on the version it read, saves its own estimate.
    e2e.fill("cost-estimated", "9999.00").await;
    e2e.click("cost-submit").await;
    let refusal = refusal_in(&e2e, &testid("cost-form")).await;
    assert_eq!(refusal, CHANGED_ELSEWHERE);
    e2e.screenshot("conflict-task-cost").await;

    // The other client's estimate stands.
    let stored = e2e.api(&cost_path).await;
    assert_eq!(raw(&stored["estimated_cost"]), "4321.00", "{stored}");

    e2e.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_entry_changed_elsewhere_is_not_overwritten_from_its_open_editor() {
    let e2e = E2e::start("conflict_time_entry").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let task = open_task(&e2e, board).await;
    let entries_path = format!("/api/v1/boards/{board}/tasks/{task}/time-entries");
    let token = e2e.api_token().await;
    let (status, entry) = e2e
        .api_send(
            Method::POST,
            &token,
            &entries_path,
            &json!({"hours": "1.50", "work_date": TODAY, "description": "E2E: as first logged"}),
        )
        .await;
    assert_eq!(status, 201, "the entry to edit: {entry}");
    let entry_id = entry["id"].as_i64().unwrap();

    select_task(&e2e, board, task).await;
    let row = format!("{}[data-entry-id=\"{entry_id}\"]", testid("time-entry-row"));
    e2e.wait_css(&row).await;
    e2e.click_css(&format!("{row} {}", testid("time-entry-edit")))
        .await;
    e2e.wait_for("entry-description").await;

    // Behind the page's back, another client changes the entry.
    let (status, body) = e2e
        .api_send(
            Method::PATCH,
            &token,
            &format!("/api/v1/time-entries/{entry_id}"),
            &json!({"description": "E2E: changed elsewhere"}),
        )
        .await;
    assert_eq!(status, 200, "the other client's change: {body}");

    // The page, still on the version it read, saves its own edit.
    e2e.fill("entry-description", "E2E: the stale edit").await;
    e2e.fill("entry-hours", "3").await;
    e2e.click("entry-save").await;
    let refusal = refusal_in(&e2e, &row).await;
    assert_eq!(refusal, CHANGED_ELSEWHERE);
    e2e.screenshot("conflict-time-entry").await;

    // The other client's change stands; the page's did not land.
    let entries = e2e.api(&format!("{entries_path}?limit=500")).await;
    let stored = entries["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == entry_id)
        .unwrap_or_else(|| panic!("entry {entry_id} is gone: {entries}"))
        .clone();
    assert_eq!(stored["description"], "E2E: changed elsewhere", "{stored}");
    assert_eq!(raw(&stored["hours"]), "1.50", "{stored}");

    e2e.finish().await;
}
