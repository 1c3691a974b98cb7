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
        let schema = health_schema();

        let err = client(stub_settings(provider, &server))
            .generate_json(&health_request(&schema))
            .await
            .unwrap_err();

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
        let schema = health_schema();

        let err = client(stub_settings(provider, &server))
            .generate_json(&health_request(&schema))
            .await
            .unwrap_err();

        assert_eq!(err, LlmError::Timeout, "{provider:?}");
        assert_eq!(received(&server).await.len(), 2, "{provider:?}");
    }
}
