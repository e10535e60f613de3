//! The administrative check: the edition's office marks a submitted entry
//! complete, rejects it, or returns it for correction before the deadline,
//! with a reason the entrant sees.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::{DbConnection, now};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::entries::status::{Decision, Status};
use crate::entries::store::EntryRow;
use crate::entries::store::{EntryChange, EntryView};
use crate::error::{ApiError, Msg};
use crate::mail;
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
    let public_url = state.settings.mail.public_url.clone();
    apply(
        state,
        caller,
        id,
        expected,
        "entry.check",
        move |conn, caller, entry, edition, access| {
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
            // Told in this transaction: a decision refused after this
            // point (a stale version) takes its emails back with it.
            tell_entrants(
                conn,
                entry,
                edition,
                decision,
                reason.as_deref(),
                &public_url,
            )?;
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

/// Emails the decision and its reason to everyone who belongs to the
/// entry's organisation.
fn tell_entrants(
    conn: &mut DbConnection,
    entry: &EntryRow,
    edition: &EditionRow,
    decision: Decision,
    reason: Option<&str>,
    public_url: &str,
) -> Result<(), ApiError> {
    let category = crate::categories::store::find(conn, &entry.edition_id, &entry.category_id)?
        .ok_or_else(crate::categories::store::not_found)?;
    let organisation = crate::organisations::store::find(conn, &entry.organisation_id)?
        .ok_or_else(crate::organisations::access::not_found)?;
    let emails: Vec<_> = crate::organisations::store::members(conn, &entry.organisation_id)?
        .iter()
        .map(|(email, name)| {
            mail::entries::checked(&mail::entries::Checked {
                edition,
                category: &category,
                organisation: &organisation.name,
                decision,
                reason,
                name,
                email,
                entry_id: &entry.id,
                public_url,
            })
        })
        .collect();
    mail::enqueue(conn, &emails)?;
    Ok(())
}
