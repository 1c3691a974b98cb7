//! The LLM clients against a local stub server (wiremock) speaking each provider's wire format,
//! plus the provider-independent helpers.

mod gemini;
mod openai;
mod retries;

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{
    rejection_snippet, retry_delay, strip_code_fence, LlmClient, LlmError, LlmReply, LlmRequest,
    LlmSettings, ProviderKind, MAX_RETRY_AFTER,
};

const API_KEY: &str = "test-key-0123456789";
/// Appears nowhere in what we send: the bodies are checked not to contain it.
const EMAIL: &str = "secret@example.com";
const SYSTEM: &str = "You are a budget analyst. Use only the figures given.";
const PROMPT: &str = "Budget 10000.00 EUR; spent 6500.00; labour burn 120.00 per day; \
                      30 days left; forecast at completion 11100.00.";
/// Short enough to keep the suite fast; the stubs that time out delay far longer.
const TEST_TIMEOUT: Duration = Duration::from_millis(300);

/// A schema in our JSON Schema subset, with keywords Gemini does not accept.
fn health_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "health_score": { "type": "integer", "minimum": 0, "maximum": 100 },
            "status": { "type": "string", "enum": ["healthy", "at_risk", "critical"] },
            "risks": {
                "type": "array",
                "items": { "type": "string", "description": "one risk, one sentence" },
                "maxItems": 5
            },
            "note": { "type": ["string", "null"] }
        },
        "required": ["health_score", "status", "risks"]
    })
}

fn health_request(schema: &Value) -> LlmRequest<'_> {
    LlmRequest {
        operation: "analyze",
        system: SYSTEM,
        prompt: PROMPT,
        response_schema: schema,
    }
}

const HEALTH_ANSWER: &str =
    r#"{"health_score":62,"status":"at_risk","risks":["Labour burn exceeds plan"]}"#;

fn stub_settings(provider: ProviderKind, server: &MockServer) -> LlmSettings {
    LlmSettings {
        base_url: server.uri(),
        api_key: Some(API_KEY.to_owned()),
        timeout: TEST_TIMEOUT,
        retry_backoff: Duration::from_millis(10),
        ..LlmSettings::for_provider(provider)
    }
}

fn client(settings: LlmSettings) -> LlmClient {
    LlmClient::new(settings).unwrap()
}

/// Asks the health question of a client with these settings.
async fn ask(settings: LlmSettings) -> Result<LlmReply, LlmError> {
    let schema = health_schema();
    client(settings)
        .generate_json(&health_request(&schema))
        .await
}

const GEMINI_PATH: &str = "/v1beta/models/gemini-2.0-flash:generateContent";
const OPENAI_PATH: &str = "/v1/chat/completions";

/// Answers every call of the provider's default endpoint that carries the key as the provider
/// expects it (Gemini: `x-goog-api-key`; OpenAI: a bearer token).
async fn stub(provider: ProviderKind, server: &MockServer, response: ResponseTemplate) {
    let (endpoint, key_header, key) = match provider {
        ProviderKind::Gemini => (GEMINI_PATH, "x-goog-api-key", API_KEY.to_owned()),
        ProviderKind::OpenAi => (OPENAI_PATH, "authorization", format!("Bearer {API_KEY}")),
    };
    Mock::given(method("POST"))
        .and(path(endpoint))
        .and(header(key_header, key.as_str()))
        .respond_with(response)
        .mount(server)
        .await;
}

/// A stub of the provider answering `response`, and what a client with the stub settings made
/// of it.
async fn answered(
    provider: ProviderKind,
    response: ResponseTemplate,
) -> (MockServer, Result<LlmReply, LlmError>) {
    let server = MockServer::start().await;
    stub(provider, &server, response).await;
    let outcome = ask(stub_settings(provider, &server)).await;
    (server, outcome)
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The body of the only request the stub received, after checking that it leaks neither the
/// email nor the API key.
async fn only_body(server: &MockServer) -> Value {
    let requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request");
    let raw = String::from_utf8(requests[0].body.clone()).unwrap();
    assert!(!raw.contains(EMAIL), "the body carries an email: {raw}");
    assert!(!raw.contains(API_KEY), "the body carries the API key");
    assert!(
        !requests[0].url.as_str().contains(API_KEY),
        "the URL carries the API key"
    );
    serde_json::from_str(&raw).unwrap()
}

#[test]
fn a_json_code_fence_is_removed_and_plain_json_is_kept() {
    assert_eq!(strip_code_fence("```json\n{\"a\":1}\n```"), "{\"a\":1}");
    assert_eq!(strip_code_fence("  ```JSON\n{\"a\":1}\n```\n"), "{\"a\":1}");
    assert_eq!(strip_code_fence("```\n[1,2]\n```"), "[1,2]");
    assert_eq!(strip_code_fence("\n{\"a\":1}\n"), "{\"a\":1}");
    // An unterminated fence still loses its opening line.
    assert_eq!(strip_code_fence("```json\n{\"a\":1}"), "{\"a\":1}");
}

#[test]
fn the_retry_waits_the_jittered_backoff_or_a_longer_retry_after_capped_at_five_seconds() {
    let backoff = Duration::from_millis(500);
    assert_eq!(retry_delay(backoff, None, 1.0), backoff);
    assert_eq!(retry_delay(backoff, None, 0.75), Duration::from_millis(375));
    assert_eq!(retry_delay(backoff, None, 1.25), Duration::from_millis(625));
    assert_eq!(
        retry_delay(backoff, Some(Duration::from_secs(2)), 1.0),
        Duration::from_secs(2)
    );
    assert_eq!(retry_delay(backoff, Some(Duration::ZERO), 1.0), backoff);
    assert_eq!(
        retry_delay(backoff, Some(Duration::from_secs(60)), 1.0),
        MAX_RETRY_AFTER
    );
}

#[test]
fn a_rejection_snippet_is_the_providers_message_short_and_without_the_key() {
    let body = format!(r#"{{"error":{{"code":400,"message":"Bad key {API_KEY}\n given"}}}}"#);
    assert_eq!(
        rejection_snippet(body.as_bytes(), API_KEY),
        "Bad key [redacted] given"
    );
    let long = "x".repeat(500);
    let snippet = rejection_snippet(long.as_bytes(), API_KEY);
    assert_eq!(snippet.chars().count(), 201);
    assert!(snippet.ends_with('…'));
}

#[test]
fn settings_debug_output_never_shows_the_key() {
    let settings = LlmSettings {
        api_key: Some(API_KEY.to_owned()),
        ..LlmSettings::for_provider(ProviderKind::Gemini)
    };
    let printed = format!("{settings:?}");
    assert!(!printed.contains(API_KEY));
    assert!(printed.contains("[redacted]"));
    let printed = format!("{:?}", client(settings));
    assert!(!printed.contains(API_KEY));
}

#[test]
fn defaults_follow_the_design() {
    let gemini = LlmSettings::for_provider(ProviderKind::Gemini);
    assert_eq!(gemini.base_url, "https://generativelanguage.googleapis.com");
    assert_eq!(gemini.model, "gemini-2.0-flash");
    assert_eq!(gemini.temperature, 0.7);
    assert_eq!(gemini.timeout, Duration::from_secs(20));
    assert_eq!(gemini.api_key, None);
    let openai = LlmSettings::for_provider(ProviderKind::OpenAi);
    assert_eq!(openai.base_url, "https://api.openai.com");
    assert_eq!(openai.model, "gpt-4o-mini");
}

#[test]
fn an_unusable_base_url_is_refused_up_front() {
    let settings = LlmSettings {
        base_url: "not a url".to_owned(),
        ..LlmSettings::for_provider(ProviderKind::OpenAi)
    };
    let err = LlmClient::new(settings).unwrap_err();
    assert_eq!(err.kind(), "invalid_settings");
}

#[test]
fn a_call_can_run_on_a_multi_threaded_runtime() {
    fn assert_send<T: Send>(_: &T) {}
    let schema = health_schema();
    let client = client(LlmSettings::for_provider(ProviderKind::Gemini));
    let request = health_request(&schema);
    let call = client.generate_json(&request);
    assert_send(&call);
}
