//! `GET /api/v1/audit`: the JSON door onto reading the audit log.

use actix_web::{HttpResponse, web};

use crate::audit::store::AuditRecord;
use crate::audit::{self, AuditFilter};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::http::resource("/audit").route(web::get().to(list_audit)))
        .service(crate::http::resource("/audit.csv").route(web::get().to(export_audit)));
}

/// The audit log, newest first. National admins see everything; regional
/// admins see the records of their provinces.
#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit",
    params(AuditFilter, PageParams),
    responses(
        (status = 200, description = "One page of audit records", body = Page<AuditRecord>),
        (status = 400, description = "A filter or page that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_audit(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<AuditFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = audit::list(&state, caller, filter.into_inner(), page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The whole filtered log as CSV, newest first, with the records before
/// and after each change as JSON text.
#[utoipa::path(
    get, path = "/api/v1/audit.csv", tag = "audit",
    params(AuditFilter),
    responses(
        (status = 200, description = "Every audit record the filter selects, one per row", content_type = "text/csv"),
        (status = 400, description = "A filter that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn export_audit(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<AuditFilter>,
) -> Result<HttpResponse, ApiError> {
    let bytes = audit::export(&state, caller, filter.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type(crate::spreadsheet::CSV)
        .insert_header(("content-disposition", "attachment; filename=\"audit.csv\""))
        .body(bytes))
}
