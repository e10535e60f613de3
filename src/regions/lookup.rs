//! Looking regions up (public reference data, no sign-in): a filtered page
//! of regions, and one region with the regions above it.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, Arg, Msg};
use crate::pagination::{Page, PageParams};
use crate::regions::code::{Level, RegionCode};
use crate::regions::store::{self, Region, RegionQuery};
use crate::state::AppState;

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

/// One page of regions, ordered by code.
pub async fn list(
    state: &AppState,
    filter: RegionFilter,
    page: PageParams,
) -> Result<Page<Region>, ApiError> {
    let paging = page.parse()?;
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
    Ok(Page::new(items, total, paging))
}

fn malformed_code(code: &str) -> Msg {
    Msg::with("region-code-invalid", &[("code", Arg::quoted(code))])
}

/// One region with its ancestors, by its code as written (`33.10.17.2006`).
pub async fn get(state: &AppState, raw: String) -> Result<RegionDetail, ApiError> {
    let code = RegionCode::parse(&raw).ok_or_else(|| ApiError::NotFound(malformed_code(&raw)))?;
    state
        .db
        .run(move |conn| {
            let region = store::find(conn, code.as_str())?
                .ok_or_else(|| ApiError::not_found("region-not-found"))?;
            let lineage = code.lineage();
            let above: Vec<&str> = lineage[..lineage.len() - 1]
                .iter()
                .map(RegionCode::as_str)
                .collect();
            let ancestors = store::find_many(conn, &above)?;
            Ok(RegionDetail { region, ancestors })
        })
        .await
}
