//! Evidence files: uploaded to an entry (optionally to one indicator), typed
//! by their content, stored by SHA-256 and flushed to disk before the row
//! that names them commits. The entrant adds and removes them while the
//! entry is open; whoever may read the entry may read its files.

pub mod kind;
pub mod received;
pub mod store;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::error::{ApiError, Msg};
use crate::messages::Said;
use crate::state::AppState;

use super::access::{may_change_files, may_read};
use kind::{Kind, sanitise_name};
use store::{EvidenceFile, NewFile};

/// An upload as received: the file's name and bytes, and the indicator it
/// supports, if any.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub indicator_key: Option<String>,
}

/// A file to hand out: its row (type, name) and its bytes.
pub struct Download {
    pub file: EvidenceFile,
    pub bytes: Vec<u8>,
}

fn file_not_found() -> ApiError {
    ApiError::not_found("file-not-found")
}

/// Whether the caller may add evidence to the entry now: asked before the
/// upload is read, so strangers cannot make us store anything.
pub async fn may_upload(state: &AppState, caller: &Caller, entry_id: &str) -> Result<(), ApiError> {
    let caller = caller.clone();
    let entry_id = entry_id.to_owned();
    state
        .db
        .run(move |conn| may_change_files(conn, &caller, &entry_id, false))
        .await?;
    Ok(())
}

/// Stores an uploaded file and records it against the entry. The type comes
/// from the content; a name that claims another type is refused.
pub async fn upload(
    state: &AppState,
    caller: Caller,
    entry_id: String,
    upload: Upload,
) -> Result<EvidenceFile, ApiError> {
    // A name with a direction override ("laporan\u{202E}fdp.exe") reads as
    // another file than it is.
    if crate::input::has_forbidden(&upload.name) {
        return Err(crate::input::refusal("file"));
    }
    let kind = Kind::detect(&upload.bytes)
        .ok_or_else(|| ApiError::UnsupportedFile(Msg::said("evidence-type-unsupported")))?;
    if let Some(claimed) = Kind::from_name(&upload.name).filter(|claimed| *claimed != kind) {
        return Err(ApiError::UnsupportedFile(Msg::with(
            "evidence-content-mismatch",
            &[
                ("claimed", claimed.label().into()),
                ("found", kind.label().into()),
            ],
        )));
    }
    let files = state.files.clone();
    let bytes = upload.bytes;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let sha256 = actix_web::web::block(move || files.put(&bytes))
        .await?
        .map_err(|e| ApiError::Internal(format!("storing evidence: {e}")))?;
    let name = sanitise_name(&upload.name, kind);
    let indicator_key = upload.indicator_key;
    state
        .db
        .write(move |conn| {
            let (entry, form) = may_change_files(conn, &caller, &entry_id, false)?;
            if let Some(key) = &indicator_key
                && !form.iter().any(|f| &f.key == key)
            {
                return Err(ApiError::field(
                    "indicator_key",
                    "unknown_indicator",
                    Said::IndicatorNotInForm.msg(),
                ));
            }
            let stored = store::insert(
                conn,
                &NewFile {
                    entry_id: &entry.id,
                    indicator_key: indicator_key.as_deref(),
                    file_name: &name,
                    media_type: kind.media_type(),
                    size_bytes: size,
                    sha256: &sha256,
                    uploaded_by: &caller.user_id,
                },
            )?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "entry.file_upload",
                    object_type: "entry",
                    object_id: &entry.id,
                    province_code: Some(&entry.province_code),
                    before: None,
                    after: audit::snapshot(&stored),
                },
            )?;
            Ok(stored)
        })
        .await
}

/// The evidence of an entry the caller may read.
pub async fn list(
    state: &AppState,
    caller: Caller,
    entry_id: String,
) -> Result<Vec<EvidenceFile>, ApiError> {
    state
        .db
        .run(move |conn| {
            may_read(conn, &caller, &entry_id)?;
            store::of_entry(conn, &entry_id)
        })
        .await
}

/// One evidence file with its bytes.
pub async fn download(
    state: &AppState,
    caller: Caller,
    entry_id: String,
    file_id: String,
) -> Result<Download, ApiError> {
    let file = state
        .db
        .run(move |conn| {
            may_read(conn, &caller, &entry_id)?;
            store::find(conn, &entry_id, &file_id)?.ok_or_else(file_not_found)
        })
        .await?;
    let files = state.files.clone();
    let sha256 = file.sha256.clone();
    let bytes = actix_web::web::block(move || files.get(&sha256))
        .await?
        .map_err(|e| ApiError::Internal(format!("reading evidence {}: {e}", file.sha256)))?;
    Ok(Download { file, bytes })
}

/// Removes an evidence file while the entry is a draft (or returned for
/// correction).
pub async fn delete(
    state: &AppState,
    caller: Caller,
    entry_id: String,
    file_id: String,
) -> Result<(), ApiError> {
    state
        .db
        .write(move |conn| {
            let (entry, _) = may_change_files(conn, &caller, &entry_id, true)?;
            let file = store::find(conn, &entry_id, &file_id)?.ok_or_else(file_not_found)?;
            store::delete(conn, &file_id)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "entry.file_delete",
                    object_type: "entry",
                    object_id: &entry.id,
                    province_code: Some(&entry.province_code),
                    before: audit::snapshot(&file),
                    after: None,
                },
            )
        })
        .await
}
