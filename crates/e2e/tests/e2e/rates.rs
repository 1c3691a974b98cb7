//! A board admin adds a person's rate on the board's Rates tab: it is listed with the person's
//! name and both rates in their currencies, the API has it, and since it applies from a day
//! before today the tab offers to reprice the entries already logged; "What applies" names it as
//! the rate in force for that person's hour, and its level. Taking the offer previews
//! the entries the rate reprices; applying prices them at the new rates, reverting restores
//! the prices they had.

use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_board_admin_adds_a_rate_on_the_rates_tab_and_sees_it_listed() {
    let e2e = E2e::start("rates").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let user = e2e.demo_user_id;
    let members = e2e
        .api(&format!("/api/v1/boards/{board}/members?limit=200"))
        .await;
    let name = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|member| member["user_id"] == user)
        .unwrap_or_else(|| panic!("the demo user is not on {DEMO_BOARD}: {members}"))
        ["display_name"]
        .as_str()
        .unwrap()
        .to_owned();

    // To the Rates tab through the board's own tabs (shown to its admins).
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.click("nav-rates").await;
    e2e.wait_for("rate-form").await;

    // The demo user's rate on this board from the first of the month: EUR cost, board-currency
    // billable.
    e2e.fill("rate-level", "board_member").await;
    e2e.wait_css(&format!(
        "{} option[value=\"{user}\"]",
        testid("rate-person")
    ))
    .await;
    e2e.fill("rate-person", &user.to_string()).await;
    e2e.fill("rate-valid-from", "2026-11-01").await;
    e2e.fill("rate-cost-rate", "95.50").await;
    e2e.fill("rate-cost-currency", "EUR").await;
    e2e.fill("rate-billable-rate", "140").await;
    e2e.click("rate-add").await;

    // Listed, with the person's name and the cost rate in euros.
    let row = e2e
        .until("the new rate in the rate rows", async || {
            for row in e2e.all(&testid("rate-row")).await {
                let text = row.text().await.ok()?;
                if text.contains(&name) && text.contains("€95.50/h") {
                    return Some(row);
                }
            }
            None
        })
        .await;
    assert_eq!(
        row.attr("data-level").await.unwrap().as_deref(),
        Some("board_member")
    );

    // The API has exactly what was entered.
    let rates = e2e
        .api(&format!(
            "/api/v1/boards/{board}/rates?level=board_member&user_id={user}"
        ))
        .await;
    let added = rates["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|rate| rate["valid_from"] == "2026-11-01")
        .unwrap_or_else(|| panic!("the new rate is not in the API: {rates}"));
    assert_eq!(raw(&added["cost_rate"]), "95.50");
    assert_eq!(added["cost_currency"], "EUR");
    assert_eq!(raw(&added["billable_rate"]), "140.00");
    assert_eq!(added["billable_currency"], serde_json::Value::Null);

    // Dated before today: repricing the entries already logged is offered, not done.
    e2e.wait_for("repricing-offer").await;

    // What applies to the demo user's hour on a task without a rate of its own, on the 20th:
    // this rate, from the person-on-the-board level.
    let task = task_without_its_own_rate(&e2e, board).await;
    e2e.fill("in-force-person", &user.to_string()).await;
    // The task is offered once the picker has read the board's first tasks by title.
    e2e.wait_css(&format!(
        "{} option[value=\"{task}\"]",
        testid("in-force-task")
    ))
    .await;
    e2e.fill("in-force-task", &task.to_string()).await;
    e2e.fill("in-force-day", "2026-11-20").await;
    e2e.click("in-force-submit").await;
    let answer = e2e.wait_for("in-force-answer").await;
    let text = answer.text().await.unwrap();
    assert!(
        text.contains("€95.50/h, set for the person on the board from 1 Nov 2026"),
        "{text}"
    );
    assert!(
        text.contains("140.00/h, set for the person on the board"),
        "{text}"
    );
    e2e.screenshot("rates").await;
    e2e.finish().await;
}

/// A board task without a rate of its own, so that a person's rate on the board prices it.
async fn task_without_its_own_rate(e2e: &E2e, board: i64) -> i64 {
    let rates = e2e
        .api(&format!(
            "/api/v1/boards/{board}/rates?level=task&limit=500"
        ))
        .await;
    let priced: Vec<i64> = rates["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|rate| rate["task_id"].as_i64())
        .collect();
    let tasks = e2e
        .api(&format!("/api/v1/boards/{board}/tasks?limit=500"))
        .await;
    tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|task| task["status"] != "done" && !priced.contains(&task["id"].as_i64().unwrap()))
        .unwrap_or_else(|| panic!("every open task of {DEMO_BOARD} has its own rate: {tasks}"))
        ["id"]
        .as_i64()
        .unwrap()
}

/// The labour cost and billable amount of one time entry, as the API has them now.
async fn prices_of(e2e: &E2e, board: i64, task: i64, entry: i64) -> (String, String) {
    let entries = e2e
        .api(&format!(
            "/api/v1/boards/{board}/tasks/{task}/time-entries?limit=500"
        ))
        .await;
    let entry = entries["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == entry)
        .unwrap_or_else(|| panic!("entry {entry} is not listed: {entries}"));
    (raw(&entry["labour_cost"]), raw(&entry["billable_amount"]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_dated_in_the_past_is_previewed_applied_and_reverted_on_the_rates_tab() {
    let e2e = E2e::start("repricing").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let user = e2e.demo_user_id;
    let task = task_without_its_own_rate(&e2e, board).await;

    // Two hours logged on the 20th at the rates in force then.
    let token = e2e.api_token().await;
    let (status, entry) = e2e
        .api_send(
            Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
            &json!({"hours": "2.00", "work_date": "2026-11-20", "description": "E2E: priced before the new rate"}),
        )
        .await;
    assert_eq!(status, 201, "the entry to reprice: {entry}");
    let entry_id = entry["id"].as_i64().unwrap();
    let before = prices_of(&e2e, board, task, entry_id).await;

    // A rate for the demo user from the 1st, in the board's currency: 200 cost, 300 billable.
    e2e.goto(&format!("/boards/{board}/rates")).await;
    e2e.wait_for("rate-form").await;
    e2e.fill("rate-level", "board_member").await;
    e2e.wait_css(&format!(
        "{} option[value=\"{user}\"]",
        testid("rate-person")
    ))
    .await;
    e2e.fill("rate-person", &user.to_string()).await;
    e2e.fill("rate-valid-from", "2026-11-01").await;
    e2e.fill("rate-cost-rate", "200").await;
    e2e.fill("rate-billable-rate", "300").await;
    e2e.click("rate-add").await;

    // Adding it changed no price; the offered preview lists the entry.
    e2e.click("repricing-offer-preview").await;
    let entry_row = format!(
        "{}[data-entry-id=\"{entry_id}\"]",
        testid("repricing-entry")
    );
    e2e.wait_css(&entry_row).await;
    assert_eq!(prices_of(&e2e, board, task, entry_id).await, before);
    e2e.screenshot("repricing-preview").await;

    // Applied: the entry is priced at the new rates, and the repricing is listed.
    e2e.click("repricing-apply").await;
    let applied = format!("{}[data-status=\"applied\"]", testid("repricing-row"));
    e2e.wait_css(&applied).await;
    assert_eq!(
        prices_of(&e2e, board, task, entry_id).await,
        ("400.00".to_owned(), "600.00".to_owned())
    );

    // Reverted: the prices it replaced are back.
    e2e.click_css(&format!("{applied} {}", testid("repricing-revert")))
        .await;
    e2e.wait_css(&format!(
        "{}[data-status=\"reverted\"]",
        testid("repricing-row")
    ))
    .await;
    assert_eq!(prices_of(&e2e, board, task, entry_id).await, before);
    e2e.screenshot("repricing-reverted").await;
    e2e.finish().await;
}
