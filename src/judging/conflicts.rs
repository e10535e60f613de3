//! Conflicts of interest between a stage's panel and its entries: found
//! without anyone declaring them (a judge whose home region is, contains or
//! lies inside the entrant's region, or who is affiliated with the entrant
//! organisation), declared by the judge, or dismissed by an admin as a
//! false positive.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::error::{ApiError, Msg};
use crate::judging::access::{StageRef, stage, stage_to_change};
use crate::judging::store::{self, Judge};
use crate::messages::Said;
use crate::regions::RegionCode;
use crate::state::AppState;

/// Why a judge and an entry must not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// The judge's home region and the entrant's region overlap.
    Region {
        judge_region: String,
        entrant_region: String,
    },
    /// The judge is affiliated with the entrant organisation.
    Affiliation,
}

impl Detected {
    pub fn code(&self) -> &'static str {
        match self {
            Detected::Region { .. } => "region",
            Detected::Affiliation => "affiliation",
        }
    }

    /// The reason as the admin and the judge read it.
    pub fn reason(&self) -> Msg {
        match self {
            Detected::Region {
                judge_region,
                entrant_region,
            } => Msg::with(
                "conflict-detected-region",
                &[
                    ("judge_region", judge_region.into()),
                    ("entrant_region", entrant_region.into()),
                ],
            ),
            Detected::Affiliation => Msg::said("conflict-detected-affiliation"),
        }
    }
}

/// The facts about a judge that conflicts look at.
pub struct JudgeFacts<'a> {
    pub home_region: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
}

/// The facts about an entry that conflicts look at.
pub struct EntryFacts<'a> {
    pub region_code: &'a str,
    pub organisation_id: &'a str,
}

/// Every automatic conflict between a judge and an entry.
pub fn detect(judge: &JudgeFacts<'_>, entry: &EntryFacts<'_>) -> Vec<Detected> {
    let mut found = Vec::new();
    if judge.organisation_id == Some(entry.organisation_id) {
        found.push(Detected::Affiliation);
    }
    if let (Some(home), Some(entrant)) = (
        judge.home_region.and_then(RegionCode::parse),
        RegionCode::parse(entry.region_code),
    ) && (home.contains(&entrant) || entrant.contains(&home))
    {
        found.push(Detected::Region {
            judge_region: home.as_str().to_owned(),
            entrant_region: entrant.as_str().to_owned(),
        });
    }
    found
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    pub judge_id: String,
    pub entry_id: String,
    /// `region` or `affiliation`.
    pub kind: String,
    /// Why this is a false positive; recorded.
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Conflict {
    pub judge_id: String,
    pub entry_id: String,
    /// `region`, `affiliation` or `declared`.
    pub kind: String,
    pub reason: String,
    pub reason_en: String,
    /// Dismissed by an admin as a false positive (then no longer a conflict).
    pub dismissed: bool,
}

/// Every conflict between these judges and entries: detected, declared, and
/// dismissed ones (marked).
pub fn between(
    conn: &mut DbConnection,
    judges: &[Judge],
    stage_entries: &[(String, String, String)],
) -> Result<Vec<Conflict>, ApiError> {
    let judge_ids: Vec<&str> = judges.iter().map(|j| j.id.as_str()).collect();
    let records = store::conflict_records_of(conn, &judge_ids)?;
    let entry_ids: HashSet<&str> = stage_entries.iter().map(|(id, _, _)| id.as_str()).collect();
    let mut found = Vec::new();
    for judge in judges {
        let facts = JudgeFacts {
            home_region: judge.home_region_code.as_deref(),
            organisation_id: judge.organisation_id.as_deref(),
        };
        for (entry_id, region, organisation) in stage_entries {
            for detected in detect(
                &facts,
                &EntryFacts {
                    region_code: region,
                    organisation_id: organisation,
                },
            ) {
                let dismissed = records.iter().any(|(j, e, k, d, _)| {
                    j == &judge.id && e == entry_id && k == detected.code() && *d
                });
                let reason = detected.reason();
                found.push(Conflict {
                    judge_id: judge.id.clone(),
                    entry_id: entry_id.clone(),
                    kind: detected.code().into(),
                    reason: reason.id.into_owned(),
                    reason_en: reason.en.into_owned(),
                    dismissed,
                });
            }
        }
    }
    for (judge_id, entry_id, kind, _, reason) in records
        .into_iter()
        .filter(|(_, e, k, _, _)| k == "declared" && entry_ids.contains(e.as_str()))
    {
        let said = Msg::with("conflict-declared-by-judge", &[("reason", reason.into())]);
        found.push(Conflict {
            judge_id,
            entry_id,
            kind,
            reason_en: said.en.into_owned(),
            reason: said.id.into_owned(),
            dismissed: false,
        });
    }
    Ok(found)
}

/// The conflicts between a stage's panel and its entries.
pub async fn list(
    state: &AppState,
    caller: Caller,
    at: StageRef,
) -> Result<Vec<Conflict>, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    state
        .db
        .run(move |conn| {
            let stage = stage(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = store::panel_of(conn, &stage)?;
            let entries = store::stage_entries(conn, &stage)?;
            between(conn, &panel, &entries)
        })
        .await
}

/// Dismisses an automatic conflict as a false positive, with the reason.
pub async fn dismiss(
    state: &AppState,
    caller: Caller,
    at: StageRef,
    request: DismissRequest,
) -> Result<(), ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    let body = request;
    let reason = crate::input::reason(&body.reason, Said::GiveAReason)?;
    if body.kind == "declared" {
        return Err(ApiError::field(
            "kind",
            "declared",
            Msg::said("conflict-declared-stands"),
        ));
    }
    state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = store::panel_of(conn, &stage)?;
            let entries = store::stage_entries(conn, &stage)?;
            let exists = between(conn, &panel, &entries)?
                .iter()
                .any(|c| c.judge_id == body.judge_id && c.entry_id == body.entry_id && c.kind == body.kind && !c.dismissed);
            if !exists {
                return Err(ApiError::not_found("conflict-not-found"));
            }
            store::record_conflict(
                conn,
                &caller,
                store::NewConflict {
                    judge_id: &body.judge_id,
                    entry_id: &body.entry_id,
                    kind: &body.kind,
                    dismissed: true,
                    reason: &reason,
                    at: crate::db::now(),
                },
            )?;
            stage.record(conn, &caller, "conflict.dismiss", serde_json::json!({"judge_id": body.judge_id, "entry_id": body.entry_id, "kind": body.kind, "reason": reason}))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge<'a>(region: Option<&'a str>, organisation: Option<&'a str>) -> JudgeFacts<'a> {
        JudgeFacts {
            home_region: region,
            organisation_id: organisation,
        }
    }

    #[test]
    fn overlapping_regions_conflict_either_way() {
        let entry = EntryFacts {
            region_code: "33.74",
            organisation_id: "kota-semarang",
        };
        assert_eq!(
            detect(&judge(Some("33.74"), None), &entry)[0].code(),
            "region"
        );
        assert_eq!(
            detect(&judge(Some("33"), None), &entry)[0].code(),
            "region",
            "a province contains its cities"
        );
        assert_eq!(
            detect(&judge(Some("33.74.01.1001"), None), &entry)[0].code(),
            "region",
            "a village lies inside"
        );
        assert!(
            detect(&judge(Some("33.10"), None), &entry).is_empty(),
            "a neighbouring regency is fine"
        );
        assert!(detect(&judge(None, None), &entry).is_empty());
    }

    #[test]
    fn affiliation_conflicts() {
        let entry = EntryFacts {
            region_code: "31.71",
            organisation_id: "pt-sinar",
        };
        let found = detect(&judge(Some("33"), Some("pt-sinar")), &entry);
        assert_eq!(found, [Detected::Affiliation]);
    }
}
