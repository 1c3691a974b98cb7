//! Settings from the environment (and an optional TOML file named by `CONFIG_FILE`), each with
//! a default that is safe for local use (DESIGN §2). figment does the layering so that the
//! precedence is declared once: defaults < file < environment.

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Every setting, named as its environment variable in lower case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Settings {
    /// `sqlite://path?mode=rwc` (the default, a file under ./data) or `postgres://…`.
    pub database_url: String,
    pub database_max_connections: u32,
    /// Address to listen on.
    pub bind: String,
    /// HS256 key for session tokens; at least 32 bytes. Required unless `dev_mode`.
    pub jwt_secret: Option<String>,
    /// Seconds a session token lives.
    pub jwt_ttl_secs: i64,
    /// Local development: generates a JWT secret when none is set.
    pub dev_mode: bool,
    /// Where the built web app is (Trunk's `dist/`).
    pub web_dist_dir: String,
    /// `pretty` for people, `json` for log pipelines.
    pub log_format: String,
    /// Largest accepted JSON request body, in bytes.
    pub max_body_bytes: usize,
    /// Pins "today" (YYYY-MM-DD) for demos and reproducible runs; unset in production.
    pub today: Option<chrono::NaiveDate>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/budget.db?mode=rwc".to_owned(),
            database_max_connections: 16,
            bind: "127.0.0.1:8080".to_owned(),
            jwt_secret: None,
            jwt_ttl_secs: 3_600,
            dev_mode: false,
            web_dist_dir: "dist".to_owned(),
            log_format: "pretty".to_owned(),
            max_body_bytes: 64 * 1024,
            today: None,
        }
    }
}

/// The environment variables read, so that unrelated ones (PATH, HOME…) are never picked up.
const VARIABLES: &[&str] = &[
    "DATABASE_URL",
    "DATABASE_MAX_CONNECTIONS",
    "BIND",
    "JWT_SECRET",
    "JWT_TTL_SECS",
    "DEV_MODE",
    "WEB_DIST_DIR",
    "LOG_FORMAT",
    "MAX_BODY_BYTES",
    "TODAY",
];

impl Settings {
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Ok(path) = std::env::var("CONFIG_FILE") {
            figment = figment.merge(Toml::file(path));
        }
        figment
            .merge(Env::raw().only(VARIABLES))
            .extract()
            .map_err(Box::new)
    }
}
