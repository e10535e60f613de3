//! Live ranking for admins, publication of results (frozen snapshots with a
//! digest), withdrawal, winners advancing to the national edition, the
//! public results, and exports.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::export;
use super::load::{CategoryData, category_data};
use super::snapshot::{self, Snapshot};
use super::view::{self, Ranking};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::store::{self as categories};
use crate::db::schema::{advancements, publications};
use crate::db::{DbConnection, now};
use crate::editions::access::administered;
use crate::editions::domain::Phase;
use crate::editions::store::{self as editions, EditionRow};
use crate::error::{ApiError, FieldError, Msg, Problem};
use crate::messages::Said;
use crate::pagination::PageParams;
use crate::state::AppState;
use crate::users::store::new_id;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    let category = "/editions/{id}/categories/{category}";
    cfg.service(resource(&format!("{category}/ranking")).route(web::get().to(ranking)))
        .service(
            resource(&format!("{category}/ranking/export")).route(web::get().to(export_ranking)),
        )
        .service(
            resource("/editions/{id}/publications")
                .route(web::get().to(list_publications))
                .route(web::post().to(publish)),
        )
        .service(
            resource("/editions/{id}/publications/{version}/withdraw")
                .route(web::post().to(withdraw)),
        )
        .service(resource("/editions/{id}/advancements").route(web::get().to(list_advancements)))
        .service(resource("/public/editions/{id}/results").route(web::get().to(public_results)))
        .service(
            resource("/public/editions/{id}/results/snapshot")
                .route(web::get().to(public_snapshot)),
        )
        .service(
            resource("/public/editions/{id}/results/winners.csv")
                .route(web::get().to(public_winners_csv)),
        )
        .service(
            resource("/public/editions/{id}/results/report").route(web::get().to(public_report)),
        );
}

type CategoryPath = web::Path<(String, String)>;

fn load_category(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    category_id: &str,
) -> Result<CategoryData, ApiError> {
    administered(conn, caller, edition_id)?;
    let category = categories::find(conn, edition_id, category_id)?
        .ok_or_else(|| ApiError::not_found("Kategori", "Category"))?;
    category_data(conn, category)
}

/// The live ranking of a category, with explanations and flags (admins of
/// the edition only; judges and entrants never see it).
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/ranking", tag = "results",
    params(("id" = String, Path), ("category" = String, Path), PageParams),
    responses(
        (status = 200, description = "Ranking, best first, one page", body = Ranking),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The category has no rubric", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn ranking(
    caller: Caller,
    state: web::Data<AppState>,
    path: CategoryPath,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let paging = page.into_inner().parse()?;
    let (edition_id, category_id) = path.into_inner();
    let data = state
        .db
        .run(move |conn| load_category(conn, &caller, &edition_id, &category_id))
        .await?;
    let outcome = view::outcome(&data);
    let offset = usize::try_from(paging.offset()).unwrap_or(usize::MAX);
    let sheets = view::sheets_by_entry(&data);
    let items = outcome
        .order
        .iter()
        .skip(offset)
        .take(paging.per_page as usize)
        .map(|&e| view::ranked_entry(&data, &outcome, &sheets, e))
        .collect();
    Ok(HttpResponse::Ok().json(Ranking {
        edition_id: data.category.edition_id.clone(),
        category_id: data.category.id.clone(),
        category_name: data.category.name_id.clone(),
        rubric_version: data.rubric_version,
        aggregation: data.settings.aggregation,
        tie_break: data.settings.tie_break.clone(),
        precision: crate::scoring::weigh::PRECISION,
        winners_count: data.category.winners_count,
        outstanding_scoresheets: data.outstanding,
        notes: view::notes(&data, &outcome),
        items,
        total: outcome.order.len() as i64,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// `csv` (default) or `xlsx`.
    pub format: Option<String>,
    /// `judges` for every judge's marks (CSV); the XLSX always has them on a second sheet.
    pub detail: Option<String>,
}

/// The ranking with its per-criterion breakdown, and every judge's marks,
/// as CSV or XLSX (admins of the edition only).
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/categories/{category}/ranking/export", tag = "results",
    params(("id" = String, Path), ("category" = String, Path), ExportParams),
    responses(
        (status = 200, description = "The ranking as CSV (`format=csv`, the default) or an XLSX workbook (`format=xlsx`)", content(
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown format or detail", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn export_ranking(
    caller: Caller,
    state: web::Data<AppState>,
    path: CategoryPath,
    params: web::Query<ExportParams>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let params = params.into_inner();
    let xlsx = match params.format.as_deref().unwrap_or("csv") {
        "csv" => false,
        "xlsx" => true,
        _ => {
            return Err(ApiError::field(
                "format",
                "invalid_choice",
                Msg::new("Pilih csv atau xlsx.", "Choose csv or xlsx."),
            ));
        }
    };
    let judges = match params.detail.as_deref() {
        None | Some("ranking") => false,
        Some("judges") => true,
        Some(_) => {
            return Err(ApiError::field(
                "detail",
                "invalid_choice",
                Msg::new("Pilih ranking atau judges.", "Choose ranking or judges."),
            ));
        }
    };
    let (edition_id, category_id) = path.into_inner();
    let data = state
        .db
        .run(move |conn| load_category(conn, &caller, &edition_id, &category_id))
        .await?;
    let outcome = view::outcome(&data);
    let stem = format!("peringkat-{}", data.category.id);
    if xlsx {
        let bytes = web::block(move || export::workbook(&data, &outcome))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
        return Ok(attachment(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{stem}.xlsx"),
        ));
    }
    let (body, name) = if judges {
        (export::judges_csv(&data)?, format!("{stem}-nilai-juri.csv"))
    } else {
        (export::ranking_csv(&data, &outcome)?, format!("{stem}.csv"))
    };
    Ok(attachment(body, "text/csv; charset=utf-8", &name))
}

fn attachment(body: Vec<u8>, content_type: &str, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// May be left out the first time.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// Why results are published again; required when a version exists.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    /// Why the results are withdrawn; recorded and shown publicly.
    pub reason: String,
}

/// One published version of an edition's results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Publication {
    pub version: i32,
    /// SHA-256 (hex) of the snapshot exactly as served at
    /// `/api/v1/public/editions/{id}/results/snapshot?version=N`.
    pub digest: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub published_at: chrono::NaiveDateTime,
    pub published_by: String,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub withdrawn_at: Option<chrono::NaiveDateTime>,
    pub withdrawn_reason: Option<String>,
    /// A later version replaced this one.
    pub superseded: bool,
}

type PublicationRow = (
    i32,
    String,
    chrono::NaiveDateTime,
    String,
    Option<chrono::NaiveDateTime>,
    Option<String>,
);

fn publications_of(
    conn: &mut DbConnection,
    edition_id: &str,
) -> Result<Vec<Publication>, ApiError> {
    let rows: Vec<PublicationRow> = publications::table
        .filter(publications::edition_id.eq(edition_id))
        .select((
            publications::version,
            publications::digest,
            publications::published_at,
            publications::published_by,
            publications::withdrawn_at,
            publications::withdrawn_reason,
        ))
        .order(publications::version.desc())
        .load(conn)?;
    let latest = rows.first().map(|r| r.0);
    Ok(rows
        .into_iter()
        .map(
            |(version, digest, published_at, published_by, withdrawn_at, withdrawn_reason)| {
                Publication {
                    superseded: Some(version) != latest,
                    version,
                    digest,
                    published_at,
                    published_by,
                    withdrawn_at,
                    withdrawn_reason,
                }
            },
        )
        .collect())
}

/// Every published version of the edition's results, newest first.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/publications", tag = "results",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Versions, newest first", body = Vec<Publication>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_publications(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = id.into_inner();
    let list = state
        .db
        .run(move |conn| {
            administered(conn, &caller, &id)?;
            publications_of(conn, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Why an edition cannot be published yet: each category without a rubric
/// or with scoresheets still open.
fn unready(data: &[CategoryData]) -> Vec<FieldError> {
    data.iter()
        .filter(|d| d.outstanding > 0)
        .map(|d| {
            FieldError::new(
                format!("categories.{}", d.category.id),
                "scoresheets_outstanding",
                Msg::new(
                    format!(
                        "{}: {} lembar penilaian belum dikirim juri.",
                        d.category.name_id, d.outstanding
                    ),
                    format!(
                        "{}: {} scoresheets not yet submitted.",
                        d.category.name_id, d.outstanding
                    ),
                ),
            )
        })
        .collect()
}

/// Publish the edition's results: every category's ranking is frozen as a
/// snapshot with a SHA-256 digest, winners become public, and winners
/// advance to the linked national edition. Publishing again makes a new
/// version (with a reason); older digests stay visible.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/publications", tag = "results",
    params(("id" = String, Path)),
    request_body = Option<PublishRequest>,
    responses(
        (status = 201, description = "Published", body = Publication),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in judging, a category without a rubric, or scoresheets outstanding (listed in `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason is needed to publish again", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn publish(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    request: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = id.into_inner();
    // The first publication needs nothing said: the body may be left out.
    let body: PublishRequest = crate::http::optional_json(&request, &body)?.unwrap_or_default();
    let reason = body
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let public_url = state.settings.mail.public_url.clone();
    let publication = state
        .db
        .write(move |conn| publish_edition(conn, &caller, &id, reason.as_deref(), &public_url))
        .await?;
    Ok(HttpResponse::Created().json(publication))
}

/// Loads, ranks, freezes and writes one edition's results, and queues an
/// email to every entrant account of every ranked organisation (naming
/// `public_url`, where the public results live).
pub fn publish_edition(
    conn: &mut DbConnection,
    caller: &Caller,
    edition_id: &str,
    reason: Option<&str>,
    public_url: &str,
) -> Result<Publication, ApiError> {
    let edition = administered(conn, caller, edition_id)?;
    if !matches!(edition.phase(), Phase::Judging | Phase::ResultsPublished) {
        return Err(ApiError::Conflict(Msg::new(
            "Hasil hanya dapat diumumkan pada tahap penjurian.",
            "Results can only be published once the edition is in judging.",
        )));
    }
    let previous: Option<i32> = publications::table
        .filter(publications::edition_id.eq(edition_id))
        .select(diesel::dsl::max(publications::version))
        .first(conn)?;
    if previous.is_some() && reason.is_none() {
        return Err(ApiError::field(
            "reason",
            "required",
            Msg::new(
                "Hasil sudah pernah diumumkan; sebutkan alasan pengumuman ulang.",
                "Results were published before; give the reason for publishing again.",
            ),
        ));
    }
    let mut data = Vec::new();
    for category in categories::list(conn, edition_id)? {
        if category.rubric_version.is_none() {
            return Err(ApiError::Conflict(Msg::new(
                format!("Kategori {} belum memiliki rubrik.", category.name_id),
                format!("Category {} has no rubric yet.", category.name_id),
            )));
        }
        data.push(category_data(conn, category)?);
    }
    let outstanding = unready(&data);
    if !outstanding.is_empty() {
        return Err(ApiError::Refused(
            Msg::new(
                "Masih ada lembar penilaian yang belum dikirim; hasil belum dapat diumumkan.",
                "Some scoresheets are not submitted yet; results cannot be published.",
            ),
            outstanding,
        ));
    }
    let version = previous.unwrap_or(0) + 1;
    let at = now();
    let mut categories_snapshot = Vec::with_capacity(data.len());
    for category in &data {
        let outcome = view::outcome(category);
        categories_snapshot.push(snapshot::category(category, &outcome));
    }
    let frozen = Snapshot {
        edition_id: edition.id.clone(),
        edition_name: edition.name.clone(),
        year: edition.year,
        version,
        published_at: at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        precision: crate::scoring::weigh::PRECISION,
        categories: categories_snapshot,
    };
    let canonical = snapshot::canonical(&frozen);
    let digest = snapshot::digest(&canonical);
    let publication_id = new_id();
    diesel::insert_into(publications::table)
        .values((
            publications::id.eq(&publication_id),
            publications::edition_id.eq(&edition.id),
            publications::version.eq(version),
            publications::snapshot_json.eq(&canonical),
            publications::digest.eq(&digest),
            publications::published_by.eq(&caller.user_id),
            publications::published_at.eq(at),
        ))
        .execute(conn)?;
    let advanced = advance(conn, &edition, &publication_id, &data, &frozen)?;
    if edition.phase() != Phase::ResultsPublished
        && !editions::set_phase(
            conn,
            &edition,
            Phase::ResultsPublished,
            &caller.user_id,
            reason,
            false,
        )?
    {
        return Err(ApiError::stale_version());
    }
    let emails = crate::mail::compose::results_published(
        conn,
        &crate::mail::compose::Published {
            edition: &edition,
            snapshot: &frozen,
            digest: &digest,
            reason,
            public_url,
        },
    )?;
    let emailed = crate::mail::enqueue(conn, &emails)?;
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action: "results.publish",
            object_type: "edition",
            object_id: &edition.id,
            province_code: edition.province_code.as_deref(),
            before: None,
            after: Some(serde_json::json!({
                "version": version, "digest": digest, "reason": reason, "advanced": advanced,
                "emails_queued": emailed,
            })),
        },
    )?;
    Ok(Publication {
        version,
        digest,
        published_at: at,
        published_by: caller.user_id.clone(),
        withdrawn_at: None,
        withdrawn_reason: None,
        superseded: false,
    })
}

/// Puts each category's top entries forward to the linked national
/// edition, into its category made from the same template where there is
/// one. Answers how many advanced.
fn advance(
    conn: &mut DbConnection,
    edition: &EditionRow,
    publication_id: &str,
    data: &[CategoryData],
    frozen: &Snapshot,
) -> Result<usize, ApiError> {
    let (Some(target), Some(count)) = (&edition.advances_to_edition_id, edition.advance_count)
    else {
        return Ok(0);
    };
    let national = categories::list(conn, target)?;
    let mut advanced = 0;
    // The snapshot lists the categories in the order they were loaded.
    for (loaded, category) in data.iter().zip(&frozen.categories) {
        let target_category = loaded.category.template_key.as_ref().and_then(|key| {
            national
                .iter()
                .find(|n| n.template_key.as_deref() == Some(key.as_str()))
                .map(|n| n.id.clone())
        });
        for entry in category
            .ranking
            .iter()
            .filter(|e| e.rank.is_some_and(|r| r <= count as usize))
        {
            diesel::insert_into(advancements::table)
                .values((
                    advancements::publication_id.eq(publication_id),
                    advancements::target_edition_id.eq(target),
                    advancements::category_id.eq(&category.id),
                    advancements::entry_id.eq(&entry.entry_id),
                    advancements::organisation_id.eq(&entry.organisation_id),
                    advancements::ranking.eq(entry.rank.unwrap_or(0) as i32),
                    advancements::target_category_id.eq(&target_category),
                ))
                .execute(conn)?;
            advanced += 1;
        }
    }
    Ok(advanced)
}

/// Withdraw the current published results (national admins only, with a
/// reason). The version stays listed, marked withdrawn, with its digest;
/// the edition goes back to judging.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/publications/{version}/withdraw", tag = "results",
    params(("id" = String, Path), ("version" = i32, Path)),
    request_body = WithdrawRequest,
    responses(
        (status = 200, description = "Withdrawn", body = Publication),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a national admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn, or superseded by a later version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason is required", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
    body: web::Json<WithdrawRequest>,
) -> Result<HttpResponse, ApiError> {
    if !caller.is_national_admin() {
        return Err(ApiError::Forbidden(Said::OnlyNationalAdminWithdraws.msg()));
    }
    let (id, version) = path.into_inner();
    let reason = crate::input::reason(&body.into_inner().reason, Said::GiveAReason)?;
    let publication = state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &id)?;
            let list = publications_of(conn, &id)?;
            let found = list
                .iter()
                .find(|p| p.version == version)
                .ok_or_else(|| ApiError::not_found("Versi hasil", "Results version"))?;
            if found.withdrawn_at.is_some() {
                return Err(ApiError::Conflict(Msg::new(
                    "Versi hasil ini sudah ditarik.",
                    "This version of the results is already withdrawn.",
                )));
            }
            if found.superseded {
                return Err(ApiError::Conflict(Msg::new(
                    "Versi ini sudah digantikan versi yang lebih baru; tarik versi terbaru.",
                    "A later version replaced this one; withdraw the latest version.",
                )));
            }
            let at = now();
            diesel::update(
                publications::table
                    .filter(publications::edition_id.eq(&id))
                    .filter(publications::version.eq(version)),
            )
            .set((
                publications::withdrawn_at.eq(at),
                publications::withdrawn_by.eq(&caller.user_id),
                publications::withdrawn_reason.eq(&reason),
            ))
            .execute(conn)?;
            if edition.phase() == Phase::ResultsPublished
                && !editions::set_phase(
                    conn,
                    &edition,
                    Phase::Judging,
                    &caller.user_id,
                    Some(&reason),
                    false,
                )?
            {
                return Err(ApiError::stale_version());
            }
            // Everyone told of these results hears they no longer stand.
            let frozen = read_snapshot(&snapshot_json(conn, &id, version)?)?;
            let emails = crate::mail::compose::results_withdrawn(
                conn,
                &crate::mail::compose::Withdrawn {
                    edition: &edition,
                    snapshot: &frozen,
                    reason: &reason,
                    at,
                },
            )?;
            let emailed = crate::mail::enqueue(conn, &emails)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "results.withdraw",
                    object_type: "edition",
                    object_id: &id,
                    province_code: edition.province_code.as_deref(),
                    before: Some(serde_json::json!({"version": version, "digest": found.digest})),
                    after: Some(serde_json::json!({
                        "withdrawn": true, "reason": reason, "emails_queued": emailed,
                    })),
                },
            )?;
            Ok(Publication {
                withdrawn_at: Some(at),
                withdrawn_reason: Some(reason),
                ..found.clone()
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(publication))
}

/// A winner put forward to a national edition.
#[derive(Debug, Clone, Serialize, ToSchema, Queryable)]
pub struct Advancement {
    pub from_edition_id: String,
    pub from_edition_name: String,
    pub from_category_id: String,
    pub entry_id: String,
    pub organisation_id: String,
    pub ranking: i32,
    /// The national category made from the same template, if any.
    pub target_category_id: Option<String>,
}

/// Winners put forward to this (national) edition by the current, not
/// withdrawn, results of the provincial editions linked to it.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}/advancements", tag = "results",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Winners put forward", body = Vec<Advancement>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_advancements(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = id.into_inner();
    let list = state
        .db
        .run(move |conn| {
            administered(conn, &caller, &id)?;
            use crate::db::schema::editions;
            let rows: Vec<(String, i32, Advancement)> = advancements::table
                .inner_join(publications::table)
                .inner_join(editions::table.on(editions::id.eq(publications::edition_id)))
                .filter(advancements::target_edition_id.eq(&id))
                .select((
                    publications::edition_id,
                    publications::version,
                    (
                        publications::edition_id,
                        editions::name,
                        advancements::category_id,
                        advancements::entry_id,
                        advancements::organisation_id,
                        advancements::ranking,
                        advancements::target_category_id,
                    ),
                ))
                .order((
                    editions::name,
                    advancements::category_id,
                    advancements::ranking,
                ))
                .load(conn)?;
            // Only the current version of each provincial edition counts, and
            // only while it is not withdrawn.
            let sources: Vec<&String> = rows.iter().map(|(edition, ..)| edition).collect();
            let current: Vec<(String, i32, bool)> = publications::table
                .filter(publications::edition_id.eq_any(sources))
                .select((
                    publications::edition_id,
                    publications::version,
                    publications::withdrawn_at.is_null(),
                ))
                .load(conn)?;
            let mut latest: std::collections::HashMap<String, (i32, bool)> = Default::default();
            for (edition, version, standing) in current {
                let at = latest.entry(edition).or_insert((version, standing));
                if version > at.0 {
                    *at = (version, standing);
                }
            }
            Ok::<_, ApiError>(
                rows.into_iter()
                    .filter(|(edition, version, _)| latest.get(edition) == Some(&(*version, true)))
                    .map(|(.., advancement)| advancement)
                    .collect::<Vec<_>>(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A winner as the public sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Winner {
    /// Juara 1, 2, 3…; tied winners share a place.
    pub juara: usize,
    pub tied: bool,
    pub organisation_name: String,
    pub region_name: String,
    pub total: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCategory {
    pub id: String,
    pub name_id: String,
    pub name_en: String,
    pub winners: Vec<Winner>,
}

/// A version of the results, as listed publicly.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicVersion {
    pub version: i32,
    pub digest: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub published_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::instant::utc_option")]
    pub withdrawn_at: Option<chrono::NaiveDateTime>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicResults {
    pub edition_id: String,
    pub edition_name: String,
    pub year: i32,
    /// `published`, or `withdrawn` (then no winners are listed).
    pub status: &'static str,
    pub version: i32,
    #[serde(serialize_with = "crate::instant::utc")]
    pub published_at: chrono::NaiveDateTime,
    /// SHA-256 (hex) of the snapshot bytes served at `snapshot_url`.
    pub digest: String,
    pub digest_algorithm: &'static str,
    pub snapshot_url: String,
    pub withdrawn_reason: Option<String>,
    pub categories: Vec<PublicCategory>,
    /// Every version, newest first, with its digest.
    pub versions: Vec<PublicVersion>,
}

/// The edition's publications, newest first, without their snapshots; 404
/// when none.
fn published(conn: &mut DbConnection, edition_id: &str) -> Result<Vec<Publication>, ApiError> {
    let list = publications_of(conn, edition_id)?;
    if list.is_empty() {
        return Err(ApiError::NotFound(Msg::new(
            "Hasil edisi ini belum diumumkan.",
            "This edition's results are not published.",
        )));
    }
    Ok(list)
}

/// One published version (the latest when none is asked for); 404 when
/// there is none such.
fn published_version(
    conn: &mut DbConnection,
    edition_id: &str,
    wanted: Option<i32>,
) -> Result<Publication, ApiError> {
    published(conn, edition_id)?
        .into_iter()
        .find(|p| wanted.is_none_or(|v| v == p.version))
        .ok_or_else(|| ApiError::not_found("Versi hasil", "Results version"))
}

/// The frozen snapshot of one version, exactly as stored.
fn snapshot_json(
    conn: &mut DbConnection,
    edition_id: &str,
    version: i32,
) -> Result<String, ApiError> {
    Ok(publications::table
        .filter(publications::edition_id.eq(edition_id))
        .filter(publications::version.eq(version))
        .select(publications::snapshot_json)
        .first(conn)?)
}

fn read_snapshot(json: &str) -> Result<Snapshot, ApiError> {
    serde_json::from_str(json)
        .map_err(|e| ApiError::Internal(format!("stored snapshot unreadable: {e}")))
}

/// Published winners of an edition, with the digest anyone can check.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results", tag = "public",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Winners of the current version and every version's digest", body = PublicResults),
        (status = 404, description = "Not published", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_results(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let results = state
        .db
        .run(move |conn| {
            let list = published(conn, &id)?;
            let current = list[0].clone();
            let frozen = read_snapshot(&snapshot_json(conn, &id, current.version)?)?;
            let withdrawn = current.withdrawn_at.is_some();
            let version = current.version;
            Ok::<_, ApiError>(PublicResults {
                snapshot_url: format!(
                    "/api/v1/public/editions/{id}/results/snapshot?version={version}"
                ),
                edition_id: id,
                edition_name: frozen.edition_name.clone(),
                year: frozen.year,
                status: if withdrawn { "withdrawn" } else { "published" },
                version,
                published_at: current.published_at,
                digest: current.digest,
                digest_algorithm: "sha256",
                withdrawn_reason: current.withdrawn_reason,
                categories: if withdrawn {
                    Vec::new()
                } else {
                    frozen
                        .categories
                        .iter()
                        .map(|c| PublicCategory {
                            id: c.id.clone(),
                            name_id: c.name_id.clone(),
                            name_en: c.name_en.clone(),
                            winners: c
                                .winners()
                                .map(|w| Winner {
                                    juara: w.rank.unwrap_or(0),
                                    tied: w.tied,
                                    organisation_name: w.organisation_name.clone(),
                                    region_name: w.region_name.clone(),
                                    total: w.total.clone(),
                                })
                                .collect(),
                        })
                        .collect()
                },
                versions: list
                    .into_iter()
                    .map(|p| PublicVersion {
                        version: p.version,
                        digest: p.digest,
                        published_at: p.published_at,
                        withdrawn_at: p.withdrawn_at,
                        withdrawn_reason: p.withdrawn_reason,
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(results))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct VersionParams {
    /// A published version; the latest by default.
    pub version: Option<i32>,
}

/// The frozen snapshot of a published version, byte for byte: its SHA-256
/// is the published digest.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results/snapshot", tag = "public",
    params(("id" = String, Path), VersionParams),
    responses(
        (status = 200, description = "The snapshot exactly as frozen", body = Snapshot),
        (status = 404, description = "Not published, or no such version", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_snapshot(
    state: web::Data<AppState>,
    id: web::Path<String>,
    params: web::Query<VersionParams>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let wanted = params.into_inner().version;
    let (json, digest) = state
        .db
        .run(move |conn| {
            let found = published_version(conn, &id, wanted)?;
            Ok::<_, ApiError>((snapshot_json(conn, &id, found.version)?, found.digest))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("x-content-sha256", digest))
        .body(json))
}

/// Winners of the current published version as CSV.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results/winners.csv", tag = "public",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Winners, one per row", content_type = "text/csv"),
        (status = 404, description = "Not published, or withdrawn", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_winners_csv(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let frozen = state
        .db
        .run(move |conn| {
            let current = published(conn, &id)?.swap_remove(0);
            if current.withdrawn_at.is_some() {
                return Err(ApiError::NotFound(Msg::new(
                    "Hasil edisi ini ditarik.",
                    "This edition's results were withdrawn.",
                )));
            }
            let json = snapshot_json(conn, &id, current.version)?;
            Ok((read_snapshot(&json)?, current.digest))
        })
        .await?;
    let (frozen, digest) = frozen;
    let body = export::winners_csv(&frozen, &digest)?;
    Ok(attachment(
        body,
        "text/csv; charset=utf-8",
        &format!("pemenang-{}-v{}.csv", frozen.edition_id, frozen.version),
    ))
}

/// The printable results report of a published version (the latest by
/// default): winners and the full ranking of every category with stage
/// scores, the digest, laid out for A4 paper. A withdrawn version prints
/// the withdrawal instead of the ranking.
#[utoipa::path(
    get, path = "/api/v1/public/editions/{id}/results/report", tag = "public",
    params(("id" = String, Path), VersionParams),
    responses(
        (status = 200, description = "The report, to read or print", content_type = "text/html"),
        (status = 404, description = "Not published, or no such version", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn public_report(
    state: web::Data<AppState>,
    id: web::Path<String>,
    params: web::Query<VersionParams>,
) -> Result<HttpResponse, ApiError> {
    use crate::db::schema::editions as edition_rows;
    use crate::editions::domain::Zone;
    let id = id.into_inner();
    let wanted = params.into_inner().version;
    let html = state
        .db
        .run(move |conn| {
            let found = published_version(conn, &id, wanted)?;
            let frozen = read_snapshot(&snapshot_json(conn, &id, found.version)?)?;
            let zone: String = edition_rows::table
                .find(&id)
                .select(edition_rows::time_zone)
                .first(conn)?;
            let zone = Zone::parse(&zone).unwrap_or(Zone::Jakarta);
            let local = |at| zone.stamp(at);
            super::report::render(&super::report::Report {
                snapshot: &frozen,
                digest: &found.digest,
                published_at: local(found.published_at),
                withdrawn: found.withdrawn_at.map(|at| super::report::Withdrawn {
                    at: local(at),
                    reason: found.withdrawn_reason.clone().unwrap_or_default(),
                }),
                snapshot_url: format!(
                    "/api/v1/public/editions/{id}/results/snapshot?version={}",
                    found.version
                ),
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            super::report::content_security_policy(),
        ))
        .body(html))
}
