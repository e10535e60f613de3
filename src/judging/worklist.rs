//! A judge's worklist: their assignments, an assigned entry to read with
//! its evidence (without the entrant's identity when the category is
//! blind), and the criteria to score it by.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use std::sync::Arc;

use crate::auth::{Caller, Scope};
use crate::categories::form::IndicatorField;
use crate::db::DbConnection;
use crate::editions::domain::Zone;
use crate::error::ApiError;
use crate::judging::access::{mine, require_judge, require_own};
use crate::judging::scoresheet::{ComputedCriterion, JudgedCriterion, Scoresheet, StageCriteria};
use crate::judging::store::{self, Reading};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct MyAssignment {
    pub id: String,
    pub edition_id: String,
    pub category_id: String,
    pub category_name: String,
    pub stage_key: String,
    pub entry_id: String,
    /// The entrant's name, or a neutral label when judging is blind.
    pub entrant: String,
    /// `active` or `recused`.
    pub status: String,
    pub scoresheet_status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceSummary {
    pub id: String,
    pub indicator_key: Option<String>,
    /// The original name, or a neutral one when judging is blind.
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

/// A criterion the entry's indicators score by themselves, as the judge
/// reads it beside the sheet.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComputedPoints {
    pub key: String,
    pub name_id: String,
    pub name_en: String,
    /// Points from 0 to 100, two decimals; absent when the entry lacks
    /// the values it needs.
    pub points: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentDetail {
    pub assignment: MyAssignment,
    pub blind: bool,
    /// Region of the entrant; absent when judging is blind.
    pub region_code: Option<String>,
    /// The entry's indicator values by key.
    #[schema(value_type = Object)]
    pub values: serde_json::Value,
    /// The category's indicator form: the label and type of each value.
    pub form: Vec<IndicatorField>,
    pub evidence: Vec<EvidenceSummary>,
    /// What to score in this stage, with scales and descriptors.
    pub criteria: Vec<JudgedCriterion>,
    /// What the stage works out from the indicators, with the entry's points.
    pub computed: Vec<ComputedPoints>,
    pub scoresheet: Scoresheet,
    /// The edition's time zone, for the pages' clocks.
    #[serde(skip)]
    pub zone: Zone,
}

/// An evidence file to hand to a judge.
pub struct EvidenceFile {
    pub bytes: Vec<u8>,
    pub media_type: String,
    /// The original name, or a neutral one when judging is blind.
    pub file_name: String,
}

/// The entrant's name, or in a blind category a label made from the
/// judge's own assignment id, which tells nothing of the entrant.
pub(crate) fn label(blind: bool, assignment_id: &str, name: String) -> String {
    if blind {
        let tail = &assignment_id[assignment_id.len().saturating_sub(6)..];
        format!("Peserta {}", tail.to_uppercase())
    } else {
        name
    }
}

/// The assignments of the calling judge, with what is left to do.
pub async fn mine_all(state: &AppState, caller: Caller) -> Result<Vec<MyAssignment>, ApiError> {
    // A worklist is the judge's own, whatever other roles they hold.
    let Scope::Assignments(judge) = Scope::judging(&caller) else {
        return Err(ApiError::forbidden());
    };
    state
        .db
        .run(move |conn| {
            Ok(store::worklist(conn, &judge)?
                .into_iter()
                .map(
                    |(
                        id,
                        edition_id,
                        category_id,
                        category_name,
                        blind,
                        stage_key,
                        entry_id,
                        name,
                        status,
                        sheet,
                    )| MyAssignment {
                        entrant: label(blind, &id, name),
                        id,
                        edition_id,
                        category_id,
                        category_name,
                        stage_key,
                        entry_id,
                        status,
                        scoresheet_status: sheet.unwrap_or_else(|| "not_started".into()),
                    },
                )
                .collect())
        })
        .await
}

/// One of the caller's assignments to read: the entry's values and
/// evidence, the criteria to score and the scoresheet. Three statements
/// at most: the assignment with everything around it, its evidence, and
/// the criteria (none once the rubric is frozen and cached).
pub async fn read(
    state: &AppState,
    caller: Caller,
    id: String,
) -> Result<AssignmentDetail, ApiError> {
    state
        .db
        .run(move |conn| {
            let reading = own_reading(conn, &caller, &id)?;
            let loaded = &reading.loaded;
            let blind = loaded.category.blind;
            let evidence = store::evidence_of(conn, &loaded.entry_id)?
                .into_iter()
                .enumerate()
                .map(
                    |(i, (id, indicator_key, file_name, media_type, size_bytes))| EvidenceSummary {
                        file_name: if blind {
                            format!(
                                "bukti-{}.{}",
                                i + 1,
                                media_type.rsplit(['/', '.']).next().unwrap_or("bin")
                            )
                        } else {
                            file_name
                        },
                        id,
                        indicator_key,
                        media_type,
                        size_bytes,
                    },
                )
                .collect();
            let criteria = criteria_of(conn, &reading)?;
            let values: serde_json::Value =
                serde_json::from_str(&reading.values_json).unwrap_or_default();
            let Reading {
                loaded,
                region_code,
                name,
                sheet: scoresheet,
                ..
            } = reading;
            Ok(AssignmentDetail {
                assignment: MyAssignment {
                    entrant: label(blind, &loaded.assignment_id, name),
                    id: loaded.assignment_id,
                    edition_id: loaded.edition.id.clone(),
                    category_id: loaded.category.id.clone(),
                    category_name: loaded.category.name_id.clone(),
                    stage_key: loaded.stage_key,
                    entry_id: loaded.entry_id,
                    status: loaded.status,
                    scoresheet_status: scoresheet.status.clone(),
                },
                blind,
                region_code: (!blind).then_some(region_code),
                computed: points(&criteria.computed, &values),
                values,
                form: loaded.category.form.clone(),
                evidence,
                criteria: criteria.judged.clone(),
                scoresheet,
                zone: loaded.edition.zone(),
            })
        })
        .await
}

/// What a draft save from the judge's page needs before saving: the
/// criteria the posted fields are read by, the sheet as it stands and
/// the edition's zone. One statement once the rubric is cached.
pub async fn read_to_save(
    state: &AppState,
    caller: Caller,
    id: String,
) -> Result<SheetToSave, ApiError> {
    state
        .db
        .run(move |conn| {
            let reading = own_reading(conn, &caller, &id)?;
            let criteria = criteria_of(conn, &reading)?;
            Ok(SheetToSave {
                criteria,
                zone: reading.loaded.edition.zone(),
                scoresheet: reading.sheet,
            })
        })
        .await
}

/// What [`read_to_save`] answers.
pub struct SheetToSave {
    pub criteria: Arc<StageCriteria>,
    pub scoresheet: Scoresheet,
    pub zone: Zone,
}

/// The assignment as its judge reads it, if it is the caller's own.
fn own_reading(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Reading, ApiError> {
    require_judge(caller)?;
    let reading = store::reading(conn, id)?;
    require_own(caller, &reading.loaded)?;
    Ok(reading)
}

/// The stage's criteria at the category's current rubric version.
fn criteria_of(conn: &mut DbConnection, reading: &Reading) -> Result<Arc<StageCriteria>, ApiError> {
    let (version, frozen) = reading.rubric.ok_or_else(store::not_found)?;
    store::criteria_at(
        conn,
        &reading.loaded.category.id,
        &reading.loaded.stage_key,
        version,
        frozen,
    )
}

/// Each computed criterion's points for an entry with these values.
fn points(criteria: &[ComputedCriterion], values: &serde_json::Value) -> Vec<ComputedPoints> {
    let value_of = |key: &str| -> Option<Decimal> {
        match values.get(key)? {
            serde_json::Value::String(text) => text.parse().ok(),
            serde_json::Value::Number(number) => number.to_string().parse().ok(),
            serde_json::Value::Bool(yes) => Some(if *yes { Decimal::ONE } else { Decimal::ZERO }),
            _ => None,
        }
    };
    criteria
        .iter()
        .map(|c| ComputedPoints {
            key: c.key.clone(),
            name_id: c.name_id.clone(),
            name_en: c.name_en.clone(),
            points: crate::scoring::computed::evaluate(&c.computed, value_of)
                .ok()
                .map(|p| p.round_dp(2).to_string()),
        })
        .collect()
}

/// An evidence file of one of the caller's assignments.
pub async fn evidence(
    state: &AppState,
    caller: Caller,
    id: String,
    file_id: String,
) -> Result<EvidenceFile, ApiError> {
    let (sha256, media_type, file_name) = state
        .db
        .run(move |conn| {
            let loaded = mine(conn, &caller, &id)?;
            let (sha256, media_type, name) =
                store::evidence_file(conn, &loaded.entry_id, &file_id)?
                    .ok_or_else(|| ApiError::not_found("file-not-found"))?;
            let name = if loaded.category.blind {
                format!(
                    "bukti.{}",
                    media_type.rsplit(['/', '.']).next().unwrap_or("bin")
                )
            } else {
                name
            };
            Ok((sha256, media_type, name))
        })
        .await?;
    let files = state.files.clone();
    let bytes = tokio::task::spawn_blocking(move || files.get(&sha256))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(format!("reading evidence: {e}")))?;
    Ok(EvidenceFile {
        bytes,
        media_type,
        file_name,
    })
}
