//! A new board's budget form shows the API's validation error beside the field it
//! concerns and creates nothing; a valid budget (kept on billable amounts) then shows on the
//! dashboard.

use fantoccini::Locator;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_threshold_is_refused_beside_its_field_and_a_good_budget_reaches_the_dashboard() {
    let e2e = E2e::start("budget_form").await;
    e2e.sign_in_demo().await;

    // A new board, from the boards list; the app takes us on to its budget form (or lists it).
    let name = "E2E office move";
    e2e.fill("new-board-name", name).await;
    e2e.click("new-board-submit").await;
    let board = e2e
        .until("the new board in the API", async || {
            let boards = e2e.api("/api/v1/boards").await;
            boards["items"]
                .as_array()?
                .iter()
                .find(|b| b["name"] == name)?["id"]
                .as_i64()
        })
        .await;
    let form = format!("/boards/{board}/budget");
    e2e.until("the budget form or the new board's card", async || {
        if e2e.path().await == form {
            return Some(());
        }
        let card = format!("{}[data-board-id=\"{board}\"]", testid("board-card"));
        e2e.browser.find(Locator::Css(&card)).await.ok().map(|_| ())
    })
    .await;
    if e2e.path().await != form {
        e2e.goto(&form).await;
    }

    // Warning above critical: the API's message, beside the warning field; nothing created.
    e2e.fill("budget-allocated", "5000.00").await;
    e2e.fill("budget-currency", "EUR").await;
    e2e.fill("budget-hours", "80").await;
    e2e.fill("budget-warning", "90").await;
    e2e.fill("budget-critical", "80").await;
    e2e.click("budget-submit").await;
    e2e.error_beside("warning_threshold", "budget-warning")
        .await;
    e2e.screenshot("budget-form").await;
    let (status, body) = e2e.api_get(&format!("/api/v1/boards/{board}/budget")).await;
    assert_eq!(status, 404, "a refused budget was created anyway: {body}");

    // Corrected, and kept on billable amounts: created, and the dashboard shows it.
    e2e.fill("budget-warning", "70").await;
    e2e.fill("budget-basis", "billable").await;
    e2e.click("budget-submit").await;
    let budget = e2e
        .until("the budget to exist in the API", async || {
            let (status, body) = e2e.api_get(&format!("/api/v1/boards/{board}/budget")).await;
            (status == 200).then_some(body)
        })
        .await;
    assert_eq!(raw(&budget["allocated_budget"]), "5000.00", "{budget}");
    assert_eq!(raw(&budget["currency"]), "EUR", "{budget}");
    assert_eq!(raw(&budget["warning_threshold"]), "70", "{budget}");
    assert_eq!(raw(&budget["critical_threshold"]), "80", "{budget}");
    assert_eq!(raw(&budget["basis"]), "billable", "{budget}");

    // The app may take us to the dashboard itself; if it stays on the form, go there.
    if e2e.path().await.ends_with("/budget") {
        let dashboard = format!("a[href=\"/boards/{board}\"]");
        if e2e.all(&dashboard).await.is_empty() {
            e2e.goto(&format!("/boards/{board}")).await;
        } else {
            e2e.click_css(&dashboard).await;
        }
    }
    e2e.wait_attr_eq(&testid("kpi-allocated"), "data-value", "5000.00")
        .await;
    let metrics = e2e.metrics(board).await;
    crate::dashboard::assert_kpis_match(&e2e, &metrics).await;
    // What spends a budget of fees is named so (shown in capitals by the style sheet).
    let label = e2e
        .browser
        .find(Locator::Css(&format!(
            "{} .kpi__label",
            testid("kpi-spent")
        )))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(label.trim().to_lowercase(), "billed (budget of fees)");

    e2e.finish().await;
}
