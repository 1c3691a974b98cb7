//! Settings from the environment (and an optional TOML file named by `CONFIG_FILE`), each with
//! a default that is safe for local use. figment does the layering so that the
//! precedence is declared once: defaults < file < environment.

use std::time::Duration;

use budget_optimizer::llm::{LlmClient, LlmSettings, OpenAiResponseFormat, ProviderKind};
use budget_optimizer::Optimizer;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::de::{DeserializeOwned, Error as _, IntoDeserializer};
use serde::{Deserialize, Deserializer, Serialize};

/// Every setting, named as its environment variable in lower case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Settings {
    /// `sqlite://path?mode=rwc` (the default, a file under ./data) or `postgres://…`.
    pub database_url: DatabaseUrl,
    /// Pool size; 0 picks the engine's default: 4 for SQLite (one writer at a time; more
    /// connections only add cache thrash and memory), 16 for PostgreSQL.
    pub database_max_connections: u32,
    /// Address to listen on.
    pub bind: String,
    /// HS256 key for session tokens; at least 32 bytes. Required unless `dev_mode`.
    pub jwt_secret: Option<Secret>,
    /// Seconds a session token lives.
    pub jwt_ttl_secs: i64,
    /// Local development: generates a JWT secret when none is set.
    pub dev_mode: bool,
    /// Where the built web app is (Trunk's `dist/`).
    pub web_dist_dir: String,
    /// `pretty` for people, `json` for log pipelines.
    #[serde(deserialize_with = "choice")]
    pub log_format: LogFormat,
    /// Largest accepted JSON request body, in bytes.
    pub max_body_bytes: usize,
    /// Pins "today" (YYYY-MM-DD) for demos and reproducible runs; unset in production.
    pub today: Option<chrono::NaiveDate>,
    /// The optimiser's engine: `builtin` (no network), `gemini` or `openai`.
    #[serde(deserialize_with = "choice")]
    pub ai_provider: AiProvider,
    pub gemini_api_key: Option<Secret>,
    pub gemini_model: Option<String>,
    pub gemini_base_url: Option<String>,
    pub openai_base_url: Option<String>,
    pub openai_api_key: Option<Secret>,
    pub openai_model: Option<String>,
    /// `json_schema` (default) or `json_object` for OpenAI-compatible servers that only know
    /// the older JSON mode.
    #[serde(deserialize_with = "choice")]
    pub openai_response_format: ResponseFormat,
    pub ai_temperature: f32,
    /// Per LLM attempt; one retry follows a timeout, then builtin answers.
    pub ai_timeout_secs: u64,
    /// LLM calls in flight at once; more wait briefly, then builtin answers.
    pub ai_max_concurrent: usize,
    /// Serve Prometheus metrics at `/metrics` (outside the API; firewall it or set a token).
    pub metrics_enabled: bool,
    /// When set, `/metrics` needs `Authorization: Bearer <this>`.
    pub metrics_token: Option<Secret>,
    /// Origins (`https://app.example.com`, comma-separated) whose browsers may call the API
    /// across origins. Empty: CORS closed, only the same origin (the built-in web app).
    pub cors_allowed_origins: String,
    /// `Strict-Transport-Security` max-age in seconds; 0 sends none. Set it only behind TLS.
    pub hsts_max_age_secs: u64,
    /// Sign-ins and registrations per client IP per minute (0: unlimited). Per instance.
    pub rate_limit_login_per_minute: u32,
    /// Optimiser calls per user per minute (0: unlimited). Per instance.
    pub rate_limit_optimizer_per_minute: u32,
    /// Take the client IP from `Forwarded`/`X-Forwarded-For` (only behind a proxy that sets
    /// them); otherwise the peer address is the client.
    pub trust_proxy_headers: bool,
    /// On SIGTERM/SIGINT, how long in-flight requests may take to finish before they are cut.
    pub shutdown_timeout_secs: u64,
    /// Password hashes and checks running at once, off the async workers (0: one per CPU).
    pub password_hash_workers: usize,
    /// Password checks that may wait for a worker; past that, sign-in and registration answer
    /// 503 with `Retry-After`.
    pub password_hash_queue: usize,
    /// Failed sign-ins of one email without any wait; each further one makes the next attempt
    /// wait, 4 s and then twice as long each time. 0 turns the per-account back-off off. Per instance.
    pub login_backoff_free_failures: u32,
    /// The longest wait the per-account back-off imposes, seconds.
    pub login_backoff_max_secs: u64,
    /// How long a client may take to send a request's body once its headers arrived (they
    /// must within 5 s), seconds; slower ones get 408.
    pub request_body_timeout_secs: u64,
    /// PostgreSQL: the longest one SQL statement may run, seconds (the session's
    /// `statement_timeout`); 0 for no limit. Ignored on SQLite.
    pub database_statement_timeout_secs: u64,
    /// How long after a change to a board its alert rules are evaluated, milliseconds: the
    /// changes in the meantime share one evaluation.
    pub alert_evaluation_delay_ms: u64,
    /// How often every board with an active alert rule is evaluated, seconds (time passing
    /// changes burn windows and forecasts); 0 turns the sweep off.
    pub alert_sweep_secs: u64,
    /// Whether webhook endpoints may be on private, loopback or link-local addresses (local
    /// receivers, tests). Keep it false in production.
    pub webhook_allow_private_addresses: bool,
    /// Whether this instance runs the webhook dispatcher (every instance should; two or more
    /// share the work without sending a delivery twice at once).
    pub webhook_dispatcher: bool,
    /// The longest one webhook request may take, milliseconds.
    pub webhook_timeout_ms: u64,
    /// The waits before each retry of a failed webhook delivery, milliseconds, comma-separated;
    /// when they run out (or `webhook_give_up_secs` after the first attempt) it fails.
    pub webhook_retry_schedule_ms: String,
    /// No webhook retry is made later than this after the first attempt, seconds.
    pub webhook_give_up_secs: u64,
    /// Events in a row that fail for good before an endpoint is disabled (0: never).
    pub webhook_disable_after_failures: u32,
    /// Webhook requests in flight at once, per instance.
    pub webhook_concurrency: usize,
    /// How often the dispatcher looks for new events and due retries, milliseconds.
    pub webhook_poll_ms: u64,
    /// The most a timer counts, hours (1 to 24): a forgotten timer's time after that is not
    /// logged, and the timer shows it is past its cap.
    pub timer_cap_hours: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/budget.db?mode=rwc".into(),
            database_max_connections: 0,
            bind: "127.0.0.1:8080".to_owned(),
            jwt_secret: None,
            jwt_ttl_secs: 3_600,
            dev_mode: false,
            web_dist_dir: "dist".to_owned(),
            log_format: LogFormat::Pretty,
            max_body_bytes: 64 * 1024,
            today: None,
            ai_provider: AiProvider::Builtin,
            gemini_api_key: None,
            gemini_model: None,
            gemini_base_url: None,
            openai_base_url: None,
            openai_api_key: None,
            openai_model: None,
            openai_response_format: ResponseFormat::JsonSchema,
            ai_temperature: 0.7,
            ai_timeout_secs: 20,
            ai_max_concurrent: 4,
            metrics_enabled: true,
            metrics_token: None,
            cors_allowed_origins: String::new(),
            hsts_max_age_secs: 0,
            rate_limit_login_per_minute: 10,
            rate_limit_optimizer_per_minute: 10,
            trust_proxy_headers: false,
            shutdown_timeout_secs: 30,
            password_hash_workers: 0,
            password_hash_queue: budget_domain::DEFAULT_PASSWORD_QUEUE,
            login_backoff_free_failures: 5,
            login_backoff_max_secs: 300,
            request_body_timeout_secs: 20,
            database_statement_timeout_secs: 30,
            alert_evaluation_delay_ms: 2_000,
            alert_sweep_secs: 600,
            webhook_allow_private_addresses: false,
            webhook_dispatcher: true,
            webhook_timeout_ms: 10_000,
            // 5 s, 5 min, 30 min, 2 h, 5 h, 10 h.
            webhook_retry_schedule_ms: "5000,300000,1800000,7200000,18000000,36000000".to_owned(),
            webhook_give_up_secs: 24 * 3_600,
            webhook_disable_after_failures: 5,
            webhook_concurrency: 8,
            webhook_poll_ms: 1_000,
            timer_cap_hours: budget_domain::timers::DEFAULT_CAP_HOURS,
        }
    }
}

/// A setting that must not be shown: its `Debug` output is `[redacted]`, so printing the
/// settings (or a struct holding one) never writes it to a log. Read as a plain string.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The value itself, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// The database URL, whose `Debug` output and [`DatabaseUrl::redacted`] leave its password out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// The URL itself, to connect with.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with its password replaced by `***`, for messages.
    pub fn redacted(&self) -> String {
        let url = &self.0;
        match (url.find("://"), url.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let credentials = &url[scheme_end + 3..at];
                let user = credentials.split(':').next().unwrap_or_default();
                format!("{}://{user}:***@{}", &url[..scheme_end], &url[at + 1..])
            }
            _ => url.to_owned(),
        }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl From<String> for DatabaseUrl {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for DatabaseUrl {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Readable lines, for people.
    #[default]
    Pretty,
    /// One JSON object per line, for log pipelines.
    Json,
}

/// The optimiser's engine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AiProvider {
    /// The built-in statistical engine (no network). Also what an empty value means.
    #[default]
    #[serde(alias = "")]
    Builtin,
    Gemini,
    #[serde(rename = "openai")]
    OpenAi,
}

/// How an OpenAI-compatible server is asked for JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseFormat {
    /// `response_format: {"type": "json_schema", ...}`: the output is held to the schema.
    #[default]
    JsonSchema,
    /// The older JSON mode, for servers that only know it.
    JsonObject,
}

/// Reads a choice by its name, ignoring case and surrounding spaces: an unknown name stops the
/// start-up with the names it may take.
fn choice<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<T, D::Error> {
    let name = String::deserialize(deserializer)?;
    T::deserialize(name.trim().to_lowercase().into_deserializer())
        .map_err(|err: serde::de::value::Error| D::Error::custom(err))
}

/// The environment variables read: the settings' names in upper case, so that unrelated ones
/// (PATH, HOME…) are never picked up.
fn variables() -> Vec<String> {
    match serde_json::to_value(Settings::default()) {
        Ok(serde_json::Value::Object(fields)) => {
            fields.keys().map(|name| name.to_uppercase()).collect()
        }
        _ => Vec::new(),
    }
}

impl Settings {
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Ok(path) = std::env::var("CONFIG_FILE") {
            figment = figment.merge(Toml::file(path));
        }
        let variables = variables();
        let variables: Vec<&str> = variables.iter().map(String::as_str).collect();
        figment
            .merge(Env::raw().only(&variables))
            .extract()
            .map_err(Box::new)
    }
}

impl Settings {
    /// The webhook dispatcher's settings; a retry schedule that is not a list of milliseconds
    /// stops the start-up.
    pub fn webhook_dispatch(&self) -> anyhow::Result<budget_domain::webhooks::DispatchConfig> {
        let retry_schedule = self
            .webhook_retry_schedule_ms
            .split(',')
            .map(str::trim)
            .filter(|wait| !wait.is_empty())
            .map(|wait| wait.parse::<u64>().map(Duration::from_millis))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| {
                anyhow::anyhow!(
                    "WEBHOOK_RETRY_SCHEDULE_MS must be milliseconds separated by commas: {err}"
                )
            })?;
        Ok(budget_domain::webhooks::DispatchConfig {
            timeout: Duration::from_millis(self.webhook_timeout_ms.max(1)),
            retry_schedule,
            give_up_after: Duration::from_secs(self.webhook_give_up_secs),
            disable_after_failures: i64::from(self.webhook_disable_after_failures),
            concurrency: self.webhook_concurrency.max(1),
            poll_every: Duration::from_millis(self.webhook_poll_ms.max(10)),
            allow_private_addresses: self.webhook_allow_private_addresses,
        })
    }

    /// The timers' policy; a cap outside 1 to 24 hours stops the start-up.
    pub fn timer_policy(&self) -> anyhow::Result<budget_domain::timers::Policy> {
        if !(1..=24).contains(&self.timer_cap_hours) {
            anyhow::bail!(
                "TIMER_CAP_HOURS must be 1 to 24, not {}",
                self.timer_cap_hours
            );
        }
        Ok(budget_domain::timers::Policy {
            cap: chrono::Duration::hours(i64::from(self.timer_cap_hours)),
        })
    }

    /// The CORS allow-list: trimmed, non-empty entries of `cors_allowed_origins`.
    pub fn cors_origins(&self) -> Vec<String> {
        self.cors_allowed_origins
            .split(',')
            .map(|origin| origin.trim().trim_end_matches('/').to_owned())
            .filter(|origin| !origin.is_empty())
            .collect()
    }

    /// The optimiser these settings ask for.
    pub fn optimizer(&self) -> anyhow::Result<Optimizer> {
        let provider = match self.ai_provider {
            AiProvider::Builtin => return Ok(Optimizer::builtin()),
            AiProvider::Gemini => ProviderKind::Gemini,
            AiProvider::OpenAi => ProviderKind::OpenAi,
        };
        let mut llm = LlmSettings::for_provider(provider);
        let (key, model, base) = match provider {
            ProviderKind::Gemini => (
                &self.gemini_api_key,
                &self.gemini_model,
                &self.gemini_base_url,
            ),
            ProviderKind::OpenAi => (
                &self.openai_api_key,
                &self.openai_model,
                &self.openai_base_url,
            ),
        };
        llm.api_key = key.as_ref().map(|key| key.expose().to_owned());
        if let Some(model) = model {
            llm.model.clone_from(model);
        }
        if let Some(base) = base {
            llm.base_url.clone_from(base);
        }
        llm.temperature = self.ai_temperature;
        llm.timeout = Duration::from_secs(self.ai_timeout_secs.max(1));
        llm.openai_response_format = match self.openai_response_format {
            ResponseFormat::JsonSchema => OpenAiResponseFormat::JsonSchema,
            ResponseFormat::JsonObject => OpenAiResponseFormat::JsonObject,
        };
        let client = LlmClient::new(llm).map_err(|err| anyhow::anyhow!("AI provider: {err}"))?;
        Ok(Optimizer::with_llm(client, self.ai_max_concurrent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings with `name` set to `value`, or the start-up error.
    fn read(name: &str, value: &str) -> Result<Settings, String> {
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Serialized::default(name, value))
            .extract()
            .map_err(|err| err.to_string())
    }

    #[test]
    fn choices_are_read_by_name_and_a_typo_stops_the_start() {
        let setting = |name, value| read(name, value).ok();
        assert_eq!(
            setting("ai_provider", " OpenAI ").map(|s| s.ai_provider),
            Some(AiProvider::OpenAi)
        );
        assert_eq!(
            setting("ai_provider", "").map(|s| s.ai_provider),
            Some(AiProvider::Builtin)
        );
        assert_eq!(
            setting("log_format", "json").map(|s| s.log_format),
            Some(LogFormat::Json)
        );
        assert_eq!(
            setting("openai_response_format", "json_object").map(|s| s.openai_response_format),
            Some(ResponseFormat::JsonObject)
        );
        for (name, typo) in [
            ("ai_provider", "gemni"),
            ("log_format", "jsno"),
            ("openai_response_format", "json"),
        ] {
            let err = read(name, typo).err().unwrap_or_default();
            assert!(
                err.contains(typo) && err.contains(name),
                "{name}={typo}: {err}"
            );
        }
    }

    #[test]
    fn secrets_never_show_in_the_settings_debug_output() {
        let settings = Settings {
            database_url: "postgres://budget:db-password-1@db:5432/budget".into(),
            jwt_secret: Some("jwt-secret-0123456789-0123456789-01".into()),
            gemini_api_key: Some("gemini-key-0123".into()),
            openai_api_key: Some("openai-key-0123".into()),
            metrics_token: Some("scrape-token-0123".into()),
            ..Settings::default()
        };
        let printed = format!("{settings:?}");
        for secret in [
            "db-password-1",
            "jwt-secret-0123456789",
            "gemini-key-0123",
            "openai-key-0123",
            "scrape-token-0123",
        ] {
            assert!(!printed.contains(secret), "{secret} shown in {printed}");
        }
        assert!(printed.contains("postgres://budget:***@db:5432/budget"));
        // Read from the environment as plain strings.
        let read = read("jwt_secret", "from-the-environment").unwrap();
        assert_eq!(
            read.jwt_secret.as_ref().map(Secret::expose),
            Some("from-the-environment")
        );
    }

    #[test]
    fn passwords_are_redacted_from_database_urls() {
        let redact = |url: &str| DatabaseUrl::from(url).redacted();
        assert_eq!(
            redact("postgres://budget:secret@db:5432/budget"),
            "postgres://budget:***@db:5432/budget"
        );
        assert_eq!(redact("sqlite://data/budget.db"), "sqlite://data/budget.db");
    }

    #[test]
    fn every_setting_can_be_set_from_the_environment() {
        let variables = variables();
        for name in [
            "DATABASE_URL",
            "JWT_SECRET",
            "AI_PROVIDER",
            "SHUTDOWN_TIMEOUT_SECS",
        ] {
            assert!(
                variables.iter().any(|v| v == name),
                "{name} in {variables:?}"
            );
        }
        assert_eq!(variables.len(), 46);
    }
}
