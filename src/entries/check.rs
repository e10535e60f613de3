//! The administrative check: the edition's office marks a submitted entry
//! complete, rejects it, or returns it for correction before the deadline,
//! with a reason the entrant sees.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::now;
use crate::editions::domain::Phase;
use crate::entries::status::{Decision, Status};
use crate::entries::store::{EntryChange, EntryView};
use crate::error::{ApiError, Msg};
use crate::state::AppState;

use super::access::Access;
use super::change::{Expected, apply};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3, "decision": "returned", "reason": "Lampirkan SK Bupati tentang perlindungan pekerja rentan."}))]
pub struct CheckRequest {
    /// The version you read; required unless the If-Match header carries it.
    pub version: Option<i32>,
    pub decision: Decision,
    /// Required for `rejected` and `returned`; the entrant sees it.
    pub reason: Option<String>,
}

/// Records the office's decision on a submitted entry.
pub async fn check(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
    decision: Decision,
    reason: Option<String>,
) -> Result<EntryView, ApiError> {
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    apply(
        state,
        caller,
        id,
        expected,
        "entry.check",
        move |_, caller, entry, edition, access| {
            if access != Access::Office {
                return Err(ApiError::Forbidden(Msg::said("check-admins-only")));
            }
            if decision.needs_reason() && reason.is_none() {
                return Err(ApiError::field(
                    "reason",
                    "required",
                    Msg::said("check-give-reason"),
                ));
            }
            if !matches!(
                edition.phase(),
                Phase::SubmissionsOpen | Phase::SubmissionsClosed
            ) {
                return Err(ApiError::Conflict(Msg::said("check-before-judging")));
            }
            if !matches!(
                entry.status(),
                Status::Submitted | Status::Complete | Status::Rejected
            ) {
                return Err(ApiError::Conflict(Msg::said("check-submitted-only")));
            }
            if decision == Decision::Returned && !edition.accepts_submissions(now()) {
                return Err(ApiError::Conflict(Msg::said(
                    "check-return-before-deadline",
                )));
            }
            Ok(EntryChange {
                status: Some(decision.status().as_str().into()),
                checked_at: Some(Some(now())),
                checked_by: Some(Some(caller.user_id.clone())),
                check_note: Some(reason),
                ..EntryChange::default()
            })
        },
    )
    .await
}
