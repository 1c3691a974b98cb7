//! On the wire: answers are compressed (brotli or gzip) when the client asks, to exactly the
//! bytes they would have been, with `Vary: Accept-Encoding`; a client that does not ask gets
//! them as they are. The web app's content-named assets may be kept for a year; `index.html`
//! (and every deep link, which is `index.html`) is revalidated on each use.

use std::io::Read;

use reqwest::header::HeaderMap;

use crate::support::*;

/// A GET whose body is read as sent (this client decodes nothing): (status, headers, bytes).
async fn get_raw(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    accept_encoding: Option<&str>,
) -> (u16, HeaderMap, Vec<u8>) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(encoding) = accept_encoding {
        request = request.header("Accept-Encoding", encoding);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap().to_vec();
    (status, headers, body)
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
}

fn varies_on_accept_encoding(headers: &HeaderMap) -> bool {
    headers.get_all("vary").iter().any(|value| {
        value
            .to_str()
            .unwrap()
            .split(',')
            .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding"))
    })
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// `path` as sent to a client that asks for nothing, and compressed for one asking for brotli
/// and for gzip, each decoding to exactly the same bytes. Returns the plain bytes and headers.
async fn assert_compressed_on_request(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
) -> (Vec<u8>, HeaderMap) {
    let (status, plain_headers, plain) = get_raw(app, path, token, None).await;
    assert_eq!(status, 200, "{path}");
    assert_eq!(header(&plain_headers, "content-encoding"), None, "{path}");
    assert!(!plain.is_empty(), "{path}");

    let (status, headers, br) = get_raw(app, path, token, Some("br")).await;
    assert_eq!(status, 200, "{path}");
    assert_eq!(
        header(&headers, "content-encoding").as_deref(),
        Some("br"),
        "{path}"
    );
    assert!(varies_on_accept_encoding(&headers), "{path}: {headers:?}");
    assert_eq!(
        unbrotli(&br),
        plain,
        "{path}: brotli decodes to the plain bytes"
    );

    let (status, headers, gz) = get_raw(app, path, token, Some("gzip")).await;
    assert_eq!(status, 200, "{path}");
    assert_eq!(
        header(&headers, "content-encoding").as_deref(),
        Some("gzip"),
        "{path}"
    );
    assert!(varies_on_accept_encoding(&headers), "{path}: {headers:?}");
    assert_eq!(
        gunzip(&gz),
        plain,
        "{path}: gzip decodes to the plain bytes"
    );

    // A browser's usual offer gets brotli, the smaller of the two.
    let (_, headers, _) = get_raw(app, path, token, Some("gzip, deflate, br, zstd")).await;
    assert_eq!(
        header(&headers, "content-encoding").as_deref(),
        Some("br"),
        "{path}"
    );
    (plain, plain_headers)
}

#[tokio::test]
async fn json_and_csv_answers_are_compressed_when_asked_and_decode_to_the_same_bytes() {
    let app = TestApp::spawn().await;
    let ann = app.user("ann", Some("60.00")).await;
    let board = app.board(&ann, "Launch").await;
    let task = app.task(&ann, board, "Landing page").await;
    for (hours, day) in [
        ("2.00", TODAY),
        ("0.50", "2026-11-24"),
        ("1.25", "2026-11-23"),
    ] {
        app.log(&ann, board, task, hours, day).await.expect(201);
    }

    let (json, headers) = assert_compressed_on_request(
        &app,
        &format!("/api/v1/boards/{board}/time-entries"),
        Some(&ann.token),
    )
    .await;
    assert!(header(&headers, "content-type")
        .unwrap()
        .starts_with("application/json"));
    let page: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 3, "{page}");

    let (csv, headers) = assert_compressed_on_request(
        &app,
        &format!("/api/v1/boards/{board}/time-entries.csv"),
        Some(&ann.token),
    )
    .await;
    assert!(header(&headers, "content-type")
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 4);

    // A problem answer is compressed the same way, its status kept.
    let (status, headers, body) = get_raw(
        &app,
        "/api/v1/no-such-route",
        Some(&ann.token),
        Some("gzip"),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        header(&headers, "content-encoding").as_deref(),
        Some("gzip")
    );
    let problem: serde_json::Value = serde_json::from_slice(&gunzip(&body)).unwrap();
    assert_eq!(problem["status"], 404, "{problem}");
}

#[tokio::test]
async fn content_named_assets_are_kept_a_year_and_index_html_is_revalidated() {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><html><head><link rel=\"modulepreload\" \
                 href=\"/frontend-0123456789abcdef.js\"></head><body></body></html>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    let script = "export default function init() { return 'the app'; }\n".repeat(200);
    std::fs::write(dist.path().join("frontend-0123456789abcdef.js"), &script).unwrap();
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|n| (n % 7) as u8))
        .collect();
    std::fs::write(dist.path().join("frontend-0123456789abcdef_bg.wasm"), &wasm).unwrap();
    std::fs::write(dist.path().join("robots.txt"), "User-agent: *\n").unwrap();
    let dir = dist.path().display().to_string();
    let app = TestApp::spawn_configured(engine(), move |s| s.web_dist_dir = dir).await;

    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    for (path, expected) in [
        ("/frontend-0123456789abcdef.js", script.as_bytes()),
        ("/frontend-0123456789abcdef_bg.wasm", wasm.as_slice()),
    ] {
        let (plain, headers) = assert_compressed_on_request(&app, path, None).await;
        assert_eq!(plain, expected, "{path}");
        assert_eq!(
            header(&headers, "cache-control").as_deref(),
            Some(IMMUTABLE),
            "{path}"
        );
        let (_, headers, _) = get_raw(&app, path, None, Some("br")).await;
        assert_eq!(
            header(&headers, "cache-control").as_deref(),
            Some(IMMUTABLE),
            "{path}"
        );
    }
    let (_, headers, _) = get_raw(&app, "/frontend-0123456789abcdef_bg.wasm", None, None).await;
    assert_eq!(
        header(&headers, "content-type").as_deref(),
        Some("application/wasm")
    );

    // index.html, by any of its names, and a deep link (which is index.html) are revalidated;
    // so is a file whose name does not change with its content.
    for path in ["/", "/index.html", "/boards/7/budget"] {
        let (plain, headers) = assert_compressed_on_request(&app, path, None).await;
        assert_eq!(String::from_utf8(plain).unwrap(), index, "{path}");
        assert_eq!(
            header(&headers, "cache-control").as_deref(),
            Some("no-cache"),
            "{path}"
        );
    }
    // An asset of another build (a page opened before an update asks for a screen's module by
    // its old name) is not found: not index.html under the module's name, and not kept.
    for path in [
        "/frontend-fedcba9876543210.js",
        "/split_tasks_screen-fedcba9876543210.wasm",
    ] {
        let (status, headers, body) = get_raw(&app, path, None, None).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.is_empty(), "{path}");
        assert_eq!(header(&headers, "cache-control"), None, "{path}");
    }
    let (status, headers, _) = get_raw(&app, "/robots.txt", None, Some("gzip")).await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "cache-control").as_deref(),
        Some("no-cache")
    );
}
