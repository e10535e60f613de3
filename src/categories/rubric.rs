//! A category's rubric: the current version, every version, and setting
//! it. Before judging the current version is rewritten in place; once
//! judging has opened the rubric is frozen and a change makes a new version
//! with its reason.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::rules::check_tie_break;
use crate::categories::setup::not_found;
use crate::categories::store::{self, RubricVersion};
use crate::editions::access::administered;
use crate::editions::domain::Phase;
use crate::error::{ApiError, FieldErrors, Msg};
use crate::messages::Said;
use crate::rubrics::model::{Rubric, Stage};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"stages": [
    {"key": "data", "name_id": "Data", "weight": "60", "criteria": [
        {"key": "coverage", "name_id": "Cakupan pekerja penerima upah", "weight": "70",
         "computed": {"source": {"ratio": {"numerator": "pu_covered", "denominator": "pu_eligible"}},
                      "mapping": {"linear": {"floor": "0.2", "target": "0.9"}}, "direction": "higher_is_better"}},
        {"key": "regulation", "name_id": "Regulasi daerah", "weight": "30",
         "judged": {"min": "0", "max": "10", "step": "1", "comment_required": true}}]},
    {"key": "interview", "name_id": "Wawancara", "weight": "40", "criteria": [
        {"key": "presentation", "name_id": "Presentasi", "weight": "100",
         "judged": {"min": "0", "max": "100", "step": "5"}}]}]}))]
pub struct RubricInput {
    pub stages: Vec<Stage>,
    /// Why the rubric changes; required once judging has opened (the change
    /// then makes a new version).
    pub reason: Option<String>,
}

/// The category's current rubric, for the edition's admins.
pub async fn current(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
) -> Result<RubricVersion, ApiError> {
    state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            store::current_rubric(conn, &category_id)?
                .ok_or_else(|| ApiError::not_found("rubric-not-found"))?
                .decode()
        })
        .await
}

/// Every version of the category's rubric, oldest first, for the edition's
/// admins.
pub async fn versions(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
) -> Result<Vec<RubricVersion>, ApiError> {
    state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            store::rubric_history(conn, &category_id)
        })
        .await
}

/// Sets the category's rubric, reporting every problem at once by path;
/// nothing changes once results are published.
pub async fn set(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
    input: RubricInput,
) -> Result<RubricVersion, ApiError> {
    let RubricInput { stages, reason } = input;
    let rubric = Rubric { stages };
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            if edition.phase() == Phase::ResultsPublished {
                return Err(ApiError::Conflict(Said::ResultsAlreadyPublished.msg()));
            }
            let category = store::find(conn, &edition_id, &category_id)?.ok_or_else(not_found)?;
            let mut errors = match rubric.validate(&category.form) {
                Ok(()) => Vec::new(),
                Err(ApiError::Validation(errors)) => errors,
                Err(other) => return Err(other),
            };
            let mut tie_errors = FieldErrors::new();
            check_tie_break(
                &category.tie_break,
                &rubric,
                "category.tie_break",
                &mut tie_errors,
            );
            if let Err(ApiError::Validation(more)) = tie_errors.into_result() {
                errors.extend(more);
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let current = store::current_rubric(conn, &category_id)?;
            let judging = edition.phase() >= Phase::Judging;
            let before = current.clone().map(|row| row.decode()).transpose()?;
            match &current {
                Some(row) if !row.frozen => {
                    store::replace_rubric(conn, &category_id, row.version, &rubric)?
                }
                Some(row) => {
                    let Some(reason) = reason.as_deref() else {
                        return Err(ApiError::field(
                            "reason",
                            "required",
                            Msg::said("rubric-frozen-give-reason"),
                        ));
                    };
                    store::insert_rubric(
                        conn,
                        &category_id,
                        row.version.saturating_add(1),
                        &rubric,
                        true,
                        Some(reason),
                        Some(&caller.user_id),
                    )?;
                }
                None => store::insert_rubric(
                    conn,
                    &category_id,
                    1,
                    &rubric,
                    judging,
                    reason.as_deref(),
                    Some(&caller.user_id),
                )?,
            }
            let saved = store::current_rubric(conn, &category_id)?
                .ok_or_else(|| ApiError::Internal("rubric vanished".into()))?
                .decode()?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "rubric.update",
                    object_type: "category",
                    object_id: &category_id,
                    province_code: edition.province_code.as_deref(),
                    before: before.as_ref().and_then(audit::snapshot),
                    after: audit::snapshot(&saved),
                },
            )?;
            Ok(saved)
        })
        .await
}
