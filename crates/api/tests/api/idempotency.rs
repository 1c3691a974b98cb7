//! Retries are safe on every create: with an `Idempotency-Key`, the same request sent again is
//! answered with the first answer (same status, body and `Location`, marked
//! `Idempotent-Replayed: true`) and creates nothing more; the same key with another request is
//! refused (422 `reused`); keys are the caller's own; a failed create leaves the key free; and
//! identical requests racing each other create one resource. One table, one row per create,
//! every rule checked on every row. Each create also answers with the exact `Location` of what
//! it made.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{TestApp, User, TODAY};

/// What a row's request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Use {
    /// The request that is retried.
    First,
    /// The first caller, another request (same key: refused).
    Different,
    /// Another caller's own request (same key: their own resource).
    OtherCaller,
    /// A request that fails (then the key is still free).
    Failing,
    /// The failing request corrected.
    Corrected,
    /// The request sent several times at once.
    Raced,
}

/// A POST: who sends it, where, with which body (`None`: no body).
struct Request<'w> {
    caller: &'w User,
    path: String,
    body: Option<Value>,
}

/// How many of a row's resources exist: a list's length (read by Ann), or a count in SQL where
/// nothing lists them.
enum Count {
    List(String),
    Sql(&'static str),
}

/// One create.
struct Case {
    operation: &'static str,
    /// Its success status.
    status: u16,
    request: for<'w> fn(&'w World, Use) -> Request<'w>,
    /// The status and problem code of its [`Use::Failing`] request.
    fails_with: (u16, &'static str),
    /// The exact `Location` of what an answer's body describes (`None`: no `Location`).
    location: fn(&World, &Value) -> Option<String>,
    count: fn(&World) -> Count,
    /// How many resources a successful answer made.
    made: fn(&Value) -> i64,
}

/// Ann owns a board (with a budget) and the organisation Acme; Bob is an admin of both; Mia and
/// Nina are members of Acme; Carl, Dora, Erin and Fay may be added to the board; Olga, Oscar,
/// Pat and Quinn belong to no organisation yet; Tim is an editor on the board.
struct World {
    app: TestApp,
    ann: User,
    bob: User,
    mia: User,
    nina: User,
    carl: User,
    dora: User,
    erin: User,
    fay: User,
    olga: User,
    oscar: User,
    pat: User,
    quinn: User,
    tim: User,
    board: i64,
    /// Ann's board without a budget.
    bare_board: i64,
    task: i64,
    org: i64,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let ann = app.user("ann", Some("50.00")).await;
        let bob = app.user("bob", Some("40.00")).await;
        let [mia, nina, carl, dora, erin, fay, olga, oscar, pat, quinn] = {
            let mut users = Vec::new();
            for name in [
                "mia", "nina", "carl", "dora", "erin", "fay", "olga", "oscar", "pat", "quinn",
            ] {
                users.push(app.user(name, None).await);
            }
            users.try_into().unwrap()
        };
        let board = app.board(&ann, "Retries").await;
        let bare_board = app.board(&ann, "Bare").await;
        app.member(&ann, board, &bob, "admin", None).await;
        app.budget(&ann, board, json!({"allocated_budget": "10000.00"}))
            .await
            .expect(201);
        let task = app.task(&ann, board, "Work").await;
        let tim = app.user("tim", None).await;
        app.member(&ann, board, &tim, "editor", None).await;
        let org = app.organization(&ann, "Acme").await;
        app.org_join(&ann, org, &bob, "admin").await;
        app.org_join(&ann, org, &mia, "member").await;
        app.org_join(&ann, org, &nina, "member").await;
        Self {
            app,
            ann,
            bob,
            mia,
            nina,
            carl,
            dora,
            erin,
            fay,
            olga,
            oscar,
            pat,
            quinn,
            tim,
            board,
            bare_board,
            task,
            org,
        }
    }

    async fn send(&self, request: &Request<'_>, key: &str) -> crate::support::Response {
        let mut builder = self
            .app
            .client
            .request(Method::POST, format!("{}{}", self.app.base, request.path))
            .bearer_auth(&request.caller.token)
            .header("Idempotency-Key", key);
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        TestApp::read(builder.send().await.unwrap()).await
    }

    async fn count(&self, count: Count) -> i64 {
        match count {
            Count::List(path) => {
                let body = self.app.get(&path, &self.ann.token).await.expect(200).body;
                let items = body.as_array().or_else(|| body["items"].as_array());
                i64::try_from(items.unwrap().len()).unwrap()
            }
            Count::Sql(query) => self.app.sql_number(query).await,
        }
    }
}

fn id(body: &Value) -> i64 {
    body["id"].as_i64().unwrap()
}

/// One resource per answer.
fn one(_: &Value) -> i64 {
    1
}

fn post<'w>(caller: &'w User, path: String, body: Value) -> Request<'w> {
    Request {
        caller,
        path,
        body: Some(body),
    }
}

const BOARDS: Case = Case {
    operation: "createBoard",
    status: 201,
    request: |w, use_| {
        let (caller, name) = match use_ {
            Use::First => (&w.ann, "Keyed"),
            Use::OtherCaller => (&w.bob, "Keyed"),
            Use::Different => (&w.ann, "Other"),
            Use::Failing => (&w.ann, " "),
            Use::Corrected => (&w.ann, "Fixed"),
            Use::Raced => (&w.ann, "Raced"),
        };
        post(caller, "/api/v1/boards".into(), json!({"name": name}))
    },
    fails_with: (422, "validation_failed"),
    location: |_, body| Some(format!("/api/v1/boards/{}", id(body))),
    count: |_| Count::List("/api/v1/boards".into()),
    made: one,
};

const TASKS: Case = Case {
    operation: "createTask",
    status: 201,
    request: |w, use_| {
        let (caller, title) = match use_ {
            Use::First => (&w.ann, "Keyed"),
            Use::OtherCaller => (&w.bob, "Keyed"),
            Use::Different => (&w.ann, "Other"),
            Use::Failing => (&w.ann, ""),
            Use::Corrected => (&w.ann, "Fixed"),
            Use::Raced => (&w.ann, "Raced"),
        };
        let path = format!("/api/v1/boards/{}/tasks", w.board);
        post(caller, path, json!({"title": title}))
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| Some(format!("/api/v1/boards/{}/tasks/{}", w.board, id(body))),
    count: |w| Count::List(format!("/api/v1/boards/{}/tasks", w.board)),
    made: one,
};

const TIME_ENTRIES: Case = Case {
    operation: "createTimeEntry",
    status: 201,
    request: |w, use_| {
        let (caller, hours) = match use_ {
            Use::First => (&w.ann, "1.00"),
            Use::OtherCaller => (&w.bob, "1.00"),
            Use::Different => (&w.ann, "2.00"),
            Use::Failing => (&w.ann, "0"),
            Use::Corrected => (&w.ann, "1.50"),
            Use::Raced => (&w.ann, "0.50"),
        };
        let path = format!("/api/v1/boards/{}/tasks/{}/time-entries", w.board, w.task);
        post(caller, path, json!({"hours": hours, "work_date": TODAY}))
    },
    fails_with: (422, "validation_failed"),
    location: |_, body| Some(format!("/api/v1/time-entries/{}", id(body))),
    count: |w| Count::List(format!("/api/v1/boards/{}/time-entries", w.board)),
    made: one,
};

const TIMERS: Case = Case {
    operation: "startTimer",
    status: 201,
    request: |w, use_| {
        // Each person runs one timer: the raced start is Tim's first, so it adds one.
        let (caller, description, offset) = match use_ {
            Use::First => (&w.ann, "Keyed", 0),
            Use::OtherCaller => (&w.bob, "Bob's", 0),
            Use::Different => (&w.ann, "Other", 0),
            Use::Failing => (&w.ann, "Keyed", 900),
            Use::Corrected => (&w.ann, "Keyed", 60),
            Use::Raced => (&w.tim, "Raced", 0),
        };
        let path = format!("/api/v1/boards/{}/tasks/{}/timer", w.board, w.task);
        post(
            caller,
            path,
            json!({"description": description, "utc_offset_minutes": offset}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |_, _| Some("/api/v1/me/timer".to_owned()),
    count: |_| Count::Sql("SELECT COUNT(*) FROM timer"),
    made: one,
};

const EXPENSES: Case = Case {
    operation: "createExpense",
    status: 201,
    request: |w, use_| {
        let (caller, amount) = match use_ {
            Use::First => (&w.ann, "12.00"),
            Use::OtherCaller => (&w.bob, "12.00"),
            Use::Different => (&w.ann, "20.00"),
            Use::Failing => (&w.ann, "0"),
            Use::Corrected => (&w.ann, "15.00"),
            Use::Raced => (&w.ann, "5.00"),
        };
        let path = format!("/api/v1/boards/{}/tasks/{}/expenses", w.board, w.task);
        post(
            caller,
            path,
            json!({"category": "travel", "amount": amount}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |_, body| Some(format!("/api/v1/expenses/{}", id(body))),
    count: |w| Count::List(format!("/api/v1/boards/{}/expenses", w.board)),
    made: one,
};

const ROI_SNAPSHOTS: Case = Case {
    operation: "createRoiSnapshot",
    status: 201,
    request: |w, use_| {
        let (caller, value) = match use_ {
            Use::First => (&w.ann, "1000.00"),
            Use::OtherCaller => (&w.bob, "1000.00"),
            Use::Different => (&w.ann, "2000.00"),
            Use::Failing => (&w.ann, "-1.00"),
            Use::Corrected => (&w.ann, "1500.00"),
            Use::Raced => (&w.ann, "1200.00"),
        };
        let path = format!("/api/v1/boards/{}/roi/snapshots", w.board);
        post(caller, path, json!({"expected_value": value}))
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/boards/{}/roi/snapshots/{}",
            w.board,
            id(body)
        ))
    },
    count: |w| Count::List(format!("/api/v1/boards/{}/roi/snapshots", w.board)),
    made: one,
};

const API_TOKENS: Case = Case {
    operation: "createApiToken",
    status: 201,
    request: |w, use_| {
        let (caller, name) = match use_ {
            Use::First => (&w.ann, "ci"),
            Use::OtherCaller => (&w.bob, "ci"),
            Use::Different => (&w.ann, "other"),
            Use::Failing => (&w.ann, ""),
            Use::Corrected => (&w.ann, "fixed"),
            Use::Raced => (&w.ann, "raced"),
        };
        let body = json!({"name": name, "scope": "read"});
        post(caller, "/api/v1/me/tokens".into(), body)
    },
    fails_with: (422, "validation_failed"),
    location: |_, body| Some(format!("/api/v1/me/tokens/{}", id(body))),
    count: |_| Count::List("/api/v1/me/tokens".into()),
    made: one,
};

const BOARD_MEMBERS: Case = Case {
    operation: "addBoardMember",
    status: 201,
    request: |w, use_| {
        let (caller, email) = match use_ {
            Use::First => (&w.ann, w.carl.email.as_str()),
            Use::OtherCaller => (&w.bob, w.dora.email.as_str()),
            Use::Different => (&w.ann, w.dora.email.as_str()),
            Use::Failing => (&w.ann, "nobody@example.com"),
            Use::Corrected => (&w.ann, w.erin.email.as_str()),
            Use::Raced => (&w.ann, w.fay.email.as_str()),
        };
        let path = format!("/api/v1/boards/{}/members", w.board);
        post(caller, path, json!({"email": email, "role": "editor"}))
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        let user = body["user_id"].as_i64().unwrap();
        Some(format!("/api/v1/boards/{}/members/{user}", w.board))
    },
    count: |w| Count::List(format!("/api/v1/boards/{}/members", w.board)),
    made: one,
};

const ORGANIZATIONS: Case = Case {
    operation: "createOrganization",
    status: 201,
    request: |w, use_| {
        let (caller, name) = match use_ {
            Use::First => (&w.olga, "Olga Ltd"),
            Use::OtherCaller => (&w.oscar, "Oscar Ltd"),
            Use::Different => (&w.olga, "Olga Inc"),
            Use::Failing => (&w.pat, ""),
            Use::Corrected => (&w.pat, "Pat Ltd"),
            Use::Raced => (&w.quinn, "Quinn Ltd"),
        };
        post(
            caller,
            "/api/v1/organizations".into(),
            json!({"name": name}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |_, body| Some(format!("/api/v1/organizations/{}", id(body))),
    count: |_| Count::Sql("SELECT COUNT(*) FROM organization"),
    made: one,
};

const INVITATIONS: Case = Case {
    operation: "createInvitation",
    status: 201,
    request: |w, use_| {
        let (caller, email) = match use_ {
            Use::First => (&w.ann, "first@example.com"),
            Use::OtherCaller => (&w.bob, "first@example.com"),
            Use::Different => (&w.ann, "other@example.com"),
            Use::Failing => (&w.ann, "not-an-address"),
            Use::Corrected => (&w.ann, "fixed@example.com"),
            Use::Raced => (&w.ann, "raced@example.com"),
        };
        let path = format!("/api/v1/organizations/{}/invitations", w.org);
        post(caller, path, json!({"email": email, "role": "member"}))
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/organizations/{}/invitations/{}",
            w.org,
            id(body)
        ))
    },
    count: |w| Count::List(format!("/api/v1/organizations/{}/invitations", w.org)),
    made: one,
};

const PASSWORD_RESETS: Case = Case {
    operation: "createMemberPasswordReset",
    status: 201,
    request: |w, use_| {
        let (caller, member) = match use_ {
            Use::First | Use::Corrected => (&w.ann, w.mia.id),
            Use::OtherCaller => (&w.bob, w.mia.id),
            Use::Different | Use::Raced => (&w.ann, w.nina.id),
            Use::Failing => (&w.ann, w.carl.id),
        };
        Request {
            caller,
            path: format!(
                "/api/v1/organizations/{}/members/{member}/password-reset",
                w.org
            ),
            body: None,
        }
    },
    fails_with: (404, "not_found"),
    location: |w, body| {
        let member = body["user_id"].as_i64().unwrap();
        Some(format!(
            "/api/v1/organizations/{}/members/{member}/password-reset",
            w.org
        ))
    },
    count: |_| Count::Sql("SELECT COUNT(*) FROM password_reset"),
    made: one,
};

const EXCHANGE_RATES: Case = Case {
    operation: "createExchangeRate",
    status: 201,
    request: |w, use_| {
        let (caller, from, to, rate, day) = match use_ {
            Use::First => (&w.ann, "USD", "EUR", "0.92", "2026-01-01"),
            Use::OtherCaller => (&w.bob, "USD", "EUR", "0.92", "2026-02-01"),
            Use::Different => (&w.ann, "GBP", "EUR", "1.17", "2026-01-01"),
            Use::Failing => (&w.ann, "CHF", "EUR", "0", "2026-01-01"),
            Use::Corrected => (&w.ann, "CHF", "EUR", "1.05", "2026-01-01"),
            Use::Raced => (&w.ann, "USD", "GBP", "0.79", "2026-01-01"),
        };
        let path = format!("/api/v1/organizations/{}/exchange-rates", w.org);
        post(
            caller,
            path,
            json!({"from_currency": from, "to_currency": to, "rate": rate, "valid_from": day}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/organizations/{}/exchange-rates/{}",
            w.org,
            id(body)
        ))
    },
    count: |w| Count::List(format!("/api/v1/organizations/{}/exchange-rates", w.org)),
    made: one,
};

/// The day and cost rate each use of a rate case sends: a day of its own, a failing rate.
fn rate_use(use_: Use) -> (&'static str, &'static str) {
    match use_ {
        Use::First => ("2026-01-01", "50.00"),
        Use::OtherCaller => ("2026-02-01", "50.00"),
        Use::Different => ("2026-03-01", "60.00"),
        Use::Failing => ("2026-04-01", "-1"),
        Use::Corrected => ("2026-04-01", "10.00"),
        Use::Raced => ("2026-05-01", "70.00"),
    }
}

const BOARD_RATES: Case = Case {
    operation: "createBoardRate",
    status: 201,
    request: |w, use_| {
        let caller = if use_ == Use::OtherCaller {
            &w.bob
        } else {
            &w.ann
        };
        let (day, rate) = rate_use(use_);
        post(
            caller,
            format!("/api/v1/boards/{}/rates", w.board),
            json!({"level": "board", "cost_rate": rate, "valid_from": day}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| Some(format!("/api/v1/boards/{}/rates/{}", w.board, id(body))),
    count: |w| Count::List(format!("/api/v1/boards/{}/rates", w.board)),
    made: one,
};

const ORGANIZATION_RATES: Case = Case {
    operation: "createOrganizationRate",
    status: 201,
    request: |w, use_| {
        let caller = if use_ == Use::OtherCaller {
            &w.bob
        } else {
            &w.ann
        };
        let (day, rate) = rate_use(use_);
        post(
            caller,
            format!("/api/v1/organizations/{}/rates", w.org),
            json!({"level": "organization", "cost_rate": rate, "valid_from": day}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/organizations/{}/rates/{}",
            w.org,
            id(body)
        ))
    },
    count: |w| Count::List(format!("/api/v1/organizations/{}/rates", w.org)),
    made: one,
};

const REPRICINGS: Case = Case {
    operation: "applyRepricing",
    status: 201,
    request: |w, use_| {
        let caller = if use_ == Use::OtherCaller {
            &w.bob
        } else {
            &w.ann
        };
        let body = match use_ {
            Use::First | Use::OtherCaller => json!({}),
            Use::Different => json!({"user_id": w.ann.id}),
            Use::Failing => json!({"from": "2026-03-01", "to": "2026-02-01"}),
            Use::Corrected => json!({"from": "2026-02-01", "to": "2026-03-01"}),
            Use::Raced => json!({"task_id": w.task}),
        };
        post(
            caller,
            format!("/api/v1/boards/{}/repricings", w.board),
            body,
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/boards/{}/repricings/{}",
            w.board,
            id(body)
        ))
    },
    count: |w| Count::List(format!("/api/v1/boards/{}/repricings", w.board)),
    made: one,
};

const SCENARIOS: Case = Case {
    operation: "createScenario",
    status: 201,
    request: |w, use_| {
        // Names are unique on the board: each use has its own.
        let (caller, name) = match use_ {
            Use::First => (&w.ann, "Keyed"),
            Use::OtherCaller => (&w.bob, "Keyed by Bob"),
            Use::Different => (&w.ann, "Other"),
            Use::Failing => (&w.ann, " "),
            Use::Corrected => (&w.ann, "Fixed"),
            Use::Raced => (&w.ann, "Raced"),
        };
        post(
            caller,
            format!("/api/v1/boards/{}/budget/scenarios", w.board),
            json!({"name": name, "changes": {"budget": "12000.00"}}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/boards/{}/budget/scenarios/{}",
            w.board,
            body["scenario"]["id"].as_i64().unwrap()
        ))
    },
    count: |w| Count::List(format!("/api/v1/boards/{}/budget/scenarios", w.board)),
    made: one,
};

/// A webhook endpoint's URL for each use: public address literals (no DNS is needed).
fn webhook_url(use_: Use) -> &'static str {
    match use_ {
        Use::First | Use::OtherCaller => "http://93.184.216.34/first",
        Use::Different => "http://93.184.216.34/other",
        Use::Failing => "ftp://93.184.216.34/not-http",
        Use::Corrected => "http://93.184.216.34/fixed",
        Use::Raced => "http://93.184.216.34/raced",
    }
}

const BOARD_WEBHOOKS: Case = Case {
    operation: "createBoardWebhook",
    status: 201,
    request: |w, use_| {
        let caller = if use_ == Use::OtherCaller {
            &w.bob
        } else {
            &w.ann
        };
        post(
            caller,
            format!("/api/v1/boards/{}/webhooks", w.board),
            json!({"url": webhook_url(use_)}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/boards/{}/webhooks/{}",
            w.board,
            body["id"].as_i64().unwrap()
        ))
    },
    count: |w| Count::List(format!("/api/v1/boards/{}/webhooks", w.board)),
    made: one,
};

const ORG_WEBHOOKS: Case = Case {
    operation: "createOrgWebhook",
    status: 201,
    request: |w, use_| {
        let caller = if use_ == Use::OtherCaller {
            &w.bob
        } else {
            &w.ann
        };
        post(
            caller,
            format!("/api/v1/organizations/{}/webhooks", w.org),
            json!({"url": webhook_url(use_)}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/organizations/{}/webhooks/{}",
            w.org,
            body["id"].as_i64().unwrap()
        ))
    },
    count: |w| Count::List(format!("/api/v1/organizations/{}/webhooks", w.org)),
    made: one,
};

const ALERT_RULES: Case = Case {
    operation: "createAlertRule",
    status: 201,
    request: |w, use_| {
        let (caller, threshold) = match use_ {
            Use::First => (&w.ann, json!("50")),
            Use::OtherCaller => (&w.bob, json!("50")),
            Use::Different => (&w.ann, json!("60")),
            Use::Failing => (&w.ann, Value::Null),
            Use::Corrected => (&w.ann, json!("70")),
            Use::Raced => (&w.ann, json!("75")),
        };
        post(
            caller,
            format!("/api/v1/boards/{}/budget/alert-rules", w.board),
            json!({"kind": "money_used_at_least", "threshold": threshold}),
        )
    },
    fails_with: (422, "validation_failed"),
    location: |w, body| {
        Some(format!(
            "/api/v1/boards/{}/budget/alert-rules/{}",
            w.board,
            body["id"].as_i64().unwrap()
        ))
    },
    count: |w| Count::List(format!("/api/v1/boards/{}/budget/alert-rules", w.board)),
    made: one,
};

const RECOMMENDATIONS: Case = Case {
    operation: "generateRecommendations",
    status: 200,
    request: |w, use_| {
        let (caller, board) = match use_ {
            Use::First | Use::Corrected | Use::Raced => (&w.ann, w.board),
            Use::OtherCaller => (&w.bob, w.board),
            Use::Different | Use::Failing => (&w.ann, w.bare_board),
        };
        Request {
            caller,
            path: format!("/api/v1/boards/{board}/budget/ai/recommendations"),
            body: None,
        }
    },
    fails_with: (409, "no_budget"),
    location: |_, _| None,
    count: |w| Count::List(format!("/api/v1/boards/{}/recommendations", w.board)),
    made: |body| body["created"].as_i64().unwrap(),
};

/// Every rule of `Idempotency-Key`, on one create.
async fn retries_are_safe(case: &Case) {
    let w = World::new().await;
    let op = case.operation;
    let request = |use_| (case.request)(&w, use_);
    let location = |response: &crate::support::Response| response.header("location");

    // The first request creates, and says where.
    let before = w.count((case.count)(&w)).await;
    let first = w
        .send(&request(Use::First), "key-1")
        .await
        .expect(case.status);
    assert_eq!(first.header("idempotent-replayed"), None, "{op}");
    assert_eq!(location(&first), (case.location)(&w, &first.body), "{op}");
    let made = (case.made)(&first.body);
    assert!(made > 0, "{op}: {}", first.text);
    assert_eq!(w.count((case.count)(&w)).await, before + made, "{op}");

    // The same request again: the first answer, byte for byte, and nothing more.
    let again = w
        .send(&request(Use::First), "key-1")
        .await
        .expect(case.status);
    assert_eq!(again.text, first.text, "{op}");
    assert_eq!(
        again.header("idempotent-replayed").as_deref(),
        Some("true"),
        "{op}"
    );
    assert_eq!(location(&again), location(&first), "{op}");
    assert_eq!(w.count((case.count)(&w)).await, before + made, "{op}");

    // The same key with another request: refused, nothing done.
    let reused = w
        .send(&request(Use::Different), "key-1")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        reused.field_errors(),
        [("Idempotency-Key".to_owned(), "reused".to_owned())],
        "{op}"
    );
    assert_eq!(w.count((case.count)(&w)).await, before + made, "{op}");

    // Another caller's key is theirs: the same key makes their own resource.
    let theirs = w
        .send(&request(Use::OtherCaller), "key-1")
        .await
        .expect(case.status);
    assert_eq!(theirs.header("idempotent-replayed"), None, "{op}");
    assert_ne!(theirs.text, first.text, "{op}");
    assert_eq!(location(&theirs), (case.location)(&w, &theirs.body), "{op}");

    // A failed create leaves the key free for the corrected request.
    let (status, code) = case.fails_with;
    w.send(&request(Use::Failing), "key-2")
        .await
        .expect_problem(status, code);
    let corrected = w
        .send(&request(Use::Corrected), "key-2")
        .await
        .expect(case.status);
    assert_eq!(corrected.header("idempotent-replayed"), None, "{op}");
    assert_eq!(
        location(&corrected),
        (case.location)(&w, &corrected.body),
        "{op}"
    );

    // Identical requests at once: one is done, and every one answers what it did.
    let counted = w.count((case.count)(&w)).await;
    let raced = request(Use::Raced);
    let answers = futures_util::future::join_all((0..6).map(|_| w.send(&raced, "key-3"))).await;
    let answers: Vec<_> = answers
        .into_iter()
        .map(|answer| answer.expect(case.status))
        .collect();
    for answer in &answers {
        assert_eq!(answer.text, answers[0].text, "{op}");
        assert_eq!(location(answer), location(&answers[0]), "{op}");
    }
    let replayed = answers
        .iter()
        .filter(|a| a.header("idempotent-replayed").is_some())
        .count();
    assert_eq!(replayed, answers.len() - 1, "{op}");
    assert_eq!(
        w.count((case.count)(&w)).await,
        counted + (case.made)(&answers[0].body),
        "{op}"
    );
}

#[tokio::test]
async fn creating_a_board_is_safe_to_retry() {
    retries_are_safe(&BOARDS).await;
}

#[tokio::test]
async fn creating_a_task_is_safe_to_retry() {
    retries_are_safe(&TASKS).await;
}

#[tokio::test]
async fn logging_time_is_safe_to_retry() {
    retries_are_safe(&TIME_ENTRIES).await;
}

#[tokio::test]
async fn starting_a_timer_is_safe_to_retry() {
    retries_are_safe(&TIMERS).await;
}

#[tokio::test]
async fn recording_an_expense_is_safe_to_retry() {
    retries_are_safe(&EXPENSES).await;
}

#[tokio::test]
async fn taking_an_roi_snapshot_is_safe_to_retry() {
    retries_are_safe(&ROI_SNAPSHOTS).await;
}

#[tokio::test]
async fn creating_an_api_token_is_safe_to_retry() {
    retries_are_safe(&API_TOKENS).await;
}

#[tokio::test]
async fn adding_a_board_member_is_safe_to_retry() {
    retries_are_safe(&BOARD_MEMBERS).await;
}

#[tokio::test]
async fn creating_an_organization_is_safe_to_retry() {
    retries_are_safe(&ORGANIZATIONS).await;
}

#[tokio::test]
async fn inviting_to_an_organization_is_safe_to_retry() {
    retries_are_safe(&INVITATIONS).await;
}

#[tokio::test]
async fn issuing_a_password_reset_is_safe_to_retry() {
    retries_are_safe(&PASSWORD_RESETS).await;
}

#[tokio::test]
async fn saving_a_scenario_is_safe_to_retry() {
    retries_are_safe(&SCENARIOS).await;
}

#[tokio::test]
async fn adding_an_alert_rule_is_safe_to_retry() {
    retries_are_safe(&ALERT_RULES).await;
}

#[tokio::test]
async fn adding_a_board_webhook_is_safe_to_retry() {
    retries_are_safe(&BOARD_WEBHOOKS).await;
}

#[tokio::test]
async fn adding_an_organisation_webhook_is_safe_to_retry() {
    retries_are_safe(&ORG_WEBHOOKS).await;
}

#[tokio::test]
async fn adding_an_exchange_rate_is_safe_to_retry() {
    retries_are_safe(&EXCHANGE_RATES).await;
}

#[tokio::test]
async fn adding_a_board_rate_is_safe_to_retry() {
    retries_are_safe(&BOARD_RATES).await;
}

#[tokio::test]
async fn adding_an_organization_rate_is_safe_to_retry() {
    retries_are_safe(&ORGANIZATION_RATES).await;
}

#[tokio::test]
async fn applying_a_repricing_is_safe_to_retry() {
    retries_are_safe(&REPRICINGS).await;
}

#[tokio::test]
async fn generating_recommendations_is_safe_to_retry() {
    retries_are_safe(&RECOMMENDATIONS).await;
}

/// Every create the table covers is every operation of the spec that takes the key.
#[tokio::test]
async fn the_table_covers_every_create_that_takes_a_key() {
    let app = TestApp::spawn().await;
    let spec = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .expect(200)
        .body;
    let mut keyed: Vec<String> = spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter(|operation| {
            operation["parameters"]
                .as_array()
                .is_some_and(|params| params.iter().any(|p| p["name"] == "Idempotency-Key"))
        })
        .map(|operation| operation["operationId"].as_str().unwrap().to_owned())
        .collect();
    keyed.sort();
    let mut covered: Vec<String> = [
        &BOARDS,
        &TASKS,
        &TIME_ENTRIES,
        &TIMERS,
        &EXPENSES,
        &ROI_SNAPSHOTS,
        &API_TOKENS,
        &BOARD_MEMBERS,
        &ORGANIZATIONS,
        &INVITATIONS,
        &PASSWORD_RESETS,
        &EXCHANGE_RATES,
        &BOARD_RATES,
        &ORGANIZATION_RATES,
        &REPRICINGS,
        &RECOMMENDATIONS,
        &SCENARIOS,
        &ALERT_RULES,
        &BOARD_WEBHOOKS,
        &ORG_WEBHOOKS,
    ]
    .iter()
    .map(|case| case.operation.to_owned())
    .collect();
    covered.sort();
    assert_eq!(keyed, covered);
}

/// A replayed create reads back as it was made: its `Location` leads to it.
#[tokio::test]
async fn a_replayed_location_reads_back_the_one_resource() {
    let w = World::new().await;
    for case in [&BOARDS, &TASKS, &EXPENSES, &ROI_SNAPSHOTS, &ORGANIZATIONS] {
        let request = (case.request)(&w, Use::First);
        let key = format!("read-back-{}", case.operation);
        w.send(&request, &key).await.expect(201);
        let replay = w.send(&request, &key).await.expect(201);
        let read = w
            .app
            .get(&replay.header("location").unwrap(), &request.caller.token)
            .await
            .expect(200);
        assert_eq!(read.body["id"], replay.body["id"], "{}", case.operation);
    }
}

#[tokio::test]
async fn registering_answers_where_the_account_is_read() {
    let app = TestApp::spawn().await;
    let registered = app
        .request(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(&json!({
                "email": "reg@example.com",
                "password": "a-long-password-1",
                "display_name": "Reg",
            })),
        )
        .await
        .expect(201);
    assert_eq!(registered.header("location").as_deref(), Some("/api/v1/me"));
    let token = registered.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", token).await.expect(200);
    assert_eq!(me.body["id"], registered.body["user"]["id"]);
}

#[tokio::test]
async fn creating_a_budget_answers_its_url_and_replacing_it_does_not() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Budget").await;
    let created = app
        .budget(&ann, board, json!({"allocated_budget": "5000.00"}))
        .await
        .expect(201);
    let url = format!("/api/v1/boards/{board}/budget");
    assert_eq!(created.header("location"), Some(url.clone()));
    app.get(&url, &ann.token).await.expect(200);
    let replaced = app
        .budget(&ann, board, json!({"allocated_budget": "6000.00"}))
        .await
        .expect(200);
    assert_eq!(replaced.header("location"), None);
}

#[tokio::test]
async fn a_key_is_one_to_the_bound_printable_characters() {
    let w = World::new().await;
    let request = (TASKS.request)(&w, Use::First);
    let longest = "k".repeat(budget_contract::limits::IDEMPOTENCY_KEY_CHARS);
    w.send(&request, &longest).await.expect(201);
    for refused in [format!("{longest}k"), " ".to_owned()] {
        let answer = w
            .send(&request, &refused)
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            answer.field_errors(),
            [("Idempotency-Key".to_owned(), "invalid".to_owned())]
        );
    }
}

/// A remembered answer may carry a secret shown once (here a new access token): the database
/// holds neither the key nor the secret, and the retry still gets the secret back.
#[tokio::test]
async fn a_remembered_secret_is_sealed_with_the_key_the_client_holds() {
    let w = World::new().await;
    let request = post(
        &w.ann,
        "/api/v1/me/tokens".into(),
        json!({"name": "nightly export", "scope": "read"}),
    );
    let first = w.send(&request, "token-key-7").await.expect(201);
    let token = first.body["token"].as_str().unwrap().to_owned();
    let stored = |condition: String| {
        let app = &w.app;
        async move {
            app.sql_number(&format!(
                "SELECT COUNT(*) FROM idempotency_record WHERE {condition}"
            ))
            .await
        }
    };
    assert_eq!(stored("1 = 1".into()).await, 1);
    assert_eq!(stored(format!("response_body LIKE '%{token}%'")).await, 0);
    assert_eq!(
        stored("response_body LIKE '%nightly export%'".into()).await,
        0
    );
    assert_eq!(stored("idempotency_key = 'token-key-7'".into()).await, 0);

    let retry = w.send(&request, "token-key-7").await.expect(201);
    assert_eq!(retry.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(retry.text, first.text);
    assert_eq!(retry.body["token"], token.as_str());
}

/// A record kept before answers were sealed (the key as sent, the body as JSON) is still
/// replayed until it expires.
#[tokio::test]
async fn a_record_kept_before_sealing_is_still_replayed() {
    let w = World::new().await;
    let request = post(&w.ann, "/api/v1/boards".into(), json!({"name": "Kept"}));
    let first = w.send(&request, "old-key").await.expect(201);
    // Turn the record into one as it was written before sealing.
    let body = first.text.replace('\'', "''");
    w.app
        .sql(&format!(
            "UPDATE idempotency_record SET idempotency_key = 'old-key', response_body = '{body}'"
        ))
        .await;
    let retry = w.send(&request, "old-key").await.expect(201);
    assert_eq!(retry.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(retry.text, first.text);
    let other = post(&w.ann, "/api/v1/boards".into(), json!({"name": "Other"}));
    let refused = w.send(&other, "old-key").await.expect(422);
    assert_eq!(
        refused.field_errors(),
        [("Idempotency-Key".to_owned(), "reused".to_owned())]
    );
}
