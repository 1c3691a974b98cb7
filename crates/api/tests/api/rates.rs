//! Dated, layered cost and billable rates, and what time entries snapshot of them, on a board
//! whose budget is in euros and whose rates are in pounds, dollars, yen and euros. Every figure
//! is worked out by hand in the comments.

use serde_json::{json, Value};

use crate::support::{hold_the_writer, while_held, TestApp, User};

/// An organisation's board with a euro budget: Ann (organisation admin, creator), Bob and Dan
/// (editors, organisation members) and Cleo (viewer).
struct Mixed {
    app: TestApp,
    ann: User,
    bob: User,
    cleo: User,
    dan: User,
    org: i64,
    board: i64,
    design: i64,
    build: i64,
}

impl Mixed {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let ann = app.user("ann", None).await;
        let bob = app.user("bob", None).await;
        let cleo = app.user("cleo", None).await;
        let dan = app.user("dan", None).await;
        let org = app.organization(&ann, "Acme").await;
        app.org_join(&ann, org, &bob, "member").await;
        app.org_join(&ann, org, &dan, "member").await;
        let board = app
            .new_board(
                &ann,
                json!({"name": "Launch", "organization_id": org, "start_date": "2026-01-01",
                       "due_date": "2026-12-31"}),
            )
            .await;
        app.budget(
            &ann,
            board,
            json!({"allocated_budget": "10000.00", "currency": "EUR"}),
        )
        .await
        .expect(201);
        app.member(&ann, board, &bob, "editor", None).await;
        app.member(&ann, board, &dan, "editor", None).await;
        app.member(&ann, board, &cleo, "viewer", None).await;
        let design = app.task(&ann, board, "Design").await;
        let build = app.task(&ann, board, "Build").await;
        let mixed = Self {
            app,
            ann,
            bob,
            cleo,
            dan,
            org,
            board,
            design,
            build,
        };
        for (from, rate, day) in [
            ("USD", "0.9215", "2026-01-01"),
            ("USD", "0.93", "2026-03-01"),
            ("GBP", "1.1712", "2026-01-01"),
        ] {
            mixed
                .app
                .post(
                    &format!("/api/v1/organizations/{org}/exchange-rates"),
                    &mixed.ann.token,
                    json!({"from_currency": from, "to_currency": "EUR", "rate": rate,
                           "valid_from": day}),
                )
                .await
                .expect(201);
        }
        mixed
    }

    async fn org_rate(&self, body: Value) -> Value {
        self.app
            .post(
                &format!("/api/v1/organizations/{}/rates", self.org),
                &self.ann.token,
                body,
            )
            .await
            .expect(201)
            .body
    }

    async fn board_rate(&self, body: Value) -> Value {
        self.app
            .post(
                &format!("/api/v1/boards/{}/rates", self.board),
                &self.ann.token,
                body,
            )
            .await
            .expect(201)
            .body
    }

    async fn log(&self, who: &User, task: i64, hours: &str, day: &str, billable: bool) -> Value {
        self.app
            .post(
                &format!("/api/v1/boards/{}/tasks/{task}/time-entries", self.board),
                &who.token,
                json!({"hours": hours, "work_date": day, "is_billable": billable}),
            )
            .await
            .expect(201)
            .body
    }

    async fn entries(&self, who: &User) -> Vec<Value> {
        self.app
            .get(
                &format!("/api/v1/boards/{}/time-entries?limit=100", self.board),
                &who.token,
            )
            .await
            .expect(200)
            .body["items"]
            .as_array()
            .unwrap()
            .clone()
    }

    async fn spent(&self) -> Value {
        self.app.metrics(&self.ann, self.board).await["spent"].clone()
    }

    /// The rates the organisation's history starts with: everyone costs 45.00 EUR and is billed
    /// 100.00 USD an hour, 110.00 USD from March; Bob costs 60.00 GBP; hours on Build are
    /// billed 150.00 EUR from 15 February.
    async fn with_rates(self) -> Self {
        self.org_rate(json!({"level": "organization", "valid_from": "2026-01-01",
                             "cost_rate": "45.00", "billable_rate": "100.00",
                             "billable_currency": "USD"}))
            .await;
        self.org_rate(json!({"level": "organization", "valid_from": "2026-03-01",
                             "cost_rate": "45.00", "billable_rate": "110.00",
                             "billable_currency": "USD"}))
            .await;
        self.org_rate(json!({"level": "person", "user_id": self.bob.id,
                             "valid_from": "2026-01-01", "cost_rate": "60.00",
                             "cost_currency": "gbp"}))
            .await;
        self.board_rate(json!({"level": "task", "task_id": self.build,
                               "valid_from": "2026-02-15", "billable_rate": "150.00"}))
            .await;
        self
    }
}

fn amounts(entry: &Value) -> (&str, &str) {
    (
        entry["labour_cost"].as_str().unwrap(),
        entry["billable_amount"].as_str().unwrap(),
    )
}

#[tokio::test]
async fn each_entry_is_priced_at_the_rates_and_exchange_rates_of_its_work_date() {
    let m = Mixed::new().await.with_rates().await;

    // Bob's 1.50 h on Design, 10 Feb: cost 1.50 × 60.00 GBP × 1.1712 = 105.408 → 105.41 EUR;
    // billed 1.50 × 100.00 USD × 0.9215 = 138.225 → 138.22 EUR (half to even).
    let e1 = m.log(&m.bob, m.design, "1.50", "2026-02-10", true).await;
    assert_eq!(amounts(&e1), ("105.41", "138.22"));
    assert_eq!(e1["hourly_rate"], "60.00");
    assert_eq!(e1["rate_currency"], "GBP");
    assert_eq!(e1["cost_exchange_rate"], "1.1712");
    assert_eq!(e1["billable_rate"], "100.00");
    assert_eq!(e1["billable_rate_currency"], "USD");
    assert_eq!(e1["billable_exchange_rate"], "0.9215");

    // Bob's 2.00 h on Build, 20 Feb: cost 2 × 60.00 × 1.1712 = 140.544 → 140.54; billed at the
    // task's 150.00 EUR: 300.00, no exchange.
    let e2 = m.log(&m.bob, m.build, "2.00", "2026-02-20", true).await;
    assert_eq!(amounts(&e2), ("140.54", "300.00"));
    assert_eq!(e2["billable_exchange_rate"], Value::Null);
    assert_eq!(e2["billable_rate_currency"], "EUR");

    // Ann's 3.00 h on Design, 5 March: cost 3 × 45.00 = 135.00; billed at March's 110.00 USD
    // and March's 0.93: 3 × 110 × 0.93 = 306.90.
    let e3 = m.log(&m.ann, m.design, "3.00", "2026-03-05", true).await;
    assert_eq!(amounts(&e3), ("135.00", "306.90"));
    assert_eq!(e3["cost_exchange_rate"], Value::Null);
    assert_eq!(e3["billable_exchange_rate"], "0.93");

    // Not billable: the cost counts, nothing is billed; the billable rate is still recorded.
    let e4 = m.log(&m.ann, m.design, "1.00", "2026-03-06", false).await;
    assert_eq!(amounts(&e4), ("45.00", "0.00"));
    assert_eq!(e4["billable_rate"], "110.00");

    // 105.41 + 140.54 + 135.00 + 45.00
    assert_eq!(m.spent().await, "425.95");
    // Revenue 138.22 + 300.00 + 306.90 + 0.00 = 745.12; profit 745.12 − 425.95 = 319.17;
    // margin 319.17 / 745.12 × 100 = 42.834… → 42.83. Viewers see no margins.
    let metrics = m.app.metrics(&m.bob, m.board).await;
    assert_eq!(metrics["profitability"]["revenue"], "745.12");
    assert_eq!(metrics["profitability"]["cost"], "425.95");
    assert_eq!(metrics["profitability"]["profit"], "319.17");
    assert_eq!(metrics["profitability"]["margin_percent"], "42.83");
    let seen_by_viewer = m.app.metrics(&m.cleo, m.board).await;
    assert_eq!(seen_by_viewer["spent"], "425.95");
    assert_eq!(seen_by_viewer["profitability"], Value::Null);

    // By task, person and month. Design: cost 105.41 + 135.00 + 45.00 = 285.41, revenue
    // 138.22 + 306.90 = 445.12, profit 159.71, margin 35.88; Build: 140.54 against 300.00,
    // profit 159.46, margin 53.15. Ann: 180.00 against 306.90, profit 126.90, margin 41.35;
    // Bob: 245.95 against 438.22, profit 192.27, margin 43.88. February is Bob's two entries,
    // March Ann's.
    let analytics = |who: &User| {
        let app = &m.app;
        let path = format!("/api/v1/boards/{}/budget/analytics", m.board);
        let token = who.token.clone();
        async move { app.get(&path, &token).await.expect(200).body }
    };
    let seen = analytics(&m.ann).await;
    let line = |p: &Value| {
        (
            p["revenue"].as_str().unwrap().to_owned(),
            p["cost"].as_str().unwrap().to_owned(),
            p["profit"].as_str().unwrap().to_owned(),
            p["margin_percent"].as_str().unwrap().to_owned(),
        )
    };
    let owned = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned())
    };
    // A task's is on its row of the task breakdown.
    let task_rows = |who: &User| {
        let app = &m.app;
        let path = format!("/api/v1/boards/{}/budget/analytics/tasks?sort=id", m.board);
        let token = who.token.clone();
        async move { app.get(&path, &token).await.expect(200).body["items"].clone() }
    };
    let tasks = &task_rows(&m.ann).await;
    assert_eq!(tasks[0]["task_id"], m.design);
    assert_eq!(
        line(&tasks[0]["profitability"]),
        owned("445.12", "285.41", "159.71", "35.88")
    );
    assert_eq!(tasks[1]["title"], "Build");
    assert_eq!(
        line(&tasks[1]["profitability"]),
        owned("300.00", "140.54", "159.46", "53.15")
    );
    let people = &seen["profitability"]["people"];
    assert_eq!(people.as_array().unwrap().len(), 2);
    assert_eq!(people[0]["user_id"], m.ann.id);
    assert_eq!(
        line(&people[0]["profitability"]),
        owned("306.90", "180.00", "126.90", "41.35")
    );
    assert_eq!(people[1]["display_name"], "bob");
    assert_eq!(
        line(&people[1]["profitability"]),
        owned("438.22", "245.95", "192.27", "43.88")
    );
    let months = &seen["profitability"]["months"];
    assert_eq!(months[0]["month"], "2026-02");
    assert_eq!(
        line(&months[0]["profitability"]),
        owned("438.22", "245.95", "192.27", "43.88")
    );
    assert_eq!(months[1]["month"], "2026-03");
    assert_eq!(
        line(&months[1]["profitability"]),
        owned("306.90", "180.00", "126.90", "41.35")
    );
    assert_eq!(analytics(&m.cleo).await["profitability"], Value::Null);
    let seen_by_viewer = task_rows(&m.cleo).await;
    assert_eq!(seen_by_viewer[0]["total"], "285.41");
    assert_eq!(seen_by_viewer[0].get("profitability"), None);

    // A fixed fee is the board's revenue: 1000.00 − 425.95 = 574.05; 574.05 / 1000.00 × 100 =
    // 57.405 → 57.40 (half to even).
    let budget = m
        .app
        .budget(
            &m.ann,
            m.board,
            json!({"allocated_budget": "10000.00", "currency": "EUR", "fixed_fee": "1000.00"}),
        )
        .await
        .expect(200);
    assert_eq!(budget.body["fixed_fee"], "1000.00");
    let metrics = m.app.metrics(&m.ann, m.board).await;
    assert_eq!(metrics["profitability"]["revenue"], "1000.00");
    assert_eq!(metrics["profitability"]["profit"], "574.05");
    assert_eq!(metrics["profitability"]["margin_percent"], "57.40");
    // An ROI snapshot may take the revenue as its realised value: (1000.00 − 425.95) / 425.95 ×
    // 100 = 134.769… → 134.77 %.
    let snapshot = m
        .app
        .post(
            &format!("/api/v1/boards/{}/roi/snapshots", m.board),
            &m.ann.token,
            json!({"expected_value": "2000.00", "realized_value_from_revenue": true}),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(snapshot["realized_value"], "1000.00");
    assert_eq!(snapshot["total_cost"], "425.95");
    assert_eq!(snapshot["realized_roi_percent"], "134.77");
    // The export carries each entry's rates, currencies and exchange rates.
    let csv = m
        .app
        .get(
            &format!("/api/v1/boards/{}/time-entries.csv", m.board),
            &m.ann.token,
        )
        .await
        .expect(200)
        .text;
    let row = csv
        .lines()
        .find(|line| line.starts_with(&format!("{},", e1["id"])))
        .unwrap();
    assert!(
        row.starts_with(&format!(
            "{},2026-02-10,{},{},1.50,60.00,105.41,true,",
            e1["id"], m.design, m.bob.id
        )),
        "{row}"
    );
    assert!(
        row.ends_with(",EUR,GBP,1.1712,100.00,USD,0.9215,138.22"),
        "{row}"
    );

    // Which rates apply, and where each came from.
    let in_force = m
        .app
        .get(
            &format!(
                "/api/v1/boards/{}/rates/in-force?user_id={}&task_id={}&on=2026-02-20",
                m.board, m.bob.id, m.build
            ),
            &m.ann.token,
        )
        .await
        .expect(200);
    assert_eq!(in_force.body["cost"]["rate"], "60.00");
    assert_eq!(in_force.body["cost"]["currency"], "GBP");
    assert_eq!(in_force.body["cost"]["level"], "person");
    assert_eq!(in_force.body["billable"]["rate"], "150.00");
    assert_eq!(in_force.body["billable"]["currency"], "EUR");
    assert_eq!(in_force.body["billable"]["level"], "task");
    assert_eq!(in_force.body["billable"]["valid_from"], "2026-02-15");
    // Before the task's billable rate: the organisation's.
    let earlier = m
        .app
        .get(
            &format!(
                "/api/v1/boards/{}/rates/in-force?user_id={}&task_id={}&on=2026-02-14",
                m.board, m.bob.id, m.build
            ),
            &m.ann.token,
        )
        .await
        .expect(200);
    assert_eq!(earlier.body["billable"]["level"], "organization");
    assert_eq!(earlier.body["billable"]["rate"], "100.00");
    assert_eq!(
        earlier.body["cost"]["rate_id"], e1["cost_rate_id"],
        "the entry names the rate it was priced with"
    );
}

#[tokio::test]
async fn entries_logged_together_are_priced_as_they_are_one_by_one() {
    let m = Mixed::new().await.with_rates().await;
    let entry = |who: &User, task: i64, hours: &str, day: &str, billable: bool| {
        m.app
            .client
            .post(format!(
                "{}/api/v1/boards/{}/tasks/{task}/time-entries",
                m.app.base, m.board
            ))
            .bearer_auth(&who.token)
            .json(&json!({"hours": hours, "work_date": day, "is_billable": billable}))
    };
    // The entries of the test above, taken by the writer together after a first one: rates of
    // two people in three currencies, exchange rates of two days for one pair, a day before any
    // rate, and a rate in yen, which no exchange rate converts.
    m.board_rate(json!({"level": "board_member", "user_id": m.dan.id,
                        "valid_from": "2026-01-01", "cost_rate": "5000", "cost_currency": "JPY"}))
        .await;
    let held = hold_the_writer(&m.app, &m.bob).await;
    let first = entry(&m.bob, m.design, "1.50", "2026-02-10", true);
    let rest = vec![
        entry(&m.bob, m.build, "2.00", "2026-02-20", true),
        entry(&m.ann, m.design, "3.00", "2026-03-05", true),
        entry(&m.ann, m.design, "1.00", "2026-03-06", false),
        entry(&m.bob, m.design, "1.00", "2025-12-31", true),
        entry(&m.dan, m.design, "2.00", "2026-02-27", true),
    ];
    let answers = while_held(&m.app, held, first, rest).await;
    let priced: Vec<(&str, &str)> = answers[..4].iter().map(|(_, body)| amounts(body)).collect();
    assert_eq!(
        priced,
        [
            ("105.41", "138.22"),
            ("140.54", "300.00"),
            ("135.00", "306.90"),
            ("45.00", "0.00")
        ],
        "{answers:?}"
    );
    assert_eq!(answers[0].1["cost_exchange_rate"], "1.1712");
    assert_eq!(answers[0].1["billable_exchange_rate"], "0.9215");
    assert_eq!(answers[2].1["billable_exchange_rate"], "0.93");
    // No rate is in force before 2026: the entry holds none and costs nothing.
    assert_eq!(amounts(&answers[4].1), ("0.00", "0.00"));
    assert_eq!(answers[4].1["hourly_rate"], Value::Null);
    // Dan's yen: refused, naming the pair and the day.
    assert_eq!(answers[5].0, 422, "{answers:?}");
    assert_eq!(
        answers[5].1["errors"][0]["message"],
        "no JPY→EUR exchange rate is in force on 2026-02-27; an organisation admin enters one"
    );
    let stats = m.app.domain.entry_groups.stats();
    assert_eq!((stats.transactions, stats.entries), (2, 6));
    // 105.41 + 140.54 + 135.00 + 45.00 + 0.00
    assert_eq!(m.spent().await, "425.95");
    // What is stored is what was answered, entry by entry.
    let stored = m.entries(&m.ann).await;
    assert_eq!(stored.len(), 5);
    for (status, answered) in answers.iter().filter(|(status, _)| *status == 201) {
        let kept = stored.iter().find(|e| e["id"] == answered["id"]);
        let kept = kept.unwrap_or_else(|| panic!("{status} {answered} is not stored"));
        assert_eq!(amounts(kept), amounts(answered), "{kept}");
        assert_eq!(kept["cost_exchange_rate"], answered["cost_exchange_rate"]);
        assert_eq!(
            kept["billable_exchange_rate"],
            answered["billable_exchange_rate"]
        );
    }
}

#[tokio::test]
async fn a_later_rate_never_changes_a_snapshot_silently() {
    let m = Mixed::new().await.with_rates().await;
    let e1 = m.log(&m.bob, m.design, "1.50", "2026-02-10", true).await;
    assert_eq!(amounts(&e1), ("105.41", "138.22"));

    // A board rate from 1 February, entered afterwards: the board level beats Bob's own rate,
    // but the entry already priced keeps its snapshot.
    m.board_rate(json!({"level": "board", "valid_from": "2026-02-01", "cost_rate": "55.00"}))
        .await;
    let kept = &m.entries(&m.ann).await[0];
    assert_eq!(amounts(kept), ("105.41", "138.22"));
    assert_eq!(kept["version"], e1["version"]);
    // A new entry on an earlier day takes it: 1 × 55.00; billed 1 × 100 USD × 0.9215 = 92.15.
    let e5 = m.log(&m.bob, m.design, "1.00", "2026-02-11", true).await;
    assert_eq!(amounts(&e5), ("55.00", "92.15"));

    // More hours on the first entry: its own rates and exchange rates, 2 × 60 × 1.1712 =
    // 140.544 → 140.54; billed 2 × 100 × 0.9215 = 184.30.
    let path = format!("/api/v1/time-entries/{}", e1["id"]);
    let edited = m
        .app
        .patch(&path, &m.bob.token, json!({"hours": "2.00"}))
        .await
        .expect(200);
    assert_eq!(amounts(&edited.body), ("140.54", "184.30"));
    assert_eq!(edited.body["hourly_rate"], "60.00");
    // Not billable any more, then billable again: the billed amount follows the flag.
    let off = m
        .app
        .patch(&path, &m.bob.token, json!({"is_billable": false}))
        .await
        .expect(200);
    assert_eq!(amounts(&off.body), ("140.54", "0.00"));
    let on = m
        .app
        .patch(&path, &m.bob.token, json!({"is_billable": true}))
        .await
        .expect(200);
    assert_eq!(amounts(&on.body), ("140.54", "184.30"));
    // Moved to another day, it takes that day's rates: board 55.00 × 2 = 110.00; billed
    // 2 × 110 USD × 0.93 = 204.60.
    let moved = m
        .app
        .patch(&path, &m.bob.token, json!({"work_date": "2026-03-02"}))
        .await
        .expect(200);
    assert_eq!(amounts(&moved.body), ("110.00", "204.60"));
    assert_eq!(moved.body["rate_currency"], "EUR");
    // 110.00 + 55.00
    assert_eq!(m.spent().await, "165.00");
}

#[tokio::test]
async fn a_missing_exchange_rate_is_refused_naming_the_pair_and_the_day() {
    let m = Mixed::new().await.with_rates().await;
    m.board_rate(json!({"level": "board_member", "user_id": m.dan.id,
                        "valid_from": "2026-01-01", "cost_rate": "5000", "cost_currency": "JPY"}))
        .await;
    let refused = m
        .app
        .post(
            &format!("/api/v1/boards/{}/tasks/{}/time-entries", m.board, m.design),
            &m.dan.token,
            json!({"hours": "1.50", "work_date": "2026-02-10"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "work_date");
    assert_eq!(refused.body["errors"][0]["code"], "missing_exchange_rate");
    assert_eq!(
        refused.body["errors"][0]["message"],
        "no JPY→EUR exchange rate is in force on 2026-02-10; an organisation admin enters one"
    );
    assert_eq!(m.spent().await, "0.00", "nothing was written");

    m.app
        .post(
            &format!("/api/v1/organizations/{}/exchange-rates", m.org),
            &m.ann.token,
            json!({"from_currency": "JPY", "to_currency": "EUR", "rate": "0.00617",
                   "valid_from": "2026-01-01"}),
        )
        .await
        .expect(201);
    // 1.50 × 5000 JPY × 0.00617 = 46.275 → 46.28 EUR (half to even); billed at the
    // organisation's 100 USD: 150 × 0.9215 = 138.225 → 138.22.
    let entry = m.log(&m.dan, m.design, "1.50", "2026-02-10", true).await;
    assert_eq!(amounts(&entry), ("46.28", "138.22"));
    assert_eq!(entry["cost_exchange_rate"], "0.00617");
}

#[tokio::test]
async fn a_task_rate_names_its_task_when_stored_and_when_listed() {
    let m = Mixed::new().await.with_rates().await;
    let created = m
        .board_rate(json!({"level": "task", "task_id": m.design,
                           "valid_from": "2026-03-01", "cost_rate": "55.00"}))
        .await;
    assert_eq!(created["task_title"], "Design", "{created}");
    let listed = m
        .app
        .get(&format!("/api/v1/boards/{}/rates", m.board), &m.ann.token)
        .await
        .expect(200)
        .body;
    let titles: Vec<(Value, Value)> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rate| {
            (
                rate["level"].clone(),
                rate.get("task_title").cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    assert!(
        titles.contains(&(json!("task"), json!("Build"))),
        "{listed}"
    );
    assert!(
        titles.contains(&(json!("task"), json!("Design"))),
        "{listed}"
    );
    // Other levels name no task.
    for (level, title) in &titles {
        if level != "task" {
            assert_eq!(title, &Value::Null, "{listed}");
        }
    }
}

#[tokio::test]
async fn rates_are_shown_to_admins_and_to_the_person_only() {
    let m = Mixed::new().await.with_rates().await;
    m.log(&m.bob, m.design, "1.50", "2026-02-10", true).await;
    m.log(&m.ann, m.design, "1.00", "2026-02-11", true).await;

    let by_person = |entries: Vec<Value>, who: &User| {
        entries
            .into_iter()
            .find(|e| e["user_id"] == who.id)
            .unwrap()
    };
    // The admin sees everyone's rates.
    let seen = m.entries(&m.ann).await;
    assert_eq!(by_person(seen.clone(), &m.bob)["hourly_rate"], "60.00");
    assert_eq!(by_person(seen, &m.ann)["hourly_rate"], "45.00");
    // An editor sees their own, not another's; the amounts are there for both.
    let seen = m.entries(&m.bob).await;
    assert_eq!(by_person(seen.clone(), &m.bob)["hourly_rate"], "60.00");
    let anns = by_person(seen, &m.ann);
    assert_eq!(anns["hourly_rate"], Value::Null);
    assert_eq!(anns["billable_rate"], Value::Null);
    assert_eq!(anns["cost_exchange_rate"], Value::Null);
    assert_eq!(amounts(&anns), ("45.00", "92.15"));
    // A viewer sees no rate at all.
    for entry in m.entries(&m.cleo).await {
        assert_eq!(entry["hourly_rate"], Value::Null);
        assert_eq!(entry["billable_rate"], Value::Null);
        assert_eq!(entry["cost_rate_id"], Value::Null);
    }
    // People's rates on the board: their own for members, everyone's for admins.
    m.app
        .put(
            &format!("/api/v1/boards/{}/members/{}", m.board, m.dan.id),
            &m.ann.token,
            json!({"role": "editor", "hourly_rate": "70.00"}),
        )
        .await
        .expect(200);
    let members = |who: &User| {
        let app = &m.app;
        let path = format!("/api/v1/boards/{}/members", m.board);
        let token = who.token.clone();
        async move { app.get(&path, &token).await.expect(200).body["items"].clone() }
    };
    let dan_row = |items: &Value| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["user_id"] == m.dan.id)
            .unwrap()["hourly_rate"]
            .clone()
    };
    assert_eq!(dan_row(&members(&m.ann).await), "70.00");
    assert_eq!(dan_row(&members(&m.dan).await), "70.00");
    assert_eq!(dan_row(&members(&m.bob).await), Value::Null);
    assert_eq!(dan_row(&members(&m.cleo).await), Value::Null);

    // The rates themselves: admins only.
    for who in [&m.bob, &m.cleo] {
        m.app
            .get(&format!("/api/v1/boards/{}/rates", m.board), &who.token)
            .await
            .expect_problem(403, "insufficient_role");
        m.app
            .get(
                &format!(
                    "/api/v1/boards/{}/rates/in-force?user_id={}&task_id={}&on=2026-02-10",
                    m.board, who.id, m.design
                ),
                &who.token,
            )
            .await
            .expect_problem(403, "insufficient_role");
    }
    m.app
        .get(
            &format!("/api/v1/organizations/{}/rates", m.org),
            &m.bob.token,
        )
        .await
        .expect_problem(403, "insufficient_role");
}

#[tokio::test]
async fn a_rate_is_checked_kept_once_per_day_and_kept_while_entries_name_it() {
    let m = Mixed::new().await;
    let path = format!("/api/v1/boards/{}/rates", m.board);
    let refused = m
        .app
        .post(
            &path,
            &m.ann.token,
            json!({"level": "person", "user_id": m.bob.id, "valid_from": "2026-01-01",
                   "cost_rate": "1.00"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "level");
    let refused = m
        .app
        .post(
            &path,
            &m.ann.token,
            json!({"level": "task", "valid_from": "2026-01-01", "cost_rate": "1.005",
                   "cost_currency": "XXX"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    let fields: Vec<&str> = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["cost_currency", "cost_rate", "task_id"]);
    let refused = m
        .app
        .post(
            &path,
            &m.ann.token,
            json!({"level": "task", "task_id": 999_999, "valid_from": "2026-01-01"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.body["errors"][0]["field"], "task_id");

    let rate = m
        .board_rate(json!({"level": "board", "valid_from": "2026-01-01", "cost_rate": "50.00"}))
        .await;
    assert_eq!(rate["cost_rate"], "50.00");
    assert_eq!(rate["cost_currency"], Value::Null);
    assert_eq!(rate["board_id"], m.board);
    m.app
        .post(
            &path,
            &m.ann.token,
            json!({"level": "board", "valid_from": "2026-01-01", "cost_rate": "51.00"}),
        )
        .await
        .expect_problem(409, "rate_exists");

    // Priced with it: kept as the entry's record.
    m.log(&m.bob, m.design, "1.00", "2026-02-10", true).await;
    m.app
        .delete(&format!("{path}/{}", rate["id"]), &m.ann.token)
        .await
        .expect_problem(409, "rate_in_use");
    let unused = m
        .board_rate(json!({"level": "board", "valid_from": "2026-06-01", "cost_rate": "52.00"}))
        .await;
    m.app
        .delete(&format!("{path}/{}", unused["id"]), &m.ann.token)
        .await
        .expect(204);
    // Another board's id is not found here.
    m.app
        .delete(
            &format!("/api/v1/organizations/{}/rates/{}", m.org, rate["id"]),
            &m.ann.token,
        )
        .await
        .expect_problem(404, "not_found");
}

#[tokio::test]
async fn the_single_rates_kept_before_become_the_first_of_their_history() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", None).await;
    let design = app.task(&ann, board, "Design").await;
    let build = app.task(&ann, board, "Build").await;
    app.cost(&ann, board, build, json!({"estimated_cost": "100.00"}))
        .await
        .expect(200);

    // Back to the schema before dated rates, where each rate was one number.
    app.schema_back_before("_rates").await;
    app.sql(&format!(
        "UPDATE app_user SET default_hourly_rate_cents = 4000 WHERE id = {}",
        ann.id
    ))
    .await;
    app.sql(&format!(
        "UPDATE board_member SET hourly_rate_cents = 6550 WHERE board_id = {board} \
         AND user_id = {}",
        bob.id
    ))
    .await;
    app.sql(&format!(
        "UPDATE task_cost SET hourly_rate_cents = 9000 WHERE task_id = {build}"
    ))
    .await;
    app.schema_forward().await;

    // Each applies from the first day: Ann's own 40.00; Bob's 65.50 on the board; 90.00 on
    // Build for everyone.
    let log = |who: &User, task: i64, hours: &'static str| {
        let app = &app;
        let path = format!("/api/v1/boards/{board}/tasks/{task}/time-entries");
        let token = who.token.clone();
        async move {
            app.post(
                &path,
                &token,
                json!({"hours": hours, "work_date": "2026-02-10"}),
            )
            .await
            .expect(201)
            .body["labour_cost"]
                .clone()
        }
    };
    assert_eq!(log(&ann, design, "1.00").await, "40.00");
    assert_eq!(log(&bob, design, "2.00").await, "131.00");
    assert_eq!(log(&bob, build, "1.00").await, "90.00");
    let listed = app
        .get(&format!("/api/v1/boards/{board}/rates"), &ann.token)
        .await
        .expect(200);
    assert_eq!(listed.body["total"], 2);
    for rate in listed.body["items"].as_array().unwrap() {
        assert_eq!(rate["valid_from"], "1970-01-01");
        assert_eq!(rate["created_by"], Value::Null);
        assert_eq!(rate["billable_rate"], Value::Null);
    }
    let me = app.get("/api/v1/me", &ann.token).await.expect(200);
    assert_eq!(me.body["default_hourly_rate"], "40.00");
    // The old columns are empty: nothing reads them any more.
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM task_cost WHERE hourly_rate_cents IS NOT NULL")
            .await,
        0
    );
}

/// The whole money model on one board, every figure worked out by hand: a euro budget, cost
/// and billable rates in euros, pounds and dollars that change mid-project, entries priced at
/// their day's rates, a rate added for past days that changes nothing until a repricing is
/// previewed, applied and reverted, a yen expense, a resource cost, and the same board measured
/// on a cost budget and then on a budget of fees.
#[tokio::test]
async fn a_mixed_currency_board_walked_through_every_figure() {
    let m = Mixed::new().await.with_rates().await;
    let e1 = m.log(&m.bob, m.design, "1.50", "2026-02-10", true).await;
    let e3 = m.log(&m.ann, m.design, "3.00", "2026-03-05", true).await;
    assert_eq!(amounts(&e1), ("105.41", "138.22"));
    assert_eq!(amounts(&e3), ("135.00", "306.90"));
    // 105.41 + 135.00
    assert_eq!(m.spent().await, "240.41");

    // A board cost rate from a past day: it offers repricing, and changes nothing by itself.
    m.board_rate(json!({"level": "board", "valid_from": "2026-02-01", "cost_rate": "55.00"}))
        .await;
    assert_eq!(m.spent().await, "240.41");
    let base = format!("/api/v1/boards/{}/repricings", m.board);
    let preview = m
        .app
        .post(&format!("{base}/preview"), &m.ann.token, json!({}))
        .await
        .expect(200)
        .body;
    // Bob: 1.50 × 55.00 = 82.50 (was 105.41: −22.91); Ann: 3 × 55.00 = 165.00 (was 135.00:
    // +30.00); billing unchanged. Spent +7.09, revenue 0.00, margin −7.09.
    assert_eq!(preview["currency"], "EUR");
    assert_eq!(preview["change"]["entries"], 2);
    assert_eq!(preview["change"]["spent"], "7.09");
    assert_eq!(preview["change"]["revenue"], "0.00");
    assert_eq!(preview["change"]["margin"], "-7.09");
    let by_person = preview["by_person"].as_array().unwrap();
    assert_eq!(by_person[0]["id"], m.ann.id);
    assert_eq!(by_person[0]["change"]["spent"], "30.00");
    assert_eq!(by_person[1]["id"], m.bob.id);
    assert_eq!(by_person[1]["change"]["spent"], "-22.91");
    assert_eq!(preview["by_task"][0]["id"], m.design);
    assert_eq!(preview["by_task"][0]["change"]["margin"], "-7.09");
    let first = &preview["entries"][0];
    assert_eq!(first["entry_id"], e1["id"]);
    assert_eq!(first["old_cost"]["rate"], "60.00");
    assert_eq!(first["old_cost"]["currency"], "GBP");
    assert_eq!(first["old_cost"]["exchange_rate"], "1.1712");
    assert_eq!(first["old_cost"]["amount"], "105.41");
    assert_eq!(first["new_cost"]["rate"], "55.00");
    assert_eq!(first["new_cost"]["currency"], "EUR");
    assert_eq!(first["new_cost"]["exchange_rate"], Value::Null);
    assert_eq!(first["new_cost"]["amount"], "82.50");
    assert_eq!(first["new_billable"]["amount"], "138.22");
    assert_eq!(m.spent().await, "240.41", "a preview changes nothing");

    // Applied to Bob's entries only.
    let applied = m
        .app
        .post(&base, &m.ann.token, json!({"user_id": m.bob.id}))
        .await
        .expect(201);
    let id = applied.body["id"].as_i64().unwrap();
    assert_eq!(
        applied.header("location").as_deref(),
        Some(format!("{base}/{id}").as_str())
    );
    assert_eq!(applied.body["status"], "applied");
    assert_eq!(applied.body["change"]["spent"], "-22.91");
    assert_eq!(applied.body["entries"].as_array().unwrap().len(), 1);
    // The event, with the change it made, reaches the board's people (Bob too).
    let feed = m
        .app
        .get("/api/v1/me/notifications", &m.bob.token)
        .await
        .expect(200)
        .body;
    let event = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["event_type"] == "repricing.applied")
        .expect("a repricing.applied notification")
        .clone();
    assert_eq!(event["board_id"], m.board);
    assert_eq!(
        event["message"],
        "1 entry priced again at today's rates: spent changed by -22.91 EUR"
    );
    // 82.50 + 135.00
    assert_eq!(m.spent().await, "217.50");
    let repriced = m
        .entries(&m.ann)
        .await
        .into_iter()
        .find(|e| e["id"] == e1["id"])
        .unwrap();
    assert_eq!(amounts(&repriced), ("82.50", "138.22"));
    assert_eq!(repriced["hourly_rate"], "55.00");
    assert_eq!(repriced["rate_currency"], "EUR");
    let listed = m.app.get(&base, &m.ann.token).await.expect(200).body;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["change"]["spent"], "-22.91");
    assert_eq!(listed["items"][0]["entries"], json!([]));
    let read = m
        .app
        .get(&format!("{base}/{id}"), &m.ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(read["entries"][0]["old_cost"]["amount"], "105.41");

    // Reverted: exactly the price it replaced, rates and exchange rate included.
    let reverted = m
        .app
        .post(&format!("{base}/{id}/revert"), &m.ann.token, json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(reverted["status"], "reverted");
    assert_eq!(reverted["reverted_by"], m.ann.id);
    assert_eq!(m.spent().await, "240.41");
    let restored = m
        .entries(&m.ann)
        .await
        .into_iter()
        .find(|e| e["id"] == e1["id"])
        .unwrap();
    assert_eq!(amounts(&restored), ("105.41", "138.22"));
    assert_eq!(restored["hourly_rate"], "60.00");
    assert_eq!(restored["rate_currency"], "GBP");
    assert_eq!(restored["cost_exchange_rate"], "1.1712");
    assert_eq!(restored["cost_rate_id"], e1["cost_rate_id"]);
    m.app
        .post(&format!("{base}/{id}/revert"), &m.ann.token, json!({}))
        .await
        .expect_problem(409, "repricing_reverted");

    // An entry changed since a repricing: its earlier price no longer follows; nothing reverts.
    let again = m
        .app
        .post(&base, &m.ann.token, json!({}))
        .await
        .expect(201)
        .body;
    assert_eq!(again["change"]["entries"], 2);
    assert_eq!(m.spent().await, "247.50");
    m.app
        .patch(
            &format!("/api/v1/time-entries/{}", e1["id"]),
            &m.bob.token,
            json!({"description": "reviewed"}),
        )
        .await
        .expect(200);
    let refused = m
        .app
        .post(
            &format!("{base}/{}/revert", again["id"]),
            &m.ann.token,
            json!({}),
        )
        .await
        .expect_problem(409, "entries_changed");
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains(&format!("time entries {} changed", e1["id"])));
    assert_eq!(m.spent().await, "247.50");

    // A yen expense joins the euro board at the rate of its day: 12345 × 0.00617 = 76.16865 →
    // 76.17; billed with a 15 % markup, 76.16865 × 1.15 = 87.5939475 → 87.59.
    m.app
        .post(
            &format!("/api/v1/organizations/{}/exchange-rates", m.org),
            &m.ann.token,
            json!({"from_currency": "JPY", "to_currency": "EUR", "rate": "0.00617",
                   "valid_from": "2026-01-01"}),
        )
        .await
        .expect(201);
    let expense = m
        .app
        .expense(
            &m.bob,
            m.board,
            m.design,
            json!({"category": "travel", "amount": "12345", "currency": "JPY",
                   "incurred_on": "2026-03-10", "markup_percent": "15"}),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(expense["cost"], "76.17");
    assert_eq!(expense["billable_amount"], "87.59");
    // Spent 247.50 + 76.17 = 323.67; revenue 138.22 + 306.90 + 87.59 = 532.71; profit 209.04;
    // margin 209.04 / 532.71 × 100 = 39.240… → 39.24.
    let metrics = m.app.metrics(&m.ann, m.board).await;
    assert_eq!(metrics["spent"], "323.67");
    assert_eq!(metrics["profitability"]["revenue"], "532.71");
    assert_eq!(metrics["profitability"]["profit"], "209.04");
    assert_eq!(metrics["profitability"]["margin_percent"], "39.24");
    // Repricing prices time, never expenses.
    let after = m
        .app
        .post(&format!("{base}/preview"), &m.ann.token, json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(after["change"]["entries"], 0);

    // Only admins reprice.
    m.app
        .post(&format!("{base}/preview"), &m.bob.token, json!({}))
        .await
        .expect_problem(403, "insufficient_role");
    m.app
        .post(
            &format!("{base}/preview"),
            &m.ann.token,
            json!({"from": "2026-03-01", "to": "2026-02-01"}),
        )
        .await
        .expect_problem(422, "validation_failed");

    // Design is estimated at 1,000.00 and 40 % done, with a 40.00 resource cost on 12 March.
    m.app
        .cost(
            &m.ann,
            m.board,
            m.design,
            json!({"estimated_cost": "1000.00", "estimated_hours": "10",
                   "resource_cost": "40.00", "incurred_on": "2026-03-12"}),
        )
        .await
        .expect(200);
    m.app
        .put(
            &format!("/api/v1/boards/{}/tasks/{}", m.board, m.design),
            &m.ann.token,
            json!({"title": "Design", "status": "in_progress", "progress": 40}),
        )
        .await
        .expect(200);
    // In the burn window (the 30 days to 25 November), at the board's cost rate of 55.00 EUR
    // (more specific than a person's or the organisation's): Dan, 2.00 h on Build on
    // 20 November, costs 110.00 and is billed Build's 150.00 EUR (300.00); Bob, 1.00 h not
    // billable on 21 November, costs 55.00 and is billed nothing.
    let dan = m.log(&m.dan, m.build, "2.00", "2026-11-20", true).await;
    assert_eq!(amounts(&dan), ("110.00", "300.00"));
    let bob = m.log(&m.bob, m.build, "1.00", "2026-11-21", false).await;
    assert_eq!(amounts(&bob), ("55.00", "0.00"));

    // On the cost budget: labour 82.50 + 165.00 + 110.00 + 55.00 = 412.50, expenses 76.17,
    // resources 40.00: spent 528.67 of 10,000.00 = 5.2867 % → 5.29. The window cost 165.00.
    let cost = m.app.metrics(&m.ann, m.board).await;
    assert_eq!(cost["basis"], "cost");
    assert_eq!(cost["spent"], "528.67");
    assert_eq!(cost["utilisation_percent"], "5.29");
    assert_eq!(cost["burn_rate"]["window_cost"], "165.00");
    assert_eq!(cost["cost_split"]["labour"], "412.50");
    assert_eq!(cost["cost_split"]["direct"], "76.17");
    assert_eq!(cost["cost_split"]["resource"], "40.00");

    // The same board on a budget of fees: spent is what was billed, 532.71 + 300.00 = 832.71
    // (Bob's unbilled hour and the resource cost spend none of it); remaining 9,167.29;
    // 8.3271 % → 8.33, ok. The window billed 300.00: 10.00 a day, 70.00 a week, 9,167.29 /
    // 10.00 = 916.729 days → 916.73, exhausted 916 days after 25 November 2026: 29 May 2029.
    // Revenue, cost and profit do not depend on the basis: 832.71 − 528.67 = 304.04, margin
    // 304.04 / 832.71 × 100 = 36.512… → 36.51.
    let mut budget = m
        .app
        .get(&format!("/api/v1/boards/{}/budget", m.board), &m.ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(budget["basis"], "cost");
    budget["basis"] = json!("billable");
    let budget = m.app.budget(&m.ann, m.board, budget).await.expect(200).body;
    assert_eq!(budget["basis"], "billable");
    let fees = m.app.metrics(&m.ann, m.board).await;
    assert_eq!(fees["basis"], "billable");
    assert_eq!(fees["spent"], "832.71");
    assert_eq!(fees["remaining"], "9167.29");
    assert_eq!(fees["utilisation_percent"], "8.33");
    assert_eq!(fees["status"], "ok");
    assert_eq!(fees["burn_rate"]["window_cost"], "300.00");
    assert_eq!(fees["burn_rate"]["daily"], "10.00");
    assert_eq!(fees["burn_rate"]["weekly"], "70.00");
    assert_eq!(fees["burn_rate"]["days_until_exhausted"], "916.73");
    assert_eq!(fees["burn_rate"]["exhaustion_date"], "2029-05-29");
    assert_eq!(fees["cost_split"], cost["cost_split"]);
    assert_eq!(fees["profitability"]["revenue"], "832.71");
    assert_eq!(fees["profitability"]["cost"], "528.67");
    assert_eq!(fees["profitability"]["profit"], "304.04");
    assert_eq!(fees["profitability"]["margin_percent"], "36.51");

    // Analytics for March on fees: before March, Bob's 10 February hours billed 138.22; then
    // 306.90 on 5 March and the expense's 87.59 on 10 March; the resource cost of 12 March is
    // not billed. Earned value is the budget's share of the work done: 10,000.00 × 400.00 /
    // 1,000.00 = 4,000.00 against 832.71 billed, CPI 4,000 / 832.71 = 4.80359… → 4.8036.
    let analytics = m
        .app
        .get(
            &format!(
                "/api/v1/boards/{}/budget/analytics?from=2026-03-01&to=2026-03-31",
                m.board
            ),
            &m.ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(analytics["basis"], "billable");
    assert_eq!(analytics["opening_cost"], "138.22");
    let day = |date: &str| {
        analytics["trend"]
            .as_array()
            .unwrap()
            .iter()
            .find(|point| point["date"] == date)
            .unwrap()
            .clone()
    };
    assert_eq!(day("2026-03-05")["cost"], "306.90");
    assert_eq!(day("2026-03-10")["cost"], "87.59");
    assert_eq!(day("2026-03-12")["cost"], "0.00");
    assert_eq!(day("2026-03-31")["cumulative"], "532.71");
    assert_eq!(analytics["earned_value"]["ev"], "4000.00");
    assert_eq!(analytics["earned_value"]["ac"], "832.71");
    assert_eq!(analytics["earned_value"]["cpi"], "4.8036");

    // The forecast on fees: AC 832.71; EV 4,000.00 of a planned 10,000.00 (40 %); the history
    // (the 180 days to 25 November) billed 300.00: 1.666… a day → 1.67.
    let forecast = m
        .app
        .get(
            &format!("/api/v1/boards/{}/budget/forecast", m.board),
            &m.ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(forecast["basis"], "billable");
    assert_eq!(forecast["inputs"]["ac"], "832.71");
    assert_eq!(forecast["inputs"]["ev"], "4000.00");
    assert_eq!(forecast["inputs"]["planned_cost"], "10000.00");
    assert_eq!(forecast["inputs"]["percent_complete"], "40.00");
    assert_eq!(forecast["inputs"]["mean_daily_cost"], "1.67");

    // Back on cost, March's trend counts the resource cost and opens at Bob's cost of February
    // (82.50 after the repricing); earned value is the estimate's 400.00 against 528.67.
    let mut budget = budget;
    budget["basis"] = json!("cost");
    m.app.budget(&m.ann, m.board, budget).await.expect(200);
    let analytics = m
        .app
        .get(
            &format!(
                "/api/v1/boards/{}/budget/analytics?from=2026-03-01&to=2026-03-31",
                m.board
            ),
            &m.ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(analytics["basis"], "cost");
    assert_eq!(analytics["opening_cost"], "82.50");
    let resource_day = analytics["trend"]
        .as_array()
        .unwrap()
        .iter()
        .find(|point| point["date"] == "2026-03-12")
        .unwrap()
        .clone();
    assert_eq!(resource_day["cost"], "40.00");
    assert_eq!(analytics["earned_value"]["ev"], "400.00");
    assert_eq!(analytics["earned_value"]["ac"], "528.67");
    assert_eq!(m.app.metrics(&m.ann, m.board).await["spent"], "528.67");
}
