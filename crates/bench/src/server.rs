//! The server under test: the release `budget-server` as a separate process, configured only
//! through its environment, exactly as it is deployed; so its memory can be read on its own and
//! the load generator's work is not mistaken for the server's.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use serde_json::{json, Value};

/// Any fixed secret of 32 bytes or more will do: tokens only live for the run.
const JWT_SECRET: &str = "budget-bench-secret-0123456789abcdef";
/// A release server migrates an existing database and binds in well under a second; this is
/// the limit for a slow machine, not an expectation.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// SIGTERM lets actix finish in-flight requests; nothing is in flight, so this is generous.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);

/// A running `budget-server serve`. Dropping it kills the process, so an error anywhere in the
/// run never leaves a server behind.
pub struct Server {
    child: Child,
    pub base: String,
    log: PathBuf,
}

impl Server {
    /// Starts `binary serve` on a free local port against `database_url`, with "today" pinned
    /// to the data's last day and logs reduced to warnings (in JSON, to `log_dir`), so that
    /// logging does not dominate what is measured. `extra_env` comes last and wins.
    pub fn spawn(
        binary: &Path,
        database_url: &str,
        today: NaiveDate,
        log_dir: &Path,
        extra_env: &[(String, String)],
    ) -> anyhow::Result<Self> {
        let port = free_port()?;
        let log = log_dir.join(format!("server-{port}.log"));
        let stdout = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let stderr = stdout.try_clone()?;
        let child = Command::new(binary)
            .arg("serve")
            .env_remove("CONFIG_FILE")
            .env_remove("DEV_MODE")
            .env_remove("DATABASE_MAX_CONNECTIONS")
            .env("DATABASE_URL", database_url)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("JWT_SECRET", JWT_SECRET)
            .env("TODAY", today.to_string())
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            // The churn rows deliver webhooks to a receiver on the loopback.
            .env("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true")
            // No web app is needed; the server serves a notice at / without one.
            .env("WEB_DIST_DIR", log_dir.join("no-web-app"))
            .envs(extra_env.iter().map(|(key, value)| (key, value)))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        Ok(Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until `/readyz` answers 200 (migrated, bound, database reachable).
    pub async fn wait_ready(&mut self, client: &reqwest::Client) -> anyhow::Result<()> {
        let started = Instant::now();
        let url = format!("{}/readyz", self.base);
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "budget-server exited ({status}) before it was ready; its log:\n{}",
                    self.log_tail()
                );
            }
            if let Ok(response) = client.get(&url).send().await {
                if response.status().is_success() {
                    return Ok(());
                }
            }
            if started.elapsed() > READY_TIMEOUT {
                bail!(
                    "budget-server was not ready after {READY_TIMEOUT:?}; its log:\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Signs in over HTTP, as a client would, and returns the session token.
    pub async fn login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> anyhow::Result<String> {
        let request = client
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({"email": email, "password": password}));
        let body = send_for_json(request, "POST /api/v1/auth/login").await?;
        body["access_token"]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("sign-in answered no token: {body}"))
    }

    /// GET `path` (from the server's root) as `token`'s holder; a non-2xx answer is an error.
    pub async fn get_json(
        &self,
        client: &reqwest::Client,
        token: &str,
        path: &str,
    ) -> anyhow::Result<Value> {
        let request = client
            .get(format!("{}{path}", self.base))
            .bearer_auth(token);
        send_for_json(request, &format!("GET {path}")).await
    }

    /// The ids of the board's first page of tasks (the largest page the API gives).
    pub async fn task_ids(
        &self,
        client: &reqwest::Client,
        token: &str,
        board_id: i64,
    ) -> anyhow::Result<Vec<i64>> {
        let page = self
            .get_json(
                client,
                token,
                &format!("/api/v1/boards/{board_id}/tasks?limit=500"),
            )
            .await?;
        let ids: Vec<i64> = page["items"]
            .as_array()
            .map(|items| items.iter().filter_map(|t| t["id"].as_i64()).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            bail!("the board has no tasks to log time on: {page}");
        }
        Ok(ids)
    }

    /// The most resident memory the process has used since it started (`VmHWM`), in KiB.
    pub fn peak_rss_kib(&self) -> anyhow::Result<u64> {
        status_kib(self.pid(), "VmHWM")
    }

    /// Asks the server to stop (SIGTERM, its graceful shutdown) and waits; kills it if it
    /// does not stop in time.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let signalled = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .map(|status| status.success())
            .unwrap_or(false);
        if signalled {
            let started = Instant::now();
            while started.elapsed() < STOP_TIMEOUT {
                if self.child.try_wait()?.is_some() {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            eprintln!("budget-server did not stop on SIGTERM; killing it");
        }
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    /// The end of the server's log, for error messages.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A port nobody listens on now. Another process could take it before the server binds; the
/// server then exits and [`Server::wait_ready`] reports it with the log.
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Sends `request` and reads its JSON answer; a non-2xx status is an error naming `what`.
async fn send_for_json(request: reqwest::RequestBuilder, what: &str) -> anyhow::Result<Value> {
    let response = request.send().await.with_context(|| what.to_owned())?;
    let status = response.status();
    let body: Value = response
        .json()
        .await
        .with_context(|| format!("reading the answer to {what}"))?;
    if !status.is_success() {
        bail!("{what} answered {status}: {body}");
    }
    Ok(body)
}

/// A memory figure of process `pid` from `/proc/<pid>/status` (`VmRSS`, `VmHWM`…), in KiB.
pub fn status_kib(pid: u32, field: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .context("reading the server's /proc status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no {field} line in /proc/{pid}/status"))
}
