//! The app writes figures and dates the way the browser's language does: a browser in German
//! reads the dashboard's money with a decimal comma and the timesheet's days in German, the
//! amounts still exactly the API's; and hours typed with a decimal comma are read as meant.

use fantoccini::Locator;

use crate::support::*;

/// An exact decimal from the API (`"1234.5"`) written in German with `decimals` places:
/// `"1.234,50"`. Rounding is not needed: the amounts compared are already in minor units.
fn german_number(raw: &str, decimals: usize) -> String {
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    let (sign, whole) = match whole.strip_prefix('-') {
        Some(digits) => ("\u{2212}", digits),
        None => ("", whole),
    };
    let grouped = grouped_digits(whole, '.');
    assert!(
        fraction.len() <= decimals,
        "{raw} has more than {decimals} decimals"
    );
    let fraction = format!("{fraction:0<decimals$}");
    format!("{sign}{grouped},{fraction}")
}

#[test]
fn german_numbers_are_grouped_with_points_and_a_decimal_comma() {
    assert_eq!(german_number("1234567.5", 2), "1.234.567,50");
    assert_eq!(german_number("-12", 2), "\u{2212}12,00");
    assert_eq!(german_number("999.99", 2), "999,99");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_and_dates_follow_the_browsers_language() {
    let e2e = E2e::start_in_language("locale", "de-DE").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let metrics = e2e.metrics(board).await;
    let symbol = match metrics["currency"].as_str() {
        Some("USD") => "$",
        Some("EUR") => "€",
        other => panic!("the demo board's currency {other:?} is not one this test knows"),
    };

    // Money: the amount, then a no-break space and the symbol; points between thousands.
    e2e.goto(&format!("/boards/{board}")).await;
    let spent = raw(&metrics["spent"]);
    e2e.wait_attr_eq(&testid("kpi-spent"), "data-value", &spent)
        .await;
    let shown = e2e
        .browser
        .find(Locator::Css(&format!(
            "{} .kpi__value",
            testid("kpi-spent")
        )))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let expected = format!("{}\u{a0}{symbol}", german_number(&spent, 2));
    assert_eq!(
        shown.replace(' ', "\u{a0}"),
        expected,
        "spent on the dashboard, API {spent}"
    );
    let utilisation = raw(&metrics["utilisation_percent"]);
    let card = e2e.wait_for("kpi-utilisation").await.text().await.unwrap();
    assert!(
        card.contains(&format!("{} %", german_number(&utilisation, 2))),
        "utilisation {utilisation} in German in {card:?}"
    );
    e2e.screenshot("dashboard-de").await;

    // Dates: the week of Monday 16 November 2026, its columns in German.
    e2e.goto(&format!("/boards/{board}/timesheet")).await;
    e2e.wait_for("ts-status").await;
    e2e.fill("ts-week", "2026-11-16").await;
    e2e.until("the week's days in German", async || {
        let header = e2e.wait_for("timesheet-grid").await.text().await.ok()?;
        (header.contains("Mo., 16. Nov.") && header.contains("So., 22. Nov.")).then_some(())
    })
    .await;

    // Hours typed the German way are read as meant: "1,5" is one and a half hours.
    let tasks = e2e.api(&format!("/api/v1/boards/{board}/tasks")).await;
    let task = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|task| task["status"] != "done")
        .unwrap_or_else(|| panic!("no open task on {DEMO_BOARD}: {tasks}"));
    let task_id = task["id"].as_i64().unwrap();
    e2e.goto(&format!("/boards/{board}/tasks?task={task_id}"))
        .await;
    let description = "Deutsch: anderthalb Stunden";
    e2e.fill("time-hours", "1,5").await;
    e2e.fill("time-date", TODAY).await;
    e2e.fill("time-description", description).await;
    e2e.click("time-submit").await;
    let logged = e2e.logged_entry(board, task_id, description).await;
    assert_eq!(raw(&logged["hours"]), "1.50", "{logged}");
    e2e.finish().await;
}
