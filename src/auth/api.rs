//! Signing in and out over HTTP: thin handlers onto `session.rs`.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth::links::{self, LinkView, SetPasswordRequest};
use crate::auth::reset::{self, ResetRequest};
use crate::auth::session::{self, ChangePasswordRequest, LoginRequest, LoginResponse};
use crate::auth::{Caller, throttle};
use crate::error::{ApiError, Msg, Problem};
use crate::state::AppState;
use crate::users::UserView;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::http::resource;
    cfg.service(resource("/auth/login").route(web::post().to(login)))
        .service(resource("/auth/logout").route(web::post().to(logout)))
        .service(resource("/me").route(web::get().to(me)))
        .service(resource("/me/password").route(web::put().to(change_password)))
        .service(resource("/auth/password-reset").route(web::post().to(request_reset)))
        .service(resource("/auth/links/{token}").route(web::get().to(read_link)))
        .service(resource("/auth/links/{token}/password").route(web::post().to(set_password)));
}

/// Ask for a password-reset link by email (valid an hour, single use).
/// The answer is the same whether or not the address has an account.
#[utoipa::path(
    post, path = "/api/v1/auth/password-reset", tag = "auth",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "If the address has an enabled account, a link is on its way", body = ResetAccepted),
        (status = 429, description = "Too many requests from this address or for this account", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn request_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let addr = client_addr(&req, &state);
    reset::request(&state, body.into_inner(), addr).await?;
    Ok(HttpResponse::Accepted().json(ResetAccepted::default()))
}

/// The answer to a reset request, the same for every address.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ResetAccepted {
    pub detail: String,
    pub detail_en: String,
}

impl Default for ResetAccepted {
    fn default() -> Self {
        let said = Msg::said("auth-reset-accepted");
        ResetAccepted {
            detail: said.id.into_owned(),
            detail_en: said.en.into_owned(),
        }
    }
}

/// What an emailed link (invitation or reset) opens, while it works.
#[utoipa::path(
    get, path = "/api/v1/auth/links/{token}", tag = "auth",
    params(("token" = String, Path, description = "The token from the emailed link")),
    responses(
        (status = 200, description = "The account the link opens", body = LinkView),
        (status = 404, description = "Unknown, used or expired link", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn read_link(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = links::inspect(&state, token.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Set the password through an emailed link: the link is spent, every
/// session of the account ends, and the answer is a token to go on with.
#[utoipa::path(
    post, path = "/api/v1/auth/links/{token}/password", tag = "auth",
    params(("token" = String, Path, description = "The token from the emailed link")),
    request_body = SetPasswordRequest,
    responses(
        (status = 200, description = "Password set; signed in", body = LoginResponse),
        (status = 404, description = "Unknown, used or expired link", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is too short or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_password(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: web::Json<SetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = links::set_password(&state, token.into_inner(), body.into_inner())
        .await?
        .bearer(&state)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(token))
}

/// Where sign-in attempts come from, as the throttle counts them.
pub fn client_addr(req: &HttpRequest, state: &AppState) -> String {
    throttle::client_network(req, state.settings.server.trust_forwarded_for)
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
    let addr = client_addr(&req, &state);
    let token = session::sign_in(&state, body.into_inner(), addr)
        .await?
        .bearer(&state)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(token))
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
    session::sign_out(&state, caller).await?;
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
    let user: UserView = session::me(&state, caller).await?;
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
    let addr = client_addr(&req, &state);
    let token: LoginResponse = session::change_password(&state, caller, body.into_inner(), addr)
        .await?
        .bearer(&state)?;
    Ok(HttpResponse::Ok().json(token))
}
