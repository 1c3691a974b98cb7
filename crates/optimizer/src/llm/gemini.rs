//! The Gemini `generateContent` wire format (Generative Language API, v1beta).
//!
//! Request: `POST {base}/v1beta/models/{model}:generateContent`, key in `x-goog-api-key`, body
//! `{systemInstruction: {parts: [{text}]}, contents: [{role: "user", parts: [{text}]}],
//! generationConfig: {temperature, responseMimeType: "application/json", responseSchema}}`.
//! Response: `candidates[0].content.parts[*].text`, `candidates[0].finishReason`,
//! `promptFeedback.blockReason` (set when the prompt itself was blocked and no candidate came
//! back), `usageMetadata.{promptTokenCount, candidatesTokenCount}`, `modelVersion`.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{wire_temperature, Answer, LlmError, LlmRequest, LlmSettings};

pub(super) fn endpoint(base_url: &str, model: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let base = base.strip_suffix("/v1beta").unwrap_or(base);
    // Accept the resource-name form `models/gemini-2.0-flash` as well as the bare id.
    let model = model.trim().trim_start_matches("models/");
    format!("{base}/v1beta/models/{model}:generateContent")
}

pub(super) fn request_body(settings: &LlmSettings, request: &LlmRequest<'_>) -> Value {
    let mut body = json!({
        "contents": [{ "role": "user", "parts": [{ "text": request.prompt }] }],
        "generationConfig": {
            "temperature": wire_temperature(settings.temperature),
            "responseMimeType": "application/json",
            "responseSchema": to_gemini_schema(request.response_schema),
        },
    });
    if !request.system.trim().is_empty() {
        body["systemInstruction"] = json!({ "parts": [{ "text": request.system }] });
    }
    body
}

/// Converts our JSON Schema subset to Gemini's `Schema` (a subset of the OpenAPI 3.0 schema
/// object): `type` in upper case (`OBJECT`, `STRING`, ...), a `["string", "null"]` type becomes
/// `STRING` + `nullable: true`, `enum` is kept on strings only (Gemini's `enum` is `string[]`),
/// and only the keywords Gemini documents and we use are kept: `type`, `description`,
/// `nullable`, `enum`, `properties`, `required`, `items`, `minItems`, `maxItems`, `minimum`,
/// `maximum`. Everything else (`additionalProperties`, `$schema`, `title`, `format`, ...) is
/// dropped rather than risking a 400 for an unknown or unsupported field.
pub(super) fn to_gemini_schema(schema: &Value) -> Value {
    let Value::Object(source) = schema else {
        return Value::Object(Map::new());
    };
    let mut target = Map::new();
    match source.get("type") {
        Some(Value::String(kind)) => {
            target.insert("type".into(), Value::String(kind.to_uppercase()));
        }
        Some(Value::Array(kinds)) => {
            let mut nullable = false;
            for kind in kinds.iter().filter_map(Value::as_str) {
                if kind.eq_ignore_ascii_case("null") {
                    nullable = true;
                } else if !target.contains_key("type") {
                    target.insert("type".into(), Value::String(kind.to_uppercase()));
                }
            }
            if nullable {
                target.insert("nullable".into(), Value::Bool(true));
            }
        }
        _ => {}
    }
    for keyword in [
        "description",
        "nullable",
        "required",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
    ] {
        if let Some(value) = source.get(keyword) {
            target.insert(keyword.into(), value.clone());
        }
    }
    // Gemini documents `enum` for STRING only (as `string[]`); elsewhere it is dropped and the
    // caller's validation enforces it.
    let is_string = target.get("type").and_then(Value::as_str) == Some("STRING");
    if let (true, Some(Value::Array(values))) = (is_string, source.get("enum")) {
        target.insert("enum".into(), Value::Array(values.clone()));
    }
    if let Some(Value::Object(properties)) = source.get("properties") {
        let properties = properties
            .iter()
            .map(|(name, property)| (name.clone(), to_gemini_schema(property)))
            .collect();
        target.insert("properties".into(), Value::Object(properties));
    }
    if let Some(items) = source.get("items") {
        target.insert("items".into(), to_gemini_schema(items));
    }
    Value::Object(target)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenerateContentResponse {
    #[serde(default)]
    candidates: Vec<Candidate>,
    prompt_feedback: Option<PromptFeedback>,
    usage_metadata: Option<UsageMetadata>,
    model_version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Candidate {
    content: Option<Content>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
struct Part {
    text: Option<String>,
    /// Thinking models return their reasoning as parts flagged `thought: true`; not the answer.
    #[serde(default)]
    thought: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PromptFeedback {
    block_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsageMetadata {
    prompt_token_count: Option<u64>,
    candidates_token_count: Option<u64>,
}

pub(super) fn parse_response(body: &[u8]) -> Result<Answer, LlmError> {
    let response: GenerateContentResponse = serde_json::from_slice(body).map_err(|err| {
        LlmError::MalformedEnvelope(format!("not a generateContent response ({err})"))
    })?;
    let Some(candidate) = response.candidates.into_iter().next() else {
        return Err(
            match response.prompt_feedback.and_then(|f| f.block_reason) {
                Some(reason) => LlmError::Blocked(reason),
                None => LlmError::MalformedEnvelope("no candidates in the response".into()),
            },
        );
    };
    let text: String = candidate
        .content
        .map(|content| content.parts)
        .unwrap_or_default()
        .into_iter()
        .filter(|part| !part.thought)
        .filter_map(|part| part.text)
        .collect();
    if text.trim().is_empty() {
        return Err(match candidate.finish_reason.as_deref() {
            None | Some("STOP") | Some("MAX_TOKENS") => {
                LlmError::MalformedEnvelope("the candidate has no text".into())
            }
            Some(reason) => LlmError::Blocked(reason.to_owned()),
        });
    }
    let usage = response.usage_metadata;
    Ok(Answer {
        text,
        model: response.model_version,
        input_tokens: usage.as_ref().and_then(|u| u.prompt_token_count),
        output_tokens: usage.as_ref().and_then(|u| u.candidates_token_count),
    })
}
