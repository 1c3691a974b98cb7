//! Serves the built web app (Trunk's `dist/`) at `/`, so one origin serves app and API. Paths
//! that are not files fall back to `index.html`, letting the app's router handle deep links;
//! a content-named path that is not a file is not found (an asset of another build).
//!
//! Caching: the build names the app's assets after their content (`frontend-<hash>.js`,
//! `…_bg.wasm`, each screen's modules), so a browser may keep them for a year without asking
//! again; `index.html`, which names the current assets, and every other file are revalidated on
//! each use (`no-cache`).
//!
//! Compression: a content-named file is compressed once (brotli and gzip), kept in memory and
//! sent in the encoding the client prefers; compressing the megabytes of the wasm module again
//! for every request would cost far more than sending it. Everything else is compressed per
//! answer by the app's `Compress` middleware.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use actix_files::{Files, NamedFile};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, Error, HttpResponse};
use tokio::sync::OnceCell;

/// For a file named after its content: it never changes under that name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For `index.html` and anything else: the browser checks it is current before using a copy.
const REVALIDATE: &str = "no-cache";
/// The length of the content hash Trunk puts in an asset's name.
const HASH_HEX_DIGITS: usize = 16;

pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    let index = dist.join("index.html");
    if !index.is_file() {
        tracing::warn!(dir = %dist.display(), "web app not built; serving a notice at /");
        cfg.default_service(web::to(not_built));
        return;
    }
    let fallback: PathBuf = index.clone();
    compress_ahead(dist);
    cfg.service(
        web::scope("")
            .app_data(web::Data::new(AssetDir(dist.to_path_buf())))
            .wrap(from_fn(cache_policy))
            .service(
                Files::new("/", dist)
                    .index_file("index.html")
                    .default_handler(fn_service(move |req: ServiceRequest| {
                        let fallback = fallback.clone();
                        async move {
                            let (req, _) = req.into_parts();
                            // A content-named file that is not here is an asset of another
                            // build (a page opened before an update asks for a screen's module
                            // by its old name): not found, so the app can say so, rather than
                            // this page under the asset's name.
                            if is_content_named(req.path()) {
                                return Ok(ServiceResponse::new(
                                    req,
                                    HttpResponse::NotFound().finish(),
                                ));
                            }
                            let mut response = NamedFile::open(&fallback)
                                .map(|file| file.into_response(&req))
                                .unwrap_or_else(|_| HttpResponse::NotFound().finish());
                            // Whatever the path looks like, this is index.html.
                            response.headers_mut().insert(
                                header::CACHE_CONTROL,
                                HeaderValue::from_static(REVALIDATE),
                            );
                            Ok(ServiceResponse::new(req, response))
                        }
                    })),
            ),
    );
}

/// Sets how long a browser may keep a file it was sent (see the module's documentation), and
/// sends a content-named file from its kept compressed forms when the client takes one.
async fn cache_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let hashed = is_content_named(req.path());
    if hashed {
        if let Some(response) = precompressed(&req).await {
            let (req, _) = req.into_parts();
            return Ok(ServiceResponse::new(req, response));
        }
    }
    let mut response = next.call(req).await?.map_into_boxed_body();
    let status = response.status();
    let served = status.is_success() || status == actix_web::http::StatusCode::NOT_MODIFIED;
    if served && !response.headers().contains_key(header::CACHE_CONTROL) {
        let policy = if hashed { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    Ok(response)
}

/// The folder the web app is served from.
struct AssetDir(PathBuf);

/// A file's compressed forms.
struct Compressed {
    brotli: web::Bytes,
    gzip: web::Bytes,
}

/// Encodings a content-named file is kept in, the client's preference first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }
}

/// The kept encoding a request's `Accept-Encoding` takes: brotli, the smaller, when offered,
/// else gzip; none for anything else (or `q=0`).
fn accepted(headers: &actix_web::http::header::HeaderMap) -> Option<Encoding> {
    let offered: Vec<String> = headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next()?.to_ascii_lowercase();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(name)
        })
        .collect();
    [Encoding::Brotli, Encoding::Gzip]
        .into_iter()
        .find(|encoding| offered.iter().any(|name| name == encoding.name()))
}

/// Every content-named file compressed so far, by path; such a file never changes under its
/// name, so an entry stays valid for as long as the process runs.
fn kept() -> &'static Mutex<HashMap<PathBuf, Arc<OnceCell<Compressed>>>> {
    static KEPT: OnceLock<Mutex<HashMap<PathBuf, Arc<OnceCell<Compressed>>>>> = OnceLock::new();
    KEPT.get_or_init(Mutex::default)
}

/// A content-named file's kept compressed forms, compressing it if it is not yet; `None` when it
/// is no file (or cannot be read).
async fn compressed_once(file: PathBuf) -> Option<Arc<OnceCell<Compressed>>> {
    let ready = kept()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&file)
        .filter(|cell| cell.initialized())
        .cloned();
    if ready.is_some() {
        return ready;
    }
    // Only a file that exists gets an entry, so made-up names cannot grow the map.
    if !file.is_file() {
        return None;
    }
    let cell = kept()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(file.clone())
        .or_default()
        .clone();
    let source = file.clone();
    cell.get_or_try_init(|| async move {
        web::block(move || compress(&source))
            .await
            .map_err(|err| std::io::Error::other(err.to_string()))?
    })
    .await
    .inspect_err(|err| tracing::warn!(file = %file.display(), %err, "web app file not compressed"))
    .ok()?;
    Some(cell)
}

/// Compresses the folder's content-named files in the background as the server starts, so that
/// the first browser to ask finds them ready.
fn compress_ahead(dist: &Path) {
    let files: Vec<PathBuf> = std::fs::read_dir(dist)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.file_name()
                        .and_then(|name| name.to_str())
                        .is_some_and(|name| is_content_named(&format!("/{name}")))
                })
                .collect()
        })
        .unwrap_or_default();
    actix_web::rt::spawn(async move {
        for file in files {
            compressed_once(file).await;
        }
    });
}

/// The answer for a content-named file from its kept compressed form, compressing it on its
/// first request; `None` leaves the request to the files service (a client that takes neither
/// encoding, a range or conditional request, a file that does not exist).
async fn precompressed(req: &ServiceRequest) -> Option<HttpResponse> {
    let encoding = accepted(req.headers())?;
    let plain_get = req.method() == actix_web::http::Method::GET
        && !req.headers().contains_key(header::RANGE)
        && !req.headers().contains_key(header::IF_NONE_MATCH)
        && !req.headers().contains_key(header::IF_MODIFIED_SINCE);
    // Trunk writes its assets at the top of its folder.
    let name = req.path().strip_prefix('/')?;
    if !plain_get || name.contains('/') {
        return None;
    }
    let file = req.app_data::<web::Data<AssetDir>>()?.0.join(name);
    let cell = compressed_once(file.clone()).await?;
    let compressed = cell.get()?;
    let body = match encoding {
        Encoding::Brotli => compressed.brotli.clone(),
        Encoding::Gzip => compressed.gzip.clone(),
    };
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    Some(
        HttpResponse::Ok()
            .content_type(actix_files::file_extension_to_mime(extension))
            .insert_header((header::CONTENT_ENCODING, encoding.name()))
            .insert_header((header::VARY, "accept-encoding"))
            .insert_header((header::CACHE_CONTROL, IMMUTABLE))
            .body(body),
    )
}

/// Brotli quality for the kept files: compressed once, so well, but not at the slowest levels.
const BROTLI_QUALITY: u32 = 5;
/// Brotli's window (log2 of its size in bytes), its usual 4 MiB.
const BROTLI_WINDOW: u32 = 22;

fn compress(file: &Path) -> std::io::Result<Compressed> {
    let plain = std::fs::read(file)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&plain)?;
    let gzip = gzip.finish()?;
    let mut brotli =
        brotli::CompressorWriter::new(Vec::new(), 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW);
    brotli.write_all(&plain)?;
    brotli.flush()?;
    let brotli = brotli.into_inner();
    Ok(Compressed {
        brotli: brotli.into(),
        gzip: gzip.into(),
    })
}

/// Whether the file a path names carries its content's hash, as Trunk names assets:
/// `name-<16 hex digits>.ext`, or `name-<16 hex digits>_suffix.ext` (the wasm module).
fn is_content_named(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = file.split_once('.') else {
        return false;
    };
    let Some((_name, tail)) = stem.rsplit_once('-') else {
        return false;
    };
    let hash = tail.split_once('_').map_or(tail, |(hash, _suffix)| hash);
    hash.len() == HASH_HEX_DIGITS
        && hash
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

async fn not_built() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(
            "<!doctype html><title>Budget &amp; ROI Tracker</title>\
         <p>The web app is not built. Run <code>scripts/run</code> (or \
         <code>scripts/build-frontend.sh</code>) and restart. The API is at \
         <a href=\"/api/docs/\">/api/docs/</a>.</p>",
        )
}

#[cfg(test)]
mod tests {
    use super::{accepted, is_content_named, Encoding};
    use actix_web::http::header::{HeaderMap, HeaderValue, ACCEPT_ENCODING};

    fn offer(value: &str) -> Option<Encoding> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        accepted(&headers)
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_a_zero_quality_refuses() {
        assert_eq!(offer("gzip, deflate, br, zstd"), Some(Encoding::Brotli));
        assert_eq!(offer("gzip"), Some(Encoding::Gzip));
        assert_eq!(offer("br;q=0, gzip;q=0.5"), Some(Encoding::Gzip));
        assert_eq!(offer("BR"), Some(Encoding::Brotli));
        assert_eq!(offer("gzip;q=0"), None);
        assert_eq!(offer("identity"), None);
        assert_eq!(offer("deflate, zstd"), None);
        assert_eq!(accepted(&HeaderMap::new()), None);
    }

    #[test]
    fn trunk_asset_names_are_content_named_and_others_are_not() {
        assert!(is_content_named("/frontend-60299e1d014bce95.js"));
        assert!(is_content_named("/frontend-60299e1d014bce95_bg.wasm"));
        assert!(is_content_named("/styles-0123456789abcdef.css"));
        assert!(!is_content_named("/"));
        assert!(!is_content_named("/index.html"));
        assert!(!is_content_named("/boards/7"));
        assert!(!is_content_named("/favicon.ico"));
        assert!(!is_content_named("/frontend-60299E1D014BCE95.js"));
        assert!(!is_content_named("/frontend-60299e1d014bce9.js"));
        assert!(!is_content_named("/frontend-60299e1d014bce95"));
    }
}
