//! Assigning judges to the entries of a stage: one by hand (a conflict
//! refuses it with the reason), or all at once from the panel, conflicts
//! avoided and loads balanced (the algorithm is in `assign.rs`). Each
//! judge given new entries gets one email for the batch.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::error::{ApiError, Arg, Msg};
use crate::judging::access::{StageRef, stage, stage_to_change};
use crate::judging::assign::{self, Shortfall};
use crate::judging::conflicts;
use crate::judging::store::{self, Assignment, Judge, Stage};
use crate::mail;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualAssignment {
    pub judge_id: String,
    pub entry_id: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoAssignRequest {
    /// Judges per entry.
    pub per_entry: usize,
    /// Most entries per judge in this stage.
    pub cap: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShortfallView {
    pub entry_id: String,
    pub assigned: usize,
    pub wanted: usize,
    pub conflicted: usize,
    pub at_cap: usize,
    pub reason: String,
    pub reason_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentReport {
    pub created: usize,
    /// Entries per judge in this stage after the run, by judge id.
    #[schema(value_type = Object)]
    pub loads: HashMap<String, usize>,
    /// Entries that could not get all their judges, and why.
    pub shortfalls: Vec<ShortfallView>,
}

/// The assignments of a stage.
pub async fn list(
    state: &AppState,
    caller: Caller,
    at: StageRef,
) -> Result<Vec<Assignment>, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    state
        .db
        .run(move |conn| {
            let stage = stage(conn, &caller, &edition_id, &category_id, &key)?;
            store::assignments_of(conn, &stage)
        })
        .await
}

/// Assigns one judge of the panel to one entry of the stage.
pub async fn by_hand(
    state: &AppState,
    caller: Caller,
    at: StageRef,
    request: ManualAssignment,
) -> Result<Assignment, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    let body = request;
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = store::panel_of(conn, &stage)?;
            let Some(judge) = panel.iter().find(|j| j.id == body.judge_id) else {
                return Err(ApiError::field(
                    "judge_id",
                    "not_on_panel",
                    Msg::said("assignment-judge-not-on-panel"),
                ));
            };
            let entries = store::stage_entries(conn, &stage)?;
            let Some(entry) = entries.iter().find(|(id, _, _)| *id == body.entry_id) else {
                return Err(ApiError::field(
                    "entry_id",
                    "not_in_stage",
                    Msg::said("assignment-entry-not-in-stage"),
                ));
            };
            let found = conflicts::between(
                conn,
                std::slice::from_ref(judge),
                std::slice::from_ref(entry),
            )?;
            if let Some(conflict) = found.iter().find(|c| !c.dismissed) {
                return Err(ApiError::Conflict(Msg::with(
                    "assignment-conflict-of-interest",
                    &[("reason", Arg::each(&conflict.reason, &conflict.reason_en))],
                )));
            }
            if store::assignments_of(conn, &stage)?
                .iter()
                .any(|a| a.judge_id == judge.id && a.entry_id == entry.0)
            {
                return Err(ApiError::Conflict(Msg::said("assignment-exists")));
            }
            let made = store::insert_assignment(conn, &caller, &stage, &judge.id, &entry.0)?;
            tell_judges(
                conn,
                &stage,
                &panel,
                std::slice::from_ref(&judge.id),
                &public_url,
            )?;
            stage.record(
                conn,
                &caller,
                "assignment.create",
                serde_json::json!({"stage": key, "judge_id": judge.id, "entry_id": entry.0}),
            )?;
            Ok(made)
        })
        .await
}

/// Assigns `per_entry` judges of the panel to every entry of the stage:
/// no conflicts, loads balanced, an optional cap; assignments already made
/// stay.
pub async fn automatically(
    state: &AppState,
    caller: Caller,
    at: StageRef,
    request: AutoAssignRequest,
) -> Result<AssignmentReport, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    let body = request;
    if !(1..=50).contains(&body.per_entry) {
        return Err(ApiError::field(
            "per_entry",
            "out_of_range",
            Msg::said("assignment-judges-per-entry"),
        ));
    }
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = store::panel_of(conn, &stage)?;
            let entries = store::stage_entries(conn, &stage)?;
            let conflicts: HashSet<(String, String)> = conflicts::between(conn, &panel, &entries)?
                .into_iter()
                .filter(|c| !c.dismissed)
                .map(|c| (c.judge_id, c.entry_id))
                .collect();
            let existing: Vec<(String, String)> = store::assignments_of(conn, &stage)?
                .into_iter()
                .filter(|a| a.status == "active")
                .map(|a| (a.judge_id, a.entry_id))
                .collect();
            let entry_ids: Vec<String> = entries.iter().map(|(id, _, _)| id.clone()).collect();
            let judge_ids: Vec<String> = panel.iter().map(|j| j.id.clone()).collect();
            let outcome = assign::assign(&assign::Problem {
                entries: &entry_ids,
                judges: &judge_ids,
                conflicts: &conflicts,
                existing: &existing,
                per_entry: body.per_entry,
                cap: body.cap,
            });
            for (judge, entry) in &outcome.new {
                store::insert_assignment(conn, &caller, &stage, judge, entry)?;
            }
            let judges_given: Vec<String> = outcome.new.iter().map(|(judge, _)| judge.clone()).collect();
            tell_judges(conn, &stage, &panel, &judges_given, &public_url)?;
            let mut loads: HashMap<String, usize> = judge_ids.iter().map(|j| (j.clone(), 0)).collect();
            for (judge, _) in existing.iter().chain(outcome.new.iter()) {
                *loads.entry(judge.clone()).or_default() += 1;
            }
            let shortfalls = outcome.shortfalls.iter().map(explain).collect();
            stage.record(conn, &caller, "assignment.auto", serde_json::json!({"stage": key, "per_entry": body.per_entry, "cap": body.cap, "created": outcome.new.len(), "shortfalls": outcome.shortfalls.len()}))?;
            Ok(AssignmentReport { created: outcome.new.len(), loads, shortfalls })
        })
        .await
}

/// Queues one email per judge for the assignments just made in a stage
/// (`given` holds a judge's id once per new assignment), sent once the
/// batch commits.
fn tell_judges(
    conn: &mut DbConnection,
    stage: &Stage,
    panel: &[Judge],
    given: &[String],
    public_url: &str,
) -> Result<(), ApiError> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for judge in given {
        *counts.entry(judge.as_str()).or_default() += 1;
    }
    let emails: Vec<_> = panel
        .iter()
        .filter_map(|judge| {
            let count = *counts.get(judge.id.as_str())?;
            Some(mail::judging::assigned(&mail::judging::Assigned {
                edition: &stage.edition,
                category: mail::judging::category_name(
                    &stage.category.name_id,
                    &stage.category.name_en,
                ),
                stage: mail::judging::stage_name(&stage.key),
                judge: mail::judging::Judge {
                    name: &judge.display_name,
                    email: &judge.email,
                },
                count,
                public_url,
            }))
        })
        .collect();
    mail::enqueue(conn, &emails)?;
    Ok(())
}

fn explain(shortfall: &Shortfall) -> ShortfallView {
    let reason = Msg::with(
        "assignment-shortfall",
        &[
            ("assigned", shortfall.assigned.into()),
            ("wanted", shortfall.wanted.into()),
            ("conflicted", shortfall.conflicted.into()),
            ("at_cap", shortfall.at_cap.into()),
        ],
    );
    ShortfallView {
        entry_id: shortfall.entry.clone(),
        assigned: shortfall.assigned,
        wanted: shortfall.wanted,
        conflicted: shortfall.conflicted,
        at_cap: shortfall.at_cap,
        reason: reason.id.into_owned(),
        reason_en: reason.en.into_owned(),
    }
}
