//! Imports of time entries from CSV files: each format's documented export, the dry run, the
//! applied import as a job with its progress, once per file, each reason a row is refused,
//! missing tasks, someone else's time, and the round trip of our own export.

use std::time::Duration;

use reqwest::Method;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{json, Value};

use crate::support::{Response, TestApp, User};

const TOGGL: &str = include_str!("../fixtures/toggl_detailed.csv");
const CLOCKIFY: &str = include_str!("../fixtures/clockify_detailed.csv");
const KIMAI: &str = include_str!("../fixtures/kimai_export.csv");

/// A board of Ann's (its admin) with Bob as an editor and the tasks "Design" and "Build".
struct World {
    app: TestApp,
    ann: User,
    bob: User,
    board: i64,
    design: i64,
    build: i64,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let ann = app.user("ann", Some("50.00")).await;
        let bob = app.user("bob", Some("40.00")).await;
        let board = app.board(&ann, "Website").await;
        app.member(&ann, board, &bob, "editor", None).await;
        let design = app.task(&ann, board, "Design").await;
        let build = app.task(&ann, board, "Build").await;
        Self {
            app,
            ann,
            bob,
            board,
            design,
            build,
        }
    }

    async fn send(&self, who: &User, query: &str, csv: &str) -> Response {
        let url = format!(
            "{}/api/v1/boards/{}/imports?{query}",
            self.app.base, self.board
        );
        let response = self
            .app
            .client
            .request(Method::POST, url)
            .bearer_auth(&who.token)
            .header("content-type", "text/csv")
            .body(csv.to_owned())
            .send()
            .await
            .expect("request sent");
        TestApp::read(response).await
    }

    /// Applies `csv` as `who` and waits for the import to finish: its final report.
    async fn apply(&self, who: &User, query: &str, csv: &str) -> Value {
        let started = self.send(who, query, csv).await.expect(202);
        let location = started.header("location").unwrap();
        let id = started.body["id"].as_i64().unwrap();
        assert_eq!(
            location,
            format!("/api/v1/boards/{}/imports/{id}", self.board)
        );
        self.wait(who, id).await
    }

    async fn wait(&self, who: &User, id: i64) -> Value {
        for _ in 0..600 {
            let report = self
                .app
                .get(
                    &format!("/api/v1/boards/{}/imports/{id}", self.board),
                    &who.token,
                )
                .await
                .expect(200)
                .body;
            if report["status"] != "running" {
                return report;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the import did not finish");
    }

    /// The board's entries as (person, task, date, hours, description, billable), sorted.
    async fn entries(&self) -> Vec<(i64, i64, String, String, String, bool)> {
        let page = self
            .app
            .get(
                &format!("/api/v1/boards/{}/time-entries?limit=500", self.board),
                &self.ann.token,
            )
            .await
            .expect(200)
            .body;
        let mut rows: Vec<_> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["user_id"].as_i64().unwrap(),
                    e["task_id"].as_i64().unwrap(),
                    e["work_date"].as_str().unwrap().to_owned(),
                    e["hours"].as_str().unwrap().to_owned(),
                    e["description"].as_str().unwrap().to_owned(),
                    e["is_billable"].as_bool().unwrap(),
                )
            })
            .collect();
        rows.sort();
        rows
    }

    async fn count(&self, table: &str) -> i64 {
        self.app
            .sql_number(&format!("SELECT COUNT(*) FROM {table}"))
            .await
    }
}

fn row(
    who: &User,
    task: i64,
    date: &str,
    hours: &str,
    text: &str,
    billable: bool,
) -> (i64, i64, String, String, String, bool) {
    (
        who.id,
        task,
        date.to_owned(),
        hours.to_owned(),
        text.to_owned(),
        billable,
    )
}

fn sorted(
    mut rows: Vec<(i64, i64, String, String, String, bool)>,
) -> Vec<(i64, i64, String, String, String, bool)> {
    rows.sort();
    rows
}

#[tokio::test]
async fn a_toggl_detailed_report_imports_with_exact_hours_dates_people_and_tasks() {
    let w = World::new().await;
    let report = w.apply(&w.ann, "", TOGGL).await;
    assert_eq!(report["status"], "done");
    assert_eq!(report["format"], "toggl");
    assert_eq!(report["rows_total"], 3);
    assert_eq!(report["rows_done"], 3);
    assert_eq!(report["accepted"], 3);
    assert_eq!(report["refused"], 0);
    // 1:17:00 → 1.28; 2:30:18 → 2.505 → 2.50 (half to even); 0:45:54 → 0.765 → 0.76.
    assert_eq!(report["hours"], "4.54");
    assert_eq!(
        w.entries().await,
        sorted(vec![
            row(&w.ann, w.design, "2026-11-02", "1.28", "Wireframes", true),
            row(
                &w.ann,
                w.build,
                "2026-11-02",
                "2.50",
                "Login form, first cut",
                false
            ),
            row(&w.bob, w.design, "2026-11-03", "0.76", "Review", true),
        ])
    );
    // Priced at each person's rate: Ann 1.28 h × 50.00 = 64.00; Bob 0.76 h × 40.00 = 30.40.
    let labour = w
        .app
        .sql_number("SELECT CAST(SUM(labour_cost_cents) AS BIGINT) FROM time_entry")
        .await;
    assert_eq!(labour, 6_400 + 12_500 + 3_040);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["outcome"], "created");
    assert!(rows[0]["entry_id"].as_i64().is_some());
    assert_eq!(rows[2]["email"], "bob@example.com");
    assert_eq!(rows[2]["user_id"], w.bob.id);
    // One audit event for the whole import.
    assert_eq!(
        w.app
            .sql_number(
                "SELECT COUNT(*) FROM audit_event WHERE entity_type IN ('time_entry', 'time_import')"
            )
            .await,
        1
    );
}

#[tokio::test]
async fn a_clockify_detailed_report_imports_with_exact_hours_dates_people_and_tasks() {
    let w = World::new().await;
    let report = w.apply(&w.ann, "", CLOCKIFY).await;
    assert_eq!(report["format"], "clockify");
    assert_eq!(report["accepted"], 2);
    assert_eq!(
        w.entries().await,
        sorted(vec![
            // 3:20:00 → 3.333… → 3.33; 0:06:00 → 0.10.
            row(&w.ann, w.design, "2026-11-04", "3.33", "Wireframes", true),
            row(
                &w.bob,
                w.build,
                "2026-11-05",
                "0.10",
                "Deploy script",
                false
            ),
        ])
    );
}

#[tokio::test]
async fn a_kimai_export_imports_with_exact_hours_dates_people_and_tasks() {
    let w = World::new().await;
    let report = w.apply(&w.ann, "", KIMAI).await;
    assert_eq!(report["format"], "kimai");
    assert_eq!(
        w.entries().await,
        sorted(vec![
            row(&w.ann, w.design, "2026-11-06", "4.25", "Mockups", true),
            // 0:40 → 0.666… → 0.67.
            row(
                &w.bob,
                w.build,
                "2026-11-06",
                "0.67",
                "Fix \"login\" bug",
                false
            ),
        ])
    );
}

#[tokio::test]
async fn a_dry_run_reports_every_row_and_writes_nothing() {
    let w = World::new().await;
    let response = w.send(&w.ann, "dry_run=true", TOGGL).await.expect(200);
    let report = response.body;
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["id"], Value::Null);
    assert_eq!(report["status"], Value::Null);
    assert_eq!(report["accepted"], 3);
    assert_eq!(report["hours"], "4.54");
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows[1]["outcome"], "would_create");
    assert_eq!(rows[1]["task_id"], w.build);
    assert_eq!(rows[1]["hours"], "2.50");
    assert_eq!(rows[1]["work_date"], "2026-11-02");
    assert_eq!(rows[1]["is_billable"], false);
    assert_eq!(w.count("time_entry").await, 0);
    assert_eq!(w.count("time_import").await, 0);
    assert_eq!(
        w.count("audit_event WHERE entity_type = 'time_import'")
            .await,
        0
    );
}

#[tokio::test]
async fn the_same_file_again_creates_nothing_and_answers_the_earlier_import() {
    let w = World::new().await;
    let first = w.apply(&w.ann, "", TOGGL).await;
    let again = w.send(&w.ann, "", TOGGL).await.expect(200);
    assert_eq!(again.body["id"], first["id"]);
    assert_eq!(again.body["status"], "done");
    assert_eq!(again.body["accepted"], 3);
    assert_eq!(w.count("time_entry").await, 3);
    assert_eq!(w.count("time_import").await, 1);
    // Another byte makes another file: imported again (its rows are new time).
    let other = format!("{TOGGL}\r\n");
    let second = w.send(&w.ann, "", &other).await.expect(202);
    assert_ne!(second.body["id"], first["id"]);
}

#[tokio::test]
async fn an_interrupted_import_resumes_without_writing_a_line_twice() {
    let w = World::new().await;
    let first = w.apply(&w.ann, "", TOGGL).await;
    let id = first["id"].as_i64().unwrap();
    // As if the server stopped after writing the first line only.
    w.app
        .sql(&format!(
            "DELETE FROM time_entry WHERE import_id = {id} AND import_row > 2"
        ))
        .await;
    // Its run went away while running: no heartbeat for ten minutes.
    budget_domain::entity::time_import::ActiveModel {
        id: Set(id),
        status: Set("running".to_owned()),
        updated_at: Set(chrono::Utc::now() - chrono::Duration::minutes(10)),
        ..Default::default()
    }
    .update(w.app.domain.db.conn())
    .await
    .unwrap();
    let shown = w
        .app
        .get(
            &format!("/api/v1/boards/{}/imports/{id}", w.board),
            &w.ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(shown["status"], "failed");
    assert_eq!(
        shown["error"],
        "the import was interrupted; send the same file again to resume it"
    );
    let resumed = w.send(&w.ann, "", TOGGL).await.expect(202);
    assert_eq!(resumed.body["id"], id);
    let report = w.wait(&w.ann, id).await;
    assert_eq!(report["status"], "done");
    assert_eq!(report["accepted"], 3);
    assert_eq!(w.count("time_entry").await, 3);
    assert_eq!(
        w.app
            .sql_number(&format!(
                "SELECT COUNT(DISTINCT import_row) FROM time_entry WHERE import_id = {id}"
            ))
            .await,
        3
    );
}

#[tokio::test]
async fn each_refused_row_says_why_and_refuses_the_import_unless_skipped() {
    let w = World::new().await;
    let carol = w.app.user("carol", None).await;
    w.app.member(&w.ann, w.board, &carol, "viewer", None).await;
    w.app
        .log(&w.ann, w.board, w.design, "16.00", "2026-11-10")
        .await
        .expect(201);
    let csv = "User,Email,Project,Task,Description,Billable,Start date,Start time,Duration\n\
        Ann,ann@example.com,Web,Design,ok,Yes,2026-11-09,09:00:00,01:00:00\n\
        Zed,zed@example.com,Web,Design,,Yes,2026-11-09,09:00:00,01:00:00\n\
        Carol,carol@example.com,Web,Design,,Yes,2026-11-09,09:00:00,01:00:00\n\
        Ann,ann@example.com,Web,Nope,,Yes,2026-11-09,09:00:00,01:00:00\n\
        Ann,ann@example.com,Web,Design,,Yes,2026-11-10,09:00:00,06:00:00\n\
        Ann,ann@example.com,Web,Design,,Yes,2026-11-10,09:00:00,03:00:00\n\
        Ann,ann@example.com,Web,Design,,Yes,2026-11-11,09:00:00,16:00:36\n\
        Ann,ann@example.com,Web,Design,,Yes,2026-11-11,09:00:00,1h\n\
        Ann,ann@example.com,Web,Design,,Yes,2026-02-30,09:00:00,01:00:00\n\
        Ann,ann@example.com,Web,Design,,Yes,2026-11-26,09:00:00,01:00:00\n\
        Ann,,Web,Design,,Yes,2026-11-11,09:00:00,01:00:00\n\
        Ann,ann@example.com,Web,Design,,Maybe,2026-11-11,09:00:00,01:00:00\n";
    let report = w.send(&w.ann, "dry_run=true", csv).await.expect(200).body;
    let outcomes: Vec<(i64, Value)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_i64().unwrap(), r["code"].clone()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (2, Value::Null),
            (3, json!("unknown_person")),
            (4, json!("cannot_log_time")),
            (5, json!("unknown_task")),
            (6, Value::Null),
            // 16.00 logged + 6.00 from line 6 + 3.00 > 24.00.
            (7, json!("daily_limit_exceeded")),
            (8, json!("entry_too_long")),
            (9, json!("bad_number")),
            (10, json!("bad_date")),
            (11, json!("future_date")),
            (12, json!("missing_column")),
            (13, json!("bad_text")),
        ]
    );
    assert_eq!(report["accepted"], 2);
    assert_eq!(report["refused"], 10);
    assert_eq!(report["hours"], "7.00");
    let daily = &report["rows"][5]["message"];
    assert!(daily.as_str().unwrap().contains("2.00 left"), "{daily}");

    w.send(&w.ann, "", csv)
        .await
        .expect_problem(409, "import_rows_refused");
    assert_eq!(w.count("time_entry").await, 1);
    assert_eq!(w.count("time_import").await, 0);

    let report = w.apply(&w.ann, "skip_refused=true", csv).await;
    assert_eq!(report["accepted"], 2);
    assert_eq!(report["refused"], 10);
    assert_eq!(w.count("time_entry").await, 3);
    assert_eq!(
        w.app
            .sql_number(
                "SELECT CAST(SUM(centihours) AS BIGINT) FROM time_entry WHERE work_date = '2026-11-10'"
            )
            .await,
        2_200
    );
}

#[tokio::test]
async fn missing_tasks_are_created_when_asked() {
    let w = World::new().await;
    let csv = "Email,Task,Start date,Duration\n\
        ann@example.com,Research,2026-11-02,02:00:00\n\
        ann@example.com,Research,2026-11-03,01:00:00\n\
        ann@example.com,Design,2026-11-03,01:00:00\n";
    let refused = w.send(&w.ann, "dry_run=true", csv).await.expect(200).body;
    assert_eq!(refused["rows"][0]["code"], "unknown_task");
    let dry = w
        .send(&w.ann, "dry_run=true&create_missing_tasks=true", csv)
        .await
        .expect(200)
        .body;
    assert_eq!(dry["new_tasks"], json!(["Research"]));
    assert_eq!(dry["rows"][0]["new_task"], true);
    assert_eq!(w.count("task").await, 2);

    let report = w.apply(&w.ann, "create_missing_tasks=true", csv).await;
    assert_eq!(report["status"], "done");
    assert_eq!(report["new_tasks"], json!(["Research"]));
    let research = w
        .app
        .sql_number("SELECT id FROM task WHERE title = 'Research'")
        .await;
    assert_eq!(
        w.entries().await,
        sorted(vec![
            row(&w.ann, research, "2026-11-02", "2.00", "", true),
            row(&w.ann, research, "2026-11-03", "1.00", "", true),
            row(&w.ann, w.design, "2026-11-03", "1.00", "", true),
        ])
    );
}

#[tokio::test]
async fn importing_someone_elses_time_takes_the_permission_to_log_for_others() {
    let w = World::new().await;
    // Bob is an editor; the board does not let editors log for others.
    let dry = w.send(&w.bob, "dry_run=true", TOGGL).await.expect(200).body;
    let codes: Vec<Value> = dry["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].clone())
        .collect();
    assert_eq!(
        codes,
        vec![
            json!("not_logging_for_others"),
            json!("not_logging_for_others"),
            Value::Null
        ]
    );
    let report = w.apply(&w.bob, "skip_refused=true", TOGGL).await;
    assert_eq!(report["accepted"], 1);
    assert_eq!(
        w.entries().await,
        vec![row(&w.bob, w.design, "2026-11-03", "0.76", "Review", true)]
    );
    // Where the board lets editors log for others, Bob may import Ann's time.
    w.app
        .put(
            &format!("/api/v1/boards/{}", w.board),
            &w.ann.token,
            json!({"name": "Website", "editors_log_for_others": true}),
        )
        .await
        .expect(200);
    let dry = w.send(&w.bob, "dry_run=true", TOGGL).await.expect(200).body;
    assert_eq!(dry["refused"], 0);
    // Viewers import nothing.
    let viewer = w.app.user("vera", None).await;
    w.app.member(&w.ann, w.board, &viewer, "viewer", None).await;
    w.send(&viewer, "dry_run=true", TOGGL)
        .await
        .expect_problem(403, "insufficient_role");
}

#[tokio::test]
async fn our_own_export_imports_back_as_the_same_entries() {
    let w = World::new().await;
    for (who, task, hours, date, text, billable) in [
        (
            &w.ann,
            w.design,
            "1.25",
            "2026-11-02",
            "=1+1 not a formula",
            true,
        ),
        (
            &w.ann,
            w.build,
            "0.01",
            "2026-11-03",
            "Comma, \"quotes\"\nand a new line",
            false,
        ),
        (&w.bob, w.design, "16.00", "2026-11-04", "", true),
    ] {
        w.app
            .post(
                &format!("/api/v1/boards/{}/tasks/{task}/time-entries", w.board),
                &who.token,
                json!({"hours": hours, "work_date": date, "description": text, "is_billable": billable}),
            )
            .await
            .expect(201);
    }
    let before = w.entries().await;
    let export = w
        .app
        .client
        .get(format!(
            "{}/api/v1/boards/{}/time-entries.csv",
            w.app.base, w.board
        ))
        .bearer_auth(&w.ann.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    w.app.sql("DELETE FROM time_entry").await;
    let report = w.apply(&w.ann, "", &export).await;
    assert_eq!(report["format"], "tracker");
    assert_eq!(report["accepted"], 3);
    assert_eq!(w.entries().await, before);
}

#[tokio::test]
async fn the_import_takes_large_files_but_not_larger_than_its_bound() {
    let w = World::new().await;
    // 17 MiB: refused before it is read.
    let huge = "x".repeat(17 * 1024 * 1024);
    w.send(&w.ann, "dry_run=true", &huge)
        .await
        .expect_problem(413, "payload_too_large");
    // 100 KB, far above the server's bound for JSON bodies, is read.
    let mut csv = String::from("Email,Task,Start date,Duration,Description\n");
    let padding = "p".repeat(1_000);
    for day in 1..=99 {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day);
        csv.push_str(&format!(
            "ann@example.com,Design,{date},00:30:00,{padding}\n"
        ));
    }
    let report = w.send(&w.ann, "dry_run=true", &csv).await.expect(200).body;
    assert_eq!(report["accepted"], 99);
    // Only CSV.
    w.app
        .post(
            &format!("/api/v1/boards/{}/imports", w.board),
            &w.ann.token,
            json!({}),
        )
        .await
        .expect_problem(415, "unsupported_media_type");
    // The file's bytes as a generated client sends a file are read alike.
    let as_file = w
        .app
        .client
        .post(format!(
            "{}/api/v1/boards/{}/imports?dry_run=true",
            w.app.base, w.board
        ))
        .bearer_auth(&w.ann.token)
        .header("content-type", "application/octet-stream")
        .body(csv.clone())
        .send()
        .await
        .unwrap();
    let as_file = TestApp::read(as_file).await.expect(200).body;
    assert_eq!(as_file["accepted"], 99);
    // A header of no known format.
    let unknown = w
        .send(&w.ann, "", "a,b\n1,2\n")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        unknown.field_errors(),
        crate::support::pairs(&[("file", "unknown_format")])
    );
}

#[tokio::test]
async fn control_characters_in_a_file_are_refused_rows_not_errors() {
    let w = World::new().await;
    let csv = "Email,Task,Start date,Duration,Description\n\
        ann\u{0}@example.com,Design,2026-11-02,01:00:00,x\n\
        ann@example.com,Des\u{0}ign,2026-11-02,01:00:00,x\n\
        ann@example.com,Design,2026-11-02,01:00:00,x\u{0}\n\
        ann@example.com,Design,2026-11-02,01:00:00,fine\n";
    let report = w.send(&w.ann, "dry_run=true", csv).await.expect(200).body;
    let codes: Vec<Value> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].clone())
        .collect();
    assert_eq!(
        codes,
        vec![
            json!("bad_text"),
            json!("bad_text"),
            json!("bad_text"),
            Value::Null
        ]
    );
    let report = w.apply(&w.ann, "skip_refused=true", csv).await;
    assert_eq!(report["status"], "done");
    assert_eq!(report["accepted"], 1);
}
