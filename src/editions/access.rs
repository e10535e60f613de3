//! Who may read and who may change an edition: the one place other
//! domains ask (categories, entries, judging, results, mail all hang off an
//! edition and take its rule).

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::editions::domain::Phase;
use crate::editions::store::{self, EditionRow};
use crate::error::ApiError;

/// May the caller change this edition? Provincial: admins of its province;
/// national: national admins.
pub fn administers(caller: &Caller, edition: &EditionRow) -> bool {
    match &edition.province_code {
        Some(province) => caller.administers(province),
        None => caller.is_national_admin(),
    }
}

pub fn require_admin_of(caller: &Caller, edition: &EditionRow) -> Result<(), ApiError> {
    if administers(caller, edition) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Loads an edition the caller may see: its admins always, everyone signed
/// in once it has left the draft phase. Others get 404.
pub fn readable(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<EditionRow, ApiError> {
    store::find(conn, id)?
        .filter(|edition| edition.phase() != Phase::Draft || administers(caller, edition))
        .ok_or_else(|| ApiError::not_found("edition-not-found"))
}

/// Loads an edition the caller administers (404 if unseen, 403 if seen only).
pub fn administered(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<EditionRow, ApiError> {
    let edition = readable(conn, caller, id)?;
    require_admin_of(caller, &edition)?;
    Ok(edition)
}
