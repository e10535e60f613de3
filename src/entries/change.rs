//! One change to an entry, the way every entry change runs: load it with
//! its edition if the caller may see it, decide what changes, apply that
//! only if the entry is still at the version the caller read, audit the
//! before and after; all in one write transaction.

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::DbConnection;
use crate::editions::store::EditionRow;
use crate::entries::store::{self, EntryChange, EntryRow, EntryView};
use crate::error::ApiError;
use crate::state::AppState;

use super::access::{Access, load, not_found};

/// The version of the entry the caller read and means to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    pub version: i32,
    /// The version was given as a precondition (If-Match): a stale one
    /// fails the precondition rather than conflicting.
    pub precondition: bool,
}

impl Expected {
    fn stale(self) -> ApiError {
        if self.precondition {
            ApiError::PreconditionFailed
        } else {
            ApiError::stale_version()
        }
    }
}

/// Runs one entry change: load, check, apply with the version, audit.
pub async fn apply<F>(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
    action: &'static str,
    decide: F,
) -> Result<EntryView, ApiError>
where
    F: FnOnce(
            &mut DbConnection,
            &Caller,
            &EntryRow,
            &EditionRow,
            Access,
        ) -> Result<EntryChange, ApiError>
        + Send
        + 'static,
{
    apply_with(
        state,
        caller,
        id,
        expected,
        action,
        move |conn, caller, entry, edition, access| {
            decide(conn, caller, entry, edition, access).map(|change| (change, ()))
        },
    )
    .await
    .map(|(view, ())| view)
}

/// [`apply`], where deciding also answers something of its own beside the
/// entry as changed (what a page shows after the save).
pub async fn apply_with<F, T>(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
    action: &'static str,
    decide: F,
) -> Result<(EntryView, T), ApiError>
where
    F: FnOnce(
            &mut DbConnection,
            &Caller,
            &EntryRow,
            &EditionRow,
            Access,
        ) -> Result<(EntryChange, T), ApiError>
        + Send
        + 'static,
    T: Send + 'static,
{
    state
        .db
        .write(move |conn| {
            let (entry, edition, access) = load(conn, &caller, &id)?;
            let (change, answer) = decide(conn, &caller, &entry, &edition, access)?;
            if entry.version != expected.version
                || !store::change(conn, &id, expected.version, &change)?
            {
                return Err(expected.stale());
            }
            let before = store::view(conn, entry)?;
            let after = store::find(conn, &id)?.ok_or_else(not_found)?;
            let after = store::view(conn, after)?;
            record(conn, &caller, action, &before, &after)?;
            Ok((after, answer))
        })
        .await
}

fn record(
    conn: &mut DbConnection,
    caller: &Caller,
    action: &str,
    before: &EntryView,
    after: &EntryView,
) -> Result<(), ApiError> {
    let province = before.organisation.region_code.get(..2).map(str::to_owned);
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            object_type: "entry",
            object_id: &before.id,
            province_code: province.as_deref(),
            before: audit::snapshot(before),
            after: audit::snapshot(after),
        },
    )
}
