//! Results' queries: published versions of an edition (with their frozen
//! snapshots and withdrawals) and the winners they put forward to a
//! national edition. Reading a category into the engine's inputs is
//! `load.rs`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{advancements, editions, publications};
use crate::error::ApiError;
use serde::Serialize;
use utoipa::ToSchema;

/// A winner put forward to a national edition.
#[derive(Debug, Clone, Serialize, ToSchema, Queryable)]
pub struct Advancement {
    pub from_edition_id: String,
    pub from_edition_name: String,
    pub from_category_id: String,
    pub entry_id: String,
    pub organisation_id: String,
    pub ranking: i32,
    /// The national category made from the same template, if any.
    pub target_category_id: Option<String>,
}

/// One published version, without its snapshot.
#[derive(Debug, Clone, Queryable)]
pub struct PublicationRow {
    pub version: i32,
    pub digest: String,
    pub published_at: NaiveDateTime,
    pub published_by: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_reason: Option<String>,
}

/// Every published version of the edition, newest first.
pub fn publications(
    conn: &mut DbConnection,
    edition_id: &str,
) -> Result<Vec<PublicationRow>, ApiError> {
    Ok(publications::table
        .filter(publications::edition_id.eq(edition_id))
        .select((
            publications::version,
            publications::digest,
            publications::published_at,
            publications::published_by,
            publications::withdrawn_at,
            publications::withdrawn_reason,
        ))
        .order(publications::version.desc())
        .load(conn)?)
}

/// The highest version published so far, if any.
pub fn latest_version(conn: &mut DbConnection, edition_id: &str) -> Result<Option<i32>, ApiError> {
    Ok(publications::table
        .filter(publications::edition_id.eq(edition_id))
        .select(diesel::dsl::max(publications::version))
        .first(conn)?)
}

/// A version about to be written, with its frozen snapshot.
pub struct NewPublication<'a> {
    pub id: &'a str,
    pub edition_id: &'a str,
    pub version: i32,
    pub snapshot_json: &'a str,
    pub digest: &'a str,
    pub published_by: &'a str,
    pub published_at: NaiveDateTime,
}

pub fn insert_publication(
    conn: &mut DbConnection,
    new: &NewPublication<'_>,
) -> Result<(), ApiError> {
    diesel::insert_into(publications::table)
        .values((
            publications::id.eq(new.id),
            publications::edition_id.eq(new.edition_id),
            publications::version.eq(new.version),
            publications::snapshot_json.eq(new.snapshot_json),
            publications::digest.eq(new.digest),
            publications::published_by.eq(new.published_by),
            publications::published_at.eq(new.published_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks one version withdrawn: when, by whom and why.
pub fn mark_withdrawn(
    conn: &mut DbConnection,
    edition_id: &str,
    version: i32,
    at: NaiveDateTime,
    by: &str,
    reason: &str,
) -> Result<(), ApiError> {
    diesel::update(
        publications::table
            .filter(publications::edition_id.eq(edition_id))
            .filter(publications::version.eq(version)),
    )
    .set((
        publications::withdrawn_at.eq(at),
        publications::withdrawn_by.eq(by),
        publications::withdrawn_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(())
}

/// The frozen snapshot of one version, exactly as stored.
pub fn snapshot_json(
    conn: &mut DbConnection,
    edition_id: &str,
    version: i32,
) -> Result<String, ApiError> {
    Ok(publications::table
        .filter(publications::edition_id.eq(edition_id))
        .filter(publications::version.eq(version))
        .select(publications::snapshot_json)
        .first(conn)?)
}

/// The edition's time zone as stored, for printing its instants.
pub fn time_zone(conn: &mut DbConnection, edition_id: &str) -> Result<String, ApiError> {
    Ok(editions::table
        .find(edition_id)
        .select(editions::time_zone)
        .first(conn)?)
}

/// A winner put forward by a publication.
pub struct NewAdvancement<'a> {
    pub publication_id: &'a str,
    pub target_edition_id: &'a str,
    pub category_id: &'a str,
    pub entry_id: &'a str,
    pub organisation_id: &'a str,
    pub ranking: i32,
    pub target_category_id: &'a Option<String>,
}

pub fn insert_advancement(
    conn: &mut DbConnection,
    new: &NewAdvancement<'_>,
) -> Result<(), ApiError> {
    diesel::insert_into(advancements::table)
        .values((
            advancements::publication_id.eq(new.publication_id),
            advancements::target_edition_id.eq(new.target_edition_id),
            advancements::category_id.eq(new.category_id),
            advancements::entry_id.eq(new.entry_id),
            advancements::organisation_id.eq(new.organisation_id),
            advancements::ranking.eq(new.ranking),
            advancements::target_category_id.eq(new.target_category_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every winner ever put forward to `target`, each with the edition and
/// version of the publication that put it forward, by edition name,
/// category and ranking.
pub fn advancements_into(
    conn: &mut DbConnection,
    target: &str,
) -> Result<Vec<(String, i32, Advancement)>, ApiError> {
    Ok(advancements::table
        .inner_join(publications::table)
        .inner_join(editions::table.on(editions::id.eq(publications::edition_id)))
        .filter(advancements::target_edition_id.eq(target))
        .select((
            publications::edition_id,
            publications::version,
            (
                publications::edition_id,
                editions::name,
                advancements::category_id,
                advancements::entry_id,
                advancements::organisation_id,
                advancements::ranking,
                advancements::target_category_id,
            ),
        ))
        .order((
            editions::name,
            advancements::category_id,
            advancements::ranking,
        ))
        .load(conn)?)
}

/// Every version of the given editions: edition, version, and whether it
/// still stands (is not withdrawn).
pub fn versions_of(
    conn: &mut DbConnection,
    edition_ids: Vec<&String>,
) -> Result<Vec<(String, i32, bool)>, ApiError> {
    Ok(publications::table
        .filter(publications::edition_id.eq_any(edition_ids))
        .select((
            publications::edition_id,
            publications::version,
            publications::withdrawn_at.is_null(),
        ))
        .load(conn)?)
}
