//! A board admin imports a Toggl Track export: the dry run's table shows each row and why one
//! is refused, then the import runs with its progress shown until it is done.

use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_tries_a_file_then_imports_it_and_follows_it_to_done() {
    let e2e = E2e::start("imports").await;
    e2e.sign_in_demo().await;
    let board = e2e.board_id(DEMO_BOARD).await;
    let task = e2e
        .api(&format!("/api/v1/boards/{board}/tasks?limit=1"))
        .await["items"][0]["title"]
        .as_str()
        .unwrap()
        .to_owned();
    let entries_before = e2e
        .api(&format!("/api/v1/boards/{board}/time-entries?limit=1"))
        .await["total"]
        .as_i64()
        .unwrap();
    // Long before the demo's history, so no day is full already.
    let csv = format!(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n\
         Demo,{DEMO_EMAIL},Acme,Web,{task},Imported one,Yes,2024-03-04,09:00:00,2024-03-04,10:30:00,01:30:00,,\n\
         Demo,{DEMO_EMAIL},Acme,Web,{task},Imported two,No,2024-03-05,09:00:00,2024-03-05,09:45:00,00:45:00,,\n\
         Nobody,nobody@example.com,Acme,Web,{task},Stranger,Yes,2024-03-05,09:00:00,2024-03-05,10:00:00,01:00:00,,\n"
    );

    e2e.goto(&format!("/boards/{board}")).await;
    e2e.click("nav-import").await;
    let input = e2e.wait_for("import-file").await;
    e2e.js(
        "const [el, text] = arguments;
         const files = new DataTransfer();
         files.items.add(new File([text], 'toggl.csv', { type: 'text/csv' }));
         el.files = files.files;
         el.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![serde_json::to_value(&input).unwrap(), json!(csv)],
    )
    .await;
    e2e.wait_text("toggl.csv: 4 lines").await;

    e2e.click("import-dry-run").await;
    e2e.wait_attr_eq(&testid("import-report"), "data-status", "dry_run")
        .await;
    let rows = e2e.wait_all(&testid("import-row"), 3).await;
    assert_eq!(rows.len(), 3);
    e2e.wait_css("[data-testid=\"import-row\"][data-code=\"unknown_person\"]")
        .await;
    e2e.wait_text("3 rows: 2 would be created (2.25 h), 1 refused.")
        .await;
    e2e.screenshot("import-dry-run").await;

    e2e.fill("import-skip-refused", "true").await;
    e2e.click("import-apply").await;
    e2e.wait_for("import-progress").await;
    e2e.wait_attr_eq(&testid("import-report"), "data-status", "done")
        .await;
    e2e.wait_text("3 rows: 2 created (2.25 h), 1 refused.")
        .await;
    e2e.wait_text("3 of 3 rows").await;
    e2e.screenshot("import-done").await;
    let entries_after = e2e
        .api(&format!("/api/v1/boards/{board}/time-entries?limit=1"))
        .await["total"]
        .as_i64()
        .unwrap();
    assert_eq!(entries_after, entries_before + 2);
    e2e.finish().await;
}
