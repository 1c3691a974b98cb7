//! Nothing is lost: concurrent writers on one task end with every entry and the exact sum.

use budget_domain::time_entries::WriterStep;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn sixteen_clients_logging_fifty_entries_each_lose_nothing() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Busy task").await;
    app.budget(&ann, board, json!({"allocated_budget": "100000"}))
        .await
        .expect(201);
    // Sixteen people (the daily limit is per person), each at a different odd rate so any lost
    // or doubled entry would show in the sum.
    let mut people = Vec::new();
    for i in 0..16 {
        let person = app.user(&format!("p{i}"), None).await;
        app.member(
            &ann,
            board,
            &person,
            "editor",
            Some(&format!("{}.37", 40 + i)),
        )
        .await;
        people.push(person);
    }
    let url = format!(
        "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
        app.base
    );
    let clients = people.iter().enumerate().map(|(i, person)| {
        let client = reqwest::Client::new();
        let url = url.clone();
        let token = person.token.clone();
        async move {
            for n in 0..50 {
                // Spread over days so nobody reaches 24 h on one day: 0.25 h × 50 = 12.5 h.
                let day = 1 + (n % 20);
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"hours": "0.25", "work_date": format!("2026-11-{day:02}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(
                    response.status().as_u16(),
                    201,
                    "client {i} entry {n}: {}",
                    response.text().await.unwrap()
                );
            }
        }
    });
    futures_util::future::join_all(clients).await;

    // Expected: each person logs 12.50 h at (40 + i).37; labour = 12.5 × rate.
    let mut expected_cents: i64 = 0;
    for i in 0..16 {
        let rate_cents = (40 + i) * 100 + 37;
        for _ in 0..50 {
            // 0.25 × rate, rounded half-to-even to the cent, per entry.
            let exact = rate_cents * 25; // in 1/10,000 of a currency unit
            let (whole, rest) = (exact / 100, exact % 100);
            let rounded = if rest > 50 || (rest == 50 && whole % 2 == 1) {
                whole + 1
            } else {
                whole
            };
            expected_cents += rounded;
        }
    }
    let m = app.metrics(&ann, board).await;
    assert_eq!(m["spent_hours"], "200.00");
    let expected = format!("{}.{:02}", expected_cents / 100, expected_cents % 100);
    assert_eq!(m["spent"], expected);
    let mut count = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/boards/{board}/time-entries?limit=500&cursor={c}"),
            None => format!("/api/v1/boards/{board}/time-entries?limit=500"),
        };
        let page = app.get(&path, &ann.token).await.expect(200);
        count += page.body["items"].as_array().unwrap().len();
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(count, 800);
}

#[tokio::test]
async fn concurrent_entries_of_one_person_never_pass_24_hours_a_day() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Busy task").await;
    let url = format!(
        "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
        app.base
    );
    // Ten concurrent 3-hour entries on one day: exactly eight fit.
    let requests = (0..10).map(|_| {
        app.client
            .post(&url)
            .bearer_auth(&ann.token)
            .json(&json!({"hours": "3.00", "work_date": "2026-11-25"}))
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        8,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(app.metrics(&ann, board).await["spent_hours"], "24.00");
}

#[tokio::test]
async fn entries_sent_while_the_writer_is_busy_are_written_together_each_under_every_rule() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Busy task").await;
    let url = |task: i64| {
        format!(
            "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
            app.base
        )
    };
    let entry = |task: i64, hours: &str, day: &str| {
        app.client
            .post(url(task))
            .bearer_auth(&ann.token)
            .json(&json!({"hours": hours, "work_date": day}))
    };
    let held = hold_the_writer(&app, &ann).await;
    // Eleven 3-hour entries on one day (eight fit in 24 hours), one on a task of no board, and
    // one request sent twice under one key on another day.
    let mut rest: Vec<_> = (0..10).map(|_| entry(task, "3.00", "2026-11-25")).collect();
    rest.push(entry(999_999, "1.00", "2026-11-25"));
    for _ in 0..2 {
        rest.push(entry(task, "2.50", "2026-11-24").header("Idempotency-Key", "once"));
    }
    let answers = while_held(&app, held, entry(task, "3.00", "2026-11-25"), rest).await;
    // The first alone, then the queue in one transaction up to the request whose key repeats
    // an earlier one's, which waits for the next. Eight of the eleven 3-hour entries fit.
    let day: Vec<&(u16, serde_json::Value)> = answers[..11].iter().collect();
    let taken = day.iter().filter(|(status, _)| *status == 201).count();
    assert_eq!(taken, 8, "{answers:?}");
    for (status, body) in day.iter().filter(|(status, _)| *status != 201) {
        assert_eq!(*status, 422, "{body}");
        assert_eq!(body["errors"][0]["code"], "daily_limit_exceeded", "{body}");
    }
    assert_eq!(answers[11].0, 404, "{answers:?}");
    assert_eq!((answers[12].0, answers[13].0), (201, 201), "{answers:?}");
    // The retry answers the first answer: the same entry.
    assert_eq!(answers[12].1["id"], answers[13].1["id"]);
    assert_eq!(answers[12].1["hours"], "2.50");
    let stats = app.domain.entry_groups.stats();
    assert_eq!((stats.transactions, stats.entries), (3, 14));
    // Each step of the groups' transactions took time, and so did the first entry, alone.
    for step in WriterStep::ALL {
        if step != WriterStep::Lock {
            assert!(
                stats.busy_in(step) > std::time::Duration::ZERO,
                "{step:?}: {stats:?}"
            );
        }
    }
    // On PostgreSQL the second group's commit began the third's transaction (the retry was
    // waiting); the third, with nothing after it, committed and gave its connection back.
    if engine() == Engine::Postgres {
        let open = app
            .sql_number(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND state LIKE 'idle in transaction%'",
            )
            .await;
        assert_eq!(open, 0, "no transaction is left open once the writer waits");
    }
    let m = app.metrics(&ann, board).await;
    assert_eq!(m["spent_hours"], "26.50");
    assert_eq!(m["spent"], "265.00");
    // Every stored entry has its audit event, and each answer names a stored entry.
    let stored = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM time_entry WHERE board_id = {board}"
        ))
        .await;
    assert_eq!(stored, 9);
    let audited = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM audit_event WHERE board_id = {board} \
             AND entity_type = 'time_entry' AND action = 'create'"
        ))
        .await;
    assert_eq!(audited, 9);
    let listed = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries?limit=500"),
            &ann.token,
        )
        .await
        .expect(200);
    let listed = listed.body["items"].as_array().unwrap().clone();
    let trail = app
        .get(
            &format!("/api/v1/boards/{board}/audit?limit=100"),
            &ann.token,
        )
        .await
        .expect(200);
    let trail = trail.body["items"].as_array().unwrap().clone();
    for (status, body) in &answers {
        if *status == 201 {
            let stored = listed.iter().find(|entry| entry["id"] == body["id"]);
            let stored = stored.unwrap_or_else(|| panic!("{body} is not stored"));
            assert_eq!(stored["hours"], body["hours"]);
            assert_eq!(stored["labour_cost"], body["labour_cost"]);
            assert_eq!(stored["work_date"], body["work_date"]);
            // Its audit event records it as answered, id and all.
            let event = trail.iter().find(|event| {
                event["kind"] == "time_entry"
                    && event["action"] == "create"
                    && event["entity_id"] == body["id"]
            });
            let event = event.unwrap_or_else(|| panic!("{body} has no audit event"));
            assert_eq!(event["after"], *body, "{event}");
            assert_eq!(event["before"], serde_json::Value::Null, "{event}");
        }
    }
}

#[tokio::test]
async fn entries_written_together_each_weigh_the_hard_stop_with_the_ones_before_them() {
    let app = TestApp::spawn().await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Launch").await;
    let task = app.task(&owner, board, "Busy task").await;
    let editor = app.user("editor", None).await;
    app.member(&owner, board, &editor, "editor", Some("10.00"))
        .await;
    app.budget(
        &owner,
        board,
        json!({"allocated_budget": "100.00", "hard_stop": true}),
    )
    .await
    .expect(201);
    let entry = |day: u32| {
        app.client
            .post(format!(
                "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
                app.base
            ))
            .bearer_auth(&editor.token)
            .json(&json!({"hours": "1.00", "work_date": format!("2026-11-{day:02}")}))
    };
    let held = hold_the_writer(&app, &editor).await;
    let rest: Vec<_> = (2..=12).map(entry).collect();
    let answers = while_held(&app, held, entry(1), rest).await;
    // 10.00 an hour against 100.00: ten entries are taken, the rest find it spent.
    let taken = answers.iter().filter(|(status, _)| *status == 201).count();
    assert_eq!(taken, 10, "{answers:?}");
    for (status, body) in answers.iter().filter(|(status, _)| *status != 201) {
        assert_eq!(*status, 409, "{body}");
        assert_eq!(body["code"], "budget_exhausted", "{body}");
    }
    let stats = app.domain.entry_groups.stats();
    assert_eq!((stats.transactions, stats.entries), (2, 12));
    assert_eq!(app.metrics(&owner, board).await["spent"], "100.00");
}

#[tokio::test]
async fn a_group_that_fails_in_the_database_is_undone_and_each_entry_written_alone() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Busy task").await;
    // A database that refuses one entry's row, as a failing disk or a broken constraint would.
    let conn = app.domain.db.conn();
    let refuse = match conn.get_database_backend() {
        sea_orm::DbBackend::Postgres => vec![
            "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'boom'; END $$",
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON time_entry FOR EACH ROW \
             WHEN (NEW.description = 'boom') EXECUTE FUNCTION refuse_boom()",
        ],
        _ => vec![
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON time_entry \
             WHEN NEW.description = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END",
        ],
    };
    for statement in refuse {
        conn.execute_unprepared(statement).await.unwrap();
    }
    let entry = |description: &str, day: u32| {
        app.client
            .post(format!(
                "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
                app.base
            ))
            .bearer_auth(&ann.token)
            .json(&json!({
                "hours": "1.00",
                "work_date": format!("2026-11-{day:02}"),
                "description": description,
            }))
    };
    let held = hold_the_writer(&app, &ann).await;
    let rest = vec![
        entry("a", 2),
        entry("boom", 3),
        entry("b", 4),
        entry("c", 5),
    ];
    let answers = while_held(&app, held, entry("first", 1), rest).await;
    let statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    // The group of four failed together; then each was written alone, and only the refused
    // row is missing.
    assert_eq!(statuses, [201, 201, 500, 201, 201], "{answers:?}");
    assert_eq!(answers[2].1["status"], 500);
    let stats = app.domain.entry_groups.stats();
    assert_eq!((stats.transactions, stats.entries), (5, 5));
    assert_eq!(app.metrics(&ann, board).await["spent_hours"], "4.00");
    let stored = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM time_entry WHERE board_id = {board}"
        ))
        .await;
    let audited = app
        .sql_number(&format!(
            "SELECT COUNT(*) FROM audit_event WHERE board_id = {board} \
             AND entity_type = 'time_entry'"
        ))
        .await;
    assert_eq!((stored, audited), (4, 4));
}

#[tokio::test]
async fn each_group_is_priced_at_the_rates_and_exchange_rates_in_force_as_it_is_written() {
    // Quiet: the statements of each group are counted.
    let app = TestApp::spawn_quiet().await;
    let ann = app.user("ann", None).await;
    let org = app.organization(&ann, "Acme").await;
    let board = app
        .euro_board(&ann, org, "Mixed", "2026-01-01", "50000.00")
        .await;
    let task = app.task(&ann, board, "Build").await;
    let revision = || app.sql_number("SELECT version FROM pricing_revision");
    let exchange_rates = format!("/api/v1/organizations/{org}/exchange-rates");
    let exchange_rate = |rate: &str, day: &str| {
        app.post(
            &exchange_rates,
            &ann.token,
            json!({"from_currency": "USD", "to_currency": "EUR", "rate": rate, "valid_from": day}),
        )
    };
    let rates = format!("/api/v1/boards/{board}/rates");
    let before = revision().await;
    exchange_rate("0.90", "2026-01-01").await.expect(201);
    app.post(
        &rates,
        &ann.token,
        json!({"level": "board", "cost_rate": "10.00", "cost_currency": "USD",
               "valid_from": "2026-01-01"}),
    )
    .await
    .expect(201);
    // Each change of a rate or an exchange rate raises the revision once.
    assert_eq!(revision().await, before + 2);
    let entry = |day: u32| {
        app.client
            .post(format!(
                "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
                app.base
            ))
            .bearer_auth(&ann.token)
            .json(&json!({"hours": "1.00", "work_date": format!("2026-11-{day:02}")}))
    };
    // The first entry is written alone; the other three together, on the same days each time,
    // so that the writer has read their rates and exchange rates before. Each entry's labour
    // cost and exchange rate, and the statements it all took.
    let group = || async {
        let before = app.queries();
        let held = hold_the_writer(&app, &ann).await;
        let answers = while_held(&app, held, entry(1), (2..=4).map(entry).collect()).await;
        let costs = answers
            .iter()
            .map(|(status, body)| {
                assert_eq!(*status, 201, "{body}");
                (
                    body["labour_cost"].as_str().unwrap().to_owned(),
                    body["cost_exchange_rate"].clone(),
                )
            })
            .collect::<Vec<_>>();
        (costs, app.queries() - before)
    };
    let costs = |cost: &str, exchange: serde_json::Value| vec![(cost.to_owned(), exchange); 4];
    let (first, read) = group().await;
    assert_eq!(first, costs("9.00", json!("0.9")));
    // Nothing changed: the group reads neither the rates nor the exchange rates again.
    let (again, kept) = group().await;
    assert_eq!(again, costs("9.00", json!("0.9")));
    assert_eq!(read - kept, 2, "{read} statements, then {kept}");
    // A new exchange rate from a day before theirs.
    exchange_rate("0.80", "2026-06-01").await.expect(201);
    assert_eq!(group().await.0, costs("8.00", json!("0.8")));
    // A rate of the task, in the board's currency, from a day before theirs.
    app.post(
        &rates,
        &ann.token,
        json!({"level": "task", "task_id": task, "cost_rate": "20.00",
               "valid_from": "2026-06-01"}),
    )
    .await
    .expect(201);
    assert_eq!(group().await.0, costs("20.00", serde_json::Value::Null));
    // A rate deleted raises the revision too.
    let unused = app
        .post(
            &rates,
            &ann.token,
            json!({"level": "board", "cost_rate": "30.00", "valid_from": "2026-12-01"}),
        )
        .await
        .expect(201);
    let raised = revision().await;
    app.delete(&format!("{rates}/{}", unused.body["id"]), &ann.token)
        .await
        .expect(204);
    assert_eq!(revision().await, raised + 1);
    let stats = app.domain.entry_groups.stats();
    assert_eq!((stats.transactions, stats.entries), (8, 16));
}

/// A write transaction on PostgreSQL commits and begins the next on its connection at once:
/// what it wrote before is committed (seen elsewhere, and kept when what follows is rolled
/// back); what it writes after is the new transaction's. SQLite commits and begins none, its
/// writer slot being due back to the queue between transactions.
#[tokio::test]
async fn a_write_transaction_commits_and_begins_the_next_on_its_connection() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let db = &app.domain.db;
    db.conn()
        .execute_unprepared("CREATE TABLE chained (n integer)")
        .await
        .unwrap();
    let txn = db.begin_write().await.unwrap();
    txn.execute_unprepared("INSERT INTO chained VALUES (1)")
        .await
        .unwrap();
    let next = txn.commit_and_begin().await.unwrap();
    assert_eq!(app.sql_number("SELECT COUNT(*) FROM chained").await, 1);
    let Some(txn) = next else {
        assert_ne!(engine(), Engine::Postgres, "PostgreSQL begins the next");
        return;
    };
    assert_eq!(
        engine(),
        Engine::Postgres,
        "only PostgreSQL begins the next"
    );
    txn.execute_unprepared("INSERT INTO chained VALUES (2)")
        .await
        .unwrap();
    assert_eq!(app.sql_number("SELECT COUNT(*) FROM chained").await, 1);
    txn.rollback().await.unwrap();
    assert_eq!(app.sql_number("SELECT COUNT(*) FROM chained").await, 1);
}
