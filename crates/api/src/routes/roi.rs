//! Return on investment of a board: snapshots of expected and realised value, the current ROI
//! and the comparison of two snapshots.

use actix_web::{web, HttpRequest, HttpResponse};
use budget_contract::page::Page;
use budget_contract::roi::{CurrentRoi, NewRoiSnapshot, RoiComparison, RoiSnapshot};
use budget_domain::roi;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::{created_at, ok, page, resource, Guard};
use crate::extract::idempotency::{self, IdempotencyKeyHeader};
use crate::extract::{BoardScope, Json, Query};
use crate::problem::ApiResult;
use crate::state::AppState;

const ROI: &str = "/boards/{board_id}/roi";
const SNAPSHOTS: &str = "/boards/{board_id}/roi/snapshots";
const COMPARE: &str = "/boards/{board_id}/roi/snapshots/compare";
const SNAPSHOT: &str = "/boards/{board_id}/roi/snapshots/{snapshot_id}";

/// These routes in the OpenAPI document, relative to `/api/v1`.
#[derive(OpenApi)]
#[openapi(paths(take_snapshot, list, get_snapshot, current, compare))]
pub struct Api;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(ROI, Guard::Token).get(current))
        .service(
            resource(SNAPSHOTS, Guard::Token)
                .get(list)
                .post(take_snapshot),
        )
        // Before the snapshot by id, which would otherwise claim `compare`.
        .service(resource(COMPARE, Guard::Token).get(compare))
        .service(resource(SNAPSHOT, Guard::Token).get(get_snapshot));
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SnapshotParams {
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareParams {
    /// Id of the earlier snapshot (of this board). Required; absent is a 422 naming it.
    #[param(required = true)]
    pub from: Option<i64>,
    /// Id of the later snapshot (of this board). Required; absent is a 422 naming it.
    #[param(required = true)]
    pub to: Option<i64>,
}

/// Take an ROI snapshot
///
/// Takes an ROI snapshot (editors and admins): the values given against the board's current
/// spent and task counts, with ROI %, the builtin risk score and plain-language insights.
/// An absent `realized_value` is 0.00. A board keeps its newest 400 snapshots: taking one
/// more removes the oldest.
#[utoipa::path(post, operation_id = "createRoiSnapshot", path = SNAPSHOTS, tag = "roi", security(("bearer" = [])),
    params(("board_id" = i64, Path), IdempotencyKeyHeader),
    request_body = NewRoiSnapshot,
    responses((status = 201, body = RoiSnapshot, headers(("Location" = String, description = "The new snapshot's URL, `/api/v1/boards/{board_id}/roi/snapshots/{snapshot_id}`."))),
        (status = 409, description = "The budget's currency changed while this was written (`currency_changed`); send it again.", body = budget_contract::problem::Problem, content_type = "application/problem+json")))]
pub async fn take_snapshot(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Json(input): Json<NewRoiSnapshot>,
) -> ApiResult<HttpResponse> {
    let board_id = access.board_id();
    let location =
        move |snapshot: &RoiSnapshot| format!("/boards/{board_id}/roi/snapshots/{}", snapshot.id);
    let idempotent = idempotency::created(&req, access.user_id, &input, location)?;
    let outcome = roi::take_snapshot(&state.domain, &access, input, idempotent.as_ref()).await?;
    Ok(idempotency::respond(outcome, |snapshot| {
        created_at(&location(&snapshot)).json(&snapshot)
    }))
}

/// Get an ROI snapshot
///
/// One snapshot of the board, as it was taken.
#[utoipa::path(get, operation_id = "getRoiSnapshot", path = SNAPSHOT, tag = "roi", security(("bearer" = [])),
    params(("board_id" = i64, Path), ("snapshot_id" = i64, Path)), responses((status = 200, body = RoiSnapshot)))]
pub async fn get_snapshot(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let snapshot_id = path.into_inner().1;
    Ok(ok(
        &roi::snapshot(&state.domain, &access, snapshot_id).await?
    ))
}

/// List ROI snapshots
///
/// The board's ROI snapshots, newest first.
#[utoipa::path(get, operation_id = "listRoiSnapshots", path = SNAPSHOTS, tag = "roi", security(("bearer" = [])),
    params(("board_id" = i64, Path), SnapshotParams), responses((status = 200, body = Page<RoiSnapshot>, headers(("Link" = String, description = "The next page, when there is one (RFC 8288): `</api/v1/…?cursor=…&…>; rel=\"next\"`, this request's URL with `cursor` set to `next_cursor` and every other parameter as sent. Absent on the last page.")))))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<SnapshotParams>,
) -> ApiResult<HttpResponse> {
    let snapshots = roi::list(
        &state.domain,
        &access,
        params.limit,
        params.cursor.as_deref(),
    )
    .await?;
    Ok(page(&req, &snapshots))
}

/// Get the current ROI
///
/// The ROI now: today's cost, task counts, completion rate and cost per completed task, the
/// latest snapshot's values with ROI % against today's cost, and the latest 5 snapshots.
#[utoipa::path(get, operation_id = "getCurrentRoi", path = ROI, tag = "roi", security(("bearer" = [])),
    params(("board_id" = i64, Path)), responses((status = 200, body = CurrentRoi)))]
pub async fn current(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
) -> ApiResult<HttpResponse> {
    Ok(ok(&roi::current(&state.domain, &access).await?))
}

/// Compare two ROI snapshots
///
/// Two snapshots of this board and the change of every figure, absolute and relative. A
/// snapshot id of another board is not found (404).
#[utoipa::path(get, operation_id = "compareRoiSnapshots", path = COMPARE, tag = "roi", security(("bearer" = [])),
    params(("board_id" = i64, Path), CompareParams), responses((status = 200, body = RoiComparison)))]
pub async fn compare(
    state: web::Data<AppState>,
    BoardScope(access): BoardScope,
    Query(params): Query<CompareParams>,
) -> ApiResult<HttpResponse> {
    Ok(ok(&roi::compare(
        &state.domain,
        &access,
        params.from,
        params.to,
    )
    .await?))
}
