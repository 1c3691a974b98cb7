//! Serves the built web app (Trunk's `dist/`) at `/`, so one origin serves app and API. Paths
//! that are not files fall back to `index.html`, letting the app's router handle deep links.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::{web, HttpResponse};

pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    let index = dist.join("index.html");
    if !index.is_file() {
        tracing::warn!(dir = %dist.display(), "web app not built; serving a notice at /");
        cfg.default_service(web::to(not_built));
        return;
    }
    let fallback: PathBuf = index.clone();
    cfg.service(
        Files::new("/", dist)
            .index_file("index.html")
            .default_handler(fn_service(move |req: ServiceRequest| {
                let fallback = fallback.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let response = NamedFile::open(&fallback)
                        .map(|file| file.into_response(&req))
                        .unwrap_or_else(|_| HttpResponse::NotFound().finish());
                    Ok(ServiceResponse::new(req, response))
                }
            })),
    );
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
