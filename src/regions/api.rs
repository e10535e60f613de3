//! `GET /api/v1/regions` and `GET /api/v1/regions/{code}`: the JSON door onto
//! the public reference data (`lookup`); answers may be cached for an hour.

use actix_web::{HttpResponse, web};

use crate::error::{ApiError, Problem};
use crate::pagination::{Page, PageParams};
use crate::regions::lookup::{self, RegionDetail, RegionFilter};
use crate::regions::store::Region;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/regions").route(web::get().to(list_regions)))
        .service(resource("/regions/{code}").route(web::get().to(get_region)));
}

/// Indonesia's administrative regions (Kemendagri codes), filtered and paged.
#[utoipa::path(
    get, path = "/api/v1/regions", tag = "regions",
    params(RegionFilter, PageParams),
    responses(
        (status = 200, description = "One page of regions, ordered by code", body = Page<Region>),
        (status = 400, description = "Malformed filter", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_regions(
    state: web::Data<AppState>,
    filter: web::Query<RegionFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = lookup::list(&state, filter.into_inner(), page.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(page))
}

/// One region with its ancestors.
#[utoipa::path(
    get, path = "/api/v1/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "Kemendagri code, e.g. 33.10.17.2006")),
    responses(
        (status = 200, description = "The region", body = RegionDetail),
        (status = 404, description = "No such region", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_region(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let detail = lookup::get(&state, code.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(detail))
}
