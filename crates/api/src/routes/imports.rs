//! Imports of time entries from CSV files (Toggl Track, Clockify, Kimai, our own export): a dry
//! run, an applied import running as a job, and reading an import's progress and report.

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use budget_contract::import::{ImportFormat, ImportOptions, ImportReport};
use budget_contract::limits::IMPORT_BODY_BYTES;
use budget_domain::imports::{self, Started};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{ok, resource, Guard};
use crate::extract::{BoardScope, BodyReadTimeout, Query};
use crate::problem::{ApiError, ApiResult, ProblemCode};
use crate::state::AppState;

const IMPORTS: &str = "/boards/{board_id}/imports";
const IMPORT: &str = "/boards/{board_id}/imports/{import_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(import_csv, get_import))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource(IMPORTS, Guard::Token)
            // A file of 100,000 rows is 10–15 MB: this route alone takes bodies that large.
            .app_data(web::PayloadConfig::new(IMPORT_BODY_BYTES))
            .post(import_csv),
    )
    .service(resource(IMPORT, Guard::Token).get(get_import));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `toggl`, `clockify`, `kimai` or `tracker` (this product's export); absent: recognised
    /// from the header row.
    pub format: Option<ImportFormat>,
    /// `true`: report what would be created and why rows would be refused; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// `true`: create the tasks the file names that the board lacks.
    #[serde(default)]
    pub create_missing_tasks: bool,
    /// `true`: import the accepted rows even when some are refused (without it, one refused
    /// row refuses the import: 409 `import_rows_refused`).
    #[serde(default)]
    pub skip_refused: bool,
}

/// Import time entries from a CSV file
///
/// Reads a CSV export of time entries (Toggl Track's or Clockify's detailed report, Kimai's
/// export, or this product's `exportTimeEntriesCsv`; the format is recognised from the header
/// row unless `format` names it) and logs its rows on the board (editors and admins). People
/// are matched by e-mail address (our own export: by `user_id`) and must be able to log time on
/// the board; someone else's time takes a board admin, or an editor where the board lets
/// editors log for others. Tasks are matched by exact title (our own export: by `task_id`);
/// `create_missing_tasks=true` creates the missing ones. Durations are rounded to the nearest
/// 0.01 hour (36 seconds), halves to even. Every rule of logging time holds per row: at most
/// 16.00 hours per entry, 24.00 per person and day (counting what is logged and earlier rows
/// of the file), no future dates, no closed time.
///
/// `dry_run=true` answers 200 with the report of what would be created and why rows would be
/// refused, writing nothing. Otherwise the import starts as a job: 202 with its report so far
/// and `Location`, where its progress (`rows_done` of `rows_total`) and final report are read.
/// The same file on the same board is imported once: sending it again answers 200 with the
/// earlier import (an interrupted one resumes, writing no line twice). At most 100,000 rows
/// and 16 MiB.
#[utoipa::path(post, operation_id = "importTimeEntries", path = IMPORTS, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ImportParams),
    request_body(content = FileBytes, content_type = "application/octet-stream", description = "The CSV file's bytes (UTF-8, its first row the header), sent as `application/octet-stream` or as `text/csv`."),
    responses(
        (status = 200, body = ImportReport, description = "A dry run's report, or the earlier import of the same file."),
        (status = 202, body = ImportReport, description = "The import started; its progress and report are read at `Location`.",
            headers(("Location" = String, description = "The import's URL, `/api/v1/boards/{board_id}/imports/{import_id}`."))),
        (status = 409, description = "Rows are refused and `skip_refused` is not set (`import_rows_refused`); the budget's hard stop; the board's bound on tasks.", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 16 MiB (`payload_too_large`).", body = budget_contract::problem::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is neither `text/csv` nor `application/octet-stream` (`unsupported_media_type`).", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn import_csv(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<ImportParams>,
    body: CsvBody,
) -> ApiResult<HttpResponse> {
    let options = ImportOptions {
        format: params.format,
        dry_run: params.dry_run,
        create_missing_tasks: params.create_missing_tasks,
        skip_refused: params.skip_refused,
    };
    match imports::start(&state.domain, &access, &body.0, &options).await? {
        Started::DryRun(report) | Started::Earlier(report) => Ok(ok(&report)),
        Started::Started(report, job) => {
            let location = crate::extract::idempotency::url(&format!(
                "/boards/{}/imports/{}",
                job.board_id(),
                job.import_id()
            ));
            let alerts = state.alerts.clone();
            tokio::spawn(async move {
                let board_id = job.board_id();
                job.run().await;
                // The import's entries count for the board's alert rules like any write.
                alerts.mark(board_id);
            });
            Ok(HttpResponse::Accepted()
                .insert_header((header::LOCATION, location))
                .json(report))
        }
    }
}

/// Read an import
///
/// An applied import of the board (editors and admins): its status (`running`, `done`,
/// `failed`), its progress (`rows_done` of `rows_total`) and its report.
#[utoipa::path(get, operation_id = "getImport", path = IMPORT, tag = "time", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("import_id" = i64, Path)),
    responses((status = 200, body = ImportReport)))]
pub async fn get_import(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, import_id) = path.into_inner();
    Ok(ok(&imports::get(&state.domain, &access, import_id).await?))
}

/// A file's bytes, as the spec declares an uploaded file.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(pub Vec<u8>);

/// A CSV request body: `text/csv` or `application/octet-stream` (else 415), within the route's
/// size bound (else 413), read within the server's body timeout (else 408).
pub struct CsvBody(pub Bytes);

impl FromRequest for CsvBody {
    type Error = ApiError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let csv = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                (m.type_() == mime::TEXT && m.subtype() == mime::CSV)
                    || (m.type_() == mime::APPLICATION && m.subtype() == mime::OCTET_STREAM)
            });
        let body = Bytes::from_request(req, payload);
        let deadline = req
            .app_data::<BodyReadTimeout>()
            .map_or(BodyReadTimeout::DEFAULT, |timeout| timeout.0);
        Box::pin(async move {
            if !csv {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ProblemCode::UnsupportedMediaType,
                    "send the file as `Content-Type: text/csv` or `application/octet-stream`",
                ));
            }
            let Ok(read) = tokio::time::timeout(deadline, body).await else {
                return Err(ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    ProblemCode::RequestTimeout,
                    "the request body did not arrive in time",
                ));
            };
            read.map(CsvBody).map_err(|err| {
                if err.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        ProblemCode::PayloadTooLarge,
                        format!(
                            "an imported file is at most {} MiB",
                            IMPORT_BODY_BYTES / (1024 * 1024)
                        ),
                    )
                } else {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        ProblemCode::UnreadableBody,
                        err.to_string(),
                    )
                }
            })
        })
    }
}
