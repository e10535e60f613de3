//! Sign in, sign out, and who am I.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Change};
use crate::auth::{Caller, throttle};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldErrors, Msg, Problem};
use crate::state::AppState;
use crate::users::domain::NewPassword;
use crate::users::{UserView, store};

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/auth/login").route(web::post().to(login)))
        .service(resource("/auth/logout").route(web::post().to(logout)))
        .service(resource("/me").route(web::get().to(me)))
        .service(resource("/me/password").route(web::put().to(change_password)));
}

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

/// Where sign-in attempts come from, as the throttle counts them.
fn client_addr(req: &HttpRequest, trust_forwarded: bool) -> String {
    throttle::client_network(req, trust_forwarded)
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

/// Sign in with email and password; answers a short-lived bearer token.
/// Unknown accounts and wrong passwords get the same answer in the same time.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let email = email.trim().to_lowercase();
    // No account has a longer address; such a key is not worth storing.
    if email.len() > 254 {
        return Err(wrong_credentials());
    }
    let addr = client_addr(&req, state.settings.server.trust_forwarded_for);
    let credentials = {
        let email = email.clone();
        counted(&state, email.clone(), addr.clone(), move |conn| {
            store::credentials(conn, &email)
        })
        .await?
    };
    // The hash is checked off the database connection: it is the slow part.
    let passwords = Arc::clone(&state.passwords);
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let verified = web::block(move || passwords.verify(hash.as_deref(), &password)).await?;
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
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(LoginResponse {
            access_token: issued.token,
            token_type: "Bearer".into(),
            expires_in: issued.expires_in,
        }))
}

/// Sign out: the token used for this request stops working at once.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn logout(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
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
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in account with its roles and scope.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    responses(
        (status = 200, description = "The signed-in account", body = UserView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn me(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let user = state
        .db
        .run(move |conn| {
            store::find(conn, &caller.user_id)?
                .ok_or_else(|| ApiError::not_found("Pengguna", "User"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(user))
}

/// Change your own password; the current one is required. Every token of
/// the account stops working, the one used here included, so that a
/// session on a lost phone ends; the answer carries a new token for this
/// session to go on with.
#[utoipa::path(
    put, path = "/api/v1/me/password", tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Password changed; every earlier token is ended, use this one", body = LoginResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password or weak new one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords: counted with sign-in attempts", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn change_password(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    let new_password = errors.check(NewPassword::parse("new_password", &body.new_password));
    errors.into_result()?;
    let Some(new_password) = new_password else {
        return Err(ApiError::Internal("password parse".into()));
    };
    // The current password is guessed no more freely here than at sign-in:
    // the attempt counts as one, on the same counts.
    let addr = client_addr(&req, state.settings.server.trust_forwarded_for);
    let (user_id, email) = (caller.user_id.clone(), caller.email.clone());
    let stored = counted(&state, email.clone(), addr.clone(), move |conn| {
        store::password_hash(conn, &user_id)
    })
    .await?;
    let passwords = Arc::clone(&state.passwords);
    let hash = web::block(move || {
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
    .await??;
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
    Ok(HttpResponse::Ok().json(LoginResponse {
        access_token: issued.token,
        token_type: "Bearer".into(),
        expires_in: issued.expires_in,
    }))
}
