//! The running totals (labour per task and per board-day, every figure per task and per board)
//! and the data revision that the database keeps with triggers: after every kind of write they
//! equal the sums over the rows they summarise, and answers kept for a revision are never
//! served after a change.

use serde_json::{json, Value};

use crate::support::{TestApp, User};

/// Rows where a stored total differs from the sum over the entries, in either direction.
pub const MISMATCHES: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM ( \
      SELECT t.id FROM task t \
      LEFT JOIN task_sums s ON s.task_id = t.id \
      LEFT JOIN (SELECT task_id, SUM(labour_cost_cents) AS cents, SUM(centihours) AS hours, \
                        SUM(billable_cents) AS billed \
                 FROM time_entry GROUP BY task_id) e ON e.task_id = t.id \
      WHERE COALESCE(s.labour_cents, 0) <> COALESCE(e.cents, 0) \
         OR COALESCE(s.centihours, 0) <> COALESCE(e.hours, 0) \
         OR COALESCE(s.labour_billable_cents, 0) <> COALESCE(e.billed, 0) \
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
      UNION ALL \
      SELECT p.board_id FROM board_person_labour p \
      LEFT JOIN (SELECT board_id, user_id, SUM(labour_cost_cents) AS cents, \
                        SUM(centihours) AS hours, SUM(billable_cents) AS billed \
                 FROM time_entry GROUP BY board_id, user_id) e \
        ON e.board_id = p.board_id AND e.user_id = p.user_id \
      WHERE p.labour_cost_cents <> COALESCE(e.cents, 0) \
         OR p.centihours <> COALESCE(e.hours, 0) \
         OR p.billable_cents <> COALESCE(e.billed, 0) \
      UNION ALL \
      SELECT e.board_id FROM time_entry e \
      LEFT JOIN board_person_labour p ON p.board_id = e.board_id AND p.user_id = e.user_id \
      WHERE p.board_id IS NULL \
      UNION ALL \
      SELECT t.id FROM task t \
      LEFT JOIN task_sums s ON s.task_id = t.id \
      LEFT JOIN task_cost c ON c.task_id = t.id \
      WHERE s.task_id IS NULL OR s.board_id <> t.board_id \
         OR s.done <> CASE WHEN t.status = 'done' THEN 1 ELSE 0 END \
         OR s.progress <> t.progress \
         OR s.estimated_cents <> COALESCE(c.estimated_cost_cents, 0) \
         OR s.estimated_centihours <> COALESCE(c.estimated_centihours, 0) \
         OR s.resource_cents <> COALESCE(c.resource_cost_cents, 0) \
         OR s.resource_incurred_on IS DISTINCT FROM c.incurred_on \
         OR s.direct_cents <> COALESCE((SELECT SUM(x.cost_cents) FROM expense x \
                                         WHERE x.task_id = t.id), 0) \
         OR s.direct_billable_cents <> COALESCE((SELECT SUM(x.billable_cents) FROM expense x \
                                                 WHERE x.task_id = t.id), 0) \
      UNION ALL \
      SELECT s.task_id FROM task_sums s LEFT JOIN task t ON t.id = s.task_id WHERE t.id IS NULL \
      UNION ALL \
      SELECT b.id FROM board b \
      LEFT JOIN board_totals s ON s.board_id = b.id \
      LEFT JOIN (SELECT t.board_id, COUNT(*) AS tasks, \
                        SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) AS done_tasks, \
                        SUM(t.over_estimate) AS over_tasks, SUM(t.estimated_cents) AS estimated, \
                        SUM(t.estimated_centihours) AS estimated_hours, \
                        SUM(t.earned_cent_percent) AS earned, SUM(t.direct_cents) AS direct, \
                        SUM(t.resource_cents) AS resource, SUM(t.labour_cents) AS labour, \
                        SUM(t.centihours) AS hours \
                 FROM task_totals t GROUP BY t.board_id) a ON a.board_id = b.id \
      WHERE COALESCE(s.tasks, 0) <> COALESCE(a.tasks, 0) \
         OR COALESCE(s.done_tasks, 0) <> COALESCE(a.done_tasks, 0) \
         OR COALESCE(s.over_tasks, 0) <> COALESCE(a.over_tasks, 0) \
         OR COALESCE(s.estimated_cents, 0) <> COALESCE(a.estimated, 0) \
         OR COALESCE(s.estimated_centihours, 0) <> COALESCE(a.estimated_hours, 0) \
         OR COALESCE(s.earned_cent_percent, 0) <> COALESCE(a.earned, 0) \
         OR COALESCE(s.direct_cents, 0) <> COALESCE(a.direct, 0) \
         OR COALESCE(s.resource_cents, 0) <> COALESCE(a.resource, 0) \
         OR COALESCE(s.labour_cents, 0) <> COALESCE(a.labour, 0) \
         OR COALESCE(s.centihours, 0) <> COALESCE(a.hours, 0) \
         OR COALESCE(s.labour_billable_cents, 0) <> COALESCE((SELECT SUM(e.billable_cents) \
              FROM time_entry e WHERE e.board_id = b.id), 0) \
         OR COALESCE(s.direct_billable_cents, 0) <> COALESCE((SELECT SUM(x.billable_cents) \
              FROM expense x WHERE x.board_id = b.id), 0) \
      UNION ALL \
      SELECT t.id FROM task t JOIN task_sums s ON s.task_id = t.id \
      WHERE s.assignee_id <> COALESCE(t.assignee_id, 0) OR s.status <> t.status \
      UNION ALL \
      SELECT g.board_id FROM board_group_totals g \
      LEFT JOIN (SELECT s.board_id, s.assignee_id, s.status, COUNT(*) AS tasks, \
                        SUM(s.estimated_cents) AS estimated, SUM(s.direct_cents) AS direct, \
                        SUM(s.resource_cents) AS resource, SUM(s.labour_cents) AS labour, \
                        SUM(s.centihours) AS hours \
                 FROM task_sums s GROUP BY s.board_id, s.assignee_id, s.status) a \
        ON a.board_id = g.board_id AND a.assignee_id = g.assignee_id AND a.status = g.status \
      WHERE g.tasks <> COALESCE(a.tasks, 0) \
         OR g.estimated_cents <> COALESCE(a.estimated, 0) \
         OR g.direct_cents <> COALESCE(a.direct, 0) \
         OR g.resource_cents <> COALESCE(a.resource, 0) \
         OR g.labour_cents <> COALESCE(a.labour, 0) \
         OR g.centihours <> COALESCE(a.hours, 0) \
      UNION ALL \
      SELECT s.board_id FROM task_sums s \
      LEFT JOIN board_group_totals g \
        ON g.board_id = s.board_id AND g.assignee_id = s.assignee_id AND g.status = s.status \
      WHERE g.board_id IS NULL \
      UNION ALL \
      SELECT s.task_id FROM task_sums s LEFT JOIN task_overrun o ON o.task_id = s.task_id \
      WHERE CASE WHEN s.estimated_cents > 0 \
                  AND s.direct_cents + s.resource_cents + s.labour_cents > s.estimated_cents \
                 THEN s.direct_cents + s.resource_cents + s.labour_cents - s.estimated_cents \
                 ELSE 0 END <> COALESCE(o.overrun_cents, 0) \
         OR s.board_id <> COALESCE(o.board_id, s.board_id) \
      UNION ALL \
      SELECT o.task_id FROM task_overrun o LEFT JOIN task_sums s ON s.task_id = o.task_id \
      WHERE s.task_id IS NULL OR o.overrun_cents <= 0 \
      UNION ALL \
      SELECT c.board_id FROM board_day_costs c \
      LEFT JOIN (SELECT board_id, incurred_on AS day, SUM(cost_cents) AS cost, \
                        SUM(billable_cents) AS billed \
                 FROM expense GROUP BY board_id, incurred_on) x \
        ON x.board_id = c.board_id AND x.day = c.day \
      LEFT JOIN (SELECT t.board_id, k.incurred_on AS day, SUM(k.resource_cost_cents) AS cost \
                 FROM task_cost k JOIN task t ON t.id = k.task_id \
                 WHERE k.incurred_on IS NOT NULL GROUP BY t.board_id, k.incurred_on) r \
        ON r.board_id = c.board_id AND r.day = c.day \
      WHERE c.direct_cents <> COALESCE(x.cost, 0) \
         OR c.direct_billable_cents <> COALESCE(x.billed, 0) \
         OR c.resource_cents <> COALESCE(r.cost, 0) \
      UNION ALL \
      SELECT x.board_id FROM expense x \
      LEFT JOIN board_day_costs c ON c.board_id = x.board_id AND c.day = x.incurred_on \
      WHERE c.board_id IS NULL \
      UNION ALL \
      SELECT t.board_id FROM task_cost k JOIN task t ON t.id = k.task_id \
      LEFT JOIN board_day_costs c ON c.board_id = t.board_id AND c.day = k.incurred_on \
      WHERE k.incurred_on IS NOT NULL AND c.board_id IS NULL \
      UNION ALL \
      SELECT p.board_id FROM board_person_costs p \
      LEFT JOIN (SELECT board_id, COALESCE(user_id, 0) AS user_id, COUNT(*) AS expenses, \
                        SUM(cost_cents) AS cost, SUM(billable_cents) AS billed \
                 FROM expense GROUP BY board_id, COALESCE(user_id, 0)) x \
        ON x.board_id = p.board_id AND x.user_id = p.user_id \
      WHERE p.expenses <> COALESCE(x.expenses, 0) OR p.cost_cents <> COALESCE(x.cost, 0) \
         OR p.billable_cents <> COALESCE(x.billed, 0) \
      UNION ALL \
      SELECT x.board_id FROM expense x \
      LEFT JOIN board_person_costs p \
        ON p.board_id = x.board_id AND p.user_id = COALESCE(x.user_id, 0) \
      WHERE p.board_id IS NULL \
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
    app.billable_rate(&ann, board, "2026-01-01", "120.00").await;

    // Estimates, resource costs and expenses: the board's totals and its count of tasks over
    // their estimate follow each.
    app.cost(
        &ann,
        board,
        kept,
        json!({"estimated_cost": "300.00", "estimated_hours": "4.00", "resource_cost": "20.00"}),
    )
    .await
    .expect(200);
    assert_totals_match(&app, "after a resource cost without a day").await;
    // The day a resource cost was incurred follows its cost row.
    for day in ["2026-11-18", "2026-11-19"] {
        app.cost(
            &ann,
            board,
            kept,
            json!({"estimated_cost": "300.00", "estimated_hours": "4.00",
                   "resource_cost": "20.00", "incurred_on": day}),
        )
        .await
        .expect(200);
        assert_totals_match(&app, &format!("after a resource cost incurred on {day}")).await;
    }
    app.cost(&ann, board, dropped, json!({"estimated_cost": "150.00"}))
        .await
        .expect(200);
    let expense = app
        .expense(
            &ann,
            board,
            dropped,
            json!({"category": "travel", "amount": "40.00", "is_billable": true}),
        )
        .await
        .expect(201)
        .body;
    assert_totals_match(&app, "after estimates and an expense").await;
    app.patch(
        &format!("/api/v1/expenses/{}", expense["id"]),
        &ann.token,
        json!({"amount": "60.00", "incurred_on": "2026-11-17"}),
    )
    .await
    .expect(200);
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{kept}"),
        &ann.token,
        json!({"title": "Kept", "status": "in_progress", "progress": 40}),
    )
    .await
    .expect(200);
    assert_totals_match(
        &app,
        "after changing an expense's amount and day and a task's progress",
    )
    .await;
    // The groups by assignee and status follow a task from one group to another.
    for (assignee, status) in [
        (Some(bob.id), "in_progress"),
        (Some(bob.id), "done"),
        (None, "todo"),
    ] {
        app.put(
            &format!("/api/v1/boards/{board}/tasks/{dropped}"),
            &ann.token,
            json!({"title": "Dropped", "status": status, "assignee_id": assignee}),
        )
        .await
        .expect(200);
        assert_totals_match(
            &app,
            &format!("after moving a task to {assignee:?}, {status}"),
        )
        .await;
    }
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{dropped}"),
        &ann.token,
        json!({"title": "Dropped", "status": "in_progress", "assignee_id": bob.id}),
    )
    .await
    .expect(200);

    let first = entry(&app, &ann, board, kept, "2.00", "2026-11-20").await; // 100.00
    entry(&app, &bob, board, kept, "1.50", "2026-11-20").await; // 105.00
    let moved = entry(&app, &bob, board, kept, "3.00", "2026-11-21").await; // 210.00
    entry(&app, &ann, board, dropped, "4.00", "2026-11-21").await; // 200.00
    assert_totals_match(&app, "after logging").await;
    // Kept: 20.00 resource + 100.00 + 105.00 + 210.00 labour > 300.00 estimated.
    assert_eq!(
        app.sql_number(&format!(
            "SELECT over_tasks FROM board_totals WHERE board_id = {board}"
        ))
        .await,
        2
    );

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
    // And the 60.00 expense on the other task.
    assert_eq!(app.metrics(&ann, board).await["spent"], "960.00");
    // A repricing and its revert rewrite many entries in one statement each.
    app.billable_rate(&ann, board, "2026-11-20", "130.00").await;
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
            "SELECT CAST(COUNT(*) AS BIGINT) FROM task_sums WHERE task_id = {dropped}"
        ))
        .await,
        0,
        "a deleted task's total goes with it"
    );
    // 1.5 h + 3 h at 100.00 remain.
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "450.00");
    assert_eq!(metrics["spent_hours"], "4.50");
    // A task is among the tasks over their estimate only while its costs exceed its estimate
    // (20.00 resource + 450.00 labour), with its overrun: 470.00 − 300.00 at the last.
    let overrun = format!(
        "SELECT CAST(COALESCE(SUM(overrun_cents), 0) AS BIGINT) FROM task_overrun \
         WHERE board_id = {board}"
    );
    for (estimate, expected) in [("470.00", 0), ("469.99", 1), ("300.00", 17_000)] {
        app.cost(
            &ann,
            board,
            kept,
            json!({"estimated_cost": estimate, "estimated_hours": "4.00",
                   "resource_cost": "20.00", "incurred_on": "2026-11-19"}),
        )
        .await
        .expect(200);
        assert_totals_match(&app, &format!("after an estimate of {estimate}")).await;
        assert_eq!(
            app.sql_number(&overrun).await,
            expected,
            "estimated {estimate}"
        );
    }
    let analytics = app.analytics(&ann, board).await;
    assert_eq!(analytics["overrun_count"], 1);
    assert_eq!(analytics["overruns"].as_array().unwrap().len(), 1);
    assert_eq!(analytics["overruns"][0]["task_id"], kept);
    assert_eq!(analytics["overruns"][0]["estimated"], "300.00");
    assert_eq!(analytics["overruns"][0]["total"], "470.00");
    assert_eq!(analytics["overruns"][0]["variance"], "170.00");
    // The check itself notices drift.
    app.sql("UPDATE board_day_labour SET centihours = centihours + 1")
        .await;
    assert_ne!(app.sql_number(MISMATCHES).await, 0);
    app.sql("UPDATE board_day_labour SET centihours = centihours - 1")
        .await;
    assert_eq!(app.sql_number(MISMATCHES).await, 0);
    // A task's running totals drifting from its expenses, or the board's from its tasks.
    app.sql("UPDATE board_totals SET over_tasks = over_tasks + 1")
        .await;
    assert_ne!(app.sql_number(MISMATCHES).await, 0);
    app.sql("UPDATE board_totals SET over_tasks = over_tasks - 1")
        .await;
    app.sql("UPDATE task_sums SET direct_cents = direct_cents + 1")
        .await;
    assert_ne!(app.sql_number(MISMATCHES).await, 0);
    app.sql("UPDATE task_sums SET direct_cents = direct_cents - 1")
        .await;
    assert_eq!(app.sql_number(MISMATCHES).await, 0);
    // A board's costs of a day or of a person drifting from its expenses or resource costs.
    for (table, figure) in [
        ("board_day_costs", "direct_cents"),
        ("board_day_costs", "direct_billable_cents"),
        ("board_day_costs", "resource_cents"),
        ("board_person_costs", "expenses"),
        ("board_person_costs", "cost_cents"),
        ("board_person_costs", "billable_cents"),
    ] {
        app.sql(&format!("UPDATE {table} SET {figure} = {figure} + 1"))
            .await;
        assert_ne!(app.sql_number(MISMATCHES).await, 0, "{table}.{figure}");
        app.sql(&format!("UPDATE {table} SET {figure} = {figure} - 1"))
            .await;
        assert_eq!(app.sql_number(MISMATCHES).await, 0, "{table}.{figure}");
    }
    // A group's totals drifting from its tasks.
    app.sql("UPDATE board_group_totals SET labour_cents = labour_cents + 1")
        .await;
    assert_ne!(app.sql_number(MISMATCHES).await, 0);
    app.sql("UPDATE board_group_totals SET labour_cents = labour_cents - 1")
        .await;
    assert_eq!(app.sql_number(MISMATCHES).await, 0);
    // A task's overrun drifting from its sums, or a task over its estimate missing.
    app.sql("UPDATE task_overrun SET overrun_cents = overrun_cents + 1")
        .await;
    assert_ne!(app.sql_number(MISMATCHES).await, 0);
    app.sql("DELETE FROM task_overrun").await;
    assert_ne!(app.sql_number(MISMATCHES).await, 0);
    app.sql(&format!(
        "INSERT INTO task_overrun (task_id, board_id, overrun_cents) \
         VALUES ({kept}, {board}, 17000)"
    ))
    .await;
    assert_eq!(app.sql_number(MISMATCHES).await, 0);

    app.delete(&format!("/api/v1/boards/{board}"), &ann.token)
        .await
        .expect(204);
    for table in [
        "board_day_labour",
        "board_day_costs",
        "board_person_costs",
        "board_person_labour",
        "task_sums",
        "board_totals",
        "board_group_totals",
        "task_overrun",
        "board_revision",
    ] {
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

/// Each task's labour lives in its row of `task_sums`, kept by the entries' own triggers. The
/// schema before kept it in `task_labour` too and added it to `task_sums` from there: going back
/// makes `task_labour` again from the entries, the older triggers keep both, and coming forward
/// again changes no figure.
#[tokio::test]
async fn each_tasks_labour_is_kept_as_the_schema_goes_back_and_forward() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let board = app.board(&ann, "Labour").await;
    let first = app.task(&ann, board, "First").await;
    let second = app.task(&ann, board, "Second").await;
    let moved = entry(&app, &ann, board, first, "2.00", "2026-11-20").await;
    entry(&app, &ann, board, first, "1.50", "2026-11-21").await;
    entry(&app, &ann, board, second, "0.25", "2026-11-21").await;
    let labour = |table: &'static str, cents: &'static str, task: i64| {
        let app = &app;
        async move {
            let row = format!("FROM {table} WHERE task_id = {task}");
            (
                app.sql_number(&format!("SELECT CAST({cents} AS BIGINT) {row}"))
                    .await,
                app.sql_number(&format!("SELECT CAST(centihours AS BIGINT) {row}"))
                    .await,
            )
        }
    };

    app.schema_back_before("_labour_in_task_sums").await;
    // 2.00 h + 1.50 h and 0.25 h at 50.00, made again from the entries.
    assert_eq!(
        labour("task_labour", "labour_cost_cents", first).await,
        (17500, 350)
    );
    assert_eq!(
        labour("task_labour", "labour_cost_cents", second).await,
        (1250, 25)
    );
    // The older triggers move an entry's labour from one task to the other, in both tables.
    app.sql(&format!(
        "UPDATE time_entry SET task_id = {second} WHERE id = {moved}"
    ))
    .await;
    assert_eq!(
        labour("task_labour", "labour_cost_cents", first).await,
        (7500, 150)
    );
    assert_eq!(
        labour("task_labour", "labour_cost_cents", second).await,
        (11250, 225)
    );
    assert_eq!(
        labour("task_sums", "labour_cents", second).await,
        (11250, 225)
    );

    app.schema_forward().await;
    assert_totals_match(&app, "after the schema went back and forward").await;
    entry(&app, &ann, board, second, "1.00", "2026-11-22").await;
    assert_totals_match(&app, "after an entry on the schema come forward").await;
    assert_eq!(
        labour("task_sums", "labour_cents", first).await,
        (7500, 150)
    );
    assert_eq!(
        labour("task_sums", "labour_cents", second).await,
        (16250, 325)
    );
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "237.50", "{metrics}");
    assert_eq!(metrics["spent_hours"], "4.75", "{metrics}");
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
    let app = TestApp::spawn_quiet().await;
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
