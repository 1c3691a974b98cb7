//! Forecasts of past days (`as_of`) and the calibration of a board's and an organisation's
//! forecasts against what happened, on boards whose outcome is known.

use serde_json::{json, Value};

use crate::forecast::steady_board;
use crate::support::*;

fn url(board: i64) -> String {
    format!("/api/v1/boards/{board}/budget/forecast")
}

#[tokio::test]
async fn a_past_day_is_forecast_from_what_was_known_then() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    // At the end of 20 November: five days of 800.00 (16–20 November), and none of today's
    // changes — the budget, the estimate and the progress were all recorded today.
    let then = app
        .get(&format!("{}?as_of=2026-11-20", url(board)), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(then["as_of"], "2026-11-20");
    let inputs = &then["inputs"];
    assert_eq!(inputs["history_from"], "2026-11-16");
    assert_eq!(inputs["history_to"], "2026-11-20");
    assert_eq!(inputs["history_days"], 5);
    assert_eq!(inputs["ac"], "4000.00");
    assert_eq!(inputs["horizon_days"], 35);
    assert_eq!(inputs["horizon_source"], "due_date");
    assert_eq!(inputs["planned_cost"], "0.00");
    assert_eq!(inputs["ev"], "0.00");
    assert_eq!(inputs["bac"], Value::Null);
    assert_eq!(then["probability_over_budget"], Value::Null);
    // 35 more days of 800.00: 28,000 to come, give or take the remaining-scope factor.
    let projected: f64 = then["projected_cost_at_completion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((30_000.0..34_000.0).contains(&projected), "{then}");

    // Today is the live forecast; the future and days before the start are refused.
    let live = app.get(&url(board), &ann.token).await.expect(200).body;
    let today = app
        .get(&format!("{}?as_of={TODAY}", url(board)), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(today, live);
    for day in ["2026-11-26", "2026-11-15"] {
        let refused = app
            .get(&format!("{}?as_of={day}", url(board)), &ann.token)
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(refused.body["errors"][0]["field"], "as_of");
    }
}

/// A board in an organisation that ran from 1 September to its due date, 31 October, at 8 h a
/// day at 100.00 (800.00 a day, 61 days, 48,800.00 in all), and spent nothing after.
async fn finished_board(app: &TestApp) -> (User, i64, i64) {
    let ann = app.user("ann", Some("100.00")).await;
    let org = app.organization(&ann, "Acme").await;
    let board = app
        .new_board(
            &ann,
            json!({"name": "Done", "organization_id": org, "start_date": "2026-09-01",
                   "due_date": "2026-10-31"}),
        )
        .await;
    let task = app.task(&ann, board, "Work").await;
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    while day <= chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap() {
        app.log(&ann, board, task, "8.00", &day.to_string())
            .await
            .expect(201);
        day = day.succ_opt().unwrap();
    }
    (ann, org, board)
}

#[tokio::test]
async fn the_calibration_scores_every_past_forecast_against_the_known_outcome() {
    let app = TestApp::spawn().await;
    let (ann, org, board) = finished_board(&app).await;
    let calibration = app
        .get(
            &format!("/api/v1/boards/{board}/budget/forecast/calibration"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    // The backtest's cut-offs are every seventh day from 8 September; those before the due date
    // (8 September to 27 October, eight of them) project to 31 October, which has passed. The
    // later ones have no horizon (the due date passed, nothing estimated) and are not scored.
    let forecasts = calibration["forecasts"].as_array().unwrap();
    let days: Vec<&str> = forecasts
        .iter()
        .map(|f| f["as_of"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        [
            "2026-09-08",
            "2026-09-15",
            "2026-09-22",
            "2026-09-29",
            "2026-10-06",
            "2026-10-13",
            "2026-10-20",
            "2026-10-27"
        ]
    );
    for forecast in forecasts {
        assert_eq!(forecast["source"], "backtest");
        assert_eq!(forecast["board_id"], board);
        assert_eq!(forecast["completion_date"], "2026-10-31");
        assert_eq!(forecast["outcome"], "48800.00");
        // The burn so far, extrapolated: 800.00 a day to the due date, exactly the outcome.
        assert_eq!(forecast["linear"], "48800.00");
        // The interval is the steady burn to the due date with a remaining-scope spread
        // around it: the outcome is inside.
        assert_eq!(forecast["covered"], true, "{forecast}");
    }
    // 8 September: 6,400.00 spent, no earned value and no budget recorded then: EAC is AC.
    assert_eq!(forecasts[0]["eac"], "6400.00");
    let summary = &calibration["summary"];
    assert_eq!(summary["forecasts"], 8);
    assert_eq!(summary["coverage_80"], "100.00");
    assert_eq!(summary["linear_median_error_percent"], "0.00");
    // EAC = AC misses by (61 − d) / 61 for d days elapsed (8, 15, …, 57): the middle two are
    // 32/61 and 25/61, their mean 46.72 %.
    assert_eq!(summary["eac_median_error_percent"], "46.72");
    // No budget was recorded on those days: nothing to say about overruns.
    assert_eq!(summary["brier"], Value::Null);
    assert_eq!(
        summary["verdict"],
        "The forecast's point error is lower than one baseline's, not both; its 80 % interval \
         covered the outcome more often than it claims (too wide): 100 % of outcomes inside it."
    );
    assert_eq!(calibration["reliability"].as_array().unwrap().len(), 5);

    // The organisation's calibration holds the same forecasts, for its members only.
    let across = app
        .get(
            &format!("/api/v1/organizations/{org}/forecast-calibration"),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    assert_eq!(across["summary"], calibration["summary"]);
    let stranger = app.user("sam", None).await;
    app.get(
        &format!("/api/v1/organizations/{org}/forecast-calibration"),
        &stranger.token,
    )
    .await
    .expect_problem(403, "organization_access_denied");
}
