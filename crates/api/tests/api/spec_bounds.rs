//! The spec declares the bounds the server enforces, so generated clients and the fuzzer learn
//! the real rules. Every bound in the served spec (lengths, ranges and patterns of schema
//! properties and of parameters) must be one this test knows, with the constant of
//! `budget_contract::limits` (or the domain) it mirrors: a bound nobody listed fails the test,
//! and so does a listed bound that differs from its constant. The money and hours patterns are
//! also checked against the server: every value a pattern admits is accepted.

use std::collections::BTreeMap;

use budget_contract::limits::{
    CRITICAL_THRESHOLD, EMAIL_CHARS, EXCHANGE_RATE_PLACES, EXPENSE_CATEGORY_CHARS, MAX_AMOUNT,
    MAX_EXCHANGE_RATE, MAX_HOURS, MAX_MARKUP_PERCENT, MAX_PASSWORD_CHARS, MAX_RATE,
    MIN_PASSWORD_CHARS, NAME_CHARS, NOTE_CHARS, PROGRESS, SCENARIOS_COMPARED, SHORT_NAME_CHARS,
    TOKEN_DAYS, UTC_OFFSET_MINUTES, WARNING_THRESHOLD,
};
use budget_contract::page::MAX_PAGE_SIZE;
use budget_contract::text::{FREE_TEXT_PATTERN, NAME_PATTERN};
use budget_domain::analytics::report::MAX_WINDOW_DAYS;
use budget_domain::forecast::MAX_HISTORY_DAYS;
use regex::Regex;
use serde_json::{json, Map, Value};

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

/// The wire decimal grammar up to `max` (whole units), at most two decimals.
fn money_pattern(max: i64) -> String {
    let digits = max.to_string().len() - 1;
    assert_eq!(
        max.to_string(),
        format!("1{}", "0".repeat(digits)),
        "a power of ten"
    );
    format!(
        r"^(0|[1-9][0-9]{{0,{}}})(\.[0-9]{{1,2}})?$|^{max}(\.0{{1,2}})?$",
        digits - 1
    )
}

/// The exchange-rate grammar up to `max` (whole units), at most `places` decimals.
fn rate_pattern(max: i64, places: u32) -> String {
    let digits = max.to_string().len() - 1;
    assert_eq!(
        max.to_string(),
        format!("1{}", "0".repeat(digits)),
        "a power of ten"
    );
    format!(
        r"^(0|[1-9][0-9]{{0,{}}})(\.[0-9]{{1,{places}}})?$|^{max}(\.0{{1,{places}}})?$",
        digits - 1
    )
}

/// The keywords that bound an input.
const BOUND_KEYWORDS: [&str; 5] = ["minLength", "maxLength", "minimum", "maximum", "pattern"];

/// The bounds a schema declares, by keyword; `minimum: 0` alone is the shape of an unsigned
/// integer, not a rule of ours, and is left out.
fn bounds_of(schema: &Value) -> Map<String, Value> {
    let mut bounds: Map<String, Value> = BOUND_KEYWORDS
        .iter()
        .filter_map(|keyword| Some((keyword.to_string(), schema.get(*keyword)?.clone())))
        .collect();
    if bounds.len() == 1 && bounds.get("minimum").and_then(Value::as_f64) == Some(0.0) {
        bounds.clear();
    }
    bounds
}

/// Every bounded property and parameter of the spec: `Schema.field` or `param:name`.
fn declared_bounds(spec: &Value) -> BTreeMap<String, Map<String, Value>> {
    let mut declared = BTreeMap::new();
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            let bounds = bounds_of(property);
            if !bounds.is_empty() {
                declared.insert(format!("{name}.{field}"), bounds);
            }
        }
    }
    for operations in spec["paths"].as_object().unwrap().values() {
        for operation in operations.as_object().unwrap().values() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let bounds = bounds_of(&parameter["schema"]);
                if !bounds.is_empty() {
                    let key = format!("param:{}", parameter["name"].as_str().unwrap());
                    if let Some(earlier) = declared.insert(key.clone(), bounds.clone()) {
                        assert_eq!(earlier, bounds, "{key} is bounded differently on two paths");
                    }
                }
            }
        }
    }
    declared
}

/// The bounds this test knows, each with the constant it mirrors. Patterns shared by many fields
/// (money, hours, e-mail) are checked for being the same everywhere, and against the server below.
fn known_bounds(spec: &Value) -> BTreeMap<String, Value> {
    let money = json!(money_pattern(MAX_AMOUNT));
    let up_to_a_million = json!(money_pattern(MAX_RATE));
    assert_eq!(
        MAX_RATE, MAX_HOURS,
        "rates and budgeted hours share one pattern"
    );
    let hours = property(spec, "NewTimeEntry", "hours")["pattern"].clone();
    let email = json!(r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$");
    let non_blank = |max: usize| json!({"minLength": 1, "maxLength": max, "pattern": NAME_PATTERN});
    let range = |min: i64, max: i64| json!({"minimum": min, "maximum": max});
    let mut known = BTreeMap::new();
    let mut add = |key: &str, bounds: Value| {
        known.insert(key.to_owned(), bounds);
    };
    add("BoardInput.name", non_blank(NAME_CHARS));
    add("TaskInput.title", non_blank(NAME_CHARS));
    add("NewOrganization.name", non_blank(NAME_CHARS));
    add("NewScenario.name", non_blank(NAME_CHARS));
    add("RegisterRequest.display_name", non_blank(SHORT_NAME_CHARS));
    add("NewApiToken.name", non_blank(SHORT_NAME_CHARS));
    add("NewExpense.category", non_blank(EXPENSE_CATEGORY_CHARS));
    add("ExpensePatch.category", non_blank(EXPENSE_CATEGORY_CHARS));
    for key in ["NewExpense.markup_percent", "ExpensePatch.markup_percent"] {
        add(key, json!({ "pattern": money_pattern(MAX_MARKUP_PERCENT) }));
    }
    for key in [
        "RegisterRequest.password",
        "PasswordChange.new_password",
        "PasswordResetRequest.new_password",
    ] {
        add(
            key,
            json!({"minLength": MIN_PASSWORD_CHARS, "maxLength": MAX_PASSWORD_CHARS}),
        );
    }
    for key in [
        "RegisterRequest.email",
        "NewMember.email",
        "NewInvitation.email",
    ] {
        add(key, json!({"maxLength": EMAIL_CHARS, "pattern": email}));
    }
    for key in [
        "NewTimeEntry.description",
        "TimeEntryPatch.description",
        "NewExpense.note",
        "ExpensePatch.note",
        "RecommendationActionInput.note",
        "TimerStart.description",
        "TimerPatch.description",
        "TimesheetAction.comment",
    ] {
        add(
            key,
            json!({ "maxLength": NOTE_CHARS, "pattern": FREE_TEXT_PATTERN }),
        );
    }
    add(
        "BudgetInput.warning_threshold",
        range(WARNING_THRESHOLD.0.into(), WARNING_THRESHOLD.1.into()),
    );
    add(
        "BudgetInput.critical_threshold",
        range(CRITICAL_THRESHOLD.0.into(), CRITICAL_THRESHOLD.1.into()),
    );
    add(
        "TaskInput.progress",
        range(PROGRESS.0.into(), PROGRESS.1.into()),
    );
    add(
        "NewApiToken.expires_in_days",
        range(TOKEN_DAYS.0, TOKEN_DAYS.1),
    );
    for key in [
        "TimerStart.utc_offset_minutes",
        "TimerPatch.utc_offset_minutes",
    ] {
        add(
            key,
            range(UTC_OFFSET_MINUTES.0.into(), UTC_OFFSET_MINUTES.1.into()),
        );
    }
    for key in [
        "BudgetInput.currency",
        "NewExchangeRate.from_currency",
        "NewExchangeRate.to_currency",
        "NewRate.cost_currency",
        "NewRate.billable_currency",
        "NewExpense.currency",
        "ExpensePatch.currency",
        "param:from_currency",
        "param:to_currency",
    ] {
        add(key, json!({"pattern": r"^\s*[A-Za-z]{3}\s*$"}));
    }
    add(
        "NewExchangeRate.rate",
        json!({ "pattern": rate_pattern(MAX_EXCHANGE_RATE, EXCHANGE_RATE_PLACES) }),
    );
    for key in [
        "BudgetInput.allocated_budget",
        "BudgetInput.fixed_fee",
        "TaskCostInput.estimated_cost",
        "TaskCostInput.resource_cost",
        "NewExpense.amount",
        "ExpensePatch.amount",
        "NewRoiSnapshot.expected_value",
        "NewRoiSnapshot.realized_value",
        "RecommendationActionInput.realized_savings",
        "param:amount",
    ] {
        add(key, json!({ "pattern": money }));
    }
    for key in [
        "BudgetInput.allocated_hours",
        "TaskCostInput.estimated_hours",
        "TaskCostInput.hourly_rate",
        "NewMember.hourly_rate",
        "MemberUpdate.hourly_rate",
        "RegisterRequest.default_hourly_rate",
        "NewRate.cost_rate",
        "NewRate.billable_rate",
    ] {
        add(key, json!({ "pattern": up_to_a_million }));
    }
    for key in ["NewTimeEntry.hours", "TimeEntryPatch.hours"] {
        add(key, json!({ "pattern": hours }));
    }
    // A timesheet cell: 0 to one day's most (MAX_DAY_CENTIHOURS), two decimals.
    assert_eq!(budget_contract::limits::MAX_DAY_CENTIHOURS, 2_400);
    let cell_hours = r"^(([0-9]|1[0-9]|2[0-3])(\.[0-9]{1,2})?|24(\.0{1,2})?)$";
    let cell = Regex::new(cell_hours).unwrap();
    for admitted in ["0", "0.00", "7.5", "23.99", "24", "24.00"] {
        assert!(cell.is_match(admitted), "{admitted}");
    }
    for refused in ["24.01", "25", "-1", "1.005", "07"] {
        assert!(!cell.is_match(refused), "{refused}");
    }
    add("TimesheetCell.hours", json!({ "pattern": cell_hours }));
    for key in ["NewWebhookEndpoint.url", "WebhookEndpointUpdate.url"] {
        add(
            key,
            json!({ "maxLength": budget_contract::limits::WEBHOOK_URL_CHARS }),
        );
    }
    add("param:limit", range(1, MAX_PAGE_SIZE as i64));
    add(
        "param:kind",
        json!({ "maxLength": budget_contract::audit::KIND_CHARS }),
    );
    add(
        "param:q",
        json!({ "maxLength": budget_contract::limits::NAME_CHARS }),
    );
    add("param:window", range(1, MAX_WINDOW_DAYS.into()));
    add("param:history_days", range(1, MAX_HISTORY_DAYS.into()));
    add(
        "param:ids",
        json!({"pattern": format!(r"^\s*[0-9]+\s*(,\s*[0-9]+\s*){{0,{}}}$", SCENARIOS_COMPARED - 1)}),
    );
    add(
        "param:Idempotency-Key",
        json!({"minLength": 1, "maxLength": budget_contract::limits::IDEMPOTENCY_KEY_CHARS}),
    );
    known
}

#[tokio::test]
async fn every_declared_bound_is_a_limit_the_server_enforces() {
    let app = TestApp::spawn().await;
    let spec = spec(&app).await;
    let declared = declared_bounds(&spec);
    let known = known_bounds(&spec);
    for (key, bounds) in &declared {
        let expected = known.get(key).unwrap_or_else(|| {
            panic!(
                "{key} declares {bounds:?}, a bound this test does not know: add it to \
                 known_bounds with the constant the server enforces it with"
            )
        });
        assert_eq!(&Value::Object(bounds.clone()), expected, "{key}");
    }
    for key in known.keys() {
        assert!(
            declared.contains_key(key),
            "{key} no longer declares its bounds"
        );
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
    assert_eq!(money.as_str(), money_pattern(MAX_AMOUNT));
    for (schema, field) in [
        ("BudgetInput", "allocated_budget"),
        ("TaskCostInput", "estimated_cost"),
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
        "9999999999.99",
        "10000000000",
        "10000000000.00",
    ];
    let refused = [
        "-1",
        "1.234",
        "10000000000.01",
        "1e1",
        "+1",
        ".5",
        "1.",
        "01",
        "-0",
    ];
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
