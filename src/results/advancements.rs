//! Winners advancing from a provincial edition to the national edition it
//! is linked to: put forward when the provincial results are published,
//! and listed for the national edition's admins while those results stand.

use std::collections::HashMap;

use super::load::CategoryData;
use super::snapshot::Snapshot;
pub use super::store::Advancement;
use super::store::{self, NewAdvancement};
use crate::auth::Caller;
use crate::categories::store::{self as categories};
use crate::db::DbConnection;
use crate::editions::access::administered;
use crate::editions::store::EditionRow;
use crate::error::ApiError;
use crate::state::AppState;

/// Puts each category's top entries forward to the linked national
/// edition, into its category made from the same template where there is
/// one. Answers how many advanced.
pub fn put_forward(
    conn: &mut DbConnection,
    edition: &EditionRow,
    publication_id: &str,
    data: &[CategoryData],
    frozen: &Snapshot,
) -> Result<usize, ApiError> {
    let (Some(target), Some(count)) = (&edition.advances_to_edition_id, edition.advance_count)
    else {
        return Ok(0);
    };
    let national = categories::list(conn, target)?;
    let mut advanced = 0;
    // The snapshot lists the categories in the order they were loaded.
    for (loaded, category) in data.iter().zip(&frozen.categories) {
        let target_category = loaded.category.template_key.as_ref().and_then(|key| {
            national
                .iter()
                .find(|n| n.template_key.as_deref() == Some(key.as_str()))
                .map(|n| n.id.clone())
        });
        for entry in category
            .ranking
            .iter()
            .filter(|e| e.rank.is_some_and(|r| r <= count as usize))
        {
            store::insert_advancement(
                conn,
                &NewAdvancement {
                    publication_id,
                    target_edition_id: target,
                    category_id: &category.id,
                    entry_id: &entry.entry_id,
                    organisation_id: &entry.organisation_id,
                    ranking: entry.rank.unwrap_or(0) as i32,
                    target_category_id: &target_category,
                },
            )?;
            advanced += 1;
        }
    }
    Ok(advanced)
}

/// Winners put forward to this (national) edition by the current, not
/// withdrawn, results of the provincial editions linked to it.
pub async fn list(
    state: &AppState,
    caller: Caller,
    edition_id: String,
) -> Result<Vec<Advancement>, ApiError> {
    caller.require_admin()?;
    state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            let rows = store::advancements_into(conn, &edition_id)?;
            // Only the current version of each provincial edition counts, and
            // only while it is not withdrawn.
            let sources: Vec<&String> = rows.iter().map(|(edition, ..)| edition).collect();
            let mut latest: HashMap<String, (i32, bool)> = HashMap::new();
            for (edition, version, standing) in store::versions_of(conn, sources)? {
                let at = latest.entry(edition).or_insert((version, standing));
                if version > at.0 {
                    *at = (version, standing);
                }
            }
            Ok(rows
                .into_iter()
                .filter(|(edition, version, _)| latest.get(edition) == Some(&(*version, true)))
                .map(|(.., advancement)| advancement)
                .collect())
        })
        .await
}
