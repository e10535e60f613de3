//! Bulk import of indicator data for one category from CSV (a BPJS data
//! extract): one row per organisation, columns named by indicator keys.
//! Organisations are matched by employer registration number (companies) or
//! by region code (governments) and created when missing. A dry run reports
//! every bad row and writes nothing; a real run writes everything or nothing.
//!
//! The header is checked first (`columns`), then every row is checked
//! against what exists (`store`) and planned (`rows`), then the plans are
//! written (`apply`). The command line calls [`import_entries`]; the API
//! calls [`import`].

mod apply;
mod columns;
mod rows;
mod store;

use indicatif::ProgressBar;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::Caller;
use crate::categories::store::Category;
use crate::db::{DbConnection, write_transaction};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::error::{ApiError, FieldError, Msg};
use crate::state::AppState;

use columns::Columns;
use rows::Plan;
use store::Existing;

/// Rows with problems listed in full; beyond this only counted.
const MAX_LISTED: usize = 1000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowProblem {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// The column concerned, if one.
    pub column: Option<String>,
    pub message: String,
    pub message_en: String,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// True when no row has a problem (a real run then wrote everything).
    pub valid: bool,
    pub rows: usize,
    pub entries_created: usize,
    pub entries_updated: usize,
    pub organisations_created: usize,
    pub problem_count: usize,
    /// The first problems, each by line and column.
    pub problems: Vec<RowProblem>,
    /// SHA-256 of the file, recorded in the audit log.
    pub sha256: String,
}

impl ImportReport {
    fn problem(&mut self, line: u64, column: Option<&str>, msg: Msg) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(RowProblem {
                line,
                column: column.map(str::to_owned),
                message: msg.id.into_owned(),
                message_en: msg.en.into_owned(),
            });
        }
    }
}

fn choice<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_owned())).ok()
}

/// Reads, checks and (unless `dry_run`) writes. Bad rows make a report with
/// `valid = false` and nothing written.
pub fn import_entries(
    conn: &mut DbConnection,
    edition: &EditionRow,
    category: &Category,
    bytes: &[u8],
    dry_run: bool,
    actor: &Actor,
    progress: &ProgressBar,
) -> Result<ImportReport, ApiError> {
    let mut report = ImportReport {
        dry_run,
        sha256: hex::encode(Sha256::digest(bytes)),
        ..ImportReport::default()
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| {
            ApiError::BadRequest(Msg::with(
                "import-header-unreadable",
                &[("cause", e.into())],
            ))
        })?
        .clone();
    let columns = Columns::check(headers, category, &mut report);
    if report.problem_count > 0 {
        return Ok(report);
    }

    // What exists already, loaded once.
    let mut existing = Existing::load(conn, edition, category)?;
    let plans = rows::plan(
        &mut reader,
        &columns,
        category,
        &mut existing,
        &mut report,
        progress,
    );
    report.valid = report.problem_count == 0;
    report.organisations_created = plans
        .iter()
        .filter(|p| {
            matches!(
                p,
                Plan::Create {
                    organisation: Some(_),
                    ..
                }
            )
        })
        .count();
    report.entries_created = plans
        .iter()
        .filter(|p| matches!(p, Plan::Create { .. }))
        .count();
    report.entries_updated = plans.len() - report.entries_created;
    if dry_run || !report.valid {
        return Ok(report);
    }
    write_transaction(conn, |conn| {
        apply::write(conn, edition, category, plans, actor, &report, progress)
    })?;
    Ok(report)
}

/// The largest CSV accepted over HTTP.
pub const MAX_IMPORT_BYTES: usize = 128 * 1024 * 1024;

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check every row and report, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// Imports a CSV file into a category of an edition the caller administers,
/// before judging opens. A real run with bad rows writes nothing and is
/// refused with every row's problem, each as `rows[line].column`.
pub async fn import(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
    csv: impl AsRef<[u8]> + Send + 'static,
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    caller.require_admin()?;
    // A write like any other: on SQLite it queues for the one writer rather
    // than holding the database lock while grouped writes time out on it.
    let report = state
        .db
        .write(move |conn| {
            let edition = crate::editions::access::administered(conn, &caller, &edition_id)?;
            if !matches!(
                edition.phase(),
                Phase::Draft | Phase::SubmissionsOpen | Phase::SubmissionsClosed
            ) {
                return Err(ApiError::Conflict(Msg::said("import-before-judging")));
            }
            let category = crate::categories::store::find(conn, &edition_id, &category_id)?
                .ok_or_else(crate::categories::store::not_found)?;
            import_entries(
                conn,
                &edition,
                &category,
                csv.as_ref(),
                dry_run,
                &caller.actor(),
                &ProgressBar::hidden(),
            )
        })
        .await?;
    if !dry_run && !report.valid {
        let errors = report
            .problems
            .iter()
            .map(|p| FieldError {
                field: match &p.column {
                    Some(column) => format!("rows[{}].{column}", p.line),
                    None => format!("rows[{}]", p.line),
                },
                code: "invalid_row".into(),
                message: p.message.clone().into(),
                message_en: p.message_en.clone().into(),
            })
            .collect();
        return Err(ApiError::Validation(errors));
    }
    Ok(report)
}
