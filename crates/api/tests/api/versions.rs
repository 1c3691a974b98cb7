//! Versions and conditional writes: every mutable resource answers with an ETag, a stale
//! `If-Match` is refused with 412 naming the current version, and resources there may be only
//! one of stay single under concurrent writers.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// One resource as one caller writes it, with an `If-Match` header (none when the tag is
/// `None`); `method` is how it is changed (PUT, or PATCH for a time entry, POST for a
/// recommendation's action).
struct Conditional<'a> {
    app: &'a TestApp,
    token: &'a str,
    path: String,
    method: Method,
}

impl<'a> Conditional<'a> {
    fn new(app: &'a TestApp, user: &'a User, method: Method, path: String) -> Self {
        Self {
            app,
            token: &user.token,
            path,
            method,
        }
    }

    async fn send(&self, method: Method, if_match: Option<&str>, body: Option<Value>) -> Response {
        let mut builder = self
            .app
            .client
            .request(method, format!("{}{}", self.app.base, self.path))
            .bearer_auth(self.token);
        if let Some(tag) = if_match {
            builder = builder.header("If-Match", tag);
        }
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        TestApp::read(builder.send().await.unwrap()).await
    }

    async fn write(&self, if_match: Option<&str>, body: Value) -> Response {
        self.send(self.method.clone(), if_match, Some(body)).await
    }

    async fn delete(&self, if_match: Option<&str>) -> Response {
        self.send(Method::DELETE, if_match, None).await
    }
}

/// Asserts the response's ETag.
#[track_caller]
fn tagged(response: &Response, etag: &str) {
    assert_eq!(
        response.header("etag").as_deref(),
        Some(etag),
        "body: {}",
        response.text
    );
}

/// Asserts a 412 that names the current version in its ETag.
#[track_caller]
fn refused(response: Response, current: &str) {
    let etag = response.header("etag");
    let response = response.expect_problem(412, "precondition_failed");
    assert_eq!(etag.as_deref(), Some(current), "body: {}", response.text);
}

#[tokio::test]
async fn a_task_is_written_only_at_the_version_the_caller_read() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let created = app
        .post(
            &format!("/api/v1/boards/{board}/tasks"),
            &ann.token,
            json!({"title": "Build"}),
        )
        .await
        .expect(201);
    tagged(&created, "\"task-v1\"");
    assert_eq!(created.body["version"], 1);
    let task = created.body["id"].as_i64().unwrap();
    let it = Conditional::new(
        &app,
        &ann,
        Method::PUT,
        format!("/api/v1/boards/{board}/tasks/{task}"),
    );
    tagged(
        &app.get(&it.path, &ann.token).await.expect(200),
        "\"task-v1\"",
    );

    let put =
        |tag: Option<&'static str>, title: &'static str| it.write(tag, json!({"title": title}));
    let edited = put(Some("\"task-v1\""), "Build it").await.expect(200);
    tagged(&edited, "\"task-v2\"");
    assert_eq!(edited.body["version"], 2);
    // Someone who read version 1 cannot overwrite version 2, nor delete it.
    refused(put(Some("\"task-v1\""), "Stale").await, "\"task-v2\"");
    refused(it.delete(Some("\"task-v1\"")).await, "\"task-v2\"");
    // Weak tags never match (strong comparison), nor do tags of another resource kind.
    refused(put(Some("W/\"task-v2\""), "Weak").await, "\"task-v2\"");
    refused(put(Some("\"board-v2\""), "Other").await, "\"task-v2\"");
    // A list matches when one of its tags does; `*` matches any version.
    let listed = put(Some("\"task-v1\", W/\"task-v3\", \"task-v2\""), "Listed")
        .await
        .expect(200);
    tagged(&listed, "\"task-v3\"");
    tagged(&put(Some("*"), "Any").await.expect(200), "\"task-v4\"");
    // Without If-Match the write is unconditional, as before.
    put(None, "Unconditional").await.expect(200);
    let read = app.get(&it.path, &ann.token).await.expect(200);
    assert_eq!(read.body["title"], "Unconditional");
    tagged(&read, "\"task-v5\"");

    it.delete(Some("\"task-v5\"")).await.expect(204);
    put(Some("*"), "Gone")
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn a_board_is_written_only_at_the_version_the_caller_read() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let created = app
        .post("/api/v1/boards", &ann.token, json!({"name": "Launch"}))
        .await
        .expect(201);
    tagged(&created, "\"board-v1\"");
    let board = created.body["id"].as_i64().unwrap();
    let it = Conditional::new(&app, &ann, Method::PUT, format!("/api/v1/boards/{board}"));
    tagged(
        &app.get(&it.path, &ann.token).await.expect(200),
        "\"board-v1\"",
    );
    let body = || json!({"name": "Launch v2"});
    let edited = it.write(Some("\"board-v1\""), body()).await.expect(200);
    tagged(&edited, "\"board-v2\"");
    assert_eq!(edited.body["version"], 2);
    refused(it.write(Some("\"board-v1\""), body()).await, "\"board-v2\"");
    refused(it.delete(Some("W/\"board-v2\"")).await, "\"board-v2\"");
    app.get(&it.path, &ann.token).await.expect(200);
    it.delete(Some("*")).await.expect(204);
}

#[tokio::test]
async fn a_task_cost_is_written_only_at_the_version_the_caller_read() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Build").await;
    let it = Conditional::new(
        &app,
        &ann,
        Method::PUT,
        format!("/api/v1/boards/{board}/tasks/{task}/cost"),
    );
    // A task without recorded costs reads as zeros at version 0.
    let read = app.get(&it.path, &ann.token).await.expect(200);
    tagged(&read, "\"task_cost-v0\"");
    assert_eq!(read.body["version"], 0);
    let body = |amount: &str| json!({"estimated_cost": amount});
    let first = it
        .write(Some("\"task_cost-v0\""), body("100.00"))
        .await
        .expect(200);
    tagged(&first, "\"task_cost-v1\"");
    assert_eq!(first.body["version"], 1);
    // A second writer who also read "no costs yet" is refused, and nothing of theirs is kept.
    refused(
        it.write(Some("\"task_cost-v0\""), body("999.00")).await,
        "\"task_cost-v1\"",
    );
    let read = app.get(&it.path, &ann.token).await.expect(200);
    assert_eq!(read.body["estimated_cost"], "100.00");
    tagged(&read, "\"task_cost-v1\"");
    let second = it.write(None, body("150.00")).await.expect(200);
    tagged(&second, "\"task_cost-v2\"");
}

#[tokio::test]
async fn a_membership_is_written_only_at_the_version_the_caller_read() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let board = app.board(&ann, "Launch").await;
    let members = format!("/api/v1/boards/{board}/members");
    let added = app
        .post(
            &members,
            &ann.token,
            json!({"email": bob.email, "role": "viewer"}),
        )
        .await
        .expect(201);
    tagged(&added, "\"member-v1\"");
    let listed = app.get(&members, &ann.token).await.expect(200);
    assert_eq!(listed.body["items"][0]["version"], 1);
    let it = Conditional::new(&app, &ann, Method::PUT, format!("{members}/{}", bob.id));
    let body = |rate: &str| json!({"role": "editor", "hourly_rate": rate});
    let edited = it
        .write(Some("\"member-v1\""), body("50.00"))
        .await
        .expect(200);
    tagged(&edited, "\"member-v2\"");
    assert_eq!(edited.body["version"], 2);
    refused(
        it.write(Some("\"member-v1\""), body("10.00")).await,
        "\"member-v2\"",
    );
    refused(it.delete(Some("\"member-v1\"")).await, "\"member-v2\"");
    let listed = app.get(&members, &ann.token).await.expect(200);
    assert_eq!(listed.body["items"][0]["hourly_rate"], "50.00");
    it.delete(Some("\"member-v2\"")).await.expect(204);
}

#[tokio::test]
async fn a_time_entry_is_written_only_at_the_version_the_caller_read() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("40.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Build").await;
    let logged = app
        .log(&ann, board, task, "2.00", "2026-11-02")
        .await
        .expect(201);
    tagged(&logged, "\"time_entry-v1\"");
    assert_eq!(logged.body["version"], 1);
    let it = Conditional::new(
        &app,
        &ann,
        Method::PATCH,
        format!("/api/v1/time-entries/{}", logged.body["id"]),
    );
    let body = |hours: &str| json!({"hours": hours});
    let edited = it
        .write(Some("\"time_entry-v1\""), body("3.00"))
        .await
        .expect(200);
    tagged(&edited, "\"time_entry-v2\"");
    assert_eq!(edited.body["labour_cost"], "120.00");
    refused(
        it.write(Some("\"time_entry-v1\""), body("9.00")).await,
        "\"time_entry-v2\"",
    );
    refused(
        it.delete(Some("\"time_entry-v1\"")).await,
        "\"time_entry-v2\"",
    );
    assert_eq!(app.metrics(&ann, board).await["spent"], "120.00");
    it.delete(Some("*")).await.expect(204);
    it.delete(Some("*")).await.expect_problem(404, "not_found");
}

#[tokio::test]
async fn a_recommendation_is_acted_on_only_at_the_version_the_caller_read() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    let batch = app.recommendations(&ann, board).await;
    let first = &batch["recommendations"][0];
    assert_eq!(first["version"], 1);
    let it = Conditional::new(
        &app,
        &ann,
        Method::POST,
        format!("/api/v1/recommendations/{}/action", first["id"]),
    );
    let act =
        |tag: &'static str, action: &'static str| it.write(Some(tag), json!({"action": action}));
    refused(
        act("\"recommendation-v2\"", "accept").await,
        "\"recommendation-v1\"",
    );
    let accepted = act("\"recommendation-v1\"", "accept").await.expect(200);
    tagged(&accepted, "\"recommendation-v2\"");
    assert_eq!(accepted.body["status"], "accepted");
    refused(
        act("\"recommendation-v1\"", "implement").await,
        "\"recommendation-v2\"",
    );
}

#[tokio::test]
async fn a_stale_budget_write_names_the_current_version() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "10.00"}))
        .await
        .expect(201);
    let it = Conditional::new(
        &app,
        &ann,
        Method::PUT,
        format!("/api/v1/boards/{board}/budget"),
    );
    let put = |tag: &'static str| it.write(Some(tag), json!({"allocated_budget": "20.00"}));
    put("\"budget-v1\"").await.expect(200);
    refused(put("\"budget-v1\"").await, "\"budget-v2\"");
    refused(put("W/\"budget-v2\"").await, "\"budget-v2\"");
    put("\"budget-v9\", \"budget-v2\"").await.expect(200);
}

/// `clients` requests sent at once; their answers in order.
async fn at_once(
    app: &TestApp,
    clients: usize,
    request: impl Fn(usize) -> reqwest::RequestBuilder,
) -> Vec<Response> {
    let requests = (0..clients).map(|i| {
        let builder = request(i);
        async move { TestApp::read(builder.send().await.unwrap()).await }
    });
    let _ = app;
    futures_util::future::join_all(requests).await
}

/// Eight runs of one of the optimiser's operations at once; their answers in order.
async fn ai_at_once(app: &TestApp, user: &User, board: i64, operation: &str) -> Vec<Response> {
    let url = format!("{}/api/v1/boards/{board}/budget/ai/{operation}", app.base);
    at_once(app, 8, |_| {
        app.client
            .post(&url)
            .bearer_auth(&user.token)
            .json(&json!({}))
    })
    .await
}

/// Asserts that every answer has this status.
#[track_caller]
fn all_answered(answers: &[Response], status: u16) {
    for answer in answers {
        assert_eq!(answer.status.as_u16(), status, "{}", answer.text);
    }
}

#[tokio::test]
async fn concurrent_first_writes_of_a_task_cost_all_succeed_in_turn() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    for round in 0..3 {
        let task = app.task(&ann, board, &format!("Task {round}")).await;
        let url = format!("{}/api/v1/boards/{board}/tasks/{task}/cost", app.base);
        let answers = at_once(&app, 8, |i| {
            app.client
                .put(&url)
                .bearer_auth(&ann.token)
                .json(&json!({"estimated_cost": format!("{}.00", 100 + i)}))
        })
        .await;
        all_answered(&answers, 200);
        let read = app
            .get(
                &format!("/api/v1/boards/{board}/tasks/{task}/cost"),
                &ann.token,
            )
            .await
            .expect(200);
        assert_eq!(read.body["version"], 8);
        assert_eq!(
            app.sql_number(&format!(
                "SELECT COUNT(*) FROM task_cost WHERE task_id = {task}"
            ))
            .await,
            1
        );
    }
}

#[tokio::test]
async fn concurrent_conditional_first_writes_of_a_task_cost_let_exactly_one_through() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Build").await;
    let url = format!("{}/api/v1/boards/{board}/tasks/{task}/cost", app.base);
    let answers = at_once(&app, 8, |i| {
        app.client
            .put(&url)
            .bearer_auth(&ann.token)
            .header("If-Match", "\"task_cost-v0\"")
            .json(&json!({"estimated_cost": format!("{}.00", 100 + i)}))
    })
    .await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412, 412, 412, 412, 412, 412, 412]);
    for answer in answers.iter().filter(|a| a.status.as_u16() == 412) {
        assert_eq!(answer.header("etag").as_deref(), Some("\"task_cost-v1\""));
    }
}

#[tokio::test]
async fn concurrent_recommendation_runs_store_each_pending_recommendation_once() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    let answers = ai_at_once(&app, &ann, board, "recommendations").await;
    all_answered(&answers, 200);
    let created: i64 = answers
        .iter()
        .map(|answer| answer.body["created"].as_i64().unwrap())
        .sum();
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/recommendations?status=pending&limit=500"),
            &ann.token,
        )
        .await
        .expect(200);
    let items = listed.body["items"].as_array().unwrap();
    let mut keys: Vec<(String, String)> = items
        .iter()
        .map(|r| {
            (
                r["recommendation_type"].as_str().unwrap().to_owned(),
                r["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let stored = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), stored, "duplicates among {items:?}");
    assert_eq!(i64::try_from(stored).unwrap(), created);
    assert_eq!(
        answers[0].body["recommendations"].as_array().unwrap().len(),
        stored
    );
}

#[tokio::test]
async fn concurrent_pattern_learning_keeps_one_pattern_per_name() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Build").await;
    app.cost(&ann, board, task, json!({"estimated_cost": "100.00"}))
        .await
        .expect(200);
    app.expense(
        &ann,
        board,
        task,
        json!({"category": "parts", "amount": "150.00"}),
    )
    .await
    .expect(201);
    let answers = ai_at_once(&app, &ann, board, "learn-patterns").await;
    all_answered(&answers, 200);
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) - COUNT(DISTINCT pattern_name) FROM cost_pattern WHERE board_id = {board}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn a_retried_entry_gets_its_replay_even_when_it_filled_the_day() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Build").await;
    app.log(&ann, board, task, "8.00", "2026-11-02")
        .await
        .expect(201);
    let url = format!(
        "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
        app.base
    );
    // The entry fills the day: a retry that did not wait for it to be remembered would find
    // the day full.
    let answers = at_once(&app, 8, |_| {
        app.client
            .post(&url)
            .bearer_auth(&ann.token)
            .header("Idempotency-Key", "fill-the-day")
            .json(&json!({"hours": "16.00", "work_date": "2026-11-02"}))
    })
    .await;
    all_answered(&answers, 201);
    for answer in &answers {
        assert_eq!(answer.body["id"], answers[0].body["id"]);
    }
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM time_entry WHERE task_id = {task}"
        ))
        .await,
        2
    );
}

#[tokio::test]
async fn organisation_names_are_unique() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    app.organization(&ann, "Acme").await;
    app.post("/api/v1/organizations", &bob.token, json!({"name": "Acme"}))
        .await
        .expect_problem(409, "organization_name_taken");
    app.post(
        "/api/v1/organizations",
        &bob.token,
        json!({"name": "Acme Two"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn the_migration_resolves_duplicates_before_making_them_unique() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    let batch = app.recommendations(&ann, board).await;
    let original = batch["recommendations"][0]["id"].as_i64().unwrap();
    let pending = batch["recommendations"].as_array().unwrap().len();

    // Back to the schema before versions, where duplicates could be stored.
    app.schema_back_before("_versions").await;
    let copy = "INSERT INTO budget_recommendation (board_id, recommendation_type, title, \
        description, estimated_savings_cents, confidence_score, priority, status, ai_reasoning, \
        based_on_patterns, source, created_at) \
        SELECT board_id, recommendation_type, title, description, estimated_savings_cents, \
        confidence_score, priority, status, ai_reasoning, based_on_patterns, source, created_at \
        FROM budget_recommendation WHERE id = ";
    app.sql(&format!("{copy}{original}")).await;
    app.sql(&format!("{copy}{original}")).await;
    app.sql(
        "INSERT INTO organization (name, created_at) VALUES \
         ('Twins', '2026-11-01 00:00:00+00:00'), ('Twins', '2026-11-02 00:00:00+00:00')",
    )
    .await;
    app.schema_forward().await;

    // The oldest stays pending; the copies are rejected with the reason, nothing is deleted.
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM budget_recommendation WHERE board_id = {board} AND status = 'pending'"
        ))
        .await,
        i64::try_from(pending).unwrap()
    );
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM budget_recommendation WHERE board_id = {board} \
             AND status = 'rejected' AND id > {original} \
             AND review_note = 'duplicate of an identical pending recommendation'"
        ))
        .await,
        2
    );
    assert_eq!(
        app.sql_number(
            "SELECT COUNT(*) FROM organization WHERE name = 'Twins' OR name LIKE 'Twins (%)'"
        )
        .await,
        2
    );
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM organization WHERE name = 'Twins'")
            .await,
        1
    );
    // Every row written before the migration starts at version 1.
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/recommendations?status=pending"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(listed.body["items"][0]["version"], 1);
}
