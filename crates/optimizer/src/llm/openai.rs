//! The OpenAI-compatible chat completions wire format.
//!
//! Request: `POST {base}/v1/chat/completions`, `Authorization: Bearer {key}`, body
//! `{model, temperature, messages: [{role: "system", content}, {role: "user", content}],
//! response_format}` where `response_format` is `{"type": "json_schema", "json_schema": {name,
//! schema, strict: false}}` by default or `{"type": "json_object"}` (see
//! [`OpenAiResponseFormat`]). The schema is also written into the system message, so a server in
//! plain JSON mode still knows the shape (and OpenAI's JSON mode requires the word "JSON" in the
//! messages, which that text provides).
//! Response: `choices[0].message.content` (or `.refusal`), `choices[0].finish_reason`,
//! `usage.{prompt_tokens, completion_tokens}`, `model`.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{wire_temperature, Answer, LlmError, LlmRequest, LlmSettings, OpenAiResponseFormat};

pub(super) fn endpoint(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    // Many compatible servers document their base URL with the version (`http://host/v1`).
    let base = base.strip_suffix("/v1").unwrap_or(base);
    format!("{base}/v1/chat/completions")
}

pub(super) fn request_body(settings: &LlmSettings, request: &LlmRequest<'_>) -> Value {
    let response_format = match settings.openai_response_format {
        OpenAiResponseFormat::JsonSchema => json!({
            "type": "json_schema",
            "json_schema": {
                "name": schema_name(request.operation),
                "schema": request.response_schema,
                "strict": false,
            },
        }),
        OpenAiResponseFormat::JsonObject => json!({ "type": "json_object" }),
    };
    let system = format!(
        "{}\n\nAnswer with JSON only: a single JSON value conforming to this JSON Schema, \
         with no prose and no code fence.\n{}",
        request.system.trim_end(),
        request.response_schema
    );
    json!({
        "model": settings.model,
        "temperature": wire_temperature(settings.temperature),
        "messages": [
            { "role": "system", "content": system },
            { "role": "user", "content": request.prompt },
        ],
        "response_format": response_format,
    })
}

/// `json_schema.name` must match `[a-zA-Z0-9_-]{1,64}`.
fn schema_name(operation: &str) -> String {
    let name: String = operation
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if name.is_empty() {
        "response".to_owned()
    } else {
        name
    }
}

#[derive(Deserialize)]
struct ChatCompletion {
    #[serde(default)]
    choices: Vec<Choice>,
    model: Option<String>,
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Choice {
    message: Option<Message>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
    refusal: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
}

pub(super) fn parse_response(body: &[u8]) -> Result<Answer, LlmError> {
    let completion: ChatCompletion = serde_json::from_slice(body).map_err(|err| {
        LlmError::MalformedEnvelope(format!("not a chat completion response ({err})"))
    })?;
    let Some(choice) = completion.choices.into_iter().next() else {
        return Err(LlmError::MalformedEnvelope(
            "no choices in the response".into(),
        ));
    };
    let (content, refusal) = match choice.message {
        Some(message) => (message.content, message.refusal),
        None => (None, None),
    };
    let text = content.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(match (refusal, choice.finish_reason.as_deref()) {
            (Some(_), _) => LlmError::Blocked("refusal".into()),
            (None, Some("content_filter")) => LlmError::Blocked("content_filter".into()),
            (None, _) => LlmError::MalformedEnvelope("the choice has no content".into()),
        });
    }
    let usage = completion.usage;
    Ok(Answer {
        text,
        model: completion.model,
        input_tokens: usage.as_ref().and_then(|u| u.prompt_tokens),
        output_tokens: usage.as_ref().and_then(|u| u.completion_tokens),
    })
}
