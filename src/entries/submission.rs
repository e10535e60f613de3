//! The entrant's moves with a drafted entry, until the deadline: submit it
//! to the office (every missing value or document named), withdraw it, and
//! reopen a withdrawn one as a draft.

use serde::Deserialize;
use utoipa::ToSchema;

use chrono::NaiveDateTime;

use crate::auth::Caller;
use crate::categories::store as categories;
use crate::db::{DbConnection, now};
use crate::editions::domain::Zone;
use crate::editions::store::EditionRow;
use crate::entries::status::Status;
use crate::entries::store::{EntryChange, EntryRow, EntryView};
use crate::entries::values::{Values, missing_for_submission};
use crate::error::{ApiError, FieldErrors, Msg};
use crate::mail::entries::Receipt;
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

/// The reference an entrant quotes for a submission: the day it was sent
/// in the edition's zone (the day the receipt shows) and the random end of
/// the entry's id, e.g. `PA-20250531-9F3A2C`.
pub fn reference(entry_id: &str, submitted_at: NaiveDateTime, zone: Zone) -> String {
    let hex: String = entry_id.chars().filter(char::is_ascii_hexdigit).collect();
    let tail = &hex[hex.len().saturating_sub(6)..];
    format!(
        "PA-{}-{}",
        zone.local(submitted_at).format("%Y%m%d"),
        tail.to_ascii_uppercase()
    )
}

/// Queues the receipt of a submission to whoever sent it, listing every
/// value and document, inside the submission's transaction.
fn queue_receipt(
    conn: &mut DbConnection,
    caller: &Caller,
    entry: &EntryRow,
    edition: &EditionRow,
    at: NaiveDateTime,
    public_url: &str,
) -> Result<(), ApiError> {
    let category = categories::find(conn, &entry.edition_id, &entry.category_id)?
        .ok_or_else(crate::categories::store::not_found)?;
    let organisation = crate::organisations::store::find(conn, &entry.organisation_id)?
        .ok_or_else(crate::organisations::access::not_found)?;
    let documents: Vec<(String, Option<String>)> =
        super::evidence::store::of_entry(conn, &entry.id)?
            .into_iter()
            .map(|f| (f.file_name, f.indicator_key))
            .collect();
    let zone = edition.zone();
    let reference = reference(&entry.id, at, zone);

    crate::mail::enqueue(
        conn,
        &[crate::mail::entries::receipt(&Receipt {
            edition,
            category: &category,
            organisation: &organisation.name,
            name: &caller.display_name,
            email: &caller.email,
            reference: &reference,
            at: &zone.stamp(at),
            values: &entry.values(),
            documents: &documents,
            entry_id: &entry.id,
            public_url,
        })],
    )?;
    Ok(())
}

/// Sends the entry to the office, and the entrant a receipt.
pub async fn submit(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
) -> Result<EntryView, ApiError> {
    let public_url = state.settings.mail.public_url.clone();
    apply(
        state,
        caller,
        id,
        expected,
        "entry.submit",
        move |conn, caller, entry, edition, access| {
            require_entrant(access)?;
            if !matches!(entry.status(), Status::Draft | Status::Returned) {
                return Err(ApiError::Conflict(Msg::with(
                    "entry-status-cannot-submit",
                    &[("status", entry.status().as_str().into())],
                )));
            }
            require_open(edition)?;
            check_complete(conn, entry, &entry.values())?;
            let at = now();
            // Queued in this transaction: a submission refused after this
            // point (a stale version) takes its receipt back with it.
            queue_receipt(conn, caller, entry, edition, at, &public_url)?;
            Ok(EntryChange {
                status: Some(Status::Submitted.as_str().into()),
                submitted_at: Some(Some(at)),
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
