//! Random histories of a mixed-currency board — entries logged, edited, moved and deleted, rates
//! added at every level in four currencies, expenses recorded and deleted, repricings applied
//! and reverted — after which every figure still follows from its inputs: spent is exactly the
//! sum of the entries' snapshots and the expenses' costs (on a budget of fees, of their billable
//! amounts), revenue the sum of their billable amounts, every entry's amounts are its hours at
//! its own rates and exchange rates rounded once, and the running totals equal the entries.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};

use crate::running_totals::MISMATCHES;
use crate::support::{TestApp, User};

struct Board {
    app: TestApp,
    people: Vec<User>,
    org: i64,
    board: i64,
    tasks: Vec<i64>,
}

impl Board {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let ann = app.user("ann", None).await;
        let bob = app.user("bob", None).await;
        let dan = app.user("dan", None).await;
        let org = app.organization(&ann, "Acme").await;
        app.org_join(&ann, org, &bob, "member").await;
        app.org_join(&ann, org, &dan, "member").await;
        let board = app
            .euro_board(&ann, org, "Mixed", "2026-01-01", "50000.00")
            .await;
        app.member(&ann, board, &bob, "editor", None).await;
        app.member(&ann, board, &dan, "editor", None).await;
        let mut tasks = Vec::new();
        for title in ["Design", "Build", "Test"] {
            tasks.push(app.task(&ann, board, title).await);
        }
        for (from, rate, day) in [
            ("USD", "0.9215", "2026-01-01"),
            ("USD", "0.93", "2026-03-01"),
            ("GBP", "1.1712", "2026-01-01"),
            ("GBP", "1.1655", "2026-02-15"),
            ("JPY", "0.00617", "2026-01-01"),
        ] {
            app.post(
                &format!("/api/v1/organizations/{org}/exchange-rates"),
                &ann.token,
                json!({"from_currency": from, "to_currency": "EUR", "rate": rate,
                       "valid_from": day}),
            )
            .await
            .expect(201);
        }
        Self {
            app,
            people: vec![ann, bob, dan],
            org,
            board,
            tasks,
        }
    }

    fn admin(&self) -> &User {
        &self.people[0]
    }

    async fn all(&self, path: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut url = format!("{path}?limit=500");
        loop {
            let page = self
                .app
                .get(&url, &self.admin().token)
                .await
                .expect(200)
                .body;
            items.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(cursor) => url = format!("{path}?limit=500&cursor={cursor}"),
                None => return items,
            }
        }
    }

    async fn entries(&self) -> Vec<Value> {
        self.all(&format!("/api/v1/boards/{}/time-entries", self.board))
            .await
    }

    async fn expenses(&self) -> Vec<Value> {
        self.all(&format!("/api/v1/boards/{}/expenses", self.board))
            .await
    }
}

fn day(rng: &mut StdRng) -> String {
    let month = rng.gen_range(1..=4);
    format!("2026-{month:02}-{:02}", rng.gen_range(1..=28))
}

fn currency(rng: &mut StdRng) -> Option<&'static str> {
    [None, Some("EUR"), Some("USD"), Some("GBP"), Some("JPY")][rng.gen_range(0..5)]
}

/// A rate in `currency`: whole for the yen, two places otherwise.
fn rate(rng: &mut StdRng, currency: Option<&str>) -> String {
    if currency == Some("JPY") {
        rng.gen_range(1_000..30_000).to_string()
    } else {
        format!("{}.{:02}", rng.gen_range(10..200), rng.gen_range(0..100))
    }
}

fn decimal(value: &Value) -> Decimal {
    value.as_str().unwrap_or("0").parse().unwrap()
}

fn cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// One random step; refusals the rules call for (a rate already stored that day, a revert of
/// entries changed since, a day over 24 hours) are part of the history.
async fn step(b: &Board, rng: &mut StdRng, repricings: &mut Vec<i64>) {
    let admin = b.admin();
    let entries = b.entries().await;
    let pick = |rng: &mut StdRng, items: &[Value]| items[rng.gen_range(0..items.len())].clone();
    match rng.gen_range(0..10) {
        0..=2 => {
            let who = &b.people[rng.gen_range(0..3)];
            let task = b.tasks[rng.gen_range(0..3)];
            let hours = format!(
                "{}.{:02}",
                rng.gen_range(0..4),
                [25, 50, 75][rng.gen_range(0..3)]
            );
            let status = b
                .app
                .post(
                    &format!("/api/v1/boards/{}/tasks/{task}/time-entries", b.board),
                    &who.token,
                    json!({"hours": hours, "work_date": day(rng), "is_billable": rng.gen_bool(0.8)}),
                )
                .await
                .status;
            assert!(status == 201 || status == 422, "logging answered {status}");
        }
        3 if !entries.is_empty() => {
            let entry = pick(rng, &entries);
            let change = match rng.gen_range(0..3) {
                0 => json!({"hours": format!("{}.50", rng.gen_range(0..3))}),
                1 => json!({"work_date": day(rng)}),
                _ => json!({"is_billable": !entry["is_billable"].as_bool().unwrap()}),
            };
            let status = b
                .app
                .patch(
                    &format!("/api/v1/time-entries/{}", entry["id"]),
                    &admin.token,
                    change,
                )
                .await
                .status;
            assert!(status == 200 || status == 422, "changing answered {status}");
        }
        4 if !entries.is_empty() => {
            let entry = pick(rng, &entries);
            b.app
                .delete(
                    &format!("/api/v1/time-entries/{}", entry["id"]),
                    &admin.token,
                )
                .await
                .expect(204);
        }
        5 => {
            let (cost_currency, billable_currency) = (currency(rng), currency(rng));
            let mut body = json!({"valid_from": day(rng)});
            if rng.gen_bool(0.7) {
                body["cost_rate"] = json!(rate(rng, cost_currency));
                body["cost_currency"] = json!(cost_currency);
            }
            if rng.gen_bool(0.7) {
                body["billable_rate"] = json!(rate(rng, billable_currency));
                body["billable_currency"] = json!(billable_currency);
            }
            let person = b.people[rng.gen_range(0..3)].id;
            let (path, level) = match rng.gen_range(0..5) {
                0 => (format!("/api/v1/boards/{}/rates", b.board), "board"),
                1 => (format!("/api/v1/boards/{}/rates", b.board), "board_member"),
                2 => (format!("/api/v1/boards/{}/rates", b.board), "task"),
                3 => (format!("/api/v1/organizations/{}/rates", b.org), "person"),
                _ => (
                    format!("/api/v1/organizations/{}/rates", b.org),
                    "organization",
                ),
            };
            body["level"] = json!(level);
            if level == "board_member" || level == "person" {
                body["user_id"] = json!(person);
            }
            if level == "task" {
                body["task_id"] = json!(b.tasks[rng.gen_range(0..3)]);
            }
            let status = b.app.post(&path, &admin.token, body).await.status;
            assert!(
                status == 201 || status == 409,
                "adding a rate answered {status}"
            );
        }
        6 => {
            let currency = ["EUR", "USD", "GBP", "JPY"][rng.gen_range(0..4)];
            let amount = if currency == "JPY" {
                rng.gen_range(100..200_000).to_string()
            } else {
                format!("{}.{:02}", rng.gen_range(1..2_000), rng.gen_range(0..100))
            };
            let mut body = json!({"category": "travel", "amount": amount, "currency": currency,
                                  "incurred_on": day(rng), "is_billable": rng.gen_bool(0.6)});
            if rng.gen_bool(0.5) {
                body["markup_percent"] =
                    json!(format!("{}.{}", rng.gen_range(0..30), rng.gen_range(0..10)));
            }
            let who = &b.people[rng.gen_range(0..3)];
            let task = b.tasks[rng.gen_range(0..3)];
            b.app.expense(who, b.board, task, body).await.expect(201);
        }
        7 => {
            let expenses = b.expenses().await;
            if !expenses.is_empty() {
                let expense = pick(rng, &expenses);
                b.app
                    .delete(&format!("/api/v1/expenses/{}", expense["id"]), &admin.token)
                    .await
                    .expect(204);
            }
        }
        8 => {
            let applied = b
                .app
                .post(
                    &format!("/api/v1/boards/{}/repricings", b.board),
                    &admin.token,
                    json!({}),
                )
                .await
                .expect(201);
            repricings.push(applied.body["id"].as_i64().unwrap());
        }
        _ => {
            if let Some(id) = repricings.pop() {
                let status = b
                    .app
                    .post(
                        &format!("/api/v1/boards/{}/repricings/{id}/revert", b.board),
                        &admin.token,
                        json!({}),
                    )
                    .await
                    .status;
                assert!(
                    status == 200 || status == 409,
                    "reverting answered {status}"
                );
            }
        }
    }
}

/// Every figure follows from its inputs. Answers how many entries were priced in another
/// currency, and how many expenses there are.
async fn check(b: &Board, when: &str) -> (usize, usize) {
    let entries = b.entries().await;
    let expenses = b.expenses().await;
    for entry in &entries {
        let hours = decimal(&entry["hours"]);
        let at = |rate: &Value, exchange: &Value| {
            if rate.is_null() {
                return Decimal::ZERO;
            }
            let exchange = if exchange.is_null() {
                Decimal::ONE
            } else {
                decimal(exchange)
            };
            cents(hours * decimal(rate) * exchange)
        };
        assert_eq!(
            decimal(&entry["labour_cost"]),
            at(&entry["hourly_rate"], &entry["cost_exchange_rate"]),
            "{when}: labour cost of {entry}"
        );
        let billed = if entry["is_billable"] == true {
            at(&entry["billable_rate"], &entry["billable_exchange_rate"])
        } else {
            Decimal::ZERO
        };
        assert_eq!(
            decimal(&entry["billable_amount"]),
            billed,
            "{when}: billable amount of {entry}"
        );
    }
    let sum =
        |items: &[Value], field: &str| items.iter().map(|i| decimal(&i[field])).sum::<Decimal>();
    let metrics = b.app.metrics(b.admin(), b.board).await;
    assert_eq!(
        decimal(&metrics["spent"]),
        sum(&entries, "labour_cost") + sum(&expenses, "cost"),
        "{when}: spent"
    );
    assert_eq!(
        decimal(&metrics["profitability"]["revenue"]),
        sum(&entries, "billable_amount") + sum(&expenses, "billable_amount"),
        "{when}: revenue"
    );
    // Kept on billable amounts, the same board's budget is spent by exactly what was billed.
    let budget_path = format!("/api/v1/boards/{}/budget", b.board);
    let mut budget = b
        .app
        .get(&budget_path, &b.admin().token)
        .await
        .expect(200)
        .body;
    budget["basis"] = json!("billable");
    b.app
        .budget(b.admin(), b.board, budget.clone())
        .await
        .expect(200);
    assert_eq!(
        decimal(&b.app.metrics(b.admin(), b.board).await["spent"]),
        sum(&entries, "billable_amount") + sum(&expenses, "billable_amount"),
        "{when}: spent of a budget of fees"
    );
    budget["basis"] = json!("cost");
    b.app.budget(b.admin(), b.board, budget).await.expect(200);
    assert_eq!(
        b.app.sql_number(MISMATCHES).await,
        0,
        "{when}: running totals"
    );
    let converted = entries
        .iter()
        .filter(|e| !e["cost_exchange_rate"].is_null() || !e["billable_exchange_rate"].is_null())
        .count();
    (converted, expenses.len())
}

#[tokio::test]
async fn spent_and_revenue_are_the_sums_of_the_snapshots_for_random_histories() {
    for seed in [7, 19, 2026] {
        let b = Board::new().await;
        let mut rng = StdRng::seed_from_u64(seed);
        let mut repricings = Vec::new();
        for n in 0..60 {
            step(&b, &mut rng, &mut repricings).await;
            if n % 15 == 14 {
                check(&b, &format!("seed {seed}, step {n}")).await;
            }
        }
        let (converted, expenses) = check(&b, &format!("seed {seed}, at the end")).await;
        // The history is one worth checking: entries priced in other currencies, expenses.
        assert!(
            converted > 0 && expenses > 0,
            "seed {seed}: {converted}, {expenses}"
        );
    }
}
