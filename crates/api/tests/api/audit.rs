//! The audit trail: every sensitive change leaves one event (who, when, what, before → after),
//! destructive changes are for admins, and the trails are read by admins only, filtered and
//! paged newest first.

use budget_contract::audit::{AuditAction, AuditKind};
use budget_domain::audit::{self, Change};
use chrono::{Duration, Utc};
use serde_json::{json, Value};

use crate::support::*;

fn trail(board: i64, query: &str) -> String {
    format!("/api/v1/boards/{board}/audit{query}")
}

/// The events of a page, as (kind, action, entity id, actor id, if any).
fn events(page: &Value) -> Vec<(String, String, i64, Option<i64>)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["action"].as_str().unwrap().to_owned(),
                e["entity_id"].as_i64().unwrap(),
                e["actor_id"].as_i64(),
            )
        })
        .collect()
}

/// The events of a page, as (kind, action, entity id).
fn summary(page: &Value) -> Vec<(String, String, i64)> {
    events(page)
        .into_iter()
        .map(|(kind, action, entity, _)| (kind, action, entity))
        .collect()
}

/// The events of a page, as (kind, action, entity id, actor id).
fn with_actors(page: &Value) -> Vec<(String, String, i64, i64)> {
    events(page)
        .into_iter()
        .map(|(kind, action, entity, actor)| (kind, action, entity, actor.unwrap()))
        .collect()
}

#[tokio::test]
async fn deleting_a_task_is_for_board_admins_and_the_trail_keeps_the_time_it_removed() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", Some("60.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", None).await;
    let task = app.task(&bob, board, "Landing page").await;
    app.log(&bob, board, task, "2.00", TODAY).await.expect(201);
    app.log(&bob, board, task, "0.50", "2026-11-24")
        .await
        .expect(201);

    // An editor may no longer delete a task: it removes everyone's time on it.
    let path = format!("/api/v1/boards/{board}/tasks/{task}");
    app.delete(&path, &bob.token)
        .await
        .expect_problem(403, "insufficient_role");
    app.get(&path, &ann.token).await.expect(200);
    // Only its creation is recorded so far.
    assert_eq!(
        app.sql_number(
            "SELECT COUNT(*) FROM audit_event WHERE entity_type = 'task' AND action <> 'create'"
        )
        .await,
        0
    );

    app.delete(&path, &ann.token).await.expect(204);
    let page = app
        .get(&trail(board, "?kind=task"), &ann.token)
        .await
        .expect(200)
        .body;
    // Newest first: the deletion, then the creation.
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");
    assert!(page.get("next_cursor").is_none());
    assert_eq!(page["items"][1]["action"], "create");
    let event = &page["items"][0];
    assert_eq!(event["kind"], "task");
    assert_eq!(event["action"], "delete");
    assert_eq!(event["entity_id"], task);
    assert_eq!(event["board_id"], board);
    assert_eq!(event["actor_id"], ann.id);
    assert_eq!(event["actor_name"], "ann");
    assert_eq!(event["actor_email"], "ann@example.com");
    assert_eq!(event["before"]["title"], "Landing page");
    assert_eq!(event["before"]["time_entries"], 2);
    assert_eq!(event["before"]["logged_hours"], "2.50");
    assert_eq!(event["before"]["labour_cost"], "150.00");
    assert_eq!(event["after"], Value::Null);
    assert!(event["at"].as_str().is_some());
}

#[tokio::test]
async fn adding_repricing_and_removing_a_member_each_leave_one_event() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let board = app.board(&ann, "Launch").await;

    app.member(&ann, board, &bob, "viewer", Some("40.00")).await;
    let member = format!("/api/v1/boards/{board}/members/{}", bob.id);
    app.put(
        &member,
        &ann.token,
        json!({"role": "editor", "hourly_rate": "55.50"}),
    )
    .await
    .expect(200);
    app.delete(&member, &ann.token).await.expect(204);

    let page = app
        .get(&trail(board, "?kind=member"), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(
        summary(&page),
        vec![
            ("member".to_owned(), "delete".to_owned(), bob.id),
            ("member".to_owned(), "update".to_owned(), bob.id),
            ("member".to_owned(), "create".to_owned(), bob.id),
        ]
    );
    let [removed, changed, added] = [0, 1, 2].map(|i| page["items"][i].clone());
    assert_eq!(added["before"], Value::Null);
    let mut added_member = added["after"].clone();
    added_member.as_object_mut().unwrap().remove("version");
    assert_eq!(
        added_member,
        json!({"user_id": bob.id, "email": "bob@example.com", "display_name": "bob",
               "role": "viewer", "hourly_rate": "40.00"})
    );
    assert_eq!(changed["before"]["role"], "viewer");
    assert_eq!(changed["before"]["hourly_rate"], "40.00");
    assert_eq!(changed["after"]["role"], "editor");
    assert_eq!(changed["after"]["hourly_rate"], "55.50");
    assert_eq!(removed["before"]["role"], "editor");
    assert_eq!(removed["before"]["hourly_rate"], "55.50");
    assert_eq!(removed["after"], Value::Null);
    for event in [&removed, &changed, &added] {
        assert_eq!(event["actor_id"], ann.id);
    }
}

#[tokio::test]
async fn repricing_a_task_leaves_one_event_with_the_old_and_new_rate() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Build").await;
    app.cost(&ann, board, task, json!({"hourly_rate": "80.00"}))
        .await
        .expect(200);
    app.log(&ann, board, task, "2.00", TODAY).await.expect(201);
    app.cost(
        &ann,
        board,
        task,
        json!({"hourly_rate": "100.00", "reprice_existing_entries": true}),
    )
    .await
    .expect(200);

    let page = app
        .get(&trail(board, "?kind=task_cost"), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");
    let repriced = &page["items"][0];
    assert_eq!(repriced["action"], "update");
    assert_eq!(repriced["before"]["hourly_rate"], "80.00");
    assert_eq!(repriced["before"]["labour_cost"], "160.00");
    assert_eq!(repriced["after"]["hourly_rate"], "100.00");
    assert_eq!(repriced["after"]["labour_cost"], "200.00");
    assert_eq!(repriced["after"]["repriced_entries"], 1);
}

#[tokio::test]
async fn a_deleted_boards_trail_stays_readable_by_its_organisations_admins() {
    let app = TestApp::spawn().await;
    let olga = app.user("olga", None).await;
    let ann = app.user("ann", None).await;
    let ed = app.user("ed", None).await;
    let org = app.organization(&olga, "Acme").await;
    let board = app
        .new_board(&olga, json!({"name": "Launch", "organization_id": org}))
        .await;
    app.member(&olga, board, &ann, "admin", None).await;
    app.member(&olga, board, &ed, "editor", None).await;

    let path = format!("/api/v1/boards/{board}");
    app.delete(&path, &ed.token)
        .await
        .expect_problem(403, "insufficient_role");
    app.delete(&path, &ann.token).await.expect(204);

    let page = app
        .get(&format!("/api/v1/organizations/{org}/audit"), &olga.token)
        .await
        .expect(200)
        .body;
    assert_eq!(
        summary(&page),
        vec![
            ("board".to_owned(), "delete".to_owned(), board),
            ("member".to_owned(), "create".to_owned(), ed.id),
            ("member".to_owned(), "create".to_owned(), ann.id),
            ("organization".to_owned(), "create".to_owned(), org),
        ]
    );
    let deleted = &page["items"][0];
    assert_eq!(deleted["actor_id"], ann.id);
    assert_eq!(deleted["board_id"], board);
    assert_eq!(deleted["before"]["name"], "Launch");
    assert_eq!(deleted["before"]["organization_id"], org);
    assert_eq!(deleted["after"], Value::Null);

    // A board made afterwards starts with a trail of its own, whatever id it gets.
    let next = app.board(&olga, "Next").await;
    assert_ne!(next, board);
    let fresh = app.get(&trail(next, ""), &olga.token).await.expect(200);
    assert_eq!(fresh.body["items"], json!([]));
}

#[tokio::test]
async fn the_trails_are_for_admins_only() {
    let app = TestApp::spawn().await;
    let olga = app.user("olga", None).await;
    let mia = app.user("mia", None).await;
    let ed = app.user("ed", None).await;
    let outsider = app.user("outsider", None).await;
    let org = app.organization(&olga, "Acme").await;
    app.org_join(&olga, org, &mia, "member").await;
    let board = app
        .new_board(&olga, json!({"name": "Launch", "organization_id": org}))
        .await;
    app.member(&olga, board, &ed, "editor", None).await;

    // The organisation's member is a viewer on its boards; the editor is not an admin either.
    for who in [&mia, &ed] {
        app.get(&trail(board, ""), &who.token)
            .await
            .expect_problem(403, "insufficient_role");
    }
    app.get(&trail(board, ""), &outsider.token)
        .await
        .expect_problem(403, "board_access_denied");
    app.get(&trail(board, ""), &olga.token).await.expect(200);

    let org_trail = format!("/api/v1/organizations/{org}/audit");
    app.get(&org_trail, &mia.token)
        .await
        .expect_problem(403, "insufficient_role");
    for who in [&ed, &outsider] {
        app.get(&org_trail, &who.token)
            .await
            .expect_problem(403, "organization_access_denied");
    }
    app.get("/api/v1/organizations/987654/audit", &olga.token)
        .await
        .expect_problem(403, "organization_access_denied");
    app.get(&org_trail, &olga.token).await.expect(200);
}

#[tokio::test]
async fn the_board_trail_filters_by_kind_actor_and_day_and_pages_newest_first() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let bob = app.user("bob", Some("60.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", None).await; // ann: member
    let task = app.task(&ann, board, "Build").await; // ann: task
    app.budget(&ann, board, json!({"allocated_budget": "10000.00"}))
        .await
        .expect(201); // ann: budget
    app.log(&bob, board, task, "1.00", TODAY).await.expect(201); // bob: time_entry
    app.log(&bob, board, task, "2.00", TODAY).await.expect(201); // bob: time_entry
    app.cost(&bob, board, task, json!({"estimated_cost": "500.00"}))
        .await
        .expect(200); // bob: task_cost

    let all = app
        .get(&trail(board, ""), &ann.token)
        .await
        .expect(200)
        .body;
    let kinds: Vec<String> = summary(&all).into_iter().map(|(kind, ..)| kind).collect();
    assert_eq!(
        kinds,
        [
            "task_cost",
            "time_entry",
            "time_entry",
            "budget",
            "task",
            "member"
        ]
    );
    let ids: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();

    let by_bob = app
        .get(&trail(board, &format!("?actor={}", bob.id)), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(by_bob["items"].as_array().unwrap().len(), 3);
    let entries = app
        .get(
            &trail(board, &format!("?actor={}&kind=time_entry", bob.id)),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(entries["items"].as_array().unwrap().len(), 2);
    let none = app
        .get(&trail(board, "?kind=recommendation"), &ann.token)
        .await
        .expect(200);
    assert_eq!(none.body["items"], json!([]));

    // Days are UTC calendar days of the change, both ends included.
    let today = Utc::now().date_naive();
    let page = |query: String| {
        let app = &app;
        let token = ann.token.clone();
        async move {
            app.get(&trail(board, &query), &token)
                .await
                .expect(200)
                .body
        }
    };
    let count = |query: String| {
        let page = &page;
        async move { page(query).await["items"].as_array().unwrap().len() }
    };
    assert_eq!(count(format!("?from={today}&to={today}")).await, 6);
    assert_eq!(count(format!("?to={}", today - Duration::days(1))).await, 0);
    assert_eq!(
        count(format!("?from={}", today + Duration::days(1))).await,
        0
    );

    // Pages of two, newest first, then the rest.
    let first = page("?limit=2".to_owned()).await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second = page(format!("?limit=2&cursor={cursor}")).await;
    let cursor = second["next_cursor"].as_str().unwrap().to_owned();
    let third = page(format!("?limit=2&cursor={cursor}")).await;
    assert!(third.get("next_cursor").is_none());
    let paged: Vec<i64> = [&first, &second, &third]
        .iter()
        .flat_map(|page| page["items"].as_array().unwrap().clone())
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(paged, ids);

    // Bad filters are field errors, every one at once.
    let refused = app
        .get(
            &trail(
                board,
                &format!(
                    "?from=2026-11-25&to=2026-11-01&limit=0&cursor=abc&kind={}",
                    "k".repeat(51)
                ),
            ),
            &ann.token,
        )
        .await
        .expect_problem(422, "validation_failed");
    let mut fields: Vec<String> = refused.field_errors().into_iter().map(|f| f.0).collect();
    fields.sort();
    assert_eq!(fields, ["cursor", "from", "kind", "limit"]);
    let refused = app
        .get(&trail(board, "?from=1969-12-31&to=2201-01-01"), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        vec![
            ("from".to_owned(), "out_of_range".to_owned()),
            ("to".to_owned(), "out_of_range".to_owned())
        ]
    );
}

#[tokio::test]
async fn the_organisation_trail_holds_its_own_its_boards_and_its_members_account_events() {
    let app = TestApp::spawn().await;
    let olga = app.user("olga", None).await;
    let mia = app.user("mia", None).await;
    let outsider = app.user("outsider", None).await;
    let other_admin = app.user("otto", None).await;
    let org = app.organization(&olga, "Acme").await;
    let other_org = app.organization(&other_admin, "Other").await;
    app.org_join(&olga, org, &mia, "member").await;
    let org_board = app
        .new_board(&olga, json!({"name": "Launch", "organization_id": org}))
        .await;
    let private_board = app.board(&outsider, "Private").await;
    app.budget(&olga, org_board, json!({"allocated_budget": "100.00"}))
        .await
        .expect(201);
    app.budget(
        &outsider,
        private_board,
        json!({"allocated_budget": "100.00"}),
    )
    .await
    .expect(201);

    // Organisation and account events, recorded the way their operations record them.
    static CHANGED: Value = Value::Null;
    let conn = app.domain.db.conn();
    let record = |actor_id: i64, entity_type: AuditKind, entity_id: i64| {
        audit::record(
            conn,
            Utc::now(),
            Change::<Value> {
                actor_id,
                board_id: None,
                entity_type,
                entity_id,
                action: AuditAction::Update,
                old: None,
                new: Some(&CHANGED),
            },
        )
    };
    record(olga.id, AuditKind::Organization, org).await.unwrap();
    record(other_admin.id, AuditKind::Organization, other_org)
        .await
        .unwrap();
    record(mia.id, AuditKind::User, mia.id).await.unwrap();
    record(mia.id, AuditKind::ApiToken, 41).await.unwrap();
    record(olga.id, AuditKind::User, outsider.id).await.unwrap();
    record(outsider.id, AuditKind::ApiToken, 42).await.unwrap();
    record(outsider.id, AuditKind::User, outsider.id)
        .await
        .unwrap();

    let page = app
        .get(&format!("/api/v1/organizations/{org}/audit"), &olga.token)
        .await
        .expect(200)
        .body;
    assert_eq!(
        summary(&page),
        vec![
            // An org admin's action on an outsider's account: the actor is a member.
            ("user".to_owned(), "update".to_owned(), outsider.id),
            ("api_token".to_owned(), "update".to_owned(), 41),
            ("user".to_owned(), "update".to_owned(), mia.id),
            ("organization".to_owned(), "update".to_owned(), org),
            ("budget".to_owned(), "create".to_owned(), org_board),
            // Mia's invitation and its acceptance, and the organisation's creation.
            ("organization".to_owned(), "accept".to_owned(), org),
            ("organization".to_owned(), "invite".to_owned(), org),
            ("organization".to_owned(), "create".to_owned(), org),
        ]
    );
    let users = app
        .get(
            &format!(
                "/api/v1/organizations/{org}/audit?kind=user&actor={}",
                mia.id
            ),
            &olga.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        summary(&users),
        vec![("user".to_owned(), "update".to_owned(), mia.id)]
    );
}

#[tokio::test]
async fn the_organisation_trail_keeps_what_its_members_did_to_their_accounts_even_after_they_go() {
    let app = TestApp::spawn().await;
    let olga = app.user("olga", None).await;
    let mia = app.user("mia", None).await;
    let nick = app.user("nick", None).await;
    let otto = app.user("otto", None).await;
    let org = app.organization(&olga, "Acme").await;
    let other_org = app.organization(&otto, "Other").await;
    app.org_join(&olga, org, &mia, "member").await;
    app.org_join(&olga, org, &nick, "member").await;

    // Mia changes her password, then makes a token and revokes it.
    let session = app
        .post(
            "/api/v1/me/password",
            &mia.token,
            json!({"current_password": "a-long-password-1", "new_password": "another-long-password-2"}),
        )
        .await
        .expect(200)
        .body;
    let mia_token = session["access_token"].as_str().unwrap().to_owned();
    let mia = User {
        token: mia_token,
        ..mia
    };
    let (_, mia_api_token) = app.access_token(&mia, "read").await;
    app.delete(&format!("/api/v1/me/tokens/{mia_api_token}"), &mia.token)
        .await
        .expect(204);
    // Nick makes a token; an admin issues him a password reset, then removes him (which
    // revokes his token).
    let (_, nick_api_token) = app.access_token(&nick, "write").await;
    app.post(
        &format!(
            "/api/v1/organizations/{org}/members/{}/password-reset",
            nick.id
        ),
        &olga.token,
        json!({}),
    )
    .await
    .expect(201);
    app.delete(
        &format!("/api/v1/organizations/{org}/members/{}", nick.id),
        &olga.token,
    )
    .await
    .expect(204);
    // Mia leaves.
    app.post(
        &format!("/api/v1/organizations/{org}/leave"),
        &mia.token,
        json!({}),
    )
    .await
    .expect(204);

    let event = |kind: &str, action: &str, entity: i64, actor: &User| {
        (kind.to_owned(), action.to_owned(), entity, actor.id)
    };
    let page = app
        .get(&format!("/api/v1/organizations/{org}/audit"), &olga.token)
        .await
        .expect(200)
        .body;
    assert_eq!(
        with_actors(&page),
        vec![
            event("organization", "leave", org, &mia),
            event("organization", "remove_member", org, &olga),
            event("api_token", "revoke", nick_api_token, &olga),
            event("user", "password_reset_issue", nick.id, &olga),
            event("api_token", "create", nick_api_token, &nick),
            event("api_token", "revoke", mia_api_token, &mia),
            event("api_token", "create", mia_api_token, &mia),
            event("user", "password_change", mia.id, &mia),
            event("organization", "accept", org, &nick),
            event("organization", "invite", org, &olga),
            event("organization", "accept", org, &mia),
            event("organization", "invite", org, &olga),
            event("organization", "create", org, &olga),
        ],
        "{page}"
    );

    // Another organisation's admin sees none of it.
    app.get(&format!("/api/v1/organizations/{org}/audit"), &otto.token)
        .await
        .expect_problem(403, "organization_access_denied");
    let theirs = app
        .get(
            &format!("/api/v1/organizations/{other_org}/audit"),
            &otto.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(
        with_actors(&theirs),
        vec![event("organization", "create", other_org, &otto)],
        "{theirs}"
    );
}
