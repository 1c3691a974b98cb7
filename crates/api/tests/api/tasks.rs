//! Tasks: who they may be assigned to.

use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn a_task_cannot_be_assigned_to_someone_without_access_to_the_board() {
    let app = TestApp::spawn().await;
    let creator = app.user("creator", None).await;
    let editor = app.user("editor", None).await;
    let viewer = app.user("viewer", None).await;
    let org_member = app.user("orgmember", None).await;
    let outsider = app.user("outsider", None).await;
    let org = app.organization(&creator, "Acme").await;
    app.org_join(&creator, org, &org_member, "member").await;
    let board = app
        .new_board(
            &creator,
            json!({"name": "Launch", "organization_id": org,
                   "start_date": "2026-01-01", "due_date": "2027-06-30"}),
        )
        .await;
    app.member(&creator, board, &editor, "editor", None).await;
    app.member(&creator, board, &viewer, "viewer", None).await;
    let existing = app.task(&creator, board, "Existing task").await;

    let tasks = format!("/api/v1/boards/{board}/tasks");
    let refused = app
        .post(
            &tasks,
            &creator.token,
            json!({"title": "Spy", "assignee_id": outsider.id}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        vec![("assignee_id".to_owned(), "not_a_board_user".to_owned())]
    );
    let task = format!("{tasks}/{existing}");
    let refused = app
        .put(
            &task,
            &creator.token,
            json!({"title": "Spy", "assignee_id": outsider.id}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors()[0].0, "assignee_id");
    // A user id that does not exist at all is refused the same way.
    let refused = app
        .post(
            &tasks,
            &creator.token,
            json!({"title": "Ghost", "assignee_id": 987_654}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors()[0].0, "assignee_id");
    // Nothing was created or changed.
    let listed = app.get(&tasks, &creator.token).await.expect(200);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["items"][0]["title"], "Existing task");
    assert_eq!(listed.body["items"][0]["assignee_id"], Value::Null);

    // Members and organisation members may be assigned.
    for who in [&viewer, &org_member] {
        app.post(
            &tasks,
            &editor.token,
            json!({"title": "Theirs", "assignee_id": who.id}),
        )
        .await
        .expect(201);
    }
}

#[tokio::test]
async fn a_create_answers_201_with_the_location_of_what_it_made() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app
        .post("/api/v1/boards", &ann.token, json!({"name": "Launch"}))
        .await
        .expect(201);
    let board_id = board.body["id"].as_i64().unwrap();
    let location = board.header("location").unwrap();
    assert_eq!(location, format!("/api/v1/boards/{board_id}"));
    let read = app.get(&location, &ann.token).await.expect(200);
    assert_eq!(read.body, board.body);

    let task = app
        .post(
            &format!("/api/v1/boards/{board_id}/tasks"),
            &ann.token,
            json!({"title": "Design"}),
        )
        .await
        .expect(201);
    let task_id = task.body["id"].as_i64().unwrap();
    let location = task.header("location").unwrap();
    assert_eq!(
        location,
        format!("/api/v1/boards/{board_id}/tasks/{task_id}")
    );
    let read = app.get(&location, &ann.token).await.expect(200);
    assert_eq!(read.body, task.body);
}
