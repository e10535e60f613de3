//! Roles and scope: which roles an account holds, which provinces a
//! regional admin administers, which organisations an entrant belongs to;
//! who may hand them out (only national admins grant admin roles; regional
//! admins grant within their provinces), and replacing them.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::error::{ApiError, Arg, FieldErrors, Msg};
use crate::state::AppState;
use crate::users::store::{self, UserView};

use super::access::manageable;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRolesRequest {
    pub version: i32,
    #[schema(value_type = Vec<Role>)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub provinces: Vec<String>,
    #[serde(default)]
    pub organisation_ids: Vec<String>,
}

/// Roles, provinces and memberships, parsed: what an account is granted.
pub(super) struct Grants {
    pub(super) roles: Vec<Role>,
    pub(super) provinces: Vec<String>,
    pub(super) organisation_ids: Vec<String>,
}

/// Parses the roles, provinces and memberships asked for; problems go into
/// `errors`.
pub(super) fn parse_grants(
    errors: &mut FieldErrors,
    roles: &[String],
    provinces: &[String],
    organisation_ids: &[String],
) -> Grants {
    let mut parsed = Vec::new();
    for (i, name) in roles.iter().enumerate() {
        match Role::parse(name) {
            Some(role) if !parsed.contains(&role) => parsed.push(role),
            Some(_) => {}
            None => errors.push(
                format!("roles[{i}]"),
                "unknown_role",
                Msg::with("role-unknown", &[("role", Arg::quoted(name))]),
            ),
        }
    }
    parsed.sort();
    let mut provinces: Vec<String> = provinces.iter().map(|p| p.trim().to_owned()).collect();
    provinces.sort();
    provinces.dedup();
    if parsed.contains(&Role::RegionalAdmin) && provinces.is_empty() {
        errors.push(
            "provinces",
            "required",
            Msg::said("role-regional-admin-needs-province"),
        );
    }
    if !parsed.contains(&Role::RegionalAdmin) && !provinces.is_empty() {
        errors.push(
            "provinces",
            "not_allowed",
            Msg::said("role-provinces-for-regional-admin"),
        );
    }
    let mut organisation_ids: Vec<String> = organisation_ids.to_vec();
    organisation_ids.sort();
    organisation_ids.dedup();
    if !parsed.contains(&Role::Entrant) && !organisation_ids.is_empty() {
        errors.push(
            "organisation_ids",
            "not_allowed",
            Msg::said("role-organisations-for-entrant"),
        );
    }
    Grants {
        roles: parsed,
        provinces,
        organisation_ids,
    }
}

/// Checks that referenced regions and organisations exist, and that the caller
/// may hand out this access to someone in `province_code`.
pub(super) fn check_grants(
    conn: &mut DbConnection,
    caller: &Caller,
    province_code: Option<&str>,
    grants: &Grants,
) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    if let Some(code) = province_code
        && !crate::regions::store::is_province(conn, code)?
    {
        errors.push("province_code", "unknown_province", unknown_province(code));
    }
    for (i, code) in grants.provinces.iter().enumerate() {
        if !crate::regions::store::is_province(conn, code)? {
            errors.push(
                format!("provinces[{i}]"),
                "unknown_province",
                unknown_province(code),
            );
        }
    }
    let organisation_provinces =
        crate::organisations::store::provinces_of(conn, &grants.organisation_ids)?;
    for (i, id) in grants.organisation_ids.iter().enumerate() {
        if !organisation_provinces.iter().any(|(known, _)| known == id) {
            errors.push(
                format!("organisation_ids[{i}]"),
                "unknown_organisation",
                Msg::with(
                    "role-organisation-not-found",
                    &[("organisation", id.into())],
                ),
            );
        }
    }
    if caller.is_national_admin() {
        return errors.into_result();
    }
    if !caller.has(Role::RegionalAdmin) || grants.roles.iter().any(|role| role.is_admin()) {
        return Err(ApiError::Forbidden(Msg::said(
            "role-admin-granted-by-national",
        )));
    }
    match province_code {
        None => errors.push(
            "province_code",
            "required",
            Msg::said("role-choose-home-province"),
        ),
        Some(code) if !caller.administers(code) => return Err(outside_scope()),
        Some(_) => {}
    }
    if organisation_provinces
        .iter()
        .any(|(_, province)| !caller.administers(province))
    {
        return Err(outside_scope());
    }
    errors.into_result()
}

fn unknown_province(code: &str) -> Msg {
    Msg::with("role-province-unknown", &[("code", Arg::quoted(code))])
}

fn outside_scope() -> ApiError {
    ApiError::Forbidden(Msg::said("role-outside-scope"))
}

/// Replaces an account's roles, administered provinces and memberships.
pub async fn set_roles(
    state: &AppState,
    caller: Caller,
    id: String,
    request: SetRolesRequest,
) -> Result<UserView, ApiError> {
    caller.require_admin()?;
    let mut errors = FieldErrors::new();
    let grants = parse_grants(
        &mut errors,
        &request.roles,
        &request.provinces,
        &request.organisation_ids,
    );
    if id == caller.user_id
        && caller.is_national_admin()
        && !grants.roles.contains(&Role::NationalAdmin)
    {
        errors.push("roles", "self", Msg::said("role-keep-own-national-admin"));
    }
    errors.into_result()?;
    state
        .db
        .write(move |conn| {
            let before = manageable(conn, &caller, &id)?;
            check_grants(conn, &caller, before.province_code.as_deref(), &grants)?;
            if !store::touch(conn, &id, request.version)? {
                return Err(ApiError::stale_version());
            }
            store::replace_roles(
                conn,
                &id,
                &grants.roles,
                &grants.provinces,
                &grants.organisation_ids,
            )?;
            let after = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("user vanished".into()))?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "user.set_roles",
                    object_type: "user",
                    object_id: &id,
                    province_code: after.province_code.as_deref(),
                    before: audit::snapshot(&before),
                    after: audit::snapshot(&after),
                },
            )?;
            Ok(after)
        })
        .await
}
