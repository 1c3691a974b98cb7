//! Shared answers written as JSON once.
//!
//! The read cache hands every reader of a board's revision the same answer (one `Arc`). The
//! analytics answer has a row for every day of its trend (some 40 KB at a year), and writing it
//! for each reader cost more than the rest of the request; the metrics, read most often, are
//! small but as often written. Here an answer's JSON is kept beside it, written by the first
//! reader of each way it is shown (a viewer's answer leaves out the margins) and served as
//! bytes to the others.
//!
//! An entry is keyed by the answer's allocation and keeps that allocation alive, so the key
//! cannot name another answer while the entry lives. Entries go when their weight bound is
//! reached, least recently used first; a new revision's answer is a new allocation, so an
//! encoding is never served for another revision.

use std::sync::Arc;

use actix_web::http::header::ContentType;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use budget_domain::access::BoardAccess;
use budget_domain::metrics::may_see_margins;
use serde::Serialize;

use crate::problem::{ApiError, ApiResult};

/// The most JSON kept, in bytes: some hundred analytics answers of a year's trend.
const CAPACITY_BYTES: u64 = 4 << 20;
/// Entries at most (the cache's sizing hint).
const CAPACITY_ENTRIES: usize = 1_024;

/// Which answer, and which way it is shown.
type Key = (usize, u8);

struct Entry<V> {
    /// Keeps the answer, and so its address, alive while its encoding is kept.
    _answer: Arc<V>,
    json: Bytes,
}

impl<V> Clone for Entry<V> {
    fn clone(&self) -> Self {
        Self {
            _answer: Arc::clone(&self._answer),
            json: self.json.clone(),
        }
    }
}

#[derive(Clone, Copy, Default)]
struct ByLength;

impl<V> quick_cache::Weighter<Key, Entry<V>> for ByLength {
    fn weight(&self, _key: &Key, entry: &Entry<V>) -> u64 {
        entry.json.len() as u64
    }
}

/// The JSON of shared answers of one type, by answer and way of showing it.
pub struct EncodedAnswers<V> {
    kept: quick_cache::sync::Cache<Key, Entry<V>, ByLength>,
}

impl<V> Default for EncodedAnswers<V> {
    fn default() -> Self {
        Self {
            kept: quick_cache::sync::Cache::with_weighter(
                CAPACITY_ENTRIES,
                CAPACITY_BYTES,
                ByLength,
            ),
        }
    }
}

impl<V> EncodedAnswers<V> {
    /// `200 OK` with `answer` shown the way `way` names, as `write` writes it in JSON
    /// ([`as_json`]), written once per answer and way.
    pub fn ok(
        &self,
        answer: &Arc<V>,
        way: u8,
        write: impl FnOnce(&V) -> serde_json::Result<Vec<u8>>,
    ) -> ApiResult<HttpResponse> {
        Ok(json_response(self.json(answer, way, write)?))
    }

    /// The JSON of `answer` shown the way `way` names, as `write` writes it, written once per
    /// answer and way.
    pub fn json(
        &self,
        answer: &Arc<V>,
        way: u8,
        write: impl FnOnce(&V) -> serde_json::Result<Vec<u8>>,
    ) -> ApiResult<Bytes> {
        let key = (Arc::as_ptr(answer) as usize, way);
        let entry = self.kept.get_or_insert_with(&key, || {
            write(answer)
                .map(|json| Entry {
                    _answer: Arc::clone(answer),
                    json: Bytes::from(json),
                })
                .map_err(|err| ApiError::internal("writing an answer as JSON", err))
        })?;
        Ok(entry.json)
    }
}

/// The way a caller is shown a shared answer: with its margins, or (viewers) without. The
/// encoding of an answer is kept once per way.
pub fn way_shown_to(access: &BoardAccess) -> u8 {
    u8::from(may_see_margins(access))
}

/// `value` in JSON.
pub fn as_json<S: Serialize + ?Sized>(value: &S) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(value)
}

/// `200 OK` with `json` as its body.
pub fn json_response(json: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    fn body(response: HttpResponse) -> Bytes {
        response.into_body().try_into_bytes().unwrap_or_default()
    }

    #[test]
    fn an_answer_is_written_once_per_way_of_showing_it() {
        let answers = EncodedAnswers::<Vec<u32>>::default();
        let answer = Arc::new(vec![1, 2, 3]);
        let mut writes = 0;
        for _ in 0..3 {
            let response = answers
                .ok(&answer, 0, |v| {
                    writes += 1;
                    as_json(v)
                })
                .unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(
                response.headers().get("content-type").unwrap(),
                "application/json"
            );
            assert_eq!(body(response), "[1,2,3]");
        }
        assert_eq!(writes, 1);
        let shorter = answers.ok(&answer, 1, |v| as_json(&v[..1])).unwrap();
        assert_eq!(body(shorter), "[1]");
    }

    #[test]
    fn another_answer_is_written_anew_even_when_equal() {
        let answers = EncodedAnswers::<Vec<u32>>::default();
        let first = Arc::new(vec![1]);
        let second = Arc::new(vec![2]);
        assert_eq!(body(answers.ok(&first, 0, as_json).unwrap()), "[1]");
        assert_eq!(body(answers.ok(&second, 0, as_json).unwrap()), "[2]");
        assert_eq!(
            body(answers.ok(&first, 0, |_| as_json(&[9])).unwrap()),
            "[1]"
        );
    }
}
