//! What an entrant sees of published results: their entry's place and
//! final score in the current published version and, where the category
//! allows it, that score criterion by criterion: the panel's combined
//! score, never a judge's mark or name. Read from the frozen snapshot, so
//! the entrant sees exactly what was published.

use diesel::prelude::*;

use super::publications::history;
use super::snapshot;
use super::store;
use crate::categories::store::Category;
use crate::db::DbConnection;
use crate::db::schema::rubric_versions;
use crate::error::ApiError;
use crate::rubrics::model::Rubric;
use crate::scoring::weigh::Layout;

/// One line of an entry's breakdown: a stage or a criterion, indented by
/// its depth in the rubric, with the score the panel gave it.
#[derive(Debug, Clone)]
pub struct Line {
    pub name_id: String,
    pub name_en: String,
    /// 0 for a stage, 1 for its criteria, and so on.
    pub depth: usize,
    /// Written with the snapshot's fixed decimals; absent when not scored.
    pub score: Option<String>,
}

/// An entry's published outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub version: i32,
    pub published_at: chrono::NaiveDateTime,
    /// Its place (1 for the best); absent when it had no score.
    pub rank: Option<usize>,
    pub tied: bool,
    /// How many entries of the category were ranked.
    pub ranked: usize,
    /// Places up to this one are winners (juara).
    pub winners_count: i32,
    pub total: Option<String>,
    /// Empty unless the category shows entrants their breakdown.
    pub breakdown: Vec<Line>,
}

/// The entry's outcome in the current published version of its edition;
/// `None` before publication, after a withdrawal, or when the entry is not
/// in the results (not checked complete).
pub fn of_entry(
    conn: &mut DbConnection,
    category: &Category,
    entry_id: &str,
) -> Result<Option<Outcome>, ApiError> {
    let Some(current) = history(conn, &category.edition_id)?.into_iter().next() else {
        return Ok(None);
    };
    if current.withdrawn_at.is_some() {
        return Ok(None);
    }
    let frozen = snapshot::read(&store::snapshot_json(
        conn,
        &category.edition_id,
        current.version,
    )?)?;
    let Some(published) = frozen.categories.iter().find(|c| c.id == category.id) else {
        return Ok(None);
    };
    let Some(entry) = published.ranking.iter().find(|e| e.entry_id == entry_id) else {
        return Ok(None);
    };
    let breakdown = if category.entrants_see_breakdown {
        let rubric: Option<String> = rubric_versions::table
            .filter(rubric_versions::category_id.eq(&category.id))
            .filter(rubric_versions::version.eq(published.rubric_version))
            .select(rubric_versions::definition_json)
            .first(conn)
            .optional()?;
        let rubric: Option<Rubric> = rubric.and_then(|json| serde_json::from_str(&json).ok());
        rubric
            .map(|rubric| {
                Layout::new(&rubric)
                    .nodes
                    .into_iter()
                    .map(|node| Line {
                        score: if node.level == "stage" {
                            entry.stages.get(&node.key).cloned()
                        } else {
                            entry.criteria.get(&node.key).cloned()
                        },
                        name_id: node.name_id,
                        name_en: node.name_en,
                        depth: node.depth,
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(Some(Outcome {
        version: current.version,
        published_at: current.published_at,
        rank: entry.rank,
        tied: entry.tied,
        ranked: published
            .ranking
            .iter()
            .filter(|e| e.rank.is_some())
            .count(),
        winners_count: published.winners_count,
        total: entry.total.clone(),
        breakdown,
    }))
}
