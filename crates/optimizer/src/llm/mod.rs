//! Outbound calls to the LLM providers behind the optimiser: Gemini (`generateContent`) and any
//! OpenAI-compatible `/v1/chat/completions` server.
//!
//! This module owns the wire formats, the timeout, the single retry and the call log. It does not
//! own the prompt (the caller builds it from aggregated figures, never emails or names) nor the
//! meaning of the answer: [`LlmReply::text`] is the JSON text the model produced, unvalidated,
//! which the caller parses against the operation's types and, on any [`LlmError`], replaces with
//! the built-in engine's answer using the error's [`LlmError::public_reason`] as
//! `fallback_reason` (the `Display`, which may quote the provider, goes to the log only).
//!
//! Robustness contract of [`LlmClient::generate_json`]:
//! - at most two attempts; the second only after a 429, a 5xx, a timeout or a transport
//!   (connection) failure, and after a back-off of `retry_backoff` ± 25 % jitter, or the
//!   provider's `Retry-After` seconds when longer (capped at [`MAX_RETRY_AFTER`]);
//! - any other 4xx is final on the first attempt ([`LlmError::Rejected`]);
//! - a missing API key fails before any request is made ([`LlmError::NotConfigured`]);
//! - redirects are not followed (a 3xx is a rejection), and a response body larger than
//!   `max_response_bytes` is refused unread ([`LlmError::TooLarge`]);
//! - the API key travels only in a header and is never logged; the prompt is never logged.

mod gemini;
mod openai;

#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::Rng;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{StatusCode, Url};

/// The longest `Retry-After` we are willing to wait before the one retry; a provider asking for
/// more is answered by the built-in engine instead.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(5);

/// The largest response body read from a provider by default (an answer is a few kilobytes).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// How many characters of a rejected request's error body are kept in [`LlmError::Rejected`].
const REJECTION_SNIPPET_CHARS: usize = 200;

/// Which wire format to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    /// Google Generative Language API, `POST {base}/v1beta/models/{model}:generateContent`.
    Gemini,
    /// An OpenAI-compatible server, `POST {base}/v1/chat/completions`.
    OpenAi,
}

impl ProviderKind {
    /// The name used in logs and configuration (`gemini`, `openai`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Gemini => "gemini",
            ProviderKind::OpenAi => "openai",
        }
    }

    pub fn default_base_url(self) -> &'static str {
        match self {
            ProviderKind::Gemini => "https://generativelanguage.googleapis.com",
            ProviderKind::OpenAi => "https://api.openai.com",
        }
    }

    pub fn default_model(self) -> &'static str {
        match self {
            ProviderKind::Gemini => "gemini-2.0-flash",
            ProviderKind::OpenAi => "gpt-4o-mini",
        }
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an OpenAI-compatible server is asked for JSON.
///
/// [`JsonSchema`](Self::JsonSchema) is the default: OpenAI and most recent servers (vLLM,
/// llama.cpp, Ollama's OpenAI endpoint) accept `response_format: {"type": "json_schema", ...}`
/// and constrain the output to the schema. Servers that only know the older JSON mode reject it
/// with a 400; for them choose [`JsonObject`](Self::JsonObject). Either way the schema is also
/// written into the system message, so a JSON-mode server still sees the shape it must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpenAiResponseFormat {
    /// `{"type": "json_schema", "json_schema": {"name": operation, "schema": ..., "strict": false}}`
    #[default]
    JsonSchema,
    /// `{"type": "json_object"}`
    JsonObject,
}

/// Everything needed to reach one provider. Filled from configuration by the caller, starting
/// from [`LlmSettings::for_provider`] for the defaults.
#[derive(Clone)]
pub struct LlmSettings {
    pub provider: ProviderKind,
    /// Scheme and host (and optional path prefix), without the API version: the client appends
    /// `/v1beta/models/...` (Gemini) or `/v1/chat/completions` (OpenAI). A base that already
    /// ends in `/v1beta` or `/v1`, as many OpenAI-compatible servers document theirs, is
    /// accepted as is.
    pub base_url: String,
    /// `None` (or blank) means not configured: every call fails with
    /// [`LlmError::NotConfigured`] without touching the network. Local OpenAI-compatible
    /// servers that ignore the key still need a placeholder here.
    pub api_key: Option<String>,
    pub model: String,
    /// Sampling temperature sent with every request.
    pub temperature: f32,
    /// Per attempt, from connecting until the whole response body is read.
    pub timeout: Duration,
    /// Base delay before the one retry (jittered ± 25 %).
    pub retry_backoff: Duration,
    /// Only used by [`ProviderKind::OpenAi`].
    pub openai_response_format: OpenAiResponseFormat,
    /// A response body longer than this is refused ([`LlmError::TooLarge`]).
    pub max_response_bytes: usize,
}

impl LlmSettings {
    /// The defaults for `provider`: its public base URL and default model, temperature 0.7,
    /// a 20 s timeout, a 500 ms retry back-off and no API key.
    pub fn for_provider(provider: ProviderKind) -> Self {
        Self {
            provider,
            base_url: provider.default_base_url().to_owned(),
            api_key: None,
            model: provider.default_model().to_owned(),
            temperature: 0.7,
            timeout: Duration::from_secs(20),
            retry_backoff: Duration::from_millis(500),
            openai_response_format: OpenAiResponseFormat::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// The configured key, treating a blank one as absent.
    fn api_key(&self) -> Option<&str> {
        self.api_key
            .as_deref()
            .map(str::trim)
            .filter(|key| !key.is_empty())
    }
}

/// Written by hand so that the API key never reaches a log line.
impl fmt::Debug for LlmSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmSettings")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field(
                "api_key",
                &self.api_key().map(|_| "[redacted]").unwrap_or("[none]"),
            )
            .field("model", &self.model)
            .field("temperature", &self.temperature)
            .field("timeout", &self.timeout)
            .field("retry_backoff", &self.retry_backoff)
            .field("openai_response_format", &self.openai_response_format)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// One question for the model. Deliberately not `Debug`: the prompt must not end up in logs.
pub struct LlmRequest<'a> {
    /// The optimiser operation (`analyze`, `recommendations`, ...): logged, and used as the
    /// OpenAI `json_schema` name.
    pub operation: &'a str,
    /// Instructions: role, rules, output expectations.
    pub system: &'a str,
    /// The aggregated figures and the question. The caller guarantees it carries no emails or
    /// names; it is sent as given.
    pub prompt: &'a str,
    /// The expected answer as a JSON Schema subset: `type` (object, array, string, integer,
    /// number, boolean), `properties`, `required`, `items`, `enum`, `minimum`, `maximum`,
    /// `minItems`, `maxItems`, `description`, `nullable`. Sent to OpenAI as is; converted to
    /// Gemini's OpenAPI-style schema (unsupported keywords such as `additionalProperties` or
    /// `$schema` are dropped there).
    pub response_schema: &'a serde_json::Value,
}

/// What the model answered.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmReply {
    /// The JSON text the model returned, with a surrounding Markdown code fence removed.
    /// Not parsed or validated here.
    pub text: String,
    /// The model that answered as the provider reports it (Gemini `modelVersion`, OpenAI
    /// `model`), else the configured one.
    pub model: String,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    /// 1, or 2 when the first attempt failed in a retryable way.
    pub attempts: u32,
    /// Wall time of the whole call, retries and back-off included.
    pub latency: Duration,
}

/// Why no usable text came back. `Display` is a short reason for people (it becomes the
/// optimiser's `fallback_reason`); it never contains the API key or the prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    #[error("AI provider not configured (no API key)")]
    NotConfigured,
    /// Only from [`LlmClient::new`]: the base URL or model do not make a valid URL, or the HTTP
    /// client could not be built.
    #[error("AI provider settings are invalid: {0}")]
    InvalidSettings(String),
    #[error("AI provider rate limit reached (HTTP 429)")]
    RateLimited,
    #[error("AI provider server error (HTTP {0})")]
    Server(u16),
    #[error("AI provider did not answer in time")]
    Timeout,
    #[error("AI provider unreachable: {0}")]
    Transport(String),
    #[error("AI provider rejected the request (HTTP {0}): {1}")]
    Rejected(u16, String),
    #[error("AI provider answer unreadable: {0}")]
    MalformedEnvelope(String),
    #[error("AI provider blocked the answer ({0})")]
    Blocked(String),
    #[error("AI provider answer larger than {0} bytes")]
    TooLarge(usize),
}

impl LlmError {
    /// A stable, machine-friendly name for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            LlmError::NotConfigured => "not_configured",
            LlmError::InvalidSettings(_) => "invalid_settings",
            LlmError::RateLimited => "rate_limited",
            LlmError::Server(_) => "server_error",
            LlmError::Timeout => "timeout",
            LlmError::Transport(_) => "transport",
            LlmError::Rejected(..) => "rejected",
            LlmError::MalformedEnvelope(_) => "malformed_envelope",
            LlmError::Blocked(_) => "blocked",
            LlmError::TooLarge(_) => "too_large",
        }
    }

    /// The reason shown to users (the optimiser's `fallback_reason`): one fixed sentence per
    /// kind of failure, with at most the HTTP status. Nothing the provider wrote reaches it.
    pub fn public_reason(&self) -> String {
        match self {
            LlmError::NotConfigured | LlmError::InvalidSettings(_) => {
                "the AI provider is not configured".to_owned()
            }
            LlmError::RateLimited => "the AI provider is rate limiting (HTTP 429)".to_owned(),
            LlmError::Server(status) => format!("the AI provider failed (HTTP {status})"),
            LlmError::Timeout => "the AI provider did not answer in time".to_owned(),
            LlmError::Transport(_) => "the AI provider could not be reached".to_owned(),
            LlmError::Rejected(status, _) => {
                format!("the AI provider refused the request (HTTP {status})")
            }
            LlmError::MalformedEnvelope(_) => "the AI provider's answer was unreadable".to_owned(),
            LlmError::Blocked(_) => "the AI provider blocked the answer".to_owned(),
            LlmError::TooLarge(_) => "the AI provider's answer was too large".to_owned(),
        }
    }

    /// Whether one more attempt may help: rate limits, server errors, timeouts and connection
    /// failures are often transient; a rejected request or an unreadable answer is not.
    fn is_retryable(&self) -> bool {
        matches!(
            self,
            LlmError::RateLimited
                | LlmError::Server(_)
                | LlmError::Timeout
                | LlmError::Transport(_)
        )
    }
}

/// The temperature as the f64 a person would write: `0.7_f32` widened directly is
/// 0.699999988..., which is what serde_json would otherwise put on the wire.
fn wire_temperature(temperature: f32) -> f64 {
    temperature
        .to_string()
        .parse()
        .unwrap_or(f64::from(temperature))
}

/// The provider-independent part of a successful answer.
struct Answer {
    text: String,
    model: Option<String>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
}

/// One failed attempt, with the delay the provider asked for, if any.
struct Failure {
    error: LlmError,
    retry_after: Option<Duration>,
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

/// A client for one configured provider. Cheap to clone (shared settings and connection pool).
#[derive(Clone, Debug)]
pub struct LlmClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    settings: LlmSettings,
    endpoint: Url,
    http: reqwest::Client,
}

impl LlmClient {
    /// Builds the HTTP client (with the per-attempt timeout) and checks that the base URL and
    /// model make a valid endpoint. A missing API key is not an error here: it is reported by
    /// each call, so that the service can start and answer with the built-in engine.
    pub fn new(settings: LlmSettings) -> Result<Self, LlmError> {
        let endpoint = match settings.provider {
            ProviderKind::Gemini => gemini::endpoint(&settings.base_url, &settings.model),
            ProviderKind::OpenAi => openai::endpoint(&settings.base_url),
        };
        let endpoint = Url::parse(&endpoint)
            .map_err(|err| LlmError::InvalidSettings(format!("base URL: {err}")))?;
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            // The endpoint is configured; a provider (or anyone between) sending the call
            // elsewhere is refused, so the key and the figures go nowhere else.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| LlmError::InvalidSettings(format!("HTTP client: {err}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                settings,
                endpoint,
                http,
            }),
        })
    }

    pub fn settings(&self) -> &LlmSettings {
        &self.inner.settings
    }

    /// Asks the model for a JSON answer shaped by `request.response_schema`, retrying once on
    /// transient failures (see the module docs). Every call is logged once at info level with
    /// provider, model, operation, latency, outcome, attempts and token counts.
    pub async fn generate_json(&self, request: &LlmRequest<'_>) -> Result<LlmReply, LlmError> {
        let settings = &self.inner.settings;
        let started = Instant::now();
        let mut attempts = 0;
        let result = match settings.api_key() {
            None => Err(LlmError::NotConfigured),
            Some(api_key) => {
                let body = match settings.provider {
                    ProviderKind::Gemini => gemini::request_body(settings, request),
                    ProviderKind::OpenAi => openai::request_body(settings, request),
                };
                loop {
                    attempts += 1;
                    match self.attempt(api_key, &body).await {
                        Ok(answer) => break Ok(answer),
                        Err(failure) if attempts < 2 && failure.error.is_retryable() => {
                            let delay = retry_delay(
                                settings.retry_backoff,
                                failure.retry_after,
                                rand::thread_rng().gen_range(0.75..=1.25),
                            );
                            tracing::warn!(
                                provider = settings.provider.as_str(),
                                operation = request.operation,
                                attempt = attempts,
                                reason = failure.error.kind(),
                                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                                "LLM call failed, retrying once"
                            );
                            tokio::time::sleep(delay).await;
                        }
                        Err(failure) => break Err(failure.error),
                    }
                }
            }
        };
        let latency = started.elapsed();
        let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
        match result {
            Ok(answer) => {
                tracing::info!(
                    provider = settings.provider.as_str(),
                    model = answer.model.as_deref().unwrap_or(&settings.model),
                    operation = request.operation,
                    latency_ms,
                    outcome = "ok",
                    attempts,
                    input_tokens = answer.input_tokens,
                    output_tokens = answer.output_tokens,
                    "LLM call"
                );
                Ok(LlmReply {
                    text: strip_code_fence(&answer.text).to_owned(),
                    model: answer.model.unwrap_or_else(|| settings.model.clone()),
                    input_tokens: answer.input_tokens,
                    output_tokens: answer.output_tokens,
                    attempts,
                    latency,
                })
            }
            Err(error) => {
                tracing::info!(
                    provider = settings.provider.as_str(),
                    model = settings.model.as_str(),
                    operation = request.operation,
                    latency_ms,
                    outcome = error.kind(),
                    attempts,
                    input_tokens = Option::<u64>::None,
                    output_tokens = Option::<u64>::None,
                    error = %error,
                    "LLM call"
                );
                Err(error)
            }
        }
    }

    /// One HTTP round trip: send, classify the status, read and parse the provider's envelope.
    async fn attempt(&self, api_key: &str, body: &serde_json::Value) -> Result<Answer, Failure> {
        let Inner {
            settings,
            endpoint,
            http,
        } = &*self.inner;
        let request = http.post(endpoint.clone()).json(body);
        let request = match settings.provider {
            ProviderKind::Gemini => request.header("x-goog-api-key", api_key),
            ProviderKind::OpenAi => request.bearer_auth(api_key),
        };
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let bytes = read_capped(response, settings.max_response_bytes).await?;
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(Failure {
                error: LlmError::RateLimited,
                retry_after,
            });
        }
        if status.is_server_error() {
            return Err(Failure {
                error: LlmError::Server(status.as_u16()),
                retry_after,
            });
        }
        if !status.is_success() {
            let snippet = rejection_snippet(&bytes, api_key);
            return Err(LlmError::Rejected(status.as_u16(), snippet).into());
        }
        let answer = match settings.provider {
            ProviderKind::Gemini => gemini::parse_response(&bytes),
            ProviderKind::OpenAi => openai::parse_response(&bytes),
        };
        answer.map_err(Failure::from)
    }
}

/// The response body, refused as soon as it is known to exceed `max_bytes` (by its declared
/// length or while it streams in).
async fn read_capped(
    mut response: reqwest::Response,
    max_bytes: usize,
) -> Result<Vec<u8>, Failure> {
    let too_large = || Failure::from(LlmError::TooLarge(max_bytes));
    if response
        .content_length()
        .is_some_and(|declared| declared > max_bytes as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > max_bytes {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn transport_error(err: reqwest::Error) -> Failure {
    if err.is_timeout() {
        return LlmError::Timeout.into();
    }
    // reqwest's own message ("error sending request") plus the innermost cause ("connection
    // refused", "dns error: ...") say what happened; the URL is known from the settings.
    let reason = match root_cause(&err) {
        Some(root) => format!("{}: {root}", err.without_url()),
        None => err.without_url().to_string(),
    };
    LlmError::Transport(reason).into()
}

fn root_cause(err: &reqwest::Error) -> Option<String> {
    let mut cause: &dyn std::error::Error = std::error::Error::source(err)?;
    while let Some(next) = cause.source() {
        cause = next;
    }
    Some(cause.to_string())
}

/// `Retry-After` in delta-seconds form; the HTTP-date form is ignored (the back-off applies).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// The wait before the retry: the jittered back-off, or the provider's `Retry-After` when it
/// asks for longer, never more than [`MAX_RETRY_AFTER`].
fn retry_delay(backoff: Duration, retry_after: Option<Duration>, jitter: f64) -> Duration {
    let jittered = backoff.mul_f64(jitter.clamp(0.0, 2.0));
    let asked = retry_after.unwrap_or(Duration::ZERO);
    jittered.max(asked).min(MAX_RETRY_AFTER)
}

/// A short, single-line reason from a rejection body: the provider's `error.message` when the
/// body is the usual `{"error": {"message": ...}}`, else the start of the raw text. The API key
/// is scrubbed in case a server echoes it.
fn rejection_snippet(body: &[u8], api_key: &str) -> String {
    let message = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| {
            value
                .pointer("/error/message")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let scrubbed = one_line.replace(api_key, "[redacted]");
    truncate_chars(&scrubbed, REJECTION_SNIPPET_CHARS)
}

fn truncate_chars(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Removes a Markdown code fence (```` ```json ... ``` ```` or a bare ```` ``` ````) that some
/// models wrap around JSON even in JSON mode; anything else is returned trimmed.
pub fn strip_code_fence(text: &str) -> &str {
    let trimmed = text.trim();
    let Some(after_open) = trimmed.strip_prefix("```") else {
        return trimmed;
    };
    // Skip the info string (`json`, `JSON`, ...) up to the end of the opening line.
    let Some(newline) = after_open.find('\n') else {
        return trimmed;
    };
    let inner = &after_open[newline + 1..];
    inner.trim_end().strip_suffix("```").unwrap_or(inner).trim()
}
