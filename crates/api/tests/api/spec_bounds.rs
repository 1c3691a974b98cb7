//! The spec declares the bounds the server enforces, so generated clients and the fuzzer learn
//! the real rules: each declared bound is read from the served spec and compared with
//! `budget_contract::limits` (which the domain's validation uses), and the money and hours
//! patterns are checked against the server: every value a pattern admits is accepted.

use budget_contract::limits::{
    CRITICAL_THRESHOLD, EMAIL_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, NAME_CHARS,
    NOTE_CHARS, PROGRESS, SHORT_NAME_CHARS, TOKEN_DAYS, WARNING_THRESHOLD,
};
use regex::Regex;
use serde_json::{json, Value};

use crate::support::{TestApp, TODAY};

async fn spec(app: &TestApp) -> Value {
    app.request(reqwest::Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .expect(200)
        .body
}

fn property<'a>(spec: &'a Value, schema: &str, field: &str) -> &'a Value {
    let found = &spec["components"]["schemas"][schema]["properties"][field];
    assert!(found.is_object(), "{schema}.{field} is not in the spec");
    found
}

fn number(value: &Value) -> i64 {
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f as i64))
        .unwrap_or_else(|| panic!("{value} is not a number"))
}

#[tokio::test]
async fn declared_bounds_are_the_limits_the_server_enforces() {
    let app = TestApp::spawn().await;
    let spec = spec(&app).await;
    let lengths = [
        ("BoardInput", "name", 1, NAME_CHARS),
        ("TaskInput", "title", 1, NAME_CHARS),
        ("NewOrganization", "name", 1, NAME_CHARS),
        ("RegisterRequest", "display_name", 1, SHORT_NAME_CHARS),
        ("NewApiToken", "name", 1, SHORT_NAME_CHARS),
        (
            "RegisterRequest",
            "password",
            MIN_PASSWORD_CHARS,
            MAX_PASSWORD_CHARS,
        ),
    ];
    for (schema, field, min, max) in lengths {
        let declared = property(&spec, schema, field);
        assert_eq!(
            number(&declared["minLength"]),
            min as i64,
            "{schema}.{field}"
        );
        assert_eq!(
            number(&declared["maxLength"]),
            max as i64,
            "{schema}.{field}"
        );
    }
    for (schema, field, max) in [
        ("RegisterRequest", "email", EMAIL_CHARS),
        ("NewMember", "email", EMAIL_CHARS),
        ("NewOrgMember", "email", EMAIL_CHARS),
        ("NewTimeEntry", "description", NOTE_CHARS),
        ("TimeEntryPatch", "description", NOTE_CHARS),
        ("RecommendationActionInput", "note", NOTE_CHARS),
    ] {
        let declared = property(&spec, schema, field);
        assert_eq!(
            number(&declared["maxLength"]),
            max as i64,
            "{schema}.{field}"
        );
    }
    let ranges = [
        (
            "BudgetInput",
            "warning_threshold",
            WARNING_THRESHOLD.0.into(),
            WARNING_THRESHOLD.1.into(),
        ),
        (
            "BudgetInput",
            "critical_threshold",
            CRITICAL_THRESHOLD.0.into(),
            CRITICAL_THRESHOLD.1.into(),
        ),
        (
            "TaskInput",
            "progress",
            PROGRESS.0.into(),
            PROGRESS.1.into(),
        ),
        ("NewApiToken", "expires_in_days", TOKEN_DAYS.0, TOKEN_DAYS.1),
    ];
    for (schema, field, min, max) in ranges {
        let declared = property(&spec, schema, field);
        assert_eq!(number(&declared["minimum"]), min, "{schema}.{field}");
        assert_eq!(number(&declared["maximum"]), max, "{schema}.{field}");
    }

    // At the bound accepted, one past it refused, naming the field.
    let owner = app.user("ann", Some("50.00")).await;
    let board = app.board(&owner, "Bounds").await;
    app.post(
        &format!("/api/v1/boards/{board}/tasks"),
        &owner.token,
        json!({"title": "t".repeat(NAME_CHARS), "progress": PROGRESS.1}),
    )
    .await
    .expect(201);
    let refused = app
        .post(
            &format!("/api/v1/boards/{board}/tasks"),
            &owner.token,
            json!({"title": "t".repeat(NAME_CHARS + 1), "progress": PROGRESS.1 + 1}),
        )
        .await
        .expect(422);
    let fields: Vec<&str> = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "progress"], "{}", refused.text);
}

/// Every amount the money pattern admits is a valid amount to the server, and so is every
/// number of hours the entry pattern admits; the samples the patterns refuse are refused by
/// the server too.
#[tokio::test]
async fn the_money_and_hours_patterns_admit_only_what_the_server_accepts() {
    let app = TestApp::spawn().await;
    let spec = spec(&app).await;
    let pattern = |schema: &str, field: &str| {
        Regex::new(property(&spec, schema, field)["pattern"].as_str().unwrap()).unwrap()
    };
    let money = pattern("NewRoiSnapshot", "expected_value");
    for (schema, field) in [
        ("BudgetInput", "allocated_budget"),
        ("BudgetInput", "allocated_hours"),
        ("TaskCostInput", "estimated_cost"),
        ("TaskCostInput", "hourly_rate"),
        ("NewMember", "hourly_rate"),
        ("RegisterRequest", "default_hourly_rate"),
        ("RecommendationActionInput", "realized_savings"),
    ] {
        assert_eq!(
            pattern(schema, field).as_str(),
            money.as_str(),
            "{schema}.{field}"
        );
    }
    let hours = pattern("NewTimeEntry", "hours");
    assert_eq!(pattern("TimeEntryPatch", "hours").as_str(), hours.as_str());

    let owner = app.user("ann", Some("50.00")).await;
    let board = app.board(&owner, "Patterns").await;
    let task = app.task(&owner, board, "Logged").await;

    let admitted = [
        "0",
        "0.00",
        "0.5",
        "12.30",
        "999999999999.99",
        "1000000000000",
        "1000000000000.00",
    ];
    let refused = ["-1", "1.234", "1000000000000.01"];
    for value in admitted {
        assert!(money.is_match(value), "money pattern refuses {value}");
        app.post(
            &format!("/api/v1/boards/{board}/roi/snapshots"),
            &owner.token,
            json!({"expected_value": value}),
        )
        .await
        .expect(201);
    }
    for value in refused {
        assert!(!money.is_match(value), "money pattern admits {value}");
        app.post(
            &format!("/api/v1/boards/{board}/roi/snapshots"),
            &owner.token,
            json!({"expected_value": value}),
        )
        .await
        .expect(422);
    }

    let admitted = ["0.01", "0.1", "0.99", "1", "7.5", "15.99", "16", "16.00"];
    let refused = ["0", "0.00", "16.01", "17", "-1", "2.345", "24"];
    let today: chrono::NaiveDate = TODAY.parse().unwrap();
    for (n, value) in admitted.into_iter().enumerate() {
        assert!(hours.is_match(value), "hours pattern refuses {value}");
        // One entry per day: the 24-hours-a-day rule is not what is tested here.
        let day = today - chrono::Days::new(n as u64);
        app.log(&owner, board, task, value, &day.to_string())
            .await
            .expect(201);
    }
    for value in refused {
        assert!(!hours.is_match(value), "hours pattern admits {value}");
        app.log(&owner, board, task, value, "2026-01-05")
            .await
            .expect(422);
    }
}
