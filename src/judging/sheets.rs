//! The judge's side: my assignments, an entry to read (without the entrant's
//! identity when the category is blind), the scoresheet to save and submit,
//! recusal; and for admins, reopening a sheet and the progress of judging.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, Role, SignedIn, Standing};
use crate::categories::store as categories;
use crate::db::schema::{
    assignments, categories as category_table, conflict_records, edition_judges, entries,
    evidence_files, organisations, scoresheets, users,
};
use crate::db::{DbConnection, now};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::error::{ApiError, FieldErrors, Msg, Problem};
use crate::judging::save_statements::SheetUpdate;
use crate::judging::scoresheet::{
    JudgedCriterion, Marks, check_complete, check_marks, judged_criteria,
};
use crate::messages::Said;
use crate::state::AppState;

/// Routes under the `/judging` scope: a judge's assignments and scoresheets.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/assignments").route(web::get().to(my_assignments)))
        .service(resource("/assignments/{id}").route(web::get().to(read_assignment)))
        .service(resource("/assignments/{id}/scoresheet").route(web::put().to(save_scoresheet)))
        .service(
            resource("/assignments/{id}/scoresheet/submit")
                .route(web::post().to(submit_scoresheet)),
        )
        .service(resource("/assignments/{id}/recuse").route(web::post().to(recuse)))
        .service(
            resource("/assignments/{id}/files/{file}").route(web::get().to(download_evidence)),
        );
}

/// The admins' scoresheet routes, under an edition.
pub fn configure_editions(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(
        resource("/editions/{id}/judging/assignments/{assignment}/reopen")
            .route(web::post().to(reopen_scoresheet)),
    )
    .service(resource("/editions/{id}/judging/progress").route(web::get().to(progress)));
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Scoresheet {
    /// `not_started`, `draft` or `submitted` (locked).
    pub status: String,
    #[schema(value_type = Object)]
    pub scores: Marks,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub submitted_at: Option<chrono::NaiveDateTime>,
    pub reopened_reason: Option<String>,
    /// Send it back when saving; a stale one is refused with 409.
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyAssignment {
    pub id: String,
    pub edition_id: String,
    pub category_id: String,
    pub category_name: String,
    pub stage_key: String,
    pub entry_id: String,
    /// The entrant's name, or a neutral label when judging is blind.
    pub entrant: String,
    /// `active` or `recused`.
    pub status: String,
    pub scoresheet_status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceSummary {
    pub id: String,
    pub indicator_key: Option<String>,
    /// The original name, or a neutral one when judging is blind.
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentDetail {
    pub assignment: MyAssignment,
    pub blind: bool,
    /// Region of the entrant; absent when judging is blind.
    pub region_code: Option<String>,
    /// The entry's indicator values by key.
    #[schema(value_type = Object)]
    pub values: serde_json::Value,
    pub evidence: Vec<EvidenceSummary>,
    /// What to score in this stage, with scales and descriptors.
    pub criteria: Vec<JudgedCriterion>,
    pub scoresheet: Scoresheet,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveScoresheet {
    pub version: i32,
    /// Marks by criterion key; a draft may be partial.
    #[schema(example = json!({"regulation": {"score": "8", "comment": "Perda lengkap."}, "presentation": {"abstain": true}}))]
    pub scores: Marks,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionOnly {
    pub version: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: String,
}

struct Loaded {
    assignment_id: String,
    judge_user: String,
    status: String,
    stage_key: String,
    entry_id: String,
    edition: EditionRow,
    category: categories::Category,
}

fn not_found() -> ApiError {
    ApiError::not_found("Penugasan", "Assignment")
}

fn load(conn: &mut DbConnection, id: &str) -> Result<Loaded, ApiError> {
    use crate::db::schema::editions as edition_table;
    // One round trip: the assignment, its judge, edition and category.
    let (assignment_id, stage_key, entry_id, status, judge_user, edition, category) =
        assignments::table
            .inner_join(edition_judges::table)
            .inner_join(edition_table::table.on(edition_table::id.eq(edition_judges::edition_id)))
            .inner_join(category_table::table.on(category_table::id.eq(assignments::category_id)))
            .filter(assignments::id.eq(id))
            .select((
                assignments::id,
                assignments::stage_key,
                assignments::entry_id,
                assignments::status,
                edition_judges::user_id,
                EditionRow::as_select(),
                categories::CategoryRow::as_select(),
            ))
            .first::<(
                String,
                String,
                String,
                String,
                String,
                EditionRow,
                categories::CategoryRow,
            )>(conn)
            .optional()?
            .ok_or_else(not_found)?;
    Ok(Loaded {
        assignment_id,
        judge_user,
        status,
        stage_key,
        entry_id,
        edition,
        // The category's settings only: its rubric is read where scores are checked.
        category: category.decode(None),
    })
}

/// The assignment, if it is the caller's own (others look absent).
fn mine(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Loaded, ApiError> {
    if !caller.has(Role::Judge) {
        return Err(ApiError::forbidden());
    }
    let loaded = load(conn, id)?;
    if loaded.judge_user != caller.user_id {
        return Err(not_found());
    }
    Ok(loaded)
}

/// The scoresheet columns a save and a judge read; absent before the first save.
pub(super) const SHEET_COLUMNS: (
    scoresheets::status,
    scoresheets::scores_json,
    scoresheets::submitted_at,
    scoresheets::reopened_reason,
    scoresheets::version,
) = (
    scoresheets::status,
    scoresheets::scores_json,
    scoresheets::submitted_at,
    scoresheets::reopened_reason,
    scoresheets::version,
);

/// A scoresheet's columns as read (see [`SHEET_COLUMNS`]).
pub(super) type SheetRow = (
    String,
    String,
    Option<chrono::NaiveDateTime>,
    Option<String>,
    i32,
);

impl Scoresheet {
    /// This sheet as it will be once `marks` are saved (or submitted) at `at`.
    fn saved(&self, marks: Marks, submit: bool, at: chrono::NaiveDateTime) -> Scoresheet {
        Scoresheet {
            status: if submit { "submitted" } else { "draft" }.to_owned(),
            scores: marks,
            submitted_at: submit.then_some(at),
            reopened_reason: self.reopened_reason.clone(),
            version: self.version.saturating_add(1),
        }
    }

    fn from_row(row: Option<SheetRow>) -> Scoresheet {
        match row {
            Some((status, scores, submitted_at, reopened_reason, version)) => Scoresheet {
                status,
                scores: serde_json::from_str(&scores).unwrap_or_default(),
                submitted_at,
                reopened_reason,
                version,
            },
            None => Scoresheet {
                status: "not_started".into(),
                scores: Marks::new(),
                submitted_at: None,
                reopened_reason: None,
                version: 0,
            },
        }
    }
}

fn sheet(conn: &mut DbConnection, assignment_id: &str) -> Result<Scoresheet, ApiError> {
    let row = scoresheets::table
        .find(assignment_id)
        .select(SHEET_COLUMNS)
        .first::<SheetRow>(conn)
        .optional()?;
    Ok(Scoresheet::from_row(row))
}

/// What a save checks, read in one statement: only the columns it uses.
pub(super) struct SaveContext {
    judge_user: String,
    status: String,
    stage_key: String,
    category_id: String,
    phase: String,
    province_code: Option<String>,
    /// The judge's email, for the audit record.
    email: String,
    standing: Standing,
    current: Scoresheet,
    /// The category's current rubric version, and whether it is frozen.
    rubric: Option<(i32, bool)>,
}

/// The assignment with its judge's account and the standing of the caller's
/// token, the edition's phase and province, the sheet as it stands and the
/// category's current rubric version: everything a save checks, in one
/// statement (and so one read snapshot), because saves are the busiest
/// write judging has.
fn save_context(
    conn: &mut DbConnection,
    signed_in: &SignedIn,
    id: &str,
) -> Result<Option<SaveContext>, ApiError> {
    use crate::auth::caller::{holds, revoked};
    use crate::db::schema::{editions as edition_table, rubric_versions};
    type Row = (
        AssignmentColumns,
        (bool, bool, bool, i32),
        (String, Option<String>),
        Option<SheetRow>,
        Option<(i32, bool)>,
    );
    let query = assignments::table
        .inner_join(edition_judges::table.inner_join(users::table))
        .inner_join(edition_table::table.on(edition_table::id.eq(edition_judges::edition_id)))
        .left_join(scoresheets::table)
        .left_join(
            rubric_versions::table.on(rubric_versions::category_id.eq(assignments::category_id)),
        )
        .filter(assignments::id.eq(id))
        .order(rubric_versions::version.desc())
        .select((
            ASSIGNMENT_COLUMNS,
            (
                users::is_active,
                revoked(signed_in.token_id()),
                holds(signed_in.user_id(), Role::Judge.as_str()),
                users::session_generation,
            ),
            (edition_table::phase, edition_table::province_code),
            SHEET_COLUMNS.nullable(),
            (rubric_versions::version, rubric_versions::frozen).nullable(),
        ));
    let row = crate::on_backend!(conn, |inner| query.first::<Row>(inner).optional())?;
    Ok(row.map(
        |(assignment, (active, revoked, holds_role, generation), edition, sheet, rubric)| {
            let standing = Standing {
                active,
                // A token from before the last password change is as good as signed out.
                revoked: revoked || generation != signed_in.generation(),
                holds_role,
            };
            SaveContext::new(assignment, standing, edition, sheet, rubric)
        },
    ))
}

/// The assignment's status, stage and category, its judge's user id and
/// email: what a save reads of the assignment and its judge.
pub(super) const ASSIGNMENT_COLUMNS: (
    assignments::status,
    assignments::stage_key,
    assignments::category_id,
    edition_judges::user_id,
    users::email,
) = (
    assignments::status,
    assignments::stage_key,
    assignments::category_id,
    edition_judges::user_id,
    users::email,
);

/// [`ASSIGNMENT_COLUMNS`] as read.
pub(super) type AssignmentColumns = (String, String, String, String, String);

impl SaveContext {
    /// Puts together what [`save_context`] or its batched form read.
    pub(super) fn new(
        (status, stage_key, category_id, judge_user, email): AssignmentColumns,
        standing: Standing,
        (phase, province_code): (String, Option<String>),
        sheet: Option<SheetRow>,
        rubric: Option<(i32, bool)>,
    ) -> SaveContext {
        SaveContext {
            judge_user,
            status,
            stage_key,
            category_id,
            phase,
            province_code,
            email,
            standing,
            current: Scoresheet::from_row(sheet),
            rubric,
        }
    }
}

/// Judged criteria of frozen rubric versions by (category, version, stage).
/// A frozen version never changes (a change makes a new version), so every
/// instance may keep what it has decoded.
type FrozenCriteria = HashMap<(String, i32, String), Arc<Vec<JudgedCriterion>>>;
static FROZEN: OnceLock<Mutex<FrozenCriteria>> = OnceLock::new();

fn criteria_of(
    conn: &mut DbConnection,
    loaded: &Loaded,
) -> Result<Arc<Vec<JudgedCriterion>>, ApiError> {
    use crate::db::schema::rubric_versions;
    let (version, frozen): (i32, bool) = rubric_versions::table
        .filter(rubric_versions::category_id.eq(&loaded.category.id))
        .order(rubric_versions::version.desc())
        .select((rubric_versions::version, rubric_versions::frozen))
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    criteria_at(
        conn,
        &loaded.category.id,
        &loaded.stage_key,
        version,
        frozen,
    )
}

/// The stage's judged criteria at a known rubric version.
fn criteria_at(
    conn: &mut DbConnection,
    category_id: &str,
    stage_key: &str,
    version: i32,
    frozen: bool,
) -> Result<Arc<Vec<JudgedCriterion>>, ApiError> {
    let key = (category_id.to_owned(), version, stage_key.to_owned());
    let cache = FROZEN.get_or_init(Default::default);
    if frozen && let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let current = categories::current_rubric(conn, category_id)?
        .ok_or_else(not_found)?
        .decode()?;
    let stage = current
        .rubric
        .stages
        .iter()
        .find(|s| s.key == stage_key)
        .ok_or_else(not_found)?;
    let criteria = Arc::new(judged_criteria(stage));
    // Kept under the version actually decoded, should a new one have come since.
    if current.frozen
        && let Ok(mut cache) = cache.lock()
    {
        cache.insert((key.0, current.version, key.2), Arc::clone(&criteria));
    }
    Ok(criteria)
}

fn label(blind: bool, entry_id: &str, name: String) -> String {
    if blind {
        format!("Peserta {}", &entry_id[entry_id.len().saturating_sub(6)..])
    } else {
        name
    }
}

/// Judges score only while the edition is in its judging phase.
fn require_judging(phase: Phase) -> Result<(), ApiError> {
    phase.require_judging_open()?;
    if phase == Phase::Judging {
        Ok(())
    } else {
        Err(ApiError::Conflict(Msg::new(
            "Penilaian hanya selama tahap penjurian.",
            "Scoring happens only during the judging phase.",
        )))
    }
}

/// My assignments with what is left to do.
#[utoipa::path(
    get, path = "/api/v1/judging/assignments", tag = "judging",
    responses(
        (status = 200, description = "The caller's assignments", body = Vec<MyAssignment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn my_assignments(
    caller: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !caller.has(Role::Judge) {
        return Err(ApiError::forbidden());
    }
    let list = state
        .db
        .run(move |conn| {
            let rows = assignments::table
                .inner_join(edition_judges::table)
                .inner_join(
                    category_table::table.on(category_table::id.eq(assignments::category_id)),
                )
                .inner_join(entries::table.on(entries::id.eq(assignments::entry_id)))
                .inner_join(organisations::table.on(organisations::id.eq(entries::organisation_id)))
                .left_join(scoresheets::table.on(scoresheets::assignment_id.eq(assignments::id)))
                .filter(edition_judges::user_id.eq(&caller.user_id))
                .select((
                    assignments::id,
                    edition_judges::edition_id,
                    assignments::category_id,
                    category_table::name_id,
                    category_table::blind,
                    assignments::stage_key,
                    assignments::entry_id,
                    organisations::name,
                    assignments::status,
                    scoresheets::status.nullable(),
                ))
                .order((
                    category_table::name_id,
                    assignments::stage_key,
                    assignments::entry_id,
                ))
                .load::<(
                    String,
                    String,
                    String,
                    String,
                    bool,
                    String,
                    String,
                    String,
                    String,
                    Option<String>,
                )>(conn)?;
            Ok(rows
                .into_iter()
                .map(
                    |(
                        id,
                        edition_id,
                        category_id,
                        category_name,
                        blind,
                        stage_key,
                        entry_id,
                        name,
                        status,
                        sheet,
                    )| MyAssignment {
                        entrant: label(blind, &entry_id, name),
                        id,
                        edition_id,
                        category_id,
                        category_name,
                        stage_key,
                        entry_id,
                        status,
                        scoresheet_status: sheet.unwrap_or_else(|| "not_started".into()),
                    },
                )
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Read an assigned entry: values, evidence, the criteria to score and the
/// scoresheet. Blind categories hide everything that names the entrant.
#[utoipa::path(
    get, path = "/api/v1/judging/assignments/{id}", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    responses(
        (status = 200, description = "The assignment", body = AssignmentDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read_assignment(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let detail = state
        .db
        .run(move |conn| {
            let loaded = mine(conn, &caller, &id)?;
            let blind = loaded.category.blind;
            let (values_json, region_code, name) = entries::table
                .inner_join(organisations::table)
                .filter(entries::id.eq(&loaded.entry_id))
                .select((
                    entries::values_json,
                    entries::region_code,
                    organisations::name,
                ))
                .first::<(String, String, String)>(conn)?;
            let evidence = evidence_files::table
                .filter(evidence_files::entry_id.eq(&loaded.entry_id))
                .select((
                    evidence_files::id,
                    evidence_files::indicator_key,
                    evidence_files::file_name,
                    evidence_files::media_type,
                    evidence_files::size_bytes,
                ))
                .order(evidence_files::uploaded_at)
                .load::<(String, Option<String>, String, String, i64)>(conn)?
                .into_iter()
                .enumerate()
                .map(
                    |(i, (id, indicator_key, file_name, media_type, size_bytes))| EvidenceSummary {
                        file_name: if blind {
                            format!(
                                "bukti-{}.{}",
                                i + 1,
                                media_type.rsplit(['/', '.']).next().unwrap_or("bin")
                            )
                        } else {
                            file_name
                        },
                        id,
                        indicator_key,
                        media_type,
                        size_bytes,
                    },
                )
                .collect();
            let criteria = criteria_of(conn, &loaded)?;
            let scoresheet = sheet(conn, &loaded.assignment_id)?;
            let scoresheet_status = scoresheet.status.clone();
            Ok(AssignmentDetail {
                assignment: MyAssignment {
                    id: loaded.assignment_id.clone(),
                    edition_id: loaded.edition.id.clone(),
                    category_id: loaded.category.id.clone(),
                    category_name: loaded.category.name_id.clone(),
                    stage_key: loaded.stage_key.clone(),
                    entrant: label(blind, &loaded.entry_id, name),
                    entry_id: loaded.entry_id.clone(),
                    status: loaded.status.clone(),
                    scoresheet_status,
                },
                blind,
                region_code: (!blind).then_some(region_code),
                values: serde_json::from_str(&values_json).unwrap_or_default(),
                evidence,
                criteria: criteria.to_vec(),
                scoresheet,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Writes the sheet if it is still at `version`, still a draft, and the
/// assignment still active; false otherwise.
fn write_sheet(
    conn: &mut DbConnection,
    assignment_id: &str,
    version: i32,
    saved: &Scoresheet,
    at: chrono::NaiveDateTime,
) -> Result<bool, ApiError> {
    let status = saved.status.as_str();
    let submitted_at = saved.submitted_at;
    let scores = serde_json::to_string(&saved.scores).unwrap_or_else(|_| "{}".into());
    if version == 0 {
        let still_active: i64 = assignments::table
            .filter(assignments::id.eq(assignment_id))
            .filter(assignments::status.eq("active"))
            .count()
            .get_result(conn)?;
        if still_active == 0 {
            return Ok(false);
        }
        let inserted = diesel::insert_into(scoresheets::table)
            .values((
                scoresheets::assignment_id.eq(assignment_id),
                scoresheets::status.eq(status),
                scoresheets::scores_json.eq(&scores),
                scoresheets::submitted_at.eq(submitted_at),
                scoresheets::updated_at.eq(at),
                scoresheets::version.eq(1),
            ))
            .execute(conn);
        return match inserted {
            Ok(_) => Ok(true),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(false),
            Err(other) => Err(other.into()),
        };
    }
    let update = SheetUpdate {
        assignment_id,
        version,
        next_version: version.saturating_add(1),
        status,
        scores_json: &scores,
        submitted_at,
        updated_at: at,
    };
    let changed = crate::on_backend!(conn, |inner| update.execute(inner))?;
    Ok(changed == 1)
}

/// One save or submission, as the judge sent it.
pub(super) struct SaveRequest {
    pub signed_in: SignedIn,
    pub id: String,
    pub version: i32,
    /// Absent on submission: the sheet's saved marks are submitted.
    pub marks: Option<Marks>,
    pub submit: bool,
}

impl SaveRequest {
    fn action(&self) -> &'static str {
        if self.submit {
            "scoresheet.submit"
        } else {
            "scoresheet.save"
        }
    }
}

/// A save that passed every check: what to write and record.
pub(super) struct Checked {
    pub assignment_id: String,
    pub action: &'static str,
    pub actor: audit::Actor,
    pub province_code: Option<String>,
    pub current: Scoresheet,
    pub saved: Scoresheet,
}

/// Everything a save must pass, given what [`save_context`] (or its batched
/// form) read; `conn` serves only the rare reads beyond it (an unfrozen
/// rubric, the standing of a caller who is not the assignment's judge).
pub(super) fn check_save(
    conn: &mut DbConnection,
    request: SaveRequest,
    context: Option<SaveContext>,
    at: chrono::NaiveDateTime,
) -> Result<Checked, ApiError> {
    let action = request.action();
    let SaveRequest {
        signed_in,
        id: assignment_id,
        version,
        marks,
        submit,
    } = request;
    let context = context.filter(|context| context.judge_user == signed_in.user_id());
    let Some(context) = context else {
        // Not the caller's own: the caller's standing decides between 401,
        // 403 and 404, as for every other judging endpoint.
        let caller = signed_in.load(conn)?;
        return Err(if caller.has(Role::Judge) {
            not_found()
        } else {
            ApiError::forbidden()
        });
    };
    signed_in.admit(context.standing)?;
    let SaveContext {
        status,
        stage_key,
        category_id,
        phase,
        province_code,
        email,
        current,
        rubric,
        ..
    } = context;
    if status != "active" {
        return Err(ApiError::Conflict(Msg::new(
            "Anda sudah mengundurkan diri dari penugasan ini.",
            "You recused yourself from this assignment.",
        )));
    }
    require_judging(Phase::parse(&phase).unwrap_or(Phase::Draft))?;
    if current.status == "submitted" {
        return Err(ApiError::Conflict(Msg::new(
            "Lembar nilai sudah dikirim dan terkunci; hanya admin yang dapat membukanya kembali.",
            "The scoresheet is submitted and locked; only an admin can reopen it.",
        )));
    }
    if current.version != version {
        return Err(ApiError::stale_version());
    }
    let marks = marks.unwrap_or_else(|| current.scores.clone());
    let (rubric_version, frozen) = rubric.ok_or_else(not_found)?;
    let criteria = criteria_at(conn, &category_id, &stage_key, rubric_version, frozen)?;
    let mut errors = FieldErrors::new();
    check_marks(&criteria, &marks, &mut errors);
    if submit {
        check_complete(&criteria, &marks, &mut errors);
    }
    errors.into_result()?;
    let saved = current.saved(marks, submit, at);
    Ok(Checked {
        assignment_id,
        action,
        actor: signed_in.actor(email),
        province_code,
        current,
        saved,
    })
}

/// Shared by save and submit.
async fn store_sheet(
    state: web::Data<AppState>,
    saves: Option<web::Data<super::SaveQueue>>,
    request: SaveRequest,
) -> Result<HttpResponse, ApiError> {
    let saved = match &saves {
        // A later save on PostgreSQL joins the next batch (see `save_batch`).
        Some(queue) if request.version > 0 => queue.save(request).await?,
        _ => {
            let id = request.id.clone();
            let action = request.action();
            let version = request.version;
            let at = now();
            let check = move |conn: &mut DbConnection| {
                let context = save_context(conn, &request.signed_in, &request.id)?;
                check_save(conn, request, context, at)
            };
            let write = move |conn: &mut DbConnection, checked: Checked| {
                let Checked {
                    actor,
                    province_code,
                    current,
                    saved,
                    ..
                } = checked;
                if !write_sheet(conn, &id, version, &saved, at)? {
                    return Err(ApiError::stale_version());
                }
                audit::record(
                    conn,
                    &actor,
                    Change {
                        action,
                        object_type: "assignment",
                        object_id: &id,
                        province_code: province_code.as_deref(),
                        before: audit::snapshot(&current),
                        after: audit::snapshot(&saved),
                    },
                )?;
                Ok(saved)
            };
            state.db.check_then_write(check, write).await?
        }
    };
    Ok(HttpResponse::Ok().json(saved))
}

/// Save a draft scoresheet (partial allowed; every score checked against its scale).
#[utoipa::path(
    put, path = "/api/v1/judging/assignments/{id}/scoresheet", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = SaveScoresheet,
    responses(
        (status = 200, description = "Saved as a draft", body = Scoresheet),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Locked, recused, not the judging phase, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Scores off the scale, by criterion", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn save_scoresheet(
    signed_in: SignedIn,
    state: web::Data<AppState>,
    saves: Option<web::Data<super::SaveQueue>>,
    id: web::Path<String>,
    body: web::Json<SaveScoresheet>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let request = SaveRequest {
        signed_in,
        id: id.into_inner(),
        version: body.version,
        marks: Some(body.scores),
        submit: false,
    };
    store_sheet(state, saves, request).await
}

/// Submit the scoresheet: every criterion scored (or abstained where
/// allowed), required comments present. It is then locked.
#[utoipa::path(
    post, path = "/api/v1/judging/assignments/{id}/scoresheet/submit", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = VersionOnly,
    responses(
        (status = 200, description = "Submitted and locked", body = Scoresheet),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already locked, recused, not the judging phase, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing scores or comments, by criterion", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn submit_scoresheet(
    signed_in: SignedIn,
    state: web::Data<AppState>,
    saves: Option<web::Data<super::SaveQueue>>,
    id: web::Path<String>,
    body: web::Json<VersionOnly>,
) -> Result<HttpResponse, ApiError> {
    let request = SaveRequest {
        signed_in,
        id: id.into_inner(),
        version: body.version,
        marks: None,
        submit: true,
    };
    store_sheet(state, saves, request).await
}

/// Recuse: the judge declares a conflict discovered on an assigned entry;
/// the assignment stops and its scores leave the aggregation.
#[utoipa::path(
    post, path = "/api/v1/judging/assignments/{id}/recuse", tag = "judging",
    params(("id" = String, Path, description = "Assignment id")),
    request_body = ReasonRequest,
    responses(
        (status = 204, description = "Recused"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn recuse(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let reason = crate::input::reason(&body.into_inner().reason, Said::DescribeTheConflict)?;
    state
        .db
        .write(move |conn| {
            let loaded = mine(conn, &caller, &id)?;
            loaded.edition.phase().require_judging_open()?;
            let judge_id: String = assignments::table
                .find(&id)
                .select(assignments::judge_id)
                .first(conn)?;
            diesel::update(assignments::table.find(&id))
                .set(assignments::status.eq("recused"))
                .execute(conn)?;
            diesel::delete(
                conflict_records::table
                    .filter(conflict_records::judge_id.eq(&judge_id))
                    .filter(conflict_records::entry_id.eq(&loaded.entry_id))
                    .filter(conflict_records::kind.eq("declared")),
            )
            .execute(conn)?;
            diesel::insert_into(conflict_records::table)
                .values((
                    conflict_records::id.eq(crate::users::store::new_id()),
                    conflict_records::judge_id.eq(&judge_id),
                    conflict_records::entry_id.eq(&loaded.entry_id),
                    conflict_records::kind.eq("declared"),
                    conflict_records::dismissed.eq(false),
                    conflict_records::reason.eq(&reason),
                    conflict_records::recorded_by.eq(&caller.user_id),
                    conflict_records::recorded_at.eq(now()),
                ))
                .execute(conn)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "assignment.recuse",
                    object_type: "assignment",
                    object_id: &id,
                    province_code: loaded.edition.province_code.as_deref(),
                    before: Some(serde_json::json!({"status": loaded.status})),
                    after: Some(serde_json::json!({"status": "recused", "reason": reason})),
                },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Reopen a submitted scoresheet (admins of the edition), with the reason.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/judging/assignments/{assignment}/reopen", tag = "judging",
    params(("id" = String, Path, description = "Edition id"), ("assignment" = String, Path, description = "Assignment id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Reopened as a draft", body = Scoresheet),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assignment visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn reopen_scoresheet(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, id) = path.into_inner();
    let reason = crate::input::reason(&body.into_inner().reason, Said::GiveAReason)?;
    let reopened = state
        .db
        .write(move |conn| {
            let edition = crate::editions::access::administered(conn, &caller, &edition_id)?;
            edition.phase().require_judging_open()?;
            let loaded = load(conn, &id)?;
            if loaded.edition.id != edition.id {
                return Err(not_found());
            }
            let current = sheet(conn, &id)?;
            if current.status != "submitted" {
                return Err(ApiError::Conflict(Msg::new(
                    "Lembar nilai ini belum dikirim.",
                    "This scoresheet has not been submitted.",
                )));
            }
            diesel::update(scoresheets::table.find(&id))
                .set((
                    scoresheets::status.eq("draft"),
                    scoresheets::submitted_at.eq(None::<chrono::NaiveDateTime>),
                    scoresheets::reopened_reason.eq(&reason),
                    scoresheets::updated_at.eq(now()),
                    scoresheets::version.eq(current.version.saturating_add(1)),
                ))
                .execute(conn)?;
            let after = sheet(conn, &id)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "scoresheet.reopen",
                    object_type: "assignment",
                    object_id: &id,
                    province_code: edition.province_code.as_deref(),
                    before: audit::snapshot(&current),
                    after: audit::snapshot(&after),
                },
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(reopened))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JudgeProgress {
    pub judge_id: String,
    pub display_name: String,
    pub assigned: i64,
    pub submitted: i64,
    pub drafts: i64,
    pub not_started: i64,
    pub recused: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryProgress {
    pub category_id: String,
    pub stage_key: String,
    pub assigned: i64,
    pub submitted: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    pub categories: Vec<CategoryProgress>,
    /// Judges with unfinished scoresheets first.
    pub judges: Vec<JudgeProgress>,
}

/// Judging progress of an edition, per category and stage and per judge.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/judging/progress", tag = "judging",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "Progress", body = Progress),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn progress(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let edition_id = id.into_inner();
    let progress = state
        .db
        .run(move |conn| {
            crate::editions::access::administered(conn, &caller, &edition_id)?;
            let rows = assignments::table
                .inner_join(edition_judges::table)
                .inner_join(users::table.on(users::id.eq(edition_judges::user_id)))
                .left_join(scoresheets::table.on(scoresheets::assignment_id.eq(assignments::id)))
                .filter(edition_judges::edition_id.eq(&edition_id))
                .select((
                    assignments::category_id,
                    assignments::stage_key,
                    edition_judges::id,
                    users::display_name,
                    assignments::status,
                    scoresheets::status.nullable(),
                ))
                .load::<(String, String, String, String, String, Option<String>)>(conn)?;
            let mut categories: Vec<CategoryProgress> = Vec::new();
            let mut judges: Vec<JudgeProgress> = Vec::new();
            for (category_id, stage_key, judge_id, display_name, status, sheet) in rows {
                let submitted = i64::from(sheet.as_deref() == Some("submitted"));
                let active = status == "active";
                match categories
                    .iter_mut()
                    .find(|c| c.category_id == category_id && c.stage_key == stage_key)
                {
                    Some(c) => {
                        c.assigned += i64::from(active);
                        c.submitted += submitted * i64::from(active);
                    }
                    None => categories.push(CategoryProgress {
                        category_id,
                        stage_key,
                        assigned: i64::from(active),
                        submitted: submitted * i64::from(active),
                    }),
                }
                let judge = match judges.iter_mut().position(|j| j.judge_id == judge_id) {
                    Some(i) => &mut judges[i],
                    None => {
                        judges.push(JudgeProgress {
                            judge_id,
                            display_name,
                            assigned: 0,
                            submitted: 0,
                            drafts: 0,
                            not_started: 0,
                            recused: 0,
                        });
                        judges
                            .last_mut()
                            .ok_or_else(|| ApiError::Internal("progress".into()))?
                    }
                };
                if !active {
                    judge.recused += 1;
                    continue;
                }
                judge.assigned += 1;
                match sheet.as_deref() {
                    Some("submitted") => judge.submitted += 1,
                    Some(_) => judge.drafts += 1,
                    None => judge.not_started += 1,
                }
            }
            judges.sort_by_key(|j| (j.submitted - j.assigned, j.display_name.clone()));
            Ok(Progress { categories, judges })
        })
        .await?;
    Ok(HttpResponse::Ok().json(progress))
}

/// Download evidence of an assigned entry (blind categories get a neutral file name).
#[utoipa::path(
    get, path = "/api/v1/judging/assignments/{id}/files/{file}", tag = "judging",
    params(("id" = String, Path, description = "Assignment id"), ("file" = String, Path, description = "File id")),
    responses(
        (status = 200, description = "The file's bytes, with the media type decided from its content at upload", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (String = "text/csv"),
        )),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not your assignment, or no such file", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn download_evidence(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, file_id) = path.into_inner();
    let (sha256, media_type, name) = state
        .db
        .run(move |conn| {
            let loaded = mine(conn, &caller, &id)?;
            let (sha256, media_type, name) = evidence_files::table
                .filter(evidence_files::entry_id.eq(&loaded.entry_id))
                .filter(evidence_files::id.eq(&file_id))
                .select((
                    evidence_files::sha256,
                    evidence_files::media_type,
                    evidence_files::file_name,
                ))
                .first::<(String, String, String)>(conn)
                .optional()?
                .ok_or_else(|| ApiError::not_found("Berkas", "File"))?;
            let name = if loaded.category.blind {
                format!(
                    "bukti.{}",
                    media_type.rsplit(['/', '.']).next().unwrap_or("bin")
                )
            } else {
                name
            };
            Ok((sha256, media_type, name))
        })
        .await?;
    let files = state.files.clone();
    let bytes = web::block(move || files.get(&sha256))
        .await?
        .map_err(|e| ApiError::Internal(format!("reading evidence: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, media_type))
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}
