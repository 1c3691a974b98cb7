//! The running labour totals (per task, per board-day) and the data revision that the
//! database keeps with triggers: after every kind of write they equal the sums over the
//! entries, and answers kept for a revision are never served after a change.

use serde_json::{json, Value};

use crate::support::{TestApp, User};

/// Rows where a stored total differs from the sum over the entries, in either direction.
pub const MISMATCHES: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM ( \
      SELECT t.id FROM task t \
      LEFT JOIN task_labour l ON l.task_id = t.id \
      LEFT JOIN (SELECT task_id, SUM(labour_cost_cents) AS cents, SUM(centihours) AS hours, \
                        SUM(billable_cents) AS billed \
                 FROM time_entry GROUP BY task_id) e ON e.task_id = t.id \
      WHERE COALESCE(l.labour_cost_cents, 0) <> COALESCE(e.cents, 0) \
         OR COALESCE(l.centihours, 0) <> COALESCE(e.hours, 0) \
         OR COALESCE(l.billable_cents, 0) <> COALESCE(e.billed, 0) \
      UNION ALL \
      SELECT d.board_id FROM board_day_labour d \
      LEFT JOIN (SELECT board_id, work_date, SUM(labour_cost_cents) AS cents, \
                        SUM(centihours) AS hours, SUM(billable_cents) AS billed \
                 FROM time_entry GROUP BY board_id, work_date) e \
        ON e.board_id = d.board_id AND e.work_date = d.work_date \
      WHERE d.labour_cost_cents <> COALESCE(e.cents, 0) \
         OR d.centihours <> COALESCE(e.hours, 0) \
         OR d.billable_cents <> COALESCE(e.billed, 0) \
      UNION ALL \
      SELECT e.board_id FROM time_entry e \
      LEFT JOIN board_day_labour d ON d.board_id = e.board_id AND d.work_date = e.work_date \
      WHERE d.board_id IS NULL \
    ) AS mismatched";

async fn assert_totals_match(app: &TestApp, when: &str) {
    assert_eq!(app.sql_number(MISMATCHES).await, 0, "totals drifted {when}");
}

async fn entry(app: &TestApp, user: &User, board: i64, task: i64, hours: &str, day: &str) -> i64 {
    app.log(user, board, task, hours, day)
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn running_totals_equal_the_entries_after_every_kind_of_write() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let bob = app.user("bob", Some("70.00")).await;
    let board = app.board(&ann, "Totals").await;
    app.member(&ann, board, &bob, "editor", None).await;
    let kept = app.task(&ann, board, "Kept").await;
    let dropped = app.task(&ann, board, "Dropped").await;
    // Billed at 120.00 an hour: the totals sum billable amounts too.
    app.post(
        &format!("/api/v1/boards/{board}/rates"),
        &ann.token,
        json!({"level": "board", "valid_from": "2026-01-01", "billable_rate": "120.00"}),
    )
    .await
    .expect(201);

    let first = entry(&app, &ann, board, kept, "2.00", "2026-11-20").await; // 100.00
    entry(&app, &bob, board, kept, "1.50", "2026-11-20").await; // 105.00
    let moved = entry(&app, &bob, board, kept, "3.00", "2026-11-21").await; // 210.00
    entry(&app, &ann, board, dropped, "4.00", "2026-11-21").await; // 200.00
    assert_totals_match(&app, "after logging").await;

    app.patch(
        &format!("/api/v1/time-entries/{first}"),
        &ann.token,
        json!({"hours": "2.50"}),
    )
    .await
    .expect(200); // 125.00
    app.patch(
        &format!("/api/v1/time-entries/{moved}"),
        &bob.token,
        json!({"work_date": "2026-11-19"}),
    )
    .await
    .expect(200);
    assert_totals_match(&app, "after changing hours and dates").await;

    // Repricing at a task rate of 100.00: 2.5 + 1.5 + 3 hours on the kept task.
    app.cost(
        &ann,
        board,
        kept,
        json!({"hourly_rate": "100.00", "reprice_existing_entries": true}),
    )
    .await
    .expect(200);
    assert_totals_match(&app, "after repricing").await;
    assert_eq!(app.metrics(&ann, board).await["spent"], "900.00");
    // A repricing and its revert rewrite many entries in one statement each.
    app.post(
        &format!("/api/v1/boards/{board}/rates"),
        &ann.token,
        json!({"level": "board", "valid_from": "2026-11-20", "billable_rate": "130.00"}),
    )
    .await
    .expect(201);
    let repricing = app
        .post(
            &format!("/api/v1/boards/{board}/repricings"),
            &ann.token,
            json!({}),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(repricing["change"]["entries"], 3);
    assert_totals_match(&app, "after a repricing").await;
    app.post(
        &format!(
            "/api/v1/boards/{board}/repricings/{}/revert",
            repricing["id"]
        ),
        &ann.token,
        json!({}),
    )
    .await
    .expect(200);
    assert_totals_match(&app, "after reverting it").await;

    app.delete(&format!("/api/v1/time-entries/{first}"), &ann.token)
        .await
        .expect(204);
    app.delete(
        &format!("/api/v1/boards/{board}/tasks/{dropped}"),
        &ann.token,
    )
    .await
    .expect(204);
    assert_totals_match(&app, "after deleting an entry and a task").await;
    assert_eq!(
        app.sql_number(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM task_labour WHERE task_id = {dropped}"
        ))
        .await,
        0,
        "a deleted task's total goes with it"
    );
    // 1.5 h + 3 h at 100.00 remain.
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "450.00");
    assert_eq!(metrics["spent_hours"], "4.50");
    // The check itself notices drift.
    app.sql("UPDATE board_day_labour SET centihours = centihours + 1")
        .await;
    assert_ne!(app.sql_number(MISMATCHES).await, 0);

    app.delete(&format!("/api/v1/boards/{board}"), &ann.token)
        .await
        .expect(204);
    for table in ["task_labour", "board_day_labour", "board_revision"] {
        assert_eq!(
            app.sql_number(&format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM {table} WHERE board_id = {board}"
            ))
            .await,
            0,
            "{table} keeps nothing of a deleted board"
        );
    }
}

/// Reads the metrics twice: the second answer must come from the cache (one query, the access
/// check) and equal the first.
async fn metrics_now(app: &TestApp, user: &User, board: i64) -> Value {
    let fresh = app.metrics(user, board).await;
    let before = app.queries();
    let again = app.metrics(user, board).await;
    assert_eq!(
        app.queries() - before,
        1,
        "a repeated read is served from the cache"
    );
    assert_eq!(again, fresh);
    fresh
}

#[tokio::test]
async fn a_kept_answer_is_never_served_after_a_change() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Cached").await;
    let task = app.task(&ann, board, "Work").await;
    let before = metrics_now(&app, &ann, board).await;
    assert_eq!(before["allocated_budget"], Value::Null);

    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    assert_eq!(
        metrics_now(&app, &ann, board).await["allocated_budget"],
        "1000.00"
    );

    let logged = entry(&app, &ann, board, task, "2.00", "2026-11-24").await;
    assert_eq!(metrics_now(&app, &ann, board).await["spent"], "20.00");

    app.patch(
        &format!("/api/v1/time-entries/{logged}"),
        &ann.token,
        json!({"hours": "3.00"}),
    )
    .await
    .expect(200);
    assert_eq!(metrics_now(&app, &ann, board).await["spent"], "30.00");

    app.expense(
        &ann,
        board,
        task,
        json!({"category": "parts", "amount": "5.00"}),
    )
    .await
    .expect(201);
    assert_eq!(metrics_now(&app, &ann, board).await["spent"], "35.00");

    app.put(
        &format!("/api/v1/boards/{board}/tasks/{task}"),
        &ann.token,
        json!({"title": "Work", "status": "done"}),
    )
    .await
    .expect(200);
    assert_eq!(
        metrics_now(&app, &ann, board).await["tasks"]["completed"],
        1
    );

    app.delete(&format!("/api/v1/time-entries/{logged}"), &ann.token)
        .await
        .expect(204);
    assert_eq!(metrics_now(&app, &ann, board).await["spent"], "5.00");

    app.task(&ann, board, "More").await;
    assert_eq!(metrics_now(&app, &ann, board).await["tasks"]["total"], 2);

    // The forecast is kept the same way: a new entry changes it.
    let url = format!("/api/v1/boards/{board}/budget/forecast");
    let forecast = app.get(&url, &ann.token).await.expect(200).body;
    entry(&app, &ann, board, task, "1.00", "2026-11-25").await;
    let changed = app.get(&url, &ann.token).await.expect(200).body;
    assert_ne!(changed, forecast);
    assert_eq!(changed["inputs"]["ac"], "15.00");
}
