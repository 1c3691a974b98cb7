//! Webhooks over HTTP, against a receiver on the loopback that records every request and can be
//! told to answer an error, a redirect, to be slow or to be down. Signatures are checked by an
//! implementation of the Standard Webhooks rule written here from the specification (HMAC
//! built from SHA-256 by hand), not by the server's signer. Events are written to the outbox the
//! way their causes write them (`alerts::events::publish` in a write transaction), so the tests
//! state only what the dispatcher sees. Backoff, timeouts and polling are shortened through the
//! settings so every test runs in seconds.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use budget_contract::alert::EventType;
use budget_domain::alerts::events::{self, Event};
use budget_domain::webhooks::dispatch::{self, DispatchConfig};
use budget_domain::{Clock, Database, Domain};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::*;

// ---------------------------------------------------------------------------------------------
// An independent verifier, from the specification.

/// HMAC-SHA256 (RFC 2104) from SHA-256 alone.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x36)
        .chain(message.iter().copied())
        .collect();
    let inner = Sha256::digest(&inner);
    let outer: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x5c)
        .chain(inner.iter().copied())
        .collect();
    Sha256::digest(&outer).to_vec()
}

/// `v1,<base64 HMAC>` of `{id}.{timestamp}.{body}` keyed with the base64 after `whsec_`.
fn expected_signature(secret: &str, id: &str, timestamp: &str, body: &[u8]) -> String {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").expect("whsec_ secret"))
        .expect("base64 secret");
    let mut signed = format!("{id}.{timestamp}.").into_bytes();
    signed.extend_from_slice(body);
    format!("v1,{}", STANDARD.encode(hmac_sha256(&key, &signed)))
}

/// Whether a request verifies with `secret`: one of its signatures matches and its timestamp is
/// within five minutes.
fn verifies(secret: &str, request: &Received) -> bool {
    let expected = expected_signature(secret, &request.id, &request.timestamp, &request.body);
    let timestamp: i64 = request.timestamp.parse().unwrap_or(0);
    (chrono::Utc::now().timestamp() - timestamp).abs() <= 300
        && request.signature.split(' ').any(|sent| sent == expected)
}

#[test]
fn webhook_test_verifier_reproduces_the_specification_vector() {
    assert_eq!(
        expected_signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            br#"{"test": 2432232314}"#,
        ),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
}

// ---------------------------------------------------------------------------------------------
// The receiver.

#[derive(Clone, Debug)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: Vec<u8>,
    /// The status the receiver answered.
    status: u16,
    started: Instant,
    ended: Instant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Status(u16),
    /// 500 the first time an id is seen, 200 after.
    FailFirst,
}

struct Shared {
    answer: Mutex<Answer>,
    delay: Mutex<Duration>,
    received: Mutex<Vec<Received>>,
    /// Requests that arrived (before any delay).
    arrived: Mutex<u64>,
}

#[derive(Clone)]
struct Receiver {
    port: u16,
    shared: Arc<Shared>,
    handle: Arc<Mutex<Option<ServerHandle>>>,
}

async fn receive(req: HttpRequest, body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let started = Instant::now();
    *shared.arrived.lock().unwrap() += 1;
    let delay = *shared.delay.lock().unwrap();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let id = header("webhook-id");
    let mut received = shared.received.lock().unwrap();
    let status = match *shared.answer.lock().unwrap() {
        Answer::Status(status) => status,
        Answer::FailFirst if received.iter().any(|r| r.id == id) => 200,
        Answer::FailFirst => 500,
    };
    received.push(Received {
        id,
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body: body.to_vec(),
        status,
        started,
        ended: Instant::now(),
    });
    let mut response = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
    if (300..400).contains(&status) {
        response.insert_header(("Location", "http://127.0.0.1:9/elsewhere"));
    }
    // A long answer: the delivery log keeps its first KiB.
    response.body("r".repeat(3_000))
}

impl Receiver {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let receiver = Self {
            port,
            shared: Arc::new(Shared {
                answer: Mutex::new(Answer::Status(200)),
                delay: Mutex::new(Duration::ZERO),
                received: Mutex::new(Vec::new()),
                arrived: Mutex::new(0),
            }),
            handle: Arc::new(Mutex::new(None)),
        };
        receiver.listen();
        receiver
    }

    /// Starts answering on its port (again).
    fn listen(&self) {
        let shared = web::Data::from(Arc::clone(&self.shared));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .shutdown_timeout(0)
        .bind(("127.0.0.1", self.port))
        .unwrap()
        .run();
        *self.handle.lock().unwrap() = Some(server.handle());
        tokio::spawn(server);
    }

    /// Stops answering: connections are refused.
    async fn stop(&self) {
        let handle = self.handle.lock().unwrap().take();
        if let Some(handle) = handle {
            handle.stop(false).await;
        }
    }

    fn answer(&self, answer: Answer) {
        *self.shared.answer.lock().unwrap() = answer;
    }

    fn delay(&self, delay: Duration) {
        *self.shared.delay.lock().unwrap() = delay;
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    fn arrived(&self) -> u64 {
        *self.shared.arrived.lock().unwrap()
    }

    /// The ids answered 2xx, with how many times each was.
    fn acknowledged(&self) -> BTreeMap<String, usize> {
        let mut ids = BTreeMap::new();
        for request in self.received() {
            if (200..300).contains(&request.status) {
                *ids.entry(request.id).or_insert(0) += 1;
            }
        }
        ids
    }
}

// ---------------------------------------------------------------------------------------------
// The world.

/// Short timeouts and backoff: a request may take 1 s, retries follow 0.2 s to 1 s apart.
fn fast(settings: &mut Settings) {
    settings.webhook_allow_private_addresses = true;
    settings.webhook_timeout_ms = 1_000;
    settings.webhook_retry_schedule_ms = ["200", "300", "400", "500"]
        .into_iter()
        .chain(std::iter::repeat_n("1000", 40))
        .collect::<Vec<_>>()
        .join(",");
    settings.webhook_give_up_secs = 120;
    settings.webhook_poll_ms = 50;
    settings.alert_evaluation_delay_ms = 3_600_000;
    settings.alert_sweep_secs = 0;
}

async fn app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    TestApp::spawn_configured(engine(), |settings| {
        fast(settings);
        configure(settings);
    })
    .await
}

/// The dispatcher settings the tests run their own dispatchers with.
fn dispatch_config() -> DispatchConfig {
    DispatchConfig {
        timeout: Duration::from_secs(1),
        retry_schedule: vec![Duration::from_millis(100); 50],
        give_up_after: Duration::from_secs(120),
        disable_after_failures: 0,
        concurrency: 4,
        poll_every: Duration::from_millis(20),
        allow_private_addresses: true,
    }
}

/// Writes an alert event about `board` to the outbox, as a firing does: its id.
async fn publish(app: &TestApp, board: i64) -> String {
    let txn = app.domain.db.begin_write().await.unwrap();
    let id = events::publish(
        &*txn,
        chrono::Utc::now(),
        &Event {
            event_type: EventType::BudgetThresholdCrossed,
            board_id: board,
            message: "Money used reached 80 %".to_owned(),
            data: json!({
                "board_id": board,
                "rule_id": 1,
                "kind": "money_used_at_least",
                "threshold": "80.00",
                "figures": {"currency": "EUR", "spent": "8000.00"},
            }),
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    id
}

async fn create_hook(app: &TestApp, user: &User, board: i64, body: Value) -> Value {
    let created = app
        .post(
            &format!("/api/v1/boards/{board}/webhooks"),
            &user.token,
            body,
        )
        .await
        .expect(201);
    created.body
}

/// Waits until `done` holds, checking every 50 ms, failing after `within`.
async fn eventually<F, Fut>(what: &str, within: Duration, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !done().await {
        assert!(start.elapsed() < within, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn deliveries(app: &TestApp, user: &User, board: i64, hook: i64) -> Vec<Value> {
    app.get(
        &format!("/api/v1/boards/{board}/webhooks/{hook}/deliveries?limit=500"),
        &user.token,
    )
    .await
    .expect(200)
    .body["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn delivered_count(app: &TestApp) -> i64 {
    app.sql_number("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'delivered'")
        .await
}

// ---------------------------------------------------------------------------------------------
// Endpoints.

#[tokio::test]
async fn webhook_endpoint_secret_is_answered_once_and_never_again() {
    let app = app_with(|_| {}).await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let path = format!("/api/v1/boards/{board}/webhooks");
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(&owner.token)
        .header("Idempotency-Key", "hook-1")
        .json(&json!({"url": "http://127.0.0.1:9/hook", "event_types": ["budget.exceeded"]}))
        .send()
        .await
        .unwrap();
    let created = TestApp::read(response).await.expect(201);
    let id = created.body["id"].as_i64().unwrap();
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    assert!(STANDARD.decode(&secret["whsec_".len()..]).unwrap().len() >= 24);
    assert_eq!(
        created.header("location").unwrap(),
        format!("/api/v1/boards/{board}/webhooks/{id}")
    );
    assert_eq!(created.body["event_types"], json!(["budget.exceeded"]));
    assert_eq!(created.body["enabled"], true);

    // A retry with the same key answers the same endpoint; no second one is made.
    let replay = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(&owner.token)
        .header("Idempotency-Key", "hook-1")
        .json(&json!({"url": "http://127.0.0.1:9/hook", "event_types": ["budget.exceeded"]}))
        .send()
        .await
        .unwrap();
    let replay = TestApp::read(replay).await.expect(201);
    assert_eq!(replay.body["id"], id);

    let read = app
        .get(&format!("{path}/{id}"), &owner.token)
        .await
        .expect(200);
    let listed = app.get(&path, &owner.token).await.expect(200);
    assert_eq!(listed.body["total"], 1);
    for text in [&read.text, &listed.text] {
        assert!(!text.contains(&secret), "the secret shows again: {text}");
        assert!(!text.contains("\"secret\""), "{text}");
    }

    // Changing the filter to every type, then deleting.
    let changed = app
        .patch(
            &format!("{path}/{id}"),
            &owner.token,
            json!({"event_types": null}),
        )
        .await
        .expect(200);
    assert_eq!(changed.body["event_types"], Value::Null);
    assert_eq!(changed.body["url"], "http://127.0.0.1:9/hook");
    app.delete(&format!("{path}/{id}"), &owner.token)
        .await
        .expect(204);
    app.get(&format!("{path}/{id}"), &owner.token)
        .await
        .expect_problem(404, "not_found");

    // Each change is in the board's audit trail, the secret never.
    let trail = app
        .get(
            &format!("/api/v1/boards/{board}/audit?limit=500"),
            &owner.token,
        )
        .await
        .expect(200);
    assert!(!trail.text.contains(&secret));
    let mut actions: Vec<&str> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "webhook_endpoint" && e["entity_id"] == id)
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    actions.sort_unstable();
    assert_eq!(actions, ["create", "delete", "update"]);
}

#[tokio::test]
async fn webhook_urls_on_internal_addresses_are_refused_unless_allowed() {
    let app = app_with(|settings| settings.webhook_allow_private_addresses = false).await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let path = format!("/api/v1/boards/{board}/webhooks");
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.8/hook",
        "http://192.168.1.20/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
    ] {
        let refused = app
            .post(&path, &owner.token, json!({"url": url}))
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            refused.field_errors(),
            pairs(&[("url", "address_not_allowed")]),
            "{url}"
        );
    }
    for url in [
        "ftp://example.com/hook",
        "not a url",
        "https://u:p@example.com/",
    ] {
        let refused = app
            .post(&path, &owner.token, json!({"url": url}))
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            refused.field_errors(),
            pairs(&[("url", "invalid")]),
            "{url}"
        );
    }

    // Allowed by configuration (a local receiver).
    let allowed = app_with(|_| {}).await;
    let owner = allowed.user("owner", None).await;
    let board = allowed.board(&owner, "Local").await;
    create_hook(
        &allowed,
        &owner,
        board,
        json!({"url": "http://127.0.0.1:8080/hook"}),
    )
    .await;
}

#[tokio::test]
async fn webhook_addresses_are_checked_again_when_delivering() {
    // The endpoint was accepted (allowed then); the dispatcher running now refuses the address.
    let app = app_with(|settings| settings.webhook_dispatcher = false).await;
    let receiver = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let hook = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let hook = hook["id"].as_i64().unwrap();
    let dispatcher = tokio::spawn(dispatch::run(
        app.domain.clone(),
        DispatchConfig {
            allow_private_addresses: false,
            retry_schedule: Vec::new(),
            ..dispatch_config()
        },
    ));
    publish(&app, board).await;
    eventually("the delivery fails", Duration::from_secs(10), || async {
        deliveries(&app, &owner, board, hook)
            .await
            .first()
            .map(|d| d["status"].clone())
            == Some(json!("failed"))
    })
    .await;
    dispatcher.abort();
    let delivery = &deliveries(&app, &owner, board, hook).await[0];
    assert!(
        delivery["error"]
            .as_str()
            .unwrap()
            .contains("address refused"),
        "{delivery}"
    );
    assert_eq!(receiver.arrived(), 0);
}

#[tokio::test]
async fn webhook_authorisation_follows_board_and_organisation_admin_roles() {
    let app = app_with(|_| {}).await;
    let owner = app.user("owner", None).await;
    let editor = app.user("editor", None).await;
    let viewer = app.user("viewer", None).await;
    let outsider = app.user("outsider", None).await;
    let org = app.organization(&owner, "Acme").await;
    let member = app.user("member", None).await;
    app.org_join(&owner, org, &member, "member").await;
    let board = app
        .new_board(&owner, json!({"name": "Org board", "organization_id": org}))
        .await;
    app.member(&owner, board, &editor, "editor", None).await;
    app.member(&owner, board, &viewer, "viewer", None).await;
    let hooks = format!("/api/v1/boards/{board}/webhooks");
    let body = json!({"url": "http://127.0.0.1:9/hook"});
    let hook = create_hook(&app, &owner, board, body.clone()).await["id"]
        .as_i64()
        .unwrap();
    let one = format!("{hooks}/{hook}");
    let board_paths = [
        ("GET", hooks.clone()),
        ("POST", hooks.clone()),
        ("GET", one.clone()),
        ("PATCH", one.clone()),
        ("DELETE", one.clone()),
        ("POST", format!("{one}/rotate-secret")),
        ("GET", format!("{one}/deliveries")),
        ("POST", format!("{one}/deliveries/evt_0/redeliver")),
    ];
    for (user, code) in [
        (&editor, "insufficient_role"),
        (&viewer, "insufficient_role"),
        (&member, "insufficient_role"),
        (&outsider, "board_access_denied"),
    ] {
        for (method, path) in &board_paths {
            let response = app
                .request(
                    method.parse().unwrap(),
                    path,
                    Some(&user.token),
                    Some(&json!({"url": "http://127.0.0.1:9/hook"})),
                )
                .await;
            response.expect_problem(403, code);
        }
    }
    // Organisation endpoints: its admins only.
    let org_hooks = format!("/api/v1/organizations/{org}/webhooks");
    app.post(&org_hooks, &member.token, body.clone())
        .await
        .expect_problem(403, "insufficient_role");
    app.get(&org_hooks, &member.token)
        .await
        .expect_problem(403, "insufficient_role");
    let refused = app.post(&org_hooks, &outsider.token, body.clone()).await;
    assert_eq!(refused.status.as_u16(), 403, "{}", refused.text);
    let created = app.post(&org_hooks, &owner.token, body).await.expect(201);
    assert_eq!(created.body["organization_id"], org);
    assert_eq!(created.body["board_id"], Value::Null);
    assert_eq!(
        created.header("location").unwrap(),
        format!(
            "/api/v1/organizations/{org}/webhooks/{}",
            created.body["id"]
        )
    );
    app.get(&org_hooks, &owner.token).await.expect(200);
    let trail = app
        .get(
            &format!("/api/v1/organizations/{org}/audit?limit=500"),
            &owner.token,
        )
        .await
        .expect(200);
    assert!(
        trail.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "webhook_endpoint"
                && e["entity_id"] == created.body["id"]
                && e["action"] == "create"),
        "the organisation's trail has the endpoint: {}",
        trail.text
    );
}

// ---------------------------------------------------------------------------------------------
// Delivery.

#[tokio::test]
async fn webhook_every_event_arrives_once_through_an_outage_errors_and_a_slow_receiver() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let created = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let hook = created["id"].as_i64().unwrap();
    let mut published = BTreeSet::new();

    // Down for a while.
    receiver.stop().await;
    for _ in 0..3 {
        published.insert(publish(&app, board).await);
    }
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    // Up, answering 500.
    receiver.answer(Answer::Status(500));
    receiver.listen();
    for _ in 0..2 {
        published.insert(publish(&app, board).await);
    }
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    // Answering 200, but slower than the timeout.
    receiver.answer(Answer::Status(200));
    receiver.delay(Duration::from_millis(1_500));
    for _ in 0..2 {
        published.insert(publish(&app, board).await);
    }
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    // Healthy again.
    receiver.delay(Duration::ZERO);

    eventually(
        "every event is delivered",
        Duration::from_secs(40),
        || async { delivered_count(&app).await == 7 },
    )
    .await;
    let received = receiver.received();
    assert!(received.iter().all(|r| verifies(&secret, r)));
    let ids: BTreeSet<String> = received.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, published, "after de-duplication, each event once");
    // Every body is the event, named by the id in its header.
    for request in &received {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["id"], request.id);
        assert_eq!(body["type"], "budget.threshold_crossed");
        assert_eq!(body["board_id"], board);
        assert_eq!(body["data"]["threshold"], "80.00");
    }
    // Retries were made, each logged on the delivery.
    let log = deliveries(&app, &owner, board, hook).await;
    assert_eq!(log.len(), 7);
    assert!(log.iter().any(|d| d["attempt"].as_i64().unwrap() >= 2));
    for delivery in &log {
        assert_eq!(delivery["status"], "delivered");
        assert_eq!(delivery["response_status"], 200);
        assert_eq!(delivery["next_attempt_at"], Value::Null);
        assert!(delivery["latency_ms"].as_i64().is_some());
        assert_eq!(
            delivery["response_excerpt"].as_str().unwrap().len(),
            1_024,
            "the first KiB of the answer"
        );
        assert!(published.contains(delivery["event_id"].as_str().unwrap()));
    }
    // Newest first.
    let ids: Vec<i64> = log.iter().map(|d| d["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
}

#[tokio::test]
async fn webhook_delivery_survives_a_dispatcher_stopped_mid_delivery() {
    let app = app_with(|settings| settings.webhook_dispatcher = false).await;
    let receiver = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let created = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    receiver.delay(Duration::from_millis(800));
    let first = tokio::spawn(dispatch::run(app.domain.clone(), dispatch_config()));
    let event = publish(&app, board).await;
    eventually(
        "the request is in flight",
        Duration::from_secs(10),
        || async { receiver.arrived() >= 1 },
    )
    .await;
    // Killed mid-delivery, before recording the answer; a new one starts.
    first.abort();
    let _ = first.await;
    receiver.delay(Duration::ZERO);
    let second = tokio::spawn(dispatch::run(app.domain.clone(), dispatch_config()));
    eventually(
        "the new dispatcher delivers",
        Duration::from_secs(20),
        || async { delivered_count(&app).await == 1 },
    )
    .await;
    second.abort();
    let acknowledged = receiver.acknowledged();
    assert_eq!(acknowledged.keys().collect::<Vec<_>>(), vec![&event]);
    assert!(receiver.received().iter().all(|r| verifies(&secret, r)));
}

#[tokio::test]
async fn webhook_two_dispatchers_never_send_one_event_at_once() {
    let app = app_with(|settings| settings.webhook_dispatcher = false).await;
    let receiver = Receiver::start().await;
    receiver.answer(Answer::FailFirst);
    receiver.delay(Duration::from_millis(60));
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let created = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    // A second handle on the same database: its own pool, as a second instance has.
    let other = Domain::new(
        Database::connect_with(&app.database_url, 4, None)
            .await
            .unwrap(),
        Clock::system(),
    );
    let dispatchers = [
        tokio::spawn(dispatch::run(app.domain.clone(), dispatch_config())),
        tokio::spawn(dispatch::run(other, dispatch_config())),
    ];
    let mut published = BTreeSet::new();
    for _ in 0..20 {
        published.insert(publish(&app, board).await);
    }
    eventually(
        "every event is delivered",
        Duration::from_secs(60),
        || async { delivered_count(&app).await == 20 },
    )
    .await;
    for dispatcher in dispatchers {
        dispatcher.abort();
    }
    let received = receiver.received();
    assert!(received.iter().all(|r| verifies(&secret, r)));
    // Each event failed once and was acknowledged once.
    let acknowledged = receiver.acknowledged();
    assert_eq!(
        acknowledged.keys().cloned().collect::<BTreeSet<_>>(),
        published
    );
    assert!(
        acknowledged.values().all(|count| *count == 1),
        "{acknowledged:?}"
    );
    // No two requests for one event overlapped in time.
    for id in &published {
        let mut attempts: Vec<&Received> = received.iter().filter(|r| &r.id == id).collect();
        attempts.sort_by_key(|r| r.started);
        assert_eq!(attempts.len(), 2, "{id}");
        for pair in attempts.windows(2) {
            assert!(
                pair[1].started >= pair[0].ended,
                "{id} was sent twice at once"
            );
        }
    }
}

#[tokio::test]
async fn webhook_rotation_signs_with_both_secrets_for_a_day() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let created = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let old = created["secret"].as_str().unwrap().to_owned();
    let hook = created["id"].as_i64().unwrap();
    let rotated = app
        .post(
            &format!("/api/v1/boards/{board}/webhooks/{hook}/rotate-secret"),
            &owner.token,
            json!({}),
        )
        .await
        .expect(200);
    let new = rotated.body["secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    let expires: chrono::DateTime<chrono::Utc> = rotated.body["previous_secret_expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let in_a_day = chrono::Utc::now() + chrono::Duration::hours(24);
    assert!((expires - in_a_day).num_seconds().abs() < 60);
    let read = app
        .get(
            &format!("/api/v1/boards/{board}/webhooks/{hook}"),
            &owner.token,
        )
        .await
        .expect(200);
    assert!(!read.text.contains(&new) && !read.text.contains(&old));
    let trail = app
        .get(
            &format!("/api/v1/boards/{board}/audit?limit=500"),
            &owner.token,
        )
        .await
        .expect(200);
    assert!(trail.text.contains("rotate_secret"));
    assert!(!trail.text.contains(&new) && !trail.text.contains(&old));

    publish(&app, board).await;
    eventually("the event arrives", Duration::from_secs(10), || async {
        !receiver.received().is_empty()
    })
    .await;
    let request = &receiver.received()[0];
    assert_eq!(
        request.signature.split(' ').count(),
        2,
        "{}",
        request.signature
    );
    assert!(verifies(&new, request), "signed with the new secret");
    assert!(verifies(&old, request), "and with the previous one");
}

#[tokio::test]
async fn webhook_endpoint_is_disabled_after_repeated_failures_and_its_admins_told() {
    // No retries: each failed attempt fails its event for good; two in a row disable.
    let app = app_with(|settings| {
        settings.webhook_retry_schedule_ms = String::new();
        settings.webhook_disable_after_failures = 2;
    })
    .await;
    let receiver = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let editor = app.user("editor", None).await;
    let board = app.board(&owner, "Hooked").await;
    app.member(&owner, board, &editor, "editor", None).await;
    let created = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let hook = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/boards/{board}/webhooks/{hook}");

    // A redirect is a failure, not followed.
    receiver.answer(Answer::Status(302));
    publish(&app, board).await;
    eventually("the first event fails", Duration::from_secs(10), || async {
        deliveries(&app, &owner, board, hook)
            .await
            .first()
            .map(|d| d["status"].clone())
            == Some(json!("failed"))
    })
    .await;
    let first = &deliveries(&app, &owner, board, hook).await[0];
    assert_eq!(first["response_status"], 302);
    assert!(first["error"].as_str().unwrap().contains("redirect"));
    let endpoint = app.get(&path, &owner.token).await.expect(200).body;
    assert_eq!(endpoint["enabled"], true);
    assert_eq!(endpoint["consecutive_failures"], 1);

    receiver.answer(Answer::Status(500));
    publish(&app, board).await;
    eventually(
        "the endpoint is disabled",
        Duration::from_secs(10),
        || async { app.get(&path, &owner.token).await.body["enabled"] == false },
    )
    .await;
    let endpoint = app.get(&path, &owner.token).await.expect(200).body;
    assert_eq!(endpoint["consecutive_failures"], 2);
    assert!(endpoint["disabled_reason"]
        .as_str()
        .unwrap()
        .contains("2 events"));
    let told = |feed: Value| {
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["event_type"] == "webhook.endpoint_disabled")
            .count()
    };
    assert_eq!(
        told(
            app.get("/api/v1/me/notifications", &owner.token)
                .await
                .expect(200)
                .body
        ),
        1
    );
    assert_eq!(
        told(
            app.get("/api/v1/me/notifications", &editor.token)
                .await
                .expect(200)
                .body
        ),
        0,
        "only admins are told"
    );

    // A disabled endpoint gets nothing new.
    receiver.answer(Answer::Status(200));
    publish(&app, board).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(deliveries(&app, &owner, board, hook).await.len(), 2);

    // Enabled again: failures cleared.
    let enabled = app
        .patch(&path, &owner.token, json!({"enabled": true}))
        .await
        .expect(200)
        .body;
    assert_eq!(enabled["enabled"], true);
    assert_eq!(enabled["consecutive_failures"], 0);
    assert_eq!(enabled["disabled_reason"], Value::Null);
}

#[tokio::test]
async fn webhook_redelivery_sends_an_event_again_with_the_same_id() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let created = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let hook = created["id"].as_i64().unwrap();
    let event = publish(&app, board).await;
    eventually("delivered", Duration::from_secs(10), || async {
        delivered_count(&app).await == 1
    })
    .await;
    let again = app
        .post(
            &format!("/api/v1/boards/{board}/webhooks/{hook}/deliveries/{event}/redeliver"),
            &owner.token,
            json!({}),
        )
        .await
        .expect(202);
    assert_eq!(again.body["event_id"], event);
    assert_eq!(again.body["status"], "pending");
    eventually("sent again", Duration::from_secs(10), || async {
        receiver.received().len() == 2 && delivered_count(&app).await == 1
    })
    .await;
    let received = receiver.received();
    assert!(received
        .iter()
        .all(|r| r.id == event && verifies(&secret, r)));
    let log = deliveries(&app, &owner, board, hook).await;
    assert_eq!(log[0]["attempt"], 2);
    assert_eq!(log[0]["status"], "delivered");
    app.post(
        &format!("/api/v1/boards/{board}/webhooks/{hook}/deliveries/evt_unknown/redeliver"),
        &owner.token,
        json!({}),
    )
    .await
    .expect_problem(404, "not_found");
}

#[tokio::test]
async fn webhook_organisation_endpoints_receive_their_boards_events_and_filters_hold() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start().await;
    let filtered = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let org = app.organization(&owner, "Acme").await;
    let board = app
        .new_board(&owner, json!({"name": "Org board", "organization_id": org}))
        .await;
    let elsewhere = app.board(&owner, "Outside the organisation").await;
    app.post(
        &format!("/api/v1/organizations/{org}/webhooks"),
        &owner.token,
        json!({"url": receiver.url()}),
    )
    .await
    .expect(201);
    create_hook(
        &app,
        &owner,
        board,
        json!({"url": filtered.url(), "event_types": ["recommendation.created"]}),
    )
    .await;
    let event = publish(&app, board).await;
    publish(&app, elsewhere).await;
    eventually(
        "the organisation's endpoint has it",
        Duration::from_secs(10),
        || async { !receiver.received().is_empty() },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ids: Vec<String> = receiver.received().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![event]);
    assert!(
        filtered.received().is_empty(),
        "the filter takes no threshold event"
    );
}

#[tokio::test]
async fn webhook_a_hanging_receiver_does_not_slow_the_api() {
    let app = app_with(|_| {}).await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let mut receivers = Vec::new();
    for _ in 0..10 {
        let receiver = Receiver::start().await;
        receiver.delay(Duration::from_secs(30));
        create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
        receivers.push(receiver);
    }
    for _ in 0..5 {
        publish(&app, board).await;
    }
    eventually("requests hang", Duration::from_secs(10), || async {
        receivers.iter().all(|r| r.arrived() >= 1)
    })
    .await;
    for _ in 0..10 {
        let started = Instant::now();
        app.get(&format!("/api/v1/boards/{board}"), &owner.token)
            .await
            .expect(200);
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "an API read took {:?}",
            started.elapsed()
        );
    }
}

/// Signed requests for the `standardwebhooks` package: with `WEBHOOK_SAMPLES_DIR` set, each
/// received request is written there as JSON (secret, headers, body) for
/// `scripts/check-webhook-signatures` to verify with the reference implementation.
#[tokio::test]
async fn webhook_signed_samples_for_the_reference_verifier() {
    let app = app_with(|_| {}).await;
    let receiver = Receiver::start().await;
    let owner = app.user("owner", None).await;
    let board = app.board(&owner, "Hooked").await;
    let created = create_hook(&app, &owner, board, json!({"url": receiver.url()})).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let hook = created["id"].as_i64().unwrap();
    publish(&app, board).await;
    eventually("the first sample", Duration::from_secs(10), || async {
        receiver.received().len() == 1
    })
    .await;
    // After a rotation, requests carry two signatures.
    let rotated = app
        .post(
            &format!("/api/v1/boards/{board}/webhooks/{hook}/rotate-secret"),
            &owner.token,
            json!({}),
        )
        .await
        .expect(200);
    let new = rotated.body["secret"].as_str().unwrap().to_owned();
    publish(&app, board).await;
    eventually("the second sample", Duration::from_secs(10), || async {
        receiver.received().len() == 2
    })
    .await;
    let received = receiver.received();
    assert!(verifies(&secret, &received[0]));
    assert!(verifies(&new, &received[1]) && verifies(&secret, &received[1]));
    let Ok(dir) = std::env::var("WEBHOOK_SAMPLES_DIR") else {
        return;
    };
    let samples = [
        (&received[0], &secret),
        (&received[1], &secret),
        (&received[1], &new),
    ];
    for (index, (request, key)) in samples.iter().enumerate() {
        let sample = json!({
            "secret": key,
            "headers": {
                "webhook-id": request.id,
                "webhook-timestamp": request.timestamp,
                "webhook-signature": request.signature,
            },
            "body": String::from_utf8(request.body.clone()).unwrap(),
        });
        std::fs::write(
            format!("{dir}/sample-{index}.json"),
            serde_json::to_vec_pretty(&sample).unwrap(),
        )
        .unwrap();
    }
}
