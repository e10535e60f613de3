//! Bulk import of indicator data for one category from CSV (a BPJS data
//! extract): one row per organisation, columns named by indicator keys.
//! Organisations are matched by employer registration number (companies) or
//! by region code (governments) and created when missing. A dry run reports
//! every bad row and writes nothing; a real run writes everything or nothing.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use indicatif::ProgressBar;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::audit::{self, Actor, Change};
use crate::categories::form::FieldType;
use crate::categories::rules::Applicant;
use crate::categories::store::Category;
use crate::db::{
    DbConnection, now, schema::entries, schema::organisations, schema::regions, write_transaction,
};
use crate::editions::store::EditionRow;
use crate::entries::status::Status;
use crate::entries::values::{Values, parse_values};
use crate::error::{ApiError, FieldErrors, Msg};
use crate::organisations::domain::{EmployerNumber, OrganisationKind, Sector, SizeClass};
use crate::regions::RegionCode;

/// Rows with problems listed in full; beyond this only counted.
const MAX_LISTED: usize = 1000;
const BATCH: usize = 1000;

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

#[derive(Debug, Clone)]
struct KnownOrganisation {
    id: String,
    kind: OrganisationKind,
    region_code: String,
    province_code: String,
    size_class: Option<SizeClass>,
    sector: Option<Sector>,
}

#[derive(Insertable)]
#[diesel(table_name = organisations, treat_none_as_default_value = false)]
struct NewOrganisation {
    id: String,
    kind: String,
    name: String,
    name_search: String,
    region_code: String,
    province_code: String,
    employer_number: Option<String>,
    size_class: Option<String>,
    sector: Option<String>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    version: i32,
}

#[derive(Insertable)]
#[diesel(table_name = entries, treat_none_as_default_value = false)]
struct NewEntryRow {
    id: String,
    edition_id: String,
    category_id: String,
    organisation_id: String,
    region_code: String,
    province_code: String,
    status: String,
    values_json: String,
    source: String,
    submitted_at: Option<chrono::NaiveDateTime>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    version: i32,
}

/// What one good row will do.
enum Plan {
    Create {
        organisation: Option<Box<NewOrganisation>>,
        organisation_id: String,
        region_code: String,
        province_code: String,
        /// The checked values, already serialised (far smaller than the map).
        values_json: String,
    },
    Update {
        entry_id: String,
        version: i32,
        values_json: String,
    },
}

fn choice<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_owned())).ok()
}

const IDENTITY: [&str; 6] = [
    "kind",
    "employer_number",
    "name",
    "region_code",
    "size_class",
    "sector",
];

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
            ApiError::BadRequest(Msg::new(
                format!("Baris judul CSV tidak terbaca: {e}."),
                format!("The CSV header could not be read: {e}."),
            ))
        })?
        .clone();
    let position = |name: &str| headers.iter().position(|h| h == name);
    let indicator_columns: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !IDENTITY.contains(h))
        .map(|(i, h)| (i, h.to_owned()))
        .collect();
    for (_, column) in &indicator_columns {
        match category.form.iter().find(|f| &f.key == column) {
            None => report.problem(
                1,
                Some(column),
                Msg::new(
                    "Kolom ini bukan indikator formulir kategori.",
                    "This column is not an indicator of the category's form.",
                ),
            ),
            Some(field) if field.field_type == FieldType::Document => report.problem(
                1,
                Some(column),
                Msg::new(
                    "Dokumen tidak dapat diimpor dari CSV.",
                    "Documents cannot be imported from CSV.",
                ),
            ),
            Some(_) => {}
        }
    }
    let single_kind =
        (category.eligibility.kinds.len() == 1).then(|| category.eligibility.kinds[0]);
    let kind_at = position("kind");
    if kind_at.is_none() && single_kind.is_none() {
        report.problem(
            1,
            Some("kind"),
            Msg::new(
                "Kategori ini menerima beberapa jenis organisasi: tambahkan kolom kind.",
                "This category admits several kinds of organisation: add a kind column.",
            ),
        );
    }
    let companies = category
        .eligibility
        .kinds
        .contains(&OrganisationKind::Company);
    let governments = category
        .eligibility
        .kinds
        .iter()
        .any(|k| *k != OrganisationKind::Company);
    if companies && position("employer_number").is_none() {
        report.problem(
            1,
            Some("employer_number"),
            Msg::new(
                "Kolom employer_number (NPP) wajib untuk perusahaan.",
                "An employer_number column is required for companies.",
            ),
        );
    }
    if governments && position("region_code").is_none() {
        report.problem(
            1,
            Some("region_code"),
            Msg::new(
                "Kolom region_code wajib untuk pemerintah daerah dan desa.",
                "A region_code column is required for governments.",
            ),
        );
    }
    if report.problem_count > 0 {
        return Ok(report);
    }

    // What exists already, loaded once.
    let scope = edition.province_code.clone();
    let mut region_query = regions::table
        .select((regions::code, regions::name, regions::province_code))
        .into_boxed();
    if let Some(province) = &scope {
        region_query = region_query.filter(regions::province_code.eq(province));
    }
    let known_regions: HashMap<String, (String, String)> = region_query
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(code, name, province)| (code, (name, province)))
        .collect();
    let mut org_query = organisations::table
        .select((
            organisations::id,
            organisations::kind,
            organisations::region_code,
            organisations::province_code,
            organisations::employer_number,
            organisations::size_class,
            organisations::sector,
        ))
        .into_boxed();
    if let Some(province) = &scope {
        org_query = org_query.filter(organisations::province_code.eq(province));
    }
    let mut by_number: HashMap<String, KnownOrganisation> = HashMap::new();
    let mut by_region: HashMap<(OrganisationKind, String), KnownOrganisation> = HashMap::new();
    type OrgTuple = (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    for (id, kind, region_code, province_code, number, size, sector) in
        org_query.load::<OrgTuple>(conn)?
    {
        let Some(kind) = OrganisationKind::parse(&kind) else {
            continue;
        };
        let known = KnownOrganisation {
            id,
            kind,
            region_code: region_code.clone(),
            province_code,
            size_class: size.as_deref().and_then(choice),
            sector: sector.as_deref().and_then(choice),
        };
        match number {
            Some(number) if kind == OrganisationKind::Company => {
                by_number.insert(number, known);
            }
            _ => {
                by_region.insert((kind, region_code), known);
            }
        }
    }
    let existing: HashMap<String, (String, i32, String)> = entries::table
        .filter(entries::category_id.eq(&category.id))
        .select((
            entries::organisation_id,
            entries::id,
            entries::version,
            entries::values_json,
        ))
        .load::<(String, String, i32, String)>(conn)?
        .into_iter()
        .map(|(organisation, id, version, values)| (organisation, (id, version, values)))
        .collect();

    let cell = |record: &csv::StringRecord, name: &str| {
        position(name)
            .and_then(|i| record.get(i))
            .unwrap_or_default()
            .to_owned()
    };
    let mut plans = Vec::new();
    let mut seen = HashSet::new();
    let at = now();
    for record in reader.records() {
        progress.inc(1);
        report.rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                report.problem(
                    line,
                    None,
                    Msg::new(
                        format!("Baris tidak terbaca: {error}."),
                        format!("Unreadable row: {error}."),
                    ),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if let Some(column) = headers
            .iter()
            .zip(record.iter())
            .find_map(|(header, cell)| crate::input::has_forbidden(cell).then_some(header))
        {
            report.problem(
                line,
                Some(column),
                Msg::new(
                    "Sel berisi karakter kendali atau pembalik arah yang tidak diterima.",
                    "The cell holds a control or direction-override character, which is not accepted.",
                ),
            );
            continue;
        }
        let kind = match kind_at {
            Some(i) => match choice::<OrganisationKind>(record.get(i).unwrap_or_default()) {
                Some(kind) => kind,
                None => {
                    report.problem(
                        line,
                        Some("kind"),
                        Msg::new(
                            "Jenis organisasi tidak dikenal.",
                            "Unknown kind of organisation.",
                        ),
                    );
                    continue;
                }
            },
            None => single_kind.unwrap_or(OrganisationKind::Company),
        };
        // Find or describe the organisation.
        let mut new_organisation = None;
        let organisation = if kind == OrganisationKind::Company {
            let number =
                match EmployerNumber::parse("employer_number", &cell(&record, "employer_number")) {
                    Ok(number) => number.into_string(),
                    Err(error) => {
                        report.problem(
                            line,
                            Some("employer_number"),
                            Msg::new(error.message, error.message_en),
                        );
                        continue;
                    }
                };
            match by_number.get(&number) {
                Some(known) => known.clone(),
                None => {
                    let name = cell(&record, "name");
                    let region = cell(&record, "region_code");
                    let size = choice::<SizeClass>(&cell(&record, "size_class"));
                    let sector = choice::<Sector>(&cell(&record, "sector"));
                    let mut missing = Vec::new();
                    if name.chars().count() < 2 {
                        missing.push("name");
                    }
                    if size.is_none() {
                        missing.push("size_class");
                    }
                    if sector.is_none() {
                        missing.push("sector");
                    }
                    let Some((_, province)) = known_regions.get(&region) else {
                        report.problem(line, Some("region_code"), outside(&region));
                        continue;
                    };
                    if !missing.is_empty() {
                        report.problem(
                            line,
                            Some(missing[0]),
                            Msg::new(
                                format!(
                                    "Perusahaan baru {number} memerlukan kolom: {}.",
                                    missing.join(", ")
                                ),
                                format!("New company {number} needs: {}.", missing.join(", ")),
                            ),
                        );
                        continue;
                    }
                    let id = crate::users::store::new_id();
                    let known = KnownOrganisation {
                        id: id.clone(),
                        kind,
                        region_code: region.clone(),
                        province_code: province.clone(),
                        size_class: size,
                        sector,
                    };
                    new_organisation = Some(Box::new(NewOrganisation {
                        id,
                        kind: kind.as_str().into(),
                        name_search: name.to_lowercase(),
                        name,
                        region_code: region,
                        province_code: province.clone(),
                        employer_number: Some(number.clone()),
                        size_class: size.map(|s| s.as_str().into()),
                        sector: sector.map(|s| s.as_str().into()),
                        created_at: at,
                        updated_at: at,
                        version: 1,
                    }));
                    by_number.insert(number, known.clone());
                    known
                }
            }
        } else {
            let region = cell(&record, "region_code");
            match by_region.get(&(kind, region.clone())) {
                Some(known) => known.clone(),
                None => {
                    let level_ok = RegionCode::parse(&region)
                        .is_some_and(|code| Some(code.level()) == kind.governs());
                    let Some((region_name, province)) =
                        known_regions.get(&region).filter(|_| level_ok)
                    else {
                        report.problem(line, Some("region_code"), outside(&region));
                        continue;
                    };
                    let id = crate::users::store::new_id();
                    let name = kind.government_name(&region, region_name);
                    let known = KnownOrganisation {
                        id: id.clone(),
                        kind,
                        region_code: region.clone(),
                        province_code: province.clone(),
                        size_class: None,
                        sector: None,
                    };
                    new_organisation = Some(Box::new(NewOrganisation {
                        id,
                        kind: kind.as_str().into(),
                        name_search: name.to_lowercase(),
                        name,
                        region_code: region.clone(),
                        province_code: province.clone(),
                        employer_number: None,
                        size_class: None,
                        sector: None,
                        created_at: at,
                        updated_at: at,
                        version: 1,
                    }));
                    by_region.insert((kind, region), known.clone());
                    known
                }
            }
        };
        if !seen.insert(organisation.id.clone()) {
            report.problem(
                line,
                None,
                Msg::new(
                    "Organisasi ini muncul lebih dari sekali dalam berkas.",
                    "This organisation appears more than once in the file.",
                ),
            );
            continue;
        }
        let applicant = Applicant {
            kind: organisation.kind,
            size_class: organisation.size_class,
            sector: organisation.sector,
            region_code: &organisation.region_code,
        };
        if let Err(msg) = category.eligibility.admits(&applicant) {
            report.problem(line, None, msg);
            continue;
        }
        let mut raw = serde_json::Map::new();
        for (i, column) in &indicator_columns {
            if let Some(value) = record.get(*i).filter(|v| !v.is_empty()) {
                raw.insert(column.clone(), serde_json::Value::String(value.to_owned()));
            }
        }
        let mut errors = FieldErrors::new();
        let values = parse_values(&category.form, &raw, "", &mut errors);
        if let Err(ApiError::Validation(problems)) = errors.into_result() {
            for problem in problems {
                let column = problem.field.trim_start_matches('.').to_owned();
                report.problem(
                    line,
                    Some(&column),
                    Msg::new(problem.message, problem.message_en),
                );
            }
            continue;
        }
        plans.push(match existing.get(&organisation.id) {
            Some((entry_id, version, old)) => {
                let mut merged: Values = serde_json::from_str(old).unwrap_or_default();
                merged.extend(values);
                Plan::Update {
                    entry_id: entry_id.clone(),
                    version: *version,
                    values_json: crate::entries::store::json(&merged),
                }
            }
            None => Plan::Create {
                organisation: new_organisation,
                organisation_id: organisation.id.clone(),
                region_code: organisation.region_code.clone(),
                province_code: organisation.province_code.clone(),
                values_json: crate::entries::store::json(&values),
            },
        });
    }
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
        write(conn, edition, category, plans, actor, &report, progress)
    })?;
    Ok(report)
}

fn outside(region: &str) -> Msg {
    Msg::new(
        format!(
            "Kode wilayah {region:?} tidak dikenal, tidak sesuai jenis organisasi, atau di luar wilayah edisi."
        ),
        format!(
            "Region code {region:?} is unknown, wrong for the kind of organisation, or outside the edition's scope."
        ),
    )
}

fn write(
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
                    flush(conn, &mut organisations_batch, &mut entries_batch)?;
                }
            }
            Plan::Update {
                entry_id,
                version,
                values_json,
            } => {
                let changed = diesel::update(
                    entries::table
                        .filter(entries::id.eq(&entry_id))
                        .filter(entries::version.eq(version)),
                )
                .set((
                    entries::values_json.eq(&values_json),
                    entries::updated_at.eq(at),
                    entries::version.eq(version.saturating_add(1)),
                ))
                .execute(conn)?;
                if changed != 1 {
                    return Err(ApiError::Conflict(Msg::new(
                        "Sebuah pendaftaran berubah selama impor; tidak ada yang disimpan. Ulangi impor.",
                        "An entry changed during the import; nothing was saved. Run the import again.",
                    )));
                }
            }
        }
        progress.inc(1);
    }
    flush(conn, &mut organisations_batch, &mut entries_batch)?;
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

/// Multi-row inserts are backend-specific in diesel: run them on the inner connection.
fn flush(
    conn: &mut DbConnection,
    organisations_batch: &mut Vec<NewOrganisation>,
    entries_batch: &mut Vec<NewEntryRow>,
) -> Result<(), ApiError> {
    if !organisations_batch.is_empty() {
        let statement =
            diesel::insert_into(organisations::table).values(organisations_batch.as_slice());
        match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
        organisations_batch.clear();
    }
    if !entries_batch.is_empty() {
        let statement = diesel::insert_into(entries::table).values(entries_batch.as_slice());
        match conn {
            DbConnection::Postgres(pg) => statement.execute(pg)?,
            DbConnection::Sqlite(sqlite) => statement.execute(sqlite)?,
        };
        entries_batch.clear();
    }
    Ok(())
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

pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    use actix_web::web;
    cfg.service(
        crate::http::resource("/editions/{id}/categories/{category}/import")
            .app_data(web::PayloadConfig::new(MAX_IMPORT_BYTES))
            .route(web::post().to(import_csv)),
    );
}

/// Import indicator data for a category from CSV (`text/csv` body). Columns:
/// `employer_number`, `name`, `region_code`, `size_class`, `sector` for
/// companies, or `region_code` for governments (plus `kind` when the category
/// admits several kinds), then one column per indicator key. With
/// `dry_run=true` every bad row is reported and nothing is written; otherwise
/// all rows are written, or none.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/import", tag = "entries",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id"), ImportParams),
    request_body(content_type = "text/csv", description = "The CSV file"),
    responses(
        (status = 200, description = "Imported, or the dry run's report", body = ImportReport),
        (status = 401, description = "Not signed in", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition or category visible to you", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Judging has opened", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "File too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad rows: `errors` lists each as rows[line].column; nothing was written", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn import_csv(
    caller: crate::auth::Caller,
    state: actix_web::web::Data<crate::state::AppState>,
    path: actix_web::web::Path<(String, String)>,
    params: actix_web::web::Query<ImportParams>,
    body: actix_web::web::Bytes,
) -> Result<actix_web::HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id) = path.into_inner();
    let dry_run = params.into_inner().dry_run;
    // A write like any other: on SQLite it queues for the one writer rather
    // than holding the database lock while grouped writes time out on it.
    let report = state
        .db
        .write(move |conn| {
            let edition = crate::editions::access::administered(conn, &caller, &edition_id)?;
            use crate::editions::domain::Phase;
            if !matches!(
                edition.phase(),
                Phase::Draft | Phase::SubmissionsOpen | Phase::SubmissionsClosed
            ) {
                return Err(ApiError::Conflict(Msg::new(
                    "Impor data hanya sebelum penjurian dibuka.",
                    "Data can only be imported before judging opens.",
                )));
            }
            let category = crate::categories::store::find(conn, &edition_id, &category_id)?
                .ok_or_else(|| ApiError::not_found("Kategori", "Category"))?;
            import_entries(
                conn,
                &edition,
                &category,
                body.as_ref(),
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
            .map(|p| crate::error::FieldError {
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
    Ok(actix_web::HttpResponse::Ok().json(report))
}
