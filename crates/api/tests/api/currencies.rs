//! Amounts in the budget's currency: a currency without a minor unit (the yen) takes and shows
//! whole amounts everywhere, rounded once half-to-even; a currency with cents keeps them.

use regex::Regex;
use serde_json::{json, Value};

use crate::support::*;

/// Every key under which an answer carries an amount of money.
const MONEY_KEYS: &[&str] = &[
    "allocated_budget",
    "spent",
    "remaining",
    "labour",
    "direct",
    "resource",
    "window_cost",
    "daily",
    "weekly",
    "opening_cost",
    "cost",
    "cumulative",
    "estimated",
    "total",
    "variance",
    "bac",
    "pv",
    "ev",
    "ac",
    "cv",
    "sv",
    "eac",
    "etc",
    "vac",
    "projected_cost_at_completion",
    "low",
    "high",
    "projected_overrun",
    "mean_daily_cost",
    "projected_daily_cost",
    "planned_cost",
    "eac_ev",
    "expected_value",
    "realized_value",
    "total_cost",
    "cost_per_completed_task",
    "estimated_savings",
    "realized_savings",
    "expected_savings",
    "impact",
    "estimated_cost",
    "actual_cost",
    "resource_cost",
    "labour_cost",
    "total_actual_cost",
    "daily_burn",
    "hourly_rate",
];

/// Every money figure of `value` (by key, at any depth) is a whole number of yen; returns how
/// many were checked.
fn assert_whole_yen(value: &Value, path: &str) -> usize {
    let whole = Regex::new(r"^-?(0|[1-9][0-9]*)$").unwrap();
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, inner)| {
                let here = format!("{path}.{key}");
                match inner {
                    Value::String(text) if MONEY_KEYS.contains(&key.as_str()) => {
                        if key == "hourly_rate" && text.contains('.') {
                            // A person's own rate, shown as it is (checked where it occurs).
                            return 0;
                        }
                        assert!(whole.is_match(text), "{here} = {text:?} is not whole yen");
                        1
                    }
                    _ => assert_whole_yen(inner, &here),
                }
            })
            .sum(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, inner)| assert_whole_yen(inner, &format!("{path}[{i}]")))
            .sum(),
        _ => 0,
    }
}

/// No amount written in a sentence carries cents: "12,346 JPY", never "12,345.60 JPY".
fn assert_prose_in_whole_yen(text: &str) {
    let with_cents = Regex::new(r"[0-9]\.[0-9]{2} JPY").unwrap();
    assert!(!with_cents.is_match(text), "cents in: {text}");
}

struct CurrencyBoard {
    app: TestApp,
    ann: User,
    bob: User,
    board: i64,
    task: i64,
}

/// Ann's board `name` with a budget of `allocated` in `currency`; Bob is an editor at `rate` an
/// hour, and the board has one task.
async fn board_in(name: &str, allocated: &str, currency: &str, rate: &str) -> CurrencyBoard {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let board = app.board(&ann, name).await;
    let budget = app
        .budget(
            &ann,
            board,
            json!({"allocated_budget": allocated, "currency": currency}),
        )
        .await
        .expect(201);
    assert_eq!(budget.body["allocated_budget"], allocated);
    assert_eq!(budget.body["currency"], currency);
    app.member(&ann, board, &bob, "editor", Some(rate)).await;
    let task = app.task(&ann, board, "Design").await;
    CurrencyBoard {
        app,
        ann,
        bob,
        board,
        task,
    }
}

/// Sets the board's budget to 1,000 in `currency`.
async fn budget_of_1000(app: &TestApp, user: &User, board: i64, currency: &str) -> Response {
    app.budget(
        user,
        board,
        json!({"allocated_budget": "1000", "currency": currency}),
    )
    .await
}

/// Ann's board with a budget of 100,000 yen; Bob is an editor at 1,111 yen an hour.
async fn yen_board() -> CurrencyBoard {
    board_in("Tokyo launch", "100000", "JPY", "1111").await
}

#[tokio::test]
async fn labour_on_a_yen_board_is_rounded_once_half_to_even_to_the_whole_yen() {
    let CurrencyBoard {
        app,
        ann,
        bob,
        board,
        task,
    } = yen_board().await;
    // 1.5 h × 1111 = 1666.5 → 1666 (half to even)
    let first = app
        .log(&bob, board, task, "1.50", "2026-11-24")
        .await
        .expect(201);
    assert_eq!(first.body["hourly_rate"], "1111");
    assert_eq!(first.body["labour_cost"], "1666");
    // 2.5 h × 1111 = 2777.5 → 2778 (half to even)
    let second = app
        .log(&bob, board, task, "2.50", "2026-11-25")
        .await
        .expect(201);
    assert_eq!(second.body["labour_cost"], "2778");
    assert_eq!(
        app.sql_number(&format!(
            "SELECT CAST(SUM(labour_cost_cents) AS BIGINT) FROM time_entry WHERE board_id = {board}"
        ))
        .await,
        444_400
    );
    // Editing the hours re-rounds from the exact cost: 0.5 h × 1111 = 555.5 → 556.
    let edited = app
        .patch(
            &format!("/api/v1/time-entries/{}", first.body["id"]),
            &bob.token,
            json!({"hours": "0.50"}),
        )
        .await
        .expect(200);
    assert_eq!(edited.body["labour_cost"], "556");
    app.patch(
        &format!("/api/v1/time-entries/{}", first.body["id"]),
        &bob.token,
        json!({"hours": "1.50"}),
    )
    .await
    .expect(200);

    // A person's own default rate belongs to no board: shown as it is, the cost in whole yen.
    let carl = app.user("carl", Some("33.33")).await;
    app.member(&ann, board, &carl, "editor", None).await;
    let other = app.task(&ann, board, "Copy").await;
    let entry = app
        .log(&carl, board, other, "1.00", "2026-11-25")
        .await
        .expect(201);
    assert_eq!(entry.body["hourly_rate"], "33.33");
    assert_eq!(entry.body["labour_cost"], "33");

    let entries = app
        .get(&format!("/api/v1/boards/{board}/time-entries"), &ann.token)
        .await
        .expect(200);
    let costs: Vec<&str> = entries.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["labour_cost"].as_str().unwrap())
        .collect();
    // Newest work date first, then newest entry.
    assert_eq!(costs, ["33", "2778", "1666"]);

    let csv = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries.csv"),
            &ann.token,
        )
        .await
        .expect(200);
    let lines: Vec<&str> = csv.text.split("\r\n").collect();
    assert!(lines[1].contains(",1.00,33.33,33,"), "{}", lines[1]);
    assert!(lines[2].contains(",2.50,1111,2778,"), "{}", lines[2]);
    assert!(lines[3].contains(",1.50,1111,1666,"), "{}", lines[3]);
}

#[tokio::test]
async fn every_figure_of_a_yen_board_is_whole_yen_and_adds_up() {
    let CurrencyBoard {
        app,
        ann,
        bob,
        board,
        task,
    } = yen_board().await;
    app.log(&bob, board, task, "1.50", "2026-11-24")
        .await
        .expect(201);
    app.log(&bob, board, task, "2.50", "2026-11-25")
        .await
        .expect(201);
    let direct = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "parts", "amount": "300"}),
        )
        .await
        .expect(201);
    assert_eq!(direct.body["amount"], "300");
    assert_eq!(direct.body["cost"], "300");
    let cost = app
        .cost(
            &ann,
            board,
            task,
            json!({"estimated_cost": "5000", "resource_cost": "0"}),
        )
        .await
        .expect(200);
    assert_eq!(cost.body["estimated_cost"], "5000");
    assert_eq!(cost.body["actual_cost"], "300");
    assert_eq!(cost.body["resource_cost"], "0");
    assert_eq!(cost.body["labour_cost"], "4444");
    assert_eq!(cost.body["total_actual_cost"], "4744");
    assert_eq!(cost.body["variance"], "-256");
    assert_eq!(cost.body["hourly_rate"], Value::Null);
    let second = app.task(&ann, board, "Build").await;
    app.cost(
        &ann,
        board,
        second,
        json!({"estimated_cost": "1000", "hourly_rate": "1500"}),
    )
    .await
    .expect(200);
    app.expense(
        &ann,
        board,
        second,
        json!({"category": "parts", "amount": "1001"}),
    )
    .await
    .expect(201);
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{task}"),
        &ann.token,
        json!({"title": "Design", "status": "done", "progress": 100}),
    )
    .await
    .expect(200);
    // Stored: 1666 + 2778 labour, 300 + 1001 direct: 5745 yen.
    let stored = app
        .sql_number(&format!(
            "SELECT CAST((SELECT SUM(labour_cost_cents) FROM time_entry WHERE board_id = {board}) \
               + (SELECT SUM(cost_cents) FROM expense WHERE board_id = {board}) \
               + (SELECT SUM(c.resource_cost_cents) FROM task_cost c \
                  JOIN task t ON t.id = c.task_id WHERE t.board_id = {board}) AS BIGINT)"
        ))
        .await;
    assert_eq!(stored, 574_500);

    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["currency"], "JPY");
    assert_eq!(metrics["allocated_budget"], "100000");
    assert_eq!(metrics["spent"], "5745");
    assert_eq!(metrics["remaining"], "94255");
    assert_eq!(metrics["cost_split"]["labour"], "4444");
    assert_eq!(metrics["cost_split"]["direct"], "1301");
    assert_eq!(metrics["cost_split"]["resource"], "0");
    // 5745 over 30 days = 191.5 a day → 192 (half to even), 1340.5 a week → 1340.
    assert_eq!(metrics["burn_rate"]["window_cost"], "5745");
    assert_eq!(metrics["burn_rate"]["daily"], "192");
    assert_eq!(metrics["burn_rate"]["weekly"], "1340");
    // 5.745 % → 5.74 (half to even)
    assert_eq!(metrics["utilisation_percent"], "5.74");
    assert!(assert_whole_yen(&metrics, "metrics") >= 9);

    let analytics = app.analytics(&ann, board).await;
    assert_eq!(analytics["earned_value"]["ac"], "5745");
    assert_eq!(analytics["earned_value"]["bac"], "100000");
    // EV = 5000 × 100 % + 1000 × 0 % = 5000.
    assert_eq!(analytics["earned_value"]["ev"], "5000");
    assert_eq!(analytics["earned_value"]["cv"], "-745");
    assert_eq!(analytics["breakdown"]["split"]["labour"], "4444");
    let tasks = app
        .get(
            &format!("/api/v1/boards/{board}/budget/analytics/tasks?sort=id"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(tasks["items"][0]["total"], "4744");
    assert_eq!(tasks["items"][0]["variance"], "-256");
    assert_eq!(tasks["items"][1]["variance"], "1");
    assert!(assert_whole_yen(&tasks, "task breakdown") >= 10);
    let trend = analytics["trend"].as_array().unwrap();
    assert_eq!(trend.last().unwrap()["cumulative"], "5745");
    assert!(assert_whole_yen(&analytics, "analytics") >= 30);
    let csv = app
        .get(
            &format!("/api/v1/boards/{board}/budget/analytics/tasks.csv"),
            &ann.token,
        )
        .await
        .expect(200);
    let row = csv.text.split("\r\n").nth(1).unwrap().to_owned();
    assert_eq!(
        row,
        format!("{task},Design,done,,100,5000,4444,300,0,4744,-256,-5.12,4.00,false")
    );

    let forecast = app
        .get(
            &format!("/api/v1/boards/{board}/budget/forecast"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(forecast["currency"], "JPY");
    assert_eq!(forecast["inputs"]["ac"], "5745");
    assert_eq!(forecast["inputs"]["bac"], "100000");
    assert_eq!(forecast["inputs"]["planned_cost"], "6000");
    assert!(assert_whole_yen(&forecast, "forecast") >= 10);

    // ROI: whole-yen values only, and figures in whole yen, prose included.
    let fractional = app
        .post(
            &format!("/api/v1/boards/{board}/roi/snapshots"),
            &ann.token,
            json!({"expected_value": "200000.50"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(fractional.body["errors"][0]["field"], "expected_value");
    assert_eq!(fractional.body["errors"][0]["code"], "too_precise");
    assert_eq!(
        fractional.body["errors"][0]["message"],
        "JPY amounts are whole yen"
    );
    let first = app
        .post(
            &format!("/api/v1/boards/{board}/roi/snapshots"),
            &ann.token,
            json!({"expected_value": "200000", "realized_value": "12345"}),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(first["expected_value"], "200000");
    assert_eq!(first["realized_value"], "12345");
    assert_eq!(first["total_cost"], "5745");
    assert_eq!(first["cost_per_completed_task"], "5745");
    let insights = first["insights"].as_array().unwrap();
    assert!(
        insights
            .iter()
            .any(|i| i.as_str().unwrap().contains("against cost 5,745.")),
        "{insights:?}"
    );
    assert!(
        !first["insights"].to_string().contains("5,745.00"),
        "{insights:?}"
    );
    let third = app.task(&ann, board, "Ship").await;
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{third}"),
        &ann.token,
        json!({"title": "Ship", "status": "done", "progress": 100}),
    )
    .await
    .expect(200);
    let third_done = app
        .put(
            &format!("/api/v1/boards/{board}/tasks/{second}"),
            &ann.token,
            json!({"title": "Build", "status": "done", "progress": 100}),
        )
        .await
        .expect(200);
    assert_eq!(third_done.body["status"], "done");
    let later = app
        .post(
            &format!("/api/v1/boards/{board}/roi/snapshots"),
            &ann.token,
            json!({"expected_value": "200001", "realized_value": "12345"}),
        )
        .await
        .expect(201)
        .body;
    // 5745 over three completed tasks = 1915 a task.
    assert_eq!(later["cost_per_completed_task"], "1915");
    let roi = app
        .get(&format!("/api/v1/boards/{board}/roi"), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(roi["total_cost"], "5745");
    assert!(assert_whole_yen(&roi, "roi") >= 6);
    let compared = app
        .get(
            &format!(
                "/api/v1/boards/{board}/roi/snapshots/compare?from={}&to={}",
                first["id"], later["id"]
            ),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    let changes = &compared["changes"];
    assert_eq!(changes["expected_value"]["from"], "200000");
    assert_eq!(changes["expected_value"]["to"], "200001");
    assert_eq!(changes["expected_value"]["change"], "1");
    assert_eq!(changes["total_cost"]["change"], "0");
    // 5745 → 1915 a task: −3830.
    assert_eq!(changes["cost_per_completed_task"]["from"], "5745");
    assert_eq!(changes["cost_per_completed_task"]["change"], "-3830");
    assert!(assert_whole_yen(&compared["from"], "compare.from") >= 4);

    // The optimiser's figures and sentences are in whole yen too.
    for route in [
        "budget/ai/analyze",
        "budget/ai/predict",
        "budget/ai/recommendations",
        "budget/ai/optimize-resources",
        "budget/ai/learn-patterns",
    ] {
        let answer = app
            .post(
                &format!("/api/v1/boards/{board}/{route}"),
                &ann.token,
                json!({}),
            )
            .await
            .expect(200);
        assert_whole_yen(&answer.body, route);
        assert_prose_in_whole_yen(&answer.text);
    }
    let recommendations = app
        .get(
            &format!("/api/v1/boards/{board}/recommendations"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_whole_yen(&recommendations.body, "recommendations");
    assert_prose_in_whole_yen(&recommendations.text);
}

#[tokio::test]
async fn fractional_yen_is_refused_on_every_money_field_of_the_board() {
    let CurrencyBoard {
        app,
        ann,
        bob,
        board,
        task,
    } = yen_board().await;
    let budget = app
        .budget(
            &ann,
            board,
            json!({"allocated_budget": "100000.5", "currency": "JPY"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        budget.field_errors(),
        [("allocated_budget".to_owned(), "too_precise".to_owned())]
    );
    assert_eq!(
        budget.body["errors"][0]["message"],
        "JPY amounts are whole yen"
    );

    let cost = app
        .cost(
            &ann,
            board,
            task,
            json!({
                "estimated_cost": "1000.50",
                "hourly_rate": "1111.1",
                "resource_cost": "2.5",
            }),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        cost.field_errors(),
        [
            ("estimated_cost".to_owned(), "too_precise".to_owned()),
            ("hourly_rate".to_owned(), "too_precise".to_owned()),
            ("resource_cost".to_owned(), "too_precise".to_owned()),
        ]
    );
    for error in cost.body["errors"].as_array().unwrap() {
        assert_eq!(error["message"], "JPY amounts are whole yen");
    }
    let expense = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "parts", "amount": "0.01"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(expense.field_errors(), pairs(&[("amount", "too_precise")]));
    assert_eq!(
        expense.body["errors"][0]["message"],
        "JPY amounts are whole yen"
    );
    // Trailing zeros are no precision.
    let whole = app
        .cost(&ann, board, task, json!({"estimated_cost": "1000.00"}))
        .await
        .expect(200);
    assert_eq!(whole.body["estimated_cost"], "1000");

    let carl = app.user("carl", None).await;
    let member = app
        .post(
            &format!("/api/v1/boards/{board}/members"),
            &ann.token,
            json!({"email": carl.email, "role": "editor", "hourly_rate": "999.99"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        member.field_errors(),
        [("hourly_rate".to_owned(), "too_precise".to_owned())]
    );
    let update = app
        .put(
            &format!("/api/v1/boards/{board}/members/{}", bob.id),
            &ann.token,
            json!({"role": "editor", "hourly_rate": "1111.50"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        update.field_errors(),
        [("hourly_rate".to_owned(), "too_precise".to_owned())]
    );
    let members = app
        .get(&format!("/api/v1/boards/{board}/members"), &ann.token)
        .await
        .expect(200);
    let bob_row = members.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == bob.id)
        .unwrap()
        .clone();
    assert_eq!(bob_row["hourly_rate"], "1111");

    // Nothing was written by a refused request.
    assert_eq!(
        app.sql_number(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM board_member WHERE board_id = {board}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn a_budget_cannot_turn_to_yen_while_the_board_holds_cents() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", Some("10.50")).await;
    let task = app.task(&ann, board, "Design").await;
    // No budget: the board's amounts are in the default currency, with cents.
    let entry = app
        .log(&bob, board, task, "1.00", "2026-11-25")
        .await
        .expect(201);
    assert_eq!(entry.body["labour_cost"], "10.50");
    app.cost(&ann, board, task, json!({"estimated_cost": "99.99"}))
        .await
        .expect(200);

    let refused = budget_of_1000(&app, &ann, board, "JPY")
        .await
        .expect_problem(409, "amounts_finer_than_currency");
    assert_eq!(
        refused.body["detail"],
        "JPY amounts are whole yen, and this board holds amounts that are not: 1 task cost, \
         1 time entry's amounts; make them whole yen before changing the currency"
    );
    app.get(&format!("/api/v1/boards/{board}/budget"), &ann.token)
        .await
        .expect_problem(404, "not_found");

    // A currency with cents takes them; turning it to yen later is refused alike, and the
    // budget stays as it was.
    budget_of_1000(&app, &ann, board, "EUR").await.expect(201);
    budget_of_1000(&app, &ann, board, "KRW")
        .await
        .expect_problem(409, "amounts_finer_than_currency");
    let kept = app
        .get(&format!("/api/v1/boards/{board}/budget"), &ann.token)
        .await
        .expect(200);
    assert_eq!(kept.body["currency"], "EUR");
    assert_eq!(kept.body["allocated_budget"], "1000.00");

    // Once every amount is whole, the change goes through and the figures follow.
    app.delete(
        &format!("/api/v1/time-entries/{}", entry.body["id"]),
        &bob.token,
    )
    .await
    .expect(204);
    app.put(
        &format!("/api/v1/boards/{board}/members/{}", bob.id),
        &ann.token,
        json!({"role": "editor", "hourly_rate": "11.00"}),
    )
    .await
    .expect(200);
    app.cost(&ann, board, task, json!({"estimated_cost": "100"}))
        .await
        .expect(200);
    let yen = budget_of_1000(&app, &ann, board, "JPY").await.expect(200);
    assert_eq!(yen.body["allocated_budget"], "1000");
    assert_eq!(yen.body["currency"], "JPY");
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["allocated_budget"], "1000");
    assert_eq!(metrics["spent"], "0");
}

#[tokio::test]
async fn a_euro_board_keeps_its_cents() {
    let CurrencyBoard {
        app,
        ann,
        bob,
        board,
        task,
    } = board_in("Paris launch", "1000.50", "EUR", "33.30").await;
    // 2.5 h × 33.30 = 83.25
    let entry = app
        .log(&bob, board, task, "2.50", "2026-11-25")
        .await
        .expect(201);
    assert_eq!(entry.body["labour_cost"], "83.25");
    assert_eq!(entry.body["hourly_rate"], "33.30");
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "83.25");
    assert_eq!(metrics["remaining"], "917.25");
    assert_eq!(metrics["allocated_budget"], "1000.50");
    // 83.25 / 30 = 2.775 → 2.78 (half to even)
    assert_eq!(metrics["burn_rate"]["daily"], "2.78");
}

/// A change of the budget's currency to the yen racing writes of amounts with cents: whatever
/// order they land in, the board never ends up in yen with an amount that has cents. A write
/// checked in the old currency is refused (409 `currency_changed`) or lands before the change,
/// which then sees it and is refused.
#[tokio::test]
async fn a_currency_change_racing_writes_with_cents_never_leaves_cents_on_a_yen_board() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    for round in 0..4 {
        let board = app.board(&ann, &format!("Launch {round}")).await;
        app.member(&ann, board, &bob, "editor", Some("11.00")).await;
        let task = app.task(&ann, board, "Design").await;
        budget_of_1000(&app, &ann, board, "EUR").await.expect(201);
        let budget_url = format!("{}/api/v1/boards/{board}/budget", app.base);
        let entries_url = format!(
            "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
            app.base
        );
        let cost_url = format!("{}/api/v1/boards/{board}/tasks/{task}/cost", app.base);
        // Half an hour at 11.00 is 5.50 in euros and 6 in yen; 99.99 has cents in any case.
        let mut requests = Vec::new();
        for _ in 0..4 {
            requests.push(
                app.client
                    .post(&entries_url)
                    .bearer_auth(&bob.token)
                    .json(&json!({"hours": "0.50", "work_date": "2026-11-25"}))
                    .send(),
            );
        }
        requests.push(
            app.client
                .put(&cost_url)
                .bearer_auth(&ann.token)
                .json(&json!({"estimated_cost": "99.99"}))
                .send(),
        );
        requests.push(
            app.client
                .put(&budget_url)
                .bearer_auth(&ann.token)
                .json(&json!({"allocated_budget": "1000", "currency": "JPY"}))
                .send(),
        );
        let mut statuses = Vec::new();
        for answer in futures_util::future::join_all(requests).await {
            let answer = answer.unwrap();
            let status = answer.status().as_u16();
            let body: Value = answer.json().await.unwrap();
            statuses.push((status, body["code"].as_str().unwrap_or("").to_owned()));
        }
        let (entries, rest) = statuses.split_at(4);
        let (cost, budget) = (&rest[0], &rest[1]);
        assert!(
            entries.iter().all(|(status, _)| *status == 201),
            "{statuses:?}"
        );
        assert!(
            matches!(
                (cost.0, cost.1.as_str()),
                (200, "") | (422, "validation_failed") | (409, "currency_changed")
            ),
            "{statuses:?}"
        );
        assert!(
            matches!(
                (budget.0, budget.1.as_str()),
                (200, "") | (409, "amounts_finer_than_currency")
            ),
            "{statuses:?}"
        );
        let currency = app
            .get(&format!("/api/v1/boards/{board}/budget"), &ann.token)
            .await
            .expect(200)
            .body["currency"]
            .clone();
        if currency == "JPY" {
            // Every stored amount is whole yen: leaving the yen and coming back is allowed.
            for code in ["EUR", "JPY"] {
                budget_of_1000(&app, &ann, board, code).await.expect(200);
            }
        } else {
            assert_eq!(currency, "EUR");
        }
    }
}
