//! Evidence file rows: the files of an entry, which indicators have one,
//! adding and removing a row. The bytes live in the file store.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{DbConnection, now, schema::evidence_files};
use crate::error::ApiError;

#[derive(Debug, Clone, Serialize, Queryable, Selectable, ToSchema)]
#[diesel(table_name = evidence_files)]
pub struct EvidenceFile {
    pub id: String,
    pub entry_id: String,
    /// The indicator this file supports, if any.
    pub indicator_key: Option<String>,
    pub file_name: String,
    /// Decided from the content.
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<String>,
    #[serde(serialize_with = "crate::instant::utc")]
    pub uploaded_at: chrono::NaiveDateTime,
}

/// Indicator keys that have at least one file (for required documents).
pub fn indicator_keys_with_files(
    conn: &mut DbConnection,
    entry_id: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(evidence_files::table
        .filter(evidence_files::entry_id.eq(entry_id))
        .filter(evidence_files::indicator_key.is_not_null())
        .select(evidence_files::indicator_key.assume_not_null())
        .distinct()
        .load(conn)?)
}

/// A file to record against an entry; its bytes are already stored.
pub struct NewFile<'a> {
    pub entry_id: &'a str,
    pub indicator_key: Option<&'a str>,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub uploaded_by: &'a str,
}

/// Records the file and answers it as stored.
pub fn insert(conn: &mut DbConnection, file: &NewFile<'_>) -> Result<EvidenceFile, ApiError> {
    let id = crate::users::store::new_id();
    diesel::insert_into(evidence_files::table)
        .values((
            evidence_files::id.eq(&id),
            evidence_files::entry_id.eq(file.entry_id),
            evidence_files::indicator_key.eq(file.indicator_key),
            evidence_files::file_name.eq(file.file_name),
            evidence_files::media_type.eq(file.media_type),
            evidence_files::size_bytes.eq(file.size_bytes),
            evidence_files::sha256.eq(file.sha256),
            evidence_files::uploaded_by.eq(file.uploaded_by),
            evidence_files::uploaded_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(evidence_files::table
        .find(&id)
        .select(EvidenceFile::as_select())
        .first(conn)?)
}

/// The files of an entry, oldest first.
pub fn of_entry(conn: &mut DbConnection, entry_id: &str) -> Result<Vec<EvidenceFile>, ApiError> {
    Ok(evidence_files::table
        .filter(evidence_files::entry_id.eq(entry_id))
        .select(EvidenceFile::as_select())
        .order(evidence_files::uploaded_at)
        .load::<EvidenceFile>(conn)?)
}

/// One file, if it belongs to the entry.
pub fn find(
    conn: &mut DbConnection,
    entry_id: &str,
    file_id: &str,
) -> Result<Option<EvidenceFile>, ApiError> {
    Ok(evidence_files::table
        .filter(evidence_files::entry_id.eq(entry_id))
        .filter(evidence_files::id.eq(file_id))
        .select(EvidenceFile::as_select())
        .first::<EvidenceFile>(conn)
        .optional()?)
}

pub fn delete(conn: &mut DbConnection, file_id: &str) -> Result<(), ApiError> {
    diesel::delete(evidence_files::table.find(file_id)).execute(conn)?;
    Ok(())
}
