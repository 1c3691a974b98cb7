//! The per-task breakdown as a list of its own (`listTaskBreakdown`): its orders, its pages,
//! who sees what; and the analytics answer's cut of the overruns.

use serde_json::{json, Value};

use crate::analytics::board_with_progress;
use crate::support::*;

fn path(board: i64, query: &str) -> String {
    format!("/api/v1/boards/{board}/budget/analytics/tasks?{query}")
}

fn task_ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn analytics_tasks_come_in_each_order_asked() {
    let app = TestApp::spawn().await;
    let (ann, board, ids) = board_with_progress(&app).await;
    let (design, build, test) = (ids[0], ids[1], ids[2]);
    // Design: estimate 2,000, total 2,800, variance 800 (40 %), 30 h.
    // Build: estimate 5,000, total 1,534.56, variance −3,465.44 (−69.31 %), 4 h.
    // Test: no estimate, total 50, variance 50 (no percent), 0.50 h.
    for (sort, expected) in [
        ("", [design, build, test]),
        ("total", [test, build, design]),
        ("-total", [design, build, test]),
        ("variance", [build, test, design]),
        ("-variance", [design, test, build]),
        // Without an estimate there is no percent: last in both directions.
        ("variance_percent", [build, design, test]),
        ("-variance_percent", [design, build, test]),
        ("estimated", [test, design, build]),
        ("-estimated", [build, design, test]),
        ("hours", [test, build, design]),
        ("-hours", [design, build, test]),
        ("title", [build, design, test]),
        ("-title", [test, design, build]),
        ("id", [design, build, test]),
        ("-id", [test, build, design]),
    ] {
        let query = if sort.is_empty() {
            String::new()
        } else {
            format!("sort={sort}")
        };
        let page = app
            .get(&path(board, &query), &ann.token)
            .await
            .expect(200)
            .body;
        assert_eq!(task_ids(&page), expected, "sort={sort}");
        assert_eq!(page["total"], 3, "sort={sort}");
        assert_eq!(page.get("next_cursor"), None, "sort={sort}");
    }
    let first = app
        .get(&path(board, "sort=id&limit=1"), &ann.token)
        .await
        .expect(200)
        .body;
    let mut row = first["items"][0].clone();
    assert!(row["profitability"].is_object(), "{row}");
    row.as_object_mut().unwrap().remove("profitability");
    assert_eq!(
        row,
        json!({
            "task_id": design, "title": "Design", "status": "in_progress", "assignee_id": null, "progress": 50,
            "estimated": "2000.00", "labour": "2500.00", "direct": "300.00", "resource": "0.00",
            "total": "2800.00", "variance": "800.00", "variance_percent": "40.00", "hours": "30.00",
            "over_budget": true
        })
    );
}

#[tokio::test]
async fn analytics_tasks_page_on_with_the_next_cursor() {
    let app = TestApp::spawn().await;
    let (ann, board, ids) = board_with_progress(&app).await;
    let first = app
        .get(&path(board, "sort=-total&limit=2"), &ann.token)
        .await
        .expect(200);
    assert_eq!(task_ids(&first.body), [ids[0], ids[1]]);
    assert_eq!(first.body["total"], 3);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let link = first.header("link").unwrap();
    assert!(
        link.starts_with(&format!(
            "</api/v1/boards/{board}/budget/analytics/tasks?cursor="
        )) && link.contains("&sort=-total&limit=2>; rel=\"next\""),
        "{link}"
    );
    let second = app
        .get(
            &format!(
                "{}&cursor={}",
                path(board, "sort=-total&limit=2"),
                urlencoding(&cursor)
            ),
            &ann.token,
        )
        .await
        .expect(200);
    assert_eq!(task_ids(&second.body), [ids[2]]);
    assert_eq!(second.body["total"], 3);
    assert_eq!(second.body.get("next_cursor"), None);
    assert_eq!(second.header("link"), None);
    // A cursor belongs to its order.
    let refused = app
        .get(
            &format!(
                "{}&cursor={}",
                path(board, "sort=total&limit=2"),
                urlencoding(&cursor)
            ),
            &ann.token,
        )
        .await
        .expect_problem(422, "validation_failed");
    assert_eq!(refused.field_errors()[0].0, "cursor");
}

#[tokio::test]
async fn analytics_tasks_with_equal_figures_page_by_id_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Flat").await;
    let mut created = Vec::new();
    for title in ["e", "d", "c", "b", "a"] {
        created.push(app.task(&ann, board, title).await);
    }
    for sort in ["-total", "variance_percent", "-variance_percent", "hours"] {
        let mut seen = Vec::new();
        let mut next = Some(path(board, &format!("sort={sort}&limit=2")));
        while let Some(url) = next.take() {
            let page = app.get(&url, &ann.token).await.expect(200).body;
            seen.extend(task_ids(&page));
            next = page["next_cursor"].as_str().map(|cursor| {
                format!(
                    "{}&cursor={}",
                    path(board, &format!("sort={sort}&limit=2")),
                    urlencoding(cursor)
                )
            });
        }
        assert_eq!(seen, created, "sort={sort}");
    }
    let by_title = app
        .get(&path(board, "sort=title&limit=3"), &ann.token)
        .await
        .expect(200)
        .body;
    let reversed: Vec<i64> = created.iter().rev().take(3).copied().collect();
    assert_eq!(task_ids(&by_title), reversed);
}

#[tokio::test]
async fn analytics_tasks_refuse_a_bad_sort_limit_or_cursor() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    for (query, field) in [
        ("sort=cost", "sort"),
        ("sort=--total", "sort"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=garbage", "cursor"),
        ("sort=title&cursor=-total~1~5", "cursor"),
    ] {
        let response = app
            .get(&path(board, query), &ann.token)
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(response.field_errors()[0].0, field, "for {query}");
    }
}

#[tokio::test]
async fn analytics_tasks_show_viewers_and_editors_the_same_rows_and_margins_to_editors_only() {
    let app = TestApp::spawn().await;
    let (ann, board, _) = board_with_progress(&app).await;
    let vic = app.user("vic", None).await;
    let eve = app.user("eve", None).await;
    app.member(&ann, board, &vic, "viewer", None).await;
    app.member(&ann, board, &eve, "editor", None).await;
    let rows = |who: &User| {
        let app = &app;
        let token = who.token.clone();
        async move {
            app.get(&path(board, "sort=id"), &token)
                .await
                .expect(200)
                .body
        }
    };
    let seen_by_viewer = rows(&vic).await;
    let mut seen_by_editor = rows(&eve).await;
    for row in seen_by_viewer["items"].as_array().unwrap() {
        assert_eq!(row.get("profitability"), None, "{row}");
    }
    for row in seen_by_editor["items"].as_array_mut().unwrap() {
        let profitability = row
            .as_object_mut()
            .unwrap()
            .remove("profitability")
            .unwrap();
        assert_eq!(profitability["cost"], row["total"]);
    }
    assert_eq!(seen_by_editor, seen_by_viewer);
    assert_eq!(seen_by_viewer["total"], 3);
    // Someone who is not on the board sees nothing of it.
    let stranger = app.user("sam", None).await;
    app.get(&path(board, ""), &stranger.token)
        .await
        .expect_problem(403, "board_access_denied");
}

#[tokio::test]
async fn analytics_list_the_ten_largest_overruns_and_count_them_all() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Overrun").await;
    // Twelve tasks over their 100.00 estimate by 1.00 … 12.00, one within it.
    let mut over = Vec::new();
    for i in 1..=13 {
        let task = app.task(&ann, board, &format!("Task {i}")).await;
        let resource = if i == 13 { 90 } else { 100 + i };
        app.cost(
            &ann,
            board,
            task,
            json!({"estimated_cost": "100", "resource_cost": format!("{resource}.00")}),
        )
        .await
        .expect(200);
        over.push(task);
    }
    let a = app.analytics(&ann, board).await;
    assert_eq!(a["overrun_count"], 12);
    let listed: Vec<(i64, String)> = a["overruns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["task_id"].as_i64().unwrap(),
                o["variance"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(i64, String)> = (3..=12)
        .rev()
        .map(|i| (over[i - 1], format!("{i}.00")))
        .collect();
    assert_eq!(listed, expected);
    // The list of tasks has them all, in the same order.
    let by_variance = app
        .get(&path(board, "sort=-variance&limit=12"), &ann.token)
        .await
        .expect(200)
        .body;
    let mut all_over: Vec<i64> = over[..12].to_vec();
    all_over.reverse();
    assert_eq!(task_ids(&by_variance), all_over);
}

/// A cursor as a query value (cursors hold `~`, `-`, `.` and, by title, any text).
fn urlencoding(raw: &str) -> String {
    form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}

/// The analytics answer's size no longer grows with the board's tasks: at the benchmark's L
/// board (5,000 tasks, 100,000 entries) it stays under 50 KB, and a page of 50 tasks is small
/// too. Ignored by default (generating L takes a while); `ANALYTICS_BOARD_SIZE=S|M|L` picks
/// the board, L by default:
/// `cargo nextest run -p budget-api --run-ignored only -E 'test(analytics_of_a_benchmark_board)'`.
#[tokio::test]
#[ignore = "generates a benchmark board; run on demand"]
async fn analytics_of_a_benchmark_board_stay_under_50_kb() {
    use budget_seed::sized::{Size, OWNER, PASSWORD, PEOPLE};
    let size = match std::env::var("ANALYTICS_BOARD_SIZE").as_deref() {
        Ok("S") => Size::S,
        Ok("M") => Size::M,
        _ => Size::L,
    };
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
    let hash = budget_domain::auth::password::hash(PASSWORD).unwrap();
    let generated = budget_seed::generate::generate(&url, size, today(), &hash)
        .await
        .unwrap();
    let app = TestApp::spawn_on_database(Engine::Sqlite, url).await;
    let token = app
        .request(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": PEOPLE[OWNER].email, "password": PASSWORD})),
        )
        .await
        .expect(200)
        .body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let board = generated.board_id;
    let analytics = app
        .get(&format!("/api/v1/boards/{board}/budget/analytics"), &token)
        .await
        .expect(200);
    let page = app.get(&path(board, ""), &token).await.expect(200);
    let (analytics_bytes, page_bytes) = (analytics.text.len(), page.text.len());
    eprintln!(
        "{} tasks, {} entries: analytics {analytics_bytes} bytes, a page of 50 tasks {page_bytes} bytes",
        generated.tasks, generated.entries
    );
    assert_eq!(page.body["total"], generated.tasks as u64);
    assert!(analytics_bytes < 50_000, "{analytics_bytes} bytes");
}

#[tokio::test]
async fn analytics_tasks_are_filtered_by_status_assignee_and_title_before_paging() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let bob = app.user("bob", None).await;
    let board = app.board(&ann, "Launch").await;
    app.member(&ann, board, &bob, "editor", None).await;
    let mut ids = Vec::new();
    for (title, status, assignee) in [
        ("Design the LOGO", "todo", Some(ann.id)),
        ("Logo review", "in_progress", Some(bob.id)),
        ("Build 100% of it", "in_progress", None),
        ("Ship_it", "done", Some(ann.id)),
        ("Écrire le logo", "todo", None),
    ] {
        let task = app
            .post(
                &format!("/api/v1/boards/{board}/tasks"),
                &ann.token,
                json!({"title": title, "status": status, "assignee_id": assignee}),
            )
            .await
            .expect(201)
            .body;
        ids.push(task["id"].as_i64().unwrap());
    }
    let (design, review, build, ship, ecrire) = (ids[0], ids[1], ids[2], ids[3], ids[4]);
    let ann_id = ann.id;
    let bob_id = bob.id;
    for (query, expected) in [
        ("status=in_progress".to_owned(), vec![review, build]),
        (format!("assignee_id={ann_id}"), vec![design, ship]),
        (format!("assignee_id={bob_id}"), vec![review]),
        ("unassigned=true".to_owned(), vec![build, ecrire]),
        ("unassigned=false".to_owned(), ids.clone()),
        // A–Z without regard to case; other letters as they are.
        ("q=logo".to_owned(), vec![design, review, ecrire]),
        ("q=LoGo".to_owned(), vec![design, review, ecrire]),
        ("q=%C3%89crire".to_owned(), vec![ecrire]),
        ("q=%C3%A9crire".to_owned(), vec![]),
        // The wildcards of SQL's LIKE match only themselves.
        ("q=%25".to_owned(), vec![build]),
        ("q=_".to_owned(), vec![ship]),
        ("q=h_p".to_owned(), vec![]),
        ("q=".to_owned(), ids.clone()),
        // Every condition holds at once.
        (
            format!("q=logo&status=todo&assignee_id={ann_id}"),
            vec![design],
        ),
        ("q=logo&unassigned=true".to_owned(), vec![ecrire]),
    ] {
        let page = app
            .get(&path(board, &format!("sort=id&{query}")), &ann.token)
            .await
            .expect(200)
            .body;
        assert_eq!(task_ids(&page), expected, "{query}");
        assert_eq!(page["total"], expected.len(), "{query}");
    }
    // The filter holds across pages, in the order asked, and the total counts the filtered.
    let first = app
        .get(&path(board, "q=logo&sort=title&limit=2"), &ann.token)
        .await
        .expect(200)
        .body;
    assert_eq!(task_ids(&first), vec![design, review]);
    assert_eq!(first["total"], 3);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get(
            &path(
                board,
                &format!("q=logo&sort=title&limit=2&cursor={}", urlencoding(cursor)),
            ),
            &ann.token,
        )
        .await
        .expect(200)
        .body;
    // Byte order: "É" (0xC3…) after every ASCII letter.
    assert_eq!(task_ids(&second), vec![ecrire]);
    assert_eq!(second.get("next_cursor"), None);
}

#[tokio::test]
async fn analytics_tasks_refuse_contradictory_or_unreadable_filters() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", None).await;
    let board = app.board(&ann, "Launch").await;
    let long = "a".repeat(201);
    for (query, field) in [
        ("assignee_id=3&unassigned=true".to_owned(), "unassigned"),
        (format!("q={long}"), "q"),
        ("q=%E2%80%AEevil".to_owned(), "q"),
        ("status=started".to_owned(), "status"),
        ("assignee_id=x".to_owned(), "assignee_id"),
        ("unassigned=yes".to_owned(), "unassigned"),
    ] {
        let response = app
            .get(&path(board, &query), &ann.token)
            .await
            .expect_problem(422, "validation_failed");
        assert_eq!(response.field_errors()[0].0, field, "for {query}");
    }
    // 200 characters is the limit, not past it.
    app.get(&path(board, &format!("q={}", "a".repeat(200))), &ann.token)
        .await
        .expect(200);
}

/// A task's revenue on its row is what it bills: its billable labour and its billable expenses,
/// each from the task's running sums.
#[tokio::test]
async fn a_tasks_revenue_is_its_billable_labour_and_expenses() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("50.00")).await;
    let board = app.board(&ann, "Revenue").await;
    let task = app.task(&ann, board, "Work").await;
    let other = app.task(&ann, board, "Other").await;
    app.billable_rate(&ann, board, "2026-01-01", "120.00").await;
    // 2 h: cost 100.00, billed 240.00; on the other task, 1 h: 50.00 and 120.00.
    app.log(&ann, board, task, "2.00", "2026-11-20")
        .await
        .expect(201);
    app.log(&ann, board, other, "1.00", "2026-11-20")
        .await
        .expect(201);
    for (amount, billable) in [("40.00", true), ("10.00", false)] {
        app.expense(
            &ann,
            board,
            task,
            json!({"category": "travel", "amount": amount, "is_billable": billable}),
        )
        .await
        .expect(201);
    }
    let rows = app
        .get(&path(board, "sort=id"), &ann.token)
        .await
        .expect(200)
        .body;
    let line = |row: &Value| {
        let p = &row["profitability"];
        [
            &p["revenue"],
            &p["cost"],
            &p["profit"],
            &p["margin_percent"],
        ]
        .map(|v| v.clone())
    };
    assert_eq!(rows["items"][0]["task_id"], task);
    // Revenue 240.00 + 40.00; cost 100.00 + 40.00 + 10.00; profit 130.00; margin 46.43 %.
    assert_eq!(
        line(&rows["items"][0]),
        [
            json!("280.00"),
            json!("150.00"),
            json!("130.00"),
            json!("46.43")
        ]
    );
    assert_eq!(
        line(&rows["items"][1]),
        [
            json!("120.00"),
            json!("50.00"),
            json!("70.00"),
            json!("58.33")
        ]
    );
}
