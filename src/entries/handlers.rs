//! Entries: entrants create, fill, submit and withdraw them before the
//! deadline; offices list and check them.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::categories::rules::Applicant;
use crate::categories::store as categories;
use crate::db::{DbConnection, now};
use crate::editions::domain::Phase;
use crate::editions::store::EditionRow;
use crate::entries::status::{Decision, Status};
use crate::entries::store::{self, EntryChange, EntryQuery, EntryRow, EntryView, NewEntry};
use crate::entries::values::{Values, missing_for_submission, parse_values};
use crate::error::{ApiError, FieldErrors, Msg, Problem};
use crate::organisations::domain::{OrganisationKind, Sector, SizeClass};
use crate::pagination::{Page, PageParams};
use crate::regions::RegionCode;
use crate::state::AppState;

use super::access::{Access, form_of, load, not_found, require_entrant, require_open};
use crate::messages::Said;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/entries").route(web::get().to(list_entries)))
        .service(
            resource("/editions/{id}/categories/{category}/entries")
                .route(web::post().to(create_entry)),
        )
        .service(
            resource("/entries/{id}")
                .route(web::get().to(get_entry))
                .route(web::patch().to(update_entry)),
        )
        .service(resource("/entries/{id}/submit").route(web::post().to(submit_entry)))
        .service(resource("/entries/{id}/withdraw").route(web::post().to(withdraw_entry)))
        .service(resource("/entries/{id}/reopen").route(web::post().to(reopen_entry)))
        .service(resource("/entries/{id}/check").route(web::post().to(check_entry)));
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateEntryRequest {
    /// The organisation entering (one you belong to).
    pub organisation_id: String,
    /// Indicator values by key; more can follow with PATCH.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub values: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEntryRequest {
    /// The version you read; or send `If-Match: "<version>"` instead.
    pub version: Option<i32>,
    /// Values to set; `null` clears one. Keys not sent stay as they are.
    #[schema(value_type = Object)]
    pub values: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryActionRequest {
    /// The version you read; or send `If-Match: "<version>"` instead.
    pub version: Option<i32>,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3, "decision": "returned", "reason": "Lampirkan SK Bupati tentang perlindungan pekerja rentan."}))]
pub struct CheckRequest {
    /// The version you read; required unless the If-Match header carries it.
    pub version: Option<i32>,
    pub decision: Decision,
    /// Required for `rejected` and `returned`; the entrant sees it.
    pub reason: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryFilter {
    pub edition: Option<String>,
    pub category: Option<String>,
    pub status: Option<Status>,
    /// Region code: the region and everything inside it.
    pub region: Option<String>,
    /// Part of the organisation's name.
    pub q: Option<String>,
}

/// The version the client read: If-Match wins over the body.
fn expected_version(req: &HttpRequest, body_version: Option<i32>) -> Result<(i32, bool), ApiError> {
    if let Some(value) = req.headers().get(header::IF_MATCH) {
        let text = value.to_str().unwrap_or_default().trim();
        let digits = text.trim_start_matches("W/").trim_matches('"');
        return digits.parse().map(|v| (v, true)).map_err(|_| {
            ApiError::BadRequest(Msg::new(
                "If-Match harus berisi versi, mis. \"3\".",
                "If-Match must hold a version, e.g. \"3\".",
            ))
        });
    }
    body_version
        .map(|v| (v, false))
        .ok_or_else(|| ApiError::field("version", "required", Said::SendTheVersion.msg()))
}

fn stale(if_match: bool) -> ApiError {
    if if_match {
        ApiError::PreconditionFailed
    } else {
        ApiError::stale_version()
    }
}

fn with_etag(mut response: HttpResponse, version: i32) -> HttpResponse {
    if let Ok(value) = header::HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

fn record(
    conn: &mut DbConnection,
    caller: &Caller,
    action: &str,
    before: &EntryView,
    after: &EntryView,
) -> Result<(), ApiError> {
    let province = before.organisation.region_code.get(..2).map(str::to_owned);
    audit::record(
        conn,
        &caller.actor(),
        Change {
            action,
            object_type: "entry",
            object_id: &before.id,
            province_code: province.as_deref(),
            before: audit::snapshot(before),
            after: audit::snapshot(after),
        },
    )
}

fn parse_choice<T: serde::de::DeserializeOwned>(value: Option<&str>) -> Option<T> {
    value.and_then(|v| serde_json::from_value(serde_json::Value::String(v.to_owned())).ok())
}

/// Enter an organisation in a category. The organisation must be eligible:
/// a refusal names the rule it fails.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/categories/{category}/entries", tag = "entries",
    params(("id" = String, Path, description = "Edition id"), ("category" = String, Path, description = "Category id")),
    request_body = CreateEntryRequest,
    responses(
        (status = 201, description = "Created as a draft", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition or category visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already entered, or submissions closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not eligible, or invalid values", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_entry(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: web::Json<CreateEntryRequest>,
) -> Result<HttpResponse, ApiError> {
    let (edition_id, category_id) = path.into_inner();
    let body = body.into_inner();
    if !caller.has(Role::Entrant) {
        return Err(ApiError::Forbidden(Msg::new(
            "Hanya peserta yang dapat mendaftar.",
            "Only entrants can enter.",
        )));
    }
    let view = state
        .db
        .write(move |conn| {
            let edition = crate::editions::access::readable(conn, &caller, &edition_id)?;
            let category = categories::find(conn, &edition_id, &category_id)?
                .ok_or_else(|| ApiError::not_found("Kategori", "Category"))?;
            if !caller.is_member_of(&body.organisation_id) {
                return Err(ApiError::Forbidden(Msg::new(
                    "Anda bukan anggota organisasi ini.",
                    "You are not a member of this organisation.",
                )));
            }
            require_open(&edition)?;
            let organisation = crate::organisations::store::find(conn, &body.organisation_id)?
                .ok_or_else(|| ApiError::not_found("Organisasi", "Organisation"))?;
            let ineligible = |msg: Msg| ApiError::field("organisation_id", "not_eligible", msg);
            if let Some(province) = &edition.province_code
                && &organisation.province_code != province
            {
                return Err(ineligible(Msg::new(
                    "Organisasi berada di luar provinsi edisi ini.",
                    "The organisation lies outside this edition's province.",
                )));
            }
            let applicant = Applicant {
                kind: OrganisationKind::parse(&organisation.kind)
                    .unwrap_or(OrganisationKind::Company),
                size_class: parse_choice::<SizeClass>(organisation.size_class.as_deref()),
                sector: parse_choice::<Sector>(organisation.sector.as_deref()),
                region_code: &organisation.region_code,
            };
            category
                .eligibility
                .admits(&applicant)
                .map_err(ineligible)?;
            if store::exists_for(conn, &category_id, &organisation.id)? {
                return Err(ApiError::Conflict(Msg::new(
                    "Organisasi ini sudah terdaftar di kategori ini.",
                    "This organisation has already entered this category.",
                )));
            }
            let mut errors = FieldErrors::new();
            let values = parse_values(&category.form, &body.values, "values", &mut errors);
            errors.into_result()?;
            let id = store::insert(
                conn,
                &NewEntry {
                    edition_id: &edition_id,
                    category_id: &category_id,
                    organisation_id: &organisation.id,
                    region_code: &organisation.region_code,
                    province_code: &organisation.province_code,
                    values: &values,
                },
            )?;
            let row = store::find(conn, &id)?.ok_or_else(not_found)?;
            let view = store::view(conn, row)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "entry.create",
                    object_type: "entry",
                    object_id: &id,
                    province_code: Some(&organisation.province_code),
                    before: None,
                    after: audit::snapshot(&view),
                },
            )?;
            Ok(view)
        })
        .await?;
    let version = view.version;
    Ok(with_etag(
        HttpResponse::Created()
            .insert_header(("Location", format!("/api/v1/entries/{}", view.id)))
            .json(view),
        version,
    ))
}

/// Entries the caller may see: the office's for its editions, the entrant's own.
#[utoipa::path(
    get, path = "/api/v1/entries", tag = "entries",
    params(EntryFilter, PageParams),
    responses(
        (status = 200, description = "One page of entries, with the total", body = Page<EntryView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access here", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_entries(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<EntryFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    if !caller.is_admin() && !caller.has(Role::Entrant) {
        return Err(ApiError::forbidden());
    }
    let paging = page.into_inner().parse()?;
    let filter = filter.into_inner();
    if let Some(region) = filter
        .region
        .as_deref()
        .filter(|r| RegionCode::parse(r).is_none())
    {
        return Err(ApiError::field(
            "region",
            "invalid",
            Msg::new(
                format!("{region:?} bukan kode wilayah."),
                format!("{region:?} is not a region code."),
            ),
        ));
    }
    let query = EntryQuery {
        edition_id: filter.edition,
        category_id: filter.category,
        status: filter.status,
        region: filter.region,
        search: filter.q.filter(|q| !q.trim().is_empty()),
        scope: caller.scope(),
    };
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(items, total, paging)))
}

/// One entry, with an ETag of its version.
#[utoipa::path(
    get, path = "/api/v1/entries/{id}", tag = "entries",
    params(("id" = String, Path, description = "Entry id")),
    responses(
        (status = 200, description = "The entry", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access here", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_entry(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let (entry, _, _) = load(conn, &caller, &id)?;
            store::view(conn, entry)
        })
        .await?;
    let version = view.version;
    Ok(with_etag(HttpResponse::Ok().json(view), version))
}

/// Runs one entry change: load, check, apply with the version, audit.
async fn transition<F>(
    caller: Caller,
    state: web::Data<AppState>,
    id: String,
    version: (i32, bool),
    action: &'static str,
    decide: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(
            &mut DbConnection,
            &Caller,
            &EntryRow,
            &EditionRow,
            Access,
        ) -> Result<EntryChange, ApiError>
        + Send
        + 'static,
{
    let (expected, if_match) = version;
    let view = state
        .db
        .write(move |conn| {
            let (entry, edition, access) = load(conn, &caller, &id)?;
            let change = decide(conn, &caller, &entry, &edition, access)?;
            if entry.version != expected || !store::change(conn, &id, expected, &change)? {
                return Err(stale(if_match));
            }
            let before = store::view(conn, entry)?;
            let after = store::find(conn, &id)?.ok_or_else(not_found)?;
            let after = store::view(conn, after)?;
            record(conn, &caller, action, &before, &after)?;
            Ok(after)
        })
        .await?;
    let version = view.version;
    Ok(with_etag(HttpResponse::Ok().json(view), version))
}

fn check_complete(
    conn: &mut DbConnection,
    entry: &EntryRow,
    values: &Values,
) -> Result<(), ApiError> {
    let form = form_of(conn, entry)?;
    let documents = crate::entries::files::indicator_keys_with_files(conn, &entry.id)?;
    let mut errors = FieldErrors::new();
    missing_for_submission(&form, values, &documents, "values", &mut errors);
    errors.into_result()
}

/// Change indicator values (entrants, until the deadline). A stale version is
/// refused with 409, or 412 with If-Match.
#[utoipa::path(
    patch, path = "/api/v1/entries/{id}", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = UpdateEntryRequest,
    responses(
        (status = 200, description = "The changed entry", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, closed submissions, or a checked entry", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values, by field", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<UpdateEntryRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let version = expected_version(&req, body.version)?;
    transition(
        caller,
        state,
        id.into_inner(),
        version,
        "entry.update",
        move |conn, _, entry, edition, access| {
            require_entrant(access)?;
            if !entry.status().editable() {
                return Err(ApiError::Conflict(Msg::new(
                    "Pendaftaran ini sudah diperiksa atau ditarik dan tidak dapat diubah.",
                    "This entry has been checked or withdrawn and cannot change.",
                )));
            }
            require_open(edition)?;
            let form = form_of(conn, entry)?;
            let mut values = entry.values();
            let mut errors = FieldErrors::new();
            let mut given = serde_json::Map::new();
            for (key, value) in body.values {
                if value.is_null() {
                    values.remove(&key);
                } else {
                    given.insert(key, value);
                }
            }
            values.extend(parse_values(&form, &given, "values", &mut errors));
            errors.into_result()?;
            if entry.status() == Status::Submitted {
                check_complete(conn, entry, &values)?;
            }
            Ok(EntryChange {
                values_json: Some(store::json(&values)),
                ..EntryChange::default()
            })
        },
    )
    .await
}

/// Send the entry to the office. Every missing value or document is named.
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/submit", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = EntryActionRequest,
    responses(
        (status = 200, description = "Submitted", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "After the deadline, already submitted, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Required values or documents missing", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn submit_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Option<web::Json<EntryActionRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let version = expected_version(&req, body.version)?;
    transition(
        caller,
        state,
        id.into_inner(),
        version,
        "entry.submit",
        |conn, _, entry, edition, access| {
            require_entrant(access)?;
            if !matches!(entry.status(), Status::Draft | Status::Returned) {
                return Err(ApiError::Conflict(Msg::new(
                    format!(
                        "Pendaftaran berstatus {} tidak dapat dikirim.",
                        entry.status().as_str()
                    ),
                    format!(
                        "An entry that is {} cannot be submitted.",
                        entry.status().as_str()
                    ),
                )));
            }
            require_open(edition)?;
            check_complete(conn, entry, &entry.values())?;
            Ok(EntryChange {
                status: Some(Status::Submitted.as_str().into()),
                submitted_at: Some(Some(now())),
                ..EntryChange::default()
            })
        },
    )
    .await
}

/// Withdraw the entry (entrants, until the deadline).
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/withdraw", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = EntryActionRequest,
    responses(
        (status = 200, description = "Withdrawn", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "After the deadline, already checked, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Option<web::Json<EntryActionRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let version = expected_version(&req, body.version)?;
    transition(
        caller,
        state,
        id.into_inner(),
        version,
        "entry.withdraw",
        move |_, _, entry, edition, access| {
            require_entrant(access)?;
            if !entry.status().editable() {
                return Err(ApiError::Conflict(Msg::new(
                    "Pendaftaran ini tidak dapat ditarik lagi.",
                    "This entry can no longer be withdrawn.",
                )));
            }
            require_open(edition)?;
            Ok(EntryChange {
                status: Some(Status::Withdrawn.as_str().into()),
                check_note: Some(body.reason.filter(|r| !r.trim().is_empty())),
                ..EntryChange::default()
            })
        },
    )
    .await
}

/// Take a withdrawn entry back to draft (entrants, until the deadline).
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/reopen", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = EntryActionRequest,
    responses(
        (status = 200, description = "Back to draft", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the entrant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not withdrawn, after the deadline, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn reopen_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Option<web::Json<EntryActionRequest>>,
) -> Result<HttpResponse, ApiError> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let version = expected_version(&req, body.version)?;
    transition(
        caller,
        state,
        id.into_inner(),
        version,
        "entry.reopen",
        |_, _, entry, edition, access| {
            require_entrant(access)?;
            if entry.status() != Status::Withdrawn {
                return Err(ApiError::Conflict(Msg::new(
                    "Hanya pendaftaran yang ditarik dapat dibuka kembali.",
                    "Only a withdrawn entry can be reopened.",
                )));
            }
            require_open(edition)?;
            Ok(EntryChange {
                status: Some(Status::Draft.as_str().into()),
                check_note: Some(None),
                ..EntryChange::default()
            })
        },
    )
    .await
}

/// The administrative check: mark an entry complete, reject it, or return it
/// for correction before the deadline, with a reason the entrant sees.
#[utoipa::path(
    post, path = "/api/v1/entries/{id}/check", tag = "entries",
    params(
        ("id" = String, Path, description = "Entry id"),
        ("If-Match" = Option<String>, Header, description = "The version you read, as `\"3\"`; instead of `version` in the body, and a stale one is answered 412"),
    ),
    request_body = CheckRequest,
    responses(
        (status = 200, description = "Checked", body = EntryView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not submitted, judging already open, or stale", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "The body is not valid JSON, or If-Match is not a version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn check_entry(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<CheckRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let version = expected_version(&req, body.version)?;
    let reason = body
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let decision = body.decision;
    transition(
        caller,
        state,
        id.into_inner(),
        version,
        "entry.check",
        move |_, caller, entry, edition, access| {
            if access != Access::Office {
                return Err(ApiError::Forbidden(Msg::new(
                    "Hanya admin edisi ini yang memeriksa pendaftaran.",
                    "Only this edition's admins check entries.",
                )));
            }
            if decision.needs_reason() && reason.is_none() {
                return Err(ApiError::field(
                    "reason",
                    "required",
                    Msg::new(
                        "Sebutkan alasannya; peserta akan melihatnya.",
                        "Give the reason; the entrant will see it.",
                    ),
                ));
            }
            if !matches!(
                edition.phase(),
                Phase::SubmissionsOpen | Phase::SubmissionsClosed
            ) {
                return Err(ApiError::Conflict(Msg::new(
                    "Pemeriksaan administrasi hanya sebelum penjurian.",
                    "The administrative check happens only before judging.",
                )));
            }
            if !matches!(
                entry.status(),
                Status::Submitted | Status::Complete | Status::Rejected
            ) {
                return Err(ApiError::Conflict(Msg::new(
                    "Hanya pendaftaran yang sudah dikirim yang diperiksa.",
                    "Only submitted entries are checked.",
                )));
            }
            if decision == Decision::Returned && !edition.accepts_submissions(now()) {
                return Err(ApiError::Conflict(Msg::new(
                    "Pengembalian untuk perbaikan hanya sebelum batas akhir pendaftaran.",
                    "Returning for correction is only possible before the submission deadline.",
                )));
            }
            Ok(EntryChange {
                status: Some(decision.status().as_str().into()),
                checked_at: Some(Some(now())),
                checked_by: Some(Some(caller.user_id.clone())),
                check_note: Some(reason),
                ..EntryChange::default()
            })
        },
    )
    .await
}
