//! The changes between two versions of the spec that break a client written against the older
//! one: a removed or renamed operation, a removed schema, field or enum value, a new required
//! input. The stale-spec test names them, so a breaking change is made on purpose (with a new
//! `info.version` and a CHANGELOG.md entry), never by accident.

use std::collections::BTreeSet;

use serde_json::Value;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];
const SCHEMA_REF: &str = "#/components/schemas/";

/// Every change from `old` to `new` that breaks a client of `old`, one line each.
pub fn breaking_changes(old: &Value, new: &Value) -> Vec<String> {
    let mut changes = Vec::new();
    operations(old, new, &mut changes);
    let inputs = input_schemas(new);
    let empty = serde_json::Map::new();
    let new_schemas = new["components"]["schemas"].as_object().unwrap_or(&empty);
    for (name, old_schema) in old["components"]["schemas"].as_object().unwrap_or(&empty) {
        match new_schemas.get(name) {
            None => changes.push(format!("schema `{name}` removed")),
            Some(new_schema) => schema(
                old_schema,
                new_schema,
                name,
                inputs.contains(name),
                &mut changes,
            ),
        }
    }
    changes
}

fn operations(old: &Value, new: &Value, changes: &mut Vec<String>) {
    let empty = serde_json::Map::new();
    for (path, item) in old["paths"].as_object().unwrap_or(&empty) {
        for (method, old_op) in item.as_object().unwrap_or(&empty) {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let label = format!("{} {path}", method.to_uppercase());
            let new_op = &new["paths"][path][method];
            if new_op.is_null() {
                changes.push(format!("operation {label} removed"));
                continue;
            }
            if old_op["operationId"] != new_op["operationId"] {
                changes.push(format!(
                    "{label}: operation id {} renamed to {}",
                    old_op["operationId"], new_op["operationId"]
                ));
            }
            let required_before: BTreeSet<(String, String)> = required_parameters(old_op);
            for (name, location) in required_parameters(new_op) {
                if !required_before.contains(&(name.clone(), location.clone())) {
                    changes.push(format!(
                        "{label}: new required {location} parameter `{name}`"
                    ));
                }
            }
            let body_required = |op: &Value| op["requestBody"]["required"] == Value::Bool(true);
            if body_required(new_op) && !body_required(old_op) {
                changes.push(format!("{label}: the request body is now required"));
            }
            for (status, old_response) in old_op["responses"].as_object().unwrap_or(&empty) {
                let answer = |response: &Value| {
                    answer_shape(&response["content"]["application/json"]["schema"])
                };
                let (before, after) = (answer(old_response), answer(&new_op["responses"][status]));
                if before.is_some() && after.is_some() && before != after {
                    changes.push(format!(
                        "{label}: the {status} answer changed from {} to {}",
                        before.unwrap_or_default(),
                        after.unwrap_or_default()
                    ));
                }
            }
        }
    }
}

/// What a JSON answer is, as a client decodes it: an array of something, a named schema, or
/// another type. `None` when the answer is not JSON.
fn answer_shape(schema: &Value) -> Option<String> {
    if schema.is_null() {
        return None;
    }
    if let Some(name) = schema["$ref"].as_str() {
        return Some(format!("`{}`", name.trim_start_matches(SCHEMA_REF)));
    }
    match schema["type"].as_str() {
        Some("array") => Some(format!(
            "an array of {}",
            answer_shape(&schema["items"]).unwrap_or_default()
        )),
        Some(other) => Some(format!("a {other}")),
        None => Some(String::from("an unnamed schema")),
    }
}

fn required_parameters(operation: &Value) -> BTreeSet<(String, String)> {
    operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["required"] == Value::Bool(true))
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_owned(),
                p["in"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The component schemas a request can carry: those request bodies and parameters refer to,
/// and those they refer to in turn.
fn input_schemas(spec: &Value) -> BTreeSet<String> {
    let mut pending = Vec::new();
    for item in spec["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, i)| i)
    {
        for (_, operation) in item.as_object().into_iter().flatten() {
            collect_refs(&operation["requestBody"], &mut pending);
            collect_refs(&operation["parameters"], &mut pending);
        }
    }
    let mut inputs = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if inputs.insert(name.clone()) {
            collect_refs(&spec["components"]["schemas"][&name], &mut pending);
        }
    }
    inputs
}

fn collect_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(SCHEMA_REF))
            {
                into.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, into));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, into)),
        _ => {}
    }
}

/// Compares one schema: enum values, fields (recursively through inline objects and arrays),
/// and, where it is an input, fields that became required.
fn schema(old: &Value, new: &Value, label: &str, input: bool, changes: &mut Vec<String>) {
    if let (Some(before), Some(after)) = (old["enum"].as_array(), new["enum"].as_array()) {
        for value in before.iter().filter(|v| !after.contains(v)) {
            changes.push(format!("{label}: enum value {value} removed"));
        }
    }
    if let Some(properties) = old["properties"].as_object() {
        for (field, old_field) in properties {
            let new_field = &new["properties"][field];
            if new_field.is_null() {
                changes.push(format!("{label}: field `{field}` removed"));
            } else {
                schema(
                    old_field,
                    new_field,
                    &format!("{label}.{field}"),
                    input,
                    changes,
                );
            }
        }
    }
    if input {
        let required = |s: &Value| -> BTreeSet<String> {
            s["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let before = required(old);
        for field in required(new).difference(&before) {
            changes.push(format!("{label}: input field `{field}` is now required"));
        }
    }
    if old["items"].is_object() && new["items"].is_object() {
        schema(
            &old["items"],
            &new["items"],
            &format!("{label}[]"),
            input,
            changes,
        );
    }
}

fn current() -> Value {
    serde_json::from_str(&budget_api::openapi::document_json()).unwrap()
}

#[test]
fn a_spec_has_no_breaking_change_against_itself() {
    let spec = current();
    assert_eq!(breaking_changes(&spec, &spec), Vec::<String>::new());
}

#[test]
fn additions_are_not_breaking() {
    let old = current();
    let mut new = old.clone();
    new["components"]["schemas"]["Task"]["properties"]["colour"] =
        serde_json::json!({"type": "string"});
    new["components"]["schemas"]["TaskStatus"]["enum"]
        .as_array_mut()
        .unwrap()
        .push("blocked".into());
    new["paths"]["/api/v1/boards"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(
            serde_json::json!({"name": "q", "in": "query", "required": false,
            "description": "Search.", "schema": {"type": "string"}}),
        );
    assert_eq!(breaking_changes(&old, &new), Vec::<String>::new());
}

#[test]
fn removals_renames_and_new_required_inputs_are_named() {
    let old = current();
    let mut new = old.clone();
    new["paths"]["/api/v1/boards/{board_id}"]
        .as_object_mut()
        .unwrap()
        .remove("delete");
    new["paths"]["/api/v1/boards"]["get"]["operationId"] = "boards".into();
    new["components"]["schemas"]["Task"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("progress");
    new["components"]["schemas"]["TaskStatus"]["enum"] = serde_json::json!(["todo", "done"]);
    new["components"]["schemas"]["TaskInput"]["required"]
        .as_array_mut()
        .unwrap()
        .push("priority".into());
    new["paths"]["/api/v1/boards"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(
            serde_json::json!({"name": "q", "in": "query", "required": true,
            "description": "Search.", "schema": {"type": "string"}}),
        );
    new["paths"]["/api/v1/me/tokens"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"] =
        serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/ApiToken"}});
    let changes = breaking_changes(&old, &new);
    for expected in [
        "GET /api/v1/me/tokens: the 200 answer changed from `Page_ApiToken` to an array of `ApiToken`",
        "operation DELETE /api/v1/boards/{board_id} removed",
        "GET /api/v1/boards: operation id \"listBoards\" renamed to \"boards\"",
        "Task: field `progress` removed",
        "TaskStatus: enum value \"in_progress\" removed",
        "TaskInput: input field `priority` is now required",
        "GET /api/v1/boards: new required query parameter `q`",
    ] {
        assert!(
            changes.iter().any(|c| c == expected),
            "missing {expected:?} in {changes:#?}"
        );
    }
    // A response schema that gains a required field breaks no client.
    assert!(
        !changes
            .iter()
            .any(|c| c.starts_with("Task:") && c.contains("required")),
        "{changes:#?}"
    );
}
