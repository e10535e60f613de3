//! Registering an organisation and changing its details: the input is
//! parsed into a draft (every field problem at once), checked against the
//! regions and the organisations already registered, then stored and
//! audited. Admins act only within their provinces.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db::DbConnection;
use crate::error::{ApiError, Arg, FieldError, FieldErrors, Msg};
use crate::organisations::domain::{
    EmployerNumber, OrganisationKind, Sector, SizeClass, parse_name,
};
use crate::organisations::store::{self, Organisation, OrganisationFields};
use crate::regions::RegionCode;
use crate::state::AppState;

use super::access::{not_found, require_reader, visible};

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

fn parse_choice<T: DeserializeOwned>(
    field: &str,
    raw: &str,
    allowed: &str,
) -> Result<T, FieldError> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_owned())).map_err(|_| {
        FieldError::new(
            field,
            "invalid_choice",
            Msg::with(
                "organisation-choice-unknown",
                &[("value", Arg::quoted(raw)), ("allowed", allowed.into())],
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
            Msg::with(
                "organisation-region-code-invalid",
                &[("code", Arg::quoted(region_code))],
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
            let mut required = |field: &str, msg: Msg| errors.push(field, "required", msg);
            if no_name {
                required("name", Msg::said("organisation-company-name-required"));
            }
            if no_number {
                required(
                    "employer_number",
                    Msg::said("organisation-company-employer-number-required"),
                );
            }
            if no_size {
                required(
                    "size_class",
                    Msg::said("organisation-company-size-class-required"),
                );
            }
            if no_sector {
                required("sector", Msg::said("organisation-company-sector-required"));
            }
        } else {
            let not_for_government = Msg::said("organisation-companies-only");
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
            Msg::with(
                "organisation-region-unknown",
                &[("region", draft.region.as_str().into())],
            ),
        )
    })?;
    if let Some(level) = draft.kind.governs() {
        if draft.region.level() != level {
            return Err(ApiError::field(
                "region_code",
                "wrong_level",
                Msg::with(
                    "organisation-region-level",
                    &[
                        ("kind", draft.kind.as_str().into()),
                        ("level", Arg::Said(level.name_key())),
                    ],
                ),
            ));
        }
        if existing_id.is_none()
            && store::government_exists(conn, draft.kind, draft.region.as_str())?
        {
            return Err(ApiError::Conflict(Msg::with(
                "organisation-government-registered",
                &[("region", (&region.name).into())],
            )));
        }
    }
    if let Some(number) = &draft.employer_number
        && store::employer_number_taken(conn, number, existing_id)?
    {
        return Err(ApiError::Conflict(Msg::with(
            "organisation-employer-number-taken",
            &[("number", number.into())],
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

/// Registers an organisation (admins, within their provinces).
pub async fn create(
    state: &AppState,
    caller: Caller,
    request: CreateOrganisationRequest,
) -> Result<Organisation, ApiError> {
    caller.require_admin()?;
    let draft = parse_draft(
        &request.kind,
        request.name.as_deref(),
        &request.region_code,
        request.employer_number.as_deref(),
        request.size_class.as_deref(),
        request.sector.as_deref(),
    )?;
    caller.require_admin_of(draft.region.province())?;
    state
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
        .await
}

/// Changes an organisation (admins of its province; moving it needs the
/// new province too). The kind cannot change; fields not given stay.
pub async fn update(
    state: &AppState,
    caller: Caller,
    id: String,
    request: UpdateOrganisationRequest,
) -> Result<Organisation, ApiError> {
    require_reader(&caller)?;
    state
        .db
        .write(move |conn| {
            let before = store::find(conn, &id)?
                .filter(|o| visible(&caller, o))
                .ok_or_else(not_found)?;
            caller.require_admin_of(&before.province_code)?;
            let draft = parse_draft(
                &before.kind,
                Some(request.name.as_deref().unwrap_or(&before.name)),
                request
                    .region_code
                    .as_deref()
                    .unwrap_or(&before.region_code),
                request
                    .employer_number
                    .as_deref()
                    .or(before.employer_number.as_deref()),
                request
                    .size_class
                    .as_deref()
                    .or(before.size_class.as_deref()),
                request.sector.as_deref().or(before.sector.as_deref()),
            )?;
            caller.require_admin_of(draft.region.province())?;
            let fields = resolve(conn, draft, Some(&id))?;
            if !store::update(conn, &id, request.version, &fields)? {
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
        .await
}
