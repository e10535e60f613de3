//! The import's queries: what exists already (regions, organisations, the
//! category's entries), loaded once before the rows are read; and the
//! writes, in batches of multi-row inserts and version-checked updates.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::categories::store::Category;
use crate::db::{DbConnection, schema::entries, schema::organisations, schema::regions};
use crate::editions::store::EditionRow;
use crate::error::ApiError;
use crate::organisations::domain::{OrganisationKind, Sector, SizeClass};

use super::choice;

/// An organisation a row can be matched to: one on file, or one an earlier
/// row described.
#[derive(Debug, Clone)]
pub(super) struct KnownOrganisation {
    pub(super) id: String,
    pub(super) kind: OrganisationKind,
    pub(super) region_code: String,
    pub(super) province_code: String,
    pub(super) size_class: Option<SizeClass>,
    pub(super) sector: Option<Sector>,
}

#[derive(Insertable)]
#[diesel(table_name = organisations, treat_none_as_default_value = false)]
pub(super) struct NewOrganisation {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) name_search: String,
    pub(super) region_code: String,
    pub(super) province_code: String,
    pub(super) employer_number: Option<String>,
    pub(super) size_class: Option<String>,
    pub(super) sector: Option<String>,
    pub(super) created_at: chrono::NaiveDateTime,
    pub(super) updated_at: chrono::NaiveDateTime,
    pub(super) version: i32,
}

#[derive(Insertable)]
#[diesel(table_name = entries, treat_none_as_default_value = false)]
pub(super) struct NewEntryRow {
    pub(super) id: String,
    pub(super) edition_id: String,
    pub(super) category_id: String,
    pub(super) organisation_id: String,
    pub(super) region_code: String,
    pub(super) province_code: String,
    pub(super) status: String,
    pub(super) values_json: String,
    pub(super) source: String,
    pub(super) submitted_at: Option<chrono::NaiveDateTime>,
    pub(super) created_at: chrono::NaiveDateTime,
    pub(super) updated_at: chrono::NaiveDateTime,
    pub(super) version: i32,
}

/// What exists already, within the edition's province if it has one.
pub(super) struct Existing {
    /// Region code → (name, province code).
    pub(super) regions: HashMap<String, (String, String)>,
    /// Companies by employer registration number.
    pub(super) by_number: HashMap<String, KnownOrganisation>,
    /// Governments by kind and governed region.
    pub(super) by_region: HashMap<(OrganisationKind, String), KnownOrganisation>,
    /// The category's entries by organisation: (entry id, version, values).
    pub(super) entries: HashMap<String, (String, i32, String)>,
}

impl Existing {
    pub(super) fn load(
        conn: &mut DbConnection,
        edition: &EditionRow,
        category: &Category,
    ) -> Result<Existing, ApiError> {
        let scope = edition.province_code.clone();
        let mut region_query = regions::table
            .select((regions::code, regions::name, regions::province_code))
            .into_boxed();
        if let Some(province) = &scope {
            region_query = region_query.filter(regions::province_code.eq(province));
        }
        let known_regions: HashMap<String, (String, String)> = region_query
            .load::<(String, String, String)>(conn)?
            .into_iter()
            .map(|(code, name, province)| (code, (name, province)))
            .collect();
        let mut org_query = organisations::table
            .select((
                organisations::id,
                organisations::kind,
                organisations::region_code,
                organisations::province_code,
                organisations::employer_number,
                organisations::size_class,
                organisations::sector,
            ))
            .into_boxed();
        if let Some(province) = &scope {
            org_query = org_query.filter(organisations::province_code.eq(province));
        }
        let mut by_number: HashMap<String, KnownOrganisation> = HashMap::new();
        let mut by_region: HashMap<(OrganisationKind, String), KnownOrganisation> = HashMap::new();
        type OrgTuple = (
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        for (id, kind, region_code, province_code, number, size, sector) in
            org_query.load::<OrgTuple>(conn)?
        {
            let Some(kind) = OrganisationKind::parse(&kind) else {
                continue;
            };
            let known = KnownOrganisation {
                id,
                kind,
                region_code: region_code.clone(),
                province_code,
                size_class: size.as_deref().and_then(choice),
                sector: sector.as_deref().and_then(choice),
            };
            match number {
                Some(number) if kind == OrganisationKind::Company => {
                    by_number.insert(number, known);
                }
                _ => {
                    by_region.insert((kind, region_code), known);
                }
            }
        }
        let existing: HashMap<String, (String, i32, String)> = entries::table
            .filter(entries::category_id.eq(&category.id))
            .select((
                entries::organisation_id,
                entries::id,
                entries::version,
                entries::values_json,
            ))
            .load::<(String, String, i32, String)>(conn)?
            .into_iter()
            .map(|(organisation, id, version, values)| (organisation, (id, version, values)))
            .collect();
        Ok(Existing {
            regions: known_regions,
            by_number,
            by_region,
            entries: existing,
        })
    }
}

/// Sets an entry's values if it is still at `version`; false when it changed.
pub(super) fn update_values(
    conn: &mut DbConnection,
    entry_id: &str,
    version: i32,
    values_json: &str,
    at: chrono::NaiveDateTime,
) -> Result<bool, ApiError> {
    let changed = diesel::update(
        entries::table
            .filter(entries::id.eq(entry_id))
            .filter(entries::version.eq(version)),
    )
    .set((
        entries::values_json.eq(values_json),
        entries::updated_at.eq(at),
        entries::version.eq(version.saturating_add(1)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Inserts the batches and empties them. Multi-row inserts are
/// backend-specific in diesel: run them on the inner connection.
pub(super) fn flush(
    conn: &mut DbConnection,
    organisations_batch: &mut Vec<NewOrganisation>,
    entries_batch: &mut Vec<NewEntryRow>,
) -> Result<(), ApiError> {
    if !organisations_batch.is_empty() {
        let statement =
            diesel::insert_into(organisations::table).values(organisations_batch.as_slice());
        match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
        organisations_batch.clear();
    }
    if !entries_batch.is_empty() {
        let statement = diesel::insert_into(entries::table).values(entries_batch.as_slice());
        match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
        entries_batch.clear();
    }
    Ok(())
}
