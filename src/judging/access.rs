//! Who may work on a judging stage: the admins of its edition, and, to
//! change anything, only while the results are not published.

use crate::auth::Caller;
use crate::categories::store::{self as categories, Category};
use crate::db::DbConnection;
use crate::editions::access::administered;
use crate::editions::store::EditionRow;
use crate::error::ApiError;
use crate::messages::Said;

/// The stage of a category an admin works on, loaded only for the
/// admins of its edition.
pub(super) struct Stage {
    pub(super) edition: EditionRow,
    pub(super) category: Category,
    pub(super) key: String,
    /// The rubric's first stage, whose entries are every complete one.
    pub(super) first: bool,
}

pub(super) fn stage(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    category_id: &str,
    key: &str,
) -> Result<Stage, ApiError> {
    let edition = administered(conn, caller, edition_id)?;
    let category = categories::find(conn, edition_id, category_id)?
        .ok_or_else(|| ApiError::not_found("Kategori", "Category"))?;
    let rubric = categories::current_rubric(conn, category_id)?
        .ok_or_else(|| ApiError::Conflict(Said::NoRubricYet.msg()))?
        .decode()?
        .rubric;
    let position = rubric
        .stages
        .iter()
        .position(|s| s.key == key)
        .ok_or_else(|| ApiError::not_found("Tahap", "Stage"))?;
    Ok(Stage {
        edition,
        category,
        key: key.to_owned(),
        first: position == 0,
    })
}

/// A stage whose judging is changed: refused once results are published.
pub(super) fn stage_to_change(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    category_id: &str,
    key: &str,
) -> Result<Stage, ApiError> {
    let stage = stage(conn, caller, edition_id, category_id, key)?;
    stage.edition.phase().require_judging_open()?;
    Ok(stage)
}
