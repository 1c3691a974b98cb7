//! The cost forecast: exact figures on a steady, hand-computable burn, nulls without a budget,
//! access, a constant query count, and the `history_days` parameter.

use budget_contract::budget::BudgetBasis;
use budget_domain::forecast::bootstrap::{self, seed_for_board};
use budget_domain::forecast::ForecastInput;
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

/// What the method gives on the steady board's inputs (10 days of 800.00, 8,000.00 spent, a
/// 30,000.00 budget, 40,000.00 estimated and 20 % earned), with the board's seed: the answer
/// the service must give, computed by the pure function the unit tests check by hand.
fn expected(board: i64, due: Option<&str>, history_days: usize) -> Value {
    let today: chrono::NaiveDate = "2026-11-25".parse().unwrap();
    let from = today - chrono::Days::new(history_days as u64 - 1);
    let outcome = bootstrap::forecast(&ForecastInput {
        today,
        start: "2026-11-16".parse().unwrap(),
        due: due.map(|due| due.parse().unwrap()),
        daily_cents: vec![80_000; history_days],
        ac_cents: 800_000,
        bac_cents: Some(3_000_000),
        planned_cents: 4_000_000,
        // Halfway through the history nothing was estimated yet (the estimate is today's).
        planned_before_cents: Some(0),
        planned_before_days: (history_days / 2) as u32,
        ev: Decimal::new(8_000, 0),
        resamples: bootstrap::RESAMPLES,
        seed: seed_for_board(board),
        model: bootstrap::Model::SERVICE,
        extra_costs: Vec::new(),
    });
    serde_json::to_value(budget_domain::forecast::view(
        board,
        today,
        from,
        Some(("USD".to_owned(), BudgetBasis::Cost)),
        &outcome,
    ))
    .unwrap()
}

#[tokio::test]
async fn a_steady_burn_with_earned_value_is_forecast_from_exactly_its_inputs() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    let forecast = fetch(&app, &ann, board).await;
    // The inputs, by hand. EV = 40,000 × 20 % = 8,000 = AC: CPI 1, EAC_ev = 8,000 + 32,000 / 1
    // = 40,000, taken by 0.5 × 20 % = a tenth of the draws (the pace has not moved). Progress
    // says 10 × 0.8 / 0.2 = 40 more days, past the due date 30 days ahead: half the burn draws
    // run 40 days. The remaining-scope spread is 0.15. No growth of the estimates is measured:
    // five days ago nothing was estimated yet.
    let inputs = &forecast["inputs"];
    assert_eq!(
        forecast["method"],
        "regime-bootstrap-7d+ev-mixture+scope+adaptive"
    );
    assert_eq!(inputs["history_days"], 10);
    assert_eq!(inputs["horizon_days"], 30);
    assert_eq!(inputs["horizon_source"], "due_date");
    assert_eq!(inputs["mean_daily_cost"], "800.00");
    assert_eq!(inputs["recent_daily_cost"], "800.00");
    assert_eq!(inputs["daily_cost_trend"], "0.00");
    assert_eq!(inputs["ac"], "8000.00");
    assert_eq!(inputs["ev"], "8000.00");
    assert_eq!(inputs["planned_cost"], "40000.00");
    assert_eq!(inputs["percent_complete"], "20.00");
    assert_eq!(inputs["cpi"], "1.0000");
    assert_eq!(inputs["eac_ev"], "40000.00");
    assert_eq!(inputs["blend_weight"], "0.1000");
    assert_eq!(inputs["progress_horizon_days"], 40);
    assert_eq!(inputs["planned_cost_before"], "0.00");
    assert_eq!(inputs["scope_growth"], "0.0000");
    assert_eq!(inputs["scope_spread"], "0.1500");
    // The interval's width: 30 of 40 days still to come, no growth, a steady pace, under two
    // fortnights of history; the scenarios' estimates of the cost to come are 24,000 (the burn
    // to the due date, at the mean and recent pace alike) and 32,000 (EAC_ev − AC), 8,000 apart.
    let spread = &inputs["interval_spread"];
    assert_eq!(spread["share_ahead"], "0.7500");
    assert_eq!(spread["expected_growth"], "0.0000");
    assert_eq!(spread["unevenness"], "0.0000");
    assert_eq!(spread["pace_change"], "0.0000");
    let projected: Decimal = forecast["projected_cost_at_completion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let ratio = |value: &Value| value.as_str().unwrap().parse::<f64>().unwrap();
    let disagreement = 8_000.0 / (f64::try_from(projected).unwrap() - 8_000.0);
    assert!((ratio(&spread["disagreement"]) - disagreement).abs() < 1e-4);
    // Above the median e^(−0.25 − 0.5 × 0.75 + 0.75 D), below e^(−0.75 + 0.5 D).
    let above = (-0.25 - 0.5 * 0.75 + 0.75 * disagreement).exp();
    let below = (-0.75 + 0.5 * disagreement).exp();
    assert!((ratio(&spread["above"]) - above).abs() < 1e-4);
    assert!((ratio(&spread["below"]) - below).abs() < 1e-4);
    // The answer is the method's on exactly those inputs; every draw lies around 32,000 (the
    // burn to the due date) or 40,000 (40 days, or the earned-value estimate), all over budget,
    // and the interval is drawn towards the median by both factors (under 1).
    assert_eq!(forecast, expected(board, Some("2026-12-25"), 10));
    let low: Decimal = forecast["interval_80"]["low"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let high: Decimal = forecast["interval_80"]["high"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(Decimal::new(32_000, 0) < low && low < projected);
    assert!(projected < Decimal::new(40_000, 0) && Decimal::new(40_000, 0) < high);
    // Under the 30,000 budget only when a draw of the burn to the due date (45 % of them), once
    // drawn towards the median M = projected − 8,000 (about 28,000) by `below`, ends under
    // 22,000: 24,000 e^(0.15 z) < M − (M − 22,000) / below (about 17,000), z < −2.3, 1 % of
    // them: about 0.5 % of the draws are under, 99.5 % over.
    let over: Decimal = forecast["probability_over_budget"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        Decimal::new(99, 0) < over && over < Decimal::new(100, 0),
        "{over}"
    );
    // The same data gives the same answer.
    assert_eq!(fetch(&app, &ann, board).await, forecast);

    // A shorter history of the same steady burn changes the inputs, not the burn.
    let short = app
        .get(&format!("{}?history_days=3", url(board)), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(short["inputs"]["history_from"], "2026-11-23");
    assert_eq!(short["inputs"]["history_days"], 3);
    assert_eq!(short["inputs"]["block_days"], 1);
    assert_eq!(short["inputs"]["mean_daily_cost"], "800.00");
    assert_eq!(short, expected(board, Some("2026-12-25"), 3));
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
    // as EAC_ev: every draw is 8,000 + 32,000 × a remaining-scope factor of spread 0.15, so the
    // median is 40,000 give or take that factor's median. The scenarios agree (disagreement 0)
    // with 40 of 50 days to come: the draws are drawn towards the median by e^(−0.25 − 0.5 × 0.8)
    // above and e^(−0.75) below.
    let forecast = fetch(&app, &ann, board).await;
    assert_eq!(forecast["inputs"]["horizon_source"], "progress");
    assert_eq!(forecast["inputs"]["horizon_days"], 40);
    assert_eq!(forecast["inputs"]["completion_date"], "2027-01-04");
    assert_eq!(forecast["inputs"]["scope_spread"], "0.1500");
    let spread = &forecast["inputs"]["interval_spread"];
    assert_eq!(spread["share_ahead"], "0.8000");
    assert_eq!(spread["disagreement"], "0.0000");
    assert_eq!(spread["above"], "0.5220");
    assert_eq!(spread["below"], "0.4724");
    assert_eq!(forecast, expected(board, None, 10));
    let projected: Decimal = forecast["projected_cost_at_completion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // The median of 2,000 draws of e^(0.15 z) is 1 give or take 1.25 × 0.15 / √2,000 ≈ 0.0042,
    // about 135 on 32,000: within three of those.
    assert!(
        (projected - Decimal::new(40_000, 0)).abs() < Decimal::new(400, 0),
        "{projected}"
    );
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
    let app = TestApp::spawn_quiet().await;
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
    // Access check, budget row, board totals, daily costs, earned-value aggregate, the changes
    // of estimates since halfway through the history, and the insert that keeps the day's first
    // forecast in the history.
    assert_eq!(small_queries, 7);
    assert_eq!(large_queries, small_queries);
    println!(
        "forecast queries: small board {small_queries}, large board (300 tasks, 3000 entries) \
         {large_queries}"
    );
}
