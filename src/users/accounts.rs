//! Accounts: admins create them, list and read those they may manage, and
//! change a name, home province or password, or disable one. Roles and
//! scope are set in `roles`.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Change};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, FieldErrors, Msg};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::users::domain::{DisplayName, Email, NewPassword};
use crate::users::store::{self, NewAccount, UserQuery, UserView};

use super::access::manageable;
use super::roles::{Grants, check_grants, parse_grants};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub email: String,
    pub display_name: String,
    /// Initial password, at least 10 characters.
    pub password: String,
    /// Home province code; required when a regional admin creates the account.
    #[serde(default)]
    pub province_code: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<Role>)]
    pub roles: Vec<String>,
    /// Provinces administered (regional admins only).
    #[serde(default)]
    pub provinces: Vec<String>,
    /// Organisations the person belongs to (entrants only).
    #[serde(default)]
    pub organisation_ids: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// The version you read; a stale one is refused with 409.
    pub version: i32,
    pub display_name: Option<String>,
    /// Home province; send null to clear it.
    #[serde(default, deserialize_with = "crate::users::accounts::double_option")]
    #[schema(value_type = Option<String>)]
    pub province_code: Option<Option<String>>,
    /// false disables the account: it can no longer sign in.
    pub is_active: Option<bool>,
    /// A new password, at least 10 characters. Every token of the account
    /// stops working (yours too, when the account is yours: use
    /// `PUT /api/v1/me/password` for your own).
    pub password: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Part of the email or name.
    pub q: Option<String>,
    pub role: Option<Role>,
    /// Home province code.
    pub province: Option<String>,
    pub active: Option<bool>,
}

/// Distinguishes an absent field from an explicit null.
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Creates an account. National admins may create anyone; regional admins
/// create judges and entrants in their provinces.
pub async fn create(
    state: &AppState,
    caller: Caller,
    request: CreateUserRequest,
) -> Result<UserView, ApiError> {
    caller.require_admin()?;
    let mut errors = FieldErrors::new();
    let email = errors.check(Email::parse("email", &request.email));
    let display_name = errors.check(DisplayName::parse("display_name", &request.display_name));
    let password = errors.check(NewPassword::parse("password", &request.password));
    let grants = parse_grants(
        &mut errors,
        &request.roles,
        &request.provinces,
        &request.organisation_ids,
    );
    let province_code = request
        .province_code
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    let (Some(email), Some(display_name), Some(password)) = (email, display_name, password) else {
        return Err(errors.into_result().unwrap_err());
    };
    errors.into_result()?;
    let password_hash = crate::auth::password::hash_off_runtime(&state.passwords, password).await?;
    state
        .db
        .write(move |conn| {
            check_grants(conn, &caller, province_code.as_deref(), &grants)?;
            if store::email_taken(conn, email.as_str())? {
                return Err(ApiError::Conflict(Msg::said("user-email-registered")));
            }
            let account = NewAccount {
                email: email.into_string(),
                display_name: display_name.into_string(),
                password_hash,
                province_code,
                roles: grants.roles,
                provinces: grants.provinces,
                organisation_ids: grants.organisation_ids,
            };
            let user = store::create(conn, &caller.actor(), &account)?;
            Ok(user)
        })
        .await
}

/// One page of the accounts the caller may manage.
pub async fn list(
    state: &AppState,
    caller: Caller,
    filter: UserFilter,
    page: PageParams,
) -> Result<Page<UserView>, ApiError> {
    caller.require_admin()?;
    let paging = page.parse()?;
    let query = UserQuery {
        search: filter.q.filter(|q| !q.trim().is_empty()),
        role: filter.role,
        province: filter.province,
        active: filter.active,
        scope: caller.scope(),
    };
    let (items, total) = state
        .db
        .run(move |conn| store::list(conn, &query, paging))
        .await?;
    Ok(Page::new(items, total, paging))
}

/// One account the caller may manage.
pub async fn get(state: &AppState, caller: Caller, id: String) -> Result<UserView, ApiError> {
    caller.require_admin()?;
    state
        .db
        .run(move |conn| manageable(conn, &caller, &id))
        .await
}

/// Changes an account's name, home province or password, or disables it.
pub async fn update(
    state: &AppState,
    caller: Caller,
    id: String,
    request: UpdateUserRequest,
) -> Result<UserView, ApiError> {
    caller.require_admin()?;
    let mut errors = FieldErrors::new();
    let display_name = request
        .display_name
        .as_deref()
        .and_then(|n| errors.check(DisplayName::parse("display_name", n)));
    let password = request
        .password
        .as_deref()
        .and_then(|p| errors.check(NewPassword::parse("password", p)));
    if request.is_active == Some(false) && id == caller.user_id {
        errors.push(
            "is_active",
            "self",
            Msg::said("account-cannot-disable-self"),
        );
    }
    errors.into_result()?;
    let password_hash = match password {
        Some(password) => {
            Some(crate::auth::password::hash_off_runtime(&state.passwords, password).await?)
        }
        None => None,
    };
    state
        .db
        .write(move |conn| {
            let before = manageable(conn, &caller, &id)?;
            let province_code = match request.province_code {
                Some(p) => p.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()),
                None => before.province_code.clone(),
            };
            if province_code != before.province_code {
                let grants = Grants {
                    roles: before.roles.clone(),
                    provinces: before.provinces.clone(),
                    organisation_ids: Vec::new(),
                };
                check_grants(conn, &caller, province_code.as_deref(), &grants)?;
            }
            let display_name = display_name
                .map(DisplayName::into_string)
                .unwrap_or_else(|| before.display_name.clone());
            let is_active = request.is_active.unwrap_or(before.is_active);
            if !store::update_profile(
                conn,
                &id,
                request.version,
                &display_name,
                province_code.as_deref(),
                is_active,
                password_hash.as_deref(),
            )? {
                return Err(ApiError::stale_version());
            }
            let after = store::find(conn, &id)?
                .ok_or_else(|| ApiError::Internal("user vanished".into()))?;
            let action = match (before.is_active, after.is_active) {
                (true, false) => "user.disable",
                (false, true) => "user.enable",
                _ => "user.update",
            };
            let mut after_snapshot = audit::snapshot(&after);
            if password_hash.is_some()
                && let Some(serde_json::Value::Object(map)) = after_snapshot.as_mut()
            {
                map.insert("password_changed".into(), serde_json::Value::Bool(true));
            }
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action,
                    object_type: "user",
                    object_id: &id,
                    province_code: after
                        .province_code
                        .as_deref()
                        .or(before.province_code.as_deref()),
                    before: audit::snapshot(&before),
                    after: after_snapshot,
                },
            )?;
            Ok(after)
        })
        .await
}
