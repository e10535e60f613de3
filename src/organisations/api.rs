//! The organisations' JSON door: routes and thin handlers that read the
//! request, call the registration and directory operations, and answer.

use actix_web::{HttpResponse, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::organisations::directory::{self, OrganisationFilter};
use crate::organisations::registration::{
    self, CreateOrganisationRequest, UpdateOrganisationRequest,
};
use crate::organisations::store::Organisation;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(
        resource("/organisations")
            .route(web::get().to(list_organisations))
            .route(web::post().to(create_organisation)),
    )
    .service(
        resource("/organisations/{id}")
            .route(web::get().to(get_organisation))
            .route(web::patch().to(update_organisation)),
    );
}

/// Register an organisation (admins, within their provinces).
#[utoipa::path(
    post, path = "/api/v1/organisations", tag = "organisations",
    request_body = CreateOrganisationRequest,
    responses(
        (status = 201, description = "Created", body = Organisation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this province", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_organisation(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<CreateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let organisation = registration::create(&state, caller, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/organisations/{}", organisation.id),
        ))
        .json(organisation))
}

/// Organisations the caller may see: all (national admins), their provinces'
/// (regional admins), their own (entrants).
#[utoipa::path(
    get, path = "/api/v1/organisations", tag = "organisations",
    params(OrganisationFilter, PageParams),
    responses(
        (status = 200, description = "One page of organisations", body = Page<Organisation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_organisations(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<OrganisationFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = directory::list(&state, caller, filter.into_inner(), page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One organisation.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = Organisation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_organisation(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let organisation = directory::get(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(organisation))
}

/// Change an organisation (admins of its province; moving it needs the new
/// province too). The kind cannot change.
#[utoipa::path(
    patch, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "Organisation id")),
    request_body = UpdateOrganisationRequest,
    responses(
        (status = 200, description = "The changed organisation", body = Organisation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this province", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version or duplicate", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_organisation(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<UpdateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let organisation =
        registration::update(&state, caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(organisation))
}
