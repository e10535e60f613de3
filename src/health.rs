//! Liveness, readiness and the API description.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::http::resource;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/health").route(web::get().to(health)))
        .service(resource("/ready").route(web::get().to(ready)));
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = HealthStatus)]
pub struct Status {
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
}

/// The process is alive.
#[utoipa::path(get, path = "/health", tag = "health", responses((status = 200, description = "Alive", body = Status)))]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Status {
        status: "ok",
        database: None,
    })
}

/// The process can reach its database.
#[utoipa::path(
    get, path = "/ready", tag = "health",
    responses(
        (status = 200, description = "Ready", body = Status),
        (status = 503, description = "Database unreachable", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let reachable = state
        .db
        .run(|conn| Ok(crate::db::ping(conn)))
        .await
        .unwrap_or(false);
    if !reachable {
        return Err(ApiError::Unavailable("readiness check failed".into()));
    }
    let database = match crate::db::Backend::of_url(&state.settings.database.url) {
        crate::db::Backend::Postgres => "postgresql",
        crate::db::Backend::Sqlite => "sqlite",
    };
    Ok(HttpResponse::Ok().json(Status {
        status: "ready",
        database: Some(database),
    }))
}
