//! Entrant organisations: admins create and change them within their
//! provinces; entrants read their own.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, FieldErrors, Msg, Problem};
use crate::organisations::domain::{
    EmployerNumber, OrganisationKind, Sector, SizeClass, parse_name,
};
use crate::organisations::store::{self, Organisation, OrganisationFields, OrganisationQuery};
use crate::pagination::{Page, PageParams};
use crate::regions::{Level, RegionCode};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(
        resource("/organisations")
            .route(web::get().to(list_organisations))
            .route(web::post().to(create_organisation)),
    )
    .service(
        resource("/organisations/{id}")
            .route(web::get().to(get_organisation))
            .route(web::patch().to(update_organisation)),
    );
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisationRequest {
    #[schema(value_type = OrganisationKind)]
    pub kind: String,
    /// Optional for governments (derived from the region), required for companies.
    pub name: Option<String>,
    /// The governed region, or the company's seat.
    pub region_code: String,
    /// BPJS employer registration number (NPP); required for companies.
    pub employer_number: Option<String>,
    #[schema(value_type = Option<SizeClass>)]
    pub size_class: Option<String>,
    #[schema(value_type = Option<Sector>)]
    pub sector: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisationRequest {
    /// The version you read; a stale one is refused with 409.
    pub version: i32,
    pub name: Option<String>,
    pub region_code: Option<String>,
    pub employer_number: Option<String>,
    #[schema(value_type = Option<SizeClass>)]
    pub size_class: Option<String>,
    #[schema(value_type = Option<Sector>)]
    pub sector: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationFilter {
    pub kind: Option<OrganisationKind>,
    /// Province code.
    pub province: Option<String>,
    /// Region code: the region and everything inside it.
    pub region: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    pub size_class: Option<SizeClass>,
    pub sector: Option<Sector>,
}

fn parse_choice<T: DeserializeOwned>(
    field: &str,
    raw: &str,
    allowed: &str,
) -> Result<T, FieldError> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_owned())).map_err(|_| {
        FieldError::new(
            field,
            "invalid_choice",
            Msg::new(
                format!("Nilai {raw:?} tidak dikenal; pilih salah satu dari: {allowed}."),
                format!("Unknown value {raw:?}; choose one of: {allowed}."),
            ),
        )
    })
}

const KINDS: &str = "province_government, regency_government, village_government, company";
const SIZES: &str = "large, medium, small, micro";
const SECTORS: &str = "finance, education, health, infrastructure, manufacturing, trade, agriculture, mining, \
                       transport, hospitality, public_service, other";

/// Input for one organisation before the database checks.
struct Draft {
    kind: OrganisationKind,
    name: Option<String>,
    region: RegionCode,
    employer_number: Option<String>,
    size_class: Option<SizeClass>,
    sector: Option<Sector>,
}

fn parse_draft(
    kind: &str,
    name: Option<&str>,
    region_code: &str,
    employer_number: Option<&str>,
    size_class: Option<&str>,
    sector: Option<&str>,
) -> Result<Draft, ApiError> {
    let mut errors = FieldErrors::new();
    // A required field that was sent but malformed already has its error.
    let absent = |value: Option<&str>| value.is_none_or(|v| v.trim().is_empty());
    let (no_name, no_number, no_size, no_sector) = (
        absent(name),
        absent(employer_number),
        absent(size_class),
        absent(sector),
    );
    let kind = errors.check(parse_choice::<OrganisationKind>("kind", kind, KINDS));
    let name = name.and_then(|n| errors.check(parse_name("name", n)));
    let region = RegionCode::parse(region_code);
    if region.is_none() {
        errors.push(
            "region_code",
            "invalid",
            Msg::new(
                format!("{region_code:?} bukan kode wilayah Kemendagri."),
                format!("{region_code:?} is not a Kemendagri region code."),
            ),
        );
    }
    let employer_number = employer_number
        .filter(|n| !n.trim().is_empty())
        .and_then(|n| errors.check(EmployerNumber::parse("employer_number", n)))
        .map(EmployerNumber::into_string);
    let size_class =
        size_class.and_then(|s| errors.check(parse_choice::<SizeClass>("size_class", s, SIZES)));
    let sector = sector.and_then(|s| errors.check(parse_choice::<Sector>("sector", s, SECTORS)));
    if let Some(kind) = kind {
        if kind == OrganisationKind::Company {
            let required = |errors: &mut FieldErrors, field: &str, what_id: &str, what_en: &str| {
                errors.push(
                    field,
                    "required",
                    Msg::new(
                        format!("{what_id} wajib diisi untuk perusahaan."),
                        format!("{what_en} is required for a company."),
                    ),
                )
            };
            if no_name {
                required(&mut errors, "name", "Nama", "Name");
            }
            if no_number {
                required(
                    &mut errors,
                    "employer_number",
                    "Nomor pendaftaran perusahaan (NPP)",
                    "The employer registration number",
                );
            }
            if no_size {
                required(&mut errors, "size_class", "Skala usaha", "The size class");
            }
            if no_sector {
                required(&mut errors, "sector", "Sektor usaha", "The sector");
            }
        } else {
            let not_for_government = Msg::new(
                "Hanya berlaku untuk perusahaan.",
                "Applies to companies only.",
            );
            if size_class.is_some() {
                errors.push("size_class", "not_allowed", not_for_government.clone());
            }
            if sector.is_some() {
                errors.push("sector", "not_allowed", not_for_government);
            }
        }
    }
    match (kind, region) {
        (Some(kind), Some(region)) if errors.is_empty() => Ok(Draft {
            kind,
            name,
            region,
            employer_number,
            size_class,
            sector,
        }),
        _ => Err(errors
            .into_result()
            .err()
            .unwrap_or_else(|| ApiError::Internal("draft".into()))),
    }
}

/// Checks the draft against regions and existing organisations, and turns it
/// into the stored fields.
fn resolve(
    conn: &mut DbConnection,
    draft: Draft,
    existing_id: Option<&str>,
) -> Result<OrganisationFields, ApiError> {
    let region = crate::regions::store::find(conn, draft.region.as_str())?.ok_or_else(|| {
        ApiError::field(
            "region_code",
            "unknown_region",
            Msg::new(
                format!("Wilayah {} tidak ditemukan.", draft.region.as_str()),
                format!("Region {} not found.", draft.region.as_str()),
            ),
        )
    })?;
    if let Some(level) = draft.kind.governs() {
        if draft.region.level() != level {
            return Err(ApiError::field(
                "region_code",
                "wrong_level",
                Msg::new(
                    format!(
                        "{} memerlukan wilayah tingkat {}.",
                        draft.kind.as_str(),
                        level_id(level)
                    ),
                    format!(
                        "A {} needs a region at {} level.",
                        draft.kind.as_str(),
                        level.as_str()
                    ),
                ),
            ));
        }
        if existing_id.is_none()
            && store::government_exists(conn, draft.kind, draft.region.as_str())?
        {
            return Err(ApiError::Conflict(Msg::new(
                format!("Pemerintah wilayah {} sudah terdaftar.", region.name),
                format!("The government of {} is already registered.", region.name),
            )));
        }
    }
    if let Some(number) = &draft.employer_number
        && store::employer_number_taken(conn, number, existing_id)?
    {
        return Err(ApiError::Conflict(Msg::new(
            format!("NPP {number} sudah dipakai organisasi lain."),
            format!("Employer number {number} is already used by another organisation."),
        )));
    }
    let name = draft
        .name
        .unwrap_or_else(|| draft.kind.government_name(&region.code, &region.name));
    Ok(OrganisationFields {
        kind: draft.kind.as_str().to_owned(),
        name_search: name.to_lowercase(),
        name,
        region_code: region.code,
        province_code: region.province_code,
        employer_number: draft.employer_number,
        size_class: draft.size_class.map(|s| s.as_str().to_owned()),
        sector: draft.sector.map(|s| s.as_str().to_owned()),
    })
}

fn level_id(level: Level) -> &'static str {
    match level {
        Level::Province => "provinsi",
        Level::Regency => "kabupaten/kota",
        Level::District => "kecamatan",
        Level::Village => "desa/kelurahan",
    }
}

/// Can the caller see this organisation? Admins of its province and its members.
fn visible(caller: &Caller, organisation: &Organisation) -> bool {
    caller.administers(&organisation.province_code) || caller.is_member_of(&organisation.id)
}

fn require_reader(caller: &Caller) -> Result<(), ApiError> {
    if caller.is_admin() || caller.has(Role::Entrant) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Register an organisation (admins, within their provinces).
#[utoipa::path(
    post, path = "/api/v1/organisations", tag = "organisations",
    request_body = CreateOrganisationRequest,
    responses(
        (status = 201, description = "Created", body = Organisation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this province", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_organisation(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<CreateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let body = body.into_inner();
    let draft = parse_draft(
        &body.kind,
        body.name.as_deref(),
        &body.region_code,
        body.employer_number.as_deref(),
        body.size_class.as_deref(),
        body.sector.as_deref(),
    )?;
    caller.require_admin_of(draft.region.province())?;
    let organisation = state
        .db
        .write(move |conn| {
            let fields = resolve(conn, draft, None)?;
            let id = store::insert(conn, &fields)?;
            let organisation = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("organisation vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "organisation.create",
                    object_type: "organisation",
                    object_id: &id,
                    province_code: Some(&organisation.province_code),
                    before: None,
                    after: audit::snapshot(&organisation),
                },
            )?;
            Ok(organisation)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/organisations/{}", organisation.id),
        ))
        .json(organisation))
}

/// Organisations the caller may see: all (national admins), their provinces'
/// (regional admins), their own (entrants).
#[utoipa::path(
    get, path = "/api/v1/organisations", tag = "organisations",
    params(OrganisationFilter, PageParams),
    responses(
        (status = 200, description = "One page of organisations", body = Page<Organisation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_organisations(
    caller: Caller,
    state: web::Data<AppState>,
    filter: web::Query<OrganisationFilter>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    require_reader(&caller)?;
    let paging = page.into_inner().parse()?;
    let filter = filter.into_inner();
    if let Some(region) = &filter.region
        && RegionCode::parse(region).is_none()
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
    let query = OrganisationQuery {
        kind: filter.kind,
        province: filter.province,
        region: filter.region.map(|r| r.trim().to_owned()),
        search: filter.q.filter(|q| !q.trim().is_empty()),
        size_class: filter.size_class,
        sector: filter.sector.map(|s| s.as_str().to_owned()),
        scope: caller.scope(),
    };
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(items, total, paging)))
}

/// One organisation.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = Organisation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Judges have no access", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation visible to you", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_organisation(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    require_reader(&caller)?;
    let id = id.into_inner();
    let organisation = state.db.run(move |conn| store::find(conn, &id)).await?;
    match organisation {
        Some(organisation) if visible(&caller, &organisation) => {
            Ok(HttpResponse::Ok().json(organisation))
        }
        _ => Err(ApiError::not_found("Organisasi", "Organisation")),
    }
}

/// Change an organisation (admins of its province; moving it needs the new
/// province too). The kind cannot change.
#[utoipa::path(
    patch, path = "/api/v1/organisations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "Organisation id")),
    request_body = UpdateOrganisationRequest,
    responses(
        (status = 200, description = "The changed organisation", body = Organisation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this province", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version or duplicate", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn update_organisation(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<UpdateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    require_reader(&caller)?;
    let id = id.into_inner();
    let body = body.into_inner();
    let organisation = state
        .db
        .write(move |conn| {
            let before = store::find(conn, &id)?
                .filter(|o| visible(&caller, o))
                .ok_or_else(|| ApiError::not_found("Organisasi", "Organisation"))?;
            caller.require_admin_of(&before.province_code)?;
            let draft = parse_draft(
                &before.kind,
                Some(body.name.as_deref().unwrap_or(&before.name)),
                body.region_code.as_deref().unwrap_or(&before.region_code),
                body.employer_number
                    .as_deref()
                    .or(before.employer_number.as_deref()),
                body.size_class.as_deref().or(before.size_class.as_deref()),
                body.sector.as_deref().or(before.sector.as_deref()),
            )?;
            caller.require_admin_of(draft.region.province())?;
            let fields = resolve(conn, draft, Some(&id))?;
            if !store::update(conn, &id, body.version, &fields)? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("organisation vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "organisation.update",
                    object_type: "organisation",
                    object_id: &id,
                    province_code: Some(&after.province_code),
                    before: audit::snapshot(&before),
                    after: audit::snapshot(&after),
                },
            )?;
            Ok(after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(organisation))
}
