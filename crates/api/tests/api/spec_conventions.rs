//! The conventions a client generated from the spec depends on: every operation has a unique,
//! stable operation id in one style, a one-line summary, a description for every parameter and
//! a declared security; pages refer to their item schemas; the headers the server sends on
//! every answer are declared.

use std::collections::BTreeMap;

use serde_json::Value;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

fn spec() -> Value {
    serde_json::from_str(&budget_api::openapi::document_json()).unwrap()
}

/// `(label, operation)` of every operation, labelled `METHOD /path`.
fn operations(spec: &Value) -> Vec<(String, &Value)> {
    let mut all = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) {
                all.push((format!("{} {path}", method.to_uppercase()), operation));
            }
        }
    }
    all
}

/// camelCase, starting with a lower-case verb: `listBoards`, `replaceTaskCost`.
fn is_camel_case_verb_noun(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_alphanumeric())
        && id.chars().any(|c| c.is_ascii_uppercase())
}

fn operation_id_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (label, operation) in operations(spec) {
        let Some(id) = operation["operationId"].as_str() else {
            problems.push(format!("{label} has no operationId"));
            continue;
        };
        if !is_camel_case_verb_noun(id) {
            problems.push(format!(
                "{label}: operationId `{id}` is not camelCase verbNoun (listBoards, getBudget)"
            ));
        }
        if let Some(first) = seen.insert(id.to_owned(), label.clone()) {
            problems.push(format!(
                "{label}: operationId `{id}` is also the id of {first}"
            ));
        }
    }
    problems
}

/// One short line, one sentence: details belong in the description.
fn summary_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (label, operation) in operations(spec) {
        let Some(summary) = operation["summary"].as_str() else {
            problems.push(format!("{label} has no summary"));
            continue;
        };
        let sentences = summary
            .trim_end_matches('.')
            .split(". ")
            .filter(|s| !s.is_empty())
            .count();
        if summary.is_empty() || summary.contains('\n') || sentences > 1 || summary.len() > 60 {
            problems.push(format!(
                "{label}: the summary is not one short line ({} characters): {summary:?}",
                summary.len()
            ));
        }
    }
    problems
}

fn parameter_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (label, operation) in operations(spec) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let described = parameter["description"]
                .as_str()
                .is_some_and(|d| !d.trim().is_empty());
            if !described {
                problems.push(format!(
                    "{label}: the {} parameter `{}` has no description",
                    parameter["in"], parameter["name"]
                ));
            }
        }
    }
    problems
}

/// Security is declared on every operation: the bearer token, or `[]` for a public one.
fn security_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (label, operation) in operations(spec) {
        match operation["security"].as_array() {
            None => problems.push(format!(
                "{label} declares no security (`security()` for a public operation)"
            )),
            Some(requirements) => {
                for requirement in requirements {
                    let known = requirement
                        .as_object()
                        .is_some_and(|r| r.len() == 1 && r.contains_key("bearer"));
                    if !known {
                        problems.push(format!("{label}: unknown security {requirement}"));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn every_operation_has_a_unique_camel_case_operation_id() {
    let problems = operation_id_problems(&spec());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_duplicate_or_missing_operation_id_is_found() {
    let mut spec = spec();
    let paths = spec["paths"].as_object_mut().unwrap();
    paths["/api/v1/boards"]["get"]["operationId"] = "getBoard".into();
    paths["/api/v1/boards"]["post"]
        .as_object_mut()
        .unwrap()
        .remove("operationId");
    let problems = operation_id_problems(&spec);
    assert!(
        problems.iter().any(|p| p.contains("`getBoard` is also")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p == "POST /api/v1/boards has no operationId"),
        "{problems:#?}"
    );
}

#[test]
fn operation_ids_are_stable() {
    // Generated clients name their methods after these: renaming one breaks every client.
    let spec = spec();
    let id = |path: &str, method: &str| spec["paths"][path][method]["operationId"].clone();
    assert_eq!(id("/api/v1/boards", "get"), "listBoards");
    assert_eq!(id("/api/v1/boards/{board_id}/budget", "get"), "getBudget");
    assert_eq!(
        id("/api/v1/boards/{board_id}/budget", "put"),
        "replaceBudget"
    );
    assert_eq!(id("/api/v1/boards/{board_id}/tasks", "post"), "createTask");
    assert_eq!(
        id("/api/v1/boards/{board_id}/tasks/{task_id}/cost", "put"),
        "replaceTaskCost"
    );
    assert_eq!(
        id("/api/v1/boards/{board_id}/tasks/{task_id}", "delete"),
        "deleteTask"
    );
    assert_eq!(id("/api/v1/auth/login", "post"), "signIn");
}

#[test]
fn every_summary_is_one_short_line() {
    let problems = summary_problems(&spec());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_paragraph_as_summary_is_found() {
    let mut spec = spec();
    spec["paths"]["/api/v1/boards"]["get"]["summary"] =
        "Lists boards. The caller's own and their organisation's.".into();
    let problems = summary_problems(&spec);
    assert_eq!(problems.len(), 1, "{problems:#?}");
}

#[test]
fn every_parameter_is_described() {
    let problems = parameter_problems(&spec());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_operation_declares_its_security() {
    let spec = spec();
    let problems = security_problems(&spec);
    assert!(problems.is_empty(), "{problems:#?}");
    // The public operations say so with an empty list.
    for (path, method) in [
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/password-reset", "post"),
        ("/healthz", "get"),
        ("/readyz", "get"),
    ] {
        assert_eq!(
            spec["paths"][path][method]["security"],
            serde_json::json!([]),
            "{method} {path}"
        );
    }
}

#[test]
fn the_spec_names_its_server_and_version() {
    let spec = spec();
    let servers = spec["servers"].as_array().expect("servers");
    assert_eq!(servers.len(), 1, "{servers:?}");
    assert_eq!(servers[0]["url"], "/");
    let version = spec["info"]["version"].as_str().unwrap();
    let parts: Vec<&str> = version.split('.').collect();
    assert!(
        parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
        "info.version is not semver: {version}"
    );
}

/// A page refers to its item schema rather than holding a copy of it.
#[test]
fn pages_refer_to_their_item_schema() {
    let spec = spec();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let mut pages = 0;
    for (name, schema) in schemas {
        assert!(
            !name.contains("Item1") && !name.ends_with("ItemsItem"),
            "schema {name} is not a meaningful name"
        );
        let Some(item) = name.strip_prefix("Page_") else {
            continue;
        };
        pages += 1;
        assert_eq!(
            schema["properties"]["items"]["items"]["$ref"],
            format!("#/components/schemas/{item}"),
            "{name}: {schema}"
        );
    }
    assert!(pages > 0, "no page schema");
}

/// Every answer carries `X-Request-Id`, and every request may send one.
#[test]
fn the_request_id_is_declared_everywhere() {
    let spec = spec();
    for (label, operation) in operations(&spec) {
        let accepts = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == "X-Request-Id" && p["in"] == "header");
        assert!(
            accepts,
            "{label} does not declare the X-Request-Id parameter"
        );
        for (status, response) in operation["responses"].as_object().unwrap() {
            let response = match response["$ref"].as_str() {
                Some(reference) => {
                    let name = reference.trim_start_matches("#/components/responses/");
                    &spec["components"]["responses"][name]
                }
                None => response,
            };
            assert!(
                response["headers"]["X-Request-Id"].is_object(),
                "{label} {status} does not declare X-Request-Id"
            );
        }
    }
}

/// The conditional-request and retry headers are declared where the server reads or sends them.
#[test]
fn conditional_and_retry_headers_are_declared() {
    let spec = spec();
    let paths = &spec["paths"];
    let has_parameter = |operation: &Value, name: &str| {
        operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == name && p["in"] == "header" && p["description"].is_string())
    };
    // Every operation that answers 412 reads If-Match, and says which version it is at.
    for (label, operation) in operations(&spec) {
        if operation["responses"]["412"].is_object() {
            assert!(has_parameter(operation, "If-Match"), "{label}");
        }
        if has_parameter(operation, "If-Match") {
            assert!(operation["responses"]["412"].is_object(), "{label}");
        }
        for (status, response) in operation["responses"].as_object().unwrap() {
            if let Some(etag) = response["headers"].get("ETag") {
                assert!(
                    etag["description"].is_string(),
                    "{label} {status}: ETag undescribed"
                );
            }
        }
    }
    let metrics = &paths["/api/v1/boards/{board_id}/budget/metrics"]["get"];
    assert!(has_parameter(metrics, "If-None-Match"));
    assert!(metrics["responses"]["200"]["headers"]["ETag"].is_object());
    for name in ["RateLimited", "Unavailable"] {
        assert!(
            spec["components"]["responses"][name]["headers"]["Retry-After"].is_object(),
            "{name}"
        );
    }
}

/// Every create says where its resource is and may be retried safely: a `201` declares
/// `Location`; a POST answering `201` takes `Idempotency-Key` (registration excepted: nobody is
/// signed in yet to own a key); and every operation taking the key declares the replay's
/// `Idempotent-Replayed` on its success and a `422` for a reused key.
fn create_problems(spec: &Value) -> Vec<String> {
    let described = |value: &Value| value["description"].as_str().is_some_and(|d| !d.is_empty());
    let mut problems = Vec::new();
    for (label, operation) in operations(spec) {
        let takes_key = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header" && described(p));
        let created = &operation["responses"]["201"];
        if created.is_object() && !described(&created["headers"]["Location"]) {
            problems.push(format!("{label}: its 201 declares no described `Location`"));
        }
        let registers = operation["operationId"] == "registerAccount";
        if label.starts_with("POST ") && created.is_object() && !takes_key && !registers {
            problems.push(format!("{label}: a create without `Idempotency-Key`"));
        }
        if !takes_key {
            continue;
        }
        // The shared 422 every body gets does not name the reused key: the key's own must.
        if operation["responses"]["422"]["$ref"]
            != "#/components/responses/ValidationFailedOrKeyReused"
        {
            problems.push(format!(
                "{label}: takes `Idempotency-Key` but its 422 does not name a reused key"
            ));
        }
        for (status, response) in operation["responses"].as_object().unwrap() {
            if status.starts_with('2') && !response["headers"]["Idempotent-Replayed"].is_object() {
                problems.push(format!("{label} {status}: no `Idempotent-Replayed`"));
            }
        }
    }
    problems
}

#[test]
fn every_create_declares_its_location_and_takes_an_idempotency_key() {
    let spec = spec();
    let problems = create_problems(&spec);
    assert!(problems.is_empty(), "{problems:#?}");
    // The 422 of a key names the reuse.
    let refused = &spec["components"]["responses"]["ValidationFailedOrKeyReused"]["description"];
    assert!(refused.as_str().unwrap().contains("`reused`"), "{refused}");
}

#[test]
fn a_create_without_location_key_or_replay_is_found() {
    let mut spec = spec();
    let paths = &mut spec["paths"];
    paths["/api/v1/boards"]["post"]["responses"]["201"]["headers"]
        .as_object_mut()
        .unwrap()
        .remove("Location");
    paths["/api/v1/boards/{board_id}/tasks"]["post"]["parameters"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["name"] != "Idempotency-Key");
    let tokens = &mut paths["/api/v1/me/tokens"]["post"]["responses"];
    tokens["422"] = serde_json::json!({"$ref": "#/components/responses/ValidationFailed"});
    tokens["201"]["headers"]
        .as_object_mut()
        .unwrap()
        .remove("Idempotent-Replayed");
    let problems = create_problems(&spec);
    assert_eq!(
        problems,
        [
            "POST /api/v1/boards: its 201 declares no described `Location`",
            "POST /api/v1/boards/{board_id}/tasks: a create without `Idempotency-Key`",
            "POST /api/v1/me/tokens: takes `Idempotency-Key` but its 422 does not name a reused key",
            "POST /api/v1/me/tokens 201: no `Idempotent-Replayed`",
        ],
        "{problems:#?}"
    );
}

/// Every version of the contract is recorded in the changelog.
#[test]
fn the_changelog_records_this_version() {
    let spec = spec();
    let version = spec["info"]["version"].as_str().unwrap();
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../CHANGELOG.md");
    let changelog = std::fs::read_to_string(&path).unwrap();
    assert!(
        changelog
            .lines()
            .any(|line| line.starts_with(&format!("## {version}"))),
        "CHANGELOG.md has no `## {version}` section for info.version {version}"
    );
}

/// Each success answers one media type, so a generated client knows how to decode it: a CSV
/// download is an operation of its own (`export…Csv`), declaring `text/csv` and nothing else,
/// and no other operation declares CSV.
fn media_type_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (label, operation) in operations(spec) {
        let id = operation["operationId"].as_str().unwrap_or_default();
        let export = id.starts_with("export") && id.ends_with("Csv");
        for (status, response) in operation["responses"].as_object().unwrap() {
            if !status.starts_with('2') {
                continue;
            }
            let types: Vec<&String> = response["content"]
                .as_object()
                .map(|content| content.keys().collect())
                .unwrap_or_default();
            if types.len() > 1 {
                problems.push(format!(
                    "{label} {status} answers several media types: {types:?}"
                ));
            }
            let csv = types.iter().any(|t| t.starts_with("text/csv"));
            if export
                && types
                    .iter()
                    .map(|t| t.as_str())
                    .ne(["text/csv; charset=utf-8"])
            {
                problems.push(format!("{label} {status}: an export answers only `text/csv; charset=utf-8`, not {types:?}"));
            }
            if csv && !export {
                problems.push(format!(
                    "{label} {status} declares CSV but is not an `export…Csv` operation"
                ));
            }
        }
    }
    problems
}

#[test]
fn every_success_answers_one_media_type_and_csv_is_an_export() {
    let spec = spec();
    let problems = media_type_problems(&spec);
    assert!(problems.is_empty(), "{problems:#?}");
    let exports: Vec<&str> = operations(&spec)
        .into_iter()
        .filter_map(|(_, operation)| operation["operationId"].as_str())
        .filter(|id| id.ends_with("Csv"))
        .collect();
    assert_eq!(exports, ["exportTaskBreakdownCsv", "exportTimeEntriesCsv"]);
}

#[test]
fn a_list_that_also_answers_csv_is_found() {
    let mut spec = spec();
    spec["paths"]["/api/v1/boards/{board_id}/time-entries"]["get"]["responses"]["200"]["content"]
        ["text/csv"] = serde_json::json!({"schema": {"type": "string"}});
    let problems = media_type_problems(&spec);
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

/// Every list answers one page shape: an object with `items` is a `Page_<Item>` schema holding
/// `items`, `total` and `next_cursor` (the first two required), and its answer declares the
/// `Link` header that names the next page. No JSON answer is a bare array: an array cannot grow
/// a total or a cursor without breaking its clients.
fn list_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (label, operation) in operations(spec) {
        let response = &operation["responses"]["200"];
        let schema = &response["content"]["application/json"]["schema"];
        if schema.is_null() {
            continue;
        }
        if schema["type"] == "array" {
            problems.push(format!("{label} answers a bare array, not a page"));
            continue;
        }
        let Some(name) = schema["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        else {
            continue;
        };
        let target = &spec["components"]["schemas"][name];
        if target["properties"]["items"]["type"] != "array" {
            continue;
        }
        if !name.starts_with("Page_") {
            problems.push(format!("{label} lists items in `{name}`, not a `Page_…`"));
        }
        for field in ["items", "total", "next_cursor"] {
            if target["properties"][field].is_null() {
                problems.push(format!("{label}: `{name}` has no `{field}`"));
            }
        }
        let required = target["required"].as_array().cloned().unwrap_or_default();
        for field in ["items", "total"] {
            if !required.contains(&Value::from(field)) {
                problems.push(format!("{label}: `{name}.{field}` is not required"));
            }
        }
        if target["properties"]["total"]["type"] != "integer" {
            problems.push(format!("{label}: `{name}.total` is not an integer"));
        }
        if !label.starts_with("GET ") {
            continue;
        }
        if !response["headers"]["Link"]["description"].is_string() {
            problems.push(format!(
                "{label} does not declare a described `Link` header"
            ));
        }
        let params: Vec<&str> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query")
            .filter_map(|p| p["name"].as_str())
            .collect();
        for name in ["limit", "cursor"] {
            if !params.contains(&name) {
                problems.push(format!("{label} has no `{name}` query parameter"));
            }
        }
    }
    problems
}

#[test]
fn every_list_answers_a_page_with_a_total_and_a_next_link() {
    let spec = spec();
    let problems = list_problems(&spec);
    assert!(problems.is_empty(), "{problems:#?}");
    let lists = operations(&spec)
        .into_iter()
        .filter(|(_, operation)| operation["responses"]["200"]["headers"]["Link"].is_object())
        .count();
    assert_eq!(lists, 30, "the operations answering a page");
}

#[test]
fn a_bare_array_a_page_without_total_or_without_link_is_found() {
    let mut spec = spec();
    let tokens = &mut spec["paths"]["/api/v1/me/tokens"]["get"]["responses"]["200"];
    tokens["content"]["application/json"]["schema"] =
        serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/ApiToken"}});
    spec["paths"]["/api/v1/boards"]["get"]["responses"]["200"]["headers"]
        .as_object_mut()
        .unwrap()
        .remove("Link");
    spec["components"]["schemas"]["Page_Task"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("total");
    let problems = list_problems(&spec);
    for expected in [
        "GET /api/v1/me/tokens answers a bare array, not a page",
        "GET /api/v1/boards does not declare a described `Link` header",
        "GET /api/v1/boards/{board_id}/tasks: `Page_Task` has no `total`",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "missing {expected:?} in {problems:#?}"
        );
    }
}

/// Every `$ref` anywhere in `value` that names nothing in `spec`, as `(where, reference)`.
fn dangling_refs(spec: &Value, value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if let (true, Some(reference)) = (key == "$ref", inner.as_str()) {
                    let pointer = reference.trim_start_matches('#');
                    if spec.pointer(pointer).is_none() {
                        found.push((at.to_owned(), reference.to_owned()));
                    }
                } else {
                    dangling_refs(spec, inner, &format!("{at}/{key}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                dangling_refs(spec, inner, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// A schema that only a query parameter names (an enum of sort orders, say) is not collected
/// by utoipa from the handlers: it must be listed in the document's components, or generated
/// clients meet a reference to nothing.
#[test]
fn every_reference_names_a_schema_the_document_holds() {
    let spec = spec();
    let mut found = Vec::new();
    dangling_refs(&spec, &spec, "", &mut found);
    assert!(found.is_empty(), "{found:#?}");
}

/// An audit event's `kind` and `action` are strings, so that a client keeps working when a newer
/// server records a new one; their descriptions are where a client learns them, and name every
/// one this server records.
#[test]
fn the_audit_event_names_every_kind_and_action_recorded() {
    use budget_contract::audit::{AuditAction, AuditKind};
    let spec = spec();
    let kinds = AuditKind::ALL.iter().map(|kind| kind.as_str());
    assert_names(&spec, "AuditEvent", "kind", kinds);
    let actions = AuditAction::ALL.iter().map(|action| action.as_str());
    assert_names(&spec, "AuditEvent", "action", actions);
}

/// A cost pattern's `pattern_type` and a forecast's `method` are strings for the same reason.
#[test]
fn patterns_and_forecasts_name_the_kinds_and_method_answered() {
    use budget_contract::optimizer::PatternType;
    let spec = spec();
    let kinds = PatternType::ALL.iter().map(|kind| kind.as_str());
    assert_names(&spec, "CostPattern", "pattern_type", kinds);
    let method = [budget_contract::forecast::METHOD];
    assert_names(&spec, "Forecast", "method", method);
}

/// A property whose values are strings, so that clients keep working when a name is added,
/// names in its description (each in backquotes) every one of `names`.
fn assert_names<'a>(
    spec: &Value,
    schema: &str,
    property: &str,
    names: impl IntoIterator<Item = &'a str>,
) {
    let description = spec["components"]["schemas"][schema]["properties"][property]["description"]
        .as_str()
        .unwrap_or_default();
    let unnamed: Vec<&str> = names
        .into_iter()
        .filter(|name| !description.contains(&format!("`{name}`")))
        .collect();
    assert_eq!(
        unnamed,
        Vec::<&str>::new(),
        "{schema}.{property}: {description}"
    );
}
