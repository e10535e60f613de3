//! Applying the plans of a checked file, inside the caller's transaction:
//! new organisations and entries in batches, values merged into existing
//! entries only if no one changed them meanwhile, and one audit record for
//! the whole import.

use indicatif::ProgressBar;

use crate::audit::{self, Actor, Change};
use crate::categories::store::Category;
use crate::db::{DbConnection, now};
use crate::editions::store::EditionRow;
use crate::entries::status::Status;
use crate::error::{ApiError, Msg};

use super::ImportReport;
use super::rows::Plan;
use super::store::{self, NewEntryRow};

const BATCH: usize = 1000;

pub(super) fn write(
    conn: &mut DbConnection,
    edition: &EditionRow,
    category: &Category,
    plans: Vec<Plan>,
    actor: &Actor,
    report: &ImportReport,
    progress: &ProgressBar,
) -> Result<(), ApiError> {
    let at = now();
    let mut organisations_batch = Vec::with_capacity(BATCH);
    let mut entries_batch = Vec::with_capacity(BATCH);
    for plan in plans {
        match plan {
            Plan::Create {
                organisation,
                organisation_id,
                region_code,
                province_code,
                values_json,
            } => {
                if let Some(organisation) = organisation {
                    organisations_batch.push(*organisation);
                }
                entries_batch.push(NewEntryRow {
                    id: crate::users::store::new_id(),
                    edition_id: edition.id.clone(),
                    category_id: category.id.clone(),
                    organisation_id,
                    region_code,
                    province_code,
                    status: Status::Submitted.as_str().into(),
                    values_json,
                    source: "import".into(),
                    submitted_at: Some(at),
                    created_at: at,
                    updated_at: at,
                    version: 1,
                });
                if entries_batch.len() == BATCH {
                    store::flush(conn, &mut organisations_batch, &mut entries_batch)?;
                }
            }
            Plan::Update {
                entry_id,
                version,
                values_json,
            } => {
                if !store::update_values(conn, &entry_id, version, &values_json, at)? {
                    return Err(ApiError::Conflict(Msg::said("import-entry-changed")));
                }
            }
        }
        progress.inc(1);
    }
    store::flush(conn, &mut organisations_batch, &mut entries_batch)?;
    audit::record(
        conn,
        actor,
        Change {
            action: "entry.import",
            object_type: "category",
            object_id: &category.id,
            province_code: edition.province_code.as_deref(),
            before: None,
            after: Some(serde_json::json!({
                "rows": report.rows,
                "entries_created": report.entries_created,
                "entries_updated": report.entries_updated,
                "organisations_created": report.organisations_created,
                "sha256": report.sha256,
            })),
        },
    )
}
