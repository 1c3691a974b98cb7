//! Weekly timesheets: the grid's round trip, saving under `If-Match` all or nothing, the
//! week's approval and who may make each transition, and closed time (submitted and approved
//! weeks, the organisation's lock date) refusing every change.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// A week wholly before the tests' today (2026-11-25).
const WEEK: &str = "2026-11-16";

/// The app; Ann (the board's creator, an admin), Bob (an editor at 90.00), the board and two
/// tasks, "Build" and "Design".
struct Setup {
    app: TestApp,
    ann: User,
    bob: User,
    board: i64,
    build: i64,
    design: i64,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let bob = app.user("bob", Some("60.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", Some("90.00")).await;
    let design = app.task(&ann, board, "Design").await;
    let build = app.task(&ann, board, "Build").await;
    Setup {
        app,
        ann,
        bob,
        board,
        build,
        design,
    }
}

fn sheet_path(board: i64, week: &str) -> String {
    format!("/api/v1/boards/{board}/timesheets/{week}")
}

/// PUT of a timesheet with `If-Match` when given.
async fn put_sheet(
    app: &TestApp,
    user: &User,
    path: &str,
    if_match: Option<&str>,
    body: Value,
) -> Response {
    let mut builder = app
        .client
        .request(Method::PUT, format!("{}{path}", app.base))
        .bearer_auth(&user.token)
        .json(&body);
    if let Some(tag) = if_match {
        builder = builder.header("If-Match", tag);
    }
    TestApp::read(builder.send().await.unwrap()).await
}

/// The sheet's ETag, as read by `user`.
async fn etag(app: &TestApp, user: &User, path: &str) -> String {
    let read = app.get(path, &user.token).await.expect(200);
    let tag = read.header("etag").unwrap();
    assert_eq!(read.body["etag"], tag.as_str());
    tag
}

fn cell(task: i64, day: &str, hours: &str) -> Value {
    json!({"task_id": task, "work_date": day, "hours": hours})
}

/// The rows as (title, seven day hours, total).
fn rows(sheet: &Value) -> Vec<(String, Vec<String>, String)> {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["task_title"].as_str().unwrap().to_owned(),
                row["hours"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h.as_str().unwrap().to_owned())
                    .collect(),
                row["total"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn day_totals(sheet: &Value) -> Vec<String> {
    sheet["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| day["total"].as_str().unwrap().to_owned())
        .collect()
}

fn week(hours: [&str; 7]) -> Vec<String> {
    hours.iter().map(|h| (*h).to_owned()).collect()
}

async fn entries_of(app: &TestApp, user: &User) -> i64 {
    app.sql_number(&format!(
        "SELECT COUNT(*) FROM time_entry WHERE user_id = {}",
        user.id
    ))
    .await
}

#[tokio::test]
async fn a_week_round_trips_with_exact_cells_and_totals() {
    let Setup {
        app,
        ann,
        bob,
        board,
        build,
        design,
    } = setup().await;
    app.log(&bob, board, design, "2.00", "2026-11-17")
        .await
        .expect(201);
    let path = sheet_path(board, WEEK);
    let sheet = app.get(&path, &bob.token).await.expect(200).body;
    assert_eq!(sheet["week"], WEEK);
    assert_eq!(sheet["status"], "open");
    assert_eq!(sheet["user_id"], bob.id);
    assert_eq!(
        rows(&sheet),
        vec![(
            "Design".to_owned(),
            week(["0.00", "2.00", "0.00", "0.00", "0.00", "0.00", "0.00"]),
            "2.00".to_owned()
        )]
    );

    let tag = etag(&app, &bob, &path).await;
    let saved = put_sheet(
        &app,
        &bob,
        &path,
        Some(&tag),
        json!({"cells": [
            cell(design, "2026-11-17", "3.50"),
            cell(build, "2026-11-18", "4.00"),
            cell(design, "2026-11-16", "1.25"),
            cell(build, "2026-11-20", "0"),
        ]}),
    )
    .await
    .expect(200);
    let sheet = saved.body;
    assert_eq!(saved.headers["etag"].to_str().unwrap(), sheet["etag"]);
    assert_ne!(sheet["etag"], tag.as_str());
    assert_eq!(
        rows(&sheet),
        vec![
            (
                "Build".to_owned(),
                week(["0.00", "0.00", "4.00", "0.00", "0.00", "0.00", "0.00"]),
                "4.00".to_owned()
            ),
            (
                "Design".to_owned(),
                week(["1.25", "3.50", "0.00", "0.00", "0.00", "0.00", "0.00"]),
                "4.75".to_owned()
            ),
        ]
    );
    assert_eq!(
        day_totals(&sheet),
        week(["1.25", "3.50", "4.00", "0.00", "0.00", "0.00", "0.00"])
    );
    assert_eq!(sheet["total"], "8.75");
    // The changed cell kept its one entry; two new cells made one entry each, at Bob's rate.
    assert_eq!(entries_of(&app, &bob).await, 3);
    assert_eq!(
        app.sql_number(&format!(
            "SELECT CAST(SUM(labour_cost_cents) AS BIGINT) FROM time_entry WHERE user_id = {}",
            bob.id
        ))
        .await,
        78_750
    );
    // Anyone on the board reads it; the same grid as Bob's.
    let read = app
        .get(&format!("{path}?user_id={}", bob.id), &ann.token)
        .await
        .expect(200);
    assert_eq!(rows(&read.body), rows(&sheet));

    // A cell set to 0 loses its entries; a cell unchanged is untouched.
    let tag = sheet["etag"].as_str().unwrap().to_owned();
    let saved = put_sheet(
        &app,
        &bob,
        &path,
        Some(&tag),
        json!({"cells": [cell(design, "2026-11-17", "0.00"), cell(build, "2026-11-18", "4.00")]}),
    )
    .await
    .expect(200);
    assert_eq!(saved.body["total"], "5.25");
    assert_eq!(entries_of(&app, &bob).await, 2);

    // A week is named by its Monday; a save needs If-Match.
    app.get(&sheet_path(board, "2026-11-17"), &bob.token)
        .await
        .expect_problem(422, "validation_failed");
    let refused = put_sheet(&app, &bob, &path, None, json!({"cells": []}))
        .await
        .expect_problem(428, "precondition_required");
    assert_eq!(refused.status.as_u16(), 428);
}

#[tokio::test]
async fn a_stale_save_is_refused_and_a_failing_cell_writes_nothing() {
    let Setup {
        app,
        bob,
        board,
        build,
        design,
        ..
    } = setup().await;
    let path = sheet_path(board, WEEK);
    let stale = etag(&app, &bob, &path).await;
    // Time logged behind the grid changes its tag.
    app.log(&bob, board, build, "1.00", "2026-11-19")
        .await
        .expect(201);
    let refused = put_sheet(
        &app,
        &bob,
        &path,
        Some(&stale),
        json!({"cells": [cell(design, "2026-11-16", "2.00")]}),
    )
    .await
    .expect_problem(412, "precondition_failed");
    let current = etag(&app, &bob, &path).await;
    assert_eq!(refused.header("etag"), Some(current.clone()));
    assert_eq!(entries_of(&app, &bob).await, 1);

    // Every failing cell is named; nothing is written, not even the valid cells.
    let refused = put_sheet(
        &app,
        &bob,
        &path,
        Some(&current),
        json!({"cells": [
            cell(design, "2026-11-16", "2.00"),
            cell(design, "2026-11-17", "24.01"),
            cell(design, "2026-11-23", "1.00"),
            cell(design, "2026-11-18", "1.005"),
        ]}),
    )
    .await
    .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[
            ("cells[1].hours", "out_of_range"),
            ("cells[2].work_date", "outside_week"),
            ("cells[3].hours", "too_precise"),
        ])
    );
    // The rules of each entry, met inside the transaction: 24 hours a day, 16 per entry, the
    // task on the board.
    let refused = put_sheet(
        &app,
        &bob,
        &path,
        Some(&current),
        json!({"cells": [
            cell(design, "2026-11-20", "16.00"),
            cell(build, "2026-11-20", "9.00"),
            cell(999_999, "2026-11-16", "1.00"),
            cell(design, "2026-11-16", "16.01"),
        ]}),
    )
    .await
    .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[
            ("cells[1].hours", "daily_limit_exceeded"),
            ("cells[2].task_id", "not_found"),
            ("cells[3].hours", "out_of_range"),
        ])
    );
    assert_eq!(entries_of(&app, &bob).await, 1);
    // Nothing moved: the tag still holds.
    assert_eq!(etag(&app, &bob, &path).await, current);
}

#[tokio::test]
async fn transitions_and_who_may_make_them() {
    let Setup {
        app,
        ann,
        bob,
        board,
        design,
        ..
    } = setup().await;
    let vic = app.user("vic", None).await;
    app.member(&ann, board, &vic, "viewer", None).await;
    let carl = app.user("carl", None).await;
    app.member(&ann, board, &carl, "editor", None).await;
    let otto = app.user("otto", None).await;
    let entry = app
        .log(&bob, board, design, "3.00", "2026-11-18")
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    let path = sheet_path(board, WEEK);
    let step = |name: &str| format!("{path}/{name}");
    let bobs = json!({"user_id": bob.id});

    app.post(&step("submit"), &vic.token, json!({}))
        .await
        .expect_problem(403, "insufficient_role");
    app.post(&step("submit"), &otto.token, json!({}))
        .await
        .expect_problem(403, "board_access_denied");
    app.post(&step("submit"), &carl.token, bobs.clone())
        .await
        .expect_problem(403, "not_logging_for_others");
    let submitted = app
        .post(&step("submit"), &bob.token, json!({}))
        .await
        .expect(200);
    assert_eq!(submitted.body["status"], "submitted");
    assert_eq!(submitted.body["submitted_by"], bob.id);
    assert!(submitted.body["locked_reason"].is_string());
    app.post(&step("submit"), &bob.token, json!({}))
        .await
        .expect_problem(409, "timesheet_not_open");
    app.post(&step("approve"), &bob.token, bobs.clone())
        .await
        .expect_problem(403, "insufficient_role");
    app.post(&step("approve"), &carl.token, bobs.clone())
        .await
        .expect_problem(403, "insufficient_role");

    // A rejection says why; the week is open again and its person submits it again.
    let refused = app
        .post(&step("reject"), &ann.token, bobs.clone())
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors(), pairs(&[("comment", "required")]));
    let rejected = app
        .post(
            &step("reject"),
            &ann.token,
            json!({"user_id": bob.id, "comment": "Friday is missing"}),
        )
        .await
        .expect(200);
    assert_eq!(rejected.body["status"], "rejected");
    assert_eq!(rejected.body["comment"], "Friday is missing");
    assert_eq!(rejected.body["decided_by"], ann.id);
    assert_eq!(rejected.body["locked_reason"], Value::Null);
    app.post(&step("submit"), &bob.token, json!({}))
        .await
        .expect(200);
    // Its person may take it back while it waits.
    let withdrawn = app
        .post(&step("withdraw"), &bob.token, json!({}))
        .await
        .expect(200);
    assert_eq!(withdrawn.body["status"], "open");
    app.post(&step("withdraw"), &bob.token, json!({}))
        .await
        .expect_problem(409, "timesheet_not_submitted");
    // An admin submits for Bob, and approves.
    app.post(&step("submit"), &ann.token, bobs.clone())
        .await
        .expect(200);
    let approved = app
        .post(&step("approve"), &ann.token, bobs.clone())
        .await
        .expect(200);
    assert_eq!(approved.body["status"], "approved");
    assert_eq!(approved.body["total"], "3.00");
    app.post(&step("approve"), &ann.token, bobs.clone())
        .await
        .expect_problem(409, "timesheet_not_submitted");
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries?user={}", bob.id),
            &bob.token,
        )
        .await
        .expect(200);
    assert_eq!(listed.body["items"][0]["id"], entry);
    assert_eq!(listed.body["items"][0]["approved"], true);

    // Reopening: board admins only, audited, and the entries lose their mark.
    app.post(&step("reopen"), &bob.token, bobs.clone())
        .await
        .expect_problem(403, "insufficient_role");
    let reopened = app
        .post(&step("reopen"), &ann.token, bobs.clone())
        .await
        .expect(200);
    assert_eq!(reopened.body["status"], "open");
    app.post(&step("reopen"), &ann.token, bobs.clone())
        .await
        .expect_problem(409, "timesheet_not_approved");
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries?user={}", bob.id),
            &bob.token,
        )
        .await
        .expect(200);
    assert_eq!(listed.body["items"][0]["approved"], false);
    let trail = app
        .get(&format!("/api/v1/boards/{board}/audit"), &ann.token)
        .await
        .expect(200);
    let reopen = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "timesheet_week" && e["action"] == "reopen")
        .expect("the reopening is in the board's trail")
        .clone();
    assert_eq!(reopen["actor_id"], ann.id);
    assert_eq!(reopen["before"]["status"], "approved");
    assert_eq!(reopen["after"]["status"], "open");
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM audit_event WHERE entity_type = 'timesheet_week'")
            .await,
        7
    );
}

#[tokio::test]
async fn time_in_a_submitted_or_approved_week_is_locked() {
    let Setup {
        app,
        ann,
        bob,
        board,
        design,
        ..
    } = setup().await;
    let entry = app
        .log(&bob, board, design, "3.00", "2026-11-18")
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    let path = sheet_path(board, WEEK);
    let entry_path = format!("/api/v1/time-entries/{entry}");
    app.post(&format!("{path}/submit"), &bob.token, json!({}))
        .await
        .expect(200);
    let refused = app
        .log(&bob, board, design, "1.00", "2026-11-16")
        .await
        .expect_problem(409, "entry_locked");
    assert_eq!(
        refused.body["detail"],
        "the week of 2026-11-16 is submitted for approval; its person can withdraw it, or a \
         board admin can reject it"
    );
    app.post(
        &format!("{path}/approve"),
        &ann.token,
        json!({"user_id": bob.id}),
    )
    .await
    .expect(200);
    let approved = "the week of 2026-11-16 is approved; a board admin can reopen it";
    for who in [&bob, &ann] {
        let refused = app
            .post(
                &format!("/api/v1/boards/{board}/tasks/{design}/time-entries"),
                &who.token,
                json!({"hours": "1.00", "work_date": "2026-11-22", "user_id": bob.id}),
            )
            .await
            .expect_problem(409, "entry_locked");
        assert_eq!(refused.body["detail"], approved);
        app.patch(&entry_path, &who.token, json!({"hours": "1.00"}))
            .await
            .expect_problem(409, "entry_locked");
        app.delete(&entry_path, &who.token)
            .await
            .expect_problem(409, "entry_locked");
    }
    // Moving an entry of an open week into the approved one is refused too.
    let other = app
        .log(&bob, board, design, "1.00", "2026-11-24")
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    app.patch(
        &format!("/api/v1/time-entries/{other}"),
        &bob.token,
        json!({"work_date": "2026-11-17"}),
    )
    .await
    .expect_problem(409, "entry_locked");
    let tag = etag(&app, &bob, &path).await;
    let refused = put_sheet(
        &app,
        &bob,
        &path,
        Some(&tag),
        json!({"cells": [cell(design, "2026-11-18", "4.00")]}),
    )
    .await
    .expect_problem(409, "entry_locked");
    assert_eq!(refused.body["detail"], approved);
    let sheet = app.get(&path, &bob.token).await.expect(200).body;
    assert_eq!(sheet["locked_reason"], approved);
    assert!(sheet["days"]
        .as_array()
        .unwrap()
        .iter()
        .all(|day| day["closed"] == true));

    // Reopened, it changes again.
    app.post(
        &format!("{path}/reopen"),
        &ann.token,
        json!({"user_id": bob.id}),
    )
    .await
    .expect(200);
    let changed = app
        .patch(&entry_path, &bob.token, json!({"hours": "1.50"}))
        .await
        .expect(200);
    assert_eq!(changed.body["hours"], "1.50");
    assert_eq!(changed.body["approved"], false);
}

#[tokio::test]
async fn the_organisation_lock_date_closes_time_and_only_its_admins_move_it() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let bob = app.user("bob", Some("60.00")).await;
    let mia = app.user("mia", None).await;
    let org = app.organization(&ann, "Acme").await;
    app.org_join(&ann, org, &bob, "member").await;
    app.org_join(&ann, org, &mia, "member").await;
    let board = app
        .new_board(
            &ann,
            json!({"name": "Launch", "organization_id": org, "start_date": "2026-09-01"}),
        )
        .await;
    app.member(&ann, board, &bob, "editor", None).await;
    let task = app.task(&ann, board, "Design").await;
    let before = app
        .log(&bob, board, task, "2.00", "2026-11-09")
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    let lock = format!("/api/v1/organizations/{org}/lock");
    assert_eq!(
        app.get(&lock, &mia.token).await.expect(200).body,
        json!({"closed_through": null})
    );
    app.put(&lock, &mia.token, json!({"closed_through": "2026-11-10"}))
        .await
        .expect_problem(403, "insufficient_role");
    let outsider = app.user("otto", None).await;
    app.put(
        &lock,
        &outsider.token,
        json!({"closed_through": "2026-11-10"}),
    )
    .await
    .expect_problem(403, "organization_access_denied");
    let set = app
        .put(&lock, &ann.token, json!({"closed_through": "2026-11-10"}))
        .await
        .expect(200);
    assert_eq!(set.body, json!({"closed_through": "2026-11-10"}));
    assert_eq!(
        app.get(&lock, &bob.token).await.expect(200).body,
        json!({"closed_through": "2026-11-10"})
    );

    let closed = "the organisation closed time up to 2026-11-10; an organisation admin can move \
                  its lock date back";
    let refused = app
        .log(&bob, board, task, "1.00", "2026-11-10")
        .await
        .expect_problem(409, "entry_locked");
    assert_eq!(refused.body["detail"], closed);
    app.log(&bob, board, task, "1.00", "2026-11-11")
        .await
        .expect(201);
    for who in [&bob, &ann] {
        app.patch(
            &format!("/api/v1/time-entries/{before}"),
            &who.token,
            json!({"hours": "1.00"}),
        )
        .await
        .expect_problem(409, "entry_locked");
        app.delete(&format!("/api/v1/time-entries/{before}"), &who.token)
            .await
            .expect_problem(409, "entry_locked");
    }
    let sheet = app
        .get(&sheet_path(board, "2026-11-09"), &bob.token)
        .await
        .expect(200)
        .body;
    let closed_days: Vec<bool> = sheet["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| day["closed"].as_bool().unwrap())
        .collect();
    assert_eq!(
        closed_days,
        vec![true, true, false, false, false, false, false]
    );
    assert_eq!(sheet["closed_through"], "2026-11-10");
    assert_eq!(sheet["locked_reason"], Value::Null);

    // Cleared, the time changes again; both changes are in the organisation's trail.
    app.put(&lock, &ann.token, json!({"closed_through": null}))
        .await
        .expect(200);
    app.delete(&format!("/api/v1/time-entries/{before}"), &bob.token)
        .await
        .expect(204);
    let trail = app
        .get(&format!("/api/v1/organizations/{org}/audit"), &ann.token)
        .await
        .expect(200);
    let changes: Vec<(Value, Value)> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "time_lock")
        .map(|e| (e["before"].clone(), e["after"].clone()))
        .collect();
    assert_eq!(
        changes.len(),
        2,
        "the lock date's changes are audited: {changes:?}"
    );
    assert!(changes.contains(&(
        json!({"closed_through": null}),
        json!({"closed_through": "2026-11-10"})
    )));
    assert!(changes.contains(&(
        json!({"closed_through": "2026-11-10"}),
        json!({"closed_through": null})
    )));
}

#[tokio::test]
async fn the_approvals_queues_list_submitted_weeks_with_their_hours() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let org = app.organization(&ann, "Acme").await;
    app.org_join(&ann, org, &bob, "member").await;
    let board = app
        .new_board(
            &ann,
            json!({"name": "Launch", "organization_id": org, "start_date": "2026-09-01"}),
        )
        .await;
    app.member(&ann, board, &bob, "editor", None).await;
    let task = app.task(&ann, board, "Design").await;
    for (hours, day) in [
        ("2.00", "2026-11-16"),
        ("1.25", "2026-11-20"),
        ("4.00", "2026-11-24"),
    ] {
        app.log(&bob, board, task, hours, day).await.expect(201);
    }
    app.post(
        &format!("{}/submit", sheet_path(board, WEEK)),
        &bob.token,
        json!({}),
    )
    .await
    .expect(200);
    let queue = app
        .get(
            &format!("/api/v1/boards/{board}/timesheet-approvals"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(queue["total"], 1);
    let item = &queue["items"][0];
    assert_eq!(item["user_id"], bob.id);
    assert_eq!(item["user_name"], "bob");
    assert_eq!(item["board_name"], "Launch");
    assert_eq!(item["week"], WEEK);
    assert_eq!(item["status"], "submitted");
    assert_eq!(item["total"], "3.25");
    let org_queue = app
        .get(
            &format!("/api/v1/organizations/{org}/timesheet-approvals"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(org_queue["items"], queue["items"]);
    let approved = app
        .get(
            &format!("/api/v1/boards/{board}/timesheet-approvals?status=approved"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(approved["total"], 0);
    app.get(
        &format!("/api/v1/boards/{board}/timesheet-approvals"),
        &bob.token,
    )
    .await
    .expect_problem(403, "insufficient_role");
    app.get(
        &format!("/api/v1/organizations/{org}/timesheet-approvals"),
        &bob.token,
    )
    .await
    .expect_problem(403, "insufficient_role");
}

#[tokio::test]
async fn a_cell_of_several_entries_moves_its_newest_and_admins_save_for_others() {
    let Setup {
        app,
        ann,
        bob,
        board,
        design,
        ..
    } = setup().await;
    let carl = app.user("carl", None).await;
    app.member(&ann, board, &carl, "editor", None).await;
    app.log(&bob, board, design, "1.00", "2026-11-17")
        .await
        .expect(201);
    let newest = app
        .log(&bob, board, design, "2.00", "2026-11-17")
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    let path = format!("{}?user_id={}", sheet_path(board, WEEK), bob.id);
    let tag = etag(&app, &ann, &path).await;
    let sheet = app.get(&path, &ann.token).await.expect(200).body;
    assert_eq!(sheet["rows"][0]["entries"][1], 2);

    // Another editor may not save Bob's week where the board does not let editors log for
    // others; a board admin may, and the time stays Bob's, at his rate.
    put_sheet(
        &app,
        &carl,
        &path,
        Some(&tag),
        json!({"cells": [cell(design, "2026-11-17", "4.00")]}),
    )
    .await
    .expect_problem(403, "not_logging_for_others");
    let saved = put_sheet(
        &app,
        &ann,
        &path,
        Some(&tag),
        json!({"cells": [cell(design, "2026-11-17", "4.00"), cell(design, "2026-11-19", "1.00")]}),
    )
    .await
    .expect(200);
    assert_eq!(saved.body["user_id"], bob.id);
    assert_eq!(saved.body["total"], "5.00");
    assert_eq!(
        app.sql_number(&format!(
            "SELECT CAST(centihours AS BIGINT) FROM time_entry WHERE id = {newest}"
        ))
        .await,
        300
    );
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM time_entry WHERE user_id = {} AND hourly_rate_cents = 9000",
            bob.id
        ))
        .await,
        3
    );

    // The newest entry cannot take a difference larger than its time.
    let tag = saved.body["etag"].as_str().unwrap().to_owned();
    let refused = put_sheet(
        &app,
        &ann,
        &path,
        Some(&tag),
        json!({"cells": [cell(design, "2026-11-17", "0.50")]}),
    )
    .await
    .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("cells[0].hours", "several_entries")])
    );
}
