//! Importing entries from a CSV file in the office (a BPJS data extract):
//! the category is chosen and the columns it takes are shown; "check"
//! reads every row and lists every bad line and column, writing nothing;
//! "import" checks the same way and, when every row is good, writes them
//! all at once (or nothing). They call `entries::import`, as the API does.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::web;
use minijinja::context;
use serde::Serialize;

use super::require_admin;
use crate::categories::form::FieldType;
use crate::categories::setup as category_setup;
use crate::editions::setup;
use crate::entries::evidence::received;
use crate::entries::import::{self, ImportReport, MAX_IMPORT_BYTES};
use crate::error::ApiError;
use crate::web::entry_fields::pick;
use crate::web::page::{Flash, PageResult, Visitor};

#[derive(Serialize)]
struct Choice {
    id: String,
    name: String,
    /// The header line a file for this category starts with.
    header: String,
}

#[derive(Serialize)]
struct Problem {
    line: u64,
    column: Option<String>,
    message: String,
}

async fn import_page(
    v: &Visitor,
    edition_id: String,
    status: StatusCode,
    chosen: &str,
    report: Option<&ImportReport>,
    problem: Option<String>,
) -> PageResult {
    let caller = require_admin(v)?;
    let fail = |e| v.fail(e);
    let edition = setup::get_administered(v.state(), caller.clone(), edition_id.clone())
        .await
        .map_err(fail)?;
    let categories = category_setup::list(v.state(), caller, edition_id)
        .await
        .map_err(fail)?;
    let choices: Vec<Choice> = categories
        .iter()
        .map(|c| {
            let companies = c.eligibility.kinds.iter().any(|k| k.as_str() == "company");
            let mut columns: Vec<&str> = if companies {
                vec![
                    "employer_number",
                    "name",
                    "region_code",
                    "size_class",
                    "sector",
                ]
            } else {
                vec!["region_code"]
            };
            if c.eligibility.kinds.len() > 1 {
                columns.insert(0, "kind");
            }
            columns.extend(
                c.form
                    .iter()
                    .filter(|f| f.field_type != FieldType::Document)
                    .map(|f| f.key.as_str()),
            );
            Choice {
                id: c.id.clone(),
                name: pick(v.lang, &c.name_id, &c.name_en),
                header: columns.join(","),
            }
        })
        .collect();
    let problems: Vec<Problem> = report
        .map(|r| {
            r.problems
                .iter()
                .map(|p| Problem {
                    line: p.line,
                    column: p.column.clone(),
                    message: pick(v.lang, &p.message, &p.message_en),
                })
                .collect()
        })
        .unwrap_or_default();
    v.render_status(
        status,
        "office_import.html",
        context! {
            id => &edition.id,
            name => &edition.name,
            categories => minijinja::value::Serde(&choices),
            chosen => chosen,
            report => report.map(|r| context! {
                dry_run => r.dry_run,
                valid => r.valid,
                rows => r.rows,
                created => r.entries_created,
                updated => r.entries_updated,
                organisations => r.organisations_created,
                problem_count => r.problem_count,
                sha256 => &r.sha256,
            }),
            problems => minijinja::value::Serde(&problems),
            problem => problem,
            max_mib => MAX_IMPORT_BYTES / (1024 * 1024),
        },
    )
}

pub async fn page(v: Visitor, id: web::Path<String>) -> PageResult {
    import_page(&v, id.into_inner(), StatusCode::OK, "", None, None).await
}

/// Checks the file (and, for "import", writes it when every row is good).
pub async fn upload(v: Visitor, id: web::Path<String>, payload: Multipart) -> PageResult {
    // Only an admin's upload is read at all.
    let caller = require_admin(&v)?;
    let edition_id = id.into_inner();
    let received = match received::read(payload, MAX_IMPORT_BYTES).await {
        Ok(received) => received,
        Err(error @ (ApiError::PayloadTooLarge | ApiError::BadRequest(_))) => {
            let problem = Some(v.said(&error));
            return import_page(
                &v,
                edition_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                "",
                None,
                problem,
            )
            .await;
        }
        Err(other) => return Err(v.fail(other)),
    };
    v.check_form(received.field("csrf"))?;
    let category = received.field("kategori").to_owned();
    let write = received.field("aksi") == "impor";
    let Some((_, bytes)) = received.files_named("berkas").into_iter().next() else {
        let problem = Some(v.text("office-import-choose-file"));
        return import_page(
            &v,
            edition_id,
            StatusCode::UNPROCESSABLE_ENTITY,
            &category,
            None,
            problem,
        )
        .await;
    };
    let bytes = std::sync::Arc::new(bytes);
    let checked = import::import(
        v.state(),
        caller.clone(),
        edition_id.clone(),
        category.clone(),
        ArcBytes(bytes.clone()),
        true,
    )
    .await;
    let report = match checked {
        Ok(report) => report,
        Err(error @ (ApiError::Conflict(_) | ApiError::BadRequest(_) | ApiError::NotFound(_))) => {
            let problem = Some(v.said(&error));
            return import_page(
                &v,
                edition_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                &category,
                None,
                problem,
            )
            .await;
        }
        Err(other) => return Err(v.fail(other)),
    };
    if !write || !report.valid {
        let status = if report.valid {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return import_page(&v, edition_id, status, &category, Some(&report), None).await;
    }
    let written = import::import(
        v.state(),
        caller,
        edition_id.clone(),
        category.clone(),
        ArcBytes(bytes),
        false,
    )
    .await
    .map_err(|e| v.fail(e))?;
    let flash = Flash::ok_with(
        "flash-imported",
        &[
            ("created", written.entries_created.to_string()),
            ("updated", written.entries_updated.to_string()),
        ],
    );
    Ok(
        v.redirect(&format!("/kantor/edisi/{edition_id}/entri"), Some(flash))
            .finish(),
    )
}

/// The uploaded bytes, shared by the check and the write without a copy.
struct ArcBytes(std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}
