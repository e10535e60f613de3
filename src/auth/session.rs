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

impl LoginResponse {
    fn bearer(issued: crate::auth::token::IssuedToken) -> LoginResponse {
        LoginResponse {
            access_token: issued.token,
            token_type: "Bearer".into(),
            expires_in: issued.expires_in,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthenticated(Msg::new(
        "Email atau kata sandi salah.",
        "Wrong email or password.",
    ))
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

/// Signs in with email and password, counted by the login throttle;
/// answers a short-lived bearer token. Unknown accounts and wrong passwords
/// get the same answer in the same time.
pub async fn sign_in(
    state: &AppState,
    request: LoginRequest,
    addr: String,
) -> Result<LoginResponse, ApiError> {
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
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
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
    let user_id = account.id;
    let issued = state
        .tokens
        .issue(&user_id, account.session_generation)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    tracing::info!(user_id, "signed in");
    Ok(LoginResponse::bearer(issued))
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
            store::find(conn, &caller.user_id)?
                .ok_or_else(|| ApiError::not_found("Pengguna", "User"))
        })
        .await
}

/// Changes the caller's own password (the current one is required,
/// counted with sign-in attempts). Every earlier token of the account
/// ends; the answer is a new one for this session.
pub async fn change_password(
    state: &AppState,
    caller: Caller,
    request: ChangePasswordRequest,
    addr: String,
) -> Result<LoginResponse, ApiError> {
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
                Msg::new(
                    "Kata sandi saat ini salah.",
                    "The current password is wrong.",
                ),
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
    let issued = state
        .tokens
        .issue(&user_id, generation)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(LoginResponse::bearer(issued))
}
