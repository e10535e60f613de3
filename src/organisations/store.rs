//! Organisation queries.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Scope;
use crate::db::{DbConnection, MultiBackend, schema::organisations};
use crate::error::ApiError;
use crate::organisations::domain::{OrganisationKind, SizeClass};
use crate::pagination::Paging;

#[derive(Debug, Clone, Serialize, Queryable, Selectable, ToSchema)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: String,
    #[schema(value_type = OrganisationKind)]
    pub kind: String,
    pub name: String,
    /// The governed region (governments) or the seat (companies).
    pub region_code: String,
    pub province_code: String,
    /// BPJS employer registration number (companies).
    pub employer_number: Option<String>,
    #[schema(value_type = Option<SizeClass>)]
    pub size_class: Option<String>,
    #[schema(value_type = Option<crate::organisations::domain::Sector>)]
    pub sector: Option<String>,
    #[serde(serialize_with = "crate::instant::utc")]
    pub created_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc")]
    pub updated_at: chrono::NaiveDateTime,
    /// Send this back when changing the organisation; a stale value is refused with 409.
    pub version: i32,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true)]
pub struct OrganisationFields {
    pub kind: String,
    pub name: String,
    pub name_search: String,
    pub region_code: String,
    pub province_code: String,
    pub employer_number: Option<String>,
    pub size_class: Option<String>,
    pub sector: Option<String>,
}

pub fn insert(conn: &mut DbConnection, fields: &OrganisationFields) -> Result<String, ApiError> {
    let id = crate::users::store::new_id();
    let at = crate::db::now();
    diesel::insert_into(organisations::table)
        .values((
            organisations::id.eq(&id),
            fields,
            organisations::created_at.eq(at),
            organisations::updated_at.eq(at),
            organisations::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Writes `fields` if `version` is still current; false when stale.
pub fn update(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    fields: &OrganisationFields,
) -> Result<bool, ApiError> {
    let changed = diesel::update(
        organisations::table
            .filter(organisations::id.eq(id))
            .filter(organisations::version.eq(version)),
    )
    .set((
        fields,
        organisations::updated_at.eq(crate::db::now()),
        organisations::version.eq(version.saturating_add(1)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Organisation>, ApiError> {
    Ok(organisations::table
        .find(id)
        .select(Organisation::as_select())
        .first(conn)
        .optional()?)
}

/// (id, province) for each of `ids` that exists.
pub fn provinces_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<Vec<(String, String)>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::province_code))
        .load(conn)?)
}

pub fn government_exists(
    conn: &mut DbConnection,
    kind: OrganisationKind,
    region_code: &str,
) -> Result<bool, ApiError> {
    let count: i64 = organisations::table
        .filter(organisations::kind.eq(kind.as_str()))
        .filter(organisations::region_code.eq(region_code))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

pub fn employer_number_taken(
    conn: &mut DbConnection,
    number: &str,
    except_id: Option<&str>,
) -> Result<bool, ApiError> {
    let mut query = organisations::table
        .filter(organisations::employer_number.eq(number))
        .into_boxed();
    if let Some(id) = except_id {
        query = query.filter(organisations::id.ne(id));
    }
    let count: i64 = query.count().get_result(conn)?;
    Ok(count > 0)
}

#[derive(Debug, Default)]
pub struct OrganisationQuery {
    pub kind: Option<OrganisationKind>,
    pub province: Option<String>,
    /// Region code; matches the region and everything inside it.
    pub region: Option<String>,
    pub search: Option<String>,
    pub size_class: Option<SizeClass>,
    pub sector: Option<String>,
    /// Whose organisations: an admin's provinces, an entrant's own.
    pub scope: Scope,
}

fn filtered<'a>(query: &'a OrganisationQuery) -> organisations::BoxedQuery<'a, MultiBackend> {
    let mut boxed = organisations::table.into_boxed();
    if let Some(kind) = query.kind {
        boxed = boxed.filter(organisations::kind.eq(kind.as_str()));
    }
    if let Some(province) = &query.province {
        boxed = boxed.filter(organisations::province_code.eq(province));
    }
    if let Some(region) = &query.region {
        boxed = boxed.filter(
            organisations::region_code
                .eq(region)
                .or(organisations::region_code.like(format!("{region}.%"))),
        );
    }
    if let Some(search) = &query.search {
        boxed = boxed.filter(
            organisations::name_search
                .like(crate::pagination::contains_pattern(search))
                .escape('\\'),
        );
    }
    if let Some(size) = query.size_class {
        boxed = boxed.filter(organisations::size_class.eq(size.as_str()));
    }
    if let Some(sector) = &query.sector {
        boxed = boxed.filter(organisations::sector.eq(sector));
    }
    match &query.scope {
        Scope::All => {}
        Scope::Organisations(ids) => boxed = boxed.filter(organisations::id.eq_any(ids)),
        scope => {
            let provinces = scope.provinces().unwrap_or_default();
            boxed = boxed.filter(organisations::province_code.eq_any(provinces));
        }
    }
    boxed
}

pub fn list(
    conn: &mut DbConnection,
    query: &OrganisationQuery,
    paging: Paging,
) -> Result<(Vec<Organisation>, i64), ApiError> {
    let total = filtered(query).count().get_result(conn)?;
    let items = filtered(query)
        .select(Organisation::as_select())
        .order((organisations::name_search, organisations::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .load(conn)?;
    Ok((items, total))
}

/// The active accounts that belong to an organisation, as `(email, name)`:
/// whom to tell about its entries.
pub fn members(
    conn: &mut DbConnection,
    organisation_id: &str,
) -> Result<Vec<(String, String)>, ApiError> {
    use crate::db::schema::{organisation_members, users};
    Ok(organisation_members::table
        .inner_join(users::table)
        .filter(organisation_members::organisation_id.eq(organisation_id))
        .filter(users::is_active.eq(true))
        .order(users::email)
        .select((users::email, users::display_name))
        .load(conn)?)
}
