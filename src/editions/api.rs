//! `/api/v1/editions`: the JSON door onto setting up editions (`setup`) and
//! moving them through their phases (`phases`). Each handler reads the
//! request, calls the operation, and answers.

use actix_web::{HttpResponse, web};

use crate::auth::Caller;
use crate::editions::fields::EditionInput;
use crate::editions::phases::{self, PhaseRequest};
use crate::editions::setup::{self, EditionFilter};
use crate::editions::view::EditionView;
use crate::error::{ApiError, Problem};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(
        resource("/editions")
            .route(web::get().to(list_editions))
            .route(web::post().to(create_edition)),
    )
    .service(
        resource("/editions/{id}")
            .route(web::get().to(get_edition))
            .route(web::patch().to(update_edition)),
    )
    .service(resource("/editions/{id}/phase").route(web::post().to(change_phase)));
}

/// Create an edition, optionally copying categories and rubrics from another.
#[utoipa::path(
    post, path = "/api/v1/editions", tag = "editions",
    request_body = EditionInput,
    responses(
        (status = 201, description = "Created, in the draft phase", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this province (or not national)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_edition(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<EditionInput>,
) -> Result<HttpResponse, ApiError> {
    let view = setup::create(&state, caller, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/editions/{}", view.id)))
        .json(view))
}

/// Editions the caller may see, newest year first. Drafts only for their admins.
#[utoipa::path(
    get, path = "/api/v1/editions", tag = "editions",
    params(EditionFilter, PageParams),
    responses(
        (status = 200, description = "One page of editions", body = Page<EditionView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_editions(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<EditionFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = setup::list(&state, caller, filter.into_inner(), page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One edition with its phase history.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "The edition", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_edition(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = setup::get(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Change an edition's name, dates, zones or advancement (not its tier or province).
#[utoipa::path(
    patch, path = "/api/v1/editions/{id}", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    request_body = EditionInput,
    responses(
        (status = 200, description = "The changed edition", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or results already published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_edition(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<EditionInput>,
) -> Result<HttpResponse, ApiError> {
    let view = setup::update(&state, caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Move an edition to another phase. Guards explain every reason a move is
/// refused; going back needs a reason, and so does forcing.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/phase", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    request_body = PhaseRequest,
    responses(
        (status = 200, description = "The edition in its new phase", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refused by a guard; `errors` lists each reason", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown phase, a move the flow does not allow, or a missing reason", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn change_phase(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<PhaseRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = phases::change(&state, caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view))
}
