//! The entrant's moves with a drafted entry, until the deadline: submit it
//! to the office (every missing value or document named), withdraw it, and
//! reopen a withdrawn one as a draft.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::{DbConnection, now};
use crate::entries::status::Status;
use crate::entries::store::{EntryChange, EntryRow, EntryView};
use crate::entries::values::{Values, missing_for_submission};
use crate::error::{ApiError, FieldErrors, Msg};
use crate::state::AppState;

use super::access::{form_of, require_entrant, require_open};
use super::change::{Expected, apply};

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryActionRequest {
    /// The version you read; or send `If-Match: "<version>"` instead.
    pub version: Option<i32>,
    pub reason: Option<String>,
}

/// Refuses `values` for a submission when a required value or document is
/// missing, naming each one.
pub(super) fn check_complete(
    conn: &mut DbConnection,
    entry: &EntryRow,
    values: &Values,
) -> Result<(), ApiError> {
    let form = form_of(conn, entry)?;
    let documents = super::evidence::store::indicator_keys_with_files(conn, &entry.id)?;
    let mut errors = FieldErrors::new();
    missing_for_submission(&form, values, &documents, "values", &mut errors);
    errors.into_result()
}

/// Sends the entry to the office.
pub async fn submit(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
) -> Result<EntryView, ApiError> {
    apply(
        state,
        caller,
        id,
        expected,
        "entry.submit",
        |conn, _, entry, edition, access| {
            require_entrant(access)?;
            if !matches!(entry.status(), Status::Draft | Status::Returned) {
                return Err(ApiError::Conflict(Msg::with(
                    "entry-status-cannot-submit",
                    &[("status", entry.status().as_str().into())],
                )));
            }
            require_open(edition)?;
            check_complete(conn, entry, &entry.values())?;
            Ok(EntryChange {
                status: Some(Status::Submitted.as_str().into()),
                submitted_at: Some(Some(now())),
                ..EntryChange::default()
            })
        },
    )
    .await
}

/// Withdraws the entry, with the entrant's reason if they give one.
pub async fn withdraw(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
    reason: Option<String>,
) -> Result<EntryView, ApiError> {
    apply(
        state,
        caller,
        id,
        expected,
        "entry.withdraw",
        move |_, _, entry, edition, access| {
            require_entrant(access)?;
            if !entry.status().editable() {
                return Err(ApiError::Conflict(Msg::said("entry-withdrawal-too-late")));
            }
            require_open(edition)?;
            Ok(EntryChange {
                status: Some(Status::Withdrawn.as_str().into()),
                check_note: Some(reason.filter(|r| !r.trim().is_empty())),
                ..EntryChange::default()
            })
        },
    )
    .await
}

/// Takes a withdrawn entry back to draft.
pub async fn reopen(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
) -> Result<EntryView, ApiError> {
    apply(
        state,
        caller,
        id,
        expected,
        "entry.reopen",
        |_, _, entry, edition, access| {
            require_entrant(access)?;
            if entry.status() != Status::Withdrawn {
                return Err(ApiError::Conflict(Msg::said("entry-reopen-withdrawn-only")));
            }
            require_open(edition)?;
            Ok(EntryChange {
                status: Some(Status::Draft.as_str().into()),
                check_note: Some(None),
                ..EntryChange::default()
            })
        },
    )
    .await
}
