//! A board admin adds a person's rate on the board's Rates tab: it is listed with the person's
//! name and both rates in their currencies, the API has it, and since it applies from a day
//! before today the tab offers to reprice the entries already logged.

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
    e2e.screenshot("rates").await;
    e2e.finish().await;
}
