//! An organisation's exchange rates: entered and imported by its admins, kept as a history per
//! pair, and converting an amount with the rate in force on a day — exact, rounded once to the
//! target currency's minor unit, never guessed when missing.

use serde_json::{json, Value};

use crate::support::*;

struct Org {
    app: TestApp,
    admin: User,
    org: i64,
}

async fn org() -> Org {
    let app = TestApp::spawn().await;
    let admin = app.user("ann", None).await;
    let org = app.organization(&admin, "Acme").await;
    Org { app, admin, org }
}

impl Org {
    fn path(&self, rest: &str) -> String {
        format!("/api/v1/organizations/{}/exchange-rates{rest}", self.org)
    }

    async fn add(&self, from: &str, to: &str, rate: &str, valid_from: &str) -> Response {
        self.app
            .post(
                &self.path(""),
                &self.admin.token,
                json!({"from_currency": from, "to_currency": to, "rate": rate,
                       "valid_from": valid_from}),
            )
            .await
    }

    async fn convert(&self, from: &str, to: &str, amount: &str, on: &str) -> Response {
        self.app
            .get(
                &self.path(&format!(
                    "/convert?from_currency={from}&to_currency={to}&amount={amount}&on={on}"
                )),
                &self.admin.token,
            )
            .await
    }

    async fn import(&self, csv: &str) -> Response {
        self.app
            .post(
                &self.path("/import"),
                &self.admin.token,
                json!({ "csv": csv }),
            )
            .await
    }

    /// (from, to, rate, valid_from, source) of every stored rate, oldest entry first.
    async fn stored(&self) -> Vec<(String, String, String, String, String)> {
        let page = self
            .app
            .get(&self.path(""), &self.admin.token)
            .await
            .expect(200);
        page.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|rate| {
                let text = |field: &str| rate[field].as_str().unwrap().to_owned();
                (
                    text("from_currency"),
                    text("to_currency"),
                    text("rate"),
                    text("valid_from"),
                    text("source"),
                )
            })
            .collect()
    }
}

fn row(
    from: &str,
    to: &str,
    rate: &str,
    day: &str,
    source: &str,
) -> (String, String, String, String, String) {
    (
        from.into(),
        to.into(),
        rate.into(),
        day.into(),
        source.into(),
    )
}

#[tokio::test]
async fn an_admin_adds_rates_as_a_history_one_per_pair_and_day() {
    let acme = org().await;
    let added = acme
        .add(" usd ", "eur", "0.92000000", "2026-01-01")
        .await
        .expect(201);
    let id = added.body["id"].as_i64().unwrap();
    assert_eq!(
        added.header("location").as_deref(),
        Some(format!("/api/v1/organizations/{}/exchange-rates/{id}", acme.org).as_str())
    );
    assert_eq!(added.body["from_currency"], "USD");
    assert_eq!(added.body["to_currency"], "EUR");
    assert_eq!(added.body["rate"], "0.92");
    assert_eq!(added.body["valid_from"], "2026-01-01");
    assert_eq!(added.body["source"], "manual");
    assert_eq!(added.body["created_by"], acme.admin.id);
    acme.add("USD", "EUR", "0.9215", "2026-03-01")
        .await
        .expect(201);

    // One rate per pair and day: a second is refused, and the first stays.
    let again = acme
        .add("USD", "EUR", "0.95", "2026-03-01")
        .await
        .expect_problem(409, "exchange_rate_exists");
    assert_eq!(
        again.body["detail"],
        "a USD→EUR rate from 2026-03-01 is already stored; delete it first to replace it"
    );
    assert_eq!(
        acme.stored().await,
        [
            row("USD", "EUR", "0.92", "2026-01-01", "manual"),
            row("USD", "EUR", "0.9215", "2026-03-01", "manual"),
        ]
    );

    // Deleting the wrong one lets the corrected one in.
    acme.app
        .delete(&acme.path(&format!("/{id}")), &acme.admin.token)
        .await
        .expect(204);
    acme.app
        .delete(&acme.path(&format!("/{id}")), &acme.admin.token)
        .await
        .expect_problem(404, "not_found");
    acme.add("USD", "EUR", "0.93", "2026-01-01")
        .await
        .expect(201);
    // Other pairs that each filter leaves out.
    acme.add("USD", "GBP", "0.79", "2026-01-01")
        .await
        .expect(201);
    acme.add("GBP", "EUR", "1.17", "2026-01-01")
        .await
        .expect(201);
    let filtered = acme
        .app
        .get(
            &acme.path("?from_currency=usd&to_currency=EUR&limit=1"),
            &acme.admin.token,
        )
        .await
        .expect(200);
    assert_eq!(filtered.body["total"], 2);
    assert_eq!(filtered.body["items"][0]["rate"], "0.9215");
    let next = filtered.body["next_cursor"].as_str().unwrap();
    assert_eq!(
        filtered.header("link").as_deref(),
        Some(
            format!(
                "<{}?cursor={next}&from_currency=usd&to_currency=EUR&limit=1>; rel=\"next\"",
                acme.path("")
            )
            .as_str()
        )
    );
    let to_gbp = acme
        .app
        .get(&acme.path("?to_currency=gbp"), &acme.admin.token)
        .await
        .expect(200);
    assert_eq!(to_gbp.body["total"], 1);
    assert_eq!(to_gbp.body["items"][0]["rate"], "0.79");

    // The organisation's trail records who changed which rate.
    let trail = acme
        .app
        .get(
            &format!("/api/v1/organizations/{}/audit?kind=organization", acme.org),
            &acme.admin.token,
        )
        .await
        .expect(200);
    let actions: Vec<&str> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .take(6)
        .collect();
    assert_eq!(
        actions,
        [
            "add_exchange_rate",
            "add_exchange_rate",
            "add_exchange_rate",
            "delete_exchange_rate",
            "add_exchange_rate",
            "add_exchange_rate"
        ]
    );
}

#[tokio::test]
async fn a_rate_is_checked_field_by_field() {
    let acme = org().await;
    let refused = acme
        .app
        .post(
            &acme.path(""),
            &acme.admin.token,
            json!({"from_currency": "ABC", "to_currency": "EUR", "rate": "0",
                   "valid_from": "2026-01-01"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[
            ("from_currency", "unsupported_currency"),
            ("rate", "out_of_range")
        ])
    );
    let refused = acme
        .add("EUR", "EUR", "1.000000001", "2026-01-01")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[("to_currency", "invalid"), ("rate", "too_precise")])
    );
    let refused = acme
        .add("EUR", "USD", "1000000.01", "2026-01-01")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors(), pairs(&[("rate", "out_of_range")]));
    // A JSON number would lose its digits before they were checked.
    let refused = acme
        .app
        .post(
            &acme.path(""),
            &acme.admin.token,
            json!({"from_currency": "EUR", "to_currency": "USD", "rate": 1.08,
                   "valid_from": "2026-01-01"}),
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors(), pairs(&[("rate", "invalid")]));
    acme.add("EUR", "USD", "1000000", "2026-01-01")
        .await
        .expect(201);
    acme.add("EUR", "GBP", "0.00000001", "2026-01-01")
        .await
        .expect(201);
}

#[tokio::test]
async fn an_amount_converts_at_the_rate_in_force_on_its_day_rounded_once() {
    let acme = org().await;
    acme.add("USD", "EUR", "0.92", "2026-01-01")
        .await
        .expect(201);
    let march = acme
        .add("USD", "EUR", "0.9215", "2026-03-01")
        .await
        .expect(201);
    acme.add("EUR", "JPY", "161.235", "2026-01-01")
        .await
        .expect(201);
    acme.add("JPY", "EUR", "0.00612345", "2026-01-01")
        .await
        .expect(201);

    // The day before the new rate: the old one. 1234.50 × 0.92 = 1135.74.
    let feb = acme
        .convert("USD", "EUR", "1234.50", "2026-02-28")
        .await
        .expect(200);
    assert_eq!(feb.body["rate"], "0.92");
    assert_eq!(feb.body["converted"], "1135.74");
    assert_eq!(feb.body["rate_valid_from"], "2026-01-01");
    // From its day on, the new one: 1234.50 × 0.9215 = 1137.59175 → 1137.59.
    let mar = acme
        .convert("USD", "EUR", "1234.50", "2026-03-01")
        .await
        .expect(200);
    assert_eq!(
        mar.body,
        json!({"from_currency": "USD", "to_currency": "EUR", "on": "2026-03-01",
               "amount": "1234.50", "rate": "0.9215", "rate_id": march.body["id"],
               "rate_valid_from": "2026-03-01", "converted": "1137.59"})
    );
    // To a currency in whole units: 10.00 × 161.235 = 1612.35 → 1612 yen.
    let yen = acme
        .convert("EUR", "JPY", "10.00", "2026-06-30")
        .await
        .expect(200);
    assert_eq!(yen.body["converted"], "1612");
    // From whole yen: 1500 × 0.00612345 = 9.185175 → 9.19.
    let euro = acme
        .convert("JPY", "EUR", "1500", "2026-06-30")
        .await
        .expect(200);
    assert_eq!(
        (euro.body["amount"].clone(), euro.body["converted"].clone()),
        (json!("1500"), json!("9.19"))
    );
    // A currency converts to itself at 1, with no stored rate.
    let same = acme
        .convert("GBP", "GBP", "12.34", "2026-06-30")
        .await
        .expect(200);
    assert_eq!(
        (
            same.body["rate"].clone(),
            same.body["rate_id"].clone(),
            same.body["converted"].clone()
        ),
        (json!("1"), Value::Null, json!("12.34"))
    );

    // Before any rate of the pair, and in the opposite direction: refused, not guessed.
    let missing = acme
        .convert("USD", "EUR", "1.00", "2025-12-31")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        missing.field_errors(),
        pairs(&[("to_currency", "missing_exchange_rate")])
    );
    assert_eq!(
        missing.body["errors"][0]["message"],
        "no USD→EUR exchange rate is in force on 2025-12-31; an organisation admin enters one"
    );
    let reverse = acme
        .convert("EUR", "USD", "1.00", "2026-06-30")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        reverse.field_errors(),
        pairs(&[("to_currency", "missing_exchange_rate")])
    );
    // An amount finer than its currency's minor unit.
    let fine = acme
        .convert("JPY", "EUR", "1500.5", "2026-06-30")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(fine.field_errors(), pairs(&[("amount", "too_precise")]));
}

#[tokio::test]
async fn an_import_stores_every_row_or_none_and_twice_changes_nothing() {
    let acme = org().await;
    let file = "from_currency,to_currency,rate,valid_from\r\n\
                USD,EUR,0.92,2026-01-01\r\n\
                \"GBP\",\"EUR\",1.17,2026-01-01\r\n";
    let first = acme.import(file).await.expect(200);
    assert_eq!(first.body, json!({"created": 2, "unchanged": 0}));
    let second = acme.import(&format!("\u{FEFF}{file}")).await.expect(200);
    assert_eq!(second.body, json!({"created": 0, "unchanged": 2}));
    assert_eq!(
        acme.stored().await,
        [
            row("USD", "EUR", "0.92", "2026-01-01", "import"),
            row("GBP", "EUR", "1.17", "2026-01-01", "import"),
        ]
    );

    // One bad row stores none of the good ones.
    let refused = acme
        .import(
            "from_currency,to_currency,rate,valid_from\n\
             CHF,EUR,1.05,2026-01-01\n\
             USD,EUR,0.95,2026-01-01\n\
             CHF,EUR,1.06,2026-01-01\n\
             CHF,XYZ,0.5,2026-13-01\n",
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[
            ("rows[4].valid_from", "invalid"),
            ("rows[4].to_currency", "unsupported_currency"),
        ])
    );
    let refused = acme
        .import(
            "from_currency,to_currency,rate,valid_from\n\
             CHF,EUR,1.05,2026-01-01\n\
             USD,EUR,0.95,2026-01-01\n\
             CHF,EUR,1.06,2026-01-01\n",
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        refused.field_errors(),
        pairs(&[
            ("rows[2].rate", "conflicting_rate"),
            ("rows[3].rate", "conflicting_rate")
        ])
    );
    assert_eq!(
        refused.body["errors"][0]["message"],
        "a USD→EUR rate of 0.92 from 2026-01-01 is already stored; delete it first to replace it"
    );
    assert_eq!(acme.stored().await.len(), 2);

    let header = acme
        .import("from,to,rate,day\nUSD,EUR,1,2026-01-01\n")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(header.field_errors(), pairs(&[("header", "invalid")]));
    let binary = acme
        .import("from_currency,to_currency,rate,valid_from\nUSD,\0EUR,1,2026-01-01\n")
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        binary.field_errors(),
        pairs(&[("csv", "invalid_character")])
    );
}

#[tokio::test]
async fn only_organisation_admins_see_or_change_rates() {
    let acme = org().await;
    let app = &acme.app;
    let member = app.user("bob", None).await;
    app.org_join(&acme.admin, acme.org, &member, "member").await;
    let outsider = app.user("eve", None).await;
    let kept = acme
        .add("USD", "EUR", "0.92", "2026-01-01")
        .await
        .expect(201)
        .body["id"]
        .as_i64()
        .unwrap();
    for (who, code) in [
        (&member, "insufficient_role"),
        (&outsider, "organization_access_denied"),
    ] {
        app.get(&acme.path(""), &who.token)
            .await
            .expect_problem(403, code);
        app.post(
            &acme.path(""),
            &who.token,
            json!({"from_currency": "USD", "to_currency": "GBP", "rate": "0.8",
                   "valid_from": "2026-01-01"}),
        )
        .await
        .expect_problem(403, code);
        app.get(
            &acme.path("/convert?from_currency=USD&to_currency=EUR&amount=1.00&on=2026-02-01"),
            &who.token,
        )
        .await
        .expect_problem(403, code);
        app.delete(&acme.path(&format!("/{kept}")), &who.token)
            .await
            .expect_problem(403, code);
        app.post(
            &acme.path("/import"),
            &who.token,
            json!({"csv": "from_currency,to_currency,rate,valid_from\nUSD,GBP,0.8,2026-01-01\n"}),
        )
        .await
        .expect_problem(403, code);
    }
    // Nothing they sent changed the rates.
    assert_eq!(
        acme.stored().await,
        [row("USD", "EUR", "0.92", "2026-01-01", "manual")]
    );
}
