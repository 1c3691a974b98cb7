//! The retry rules that hold for every provider, each run against a stub of both: a server
//! error or a timeout is tried twice, then reported.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::super::{LlmError, ProviderKind};
use super::*;

const PROVIDERS: [ProviderKind; 2] = [ProviderKind::Gemini, ProviderKind::OpenAi];

/// Answers every POST, whatever the provider's path.
async fn stub_every_call(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn two_server_errors_end_in_server_error_after_two_attempts() {
    for provider in PROVIDERS {
        let server = stub_every_call(ResponseTemplate::new(503)).await;
        let err = ask(stub_settings(provider, &server)).await.unwrap_err();

        assert_eq!(err, LlmError::Server(503), "{provider:?}");
        assert_eq!(received(&server).await.len(), 2, "{provider:?}");
    }
}

#[tokio::test]
async fn a_stub_slower_than_the_timeout_ends_in_timeout_after_two_attempts() {
    for provider in PROVIDERS {
        let server = stub_every_call(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(TEST_TIMEOUT * 5),
        )
        .await;
        let err = ask(stub_settings(provider, &server)).await.unwrap_err();

        assert_eq!(err, LlmError::Timeout, "{provider:?}");
        assert_eq!(received(&server).await.len(), 2, "{provider:?}");
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    for provider in PROVIDERS {
        let server = MockServer::start().await;
        let elsewhere = format!("{}/elsewhere", server.uri());
        Mock::given(method("POST"))
            .and(wiremock::matchers::path("/elsewhere"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(307).insert_header("location", elsewhere.as_str()))
            .mount(&server)
            .await;
        let err = ask(stub_settings(provider, &server)).await.unwrap_err();

        assert_eq!(err.kind(), "rejected", "{provider:?}: {err}");
        let requests = received(&server).await;
        assert_eq!(requests.len(), 1, "{provider:?}");
        assert_ne!(requests[0].url.path(), "/elsewhere", "{provider:?}");
    }
}

#[tokio::test]
async fn a_body_larger_than_the_cap_is_refused() {
    for provider in PROVIDERS {
        let server =
            stub_every_call(ResponseTemplate::new(200).set_body_string("x".repeat(4 * 1024 + 1)))
                .await;
        let settings = LlmSettings {
            max_response_bytes: 4 * 1024,
            ..stub_settings(provider, &server)
        };

        let err = ask(settings).await.unwrap_err();

        assert_eq!(err, LlmError::TooLarge(4 * 1024), "{provider:?}");
        assert_eq!(received(&server).await.len(), 1, "{provider:?}");
    }
}

#[tokio::test]
async fn the_public_reason_never_quotes_the_provider() {
    for provider in PROVIDERS {
        let server = stub_every_call(ResponseTemplate::new(400).set_body_json(
            json!({"error": {"code": 400, "message": "internal host db-7.corp leaked"}}),
        ))
        .await;
        let err = ask(stub_settings(provider, &server)).await.unwrap_err();

        assert!(err.to_string().contains("db-7.corp"), "{err}");
        assert_eq!(
            err.public_reason(),
            "the AI provider refused the request (HTTP 400)",
            "{provider:?}"
        );
    }
    for err in [
        LlmError::Transport("dns error: db-7.corp".to_owned()),
        LlmError::MalformedEnvelope("db-7.corp".to_owned()),
        LlmError::Blocked("db-7.corp".to_owned()),
        LlmError::InvalidSettings("db-7.corp".to_owned()),
    ] {
        assert!(!err.public_reason().contains("db-7"), "{err}");
    }
}
