//! A page opened before the server was updated asks for a screen's module by its old name, which
//! the server no longer has: the screen says so and offers a reload, and the rest of the app
//! keeps working.

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_whose_module_is_gone_says_so_and_the_rest_of_the_app_works() {
    let e2e = E2e::start_without_screen_module("screen_not_loaded", "tasks_screen").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    e2e.goto(&format!("/boards/{board}")).await;
    e2e.wait_attr(&testid("kpi-spent"), "data-value").await;

    e2e.click("nav-tasks").await;
    let notice = e2e.wait_for("screen-not-loaded").await;
    let text = notice.text().await.unwrap();
    assert!(
        text.starts_with("This screen could not be loaded\nThe app may have been updated"),
        "{text}"
    );
    e2e.wait_for("screen-reload").await;
    assert_eq!(e2e.path().await, format!("/boards/{board}/tasks"));
    e2e.screenshot("screen-not-loaded").await;

    // The app did not stop: back on the dashboard, and on to a screen whose module is there.
    e2e.browser.back().await.unwrap();
    e2e.wait_attr(&testid("kpi-spent"), "data-value").await;
    e2e.click("nav-budget").await;
    e2e.wait_for("budget-currency").await;
    assert_eq!(e2e.path().await, format!("/boards/{board}/budget"));
    e2e.finish().await;
}
