//! Everything a scoresheet save or submission must pass before it is
//! written: the caller's own active assignment and standing, the judging
//! phase, the sheet's version and lock, and every mark against the rubric.
//! Single saves and batched ones (`save_batch.rs`) share it.

use crate::audit;
use crate::auth::{Role, SignedIn};
use crate::db::DbConnection;
use crate::editions::domain::Phase;
use crate::error::{ApiError, FieldErrors, Msg};
use crate::judging::access::{not_found, require_judging};
use crate::judging::scoresheet::{Marks, Scoresheet, check_complete, check_marks};
use crate::judging::store::{SaveContext, criteria_at};

/// One save or submission, as the judge sent it.
pub struct SaveRequest {
    pub signed_in: SignedIn,
    pub id: String,
    pub version: i32,
    /// Absent on submission: the sheet's saved marks are submitted.
    pub marks: Option<Marks>,
    pub submit: bool,
}

impl SaveRequest {
    pub fn action(&self) -> &'static str {
        if self.submit {
            "scoresheet.submit"
        } else {
            "scoresheet.save"
        }
    }
}

/// A save that passed every check: what to write and record.
pub struct Checked {
    pub assignment_id: String,
    pub action: &'static str,
    pub actor: audit::Actor,
    pub province_code: Option<String>,
    pub current: Scoresheet,
    pub saved: Scoresheet,
}

/// Everything a save must pass, given what [`save_context`] (or its batched
/// form) read; `conn` serves only the rare reads beyond it (an unfrozen
/// rubric, the standing of a caller who is not the assignment's judge).
pub fn check_save(
    conn: &mut DbConnection,
    request: SaveRequest,
    context: Option<SaveContext>,
    at: chrono::NaiveDateTime,
) -> Result<Checked, ApiError> {
    let action = request.action();
    let SaveRequest {
        signed_in,
        id: assignment_id,
        version,
        marks,
        submit,
    } = request;
    let context = context.filter(|context| context.judge_user == signed_in.user_id());
    let Some(context) = context else {
        // Not the caller's own: the caller's standing decides between 401,
        // 403 and 404, as for every other judging endpoint.
        let caller = signed_in.load(conn)?;
        return Err(if caller.has(Role::Judge) {
            not_found()
        } else {
            ApiError::forbidden()
        });
    };
    signed_in.admit(context.standing)?;
    let SaveContext {
        status,
        stage_key,
        category_id,
        phase,
        province_code,
        email,
        current,
        rubric,
        ..
    } = context;
    if status != "active" {
        return Err(ApiError::Conflict(Msg::said("scoresheet-recused")));
    }
    require_judging(Phase::parse(&phase).unwrap_or(Phase::Draft))?;
    if current.status == "submitted" {
        return Err(ApiError::Conflict(Msg::said("scoresheet-locked")));
    }
    if current.version != version {
        return Err(ApiError::stale_version());
    }
    let marks = marks.unwrap_or_else(|| current.scores.clone());
    let (rubric_version, frozen) = rubric.ok_or_else(not_found)?;
    let criteria = criteria_at(conn, &category_id, &stage_key, rubric_version, frozen)?;
    let mut errors = FieldErrors::new();
    check_marks(&criteria.judged, &marks, &mut errors);
    if submit {
        check_complete(&criteria.judged, &marks, &mut errors);
    }
    errors.into_result()?;
    let saved = current.saved(marks, submit, at);
    Ok(Checked {
        assignment_id,
        action,
        actor: signed_in.actor(email),
        province_code,
        current,
        saved,
    })
}
