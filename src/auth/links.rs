//! Single-use links sent by email: an invitation to set one's first
//! password (valid 7 days) and a password reset (valid an hour). The link
//! carries a random token; only its SHA-256 is stored, so a copy of the
//! database opens no account. Using a link sets the password, spends every
//! open link of the account and ends every other session.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::audit::{self, Actor, Change};
use crate::auth::session::Account;
use crate::db::schema::{account_links, users};
use crate::db::{DbConnection, now};
use crate::error::{ApiError, FieldErrors, Msg};
use crate::state::AppState;
use crate::users::domain::NewPassword;
use crate::users::store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Set a first password after an admin's invitation.
    Invitation,
    /// Set a new password after "forgot password".
    Reset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::Reset => "reset",
        }
    }

    fn parse(value: &str) -> Option<Purpose> {
        [Purpose::Invitation, Purpose::Reset]
            .into_iter()
            .find(|p| p.as_str() == value)
    }

    /// How long a link stays usable.
    pub fn lifetime(self) -> TimeDelta {
        match self {
            Purpose::Invitation => TimeDelta::days(7),
            Purpose::Reset => TimeDelta::hours(1),
        }
    }
}

/// A link just made: the token goes into the email, never into the database.
#[derive(Debug, Clone)]
pub struct Link {
    pub token: String,
    pub expires_at: NaiveDateTime,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// The page a link opens, under the server's public address.
pub fn url(public_url: &str, token: &str) -> String {
    format!("{}/sandi/{token}", public_url.trim_end_matches('/'))
}

/// Makes a link for the account, inside the caller's transaction; older
/// open links of the same purpose are spent, so only the newest works.
pub fn create(conn: &mut DbConnection, user_id: &str, purpose: Purpose) -> Result<Link, ApiError> {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let at = now();
    let expires_at = at + purpose.lifetime();
    diesel::update(
        account_links::table
            .filter(account_links::user_id.eq(user_id))
            .filter(account_links::purpose.eq(purpose.as_str()))
            .filter(account_links::used_at.is_null()),
    )
    .set(account_links::used_at.eq(at))
    .execute(conn)?;
    diesel::insert_into(account_links::table)
        .values((
            account_links::token_hash.eq(digest(&token)),
            account_links::user_id.eq(user_id),
            account_links::purpose.eq(purpose.as_str()),
            account_links::created_at.eq(at),
            account_links::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(Link { token, expires_at })
}

fn unusable() -> ApiError {
    ApiError::NotFound(Msg::said("link-not-working"))
}

/// What an open link leads to, as its page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkView {
    pub purpose: Purpose,
    pub email: String,
    pub display_name: String,
    #[serde(serialize_with = "crate::instant::utc")]
    pub expires_at: NaiveDateTime,
}

/// The account an unspent, unexpired link opens; 404 otherwise.
pub async fn inspect(state: &AppState, token: String) -> Result<LinkView, ApiError> {
    state
        .db
        .run(move |conn| {
            let found: Option<(String, NaiveDateTime, String, String, bool)> = account_links::table
                .inner_join(users::table)
                .filter(account_links::token_hash.eq(digest(&token)))
                .filter(account_links::used_at.is_null())
                .filter(account_links::expires_at.gt(now()))
                .select((
                    account_links::purpose,
                    account_links::expires_at,
                    users::email,
                    users::display_name,
                    users::is_active,
                ))
                .first(conn)
                .optional()?;
            match found {
                Some((purpose, expires_at, email, display_name, true)) => Ok(LinkView {
                    purpose: Purpose::parse(&purpose).ok_or_else(unusable)?,
                    email,
                    display_name,
                    expires_at,
                }),
                _ => Err(unusable()),
            }
        })
        .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPasswordRequest {
    /// The new password, at least 10 characters.
    pub password: String,
}

/// Spends the link (once, even when two requests race) and answers whose
/// account it opens.
fn spend(conn: &mut DbConnection, token: &str) -> Result<(String, String), ApiError> {
    let hash = digest(token);
    let at = now();
    let spent = diesel::update(
        account_links::table
            .filter(account_links::token_hash.eq(&hash))
            .filter(account_links::used_at.is_null())
            .filter(account_links::expires_at.gt(at)),
    )
    .set(account_links::used_at.eq(at))
    .execute(conn)?;
    if spent == 0 {
        return Err(unusable());
    }
    let (user_id, purpose, active): (String, String, bool) = account_links::table
        .inner_join(users::table)
        .filter(account_links::token_hash.eq(&hash))
        .select((
            account_links::user_id,
            account_links::purpose,
            users::is_active,
        ))
        .first(conn)?;
    if !active {
        return Err(unusable());
    }
    // Every other open link of the account is spent with it.
    diesel::update(
        account_links::table
            .filter(account_links::user_id.eq(&user_id))
            .filter(account_links::used_at.is_null()),
    )
    .set(account_links::used_at.eq(at))
    .execute(conn)?;
    Ok((user_id, purpose))
}

/// Sets the account's password through a link. Every session of the
/// account ends; the answer is the account to sign in.
pub async fn set_password(
    state: &AppState,
    token: String,
    request: SetPasswordRequest,
) -> Result<Account, ApiError> {
    let mut errors = FieldErrors::new();
    let password = errors.check(NewPassword::parse("password", &request.password));
    errors.into_result()?;
    let Some(password) = password else {
        return Err(ApiError::Internal("password parse".into()));
    };
    // Refuse a dead link before the slow hash.
    inspect(state, token.clone()).await?;
    let hash = crate::auth::password::hash_off_runtime(&state.passwords, password).await?;
    state
        .db
        .write(move |conn| {
            let (user_id, purpose) = spend(conn, &token)?;
            let generation = store::set_password_hash(conn, &user_id, &hash)?;
            let email: String = users::table
                .find(&user_id)
                .select(users::email)
                .first(conn)?;
            let actor = Actor {
                user_id: Some(user_id.clone()),
                email: Some(email),
                request_id: None,
            };
            audit::record(
                conn,
                &actor,
                Change {
                    action: if purpose == Purpose::Invitation.as_str() {
                        "user.accept_invitation"
                    } else {
                        "user.reset_password"
                    },
                    object_type: "user",
                    object_id: &user_id,
                    province_code: None,
                    before: None,
                    after: None,
                },
            )?;
            Ok(Account {
                user_id,
                generation,
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_digest_of_a_token_is_kept_and_links_live_as_promised() {
        let token = "abc";
        assert_eq!(digest(token).len(), 64);
        assert_ne!(digest(token), token);
        assert_eq!(Purpose::Invitation.lifetime(), TimeDelta::days(7));
        assert_eq!(Purpose::Reset.lifetime(), TimeDelta::hours(1));
        assert_eq!(
            url("https://award.example.id/", "t0k"),
            "https://award.example.id/sandi/t0k"
        );
    }
}
