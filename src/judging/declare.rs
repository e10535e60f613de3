//! Conflicts of interest a judge declares before any assignment: the judge
//! reads the entrants of the stages whose panel they sit on and declares,
//! with a reason, the ones they cannot judge fairly. A declared conflict
//! keeps the judge off that entry for good, by hand or automatically.
//! Blind categories list no entrants: there, detection by region and
//! affiliation stands in for the judge's own declaration. A conflict found
//! only after assignment is declared by recusing from the assignment.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::now;
use crate::db::schema::editions;
use crate::error::{ApiError, Msg};
use crate::judging::access::{mine, require_judge};
use crate::judging::store;
use crate::messages::Said;
use crate::state::AppState;

/// An entrant in a stage the judge sits on.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelEntry {
    pub entry_id: String,
    pub entrant: String,
    pub region_name: String,
    /// The judge already declared a conflict with this entry.
    pub declared: bool,
    /// The judge is already assigned to it (recuse from the assignment instead).
    pub assigned: bool,
}

/// A panel the judge sits on.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyPanel {
    pub edition_id: String,
    pub edition_name: String,
    pub category_id: String,
    pub category_name: String,
    pub stage_key: String,
    /// Blind judging: entrants are not listed.
    pub blind: bool,
    pub entries: Vec<PanelEntry>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub entry_id: String,
    /// The conflict, e.g. "Adik saya bekerja di dinas ini"; recorded.
    pub reason: String,
}

/// A declared conflict as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct Declared {
    pub id: String,
    pub judge_id: String,
    pub entry_id: String,
    pub kind: &'static str,
    pub reason: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub recorded_at: chrono::NaiveDateTime,
}

/// The panels the caller sits on and, unless blind, their entrants.
pub async fn my_panels(state: &AppState, caller: Caller) -> Result<Vec<MyPanel>, ApiError> {
    require_judge(&caller)?;
    state
        .db
        .run(move |conn| {
            let mut out = Vec::new();
            for (
                judge_id,
                edition_id,
                edition_name,
                category_id,
                category_name,
                stage_key,
                blind,
            ) in store::seats(conn, &caller, false)?
            {
                let entries = if blind {
                    Vec::new()
                } else {
                    let declared = store::declared_by(conn, &judge_id)?;
                    let assigned =
                        store::assigned_in_stage(conn, &judge_id, &category_id, &stage_key)?;
                    store::stage_entrants(conn, &category_id, &stage_key)?
                        .into_iter()
                        .map(|(entry_id, entrant, region)| PanelEntry {
                            declared: declared.contains(&entry_id),
                            assigned: assigned.contains(&entry_id),
                            entry_id,
                            entrant,
                            region_name: region.unwrap_or_default(),
                        })
                        .collect()
                };
                out.push(MyPanel {
                    edition_id,
                    edition_name,
                    category_id,
                    category_name,
                    stage_key,
                    blind,
                    entries,
                });
            }
            Ok(out)
        })
        .await
}

/// Declares a conflict with an entrant of one of the caller's panels,
/// before assignment.
pub async fn declare(
    state: &AppState,
    caller: Caller,
    declaration: Declaration,
) -> Result<Declared, ApiError> {
    require_judge(&caller)?;
    let body = declaration;
    let reason = crate::input::reason(&body.reason, Said::DescribeTheConflict)?;
    state
        .db
        .write(move |conn| {
            use diesel::prelude::*;
            let entry_id = body.entry_id;
            // The seat whose stage lists this entry (blind panels list none).
            let mut found = None;
            for (judge_id, edition_id, _, category_id, _, stage_key, blind) in
                store::seats(conn, &caller, true)?
            {
                if blind {
                    continue;
                }
                if store::stage_entrants(conn, &category_id, &stage_key)?
                    .iter()
                    .any(|(id, _, _)| *id == entry_id)
                {
                    found = Some((judge_id, edition_id));
                    break;
                }
            }
            let (judge_id, edition_id) =
                found.ok_or_else(|| ApiError::not_found("entry-not-found"))?;
            let (phase, province): (String, Option<String>) = editions::table
                .find(&edition_id)
                .select((editions::phase, editions::province_code))
                .first(conn)?;
            if phase == "results_published" {
                return Err(crate::editions::domain::judging_closed());
            }
            if store::is_assigned(conn, &judge_id, &entry_id)? {
                return Err(ApiError::Conflict(Msg::said(
                    "conflict-assigned-recuse-instead",
                )));
            }
            if store::has_declared(conn, &judge_id, &entry_id)? {
                return Err(ApiError::Conflict(Msg::said("conflict-already-declared")));
            }
            let at = now();
            let id = store::record_conflict(
                conn,
                &caller,
                store::NewConflict {
                    judge_id: &judge_id,
                    entry_id: &entry_id,
                    kind: "declared",
                    dismissed: false,
                    reason: &reason,
                    at,
                },
            )?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "conflict.declare",
                    object_type: "entry",
                    object_id: &entry_id,
                    province_code: province.as_deref(),
                    before: None,
                    after: Some(serde_json::json!({"judge_id": judge_id, "reason": reason})),
                },
            )?;
            Ok(Declared {
                id,
                judge_id,
                entry_id,
                kind: "declared",
                reason,
                recorded_at: at,
            })
        })
        .await
}

/// Recuses the caller from one of their assignments: a conflict found
/// after assignment. The assignment stops and its scores leave the
/// aggregation.
pub async fn recuse(
    state: &AppState,
    caller: Caller,
    id: String,
    reason: String,
) -> Result<(), ApiError> {
    let reason = crate::input::reason(&reason, Said::DescribeTheConflict)?;
    state
        .db
        .write(move |conn| {
            let loaded = mine(conn, &caller, &id)?;
            loaded.edition.phase().require_judging_open()?;
            store::recuse(conn, &caller, &id, &loaded.entry_id, &reason)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "assignment.recuse",
                    object_type: "assignment",
                    object_id: &id,
                    province_code: loaded.edition.province_code.as_deref(),
                    before: Some(serde_json::json!({"status": loaded.status})),
                    after: Some(serde_json::json!({"status": "recused", "reason": reason})),
                },
            )
        })
        .await
}
