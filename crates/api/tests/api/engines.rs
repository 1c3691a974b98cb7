//! SQLite and PostgreSQL give the same answers for the same data: the same requests are played
//! against an app on SQLite and one on the engine of this run, and every figure is compared.

use crate::metrics::hand_computed_board;
use crate::support::*;

#[tokio::test]
async fn both_engines_compute_identical_metrics() {
    let reference = TestApp::spawn_on(Engine::Sqlite).await;
    let tested = TestApp::spawn().await;
    let (ref_user, ref_board) = hand_computed_board(&reference).await;
    let (user, board) = hand_computed_board(&tested).await;
    let mut expected = reference.metrics(&ref_user, ref_board).await;
    let mut actual = tested.metrics(&user, board).await;
    // Ids come from each database's own sequence; everything else must be equal.
    expected["board_id"] = serde_json::Value::Null;
    actual["board_id"] = serde_json::Value::Null;
    assert_eq!(
        actual, expected,
        "engine {:?} differs from SQLite",
        tested.engine
    );

    let path = |b: i64, t: &str| format!("/api/v1/boards/{b}/{t}");
    let ref_entries = reference
        .get(&path(ref_board, "time-entries?limit=500"), &ref_user.token)
        .await
        .expect(200);
    let entries = tested
        .get(&path(board, "time-entries?limit=500"), &user.token)
        .await
        .expect(200);
    let figures = |body: &serde_json::Value| -> Vec<(String, String, String)> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["work_date"].as_str().unwrap().to_owned(),
                    e["hours"].as_str().unwrap().to_owned(),
                    e["labour_cost"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(figures(&entries.body), figures(&ref_entries.body));
}

#[tokio::test]
async fn a_hundred_thousand_dimes_sum_exactly() {
    // Money sums exactly on both engines: 100,000 entries of 0.10 = 10,000.00.
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Dimes").await;
    let task = app.task(&ann, board, "Dime task").await;
    let billable = if app.engine == Engine::Postgres {
        "true"
    } else {
        "1"
    };
    for chunk in 0..100 {
        let rows: Vec<String> = (0..1000)
            .map(|i| {
                format!(
                    "({board}, {task}, {}, 1, '2026-{:02}-{:02}', '', {billable}, 1000, 10, \
                     '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')",
                    ann.id,
                    1 + (chunk % 10),
                    1 + (i % 28)
                )
            })
            .collect();
        app.sql(&format!(
            "INSERT INTO time_entry (board_id, task_id, user_id, centihours, work_date, description, \
             is_billable, hourly_rate_cents, labour_cost_cents, created_at, updated_at) VALUES {}",
            rows.join(",")
        ))
        .await;
    }
    let m = app.metrics(&ann, board).await;
    assert_eq!(m["spent"], "10000.00");
    assert_eq!(m["cost_split"]["labour"], "10000.00");
    assert_eq!(m["spent_hours"], "1000.00");
}
