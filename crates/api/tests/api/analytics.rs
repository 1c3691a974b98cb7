//! Analytics and the CSV exports, against the hand-computed board of `metrics.rs`.

use serde_json::{json, Value};

use crate::metrics::hand_computed_board;
use crate::support::*;

/// The hand-computed board, with progress on two tasks so earned value is non-zero:
/// Design (estimate 2,000) 50 % and Build (estimate 5,000) 20 % → EV = 2,000.00.
pub(crate) async fn board_with_progress(app: &TestApp) -> (User, i64, Vec<i64>) {
    let (ann, board) = hand_computed_board(app).await;
    let tasks = app
        .get(&format!("/api/v1/boards/{board}/tasks"), &ann.token)
        .await
        .expect(200);
    let ids: Vec<i64> = tasks.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    for (id, title, progress) in [(ids[0], "Design", 50), (ids[1], "Build", 20)] {
        app.put(
            &format!("/api/v1/boards/{board}/tasks/{id}"),
            &ann.token,
            json!({"title": title, "status": "in_progress", "progress": progress}),
        )
        .await
        .expect(200);
    }
    (ann, board, ids)
}

#[tokio::test]
async fn analytics_match_the_hand_computation() {
    let app = TestApp::spawn().await;
    let (ann, board, ids) = board_with_progress(&app).await;
    let a = app.analytics(&ann, board).await;
    assert_eq!(a["as_of"], "2026-11-25");
    assert_eq!(a["time_zone"], "UTC");
    assert_eq!(a["currency"], "USD");
    // Default range: the board's start (2026-09-01) to today: 86 days.
    assert_eq!(
        (a["from"].as_str().unwrap(), a["to"].as_str().unwrap()),
        ("2026-09-01", "2026-11-25")
    );
    let trend = a["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 86);
    assert_eq!(a["opening_cost"], "0.00");
    let nonzero: Vec<(String, String, String)> = trend
        .iter()
        .filter(|p| p["cost"] != "0.00")
        .map(|p| {
            (
                p["date"].as_str().unwrap().into(),
                p["cost"].as_str().unwrap().into(),
                p["cumulative"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("2026-10-01", "1000.00", "1000.00"),
        ("2026-10-20", "1234.56", "2234.56"),
        ("2026-10-26", "300.00", "2534.56"),
        ("2026-11-01", "300.00", "2834.56"),
        ("2026-11-20", "900.00", "3734.56"),
        ("2026-11-24", "50.00", "3784.56"),
        ("2026-11-25", "600.00", "4384.56"),
    ]
    .iter()
    .map(|(d, c, s)| ((*d).into(), (*c).into(), (*s).into()))
    .collect();
    assert_eq!(nonzero, expected);

    assert_eq!(
        a["earned_value"],
        json!({
            "bac": "10000.00", "pv": "5592.11", "ev": "2000.00", "ac": "4384.56",
            "cpi": "0.4561", "spi": "0.3576", "cv": "-2384.56", "sv": "-3592.11",
            "eac": "21922.80", "etc": "17538.24", "vac": "-11922.80", "tcpi": "1.4246"
        })
    );
    assert_eq!(
        a["utilisation"],
        json!({"budget_percent": "43.85", "time_percent": "17.25", "schedule_percent": "55.92"})
    );
    assert_eq!(a["burn_rate"]["daily"], "61.67");

    assert!(
        a["breakdown"].get("tasks").is_none(),
        "tasks are a list of their own"
    );
    assert_eq!(
        a["breakdown"]["statuses"],
        json!([
            {"status": "in_progress", "tasks": 2, "estimated": "7000.00", "total": "4334.56"},
            {"status": "done", "tasks": 1, "estimated": "0.00", "total": "50.00"}
        ])
    );
    assert_eq!(a["breakdown"]["assignees"].as_array().unwrap().len(), 1);
    assert_eq!(a["breakdown"]["assignees"][0]["total"], "4384.56");
    assert_eq!(
        a["breakdown"]["split"],
        json!({"labour": "2850.00", "direct": "300.00", "resource": "1234.56"})
    );
    assert_eq!(
        a["overruns"],
        json!([{"task_id": ids[0], "title": "Design", "estimated": "2000.00", "total": "2800.00", "variance": "800.00", "variance_percent": "40.00"}])
    );
    assert_eq!(a["overrun_count"], 1);
}

#[tokio::test]
async fn a_range_and_a_window_can_be_chosen() {
    let app = TestApp::spawn().await;
    let (ann, board, _) = board_with_progress(&app).await;
    let a = app
        .get(
            &format!(
                "/api/v1/boards/{board}/budget/analytics?from=2026-11-20&to=2026-11-25&window=7"
            ),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(a["opening_cost"], "2834.56");
    let costs: Vec<&str> = a["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["cost"].as_str().unwrap())
        .collect();
    assert_eq!(costs, ["900.00", "0.00", "0.00", "0.00", "50.00", "600.00"]);
    assert_eq!(a["trend"][5]["cumulative"], "4384.56");
    // 7-day window 2026-11-19..25: 1,550.00 → 221.43/day; 5,615.44 left → 25.36 days.
    assert_eq!(
        a["burn_rate"],
        json!({"window_days": 7, "window_cost": "1550.00", "daily": "221.43", "weekly": "1550.00",
               "days_until_exhausted": "25.36", "exhaustion_date": "2026-12-20"})
    );
}

#[tokio::test]
async fn bad_parameters_are_named() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    for (query, field) in [
        ("from=2026-11-25&to=2026-11-01", "from"),
        ("window=0", "window"),
        ("window=366", "window"),
        ("from=2000-01-01", "from"),
        ("to=yesterday", "to"),
    ] {
        let response = app
            .get(
                &format!("/api/v1/boards/{board}/budget/analytics?{query}"),
                &ann.token,
            )
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(response.field_errors()[0].0, field, "for {query}");
    }
}

#[tokio::test]
async fn an_empty_board_has_defined_answers() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Empty").await;
    let a = app.analytics(&ann, board).await;
    assert_eq!(a["currency"], Value::Null);
    assert_eq!(a["trend"].as_array().unwrap().len(), 86);
    assert_eq!(a["overruns"], json!([]));
    assert_eq!(a["overrun_count"], 0);
    let tasks = app
        .get(
            &format!("/api/v1/boards/{board}/budget/analytics/tasks"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(tasks.body, json!({"items": [], "total": 0}));
    assert_eq!(tasks.header("link"), None);
    assert_eq!(
        a["earned_value"],
        json!({"bac": null, "pv": null, "ev": "0.00", "ac": "0.00", "cpi": null, "spi": null, "cv": "0.00",
               "sv": null, "eac": null, "etc": null, "vac": null, "tcpi": null})
    );
    assert_eq!(a["burn_rate"]["days_until_exhausted"], Value::Null);
}

#[tokio::test]
async fn analytics_cost_the_same_number_of_queries_at_any_size() {
    let app = TestApp::spawn_quiet().await;
    let (ann, small, _) = board_with_progress(&app).await;
    let large = app.board(&ann, "Large").await;
    let tasks: Vec<String> = (0..400)
        .map(|i| format!("({large}, 'Task {i}', 'in_progress', 30, 'medium', '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')"))
        .collect();
    app.sql(&format!(
        "INSERT INTO task (board_id, title, status, progress, priority, created_at, updated_at) VALUES {}",
        tasks.join(",")
    ))
    .await;
    let path = |b: i64| format!("/api/v1/boards/{b}/budget/analytics");
    let before = app.queries();
    app.get(&path(small), &ann.token).await.expect(200);
    let small_queries = app.queries() - before;
    let before = app.queries();
    let large_body = app.get(&path(large), &ann.token).await.expect(200).body;
    let large_queries = app.queries() - before;
    assert_eq!(large_body["breakdown"]["statuses"][0]["tasks"], 400);
    // Access, budget, totals, the tasks summed per assignee and status, the ten furthest over
    // their estimate, the earned scope, daily costs, opening cost, and the profitability by
    // person and by month.
    assert_eq!(small_queries, 10);
    assert_eq!(large_queries, small_queries);
    // Asked again with nothing written: the kept answer, after the access check alone.
    let before = app.queries();
    let again = app.get(&path(large), &ann.token).await.expect(200).body;
    assert_eq!(app.queries() - before, 1);
    assert_eq!(again, large_body);
}

#[tokio::test]
async fn one_kept_answer_is_shown_to_viewers_without_margins_and_follows_every_write() {
    // The analytics of a revision are computed once and written as JSON once per way of
    // showing them: a viewer never gets the editors' margins, nor an editor a viewer's answer,
    // whoever read first; and a write makes the next reader's answer new.
    let app = TestApp::spawn().await;
    let (ann, board, ids) = board_with_progress(&app).await;
    let vic = app.user("vic", None).await;
    app.member(&ann, board, &vic, "viewer", None).await;
    let path = format!("/api/v1/boards/{board}/budget/analytics");
    let read = |who: &User| {
        let (app, path, token) = (&app, path.clone(), who.token.clone());
        async move { app.get(&path, &token).await.expect(200).body }
    };
    let by_viewer = read(&vic).await;
    let by_owner = read(&ann).await;
    assert_eq!(read(&vic).await, by_viewer);
    assert_eq!(read(&ann).await, by_owner);
    assert_eq!(by_viewer["profitability"], Value::Null);
    let anns_cost =
        |answer: &Value| answer["profitability"]["people"][0]["profitability"]["cost"].clone();
    assert_eq!(
        by_owner["profitability"]["people"][0]["display_name"],
        "ann"
    );
    // Her labour 10 h × 100 + 0.5 h × 100, and the direct cost of her task.
    assert_eq!(anns_cost(&by_owner), "1350.00");
    let mut without_margins = by_owner.clone();
    without_margins["profitability"] = Value::Null;
    assert_eq!(without_margins, by_viewer);

    app.log(&ann, board, ids[0], "2.00", "2026-11-20")
        .await
        .expect(201);
    let after_viewer = read(&vic).await;
    let after_owner = read(&ann).await;
    assert_eq!(by_owner["breakdown"]["split"]["labour"], "2850.00");
    assert_eq!(after_viewer["breakdown"]["split"]["labour"], "3050.00");
    assert_eq!(after_owner["breakdown"]["split"]["labour"], "3050.00");
    assert_eq!(anns_cost(&after_owner), "1550.00");
    assert_eq!(after_viewer["profitability"], Value::Null);
}

#[tokio::test]
async fn analytics_computed_at_once_never_wait_for_each_others_connections() {
    // Each computation reads in a transaction of its own; the board's totals, which it also
    // needs, are read before it holds a connection, never while. With two connections and six
    // computations at once (six burn windows, each its own answer and totals), holding one
    // while waiting for another would leave them all waiting out the pool's timeout.
    let app = TestApp::spawn_configured(engine(), |s| s.database_max_connections = 2).await;
    let (ann, board, _) = board_with_progress(&app).await;
    let started = std::time::Instant::now();
    let reads = (1..=6).map(|window| {
        let path = format!("/api/v1/boards/{board}/budget/analytics?window={window}");
        let (app, token) = (&app, ann.token.clone());
        async move { app.get(&path, &token).await }
    });
    for response in futures_util::future::join_all(reads).await {
        assert_eq!(
            response.expect(200).body["breakdown"]["split"]["labour"],
            "2850.00"
        );
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "six analytics took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_breakdown_downloads_as_csv() {
    let app = TestApp::spawn().await;
    let (ann, board, ids) = board_with_progress(&app).await;
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{}", ids[2]),
        &ann.token,
        json!({"title": "=Test, \"final\"", "status": "done"}),
    )
    .await
    .expect(200);
    let response = app
        .get(
            &format!("/api/v1/boards/{board}/budget/analytics/tasks.csv"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        response.header("content-disposition").as_deref(),
        Some(format!("attachment; filename=\"board-{board}-analytics-2026-11-25.csv\"").as_str())
    );
    // RFC 4180: CRLF after every record, the field with a comma and quotes quoted with its quotes
    // doubled, and the formula-like title defused.
    assert_eq!(
        response.text,
        format!(
            "task_id,title,status,assignee_id,progress,estimated,labour,direct,resource,total,variance,variance_percent,hours,over_budget\r\n\
             {},Design,in_progress,,50,2000.00,2500.00,300.00,0.00,2800.00,800.00,40.00,30.00,true\r\n\
             {},Build,in_progress,,20,5000.00,300.00,0.00,1234.56,1534.56,-3465.44,-69.31,4.00,false\r\n\
             {},\"'=Test, \"\"final\"\"\",done,,100,0.00,50.00,0.00,0.00,50.00,50.00,,0.50,false\r\n",
            ids[0], ids[1], ids[2]
        )
    );
}

#[tokio::test]
async fn analytics_answer_json_whatever_the_query_asks() {
    // CSV is its own operation: the analytics operation answers one media type, so a client
    // generated from the spec can always decode it.
    let app = TestApp::spawn().await;
    let (ann, board, _) = board_with_progress(&app).await;
    for path in [
        format!("/api/v1/boards/{board}/budget/analytics?format=csv"),
        format!("/api/v1/boards/{board}/time-entries?format=csv"),
    ] {
        let response = app.get(&path, &ann.token).await.expect(200);
        assert_eq!(
            response.header("content-type").as_deref(),
            Some("application/json"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn time_entries_download_as_csv_in_full() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Work").await;
    app.post(
        &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
        &ann.token,
        json!({"hours": "1.25", "work_date": "2026-11-25", "description": "fixed a, b\nand \"c\""}),
    )
    .await
    .expect(201);
    // More than one export page (500) of entries, straight in SQL.
    let billable = if app.engine == Engine::Postgres {
        "true"
    } else {
        "1"
    };
    let rows: Vec<String> = (0..1200)
        .map(|i| {
            format!(
                "({board}, {task}, {}, 10, '2026-10-{:02}', 'bulk', {billable}, 1000, 10, '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')",
                ann.id,
                1 + i % 28
            )
        })
        .collect();
    app.sql(&format!(
        "INSERT INTO time_entry (board_id, task_id, user_id, centihours, work_date, description, is_billable, \
         hourly_rate_cents, labour_cost_cents, created_at, updated_at) VALUES {}",
        rows.join(",")
    ))
    .await;
    let response = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries.csv"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let body = &response.text;
    assert!(body.starts_with("id,work_date,task_id,user_id,hours,hourly_rate,labour_cost,is_billable,description,created_at,currency,rate_currency,cost_exchange_rate,billable_rate,billable_rate_currency,billable_exchange_rate,billable_amount\r\n"));
    // Newest first: the hand-logged entry leads, with its description quoted per RFC 4180.
    let first = body.split("\r\n").nth(1).unwrap();
    assert!(first.contains(",2026-11-25,"), "{first}");
    assert!(
        first.contains(",1.25,10.00,12.50,true,\"fixed a, b\nand \"\"c\"\"\","),
        "{first}"
    );
    let records = body.matches(",bulk,").count();
    assert_eq!(records, 1200);
    // Filters apply to the export; a bad filter is refused before any byte is sent.
    let filtered = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries.csv?from=2026-10-28&to=2026-10-28"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(filtered.text.matches(",bulk,").count(), 42);
    app.get(
        &format!("/api/v1/boards/{board}/time-entries.csv?from=2026-11-02&to=2026-11-01"),
        &ann.token,
    )
    .await
    .expect_problem(422, "validation_failed");
}

#[tokio::test]
async fn time_entries_export_is_exact_rfc4180() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Work").await;
    let mut logged = Vec::new();
    for body in [
        json!({"hours": "1.25", "work_date": "2026-11-20", "description": "fixed a, b\nand \"c\""}),
        json!({"hours": "0.50", "work_date": "2026-11-24", "description": "=1+1", "is_billable": false}),
    ] {
        let entry = app
            .post(
                &format!("/api/v1/boards/{board}/tasks/{task}/time-entries"),
                &ann.token,
                body,
            )
            .await
            .expect(201)
            .body;
        logged.push((
            entry["id"].as_i64().unwrap(),
            chrono::DateTime::parse_from_rfc3339(entry["created_at"].as_str().unwrap())
                .unwrap()
                .to_rfc3339(),
        ));
    }
    let response = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries.csv"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        response.header("content-disposition").as_deref(),
        Some(format!("attachment; filename=\"board-{board}-time-entries.csv\"").as_str())
    );
    let ((first, first_at), (second, second_at)) = (&logged[0], &logged[1]);
    assert_eq!(
        response.text,
        format!(
            "id,work_date,task_id,user_id,hours,hourly_rate,labour_cost,is_billable,description,created_at,currency,rate_currency,cost_exchange_rate,billable_rate,billable_rate_currency,billable_exchange_rate,billable_amount\r\n\
             {second},2026-11-24,{task},{},0.50,10.00,5.00,false,'=1+1,{second_at},USD,USD,,,,,0.00\r\n\
             {first},2026-11-20,{task},{},1.25,10.00,12.50,true,\"fixed a, b\nand \"\"c\"\"\",{first_at},USD,USD,,,,,0.00\r\n",
            ann.id, ann.id
        )
    );
    // A filter narrows the file; a board with nothing to export is the header alone.
    let only_first = app
        .get(
            &format!(
                "/api/v1/boards/{board}/time-entries.csv?to=2026-11-20&user={}",
                ann.id
            ),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(
        only_first
            .text
            .lines()
            .filter(|l| l.starts_with(&first.to_string()))
            .count(),
        1
    );
    assert!(!only_first.text.contains("'=1+1"));
    let empty = app.board(&ann, "Empty").await;
    let response = app
        .get(
            &format!("/api/v1/boards/{empty}/time-entries.csv"),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(
        response.text,
        "id,work_date,task_id,user_id,hours,hourly_rate,labour_cost,is_billable,description,created_at,currency,rate_currency,cost_exchange_rate,billable_rate,billable_rate_currency,billable_exchange_rate,billable_amount\r\n"
    );
}

/// An export longer than the pages it is streamed in holds every entry once, in order.
#[tokio::test]
async fn a_long_export_streams_every_entry_once() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Long").await;
    let task = app.task(&ann, board, "Work").await;
    // 1,203 entries: two full pages of 500 and part of a third.
    app.sql(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1203) \
         INSERT INTO time_entry (board_id, task_id, user_id, centihours, work_date, description, \
             is_billable, hourly_rate_cents, labour_cost_cents, created_at, updated_at, version) \
         SELECT {board}, {task}, {}, 10, '2026-11-20', 'bulk', true, 1000, 100, \
             '2026-11-20 12:00:00+00:00', '2026-11-20 12:00:00+00:00', 1 FROM n",
        ann.id
    ))
    .await;
    let response = app
        .get(
            &format!("/api/v1/boards/{board}/time-entries.csv"),
            &ann.token,
        )
        .await
        .expect(200);
    let ids: Vec<i64> = response
        .text
        .split("\r\n")
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| line.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 1203);
    // Newest first: one work date, so by id, descending, none repeated.
    assert!(ids.windows(2).all(|pair| pair[0] > pair[1]), "not in order");
}

#[tokio::test]
async fn profitability_by_month_dates_labour_expenses_and_resource_costs_by_their_own_days() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let board = app.board(&ann, "Months").await;
    let task = app.task(&ann, board, "Build").await;
    app.cost(
        &ann,
        board,
        task,
        json!({"resource_cost": "20.00", "incurred_on": "2026-09-05"}),
    )
    .await
    .expect(200);
    app.expense(
        &ann,
        board,
        task,
        json!({"category": "travel", "amount": "40.00", "incurred_on": "2026-10-10"}),
    )
    .await
    .expect(201);
    app.log(&ann, board, task, "2.00", "2026-11-20")
        .await
        .expect(201); // 2 h at 50.00
    app.log(&ann, board, task, "0.50", "2026-11-03")
        .await
        .expect(201); // 0.5 h at 50.00
    let body = app.analytics(&ann, board).await;
    let months: Vec<(String, String)> = body["profitability"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_owned(),
                m["profitability"]["cost"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("2026-09", "20.00"),
        ("2026-10", "40.00"),
        ("2026-11", "125.00"),
    ];
    assert_eq!(
        months,
        expected.map(|(m, c)| (m.to_owned(), c.to_owned())),
        "{body}"
    );
}

#[tokio::test]
async fn profitability_by_person_adds_the_expenses_each_recorded() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let bob = app.user("bob", Some("70.00")).await;
    let carl = app.user("carl", Some("60.00")).await;
    let board = app.board(&ann, "People").await;
    app.member(&ann, board, &bob, "editor", None).await;
    app.member(&ann, board, &carl, "editor", None).await;
    let task = app.task(&ann, board, "Build").await;
    app.billable_rate(&ann, board, "2026-01-01", "120.00").await;
    app.log(&ann, board, task, "2.00", "2026-11-20")
        .await
        .expect(201); // 100.00 at cost, 240.00 billed
    for (amount, billable) in [("40.00", true), ("10.00", false)] {
        app.expense(
            &bob,
            board,
            task,
            json!({"category": "travel", "amount": amount, "is_billable": billable,
                   "incurred_on": "2026-11-10"}),
        )
        .await
        .expect(201);
    }
    // Carl's only expense goes again: he has no figures on the board.
    let gone = app
        .expense(
            &carl,
            board,
            task,
            json!({"category": "travel", "amount": "5.00", "incurred_on": "2026-11-11"}),
        )
        .await
        .expect(201)
        .body;
    app.delete(&format!("/api/v1/expenses/{}", gone["id"]), &carl.token)
        .await
        .expect(204);
    // A resource cost belongs to no one.
    app.cost(
        &ann,
        board,
        task,
        json!({"resource_cost": "20.00", "incurred_on": "2026-11-01"}),
    )
    .await
    .expect(200);

    let body = app.analytics(&ann, board).await;
    let people: Vec<(Value, String, String)> = body["profitability"]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["user_id"].clone(),
                p["profitability"]["revenue"].as_str().unwrap().to_owned(),
                p["profitability"]["cost"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            (json!(ann.id), "240.00".to_owned(), "100.00".to_owned()),
            (json!(bob.id), "40.00".to_owned(), "50.00".to_owned()),
            (Value::Null, "0.00".to_owned(), "20.00".to_owned()),
        ],
        "{body}"
    );
    assert_eq!(
        body["profitability"]["months"][0]["profitability"]["cost"], "170.00",
        "{body}"
    );
}
