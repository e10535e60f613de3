//! Signing in and out, the signed-in account, and changing one's own
//! password: the operations the API and the pages share. Where the request
//! comes from (`addr`, as the login throttle counts it) is worked out by
//! the door that received it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, throttle};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldErrors, Msg};
use crate::state::AppState;
use crate::users::domain::NewPassword;
use crate::users::{UserView, store};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "kanwil.jateng@bpjsketenagakerjaan.go.id", "password": "kata-sandi-panjang-2026"}))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// An account whose password was just checked: each door issues its own
/// credential for it (the API a bearer token, the pages a session cookie).
#[derive(Debug, Clone)]
pub struct Account {
    pub user_id: String,
    /// The session generation the credential is issued in.
    pub generation: i32,
}

impl Account {
    /// A short-lived bearer token for the API.
    pub fn bearer(&self, state: &AppState) -> Result<LoginResponse, ApiError> {
        let issued = state
            .tokens
            .issue(&self.user_id, self.generation)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(LoginResponse {
            access_token: issued.token,
            token_type: "Bearer".into(),
            expires_in: issued.expires_in,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthenticated(Msg::said("auth-wrong-credentials"))
}

/// Counts an attempt at a password for `email` from `addr` (or refuses it
/// with 429), then reads what the password is checked against, in one
/// write: what was counted commits even when the attempt is refused.
async fn counted<T, F>(
    state: &AppState,
    email: String,
    addr: String,
    read: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let settings = state.settings.clone();
    state
        .db
        .write(move |conn| {
            Ok(
                match throttle::reserve(conn, &settings.auth, &email, &addr)? {
                    Ok(()) => Ok(read(conn)?),
                    Err(refused) => Err(refused),
                },
            )
        })
        .await?
}

/// Signs in with email and password, counted by the login throttle.
/// Unknown accounts and wrong passwords get the same answer in the same
/// time.
pub async fn sign_in(
    state: &AppState,
    request: LoginRequest,
    addr: String,
) -> Result<Account, ApiError> {
    let LoginRequest { email, password } = request;
    let email = email.trim().to_lowercase();
    // No account has a longer address; such a key is not worth storing.
    if email.len() > 254 {
        return Err(wrong_credentials());
    }
    let credentials = {
        let email = email.clone();
        counted(state, email.clone(), addr.clone(), move |conn| {
            store::credentials(conn, &email)
        })
        .await?
    };
    // The hash is checked off the database connection: it is the slow part.
    let passwords = Arc::clone(&state.passwords);
    // An invited account has no password until its link is used: it is
    // checked against the dummy hash like an unknown one, in the same time.
    let hash = credentials
        .as_ref()
        .map(|c| c.password_hash.clone())
        .filter(|h| !h.is_empty());
    let verified =
        tokio::task::spawn_blocking(move || passwords.verify(hash.as_deref(), &password))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    let Some(account) = credentials.filter(|c| c.active && verified) else {
        return Err(wrong_credentials());
    };
    state
        .db
        .write(move |conn| throttle::succeeded(conn, &email, &addr))
        .await?;
    tracing::info!(user_id = %account.id, "signed in");
    Ok(Account {
        user_id: account.id,
        generation: account.session_generation,
    })
}

/// Signs out: the caller's token stops working at once.
pub async fn sign_out(state: &AppState, caller: Caller) -> Result<(), ApiError> {
    let expires_at = chrono::DateTime::from_timestamp(caller.token_expires_at, 0)
        .map(|at| at.naive_utc())
        .unwrap_or_else(crate::db::now);
    state
        .db
        .write(move |conn| {
            use crate::db::schema::revoked_tokens;
            use diesel::prelude::*;
            diesel::insert_into(revoked_tokens::table)
                .values((
                    revoked_tokens::jti.eq(&caller.token_id),
                    revoked_tokens::expires_at.eq(expires_at),
                ))
                .execute(conn)?;
            throttle::prune(conn)
        })
        .await
}

/// The signed-in account with its roles and scope.
pub async fn me(state: &AppState, caller: Caller) -> Result<UserView, ApiError> {
    state
        .db
        .run(move |conn| {
            store::find(conn, &caller.user_id)?.ok_or_else(|| ApiError::not_found("user-not-found"))
        })
        .await
}

/// Changes the caller's own password (the current one is required,
/// counted with sign-in attempts). Every earlier session of the account
/// ends; the answer is the account to issue this session's new credential
/// for.
pub async fn change_password(
    state: &AppState,
    caller: Caller,
    request: ChangePasswordRequest,
    addr: String,
) -> Result<Account, ApiError> {
    let body = request;
    let mut errors = FieldErrors::new();
    let new_password = errors.check(NewPassword::parse("new_password", &body.new_password));
    errors.into_result()?;
    let Some(new_password) = new_password else {
        return Err(ApiError::Internal("password parse".into()));
    };
    // The current password is guessed no more freely here than at sign-in:
    // the attempt counts as one, on the same counts.
    let (user_id, email) = (caller.user_id.clone(), caller.email.clone());
    let stored = counted(state, email.clone(), addr.clone(), move |conn| {
        store::password_hash(conn, &user_id)
    })
    .await?;
    let passwords = Arc::clone(&state.passwords);
    let hash = tokio::task::spawn_blocking(move || {
        if !passwords.verify(Some(&stored), &body.current_password) {
            return Err(ApiError::field(
                "current_password",
                "wrong",
                Msg::said("auth-current-password-wrong"),
            ));
        }
        passwords
            .hash(new_password.expose())
            .map_err(|e| ApiError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    state
        .db
        .write(move |conn| throttle::succeeded(conn, &email, &addr))
        .await?;
    let user_id = caller.user_id.clone();
    let generation = state
        .db
        .write(move |conn| {
            let generation = store::set_password_hash(conn, &caller.user_id, &hash)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "user.change_password",
                    object_type: "user",
                    object_id: &caller.user_id,
                    province_code: None,
                    before: None,
                    after: None,
                },
            )?;
            Ok(generation)
        })
        .await?;
    Ok(Account {
        user_id,
        generation,
    })
}

/// What an account may change about itself on "my account".
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileRequest {
    pub display_name: String,
    /// `id` (Bahasa Indonesia) or `en` (English): the pages' and emails'
    /// language.
    pub language: String,
}

fn language_error() -> crate::error::FieldError {
    crate::error::FieldError::new("language", "invalid", Msg::said("auth-language-unknown"))
}

/// A language code of the award's two languages, as stored.
fn language_code(raw: &str) -> Option<&'static str> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "id" => Some("id"),
        "en" => Some("en"),
        _ => None,
    }
}

/// Changes the caller's own name and language.
pub async fn update_profile(
    state: &AppState,
    caller: Caller,
    request: ProfileRequest,
) -> Result<UserView, ApiError> {
    let mut errors = FieldErrors::new();
    let name = errors.check(crate::users::domain::DisplayName::parse(
        "display_name",
        &request.display_name,
    ));
    let language = language_code(&request.language);
    if language.is_none() {
        errors.add(language_error());
    }
    errors.into_result()?;
    let (Some(name), Some(language)) = (name, language) else {
        return Err(ApiError::Internal("profile parse".into()));
    };
    let name = name.into_string();
    state
        .db
        .write(move |conn| {
            let before = store::find(conn, &caller.user_id)?;
            store::set_profile(conn, &caller.user_id, &name, language)?;
            let after = store::find(conn, &caller.user_id)?;
            audit::record(
                conn,
                &caller.actor(),
                Change {
                    action: "user.update_profile",
                    object_type: "user",
                    object_id: &caller.user_id,
                    province_code: None,
                    before: before.as_ref().map(|u| serde_json::json!({"display_name": u.display_name})),
                    after: after.as_ref().map(|u| serde_json::json!({"display_name": u.display_name, "language": language})),
                },
            )?;
            after.ok_or_else(|| ApiError::not_found("user-not-found"))
        })
        .await
}

/// Keeps the language the caller chose with the language switch.
pub async fn set_language(
    state: &AppState,
    caller: Caller,
    language: String,
) -> Result<(), ApiError> {
    let Some(code) = language_code(&language) else {
        return Err(ApiError::Validation(vec![language_error()]));
    };
    state
        .db
        .write(move |conn| store::set_language(conn, &caller.user_id, code))
        .await
}
