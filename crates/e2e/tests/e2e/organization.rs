//! An organisation admin reaches the organisation's screen from Settings, adds an exchange
//! rate and imports another from CSV text, and sets the organisation's default rate: each is
//! listed, and the API has it.

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_admin_adds_and_imports_exchange_rates_and_sets_the_default_rate() {
    let e2e = E2e::start("organization").await;
    e2e.sign_in_demo().await;
    let organization = e2e.api("/api/v1/me").await["organization_id"]
        .as_i64()
        .unwrap();

    // From Settings, through the link shown to organisation admins.
    e2e.click("nav-settings").await;
    e2e.click("settings-organization").await;
    e2e.wait_for("exchange-add").await;

    // One rate through the form.
    e2e.fill("exchange-from", "USD").await;
    e2e.fill("exchange-to", "EUR").await;
    e2e.fill("exchange-rate", "0.9215").await;
    e2e.fill("exchange-valid-from", "2026-11-01").await;
    e2e.click("exchange-add").await;
    let listed = async |pair: &str, rate: &str| {
        e2e.until(
            &format!("{pair} at {rate} in the exchange-rate rows"),
            async || {
                for row in e2e.all(&testid("exchange-rate-row")).await {
                    let text = row.text().await.ok()?;
                    if text.contains(pair) && text.contains(rate) {
                        return Some(());
                    }
                }
                None
            },
        )
        .await
    };
    listed("USD → EUR", "0.9215").await;

    // Another from CSV text.
    e2e.fill(
        "exchange-csv",
        "from_currency,to_currency,rate,valid_from\nGBP,EUR,1.165,2026-11-01\n",
    )
    .await;
    e2e.click("exchange-import").await;
    e2e.wait_text("Imported: 1 new, 0 already stored.").await;
    listed("GBP → EUR", "1.165").await;
    let stored = e2e
        .api(&format!(
            "/api/v1/organizations/{organization}/exchange-rates?limit=500"
        ))
        .await;
    let pairs: Vec<(String, String, String)> = stored["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rate| {
            (
                raw(&rate["from_currency"]),
                raw(&rate["rate"]),
                raw(&rate["source"]),
            )
        })
        .collect();
    assert!(
        pairs.contains(&("USD".into(), "0.9215".into(), "manual".into())),
        "{stored}"
    );
    assert!(
        pairs.contains(&("GBP".into(), "1.165".into(), "import".into())),
        "{stored}"
    );

    // The organisation's default cost rate (the form starts at that level).
    e2e.fill("rate-valid-from", "2026-11-01").await;
    e2e.fill("rate-cost-rate", "55").await;
    e2e.click("rate-add").await;
    e2e.until("the organisation's rate in the rate rows", async || {
        for row in e2e.all(&testid("rate-row")).await {
            let text = row.text().await.ok()?;
            if text.contains("everyone in the organisation") && text.contains("55.00/h") {
                return Some(());
            }
        }
        None
    })
    .await;
    let rates = e2e
        .api(&format!(
            "/api/v1/organizations/{organization}/rates?level=organization&limit=500"
        ))
        .await;
    assert!(
        rates["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|rate| rate["valid_from"] == "2026-11-01" && raw(&rate["cost_rate"]) == "55.00"),
        "{rates}"
    );
    e2e.screenshot("organization").await;
    e2e.finish().await;
}
