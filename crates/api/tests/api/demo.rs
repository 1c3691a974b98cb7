//! The demo organisation, seen the way a visitor sees it: sign in, list boards, read metrics.

use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::json;

use crate::support::*;

fn decimal(value: &serde_json::Value) -> Decimal {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {value}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_demo_account_sees_two_boards_with_a_healthy_budget() {
    let app = TestApp::spawn().await;
    budget_seed::demo::seed(&app.domain).await.unwrap();

    let session = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": "demo@example.com", "password": "demo-password-123"})),
        )
        .await
        .expect(200);
    let token = session.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(session.body["user"]["email"], "demo@example.com");

    let boards = app.get("/api/v1/boards", &token).await.expect(200);
    let items = boards.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{}", boards.text);
    let board = items[0]["id"].as_i64().unwrap();

    let metrics = app
        .get(&format!("/api/v1/boards/{board}/budget/metrics"), &token)
        .await
        .expect(200)
        .body;
    assert_eq!(metrics["status"], "ok", "{metrics}");
    assert_eq!(metrics["currency"], "USD", "{metrics}");
    let utilisation = decimal(&metrics["utilisation_percent"]);
    assert!(
        utilisation >= Decimal::from(70) && utilisation <= Decimal::from(80),
        "utilisation {utilisation} is not between 70 and 80"
    );
    assert!(
        metrics["tasks"]["total"].as_u64().unwrap() >= 30,
        "{metrics}"
    );
    // The numbers add up: spent = labour + direct + resource, remaining = allocated − spent.
    let spent = decimal(&metrics["spent"]);
    let split = &metrics["cost_split"];
    assert_eq!(
        spent,
        decimal(&split["labour"]) + decimal(&split["direct"]) + decimal(&split["resource"])
    );
    assert_eq!(
        decimal(&metrics["remaining"]),
        decimal(&metrics["allocated_budget"]) - spent
    );
    assert!(spent > Decimal::ZERO);
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let first = budget_seed::demo::seed(&app.domain).await.unwrap();
    assert!(
        matches!(first, budget_seed::demo::DemoOutcome::Created { .. }),
        "{first:?}"
    );
    let second = budget_seed::demo::seed(&app.domain).await.unwrap();
    assert_eq!(second, budget_seed::demo::DemoOutcome::AlreadyPresent);
}
