//! The panel of each category's stage, and the shortlist that moves entries
//! into a later stage (hand-picked, or the top N by an earlier stage).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, FieldErrors, Msg};
use crate::judging::access::{StageRef, stage, stage_to_change};
use crate::judging::store::{self, Judge};
use crate::messages::Said;
use crate::results::shortlist::{Pick, top_by_stage};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelRequest {
    /// Edition judge ids (from `/editions/{id}/judges`).
    pub judge_ids: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortlistRequest {
    /// Hand-picked complete entries of the category.
    #[serde(default)]
    pub entry_ids: Vec<String>,
    /// Or: the top N of the category by an earlier stage's score (ties at
    /// the cut-off are all taken).
    #[serde(default)]
    pub top: Option<usize>,
    /// The earlier stage to rank by, with `top`; the previous stage by default.
    #[serde(default)]
    pub by_stage: Option<String>,
    /// Why these entries advance; recorded.
    pub reason: String,
}

/// What a shortlist request added.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShortlistResult {
    pub stage: String,
    pub added: Vec<Pick>,
    /// A tie at the cut-off made the list longer than `top`.
    pub tied_at_cutoff: bool,
}

/// The panel of a stage.
pub async fn get(state: &AppState, caller: Caller, at: StageRef) -> Result<Vec<Judge>, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    state
        .db
        .run(move |conn| {
            let stage = stage(conn, &caller, &edition_id, &category_id, &key)?;
            store::panel_of(conn, &stage)
        })
        .await
}

/// Replaces the panel of a stage with these edition judges.
pub async fn set(
    state: &AppState,
    caller: Caller,
    at: StageRef,
    request: PanelRequest,
) -> Result<Vec<Judge>, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    let ids = request.judge_ids;
    state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let known: Vec<String> = store::judges_of(conn, &edition_id)?
                .into_iter()
                .map(|j| j.id)
                .collect();
            let mut errors = FieldErrors::new();
            for (i, id) in ids.iter().enumerate() {
                if !known.contains(id) {
                    errors.push(
                        format!("judge_ids[{i}]"),
                        "not_a_judge",
                        Msg::said("panel-not-a-judge"),
                    );
                }
            }
            errors.into_result()?;
            store::set_panel(conn, &stage, &ids)?;
            stage.record(
                conn,
                &caller,
                "panel.set",
                serde_json::json!({"stage": key, "judge_ids": ids}),
            )?;
            store::panel_of(conn, &stage)
        })
        .await
}

/// Moves entries into a later stage, with the reason.
pub async fn shortlist(
    state: &AppState,
    caller: Caller,
    at: StageRef,
    request: ShortlistRequest,
) -> Result<ShortlistResult, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = at;
    let body = request;
    let reason = crate::input::reason(&body.reason, Said::GiveAReason)?;
    state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            if stage.first {
                return Err(ApiError::field("stage", "first_stage", Msg::said("panel-first-stage-takes-all")));
            }
            let (picks, tied_at_cutoff) = match (body.top, body.entry_ids.is_empty()) {
                (Some(_), false) | (None, true) => {
                    return Err(ApiError::field("entry_ids", "choose_one", Msg::said("panel-entry-ids-or-top")));
                }
                (Some(0), true) => {
                    return Err(ApiError::field("top", "out_of_range", Msg::said("panel-top-at-least-one")));
                }
                (Some(n), true) => top_by_stage(conn, stage.category.clone(), &key, body.by_stage.as_deref(), n)?,
                (None, false) => {
                    let complete: HashSet<String> =
                        store::complete_entries(conn, &category_id)?.into_iter().collect();
                    let mut errors = FieldErrors::new();
                    for (i, id) in body.entry_ids.iter().enumerate() {
                        if !complete.contains(id) {
                            errors.push(format!("entry_ids[{i}]"), "not_complete", Msg::said("panel-entry-not-complete"));
                        }
                    }
                    errors.into_result()?;
                    let picks = body.entry_ids.iter().map(|id| Pick { entry_id: id.clone(), rank: None, score: None }).collect();
                    (picks, false)
                }
            };
            let ids: Vec<&str> = picks.iter().map(|p| p.entry_id.as_str()).collect();
            store::shortlist(conn, &caller, &stage, &ids, &reason)?;
            stage.record(conn, &caller, "shortlist.add", serde_json::json!({"stage": key, "entry_ids": ids, "top": body.top, "by_stage": body.by_stage, "reason": reason}))?;
            Ok(ShortlistResult { stage: key.clone(), added: picks, tied_at_cutoff })
        })
        .await
}
