//! Liveness and readiness for load balancers and orchestrators.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{resource, Guard};
use crate::problem::{ApiError, ApiResult, ProblemCode};
use crate::state::AppState;

const HEALTHZ: &str = "/healthz";
const READYZ: &str = "/readyz";

/// Outside the API (not under `/api/v1`): a resource, so another method gets 405 rather than
/// the web app's page.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource(HEALTHZ, Guard::Public).get(healthz))
        .service(resource(READYZ, Guard::Public).get(readyz));
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
}

/// Check liveness
///
/// The process is up.
#[utoipa::path(get, operation_id = "checkLiveness", path = HEALTHZ, tag = "health", security(),
    responses((status = 200, body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".to_owned(),
    })
}

/// Check readiness
///
/// The process can serve: the database answers.
#[utoipa::path(get, operation_id = "checkReadiness", path = READYZ, tag = "health", security(),
    responses((status = 200, body = Health)))]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state.domain.db.ping().await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ProblemCode::DatabaseUnavailable,
            "the database is not reachable",
        )
    })?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".to_owned(),
    }))
}
