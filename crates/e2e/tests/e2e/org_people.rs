//! Running an organisation in the app: its admin invites a new person and hands over the link
//! shown once; the invitee opens it signed out, signs in, is brought back to it, sees which
//! organisation invites them, accepts and is listed among the members; the admin cannot step
//! down as the only admin (the screen says why), then makes the invitee an admin; the invitee
//! leaves and is offered to create or join an organisation; the used link then explains that
//! it cannot be used.

use serde_json::{json, Value};

use crate::support::*;

const INVITEE: &str = "nina.newcomer@example.com";

/// The members the API lists: (email, role).
async fn members(e2e: &E2e, organization: i64) -> Vec<(String, String)> {
    let listed = e2e
        .api(&format!(
            "/api/v1/organizations/{organization}/members?limit=100"
        ))
        .await;
    listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| (raw(&member["email"]), raw(&member["role"])))
        .collect()
}

/// The members' table on the page: (text of the row, its role), once it lists `at_least` rows.
async fn member_rows(e2e: &E2e, at_least: usize) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for row in e2e.wait_all(&testid("org-member-row"), at_least).await {
        rows.push((
            row.text().await.unwrap(),
            row.attr("data-role").await.unwrap().unwrap_or_default(),
        ));
    }
    rows
}

async fn sign_out(e2e: &E2e) {
    e2e.click("sign-out").await;
    e2e.wait_for("login-submit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_invites_a_newcomer_who_joins_is_promoted_and_leaves() {
    let e2e = E2e::start("org-people").await;
    let registered = reqwest::Client::new()
        .post(e2e.url("/api/v1/auth/register"))
        .json(
            &json!({"email": INVITEE, "password": DEMO_PASSWORD, "display_name": "Nina Newcomer"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201, "the invitee registers");
    let me = e2e.api("/api/v1/me").await;
    let organization = me["organization_id"].as_i64().unwrap();
    let organization_name = raw(&e2e
        .api(&format!("/api/v1/organizations/{organization}"))
        .await["name"]);
    let members_before = members(&e2e, organization).await.len();

    // The admin reaches the screen from the header and invites the newcomer.
    e2e.sign_in_demo().await;
    e2e.click("nav-organization").await;
    e2e.wait_text(&organization_name).await;
    let rows = member_rows(&e2e, members_before).await;
    assert_eq!(rows.len(), members_before);
    e2e.wait_for("invite-email").await;
    e2e.screenshot("organization-members").await;
    e2e.fill("invite-email", INVITEE).await;
    e2e.fill("invite-role", "member").await;
    e2e.click("invite-submit").await;
    let link = e2e
        .until("the accept link", async || {
            let field = e2e.wait_for("invitation-link").await;
            field.prop("value").await.ok()?.filter(|v| !v.is_empty())
        })
        .await;
    let path = link
        .strip_prefix(&e2e.url(""))
        .unwrap_or_else(|| panic!("{link} is an address of this app"))
        .to_owned();
    assert!(path.starts_with("/invitations/accept?token=bri_"), "{path}");
    e2e.until("the pending invitation", async || {
        for row in e2e.all(&testid("invitation-row")).await {
            let text = row.text().await.ok()?;
            if text.contains(INVITEE) && text.contains("Pending") {
                return Some(());
            }
        }
        None
    })
    .await;
    e2e.screenshot("organization-invitation-created").await;

    // The only admin cannot step down: the screen says what to do.
    let own_row = format!(
        "{}[data-user-id='{}'] {}",
        testid("org-member-row"),
        me["id"],
        testid("org-member-role")
    );
    let own_role = e2e.wait_css(&own_row).await;
    e2e.set_value(&own_role, "member").await;
    e2e.click_css(&format!(
        "{}[data-user-id='{}'] {}",
        testid("org-member-row"),
        me["id"],
        testid("org-member-save")
    ))
    .await;
    e2e.wait_text("The organisation needs an admin: make another member an admin first")
        .await;
    e2e.wait_css(".error[data-code='last_org_admin']").await;

    // Nor leave. The question takes the focus to Keep; Escape closes it and gives the focus back.
    e2e.goto("/organization").await;
    e2e.click("org-leave").await;
    e2e.wait_for("org-confirm-leave").await;
    let focused = async || {
        e2e.js(
            "const el = document.activeElement; return [el.textContent.trim(), el.dataset.testid || ''];",
            vec![],
        )
        .await
    };
    e2e.until("the focus on Keep", async || {
        (focused().await[0] == "Keep").then_some(())
    })
    .await;
    e2e.browser
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    e2e.until("the focus back on Leave", async || {
        (focused().await[1] == "org-leave").then_some(())
    })
    .await;
    e2e.click("org-leave").await;
    e2e.click("org-confirm-leave").await;
    e2e.wait_css(".error[data-code='last_org_admin']").await;
    e2e.wait_for("org-leave").await;
    assert!(e2e.all(&testid("org-confirm-leave")).await.is_empty());

    // The invitee opens the link signed out, signs in and comes back to it.
    sign_out(&e2e).await;
    e2e.goto(&path).await;
    e2e.wait_for("login-submit").await;
    e2e.fill("login-email", INVITEE).await;
    e2e.fill("login-password", DEMO_PASSWORD).await;
    e2e.click("login-submit").await;
    let offered = e2e.wait_for("invitation-organization").await;
    assert_eq!(offered.text().await.unwrap(), organization_name);
    assert_eq!(e2e.path().await, "/invitations/accept");
    e2e.wait_text(&format!("Signed in as {INVITEE}.")).await;
    e2e.screenshot("invitation-accept").await;
    e2e.click("accept-invitation-submit").await;

    // A member now: listed, with everything read-only.
    e2e.until("the organisation screen", async || {
        (e2e.path().await == "/organization").then_some(())
    })
    .await;
    let rows = member_rows(&e2e, members_before + 1).await;
    assert!(
        rows.iter()
            .any(|(text, role)| text.contains("Nina Newcomer (you)") && role == "member"),
        "{rows:?}"
    );
    assert!(e2e.all(&testid("org-member-role")).await.is_empty());
    assert!(e2e.all(&testid("invite-email")).await.is_empty());
    e2e.screenshot("organization-as-member").await;
    assert!(members(&e2e, organization)
        .await
        .contains(&(INVITEE.to_owned(), "member".to_owned())));

    // The admin makes the newcomer an admin.
    sign_out(&e2e).await;
    e2e.sign_in_demo().await;
    e2e.goto("/organization").await;
    let invitee_id = e2e.api_get_as(INVITEE, "/api/v1/me").await.1["id"].clone();
    let invitee_row = format!("{}[data-user-id='{invitee_id}']", testid("org-member-row"));
    let role = e2e
        .wait_css(&format!("{invitee_row} {}", testid("org-member-role")))
        .await;
    e2e.set_value(&role, "admin").await;
    e2e.click_css(&format!("{invitee_row} {}", testid("org-member-save")))
        .await;
    e2e.wait_attr_eq(&invitee_row, "data-role", "admin").await;
    assert!(members(&e2e, organization)
        .await
        .contains(&(INVITEE.to_owned(), "admin".to_owned())));
    // The invitation was used.
    e2e.until("the accepted invitation", async || {
        for row in e2e.all(&testid("invitation-row")).await {
            let text = row.text().await.ok()?;
            if text.contains(INVITEE) && text.contains("Accepted") {
                return Some(());
            }
        }
        None
    })
    .await;

    // The newcomer leaves, after confirming.
    sign_out(&e2e).await;
    e2e.sign_in_as(INVITEE).await;
    e2e.goto("/organization").await;
    e2e.click("org-leave").await;
    e2e.wait_for("org-confirm-leave").await;
    e2e.screenshot("organization-leave").await;
    e2e.click("org-confirm-leave").await;
    e2e.wait_for("no-organization").await;
    e2e.wait_for("org-create").await;
    e2e.screenshot("organization-none").await;
    let (_, me) = e2e.api_get_as(INVITEE, "/api/v1/me").await;
    assert_eq!(me["organization_id"], Value::Null);
    assert_eq!(members(&e2e, organization).await.len(), members_before);

    // The used link explains itself and offers nothing to accept.
    e2e.goto(&path).await;
    e2e.wait_text("This invitation cannot be used").await;
    assert!(e2e
        .all(&testid("accept-invitation-submit"))
        .await
        .is_empty());
    e2e.screenshot("invitation-unusable").await;
    e2e.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_issues_a_password_reset_link_and_the_member_sets_a_new_password() {
    const MEMBER: &str = "marcus.reed@example.com";
    const NEW_PASSWORD: &str = "a-brand-new-password";
    let e2e = E2e::start("org-password-reset").await;
    let (_, member) = e2e.api_get_as(MEMBER, "/api/v1/me").await;
    let me = e2e.api("/api/v1/me").await;

    e2e.sign_in_demo().await;
    e2e.click("nav-organization").await;
    let row = format!(
        "{}[data-user-id='{}']",
        testid("org-member-row"),
        member["id"]
    );
    // Not for an admin, oneself included: whoever holds the link can act as its owner.
    e2e.wait_css(&format!("{row} {}", testid("org-member-reset")))
        .await;
    assert!(e2e
        .all(&format!(
            "{}[data-user-id='{}'] {}",
            testid("org-member-row"),
            me["id"],
            testid("org-member-reset")
        ))
        .await
        .is_empty());
    e2e.click_css(&format!("{row} {}", testid("org-member-reset")))
        .await;
    e2e.click_css(&format!("{row} {}", testid("org-member-confirm-reset")))
        .await;
    let link = e2e
        .until("the reset link", async || {
            let field = e2e.wait_for("password-reset-link").await;
            field.prop("value").await.ok()?.filter(|v| !v.is_empty())
        })
        .await;
    e2e.wait_text("Password reset for Marcus Reed issued.")
        .await;
    e2e.screenshot("organization-password-reset").await;
    let path = link
        .strip_prefix(&e2e.url(""))
        .unwrap_or_else(|| panic!("{link} is an address of this app"))
        .to_owned();
    assert!(path.starts_with("/password-reset?token="), "{path}");

    // The member opens it signed out; too short a password is refused beside its field.
    e2e.click("sign-out").await;
    e2e.wait_for("login-submit").await;
    e2e.goto(&path).await;
    e2e.fill("reset-password", "short").await;
    e2e.click("reset-submit").await;
    e2e.error_beside("new_password", "reset-password").await;
    e2e.screenshot("password-reset").await;
    e2e.fill("reset-password", NEW_PASSWORD).await;
    e2e.click("reset-submit").await;
    e2e.wait_for("password-reset-done").await;

    // The new password signs in; the old one no longer does.
    e2e.click("password-reset-sign-in").await;
    e2e.fill("login-email", MEMBER).await;
    e2e.fill("login-password", NEW_PASSWORD).await;
    e2e.click("login-submit").await;
    e2e.wait_for("board-card").await;
    let old = reqwest::Client::new()
        .post(e2e.url("/api/v1/auth/login"))
        .json(&json!({"email": MEMBER, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401);
    // The link works once.
    e2e.click("sign-out").await;
    e2e.wait_for("login-submit").await;
    e2e.goto(&path).await;
    e2e.fill("reset-password", "yet-another-password").await;
    e2e.click("reset-submit").await;
    e2e.wait_text("the reset token is unknown, used or expired")
        .await;
    e2e.finish().await;
}
