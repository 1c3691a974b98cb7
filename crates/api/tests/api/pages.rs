//! Every list answers one page shape: `items`, `total` (how many items the whole list holds with
//! the request's filters, whatever the cursor and limit) and `next_cursor`, plus an RFC 8288
//! `Link: <…>; rel="next"` header naming the next page while there is one.

use serde_json::{json, Value};

use crate::support::*;

/// The URL a `Link: <url>; rel="next"` header names.
fn next_link(response: &Response) -> Option<String> {
    let link = response.header("link")?;
    let url = link
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix(">; rel=\"next\""))
        .unwrap_or_else(|| panic!("not an RFC 8288 next link: {link}"));
    Some(url.to_owned())
}

/// Reads a list of three items two at a time from `first` (which asks `limit=2`), following
/// the `Link` header literally: page one has two items and a link, page two the third item
/// and none, both with `total` 3. The link keeps every parameter the caller sent but the
/// cursor. Returns the three items in the order read.
async fn three_in_two_pages(app: &TestApp, token: &str, first: &str) -> Vec<Value> {
    let one = app.get(first, token).await.expect(200);
    assert_eq!(one.body["total"], 3, "{first}: {}", one.text);
    assert_eq!(one.body["items"].as_array().unwrap().len(), 2, "{first}");
    let cursor = one.body["next_cursor"].as_str().unwrap();
    let link = next_link(&one).unwrap_or_else(|| panic!("{first}: no Link on page one"));
    let (path, query) = first.split_once('?').unwrap();
    assert_eq!(link, format!("{path}?cursor={cursor}&{query}"), "{first}");

    let two = app.get(&link, token).await.expect(200);
    assert_eq!(two.body["total"], 3, "{link}: {}", two.text);
    assert_eq!(two.body["items"].as_array().unwrap().len(), 1, "{link}");
    assert_eq!(two.body.get("next_cursor"), None, "{link}");
    assert_eq!(next_link(&two), None, "{link}: a Link on the last page");

    let mut items = one.body["items"].as_array().unwrap().clone();
    items.extend(two.body["items"].as_array().unwrap().iter().cloned());
    items
}

fn field(items: &[Value], name: &str) -> Vec<i64> {
    items.iter().map(|i| i[name].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn boards_are_counted_and_linked_page_to_page() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let mut made = Vec::new();
    for name in ["One", "Two", "Three"] {
        made.push(app.board(&ann, name).await);
    }
    app.board(&bob, "Not ann's").await;
    let items = three_in_two_pages(&app, &ann.token, "/api/v1/boards?limit=2").await;
    assert_eq!(field(&items, "id"), made);
}

#[tokio::test]
async fn tasks_count_those_the_status_filter_keeps() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let mut todo = Vec::new();
    for title in ["a", "b", "c"] {
        todo.push(app.task(&ann, board, title).await);
    }
    app.post(
        &format!("/api/v1/boards/{board}/tasks"),
        &ann.token,
        json!({"title": "finished", "status": "done"}),
    )
    .await
    .expect(201);
    let path = format!("/api/v1/boards/{board}/tasks");
    let items = three_in_two_pages(&app, &ann.token, &format!("{path}?status=todo&limit=2")).await;
    assert_eq!(field(&items, "id"), todo);
    let all = app.get(&path, &ann.token).await.expect(200);
    assert_eq!(all.body["total"], 4);
    assert_eq!(next_link(&all), None);
}

#[tokio::test]
async fn time_entries_count_those_the_filters_keep_on_the_board_and_on_a_task() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let bob = app.user("bob", Some("40.00")).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", None).await;
    let task = app.task(&ann, board, "Build").await;
    let other = app.task(&ann, board, "Test").await;
    for date in ["2026-10-01", "2026-10-02", "2026-10-03"] {
        app.log(&ann, board, task, "1.00", date).await.expect(201);
    }
    app.log(&bob, board, task, "2.00", "2026-10-02")
        .await
        .expect(201);
    app.log(&ann, board, other, "3.00", "2026-10-04")
        .await
        .expect(201);

    let board_entries = format!("/api/v1/boards/{board}/time-entries");
    let query = format!("?user={}&to=2026-10-03&limit=2", ann.id);
    let items = three_in_two_pages(&app, &ann.token, &format!("{board_entries}{query}")).await;
    let dates: Vec<&str> = items
        .iter()
        .map(|e| e["work_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-10-03", "2026-10-02", "2026-10-01"]);
    let all = app.get(&board_entries, &ann.token).await.expect(200);
    assert_eq!(all.body["total"], 5);

    app.log(&bob, board, task, "1.00", "2026-09-30")
        .await
        .expect(201);
    let task_entries = format!("/api/v1/boards/{board}/tasks/{task}/time-entries");
    let first = format!("{task_entries}?from=2026-10-02&limit=2");
    let items = three_in_two_pages(&app, &ann.token, &first).await;
    assert_eq!(
        items.iter().map(|e| e["hours"].clone()).collect::<Vec<_>>(),
        [json!("1.00"), json!("2.00"), json!("1.00")]
    );
}

#[tokio::test]
async fn expenses_count_those_the_filters_keep() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Build").await;
    let other = app.task(&ann, board, "Test").await;
    for (task, category, day) in [
        (task, "travel", "2026-10-01"),
        (task, "travel", "2026-10-02"),
        (task, "licences", "2026-10-02"),
        (task, "travel", "2026-10-03"),
        (other, "travel", "2026-10-02"),
        (task, "travel", "2026-10-05"),
    ] {
        app.expense(
            &ann,
            board,
            task,
            json!({"category": category, "amount": "10.00", "incurred_on": day}),
        )
        .await
        .expect(201);
    }
    let path = format!("/api/v1/boards/{board}/expenses");
    let query = format!("?task={task}&category=travel&to=2026-10-03&limit=2");
    let items = three_in_two_pages(&app, &ann.token, &format!("{path}{query}")).await;
    let days: Vec<&str> = items
        .iter()
        .map(|e| e["incurred_on"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2026-10-03", "2026-10-02", "2026-10-01"]);
    let all = app.get(&path, &ann.token).await.expect(200);
    assert_eq!(all.body["total"], 6);
    assert_eq!(next_link(&all), None);
    let ranged = app
        .get(&format!("{path}?from=2026-10-02&to=2026-10-02"), &ann.token)
        .await
        .expect(200);
    assert_eq!(ranged.body["total"], 3);
}

#[tokio::test]
async fn audit_trails_count_the_events_the_filters_keep() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let org = app.organization(&ann, "Acme").await;
    let board = app
        .new_board(&ann, json!({"name": "Launch", "organization_id": org}))
        .await;
    // Creating a task is recorded; the board's own events are not tasks.
    for title in ["a", "b", "c"] {
        app.task(&ann, board, title).await;
    }
    app.put(
        &format!("/api/v1/boards/{board}"),
        &ann.token,
        json!({"name": "Launch 2"}),
    )
    .await
    .expect(200);
    let trail = format!("/api/v1/boards/{board}/audit?kind=task&limit=2");
    let items = three_in_two_pages(&app, &ann.token, &trail).await;
    assert!(
        items
            .iter()
            .all(|e| e["kind"] == "task" && e["action"] == "create"),
        "{items:?}"
    );
    let trail = format!("/api/v1/organizations/{org}/audit?kind=task&limit=2");
    three_in_two_pages(&app, &ann.token, &trail).await;
}

#[tokio::test]
async fn roi_snapshots_are_counted_and_linked() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let path = format!("/api/v1/boards/{board}/roi/snapshots");
    for value in ["100", "200", "300"] {
        app.post(&path, &ann.token, json!({"expected_value": value}))
            .await
            .expect(201);
    }
    let items = three_in_two_pages(&app, &ann.token, &format!("{path}?limit=2")).await;
    assert_eq!(
        items
            .iter()
            .map(|s| s["expected_value"].clone())
            .collect::<Vec<_>>(),
        [json!("300.00"), json!("200.00"), json!("100.00")]
    );
}

#[tokio::test]
async fn board_members_are_a_page_in_user_order() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let cy = app.user("cy", None).await;
    let dee = app.user("dee", None).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &dee, "viewer", None).await;
    app.member(&ann, board, &bob, "editor", Some("40.00")).await;
    app.member(&ann, board, &cy, "admin", None).await;
    let path = format!("/api/v1/boards/{board}/members");
    let items = three_in_two_pages(&app, &ann.token, &format!("{path}?limit=2")).await;
    assert_eq!(field(&items, "user_id"), [bob.id, cy.id, dee.id]);
    assert_eq!(items[0]["hourly_rate"], "40.00");
    let bad = app
        .get(&format!("{path}?cursor=nope"), &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        bad.field_errors(),
        [("cursor".to_owned(), "invalid".to_owned())]
    );
}

#[tokio::test]
async fn api_tokens_are_a_page_in_creation_order() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let mut made = Vec::new();
    for scope in ["read", "write", "read"] {
        made.push(app.access_token(&ann, scope).await.1);
    }
    app.access_token(&bob, "read").await;
    let items = three_in_two_pages(&app, &ann.token, "/api/v1/me/tokens?limit=2").await;
    assert_eq!(field(&items, "id"), made);
    assert!(items.iter().all(|t| t.get("token").is_none()), "{items:?}");
    let bad = app
        .get("/api/v1/me/tokens?cursor=-3", &ann.token)
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(
        bad.field_errors(),
        [("cursor".to_owned(), "invalid".to_owned())]
    );
}

#[tokio::test]
async fn organisation_members_and_invitations_are_pages() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let cy = app.user("cy", None).await;
    let org = app.organization(&ann, "Acme").await;
    app.org_join(&ann, org, &bob, "member").await;
    app.org_join(&ann, org, &cy, "admin").await;
    let members = format!("/api/v1/organizations/{org}/members");
    let items = three_in_two_pages(&app, &bob.token, &format!("{members}?limit=2")).await;
    assert_eq!(field(&items, "user_id"), [ann.id, bob.id, cy.id]);

    // Two invitations were accepted above; one more is pending.
    app.invite(&ann, org, "dee@example.com", "member").await;
    let invitations = format!("/api/v1/organizations/{org}/invitations");
    let items = three_in_two_pages(&app, &ann.token, &format!("{invitations}?limit=2")).await;
    let emails: Vec<&str> = items.iter().map(|i| i["email"].as_str().unwrap()).collect();
    assert_eq!(
        emails,
        ["bob@example.com", "cy@example.com", "dee@example.com"]
    );

    for path in [&members, &invitations] {
        let bad = app
            .get(&format!("{path}?cursor=x&limit=501"), &ann.token)
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(
            bad.field_errors(),
            [
                ("limit".to_owned(), "out_of_range".to_owned()),
                ("cursor".to_owned(), "invalid".to_owned())
            ]
        );
    }
    // The page's rules come after the caller's right to read the list.
    let out = app.user("out", None).await;
    app.get(&format!("{members}?cursor=x"), &out.token)
        .await
        .expect(403);
    app.get(&format!("{invitations}?cursor=x"), &bob.token)
        .await
        .expect(403);
}

#[tokio::test]
async fn a_long_list_is_read_whole_through_its_links_with_nothing_lost_or_repeated() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let mut made = Vec::new();
    for scope in ["read"; 7] {
        made.push(app.access_token(&ann, scope).await.1);
    }
    let mut next = Some(String::from("/api/v1/me/tokens?limit=3"));
    let mut read = Vec::new();
    let mut pages = 0;
    while let Some(url) = next {
        let page = app.get(&url, &ann.token).await.expect(200);
        assert_eq!(page.body["total"], 7);
        read.extend(field(page.body["items"].as_array().unwrap(), "id"));
        next = next_link(&page);
        // The cursor sent is replaced by the next page's, never repeated.
        if let Some(cursor) = page.body["next_cursor"].as_str() {
            assert_eq!(
                next.as_deref(),
                Some(format!("/api/v1/me/tokens?cursor={cursor}&limit=3").as_str())
            );
        }
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(read, made);
}

#[tokio::test]
async fn exchange_rates_are_counted_with_their_filters_and_linked() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let org = app.organization(&ann, "Acme").await;
    let path = format!("/api/v1/organizations/{org}/exchange-rates");
    let mut made = Vec::new();
    for (from, day) in [
        ("USD", "2026-01-01"),
        ("GBP", "2026-01-01"),
        ("USD", "2026-02-01"),
        ("USD", "2026-03-01"),
    ] {
        let rate = app
            .post(
                &path,
                &ann.token,
                json!({"from_currency": from, "to_currency": "EUR", "rate": "1.1",
                       "valid_from": day}),
            )
            .await
            .expect(201);
        if from == "USD" {
            made.push(rate.body["id"].as_i64().unwrap());
        }
    }
    let items = three_in_two_pages(
        &app,
        &ann.token,
        &format!("{path}?limit=2&from_currency=USD"),
    )
    .await;
    assert_eq!(field(&items, "id"), made);
}

#[tokio::test]
async fn rates_are_counted_with_their_filters_and_linked() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let org = app.organization(&ann, "Acme").await;
    app.org_join(&ann, org, &bob, "member").await;
    let board = app.board(&ann, "Launch").await;
    let mut made = Vec::new();
    for (level, day) in [
        ("board", "2026-01-01"),
        ("board_member", "2026-01-01"),
        ("board", "2026-02-01"),
        ("board", "2026-03-01"),
    ] {
        let mut body = json!({"level": level, "cost_rate": "50.00", "valid_from": day});
        if level == "board_member" {
            body["user_id"] = json!(bob.id);
        }
        let rate = app
            .post(&format!("/api/v1/boards/{board}/rates"), &ann.token, body)
            .await
            .expect(201);
        if level == "board" {
            made.push(rate.body["id"].as_i64().unwrap());
        }
    }
    let items = three_in_two_pages(
        &app,
        &ann.token,
        &format!("/api/v1/boards/{board}/rates?limit=2&level=board"),
    )
    .await;
    assert_eq!(field(&items, "id"), made);

    let path = format!("/api/v1/organizations/{org}/rates");
    let mut made = Vec::new();
    for day in ["2026-01-01", "2026-02-01", "2026-03-01"] {
        let rate = app
            .post(
                &path,
                &ann.token,
                json!({"level": "person", "user_id": bob.id, "billable_rate": "90.00",
                       "valid_from": day}),
            )
            .await
            .expect(201);
        made.push(rate.body["id"].as_i64().unwrap());
    }
    app.post(
        &path,
        &ann.token,
        json!({"level": "organization", "cost_rate": "30.00", "valid_from": "2026-01-01"}),
    )
    .await
    .expect(201);
    let items = three_in_two_pages(
        &app,
        &ann.token,
        &format!("{path}?limit=2&user_id={}", bob.id),
    )
    .await;
    assert_eq!(field(&items, "id"), made);
}

#[tokio::test]
async fn repricings_are_counted_and_linked() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let path = format!("/api/v1/boards/{board}/repricings");
    let mut made = Vec::new();
    for _ in 0..3 {
        let repricing = app.post(&path, &ann.token, json!({})).await.expect(201);
        made.push(repricing.body["id"].as_i64().unwrap());
    }
    let items = three_in_two_pages(&app, &ann.token, &format!("{path}?limit=2")).await;
    assert_eq!(field(&items, "id"), made);
}

#[tokio::test]
async fn the_forecast_history_is_counted_and_linked() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    app.budget(&ann, board, json!({"allocated_budget": "1000.00"}))
        .await
        .expect(201);
    // The server's daily sweep, on three days.
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        let mut domain = app.domain.clone();
        domain.clock = budget_domain::Clock::fixed_on(day.parse().unwrap());
        budget_domain::forecast::history::sweep(&domain)
            .await
            .unwrap();
    }
    let path = format!("/api/v1/boards/{board}/budget/forecast/history");
    let items = three_in_two_pages(&app, &ann.token, &format!("{path}?limit=2")).await;
    assert_eq!(
        items.iter().map(|s| s["as_of"].clone()).collect::<Vec<_>>(),
        [
            json!("2026-11-23"),
            json!("2026-11-24"),
            json!("2026-11-25")
        ]
    );
}
