//! `/api/v1/category-templates` and `/api/v1/editions/{id}/categories`: the
//! JSON door onto an edition's categories (`setup`) and their rubrics
//! (`rubric`). Each handler reads the request, calls the operation, and
//! answers.

use actix_web::{HttpResponse, web};

use crate::auth::Caller;
use crate::categories::rubric::{self, RubricInput};
use crate::categories::setup::{self, CategoryInput};
use crate::categories::store::{Category, RubricVersion};
use crate::error::{ApiError, Problem};
use crate::rubrics::templates::Template;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/category-templates").route(web::get().to(list_templates)))
        .service(
            resource("/editions/{id}/categories")
                .route(web::get().to(list_categories))
                .route(web::post().to(create_category)),
        )
        .service(
            resource("/editions/{id}/categories/{category}")
                .route(web::get().to(get_category))
                .route(web::patch().to(update_category))
                .route(web::delete().to(delete_category)),
        )
        .service(
            resource("/editions/{id}/categories/{category}/rubric")
                .route(web::get().to(get_rubric))
                .route(web::put().to(put_rubric)),
        )
        .service(
            resource("/editions/{id}/categories/{category}/rubric/versions")
                .route(web::get().to(rubric_versions)),
        );
}

/// The built-in category templates.
#[utoipa::path(
    get, path = "/api/v1/category-templates", tag = "editions",
    responses(
        (status = 200, description = "Templates with form, rubric and suggested weights", body = Vec<Template>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_templates(caller: Caller) -> Result<HttpResponse, ApiError> {
    let templates = setup::templates(&caller)?;
    Ok(HttpResponse::Ok().json(templates))
}

/// Add a category to an edition, from scratch or from a template.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    request_body = CategoryInput,
    responses(
        (status = 201, description = "Created (with the template's rubric as version 1)", body = Category),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The edition is past its draft phase", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_category(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<CategoryInput>,
) -> Result<HttpResponse, ApiError> {
    let category = setup::create(&state, caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!(
                "/api/v1/editions/{}/categories/{}",
                category.edition_id, category.id
            ),
        ))
        .json(category))
}

/// The categories of an edition, in order.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "The categories", body = Vec<Category>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_categories(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let list = setup::list(&state, caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One category.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 200, description = "The category", body = Category),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_category(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let category = setup::get(&state, caller, edition_id, category_id).await?;
    Ok(HttpResponse::Ok().json(category))
}

/// Change a category. Its form and eligibility are fixed once submissions open;
/// once results are published only `entrants_see_breakdown` may change.
#[utoipa::path(
    patch, path = "/api/v1/editions/{id}/categories/{category}", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    request_body = CategoryInput,
    responses(
        (status = 200, description = "The changed category", body = Category),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or a change other than entrants_see_breakdown once results are published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_category(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<CategoryInput>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let category =
        setup::update(&state, caller, edition_id, category_id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(category))
}

/// Remove a category while the edition is a draft.
#[utoipa::path(
    delete, path = "/api/v1/editions/{id}/categories/{category}", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The edition is past its draft phase", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn delete_category(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    setup::delete(&state, caller, edition_id, category_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The category's current rubric.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/rubric", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 200, description = "The current rubric version", body = RubricVersion),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category, or no rubric yet", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_rubric(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let rubric = rubric::current(&state, caller, edition_id, category_id).await?;
    Ok(HttpResponse::Ok().json(rubric))
}

/// Every version of the category's rubric, oldest first.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/rubric/versions", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    responses(
        (status = 200, description = "All versions", body = Vec<RubricVersion>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn rubric_versions(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let versions = rubric::versions(&state, caller, edition_id, category_id).await?;
    Ok(HttpResponse::Ok().json(versions))
}

/// Set the category's rubric. Every problem is reported at once, by path.
/// Before judging the current version is rewritten; once judging has opened
/// the rubric is frozen and a change makes a new version with its reason.
#[utoipa::path(
    put, path = "/api/v1/editions/{id}/categories/{category}/rubric", tag = "editions",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    request_body = RubricInput,
    responses(
        (status = 200, description = "The saved rubric version", body = RubricVersion),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results already published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rubric: every problem by path", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn put_rubric(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<RubricInput>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let saved = rubric::set(&state, caller, edition_id, category_id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(saved))
}
