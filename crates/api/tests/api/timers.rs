//! Timers: one running per person; stopping logs its time as entries at the board's rounding,
//! one per day of the person's offset, every entry under the rules of logging time (all or
//! none); a forgotten timer is capped and flagged; discarding logs nothing; a timer is its
//! person's alone. Time is driven by pinning the server's clock.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::support::*;

const MY_TIMER: &str = "/api/v1/me/timer";
const STOP: &str = "/api/v1/me/timer/stop";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn start_url(board: i64, task: i64) -> String {
    format!("/api/v1/boards/{board}/tasks/{task}/timer")
}

/// Ann (cost rate 50.00 an hour) with a board of the given rounding and one task on it.
struct World {
    app: TestApp,
    ann: User,
    board: i64,
    task: i64,
}

impl World {
    async fn new(rounding: &str) -> Self {
        Self::on(TestApp::spawn().await, rounding).await
    }

    async fn on(app: TestApp, rounding: &str) -> Self {
        let ann = app.user("ann", Some("50.00")).await;
        let board = app
            .new_board(
                &ann,
                json!({"name": "Timed", "start_date": "2026-09-01", "time_rounding": rounding}),
            )
            .await;
        let task = app.task(&ann, board, "Design").await;
        Self {
            app,
            ann,
            board,
            task,
        }
    }

    /// Pins the server's clock to `instant`. Sign-ins come before: a session issued at a pinned
    /// past instant would already have expired.
    fn now(&self, instant: &str) {
        self.app.domain.clock.pin_now(at(instant));
    }

    async fn start(&self, who: &User, board: i64, task: i64, body: Value) -> Response {
        self.app
            .post(&start_url(board, task), &who.token, body)
            .await
    }

    async fn stop(&self, who: &User) -> Response {
        self.app
            .request(reqwest::Method::POST, STOP, Some(&who.token), None)
            .await
    }

    async fn entries(&self, board: i64) -> Vec<Value> {
        let page = self
            .app
            .get(
                &format!("/api/v1/boards/{board}/time-entries"),
                &self.ann.token,
            )
            .await
            .expect(200);
        page.body["items"].as_array().unwrap().clone()
    }
}

/// The (work date, hours, labour cost) of entries.
fn logged(entries: &[Value]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| {
            (
                e["work_date"].as_str().unwrap().to_owned(),
                e["hours"].as_str().unwrap().to_owned(),
                e["labour_cost"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn triple(date: &str, hours: &str, cost: &str) -> (String, String, String) {
    (date.to_owned(), hours.to_owned(), cost.to_owned())
}

#[tokio::test]
async fn stopping_logs_the_time_at_each_rounding_rule_of_the_board() {
    // 1 h 20 min 10 s: 1.3361… hours.
    for (rounding, hours, cost) in [
        ("none", "1.34", "67.00"),
        ("up_to_1_minute", "1.35", "67.50"),
        ("up_to_6_minutes", "1.40", "70.00"),
        ("up_to_15_minutes", "1.50", "75.00"),
    ] {
        let w = World::new(rounding).await;
        w.now("2026-11-25T09:00:00Z");
        let started = w
            .start(
                &w.ann,
                w.board,
                w.task,
                json!({"description": "Wireframes", "utc_offset_minutes": 60}),
            )
            .await
            .expect(201);
        assert_eq!(started.header("location").as_deref(), Some(MY_TIMER));
        assert_eq!(started.body["stopped"], Value::Null);
        w.now("2026-11-25T10:20:10Z");
        let running = w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body;
        assert_eq!(
            running,
            json!({"timer": {
                "board_id": w.board,
                "board_name": "Timed",
                "task_id": w.task,
                "task_title": "Design",
                "started_at": "2026-11-25T09:00:00Z",
                "utc_offset_minutes": 60,
                "description": "Wireframes",
                "is_billable": true,
                "elapsed_seconds": 4_810,
                "cap_at": "2026-11-25T21:00:00Z",
                "past_cap": false,
            }}),
            "{rounding}"
        );

        let stopped = w.stop(&w.ann).await.expect(200).body;
        assert_eq!(stopped["timer"], running["timer"], "{rounding}");
        assert_eq!(stopped["capped"], false);
        assert_eq!(stopped["uncounted_hours"], "0.00");
        let entries = stopped["entries"].as_array().unwrap();
        assert_eq!(
            logged(entries),
            [triple("2026-11-25", hours, cost)],
            "{rounding}"
        );
        assert_eq!(entries[0]["task_id"], w.task);
        assert_eq!(entries[0]["user_id"], w.ann.id);
        assert_eq!(entries[0]["description"], "Wireframes");
        assert_eq!(entries[0]["is_billable"], true);
        // The entry is the board's, as logged.
        assert_eq!(w.entries(w.board).await, entries.clone(), "{rounding}");
        assert_eq!(
            w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body,
            json!({"timer": null})
        );
    }
}

#[tokio::test]
async fn a_timer_stopped_in_its_first_seconds_logs_the_smallest_amount_not_zero() {
    let w = World::new("none").await;
    w.now("2026-11-25T09:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({}))
        .await
        .expect(201);
    w.now("2026-11-25T09:00:04Z");
    let stopped = w.stop(&w.ann).await.expect(200).body;
    assert_eq!(
        logged(stopped["entries"].as_array().unwrap()),
        [triple("2026-11-25", "0.01", "0.50")]
    );
}

#[tokio::test]
async fn one_timer_runs_per_person_and_starting_another_stops_and_logs_the_first() {
    let w = World::new("none").await;
    let other = w.app.task(&w.ann, w.board, "Build").await;
    let second_board = w.app.board(&w.ann, "Second").await;
    let elsewhere = w.app.task(&w.ann, second_board, "Elsewhere").await;
    w.now("2026-11-25T09:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({"description": "first"}))
        .await
        .expect(201);
    w.now("2026-11-25T09:30:00Z");
    let second = w
        .start(&w.ann, w.board, other, json!({"description": "second"}))
        .await
        .expect(201)
        .body;
    assert_eq!(second["timer"]["task_id"], other);
    assert_eq!(second["timer"]["started_at"], "2026-11-25T09:30:00Z");
    assert_eq!(second["timer"]["elapsed_seconds"], 0);
    let stopped = &second["stopped"];
    assert_eq!(stopped["timer"]["task_id"], w.task);
    assert_eq!(stopped["timer"]["elapsed_seconds"], 1_800);
    assert_eq!(
        logged(stopped["entries"].as_array().unwrap()),
        [triple("2026-11-25", "0.50", "25.00")]
    );
    assert_eq!(stopped["entries"][0]["task_id"], w.task);
    assert_eq!(stopped["entries"][0]["description"], "first");
    assert_eq!(w.app.sql_number("SELECT COUNT(*) FROM timer").await, 1);

    // On another board too: the running one stops on its own board.
    w.now("2026-11-25T10:00:00Z");
    let third = w
        .start(&w.ann, second_board, elsewhere, json!({}))
        .await
        .expect(201)
        .body;
    assert_eq!(third["stopped"]["timer"]["task_id"], other);
    assert_eq!(third["stopped"]["entries"][0]["board_id"], w.board);
    assert_eq!(third["stopped"]["entries"][0]["hours"], "0.50");
    let running = w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body;
    assert_eq!(running["timer"]["task_id"], elsewhere);
    assert_eq!(running["timer"]["board_name"], "Second");
    assert_eq!(w.app.sql_number("SELECT COUNT(*) FROM timer").await, 1);
    assert_eq!(w.entries(w.board).await.len(), 2);
    assert_eq!(w.entries(second_board).await.len(), 0);
}

#[tokio::test]
async fn a_timer_past_midnight_becomes_one_entry_per_day_of_the_persons_offset() {
    let w = World::new("none").await;
    // 23:15 on the 23rd to 02:45 on the 24th at UTC+01:00.
    w.now("2026-11-23T22:15:00Z");
    w.start(
        &w.ann,
        w.board,
        w.task,
        json!({"utc_offset_minutes": 60, "description": "Release night"}),
    )
    .await
    .expect(201);
    w.now("2026-11-24T01:45:00Z");
    let stopped = w.stop(&w.ann).await.expect(200).body;
    let entries = stopped["entries"].as_array().unwrap();
    assert_eq!(
        logged(entries),
        [
            triple("2026-11-23", "0.75", "37.50"),
            triple("2026-11-24", "2.75", "137.50"),
        ]
    );
    for entry in entries {
        assert_eq!(entry["description"], "Release night");
    }
    // West of UTC the same run is one day, the 23rd (17:15 to 20:45 at UTC-05:00).
    w.now("2026-11-23T22:15:00Z");
    w.start(&w.ann, w.board, w.task, json!({"utc_offset_minutes": -300}))
        .await
        .expect(201);
    w.now("2026-11-24T01:45:00Z");
    let west = w.stop(&w.ann).await.expect(200).body;
    assert_eq!(
        logged(west["entries"].as_array().unwrap()),
        [triple("2026-11-23", "3.50", "175.00")]
    );
}

#[tokio::test]
async fn the_24_hours_rule_refusing_one_day_logs_nothing_and_keeps_the_timer() {
    let w = World::new("none").await;
    w.app
        .log(&w.ann, w.board, w.task, "16.00", "2026-11-24")
        .await
        .expect(201);
    w.app
        .log(&w.ann, w.board, w.task, "7.50", "2026-11-24")
        .await
        .expect(201);
    // One hour on the 23rd (fine) and one on the 24th (24.50 hours): neither is logged.
    w.now("2026-11-23T23:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({}))
        .await
        .expect(201);
    w.now("2026-11-24T01:00:00Z");
    let refused = w
        .stop(&w.ann)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("hours", "daily_limit_exceeded")])
    );
    assert_eq!(w.entries(w.board).await.len(), 2);
    let running = w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body;
    assert_eq!(running["timer"]["started_at"], "2026-11-23T23:00:00Z");

    // Starting another timer stops this one first: refused the same way, nothing changes.
    let refused = w
        .start(&w.ann, w.board, w.task, json!({"description": "next"}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("hours", "daily_limit_exceeded")])
    );
    assert_eq!(
        w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body,
        running
    );
    assert_eq!(w.entries(w.board).await.len(), 2);

    // Stopped before the 24th fills up, it logs.
    w.app.domain.clock.pin_now(at("2026-11-24T00:30:00Z"));
    let stopped = w.stop(&w.ann).await.expect(200).body;
    assert_eq!(
        logged(stopped["entries"].as_array().unwrap()),
        [
            triple("2026-11-23", "1.00", "50.00"),
            triple("2026-11-24", "0.50", "25.00"),
        ]
    );
}

#[tokio::test]
async fn a_forgotten_timer_is_flagged_past_its_cap_and_logs_only_the_cap() {
    let w = World::new("up_to_15_minutes").await;
    w.now("2026-11-24T08:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({}))
        .await
        .expect(201);
    w.now("2026-11-24T19:59:59Z");
    let before = w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body;
    assert_eq!(before["timer"]["past_cap"], false);
    w.now("2026-11-24T21:30:00Z");
    let running = w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body;
    assert_eq!(running["timer"]["cap_at"], "2026-11-24T20:00:00Z");
    assert_eq!(running["timer"]["past_cap"], true);
    assert_eq!(running["timer"]["elapsed_seconds"], 48_600);

    let stopped = w.stop(&w.ann).await.expect(200).body;
    assert_eq!(stopped["capped"], true);
    assert_eq!(stopped["uncounted_hours"], "1.50");
    assert_eq!(stopped["timer"]["past_cap"], true);
    assert_eq!(
        logged(stopped["entries"].as_array().unwrap()),
        [triple("2026-11-24", "12.00", "600.00")]
    );
}

#[tokio::test]
async fn the_cap_is_a_setting_and_a_day_over_sixteen_hours_is_two_entries() {
    let app = TestApp::spawn_configured(engine(), |settings| settings.timer_cap_hours = 20).await;
    let w = World::on(app, "none").await;
    w.now("2026-11-24T01:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({}))
        .await
        .expect(201);
    w.now("2026-11-24T21:30:00Z");
    let stopped = w.stop(&w.ann).await.expect(200).body;
    assert_eq!(stopped["capped"], true);
    assert_eq!(stopped["uncounted_hours"], "0.50");
    assert_eq!(stopped["timer"]["cap_at"], "2026-11-24T21:00:00Z");
    assert_eq!(
        logged(stopped["entries"].as_array().unwrap()),
        [
            triple("2026-11-24", "16.00", "800.00"),
            triple("2026-11-24", "4.00", "200.00"),
        ]
    );
}

#[tokio::test]
async fn discarding_logs_nothing() {
    let w = World::new("none").await;
    w.now("2026-11-25T08:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({}))
        .await
        .expect(201);
    w.now("2026-11-25T10:00:00Z");
    w.app.delete(MY_TIMER, &w.ann.token).await.expect(204);
    assert!(w.entries(w.board).await.is_empty());
    assert_eq!(
        w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body,
        json!({"timer": null})
    );
    w.stop(&w.ann).await.expect_problem(404, "not_found");
    w.app
        .delete(MY_TIMER, &w.ann.token)
        .await
        .expect_problem(404, "not_found");
    assert!(w.entries(w.board).await.is_empty());
}

#[tokio::test]
async fn another_person_cannot_stop_or_discard_my_timer() {
    let w = World::new("none").await;
    let bob = w.app.user("bob", Some("40.00")).await;
    w.app.member(&w.ann, w.board, &bob, "admin", None).await;
    w.now("2026-11-25T08:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({}))
        .await
        .expect(201);
    w.now("2026-11-25T09:00:00Z");
    // "My timer" is the caller's: Bob has none, even as the board's admin.
    w.stop(&bob).await.expect_problem(404, "not_found");
    w.app
        .delete(MY_TIMER, &bob.token)
        .await
        .expect_problem(404, "not_found");
    assert_eq!(
        w.app.get(MY_TIMER, &bob.token).await.expect(200).body,
        json!({"timer": null})
    );
    assert!(w.entries(w.board).await.is_empty());
    // Bob's own timer leaves Ann's running.
    w.start(&bob, w.board, w.task, json!({})).await.expect(201);
    let anns = w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body;
    assert_eq!(anns["timer"]["started_at"], "2026-11-25T08:00:00Z");
    let stopped = w.stop(&w.ann).await.expect(200).body;
    assert_eq!(stopped["entries"][0]["user_id"], w.ann.id);
    assert_eq!(stopped["entries"][0]["hours"], "1.00");
}

#[tokio::test]
async fn starting_takes_an_editor_of_the_board_a_task_on_it_and_a_sane_offset() {
    let w = World::new("none").await;
    let viewer = w.app.user("vic", None).await;
    w.app.member(&w.ann, w.board, &viewer, "viewer", None).await;
    let outsider = w.app.user("otto", None).await;
    let other_board = w.app.board(&outsider, "Otto's").await;
    let others_task = w.app.task(&outsider, other_board, "Not yours").await;

    w.start(&viewer, w.board, w.task, json!({}))
        .await
        .expect_problem(403, "insufficient_role");
    w.start(&outsider, w.board, w.task, json!({}))
        .await
        .expect_problem(403, "board_access_denied");
    w.start(&w.ann, w.board, others_task, json!({}))
        .await
        .expect_problem(404, "not_found");
    for offset in [-721, 841] {
        let refused = w
            .start(
                &w.ann,
                w.board,
                w.task,
                json!({"utc_offset_minutes": offset}),
            )
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            refused.field_errors(),
            pairs(&[("utc_offset_minutes", "out_of_range")])
        );
    }
    assert_eq!(w.app.sql_number("SELECT COUNT(*) FROM timer").await, 0);

    // Without a credential, every timer route answers 401.
    for (method, path) in [
        (reqwest::Method::GET, MY_TIMER.to_owned()),
        (reqwest::Method::DELETE, MY_TIMER.to_owned()),
        (reqwest::Method::POST, STOP.to_owned()),
        (reqwest::Method::POST, start_url(w.board, w.task)),
    ] {
        w.app
            .request(method, &path, None, Some(&json!({})))
            .await
            .expect_problem(401, "unauthenticated");
    }
}

#[tokio::test]
async fn a_deleted_task_takes_its_timer_with_it() {
    let w = World::new("none").await;
    w.now("2026-11-25T08:00:00Z");
    w.start(&w.ann, w.board, w.task, json!({}))
        .await
        .expect(201);
    w.app
        .delete(
            &format!("/api/v1/boards/{}/tasks/{}", w.board, w.task),
            &w.ann.token,
        )
        .await
        .expect(204);
    assert_eq!(
        w.app.get(MY_TIMER, &w.ann.token).await.expect(200).body,
        json!({"timer": null})
    );
}

#[tokio::test]
async fn a_running_timer_can_be_moved_back_and_its_details_changed() {
    let w = World::new("none").await;
    w.now("2026-11-25T10:00:00Z");
    w.app
        .patch(MY_TIMER, &w.ann.token, json!({"description": "x"}))
        .await
        .expect_problem(404, "not_found");
    w.start(&w.ann, w.board, w.task, json!({"description": "draft"}))
        .await
        .expect(201);
    w.now("2026-11-25T10:30:00Z");
    let refused = w
        .app
        .patch(
            MY_TIMER,
            &w.ann.token,
            json!({"started_at": "2026-11-25T10:30:01Z", "utc_offset_minutes": 900}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[
            ("utc_offset_minutes", "out_of_range"),
            ("started_at", "in_future")
        ])
    );
    // Started late: moved back to when the work began.
    let changed = w
        .app
        .patch(
            MY_TIMER,
            &w.ann.token,
            json!({"started_at": "2026-11-25T09:15:00Z", "description": "Client call",
                   "is_billable": false, "utc_offset_minutes": 60}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        changed,
        json!({
            "board_id": w.board,
            "board_name": "Timed",
            "task_id": w.task,
            "task_title": "Design",
            "started_at": "2026-11-25T09:15:00Z",
            "utc_offset_minutes": 60,
            "description": "Client call",
            "is_billable": false,
            "elapsed_seconds": 4_500,
            "cap_at": "2026-11-25T21:15:00Z",
            "past_cap": false,
        })
    );
    w.now("2026-11-25T11:00:00Z");
    let stopped = w.stop(&w.ann).await.expect(200).body;
    let entry = &stopped["entries"][0];
    assert_eq!(
        logged(stopped["entries"].as_array().unwrap()),
        [triple("2026-11-25", "1.75", "87.50")]
    );
    assert_eq!(entry["description"], "Client call");
    assert_eq!(entry["is_billable"], false);
    assert_eq!(entry["billable_amount"], "0.00");
}

#[tokio::test]
async fn starts_at_once_leave_one_timer_and_log_each_replaced_one_once() {
    let w = World::new("none").await;
    w.now("2026-11-25T10:00:00Z");
    let starts = futures_util::future::join_all((0..5).map(|n| {
        w.start(
            &w.ann,
            w.board,
            w.task,
            json!({"description": format!("start {n}")}),
        )
    }))
    .await;
    let mut replaced = 0;
    for started in starts {
        let body = started.expect(201).body;
        if !body["stopped"].is_null() {
            replaced += 1;
            assert_eq!(body["stopped"]["entries"].as_array().unwrap().len(), 1);
        }
    }
    assert_eq!(replaced, 4);
    assert_eq!(w.app.sql_number("SELECT COUNT(*) FROM timer").await, 1);
    let entries = w.entries(w.board).await;
    assert_eq!(entries.len(), 4);
    for entry in &entries {
        assert_eq!(entry["hours"], "0.01");
    }
}

#[tokio::test]
async fn a_timer_on_a_board_its_person_left_cannot_be_stopped_but_can_be_discarded() {
    let w = World::new("none").await;
    let bob = w.app.user("bob", None).await;
    w.app.member(&w.ann, w.board, &bob, "editor", None).await;
    w.now("2026-11-25T08:00:00Z");
    w.start(&bob, w.board, w.task, json!({})).await.expect(201);
    w.app
        .delete(
            &format!("/api/v1/boards/{}/members/{}", w.board, bob.id),
            &w.ann.token,
        )
        .await
        .expect(204);
    w.now("2026-11-25T09:00:00Z");
    w.stop(&bob)
        .await
        .expect_problem(403, "board_access_denied");
    assert!(w.entries(w.board).await.is_empty());
    w.app.delete(MY_TIMER, &bob.token).await.expect(204);
    assert_eq!(
        w.app.get(MY_TIMER, &bob.token).await.expect(200).body,
        json!({"timer": null})
    );
}
