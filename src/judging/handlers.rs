//! Judges of an edition, panels per category and stage, shortlists, conflicts
//! of interest, and assignments (by hand or automatic).

use std::collections::{HashMap, HashSet};

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::db::schema::{
    assignments, conflict_records, edition_judges, entries, panel_members, shortlist, users,
};
use crate::db::{DbConnection, now};
use crate::editions::access::administered;
use crate::entries::status::Status;
use crate::error::{ApiError, FieldErrors, Msg, Problem};
use crate::judging::assign::{self, Shortfall};
use crate::judging::conflicts::{EntryFacts, JudgeFacts, detect};
use crate::messages::Said;
use crate::results::shortlist::{Pick, top_by_stage};
use crate::state::AppState;

use super::access::{Stage, stage, stage_to_change};
use crate::users::domain::{DisplayName, Email, NewPassword};
use crate::users::store::NewAccount;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    let stage = "/editions/{id}/categories/{category}/stages/{stage}";
    cfg.service(
        resource("/editions/{id}/judges")
            .route(web::get().to(list_judges))
            .route(web::post().to(add_judge)),
    )
    .service(
        resource(&format!("{stage}/panel"))
            .route(web::get().to(get_panel))
            .route(web::put().to(set_panel)),
    )
    .service(resource(&format!("{stage}/shortlist")).route(web::post().to(add_to_shortlist)))
    .service(resource(&format!("{stage}/conflicts")).route(web::get().to(list_conflicts)))
    .service(
        resource(&format!("{stage}/conflicts/dismiss")).route(web::post().to(dismiss_conflict)),
    )
    .service(
        resource(&format!("{stage}/assignments"))
            .route(web::get().to(list_assignments))
            .route(web::post().to(assign_by_hand)),
    )
    .service(resource(&format!("{stage}/assign")).route(web::post().to(assign_automatically)));
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddJudgeRequest {
    /// An existing account; it is given the judge role if it lacks it.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Or a new account for the judge, made in the edition's province.
    #[serde(default)]
    pub account: Option<JudgeAccount>,
    /// Where the judge comes from (region code), for conflict detection.
    pub home_region_code: Option<String>,
    /// An organisation the judge is affiliated with.
    pub organisation_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Queryable, ToSchema)]
pub struct Judge {
    pub id: String,
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub home_region_code: Option<String>,
    pub organisation_id: Option<String>,
}

/// A new account for a judge who has none yet.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JudgeAccount {
    pub email: String,
    pub display_name: String,
    /// Initial password, at least 10 characters; the judge changes it later.
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelRequest {
    /// Edition judge ids (from `/editions/{id}/judges`).
    pub judge_ids: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortlistRequest {
    /// Hand-picked complete entries of the category.
    #[serde(default)]
    pub entry_ids: Vec<String>,
    /// Or: the top N of the category by an earlier stage's score (ties at
    /// the cut-off are all taken).
    #[serde(default)]
    pub top: Option<usize>,
    /// The earlier stage to rank by, with `top`; the previous stage by default.
    #[serde(default)]
    pub by_stage: Option<String>,
    /// Why these entries advance; recorded.
    pub reason: String,
}

/// What a shortlist request added.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShortlistResult {
    pub stage: String,
    pub added: Vec<Pick>,
    /// A tie at the cut-off made the list longer than `top`.
    pub tied_at_cutoff: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    pub judge_id: String,
    pub entry_id: String,
    /// `region` or `affiliation`.
    pub kind: String,
    /// Why this is a false positive; recorded.
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualAssignment {
    pub judge_id: String,
    pub entry_id: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoAssignRequest {
    /// Judges per entry.
    pub per_entry: usize,
    /// Most entries per judge in this stage.
    pub cap: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Conflict {
    pub judge_id: String,
    pub entry_id: String,
    /// `region`, `affiliation` or `declared`.
    pub kind: String,
    pub reason: String,
    pub reason_en: String,
    /// Dismissed by an admin as a false positive (then no longer a conflict).
    pub dismissed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Assignment {
    pub id: String,
    pub entry_id: String,
    pub judge_id: String,
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShortfallView {
    pub entry_id: String,
    pub assigned: usize,
    pub wanted: usize,
    pub conflicted: usize,
    pub at_cap: usize,
    pub reason: String,
    pub reason_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentReport {
    pub created: usize,
    /// Entries per judge in this stage after the run, by judge id.
    #[schema(value_type = Object)]
    pub loads: HashMap<String, usize>,
    /// Entries that could not get all their judges, and why.
    pub shortfalls: Vec<ShortfallView>,
}

/// Entries in a stage: every complete entry for the first stage, the
/// shortlist for later ones. Answers (id, region, organisation).
fn stage_entries(
    conn: &mut DbConnection,
    stage: &Stage,
) -> Result<Vec<(String, String, String)>, ApiError> {
    let mut query = entries::table
        .filter(entries::category_id.eq(&stage.category.id))
        .filter(entries::status.eq(Status::Complete.as_str()))
        .select((entries::id, entries::region_code, entries::organisation_id))
        .order(entries::id)
        .into_boxed();
    if !stage.first {
        let listed = shortlist::table
            .filter(shortlist::category_id.eq(&stage.category.id))
            .filter(shortlist::stage_key.eq(&stage.key))
            .select(shortlist::entry_id);
        query = query.filter(entries::id.eq_any(listed));
    }
    Ok(query.load(conn)?)
}

fn judges_of(conn: &mut DbConnection, edition_id: &str) -> Result<Vec<Judge>, ApiError> {
    Ok(edition_judges::table
        .inner_join(users::table)
        .filter(edition_judges::edition_id.eq(edition_id))
        .select((
            edition_judges::id,
            edition_judges::user_id,
            users::display_name,
            users::email,
            edition_judges::home_region_code,
            edition_judges::organisation_id,
        ))
        .order(users::display_name)
        .load(conn)?)
}

fn panel_of(conn: &mut DbConnection, stage: &Stage) -> Result<Vec<Judge>, ApiError> {
    let ids: Vec<String> = panel_members::table
        .filter(panel_members::category_id.eq(&stage.category.id))
        .filter(panel_members::stage_key.eq(&stage.key))
        .select(panel_members::judge_id)
        .load(conn)?;
    Ok(judges_of(conn, &stage.edition.id)?
        .into_iter()
        .filter(|j| ids.contains(&j.id))
        .collect())
}

/// Every conflict between these judges and entries: detected, declared, and
/// dismissed ones (marked).
fn conflicts_between(
    conn: &mut DbConnection,
    judges: &[Judge],
    stage_entries: &[(String, String, String)],
) -> Result<Vec<Conflict>, ApiError> {
    let judge_ids: Vec<&str> = judges.iter().map(|j| j.id.as_str()).collect();
    let records: Vec<(String, String, String, bool, String)> = conflict_records::table
        .filter(conflict_records::judge_id.eq_any(&judge_ids))
        .select((
            conflict_records::judge_id,
            conflict_records::entry_id,
            conflict_records::kind,
            conflict_records::dismissed,
            conflict_records::reason,
        ))
        .load(conn)?;
    let entry_ids: HashSet<&str> = stage_entries.iter().map(|(id, _, _)| id.as_str()).collect();
    let mut found = Vec::new();
    for judge in judges {
        let facts = JudgeFacts {
            home_region: judge.home_region_code.as_deref(),
            organisation_id: judge.organisation_id.as_deref(),
        };
        for (entry_id, region, organisation) in stage_entries {
            for detected in detect(
                &facts,
                &EntryFacts {
                    region_code: region,
                    organisation_id: organisation,
                },
            ) {
                let dismissed = records.iter().any(|(j, e, k, d, _)| {
                    j == &judge.id && e == entry_id && k == detected.code() && *d
                });
                let (reason, reason_en) = detected.reason();
                found.push(Conflict {
                    judge_id: judge.id.clone(),
                    entry_id: entry_id.clone(),
                    kind: detected.code().into(),
                    reason,
                    reason_en,
                    dismissed,
                });
            }
        }
    }
    for (judge_id, entry_id, kind, _, reason) in records
        .into_iter()
        .filter(|(_, e, k, _, _)| k == "declared" && entry_ids.contains(e.as_str()))
    {
        found.push(Conflict {
            judge_id,
            entry_id,
            kind,
            reason_en: format!("Declared by the judge: {reason}"),
            reason: format!("Dinyatakan oleh juri: {reason}"),
            dismissed: false,
        });
    }
    Ok(found)
}

fn audit_stage(
    conn: &mut DbConnection,
    caller: &Caller,
    stage: &Stage,
    action: &str,
    after: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            object_type: "category",
            object_id: &stage.category.id,
            province_code: stage.edition.province_code.as_deref(),
            before: None,
            after: Some(after),
        },
    )
}

/// Add a judge to an edition, with a home region and an optional affiliation.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/judges", tag = "judging",
    params(("id" = String, Path, description = "Edition id")),
    request_body = AddJudgeRequest,
    responses(
        (status = 201, description = "Added", body = Judge),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a judge of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown account, region or organisation", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn add_judge(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<AddJudgeRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let edition_id = id.into_inner();
    let body = body.into_inner();
    // A new account: check and hash its password before touching the database.
    let account = match (&body.user_id, &body.account) {
        (Some(_), None) => None,
        (None, Some(account)) => {
            let mut errors = FieldErrors::new();
            let email = errors.check(Email::parse("account.email", &account.email));
            let name = errors.check(DisplayName::parse(
                "account.display_name",
                &account.display_name,
            ));
            let password = errors.check(NewPassword::parse("account.password", &account.password));
            errors.into_result()?;
            let (Some(email), Some(name), Some(password)) = (email, name, password) else {
                return Err(ApiError::Internal("checked fields missing".into()));
            };
            let hash = crate::auth::password::hash_off_runtime(&state.passwords, password).await?;
            Some((email.into_string(), name.into_string(), hash))
        }
        _ => {
            return Err(ApiError::field(
                "user_id",
                "choose_one",
                Msg::new(
                    "Isi user_id (akun yang ada) atau account (akun baru), salah satu saja.",
                    "Give either user_id (an existing account) or account (a new one), not both.",
                ),
            ));
        }
    };
    let judge = state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &edition_id)?;
            let mut errors = FieldErrors::new();
            let user_id = match account {
                Some((email, display_name, password_hash)) => {
                    if crate::users::store::email_taken(conn, &email)? {
                        return Err(ApiError::field(
                            "account.email",
                            "taken",
                            Msg::new(
                                "Email ini sudah terdaftar; tambahkan akunnya dengan user_id.",
                                "This email is already registered; add the account by user_id.",
                            ),
                        ));
                    }
                    let province_code = edition.province_code.clone().or_else(|| {
                        body.home_region_code
                            .as_deref()
                            .and_then(|c| c.get(..2))
                            .map(str::to_owned)
                    });
                    crate::users::store::create(
                        conn,
                        &caller.actor(),
                        &NewAccount {
                            email,
                            display_name,
                            password_hash,
                            province_code,
                            roles: vec![Role::Judge],
                            provinces: Vec::new(),
                            organisation_ids: Vec::new(),
                        },
                    )?
                    .id
                }
                None => body.user_id.clone().unwrap_or_default(),
            };
            let user = crate::users::store::find(conn, &user_id)?;
            match &user {
                None => errors.push(
                    "user_id",
                    "unknown_user",
                    Msg::new("Akun tidak ditemukan.", "Account not found."),
                ),
                // A regional admin may only bring in people they manage: in
                // their provinces, and never admins.
                Some(user)
                    if !caller.is_national_admin()
                        && (user.is_admin()
                            || !user
                                .province_code
                                .as_deref()
                                .is_some_and(|p| caller.administers(p))) =>
                {
                    return Err(ApiError::Forbidden(Msg::new(
                        "Akun ini di luar wilayah kewenangan Anda.",
                        "This account is outside your scope.",
                    )));
                }
                Some(_) => {}
            }
            if let Some(code) = &body.home_region_code
                && crate::regions::store::find(conn, code)?.is_none()
            {
                errors.push(
                    "home_region_code",
                    "unknown_region",
                    Said::RegionNotFound.msg(),
                );
            }
            if let Some(org) = &body.organisation_id
                && crate::organisations::store::find(conn, org)?.is_none()
            {
                errors.push(
                    "organisation_id",
                    "unknown_organisation",
                    Msg::new("Organisasi tidak ditemukan.", "Organisation not found."),
                );
            }
            errors.into_result()?;
            let user = user.ok_or_else(|| ApiError::Internal("user vanished".into()))?;
            if !user.roles.contains(&Role::Judge) {
                diesel::insert_into(crate::db::schema::user_roles::table)
                    .values((
                        crate::db::schema::user_roles::user_id.eq(&user.id),
                        crate::db::schema::user_roles::role.eq(Role::Judge.as_str()),
                    ))
                    .execute(conn)?;
            }
            let id = crate::users::store::new_id();
            diesel::insert_into(edition_judges::table)
                .values((
                    edition_judges::id.eq(&id),
                    edition_judges::edition_id.eq(&edition.id),
                    edition_judges::user_id.eq(&user.id),
                    edition_judges::home_region_code.eq(&body.home_region_code),
                    edition_judges::organisation_id.eq(&body.organisation_id),
                    edition_judges::created_at.eq(now()),
                ))
                .execute(conn)?;
            let judge = judges_of(conn, &edition.id)?
                .into_iter()
                .find(|j| j.id == id)
                .ok_or_else(|| ApiError::Internal("judge vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "judge.add",
                    object_type: "edition",
                    object_id: &edition.id,
                    province_code: edition.province_code.as_deref(),
                    before: None,
                    after: audit::snapshot(&judge),
                },
            )?;
            Ok(judge)
        })
        .await?;
    Ok(HttpResponse::Created().json(judge))
}

/// The judges of an edition.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/judges", tag = "judging",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "The judges", body = Vec<Judge>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_judges(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let edition_id = id.into_inner();
    let judges = state
        .db
        .run(move |conn| {
            administered(conn, &caller, &edition_id)?;
            judges_of(conn, &edition_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(judges))
}

type StagePath = web::Path<(String, String, String)>;

/// The panel of a category's stage.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/panel", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path, description = "Rubric stage key")),
    responses(
        (status = 200, description = "The panel", body = Vec<Judge>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_panel(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let panel = state
        .db
        .run(move |conn| {
            let stage = stage(conn, &caller, &edition_id, &category_id, &key)?;
            panel_of(conn, &stage)
        })
        .await?;
    Ok(HttpResponse::Ok().json(panel))
}

/// Set the panel of a category's stage (replaces it).
#[utoipa::path(
    put, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/panel", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path, description = "Rubric stage key")),
    request_body = PanelRequest,
    responses(
        (status = 200, description = "The panel", body = Vec<Judge>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Someone who is not a judge of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn set_panel(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<PanelRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let ids = body.into_inner().judge_ids;
    let panel = state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let known: Vec<String> = judges_of(conn, &edition_id)?
                .into_iter()
                .map(|j| j.id)
                .collect();
            let mut errors = FieldErrors::new();
            for (i, id) in ids.iter().enumerate() {
                if !known.contains(id) {
                    errors.push(
                        format!("judge_ids[{i}]"),
                        "not_a_judge",
                        Msg::new("Bukan juri edisi ini.", "Not a judge of this edition."),
                    );
                }
            }
            errors.into_result()?;
            diesel::delete(
                panel_members::table
                    .filter(panel_members::category_id.eq(&category_id))
                    .filter(panel_members::stage_key.eq(&key)),
            )
            .execute(conn)?;
            let unique: HashSet<&String> = ids.iter().collect();
            for id in unique {
                diesel::insert_into(panel_members::table)
                    .values((
                        panel_members::category_id.eq(&category_id),
                        panel_members::stage_key.eq(&key),
                        panel_members::judge_id.eq(id),
                    ))
                    .execute(conn)?;
            }
            audit_stage(
                conn,
                &caller,
                &stage,
                "panel.set",
                serde_json::json!({"stage": key, "judge_ids": ids}),
            )?;
            panel_of(conn, &stage)
        })
        .await?;
    Ok(HttpResponse::Ok().json(panel))
}

/// Move entries into a later stage, with the reason: hand-picked, or the
/// top N by an earlier stage's score.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/shortlist", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path, description = "A later rubric stage")),
    request_body = ShortlistRequest,
    responses(
        (status = 200, description = "Shortlisted", body = ShortlistResult),
        (status = 409, description = "Scoresheets of the earlier stage still open", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The first stage, a missing reason, or entries not complete in this category", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn add_to_shortlist(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<ShortlistRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let body = body.into_inner();
    let reason = crate::input::reason(&body.reason, Said::GiveAReason)?;
    let result = state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            if stage.first {
                return Err(ApiError::field("stage", "first_stage", Msg::new("Tahap pertama memuat semua pendaftaran lengkap; daftar pendek untuk tahap berikutnya.", "The first stage holds every complete entry; shortlists are for later stages.")));
            }
            let (picks, tied_at_cutoff) = match (body.top, body.entry_ids.is_empty()) {
                (Some(_), false) | (None, true) => {
                    return Err(ApiError::field("entry_ids", "choose_one", Msg::new("Isi entry_ids (pilihan tangan) atau top (N teratas), salah satu saja.", "Give either entry_ids (hand-picked) or top (the top N), not both.")));
                }
                (Some(0), true) => {
                    return Err(ApiError::field("top", "out_of_range", Msg::new("N teratas minimal 1.", "The top N must be at least 1.")));
                }
                (Some(n), true) => top_by_stage(conn, stage.category.clone(), &key, body.by_stage.as_deref(), n)?,
                (None, false) => {
                    let complete: HashSet<String> = entries::table
                        .filter(entries::category_id.eq(&category_id))
                        .filter(entries::status.eq(Status::Complete.as_str()))
                        .select(entries::id)
                        .load::<String>(conn)?
                        .into_iter()
                        .collect();
                    let mut errors = FieldErrors::new();
                    for (i, id) in body.entry_ids.iter().enumerate() {
                        if !complete.contains(id) {
                            errors.push(format!("entry_ids[{i}]"), "not_complete", Msg::new("Bukan pendaftaran lengkap di kategori ini.", "Not a complete entry of this category."));
                        }
                    }
                    errors.into_result()?;
                    let picks = body.entry_ids.iter().map(|id| Pick { entry_id: id.clone(), rank: None, score: None }).collect();
                    (picks, false)
                }
            };
            let ids: Vec<&str> = picks.iter().map(|p| p.entry_id.as_str()).collect();
            for id in &ids {
                diesel::delete(shortlist::table.filter(shortlist::category_id.eq(&category_id)).filter(shortlist::stage_key.eq(&key)).filter(shortlist::entry_id.eq(id))).execute(conn)?;
                diesel::insert_into(shortlist::table)
                    .values((
                        shortlist::category_id.eq(&category_id),
                        shortlist::stage_key.eq(&key),
                        shortlist::entry_id.eq(id),
                        shortlist::reason.eq(&reason),
                        shortlist::added_by.eq(&caller.user_id),
                        shortlist::added_at.eq(now()),
                    ))
                    .execute(conn)?;
            }
            audit_stage(conn, &caller, &stage, "shortlist.add", serde_json::json!({"stage": key, "entry_ids": ids, "top": body.top, "by_stage": body.by_stage, "reason": reason}))?;
            Ok(ShortlistResult { stage: key.clone(), added: picks, tied_at_cutoff })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Conflicts of interest between the stage's panel and its entries.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/conflicts", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    responses(
        (status = 200, description = "Detected, declared and dismissed conflicts", body = Vec<Conflict>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_conflicts(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let found = state
        .db
        .run(move |conn| {
            let stage = stage(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = panel_of(conn, &stage)?;
            let entries = stage_entries(conn, &stage)?;
            conflicts_between(conn, &panel, &entries)
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Dismiss an automatic conflict as a false positive, with the reason.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/conflicts/dismiss", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    request_body = DismissRequest,
    responses(
        (status = 204, description = "Dismissed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage, or no such conflict", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason, or a declared conflict", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn dismiss_conflict(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<DismissRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let body = body.into_inner();
    let reason = crate::input::reason(&body.reason, Said::GiveAReason)?;
    if body.kind == "declared" {
        return Err(ApiError::field(
            "kind",
            "declared",
            Msg::new(
                "Konflik yang dinyatakan juri tidak dapat dianulir.",
                "A conflict the judge declared cannot be dismissed.",
            ),
        ));
    }
    state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = panel_of(conn, &stage)?;
            let entries = stage_entries(conn, &stage)?;
            let exists = conflicts_between(conn, &panel, &entries)?
                .iter()
                .any(|c| c.judge_id == body.judge_id && c.entry_id == body.entry_id && c.kind == body.kind && !c.dismissed);
            if !exists {
                return Err(ApiError::not_found("Konflik", "Conflict"));
            }
            diesel::insert_into(conflict_records::table)
                .values((
                    conflict_records::id.eq(crate::users::store::new_id()),
                    conflict_records::judge_id.eq(&body.judge_id),
                    conflict_records::entry_id.eq(&body.entry_id),
                    conflict_records::kind.eq(&body.kind),
                    conflict_records::dismissed.eq(true),
                    conflict_records::reason.eq(&reason),
                    conflict_records::recorded_by.eq(&caller.user_id),
                    conflict_records::recorded_at.eq(now()),
                ))
                .execute(conn)?;
            audit_stage(conn, &caller, &stage, "conflict.dismiss", serde_json::json!({"judge_id": body.judge_id, "entry_id": body.entry_id, "kind": body.kind, "reason": reason}))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn existing_assignments(
    conn: &mut DbConnection,
    stage: &Stage,
) -> Result<Vec<Assignment>, ApiError> {
    Ok(assignments::table
        .filter(assignments::category_id.eq(&stage.category.id))
        .filter(assignments::stage_key.eq(&stage.key))
        .select((
            assignments::id,
            assignments::entry_id,
            assignments::judge_id,
            assignments::status,
        ))
        .order((assignments::entry_id, assignments::judge_id))
        .load::<(String, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, entry_id, judge_id, status)| Assignment {
            id,
            entry_id,
            judge_id,
            status,
        })
        .collect())
}

fn insert_assignment(
    conn: &mut DbConnection,
    caller: &Caller,
    stage: &Stage,
    judge_id: &str,
    entry_id: &str,
) -> Result<Assignment, ApiError> {
    let id = crate::users::store::new_id();
    diesel::insert_into(assignments::table)
        .values((
            assignments::id.eq(&id),
            assignments::category_id.eq(&stage.category.id),
            assignments::stage_key.eq(&stage.key),
            assignments::entry_id.eq(entry_id),
            assignments::judge_id.eq(judge_id),
            assignments::status.eq("active"),
            assignments::created_by.eq(&caller.user_id),
            assignments::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(Assignment {
        id,
        entry_id: entry_id.to_owned(),
        judge_id: judge_id.to_owned(),
        status: "active".to_owned(),
    })
}

/// The assignments of a stage.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assignments", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    responses(
        (status = 200, description = "The assignments", body = Vec<Assignment>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_assignments(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let list = state
        .db
        .run(move |conn| {
            let stage = stage(conn, &caller, &edition_id, &category_id, &key)?;
            existing_assignments(conn, &stage)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Assign one judge to one entry by hand; a conflict refuses it with the reason.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assignments", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    request_body = ManualAssignment,
    responses(
        (status = 201, description = "The assignment made", body = Assignment),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Conflict of interest, or already assigned", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not on the panel, or not an entry of this stage", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn assign_by_hand(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<ManualAssignment>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let body = body.into_inner();
    let made = state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = panel_of(conn, &stage)?;
            let Some(judge) = panel.iter().find(|j| j.id == body.judge_id) else {
                return Err(ApiError::field(
                    "judge_id",
                    "not_on_panel",
                    Msg::new(
                        "Juri ini tidak ada di panel tahap ini.",
                        "This judge is not on this stage's panel.",
                    ),
                ));
            };
            let entries = stage_entries(conn, &stage)?;
            let Some(entry) = entries.iter().find(|(id, _, _)| *id == body.entry_id) else {
                return Err(ApiError::field(
                    "entry_id",
                    "not_in_stage",
                    Msg::new(
                        "Pendaftaran ini tidak ada di tahap ini.",
                        "This entry is not in this stage.",
                    ),
                ));
            };
            let conflicts = conflicts_between(
                conn,
                std::slice::from_ref(judge),
                std::slice::from_ref(entry),
            )?;
            if let Some(conflict) = conflicts.iter().find(|c| !c.dismissed) {
                return Err(ApiError::Conflict(Msg::new(
                    format!("Konflik kepentingan: {}", conflict.reason),
                    format!("Conflict of interest: {}", conflict.reason_en),
                )));
            }
            if existing_assignments(conn, &stage)?
                .iter()
                .any(|a| a.judge_id == judge.id && a.entry_id == entry.0)
            {
                return Err(ApiError::Conflict(Msg::new(
                    "Juri ini sudah ditugaskan ke pendaftaran ini.",
                    "This judge is already assigned to this entry.",
                )));
            }
            let made = insert_assignment(conn, &caller, &stage, &judge.id, &entry.0)?;
            audit_stage(
                conn,
                &caller,
                &stage,
                "assignment.create",
                serde_json::json!({"stage": key, "judge_id": judge.id, "entry_id": entry.0}),
            )?;
            Ok(made)
        })
        .await?;
    Ok(HttpResponse::Created().json(made))
}

/// Assign judges automatically: `per_entry` from the panel, no conflicts,
/// loads balanced, optional cap; assignments already made stay.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/stages/{stage}/assign", tag = "judging",
    params(("id" = String, Path), ("category" = String, Path), ("stage" = String, Path)),
    request_body = AutoAssignRequest,
    responses(
        (status = 200, description = "What was assigned, the loads, and every entry still short of judges with the reason", body = AssignmentReport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such stage visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "per_entry out of range", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Results are published: withdraw them (or move the edition back to judging with a reason) first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn assign_automatically(
    caller: Caller,
    state: web::Data<AppState>,
    path: StagePath,
    body: web::Json<AutoAssignRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (edition_id, category_id, key) = path.into_inner();
    let body = body.into_inner();
    if !(1..=50).contains(&body.per_entry) {
        return Err(ApiError::field(
            "per_entry",
            "out_of_range",
            Msg::new(
                "Juri per pendaftaran 1 sampai 50.",
                "Judges per entry: 1 to 50.",
            ),
        ));
    }
    let report = state
        .db
        .write(move |conn| {
            let stage = stage_to_change(conn, &caller, &edition_id, &category_id, &key)?;
            let panel = panel_of(conn, &stage)?;
            let entries = stage_entries(conn, &stage)?;
            let conflicts: HashSet<(String, String)> = conflicts_between(conn, &panel, &entries)?
                .into_iter()
                .filter(|c| !c.dismissed)
                .map(|c| (c.judge_id, c.entry_id))
                .collect();
            let existing: Vec<(String, String)> = existing_assignments(conn, &stage)?
                .into_iter()
                .filter(|a| a.status == "active")
                .map(|a| (a.judge_id, a.entry_id))
                .collect();
            let entry_ids: Vec<String> = entries.iter().map(|(id, _, _)| id.clone()).collect();
            let judge_ids: Vec<String> = panel.iter().map(|j| j.id.clone()).collect();
            let outcome = assign::assign(&assign::Problem {
                entries: &entry_ids,
                judges: &judge_ids,
                conflicts: &conflicts,
                existing: &existing,
                per_entry: body.per_entry,
                cap: body.cap,
            });
            for (judge, entry) in &outcome.new {
                insert_assignment(conn, &caller, &stage, judge, entry)?;
            }
            let mut loads: HashMap<String, usize> = judge_ids.iter().map(|j| (j.clone(), 0)).collect();
            for (judge, _) in existing.iter().chain(outcome.new.iter()) {
                *loads.entry(judge.clone()).or_default() += 1;
            }
            let shortfalls = outcome.shortfalls.iter().map(explain).collect();
            audit_stage(conn, &caller, &stage, "assignment.auto", serde_json::json!({"stage": key, "per_entry": body.per_entry, "cap": body.cap, "created": outcome.new.len(), "shortfalls": outcome.shortfalls.len()}))?;
            Ok(AssignmentReport { created: outcome.new.len(), loads, shortfalls })
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

fn explain(shortfall: &Shortfall) -> ShortfallView {
    ShortfallView {
        entry_id: shortfall.entry.clone(),
        assigned: shortfall.assigned,
        wanted: shortfall.wanted,
        conflicted: shortfall.conflicted,
        at_cap: shortfall.at_cap,
        reason: format!(
            "Hanya {} dari {} juri: {} anggota panel berkonflik, {} sudah mencapai batas.",
            shortfall.assigned, shortfall.wanted, shortfall.conflicted, shortfall.at_cap
        ),
        reason_en: format!(
            "Only {} of {} judges: {} panel members conflicted, {} at their cap.",
            shortfall.assigned, shortfall.wanted, shortfall.conflicted, shortfall.at_cap
        ),
    }
}
