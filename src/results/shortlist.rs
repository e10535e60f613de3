//! Choosing the top N of a category by an earlier stage's score, for the
//! shortlist of a later stage. Ties at the cut-off are all taken, and said.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::load::category_data;
use super::view::fixed;
use crate::categories::store::Category;
use crate::db::DbConnection;
use crate::error::{ApiError, Msg};
use crate::scoring::assemble::{assemble, tie_values};
use crate::scoring::rank::{Scored, rank};

/// An entry chosen for the shortlist.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pick {
    pub entry_id: String,
    /// Rank by the earlier stage's score (hand-picked entries have none).
    pub rank: Option<usize>,
    /// The earlier stage's score, points of 100.
    pub score: Option<String>,
}

/// The top `n` entries of the category by the score of stage `by` (the
/// stage before `target` when not given). Answers the picks, best first,
/// and whether a tie at the cut-off made the list longer than `n`.
pub fn top_by_stage(
    conn: &mut DbConnection,
    category: Category,
    target: &str,
    by: Option<&str>,
    n: usize,
) -> Result<(Vec<Pick>, bool), ApiError> {
    let data = category_data(conn, category)?;
    let stages = &data.rubric.stages;
    let target_at = stages
        .iter()
        .position(|s| s.key == target)
        .ok_or_else(|| ApiError::not_found("stage-not-found"))?;
    let by_at = match by {
        Some(key) => stages.iter().position(|s| s.key == key),
        None => target_at.checked_sub(1),
    }
    .filter(|&at| at < target_at)
    .ok_or_else(|| {
        ApiError::field(
            "by_stage",
            "not_earlier",
            Msg::said("shortlist-stage-before-target"),
        )
    })?;
    let by_key = &stages[by_at].key;
    if let Some(&open) = data.outstanding_by_stage.get(by_key) {
        return Err(ApiError::Conflict(Msg::with(
            "shortlist-stage-incomplete",
            &[("open", open.into()), ("stage", by_key.into())],
        )));
    }
    let outcome = assemble(&data.layout, &data.settings, &data.entries, &data.sheets);
    let node = data.layout.stages[by_at];
    let rules = data.layout.rule_nodes(&data.settings.tie_break);
    let listed: Vec<usize> = (0..data.entries.len())
        .filter(|&e| data.entries[e].reached >= by_at)
        .filter(|&e| outcome.entries[e].scores.scores[node].is_some())
        .collect();
    let ties: Vec<Vec<Decimal>> = listed
        .iter()
        .map(|&e| tie_values(&rules, &outcome.entries[e].scores).collect())
        .collect();
    let candidates: Vec<Scored<'_>> = listed
        .iter()
        .zip(&ties)
        .map(|(&e, tie)| Scored {
            entry: &data.entries[e].id,
            reached: 0,
            total: outcome.entries[e].scores.scores[node].unwrap_or_default(),
            tie,
        })
        .collect();
    let picks: Vec<Pick> = rank(&candidates)
        .iter()
        .filter(|r| r.rank <= n)
        .map(|r| Pick {
            entry_id: candidates[r.index].entry.to_owned(),
            rank: Some(r.rank),
            score: Some(fixed(candidates[r.index].total)),
        })
        .collect();
    let widened = picks.len() > n;
    Ok((picks, widened))
}
