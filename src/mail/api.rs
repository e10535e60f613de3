//! The admins' view of outgoing email over HTTP.

use actix_web::{HttpResponse, web};

use super::outbox::{self, EmailFilter, EmailList};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::pagination::PageParams;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::http::resource("/editions/{id}/emails").route(web::get().to(list_emails)))
        .service(
            crate::http::resource("/editions/{id}/emails/{email}/retry")
                .route(web::post().to(retry_email)),
        );
}

/// The edition's outgoing email, oldest first, with counts by state.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/emails", tag = "results",
    params(("id" = String, Path), EmailFilter, PageParams),
    responses(
        (status = 200, description = "The edition's emails", body = EmailList),
        (status = 422, description = "An unknown state or page out of range (listed in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_emails(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    filter: web::Query<EmailFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let list = outbox::list(
        &state,
        caller,
        id.into_inner(),
        filter.into_inner(),
        page.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Send a failed email again: it goes back in the queue, is tried at once,
/// and its tries are counted afresh.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/emails/{email}/retry", tag = "results",
    params(("id" = String, Path, description = "Edition id"), ("email" = String, Path, description = "Email id")),
    responses(
        (status = 204, description = "Queued again"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition or email visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The email has not failed", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn retry_email(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition, email) = path.into_inner();
    outbox::retry(&state, caller, edition, email).await?;
    Ok(HttpResponse::NoContent().finish())
}
