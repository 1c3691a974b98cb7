//! Gemini `generateContent` against a stub that speaks its wire format.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::super::gemini::to_gemini_schema;
use super::super::{LlmError, LlmSettings, ProviderKind};
use super::*;

fn gemini_settings(server: &MockServer) -> LlmSettings {
    stub_settings(ProviderKind::Gemini, server)
}

fn answer(text: &str) -> Value {
    json!({
        "candidates": [{
            "content": { "parts": [{ "text": text }], "role": "model" },
            "finishReason": "STOP",
            "index": 0
        }],
        "usageMetadata": {
            "promptTokenCount": 312,
            "candidatesTokenCount": 41,
            "totalTokenCount": 353
        },
        "modelVersion": "gemini-2.0-flash-001"
    })
}

#[tokio::test]
async fn a_good_answer_returns_the_text_and_token_counts() {
    let (server, outcome) = answered(
        ProviderKind::Gemini,
        ResponseTemplate::new(200).set_body_json(answer(HEALTH_ANSWER)),
    )
    .await;
    let reply = outcome.unwrap();

    assert_eq!(reply.text, HEALTH_ANSWER);
    assert_eq!(reply.model, "gemini-2.0-flash-001");
    assert_eq!(reply.input_tokens, Some(312));
    assert_eq!(reply.output_tokens, Some(41));
    assert_eq!(reply.attempts, 1);
    let requests = received(&server).await;
    assert_eq!(
        requests[0].headers.get("content-type").unwrap(),
        "application/json"
    );
    let body = only_body(&server).await;
    assert_eq!(
        body["contents"],
        json!([{ "role": "user", "parts": [{ "text": PROMPT }] }])
    );
    assert_eq!(
        body["systemInstruction"],
        json!({ "parts": [{ "text": SYSTEM }] })
    );
    let config = &body["generationConfig"];
    assert_eq!(config["temperature"].as_f64().unwrap(), 0.7);
    assert_eq!(config["responseMimeType"], "application/json");
    assert_eq!(
        config["responseSchema"],
        json!({
            "type": "OBJECT",
            "properties": {
                "health_score": { "type": "INTEGER", "minimum": 0, "maximum": 100 },
                "status": { "type": "STRING", "enum": ["healthy", "at_risk", "critical"] },
                "risks": {
                    "type": "ARRAY",
                    "items": { "type": "STRING", "description": "one risk, one sentence" },
                    "maxItems": 5
                },
                "note": { "type": "STRING", "nullable": true }
            },
            "required": ["health_score", "status", "risks"]
        })
    );
}

#[tokio::test]
async fn the_configured_model_and_temperature_are_sent_and_fences_and_thoughts_are_dropped() {
    let server = MockServer::start().await;
    let fenced = format!("```json\n{HEALTH_ANSWER}\n```");
    let response = json!({
        "candidates": [{
            "content": { "parts": [
                { "text": "Let me think about the burn rate...", "thought": true },
                { "text": fenced }
            ] },
            "finishReason": "STOP"
        }]
    });
    Mock::given(method("POST"))
        .and(path("/v1beta/models/gemini-2.5-pro:generateContent"))
        .respond_with(ResponseTemplate::new(200).set_body_json(response))
        .mount(&server)
        .await;
    let settings = LlmSettings {
        // A base that already names the version, with a trailing slash, and the
        // resource-name form of the model.
        base_url: format!("{}/v1beta/", server.uri()),
        model: "models/gemini-2.5-pro".to_owned(),
        temperature: 0.2,
        ..gemini_settings(&server)
    };
    let reply = ask(settings).await.unwrap();

    assert_eq!(reply.text, HEALTH_ANSWER);
    // No modelVersion and no usage in the envelope: the configured model, no counts.
    assert_eq!(reply.model, "models/gemini-2.5-pro");
    assert_eq!(reply.input_tokens, None);
    let body = only_body(&server).await;
    assert_eq!(
        body["generationConfig"]["temperature"].as_f64().unwrap(),
        0.2
    );
}

#[tokio::test]
async fn a_429_then_success_succeeds_on_the_second_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(GEMINI_PATH))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "error": { "code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED" }
        })))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    stub(
        ProviderKind::Gemini,
        &server,
        ResponseTemplate::new(200).set_body_json(answer(HEALTH_ANSWER)),
    )
    .await;
    let reply = ask(gemini_settings(&server)).await.unwrap();

    assert_eq!(reply.attempts, 2);
    assert_eq!(reply.text, HEALTH_ANSWER);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_400_is_rejected_after_one_attempt_with_the_providers_reason() {
    let (server, outcome) = answered(
        ProviderKind::Gemini,
        ResponseTemplate::new(400).set_body_json(json!({
            "error": {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT"
            }
        })),
    )
    .await;
    let err = outcome.unwrap_err();

    assert_eq!(
        err,
        LlmError::Rejected(
            400,
            "API key not valid. Please pass a valid API key.".into()
        )
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_envelope_without_candidates_is_malformed() {
    let (server, outcome) = answered(
        ProviderKind::Gemini,
        ResponseTemplate::new(200).set_body_json(json!({
            "usageMetadata": { "promptTokenCount": 312, "totalTokenCount": 312 }
        })),
    )
    .await;
    let err = outcome.unwrap_err();

    assert!(matches!(err, LlmError::MalformedEnvelope(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_malformed() {
    let (_server, outcome) = answered(
        ProviderKind::Gemini,
        ResponseTemplate::new(200).set_body_string("<html>proxy</html>"),
    )
    .await;
    let err = outcome.unwrap_err();

    assert!(matches!(err, LlmError::MalformedEnvelope(_)), "{err:?}");
}

#[tokio::test]
async fn a_candidate_stopped_for_safety_is_blocked() {
    let (server, outcome) = answered(ProviderKind::Gemini, ResponseTemplate::new(200).set_body_json(json!({
            "candidates": [{
                "finishReason": "SAFETY",
                "index": 0,
                "safetyRatings": [
                    { "category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true }
                ]
            }],
            "usageMetadata": { "promptTokenCount": 312, "totalTokenCount": 312 }
        }))).await;
    let err = outcome.unwrap_err();

    assert_eq!(err, LlmError::Blocked("SAFETY".into()));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_blocked_prompt_is_blocked() {
    let (_server, outcome) = answered(
        ProviderKind::Gemini,
        ResponseTemplate::new(200).set_body_json(json!({
            "promptFeedback": { "blockReason": "OTHER" }
        })),
    )
    .await;
    let err = outcome.unwrap_err();

    assert_eq!(err, LlmError::Blocked("OTHER".into()));
}

#[tokio::test]
async fn a_missing_key_is_not_configured_and_sends_nothing() {
    let server = MockServer::start().await;
    stub(
        ProviderKind::Gemini,
        &server,
        ResponseTemplate::new(200).set_body_json(answer(HEALTH_ANSWER)),
    )
    .await;
    let settings = LlmSettings {
        api_key: None,
        ..gemini_settings(&server)
    };
    let err = ask(settings).await.unwrap_err();

    assert_eq!(err, LlmError::NotConfigured);
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error_after_two_attempts() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings = LlmSettings {
        base_url: format!("http://127.0.0.1:{port}"),
        api_key: Some(API_KEY.to_owned()),
        timeout: TEST_TIMEOUT,
        retry_backoff: Duration::from_millis(10),
        ..LlmSettings::for_provider(ProviderKind::Gemini)
    };
    let err = ask(settings).await.unwrap_err();

    assert!(matches!(err, LlmError::Transport(_)), "{err:?}");
    assert!(!err.to_string().contains(API_KEY));
}

#[test]
fn schema_conversion_keeps_the_keywords_gemini_supports_only() {
    let schema = json!({
        "type": "array",
        "title": "Recommendations",
        "minItems": 3,
        "maxItems": 7,
        "items": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "confidence": { "type": "number", "minimum": 0, "maximum": 100, "format": "double" },
                "priority": { "type": "integer", "enum": [1, 2, 3] },
                "reasoning": { "type": "string", "description": "why", "nullable": true }
            },
            "required": ["confidence"]
        }
    });

    assert_eq!(
        to_gemini_schema(&schema),
        json!({
            "type": "ARRAY",
            "minItems": 3,
            "maxItems": 7,
            "items": {
                "type": "OBJECT",
                "properties": {
                    "confidence": { "type": "NUMBER", "minimum": 0, "maximum": 100 },
                    "priority": { "type": "INTEGER" },
                    "reasoning": { "type": "STRING", "description": "why", "nullable": true }
                },
                "required": ["confidence"]
            }
        })
    );
}
