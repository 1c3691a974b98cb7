//! The authorisation matrix, driven by the OpenAPI document: every operation the
//! spec lists is called by every kind of principal (anonymous, a tampered and an expired session
//! token, a revoked and a read-only access token, an outsider, an organisation member who is not
//! on the board, the board's editor and admin, the organisation's admin) and each answer is
//! checked against the operation's access rule: status, problem `code`, problem+json, and
//! `WWW-Authenticate: Bearer` on a 401. Around it, over the same spec: ids of one board named
//! under another board's path, ids of hidden boards, unknown boards, and refusals that must come
//! before the body is read.
//!
//! The spec is the list of routes, so a new route cannot ship without access checks: an
//! operation without a row in [`OPERATIONS`] fails the test, and so does a path parameter this
//! file cannot fill. Adding a route is one row: its rule, a valid body, its success status.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// The board roles, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Viewer,
    Editor,
    Admin,
}

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// No credential needed; one sent is ignored.
    Public,
    /// Anyone signed in, about their own account.
    Account,
    /// Only the owner of the `{token_id}` or `{notification_id}` (the board admin): to anyone
    /// else it does not exist (404).
    TokenOwner,
    /// Anyone not yet in an organisation (members of one: 409 `already_in_organization`).
    NoOrganization,
    /// Members of the `{org_id}` organisation (others: 403 `organization_access_denied`).
    OrgMember,
    /// Admins of the `{org_id}` organisation (its members: 403 `insufficient_role`).
    OrgAdmin,
    /// A board's data, named by `{board_id}` or belonging to a board (a recommendation), for
    /// callers with at least this role on the board.
    Board(Role),
    /// A time entry or an expense by id: the editor who logged or recorded it, or a board
    /// admin.
    EntryAuthor,
    /// A board's governance (moving it, handing over its ownership): its creator or an admin
    /// of its organisation; other board roles get 403 `insufficient_role`.
    BoardGovernor,
    /// Leaving the `{org_id}` organisation: its members; its last admin gets 409
    /// `last_org_admin`, outsiders 403 `organization_access_denied`.
    OrgLeaver,
    /// The caller's own running timer: the fixture's editor has one; anyone else has none (404).
    TimerOwner,
}

use Role::{Admin, Editor, Viewer};
use Rule::{
    Account, Board, BoardGovernor, EntryAuthor, NoOrganization, OrgAdmin, OrgLeaver, OrgMember,
    Public, TimerOwner, TokenOwner,
};

/// One operation: method, path as in the spec, rule, a valid body (`""` for none) and the status
/// of success. Bodies may use `{unique}` (a number not used before in the run) and
/// `{fresh_email}` (a just-registered person in no organisation and on no board), `{member}`
/// (the id of the board's viewer member), `{reset_token}` (a password-reset token just issued
/// for a new member of the organisation) and `{invitation_for_caller}` (a token inviting the
/// caller's e-mail into a second organisation).
struct Operation(&'static str, &'static str, Rule, &'static str, u16);

/// The only operations that need no credential.
const PUBLIC: &[(&str, &str)] = &[
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/password-reset"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    // The Prometheus scrape, outside the API: open by default (meant for the internal
    // network), closed by METRICS_TOKEN, which the observability tests cover.
    ("GET", "/metrics"),
];

#[rustfmt::skip]
const OPERATIONS: &[Operation] = &[
    Operation("GET",    "/healthz", Public, "", 200),
    Operation("GET",    "/readyz", Public, "", 200),
    Operation("GET",    "/metrics", Public, "", 200),
    Operation("POST",   "/api/v1/auth/register", Public, r#"{"email": "registered-{unique}@example.com", "password": "a-long-password-1", "display_name": "New"}"#, 201),
    Operation("POST",   "/api/v1/auth/login", Public, r#"{"email": "outsider@example.com", "password": "a-long-password-1"}"#, 200),
    Operation("POST",   "/api/v1/auth/password-reset", Public, r#"{"token": "{reset_token}", "new_password": "another-long-password"}"#, 204),

    Operation("GET",    "/api/v1/me", Account, "", 200),
    Operation("GET",    "/api/v1/me/tokens", Account, "", 200),
    Operation("POST",   "/api/v1/me/tokens", Account, r#"{"name": "script {unique}", "scope": "read"}"#, 201),
    Operation("DELETE", "/api/v1/me/tokens/{token_id}", TokenOwner, "", 204),
    Operation("POST",   "/api/v1/me/password", Account, r#"{"current_password": "a-long-password-1", "new_password": "a-long-password-1"}"#, 200),
    Operation("POST",   "/api/v1/me/sign-out-everywhere", Account, "", 204),
    Operation("GET",    "/api/v1/me/notifications", Account, "", 200),
    Operation("POST",   "/api/v1/me/notifications/{notification_id}/read", TokenOwner, "", 200),
    Operation("POST",   "/api/v1/me/notifications/read-all", Account, "", 200),
    Operation("GET",    "/api/v1/me/notifications/unread-count", Account, "", 200),
    Operation("GET",    "/api/v1/me/timer", Account, "", 200),
    Operation("POST",   "/api/v1/me/timer/stop", TimerOwner, "", 200),
    Operation("PATCH",  "/api/v1/me/timer", TimerOwner, r#"{"description": "renamed", "is_billable": false}"#, 200),
    Operation("DELETE", "/api/v1/me/timer", TimerOwner, "", 204),

    Operation("POST",   "/api/v1/organizations", NoOrganization, r#"{"name": "Org {unique}"}"#, 201),
    Operation("GET",    "/api/v1/organizations/{org_id}", OrgMember, "", 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/members", OrgMember, "", 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/forecast-calibration", OrgMember, "", 200),
    Operation("PUT",    "/api/v1/organizations/{org_id}/members/{member_id}", OrgAdmin, r#"{"role": "member"}"#, 200),
    Operation("DELETE", "/api/v1/organizations/{org_id}/members/{member_id}", OrgAdmin, "", 204),
    Operation("POST",   "/api/v1/organizations/{org_id}/members/{member_id}/password-reset", OrgAdmin, "", 201),
    Operation("POST",   "/api/v1/organizations/{org_id}/leave", OrgLeaver, "", 204),
    Operation("GET",    "/api/v1/organizations/{org_id}/invitations", OrgAdmin, "", 200),
    Operation("POST",   "/api/v1/organizations/{org_id}/invitations", OrgAdmin, r#"{"email": "invitee-{unique}@example.com", "role": "member"}"#, 201),
    Operation("DELETE", "/api/v1/organizations/{org_id}/invitations/{invitation_id}", OrgAdmin, "", 204),
    Operation("POST",   "/api/v1/invitations/preview", Account, r#"{"token": "{invitation_for_caller}"}"#, 200),
    Operation("POST",   "/api/v1/invitations/accept", NoOrganization, r#"{"token": "{invitation_for_caller}"}"#, 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/audit", OrgAdmin, "", 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/exchange-rates", OrgAdmin, "", 200),
    Operation("POST",   "/api/v1/organizations/{org_id}/exchange-rates", OrgAdmin, r#"{"from_currency": "USD", "to_currency": "EUR", "rate": "0.9215", "valid_from": "{unique_day}"}"#, 201),
    Operation("DELETE", "/api/v1/organizations/{org_id}/exchange-rates/{rate_id}", OrgAdmin, "", 204),
    Operation("POST",   "/api/v1/organizations/{org_id}/exchange-rates/import", OrgAdmin, r#"{"csv": "from_currency,to_currency,rate,valid_from\r\nGBP,EUR,1.17,2026-01-01\r\n"}"#, 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/exchange-rates/convert", OrgAdmin, "", 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/rates", OrgAdmin, "", 200),
    Operation("POST",   "/api/v1/organizations/{org_id}/rates", OrgAdmin, r#"{"level": "organization", "cost_rate": "40.00", "valid_from": "{unique_day}"}"#, 201),
    Operation("DELETE", "/api/v1/organizations/{org_id}/rates/{rate_id}", OrgAdmin, "", 204),

    Operation("GET",    "/api/v1/boards", Account, "", 200),
    Operation("POST",   "/api/v1/boards", Account, r#"{"name": "Board {unique}"}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}", Board(Viewer), "", 200),
    Operation("PUT",    "/api/v1/boards/{board_id}", Board(Admin), r#"{"name": "Renamed"}"#, 200),
    Operation("DELETE", "/api/v1/boards/{board_id}", Board(Admin), "", 204),
    Operation("POST",   "/api/v1/boards/{board_id}/move", BoardGovernor, r#"{"organization_id": null}"#, 204),
    Operation("PUT",    "/api/v1/boards/{board_id}/owner", BoardGovernor, r#"{"user_id": {member}}"#, 204),
    Operation("GET",    "/api/v1/boards/{board_id}/members", Board(Viewer), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/members", Board(Admin), r#"{"email": "{fresh_email}", "role": "viewer"}"#, 201),
    Operation("PUT",    "/api/v1/boards/{board_id}/members/{user_id}", Board(Admin), r#"{"role": "editor", "hourly_rate": "50.00"}"#, 200),
    Operation("DELETE", "/api/v1/boards/{board_id}/members/{user_id}", Board(Admin), "", 204),
    Operation("GET",    "/api/v1/boards/{board_id}/audit", Board(Admin), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/rates", Board(Admin), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/rates", Board(Admin), r#"{"level": "board", "cost_rate": "50.00", "billable_rate": "90.00", "valid_from": "{unique_day}"}"#, 201),
    Operation("DELETE", "/api/v1/boards/{board_id}/rates/{rate_id}", Board(Admin), "", 204),
    Operation("GET",    "/api/v1/boards/{board_id}/rates/in-force", Board(Admin), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/repricings/preview", Board(Admin), "{}", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/repricings", Board(Admin), "{}", 201),
    Operation("GET",    "/api/v1/boards/{board_id}/repricings", Board(Admin), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/repricings/{repricing_id}", Board(Admin), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/repricings/{repricing_id}/revert", Board(Admin), "", 200),

    Operation("GET",    "/api/v1/boards/{board_id}/tasks", Board(Viewer), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/tasks", Board(Editor), r#"{"title": "New task"}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}/tasks/{task_id}", Board(Viewer), "", 200),
    Operation("PUT",    "/api/v1/boards/{board_id}/tasks/{task_id}", Board(Editor), r#"{"title": "Renamed", "status": "in_progress", "progress": 40}"#, 200),
    Operation("DELETE", "/api/v1/boards/{board_id}/tasks/{task_id}", Board(Admin), "", 204),
    Operation("GET",    "/api/v1/boards/{board_id}/tasks/{task_id}/cost", Board(Viewer), "", 200),
    Operation("PUT",    "/api/v1/boards/{board_id}/tasks/{task_id}/cost", Board(Editor), r#"{"estimated_cost": "1200.00", "resource_cost": "10.00"}"#, 200),
    Operation("POST",   "/api/v1/boards/{board_id}/tasks/{task_id}/expenses", Board(Editor), r#"{"category": "travel", "amount": "12.50"}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}/expenses", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/expenses/{expense_id}", Board(Viewer), "", 200),
    Operation("PATCH",  "/api/v1/expenses/{expense_id}", EntryAuthor, r#"{"note": "receipt 7", "amount": "13.00"}"#, 200),
    Operation("DELETE", "/api/v1/expenses/{expense_id}", EntryAuthor, "", 204),

    Operation("GET",    "/api/v1/boards/{board_id}/tasks/{task_id}/time-entries", Board(Viewer), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/tasks/{task_id}/time-entries", Board(Editor), r#"{"hours": "1.50", "work_date": "2026-11-25"}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}/time-entries", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/time-entries.csv", Board(Viewer), "", 200),
    // A CSV body (`csv:`): a file without rows, made unique so each call is a new import.
    Operation("POST",   "/api/v1/boards/{board_id}/imports", Board(Editor), "csv:Email,Task,Start date,Duration,x{unique}\n", 202),
    Operation("GET",    "/api/v1/boards/{board_id}/imports/{import_id}", Board(Editor), "", 200),
    Operation("PATCH",  "/api/v1/time-entries/{entry_id}", EntryAuthor, r#"{"hours": "2.00", "description": "more"}"#, 200),
    Operation("DELETE", "/api/v1/time-entries/{entry_id}", EntryAuthor, "", 204),
    Operation("POST",   "/api/v1/boards/{board_id}/tasks/{task_id}/timer", Board(Editor), r#"{"description": "timed", "utc_offset_minutes": 60}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}/timesheets/{week}", Board(Viewer), "", 200),
    Operation("PUT",    "/api/v1/boards/{board_id}/timesheets/{week}", Board(Editor), r#"{"cells": [{"task_id": {task}, "work_date": "2026-11-23", "hours": "1.25"}]}"#, 200),
    Operation("POST",   "/api/v1/boards/{board_id}/timesheets/{week}/submit", Board(Editor), "{}", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/timesheets/{week}/withdraw", Board(Editor), r#"{"user_id": {editor}}"#, 200),
    Operation("POST",   "/api/v1/boards/{board_id}/timesheets/{week}/approve", Board(Admin), r#"{"user_id": {editor}}"#, 200),
    Operation("POST",   "/api/v1/boards/{board_id}/timesheets/{week}/reject", Board(Admin), r#"{"user_id": {editor}, "comment": "Tuesday is missing"}"#, 200),
    Operation("POST",   "/api/v1/boards/{board_id}/timesheets/{week}/reopen", Board(Admin), r#"{"user_id": {editor}}"#, 200),
    Operation("GET",    "/api/v1/boards/{board_id}/timesheet-approvals", Board(Admin), "", 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/timesheet-approvals", OrgAdmin, "", 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/lock", OrgMember, "", 200),
    Operation("PUT",    "/api/v1/organizations/{org_id}/lock", OrgAdmin, r#"{"closed_through": "2020-01-31"}"#, 200),

    Operation("GET",    "/api/v1/boards/{board_id}/budget", Board(Viewer), "", 200),
    Operation("PUT",    "/api/v1/boards/{board_id}/budget", Board(Admin), r#"{"allocated_budget": "20000.00", "currency": "EUR"}"#, 200),
    Operation("DELETE", "/api/v1/boards/{board_id}/budget", Board(Admin), "", 204),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/metrics", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/analytics", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/analytics/tasks", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/analytics/tasks.csv", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/forecast", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/forecast/history", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/forecast/calibration", Board(Viewer), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/budget/scenarios/preview", Board(Editor), r#"{"due_date": "2027-06-30"}"#, 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/scenarios", Board(Editor), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/budget/scenarios", Board(Editor), r#"{"name": "Later", "changes": {"due_date": "2027-06-30"}}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/scenarios/comparison", Board(Editor), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/scenarios/{scenario_id}", Board(Editor), "", 200),
    Operation("DELETE", "/api/v1/boards/{board_id}/budget/scenarios/{scenario_id}", Board(Editor), "", 204),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/alert-rules", Board(Viewer), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/budget/alert-rules", Board(Admin), r#"{"kind": "cpi_below", "threshold": "0.90"}"#, 201),
    Operation("PATCH",  "/api/v1/boards/{board_id}/budget/alert-rules/{rule_id}", Board(Admin), r#"{"threshold": "85", "active": true}"#, 200),
    Operation("DELETE", "/api/v1/boards/{board_id}/budget/alert-rules/{rule_id}", Board(Admin), "", 204),
    Operation("GET",    "/api/v1/boards/{board_id}/webhooks", Board(Admin), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/webhooks", Board(Admin), r#"{"url": "http://93.184.216.34/hook-{unique}", "enabled": false}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}/webhooks/{webhook_id}", Board(Admin), "", 200),
    Operation("PATCH",  "/api/v1/boards/{board_id}/webhooks/{webhook_id}", Board(Admin), r#"{"event_types": ["budget.exceeded"]}"#, 200),
    Operation("DELETE", "/api/v1/boards/{board_id}/webhooks/{webhook_id}", Board(Admin), "", 204),
    Operation("POST",   "/api/v1/boards/{board_id}/webhooks/{webhook_id}/rotate-secret", Board(Admin), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/webhooks/{webhook_id}/deliveries", Board(Admin), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/webhooks/{webhook_id}/deliveries/{event_id}/redeliver", Board(Admin), "", 202),
    Operation("GET",    "/api/v1/organizations/{org_id}/webhooks", OrgAdmin, "", 200),
    Operation("POST",   "/api/v1/organizations/{org_id}/webhooks", OrgAdmin, r#"{"url": "http://93.184.216.34/hook-{unique}", "enabled": false}"#, 201),
    Operation("GET",    "/api/v1/organizations/{org_id}/webhooks/{webhook_id}", OrgAdmin, "", 200),
    Operation("PATCH",  "/api/v1/organizations/{org_id}/webhooks/{webhook_id}", OrgAdmin, r#"{"event_types": ["budget.exceeded"]}"#, 200),
    Operation("DELETE", "/api/v1/organizations/{org_id}/webhooks/{webhook_id}", OrgAdmin, "", 204),
    Operation("POST",   "/api/v1/organizations/{org_id}/webhooks/{webhook_id}/rotate-secret", OrgAdmin, "", 200),
    Operation("GET",    "/api/v1/organizations/{org_id}/webhooks/{webhook_id}/deliveries", OrgAdmin, "", 200),
    Operation("POST",   "/api/v1/organizations/{org_id}/webhooks/{webhook_id}/deliveries/{event_id}/redeliver", OrgAdmin, "", 202),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/alerts", Board(Viewer), "", 200),

    Operation("GET",    "/api/v1/boards/{board_id}/roi", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/roi/snapshots", Board(Viewer), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/roi/snapshots", Board(Editor), r#"{"expected_value": "50000.00", "realized_value": "1000.00"}"#, 201),
    Operation("GET",    "/api/v1/boards/{board_id}/roi/snapshots/compare", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/roi/snapshots/{snapshot_id}", Board(Viewer), "", 200),

    Operation("POST",   "/api/v1/boards/{board_id}/budget/ai/analyze", Board(Editor), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/budget/ai/recommendations", Board(Editor), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/budget/ai/predict", Board(Editor), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/budget/ai/learn-patterns", Board(Editor), "", 200),
    Operation("POST",   "/api/v1/boards/{board_id}/budget/ai/optimize-resources", Board(Editor), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/recommendations", Board(Viewer), "", 200),
    Operation("GET",    "/api/v1/boards/{board_id}/budget/patterns", Board(Viewer), "", 200),
    Operation("POST",   "/api/v1/recommendations/{recommendation_id}/action", Board(Admin), r#"{"action": "accept", "note": "agreed"}"#, 200),
    Operation("GET",    "/api/v1/recommendations/{recommendation_id}/scenario", Board(Editor), "", 200),
];

/// Every kind of caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Principal {
    Anonymous,
    /// The board admin's session token with one signature character changed.
    TamperedJwt,
    /// The board admin's session token, two hours past its expiry.
    ExpiredJwt,
    /// A personal access token of the board admin, revoked.
    RevokedPat,
    /// A read-scoped personal access token of the board admin.
    ReadPat,
    /// Signed in, in no organisation, on no board.
    Outsider,
    /// A member of the board's organisation who is not on the board: a viewer.
    OrgViewer,
    /// An editor on the board, in no organisation; logged the fixture's time entry.
    Editor,
    /// An admin on the board, in no organisation; owns the fixture's access token.
    BoardAdmin,
    /// The organisation's admin, who created the board.
    OrgAdmin,
}

const PRINCIPALS: &[Principal] = &[
    Principal::Anonymous,
    Principal::TamperedJwt,
    Principal::ExpiredJwt,
    Principal::RevokedPat,
    Principal::ReadPat,
    Principal::Outsider,
    Principal::OrgViewer,
    Principal::Editor,
    Principal::BoardAdmin,
    Principal::OrgAdmin,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OrgRole {
    Member,
    Admin,
}

/// What the caller should be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Refused(u16, &'static str),
}

impl Principal {
    /// The person behind a valid credential (a read-scoped token acts as its owner).
    fn person(self) -> Option<Principal> {
        match self {
            Principal::Anonymous
            | Principal::TamperedJwt
            | Principal::ExpiredJwt
            | Principal::RevokedPat => None,
            Principal::ReadPat => Some(Principal::BoardAdmin),
            person => Some(person),
        }
    }

    /// The role on the fixture's board, if any.
    fn board_role(self) -> Option<Role> {
        match self {
            Principal::OrgViewer => Some(Viewer),
            Principal::Editor => Some(Editor),
            Principal::BoardAdmin | Principal::OrgAdmin => Some(Admin),
            _ => None,
        }
    }

    /// The role in the fixture's organisation, if any.
    fn org_role(self) -> Option<OrgRole> {
        match self {
            Principal::OrgViewer => Some(OrgRole::Member),
            Principal::OrgAdmin => Some(OrgRole::Admin),
            _ => None,
        }
    }

    fn expected(self, method: &str, rule: Rule) -> Outcome {
        if rule == Public {
            return Outcome::Allowed;
        }
        let Some(person) = self.person() else {
            return Outcome::Refused(401, "unauthenticated");
        };
        if self == Principal::ReadPat && method != "GET" {
            return Outcome::Refused(403, "insufficient_scope");
        }
        let role_at_least = |needed: Role| match person.board_role() {
            None => Outcome::Refused(403, "board_access_denied"),
            Some(role) if role >= needed => Outcome::Allowed,
            Some(_) => Outcome::Refused(403, "insufficient_role"),
        };
        match rule {
            Public | Account => Outcome::Allowed,
            TokenOwner if person == Principal::BoardAdmin => Outcome::Allowed,
            TokenOwner => Outcome::Refused(404, "not_found"),
            TimerOwner if person == Principal::Editor => Outcome::Allowed,
            TimerOwner => Outcome::Refused(404, "not_found"),
            NoOrganization => match person.org_role() {
                None => Outcome::Allowed,
                Some(_) => Outcome::Refused(409, "already_in_organization"),
            },
            OrgMember => match person.org_role() {
                Some(_) => Outcome::Allowed,
                None => Outcome::Refused(403, "organization_access_denied"),
            },
            OrgAdmin => match person.org_role() {
                Some(OrgRole::Admin) => Outcome::Allowed,
                Some(OrgRole::Member) => Outcome::Refused(403, "insufficient_role"),
                None => Outcome::Refused(403, "organization_access_denied"),
            },
            Board(needed) => role_at_least(needed),
            BoardGovernor => match person.board_role() {
                None => Outcome::Refused(403, "board_access_denied"),
                Some(_) if person == Principal::OrgAdmin => Outcome::Allowed,
                Some(_) => Outcome::Refused(403, "insufficient_role"),
            },
            OrgLeaver => match person.org_role() {
                Some(OrgRole::Member) => Outcome::Allowed,
                Some(OrgRole::Admin) => Outcome::Refused(409, "last_org_admin"),
                None => Outcome::Refused(403, "organization_access_denied"),
            },
            EntryAuthor => match role_at_least(Editor) {
                Outcome::Allowed
                    if person != Principal::Editor && person.board_role() != Some(Admin) =>
                {
                    Outcome::Refused(403, "not_entry_author")
                }
                outcome => outcome,
            },
        }
    }
}

/// One operation of the spec, with what the spec says about it.
struct SpecOperation {
    method: String,
    path: String,
    secured: bool,
    has_body: bool,
    /// (name, location, required) of every parameter.
    parameters: Vec<(String, String, bool)>,
    statuses: BTreeSet<String>,
}

fn spec_operations() -> Vec<SpecOperation> {
    let spec: Value = serde_json::from_str(&budget_api::openapi::document_json()).unwrap();
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if !["get", "put", "post", "delete", "patch", "head", "options"]
                .contains(&method.as_str())
            {
                continue;
            }
            let parameters = operation["parameters"]
                .as_array()
                .map(|params| {
                    params
                        .iter()
                        .map(|p| {
                            (
                                p["name"].as_str().unwrap().to_owned(),
                                p["in"].as_str().unwrap().to_owned(),
                                p["required"].as_bool().unwrap_or(false),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            operations.push(SpecOperation {
                method: method.to_uppercase(),
                path: path.clone(),
                secured: operation["security"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty()),
                has_body: operation.get("requestBody").is_some(),
                parameters,
                statuses: operation["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect(),
            });
        }
    }
    operations
}

fn row(method: &str, path: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.0 == method && op.1 == path)
}

/// Everything wrong between the spec and [`OPERATIONS`]; empty when they agree.
fn table_problems() -> Vec<String> {
    let spec = spec_operations();
    let mut problems = Vec::new();
    for op in &spec {
        let label = format!("{} {}", op.method, op.path);
        let Some(Operation(_, _, rule, body, success)) = row(&op.method, &op.path) else {
            problems.push(format!(
                "{label} is in the spec but has no row in spec_matrix.rs OPERATIONS: add its \
                 access rule, a valid body and its success status"
            ));
            continue;
        };
        let public = PUBLIC.contains(&(op.method.as_str(), op.path.as_str()));
        if public == op.secured {
            problems.push(format!(
                "{label}: the spec says secured={} but PUBLIC says public={public}",
                op.secured
            ));
        }
        if public != (*rule == Public) {
            problems.push(format!("{label}: rule {rule:?} disagrees with PUBLIC"));
        }
        if op.has_body == body.is_empty() {
            problems.push(format!(
                "{label}: the spec {} a request body but the row {} one",
                if op.has_body { "has" } else { "has no" },
                if body.is_empty() { "has no" } else { "has" },
            ));
        }
        for (name, location, required) in &op.parameters {
            let known = match location.as_str() {
                "path" => {
                    path_id_kind(&op.path, name).is_some() || path_value(&op.path, name).is_some()
                }
                "query" if *required => {
                    query_id_kind(&op.path, name).is_some() || query_value(&op.path, name).is_some()
                }
                "header" => !required || required_header(&op.path, name),
                _ => true,
            };
            if !known {
                problems.push(format!(
                    "{label}: spec_matrix.rs cannot fill the {location} parameter `{name}`; \
                     teach Fixture::value about it"
                ));
            }
        }
        // Every answer the matrix expects must be one the spec declares.
        let mut expected: BTreeSet<u16> = BTreeSet::from([*success]);
        for who in PRINCIPALS {
            if let Outcome::Refused(status, _) = who.expected(&op.method, *rule) {
                expected.insert(status);
            }
        }
        for status in expected {
            if !op.statuses.contains(&status.to_string()) {
                problems.push(format!(
                    "{label}: answers {status} but the spec does not declare it"
                ));
            }
        }
        if *rule != Public
            && PRINCIPALS
                .iter()
                .all(|who| who.expected(&op.method, *rule) != Outcome::Allowed)
        {
            problems.push(format!("{label}: no principal may call it"));
        }
    }
    for Operation(method, path, ..) in OPERATIONS {
        if !spec
            .iter()
            .any(|op| op.method == *method && op.path == *path)
        {
            problems.push(format!(
                "{method} {path} has a row in OPERATIONS but is not in the spec"
            ));
        }
    }
    problems
}

/// The ids a path parameter may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Id {
    Board,
    Task,
    Entry,
    /// An expense recorded by the board's editor.
    Expense,
    Recommendation,
    Token,
    Org,
    /// A member of the board (a viewer, not one of the principals).
    Member,
    /// A member of the organisation who is not one of the principals.
    OrgMember,
    /// An invitation of the organisation.
    Invitation,
    /// An exchange rate of the organisation.
    ExchangeRate,
    /// An hourly rate the board keeps.
    BoardRate,
    /// An hourly rate the organisation keeps.
    OrgRate,
    /// A repricing of the board.
    Repricing,
    /// An import of time entries into the board.
    Import,
    /// An alert rule of the board (one of those its budget starts with).
    AlertRule,
    /// A notification of the board admin.
    Notification,
    /// A webhook endpoint of the board (disabled: nothing is sent).
    BoardWebhook,
    /// A webhook endpoint of the organisation (disabled).
    OrgWebhook,
    /// An event delivered to the webhook endpoint in the path (its id is a number here).
    Event,
    /// A saved what-if scenario of the board.
    Scenario,
    Snapshot,
    LaterSnapshot,
}

fn path_id_kind(path: &str, name: &str) -> Option<Id> {
    Some(match name {
        "rate_id" if path.contains("/exchange-rates/") => Id::ExchangeRate,
        "rate_id" if path.starts_with("/api/v1/boards/") => Id::BoardRate,
        "rate_id" => Id::OrgRate,
        "board_id" => Id::Board,
        "task_id" => Id::Task,
        "entry_id" => Id::Entry,
        "expense_id" => Id::Expense,
        "recommendation_id" => Id::Recommendation,
        "token_id" => Id::Token,
        "org_id" => Id::Org,
        "user_id" => Id::Member,
        "member_id" => Id::OrgMember,
        "invitation_id" => Id::Invitation,
        "snapshot_id" => Id::Snapshot,
        "repricing_id" => Id::Repricing,
        "import_id" => Id::Import,
        "scenario_id" => Id::Scenario,
        "rule_id" => Id::AlertRule,
        "notification_id" => Id::Notification,
        "webhook_id" if path.starts_with("/api/v1/boards/") => Id::BoardWebhook,
        "webhook_id" => Id::OrgWebhook,
        "event_id" => Id::Event,
        _ => return None,
    })
}

/// Path parameters that are not ids: a value that makes the call succeed (the week of the
/// tests' today, whose Monday names it).
fn path_value(path: &str, name: &str) -> Option<&'static str> {
    (path.contains("/timesheets/") && name == "week").then_some(TIMESHEET_WEEK)
}

/// The week the timesheet operations name, and the state its fixture puts the editor's week
/// in before each of them.
const TIMESHEET_WEEK: &str = "2026-11-23";

/// Required headers the matrix sends: a timesheet's save names the timesheet's ETag, read just
/// before by the caller.
fn required_header(path: &str, name: &str) -> bool {
    path.contains("/timesheets/") && name == "If-Match"
}

/// Required query parameters are ids too (optional ones are left out).
fn query_id_kind(path: &str, name: &str) -> Option<Id> {
    if path.ends_with("/rates/in-force") {
        return match name {
            "task_id" => Some(Id::Task),
            "user_id" => Some(Id::Member),
            _ => None,
        };
    }
    if path.ends_with("/scenarios/comparison") && name == "ids" {
        return Some(Id::Scenario);
    }
    match (path.ends_with("/roi/snapshots/compare"), name) {
        (true, "from") => Some(Id::Snapshot),
        (true, "to") => Some(Id::LaterSnapshot),
        _ => None,
    }
}

/// Required query parameters that are not ids: a value that makes the call succeed.
fn query_value(path: &str, name: &str) -> Option<&'static str> {
    match (path.ends_with("/exchange-rates/convert"), name) {
        // A currency converts to itself without a stored rate.
        (true, "from_currency" | "to_currency") => Some("USD"),
        (true, "amount") => Some("10.00"),
        (true, "on") => Some("2026-01-01"),
        _ if path.ends_with("/rates/in-force") && name == "on" => Some("2026-01-01"),
        _ => None,
    }
}

/// A day of its own for the `n`th use, for rows unique per day.
fn unique_day(n: i64) -> String {
    (chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Duration::days(n)).to_string()
}

/// A board of the organisation with the principals in their places and one of everything an
/// operation can name.
#[derive(Clone, Debug, Default)]
struct Fixture {
    board: i64,
    task: i64,
    entry: i64,
    expense: Option<i64>,
    member: i64,
    recommendation: Option<i64>,
    snapshots: Option<(i64, i64)>,
    token: Option<i64>,
    org_member: Option<i64>,
    invitation: Option<i64>,
    exchange_rate: Option<i64>,
    board_rate: Option<i64>,
    org_rate: Option<i64>,
    repricing: Option<i64>,
    import: Option<i64>,
    scenario: Option<i64>,
    alert_rule: Option<i64>,
    notification: Option<i64>,
    webhook: Option<i64>,
    event: Option<i64>,
}

/// The people, their credentials and the organisation, made once per test.
struct World {
    app: TestApp,
    org: i64,
    org_admin: User,
    /// A second organisation and its admin, whom invitations for `{invitation_for_caller}`
    /// come from.
    other_org: i64,
    other_admin: User,
    board_admin: User,
    editor: User,
    org_viewer: User,
    outsider: User,
    /// A viewer on every fixture board, named by `{user_id}`.
    member: User,
    tampered_jwt: String,
    expired_jwt: String,
    revoked_pat: String,
    read_pat: String,
    counter: i64,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let org_admin = app.user("orgadmin", Some("40.00")).await;
        let board_admin = app.user("boardadmin", None).await;
        let editor = app.user("editor", Some("60.00")).await;
        let org_viewer = app.user("orgviewer", None).await;
        let outsider = app.user("outsider", None).await;
        let member = app.user("member", None).await;
        let org = app.organization(&org_admin, "Acme").await;
        app.org_join(&org_admin, org, &org_viewer, "member").await;
        let other_admin = app.user("otheradmin", None).await;
        let other_org = app.organization(&other_admin, "Other").await;

        let tampered_jwt = tamper(&board_admin.token);
        let expired_jwt = budget_api::auth::jwt::JwtKeys::new(SECRET.as_bytes(), 3_600)
            .issue(board_admin.id, Utc::now() - Duration::hours(2))
            .unwrap();
        let (revoked_pat, revoked_id) = app.access_token(&board_admin, "write").await;
        app.delete(
            &format!("/api/v1/me/tokens/{revoked_id}"),
            &board_admin.token,
        )
        .await
        .expect(204);
        let (read_pat, _) = app.access_token(&board_admin, "read").await;
        Self {
            app,
            org,
            org_admin,
            other_org,
            other_admin,
            board_admin,
            editor,
            org_viewer,
            outsider,
            member,
            tampered_jwt,
            expired_jwt,
            revoked_pat,
            read_pat,
            counter: 0,
        }
    }

    fn next(&mut self) -> i64 {
        self.counter += 1;
        self.counter
    }

    fn token(&self, who: Principal) -> Option<String> {
        match who {
            Principal::Anonymous => None,
            Principal::TamperedJwt => Some(self.tampered_jwt.clone()),
            Principal::ExpiredJwt => Some(self.expired_jwt.clone()),
            Principal::RevokedPat => Some(self.revoked_pat.clone()),
            Principal::ReadPat => Some(self.read_pat.clone()),
            Principal::Outsider => Some(self.outsider.token.clone()),
            Principal::OrgViewer => Some(self.org_viewer.token.clone()),
            Principal::Editor => Some(self.editor.token.clone()),
            Principal::BoardAdmin => Some(self.board_admin.token.clone()),
            Principal::OrgAdmin => Some(self.org_admin.token.clone()),
        }
    }

    /// A new board of the organisation: created by the org admin, with the board admin, the
    /// editor and a viewer member, a task, a budget and a time entry logged by the editor; and
    /// whatever else `operation` names (a recommendation, two ROI snapshots, an access token).
    async fn fixture(&mut self, operation: &SpecOperation) -> Fixture {
        let n = self.next();
        let app = &self.app;
        let admin = &self.org_admin;
        let board = app
            .post(
                "/api/v1/boards",
                &admin.token,
                json!({"name": format!("Board {n}"), "organization_id": self.org,
                       "start_date": "2026-01-01", "due_date": "2027-06-30"}),
            )
            .await
            .expect(201)
            .body["id"]
            .as_i64()
            .unwrap();
        app.member(admin, board, &self.board_admin, "admin", None)
            .await;
        app.member(admin, board, &self.editor, "editor", None).await;
        app.member(admin, board, &self.member, "viewer", None).await;
        let task = app.task(admin, board, "Existing task").await;
        app.budget(admin, board, json!({"allocated_budget": "10000.00"}))
            .await
            .expect(201);
        // A different day per board: the editor's entries stay under 24 hours a day.
        let day = today() - Duration::days(n % 300 + 1);
        let entry = app
            .log(&self.editor, board, task, "0.50", &day.to_string())
            .await
            .expect(201)
            .body["id"]
            .as_i64()
            .unwrap();
        let week_path = format!("/api/v1/boards/{board}/timesheets/{TIMESHEET_WEEK}");
        let editor_week = json!({"user_id": self.editor.id});
        let timesheet_step = operation.path.rsplit('/').next().unwrap_or_default();
        if operation.path.contains("/timesheets/")
            && ["withdraw", "approve", "reject", "reopen"].contains(&timesheet_step)
        {
            app.post(
                &format!("{week_path}/submit"),
                &self.editor.token,
                json!({}),
            )
            .await
            .expect(200);
        }
        if operation.path.contains("/timesheets/") && timesheet_step == "reopen" {
            app.post(&format!("{week_path}/approve"), &admin.token, editor_week)
                .await
                .expect(200);
        }
        let names = |id: Id| {
            operation.parameters.iter().any(|(name, location, _)| {
                (location == "path" && path_id_kind(&operation.path, name) == Some(id))
                    || (location == "query" && query_id_kind(&operation.path, name) == Some(id))
            })
        };
        let expense = if names(Id::Expense) {
            let created = app
                .expense(
                    &self.editor,
                    board,
                    task,
                    json!({"category": "travel", "amount": "42.00"}),
                )
                .await
                .expect(201);
            Some(created.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let recommendation = if names(Id::Recommendation) {
            if operation.path.ends_with("/scenario") {
                // A recommendation with a scenario: an expense above the budget makes the
                // board overrun, and deferring the estimated task not started is the scope cut.
                app.expense(
                    &self.editor,
                    board,
                    task,
                    json!({"category": "licences", "amount": "12000.00"}),
                )
                .await
                .expect(201);
                let extra = app.task(admin, board, "Nice to have").await;
                app.cost(admin, board, extra, json!({"estimated_cost": "3000.00"}))
                    .await
                    .expect(200);
            }
            let batch = app
                .post(
                    &format!("/api/v1/boards/{board}/budget/ai/recommendations"),
                    &admin.token,
                    json!({}),
                )
                .await
                .expect(200);
            let recommendations = batch.body["recommendations"].as_array().unwrap();
            let chosen = recommendations
                .iter()
                .find(|r| !r["scenario"].is_null() || !operation.path.ends_with("/scenario"))
                .unwrap_or_else(|| {
                    panic!("no recommendation with a scenario: {recommendations:?}")
                });
            Some(chosen["id"].as_i64().unwrap())
        } else {
            None
        };
        let snapshots = if names(Id::Snapshot) || names(Id::LaterSnapshot) {
            let mut ids = Vec::new();
            for value in ["30000.00", "32000.00"] {
                let snapshot = app
                    .post(
                        &format!("/api/v1/boards/{board}/roi/snapshots"),
                        &admin.token,
                        json!({"expected_value": value}),
                    )
                    .await
                    .expect(201);
                ids.push(snapshot.body["id"].as_i64().unwrap());
            }
            Some((ids[0], ids[1]))
        } else {
            None
        };
        if operation.path.starts_with("/api/v1/me/timer/") || operation.path == "/api/v1/me/timer" {
            // The editor's timer runs on this board's task (any other of theirs is stopped), and
            // nobody else's does (a start earlier in the run may have left one).
            for other in [&self.board_admin, &self.org_admin] {
                app.delete("/api/v1/me/timer", &other.token).await;
            }
            app.post(
                &format!("/api/v1/boards/{board}/tasks/{task}/timer"),
                &self.editor.token,
                json!({}),
            )
            .await
            .expect(201);
        }
        let token = if names(Id::Token) {
            Some(app.access_token(&self.board_admin, "write").await.1)
        } else {
            None
        };
        let org_member = if names(Id::OrgMember) {
            let person = app.user(&format!("orgmember{n}"), None).await;
            app.org_join(admin, self.org, &person, "member").await;
            Some(person.id)
        } else {
            None
        };
        let invitation = if names(Id::Invitation) {
            let created = app
                .post(
                    &format!("/api/v1/organizations/{}/invitations", self.org),
                    &admin.token,
                    json!({"email": format!("invited{n}@example.com"), "role": "member"}),
                )
                .await
                .expect(201);
            Some(created.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let exchange_rate = if names(Id::ExchangeRate) {
            let created = app
                .post(
                    &format!("/api/v1/organizations/{}/exchange-rates", self.org),
                    &admin.token,
                    json!({"from_currency": "EUR", "to_currency": "USD", "rate": "1.08",
                           "valid_from": unique_day(n)}),
                )
                .await
                .expect(201);
            Some(created.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let board_rate = if names(Id::BoardRate) {
            let created = app
                .post(
                    &format!("/api/v1/boards/{board}/rates"),
                    &admin.token,
                    json!({"level": "board", "cost_rate": "45.00", "valid_from": unique_day(n)}),
                )
                .await
                .expect(201);
            Some(created.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let org_rate = if names(Id::OrgRate) {
            let created = app
                .post(
                    &format!("/api/v1/organizations/{}/rates", self.org),
                    &admin.token,
                    json!({"level": "organization", "billable_rate": "95.00",
                           "valid_from": unique_day(n)}),
                )
                .await
                .expect(201);
            Some(created.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let repricing = if names(Id::Repricing) {
            let created = app
                .post(
                    &format!("/api/v1/boards/{board}/repricings"),
                    &admin.token,
                    json!({}),
                )
                .await
                .expect(201);
            Some(created.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let import = if names(Id::Import) {
            let started = app
                .client
                .post(format!("{}/api/v1/boards/{board}/imports", app.base))
                .bearer_auth(&admin.token)
                .header("content-type", "text/csv")
                .body(format!("Email,Task,Start date,Duration,x{n}\n"))
                .send()
                .await
                .unwrap();
            let started = TestApp::read(started).await.expect(202);
            Some(started.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let scenario = if names(Id::Scenario) {
            let created = app
                .post(
                    &format!("/api/v1/boards/{board}/budget/scenarios"),
                    &admin.token,
                    json!({"name": format!("Plan {n}"), "changes": {"budget": "12000.00"}}),
                )
                .await
                .expect(201);
            Some(created.body["scenario"]["id"].as_i64().unwrap())
        } else {
            None
        };
        let alert_rule = if names(Id::AlertRule) {
            let rules = app
                .get(
                    &format!("/api/v1/boards/{board}/budget/alert-rules"),
                    &admin.token,
                )
                .await
                .expect(200);
            Some(rules.body["items"][0]["id"].as_i64().unwrap())
        } else {
            None
        };
        let notification = if names(Id::Notification) {
            // An event on the board tells everyone who can see it, the board admin included.
            budget_domain::alerts::events::publish(
                app.domain.db.conn(),
                chrono::Utc::now(),
                &budget_domain::alerts::events::Event {
                    event_type: budget_contract::alert::EventType::BudgetThresholdCrossed,
                    board_id: board,
                    message: format!("Board {n} crossed a threshold"),
                    data: json!({"board_id": board}),
                },
            )
            .await
            .unwrap();
            Some(
                app.sql_number(&format!(
                    "SELECT MAX(id) FROM notification WHERE user_id = {}",
                    self.board_admin.id
                ))
                .await,
            )
        } else {
            None
        };
        let board_hook = names(Id::BoardWebhook);
        let webhook = if board_hook || names(Id::OrgWebhook) {
            let path = if board_hook {
                format!("/api/v1/boards/{board}/webhooks")
            } else {
                format!("/api/v1/organizations/{}/webhooks", self.org)
            };
            let created = app
                .post(
                    &path,
                    &admin.token,
                    json!({"url": format!("http://93.184.216.34/fixture-{n}"), "enabled": false}),
                )
                .await
                .expect(201);
            Some(created.body["id"].as_i64().unwrap())
        } else {
            None
        };
        let event = match (names(Id::Event), webhook) {
            (true, Some(hook)) => {
                // A delivery already made of event `n` to the endpoint.
                let now = chrono::Utc::now();
                budget_domain::sql::execute(
                    app.domain.db.conn(),
                    "INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, status, \
                       attempts, created_at, updated_at) \
                     VALUES ($1, $2, 'budget.exceeded', 'delivered', 1, $3, $3)",
                    vec![hook.into(), n.to_string().into(), now.into()],
                )
                .await
                .unwrap();
                Some(n)
            }
            _ => None,
        };
        Fixture {
            board,
            task,
            entry,
            expense,
            member: self.member.id,
            recommendation,
            snapshots,
            token,
            org_member,
            invitation,
            exchange_rate,
            board_rate,
            org_rate,
            repricing,
            import,
            scenario,
            alert_rule,
            notification,
            webhook,
            event,
        }
    }

    fn value(&self, fixture: &Fixture, id: Id) -> i64 {
        let value = match id {
            Id::Board => Some(fixture.board),
            Id::Task => Some(fixture.task),
            Id::Entry => Some(fixture.entry),
            Id::Expense => fixture.expense,
            Id::Member => Some(fixture.member),
            Id::Org => Some(self.org),
            Id::Recommendation => fixture.recommendation,
            Id::Token => fixture.token,
            Id::OrgMember => fixture.org_member,
            Id::Invitation => fixture.invitation,
            Id::ExchangeRate => fixture.exchange_rate,
            Id::BoardRate => fixture.board_rate,
            Id::OrgRate => fixture.org_rate,
            Id::Repricing => fixture.repricing,
            Id::Import => fixture.import,
            Id::Scenario => fixture.scenario,
            Id::AlertRule => fixture.alert_rule,
            Id::Notification => fixture.notification,
            Id::BoardWebhook | Id::OrgWebhook => fixture.webhook,
            Id::Event => fixture.event,
            Id::Snapshot => fixture.snapshots.map(|(first, _)| first),
            Id::LaterSnapshot => fixture.snapshots.map(|(_, second)| second),
        };
        value.unwrap_or_else(|| panic!("the fixture has no {id:?}"))
    }

    /// The operation's URL for this fixture: path parameters substituted, required query
    /// parameters added. Panics on a parameter it does not know, so a new one is noticed.
    fn url(&self, operation: &SpecOperation, fixture: &Fixture) -> String {
        let mut path = operation.path.clone();
        let mut query = Vec::new();
        for (name, location, required) in &operation.parameters {
            match location.as_str() {
                "path" if path_value(&operation.path, name).is_some() => {
                    let value = path_value(&operation.path, name).unwrap_or_default();
                    path = path.replace(&format!("{{{name}}}"), value);
                }
                "path" => {
                    let id = path_id_kind(&operation.path, name).unwrap_or_else(|| {
                        panic!("unknown path parameter `{name}` in {}", operation.path)
                    });
                    path =
                        path.replace(&format!("{{{name}}}"), &self.value(fixture, id).to_string());
                }
                "query" if *required && query_value(&operation.path, name).is_some() => {
                    let value = query_value(&operation.path, name).unwrap_or_default();
                    query.push(format!("{name}={value}"));
                }
                "query" if *required => {
                    let id = query_id_kind(&operation.path, name).unwrap_or_else(|| {
                        panic!(
                            "unknown required query parameter `{name}` in {}",
                            operation.path
                        )
                    });
                    query.push(format!("{name}={}", self.value(fixture, id)));
                }
                _ => {}
            }
        }
        assert!(!path.contains('{'), "unfilled parameter in {path}");
        if query.is_empty() {
            path
        } else {
            format!("{path}?{}", query.join("&"))
        }
    }

    /// The person behind a principal's credential, as the world knows them.
    fn person_mut(&mut self, who: Principal) -> Option<&mut User> {
        match who.person()? {
            Principal::Outsider => Some(&mut self.outsider),
            Principal::OrgViewer => Some(&mut self.org_viewer),
            Principal::Editor => Some(&mut self.editor),
            Principal::BoardAdmin => Some(&mut self.board_admin),
            Principal::OrgAdmin => Some(&mut self.org_admin),
            _ => None,
        }
    }

    /// Puts back what a successful call changed about the principal itself, so the next
    /// operations meet the same world: a new session after sessions ended, the organisation the
    /// principal left or joined.
    async fn restore(&mut self, operation: &SpecOperation, who: Principal) {
        let Some(person) = self.person_mut(who).map(|p| p.clone()) else {
            return;
        };
        let app = &self.app;
        match (operation.method.as_str(), operation.path.as_str()) {
            ("POST", "/api/v1/me/password" | "/api/v1/me/sign-out-everywhere") => {
                let token = app
                    .request(
                        Method::POST,
                        "/api/v1/auth/login",
                        None,
                        Some(&json!({"email": person.email, "password": "a-long-password-1"})),
                    )
                    .await
                    .expect(200)
                    .body["access_token"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                if let Some(person) = self.person_mut(who) {
                    person.token = token;
                }
            }
            ("POST", "/api/v1/invitations/accept") => {
                app.post(
                    &format!("/api/v1/organizations/{}/leave", self.other_org),
                    &person.token,
                    json!({}),
                )
                .await
                .expect(204);
            }
            ("POST", "/api/v1/organizations/{org_id}/leave") => {
                app.org_join(&self.org_admin, self.org, &person, "member")
                    .await;
            }
            _ => {}
        }
    }

    /// The row's body with its placeholders filled, for a call by `who`.
    async fn body(&mut self, template: &str, who: Principal, fixture: &Fixture) -> Option<Value> {
        if template.is_empty() {
            return None;
        }
        let mut text = template.to_owned();
        text = text.replace("{member}", &fixture.member.to_string());
        text = text.replace("{editor}", &self.editor.id.to_string());
        text = text.replace("{task}", &fixture.task.to_string());
        if text.contains("{reset_token}") {
            let n = self.next();
            let person = self.app.user(&format!("resettable{n}"), None).await;
            self.app
                .org_join(&self.org_admin, self.org, &person, "member")
                .await;
            let reset = self
                .app
                .post(
                    &format!(
                        "/api/v1/organizations/{}/members/{}/password-reset",
                        self.org, person.id
                    ),
                    &self.org_admin.token,
                    json!({}),
                )
                .await
                .expect(201);
            text = text.replace("{reset_token}", reset.body["token"].as_str().unwrap());
        }
        if text.contains("{invitation_for_caller}") {
            let n = self.next();
            let email = match self.person_mut(who) {
                Some(person) => person.email.clone(),
                None => format!("nobody{n}@example.com"),
            };
            let token = self
                .app
                .invite(&self.other_admin, self.other_org, &email, "member")
                .await;
            text = text.replace("{invitation_for_caller}", &token);
        }
        if text.contains("{unique_day}") {
            let n = self.next();
            text = text.replace("{unique_day}", &unique_day(n));
        }
        if text.contains("{unique}") {
            let n = self.next();
            text = text.replace("{unique}", &n.to_string());
        }
        if text.contains("{fresh_email}") {
            let n = self.next();
            let person = self.app.user(&format!("fresh{n}"), None).await;
            text = text.replace("{fresh_email}", &person.email);
        }
        Some(serde_json::from_str(&text).unwrap())
    }

    async fn call(
        &mut self,
        operation: &SpecOperation,
        fixture: &Fixture,
        body: &str,
        who: Principal,
    ) -> Response {
        let method = Method::from_bytes(operation.method.as_bytes()).unwrap();
        let url = self.url(operation, fixture);
        let token = self.token(who);
        if let Some(csv) = body.strip_prefix("csv:") {
            let csv = csv.replace("{unique}", &self.next().to_string());
            let mut request = self
                .app
                .client
                .request(method, format!("{}{url}", self.app.base))
                .header("content-type", "text/csv")
                .body(csv);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            return TestApp::read(request.send().await.unwrap()).await;
        }
        let body = self.body(body, who, fixture).await;
        let wants_if_match = operation
            .parameters
            .iter()
            .any(|(name, location, required)| {
                location == "header" && *required && required_header(&operation.path, name)
            });
        if !wants_if_match {
            return self
                .app
                .request(method, &url, token.as_deref(), body.as_ref())
                .await;
        }
        // The caller's own read of the resource names the version the write expects.
        let etag = match &token {
            Some(token) => self.app.get(&url, token).await.header("etag"),
            None => None,
        };
        let mut builder = self
            .app
            .client
            .request(method, format!("{}{url}", self.app.base))
            .header("If-Match", etag.unwrap_or_else(|| "\"unknown\"".to_owned()));
        if let Some(token) = token {
            builder = builder.bearer_auth(token);
        }
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        TestApp::read(builder.send().await.expect("request sent")).await
    }
}

/// What is wrong with one answer, if anything.
fn judge(label: &str, expected: Outcome, success: u16, response: &Response) -> Option<String> {
    match expected {
        Outcome::Allowed => (response.status.as_u16() != success).then(|| {
            format!(
                "{label}: expected {success} but got {} {}",
                response.status, response.text
            )
        }),
        Outcome::Refused(status, code) => {
            let content_type = response.header("content-type");
            let challenge = response.header("www-authenticate");
            let right = response.status.as_u16() == status
                && response.body["code"] == code
                && response.body["status"] == status
                && content_type.as_deref() == Some("application/problem+json")
                && (status != 401 || challenge.as_deref() == Some("Bearer"));
            (!right).then(|| {
                format!(
                    "{label}: expected {status} {code} but got {} (content-type {content_type:?}, \
                     WWW-Authenticate {challenge:?}) {}",
                    response.status, response.text
                )
            })
        }
    }
}

#[test]
fn every_operation_of_the_spec_has_an_access_rule_a_body_and_fillable_parameters() {
    let problems = table_problems();
    assert!(
        problems.is_empty(),
        "the spec and the access matrix disagree:\n{}",
        problems.join("\n")
    );
}

/// Calls every operation as every principal. A call that may have changed its board (a write
/// that succeeded) retires it: the next call gets a fresh one, so one success cannot hide or
/// cause the next answer.
async fn check_matrix(select: impl Fn(&SpecOperation) -> bool) {
    assert!(table_problems().is_empty(), "{:?}", table_problems());
    let mut world = World::new().await;
    let mut failures = Vec::new();
    let mut calls = 0;
    for operation in spec_operations().iter().filter(|op| select(op)) {
        let Operation(_, _, rule, body, success) = row(&operation.method, &operation.path).unwrap();
        let mut fixture = None;
        for &who in PRINCIPALS {
            let current = match fixture.take() {
                Some(current) => current,
                // Public operations name nothing.
                None if *rule == Public => Fixture::default(),
                None => world.fixture(operation).await,
            };
            let response = world.call(operation, &current, body, who).await;
            calls += 1;
            let label = format!("{who:?} {} {}", operation.method, operation.path);
            failures.extend(judge(
                &label,
                who.expected(&operation.method, *rule),
                *success,
                &response,
            ));
            let may_have_changed = operation.method != "GET" && response.status.as_u16() < 400;
            if may_have_changed {
                world.restore(operation, who).await;
            }
            if !may_have_changed {
                fixture = Some(current);
            }
        }
    }
    assert!(calls > 0, "no operation selected");
    assert!(
        failures.is_empty(),
        "{} of {calls} calls answered against the access rules:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_read_answers_every_principal_by_its_access_rule() {
    check_matrix(|op| op.method == "GET").await;
}

#[tokio::test]
async fn every_write_answers_every_principal_by_its_access_rule() {
    check_matrix(|op| op.method != "GET").await;
}

/// Ids belong to one board: a task, member or snapshot of board A named under board B's path is
/// not found, to a caller who administers both boards and to one who administers only B; board
/// A is unchanged afterwards, and board B gained nothing.
#[tokio::test]
async fn ids_of_one_board_are_not_found_under_another_boards_path() {
    let mut world = World::new().await;
    let operations = spec_operations();
    let crossing: Vec<&SpecOperation> = operations
        .iter()
        .filter(|op| {
            op.parameters.iter().any(|(name, _, _)| name == "board_id")
                && op.parameters.iter().any(|(name, location, required)| {
                    name != "board_id"
                        && ((location == "path" && path_id_kind(&op.path, name).is_some())
                            || (location == "query" && *required))
                })
        })
        .collect();
    assert!(crossing.len() >= 10, "{} operations", crossing.len());

    let own_board = world.app.board(&world.org_admin, "Admin's other").await;
    let outsiders_board = world.app.board(&world.outsider, "Outsider's own").await;
    let crossed_boards = [
        (own_board, world.org_admin.token.clone()),
        (outsiders_board, world.outsider.token.clone()),
    ];
    let mut crossed_before = Vec::new();
    for (board, token) in &crossed_boards {
        crossed_before.push(contents(&world, *board, token).await);
    }
    let mut failures = Vec::new();
    for operation in crossing {
        let Operation(.., body, _) = row(&operation.method, &operation.path).unwrap();
        let a = world.fixture(operation).await;
        let before = board_state(&world, &a).await;
        for (who, b) in [
            (Principal::OrgAdmin, own_board),
            (Principal::Outsider, outsiders_board),
        ] {
            let crossed = Fixture {
                board: b,
                ..a.clone()
            };
            let response = world.call(operation, &crossed, body, who).await;
            let label = format!(
                "{who:?} {} {} with board A's ids under board B",
                operation.method, operation.path
            );
            failures.extend(judge(
                &label,
                Outcome::Refused(404, "not_found"),
                0,
                &response,
            ));
        }
        let after = board_state(&world, &a).await;
        if before != after {
            failures.push(format!(
                "{} {}: board A changed through board B's path:\n before {before}\n after  {after}",
                operation.method, operation.path
            ));
        }
        for ((board, token), before) in crossed_boards.iter().zip(&crossed_before) {
            let after = contents(&world, *board, token).await;
            if *before != after {
                failures.push(format!(
                    "{} {}: board B gained through its own path:\n before {before}\n after  {after}",
                    operation.method, operation.path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What a cross-board call must not add to the board in its path: tasks and time entries.
async fn contents(world: &World, board: i64, token: &str) -> Value {
    let mut state = BTreeMap::new();
    for path in [
        format!("/api/v1/boards/{board}/tasks"),
        format!("/api/v1/boards/{board}/time-entries"),
    ] {
        let body = world.app.get(&path, token).await.expect(200).body;
        state.insert(path, body);
    }
    json!(state)
}

/// What a cross-board call must not change: board A's task, its cost, members, entries and
/// snapshots.
async fn board_state(world: &World, a: &Fixture) -> Value {
    let token = &world.org_admin.token;
    let board = a.board;
    let mut state = BTreeMap::new();
    for path in [
        format!("/api/v1/boards/{board}/tasks/{}", a.task),
        format!("/api/v1/boards/{board}/tasks/{}/cost", a.task),
        format!("/api/v1/boards/{board}/members"),
        format!("/api/v1/boards/{board}/time-entries"),
        format!("/api/v1/boards/{board}/expenses"),
        format!("/api/v1/boards/{board}/roi/snapshots"),
    ] {
        let body = world.app.get(&path, token).await.expect(200).body;
        state.insert(path, body);
    }
    json!(state)
}

/// Operations that name a board's resource by id alone (a time entry, a recommendation): an id
/// of a board the caller cannot see is refused like the board itself (403), and an unknown id
/// is not found (404), for every such operation.
#[tokio::test]
async fn ids_of_hidden_boards_are_forbidden_and_unknown_ids_are_not_found() {
    let mut world = World::new().await;
    let operations = spec_operations();
    let by_id: Vec<&SpecOperation> = operations
        .iter()
        .filter(|op| {
            !op.path.contains("{board_id}")
                && matches!(
                    row(&op.method, &op.path).map(|r| r.2),
                    Some(Board(_) | EntryAuthor)
                )
        })
        .collect();
    assert!(by_id.len() >= 3, "{} operations", by_id.len());
    let mut failures = Vec::new();
    for operation in by_id {
        let Operation(.., body, _) = row(&operation.method, &operation.path).unwrap();
        let fixture = world.fixture(operation).await;
        let response = world
            .call(operation, &fixture, body, Principal::Outsider)
            .await;
        let label = format!("Outsider {} {}", operation.method, operation.path);
        failures.extend(judge(
            &label,
            Outcome::Refused(403, "board_access_denied"),
            0,
            &response,
        ));

        let unknown = Fixture {
            entry: 987_654_321,
            expense: Some(987_654_321),
            recommendation: Some(987_654_321),
            ..fixture
        };
        let response = world
            .call(operation, &unknown, body, Principal::OrgAdmin)
            .await;
        let label = format!(
            "OrgAdmin {} {} with an unknown id",
            operation.method, operation.path
        );
        failures.extend(judge(
            &label,
            Outcome::Refused(404, "not_found"),
            0,
            &response,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// To an outsider, every board operation on an unknown board answers exactly as on a board that
/// exists: board ids cannot be probed.
#[tokio::test]
async fn unknown_boards_and_forbidden_boards_look_the_same_on_every_board_operation() {
    let mut world = World::new().await;
    let operations = spec_operations();
    let mut failures = Vec::new();
    let mut checked = 0;
    for operation in operations
        .iter()
        .filter(|op| op.path.contains("{board_id}"))
    {
        let Operation(.., body, _) = row(&operation.method, &operation.path).unwrap();
        let fixture = world.fixture(operation).await;
        let forbidden = world
            .call(operation, &fixture, body, Principal::Outsider)
            .await;
        let unknown = Fixture {
            board: 987_654_321,
            ..fixture
        };
        let missing = world
            .call(operation, &unknown, body, Principal::Outsider)
            .await;
        checked += 1;
        if forbidden.status != missing.status || forbidden.body != missing.body {
            failures.push(format!(
                "{} {}: a forbidden board answered {} {} but an unknown one {} {}",
                operation.method,
                operation.path,
                forbidden.status,
                forbidden.text,
                missing.status,
                missing.text
            ));
        }
    }
    assert!(checked >= 30, "{checked} board operations");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Refusals settled at the edge (a bad credential, a read-only token, no access to the board in
/// the path) come before the body is read: a refused caller learns nothing from a broken or
/// foreign body, on every operation that takes one.
#[tokio::test]
async fn refusals_at_the_edge_come_before_the_body_is_read() {
    let mut world = World::new().await;
    let mut failures = Vec::new();
    let mut calls = 0;
    for operation in spec_operations().iter().filter(|op| op.has_body) {
        let Operation(_, _, rule, ..) = row(&operation.method, &operation.path).unwrap();
        if *rule == Public {
            continue;
        }
        let fixture = world.fixture(operation).await;
        let url = world.url(operation, &fixture);
        let method = Method::from_bytes(operation.method.as_bytes()).unwrap();
        for &who in PRINCIPALS {
            let expected = who.expected(&operation.method, *rule);
            let at_the_edge = match expected {
                Outcome::Refused(_, "unauthenticated" | "insufficient_scope") => true,
                Outcome::Refused(_, "board_access_denied") => operation.path.contains("{board_id}"),
                _ => false,
            };
            if !at_the_edge {
                continue;
            }
            for (content_type, body) in [("application/json", "{\"broken"), ("text/plain", "hi")] {
                let mut request = world
                    .app
                    .client
                    .request(method.clone(), format!("{}{url}", world.app.base))
                    .header("content-type", content_type)
                    .body(body);
                if let Some(token) = world.token(who) {
                    request = request.bearer_auth(token);
                }
                let response = TestApp::read(request.send().await.unwrap()).await;
                calls += 1;
                let label = format!(
                    "{who:?} {} {} with a {content_type} body {body:?}",
                    operation.method, operation.path
                );
                failures.extend(judge(&label, expected, 0, &response));
            }
        }
    }
    assert!(calls >= 100, "{calls} calls");
    assert!(
        failures.is_empty(),
        "{} of {calls} refusals came after the body:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every path of the API answers a method the spec does not document with 405
/// `method_not_allowed` and an `Allow` header naming the documented ones (RFC 9110), to a
/// caller who may use the path. (`/healthz`, `/readyz` and `/metrics`, outside the API, are
/// routed in startup.rs and not covered here.)
#[tokio::test]
async fn undocumented_methods_are_refused_with_the_documented_ones_in_allow() {
    let mut world = World::new().await;
    let operations = spec_operations();
    let mut paths: BTreeMap<&str, Vec<&SpecOperation>> = BTreeMap::new();
    for operation in operations.iter().filter(|op| op.path.starts_with("/api/")) {
        paths.entry(&operation.path).or_default().push(operation);
    }
    let mut failures = Vec::new();
    for (path, operations) in &paths {
        let documented: BTreeSet<&str> = operations.iter().map(|op| op.method.as_str()).collect();
        let probe = ["PATCH", "PUT", "POST", "DELETE", "GET"]
            .into_iter()
            .find(|method| !documented.contains(method))
            .unwrap();
        let first = operations[0];
        let fixture = match row(&first.method, &first.path).map(|r| r.2) {
            Some(Public) => Fixture::default(),
            _ => world.fixture(first).await,
        };
        let url = world.url(first, &fixture);
        let method = Method::from_bytes(probe.as_bytes()).unwrap();
        let response = world
            .app
            .request(method, &url, Some(&world.org_admin.token), None)
            .await;
        let label = format!("{probe} {path}");
        failures.extend(judge(
            &label,
            Outcome::Refused(405, "method_not_allowed"),
            0,
            &response,
        ));
        let allow = response.header("allow").unwrap_or_default();
        let allowed: BTreeSet<&str> = allow.split(',').map(str::trim).collect();
        if allowed != documented {
            failures.push(format!(
                "{label}: Allow is {allow:?} but the spec documents {documented:?}"
            ));
        }
    }
    assert!(paths.len() >= 30, "{} paths", paths.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
