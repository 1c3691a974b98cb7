//! OpenAI-compatible `/v1/chat/completions` against a stub that speaks its wire format.

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::super::{LlmError, LlmSettings, OpenAiResponseFormat, ProviderKind};
use super::*;

fn openai_settings(server: &MockServer) -> LlmSettings {
    stub_settings(ProviderKind::OpenAi, server)
}

fn completion(content: &str) -> Value {
    json!({
        "id": "chatcmpl-123",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content, "refusal": null },
            "finish_reason": "stop"
        }],
        "usage": { "prompt_tokens": 280, "completion_tokens": 37, "total_tokens": 317 }
    })
}

#[tokio::test]
async fn a_good_answer_returns_the_text_without_its_code_fence_and_token_counts() {
    let fenced = format!("```json\n{HEALTH_ANSWER}\n```");
    let (server, outcome) = answered(
        ProviderKind::OpenAi,
        ResponseTemplate::new(200).set_body_json(completion(&fenced)),
    )
    .await;
    let reply = outcome.unwrap();

    assert_eq!(reply.text, HEALTH_ANSWER);
    assert_eq!(reply.model, "gpt-4o-mini-2024-07-18");
    assert_eq!(reply.input_tokens, Some(280));
    assert_eq!(reply.output_tokens, Some(37));
    assert_eq!(reply.attempts, 1);
    let body = only_body(&server).await;
    assert_eq!(body["model"], "gpt-4o-mini");
    assert_eq!(body["temperature"].as_f64().unwrap(), 0.7);
    assert_eq!(
        body["response_format"],
        json!({
            "type": "json_schema",
            "json_schema": { "name": "analyze", "schema": health_schema(), "strict": false }
        })
    );
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["role"], "system");
    let system = messages[0]["content"].as_str().unwrap();
    assert!(system.starts_with(SYSTEM));
    assert!(system.contains("JSON"));
    assert!(
        system.contains(&health_schema().to_string()),
        "the schema is in the system text"
    );
    assert_eq!(messages[1], json!({ "role": "user", "content": PROMPT }));
}

#[tokio::test]
async fn a_versioned_base_url_and_json_object_mode_are_honoured() {
    let server = MockServer::start().await;
    stub(
        ProviderKind::OpenAi,
        &server,
        ResponseTemplate::new(200).set_body_json(completion(HEALTH_ANSWER)),
    )
    .await;
    let settings = LlmSettings {
        base_url: format!("{}/v1/", server.uri()),
        model: "llama3.1:8b".to_owned(),
        openai_response_format: OpenAiResponseFormat::JsonObject,
        ..openai_settings(&server)
    };
    let reply = ask(settings).await.unwrap();

    assert_eq!(reply.text, HEALTH_ANSWER);
    let body = only_body(&server).await;
    assert_eq!(body["model"], "llama3.1:8b");
    assert_eq!(body["response_format"], json!({ "type": "json_object" }));
}

#[tokio::test]
async fn a_429_then_success_succeeds_on_the_second_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(OPENAI_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({
                    "error": { "message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded" }
                })),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    stub(
        ProviderKind::OpenAi,
        &server,
        ResponseTemplate::new(200).set_body_json(completion(HEALTH_ANSWER)),
    )
    .await;
    let reply = ask(openai_settings(&server)).await.unwrap();

    assert_eq!(reply.attempts, 2);
    assert_eq!(reply.text, HEALTH_ANSWER);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn two_rate_limits_end_in_rate_limited() {
    let (server, outcome) = answered(ProviderKind::OpenAi, ResponseTemplate::new(429)).await;
    let err = outcome.unwrap_err();

    assert_eq!(err, LlmError::RateLimited);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_400_is_rejected_after_one_attempt() {
    let (server, outcome) = answered(ProviderKind::OpenAi, ResponseTemplate::new(400).set_body_json(json!({
            "error": {
                "message": "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
                "type": "invalid_request_error",
                "param": "response_format",
                "code": null
            }
        }))).await;
    let err = outcome.unwrap_err();

    assert_eq!(
        err,
        LlmError::Rejected(
            400,
            "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."
                .into()
        )
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_envelope_without_choices_is_malformed() {
    let (server, outcome) = answered(
        ProviderKind::OpenAi,
        ResponseTemplate::new(200).set_body_json(json!({
            "id": "chatcmpl-123", "object": "chat.completion", "model": "gpt-4o-mini", "choices": []
        })),
    )
    .await;
    let err = outcome.unwrap_err();

    assert!(matches!(err, LlmError::MalformedEnvelope(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_refusal_is_blocked() {
    let (_server, outcome) = answered(ProviderKind::OpenAi, ResponseTemplate::new(200).set_body_json(json!({
            "model": "gpt-4o-mini",
            "choices": [{
                "index": 0,
                "message": { "role": "assistant", "content": null, "refusal": "I can't help with that." },
                "finish_reason": "stop"
            }]
        }))).await;
    let err = outcome.unwrap_err();

    assert_eq!(err, LlmError::Blocked("refusal".into()));
}

#[tokio::test]
async fn a_blank_key_is_not_configured_and_sends_nothing() {
    let server = MockServer::start().await;
    stub(
        ProviderKind::OpenAi,
        &server,
        ResponseTemplate::new(200).set_body_json(completion(HEALTH_ANSWER)),
    )
    .await;
    let settings = LlmSettings {
        api_key: Some("  ".to_owned()),
        ..openai_settings(&server)
    };
    let err = ask(settings).await.unwrap_err();

    assert_eq!(err, LlmError::NotConfigured);
    assert_eq!(err.to_string(), "AI provider not configured (no API key)");
    assert!(received(&server).await.is_empty());
}
