//! Containment and tenancy: a board changes organisation only by an explicit move, people join
//! an organisation only by accepting an invitation and can leave or be removed, and an account
//! can be contained (password change, sign-out everywhere, admin-issued reset, no token minted
//! by a token, board ownership handed over). Each of these leaves an audit event.

use serde_json::{json, Value};

use crate::support::*;

const PASSWORD: &str = "a-long-password-1";

async fn org_board(app: &TestApp, owner: &User, org: i64, name: &str) -> i64 {
    app.new_board(
        owner,
        json!({"name": name, "organization_id": org,
               "start_date": "2026-09-01", "due_date": "2027-01-31"}),
    )
    .await
}

async fn audit_count(app: &TestApp, entity_type: &str, action: &str) -> i64 {
    app.sql_number(&format!(
        "SELECT COUNT(*) FROM audit_event WHERE entity_type = '{entity_type}' AND action = '{action}'"
    ))
    .await
}

async fn login(app: &TestApp, email: &str, password: &str) -> Response {
    app.request(
        reqwest::Method::POST,
        "/api/v1/auth/login",
        None,
        Some(&json!({"email": email, "password": password})),
    )
    .await
}

#[tokio::test]
async fn a_put_neither_moves_nor_detaches_a_board() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let mallory = app.user("mallory", None).await;
    let acme = app.organization(&ann, "Acme").await;
    let evil = app.organization(&mallory, "Evil").await;
    let board = org_board(&app, &ann, acme, "Acme site").await;
    app.member(&ann, board, &mallory, "admin", None).await;
    let path = format!("/api/v1/boards/{board}");

    // A board admin from another organisation cannot pull the board into theirs.
    app.put(
        &path,
        &mallory.token,
        json!({"name": "Mine now", "organization_id": evil}),
    )
    .await
    .expect_problem(409, "board_move_required");
    // Leaving the organisation out keeps it.
    let renamed = app
        .put(&path, &mallory.token, json!({"name": "Renamed"}))
        .await
        .expect(200);
    assert_eq!(renamed.body["organization_id"], acme);
    assert_eq!(renamed.body["name"], "Renamed");
    // Naming the same organisation is fine.
    app.put(
        &path,
        &mallory.token,
        json!({"name": "Again", "organization_id": acme}),
    )
    .await
    .expect(200);
    let board_now = app.get(&path, &ann.token).await.expect(200);
    assert_eq!(board_now.body["organization_id"], acme);
    assert_eq!(board_now.body["name"], "Again");
}

#[tokio::test]
async fn a_board_moves_by_its_creator_or_org_admin_into_an_org_they_administer() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let olga = app.user("olga", None).await;
    let mallory = app.user("mallory", None).await;
    let acme = app.organization(&ann, "Acme").await;
    app.org_join(&ann, acme, &olga, "admin").await;
    let evil = app.organization(&mallory, "Evil").await;
    let board = org_board(&app, &ann, acme, "Acme site").await;
    app.member(&ann, board, &mallory, "admin", None).await;
    let task = app.task(&ann, board, "Checkout").await;
    let moves = format!("/api/v1/boards/{board}/move");

    // A board admin who is neither its creator nor an admin of its organisation.
    app.post(&moves, &mallory.token, json!({"organization_id": evil}))
        .await
        .expect_problem(403, "insufficient_role");
    // The creator, into an organisation they do not administer.
    let refused = app
        .post(&moves, &ann.token, json!({"organization_id": evil}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        vec![("organization_id".to_owned(), "not_an_admin".to_owned())]
    );
    assert_eq!(audit_count(&app, "board", "move").await, 0);

    // An admin of its organisation takes it out of every organisation.
    app.post(&moves, &olga.token, json!({"organization_id": null}))
        .await
        .expect(204);
    let board_now = app
        .get(&format!("/api/v1/boards/{board}"), &ann.token)
        .await
        .expect(200);
    assert_eq!(board_now.body["organization_id"], Value::Null);
    // A move is a change of the board: a new version, so a stale If-Match is refused.
    assert_eq!(board_now.header("etag").as_deref(), Some("\"board-v2\""));
    // Olga was admin through the organisation only: the board is no longer hers to see.
    app.get(&format!("/api/v1/boards/{board}/tasks/{task}"), &olga.token)
        .await
        .expect_problem(403, "board_access_denied");
    // The creator moves it back into the organisation they administer, tasks and all.
    app.post(&moves, &ann.token, json!({"organization_id": acme}))
        .await
        .expect(204);
    app.get(&format!("/api/v1/boards/{board}/tasks/{task}"), &olga.token)
        .await
        .expect(200);
    assert_eq!(audit_count(&app, "board", "move").await, 2);
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'move' AND board_id = {board} AND entity_id = {board}"
        ))
        .await,
        2
    );
}

#[tokio::test]
async fn invitations_are_the_only_way_in_and_answer_alike_for_every_address() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let max = app.user("max", None).await;
    let busy = app.user("busy", None).await;
    let eve = app.user("eve", None).await;
    let acme = app.organization(&ann, "Acme").await;
    app.organization(&busy, "Busy").await;
    let invitations = format!("/api/v1/organizations/{acme}/invitations");

    // Direct adding is gone.
    app.post(
        &format!("/api/v1/organizations/{acme}/members"),
        &ann.token,
        json!({"email": max.email, "role": "member"}),
    )
    .await
    .expect_problem(405, "method_not_allowed");

    // One answer whatever the address: registered and free, registered elsewhere, unknown,
    // already a member.
    let mut answers = Vec::new();
    for email in [
        max.email.as_str(),
        busy.email.as_str(),
        "nobody@example.com",
        ann.email.as_str(),
    ] {
        let created = app
            .post(
                &invitations,
                &ann.token,
                json!({"email": email, "role": "member"}),
            )
            .await
            .expect(201);
        let mut body = created.body.clone();
        assert!(body["token"].as_str().unwrap().starts_with("bri_"));
        assert_eq!(body["email"], email);
        let instant = |field: &str| {
            chrono::DateTime::parse_from_rfc3339(body[field].as_str().unwrap()).unwrap()
        };
        assert_eq!(
            instant("expires_at") - instant("created_at"),
            chrono::Duration::days(7)
        );
        for varying in ["id", "token", "email", "created_at", "expires_at"] {
            body.as_object_mut().unwrap().remove(varying);
        }
        answers.push((created.status, body));
    }
    assert!(
        answers.windows(2).all(|pair| pair[0] == pair[1]),
        "{answers:?}"
    );
    assert_eq!(answers[0].1["role"], "member");
    assert_eq!(answers[0].1["accepted_at"], Value::Null);

    // Someone else cannot use max's invitation; max can, once.
    let token = app.invite(&ann, acme, &max.email, "member").await;
    let accept = "/api/v1/invitations/accept";
    app.post(accept, &eve.token, json!({ "token": token }))
        .await
        .expect_problem(422, "validation_failed");
    let joined = app
        .post(accept, &max.token, json!({ "token": token }))
        .await
        .expect(200);
    assert_eq!(joined.body["user_id"], max.id);
    assert_eq!(joined.body["role"], "member");
    app.post(accept, &max.token, json!({ "token": token }))
        .await
        .expect_problem(422, "validation_failed");
    let me = app.get("/api/v1/me", &max.token).await.expect(200);
    assert_eq!(me.body["organization_id"], acme);

    // Someone in another organisation holding a valid invitation: already in one.
    let busy_token = app.invite(&ann, acme, &busy.email, "member").await;
    app.post(accept, &busy.token, json!({ "token": busy_token }))
        .await
        .expect_problem(409, "already_in_organization");

    // A revoked invitation and an expired one do not work.
    let revoked = app
        .post(
            &invitations,
            &ann.token,
            json!({"email": eve.email, "role": "admin"}),
        )
        .await
        .expect(201);
    let revoked_id = revoked.body["id"].as_i64().unwrap();
    app.delete(&format!("{invitations}/{revoked_id}"), &max.token)
        .await
        .expect_problem(403, "insufficient_role");
    app.delete(&format!("{invitations}/{revoked_id}"), &ann.token)
        .await
        .expect(204);
    app.post(accept, &eve.token, json!({"token": revoked.body["token"]}))
        .await
        .expect_problem(422, "validation_failed");
    let expiring = app.invite(&ann, acme, &eve.email, "member").await;
    app.sql("UPDATE org_invitation SET expires_at = created_at")
        .await;
    app.post(accept, &eve.token, json!({ "token": expiring }))
        .await
        .expect_problem(422, "validation_failed");
    let me = app.get("/api/v1/me", &eve.token).await.expect(200);
    assert_eq!(me.body["organization_id"], Value::Null);

    // Invitations are listed for admins, without tokens.
    let listed = app.get(&invitations, &ann.token).await.expect(200);
    assert_eq!(listed.body["total"], 8);
    let listed = listed.body["items"].as_array().unwrap();
    assert_eq!(listed.len(), 8);
    assert!(listed.iter().all(|i| i.get("token").is_none()));
    assert!(listed
        .iter()
        .any(|i| i["id"] == revoked_id && !i["revoked_at"].is_null()));
    app.get(&invitations, &max.token)
        .await
        .expect_problem(403, "insufficient_role");
    assert_eq!(audit_count(&app, "organization", "invite").await, 8);
    assert_eq!(audit_count(&app, "organization", "accept").await, 1);
    assert_eq!(
        audit_count(&app, "organization", "revoke_invitation").await,
        1
    );
    // The trail names the address and the role, never the token or its hash.
    assert_eq!(
        app.sql_number(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'invite' \
             AND (CAST(new_value AS TEXT) LIKE '%bri_%' OR CAST(new_value AS TEXT) LIKE '%token%')"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_member_can_leave_but_the_last_admin_cannot() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let max = app.user("max", None).await;
    let acme = app.organization(&ann, "Acme").await;
    app.org_join(&ann, acme, &max, "member").await;
    let board = org_board(&app, &ann, acme, "Acme site").await;
    app.member(&ann, board, &max, "editor", None).await;
    let own = org_board(&app, &max, acme, "Max's board").await;

    app.post(
        &format!("/api/v1/organizations/{acme}/leave"),
        &ann.token,
        json!({}),
    )
    .await
    .expect_problem(409, "last_org_admin");
    app.post(
        &format!("/api/v1/organizations/{acme}/leave"),
        &max.token,
        json!({}),
    )
    .await
    .expect(204);
    let me = app.get("/api/v1/me", &max.token).await.expect(200);
    assert_eq!(me.body["organization_id"], Value::Null);
    assert_eq!(me.body["org_role"], Value::Null);
    // Max's board membership in the organisation ended, and the board max created there
    // passed to its admin.
    app.get(&format!("/api/v1/boards/{board}"), &max.token)
        .await
        .expect_problem(403, "board_access_denied");
    app.get(&format!("/api/v1/boards/{own}"), &max.token)
        .await
        .expect_problem(403, "board_access_denied");
    let own_now = app
        .get(&format!("/api/v1/boards/{own}"), &ann.token)
        .await
        .expect(200);
    assert_eq!(own_now.body["created_by"], ann.id);
    let members = app
        .get(&format!("/api/v1/organizations/{acme}/members"), &ann.token)
        .await
        .expect(200);
    assert_eq!(members.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(members.body["total"], 1);
    assert_eq!(audit_count(&app, "organization", "leave").await, 1);
    // Max can join another organisation now.
    app.organization(&max, "Max's").await;
}

#[tokio::test]
async fn removing_a_member_revokes_their_tokens_and_board_memberships() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let max = app.user("max", None).await;
    let acme = app.organization(&ann, "Acme").await;
    app.org_join(&ann, acme, &max, "admin").await;
    let board = org_board(&app, &ann, acme, "Acme site").await;
    app.member(&ann, board, &max, "editor", None).await;
    let own_board = app.board(&max, "Max's own, outside Acme").await;
    let (pat, _) = app.access_token(&max, "write").await;
    app.get("/api/v1/me", &pat).await.expect(200);

    let member = format!("/api/v1/organizations/{acme}/members/{}", max.id);
    app.delete(
        &format!("/api/v1/organizations/{acme}/members/{}", ann.id),
        &max.token,
    )
    .await
    .expect(204);
    // Ann is gone; max is the last admin and cannot remove himself.
    app.delete(
        &format!("/api/v1/organizations/{acme}/members/{}", max.id),
        &max.token,
    )
    .await
    .expect_problem(409, "last_org_admin");
    // Ann rejoins as admin and removes max.
    let token = app.invite(&max, acme, &ann.email, "admin").await;
    app.post(
        "/api/v1/invitations/accept",
        &ann.token,
        json!({ "token": token }),
    )
    .await
    .expect(200);
    let board_before = app
        .get(&format!("/api/v1/boards/{board}"), &ann.token)
        .await;
    assert_eq!(board_before.status, 200);
    app.delete(&member, &ann.token).await.expect(204);
    app.delete(&member, &ann.token)
        .await
        .expect_problem(404, "not_found");

    app.get("/api/v1/me", &pat)
        .await
        .expect_problem(401, "unauthenticated");
    app.get(&format!("/api/v1/boards/{board}"), &max.token)
        .await
        .expect_problem(403, "board_access_denied");
    let members = app
        .get(&format!("/api/v1/boards/{board}/members"), &ann.token)
        .await
        .expect(200);
    assert!(members.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["user_id"] != max.id));
    // Max's own board outside the organisation is untouched.
    app.get(&format!("/api/v1/boards/{own_board}"), &max.token)
        .await
        .expect(200);
    assert_eq!(audit_count(&app, "organization", "remove_member").await, 2);
    assert_eq!(audit_count(&app, "api_token", "revoke").await, 1);
}

#[tokio::test]
async fn a_password_change_ends_every_earlier_session() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Ann's").await;
    let second = login(&app, &ann.email, PASSWORD).await.expect(200);
    let second = second.body["access_token"].as_str().unwrap().to_owned();
    let (pat, _) = app.access_token(&ann, "write").await;

    let wrong = app
        .post(
            "/api/v1/me/password",
            &ann.token,
            json!({"current_password": "not-my-password", "new_password": "a-new-long-password"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        wrong.field_errors(),
        vec![("current_password".to_owned(), "wrong_password".to_owned())]
    );
    app.post(
        "/api/v1/me/password",
        &pat,
        json!({"current_password": PASSWORD, "new_password": "a-new-long-password"}),
    )
    .await
    .expect_problem(403, "session_required");
    let changed = app
        .post(
            "/api/v1/me/password",
            &ann.token,
            json!({"current_password": PASSWORD, "new_password": "a-new-long-password"}),
        )
        .await
        .expect(200);
    let fresh = changed.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(changed.body["user"]["id"], ann.id);

    for old in [&ann.token, &second] {
        app.get("/api/v1/me", old)
            .await
            .expect_problem(401, "unauthenticated");
        app.get(&format!("/api/v1/boards/{board}"), old)
            .await
            .expect_problem(401, "unauthenticated");
        app.get("/api/v1/boards/987654321", old)
            .await
            .expect_problem(401, "unauthenticated");
    }
    app.get("/api/v1/me", &fresh).await.expect(200);
    app.get(&format!("/api/v1/boards/{board}"), &fresh)
        .await
        .expect(200);
    // Access tokens are not sessions: they stay until revoked.
    app.get("/api/v1/me", &pat).await.expect(200);
    login(&app, &ann.email, PASSWORD)
        .await
        .expect_problem(401, "invalid_credentials");
    login(&app, &ann.email, "a-new-long-password")
        .await
        .expect(200);
    assert_eq!(audit_count(&app, "user", "password_change").await, 1);
    assert_eq!(
        app.sql_number(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'password_change' \
             AND (CAST(new_value AS TEXT) LIKE '%argon%' OR CAST(new_value AS TEXT) LIKE '%password%')"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let second = login(&app, &ann.email, PASSWORD).await.expect(200);
    let second = second.body["access_token"].as_str().unwrap().to_owned();
    app.post("/api/v1/me/sign-out-everywhere", &second, json!({}))
        .await
        .expect(204);
    for old in [&ann.token, &second] {
        app.get("/api/v1/me", old)
            .await
            .expect_problem(401, "unauthenticated");
    }
    let again = login(&app, &ann.email, PASSWORD).await.expect(200);
    let again = again.body["access_token"].as_str().unwrap().to_owned();
    app.get("/api/v1/me", &again).await.expect(200);
    assert_eq!(audit_count(&app, "user", "sign_out_everywhere").await, 1);
}

#[tokio::test]
async fn an_org_admin_issues_a_reset_token_that_works_once() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let max = app.user("max", None).await;
    let outsider = app.user("outsider", None).await;
    let acme = app.organization(&ann, "Acme").await;
    app.org_join(&ann, acme, &max, "member").await;
    let (pat, _) = app.access_token(&max, "write").await;
    let reset = format!(
        "/api/v1/organizations/{acme}/members/{}/password-reset",
        max.id
    );

    app.post(&reset, &max.token, json!({}))
        .await
        .expect_problem(403, "insufficient_role");
    app.post(
        &format!(
            "/api/v1/organizations/{acme}/members/{}/password-reset",
            outsider.id
        ),
        &ann.token,
        json!({}),
    )
    .await
    .expect_problem(404, "not_found");
    let issued = app.post(&reset, &ann.token, json!({})).await.expect(201);
    let token = issued.body["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("brr_"));
    assert_eq!(issued.body["user_id"], max.id);
    let expires =
        chrono::DateTime::parse_from_rfc3339(issued.body["expires_at"].as_str().unwrap()).unwrap();
    let in_a_day = expires.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(in_a_day <= chrono::Duration::hours(24) && in_a_day > chrono::Duration::hours(23));

    let use_it = |password: &str| json!({"token": token, "new_password": password});
    let public = |body: Value| {
        let app = &app;
        async move {
            app.request(
                reqwest::Method::POST,
                "/api/v1/auth/password-reset",
                None,
                Some(&body),
            )
            .await
        }
    };
    public(json!({"token": "brr_unknown", "new_password": "a-reset-password"}))
        .await
        .expect_problem(422, "validation_failed");
    public(use_it("short"))
        .await
        .expect_problem(422, "validation_failed");
    public(use_it("a-reset-password")).await.expect(204);
    public(use_it("another-reset-password"))
        .await
        .expect_problem(422, "validation_failed");

    // Every session and access token of max ended; the new password works.
    app.get("/api/v1/me", &max.token)
        .await
        .expect_problem(401, "unauthenticated");
    app.get("/api/v1/me", &pat)
        .await
        .expect_problem(401, "unauthenticated");
    login(&app, &max.email, PASSWORD)
        .await
        .expect_problem(401, "invalid_credentials");
    login(&app, &max.email, "a-reset-password")
        .await
        .expect(200);

    // A newer token replaces an older one, and an expired one does not work.
    let first = app.post(&reset, &ann.token, json!({})).await.expect(201);
    let second = app.post(&reset, &ann.token, json!({})).await.expect(201);
    public(json!({"token": first.body["token"], "new_password": "a-reset-password-2"}))
        .await
        .expect_problem(422, "validation_failed");
    app.sql("UPDATE password_reset SET expires_at = created_at")
        .await;
    public(json!({"token": second.body["token"], "new_password": "a-reset-password-2"}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(audit_count(&app, "user", "password_reset_issue").await, 3);
    assert_eq!(audit_count(&app, "user", "password_reset").await, 1);
    assert_eq!(
        app.sql_number(
            "SELECT COUNT(*) FROM audit_event WHERE CAST(new_value AS TEXT) LIKE '%brr_%'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn an_org_admin_cannot_reset_another_admins_password() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bea = app.user("bea", None).await;
    let acme = app.organization(&ann, "Acme").await;
    app.org_join(&ann, acme, &bea, "admin").await;

    app.post(
        &format!(
            "/api/v1/organizations/{acme}/members/{}/password-reset",
            bea.id
        ),
        &ann.token,
        json!({}),
    )
    .await
    .expect_problem(403, "insufficient_role");
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM password_reset").await,
        0
    );
}

#[tokio::test]
async fn an_access_token_cannot_create_an_access_token() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let (pat, _) = app.access_token(&ann, "write").await;
    app.post(
        "/api/v1/me/tokens",
        &pat,
        json!({"name": "forever", "scope": "write", "expires_in_days": 365}),
    )
    .await
    .expect_problem(403, "session_required");
    app.post("/api/v1/me/sign-out-everywhere", &pat, json!({}))
        .await
        .expect_problem(403, "session_required");
    let tokens = app.get("/api/v1/me/tokens", &ann.token).await.expect(200);
    assert_eq!(tokens.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(audit_count(&app, "api_token", "create").await, 1);
}

#[tokio::test]
async fn a_creator_hands_over_a_board_and_is_no_longer_its_admin_for_ever() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let eve = app.user("eve", None).await;
    let board = app.board(&ann, "Ann's").await;
    app.member(&ann, board, &bob, "editor", None).await;
    app.member(&ann, board, &eve, "admin", None).await;
    let owner = format!("/api/v1/boards/{board}/owner");

    // A board admin who is not the creator cannot; nor can ownership go to a non-member.
    app.put(&owner, &eve.token, json!({"user_id": eve.id}))
        .await
        .expect_problem(403, "insufficient_role");
    let outsider = app.user("outsider", None).await;
    let refused = app
        .put(&owner, &ann.token, json!({"user_id": outsider.id}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        vec![("user_id".to_owned(), "not_a_member".to_owned())]
    );

    app.put(&owner, &ann.token, json!({"user_id": bob.id}))
        .await
        .expect(204);
    let now = app
        .get(&format!("/api/v1/boards/{board}"), &bob.token)
        .await
        .expect(200);
    assert_eq!(now.body["created_by"], bob.id);
    assert_eq!(now.body["my_role"], "admin");
    // Ann stays as an ordinary admin member, whom the new owner can remove.
    app.delete(
        &format!("/api/v1/boards/{board}/members/{}", ann.id),
        &bob.token,
    )
    .await
    .expect(204);
    app.get(&format!("/api/v1/boards/{board}"), &ann.token)
        .await
        .expect_problem(403, "board_access_denied");
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM audit_event WHERE entity_type = 'board' \
             AND action = 'transfer_ownership' AND board_id = {board}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn an_admin_changes_members_roles_but_the_last_admin_stays_one() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let max = app.user("max", None).await;
    let bob = app.user("bob", None).await;
    let acme = app.organization(&ann, "Acme").await;
    app.org_join(&ann, acme, &max, "member").await;
    let member = |id: i64| format!("/api/v1/organizations/{acme}/members/{id}");
    let invitations = format!("/api/v1/organizations/{acme}/invitations");

    // Only the organisation's admins change roles; outsiders cannot tell it exists.
    app.put(&member(max.id), &max.token, json!({"role": "admin"}))
        .await
        .expect_problem(403, "insufficient_role");
    app.put(&member(max.id), &bob.token, json!({"role": "admin"}))
        .await
        .expect_problem(403, "organization_access_denied");
    // Someone outside the organisation is not one of its members.
    let missing = app
        .put(&member(bob.id), &ann.token, json!({"role": "admin"}))
        .await
        .expect_problem(404, "not_found");
    assert_eq!(missing.body["detail"], "member not found");
    let unknown = app
        .put(&member(max.id), &ann.token, json!({"role": "owner"}))
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        unknown.field_errors(),
        vec![("role".to_owned(), "invalid".to_owned())]
    );

    // The only admin cannot stop being one.
    let refused = app
        .put(&member(ann.id), &ann.token, json!({"role": "member"}))
        .await
        .expect_problem(409, "last_org_admin");
    assert_eq!(
        refused.body["detail"],
        "the organisation's last admin can neither leave, be removed nor stop being an admin; \
         make another admin first"
    );

    let promoted = app
        .put(&member(max.id), &ann.token, json!({"role": "admin"}))
        .await
        .expect(200);
    assert_eq!(
        promoted.body,
        json!({"user_id": max.id, "email": "max@example.com", "display_name": "max", "role": "admin"})
    );
    // An admin now: max sees the invitations.
    app.get(&invitations, &max.token).await.expect(200);
    // Setting the role a member has changes nothing and records nothing.
    let unchanged = app
        .put(&member(max.id), &ann.token, json!({"role": "admin"}))
        .await
        .expect(200);
    assert_eq!(unchanged.body["role"], "admin");

    // With another admin, an admin may step down; then they no longer administer.
    let stepped_down = app
        .put(&member(ann.id), &ann.token, json!({"role": "member"}))
        .await
        .expect(200);
    assert_eq!(
        stepped_down.body,
        json!({"user_id": ann.id, "email": "ann@example.com", "display_name": "ann", "role": "member"})
    );
    app.get(&invitations, &ann.token)
        .await
        .expect_problem(403, "insufficient_role");
    let me = app.get("/api/v1/me", &ann.token).await.expect(200);
    assert_eq!(me.body["org_role"], "member");
    app.put(&member(max.id), &max.token, json!({"role": "member"}))
        .await
        .expect_problem(409, "last_org_admin");

    let members = app
        .get(&format!("/api/v1/organizations/{acme}/members"), &max.token)
        .await
        .expect(200);
    let roles: Vec<(i64, &str)> = members.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["user_id"].as_i64().unwrap(), m["role"].as_str().unwrap()))
        .collect();
    assert_eq!(roles, vec![(ann.id, "member"), (max.id, "admin")]);
    assert_eq!(
        audit_count(&app, "organization", "change_member_role").await,
        2
    );
    assert_eq!(
        app.sql_number(&format!(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'change_member_role' \
             AND actor_id = {} AND CAST(old_value AS TEXT) LIKE '%\"member\"%' \
             AND CAST(new_value AS TEXT) LIKE '%\"admin\"%'",
            ann.id
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn an_invitee_reads_what_an_invitation_offers_before_accepting_it() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let max = app.user("max", None).await;
    let bob = app.user("bob", None).await;
    let acme = app.organization(&ann, "Acme").await;
    let invited = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations"),
            &ann.token,
            json!({"email": "max@example.com", "role": "admin"}),
        )
        .await
        .expect(201);
    let token = invited.body["token"].as_str().unwrap().to_owned();

    let preview = app
        .post(
            "/api/v1/invitations/preview",
            &max.token,
            json!({ "token": token }),
        )
        .await
        .expect(200);
    assert_eq!(
        preview.body,
        json!({
            "organization_id": acme,
            "organization_name": "Acme",
            "email": "max@example.com",
            "role": "admin",
            "expires_at": invited.body["expires_at"],
        })
    );
    // Someone else's token, an unknown one: the answer accepting them would give.
    for (who, token) in [(&bob, token.as_str()), (&max, "bri_unknown")] {
        let refused = app
            .post(
                "/api/v1/invitations/preview",
                &who.token,
                json!({ "token": token }),
            )
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            refused.field_errors(),
            vec![("token".to_owned(), "invalid".to_owned())]
        );
    }
    // Reading it changed nothing: max joins with it, once.
    app.post(
        "/api/v1/invitations/accept",
        &max.token,
        json!({ "token": token }),
    )
    .await
    .expect(200);
    app.post(
        "/api/v1/invitations/preview",
        &max.token,
        json!({ "token": token }),
    )
    .await
    .expect_problem(422, "validation_failed");
    assert_eq!(audit_count(&app, "organization", "accept").await, 1);
}
