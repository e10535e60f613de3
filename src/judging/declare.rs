//! Conflicts of interest a judge declares before any assignment: the judge
//! reads the entrants of the stages whose panel they sit on and declares,
//! with a reason, the ones they cannot judge fairly. A declared conflict
//! keeps the judge off that entry for good, by hand or automatically.
//! Blind categories list no entrants: there, detection by region and
//! affiliation stands in for the judge's own declaration.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::db::schema::{
    assignments, categories, conflict_records, edition_judges, editions, entries, organisations,
    panel_members, regions, shortlist,
};
use crate::db::{DbConnection, now};
use crate::entries::status::Status;
use crate::error::{ApiError, Msg, Problem};
use crate::state::AppState;

/// Routes under the `/judging` scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/panels").route(web::get().to(my_panels)))
        .service(resource("/conflicts").route(web::post().to(declare)));
}

/// An entrant in a stage the judge sits on.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelEntry {
    pub entry_id: String,
    pub entrant: String,
    pub region_name: String,
    /// The judge already declared a conflict with this entry.
    pub declared: bool,
    /// The judge is already assigned to it (recuse from the assignment instead).
    pub assigned: bool,
}

/// A panel the judge sits on.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyPanel {
    pub edition_id: String,
    pub edition_name: String,
    pub category_id: String,
    pub category_name: String,
    pub stage_key: String,
    /// Blind judging: entrants are not listed.
    pub blind: bool,
    pub entries: Vec<PanelEntry>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub entry_id: String,
    /// The conflict, e.g. "Adik saya bekerja di dinas ini"; recorded.
    pub reason: String,
}

/// A declared conflict as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct Declared {
    pub id: String,
    pub judge_id: String,
    pub entry_id: String,
    pub kind: &'static str,
    pub reason: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub recorded_at: chrono::NaiveDateTime,
}

/// One panel seat of the caller: (edition judge id, edition id, edition
/// name, category id, category name, stage key, blind).
type Seat = (String, String, String, String, String, String, bool);

/// The panels (category and stage) the caller sits on as a judge, in
/// editions still judging or before; with `published`, in editions whose
/// results are published too.
fn seats(conn: &mut DbConnection, caller: &Caller, published: bool) -> Result<Vec<Seat>, ApiError> {
    let closed = if published { "" } else { "results_published" };
    Ok(panel_members::table
        .inner_join(edition_judges::table.on(edition_judges::id.eq(panel_members::judge_id)))
        .inner_join(categories::table.on(categories::id.eq(panel_members::category_id)))
        .inner_join(editions::table.on(editions::id.eq(edition_judges::edition_id)))
        .filter(edition_judges::user_id.eq(&caller.user_id))
        .filter(editions::phase.ne(closed))
        .select((
            edition_judges::id,
            editions::id,
            editions::name,
            categories::id,
            categories::name_id,
            panel_members::stage_key,
            categories::blind,
        ))
        .order((
            editions::name,
            categories::name_id,
            panel_members::stage_key,
        ))
        .load(conn)?)
}

/// Complete entries in a stage: all of them in the first stage, the
/// shortlist in later ones. Answers (id, entrant name, region name).
fn stage_entries(
    conn: &mut DbConnection,
    category_id: &str,
    stage_key: &str,
) -> Result<Vec<(String, String, Option<String>)>, ApiError> {
    let first = crate::categories::store::current_rubric(conn, category_id)?
        .map(|row| row.decode())
        .transpose()?
        .and_then(|v| v.rubric.stages.first().map(|s| s.key == stage_key))
        .unwrap_or(false);
    let mut query = entries::table
        .inner_join(organisations::table)
        .left_join(regions::table.on(regions::code.eq(entries::region_code)))
        .filter(entries::category_id.eq(category_id))
        .filter(entries::status.eq(Status::Complete.as_str()))
        .select((entries::id, organisations::name, regions::name.nullable()))
        .order(organisations::name)
        .into_boxed();
    if !first {
        let listed = shortlist::table
            .filter(shortlist::category_id.eq(category_id))
            .filter(shortlist::stage_key.eq(stage_key))
            .select(shortlist::entry_id);
        query = query.filter(entries::id.eq_any(listed));
    }
    Ok(query.load(conn)?)
}

/// The panels you sit on and their entrants, to declare conflicts of
/// interest before any assignment (judges only).
#[utoipa::path(
    get, path = "/api/v1/judging/panels", tag = "judging",
    responses(
        (status = 200, description = "Your panels and, unless blind, their entrants", body = Vec<MyPanel>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn my_panels(
    caller: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !caller.has(Role::Judge) {
        return Err(ApiError::forbidden());
    }
    let list = state
        .db
        .run(move |conn| {
            let mut out = Vec::new();
            for (
                judge_id,
                edition_id,
                edition_name,
                category_id,
                category_name,
                stage_key,
                blind,
            ) in seats(conn, &caller, false)?
            {
                let entries = if blind {
                    Vec::new()
                } else {
                    let declared: Vec<String> = conflict_records::table
                        .filter(conflict_records::judge_id.eq(&judge_id))
                        .filter(conflict_records::kind.eq("declared"))
                        .select(conflict_records::entry_id)
                        .load(conn)?;
                    let assigned: Vec<String> = assignments::table
                        .filter(assignments::judge_id.eq(&judge_id))
                        .filter(assignments::stage_key.eq(&stage_key))
                        .filter(assignments::category_id.eq(&category_id))
                        .select(assignments::entry_id)
                        .load(conn)?;
                    stage_entries(conn, &category_id, &stage_key)?
                        .into_iter()
                        .map(|(entry_id, entrant, region)| PanelEntry {
                            declared: declared.contains(&entry_id),
                            assigned: assigned.contains(&entry_id),
                            entry_id,
                            entrant,
                            region_name: region.unwrap_or_default(),
                        })
                        .collect()
                };
                out.push(MyPanel {
                    edition_id,
                    edition_name,
                    category_id,
                    category_name,
                    stage_key,
                    blind,
                    entries,
                });
            }
            Ok::<_, ApiError>(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Declare a conflict of interest with an entrant of one of your panels,
/// before assignment; you will never be assigned to it. Already assigned?
/// Recuse from the assignment instead.
#[utoipa::path(
    post, path = "/api/v1/judging/conflicts", tag = "judging",
    request_body = Declaration,
    responses(
        (status = 201, description = "Declared", body = Declared),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a judge", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an entrant of a panel you sit on (or a blind one)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already declared, or already assigned (recuse instead)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason is required", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn declare(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<Declaration>,
) -> Result<HttpResponse, ApiError> {
    if !caller.has(Role::Judge) {
        return Err(ApiError::forbidden());
    }
    let body = body.into_inner();
    let reason = crate::input::reason(&body.reason, crate::messages::Said::DescribeTheConflict)?;
    let declared = state
        .db
        .write(move |conn| {
            let entry_id = body.entry_id;
            // The seat whose stage lists this entry (blind panels list none).
            let mut found = None;
            for (judge_id, edition_id, _, category_id, _, stage_key, blind) in
                seats(conn, &caller, true)?
            {
                if blind {
                    continue;
                }
                if stage_entries(conn, &category_id, &stage_key)?
                    .iter()
                    .any(|(id, _, _)| *id == entry_id)
                {
                    found = Some((judge_id, edition_id));
                    break;
                }
            }
            let (judge_id, edition_id) =
                found.ok_or_else(|| ApiError::not_found("Pendaftaran", "Entry"))?;
            let phase: String = editions::table
                .find(&edition_id)
                .select(editions::phase)
                .first(conn)?;
            if phase == "results_published" {
                return Err(crate::editions::domain::judging_closed());
            }
            let assigned: i64 = assignments::table
                .filter(assignments::judge_id.eq(&judge_id))
                .filter(assignments::entry_id.eq(&entry_id))
                .filter(assignments::status.eq("active"))
                .count()
                .get_result(conn)?;
            if assigned > 0 {
                return Err(ApiError::Conflict(Msg::new(
                    "Anda sudah ditugaskan menilai pendaftaran ini; mundurlah dari penugasannya.",
                    "You are already assigned to this entry; recuse from the assignment instead.",
                )));
            }
            let existing: i64 = conflict_records::table
                .filter(conflict_records::judge_id.eq(&judge_id))
                .filter(conflict_records::entry_id.eq(&entry_id))
                .filter(conflict_records::kind.eq("declared"))
                .count()
                .get_result(conn)?;
            if existing > 0 {
                return Err(ApiError::Conflict(Msg::new(
                    "Konflik dengan pendaftaran ini sudah Anda nyatakan.",
                    "You already declared a conflict with this entry.",
                )));
            }
            let id = crate::users::store::new_id();
            let at = now();
            diesel::insert_into(conflict_records::table)
                .values((
                    conflict_records::id.eq(&id),
                    conflict_records::judge_id.eq(&judge_id),
                    conflict_records::entry_id.eq(&entry_id),
                    conflict_records::kind.eq("declared"),
                    conflict_records::dismissed.eq(false),
                    conflict_records::reason.eq(&reason),
                    conflict_records::recorded_by.eq(&caller.user_id),
                    conflict_records::recorded_at.eq(at),
                ))
                .execute(conn)?;
            let province: Option<String> = editions::table
                .find(&edition_id)
                .select(editions::province_code)
                .first(conn)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "conflict.declare",
                    object_type: "entry",
                    object_id: &entry_id,
                    province_code: province.as_deref(),
                    before: None,
                    after: Some(serde_json::json!({"judge_id": judge_id, "reason": reason})),
                },
            )?;
            Ok(Declared {
                id,
                judge_id,
                entry_id,
                kind: "declared",
                reason,
                recorded_at: at,
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(declared))
}
