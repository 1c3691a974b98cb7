//! Serves the built web app (Trunk's `dist/`) at `/`, so one origin serves app and API. Paths
//! that are not files fall back to `index.html`, letting the app's router handle deep links.
//!
//! Caching: Trunk names the app's assets after their content (`frontend-<hash>.js`,
//! `…_bg.wasm`), so a browser may keep them for a year without asking again; `index.html`, which
//! names the current assets, and every other file are revalidated on each use (`no-cache`).

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, Error, HttpResponse};

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
    cfg.service(
        web::scope("").wrap(from_fn(cache_policy)).service(
            Files::new("/", dist)
                .index_file("index.html")
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let fallback = fallback.clone();
                    async move {
                        let (req, _) = req.into_parts();
                        let mut response = NamedFile::open(&fallback)
                            .map(|file| file.into_response(&req))
                            .unwrap_or_else(|_| HttpResponse::NotFound().finish());
                        // Whatever the path looks like, this is index.html.
                        response
                            .headers_mut()
                            .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
                        Ok(ServiceResponse::new(req, response))
                    }
                })),
        ),
    );
}

/// Sets how long a browser may keep a file it was sent (see the module's documentation).
async fn cache_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let hashed = is_content_named(req.path());
    let mut response = next.call(req).await?;
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
    use super::is_content_named;

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
