//! The forecast history: the default forecast of a board with a budget is stored once a day, by
//! the first read or the periodic sweep, whichever comes first; the second changes nothing.
//! The history is listed oldest first, paged and filtered by day, to any role on the board.

use budget_domain::entity::forecast_snapshot;
use budget_domain::forecast::history::{self, Swept};
use budget_domain::{Clock, Domain};
use chrono::NaiveDate;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

use crate::forecast::steady_board;
use crate::support::*;

fn forecast_url(board: i64) -> String {
    format!("/api/v1/boards/{board}/budget/forecast")
}

fn history_url(board: i64) -> String {
    format!("/api/v1/boards/{board}/budget/forecast/history")
}

async fn stored(app: &TestApp) -> Vec<forecast_snapshot::Model> {
    forecast_snapshot::Entity::find()
        .all(app.domain.db.conn())
        .await
        .unwrap()
}

/// The app's domain with "today" moved to `day`: what the server would do on that day.
fn on_day(app: &TestApp, day: &str) -> Domain {
    let mut domain = app.domain.clone();
    domain.clock = Clock::fixed_on(day.parse::<NaiveDate>().unwrap());
    domain
}

/// The history item a forecast answer is stored as.
fn item_of(forecast: &Value) -> Value {
    json!({
        "as_of": forecast["as_of"],
        "method": forecast["method"],
        "version": env!("CARGO_PKG_VERSION"),
        "basis": forecast["basis"],
        "currency": forecast["currency"],
        "projected_cost_at_completion": forecast["projected_cost_at_completion"],
        "interval_80": forecast["interval_80"],
        "probability_over_budget": forecast["probability_over_budget"],
        "projected_overrun": forecast["projected_overrun"],
        "projected_exhaustion_date": forecast["projected_exhaustion_date"],
        "ac": forecast["inputs"]["ac"],
        "bac": forecast["inputs"]["bac"],
    })
}

#[tokio::test]
async fn two_reads_on_one_day_store_one_row_with_the_answers_figures() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    let forecast = app
        .get(&forecast_url(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(
        app.get(&forecast_url(board), &ann.token)
            .await
            .expect(200)
            .body,
        forecast
    );
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 1);
    // The answer's figures, in storage units.
    let cents = |value: &Value| -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        let amount: rust_decimal::Decimal = value.as_str().unwrap().parse().unwrap();
        (amount * rust_decimal::Decimal::ONE_HUNDRED)
            .to_i64()
            .unwrap()
    };
    let row = &rows[0];
    assert_eq!(row.board_id, board);
    assert_eq!(row.as_of, today());
    assert_eq!(
        (row.projected_cents, row.low_cents, row.high_cents),
        (
            cents(&forecast["projected_cost_at_completion"]),
            cents(&forecast["interval_80"]["low"]),
            cents(&forecast["interval_80"]["high"])
        )
    );
    assert_eq!(
        row.projected_overrun_cents,
        Some(cents(&forecast["projected_overrun"]))
    );
    assert_eq!((row.ac_cents, row.bac_cents), (800_000, 3_000_000));
    assert_eq!(
        row.probability_hundredths,
        i32::try_from(cents(&forecast["probability_over_budget"])).ok()
    );
    assert_eq!(
        row.exhaustion_date,
        forecast["projected_exhaustion_date"]
            .as_str()
            .and_then(|day| day.parse().ok())
    );
    assert_eq!((row.basis.as_str(), row.currency.as_str()), ("cost", "USD"));
    // The whole answer is kept: method, seed and every input.
    let kept: Value = serde_json::from_str(&row.forecast_json).unwrap();
    assert_eq!(kept, forecast);

    let history = app.get(&history_url(board), &ann.token).await.expect(200);
    assert_eq!(
        history.body,
        json!({"items": [item_of(&forecast)], "total": 1})
    );
    assert_eq!(
        history.body["items"][0]["projected_cost_at_completion"],
        forecast["projected_cost_at_completion"]
    );

    // New data makes a new answer the same day; the day's stored forecast stays the first.
    let task = app.task(&ann, board, "More").await;
    app.log(&ann, board, task, "8.00", TODAY).await.expect(201);
    let later = app
        .get(&forecast_url(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_ne!(later["inputs"]["ac"], forecast["inputs"]["ac"]);
    assert_eq!(stored(&app).await.len(), 1);
    let history = app.get(&history_url(board), &ann.token).await.expect(200);
    assert_eq!(history.body["items"][0], item_of(&forecast));
}

#[tokio::test]
async fn a_read_with_another_history_length_stores_nothing() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    app.get(
        &format!("{}?history_days=30", forecast_url(board)),
        &ann.token,
    )
    .await
    .expect(200);
    assert!(stored(&app).await.is_empty());
    // The default read of the day still stores its own answer.
    let forecast = app
        .get(&forecast_url(board), &ann.token)
        .await
        .expect(200)
        .body;
    let history = app.get(&history_url(board), &ann.token).await.expect(200);
    assert_eq!(history.body["items"], json!([item_of(&forecast)]));
}

#[tokio::test]
async fn a_board_without_a_budget_stores_nothing() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("100.00")).await;
    let board = app.board(&ann, "No budget").await;
    let task = app.task(&ann, board, "Work").await;
    app.log(&ann, board, task, "8.00", TODAY).await.expect(201);
    let forecast = app
        .get(&forecast_url(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(forecast["currency"], Value::Null);
    assert_eq!(history::sweep(&app.domain).await.unwrap(), Swept::default());
    assert!(stored(&app).await.is_empty());
    let history = app.get(&history_url(board), &ann.token).await.expect(200);
    assert_eq!(history.body, json!({"items": [], "total": 0}));
}

#[tokio::test]
async fn the_sweep_stores_todays_forecast_once_and_a_read_after_it_changes_nothing() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    let swept = history::sweep(&app.domain).await.unwrap();
    assert_eq!(
        swept,
        Swept {
            recorded: 1,
            failed: 0
        }
    );
    assert_eq!(history::sweep(&app.domain).await.unwrap(), Swept::default());
    // The first read of the day comes after the sweep: the same forecast, already stored.
    let forecast = app
        .get(&forecast_url(board), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(stored(&app).await.len(), 1);
    let history = app.get(&history_url(board), &ann.token).await.expect(200);
    assert_eq!(history.body["items"], json!([item_of(&forecast)]));

    // A board read first is not swept again; one with a budget nobody read is.
    let other = app.board(&ann, "Unread").await;
    app.budget(
        &ann,
        other,
        json!({"allocated_budget": "500.00", "currency": "EUR"}),
    )
    .await
    .expect(201);
    let swept = history::sweep(&app.domain).await.unwrap();
    assert_eq!(
        swept,
        Swept {
            recorded: 1,
            failed: 0
        }
    );
    let unread = app.get(&history_url(other), &ann.token).await.expect(200);
    assert_eq!(unread.body["total"], 1);
    assert_eq!(unread.body["items"][0]["currency"], "EUR");
    assert_eq!(unread.body["items"][0]["bac"], "500.00");
    assert_eq!(unread.body["items"][0]["ac"], "0.00");
}

/// Sweeps on 2026-11-21 … 2026-11-25, as the server would on each of those days.
async fn five_days(app: &TestApp) -> (User, i64) {
    let (ann, board) = steady_board(app).await;
    for day in 21..=25 {
        let swept = history::sweep(&on_day(app, &format!("2026-11-{day}")))
            .await
            .unwrap();
        assert_eq!(swept.recorded, 1, "2026-11-{day}");
    }
    (ann, board)
}

fn days(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["as_of"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_history_is_paged_oldest_first_and_filtered_by_day() {
    let app = TestApp::spawn().await;
    let (ann, board) = five_days(&app).await;
    let url = history_url(board);

    let first = app
        .get(&format!("{url}?limit=2"), &ann.token)
        .await
        .expect(200);
    assert_eq!(days(&first.body), ["2026-11-21", "2026-11-22"]);
    assert_eq!(first.body["total"], 5);
    assert_eq!(first.body["next_cursor"], "2026-11-22");
    assert_eq!(
        first.header("link").as_deref(),
        Some(format!("<{url}?cursor=2026-11-22&limit=2>; rel=\"next\"").as_str())
    );
    let second = app
        .get(&format!("{url}?limit=2&cursor=2026-11-22"), &ann.token)
        .await
        .expect(200);
    assert_eq!(days(&second.body), ["2026-11-23", "2026-11-24"]);
    let last = app
        .get(&format!("{url}?limit=2&cursor=2026-11-24"), &ann.token)
        .await
        .expect(200);
    assert_eq!(days(&last.body), ["2026-11-25"]);
    assert_eq!(last.body.get("next_cursor"), None);
    assert_eq!(last.header("link"), None);

    let filtered = app
        .get(&format!("{url}?from=2026-11-22&to=2026-11-24"), &ann.token)
        .await
        .expect(200);
    assert_eq!(
        days(&filtered.body),
        ["2026-11-22", "2026-11-23", "2026-11-24"]
    );
    assert_eq!(filtered.body["total"], 3);
    let from = app
        .get(&format!("{url}?from=2026-11-25"), &ann.token)
        .await
        .expect(200);
    assert_eq!(days(&from.body), ["2026-11-25"]);

    // Each day's forecast was made as of that day: a later day has a shorter horizon to the
    // due date.
    let all = app.get(&url, &ann.token).await.expect(200).body;
    assert_ne!(
        all["items"][0]["projected_cost_at_completion"],
        all["items"][4]["projected_cost_at_completion"]
    );

    let refused = app
        .get(&format!("{url}?from=2026-11-24&to=2026-11-22"), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors(), pairs(&[("from", "out_of_range")]));
    let refused = app
        .get(&format!("{url}?cursor=yesterday&limit=0"), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("limit", "out_of_range"), ("cursor", "invalid")])
    );
}

#[tokio::test]
async fn viewers_read_the_history_and_strangers_are_refused() {
    let app = TestApp::spawn().await;
    let (ann, board) = steady_board(&app).await;
    app.get(&forecast_url(board), &ann.token).await.expect(200);
    let vic = app.user("vic", None).await;
    app.member(&ann, board, &vic, "viewer", None).await;
    let seen = app.get(&history_url(board), &vic.token).await.expect(200);
    assert_eq!(seen.body["total"], 1);
    let eve = app.user("eve", None).await;
    app.get(&history_url(board), &eve.token)
        .await
        .expect_problem(403, "board_access_denied");
}
