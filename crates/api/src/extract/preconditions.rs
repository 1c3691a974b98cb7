//! Conditional-request headers: `If-Match` / `ETag` on every versioned resource, and
//! `If-None-Match` on metrics.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
pub use budget_domain::precondition::{etag as version_etag, Expected};

/// What `If-Match` asks of a resource of `kind`, with the semantics of RFC 9110: no header,
/// an unconditional write; `*`, the resource must exist; otherwise a comma-separated list of
/// entity tags compared strongly (a weak tag `W/"…"` never matches, nor does a tag that is not
/// one of this kind's version tags), and the write happens only at one of the listed versions.
pub fn if_match(req: &HttpRequest, kind: &str) -> Expected {
    let mut values = req.headers().get_all(header::IF_MATCH).peekable();
    if values.peek().is_none() {
        return Expected::Anything;
    }
    let mut versions = Vec::new();
    for value in values {
        let Ok(value) = value.to_str() else {
            continue;
        };
        for tag in entity_tags(value) {
            match tag {
                Tag::Any => return Expected::Exists,
                Tag::Weak => {}
                Tag::Strong(opaque) => {
                    if let Some(version) = version_of(opaque, kind) {
                        versions.push(version);
                    }
                }
            }
        }
    }
    Expected::OneOf(versions)
}

/// One element of an `If-Match` list.
#[derive(Debug, PartialEq, Eq)]
enum Tag<'a> {
    Any,
    Weak,
    /// The opaque tag between the quotes.
    Strong(&'a str),
}

/// The elements of a comma-separated entity-tag list; malformed elements are left out (they
/// can match nothing).
fn entity_tags(value: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return tags;
        }
        let (weak, body) = match rest.strip_prefix("W/") {
            Some(body) => (true, body),
            None => (false, rest),
        };
        if let Some(after) = body.strip_prefix('*').filter(|_| !weak) {
            tags.push(Tag::Any);
            rest = after;
            continue;
        }
        let Some(quoted) = body.strip_prefix('"') else {
            // Not a tag: skip to the next element.
            rest = body.split_once(',').map_or("", |(_, after)| after);
            continue;
        };
        let Some((opaque, after)) = quoted.split_once('"') else {
            return tags;
        };
        tags.push(if weak { Tag::Weak } else { Tag::Strong(opaque) });
        rest = after;
    }
}

/// The version an opaque tag `<kind>-v<version>` names, if it is one of `kind`'s.
fn version_of(opaque: &str, kind: &str) -> Option<i64> {
    opaque
        .strip_prefix(kind)?
        .strip_prefix("-v")?
        .parse()
        .ok()
        .filter(|version: &i64| *version >= 0)
}

/// A JSON answer with the `ETag` of the resource's version.
pub fn with_etag(
    mut response: HttpResponseBuilder,
    kind: &str,
    version: i64,
    body: &impl serde::Serialize,
) -> HttpResponse {
    response
        .insert_header((header::ETAG, version_etag(kind, version)))
        .json(body)
}

/// True when `If-None-Match` names this ETag (or `*`): the client's copy is current.
pub fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|tag| tag.trim().trim_start_matches("W/"))
                .any(|tag| tag == etag || tag == "*")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn expected(values: &[&str]) -> Expected {
        let mut req = TestRequest::default();
        for value in values {
            req = req.append_header((header::IF_MATCH, *value));
        }
        if_match(&req.to_http_request(), "budget")
    }

    #[test]
    fn if_match_reads_our_version_tags() {
        assert_eq!(expected(&["\"budget-v7\""]), Expected::OneOf(vec![7]));
        assert_eq!(expected(&["*"]), Expected::Exists);
        assert_eq!(expected(&["\"something-else\""]), Expected::OneOf(vec![]));
        assert_eq!(expected(&[]), Expected::Anything);
    }

    #[test]
    fn if_match_takes_lists_and_compares_strongly() {
        assert_eq!(
            expected(&["\"budget-v1\", \"task-v2\",\"budget-v3\""]),
            Expected::OneOf(vec![1, 3])
        );
        assert_eq!(
            expected(&["\"budget-v1\"", "\"budget-v2\""]),
            Expected::OneOf(vec![1, 2])
        );
        assert_eq!(expected(&["W/\"budget-v7\""]), Expected::OneOf(vec![]));
        assert_eq!(
            expected(&["W/\"budget-v7\", \"budget-v8\""]),
            Expected::OneOf(vec![8])
        );
        assert_eq!(
            expected(&["garbage, \"budget-v2\""]),
            Expected::OneOf(vec![2])
        );
        assert_eq!(
            expected(&["\"budget-v-1\"", "\"budget-v\""]),
            Expected::OneOf(vec![])
        );
        assert_eq!(expected(&["\"budget-v1\", *"]), Expected::Exists);
    }

    #[test]
    fn if_none_match_compares_tags() {
        let req = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "\"a\", \"b\""))
            .to_http_request();
        assert!(not_modified(&req, "\"b\""));
        assert!(!not_modified(&req, "\"c\""));
    }
}
