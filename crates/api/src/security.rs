//! Browser-facing protections: the security headers on every response, and CORS.
//!
//! The Content-Security-Policy lets the web app load only from its own origin. Trunk puts one
//! inline module script in `index.html` (it loads the wasm); rather than allowing every inline
//! script, the policy names that script by its SHA-256, read from the built `index.html` when the
//! server starts. WebAssembly compilation needs `'wasm-unsafe-eval'`; the app's stylesheet is
//! inline. Swagger UI at `/api/docs/` gets its own policy: its scripts are files, but it styles
//! elements inline and draws icons from `data:` URLs.
//!
//! CORS is closed unless `CORS_ALLOWED_ORIGINS` lists origins: the web app is served from the
//! API's own origin and needs none.

use std::path::Path;

use actix_cors::Cors;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, Uri};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The path prefix of the interactive API docs, which get [`DOCS_CSP`].
const DOCS_PREFIX: &str = "/api/docs";

const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers added to every response, built once at start-up.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    app_csp: HeaderValue,
    docs_csp: HeaderValue,
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    /// The policy for the web app built in `dist` (its inline scripts hashed), and HSTS when
    /// `hsts_max_age_secs` is not 0.
    pub fn new(dist: &Path, hsts_max_age_secs: u64) -> anyhow::Result<Self> {
        let inline_hashes = std::fs::read_to_string(dist.join("index.html"))
            .map(|html| inline_script_hashes(&html))
            .unwrap_or_default();
        let app_csp = app_policy(&inline_hashes);
        let hsts = (hsts_max_age_secs > 0)
            .then(|| format!("max-age={hsts_max_age_secs}; includeSubDomains"))
            .map(HeaderValue::try_from)
            .transpose()?;
        Ok(Self {
            app_csp: HeaderValue::try_from(app_csp)?,
            docs_csp: HeaderValue::from_static(DOCS_CSP),
            hsts,
        })
    }

    /// Sets the headers on a response to a request for `path`.
    pub fn apply(&self, path: &str, headers: &mut HeaderMap) {
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        let csp = if path == DOCS_PREFIX || path.starts_with("/api/docs/") {
            &self.docs_csp
        } else {
            &self.app_csp
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
        if let Some(hsts) = &self.hsts {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
        }
    }
}

fn app_policy(inline_script_hashes: &[String]) -> String {
    let mut script_src = "'self' 'wasm-unsafe-eval'".to_owned();
    for hash in inline_script_hashes {
        script_src.push_str(&format!(" 'sha256-{hash}'"));
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Base64 SHA-256 of the text of every `<script>` element without a `src` attribute, as a
/// CSP hash source expects it.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| at + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        let attributes = &lower[start + "<script".len()..tag_end];
        if !attributes.contains("src=") {
            let text = &html[tag_end + 1..close];
            hashes.push(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text)));
        }
        at = close;
    }
    hashes
}

/// The allow-list as origins (`scheme://host[:port]`), refusing anything else at start-up.
pub fn check_origins(origins: &[String]) -> anyhow::Result<()> {
    for origin in origins {
        let uri: Uri = origin.parse().map_err(|err| {
            anyhow::anyhow!("CORS_ALLOWED_ORIGINS: {origin:?} is not a URL: {err}")
        })?;
        let plain = matches!(uri.scheme_str(), Some("http" | "https"))
            && uri.host().is_some()
            && uri.path_and_query().is_none_or(|p| p.as_str() == "/");
        if !plain {
            anyhow::bail!(
                "CORS_ALLOWED_ORIGINS: {origin:?} must be an origin like https://app.example.com"
            );
        }
    }
    Ok(())
}

/// CORS for the listed origins: the API's methods, the headers its clients send, and the ones
/// they may read. No credentials: the API authenticates with bearer tokens, not cookies.
pub fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            HeaderName::from_static("idempotency-key"),
            crate::observability::REQUEST_ID_HEADER,
        ])
        .expose_headers([
            header::ETAG,
            header::LINK,
            header::LOCATION,
            header::RETRY_AFTER,
            HeaderName::from_static("idempotent-replayed"),
            crate::observability::REQUEST_ID_HEADER,
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = "<head><script src=\"/a.js\"></script>\
            <SCRIPT type=\"module\">alert(1)</SCRIPT></head>";
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            inline_script_hashes(html),
            vec!["bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=".to_owned()]
        );
        assert!(app_policy(&inline_script_hashes(html))
            .contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"));
    }

    #[test]
    fn only_origins_are_allowed_in_the_list() {
        assert!(check_origins(&["https://app.example.com".to_owned()]).is_ok());
        assert!(check_origins(&["http://localhost:3000".to_owned()]).is_ok());
        assert!(check_origins(&["*".to_owned()]).is_err());
        assert!(check_origins(&["app.example.com".to_owned()]).is_err());
        assert!(check_origins(&["https://app.example.com/path".to_owned()]).is_err());
    }
}
