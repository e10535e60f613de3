//! Entry rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Scope;
use crate::db::{
    DbConnection, MultiBackend, now, schema::entries, schema::evidence_files, schema::organisations,
};
use crate::entries::status::Status;
use crate::entries::values::Values;
use crate::error::ApiError;
use crate::pagination::Paging;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = entries)]
pub struct EntryRow {
    pub id: String,
    pub edition_id: String,
    pub category_id: String,
    pub organisation_id: String,
    pub region_code: String,
    pub province_code: String,
    pub status: String,
    pub values_json: String,
    pub source: String,
    pub submitted_at: Option<NaiveDateTime>,
    pub checked_at: Option<NaiveDateTime>,
    pub checked_by: Option<String>,
    pub check_note: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl EntryRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Draft)
    }

    pub fn values(&self) -> Values {
        serde_json::from_str(&self.values_json).unwrap_or_default()
    }
}

/// The organisation behind an entry, as shown beside it.
#[derive(Debug, Clone, Serialize, Queryable, ToSchema)]
pub struct EntrantSummary {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub region_code: String,
}

/// An entry as its entrant and the office see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntryView {
    pub id: String,
    pub edition_id: String,
    pub category_id: String,
    pub organisation: EntrantSummary,
    pub status: Status,
    /// Indicator values by key.
    #[schema(value_type = Object)]
    pub values: Values,
    /// `entrant` or `import` (bulk data from a BPJS extract).
    pub source: String,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub submitted_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub checked_at: Option<NaiveDateTime>,
    /// The office's reason for a rejection or return, for the entrant.
    pub check_note: Option<String>,
    pub evidence_count: i64,
    #[serde(serialize_with = "crate::instant::utc")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc")]
    pub updated_at: NaiveDateTime,
    /// Send it back (or use If-Match) when changing the entry.
    pub version: i32,
}

pub fn view(conn: &mut DbConnection, row: EntryRow) -> Result<EntryView, ApiError> {
    let organisation = organisations::table
        .find(&row.organisation_id)
        .select((
            organisations::id,
            organisations::name,
            organisations::kind,
            organisations::region_code,
        ))
        .first::<EntrantSummary>(conn)?;
    let evidence_count = evidence_files::table
        .filter(evidence_files::entry_id.eq(&row.id))
        .count()
        .get_result(conn)?;
    Ok(assemble(row, organisation, evidence_count))
}

fn assemble(row: EntryRow, organisation: EntrantSummary, evidence_count: i64) -> EntryView {
    EntryView {
        status: row.status(),
        values: row.values(),
        organisation,
        evidence_count,
        id: row.id,
        edition_id: row.edition_id,
        category_id: row.category_id,
        source: row.source,
        submitted_at: row.submitted_at,
        checked_at: row.checked_at,
        check_note: row.check_note,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    }
}

pub struct NewEntry<'a> {
    pub edition_id: &'a str,
    pub category_id: &'a str,
    pub organisation_id: &'a str,
    pub region_code: &'a str,
    pub province_code: &'a str,
    pub values: &'a Values,
}

pub fn insert(conn: &mut DbConnection, entry: &NewEntry<'_>) -> Result<String, ApiError> {
    let id = crate::users::store::new_id();
    let at = now();
    diesel::insert_into(entries::table)
        .values((
            entries::id.eq(&id),
            entries::edition_id.eq(entry.edition_id),
            entries::category_id.eq(entry.category_id),
            entries::organisation_id.eq(entry.organisation_id),
            entries::region_code.eq(entry.region_code),
            entries::province_code.eq(entry.province_code),
            entries::status.eq(Status::Draft.as_str()),
            entries::values_json.eq(json(entry.values)),
            entries::source.eq("entrant"),
            entries::created_at.eq(at),
            entries::updated_at.eq(at),
            entries::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn json(values: &Values) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "{}".into())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<EntryRow>, ApiError> {
    Ok(entries::table
        .find(id)
        .select(EntryRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn exists_for(
    conn: &mut DbConnection,
    category_id: &str,
    organisation_id: &str,
) -> Result<bool, ApiError> {
    let count: i64 = entries::table
        .filter(entries::category_id.eq(category_id))
        .filter(entries::organisation_id.eq(organisation_id))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// What changes with a state move; untouched columns stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = entries)]
pub struct EntryChange {
    pub status: Option<String>,
    pub values_json: Option<String>,
    pub submitted_at: Option<Option<NaiveDateTime>>,
    pub checked_at: Option<Option<NaiveDateTime>>,
    pub checked_by: Option<Option<String>>,
    pub check_note: Option<Option<String>>,
}

/// Applies `change` if the entry is still at `version`; false when stale.
pub fn change(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    change: &EntryChange,
) -> Result<bool, ApiError> {
    let changed = diesel::update(
        entries::table
            .filter(entries::id.eq(id))
            .filter(entries::version.eq(version)),
    )
    .set((
        change,
        entries::updated_at.eq(now()),
        entries::version.eq(version.saturating_add(1)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Entries still waiting for the administrative check.
pub fn unchecked_in_edition(conn: &mut DbConnection, edition_id: &str) -> Result<i64, ApiError> {
    Ok(entries::table
        .filter(entries::edition_id.eq(edition_id))
        .filter(entries::status.eq(Status::Submitted.as_str()))
        .count()
        .get_result(conn)?)
}

/// How a list of entries is ordered; each order ends with the entry's id,
/// so paging never repeats or skips a row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntrySort {
    /// The organisation's name, A to Z.
    #[default]
    Name,
    /// The organisation's name, Z to A.
    NameDesc,
    /// Latest submitted first; entries never submitted last.
    SubmittedDesc,
    /// Earliest submitted first; entries never submitted last.
    Submitted,
    /// By region code, so a regency's entries stand together.
    Region,
    /// By status.
    Status,
}

impl EntrySort {
    pub const ALL: [EntrySort; 6] = [
        EntrySort::Name,
        EntrySort::NameDesc,
        EntrySort::SubmittedDesc,
        EntrySort::Submitted,
        EntrySort::Region,
        EntrySort::Status,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntrySort::Name => "name",
            EntrySort::NameDesc => "name_desc",
            EntrySort::SubmittedDesc => "submitted_desc",
            EntrySort::Submitted => "submitted",
            EntrySort::Region => "region",
            EntrySort::Status => "status",
        }
    }

    pub fn parse(text: &str) -> Option<EntrySort> {
        EntrySort::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Default)]
pub struct EntryQuery {
    pub edition_id: Option<String>,
    pub category_id: Option<String>,
    pub status: Option<Status>,
    /// Region code: the region and everything inside it.
    pub region: Option<String>,
    /// Part of the organisation's name.
    pub search: Option<String>,
    pub sort: EntrySort,
    /// Whose entries: editions of an admin's provinces, an entrant's
    /// organisations.
    pub scope: Scope,
}

type Joined = diesel::helper_types::InnerJoin<entries::table, organisations::table>;

/// Applies the query's filters on entries (not the name search) to a boxed
/// query over entries, joined or not.
macro_rules! entry_filters {
    ($boxed:ident, $query:ident) => {{
        use crate::db::schema::editions;
        if let Some(edition) = &$query.edition_id {
            $boxed = $boxed.filter(entries::edition_id.eq(edition));
        }
        if let Some(category) = &$query.category_id {
            $boxed = $boxed.filter(entries::category_id.eq(category));
        }
        if let Some(status) = $query.status {
            $boxed = $boxed.filter(entries::status.eq(status.as_str()));
        }
        if let Some(region) = &$query.region {
            $boxed = $boxed.filter(
                entries::region_code
                    .eq(region)
                    .or(entries::region_code.like(format!("{region}.%"))),
            );
        }
        match &$query.scope {
            Scope::All => {}
            Scope::Organisations(ids) => {
                $boxed = $boxed.filter(entries::organisation_id.eq_any(ids));
            }
            scope => {
                let editions_of = editions::table
                    .filter(editions::province_code.eq_any(scope.provinces().unwrap_or_default()))
                    .select(editions::id);
                $boxed = $boxed.filter(entries::edition_id.eq_any(editions_of));
            }
        }
    }};
}

fn filtered<'a>(
    query: &'a EntryQuery,
) -> diesel::helper_types::IntoBoxed<'a, Joined, MultiBackend> {
    let mut boxed = entries::table.inner_join(organisations::table).into_boxed();
    entry_filters!(boxed, query);
    if let Some(search) = &query.search {
        boxed = boxed.filter(
            organisations::name_search
                .like(crate::pagination::contains_pattern(search))
                .escape('\\'),
        );
    }
    boxed
}

/// The query's filters on entries alone, for a count that needs no
/// organisation (no name search): the join to organisations is skipped.
fn filtered_entries<'a>(query: &'a EntryQuery) -> entries::BoxedQuery<'a, MultiBackend> {
    let mut boxed = entries::table.into_boxed();
    entry_filters!(boxed, query);
    boxed
}

pub fn list(
    conn: &mut DbConnection,
    query: &EntryQuery,
    paging: Paging,
) -> Result<(Vec<EntryView>, i64), ApiError> {
    let total = match query.search {
        None => filtered_entries(query).count().get_result(conn)?,
        Some(_) => filtered(query).count().get_result(conn)?,
    };
    let selected = filtered(query).select((
        EntryRow::as_select(),
        (
            organisations::id,
            organisations::name,
            organisations::kind,
            organisations::region_code,
        ),
    ));
    let ordered = match query.sort {
        EntrySort::Name => selected.order((organisations::name_search, entries::id)),
        EntrySort::NameDesc => {
            selected.order((organisations::name_search.desc(), entries::id.desc()))
        }
        EntrySort::SubmittedDesc => selected.order((
            entries::submitted_at.is_null(),
            entries::submitted_at.desc(),
            entries::id,
        )),
        EntrySort::Submitted => selected.order((
            entries::submitted_at.is_null(),
            entries::submitted_at,
            entries::id,
        )),
        EntrySort::Region => selected.order((
            entries::region_code,
            organisations::name_search,
            entries::id,
        )),
        EntrySort::Status => {
            selected.order((entries::status, organisations::name_search, entries::id))
        }
    };
    let rows: Vec<(EntryRow, EntrantSummary)> = ordered
        .limit(paging.per_page)
        .offset(paging.offset())
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|(row, _)| row.id.as_str()).collect();
    let counts: Vec<(String, i64)> = evidence_files::table
        .filter(evidence_files::entry_id.eq_any(&ids))
        .group_by(evidence_files::entry_id)
        .select((evidence_files::entry_id, diesel::dsl::count_star()))
        .load(conn)?;
    let views = rows
        .into_iter()
        .map(|(row, organisation)| {
            let evidence_count = counts
                .iter()
                .find(|(id, _)| *id == row.id)
                .map_or(0, |(_, n)| *n);
            assemble(row, organisation, evidence_count)
        })
        .collect();
    Ok((views, total))
}
