//! The frozen form of published results. A snapshot is written once as
//! compact JSON (struct fields in declared order, maps sorted by key, every
//! score a string with exactly four decimal places) and its SHA-256 digest
//! is taken over exactly those bytes, which the public API serves as they
//! are, so anyone can recompute the digest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::load::CategoryData;
use super::view::{fixed, rule_label};
use crate::error::ApiError;
use crate::scoring::assemble::Outcome;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Snapshot {
    pub edition_id: String,
    pub edition_name: String,
    pub year: i32,
    pub version: i32,
    /// UTC, RFC 3339.
    pub published_at: String,
    /// Decimal places of every score.
    pub precision: u32,
    pub categories: Vec<CategorySnapshot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CategorySnapshot {
    pub id: String,
    pub name_id: String,
    pub name_en: String,
    pub winners_count: i32,
    pub rubric_version: i32,
    pub aggregation: String,
    /// e.g. `stage:interview`, `criterion:coverage`.
    pub tie_break: Vec<String>,
    pub ranking: Vec<SnapshotEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SnapshotEntry {
    pub rank: Option<usize>,
    pub tied: bool,
    pub entry_id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub region_code: String,
    pub region_name: String,
    pub reached_stage: String,
    pub total: Option<String>,
    pub stages: BTreeMap<String, String>,
    pub criteria: BTreeMap<String, String>,
}

impl CategorySnapshot {
    /// Juara 1 to N: ranked entries within the number of winners (a tie
    /// on the last place keeps every tied entry).
    pub fn winners(&self) -> impl Iterator<Item = &SnapshotEntry> {
        let count = usize::try_from(self.winners_count).unwrap_or(0);
        self.ranking
            .iter()
            .filter(move |e| e.rank.is_some_and(|r| r <= count))
    }
}

pub fn category(data: &CategoryData, outcome: &Outcome) -> CategorySnapshot {
    let layout = &data.layout;
    let ranking = outcome
        .order
        .iter()
        .map(|&e| {
            let result = &outcome.entries[e];
            let meta = &data.meta[e];
            let mut stages = BTreeMap::new();
            let mut criteria = BTreeMap::new();
            for (i, node) in layout.nodes.iter().enumerate() {
                if let Some(score) = result.scores.scores[i] {
                    let into = if node.level == "stage" {
                        &mut stages
                    } else {
                        &mut criteria
                    };
                    into.insert(node.key.clone(), fixed(score));
                }
            }
            SnapshotEntry {
                rank: result.rank,
                tied: result.tied,
                entry_id: data.entries[e].id.clone(),
                organisation_id: meta.organisation_id.clone(),
                organisation_name: meta.organisation_name.clone(),
                region_code: meta.region_code.clone(),
                region_name: meta.region_name.clone(),
                reached_stage: layout.stage_key(result.reached).to_owned(),
                total: result.scores.total.map(fixed),
                stages,
                criteria,
            }
        })
        .collect();
    CategorySnapshot {
        id: data.category.id.clone(),
        name_id: data.category.name_id.clone(),
        name_en: data.category.name_en.clone(),
        winners_count: data.category.winners_count,
        rubric_version: data.rubric_version,
        aggregation: data.settings.aggregation.as_str().to_owned(),
        tie_break: data.settings.tie_break.iter().map(rule_label).collect(),
        ranking,
    }
}

/// The canonical bytes of a snapshot.
pub fn canonical(snapshot: &Snapshot) -> String {
    serde_json::to_string(snapshot).expect("a snapshot always serialises")
}

/// Lower-case hex SHA-256 of the canonical bytes.
pub fn digest(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// A stored snapshot, read back.
pub fn read(json: &str) -> Result<Snapshot, ApiError> {
    serde_json::from_str(json)
        .map_err(|e| ApiError::Internal(format!("stored snapshot unreadable: {e}")))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn entry() -> impl Strategy<Value = SnapshotEntry> {
        (
            proptest::option::of(1usize..50),
            any::<bool>(),
            "[a-z0-9-]{1,12}",
            "\\PC{0,20}",
            proptest::option::of(0u32..1_000_000),
            proptest::collection::btree_map("[a-z_]{1,8}", 0u32..1_000_000, 0..4),
        )
            .prop_map(|(rank, tied, id, name, total, criteria)| {
                let score = |n: u32| fixed(rust_decimal::Decimal::new(i64::from(n), 4));
                SnapshotEntry {
                    rank,
                    tied,
                    entry_id: id.clone(),
                    organisation_id: format!("org-{id}"),
                    organisation_name: name,
                    region_code: "33.74".into(),
                    region_name: "Kota Semarang".into(),
                    reached_stage: "data".into(),
                    total: total.map(score),
                    stages: BTreeMap::new(),
                    criteria: criteria.into_iter().map(|(k, v)| (k, score(v))).collect(),
                }
            })
    }

    proptest! {
        /// What the public reads back from the snapshot hashes to the
        /// published digest, and re-serialising it gives the same bytes.
        #[test]
        fn a_published_digest_recomputed_from_the_snapshot_matches(
            ranking in proptest::collection::vec(entry(), 0..6),
            name in "\\PC{1,30}",
        ) {
            let snapshot = Snapshot {
                edition_id: "e1".into(),
                edition_name: name,
                year: 2024,
                version: 1,
                published_at: "2024-12-01T03:00:00Z".into(),
                precision: 4,
                categories: vec![CategorySnapshot {
                    id: "c1".into(),
                    name_id: "Kabupaten/Kota".into(),
                    name_en: String::new(),
                    winners_count: 3,
                    rubric_version: 1,
                    aggregation: "mean".into(),
                    tie_break: vec!["stage:interview".into()],
                    ranking,
                }],
            };
            let published = canonical(&snapshot);
            let published_digest = digest(&published);
            let read_back: Snapshot = serde_json::from_str(&published).unwrap();
            prop_assert_eq!(&read_back, &snapshot);
            prop_assert_eq!(digest(&canonical(&read_back)), published_digest);
        }
    }

    #[test]
    fn the_digest_is_sha256_of_the_bytes() {
        // sha256("abc"), a published test vector (FIPS 180-2).
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
