//! Accounts by invitation: an admin names the person, their roles and
//! scope (within the admin's own, as when creating an account), and the
//! person gets an email with a single-use link to set their own password.
//! An invitation that expired is sent again on request.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::links::{self, Purpose};
use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldErrors, Msg};
use crate::mail::compose::{LinkEmail, account_link};
use crate::state::AppState;
use crate::users::domain::{DisplayName, Email};
use crate::users::store::{self, NewAccount, UserView};

use super::access::manageable;
use super::roles::{check_grants, parse_grants};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "sekdes.wunut@example.id", "display_name": "Sekretaris Desa Wunut",
    "province_code": "33", "roles": ["entrant"], "organisation_ids": ["0193a1b2-..."]}))]
pub struct InviteRequest {
    pub email: String,
    pub display_name: String,
    /// Home province code; required when a regional admin invites.
    #[serde(default)]
    pub province_code: Option<String>,
    /// At least one role.
    #[schema(value_type = Vec<Role>)]
    pub roles: Vec<String>,
    /// Provinces administered (regional admins only).
    #[serde(default)]
    pub provinces: Vec<String>,
    /// Organisations the person belongs to (entrants only).
    #[serde(default)]
    pub organisation_ids: Vec<String>,
}

/// An invitation sent: the account, and until when its link works.
#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    pub user: UserView,
    #[serde(serialize_with = "crate::instant::utc")]
    pub expires_at: chrono::NaiveDateTime,
}

/// Makes the invitation link and queues its email, in the caller's transaction.
fn send(
    conn: &mut DbConnection,
    caller: &Caller,
    user: UserView,
    public_url: &str,
) -> Result<Invitation, ApiError> {
    let link = links::create(conn, &user.id, Purpose::Invitation)?;
    let url = links::url(public_url, &link.token);
    let roles: Vec<String> = user
        .roles
        .iter()
        .map(|role| format!("role-{}", role.as_str()))
        .collect();
    let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
    crate::mail::enqueue(
        conn,
        &[account_link(&LinkEmail {
            purpose: Purpose::Invitation,
            email: &user.email,
            name: &user.display_name,
            url: &url,
            inviter: &caller.display_name,
            roles: &roles,
            province_code: user.province_code.clone(),
        })],
    )?;
    Ok(Invitation {
        user,
        expires_at: link.expires_at,
    })
}

/// Invites a person: the account is made without a password, and the
/// email's link lets them set one. National admins may invite anyone;
/// regional admins judges and entrants of their provinces.
pub async fn invite(
    state: &AppState,
    caller: Caller,
    request: InviteRequest,
) -> Result<Invitation, ApiError> {
    caller.require_admin()?;
    let mut errors = FieldErrors::new();
    let email = errors.check(Email::parse("email", &request.email));
    let display_name = errors.check(DisplayName::parse("display_name", &request.display_name));
    if request.roles.is_empty() {
        errors.push("roles", "required", Msg::said("invitation-role-required"));
    }
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
    let (Some(email), Some(display_name)) = (email, display_name) else {
        return Err(errors.into_result().unwrap_err());
    };
    errors.into_result()?;
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .write(move |conn| {
            check_grants(conn, &caller, province_code.as_deref(), &grants)?;
            if store::email_taken(conn, email.as_str())? {
                return Err(ApiError::Conflict(Msg::said("invitation-email-registered")));
            }
            let account = NewAccount {
                email: email.into_string(),
                display_name: display_name.into_string(),
                // No password until the person sets one through the link.
                password_hash: String::new(),
                province_code,
                roles: grants.roles,
                provinces: grants.provinces,
                organisation_ids: grants.organisation_ids,
            };
            let user = store::create(conn, &caller.actor(), &account)?;
            send(conn, &caller, user, &public_url)
        })
        .await
}

/// Sends the invitation of an account that has not set its password yet
/// again, with a new link (the old one stops working).
pub async fn resend(state: &AppState, caller: Caller, id: String) -> Result<Invitation, ApiError> {
    caller.require_admin()?;
    let public_url = state.settings.mail.public_url.clone();
    state
        .db
        .write(move |conn| {
            let user = manageable(conn, &caller, &id)?;
            if !store::password_hash(conn, &user.id)?.is_empty() {
                return Err(ApiError::Conflict(Msg::said("invitation-password-set")));
            }
            if !user.is_active {
                return Err(ApiError::Conflict(Msg::said("invitation-account-disabled")));
            }
            send(conn, &caller, user, &public_url)
        })
        .await
}
