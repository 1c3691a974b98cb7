//! Logging time: validation, the rate in force, edits, lists and idempotent retries.

use serde_json::json;

use crate::support::*;

/// The app, Ann, Bob, Ann's board and a task on it.
struct Setup(TestApp, User, User, i64, i64);

/// Ann owns a board; Bob is an editor with a board rate of 90.00 and a default of 60.00.
async fn setup() -> Setup {
    setup_on(TestApp::spawn().await).await
}

async fn setup_on(app: TestApp) -> Setup {
    let ann = app.user("ann", Some("100.00")).await;
    let bob = app.user("bob", Some("60.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", Some("90.00")).await;
    let task = app.task(&ann, board, "Design").await;
    Setup(app, ann, bob, board, task)
}

#[tokio::test]
async fn the_rate_in_force_is_snapshotted_with_the_labour_cost() {
    let Setup(app, ann, bob, board, task) = setup().await;
    // No task rate: Bob's board rate (90.00), Ann's personal default (100.00).
    let entry = app
        .log(&bob, board, task, "2.50", "2026-11-24")
        .await
        .expect(201);
    assert_eq!(entry.body["hourly_rate"], "90.00");
    assert_eq!(entry.body["labour_cost"], "225.00");
    assert_eq!(entry.body["hours"], "2.50");
    assert_eq!(entry.body["is_billable"], true);
    let entry = app
        .log(&ann, board, task, "0.33", "2026-11-24")
        .await
        .expect(201);
    assert_eq!(entry.body["hourly_rate"], "100.00");
    assert_eq!(entry.body["labour_cost"], "33.00");

    // A task rate overrides both, for entries logged from now on.
    app.cost(&ann, board, task, json!({"hourly_rate": "33.33"}))
        .await
        .expect(200);
    let entry = app
        .log(&bob, board, task, "0.33", "2026-11-25")
        .await
        .expect(201);
    assert_eq!(entry.body["hourly_rate"], "33.33");
    // 0.33 × 33.33 = 10.9989 → 11.00
    assert_eq!(entry.body["labour_cost"], "11.00");

    // Without any rate the entry costs nothing and says so.
    let carl = app.user("carl", None).await;
    app.member(&ann, board, &carl, "editor", None).await;
    let other = app.task(&ann, board, "No rate here").await;
    let entry = app
        .log(&carl, board, other, "1.00", "2026-11-25")
        .await
        .expect(201);
    assert_eq!(entry.body["hourly_rate"], serde_json::Value::Null);
    assert_eq!(entry.body["labour_cost"], "0.00");
}

#[tokio::test]
async fn bad_entries_are_refused_with_their_fields() {
    let Setup(app, _, bob, board, task) = setup().await;
    let path = format!("/api/v1/boards/{board}/tasks/{task}/time-entries");
    #[rustfmt::skip]
    let cases = [
        (json!({"hours": "0", "work_date": "2026-11-25"}), vec![("hours", "out_of_range")]),
        (json!({"hours": "0.00", "work_date": "2026-11-25"}), vec![("hours", "out_of_range")]),
        (json!({"hours": "-1", "work_date": "2026-11-25"}), vec![("hours", "out_of_range")]),
        (json!({"hours": "16.01", "work_date": "2026-11-25"}), vec![("hours", "out_of_range")]),
        (json!({"hours": "1.005", "work_date": "2026-11-25"}), vec![("hours", "too_precise")]),
        (json!({"hours": "1", "work_date": "2026-11-26"}), vec![("work_date", "in_future")]),
        (json!({"hours": "17", "work_date": "2027-01-01"}), vec![("hours", "out_of_range"), ("work_date", "in_future")]),
        (json!({"hours": "1", "work_date": "25/11/2026"}), vec![("work_date", "invalid")]),
        (json!({"work_date": "2026-11-25"}), vec![("hours", "required")]),
        (json!({"hours": "1", "work_date": "2026-11-25", "description": "x".repeat(2001)}), vec![("description", "too_long")]),
    ];
    for (body, expected) in cases {
        let response = app
            .post(&path, &bob.token, body.clone())
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(response.field_errors(), pairs(&expected), "for {body}");
    }
    // The edges are fine.
    app.log(&bob, board, task, "0.01", "2026-11-25")
        .await
        .expect(201);
    app.log(&bob, board, task, "16.00", "2026-11-24")
        .await
        .expect(201);
    // A task that is not on the board.
    app.log(&bob, board, 999_999, "1", "2026-11-25")
        .await
        .expect_problem(404, "not_found");
    let listed = app.get(&path, &bob.token).await.expect(200);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn one_person_logs_at_most_24_hours_a_day() {
    let Setup(app, ann, bob, board, task) = setup().await;
    let other = app.task(&ann, board, "Build").await;
    app.log(&bob, board, task, "16.00", "2026-11-20")
        .await
        .expect(201);
    app.log(&bob, board, other, "8.00", "2026-11-20")
        .await
        .expect(201);
    let refused = app
        .log(&bob, board, task, "0.01", "2026-11-20")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        [("hours".to_owned(), "daily_limit_exceeded".to_owned())]
    );
    // Another person and another day are unaffected.
    app.log(&ann, board, task, "10.00", "2026-11-20")
        .await
        .expect(201);
    app.log(&bob, board, task, "0.01", "2026-11-21")
        .await
        .expect(201);
}

#[tokio::test]
async fn edits_keep_the_rate_and_respect_the_rules() {
    let Setup(app, ann, bob, board, task) = setup().await;
    let entry = app
        .log(&bob, board, task, "2.00", "2026-11-24")
        .await
        .expect(201);
    let entry = format!("/api/v1/time-entries/{}", entry.body["id"]);
    // The board rate changes later; the entry keeps the rate it was logged at.
    app.put(
        &format!("/api/v1/boards/{board}/members/{}", bob.id),
        &ann.token,
        json!({"role": "editor", "hourly_rate": "200.00"}),
    )
    .await
    .expect(200);
    let edited = app
        .patch(
            &entry,
            &bob.token,
            json!({"hours": "3.25", "description": "more"}),
        )
        .await
        .expect(200);
    assert_eq!(edited.body["hourly_rate"], "90.00");
    assert_eq!(edited.body["labour_cost"], "292.50");
    assert_eq!(edited.body["description"], "more");
    assert_eq!(edited.body["work_date"], "2026-11-24");

    app.patch(&entry, &bob.token, json!({"work_date": "2026-12-01"}))
        .await
        .expect_problem(422, "validation_failed");
    app.patch(&entry, &bob.token, json!({"hours": "16.01"}))
        .await
        .expect_problem(422, "validation_failed");
    // Editing counts the person's other entries that day, but not the entry itself.
    app.log(&bob, board, task, "16.00", "2026-11-24")
        .await
        .expect(201);
    app.patch(&entry, &bob.token, json!({"hours": "8.00"}))
        .await
        .expect(200);
    app.patch(&entry, &bob.token, json!({"hours": "8.01"}))
        .await
        .expect_problem(422, "validation_failed");

    // The board admin may edit and delete anyone's entry.
    app.patch(&entry, &ann.token, json!({"is_billable": false}))
        .await
        .expect(200);
    app.delete(&entry, &ann.token).await.expect(204);
    app.delete(&entry, &ann.token)
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn board_list_filters_and_pages() {
    let Setup(app, ann, bob, board, task) = setup().await;
    for day in 1..=9 {
        app.log(&bob, board, task, "1.00", &format!("2026-11-0{day}"))
            .await
            .expect(201);
    }
    app.log(&ann, board, task, "2.00", "2026-11-05")
        .await
        .expect(201);
    let base = format!("/api/v1/boards/{board}/time-entries");

    let page = app
        .get(&format!("{base}?limit=4"), &ann.token)
        .await
        .expect(200);
    let dates: Vec<&str> = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["work_date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2026-11-09", "2026-11-08", "2026-11-07", "2026-11-06"]
    );
    let mut seen = 4;
    let mut cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    loop {
        let next = app
            .get(&format!("{base}?limit=4&cursor={cursor}"), &ann.token)
            .await
            .expect(200);
        seen += next.body["items"].as_array().unwrap().len();
        match next.body["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, 10);

    let filtered = app
        .get(
            &format!("{base}?from=2026-11-03&to=2026-11-05&user={}", bob.id),
            &ann.token,
        )
        .await
        .expect(200);
    let items = filtered.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|e| e["user_id"] == bob.id));
    assert!(filtered.body.get("next_cursor").is_none());

    let anns = app
        .get(&format!("{base}?user={}", ann.id), &ann.token)
        .await
        .expect(200);
    assert_eq!(anns.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(anns.body["items"][0]["labour_cost"], "200.00");
}

/// Logs `hours` for 2026-11-25 with an `Idempotency-Key`.
async fn keyed_log(
    app: &TestApp,
    user: &User,
    board: i64,
    task: i64,
    key: &str,
    hours: &str,
) -> Response {
    let request = app
        .client
        .post(format!(
            "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
            app.base
        ))
        .bearer_auth(&user.token)
        .header("Idempotency-Key", key)
        .json(&json!({"hours": hours, "work_date": "2026-11-25"}));
    TestApp::read(request.send().await.unwrap()).await
}

#[tokio::test]
async fn a_retried_post_with_the_same_key_logs_once() {
    let Setup(app, _, bob, board, task) = setup().await;
    let send =
        |key: &'static str, hours: &'static str| keyed_log(&app, &bob, board, task, key, hours);
    let first = send("retry-1", "1.50").await.expect(201);
    let second = send("retry-1", "1.50").await.expect(201);
    assert_eq!(first.body, second.body);
    assert_eq!(
        second.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    // The same key with another body is a client bug, refused.
    let reused = send("retry-1", "2.00")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        reused.field_errors(),
        [("Idempotency-Key".to_owned(), "reused".to_owned())]
    );
    // A new key is a new entry.
    send("retry-2", "1.50").await.expect(201);
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
            &bob.token,
        )
        .await
        .expect(200);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
    let metrics = app.metrics(&bob, board).await;
    assert_eq!(metrics["spent"], "270.00");
}

/// Bob's entry on Ann's board: its path.
async fn bobs_entry(app: &TestApp, bob: &User, board: i64, task: i64) -> String {
    let entry = app
        .log(bob, board, task, "0.50", TODAY)
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    format!("/api/v1/time-entries/{entry}")
}

#[tokio::test]
async fn an_unknown_time_entry_is_not_found_and_one_on_a_hidden_board_is_forbidden() {
    let Setup(app, ann, bob, board, task) = setup().await;
    let entry = bobs_entry(&app, &bob, board, task).await;
    let outsider = app.user("outsider", None).await;
    let missing = "/api/v1/time-entries/987654";
    app.patch(missing, &bob.token, json!({"hours": "1.00"}))
        .await
        .expect_problem(404, "not_found");
    app.delete(missing, &bob.token)
        .await
        .expect_problem(404, "not_found");

    let patched = app
        .patch(&entry, &outsider.token, json!({"hours": "9.00"}))
        .await
        .expect_problem(403, "board_access_denied");
    let deleted = app
        .delete(&entry, &outsider.token)
        .await
        .expect_problem(403, "board_access_denied");
    assert_eq!(patched.body, deleted.body);
    // Nothing changed.
    let listed = app
        .get(&format!("/api/v1/boards/{board}/time-entries"), &ann.token)
        .await
        .expect(200);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["items"][0]["hours"], "0.50");
}

#[tokio::test]
async fn editors_change_only_their_own_entries_and_board_admins_anyones() {
    let Setup(app, ann, bob, board, task) = setup().await;
    let entry = bobs_entry(&app, &bob, board, task).await;
    let second_editor = app.user("second-editor", None).await;
    app.member(&ann, board, &second_editor, "editor", None)
        .await;
    let viewer = app.user("viewer", None).await;
    app.member(&ann, board, &viewer, "viewer", None).await;
    let board_admin = app.user("boardadmin", None).await;
    app.member(&ann, board, &board_admin, "admin", None).await;

    app.patch(&entry, &second_editor.token, json!({"hours": "8.00"}))
        .await
        .expect_problem(403, "not_entry_author");
    app.delete(&entry, &second_editor.token)
        .await
        .expect_problem(403, "not_entry_author");
    app.patch(&entry, &viewer.token, json!({"hours": "8.00"}))
        .await
        .expect_problem(403, "insufficient_role");

    let edited = app
        .patch(&entry, &board_admin.token, json!({"hours": "1.25"}))
        .await
        .expect(200);
    assert_eq!(edited.body["hours"], "1.25");
    assert_eq!(edited.body["user_id"], bob.id);
    let edited = app
        .patch(&entry, &bob.token, json!({"description": "mine"}))
        .await
        .expect(200);
    assert_eq!(edited.body["hours"], "1.25");
    assert_eq!(edited.body["description"], "mine");
    app.delete(&entry, &board_admin.token).await.expect(204);
    app.delete(&entry, &bob.token)
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn logging_time_costs_a_fixed_number_of_statements() {
    let Setup(app, _ann, bob, board, task) = setup_on(TestApp::spawn_quiet().await).await;
    app.log(&bob, board, task, "1.00", "2026-11-24")
        .await
        .expect(201);
    let before = app.queries();
    app.log(&bob, board, task, "1.00", "2026-11-24")
        .await
        .expect(201);
    let statements = app.queries() - before;
    println!("statements for one logged entry: {statements}");
    // The access check; the task, the day's hours and the currency; the rates in force; the
    // entry (with its running totals, by trigger); its audit event. PostgreSQL adds one: the
    // person's lock, which also share-locks the board, so the currency read after it holds.
    let expected = match engine() {
        Engine::Sqlite => 5,
        Engine::Postgres => 6,
    };
    assert_eq!(statements, expected);
}

#[tokio::test]
async fn time_logged_for_someone_else_is_theirs_at_their_rate_and_audited_as_the_loggers() {
    let Setup(app, ann, bob, board, task) = setup().await;
    let carl = app.user("carl", Some("40.00")).await;
    app.member(&ann, board, &carl, "editor", None).await;
    let viewer = app.user("viewer", None).await;
    app.member(&ann, board, &viewer, "viewer", None).await;
    let outsider = app.user("outsider", None).await;
    let path = format!("/api/v1/boards/{board}/tasks/{task}/time-entries");
    let for_person = |user: i64, hours: &str| json!({"hours": hours, "work_date": "2026-11-24", "user_id": user});

    // A board admin logs for Bob: Bob's entry at Bob's board rate (90.00), Ann as the actor.
    let entry = app
        .post(&path, &ann.token, for_person(bob.id, "2.00"))
        .await
        .expect(201);
    assert_eq!(entry.body["user_id"], bob.id);
    assert_eq!(entry.body["hourly_rate"], "90.00");
    assert_eq!(entry.body["labour_cost"], "180.00");
    let entry_id = entry.body["id"].as_i64().unwrap();
    let trail = app
        .get(
            &format!("/api/v1/boards/{board}/audit?kind=time_entry"),
            &ann.token,
        )
        .await
        .expect(200);
    let created = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entity_id"] == entry_id && e["action"] == "create")
        .expect("the entry's audit event");
    assert_eq!(created["actor_id"], ann.id);

    // Bob's own day counts what was logged for him.
    app.post(&path, &ann.token, for_person(bob.id, "16.00"))
        .await
        .expect(201);
    app.post(
        &path,
        &bob.token,
        json!({"hours": "6.01", "work_date": "2026-11-24"}),
    )
    .await
    .expect_problem(422, "validation_failed");

    // Editors may not log for others until the board allows it.
    app.post(&path, &bob.token, for_person(carl.id, "1.00"))
        .await
        .expect_problem(403, "not_logging_for_others");
    app.post(&path, &viewer.token, for_person(carl.id, "1.00"))
        .await
        .expect_problem(403, "insufficient_role");
    let carls = app
        .post(
            &path,
            &carl.token,
            json!({"hours": "1.00", "work_date": "2026-11-24"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    app.patch(
        &format!("/api/v1/time-entries/{carls}"),
        &bob.token,
        json!({"hours": "2.00"}),
    )
    .await
    .expect_problem(403, "not_entry_author");

    let settings = app
        .put(
            &format!("/api/v1/boards/{board}"),
            &ann.token,
            json!({"name": "Launch", "editors_log_for_others": true, "time_rounding": "up_to_6_minutes"}),
        )
        .await
        .expect(200);
    assert_eq!(settings.body["editors_log_for_others"], true);
    assert_eq!(settings.body["time_rounding"], "up_to_6_minutes");
    // Absent settings stay as they are.
    let kept = app
        .put(
            &format!("/api/v1/boards/{board}"),
            &ann.token,
            json!({"name": "Launch"}),
        )
        .await
        .expect(200);
    assert_eq!(kept.body["editors_log_for_others"], true);
    assert_eq!(kept.body["time_rounding"], "up_to_6_minutes");

    // Now Bob logs and corrects Carl's time, at Carl's rate (his default, 40.00).
    let logged = app
        .post(&path, &bob.token, for_person(carl.id, "1.50"))
        .await
        .expect(201);
    assert_eq!(logged.body["user_id"], carl.id);
    assert_eq!(logged.body["labour_cost"], "60.00");
    let corrected = app
        .patch(
            &format!("/api/v1/time-entries/{carls}"),
            &bob.token,
            json!({"hours": "2.00"}),
        )
        .await
        .expect(200);
    assert_eq!(corrected.body["labour_cost"], "80.00");

    // Only people who can log on the board can have time logged for them.
    for someone in [viewer.id, outsider.id, 987_654] {
        let refused = app
            .post(&path, &ann.token, for_person(someone, "1.00"))
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(refused.body["errors"][0]["field"], "user_id");
        assert_eq!(refused.body["errors"][0]["code"], "cannot_log_time");
    }
    let unknown_setting = app
        .put(
            &format!("/api/v1/boards/{board}"),
            &ann.token,
            json!({"name": "Launch", "time_rounding": "up_to_2_minutes"}),
        )
        .await;
    assert_eq!(unknown_setting.status, 422);
}
