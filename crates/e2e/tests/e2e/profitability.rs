//! Profitability and the board's expenses: a board admin reads the metrics API's revenue, cost,
//! profit and margin on the dashboard's cards and the breakdown on the analytics screen; a
//! viewer, who may see no margins, gets neither; and an expense recorded on a task is listed on
//! the board's Expenses tab with its amounts, found again by its category.

use fantoccini::Locator;
use serde_json::json;

use crate::support::*;

/// A viewer on the demo board (every demo account has the demo password).
const VIEWER_EMAIL: &str = "priya.nair@example.com";

/// Each profitability card and the metrics' profitability field whose raw value it carries.
const PROFITABILITY_CARDS: [(&str, &str); 4] = [
    ("kpi-revenue", "revenue"),
    ("kpi-cost", "cost"),
    ("kpi-profit", "profit"),
    ("kpi-margin", "margin_percent"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_reads_the_metrics_apis_profitability_and_a_viewer_sees_none() {
    let e2e = E2e::start("profitability").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;

    // The board's admin: four cards with the metrics API's figures.
    let metrics = e2e.metrics(board).await;
    let profitability = &metrics["profitability"];
    assert!(
        profitability.is_object(),
        "the admin gets profitability: {metrics}"
    );
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.wait_attr(&testid("kpi-revenue"), "data-value").await;
    for (card, field) in PROFITABILITY_CARDS {
        let expected = raw(&profitability[field]);
        e2e.wait_attr_eq(&testid(card), "data-value", &expected)
            .await;
        let text = e2e
            .browser
            .find(Locator::Css(&testid(card)))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!text.trim().is_empty(), "{card} shows no text");
    }
    e2e.screenshot("dashboard-profitability").await;

    // The analytics breakdown: a row per person and month the API lists, and each task's
    // profit in the task table (a page of 25).
    let analytics = e2e
        .api(&format!("/api/v1/boards/{board}/budget/analytics"))
        .await;
    e2e.goto(&format!("/boards/{board}/analytics")).await;
    let tasks = e2e
        .api(&format!(
            "/api/v1/boards/{board}/budget/analytics/tasks?limit=25"
        ))
        .await;
    let profits = format!("{} {}", testid("task-breakdown-row"), testid("task-profit"));
    let expected = tasks["items"].as_array().unwrap().len();
    assert!(expected > 0, "the demo board has tasks");
    e2e.wait_all(&profits, expected).await;
    assert_eq!(e2e.all(&profits).await.len(), expected, "task profits");
    for (table, field) in [
        ("profitability-people", "people"),
        ("profitability-months", "months"),
    ] {
        let expected = analytics["profitability"][field].as_array().unwrap().len();
        assert!(expected > 0, "the demo board has {field} to break down");
        let rows = format!("{} {}", testid(table), testid("profitability-row"));
        e2e.wait_all(&rows, expected).await;
        assert_eq!(e2e.all(&rows).await.len(), expected, "{table}");
    }
    e2e.screenshot("analytics-profitability").await;

    // A viewer of the same board: the API gives no profitability, and the page shows no cards.
    let (status, viewer_metrics) = e2e
        .api_get_as(
            VIEWER_EMAIL,
            &format!("/api/v1/boards/{board}/budget/metrics"),
        )
        .await;
    assert_eq!(status, 200, "{viewer_metrics}");
    assert!(
        viewer_metrics["profitability"].is_null(),
        "a viewer gets no profitability: {viewer_metrics}"
    );
    e2e.click("sign-out").await;
    e2e.wait_for("login-email").await;
    e2e.sign_in_as(VIEWER_EMAIL).await;
    e2e.goto(&format!("/boards/{board}")).await;
    // The KPI cards and the profitability cards are drawn together: once spent has its
    // figure, profitability cards would be there too.
    e2e.wait_attr_eq(
        &testid("kpi-spent"),
        "data-value",
        &raw(&viewer_metrics["spent"]),
    )
    .await;
    for (card, _) in PROFITABILITY_CARDS {
        assert!(
            e2e.all(&testid(card)).await.is_empty(),
            "a viewer sees {card}"
        );
    }
    assert!(e2e.all(&testid("profitability")).await.is_empty());
    assert!(
        e2e.all("[role=\"alert\"]").await.is_empty(),
        "the viewer's dashboard shows an error: {}",
        e2e.body_text().await
    );
    e2e.screenshot("dashboard-viewer").await;

    // Nor a breakdown on the analytics screen, nor a profit in the task table.
    e2e.goto(&format!("/boards/{board}/analytics")).await;
    e2e.wait_for("earned-value").await;
    e2e.wait_for("task-breakdown").await;
    assert!(e2e.all(&testid("profitability-breakdown")).await.is_empty());
    assert!(e2e.all(&testid("task-profit")).await.is_empty());

    e2e.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_expense_list_shows_a_recorded_expense_and_filters_by_category() {
    let e2e = E2e::start("board_expenses").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let task = e2e
        .api(&format!("/api/v1/boards/{board}/tasks?limit=1"))
        .await["items"][0]
        .clone();
    let task_id = task["id"].as_i64().unwrap();

    // An expense with a markup, recorded on a task as another client would.
    let token = e2e.api_token().await;
    let category = "e2e conference tickets";
    let (status, expense) = e2e
        .api_send(
            reqwest::Method::POST,
            &token,
            &format!("/api/v1/boards/{board}/tasks/{task_id}/expenses"),
            &json!({
                "category": category,
                "amount": "120.00",
                "incurred_on": TODAY,
                "is_billable": true,
                "markup_percent": "15",
                "note": "two seats",
            }),
        )
        .await;
    assert_eq!(status, 201, "{expense}");
    let expense_id = expense["id"].as_i64().unwrap();
    assert_eq!(raw(&expense["cost"]), "120.00", "{expense}");
    assert_eq!(raw(&expense["billable_amount"]), "138.00", "{expense}");

    // The board's Expenses tab lists it, the latest day first, with its amounts.
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.click("nav-expenses").await;
    e2e.wait_for("board-expenses").await;
    assert_eq!(e2e.path().await, format!("/boards/{board}/expenses"));
    let row = format!(
        "{}[data-expense-id=\"{expense_id}\"]",
        testid("board-expense")
    );
    e2e.wait_css(&row).await;
    e2e.wait_attr_eq(
        &format!("{row} {}", testid("expense-amount")),
        "data-value",
        "120.00",
    )
    .await;
    e2e.wait_attr_eq(
        &format!("{row} {}", testid("expense-cost")),
        "data-value",
        "120.00",
    )
    .await;
    e2e.wait_attr_eq(
        &format!("{row} {}", testid("expense-billable")),
        "data-value",
        "138.00",
    )
    .await;
    // The task's title is read for the rows that name it, after the list.
    let title = task["title"].as_str().unwrap();
    let text = e2e
        .until("the expense's task title in its row", async || {
            let text = e2e
                .browser
                .find(Locator::Css(&row))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            text.contains(title).then_some(text)
        })
        .await;
    for shown in [
        category,
        "$120.00",
        "$138.00 (+15.00 %)",
        "two seats",
        "25 Nov 2026",
    ] {
        assert!(text.contains(shown), "the row lacks {shown:?}: {text}");
    }
    e2e.screenshot("board-expenses").await;

    // Filtered by its category and day, it is the only one left.
    e2e.fill("expenses-category", category).await;
    e2e.fill("expenses-from", TODAY).await;
    e2e.fill("expenses-to", TODAY).await;
    e2e.click("expenses-apply").await;
    e2e.wait_text("1 expense").await;
    let rows = e2e.all(&testid("board-expense")).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].attr("data-expense-id").await.unwrap(),
        Some(expense_id.to_string())
    );

    // The filter is the URL's: a reload (or a shared link) shows the same expense and the
    // same filter in the form.
    let link = e2e.browser.current_url().await.unwrap();
    assert_eq!(
        link.query(),
        Some(
            format!(
                "from={TODAY}&to={TODAY}&category={}",
                category.replace(' ', "%20")
            )
            .as_str()
        )
    );
    e2e.browser.goto(link.as_str()).await.unwrap();
    e2e.wait_text("1 expense").await;
    assert_eq!(
        e2e.wait_for("expenses-category")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some(category.to_owned())
    );

    // A category nothing was recorded in: said so; back returns to the one expense.
    e2e.fill("expenses-category", "nothing of this kind").await;
    e2e.click("expenses-apply").await;
    e2e.wait_text("No expenses match.").await;
    e2e.browser.back().await.unwrap();
    e2e.wait_text("1 expense").await;
    e2e.finish().await;
}
