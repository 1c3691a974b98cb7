//! Nothing is lost: concurrent writers on one task end with every entry and the exact sum.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn sixteen_clients_logging_fifty_entries_each_lose_nothing() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Busy task").await;
    app.budget(&ann, board, json!({"allocated_budget": "100000"}))
        .await
        .expect(201);
    // Sixteen people (the daily limit is per person), each at a different odd rate so any lost
    // or doubled entry would show in the sum.
    let mut people = Vec::new();
    for i in 0..16 {
        let person = app.user(&format!("p{i}"), None).await;
        app.member(
            &ann,
            board,
            &person,
            "editor",
            Some(&format!("{}.37", 40 + i)),
        )
        .await;
        people.push(person);
    }
    let url = format!(
        "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
        app.base
    );
    let clients = people.iter().enumerate().map(|(i, person)| {
        let client = reqwest::Client::new();
        let url = url.clone();
        let token = person.token.clone();
        async move {
            for n in 0..50 {
                // Spread over days so nobody reaches 24 h on one day: 0.25 h × 50 = 12.5 h.
                let day = 1 + (n % 20);
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"hours": "0.25", "work_date": format!("2026-11-{day:02}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(
                    response.status().as_u16(),
                    201,
                    "client {i} entry {n}: {}",
                    response.text().await.unwrap()
                );
            }
        }
    });
    futures_util::future::join_all(clients).await;

    // Expected: each person logs 12.50 h at (40 + i).37; labour = 12.5 × rate.
    let mut expected_cents: i64 = 0;
    for i in 0..16 {
        let rate_cents = (40 + i) * 100 + 37;
        for _ in 0..50 {
            // 0.25 × rate, rounded half-to-even to the cent, per entry.
            let exact = rate_cents * 25; // in 1/10,000 of a currency unit
            let (whole, rest) = (exact / 100, exact % 100);
            let rounded = if rest > 50 || (rest == 50 && whole % 2 == 1) {
                whole + 1
            } else {
                whole
            };
            expected_cents += rounded;
        }
    }
    let m = app.metrics(&ann, board).await;
    assert_eq!(m["spent_hours"], "200.00");
    let expected = format!("{}.{:02}", expected_cents / 100, expected_cents % 100);
    assert_eq!(m["spent"], expected);
    let mut count = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/boards/{board}/time-entries?limit=500&cursor={c}"),
            None => format!("/api/v1/boards/{board}/time-entries?limit=500"),
        };
        let page = app.get(&path, &ann.token).await.expect(200);
        count += page.body["items"].as_array().unwrap().len();
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(count, 800);
}

#[tokio::test]
async fn concurrent_entries_of_one_person_never_pass_24_hours_a_day() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("10.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Busy task").await;
    let url = format!(
        "{}/api/v1/boards/{board}/tasks/{task}/time-entries",
        app.base
    );
    // Ten concurrent 3-hour entries on one day: exactly eight fit.
    let requests = (0..10).map(|_| {
        app.client
            .post(&url)
            .bearer_auth(&ann.token)
            .json(&json!({"hours": "3.00", "work_date": "2026-11-25"}))
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        8,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(app.metrics(&ann, board).await["spent_hours"], "24.00");
}
