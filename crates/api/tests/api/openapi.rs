//! The OpenAPI document: checked in and current, served, complete, and browsable offline.

use std::path::PathBuf;

use reqwest::Method;
use serde_json::Value;

use crate::support::*;

const REGENERATE: &str =
    "UPDATE_OPENAPI=1 cargo test -p budget-api --test api openapi (or `budget-server openapi > openapi/openapi.json`)";

#[test]
fn the_checked_in_spec_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    let generated = budget_api::openapi::document_json();
    if std::env::var("UPDATE_OPENAPI").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "cannot read {}: {err}; generate it with {REGENERATE}",
            path.display()
        )
    });
    if checked_in == generated {
        return;
    }
    // Name what would break a client of the checked-in version, so it is done on purpose.
    let breaking = serde_json::from_str::<Value>(&checked_in)
        .map(|old| {
            let new: Value = serde_json::from_str(&generated).unwrap();
            crate::spec_changes::breaking_changes(&old, &new)
        })
        .unwrap_or_default();
    let breaking = if breaking.is_empty() {
        String::from("No breaking change for clients of the checked-in version.")
    } else {
        format!(
            "Breaking changes for clients of the checked-in version (bump info.version and \
             record them in CHANGELOG.md):\n  {}",
            breaking.join("\n  ")
        )
    };
    panic!(
        "openapi/openapi.json is stale: the API changed but the checked-in spec did not. \
         Regenerate it with {REGENERATE} and commit the result.\n{breaking}"
    );
}

/// Every problem `code` the API can answer is named in the spec, so clients can know them all.
#[test]
fn the_spec_names_every_problem_code() {
    let spec = budget_api::openapi::document_json();
    let missing: Vec<&str> = budget_contract::problem::ProblemCode::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| !spec.contains(&format!("`{code}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes the spec does not name: {missing:?}"
    );
}

#[tokio::test]
async fn the_spec_is_served_and_describes_every_route() {
    let app = TestApp::spawn().await;
    let response = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .expect(200);
    assert!(
        response
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{:?}",
        response.header("content-type")
    );
    let spec = response.body;
    let served_from_code: Value =
        serde_json::from_str(&budget_api::openapi::document_json()).unwrap();
    assert_eq!(
        spec, served_from_code,
        "the served spec differs from document_json()"
    );

    assert!(
        spec["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        spec["openapi"]
    );
    assert_eq!(spec["info"]["title"], "Budget & ROI Tracker API");
    // Which operations exist and which are public is the authorisation matrix's business
    // (spec_matrix.rs holds a row per operation); here every documented operation is held to
    // the shape clients rely on.
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["responses"].is_object(),
                "{method} {path} has no responses"
            );
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            if secured {
                assert!(
                    operation["security"][0].get("bearer").is_some(),
                    "{method} {path}"
                );
                assert!(
                    operation["responses"]["401"].is_object(),
                    "{method} {path} lacks 401"
                );
                assert!(
                    operation["responses"]["403"].is_object(),
                    "{method} {path} lacks 403"
                );
            }
        }
    }
    let metrics = &spec["paths"]["/api/v1/boards/{board_id}/budget/metrics"]["get"];
    assert!(metrics["responses"]["200"].is_object());
    assert!(metrics["responses"]["304"].is_object());

    let bearer = &spec["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http", "{bearer}");
    assert_eq!(bearer["scheme"], "bearer", "{bearer}");
    let problem = &spec["components"]["schemas"]["Problem"];
    for field in ["type", "title", "status", "code", "detail", "errors"] {
        assert!(
            problem["properties"][field].is_object(),
            "Problem lacks {field}: {problem}"
        );
    }
    assert!(spec["components"]["schemas"]["FieldError"].is_object());
    assert_eq!(
        spec["components"]["responses"]["ValidationFailed"]["content"]["application/problem+json"]
            ["schema"]["$ref"],
        "#/components/schemas/Problem"
    );
}

/// The other direction: everything the spec documents is really routed (a client generated from
/// it never meets "no such route" or "method not allowed").
#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let spec = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .expect(200)
        .body;
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap() {
            let Ok(method) = Method::from_bytes(method.to_uppercase().as_bytes()) else {
                continue;
            };
            let concrete = concrete_path(path);
            let body = serde_json::json!({});
            let response = app
                .request(method.clone(), &concrete, Some(&ann.token), Some(&body))
                .await;
            let unrouted = response.status.as_u16() == 405
                || (response.status.as_u16() == 404
                    && response.body["detail"]
                        .as_str()
                        .is_some_and(|d| d.starts_with("no API route")));
            assert!(
                !unrouted,
                "{method} {path} is documented but not routed: {}",
                response.text
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec documents no operation");
}

/// Fills every `{param}` with 1.
fn concrete_path(template: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => in_param = true,
            '}' => {
                in_param = false;
                out.push('1');
            }
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// The `src` and `href` attribute values of an HTML page.
fn asset_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["src=\"", "href=\"", "src='", "href='"] {
        let quote = attribute.chars().last().unwrap();
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find(quote).unwrap();
            urls.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    urls
}

#[tokio::test]
async fn the_docs_page_works_offline() {
    let app = TestApp::spawn().await;
    let page = app
        .request(Method::GET, "/api/docs/", None, None)
        .await
        .expect(200);
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("text/html")),
        "{:?}",
        page.header("content-type")
    );
    let html = page.text.to_lowercase();
    assert!(html.contains("swagger"), "{html}");
    for host in [
        "cdn",
        "unpkg",
        "jsdelivr",
        "cdnjs",
        "googleapis",
        "http://",
        "https://",
    ] {
        assert!(
            !html.contains(host),
            "the docs page refers to {host}: {html}"
        );
    }
    let assets = asset_urls(&page.text);
    assert!(!assets.is_empty(), "no assets referenced: {html}");
    for asset in assets {
        assert!(
            !asset.starts_with("//") && !asset.contains("://"),
            "the docs page loads {asset} from another host"
        );
        let url = if asset.starts_with('/') {
            asset.clone()
        } else {
            format!("/api/docs/{}", asset.trim_start_matches("./"))
        };
        let response = app.request(Method::GET, &url, None, None).await;
        assert_eq!(
            response.status.as_u16(),
            200,
            "{url} (from {asset}): {}",
            response.status
        );
        assert!(!response.text.is_empty(), "{url} is empty");
    }
    // The page's script points the UI at our own spec.
    let initializer = app
        .request(Method::GET, "/api/docs/swagger-initializer.js", None, None)
        .await
        .expect(200);
    assert!(
        initializer.text.contains("/api/v1/openapi.json"),
        "{}",
        initializer.text
    );
    assert!(
        !initializer.text.contains("petstore"),
        "{}",
        initializer.text
    );
}

#[tokio::test]
async fn the_docs_page_answers_without_a_trailing_slash() {
    let app = TestApp::spawn().await;
    // reqwest follows a redirect to /api/docs/ if there is one.
    let page = app.request(Method::GET, "/api/docs", None, None).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text);
    assert!(
        page.text.to_lowercase().contains("swagger"),
        "{}",
        page.text
    );
}
