//! CSV downloads: each export is an operation of its own, answering `text/csv; charset=utf-8`
//! (RFC 4180, written by [`crate::csv`]) as an attachment.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use futures_util::Stream;

/// A streamed CSV download named `filename`.
pub fn csv_response<S>(filename: &str, body: S) -> HttpResponse
where
    S: Stream<Item = Result<Bytes, actix_web::Error>> + 'static,
{
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(body)
}
