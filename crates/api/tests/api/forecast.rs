//! The cost forecast: exact figures on a steady, hand-computable burn, nulls without a budget,
//! access, a constant query count, and the `history_days` parameter.

use budget_domain::forecast::bootstrap::seed_for_board;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::support::*;

fn url(board: i64) -> String {
    format!("/api/v1/boards/{board}/budget/forecast")
}

async fn fetch(app: &TestApp, user: &User, board: i64) -> Value {
    app.get(&url(board), &user.token).await.expect(200).body
}

/// A board started on 2026-11-16 and due 2026-12-25 (30 days after today), budget 30,000.00,
/// with 8 h at 100.00 logged on each of its 10 days so far (800.00 a day, 8,000.00 spent) on a
/// task estimated at 40,000.00 and 20 % done.
pub(crate) async fn steady_board(app: &TestApp) -> (User, i64) {
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "Steady").await;
    app.put(
        &format!("/api/v1/boards/{board}"),
        &ann.token,
        json!({"name": "Steady", "start_date": "2026-11-16", "due_date": "2026-12-25"}),
    )
    .await
    .expect(200);
    app.budget(&ann, board, json!({"allocated_budget": "30000.00"}))
        .await
        .expect(201);
    let task = app.task(&ann, board, "Build").await;
    app.cost(&ann, board, task, json!({"estimated_cost": "40000.00"}))
        .await
        .expect(200);
    app.put(
        &format!("/api/v1/boards/{board}/tasks/{task}"),
        &ann.token,
        json!({"title": "Build", "status": "in_progress", "progress": 20}),
    )
    .await
    .expect(200);
    for day in 16..=25 {
        app.log(&ann, board, task, "8.00", &format!("2026-11-{day}"))
            .await
            .expect(201);
    }
    (ann, board)
}

#[tokio::test]
async fn a_steady_burn_blended_with_earned_value_matches_the_hand_computation() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    let forecast = fetch(&app, &ann, board).await;
    // Every resample of a constant 800.00/day over the 30 days to the due date is 24,000:
    // burn projection 8,000 + 24,000 = 32,000, no spread. EV = 40,000 × 20 % = 8,000 = AC, so
    // CPI 1 and EAC_ev = 8,000 + (40,000 − 8,000) / 1 = 40,000, weighted by the 20 % complete:
    // 0.8 × 32,000 + 0.2 × 40,000 = 33,600. Over the 30,000 budget in every resample, by 3,600.
    // Spread evenly, (33,600 − 8,000) / 30 = 853.33… a day uses up the 22,000 left after
    // ⌊22,000 × 30 / 25,600⌋ + 1 = 26 days: 2026-12-21.
    assert_eq!(
        forecast,
        json!({
            "board_id": board,
            "as_of": "2026-11-25",
            "time_zone": "UTC",
            "currency": "USD",
            "basis": "cost",
            "method": "block-bootstrap-7d+ev-blend",
            "projected_cost_at_completion": "33600.00",
            "interval_80": {"low": "33600.00", "high": "33600.00"},
            "probability_over_budget": "100.00",
            "projected_overrun": "3600.00",
            "projected_exhaustion_date": "2026-12-21",
            "inputs": {
                "history_from": "2026-11-16",
                "history_to": "2026-11-25",
                "history_days": 10,
                "horizon_days": 30,
                "horizon_source": "due_date",
                "completion_date": "2026-12-25",
                "mean_daily_cost": "800.00",
                "projected_daily_cost": "853.33",
                "ac": "8000.00",
                "ev": "8000.00",
                "bac": "30000.00",
                "planned_cost": "40000.00",
                "percent_complete": "20.00",
                "cpi": "1.0000",
                "eac_ev": "40000.00",
                "blend_weight": "0.2000",
                "block_days": 5,
                "resamples": 2000,
                "seed": seed_for_board(board),
            }
        })
    );
    // The same data gives the same answer.
    assert_eq!(fetch(&app, &ann, board).await, forecast);

    // A shorter history of the same steady burn changes the inputs, not the projection.
    let short = app
        .get(&format!("{}?history_days=3", url(board)), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(short["inputs"]["history_from"], "2026-11-23");
    assert_eq!(short["inputs"]["history_days"], 3);
    assert_eq!(short["inputs"]["block_days"], 1);
    assert_eq!(short["projected_cost_at_completion"], "33600.00");
    assert_eq!(short["interval_80"], forecast["interval_80"]);
}

#[tokio::test]
async fn without_the_due_date_the_horizon_comes_from_progress() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    app.put(
        &format!("/api/v1/boards/{board}"),
        &ann.token,
        json!({"name": "Steady", "start_date": "2026-11-16"}),
    )
    .await
    .expect(200);
    // 10 days for 20 %: 10 × 0.8 / 0.2 = 40 more days. Burn 8,000 + 40 × 800 = 40,000, the same
    // as EAC_ev, so the blend is 40,000: 10,000 over; 32,000 over 40 days = 800/day passes the
    // 22,000 headroom after ⌊22,000 / 800⌋ + 1 = 28 days: 2026-12-23.
    let forecast = fetch(&app, &ann, board).await;
    assert_eq!(forecast["inputs"]["horizon_source"], "progress");
    assert_eq!(forecast["inputs"]["horizon_days"], 40);
    assert_eq!(forecast["inputs"]["completion_date"], "2027-01-04");
    assert_eq!(forecast["projected_cost_at_completion"], "40000.00");
    assert_eq!(forecast["projected_overrun"], "10000.00");
    assert_eq!(forecast["projected_exhaustion_date"], "2026-12-23");
}

#[tokio::test]
async fn without_a_budget_the_budget_figures_are_null() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "Unbudgeted").await;
    let empty = fetch(&app, &ann, board).await;
    // Started 2026-09-01 (86 days of history), due 2027-01-31 (67 days ahead), nothing spent.
    assert_eq!(empty["projected_cost_at_completion"], "0.00");
    assert_eq!(empty["interval_80"], json!({"low": "0.00", "high": "0.00"}));
    assert_eq!(empty["inputs"]["history_days"], 86);
    assert_eq!(empty["inputs"]["horizon_days"], 67);
    assert_eq!(empty["inputs"]["cpi"], Value::Null);

    let task = app.task(&ann, board, "Work").await;
    app.log(&ann, board, task, "3.00", "2026-11-02")
        .await
        .expect(201);
    app.log(&ann, board, task, "5.00", "2026-11-20")
        .await
        .expect(201);
    let forecast = fetch(&app, &ann, board).await;
    for field in [
        "currency",
        "probability_over_budget",
        "projected_overrun",
        "projected_exhaustion_date",
    ] {
        assert_eq!(forecast[field], Value::Null, "{field}: {forecast}");
    }
    for input in ["bac", "percent_complete", "eac_ev"] {
        assert_eq!(
            forecast["inputs"][input],
            Value::Null,
            "{input}: {forecast}"
        );
    }
    assert_eq!(forecast["inputs"]["ac"], "800.00");
    assert_eq!(forecast["inputs"]["blend_weight"], "0.0000");
    let money = |value: &Value| value.as_str().unwrap().parse::<Decimal>().unwrap();
    let (low, projected, high) = (
        money(&forecast["interval_80"]["low"]),
        money(&forecast["projected_cost_at_completion"]),
        money(&forecast["interval_80"]["high"]),
    );
    assert!(
        Decimal::from(800) <= low && low <= projected && projected <= high,
        "{forecast}"
    );
}

#[tokio::test]
async fn outsiders_and_anonymous_callers_are_refused() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let eve = app.user("eve", None).await;
    let board = app.board(&ann, "Private").await;
    app.get(&url(board), &eve.token)
        .await
        .expect_problem(403, "board_access_denied");
    app.get(&url(board + 1000), &eve.token)
        .await
        .expect_problem(403, "board_access_denied");
    app.request(Method::GET, &url(board), None, None)
        .await
        .expect_problem(401, "unauthenticated");
    // Any role may read it.
    let viv = app.user("viv", None).await;
    app.member(&ann, board, &viv, "viewer", None).await;
    app.get(&url(board), &viv.token).await.expect(200);
}

#[tokio::test]
async fn history_days_out_of_range_or_not_a_number_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    for (value, code) in [
        ("0", "out_of_range"),
        ("731", "out_of_range"),
        ("-1", "invalid"),
        ("ten", "invalid"),
    ] {
        let refused = app
            .get(&format!("{}?history_days={value}", url(board)), &ann.token)
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            refused.field_errors(),
            [("history_days".to_owned(), code.to_owned())],
            "history_days={value}"
        );
    }
    for value in ["1", "730"] {
        app.get(&format!("{}?history_days={value}", url(board)), &ann.token)
            .await
            .expect(200);
    }
}

#[tokio::test]
async fn the_forecast_costs_the_same_number_of_queries_at_any_size() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let small = app.board(&ann, "Small").await;
    let large = app.board(&ann, "Large").await;
    for board in [small, large] {
        app.budget(&ann, board, json!({"allocated_budget": "100000"}))
            .await
            .expect(201);
    }
    let task = app.task(&ann, small, "One").await;
    app.log(&ann, small, task, "1.00", "2026-11-25")
        .await
        .expect(201);
    // The large board: 300 tasks, each with an estimate and a direct cost, and 3,000 entries
    // over 25 days, straight in SQL (only the number of queries per request matters here).
    let tasks: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "({large}, 'Task {i}', 'in_progress', {}, 'medium', \
                 '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')",
                i % 101
            )
        })
        .collect();
    app.sql(&format!(
        "INSERT INTO task (board_id, title, status, progress, priority, created_at, updated_at) \
         VALUES {}",
        tasks.join(",")
    ))
    .await;
    let first_task = format!("(SELECT MIN(id) FROM task WHERE board_id = {large})");
    let costs: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "({first_task} + {i}, 10000, 0, 0, 0, '2026-11-{:02}', \
                 '2026-11-01 00:00:00+00:00')",
                1 + i % 25
            )
        })
        .collect();
    app.sql(&format!(
        "INSERT INTO task_cost (task_id, estimated_cost_cents, estimated_centihours, \
         actual_cost_cents, resource_cost_cents, incurred_on, updated_at) VALUES {}",
        costs.join(",")
    ))
    .await;
    let billable = if app.engine == Engine::Postgres {
        "true"
    } else {
        "1"
    };
    // Each task's direct cost: one expense of 5.00.
    let expenses: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "({large}, {first_task} + {i}, {}, 'parts', 500, 'USD', '2026-11-{:02}', \
                 {billable}, NULL, '', NULL, NULL, 500, 500, '2026-11-01 00:00:00+00:00', \
                 '2026-11-01 00:00:00+00:00', 1)",
                ann.id,
                1 + i % 25
            )
        })
        .collect();
    app.sql(&format!(
        "INSERT INTO expense (board_id, task_id, user_id, category, amount_units, currency, \
         incurred_on, is_billable, markup_hundredths, note, exchange_rate_units, \
         exchange_rate_id, cost_cents, billable_cents, created_at, updated_at, version) \
         VALUES {}",
        expenses.join(",")
    ))
    .await;
    let entries: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "({large}, {first_task} + {}, {}, 100, '2026-11-{:02}', '', {billable}, 1000, \
                 1000, '2026-11-01 00:00:00+00:00', '2026-11-01 00:00:00+00:00')",
                i % 300,
                ann.id,
                1 + i % 25
            )
        })
        .collect();
    for chunk in entries.chunks(500) {
        app.sql(&format!(
            "INSERT INTO time_entry (board_id, task_id, user_id, centihours, work_date, \
             description, is_billable, hourly_rate_cents, labour_cost_cents, created_at, \
             updated_at) VALUES {}",
            chunk.join(",")
        ))
        .await;
    }

    let count = |board: i64| {
        let app = &app;
        let ann = &ann;
        async move {
            let before = app.queries();
            let forecast = fetch(app, ann, board).await;
            (app.queries() - before, forecast)
        }
    };
    let (small_queries, small_forecast) = count(small).await;
    let (large_queries, large_forecast) = count(large).await;
    assert_eq!(small_forecast["inputs"]["ac"], "10.00");
    // Labour 3,000 × 10.00 plus direct 300 × 5.00 = 31,500; estimates 300 × 100.00 = 30,000.
    assert_eq!(large_forecast["inputs"]["ac"], "31500.00");
    assert_eq!(large_forecast["inputs"]["planned_cost"], "30000.00");
    // Access check, budget row, board totals, daily costs, earned-value aggregate, and the
    // insert that keeps the day's first forecast in the history.
    assert_eq!(small_queries, 6);
    assert_eq!(large_queries, small_queries);
    println!(
        "forecast queries: small board {small_queries}, large board (300 tasks, 3000 entries) \
         {large_queries}"
    );
}
