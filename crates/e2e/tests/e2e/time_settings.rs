//! A board admin sets how timers round and lets editors log for others on the Members page, then
//! logs time for a colleague on the Tasks page: the entry is the colleague's.

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_sets_the_time_settings_and_logs_time_for_a_colleague() {
    let e2e = E2e::start("time_settings").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;

    e2e.goto(&format!("/boards/{board}/members")).await;
    e2e.wait_for("time-settings").await;
    e2e.fill("time-rounding", "up_to_15_minutes").await;
    e2e.fill("editors-log-for-others", "true").await;
    e2e.click("time-settings-save").await;
    e2e.until("the board's new time settings", async || {
        let details = e2e.api(&format!("/api/v1/boards/{board}")).await;
        (details["time_rounding"] == "up_to_15_minutes"
            && details["editors_log_for_others"] == true)
            .then_some(())
    })
    .await;
    e2e.screenshot("time-settings").await;

    // A colleague who may log time on the board.
    let me = e2e.api("/api/v1/me").await["id"].as_i64().unwrap();
    let members = e2e.api(&format!("/api/v1/boards/{board}/members")).await;
    let colleague = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| (m["role"] == "editor" || m["role"] == "admin") && m["user_id"] != me)
        .unwrap_or_else(|| panic!("no editor on {DEMO_BOARD}: {members}"))
        .clone();
    let colleague_id = colleague["user_id"].as_i64().unwrap();

    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.wait_all(&testid("task-row"), 1).await;
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    let task_id = tasks["items"][0]["id"].as_i64().unwrap();
    e2e.click_css(&format!(
        "{}[data-task-id=\"{task_id}\"] {}",
        testid("task-row"),
        testid("task-select")
    ))
    .await;
    e2e.wait_for("time-person").await;
    e2e.fill("time-person", &colleague_id.to_string()).await;
    let description = "E2E: logged for a colleague";
    e2e.fill("time-hours", "1.5").await;
    e2e.fill("time-date", TODAY).await;
    e2e.fill("time-description", description).await;
    e2e.click("time-submit").await;
    let logged = e2e
        .until("the entry logged for the colleague", async || {
            let entries = e2e
                .api(&format!(
                    "/api/v1/boards/{board}/tasks/{task_id}/time-entries"
                ))
                .await;
            entries["items"]
                .as_array()?
                .iter()
                .find(|entry| entry["description"] == description)
                .cloned()
        })
        .await;
    assert_eq!(logged["user_id"], colleague_id, "{logged}");
    assert_eq!(raw(&logged["hours"]), "1.50", "{logged}");
    e2e.screenshot("time-for-colleague").await;
    e2e.finish().await;
}
