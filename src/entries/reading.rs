//! Reading entries: the list a caller may see (the office's for its
//! editions, the entrant's own), filtered and paged, and one entry.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Caller, Role};
use crate::entries::status::Status;
use crate::entries::store::{self, EntryQuery, EntrySort, EntryView};
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::regions::RegionCode;
use crate::state::AppState;

use super::access::{Access, load};
use super::evidence::store::{self as evidence, EvidenceFile};
use crate::categories::store::{self as categories, Category};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryFilter {
    pub edition: Option<String>,
    pub category: Option<String>,
    pub status: Option<Status>,
    /// Region code: the region and everything inside it.
    pub region: Option<String>,
    /// Part of the organisation's name.
    pub q: Option<String>,
    /// The order of the list (by the organisation's name unless asked).
    pub sort: Option<EntrySort>,
}

/// One page of the entries the caller may see, with the total.
pub async fn list(
    state: &AppState,
    caller: Caller,
    filter: EntryFilter,
    page: PageParams,
) -> Result<Page<EntryView>, ApiError> {
    if !caller.is_admin() && !caller.has(Role::Entrant) {
        return Err(ApiError::forbidden());
    }
    let paging = page.parse()?;
    if let Some(region) = filter
        .region
        .as_deref()
        .filter(|r| RegionCode::parse(r).is_none())
    {
        return Err(ApiError::field(
            "region",
            "invalid",
            crate::messages::not_a_region_code(region),
        ));
    }
    let query = EntryQuery {
        edition_id: filter.edition,
        category_id: filter.category,
        status: filter.status,
        region: filter.region,
        search: filter.q.filter(|q| !q.trim().is_empty()),
        sort: filter.sort.unwrap_or_default(),
        scope: caller.scope(),
    };
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(Page::new(items, total, paging))
}

/// One entry the caller may see.
pub async fn get(state: &AppState, caller: Caller, id: String) -> Result<EntryView, ApiError> {
    state
        .db
        .run(move |conn| {
            let (entry, _, _) = load(conn, &caller, &id)?;
            store::view(conn, entry)
        })
        .await
}

/// An entry with everything its own page shows: its edition (the deadline
/// and the zone), its category (the form), and its evidence.
pub struct EntryRead {
    pub entry: EntryView,
    pub edition: EditionRow,
    pub category: Category,
    pub files: Vec<EvidenceFile>,
    pub access: Access,
    /// Its place and score, once results are published.
    pub outcome: Option<crate::results::entrant::Outcome>,
}

impl EntryRead {
    /// The indicator keys that have at least one file.
    pub fn documented(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .files
            .iter()
            .filter_map(|f| f.indicator_key.clone())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Whether the entrant may change values and files now.
    pub fn changeable(&self) -> bool {
        self.access == Access::Entrant
            && self.entry.status.editable()
            && self.edition.accepts_submissions(crate::db::now())
    }
}

/// One entry the caller may see, with its edition, category and files.
pub async fn full(state: &AppState, caller: Caller, id: String) -> Result<EntryRead, ApiError> {
    state
        .db
        .run(move |conn| {
            let (entry, edition, access) = load(conn, &caller, &id)?;
            let category = categories::find(conn, &entry.edition_id, &entry.category_id)?
                .ok_or_else(crate::categories::store::not_found)?;
            let files = evidence::of_entry(conn, &id)?;
            let outcome = if edition.phase() == Phase::ResultsPublished {
                crate::results::entrant::of_entry(conn, &category, &id)?
            } else {
                None
            };
            Ok(EntryRead {
                entry: store::view(conn, entry)?,
                edition,
                category,
                files,
                access,
                outcome,
            })
        })
        .await
}
