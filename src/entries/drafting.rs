//! Drafting an entry: an entrant enters one of their organisations in a
//! category (if it is eligible, and only once), then fills in and changes
//! its indicator values until the deadline.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::categories::form::FieldType;
use crate::categories::rules::Applicant;
use crate::categories::store::{self as categories, Category};
use crate::editions::domain::Zone;
use crate::editions::store::EditionRow;
use crate::entries::status::Status;
use crate::entries::store::{self, EntryChange, EntryView, NewEntry};
use crate::entries::values::{parse_value, parse_values};
use crate::error::{ApiError, FieldErrors, Msg};
use crate::messages::Said;
use crate::organisations::domain::{OrganisationKind, Sector, SizeClass};
use crate::organisations::store::Organisation;
use crate::state::AppState;

use super::access::{form_of, not_found, require_entrant, require_open};
use super::change::{Expected, apply, apply_with};
use super::submission::check_complete;

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

fn parse_choice<T: serde::de::DeserializeOwned>(value: Option<&str>) -> Option<T> {
    value.and_then(|v| serde_json::from_value(serde_json::Value::String(v.to_owned())).ok())
}

/// Whether `organisation` may enter `category` of `edition`: in the
/// edition's province, and admitted by the category's eligibility. A
/// refusal names the rule it fails, said for the entrant.
pub fn may_enter(
    edition: &EditionRow,
    category: &Category,
    organisation: &Organisation,
) -> Result<(), Msg> {
    if let Some(province) = &edition.province_code
        && &organisation.province_code != province
    {
        return Err(Msg::said("entry-organisation-outside-province"));
    }
    category.eligibility.admits(&Applicant {
        kind: OrganisationKind::parse(&organisation.kind).unwrap_or(OrganisationKind::Company),
        size_class: parse_choice::<SizeClass>(organisation.size_class.as_deref()),
        sector: parse_choice::<Sector>(organisation.sector.as_deref()),
        region_code: &organisation.region_code,
    })
}

/// Enters an organisation in a category, as a draft. The organisation must
/// be eligible: a refusal names the rule it fails.
pub async fn create(
    state: &AppState,
    caller: Caller,
    edition_id: String,
    category_id: String,
    request: CreateEntryRequest,
) -> Result<EntryView, ApiError> {
    if !caller.has(Role::Entrant) {
        return Err(ApiError::Forbidden(Msg::said("entry-entrants-only")));
    }
    state
        .db
        .write(move |conn| {
            let edition = crate::editions::access::readable(conn, &caller, &edition_id)?;
            let category = categories::find(conn, &edition_id, &category_id)?
                .ok_or_else(crate::categories::store::not_found)?;
            if !caller.is_member_of(&request.organisation_id) {
                return Err(ApiError::Forbidden(Msg::said("entry-not-a-member")));
            }
            require_open(&edition)?;
            let organisation = crate::organisations::store::find(conn, &request.organisation_id)?
                .ok_or_else(crate::organisations::access::not_found)?;
            may_enter(&edition, &category, &organisation)
                .map_err(|msg| ApiError::field("organisation_id", "not_eligible", msg))?;
            if store::exists_for(conn, &category_id, &organisation.id)? {
                return Err(ApiError::Conflict(Msg::said("entry-already-entered")));
            }
            let mut errors = FieldErrors::new();
            let values = parse_values(&category.form, &request.values, "values", &mut errors);
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
        .await
}

/// Changes indicator values (the entrant, until the deadline): `null`
/// clears one, keys not given stay. A submitted entry must stay complete.
pub async fn update_values(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
    given_values: serde_json::Map<String, serde_json::Value>,
) -> Result<EntryView, ApiError> {
    apply(
        state,
        caller,
        id,
        expected,
        "entry.update",
        move |conn, _, entry, edition, access| {
            require_entrant(access)?;
            if !entry.status().editable() {
                return Err(ApiError::Conflict(Msg::said("entry-checked-or-withdrawn")));
            }
            require_open(edition)?;
            let form = form_of(conn, entry)?;
            let mut values = entry.values();
            let mut errors = FieldErrors::new();
            let mut given = serde_json::Map::new();
            for (key, value) in given_values {
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

/// Values as a page's form sends them, saved as far as they can be read.
pub struct TypedSave {
    pub entry: EntryView,
    /// The edition's zone, for the time of the save.
    pub zone: Zone,
    /// The values that could not be read, each with its reason under
    /// `values.{key}`; they were left as they were.
    pub unreadable: Option<ApiError>,
}

/// Saves the values typed on the entry's page (the entrant, until the
/// deadline): an empty text clears its value, a text that cannot be read
/// is left out and answered beside its field while every other value is
/// saved, at the version the page was read at. A submitted entry must stay
/// complete.
pub async fn save_typed(
    state: &AppState,
    caller: Caller,
    id: String,
    expected: Expected,
    typed: Vec<(String, String)>,
) -> Result<TypedSave, ApiError> {
    let (entry, (zone, unreadable)) = apply_with(
        state,
        caller,
        id,
        expected,
        "entry.update",
        move |conn, _, entry, edition, access| {
            require_entrant(access)?;
            if !entry.status().editable() {
                return Err(ApiError::Conflict(Msg::said("entry-checked-or-withdrawn")));
            }
            require_open(edition)?;
            let form = form_of(conn, entry)?;
            let mut values = entry.values();
            let mut unreadable = FieldErrors::new();
            for (key, text) in typed {
                let at = format!("values.{key}");
                let Some(field) = form
                    .iter()
                    .find(|f| f.key == key && f.field_type != FieldType::Document)
                else {
                    unreadable.push(at, "unknown_indicator", Said::IndicatorNotInForm.msg());
                    continue;
                };
                if text.trim().is_empty() {
                    values.remove(&key);
                } else if let Some(value) = parse_value(
                    field,
                    &serde_json::Value::String(text),
                    &at,
                    &mut unreadable,
                ) {
                    values.insert(key, value);
                }
            }
            if entry.status() == Status::Submitted {
                check_complete(conn, entry, &values)?;
            }
            let change = EntryChange {
                values_json: Some(store::json(&values)),
                ..EntryChange::default()
            };
            Ok((change, (edition.zone(), unreadable.into_result().err())))
        },
    )
    .await?;
    Ok(TypedSave {
        entry,
        zone,
        unreadable,
    })
}
