//! A judge's worklist: their assignments, an assigned entry to read with
//! its evidence (without the entrant's identity when the category is
//! blind), and the criteria to score it by.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::categories::form::IndicatorField;
use crate::error::ApiError;
use crate::judging::access::mine;
use crate::judging::scoresheet::{ComputedCriterion, JudgedCriterion, Scoresheet};
use crate::judging::store;
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
/// evidence, the criteria to score and the scoresheet.
pub async fn read(
    state: &AppState,
    caller: Caller,
    id: String,
) -> Result<AssignmentDetail, ApiError> {
    state
        .db
        .run(move |conn| {
            let loaded = mine(conn, &caller, &id)?;
            let blind = loaded.category.blind;
            let (values_json, region_code, name) = store::entry_facts(conn, &loaded.entry_id)?;
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
            let criteria = store::criteria_of(conn, &loaded)?;
            let scoresheet = store::sheet(conn, &loaded.assignment_id)?;
            let values: serde_json::Value = serde_json::from_str(&values_json).unwrap_or_default();
            let scoresheet_status = scoresheet.status.clone();
            Ok(AssignmentDetail {
                assignment: MyAssignment {
                    id: loaded.assignment_id.clone(),
                    edition_id: loaded.edition.id.clone(),
                    category_id: loaded.category.id.clone(),
                    category_name: loaded.category.name_id.clone(),
                    stage_key: loaded.stage_key.clone(),
                    entrant: label(blind, &loaded.assignment_id, name),
                    entry_id: loaded.entry_id.clone(),
                    status: loaded.status.clone(),
                    scoresheet_status,
                },
                blind,
                region_code: (!blind).then_some(region_code),
                computed: points(&criteria.computed, &values),
                values,
                form: loaded.category.form.clone(),
                evidence,
                criteria: criteria.judged.clone(),
                scoresheet,
            })
        })
        .await
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
