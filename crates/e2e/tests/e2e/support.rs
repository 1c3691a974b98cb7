//! The harness: per test, the real server on a random port (SQLite in a temporary directory,
//! today pinned, the demo organisation seeded, the built web app from `dist/`), and chromedriver
//! on a free port with a headless Chromium of its own. Helpers find elements by `data-testid`
//! and wait by polling, never by sleeping.
//!
//! Nothing is skipped: a missing Chromium, chromedriver or `dist/index.html` is a failing test
//! that says how to get it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine as _;
use budget_api::configuration::Settings;
use budget_api::startup::Application;
use budget_domain::Clock;
use budget_seed::demo::DemoOutcome;
use chrono::NaiveDate;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// Every run happens on this calendar day, so the demo's figures are reproducible.
pub const TODAY: &str = "2026-11-25";
/// The server's session-token key; the tests also use it to mint an expired token.
pub const SECRET: &str = "e2e-test-secret-0123456789abcdef-0123456789";
pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "demo-password-123";
/// The demo board the scenarios work on (the one just under its warning threshold).
pub const DEMO_BOARD: &str = "Website relaunch";
/// The large board of [`E2e::start_big`] and the person who owns it.
pub const BIG_BOARD: &str = "Benchmark board";
pub const BIG_OWNER: &str = "owner@bench.example.com";

/// Debian's `chromium` and `chromium-driver` packages (scripts/install-tools.sh browser).
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where scripts/install-tools.sh (its `browser` part) puts axe-core, the accessibility rules
/// engine every photographed screen is checked with: its cache folder for npm tools.
fn axe_core_script() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        let tools = std::env::var_os("BUDGET_TOOLS_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("XDG_CACHE_HOME")
                    .map(|d| PathBuf::from(d).join("budget-roi-tracker"))
            })
            .or_else(|| {
                std::env::var_os("HOME").map(|d| PathBuf::from(d).join(".cache/budget-roi-tracker"))
            })
            .expect("neither BUDGET_TOOLS_DIR, XDG_CACHE_HOME nor HOME is set");
        let file = tools.join("axe-core/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!(
                "axe-core is missing ({}: {e}); run scripts/install-tools.sh browser",
                file.display()
            )
        })
    })
}

/// The WCAG 2.1 A and AA rules: the level the app promises.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The longest any one expectation may take to come true.
pub const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(100);
/// Desktop viewport; the phone-width test emulates a phone instead.
const WINDOW: (u32, u32) = (1280, 900);

pub fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The built web app: `dist/` (the dev build), or the folder `E2E_WEB_DIST` names, relative to
/// the repository (the release build, which `scripts/test` also runs some of these tests
/// against). Missing is a failure with the fix, not a skip.
fn dist_dir() -> PathBuf {
    let dist = repo_root().join(std::env::var_os("E2E_WEB_DIST").unwrap_or_else(|| "dist".into()));
    assert!(
        dist.join("index.html").is_file(),
        "the web app is not built: {} is missing; run scripts/build-frontend.sh first",
        dist.join("index.html").display()
    );
    dist
}

fn require_browser() {
    for binary in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(binary).is_file(),
            "{binary} is missing; run scripts/install-tools.sh browser (Debian chromium and chromium-driver)"
        );
    }
}

/// Whole digits with `separator` between groups of three: `("5000", ',')` → `"5,000"`.
pub fn grouped_digits(digits: &str, separator: char) -> String {
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// CSS selector for a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// A JSON value as the app is expected to put it in `data-value`: strings as they are,
/// numbers printed, null as the empty string.
pub fn raw(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The running server, with the demo organisation.
struct Server {
    base: String,
    demo_user_id: i64,
    _database: tempfile::TempDir,
}

/// What a scenario's server holds besides the demo organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum World {
    Demo,
    /// The benchmark's large board as well ([`BIG_BOARD`]).
    BigBoard,
}

async fn start_server(world: World, dist: &Path) -> Server {
    let database = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/e2e.db?mode=rwc", database.path().display());
    if world == World::BigBoard {
        let hash = budget_domain::auth::password::hash(DEMO_PASSWORD).unwrap();
        let generated = budget_seed::generate::generate(
            &database_url,
            budget_seed::sized::Size::L,
            today(),
            &hash,
        )
        .await
        .expect("the large board is generated");
        println!(
            "big board: {} tasks, {} entries generated in {:.1} s",
            generated.tasks,
            generated.entries,
            generated.elapsed.as_secs_f64()
        );
    }
    let settings = Settings {
        database_url: database_url.into(),
        database_max_connections: 8,
        bind: "127.0.0.1:0".to_owned(),
        jwt_secret: Some(SECRET.into()),
        dev_mode: false,
        web_dist_dir: dist.display().to_string(),
        today: Some(today()),
        // Every browser test signs in from this one address, within the same minute: the
        // per-address sign-in limit (tested by the API tests) would refuse the later ones.
        rate_limit_login_per_minute: 0,
        ..Settings::default()
    };
    let app = Application::build(&settings, Clock::fixed_on(today()))
        .await
        .expect("the server starts");
    let outcome = budget_seed::demo::seed(app.domain())
        .await
        .expect("the demo organisation is seeded");
    let DemoOutcome::Created { demo_user_id, .. } = outcome else {
        panic!("a fresh database already had the demo: {outcome:?}");
    };
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.into_server());
    Server {
        base,
        demo_user_id,
        _database: database,
    }
}

/// chromedriver and the Chromium it starts, in a process group of their own so that both end
/// with the test however it ends (the session is deleted first, so Chromium exits cleanly).
struct Driver {
    child: Child,
    port: u16,
    session: Option<String>,
    /// The browser's language (`--lang`, `navigator.languages`), which sets how the app writes
    /// numbers and dates.
    lang: &'static str,
    _profile: tempfile::TempDir,
}

/// The browser's language unless a test asks for another: British English, whose figures and
/// dates (`$1,234.50`, `25 Nov 2026`) the tests compare with.
pub const DEFAULT_LANG: &str = "en-GB";

impl Driver {
    fn start(lang: &'static str) -> Self {
        require_browser();
        let port = free_port();
        let mut command = Command::new(CHROMEDRIVER);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
        let driver = Self {
            child,
            port,
            session: None,
            lang,
            _profile: tempfile::tempdir().unwrap(),
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < TIMEOUT,
                "chromedriver did not listen on port {port} within {TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    fn capabilities(&self) -> Capabilities {
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
            format!("--lang={}", self.lang),
        ];
        args.push(format!(
            "--user-data-dir={}",
            self._profile.path().display()
        ));
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".to_owned(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": CHROMIUM,
                "args": args,
                "prefs": {"intl.accept_languages": self.lang},
            }),
        );
        // Keeps the console, so a failure can show what the app logged (a wasm panic, say).
        capabilities.insert("goog:loggingPrefs".to_owned(), json!({"browser": "ALL"}));
        capabilities
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            delete_session(self.port, &session);
        }
        // The group holds chromedriver and every Chromium process it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `DELETE /session/{id}` by hand: Drop cannot await, and a panicking test has not closed its
/// session.
fn delete_session(port: u16, session: &str) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A chromedriver endpoint under the session that fantoccini has no method for.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// One scenario's world: server, browser, and an API client for checking what the page shows.
pub struct E2e {
    pub browser: Client,
    pub base: String,
    pub demo_user_id: i64,
    http: reqwest::Client,
    name: &'static str,
    /// The web app's files when the scenario serves a copy of its own
    /// ([`Self::start_without_screen_module`]); deleted when the scenario ends.
    app_copy: Option<tempfile::TempDir>,
    // Dropped after the browser client: deletes the session, then ends the processes.
    driver: Driver,
    _server: Server,
}

impl E2e {
    /// A fresh server with the demo data and a fresh browser. `name` labels failure screenshots.
    pub async fn start(name: &'static str) -> Self {
        Self::start_in(name, World::Demo, DEFAULT_LANG).await
    }

    /// [`Self::start`] with a browser whose language is `lang` (`"de-DE"`).
    pub async fn start_in_language(name: &'static str, lang: &'static str) -> Self {
        Self::start_in(name, World::Demo, lang).await
    }

    /// [`Self::start`] with the benchmark's large board beside the demo data: 5,000 tasks and
    /// 100,000 time entries, named [`BIG_BOARD`], whose owner [`BIG_OWNER`] has the demo
    /// password.
    pub async fn start_big(name: &'static str) -> Self {
        Self::start_in(name, World::BigBoard, DEFAULT_LANG).await
    }

    /// [`Self::start`] serving a copy of the web app without the wasm module of the screen whose
    /// loading function is `load` (`tasks_screen`, in `frontend/src/screens.rs`): what a page
    /// opened before an update of the server finds when it asks for that screen by its old name.
    /// (Deleting the file under a running server would not do: it keeps the app's files in
    /// memory once compressed.)
    pub async fn start_without_screen_module(name: &'static str, load: &str) -> Self {
        let copy = tempfile::tempdir().unwrap();
        let module = format!("split_{load}-");
        let mut left_out = 0;
        for entry in std::fs::read_dir(dist_dir()).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            if file.starts_with(&module) && file.ends_with(".wasm") {
                left_out += 1;
            } else if path.is_file() {
                std::fs::copy(&path, copy.path().join(&file)).unwrap();
            }
        }
        assert_eq!(left_out, 1, "the app has one module named {module}…");
        let mut e2e = Self::start_with(name, World::Demo, DEFAULT_LANG, copy.path()).await;
        e2e.app_copy = Some(copy);
        e2e
    }

    async fn start_in(name: &'static str, world: World, lang: &'static str) -> Self {
        Self::start_with(name, world, lang, &dist_dir()).await
    }

    /// Every start ends here; `dist` comes from [`dist_dir`], which has checked the app is built.
    async fn start_with(name: &'static str, world: World, lang: &'static str, dist: &Path) -> Self {
        // Checked before anything slow, so a missing prerequisite fails at once.
        require_browser();
        // A failure picture from an earlier run would mislead whoever looks at the artifacts.
        let _ = std::fs::remove_file(
            repo_root().join(format!("artifacts/screenshots/failed-{name}.png")),
        );
        let server = start_server(world, dist).await;
        let mut driver = Driver::start(lang);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let browser = ClientBuilder::new(connector)
            .capabilities(driver.capabilities())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("chromedriver cannot start {CHROMIUM}: {e}"));
        driver.session = browser.session_id().await.unwrap();
        Self {
            browser,
            base: server.base.clone(),
            demo_user_id: server.demo_user_id,
            http: reqwest::Client::new(),
            name,
            app_copy: None,
            driver,
            _server: server,
        }
    }

    /// Ends the browser session cleanly; the processes end when `self` drops.
    pub async fn finish(mut self) {
        if self.browser.clone().close().await.is_ok() {
            self.driver.session = None;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Loads `path` as a fresh page (the app boots again; the session storage stays).
    pub async fn goto(&self, path: &str) {
        self.browser.goto(&self.url(path)).await.unwrap();
    }

    pub async fn path(&self) -> String {
        self.browser.current_url().await.unwrap().path().to_owned()
    }

    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.browser
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    // ---- waiting -------------------------------------------------------------------------

    /// Polls `probe` until it answers `Some`, failing with what the page shows after
    /// [`TIMEOUT`].
    pub async fn until<T>(&self, what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if started.elapsed() > TIMEOUT {
                let report = self
                    .diagnose(&format!("timed out after {TIMEOUT:?} waiting for {what}"))
                    .await;
                panic!("{report}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first element matching a CSS selector, once there is one.
    /// Waits for the API's error on `field` and checks it is shown beside the control
    /// `input_testid`: not empty, and the smallest element holding both the message and that
    /// control holds no other control of the form. Answers the error element.
    pub async fn error_beside(&self, field: &str, input_testid: &str) -> Element {
        let css = format!("{}[data-field=\"{field}\"]", testid("field-error"));
        let error = self.wait_css(&css).await;
        assert!(
            !error.text().await.unwrap().trim().is_empty(),
            "the {field} field error is empty"
        );
        let input = self
            .browser
            .find(Locator::Css(&testid(input_testid)))
            .await
            .unwrap();
        let beside = self
            .js(
                "const [error, field] = arguments;
                 let box = error.parentElement;
                 while (box && !box.contains(field)) box = box.parentElement;
                 return box ? box.querySelectorAll('input, select, textarea').length : -1;",
                vec![
                    serde_json::to_value(&error).unwrap(),
                    serde_json::to_value(input).unwrap(),
                ],
            )
            .await;
        assert_eq!(
            beside,
            serde_json::json!(1),
            "the {field} error is not beside the {input_testid} field \
             (the smallest container of both holds {beside} controls)"
        );
        error
    }

    pub async fn wait_css(&self, css: &str) -> Element {
        self.until(&format!("an element matching {css}"), async || {
            self.browser.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    /// The element with this `data-testid`, once it is there.
    pub async fn wait_for(&self, id: &str) -> Element {
        self.wait_css(&testid(id)).await
    }

    /// Every element matching `css` once there are at least `at_least` of them.
    pub async fn wait_all(&self, css: &str, at_least: usize) -> Vec<Element> {
        self.until(
            &format!("at least {at_least} elements matching {css}"),
            async || {
                let found = self.browser.find_all(Locator::Css(css)).await.ok()?;
                (found.len() >= at_least).then_some(found)
            },
        )
        .await
    }

    /// Elements matching `css` now (no waiting).
    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.browser
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    /// An attribute of the first element matching `css`, once it is present and not empty.
    pub async fn wait_attr(&self, css: &str, attribute: &str) -> String {
        self.until(&format!("{attribute} on {css}"), async || {
            let element = self.browser.find(Locator::Css(css)).await.ok()?;
            element
                .attr(attribute)
                .await
                .ok()
                .flatten()
                .filter(|v| !v.is_empty())
        })
        .await
    }

    /// Waits until the attribute of the first element matching `css` equals `expected`; a
    /// failure says what it was instead.
    pub async fn wait_attr_eq(&self, css: &str, attribute: &str, expected: &str) {
        let started = Instant::now();
        loop {
            let value = match self.browser.find(Locator::Css(css)).await {
                Ok(element) => element.attr(attribute).await.ok().flatten(),
                Err(_) => None,
            };
            if value.as_deref() == Some(expected) {
                return;
            }
            if started.elapsed() > TIMEOUT {
                let report = self
                    .diagnose(&format!(
                        "timed out after {TIMEOUT:?} waiting for {css} to have {attribute}=\"{expected}\"; last seen: {value:?}"
                    ))
                    .await;
                panic!("{report}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the page's visible text contains `needle` (case-insensitive).
    pub async fn wait_text(&self, needle: &str) {
        let needle = needle.to_lowercase();
        self.until(&format!("the text \"{needle}\""), async || {
            let text = self.body_text().await;
            text.to_lowercase().contains(&needle).then_some(())
        })
        .await
    }

    pub async fn body_text(&self) -> String {
        self.js(
            "return document.body ? document.body.innerText : ''",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    // ---- acting --------------------------------------------------------------------------

    pub async fn click(&self, id: &str) {
        self.click_css(&testid(id)).await;
    }

    /// Clicks the first element matching `css` once it is there and clickable (a click that
    /// lands while the page is still re-rendering is retried).
    pub async fn click_css(&self, css: &str) {
        self.until(&format!("a clickable {css}"), async || {
            let element = self.browser.find(Locator::Css(css)).await.ok()?;
            element.click().await.ok()
        })
        .await
    }

    /// Enters `value` in the field with this `data-testid` the way its kind of control takes it:
    /// typed into text and number inputs, chosen in a select (by value, else by label), and set
    /// with input/change events on date inputs and checkboxes (whose typing is locale-bound).
    pub async fn fill(&self, id: &str, value: &str) {
        let element = self.wait_for(id).await;
        let tag = element.tag_name().await.unwrap().to_lowercase();
        let kind = element
            .attr("type")
            .await
            .unwrap()
            .unwrap_or_default()
            .to_lowercase();
        if tag == "select" {
            if element.select_by_value(value).await.is_err() {
                element
                    .select_by_label(value)
                    .await
                    .unwrap_or_else(|e| panic!("{id} has no option {value}: {e}"));
            }
        } else if kind == "date" || kind == "checkbox" {
            self.set_value(&element, value).await;
        } else {
            element.clear().await.unwrap();
            // Typed like a person; a control that reformats what it is given gets the value set.
            element.send_keys(value).await.unwrap();
            let now = element.prop("value").await.unwrap().unwrap_or_default();
            if now != value {
                self.set_value(&element, value).await;
            }
        }
    }

    /// Sets a control's value (or `checked` for a checkbox: "true"/"false") and fires the
    /// events a framework listens to.
    pub async fn set_value(&self, element: &Element, value: &str) {
        let element = serde_json::to_value(element).unwrap();
        self.js(
            "const [el, value] = arguments;
             if (el.type === 'checkbox') { el.checked = value === 'true'; }
             else {
               const proto = Object.getPrototypeOf(el);
               const setter = Object.getOwnPropertyDescriptor(proto, 'value').set;
               setter.call(el, value);
             }
             el.dispatchEvent(new Event('input', { bubbles: true }));
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![element, json!(value)],
        )
        .await;
    }

    // ---- the keyboard ----------------------------------------------------------------------

    /// Presses and releases `keys` one after the other on whatever has the focus, as a person
    /// at the keyboard would (WebDriver key actions; no element is targeted).
    pub async fn keys(&self, keys: &str) {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.browser.perform_actions(actions).await.unwrap();
    }

    pub async fn press(&self, key: Key) {
        self.keys(&char::from(key).to_string()).await;
    }

    /// Whether the focused element matches `css`.
    pub async fn focused_is(&self, css: &str) -> bool {
        self.js(
            "const el = document.activeElement; return !!el && el.matches(arguments[0]);",
            vec![json!(css)],
        )
        .await
            == json!(true)
    }

    /// Presses Tab until the element matching `css` has the focus, failing after `at_most`
    /// presses (the control is not reachable by keyboard, or only far too late).
    pub async fn tab_to(&self, css: &str, at_most: usize) {
        self.wait_css(css).await;
        for _ in 0..at_most {
            if self.focused_is(css).await {
                return;
            }
            self.press(Key::Tab).await;
        }
        if !self.focused_is(css).await {
            let report = self
                .diagnose(&format!(
                    "{css} was not reached with {at_most} presses of Tab"
                ))
                .await;
            panic!("{report}");
        }
    }

    // ---- the demo user -------------------------------------------------------------------

    /// Signs in through the form and waits for the boards list.
    pub async fn sign_in_demo(&self) {
        self.sign_in_as(DEMO_EMAIL).await;
    }

    /// Signs in as a demo account (every one has the demo password) through the form and waits
    /// for the boards list.
    pub async fn sign_in_as(&self, email: &str) {
        self.goto("/login").await;
        self.fill("login-email", email).await;
        self.fill("login-password", DEMO_PASSWORD).await;
        self.click("login-submit").await;
        self.wait_for("board-card").await;
    }

    // ---- the API, to check the page against ----------------------------------------------

    /// A session token for the demo user, from `POST /auth/login`.
    pub async fn api_token(&self) -> String {
        self.api_token_of(DEMO_EMAIL).await
    }

    /// A session token for a demo account (every one has the demo password).
    pub async fn api_token_of(&self, email: &str) -> String {
        let response = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{email} signs in");
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// GET an API path as the demo user: (status, JSON body or null).
    pub async fn api_get(&self, path: &str) -> (u16, Value) {
        self.api_get_as(DEMO_EMAIL, path).await
    }

    /// GET an API path as a demo account: (status, JSON body or null).
    pub async fn api_get_as(&self, email: &str, path: &str) -> (u16, Value) {
        let token = self.api_token_of(email).await;
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// PUT a JSON body to an API path as the demo user (with `token`, from [`Self::api_token`]):
    /// the status.
    pub async fn api_put(&self, token: &str, path: &str, body: &Value) -> u16 {
        self.http
            .put(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// Sends `method` with a JSON body to an API path as the demo user (with `token`, from
    /// [`Self::api_token`]), as a client other than the page would: (status, JSON body or null).
    pub async fn api_send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        let response = self
            .http
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// GET that must answer 200, as text (CSV exports).
    pub async fn api_text(&self, path: &str) -> String {
        let token = self.api_token().await;
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.unwrap()
    }

    /// GET that must answer 200.
    pub async fn api(&self, path: &str) -> Value {
        let (status, body) = self.api_get(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// The demo board with this name.
    pub async fn board_id(&self, name: &str) -> i64 {
        let boards = self.api("/api/v1/boards").await;
        boards["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == name)
            .unwrap_or_else(|| panic!("no board named {name}: {boards}"))["id"]
            .as_i64()
            .unwrap()
    }

    /// Waits until the task panel lists the time entry described `description`, and returns
    /// the API's entry of that description on the task.
    pub async fn logged_entry(&self, board: i64, task_id: i64, description: &str) -> Value {
        self.until("the new entry in the time-entry rows", async || {
            for row in self.all(&testid("time-entry-row")).await {
                if row.text().await.ok()?.contains(description) {
                    return Some(());
                }
            }
            None
        })
        .await;
        let entries = self
            .api(&format!(
                "/api/v1/boards/{board}/tasks/{task_id}/time-entries"
            ))
            .await;
        entries["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["description"] == description)
            .unwrap_or_else(|| panic!("the API has no entry \"{description}\": {entries}"))
            .clone()
    }

    pub async fn metrics(&self, board: i64) -> Value {
        self.api(&format!("/api/v1/boards/{board}/budget/metrics"))
            .await
    }

    // ---- evidence ------------------------------------------------------------------------

    /// A chromedriver DevTools command.
    pub async fn cdp(&self, command: &'static str, params: Value) -> Result<Value, String> {
        self.browser
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({"cmd": command, "params": params}),
            })
            .await
            .map_err(|e| e.to_string())
    }

    /// Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now and fails on any serious or
    /// critical violation, listing each (rule, impact, the elements). Prints one line with the
    /// counts, so a run shows every screen was checked. Lesser findings are counted, not fatal.
    pub async fn check_accessibility(&self, screen: &str) {
        // The library goes in with the script itself (not eval'd from a string), which the page's
        // Content-Security-Policy does not restrict; it is loaded once per page.
        let script = format!(
            "const done = arguments[arguments.length - 1];
             if (!window.axe) {{
             {source}
             }}
             window.axe.run(document, {{
               runOnly: {{ type: 'tag', values: {tags} }},
               resultTypes: ['violations'],
             }}).then(results => done({{
               violations: results.violations.map(v => ({{
                 id: v.id, impact: v.impact, help: v.help,
                 targets: v.nodes.map(n => n.target.join(' ')),
               }})),
               passes: results.passes.length,
             }}), error => done({{ error: String(error) }}));",
            source = axe_core_script(),
            tags = json!(AXE_TAGS),
        );
        let report = self
            .browser
            .execute_async(&script, vec![])
            .await
            .unwrap_or_else(|e| panic!("axe-core did not run on {screen}: {e}"));
        if let Some(error) = report["error"].as_str() {
            panic!("axe-core failed on {screen}: {error}");
        }
        let violations = report["violations"].as_array().cloned().unwrap_or_default();
        let blocking: Vec<&Value> = violations
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        println!(
            "accessibility: {screen}: {} serious/critical, {} moderate/minor violations, {} rules passed",
            blocking.len(),
            violations.len() - blocking.len(),
            report["passes"]
        );
        if !blocking.is_empty() {
            let list: Vec<String> = blocking
                .iter()
                .map(|v| {
                    let targets: Vec<String> = v["targets"]
                        .as_array()
                        .map(|t| t.iter().map(raw).collect())
                        .unwrap_or_default();
                    format!(
                        "- {} ({}): {}\n    {}",
                        raw(&v["id"]),
                        raw(&v["impact"]),
                        raw(&v["help"]),
                        targets.join("\n    ")
                    )
                })
                .collect();
            self.screenshot_only(&format!("failed-a11y-{screen}")).await;
            panic!(
                "{} serious or critical accessibility violations on {screen} (WCAG 2.1 AA):\n{}",
                blocking.len(),
                list.join("\n")
            );
        }
    }

    /// Checks the screen's accessibility ([`Self::check_accessibility`]), then saves a full-page
    /// PNG to `artifacts/screenshots/<screen>.png` and prints its name.
    pub async fn screenshot(&self, screen: &str) {
        self.check_accessibility(screen).await;
        self.screenshot_only(screen).await;
    }

    /// Saves a full-page PNG to `artifacts/screenshots/<screen>.png` and prints its name,
    /// without the accessibility check (failure pictures).
    pub async fn screenshot_only(&self, screen: &str) {
        let dir = repo_root().join("artifacts/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = match self.full_page_png().await {
            Ok(png) => png,
            // The viewport at least.
            Err(_) => self.browser.screenshot().await.unwrap(),
        };
        let file = dir.join(format!("{screen}.png"));
        std::fs::write(&file, png).unwrap();
        println!("screenshot: artifacts/screenshots/{screen}.png");
    }

    async fn full_page_png(&self) -> Result<Vec<u8>, String> {
        let layout = self.cdp("Page.getLayoutMetrics", json!({})).await?;
        let content = &layout["cssContentSize"];
        let viewport = &layout["cssLayoutViewport"];
        let width = content["width"]
            .as_f64()
            .unwrap_or(0.0)
            .max(viewport["clientWidth"].as_f64().unwrap_or(0.0));
        let height = content["height"]
            .as_f64()
            .unwrap_or(0.0)
            .max(viewport["clientHeight"].as_f64().unwrap_or(0.0));
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
                }),
            )
            .await?;
        let data = shot["data"].as_str().ok_or("no screenshot data")?;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| e.to_string())
    }

    /// What the browser console said (errors first of all: a wasm panic shows here).
    pub async fn console(&self) -> Vec<String> {
        let Ok(entries) = self
            .browser
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({"type": "browser"}),
            })
            .await
        else {
            return Vec::new();
        };
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| format!("[{}] {}", raw(&e["level"]), raw(&e["message"])))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A failure report: what was expected, where the browser is, what the page says and what
    /// the console logged; a screenshot of the moment is saved too.
    pub async fn diagnose(&self, message: &str) -> String {
        let url = self
            .browser
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let mut text = self.body_text().await;
        if text.len() > 2_000 {
            let mut cut = 2_000;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push('…');
        }
        let console = self.console().await.join("\n");
        self.screenshot_only(&format!("failed-{}", self.name)).await;
        format!(
            "{message}\n--- at {url}\n--- page text:\n{text}\n--- browser console:\n{console}\n---"
        )
    }
}
