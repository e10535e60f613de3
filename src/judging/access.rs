//! Who may work on judging: a stage, for the admins of its edition (and,
//! to change anything, only while the results are not published); an
//! assignment, for its own judge only, who scores during the judging phase.

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::categories::store as categories;
use crate::db::DbConnection;
use crate::editions::access::administered;
use crate::editions::domain::Phase;
use crate::error::{ApiError, Msg};
use crate::judging::store::{self, Loaded};
pub use crate::judging::store::{Stage, not_found};
use crate::messages::Said;

/// A category's stage, as a path names it: (edition, category, stage key).
pub type StageRef = (String, String, String);

pub fn stage(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    category_id: &str,
    key: &str,
) -> Result<Stage, ApiError> {
    let edition = administered(conn, caller, edition_id)?;
    let category = categories::find(conn, edition_id, category_id)?
        .ok_or_else(crate::categories::store::not_found)?;
    let rubric = categories::current_rubric(conn, category_id)?
        .ok_or_else(|| ApiError::Conflict(Said::NoRubricYet.msg()))?
        .decode()?
        .rubric;
    let position = rubric
        .stages
        .iter()
        .position(|s| s.key == key)
        .ok_or_else(|| ApiError::not_found("stage-not-found"))?;
    Ok(Stage {
        edition,
        category,
        key: key.to_owned(),
        first: position == 0,
    })
}

/// A stage whose judging is changed: refused once results are published.
pub fn stage_to_change(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    category_id: &str,
    key: &str,
) -> Result<Stage, ApiError> {
    let stage = stage(conn, caller, edition_id, category_id, key)?;
    stage.edition.phase().require_judging_open()?;
    Ok(stage)
}

impl Stage {
    /// Records a change to the stage in the audit log, under its category.
    pub fn record(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        action: &str,
        after: serde_json::Value,
    ) -> Result<(), ApiError> {
        audit::record(
            conn,
            &caller.actor(),
            Change {
                action,
                object_type: "category",
                object_id: &self.category.id,
                province_code: self.edition.province_code.as_deref(),
                before: None,
                after: Some(after),
            },
        )
    }
}

/// The assignment, if it is the caller's own (others look absent).
pub fn mine(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Loaded, ApiError> {
    require_judge(caller)?;
    let loaded = store::load(conn, id)?;
    require_own(caller, &loaded)?;
    Ok(loaded)
}

/// Another judge's assignment looks absent.
pub fn require_own(caller: &Caller, loaded: &Loaded) -> Result<(), ApiError> {
    if loaded.judge_user == caller.user_id {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// The judge's own side of judging is for judges only.
pub fn require_judge(caller: &Caller) -> Result<(), ApiError> {
    if caller.has(Role::Judge) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Judges score only while the edition is in its judging phase.
pub fn require_judging(phase: Phase) -> Result<(), ApiError> {
    phase.require_judging_open()?;
    if phase == Phase::Judging {
        Ok(())
    } else {
        Err(ApiError::Conflict(Msg::said("judging-phase-only")))
    }
}
