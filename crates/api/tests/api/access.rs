//! Who may call which board-scoped route (DESIGN §7), as a table: every route against every kind
//! of caller, each on a fresh board so that a successful DELETE cannot hide the next case.
//!
//! Adding a route is one line in a `*_ROUTES` table.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// The least a caller needs for a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Needs {
    Viewer,
    Editor,
    Admin,
}

/// One route: method, path (`{b}` board, `{t}` task, `{u}` a viewer member, `{e}` a time entry
/// logged by the editor), what it needs, a valid body (`""` for none), and its success status.
struct Route(&'static str, &'static str, Needs, &'static str, u16);

use Needs::{Admin, Editor, Viewer};

#[rustfmt::skip]
const BOARD_ROUTES: &[Route] = &[
    Route("GET",    "/api/v1/boards/{b}", Viewer, "", 200),
    Route("PUT",    "/api/v1/boards/{b}", Admin, r#"{"name": "Renamed"}"#, 200),
    Route("DELETE", "/api/v1/boards/{b}", Admin, "", 204),
    Route("GET",    "/api/v1/boards/{b}/members", Viewer, "", 200),
    Route("POST",   "/api/v1/boards/{b}/members", Admin, r#"{"email": "newcomer@example.com", "role": "viewer"}"#, 201),
    Route("PUT",    "/api/v1/boards/{b}/members/{u}", Admin, r#"{"role": "editor", "hourly_rate": "50.00"}"#, 200),
    Route("DELETE", "/api/v1/boards/{b}/members/{u}", Admin, "", 204),
];

#[rustfmt::skip]
const TASK_ROUTES: &[Route] = &[
    Route("GET",    "/api/v1/boards/{b}/tasks", Viewer, "", 200),
    Route("POST",   "/api/v1/boards/{b}/tasks", Editor, r#"{"title": "New task"}"#, 201),
    Route("GET",    "/api/v1/boards/{b}/tasks/{t}", Viewer, "", 200),
    Route("PUT",    "/api/v1/boards/{b}/tasks/{t}", Editor, r#"{"title": "Renamed", "status": "in_progress", "progress": 40}"#, 200),
    Route("DELETE", "/api/v1/boards/{b}/tasks/{t}", Editor, "", 204),
    Route("GET",    "/api/v1/boards/{b}/tasks/{t}/cost", Viewer, "", 200),
    Route("PUT",    "/api/v1/boards/{b}/tasks/{t}/cost", Editor, r#"{"estimated_cost": "1200.00", "actual_cost": "10.00"}"#, 200),
];

#[rustfmt::skip]
const BUDGET_ROUTES: &[Route] = &[
    Route("GET",    "/api/v1/boards/{b}/budget", Viewer, "", 200),
    Route("PUT",    "/api/v1/boards/{b}/budget", Admin, r#"{"allocated_budget": "20000.00", "currency": "EUR"}"#, 200),
    Route("DELETE", "/api/v1/boards/{b}/budget", Admin, "", 204),
    Route("GET",    "/api/v1/boards/{b}/budget/metrics", Viewer, "", 200),
    Route("GET",    "/api/v1/boards/{b}/budget/analytics", Viewer, "", 200),
    Route("GET",    "/api/v1/boards/{b}/budget/analytics?format=csv", Viewer, "", 200),
    Route("GET",    "/api/v1/boards/{b}/budget/forecast", Viewer, "", 200),
];

#[rustfmt::skip]
const OPTIMIZER_ROUTES: &[Route] = &[
    Route("POST",   "/api/v1/boards/{b}/budget/ai/analyze", Editor, "{}", 200),
    Route("POST",   "/api/v1/boards/{b}/budget/ai/recommendations", Editor, "{}", 200),
    Route("POST",   "/api/v1/boards/{b}/budget/ai/predict", Editor, "{}", 200),
    Route("POST",   "/api/v1/boards/{b}/budget/ai/learn-patterns", Editor, "{}", 200),
    Route("POST",   "/api/v1/boards/{b}/budget/ai/optimize-resources", Editor, "{}", 200),
    Route("GET",    "/api/v1/boards/{b}/recommendations", Viewer, "", 200),
];

#[rustfmt::skip]
const ROI_ROUTES: &[Route] = &[
    Route("GET",    "/api/v1/boards/{b}/roi", Viewer, "", 200),
    Route("GET",    "/api/v1/boards/{b}/roi/snapshots", Viewer, "", 200),
    Route("POST",   "/api/v1/boards/{b}/roi/snapshots", Editor, r#"{"expected_value": "50000.00", "realized_value": "1000.00"}"#, 201),
];

#[rustfmt::skip]
const TIME_ROUTES: &[Route] = &[
    Route("GET",    "/api/v1/boards/{b}/tasks/{t}/time-entries", Viewer, "", 200),
    Route("POST",   "/api/v1/boards/{b}/tasks/{t}/time-entries", Editor, r#"{"hours": "1.50", "work_date": "2026-11-25"}"#, 201),
    Route("GET",    "/api/v1/boards/{b}/time-entries", Viewer, "", 200),
    Route("GET",    "/api/v1/boards/{b}/time-entries?format=csv", Viewer, "", 200),
    // By id: the editor wrote the entry; admins may change anyone's.
    Route("PATCH",  "/api/v1/time-entries/{e}", Editor, r#"{"hours": "2.00", "description": "more"}"#, 200),
    Route("DELETE", "/api/v1/time-entries/{e}", Editor, "", 204),
];

/// Every kind of caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Creator,
    BoardAdmin,
    Editor,
    Viewer,
    /// Organisation member, not on the board: a viewer.
    OrgMember,
    /// Organisation admin, not on the board: an admin.
    OrgAdmin,
    Outsider,
    Anonymous,
    TamperedJwt,
    ExpiredJwt,
    RevokedToken,
    /// A read-scoped access token of the creator (an admin).
    ReadToken,
}

const EVERYONE: &[Who] = &[
    Who::Creator,
    Who::BoardAdmin,
    Who::Editor,
    Who::Viewer,
    Who::OrgMember,
    Who::OrgAdmin,
    Who::Outsider,
    Who::Anonymous,
    Who::TamperedJwt,
    Who::ExpiredJwt,
    Who::RevokedToken,
    Who::ReadToken,
];

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Problem(u16, &'static str),
}

impl Who {
    fn role(self) -> Option<Needs> {
        match self {
            Who::Creator | Who::BoardAdmin | Who::OrgAdmin | Who::ReadToken => Some(Admin),
            Who::Editor => Some(Editor),
            Who::Viewer | Who::OrgMember => Some(Viewer),
            _ => None,
        }
    }

    fn expected(self, route: &Route) -> Outcome {
        let safe = route.0 == "GET";
        match self {
            Who::Anonymous | Who::TamperedJwt | Who::ExpiredJwt | Who::RevokedToken => {
                Outcome::Problem(401, "unauthenticated")
            }
            Who::Outsider => Outcome::Problem(403, "board_access_denied"),
            Who::ReadToken if !safe => Outcome::Problem(403, "insufficient_scope"),
            _ if self.role() >= Some(route.2) => Outcome::Allowed,
            _ => Outcome::Problem(403, "insufficient_role"),
        }
    }
}

/// The people and credentials, made once per test.
struct World {
    app: TestApp,
    org: i64,
    creator: User,
    board_admin: User,
    editor: User,
    viewer: User,
    org_member: User,
    org_admin: User,
    outsider: User,
    bystander: User,
    tampered_jwt: String,
    expired_jwt: String,
    revoked_token: String,
    read_token: String,
    boards_made: i64,
}

/// A fresh board with everyone in place: the ids a route's path refers to.
struct Fixture {
    board: i64,
    task: i64,
    entry: i64,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let creator = app.user("creator", Some("40.00")).await;
        let board_admin = app.user("boardadmin", None).await;
        let editor = app.user("editor", Some("60.00")).await;
        let viewer = app.user("viewer", None).await;
        let org_member = app.user("orgmember", None).await;
        let org_admin = app.user("orgadmin", None).await;
        let outsider = app.user("outsider", None).await;
        let bystander = app.user("bystander", None).await;
        app.user("newcomer", None).await;

        let org = organization(&app, &creator, "Acme").await;
        org_join(&app, &creator, org, &org_member, "member").await;
        org_join(&app, &creator, org, &org_admin, "admin").await;

        let tampered_jwt = tamper(&creator.token);
        let expired_jwt = budget_api::auth::jwt::JwtKeys::new(SECRET.as_bytes(), 3_600)
            .issue(creator.id, Utc::now() - Duration::hours(2))
            .unwrap();
        let revoked = access_token(&app, &creator, "write").await;
        app.delete(&format!("/api/v1/me/tokens/{}", revoked.1), &creator.token)
            .await
            .expect(204);
        let read = access_token(&app, &creator, "read").await;
        Self {
            app,
            org,
            creator,
            board_admin,
            editor,
            viewer,
            org_member,
            org_admin,
            outsider,
            bystander,
            tampered_jwt,
            expired_jwt,
            revoked_token: revoked.0,
            read_token: read.0,
            boards_made: 0,
        }
    }

    fn token(&self, who: Who) -> Option<String> {
        let user = |u: &User| Some(u.token.clone());
        match who {
            Who::Creator => user(&self.creator),
            Who::BoardAdmin => user(&self.board_admin),
            Who::Editor => user(&self.editor),
            Who::Viewer => user(&self.viewer),
            Who::OrgMember => user(&self.org_member),
            Who::OrgAdmin => user(&self.org_admin),
            Who::Outsider => user(&self.outsider),
            Who::Anonymous => None,
            Who::TamperedJwt => Some(self.tampered_jwt.clone()),
            Who::ExpiredJwt => Some(self.expired_jwt.clone()),
            Who::RevokedToken => Some(self.revoked_token.clone()),
            Who::ReadToken => Some(self.read_token.clone()),
        }
    }

    /// A board of the organisation with an admin, an editor, two viewers, a task, a budget and
    /// one time entry by the editor.
    async fn fixture(&mut self) -> Fixture {
        self.boards_made += 1;
        let app = &self.app;
        let board = app
            .post(
                "/api/v1/boards",
                &self.creator.token,
                json!({"name": format!("Board {}", self.boards_made), "organization_id": self.org,
                       "start_date": "2026-01-01", "due_date": "2027-06-30"}),
            )
            .await
            .expect(201);
        assert_eq!(board.body["organization_id"], self.org);
        let board = board.body["id"].as_i64().unwrap();
        app.member(&self.creator, board, &self.board_admin, "admin", None)
            .await;
        app.member(&self.creator, board, &self.editor, "editor", None)
            .await;
        app.member(&self.creator, board, &self.viewer, "viewer", None)
            .await;
        app.member(&self.creator, board, &self.bystander, "viewer", None)
            .await;
        let task = app.task(&self.creator, board, "Existing task").await;
        app.budget(
            &self.creator,
            board,
            json!({"allocated_budget": "10000.00"}),
        )
        .await
        .expect(201);
        // A different day per board: the editor's entries must stay under 24 hours a day.
        let day = today() - Duration::days(self.boards_made % 300);
        let entry = app
            .log(&self.editor, board, task, "0.50", &day.to_string())
            .await
            .expect(201)
            .body["id"]
            .as_i64()
            .unwrap();
        Fixture { board, task, entry }
    }

    fn path(&self, template: &str, fixture: &Fixture) -> String {
        template
            .replace("{b}", &fixture.board.to_string())
            .replace("{t}", &fixture.task.to_string())
            .replace("{u}", &self.bystander.id.to_string())
            .replace("{e}", &fixture.entry.to_string())
    }

    async fn call(&self, route: &Route, path: &str, token: Option<&str>) -> Response {
        let method = Method::from_bytes(route.0.as_bytes()).unwrap();
        let body: Option<Value> =
            (!route.3.is_empty()).then(|| serde_json::from_str(route.3).unwrap());
        self.app.request(method, path, token, body.as_ref()).await
    }
}

async fn organization(app: &TestApp, owner: &User, name: &str) -> i64 {
    app.post("/api/v1/organizations", &owner.token, json!({"name": name}))
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap()
}

async fn org_join(app: &TestApp, admin: &User, org: i64, who: &User, role: &str) {
    app.post(
        &format!("/api/v1/organizations/{org}/members"),
        &admin.token,
        json!({"email": who.email, "role": role}),
    )
    .await
    .expect(201);
}

/// A personal access token of `user`: (token, id).
async fn access_token(app: &TestApp, user: &User, scope: &str) -> (String, i64) {
    let created = app
        .post(
            "/api/v1/me/tokens",
            &user.token,
            json!({"name": format!("{scope} token"), "scope": scope}),
        )
        .await
        .expect(201);
    (
        created.body["token"].as_str().unwrap().to_owned(),
        created.body["id"].as_i64().unwrap(),
    )
}

/// The same JWT with one character of its signature changed.
fn tamper(jwt: &str) -> String {
    let signature_start = jwt.rfind('.').unwrap() + 1;
    let at = signature_start + 10;
    let mut bytes = jwt.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// What went wrong with one call, or nothing.
fn judge(route: &Route, who: Who, response: &Response) -> Option<String> {
    let label = format!("{:?} {} {}", who, route.0, route.1);
    match who.expected(route) {
        Outcome::Allowed => (response.status.as_u16() != route.4).then(|| {
            format!(
                "{label}: expected {} but got {} {}",
                route.4, response.status, response.text
            )
        }),
        Outcome::Problem(status, code) => {
            let content_type = response.header("content-type");
            let www = response.header("www-authenticate");
            let ok = response.status.as_u16() == status
                && response.body["code"] == code
                && response.body["status"] == status
                && content_type.as_deref() == Some("application/problem+json")
                && (status != 401 || www.as_deref() == Some("Bearer"));
            (!ok).then(|| {
                format!(
                    "{label}: expected {status} {code} but got {} (content-type {content_type:?}, \
                     WWW-Authenticate {www:?}) {}",
                    response.status, response.text
                )
            })
        }
    }
}

/// Runs every route of the table for every caller, and for outsiders compares a real board
/// with an unknown one. Reports every mismatch at once.
async fn check_matrix(routes: &[Route]) {
    let mut world = World::new().await;
    let mut failures = Vec::new();
    for route in routes {
        for &who in EVERYONE {
            let fixture = world.fixture().await;
            let path = world.path(route.1, &fixture);
            let token = world.token(who);
            let response = world.call(route, &path, token.as_deref()).await;
            failures.extend(judge(route, who, &response));

            if who == Who::Outsider && route.1.contains("{b}") {
                // An unknown board looks exactly like a forbidden one, to anyone.
                let unknown = world.path(
                    route.1,
                    &Fixture {
                        board: 987_654,
                        ..fixture
                    },
                );
                for asker in [Who::Outsider, Who::Creator] {
                    let token = world.token(asker);
                    let other = world.call(route, &unknown, token.as_deref()).await;
                    if other.body != response.body || other.status != response.status {
                        failures.push(format!(
                            "{asker:?} {} {}: unknown board answered {} {} but a forbidden one {} {}",
                            route.0, route.1, other.status, other.text, response.status, response.text
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} access mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn board_and_member_routes_follow_the_access_rules() {
    check_matrix(BOARD_ROUTES).await;
}

#[tokio::test]
async fn task_and_cost_routes_follow_the_access_rules() {
    check_matrix(TASK_ROUTES).await;
}

#[tokio::test]
async fn budget_routes_follow_the_access_rules() {
    check_matrix(BUDGET_ROUTES).await;
}

#[tokio::test]
async fn optimizer_routes_follow_the_access_rules() {
    check_matrix(OPTIMIZER_ROUTES).await;
}

#[tokio::test]
async fn roi_routes_follow_the_access_rules() {
    check_matrix(ROI_ROUTES).await;
}

#[tokio::test]
async fn time_entry_routes_follow_the_access_rules() {
    check_matrix(TIME_ROUTES).await;
}

#[tokio::test]
async fn an_unknown_time_entry_is_not_found_and_one_on_a_hidden_board_is_forbidden() {
    let mut world = World::new().await;
    let fixture = world.fixture().await;
    let app = &world.app;
    let missing = "/api/v1/time-entries/987654";
    app.patch(missing, &world.editor.token, json!({"hours": "1.00"}))
        .await
        .expect_problem(404, "not_found");
    app.delete(missing, &world.editor.token)
        .await
        .expect_problem(404, "not_found");

    let entry = format!("/api/v1/time-entries/{}", fixture.entry);
    let patched = app
        .patch(&entry, &world.outsider.token, json!({"hours": "9.00"}))
        .await
        .expect_problem(403, "board_access_denied");
    let deleted = app
        .delete(&entry, &world.outsider.token)
        .await
        .expect_problem(403, "board_access_denied");
    assert_eq!(patched.body, deleted.body);
    // Nothing changed.
    let listed = app
        .get(
            &format!("/api/v1/boards/{}/time-entries", fixture.board),
            &world.creator.token,
        )
        .await
        .expect(200);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["items"][0]["hours"], "0.50");
}

#[tokio::test]
async fn editors_change_only_their_own_entries_and_board_admins_anyones() {
    let mut world = World::new().await;
    let fixture = world.fixture().await;
    let app = &world.app;
    let second_editor = app.user("second-editor", None).await;
    app.member(
        &world.creator,
        fixture.board,
        &second_editor,
        "editor",
        None,
    )
    .await;
    let entry = format!("/api/v1/time-entries/{}", fixture.entry);

    app.patch(&entry, &second_editor.token, json!({"hours": "8.00"}))
        .await
        .expect_problem(403, "not_entry_author");
    app.delete(&entry, &second_editor.token)
        .await
        .expect_problem(403, "not_entry_author");
    app.patch(&entry, &world.viewer.token, json!({"hours": "8.00"}))
        .await
        .expect_problem(403, "insufficient_role");

    let edited = app
        .patch(&entry, &world.board_admin.token, json!({"hours": "1.25"}))
        .await
        .expect(200);
    assert_eq!(edited.body["hours"], "1.25");
    assert_eq!(edited.body["user_id"], world.editor.id);
    let edited = app
        .patch(&entry, &world.editor.token, json!({"description": "mine"}))
        .await
        .expect(200);
    assert_eq!(edited.body["hours"], "1.25");
    assert_eq!(edited.body["description"], "mine");
    app.delete(&entry, &world.board_admin.token)
        .await
        .expect(204);
    app.delete(&entry, &world.editor.token)
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn a_task_of_another_board_is_not_found_under_this_boards_path_and_nothing_changes() {
    let mut world = World::new().await;
    let a = world.fixture().await;
    let app = &world.app;
    app.cost(
        &world.creator,
        a.board,
        a.task,
        json!({"estimated_cost": "300.00"}),
    )
    .await
    .expect(200);
    // The outsider administers a board of their own and aims at board A's task through it.
    let mallory = &world.outsider;
    let b = app.board(mallory, "Mallory's").await;
    let under_b = |suffix: &str| format!("/api/v1/boards/{b}/tasks/{}{suffix}", a.task);
    let task_before = app
        .get(
            &format!("/api/v1/boards/{}/tasks/{}", a.board, a.task),
            &world.creator.token,
        )
        .await
        .expect(200)
        .body;
    let cost_before = app
        .get(
            &format!("/api/v1/boards/{}/tasks/{}/cost", a.board, a.task),
            &world.creator.token,
        )
        .await
        .expect(200)
        .body;

    app.get(&under_b(""), &mallory.token)
        .await
        .expect_problem(404, "not_found");
    app.put(&under_b(""), &mallory.token, json!({"title": "Hijacked"}))
        .await
        .expect_problem(404, "not_found");
    app.delete(&under_b(""), &mallory.token)
        .await
        .expect_problem(404, "not_found");
    app.get(&under_b("/cost"), &mallory.token)
        .await
        .expect_problem(404, "not_found");
    app.put(
        &under_b("/cost"),
        &mallory.token,
        json!({"estimated_cost": "1.00", "actual_cost": "99999.00"}),
    )
    .await
    .expect_problem(404, "not_found");
    app.post(
        &under_b("/time-entries"),
        &mallory.token,
        json!({"hours": "5.00", "work_date": TODAY}),
    )
    .await
    .expect_problem(404, "not_found");
    app.get(&under_b("/time-entries"), &mallory.token)
        .await
        .expect_problem(404, "not_found");

    // Board A is exactly as it was; board B gained nothing.
    let task_after = app
        .get(
            &format!("/api/v1/boards/{}/tasks/{}", a.board, a.task),
            &world.creator.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(task_after, task_before);
    let cost_after = app
        .get(
            &format!("/api/v1/boards/{}/tasks/{}/cost", a.board, a.task),
            &world.creator.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(cost_after, cost_before);
    assert_eq!(cost_after["estimated_cost"], "300.00");
    let a_entries = app
        .get(
            &format!("/api/v1/boards/{}/time-entries", a.board),
            &world.creator.token,
        )
        .await
        .expect(200);
    assert_eq!(a_entries.body["items"].as_array().unwrap().len(), 1);
    let b_entries = app
        .get(&format!("/api/v1/boards/{b}/time-entries"), &mallory.token)
        .await
        .expect(200);
    assert_eq!(b_entries.body["items"], json!([]));
    let b_tasks = app
        .get(&format!("/api/v1/boards/{b}/tasks"), &mallory.token)
        .await
        .expect(200);
    assert_eq!(b_tasks.body["items"], json!([]));

    // The same holds for someone with access to both boards: ids do not cross boards.
    let c = app.board(&world.creator, "Other").await;
    let cross = format!("/api/v1/boards/{c}/tasks/{}", a.task);
    app.get(&cross, &world.creator.token)
        .await
        .expect_problem(404, "not_found");
    app.get(&format!("{cross}/cost"), &world.creator.token)
        .await
        .expect_problem(404, "not_found");
    app.log(&world.creator, c, a.task, "1.00", TODAY)
        .await
        .expect_problem(404, "not_found");
    app.delete(&cross, &world.creator.token)
        .await
        .expect_problem(404, "not_found");
    app.get(
        &format!("/api/v1/boards/{}/tasks/{}", a.board, a.task),
        &world.creator.token,
    )
    .await
    .expect(200);

    // Members too: a member of board A is not a member of board C.
    let member_of_a = format!("/api/v1/boards/{c}/members/{}", world.editor.id);
    app.put(
        &member_of_a,
        &world.creator.token,
        json!({"role": "viewer"}),
    )
    .await
    .expect_problem(404, "not_found");
    app.delete(&member_of_a, &world.creator.token)
        .await
        .expect_problem(404, "not_found");
    let a_members = app
        .get(
            &format!("/api/v1/boards/{}/members", a.board),
            &world.creator.token,
        )
        .await
        .expect(200);
    let editor = a_members
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == world.editor.id);
    assert_eq!(editor.unwrap()["role"], "editor");
}

#[tokio::test]
async fn a_task_cannot_be_assigned_to_someone_without_access_to_the_board() {
    let mut world = World::new().await;
    let fixture = world.fixture().await;
    let app = &world.app;
    let tasks = format!("/api/v1/boards/{}/tasks", fixture.board);
    let refused = app
        .post(
            &tasks,
            &world.creator.token,
            json!({"title": "Spy", "assignee_id": world.outsider.id}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        vec![("assignee_id".to_owned(), "not_a_board_user".to_owned())]
    );
    let task = format!("{tasks}/{}", fixture.task);
    let refused = app
        .put(
            &task,
            &world.creator.token,
            json!({"title": "Spy", "assignee_id": world.outsider.id}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors()[0].0, "assignee_id");
    // A user id that does not exist at all is refused the same way.
    let refused = app
        .post(
            &tasks,
            &world.creator.token,
            json!({"title": "Ghost", "assignee_id": 987_654}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors()[0].0, "assignee_id");
    // Nothing was created or changed.
    let listed = app.get(&tasks, &world.creator.token).await.expect(200);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["items"][0]["title"], "Existing task");
    assert_eq!(listed.body["items"][0]["assignee_id"], Value::Null);

    // Members and organisation members may be assigned.
    for who in [&world.viewer, &world.org_member] {
        app.post(
            &tasks,
            &world.editor.token,
            json!({"title": "Theirs", "assignee_id": who.id}),
        )
        .await
        .expect(201);
    }
}
