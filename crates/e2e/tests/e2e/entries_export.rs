//! The board's time entries are exported from the Tasks page: the file handed to the browser is
//! the very CSV the API serves for the same filters.

use serde_json::json;

use crate::support::*;

/// The text behind a download link (an object URL or a `data:` URL).
async fn downloaded(e2e: &E2e, href: String) -> String {
    e2e.browser
        .execute_async(
            "const [href, done] = arguments;
             if (href.startsWith('data:')) {
               const comma = href.indexOf(',');
               done(decodeURIComponent(href.slice(comma + 1)));
             } else {
               fetch(href).then(r => r.text()).then(done, e => done('error: ' + e));
             }",
            vec![json!(href)],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_entries_are_exported_from_the_tasks_page() {
    let e2e = E2e::start("entries_export").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    e2e.goto(&format!("/boards/{board}/tasks")).await;
    e2e.wait_for("entries-export").await;

    e2e.click("entries-csv-download").await;
    let href = e2e.wait_attr(&testid("entries-csv-link"), "href").await;
    let file = downloaded(&e2e, href).await;
    let served = e2e
        .api_text(&format!(
            "/api/v1/boards/{board}/time-entries.csv?approved_only=false"
        ))
        .await;
    assert!(
        file.starts_with("id,work_date,task_id,user_id,hours"),
        "{file:.200}"
    );
    assert_eq!(file, served);
    assert!(file.lines().count() > 1, "the demo board has time logged");

    // A range: only entries worked in it.
    e2e.fill("export-from", "2026-11-01").await;
    e2e.fill("export-to", "2026-11-15").await;
    e2e.click("entries-csv-download").await;
    let served = e2e
        .api_text(&format!(
            "/api/v1/boards/{board}/time-entries.csv?approved_only=false&from=2026-11-01&to=2026-11-15"
        ))
        .await;
    let file = e2e
        .until("the ranged file", async || {
            let href = e2e.wait_attr(&testid("entries-csv-link"), "href").await;
            let file = downloaded(&e2e, href).await;
            (file == served).then_some(file)
        })
        .await;
    for line in file.lines().skip(1) {
        let day = line.split(',').nth(1).unwrap();
        assert!(("2026-11-01"..="2026-11-15").contains(&day), "{line}");
    }
    e2e.screenshot("entries-export").await;
    e2e.finish().await;
}
