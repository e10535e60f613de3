//! `GET /api/v1/regions` and `GET /api/v1/regions/{code}`: public reference data.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, Msg, Problem};
use crate::pagination::{Page, PageParams};
use crate::regions::code::{Level, RegionCode};
use crate::regions::store::{self, Region, RegionQuery};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/regions").route(web::get().to(list_regions)))
        .service(resource("/regions/{code}").route(web::get().to(get_region)));
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionFilter {
    pub level: Option<Level>,
    /// Code of the region the results lie directly in.
    pub parent: Option<String>,
    /// Part of the name, case-insensitive.
    pub q: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionDetail {
    #[serde(flatten)]
    pub region: Region,
    /// The regions above this one, from the province down.
    pub ancestors: Vec<Region>,
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
    let paging = page.into_inner().parse()?;
    let filter = filter.into_inner();
    if let Some(parent) = &filter.parent
        && RegionCode::parse(parent).is_none()
    {
        return Err(ApiError::field("parent", "invalid", malformed_code(parent)));
    }
    let query = RegionQuery {
        level: filter.level,
        parent: filter.parent.map(|p| p.trim().to_owned()),
        search: filter.q.filter(|q| !q.trim().is_empty()),
    };
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(Page::new(items, total, paging)))
}

fn malformed_code(code: &str) -> Msg {
    Msg::new(
        format!(
            "{code:?} bukan kode wilayah Kemendagri (contoh: 33, 33.10, 33.10.17, 33.10.17.2006)."
        ),
        format!(
            "{code:?} is not a Kemendagri region code (e.g. 33, 33.10, 33.10.17, 33.10.17.2006)."
        ),
    )
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
    let raw = code.into_inner();
    let code = RegionCode::parse(&raw).ok_or_else(|| ApiError::NotFound(malformed_code(&raw)))?;
    let detail = state
        .db
        .run(move |conn| {
            let region = store::find(conn, code.as_str())?
                .ok_or_else(|| ApiError::not_found("Wilayah", "Region"))?;
            let lineage = code.lineage();
            let above: Vec<&str> = lineage[..lineage.len() - 1]
                .iter()
                .map(RegionCode::as_str)
                .collect();
            let ancestors = store::find_many(conn, &above)?;
            Ok(RegionDetail { region, ancestors })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(detail))
}
