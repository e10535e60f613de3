//! Who may read an entry and who may change it, and when: the office of
//! its edition, or the entrant whose organisation it is, while the edition
//! accepts submissions. Evidence and the entry operations ask here.

use crate::auth::{Caller, Role};
use crate::categories::store as categories;
use crate::db::{DbConnection, now};
use crate::editions::access::administers;
use crate::editions::domain::Phase;
use crate::editions::store::{self as editions, EditionRow};
use crate::entries::store::{self, EntryRow};
use crate::error::{ApiError, Msg};

/// 404 for an entry the caller may not see, or that does not exist.
pub fn not_found() -> ApiError {
    ApiError::not_found("entry-not-found")
}

/// How the caller relates to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Office,
    Entrant,
}

/// Loads an entry with its edition, if the caller may see it.
pub fn load(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<(EntryRow, EditionRow, Access), ApiError> {
    if !caller.is_admin() && !caller.has(Role::Entrant) {
        return Err(ApiError::forbidden());
    }
    let entry = store::find(conn, id)?.ok_or_else(not_found)?;
    let edition = editions::find(conn, &entry.edition_id)?.ok_or_else(not_found)?;
    let access = if administers(caller, &edition) {
        Access::Office
    } else if caller.is_member_of(&entry.organisation_id) {
        Access::Entrant
    } else {
        return Err(not_found());
    };
    Ok((entry, edition, access))
}

/// Entrant actions happen only while the edition accepts submissions, judged
/// by the server's clock against the deadline in the edition's time zone.
pub fn require_open(edition: &EditionRow) -> Result<(), ApiError> {
    if edition.accepts_submissions(now()) {
        return Ok(());
    }
    let zone = edition.zone();
    let deadline = edition.submissions_close_at.map(|at| zone.stamp(at));
    Err(ApiError::Conflict(match (edition.phase(), deadline) {
        (Phase::SubmissionsOpen, Some(deadline))
            if edition.submissions_close_at.is_some_and(|c| now() > c) =>
        {
            Msg::with("entry-deadline-passed", &[("deadline", deadline.into())])
        }
        (Phase::SubmissionsOpen, _) => Msg::said("entry-submissions-not-open-yet"),
        _ => Msg::said("entry-submissions-not-open"),
    }))
}

/// The entry, if the caller may read it (office or entrant).
pub fn may_read(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<EntryRow, ApiError> {
    load(conn, caller, id).map(|(entry, _, _)| entry)
}

/// The entry and its form, if the caller may add (or, with `deleting`,
/// remove) evidence now: the entrant, while the entry is open and the
/// edition accepts submissions.
pub fn may_change_files(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    deleting: bool,
) -> Result<(EntryRow, Vec<crate::categories::form::IndicatorField>), ApiError> {
    let (entry, edition, access) = load(conn, caller, id)?;
    require_entrant(access)?;
    let allowed = if deleting {
        entry.status().files_removable()
    } else {
        entry.status().editable()
    };
    if !allowed {
        return Err(ApiError::Conflict(if deleting {
            Msg::said("evidence-remove-draft-only")
        } else {
            Msg::said("entry-frozen")
        }));
    }
    require_open(&edition)?;
    let form = form_of(conn, &entry)?;
    Ok((entry, form))
}

pub fn require_entrant(access: Access) -> Result<(), ApiError> {
    if access == Access::Entrant {
        Ok(())
    } else {
        Err(ApiError::Forbidden(Msg::said("entry-owner-only")))
    }
}

pub fn form_of(
    conn: &mut DbConnection,
    entry: &EntryRow,
) -> Result<Vec<crate::categories::form::IndicatorField>, ApiError> {
    Ok(
        categories::find(conn, &entry.edition_id, &entry.category_id)?
            .ok_or_else(crate::categories::store::not_found)?
            .form,
    )
}
