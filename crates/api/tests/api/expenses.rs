//! Expenses: dated line items in their own currency, each converted once into the board's
//! budget currency at the rate in force on its day and kept so; who may record, change and
//! delete them; and where they count (the task's direct cost, the burn window, the daily series).

use serde_json::{json, Value};

use crate::support::*;

/// An organisation whose admin is Ann, with a EUR board of hers and a task on it, and the
/// organisation's JPY→EUR rates: 0.0060 from 2026-10-01, 0.00617 from 2026-11-01.
struct EuroBoard {
    app: TestApp,
    ann: User,
    org: i64,
    board: i64,
    task: i64,
}

async fn euro_board() -> EuroBoard {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let org = app.organization(&ann, "Acme").await;
    let board = app
        .euro_board(&ann, org, "Tokyo launch", "2026-09-01", "10000.00")
        .await;
    let task = app.task(&ann, board, "Venue").await;
    for (rate, from) in [("0.006", "2026-10-01"), ("0.00617", "2026-11-01")] {
        add_rate(&app, &ann, org, "JPY", "EUR", rate, from).await;
    }
    EuroBoard {
        app,
        ann,
        org,
        board,
        task,
    }
}

async fn add_rate(
    app: &TestApp,
    admin: &User,
    org: i64,
    from: &str,
    to: &str,
    rate: &str,
    day: &str,
) {
    app.post(
        &format!("/api/v1/organizations/{org}/exchange-rates"),
        &admin.token,
        json!({"from_currency": from, "to_currency": to, "rate": rate, "valid_from": day}),
    )
    .await
    .expect(201);
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    if_match: &str,
    body: Option<Value>,
) -> Response {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("If-Match", if_match);
    if let Some(body) = body {
        request = request.json(&body);
    }
    TestApp::read(request.send().await.unwrap()).await
}

#[tokio::test]
async fn a_yen_expense_is_converted_once_at_the_rate_in_force_on_its_day() {
    let EuroBoard {
        app,
        ann,
        org,
        board,
        task,
    } = euro_board().await;

    // 12345 JPY × 0.00617 = 76.16865 EUR → 76.17; billable × 1.15 = 87.5939475 → 87.59.
    let created = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": " hotel ", "amount": "12345", "currency": "jpy",
                   "incurred_on": "2026-11-20", "markup_percent": "15", "note": "two nights"}),
        )
        .await
        .expect(201);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(
        created.header("location").as_deref(),
        Some(format!("/api/v1/expenses/{id}").as_str())
    );
    assert_eq!(created.header("etag").as_deref(), Some("\"expense-v1\""));
    let body = &created.body;
    assert_eq!(body["board_id"], board);
    assert_eq!(body["task_id"], task);
    assert_eq!(body["user_id"], ann.id);
    assert_eq!(body["category"], "hotel");
    assert_eq!(body["amount"], "12345");
    assert_eq!(body["currency"], "JPY");
    assert_eq!(body["incurred_on"], "2026-11-20");
    assert_eq!(body["is_billable"], true);
    assert_eq!(body["markup_percent"], "15.00");
    assert_eq!(body["note"], "two nights");
    assert_eq!(body["exchange_rate"], "0.00617");
    assert_eq!(body["cost"], "76.17");
    assert_eq!(body["billable_amount"], "87.59");
    assert_eq!(body["board_currency"], "EUR");
    assert_eq!(body["version"], 1);

    // On a day of the earlier rate, not billable: 12345 × 0.006 = 74.07; nothing to bill.
    let earlier = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "taxi", "amount": "12345", "currency": "JPY",
                   "incurred_on": "2026-10-15", "is_billable": false, "markup_percent": "15"}),
        )
        .await
        .expect(201);
    assert_eq!(earlier.body["exchange_rate"], "0.006");
    assert_eq!(earlier.body["cost"], "74.07");
    assert_eq!(earlier.body["billable_amount"], "0.00");

    // In the board's own currency: no rate, cost = billable = amount.
    let local = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "catering", "amount": "20.50"}),
        )
        .await
        .expect(201);
    assert_eq!(local.body["currency"], "EUR");
    assert_eq!(local.body["incurred_on"], TODAY);
    assert_eq!(local.body["exchange_rate"], Value::Null);
    assert_eq!(local.body["markup_percent"], Value::Null);
    assert_eq!(local.body["cost"], "20.50");
    assert_eq!(local.body["billable_amount"], "20.50");

    // A rate entered later for the expense's day changes nothing stored.
    add_rate(&app, &ann, org, "JPY", "EUR", "0.007", "2026-11-10").await;
    let path = format!("/api/v1/expenses/{id}");
    let read = app.get(&path, &ann.token).await.expect(200);
    assert_eq!(read.header("etag").as_deref(), Some("\"expense-v1\""));
    assert_eq!(read.body, created.body);

    // A change that does not touch the conversion keeps it.
    let renamed = app
        .patch(
            &path,
            &ann.token,
            json!({"note": "receipt 7", "category": "lodging"}),
        )
        .await
        .expect(200);
    assert_eq!(renamed.body["exchange_rate"], "0.00617");
    assert_eq!(renamed.body["cost"], "76.17");
    assert_eq!(renamed.body["billable_amount"], "87.59");
    assert_eq!(renamed.body["category"], "lodging");
    assert_eq!(renamed.body["version"], 2);

    // A new amount converts again at the rate now in force on its day:
    // 12346 × 0.007 = 86.422 → 86.42; × 1.15 = 99.3853 → 99.39.
    let changed = app
        .patch(&path, &ann.token, json!({"amount": "12346"}))
        .await
        .expect(200);
    assert_eq!(changed.body["exchange_rate"], "0.007");
    assert_eq!(changed.body["cost"], "86.42");
    assert_eq!(changed.body["billable_amount"], "99.39");
    // Removing the markup bills the cost.
    let plain = app
        .patch(&path, &ann.token, json!({"markup_percent": "0"}))
        .await
        .expect(200);
    assert_eq!(plain.body["markup_percent"], Value::Null);
    assert_eq!(plain.body["billable_amount"], "86.42");

    // The task's direct cost is the sum of its expenses: 86.42 + 74.07 + 20.50.
    let cost = app
        .get(
            &format!("/api/v1/boards/{board}/tasks/{task}/cost"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(cost.body["actual_cost"], "180.99");
    assert_eq!(cost.body["total_actual_cost"], "180.99");
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "180.99");
    assert_eq!(metrics["cost_split"]["direct"], "180.99");

    // Every change is in the board's audit trail.
    let trail = app
        .get(
            &format!("/api/v1/boards/{board}/audit?kind=expense"),
            &ann.token,
        )
        .await
        .expect(200);
    let actions: Vec<&str> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "create").count(),
        3,
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|a| **a == "update").count(),
        3,
        "{actions:?}"
    );

    // Deleting the stored rate an expense was converted with leaves the expense as it was.
    let rates = app
        .get(
            &format!("/api/v1/organizations/{org}/exchange-rates?from_currency=JPY"),
            &ann.token,
        )
        .await
        .expect(200);
    let used = rates.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["valid_from"] == "2026-10-01")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    app.delete(
        &format!("/api/v1/organizations/{org}/exchange-rates/{used}"),
        &ann.token,
    )
    .await
    .expect(204);
    let kept = app
        .get(
            &format!("/api/v1/expenses/{}", earlier.body["id"]),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(kept.body, earlier.body);
}

#[tokio::test]
async fn a_missing_rate_is_refused_on_the_currency_and_nothing_is_stored() {
    let EuroBoard {
        app,
        ann,
        board,
        task,
        ..
    } = euro_board().await;
    // No USD→EUR rate at all; no JPY→EUR rate before 2026-10-01; rates are never inverted.
    for (currency, day) in [("USD", "2026-11-20"), ("JPY", "2026-09-30")] {
        let refused = app
            .expense(
                &ann,
                board,
                task,
                json!({"category": "hotel", "amount": "100", "currency": currency,
                       "incurred_on": day}),
            )
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            refused.field_errors(),
            pairs(&[("currency", "missing_exchange_rate")])
        );
        let message = refused.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("{currency}→EUR")) && message.contains(day),
            "{message}"
        );
    }
    // A board outside any organisation has no exchange rates: only its own currency.
    let solo = app.board(&ann, "Solo").await;
    let solo_task = app.task(&ann, solo, "Work").await;
    app.expense(
        &ann,
        solo,
        solo_task,
        json!({"category": "hotel", "amount": "100", "currency": "JPY", "incurred_on": "2026-11-20"}),
    )
    .await
    .expect_problem(422, "validation_failed");
    let listed = app
        .get(&format!("/api/v1/boards/{board}/expenses"), &ann.token)
        .await
        .expect(200);
    assert_eq!(listed.body["total"], 0);

    // A currency change with a kept amount that no longer fits is refused too.
    let euros = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "hotel", "amount": "10.50"}),
        )
        .await
        .expect(201);
    let to_yen = app
        .patch(
            &format!("/api/v1/expenses/{}", euros.body["id"]),
            &ann.token,
            json!({"currency": "JPY"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(to_yen.field_errors(), pairs(&[("amount", "too_precise")]));
}

#[tokio::test]
async fn future_days_and_bad_fields_are_refused_all_at_once() {
    let EuroBoard {
        app,
        ann,
        board,
        task,
        ..
    } = euro_board().await;
    let refused = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "  ", "amount": "0", "currency": "XYZ",
                   "incurred_on": "2026-11-26", "markup_percent": "1000.01"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[
            ("category", "required"),
            ("currency", "unsupported_currency"),
            ("amount", "out_of_range"),
            ("incurred_on", "in_future"),
            ("markup_percent", "out_of_range"),
        ])
    );
    let long = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "c".repeat(61), "amount": "1.00", "markup_percent": "1000"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(long.field_errors(), pairs(&[("category", "too_long")]));
    // A task of another board is not found under this one.
    let other = app.board(&ann, "Other").await;
    let foreign_task = app.task(&ann, other, "Elsewhere").await;
    app.expense(
        &ann,
        board,
        foreign_task,
        json!({"category": "hotel", "amount": "1.00"}),
    )
    .await
    .expect_problem(404, "not_found");
}

#[tokio::test]
async fn editors_record_authors_and_admins_change_viewers_read() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let carl = app.user("carl", None).await;
    let vic = app.user("vic", None).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", None).await;
    app.member(&ann, board, &carl, "editor", None).await;
    app.member(&ann, board, &vic, "viewer", None).await;
    let task = app.task(&ann, board, "Build").await;
    let body = json!({"category": "parts", "amount": "40.00", "incurred_on": "2026-11-02"});

    app.expense(&vic, board, task, body.clone())
        .await
        .expect_problem(403, "insufficient_role");
    let created = app.expense(&bob, board, task, body).await.expect(201);
    let path = format!("/api/v1/expenses/{}", created.body["id"]);

    // Viewers read it, alone and in the list.
    assert_eq!(
        app.get(&path, &vic.token).await.expect(200).body,
        created.body
    );
    let listed = app
        .get(&format!("/api/v1/boards/{board}/expenses"), &vic.token)
        .await
        .expect(200);
    assert_eq!(listed.body["items"][0], created.body);

    // Another editor may not change or delete it; its author and a board admin may.
    app.patch(&path, &carl.token, json!({"note": "mine now"}))
        .await
        .expect_problem(403, "not_entry_author");
    app.delete(&path, &carl.token)
        .await
        .expect_problem(403, "not_entry_author");
    app.patch(&path, &vic.token, json!({"note": "viewer"}))
        .await
        .expect_problem(403, "insufficient_role");
    let by_author = app
        .patch(&path, &bob.token, json!({"amount": "45.00"}))
        .await
        .expect(200);
    assert_eq!(by_author.body["cost"], "45.00");
    assert_eq!(by_author.header("etag").as_deref(), Some("\"expense-v2\""));
    app.patch(&path, &ann.token, json!({"note": "checked"}))
        .await
        .expect(200);

    // A writer still holding an older version is refused and told the current one.
    let stale = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &bob.token,
        "\"expense-v2\"",
        Some(json!({"amount": "1.00"})),
    )
    .await
    .expect_problem(412, "precondition_failed");
    assert_eq!(stale.header("etag").as_deref(), Some("\"expense-v3\""));
    let stale_delete = send(
        &app,
        reqwest::Method::DELETE,
        &path,
        &bob.token,
        "\"expense-v1\"",
        None,
    )
    .await;
    stale_delete.expect_problem(412, "precondition_failed");
    assert_eq!(
        app.get(&path, &bob.token).await.expect(200).body["cost"],
        "45.00"
    );

    // Deleted at the current version: gone, and the task's direct cost with it.
    send(
        &app,
        reqwest::Method::DELETE,
        &path,
        &bob.token,
        "\"expense-v3\"",
        None,
    )
    .await
    .expect(204);
    app.get(&path, &bob.token)
        .await
        .expect_problem(404, "not_found");
    let cost = app
        .get(
            &format!("/api/v1/boards/{board}/tasks/{task}/cost"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(cost.body["actual_cost"], "0.00");

    // Someone outside the board cannot see that an expense exists.
    let outsider = app.user("olga", None).await;
    let other = app
        .expense(
            &ann,
            board,
            task,
            json!({"category": "parts", "amount": "1.00"}),
        )
        .await
        .expect(201);
    app.get(
        &format!("/api/v1/expenses/{}", other.body["id"]),
        &outsider.token,
    )
    .await
    .expect_problem(403, "board_access_denied");
}

#[tokio::test]
async fn an_expense_counts_on_the_day_it_was_incurred() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "10000.00"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Build").await;
    app.log(&ann, board, task, "1.00", "2026-11-20")
        .await
        .expect(201);
    // Inside the 30-day burn window (2026-10-27 to 2026-11-25), and before it.
    for (amount, day) in [("250.00", "2026-11-20"), ("80.00", "2026-10-01")] {
        app.expense(
            &ann,
            board,
            task,
            json!({"category": "parts", "amount": amount, "incurred_on": day}),
        )
        .await
        .expect(201);
    }
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "430.00");
    assert_eq!(metrics["cost_split"]["labour"], "100.00");
    assert_eq!(metrics["cost_split"]["direct"], "330.00");
    assert_eq!(metrics["burn_rate"]["window_cost"], "350.00");

    let analytics = app.analytics(&ann, board).await;
    let spent_on: Vec<(String, String)> = analytics["trend"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["cost"] != "0.00")
        .map(|p| {
            (
                p["date"].as_str().unwrap().to_owned(),
                p["cost"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        spent_on,
        [
            ("2026-10-01".to_owned(), "80.00".to_owned()),
            ("2026-11-20".to_owned(), "350.00".to_owned()),
        ]
    );
    // From a later start, what came before is the opening cost.
    let later = app
        .get(
            &format!("/api/v1/boards/{board}/budget/analytics?from=2026-11-01"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(later["opening_cost"], "80.00");

    // Moved to another day, it counts there.
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/expenses?from=2026-11-01"),
            &ann.token,
        )
        .await
        .expect(200);
    let id = listed.body["items"][0]["id"].as_i64().unwrap();
    app.patch(
        &format!("/api/v1/expenses/{id}"),
        &ann.token,
        json!({"incurred_on": "2026-10-02"}),
    )
    .await
    .expect(200);
    let metrics = app.metrics(&ann, board).await;
    assert_eq!(metrics["spent"], "430.00");
    assert_eq!(metrics["burn_rate"]["window_cost"], "100.00");
}

#[tokio::test]
async fn an_old_actual_cost_is_carried_over_as_one_expense_on_its_day() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let euro = app.board(&ann, "Euro").await;
    app.budget(
        &ann,
        euro,
        json!({"allocated_budget": "1000.00", "currency": "EUR"}),
    )
    .await
    .expect(201);
    let dated = app.task(&ann, euro, "Dated").await;
    let undated = app.task(&ann, euro, "Undated").await;
    let untouched = app.task(&ann, euro, "Estimate only").await;
    let bare = app.board(&ann, "No budget").await;
    let bare_task = app.task(&ann, bare, "Work").await;
    for (board, task) in [
        (euro, dated),
        (euro, undated),
        (euro, untouched),
        (bare, bare_task),
    ] {
        app.cost(&ann, board, task, json!({"estimated_cost": "500"}))
            .await
            .expect(200);
    }

    // Back to the schema before expenses, where a task held one actual cost.
    app.schema_back_before("_expenses").await;
    app.sql(&format!(
        "UPDATE task_cost SET actual_cost_cents = 15025, incurred_on = '2026-11-10' \
         WHERE task_id = {dated}"
    ))
    .await;
    app.sql(&format!(
        "UPDATE task_cost SET actual_cost_cents = 500, incurred_on = NULL, \
         updated_at = '2026-11-03 10:00:00+00:00' WHERE task_id = {undated}"
    ))
    .await;
    app.sql(&format!(
        "UPDATE task_cost SET actual_cost_cents = 700, incurred_on = '2026-11-05' \
         WHERE task_id = {bare_task}"
    ))
    .await;
    app.schema_forward().await;

    let listed = app
        .get(&format!("/api/v1/boards/{euro}/expenses"), &ann.token)
        .await
        .expect(200);
    assert_eq!(listed.body["total"], 2);
    let carried: Vec<(i64, &str, &str, &str, &str)> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["category"], "direct cost");
            assert_eq!(e["user_id"], Value::Null);
            assert_eq!(e["is_billable"], true);
            assert_eq!(e["markup_percent"], Value::Null);
            assert_eq!(e["exchange_rate"], Value::Null);
            assert_eq!(e["cost"], e["amount"]);
            assert_eq!(e["billable_amount"], e["amount"]);
            (
                e["task_id"].as_i64().unwrap(),
                e["amount"].as_str().unwrap(),
                e["currency"].as_str().unwrap(),
                e["incurred_on"].as_str().unwrap(),
                e["board_currency"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        carried,
        [
            (dated, "150.25", "EUR", "2026-11-10", "EUR"),
            (undated, "5.00", "EUR", "2026-11-03", "EUR"),
        ]
    );
    let bare_listed = app
        .get(&format!("/api/v1/boards/{bare}/expenses"), &ann.token)
        .await
        .expect(200);
    assert_eq!(bare_listed.body["items"][0]["currency"], "USD");
    assert_eq!(bare_listed.body["items"][0]["amount"], "7.00");
    assert_eq!(bare_listed.body["items"][0]["incurred_on"], "2026-11-05");

    // The old column is cleared; the task's figures read the same as before.
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM task_cost WHERE actual_cost_cents <> 0")
            .await,
        0
    );
    let cost = app
        .get(
            &format!("/api/v1/boards/{euro}/tasks/{dated}/cost"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(cost.body["actual_cost"], "150.25");
    assert_eq!(cost.body["total_actual_cost"], "150.25");
    assert_eq!(app.metrics(&ann, euro).await["spent"], "155.25");

    // Sending an amount as the task's actual cost is refused, not dropped; zero is harmless.
    let refused = app
        .cost(
            &ann,
            euro,
            dated,
            json!({"estimated_cost": "500", "actual_cost": "10.00"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("actual_cost", "read_only")])
    );
    app.cost(
        &ann,
        euro,
        dated,
        json!({"estimated_cost": "500", "actual_cost": "0.00"}),
    )
    .await
    .expect(200);
}
