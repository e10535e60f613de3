//! `/api/v1/editions`: create, read, change, and move through phases.

use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::categories::store as categories;
use crate::db::DbConnection;
use crate::editions::domain::{Phase, Step, Tier, Zone};
use crate::editions::store::{self, EditionFields, EditionQuery, EditionRow, NationalZone};
use crate::editions::view::EditionView;
use crate::error::{ApiError, FieldError, FieldErrors, Msg, Problem};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

use super::access::{administered, readable};
use crate::messages::Said;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(
        resource("/editions")
            .route(web::get().to(list_editions))
            .route(web::post().to(create_edition)),
    )
    .service(
        resource("/editions/{id}")
            .route(web::get().to(get_edition))
            .route(web::patch().to(update_edition)),
    )
    .service(resource("/editions/{id}/phase").route(web::post().to(change_phase)));
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// Wall-clock time in the edition's zone (`2025-01-15T08:00`) or RFC 3339.
    pub submissions_open_at: Option<String>,
    /// The deadline for entries.
    pub submissions_close_at: Option<String>,
    pub judging_start_at: Option<String>,
    pub results_at: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvancementInput {
    /// The national edition winners go on to.
    pub edition_id: String,
    /// 1 (first place only) or 3 (top three).
    pub per_category: i32,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Paritrana Award 2026 – Jawa Tengah", "year": 2026, "tier": "provincial",
    "province_code": "33",
    "schedule": {"submissions_open_at": "2026-02-01T08:00", "submissions_close_at": "2026-03-31T23:59"}
}))]
pub struct EditionInput {
    pub name: Option<String>,
    pub year: Option<i32>,
    #[schema(value_type = Option<Tier>)]
    pub tier: Option<String>,
    /// Required for a provincial edition.
    pub province_code: Option<String>,
    /// Zones of a national edition, e.g. "Zona Sumatera".
    pub zones: Option<Vec<NationalZone>>,
    /// Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT);
    /// defaults to the province's zone.
    #[schema(value_type = Option<Zone>)]
    pub time_zone: Option<String>,
    /// Defaults to 1 January of `year`.
    pub period_start: Option<NaiveDate>,
    /// Defaults to 31 December of `year`.
    pub period_end: Option<NaiveDate>,
    pub schedule: Option<ScheduleInput>,
    pub advances_to: Option<AdvancementInput>,
    /// Copy the categories and rubrics of this (usually last year's) edition.
    pub copy_from: Option<String>,
    /// Required when changing an edition: the version you read.
    pub version: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseRequest {
    #[schema(value_type = Phase)]
    pub to: String,
    /// Required for going back and for forcing past a guard.
    pub reason: Option<String>,
    /// Open judging although some entries are unchecked (needs a reason).
    #[serde(default)]
    pub force: bool,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EditionFilter {
    pub year: Option<i32>,
    pub tier: Option<Tier>,
    /// Province code.
    pub province: Option<String>,
    pub phase: Option<Phase>,
}

/// The zone a province keeps its clocks in.
pub fn zone_of_province(code: &str) -> Zone {
    match code.get(..2).and_then(|c| c.parse::<u8>().ok()) {
        Some(51..=53 | 63..=65 | 71..=76) => Zone::Makassar,
        Some(81..=99) => Zone::Jayapura,
        _ => Zone::Jakarta,
    }
}

fn parse_time(
    zone: Zone,
    field: &str,
    raw: Option<&str>,
    errors: &mut FieldErrors,
) -> Option<NaiveDateTime> {
    raw.filter(|r| !r.trim().is_empty())
        .and_then(|r| errors.check(zone.parse_time(field, r)))
}

fn invalid(
    field: &str,
    code: &'static str,
    id: impl Into<String>,
    en: impl Into<String>,
) -> FieldError {
    FieldError::new(field, code, Msg::new(id.into(), en.into()))
}

/// Merges the input over `base` (an existing edition, or none for a new
/// one) and checks everything, answering the columns to write.
fn resolve(
    conn: &mut DbConnection,
    input: &EditionInput,
    base: Option<&EditionRow>,
) -> Result<EditionFields, ApiError> {
    let mut errors = FieldErrors::new();
    let name = input
        .name
        .clone()
        .or_else(|| base.map(|b| b.name.clone()))
        .unwrap_or_default()
        .trim()
        .to_owned();
    if name.chars().count() < 3 || name.chars().count() > 200 {
        errors.push(
            "name",
            "length",
            Msg::new(
                "Nama edisi 3 sampai 200 karakter.",
                "An edition name has 3 to 200 characters.",
            ),
        );
    }
    let year = input.year.or(base.map(|b| b.year));
    match year {
        None => errors.push(
            "year",
            "required",
            Msg::new("Tahun wajib diisi.", "The year is required."),
        ),
        Some(y) if !(2000..=2100).contains(&y) => errors.push(
            "year",
            "out_of_range",
            Msg::new(
                "Tahun di luar rentang 2000–2100.",
                "Year outside 2000–2100.",
            ),
        ),
        _ => {}
    }
    let tier = match (base, &input.tier) {
        (Some(base), None) => Some(base.tier()),
        (Some(base), Some(raw)) if Tier::parse(raw) != Some(base.tier()) => {
            errors.add(invalid_tier_change());
            Some(base.tier())
        }
        (_, Some(raw)) => {
            let parsed = Tier::parse(raw);
            if parsed.is_none() {
                errors.add(invalid(
                    "tier",
                    "invalid_choice",
                    "Pilih provincial atau national.",
                    "Choose provincial or national.",
                ));
            }
            parsed
        }
        (None, None) => {
            errors.push(
                "tier",
                "required",
                Msg::new("Tingkat wajib diisi.", "The tier is required."),
            );
            None
        }
    };
    let province_code = match base {
        Some(base) => {
            if input
                .province_code
                .as_ref()
                .is_some_and(|p| Some(p) != base.province_code.as_ref())
            {
                errors.add(invalid(
                    "province_code",
                    "immutable",
                    "Provinsi edisi tidak dapat diubah; buat edisi baru.",
                    "An edition's province cannot change; create a new edition.",
                ));
            }
            base.province_code.clone()
        }
        None => input.province_code.clone().map(|p| p.trim().to_owned()),
    };
    match (tier, &province_code) {
        (Some(Tier::Provincial), None) => errors.push(
            "province_code",
            "required",
            Msg::new(
                "Edisi provinsi memerlukan provinsinya.",
                "A provincial edition needs its province.",
            ),
        ),
        (Some(Tier::National), Some(_)) => errors.add(invalid(
            "province_code",
            "not_allowed",
            "Edisi nasional tidak terikat pada satu provinsi.",
            "A national edition belongs to no single province.",
        )),
        (Some(Tier::Provincial), Some(code))
            if !crate::regions::store::is_province(conn, code)? =>
        {
            errors.add(invalid(
                "province_code",
                "unknown_province",
                format!("Provinsi {code:?} tidak dikenal."),
                format!("Province {code:?} is not known."),
            ))
        }
        _ => {}
    }
    let zones = input
        .zones
        .clone()
        .unwrap_or_else(|| base.map(EditionRow::zones).unwrap_or_default());
    if !zones.is_empty() && tier == Some(Tier::Provincial) {
        errors.add(invalid(
            "zones",
            "not_allowed",
            "Zona hanya untuk edisi nasional.",
            "Zones are for national editions only.",
        ));
    }
    for (i, zone) in zones.iter().enumerate() {
        if !crate::categories::form::is_key(&zone.key) {
            errors.push(
                format!("zones[{i}].key"),
                "invalid",
                crate::categories::form::bad_key("zona", "zone"),
            );
        }
        for (j, province) in zone.provinces.iter().enumerate() {
            if !crate::regions::store::is_province(conn, province)? {
                errors.add(invalid(
                    &format!("zones[{i}].provinces[{j}]"),
                    "unknown_province",
                    "Provinsi tidak dikenal.",
                    "Unknown province.",
                ));
            }
        }
    }
    let zone = match &input.time_zone {
        Some(raw) => Zone::parse(raw).unwrap_or_else(|| {
            errors.add(invalid(
                "time_zone",
                "invalid_choice",
                "Pilih Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).",
                "Choose Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).",
            ));
            Zone::Jakarta
        }),
        None => base.map(EditionRow::zone).unwrap_or_else(|| {
            province_code
                .as_deref()
                .map_or(Zone::Jakarta, zone_of_province)
        }),
    };
    let year_or = year.unwrap_or(2000);
    let period_start = input
        .period_start
        .or(base.map(|b| b.period_start))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year_or, 1, 1).unwrap_or_default());
    let period_end = input
        .period_end
        .or(base.map(|b| b.period_end))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year_or, 12, 31).unwrap_or_default());
    if period_start > period_end {
        errors.add(invalid(
            "period_end",
            "before_start",
            "Akhir periode sebelum awalnya.",
            "The period ends before it starts.",
        ));
    }
    let schedule = input.schedule.as_ref();
    let pick = |field: &str,
                raw: Option<&String>,
                old: Option<NaiveDateTime>,
                errors: &mut FieldErrors| match raw {
        Some(raw) => parse_time(zone, &format!("schedule.{field}"), Some(raw), errors),
        None => old,
    };
    let open = pick(
        "submissions_open_at",
        schedule.and_then(|s| s.submissions_open_at.as_ref()),
        base.and_then(|b| b.submissions_open_at),
        &mut errors,
    );
    let close = pick(
        "submissions_close_at",
        schedule.and_then(|s| s.submissions_close_at.as_ref()),
        base.and_then(|b| b.submissions_close_at),
        &mut errors,
    );
    let judging = pick(
        "judging_start_at",
        schedule.and_then(|s| s.judging_start_at.as_ref()),
        base.and_then(|b| b.judging_start_at),
        &mut errors,
    );
    let results = pick(
        "results_at",
        schedule.and_then(|s| s.results_at.as_ref()),
        base.and_then(|b| b.results_at),
        &mut errors,
    );
    let order = [
        ("submissions_open_at", open),
        ("submissions_close_at", close),
        ("judging_start_at", judging),
        ("results_at", results),
    ];
    let mut previous: Option<(&str, NaiveDateTime)> = None;
    for (field, at) in order {
        if let Some(at) = at {
            if let Some((before, earlier)) = previous.filter(|(_, earlier)| at <= *earlier) {
                let _ = earlier;
                errors.add(invalid(
                    &format!("schedule.{field}"),
                    "order",
                    format!("Harus setelah {before}."),
                    format!("Must come after {before}."),
                ));
            }
            previous = Some((field, at));
        }
    }
    let (advances_to, advance_count) = match &input.advances_to {
        Some(advance) => {
            if tier != Some(Tier::Provincial) {
                errors.add(invalid(
                    "advances_to",
                    "not_allowed",
                    "Hanya edisi provinsi yang meneruskan pemenang.",
                    "Only provincial editions send winners on.",
                ));
            }
            if advance.per_category != 1 && advance.per_category != 3 {
                errors.add(invalid(
                    "advances_to.per_category",
                    "invalid_choice",
                    "Pilih 1 (juara 1) atau 3 (tiga besar).",
                    "Choose 1 (first place) or 3 (top three).",
                ));
            }
            match store::find(conn, &advance.edition_id)? {
                Some(target) if target.tier() == Tier::National => {}
                _ => errors.add(invalid(
                    "advances_to.edition_id",
                    "not_national",
                    "Edisi tujuan harus edisi nasional yang ada.",
                    "The target must be an existing national edition.",
                )),
            }
            (Some(advance.edition_id.clone()), Some(advance.per_category))
        }
        None => (
            base.and_then(|b| b.advances_to_edition_id.clone()),
            base.and_then(|b| b.advance_count),
        ),
    };
    errors.into_result()?;
    Ok(EditionFields {
        name,
        year: year_or,
        tier: tier.unwrap_or(Tier::National).as_str().to_owned(),
        province_code,
        zones_json: categories::json(&zones),
        time_zone: zone.as_str().to_owned(),
        period_start,
        period_end,
        submissions_open_at: open,
        submissions_close_at: close,
        judging_start_at: judging,
        results_at: results,
        advances_to_edition_id: advances_to,
        advance_count,
    })
}

fn invalid_tier_change() -> FieldError {
    invalid(
        "tier",
        "immutable",
        "Tingkat edisi tidak dapat diubah.",
        "An edition's tier cannot change.",
    )
}

/// Create an edition, optionally copying categories and rubrics from another.
#[utoipa::path(
    post, path = "/api/v1/editions", tag = "editions",
    request_body = EditionInput,
    responses(
        (status = 201, description = "Created, in the draft phase", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this province (or not national)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_edition(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<EditionInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let input = body.into_inner();
    if input.version.is_some() {
        return Err(ApiError::field(
            "version",
            "not_allowed",
            Msg::new(
                "Edisi baru belum memiliki versi.",
                "A new edition has no version yet.",
            ),
        ));
    }
    let view = state
        .db
        .write(move |conn| {
            let fields = resolve(conn, &input, None)?;
            match &fields.province_code {
                Some(province) => caller.require_admin_of(province)?,
                None => caller.require_national_admin()?,
            }
            let source = match &input.copy_from {
                Some(id) => Some(readable(conn, &caller, id).map_err(|_| {
                    ApiError::field(
                        "copy_from",
                        "unknown_edition",
                        Msg::new("Edisi sumber tidak ditemukan.", "Source edition not found."),
                    )
                })?),
                None => None,
            };
            let id = store::insert(conn, &fields, source.as_ref().map(|s| s.id.as_str()))?;
            let mut copied = 0;
            if let Some(source) = &source {
                copied = copy_categories(conn, &source.id, &id, &caller.user_id)?;
            }
            let edition = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("edition vanished".into()))?;
            let view = EditionView::new(edition, None);
            let mut after = audit::snapshot(&view);
            if let (Some(serde_json::Value::Object(map)), Some(source)) = (after.as_mut(), &source)
            {
                map.insert("copied_categories".into(), copied.into());
                map.insert("copied_from".into(), source.id.clone().into());
            }
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "edition.create",
                    object_type: "edition",
                    object_id: &id,
                    province_code: view.province_code.as_deref(),
                    before: None,
                    after,
                },
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/editions/{}", view.id)))
        .json(view))
}

/// Copies every category with its current rubric (as a new, unfrozen version 1).
fn copy_categories(
    conn: &mut DbConnection,
    from: &str,
    to: &str,
    actor_id: &str,
) -> Result<usize, ApiError> {
    let source = categories::list(conn, from)?;
    for category in &source {
        let id = categories::insert(
            conn,
            to,
            &categories::CategoryFields::from_category(category),
        )?;
        if let Some(rubric) = categories::current_rubric(conn, &category.id)? {
            let rubric = rubric.decode()?.rubric;
            categories::insert_rubric(
                conn,
                &id,
                1,
                &rubric,
                false,
                Some("disalin dari edisi sebelumnya / copied from an earlier edition"),
                Some(actor_id),
            )?;
        }
    }
    Ok(source.len())
}

/// Editions the caller may see, newest year first. Drafts only for their admins.
#[utoipa::path(
    get, path = "/api/v1/editions", tag = "editions",
    params(EditionFilter, PageParams),
    responses(
        (status = 200, description = "One page of editions", body = Page<EditionView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_editions(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<EditionFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let paging = page.into_inner().parse()?;
    let filter = filter.into_inner();
    let query = EditionQuery {
        year: filter.year,
        tier: filter.tier,
        province: filter.province,
        phase: filter.phase,
        scope: caller.scope(),
    };
    let (rows, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    let items = rows
        .into_iter()
        .map(|row| EditionView::new(row, None))
        .collect();
    Ok(HttpResponse::Ok().json(Page::new(items, total, paging)))
}

/// One edition with its phase history.
#[utoipa::path(
    get, path = "/api/v1/editions/{id}", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    responses(
        (status = 200, description = "The edition", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_edition(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let edition = readable(conn, &caller, &id)?;
            let history = store::phase_history(conn, &id)?;
            Ok(EditionView::new(edition, Some(history)))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Change an edition's name, dates, zones or advancement (not its tier or province).
#[utoipa::path(
    patch, path = "/api/v1/editions/{id}", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    request_body = EditionInput,
    responses(
        (status = 200, description = "The changed edition", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or results already published", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_edition(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<EditionInput>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let input = body.into_inner();
    let Some(version) = input.version else {
        return Err(ApiError::field(
            "version",
            "required",
            Said::SendTheVersion.msg(),
        ));
    };
    if input.copy_from.is_some() {
        return Err(ApiError::field(
            "copy_from",
            "not_allowed",
            Msg::new(
                "Penyalinan hanya saat membuat edisi.",
                "Copying happens only when creating an edition.",
            ),
        ));
    }
    let view = state
        .db
        .write(move |conn| {
            let before = administered(conn, &caller, &id)?;
            if before.phase() == Phase::ResultsPublished {
                return Err(ApiError::Conflict(Msg::new(
                    "Hasil edisi ini sudah diumumkan; edisi tidak dapat diubah.",
                    "This edition's results are published; it can no longer change.",
                )));
            }
            let fields = resolve(conn, &input, Some(&before))?;
            if !store::update(conn, &id, version, &fields)? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("edition vanished".into()))?;
            let before_view = EditionView::new(before, None);
            let view = EditionView::new(after, None);
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "edition.update",
                    object_type: "edition",
                    object_id: &id,
                    province_code: view.province_code.as_deref(),
                    before: audit::snapshot(&before_view),
                    after: audit::snapshot(&view),
                },
            )?;
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Why the edition cannot move to `to` yet: every reason, each by what to fix.
fn guard(
    conn: &mut DbConnection,
    edition: &EditionRow,
    to: Phase,
    forced: bool,
) -> Result<Vec<FieldError>, ApiError> {
    let mut reasons = Vec::new();
    if to == Phase::Judging && !forced {
        let unchecked = crate::entries::store::unchecked_in_edition(conn, &edition.id)?;
        if unchecked > 0 {
            reasons.push(invalid(
                "entries",
                "unchecked",
                format!("{unchecked} pendaftaran belum diperiksa administrasinya. Periksa dulu, atau paksa dengan alasan yang dicatat."),
                format!("{unchecked} entries have not had their administrative check. Check them, or force with a recorded reason."),
            ));
        }
    }
    if to == Phase::SubmissionsOpen && edition.phase() == Phase::Draft {
        let list = categories::list(conn, &edition.id)?;
        if list.is_empty() {
            reasons.push(invalid(
                "categories",
                "none",
                "Edisi belum memiliki kategori.",
                "The edition has no categories yet.",
            ));
        }
        for (i, category) in list.iter().enumerate() {
            match categories::current_rubric(conn, &category.id)? {
                None => reasons.push(invalid(
                    &format!("categories[{i}].rubric"),
                    "missing",
                    format!("Kategori {:?} belum memiliki rubrik.", category.name_id),
                    format!("Category {:?} has no rubric yet.", category.name_en),
                )),
                Some(row) => {
                    let rubric = row.decode()?.rubric;
                    if let Err(ApiError::Validation(problems)) = rubric.validate(&category.form) {
                        reasons.push(invalid(
                            &format!("categories[{i}].rubric"),
                            "invalid",
                            format!(
                                "Rubrik kategori {:?} memiliki {} kesalahan.",
                                category.name_id,
                                problems.len()
                            ),
                            format!(
                                "The rubric of category {:?} has {} problem(s).",
                                category.name_en,
                                problems.len()
                            ),
                        ));
                    }
                }
            }
        }
        match edition.submissions_close_at {
            None => reasons.push(invalid(
                "schedule.submissions_close_at",
                "missing",
                "Tetapkan batas akhir pendaftaran terlebih dahulu.",
                "Set the submission deadline first.",
            )),
            Some(close) if close <= crate::db::now() => reasons.push(invalid(
                "schedule.submissions_close_at",
                "past",
                "Batas akhir pendaftaran sudah lewat.",
                "The submission deadline has already passed.",
            )),
            Some(_) => {}
        }
    }
    Ok(reasons)
}

/// Move an edition to another phase. Guards explain every reason a move is
/// refused; going back needs a reason, and so does forcing.
#[utoipa::path(
    post, path = "/api/v1/editions/{id}/phase", tag = "editions",
    params(("id" = String, Path, description = "Edition id")),
    request_body = PhaseRequest,
    responses(
        (status = 200, description = "The edition in its new phase", body = EditionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this edition", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such edition visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refused by a guard; `errors` lists each reason", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown phase, a move the flow does not allow, or a missing reason", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn change_phase(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<PhaseRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let request = body.into_inner();
    let Some(to) = Phase::parse(&request.to) else {
        return Err(ApiError::field(
            "to",
            "invalid_choice",
            Msg::new(
                "Pilih draft, submissions_open, submissions_closed, judging atau results_published.",
                "Choose draft, submissions_open, submissions_closed, judging or results_published.",
            ),
        ));
    };
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let view = state
        .db
        .write(move |conn| {
            let edition = administered(conn, &caller, &id)?;
            let from = edition.phase();
            let step = from.step_to(to).ok_or_else(|| {
                ApiError::field(
                    "to",
                    "not_allowed",
                    Msg::new(
                        format!("Edisi tidak dapat berpindah dari {} ke {}.", from.label_id(), to.label_id()),
                        format!("An edition cannot move from {} to {}.", from.as_str(), to.as_str()),
                    ),
                )
            })?;
            if (step == Step::Back || request.force) && reason.is_none() {
                return Err(ApiError::field(
                    "reason",
                    "required",
                    Said::GiveAReason.msg(),
                ));
            }
            if from == Phase::ResultsPublished && !caller.is_national_admin() {
                return Err(ApiError::Forbidden(Said::OnlyNationalAdminWithdraws.msg()));
            }
            if to == Phase::ResultsPublished {
                return Err(ApiError::field("to", "use_publication", Msg::new(
                    "Hasil diumumkan dengan POST /api/v1/editions/{id}/publications, yang membekukan peringkat.",
                    "Results are published with POST /api/v1/editions/{id}/publications, which freezes the ranking.",
                )));
            }
            if from == Phase::ResultsPublished {
                return Err(ApiError::field("to", "use_withdrawal", Msg::new(
                    "Hasil ditarik dengan POST /api/v1/editions/{id}/publications/{versi}/withdraw.",
                    "Results are withdrawn with POST /api/v1/editions/{id}/publications/{version}/withdraw.",
                )));
            }
            let reasons = guard(conn, &edition, to, request.force)?;
            if !reasons.is_empty() {
                return Err(ApiError::Refused(
                    Msg::new(
                        format!("Edisi belum dapat berpindah ke tahap {}.", to.label_id()),
                        format!("The edition cannot move to {} yet.", to.as_str()),
                    ),
                    reasons,
                ));
            }
            if to == Phase::Judging {
                categories::freeze_rubrics(conn, &id)?;
            }
            if !store::set_phase(conn, &edition, to, &caller.user_id, reason.as_deref(), request.force)? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &id)?.ok_or_else(|| ApiError::Internal("edition vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "edition.phase",
                    object_type: "edition",
                    object_id: &id,
                    province_code: after.province_code.as_deref(),
                    before: Some(serde_json::json!({"phase": from.as_str()})),
                    after: Some(serde_json::json!({"phase": to.as_str(), "reason": reason, "forced": request.force})),
                },
            )?;
            let history = store::phase_history(conn, &id)?;
            Ok(EditionView::new(after, Some(history)))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_keep_their_own_clocks() {
        assert_eq!(zone_of_province("33"), Zone::Jakarta);
        assert_eq!(zone_of_province("51"), Zone::Makassar);
        assert_eq!(zone_of_province("64"), Zone::Makassar);
        assert_eq!(zone_of_province("62"), Zone::Jakarta);
        assert_eq!(zone_of_province("91"), Zone::Jayapura);
    }
}
