//! The coverage of a stage, for the office that assigns its judges: every
//! entry against every judge of the panel, with the assignment and its
//! sheet where there is one and the conflict where there is one, so that
//! entries with too few judges and judges with nothing to do stand out.

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::judging::access::{StageRef, stage};
use crate::judging::conflicts::{self, Conflict};
use crate::judging::store::{self, Judge};
use crate::state::AppState;

/// An entry of the stage.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageEntry {
    pub id: String,
    pub organisation_name: String,
    pub region_name: Option<String>,
    /// Active assignments: the judges it has.
    pub judges: usize,
}

/// One assignment of the stage with where its sheet stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageCell {
    pub assignment_id: String,
    pub entry_id: String,
    pub judge_id: String,
    /// `active` or `recused`.
    pub status: String,
    /// `draft` or `submitted`; absent while the judge has not started.
    pub sheet: Option<String>,
    #[serde(serialize_with = "crate::instant::utc_option")]
    #[schema(value_type = Option<String>)]
    pub submitted_at: Option<chrono::NaiveDateTime>,
}

/// A judge of the panel and how many entries of the stage they hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageJudge {
    #[serde(flatten)]
    pub judge: Judge,
    pub assigned: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Coverage {
    pub stage: String,
    /// The rubric's first stage takes every complete entry; later ones
    /// their shortlist.
    pub first: bool,
    pub panel: Vec<CoverageJudge>,
    pub entries: Vec<CoverageEntry>,
    pub cells: Vec<CoverageCell>,
    /// Conflicts between the panel and the entries, dismissed ones marked.
    pub conflicts: Vec<Conflict>,
}

/// The coverage of a stage of an edition the caller administers.
pub async fn of_stage(
    state: &AppState,
    caller: Caller,
    at: StageRef,
) -> Result<Coverage, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    state
        .db
        .run(move |conn| {
            let stage = stage(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = store::panel_of(conn, &stage)?;
            let facts = store::stage_entries(conn, &stage)?;
            let conflicts = conflicts::between(conn, &panel, &facts)?;
            let named = store::stage_entrants(conn, &category_id, &key)?;
            let cells: Vec<CoverageCell> = store::stage_sheets(conn, &stage)?
                .into_iter()
                .map(
                    |(assignment_id, entry_id, judge_id, status, sheet, submitted_at)| {
                        CoverageCell {
                            assignment_id,
                            entry_id,
                            judge_id,
                            status,
                            sheet,
                            submitted_at,
                        }
                    },
                )
                .collect();
            let active = |c: &&CoverageCell| c.status == "active";
            let entries = named
                .into_iter()
                .map(|(id, organisation_name, region_name)| CoverageEntry {
                    judges: cells
                        .iter()
                        .filter(active)
                        .filter(|c| c.entry_id == id)
                        .count(),
                    id,
                    organisation_name,
                    region_name,
                })
                .collect();
            let panel = panel
                .into_iter()
                .map(|judge| CoverageJudge {
                    assigned: cells
                        .iter()
                        .filter(active)
                        .filter(|c| c.judge_id == judge.id)
                        .count(),
                    judge,
                })
                .collect();
            Ok(Coverage {
                stage: key,
                first: stage.first,
                panel,
                entries,
                cells,
                conflicts,
            })
        })
        .await
}
