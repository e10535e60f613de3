//! Finding organisations: the list a caller may see (all for national
//! admins, their provinces' for regional admins, their own for entrants),
//! filtered and paged, and one organisation.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::organisations::domain::{OrganisationKind, Sector, SizeClass};
use crate::organisations::store::{self, Organisation, OrganisationQuery};
use crate::pagination::{Page, PageParams};
use crate::regions::RegionCode;
use crate::state::AppState;

use super::access::{not_found, require_reader, visible};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationFilter {
    pub kind: Option<OrganisationKind>,
    /// Province code.
    pub province: Option<String>,
    /// Region code: the region and everything inside it.
    pub region: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    pub size_class: Option<SizeClass>,
    pub sector: Option<Sector>,
}

/// One page of the organisations the caller may see.
pub async fn list(
    state: &AppState,
    caller: Caller,
    filter: OrganisationFilter,
    page: PageParams,
) -> Result<Page<Organisation>, ApiError> {
    require_reader(&caller)?;
    let paging = page.parse()?;
    if let Some(region) = &filter.region
        && RegionCode::parse(region).is_none()
    {
        return Err(ApiError::field(
            "region",
            "invalid",
            crate::messages::not_a_region_code(region),
        ));
    }
    let query = OrganisationQuery {
        kind: filter.kind,
        province: filter.province,
        region: filter.region.map(|r| r.trim().to_owned()),
        search: filter.q.filter(|q| !q.trim().is_empty()),
        size_class: filter.size_class,
        sector: filter.sector.map(|s| s.as_str().to_owned()),
        scope: caller.scope(),
    };
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(Page::new(items, total, paging))
}

/// One organisation the caller may see.
pub async fn get(state: &AppState, caller: Caller, id: String) -> Result<Organisation, ApiError> {
    require_reader(&caller)?;
    let organisation = state.db.run(move |conn| store::find(conn, &id)).await?;
    match organisation {
        Some(organisation) if visible(&caller, &organisation) => Ok(organisation),
        _ => Err(not_found()),
    }
}
